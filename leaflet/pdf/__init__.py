"""Stage 3: finishing the drawn PDFs (imposition, print-shop marks, packing, PDF/A) and previews."""
