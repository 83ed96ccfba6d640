"""Keeping the text index quick to search as the registry grows.

SQLite's FTS5 writes each transaction's letters as a new segment of the index and merges
segments four at a time, so a registry registered file by file holds some twenty of them,
and a phrase is looked up in every one. On 100,000 letters the newest matches of a phrase
found in most letters took 8.9 ms in twenty segments and 0.8 ms in one.

``tidy`` merges them, a step at a time (each step its own short write transaction, so
ingests and sign-ins beside it wait at most one step): a batch spends at most
``BATCH_SECONDS`` on it after its files are registered, and the next batch goes on from
there; ``saraban tidy`` merges to the end (about 40 s on 100,000 letters).
"""
from __future__ import annotations

import sqlite3
import time

INDEX = "letter_text_fts"
MERGE_PAGES = 2000     # index pages written per step (~0.6 s, 0.15 s of it CPU, on 100,000 letters)
FRAGMENTED = 4         # more segments than this and a batch merges them
BATCH_SECONDS = 2.0    # what a batch spends merging after its files, at most


def segments(registry) -> int:
    """How many segments the text index is in (1 once merged)."""
    return registry.conn.execute(f"SELECT count(DISTINCT segid) FROM {INDEX}_idx").fetchone()[0]


def tidy(registry, seconds: float | None = BATCH_SECONDS, *, always: bool = False) -> int:
    """Merge the text index's segments for up to ``seconds`` (None: until one is left), when
    there are more than ``FRAGMENTED`` of them (``always``: whenever there are several).
    Returns the number of merge steps that wrote something."""
    if segments(registry) <= (1 if always else FRAGMENTED):
        return 0
    deadline = None if seconds is None else time.monotonic() + seconds
    steps = 0
    while deadline is None or time.monotonic() < deadline:
        try:
            with registry.transaction():
                before = registry.conn.total_changes
                # a negative count: every segment takes part, not only levels of four or more
                registry.conn.execute(f"INSERT INTO {INDEX}({INDEX}, rank) VALUES ('merge', ?)", (-MERGE_PAGES,))
                wrote = registry.conn.total_changes - before >= 2   # FTS5's sign that a step did work
        except sqlite3.OperationalError:   # busy, or the disk full: the step is undone, the next batch goes on
            break
        if not wrote:
            break
        steps += 1
    return steps


def after_batch(registry, results) -> None:
    """A batch's moment of merging, when it registered anything (``FileResult`` s)."""
    if any(r.status == "registered" for r in results):
        tidy(registry)
