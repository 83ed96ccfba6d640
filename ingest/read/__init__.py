"""Reading a page: Tesseract, the line model, and how their readings are combined."""
