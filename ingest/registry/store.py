"""The registry: one SQLite file (built with sqlite-utils) and the scans kept beside it.

Letters are stored one transaction per file, so a crash leaves no half-registered
letter. The original scan is written to ``<db stem>.files/ab/<sha256><ext>`` before the
transaction commits (temp name, then rename): a crash leaves at most an orphan file,
never a row pointing to nothing. WAL mode and a busy timeout let two ingests write to
the same registry at once. What a registry does on every engine is in :mod:`.core`;
``Registry("postgresql://…")`` gives the same registry on a server (:mod:`.postgres`).
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from sqlite_utils import Database

from . import fulltext, migrations, health as registry_health, opening
from .core import RegistryBase
from ..errors import RegistryError, SarabanError
from ..settings import db_path, is_server
from .book import export_records

PART_TABLES = registry_health.PART_TABLES


class Registry(RegistryBase):
    """A registry file. ``Registry(path)`` creates or migrates it; ``create=False`` (what a
    command that only reads wants) refuses a file that is not there. Given a server's
    address (``postgresql://…``) it is that server's registry (a :class:`.postgres.PgRegistry`).

    ``check=True`` (the commands that write: ingest, watch, edit) also runs SQLite's quick
    check, so a damaged file is refused before anything is written into it, and removes
    the temporary files a stopped run left among the originals."""

    kind = "sqlite"
    text_index = fulltext           # the full-text back end (PgRegistry: fulltext_pg)
    errors = (sqlite3.Error,)       # what the engine raises when a statement fails

    def __new__(cls, path, **options):
        if cls is Registry and is_server(path):   # --db postgresql://…: the same registry on a server
            try:
                from .postgres import PgRegistry
            except ImportError as e:
                raise RegistryError(f"A registry on a PostgreSQL server needs psycopg, which is not installed ({e}).",
                                    hint="Install it: pip install -e '.[postgresql]' (bash setup.sh does).") from e
            return PgRegistry(path, **options)   # not a Registry: Python runs no Registry.__init__ on it
        return super().__new__(cls)

    def __init__(self, path: str | os.PathLike, *, timeout: float = 60.0, check: bool = False,
                 create: bool = True, _in_place: bool = False):
        self.path = self.place = Path(path)    # place: what Registry() was given to open it
        self.files_dir = self.path.with_name(self.path.stem + ".files")
        opening.check_place(self.path, create)
        opening.check_header(self.path)
        if not self.path.exists():  # only its owner reads letters and scans (its -wal/-shm follow)
            try:
                if _in_place:
                    opening.create_private(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                else:
                    opening.create_private(self.files_dir, None, 0o700)
            except OSError:  # a folder missing or read-only: SQLite says so below, as before
                pass
            if not _in_place:
                self._create(timeout)
        self._connect(timeout)
        if check:
            self._check_sound()

    def _connect(self, timeout: float) -> None:
        try:
            conn = sqlite3.connect(str(self.path), timeout=timeout)
            self.db = Database(conn)
            self.conn = conn
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            opening.use_wal(conn, timeout)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except (sqlite3.DatabaseError, UnicodeDecodeError) as e:
            raise opening.registry_error(self.path, e) from e

    def _create(self, timeout: float) -> None:
        """Build a new registry under a temporary name and link it into place, so the path
        never holds a half-made file: a 0-byte file there is never ours, and is refused."""
        tmp = self.path.with_name(f"{registry_health.temp_prefix()}{self.path.name}")
        try:
            Registry(tmp, timeout=timeout, _in_place=True).close()
            try:
                os.link(tmp, self.path)
            except FileExistsError:
                pass            # another program made it first: use theirs
            except OSError:     # a filesystem without hard links
                if not self.path.exists():
                    os.replace(tmp, self.path)
        except SarabanError as e:   # the inner build names its temporary file: name the registry
            raise type(e)(e.message.replace(str(tmp), str(self.path)),
                          hint=e.hint and e.hint.replace(str(tmp), str(self.path))) from e
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                leftover.unlink(missing_ok=True)

    def _check_sound(self) -> None:
        try:
            problems = registry_health.sqlite_problems(self.conn, quick=True)
            registry_health.remove_leftover_temps(self.files_dir)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as e:
            self.close()
            raise opening.registry_error(self.path, e) from e
        if problems:
            self.close()
            raise registry_health.damaged_error(self.path, sqlite3.DatabaseError(problems[0]))

    def notices(self) -> list[str]:
        """Warnings about a registry that still works (its originals folder is gone)."""
        return registry_health.open_notices(self.conn, self.path, self.files_dir)

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> "Registry":
        return cls(db_path(path))

    def has_table(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                 (name,)).fetchone() is not None

    def _migrate(self) -> None:
        version = migrations.current_version(self.db)
        if version == migrations.LATEST:
            return
        with self.transaction():
            version = migrations.current_version(self.db)  # re-read under the write lock
            if version is None:
                raise RegistryError(f"{self.path} is an SQLite file but not a Saraban registry.",
                                    hint="Point --db at a Saraban registry or at a new file name.")
            if version > migrations.LATEST:
                raise RegistryError(
                    f"{self.path} was written by a newer Saraban (schema {version}; "
                    f"this one knows up to {migrations.LATEST}).",
                    hint="Upgrade Saraban to open it; the file has not been changed.")
            migrations.migrate(self.db, version)

    def _begin(self) -> None:
        """BEGIN IMMEDIATE takes the write lock up front, so two writers queue on the busy
        timeout instead of deadlocking."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise opening.registry_error(self.path, e) from e

    def original_path(self, sha256: str) -> Path | None:
        row = self.conn.execute("SELECT original FROM files WHERE sha256 = ?", (sha256,)).fetchone()
        return self.files_dir / row[0] if row and row[0] else None

    def _store_original(self, original: Path, sha256: str, ext: str) -> tuple[str, bool]:
        rel = f"{sha256[:2]}/{sha256}{ext}"
        target = self.files_dir / rel
        if target.exists():
            return rel, False
        for folder in (self.files_dir, target.parent):
            opening.create_private(folder, None, 0o700)
        fd, tmp = tempfile.mkstemp(prefix=registry_health.temp_prefix(), dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out, open(original, "rb") as src:
                shutil.copyfileobj(src, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return rel, True

    def error_of(self, e: BaseException) -> SarabanError:
        return opening.registry_error(self.path, e)

    def integrity_check(self, *, hashes: bool = False) -> list[str]:
        """Everything wrong with the file, its originals and leftover temporary files; an
        empty list means it is sound. ``hashes`` also compares each original's sha256."""
        return registry_health.all_problems(self.conn, self.files_dir, hashes=hashes)



def export(registry: Registry, fmt: str = "json", out=None) -> str | None:
    """Every letter as contract records, JSON or CSV (see register_book.export_records)."""
    return export_records(registry, fmt, out)
