"""Keeping the text index quick to search as the registry grows.

SQLite's FTS5 writes each transaction's letters as a new segment of the index and merges
segments four at a time, so a registry registered file by file holds some twenty of them,
and a phrase is looked up in every one. On 100,000 letters the newest matches of a phrase
found in most letters took 8.9 ms in twenty segments and 0.8 ms in one.

``tidy`` merges them a step at a time, each step its own write transaction with a pause
after it, so that other writers (an ingest, a sign-in, a clerk's correction) get their turn:

- after a batch (``after_batch``), for at most ``BATCH_SECONDS``, the segments of each size
  merged with their like (FTS5's own levels), a merge begun before carried on: the index
  stays at a few segments, and the big ones are not written again for each batch;
- ``saraban tidy`` (``seconds=None``): everything into one segment (about 40 s on 100,000
  letters), a task for the night.
"""
from __future__ import annotations

import sqlite3
import time

from ..errors import DamagedRegistryError, DiskFullError, RegistryError

INDEX = "letter_text_fts"
MERGE_PAGES = 2000     # index pages written per step (~0.6 s, 0.15 s of it CPU, on 100,000 letters)
FRAGMENTED = 4         # more segments than this and a batch merges them
BATCH_SECONDS = 2.0    # what a batch spends merging after its files, at most
PAUSE_SECONDS = 0.11   # between steps: SQLite's busy handler looks again every 100 ms at most
BUSY_MS = 1000         # a batch's step waits this long for another writer, then leaves it for later


def segments(registry) -> int:
    """How many segments the text index is in (1 once merged)."""
    return registry.conn.execute(f"SELECT count(DISTINCT segid) FROM {INDEX}_idx").fetchone()[0]


def tidy(registry, seconds: float | None = BATCH_SECONDS, *, always: bool = False) -> int:
    """Merge the text index's segments for up to ``seconds`` (None: into one), when there
    are more than ``FRAGMENTED`` of them (``always``: whenever there are several). Returns
    the number of merge steps that wrote something. A server registry's trigram index
    needs none (PostgreSQL's autovacuum keeps it)."""
    if registry.kind != "sqlite" or segments(registry) <= (1 if always else FRAGMENTED):
        return 0
    # a negative count: every segment merged into one; positive: only like with like, as FTS5 does
    pages = -MERGE_PAGES if seconds is None else MERGE_PAGES
    deadline = None if seconds is None else time.monotonic() + seconds
    busy = registry.conn.execute("PRAGMA busy_timeout").fetchone()[0]
    if seconds is not None:
        registry.conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    steps = 0
    try:
        while deadline is None or time.monotonic() < deadline:
            if not _step(registry, pages):
                break
            steps += 1
            time.sleep(PAUSE_SECONDS)
    finally:
        registry.conn.execute(f"PRAGMA busy_timeout = {busy}")
    return steps


def _step(registry, pages: int) -> bool:
    """One merge step in its own transaction; False when it found nothing to do, or could
    not be done now (another writer busy, the disk full: undone, and left for later)."""
    try:
        with registry.transaction():
            before = registry.conn.total_changes
            registry.conn.execute(f"INSERT INTO {INDEX}({INDEX}, rank) VALUES ('merge', ?)", (pages,))
            return registry.conn.total_changes - before >= 2   # FTS5's sign that a step did work
    except DamagedRegistryError:
        raise
    except (sqlite3.OperationalError, RegistryError, DiskFullError):
        return False


def after_batch(registry, results) -> None:
    """A batch's moment of merging, when it registered anything (``FileResult`` s) and did
    not stop on a full disk."""
    if results and isinstance(results[-1].error, DiskFullError):
        return
    if any(r.status == "registered" for r in results):
        tidy(registry)
