import os

import pytest

from support import REALDOCS

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture
def realdocs():
    if not REALDOCS.is_dir():
        pytest.skip("../shared/realdocs is not here")
    return REALDOCS
