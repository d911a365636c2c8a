"""Stage 1: load and validate content/ and layout/."""
