"""Reading one page again (a clerk's "อ่านหน้านี้ใหม่"): the page's original scan read afresh
by a worker process (``Intake.reread``, a ``reread`` job of ``ingest.jobqueue``), shown line by
line beside what was read at intake.

Nothing is written: the letter and its stored page stay as they are; the clerk copies what
the new reading got right into the review form, where saving is an audited correction.
"""
from __future__ import annotations

import difflib
from itertools import zip_longest

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
