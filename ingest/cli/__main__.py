"""``python -m ingest.cli``."""
from .main import main

main()
