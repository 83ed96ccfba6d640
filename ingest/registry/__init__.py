"""The registry: the SQLite store, its migrations, search, corrections and the book."""
