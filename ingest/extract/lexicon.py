"""The word lists moved to :mod:`ingest.thai.lexicon` (reading uses them too, and reading
does not import extraction); this name stays importable."""
from ingest.thai.lexicon import *  # noqa: F401,F403
