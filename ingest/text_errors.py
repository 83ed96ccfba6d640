"""How far a page's reading is from its truth: character edits and digit errors, with
whitespace ignored, one spelling for what looks the same on paper, and the read lines put
in the order of the true ones (an engine may read a stamp or a column before the body).
"""
from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .read.combine import canonical as sara_am


def canonical(text: str) -> str:
    """One spelling for what looks the same on paper: NFC, and ำ whether it was typed ํา
    or read in visual order (ํ + tone + า, Tesseract's way)."""
    return sara_am(unicodedata.normalize("NFC", text))


def in_truth_order(truth: str, read: str) -> str:
    """The read lines put in the order of the true lines they match best.

    Engines read a receipt stamp or a right-hand column before or after the body, run two
    columns into one line, or read one row as two lines in either order; the character
    error should count what was misread, not where a block was read.
    """
    true_lines = [l for l in truth.splitlines() if l.strip()]
    end = len(true_lines)
    keyed, last = [], 0
    for line in (l for l in read.splitlines() if l.strip()):
        # a wide run of spaces is a gap between columns: where the line as a whole matches no
        # true line well, each side is matched on its own
        whole = _nearest(" ".join(line.split()), true_lines, last)  # a table's row, its gaps as spaces
        parts = [p for p in re.split(r" {3,}", line) if p.strip()]
        if whole[1] >= 80 or len(parts) == 1:
            parts, found = [line], [whole]
        else:
            found = [_nearest(p, true_lines, last) for p in parts]
        for part, (at, score) in zip(parts, found):
            keyed.append((at if score > 40 else end, _place(part, true_lines[at]) if score > 40 else 0,
                          len(keyed), part))
            last = at if score > 40 else last
    return "\n".join(line for *_, line in sorted(keyed))


def _place(piece: str, true_line: str) -> int:
    """Where in its true line a read piece lies: two pieces of one row (the office printed
    right of the reference number, read first because it sits higher) go in the row's order."""
    if len(piece) >= len(true_line):
        return 0
    return fuzz.partial_ratio_alignment(piece, true_line).dest_start


def _nearest(piece: str, true_lines: list[str], near: int) -> tuple[int, float]:
    """The true line a read piece matches best (fuzz.ratio), among near-equal matches the one
    closest to where the previous piece went (a number printed twice on a page), the later
    one of two as close.

    A piece of a true line read as a line of its own (the issuing office, printed at the
    right of the reference number's row: ``กรมส่งเสริมการปกครองท้องถิ่น``) matches that line
    as a part (fuzz.partial_ratio, for pieces of 12 characters or more and no digit: a date
    or a number would find a part of itself in many lines), so that it is not
    taken for the signatory's title that contains it too (``อธิบดีกรมส่งเสริม...``) when the
    rest of its row went just before it."""
    if not true_lines:
        return 0, 0.0
    bare = piece.replace(" ", "")
    part = len(bare) >= PART_CHARS and not any(c.isdigit() for c in bare)  # words, not a date
    scores = [max(fuzz.ratio(piece, t), fuzz.partial_ratio(piece, t) if part and len(piece) < len(t) else 0)
              for t in true_lines]
    top = max(scores)
    # ...and, as near one way as the other, the one after it: a page is read forwards
    at = min((i for i, v in enumerate(scores) if v >= top - 3), key=lambda i: (abs(i - near), i < near))
    return at, scores[at]


PART_CHARS = 12  # a read piece this long may be matched as a part of a longer true line


def text_errors(truth: str, read: str) -> tuple[int, int, int, int]:
    """(character edits, characters, digit errors, digits): whitespace ignored, spelling
    canonical, lines in reading order of the truth."""
    truth, read = canonical(truth), canonical(read)
    t = "".join(truth.split())
    r = "".join(in_truth_order(truth, read).split())
    ops = Levenshtein.editops(t, r)
    digit_errors = sum(1 for op in ops if (op.tag != "insert" and t[op.src_pos].isdigit())
                       or (op.tag == "insert" and r[op.dest_pos].isdigit()))
    return len(ops), len(t), digit_errors, sum(c.isdigit() for c in t)
