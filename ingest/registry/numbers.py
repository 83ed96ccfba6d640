"""Finding a letter by its reference number typed any way: by its normalized key first
(exact), then by an OCR-aware fuzzy match among numbers of the same agency.
"""
from __future__ import annotations

import re

from ..thai.digits import CONSONANT_LOOKALIKES
from ..thai.keys import doc_no_key

# Digits the OCR mixes up (Thai digits are read after folding to Arabic: the stock
# Thai model turns ๖ into ๒, ๔ into ๕, ...): substituting one for the other is cheap.
CONFUSED = {frozenset(p) for p in ("62", "45", "73", "89", "95", "86", "08", "17", "38", "56")}
# Letters of an agency code the OCR mixes up (ซบ for ชบ, อป for อบ): as cheap as a digit.
CONFUSED |= {frozenset(p) for p in CONSONANT_LOOKALIKES}


def ocr_distance(a: str, b: str) -> float:
    """Edit distance where confusable digits cost 0.4 and a dropped digit 0.7.

    >>> ocr_distance("มท206.2/5221", "มท202.2/5221")
    0.4
    """
    def sub(x, y):
        if x == y:
            return 0.0
        return 0.4 if frozenset((x, y)) in CONFUSED else 1.0

    def indel(c):
        return 0.7 if c.isdigit() else 1.0

    prev = [0.0]
    for c in b:
        prev.append(prev[-1] + indel(c))
    for ca in a:
        cur = [prev[0] + indel(ca)]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + indel(ca), cur[j - 1] + indel(cb), prev[j - 1] + sub(ca, cb)))
        prev = cur
    return round(prev[-1], 3)


def doc_no_matches(reg, query: str, where=(), params=(), limit: int = 10) -> list[tuple[int, float]]:
    """(letter id, score) for a typed reference number: 100 exact, then fuzzy below 90."""
    key = doc_no_key(query)
    if not key:
        return []
    extra = "".join(f" AND {w}" for w in where)
    exact = [(r[0], 100.0) for r in reg.conn.execute(
        f"SELECT l.id FROM letters l WHERE l.doc_no_key = ?{extra} ORDER BY l.date IS NULL, l.date DESC",
        (key, *params))]
    if exact:
        return exact[:limit]
    scored = []
    head, tail = key_halves(key)
    for letter_id, cand in fuzzy_candidates(reg, key, extra, params):
        ch, ct = key_halves(cand)  # a half in common adds nothing: only the other is compared
        d = (0.2 if cand.replace(".", "") == key.replace(".", "") else ocr_distance(tail, ct) if ch == head
             else ocr_distance(head, ch) if ct == tail else ocr_distance(key, cand))
        if d <= 1.5 and d <= 0.3 * len(key):
            scored.append((letter_id, round(90 - 20 * d, 2)))
    scored.sort(key=lambda t: -t[1])
    return scored[:limit]


def key_halves(key: str) -> tuple[str, str]:
    """The unit half (agency code included, up to the slash) and the running number.

    >>> key_halves("มท206.2/5221")
    ('มท206.2/', '5221')
    """
    i = key.find("/")
    return key[:i + 1], key[i + 1:]


def fuzzy_candidates(reg, key: str, extra: str = "", params=()) -> list[tuple[int, str]]:
    """Letters whose number may be ``key`` misread: the same unit with a running number
    of about the same length, or the same running number in a unit of the same agency.
    Both halves are indexed (migrations.KEY_HEAD/KEY_TAIL), so this reads a few rows, not
    every letter of the agency; a number misread on both sides of the slash is not found."""
    from .migrations import KEY_HEAD, KEY_TAIL
    head, tail = key_halves(key)
    m = re.match(r"[ก-ฮ]+", key)
    prefix = m.group(0) if m else ""
    rows = reg.conn.execute(
        f"SELECT l.id, l.doc_no_key FROM letters l WHERE {KEY_TAIL.replace('doc_no_key', 'l.doc_no_key')} = ? "
        f"AND l.doc_no_key || '' >= ? AND l.doc_no_key || '' < ?{extra}", (tail, prefix, prefix + "\uffff", *params)).fetchall()
    if head:
        rows += reg.conn.execute(
            f"SELECT l.id, l.doc_no_key FROM letters l WHERE {KEY_HEAD.replace('doc_no_key', 'l.doc_no_key')} = ? "
            f"AND abs(length(l.doc_no_key) - ?) <= 2{extra}", (head, len(key), *params)).fetchall()
        if "." in head:  # the dot of the unit dropped or misread: that half differs
            loose = head.replace(".", "")
            rows += reg.conn.execute(
                f"SELECT l.id, l.doc_no_key FROM letters l WHERE {KEY_HEAD.replace('doc_no_key', 'l.doc_no_key')} = ? "
                f"{extra}", (loose, *params)).fetchall()
    return list(dict.fromkeys(rows))
