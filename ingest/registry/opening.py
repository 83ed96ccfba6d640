"""Opening a registry file: where one may be made, what it must start with, files only
their owner reads, the switch to WAL, and what an SQLite error means to whoever ran the
command.
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from . import health as registry_health
from ..errors import DiskFullError, MissingDependencyError, RegistryError

SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_NEEDED = (3, 35)   # the registry's SQL uses RETURNING and ON CONFLICT upserts


def check_sqlite(version: tuple = sqlite3.sqlite_version_info) -> None:
    if tuple(version[:2]) < SQLITE_NEEDED:
        raise MissingDependencyError(
            f"This Python's SQLite is {'.'.join(map(str, version))}; the registry needs "
            f"{'.'.join(map(str, SQLITE_NEEDED))} or newer.",
            hint="Use a Python built with a newer SQLite (Debian 12's python3 has 3.40).")


def create_private(path: Path, flags: int | None, mode: int) -> None:
    """Create a file (``flags``) or folder (None) with exactly ``mode``, whatever the umask;
    one that exists already (another process was first) is left as it is."""
    try:
        if flags is None:
            path.mkdir(mode=mode)
        else:
            os.close(os.open(path, flags, mode))
    except FileExistsError:
        return
    os.chmod(path, mode)


def check_place(path: Path, create: bool) -> None:
    check_sqlite()
    if path.exists():
        return
    if not create:
        raise RegistryError(f"There is no registry at {path}; nothing was created.",
                            hint="Check --db or $SARABAN_DB; a registry is made by the first "
                                 "`saraban ingest` into it.")
    if not path.parent.is_dir():
        raise RegistryError(f"The folder {path.parent} does not exist, so no registry can be "
                            f"made there.", hint="Create the folder, or give --db a file in a folder that exists.")


def check_header(path: Path) -> None:
    if path.is_dir():
        raise RegistryError(f"{path} is a folder, not a registry file.",
                            hint="Pass a file name with --db or $SARABAN_DB.")
    if not path.exists():
        return
    st = path.stat()
    if st.st_size == 0:
        raise registry_health.empty_error(path)
    with _HEADERS_LOCK:
        # Read once a process: closing a file of our own over the registry would drop the locks
        # SQLite holds on it for this process's open connections (POSIX locks belong to the
        # process, not the file descriptor), and another process could then take the file from
        # under them: a journal switched away from WAL, "disk I/O error".
        if (st.st_dev, st.st_ino) in _HEADERS_READ:
            return
        with open(path, "rb") as f:
            if f.read(16) != SQLITE_MAGIC:
                raise RegistryError(f"{path} is not a Saraban registry (not an SQLite file).",
                                    hint="Check --db / $SARABAN_DB; a new registry is created "
                                         "when the file does not exist.")
        _HEADERS_READ.add((st.st_dev, st.st_ino))


_HEADERS_READ: set[tuple[int, int]] = set()   # (device, inode) of registry files this process has checked
_HEADERS_LOCK = threading.Lock()


def use_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch the file to WAL once. The switch needs the file to itself and SQLite
    does not wait on the busy timeout for it, so two ingests opening a new registry
    at the same moment would fail; WAL is a property of the file, so read it first
    and retry the switch while another program holds the file."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def registry_error(path: Path, e: sqlite3.Error | UnicodeDecodeError) -> RegistryError:
    text = str(e)
    if "disk is full" in text:
        return DiskFullError(f"The disk holding the registry {path} is full ({text}).",
                             hint="Free some space on that disk and run again; the letters registered "
                                  "before are kept, the write that failed was undone.")
    if "unable to open" in text or "readonly" in text:
        return RegistryError(f"The registry {path} cannot be opened ({text}).",
                             hint="Check that this user may read and write the file and its folder.")
    if registry_health.is_damage(e):
        return registry_health.damaged_error(path, e)
    if "locked" in text or "busy" in text:
        return RegistryError(f"The registry {path} is locked by another program ({text}).",
                             hint="Wait for the other ingest to finish and run again.")
    return RegistryError(f"The registry {path} cannot be used: {text}.",
                         hint="It may be corrupt: restore it from a backup, or start a new "
                              "one with another --db and ingest the scans again.")
