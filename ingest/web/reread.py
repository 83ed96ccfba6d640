"""Reading one page again (a clerk's "อ่านหน้านี้ใหม่"): the page's original scan read afresh
by ``pipeline.read_page``, shown line by line beside what was read at intake.

Nothing is written: the letter and its stored page stay as they are; the clerk copies what
the new reading got right into the review form, where saving is an audited correction.
"""
from __future__ import annotations

import difflib
from itertools import zip_longest

from ..errors import NotFoundError


def document(reg, sha256: str):
    """The registered file as a ``load.Document`` (its original scan, found by sha256)."""
    from .. import load

    rows = reg.q("SELECT pages, size FROM files WHERE sha256 = ?", (sha256,))
    path = reg.original_path(sha256)
    if not rows or path is None or not path.is_file():
        raise NotFoundError(f"The scan of file {sha256[:12]}… is not in the registry.")
    return load.Document(path, load.sniff(path), rows[0]["pages"] or 1, sha256,
                         rows[0]["size"] or path.stat().st_size)


def read_again(reg, sha256: str, number: int, engine: str | None = None):
    """(the page as stored, the page read now) for page ``number`` (1-based) of the file."""
    from .. import pipeline, settings

    old = reg.page(sha256, number)
    doc = document(reg, sha256)
    if not 1 <= number <= doc.pages:
        raise NotFoundError(f"File {sha256[:12]}… has no page {number}.")
    job = pipeline.PageJob(doc, number - 1, engine or settings.get("engine"))
    return old, pipeline.read_page(job)


def compare(old_lines: list[str], new_lines: list[str]) -> list[dict]:
    """The two readings side by side: rows of {"old", "new", "same"}, unchanged lines paired,
    changed runs paired in order, a line only one reading has beside a blank.

    >>> [(r["old"], r["new"], r["same"]) for r in compare(["ที่ มท ๐๒๐๒", "เรื่อง ก"], ["ที่ มท ๐๒๐๖", "เรื่อง ก", "ข"])]
    [('ที่ มท ๐๒๐๒', 'ที่ มท ๐๒๐๖', False), ('เรื่อง ก', 'เรื่อง ก', True), (None, 'ข', False)]
    """
    rows = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += [{"old": a, "new": a, "same": True} for a in old_lines[i1:i2]]
        else:
            rows += [{"old": a, "new": b, "same": False}
                     for a, b in zip_longest(old_lines[i1:i2], new_lines[j1:j2])]
    return rows
