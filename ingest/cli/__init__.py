"""The ``saraban`` command line: one entry, thin over the library."""
