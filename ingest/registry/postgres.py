"""The registry on a PostgreSQL server (``--db postgresql://…`` or ``$SARABAN_DB``): the offices
and machines of a province on one registry.

:class:`PgRegistry` is the registry of :mod:`.core` with PostgreSQL's own opening,
transactions, kept scans and checks, as :class:`.store.Registry` is with SQLite's; everything else (registering a file, its letters and their parts,
corrections, links and chains, lookups) is the same code and the same SQL. That SQL keeps to
what both engines read; :class:`Connection` gives it psycopg's placeholders, and the schema
(:mod:`.pg_schema`) defines the SQLite functions it uses. What is PostgreSQL's own:
- the schema, made whole at the latest version;
- writes: one at a time (a transaction-scoped advisory lock), as SQLite's write lock has them,
  so a file two machines send at once is registered once and the links each write makes see
  every letter committed before it;
- the kept scans, in the ``originals`` table, so every machine can show and read them again;
- the text index (:mod:`.fulltext_pg`) and what an error means to whoever ran the command.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.pq import TransactionStatus

from . import fulltext_pg, health, migrations, opening, pg_schema
from .core import RegistryBase
from .. import settings
from ..errors import RegistryError

# the key of the advisory lock every writing transaction takes (any number: this one is
# the first eight bytes of sha256("saraban registry writes"))
WRITE_LOCK = int.from_bytes(hashlib.sha256(b"saraban registry writes").digest()[:8], "big", signed=True)


@functools.lru_cache(maxsize=4096)
def to_psycopg(sql: str) -> str:
    """The registry's SQL (``?`` placeholders) as psycopg reads it (``%s``; a literal ``%``
    doubled). The registry's SQL has no ``?`` inside quoted text. ``IN ()`` (an empty list of
    ids, which SQLite reads as matching nothing) becomes ``IN (NULL)``, which matches nothing
    here too; the registry writes no ``NOT IN`` of a list that may be empty."""
    return _EMPTY_LIST.sub("IN (NULL)", sql.replace("%", "%%").replace("?", "%s"))


_EMPTY_LIST = re.compile(r"\bIN \(\)")


class Connection:
    """The part of ``sqlite3.Connection`` the registry uses, over a psycopg connection in
    autocommit (a transaction is begun explicitly, as on SQLite)."""

    def __init__(self, raw: psycopg.Connection):
        self.raw = raw

    def execute(self, sql: str, params=()):
        return self.raw.execute(to_psycopg(sql), tuple(params))

    def executemany(self, sql: str, rows):
        with self.raw.cursor() as cur:
            cur.executemany(to_psycopg(sql), [tuple(r) for r in rows])
        return cur

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def commit(self) -> None:
        self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()


def shown(url: str) -> str:
    """The server's address without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        host = parts.netloc.rpartition("@")[2]
        parts = parts._replace(netloc=f"{parts.username}:***@{host}")
    return urlunsplit(parts)


def server_error(url: str, e: psycopg.Error) -> RegistryError:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    if isinstance(e, psycopg.errors.LockNotAvailable):
        return RegistryError(f"The registry {shown(url)} is busy: another program has been writing to it "
                             f"too long ({text}); nothing was changed.",
                             hint="Run the command again when the other import has finished.")
    if isinstance(e, psycopg.OperationalError):
        return RegistryError(f"The registry server {shown(url)} cannot be reached ({text}).",
                             hint="Check that PostgreSQL runs there, and the address, user and password "
                                  "in --db or $SARABAN_DB.")
    return RegistryError(f"The registry {shown(url)} refused a change ({text}); it was undone.",
                         hint="Run the command again; if it fails again, `saraban doctor --db URL` checks the registry.")


class PgRegistry(RegistryBase):
    """A registry on a PostgreSQL server. ``create=False`` refuses a database without one."""

    kind = "postgresql"
    text_index = fulltext_pg
    errors = (psycopg.Error,)

    def __init__(self, url: str, *, timeout: float = 60.0, check: bool = False, create: bool = True,
                 _in_place: bool = False):
        self.url = self.place = str(url)
        self.path = shown(self.url)    # in messages: the address without its password
        self.files_dir = settings.files_folder(self.url)   # this machine's copies of the scans it has shown
        try:
            raw = psycopg.connect(self.url, autocommit=True, connect_timeout=max(1, int(timeout)))
        except psycopg.Error as e:
            raise server_error(self.url, e) from e
        self.conn = Connection(raw)
        try:
            raw.execute(f"SET lock_timeout = {int(timeout * 1000)}")
            self._prepare(create)
        except psycopg.Error as e:
            self.close()
            raise server_error(self.url, e) from e
        except BaseException:
            self.close()
            raise

    def _prepare(self, create: bool) -> None:
        if not self._has_schema():
            if not create:
                raise RegistryError(f"There is no registry in {shown(self.url)}; nothing was created.",
                                    hint="A registry is made there by the first `saraban ingest --db URL`.")
            self._under_lock(self._make_schema)
        version = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        if version != migrations.LATEST:
            raise RegistryError(
                f"The registry {shown(self.url)} has schema {version}; this Saraban knows {migrations.LATEST}.",
                hint="Use the Saraban that made it; a server registry is not migrated in place yet.")
        if self._step() < pg_schema.LAST_STEP:
            self._under_lock(self._take_steps)

    def _has_schema(self) -> bool:
        return self.has_table("schema_version")

    def _step(self) -> int:
        if not self.has_table("server_schema"):
            return 0
        return self.conn.execute("SELECT coalesce(max(step), 0) FROM server_schema").fetchone()[0]

    def _under_lock(self, change) -> None:
        """``change`` in one transaction, made once however many machines start at once. The
        lock is taken before the transaction begins: a transaction that began before another
        machine changed the schema would not see the change (its catalog is read at its start)."""
        self.conn.execute("SELECT pg_advisory_lock(?)", (WRITE_LOCK,))
        try:
            with self.transaction():
                change()
        finally:
            self.conn.execute("SELECT pg_advisory_unlock(?)", (WRITE_LOCK,))

    def _make_schema(self) -> None:
        if self._has_schema():
            return                      # another machine made them meanwhile
        if self.conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()[0]:
            raise RegistryError(f"{shown(self.url)} holds other tables and no Saraban registry; "
                                "nothing was changed.", hint="Give Saraban a database of its own (createdb saraban).")
        self.conn.raw.execute(pg_schema.FUNCTIONS + pg_schema.TABLES)
        self.conn.executemany("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, now())",
                              [(v, name) for v, name, _ in migrations.MIGRATIONS])
        self._record_steps(pg_schema.STEPS)

    def _take_steps(self) -> None:
        """The server's own changes the registry lacks (see pg_schema.STEPS). Meanwhile searches go
        on; writes wait their turn (busy after the lock timeout: a rebuilt index takes some 17
        minutes on a million letters)."""
        self.conn.raw.execute(pg_schema.STEPS_TABLE)
        done = self._step()
        for step in pg_schema.STEPS:
            if step[0] > done:
                self.conn.raw.execute(step[2])
                self._record_steps([step])

    def _record_steps(self, steps) -> None:
        self.conn.executemany("INSERT INTO server_schema (step, name, applied_at) VALUES (?, ?, now())",
                              [(step, name) for step, name, _ in steps])

    def _begin(self) -> None:
        """Writers across every machine take their turn on the registry's advisory lock."""
        try:
            self.conn.execute("BEGIN")
            self.conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
        except psycopg.Error as e:
            self.conn.rollback()
            raise server_error(self.url, e) from e

    def has_table(self, name: str) -> bool:
        return self.conn.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0]

    def notices(self) -> list[str]:
        return []

    def error_of(self, e: BaseException) -> RegistryError:
        return server_error(self.url, e)

    # -- the kept scans ------------------------------------------------------------
    def _store_original(self, original: Path, sha256: str, ext: str) -> tuple[str, bool]:
        return f"{sha256[:2]}/{sha256}{ext}", False    # kept by _keep_original, in the file's transaction

    def _keep_original(self, original: Path | None, sha256: str) -> None:
        if original is not None:
            self.conn.execute("INSERT INTO originals (sha256, data) VALUES (?, ?) ON CONFLICT (sha256) "
                              "DO UPDATE SET data = excluded.data", (sha256, Path(original).read_bytes()))

    def original_path(self, sha256: str) -> Path | None:
        """The kept scan as a file of this machine's cache (written on first use)."""
        row = self.conn.execute("SELECT f.original FROM files f JOIN originals o ON o.sha256 = f.sha256 "
                                "WHERE f.sha256 = ?", (sha256,)).fetchone()
        if not row or not row[0]:
            return None
        path = self.files_dir / row[0]
        if not path.is_file():
            data = self.conn.execute("SELECT data FROM originals WHERE sha256 = ?", (sha256,)).fetchone()[0]
            for folder in (self.files_dir, path.parent):   # both owner-only, as a file registry's
                opening.create_private(folder, None, 0o700)
            fd, tmp = tempfile.mkstemp(prefix=health.temp_prefix(), dir=path.parent)   # one per thread
            with os.fdopen(fd, "wb") as out:
                out.write(bytes(data))
            os.replace(tmp, path)
        return path

    def integrity_check(self, *, hashes: bool = False) -> list[str]:
        problems = [f"{n} {what}" for what, n in (
            ("letter without search text", self.conn.execute(
                "SELECT count(*) FROM letters WHERE id NOT IN (SELECT letter_id FROM letter_text)").fetchone()[0]),
            ("registered scan without its original", self.conn.execute(
                "SELECT count(*) FROM files WHERE original IS NOT NULL AND sha256 NOT IN "
                "(SELECT sha256 FROM originals)").fetchone()[0])) if n]
        if hashes:   # hashed on the server: the scans never travel for it
            for (sha,) in self.conn.execute("SELECT sha256 FROM originals WHERE encode(sha256(data), 'hex') <> sha256"):
                problems.append(f"original scan of {sha[:12]}… has other bytes than were registered")
        return problems


