"""The registry: one SQLite file (built with sqlite-utils) and the scans kept beside it.

Letters are stored one transaction per file, so a crash leaves no half-registered
letter. The original scan is written to ``<db stem>.files/ab/<sha256><ext>`` before the
transaction commits (temp name, then rename): a crash leaves at most an orphan file,
never a row pointing to nothing. WAL mode and a busy timeout let two ingests write to
the same registry at once.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from . import corrections, rows as letter_rows, migrations, health as registry_health, opening
from ..links import link
from ..errors import DuplicateFileError, NotFoundError, RegistryError, SarabanError
from ..thai.keys import doc_no_key
from ..page import PageText
from .query import date_range
from ..settings import db_path, is_server
from . import fulltext
from .book import export_records

PART_TABLES = registry_health.PART_TABLES


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Registry:
    """A registry file. ``Registry(path)`` creates or migrates it; ``create=False`` (what a
    command that only reads wants) refuses a file that is not there.

    ``check=True`` (the commands that write: ingest, watch, edit) also runs SQLite's quick
    check, so a damaged file is refused before anything is written into it, and removes
    the temporary files a stopped run left among the originals."""

    kind = "sqlite"
    text_index = fulltext           # the full-text back end (PgRegistry: fulltext_pg)
    errors = (sqlite3.Error,)       # what the engine raises when a statement fails

    def __new__(cls, path, **options):
        if cls is Registry and is_server(path):   # --db postgresql://…: the same registry on a server
            from .postgres import PgRegistry
            return super().__new__(PgRegistry)
        return super().__new__(cls)

    def __init__(self, path: str | os.PathLike, *, timeout: float = 60.0, check: bool = False,
                 create: bool = True, _in_place: bool = False):
        self.path = Path(path)
        self.files_dir = self.path.with_name(self.path.stem + ".files")
        self._deferred: list[str] | None = None  # files waiting to be linked inside bulk()
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

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

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

    @contextmanager
    def transaction(self):
        """One write transaction (BEGIN IMMEDIATE takes the write lock up front,
        so two writers queue on the busy timeout instead of deadlocking)."""
        if self.conn.in_transaction:
            yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise opening.registry_error(self.path, e) from e
        try:
            yield self
        except BaseException:
            self.conn.rollback()
            raise
        else:
            self.conn.commit()

    @contextmanager
    def bulk(self):
        """Many ``add_file`` calls in one transaction, linked once at the end (each number
        and subject resolved once, not once per file): an import of a whole archive, the
        bench. The links are the same as after one file at a time."""
        if self._deferred is not None:
            yield self
            return
        self._deferred = []
        try:
            with self.transaction():
                yield self
                link.relink_files(self, self._deferred)
        finally:
            self._deferred = None

    def q(self, sql: str, params=()) -> list[sqlite3.Row]:
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    # -- files ---------------------------------------------------------------------
    def has_file(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM files WHERE sha256 = ?", (sha256,)).fetchone() is not None

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

    def add_file(self, file_info: dict, records: list[dict], pages: list[PageText],
                 original: Path | None = None, force: bool = False) -> list[int]:
        """Register one scanned file and its letters; returns the new letter ids."""
        sha = file_info["sha256"]
        name = file_info.get("name") or (Path(original).name if original else sha)
        ext = Path(name).suffix.lower() or (Path(original).suffix.lower() if original else "")
        rel, created = (self._store_original(Path(original), sha, ext) if original else (None, False))
        try:
            kept = []
            with self.transaction():
                if self.has_file(sha):
                    if not force:
                        raise DuplicateFileError(
                            f"{name} is already registered (sha256 {sha[:12]}…): skipped.",
                            hint="Use --force to read it again and replace its letters.")
                    kept = corrections.carried(self, sha)
                    self._remove_file_letters(sha)
                self.conn.execute(
                    "INSERT INTO files (sha256, name, ext, size, pages, original, added_at) VALUES (?,?,?,?,?,?,?) "
                    "ON CONFLICT (sha256) DO UPDATE SET name = excluded.name, ext = excluded.ext, "
                    "size = excluded.size, pages = excluded.pages, original = excluded.original, "
                    "added_at = excluded.added_at",
                    (sha, name, ext, file_info.get("size"), file_info.get("pages", len(pages)), rel, _now()))
                self._keep_original(original, sha)
                self._insert_pages(sha, pages)
                texts = {p.number: p.text for p in pages}
                ids = [self._insert_letter(sha, seq, rec, texts) for seq, rec in enumerate(records)]
                if kept:  # corrections people made to the letters read before
                    corrections.reapply(self, kept, ids)
                if self._deferred is not None:
                    self._deferred.append(sha)
                else:
                    link.relink_file(self, sha)
        except DuplicateFileError:
            raise
        except self.errors as e:
            if created:
                (self.files_dir / rel).unlink(missing_ok=True)
            raise self.error_of(e) from e
        except BaseException:
            if created:
                (self.files_dir / rel).unlink(missing_ok=True)
            raise
        return ids

    def _keep_original(self, original: Path | None, sha256: str) -> None:
        """On a server the scan goes in with its file's rows; this one keeps it in files_dir."""

    def error_of(self, e: BaseException) -> SarabanError:
        return opening.registry_error(self.path, e)

    def _insert_pages(self, sha: str, pages: list[PageText]) -> None:
        self.conn.executemany(
            "INSERT INTO pages (file_sha256, number, width, height, engine, source, data) VALUES (?,?,?,?,?,?,?) "
            "ON CONFLICT (file_sha256, number) DO UPDATE SET width = excluded.width, height = excluded.height, "
            "engine = excluded.engine, source = excluded.source, data = excluded.data",
            [(sha, p.number, p.width, p.height, p.engine, p.source,
              migrations.encode_page(migrations.page_dict(p))) for p in pages])

    def _insert_letter(self, sha: str, seq: int, rec: dict, texts: dict[int, str]) -> int:
        rec.setdefault("source", {})
        rec["source"] = {"file": rec["source"].get("file"), "sha256": sha,
                         "pages": list(rec["source"].get("pages") or [])}
        row = letter_rows.letter_row(rec)
        body = "\n".join(texts.get(n, "") for n in rec["source"]["pages"])
        row.update({"file_sha256": sha, "seq": seq, "updated_at": _now(),
                    "cited_issuer": link.issuer_cited(rec, body)})
        cols = ", ".join(f'"{c}"' for c in row)
        letter_id = self.conn.execute(f"INSERT INTO letters ({cols}) VALUES ({','.join('?' * len(row))}) "
                                      "RETURNING id", list(row.values())).fetchone()[0]
        rec["id"] = letter_id
        letter_rows.write_parts(self.conn, letter_id, rec, body)
        return letter_id

    def update_letter(self, rec: dict) -> None:
        """Write back a changed record (corrections); the caller holds the transaction."""
        row = letter_rows.letter_row(rec)
        row["updated_at"] = _now()
        sets = ", ".join(f'"{c}" = ?' for c in row)
        self.conn.execute(f"UPDATE letters SET {sets} WHERE id = ?", (*row.values(), rec["id"]))
        letter_rows.write_parts(self.conn, rec["id"], rec, None)

    def _remove_file_letters(self, sha: str) -> None:
        ids = [r[0] for r in self.conn.execute("SELECT id FROM letters WHERE file_sha256 = ?", (sha,))]
        if ids:
            link.detach(self, ids)
            marks = ",".join("?" * len(ids))
            for table in PART_TABLES + ("letter_text",):
                self.conn.execute(f'DELETE FROM "{table}" WHERE letter_id IN ({marks})', ids)
            self.conn.execute(f"DELETE FROM letters WHERE id IN ({marks})", ids)
        self.conn.execute("DELETE FROM pages WHERE file_sha256 = ?", (sha,))

    # -- reading -------------------------------------------------------------------
    def letter(self, letter_id: int) -> dict:
        rows = self.q("SELECT * FROM letters WHERE id = ?", (letter_id,))
        if not rows:
            raise NotFoundError(f"No letter with id {letter_id} in {self.path}.",
                                hint="Find it with `saraban search`.")
        rec = letter_rows.record_of(rows[0])
        rec["links"] = link.links_of(self, letter_id)
        return rec

    def letters(self, *, kind=None, issuer=None, urgency=None, date_from=None, date_to=None,
                file_sha256=None, ids=None, limit=None) -> list[dict]:
        where, params = [], []
        for col, val in (("kind", kind), ("urgency", urgency), ("file_sha256", file_sha256)):
            if val:
                where.append(f"{col} = ?")
                params.append(val)
        if issuer:
            where.append("(issuer LIKE ? OR issuer_code = ?)")
            params += [f"%{issuer}%", issuer]
        dates, values = date_range("date", date_from, date_to)
        where += dates
        params += values
        if ids is not None:
            where.append(f"id IN ({','.join('?' * len(ids))})")
            params += list(ids)
        sql = "SELECT * FROM letters" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY file_sha256 IS NULL, date, id" + (f" LIMIT {int(limit)}" if limit else "")
        return [letter_rows.record_of(r) for r in self.q(sql, params)]

    def find_doc_no(self, text: str) -> list[dict]:
        """Letters whose number has the same normalized key as ``text``, newest first."""
        key = doc_no_key(text)
        if not key:
            return []
        rows = self.q("SELECT * FROM letters WHERE doc_no_key = ? ORDER BY date DESC, id", (key,))
        return [letter_rows.record_of(r) for r in rows]

    def resolve(self, ref: int | str) -> int:
        """A letter id from an id or a reference number; NotFoundError when none."""
        if isinstance(ref, int) or str(ref).strip().lstrip("#").isdigit():
            letter_id = int(str(ref).strip().lstrip("#"))
            if self.conn.execute("SELECT 1 FROM letters WHERE id=?", (letter_id,)).fetchone():
                return letter_id
        else:
            found = self.find_doc_no(str(ref))
            if found:
                return found[0]["id"]
        raise NotFoundError(f"No letter numbered {ref!s} in {self.path}.",
                            hint="Check the number, or search for it: saraban search '<words>'.")

    def page(self, sha256: str, number: int) -> PageText:
        row = self.conn.execute("SELECT data FROM pages WHERE file_sha256 = ? AND number = ?",
                                (sha256, number)).fetchone()
        if not row:
            raise NotFoundError(f"No page {number} of file {sha256[:12]}… in {self.path}.")
        return PageText.from_dict(migrations.decode_page(row[0]))

    def integrity_check(self, *, hashes: bool = False) -> list[str]:
        """Everything wrong with the file, its originals and leftover temporary files; an
        empty list means it is sound. ``hashes`` also compares each original's sha256."""
        return registry_health.all_problems(self.conn, self.files_dir, hashes=hashes)


def export(registry: Registry, fmt: str = "json", out=None) -> str | None:
    """Every letter as contract records, JSON or CSV (see register_book.export_records)."""
    return export_records(registry, fmt, out)
