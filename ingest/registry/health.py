"""The registry's health: SQLite's own checks, the full-text index, the rows that belong
together, the kept originals, and the temporary files a stopped run leaves behind.

``Registry.integrity_check`` and ``saraban doctor --db`` both read from here. The
functions take an open connection and the originals folder, so the doctor can look at a
file it opens read-only, without migrating it.
"""
from __future__ import annotations

import os
import socket
import sqlite3
import time
from pathlib import Path

from ..errors import DamagedRegistryError, RegistryError
from ..load import sha256_of

TEMP_PREFIX = ".tmp-"
# A copy in progress writes every few milliseconds: a temporary file unchanged this long
# belongs to a run that stopped, even one on another computer sharing the folder.
STALE_TEMP_SECONDS = 600
PART_TABLES = ("references", "recipients", "directives", "receipts", "attachments")
DAMAGE_WORDS = ("malformed", "not a database", "corrupt", "disk image")


# -- damaged files -------------------------------------------------------------------
def is_damage(error: BaseException) -> bool:
    """An error that says the file itself is damaged (not locked, not missing)."""
    return isinstance(error, UnicodeDecodeError) or any(w in str(error) for w in DAMAGE_WORDS)


def damage_cause(error: BaseException) -> str:
    return "its schema cannot be read" if isinstance(error, UnicodeDecodeError) else str(error)


def damaged_error(path: Path | None, error: BaseException) -> DamagedRegistryError:
    """``path`` None: a command that does not know which file it read (FILE in the hint)."""
    cause = damage_cause(error)
    files = Path(path).with_name(Path(path).stem + ".files") if path else "FILE.files"
    return DamagedRegistryError(
        f"The registry {path or '(--db)'} is damaged ({cause}); nothing was changed.",
        hint=f"Run `saraban doctor --db {path or 'FILE'}` to see what is wrong. Then restore the file from a "
             f"backup, or build a new registry from the kept scans: "
             f"saraban ingest {files} --db NEW.db (hand corrections are not in the scans).")


def empty_error(path: Path) -> RegistryError:
    return RegistryError(
        f"The registry {path} is an empty file (0 bytes): it is not a registry, and it is not "
        f"used as a new one.",
        hint="If it was your registry, restore it from a backup (its scans are kept in "
             f"{Path(path).stem}.files/ beside it). To start a new registry, delete the empty file "
             "or pass another --db.")


# -- leftover temporary files --------------------------------------------------------
def temp_prefix() -> str:
    """The name every temporary file of this process starts with: host and process id, so
    a later run can tell a dead writer's file from a live one."""
    return f"{TEMP_PREFIX}{socket.gethostname()}-{os.getpid()}-"


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (a zombie, dead but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _is_leftover(entry: os.DirEntry, now: float) -> bool:
    try:
        if now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS:
            return True
    except FileNotFoundError:   # renamed into place meanwhile
        return False
    parts = entry.name[len(TEMP_PREFIX):].rsplit("-", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return False            # an older name without its writer: only age tells
    host, pid = parts[0], int(parts[1])
    return host == socket.gethostname() and not process_alive(pid)


def leftover_temps(files_dir: Path) -> list[Path]:
    """Temporary files of runs that are certainly dead or long quiet: never the file a
    running ingest is copying now."""
    found, now = [], time.time()
    if not files_dir.is_dir():
        return found
    for sub in os.scandir(files_dir):
        if not sub.is_dir(follow_symlinks=False):
            continue
        for entry in os.scandir(sub.path):
            if entry.name.startswith(TEMP_PREFIX) and _is_leftover(entry, now):
                found.append(Path(entry.path))
    return found


def remove_leftover_temps(files_dir: Path) -> int:
    removed = 0
    for path in leftover_temps(files_dir):
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


# -- checks ----------------------------------------------------------------------------
def sqlite_problems(conn: sqlite3.Connection, quick: bool = False) -> list[str]:
    pragma = "quick_check" if quick else "integrity_check"
    return [r[0] for r in conn.execute(f"PRAGMA {pragma}") if r[0] != "ok"]


def row_problems(conn: sqlite3.Connection) -> list[str]:
    problems = [f"foreign key: {r[0]} row {r[1]} points to missing {r[2]}"
                for r in conn.execute("PRAGMA foreign_key_check")]
    orphan_sql = {
        "letter without its file": "SELECT id FROM letters WHERE file_sha256 NOT IN (SELECT sha256 FROM files)",
        "page without its file": "SELECT number FROM pages WHERE file_sha256 NOT IN (SELECT sha256 FROM files)",
        "letter without search text": "SELECT id FROM letters WHERE id NOT IN (SELECT letter_id FROM letter_text)",
        "link to a missing letter": "SELECT id FROM links WHERE child_id NOT IN (SELECT id FROM letters) "
                                    "OR (parent_id IS NOT NULL AND parent_id NOT IN (SELECT id FROM letters))",
    }
    for table in PART_TABLES + ("letter_text",):
        orphan_sql[f"{table} row without its letter"] = (
            f'SELECT letter_id FROM "{table}" WHERE letter_id NOT IN (SELECT id FROM letters)')
    for what, sql in orphan_sql.items():
        n = len(conn.execute(sql).fetchall())
        if n:
            problems.append(f"{n} {what}")
    return problems


def fts_problems(conn: sqlite3.Connection) -> list[str]:
    try:
        conn.execute("INSERT INTO letter_text_fts(letter_text_fts) VALUES('integrity-check')")
    except sqlite3.DatabaseError as e:
        return [f"full-text index: {e}"]
    return []


def original_problems(conn: sqlite3.Connection, files_dir: Path, *, hashes: bool = False) -> list[str]:
    """Registered files whose kept original is missing (or, with ``hashes``, has other bytes)."""
    rows = conn.execute("SELECT sha256, original FROM files WHERE original IS NOT NULL").fetchall()
    if rows and not files_dir.is_dir():
        return [f"the originals folder {files_dir} is missing: {len(rows)} registered scan(s) have no original"]
    problems = []
    for sha, rel in rows:
        path = files_dir / rel
        if not path.is_file():
            problems.append(f"original scan of {sha[:12]}… missing from {files_dir}")
        elif hashes and sha256_of(path) != sha:
            problems.append(f"original scan {path} has other bytes than were registered (sha256 {sha[:12]}…)")
    return problems


def temp_problems(files_dir: Path) -> list[str]:
    n = len(leftover_temps(files_dir))
    return [f"{n} leftover temporary file(s) in {files_dir} from a run that was stopped "
            "(the next ingest removes them)"] if n else []


def all_problems(conn: sqlite3.Connection, files_dir: Path, *, hashes: bool = False) -> list[str]:
    return (sqlite_problems(conn) + row_problems(conn) + original_problems(conn, files_dir, hashes=hashes)
            + fts_problems(conn) + temp_problems(files_dir))


def open_notices(conn: sqlite3.Connection, db_path: Path, files_dir: Path) -> list[str]:
    """What a person should hear about when opening a registry that still works."""
    if files_dir.is_dir():
        return []
    if conn.execute("SELECT 1 FROM files WHERE original IS NOT NULL LIMIT 1").fetchone() is None:
        return []
    return [f"the originals folder {files_dir} is missing, so the registered scans cannot be shown "
            f"or read again: restore it from a backup (saraban doctor --db {db_path} "
            "lists what is missing)"]
