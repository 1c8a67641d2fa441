"""OCR engines behind one interface; the only package that talks to Tesseract."""
