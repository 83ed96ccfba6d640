import os
import tempfile

import pytest

from support import REALDOCS

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# a server registry's files on this machine (web users, uploads, copies of scans): not in the checkout
os.environ.setdefault("SARABAN_SERVER_FILES", tempfile.mkdtemp(prefix="saraban-server-files-"))


@pytest.fixture
def realdocs():
    if not REALDOCS.is_dir():
        pytest.skip("../shared/realdocs is not here")
    return REALDOCS


@pytest.fixture(scope="session")
def pg_server():
    import pg_support

    if not pg_support.available():
        pytest.skip("PostgreSQL is not installed (bash setup.sh test installs it)")
    server = pg_support.Server()
    yield server
    server.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request):
    """The registry back end a test that takes it runs on: each such test runs on both, a file
    and a new database of a real PostgreSQL server."""
    return request.param


def _place_maker(backend, folder, request):
    def place(name: str = "registry.db"):
        if backend == "sqlite":
            return folder / name
        return request.getfixturevalue("pg_server").new_database()
    return place


@pytest.fixture
def places(backend, tmp_path, request):
    """``places(name)``: where a new registry is made on the test's back end."""
    return _place_maker(backend, tmp_path, request)


@pytest.fixture(scope="module")
def module_places(backend, tmp_path_factory, request):
    return _place_maker(backend, tmp_path_factory.mktemp("registries"), request)


@pytest.fixture
def tests_dir():
    from pathlib import Path

    return Path(__file__).parent
