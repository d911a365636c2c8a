"""Stage 3: content blocks → flowables, one module per component."""
