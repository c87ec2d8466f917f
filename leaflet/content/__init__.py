"""Stage 1: reading the content folder into the content model, and checking it."""
