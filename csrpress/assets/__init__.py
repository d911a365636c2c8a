"""Stage 2: resolve assets — fonts (subset, converted, cached) and images."""
