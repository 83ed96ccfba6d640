"""The web workspace (``saraban serve``): intake, review, search, letter, chain, register.

Pages parse input and present output; everything else is the library's. Flask and the
templates load only when the workspace is used, so ``import ingest`` stays cheap.
"""
