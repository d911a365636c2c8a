"""Stage 5: the written PDF — metadata, preflight checks, manifest."""
