"""What a registry is on every engine: a scanned file registered with its pages and letters
in one transaction, its letters' parts and links, and the lookups the commands make.

:class:`.store.Registry` (an SQLite file, the default) and :class:`.postgres.PgRegistry` (a
PostgreSQL server) are this class with their engine's own opening, transactions, kept scans
and checks. The SQL here is read the same by both engines (see postgres.Connection).
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from . import corrections, rows as letter_rows, migrations
from .health import PART_TABLES
from ..links import link
from ..errors import DuplicateFileError, NotFoundError
from ..thai.keys import doc_no_key
from ..page import PageText
from .query import date_range


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class RegistryBase:
    """The engine-neutral registry. A subclass opens ``conn`` (``execute``, ``executemany``
    with ``?`` placeholders) and gives ``_begin()`` (a write transaction begun, its lock taken),
    ``close()``, ``_store_original``, ``original_path``, ``error_of``, ``kind``, ``text_index``
    and ``errors``."""

    _deferred: list[str] | None = None   # files waiting to be linked inside bulk()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self):
        """One write transaction (begun by the engine's ``_begin``, which takes its write lock);
        inside another one, that one."""
        if self.conn.in_transaction:
            yield self
            return
        self._begin()
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

    def q(self, sql: str, params=()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    # -- files ---------------------------------------------------------------------
    def has_file(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM files WHERE sha256 = ?", (sha256,)).fetchone() is not None

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
                    (sha, name, ext, file_info.get("size"), file_info.get("pages", len(pages)), rel, now()))
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
        """On a server the scan goes in with its file's rows; a file registry keeps it in files_dir."""

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
        row.update({"file_sha256": sha, "seq": seq, "updated_at": now(),
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
        row["updated_at"] = now()
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
        # undated first, as SQLite sorts NULL (PostgreSQL would put them last): said, for both
        sql += " ORDER BY file_sha256 IS NULL, date IS NOT NULL, date, id" + (f" LIMIT {int(limit)}" if limit else "")
        return [letter_rows.record_of(r) for r in self.q(sql, params)]

    def find_doc_no(self, text: str) -> list[dict]:
        """Letters whose number has the same normalized key as ``text``, newest first."""
        key = doc_no_key(text)
        if not key:
            return []
        rows = self.q("SELECT * FROM letters WHERE doc_no_key = ? ORDER BY date IS NULL, date DESC, id", (key,))
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
