"""A real PostgreSQL server for the registry's tests, from Debian's packages (``setup.sh test``
installs them): a new cluster in a temporary folder, on a Unix socket only, started as the
``postgres`` user when the tests run as root (PostgreSQL refuses root), stopped at the end.
Each test gets a new empty database of it.
"""
from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), None)


def available() -> bool:
    return BIN is not None and Path(BIN, "initdb").exists()


def _as_owner(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class Server:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="saraban-pg-"))
        self.data = self.folder / "data"
        self.names = itertools.count()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run([f"{BIN}/initdb", "-D", str(self.data), "-E", "UTF8", "--locale=C.UTF-8", "--auth=trust",
                   "-U", "postgres"])
        options = (f"-k {self.folder} -c listen_addresses= -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=200")
        self._run([f"{BIN}/pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
                   "-w", "start"])

    def _run(self, argv: list[str]) -> None:
        done = subprocess.run(_as_owner(argv), capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{argv[0]} failed: {done.stdout[-800:]}{done.stderr[-800:]}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}"

    def new_database(self) -> str:
        """The address of a new, empty database."""
        import psycopg

        name = f"t{next(self.names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run([f"{BIN}/pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
