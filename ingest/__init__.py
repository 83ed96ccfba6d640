"""Saraban: scanned Thai government letters into a searchable registry.

Importing the package is cheap: heavy resources (Tesseract, models, PyThaiNLP
dictionaries) load on first use.
"""
__version__ = "0.1.0"
