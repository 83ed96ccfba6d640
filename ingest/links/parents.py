"""Which registered letter a citation means: the same number at the closest date, else a
number and date the OCR could have misread (digits it confuses, a slip on one side of the
slash, an agency code lost), else the letter scanned right behind the citing one.
"""
from __future__ import annotations

import re
from datetime import date

from rapidfuzz.distance import Levenshtein

from ..registry.migrations import KEY_HEAD, KEY_TAIL
from ..registry.numbers import key_halves, ocr_distance
from ..thai.dates import BE_OFFSET


def days_between(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def one_slip_apart(a: str, b: str) -> bool:
    """Keys one OCR slip apart (a digit changed, dropped or added)."""
    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


def dates_agree(a: str | None, b: str | None) -> bool:
    """Same day, or days that differ only by digits the OCR confuses (compared as BE
    dates, as printed: ๒๕๖๔ read as ๒๕๒๔ is still 2021)."""
    if not a or not b or a == b:
        return True
    be = [f"{int(x[:4]) + BE_OFFSET}{x[4:]}" for x in (a, b)]
    return ocr_distance(*be) <= 0.8


def _letter_ok(cdate: str | None, when: str | None) -> bool:
    gap = days_between(cdate, when)
    return gap is None or abs(gap) <= 366 or dates_agree(cdate, when)


def best_parent(reg, key: str, when: str | None, child_id: int, neighbour: dict | None) -> int | None:
    """The registered letter a citation means.

    1. the same key, closest date (circular numbers restart each year, so the year has
       to agree when both are known, up to misread digits);
    2. else one letter whose number and date differ only by digits the OCR confuses
       (๖ read as ๒ ...), when exactly one such letter exists;
    3. else the letter scanned right behind the citing one, one OCR slip away.
    """
    best, best_score = None, None
    for cid, cdate in reg.conn.execute("SELECT id, date FROM letters WHERE doc_no_key = ? AND id != ?",
                                       (key, child_id)):
        if not _letter_ok(cdate, when):
            continue
        gap = days_between(cdate, when)
        score = (gap is None, abs(gap or 0), cid)
        if best_score is None or score < best_score:
            best, best_score = cid, score
    if best is not None:
        return best
    near = [cid for cid, ckey, cdate in _same_shape(reg, key, child_id)
            if key_distance(key, ckey) <= 0.8 and when and cdate and dates_agree(cdate, when)]
    if neighbour and neighbour["id"] in near:
        return neighbour["id"]
    if len(near) == 1:
        return near[0]
    if neighbour and neighbour["key"] and one_slip_apart(key, neighbour["key"]) and dates_agree(neighbour["date"], when):
        return neighbour["id"]
    return None


def code_prefix(key: str) -> str:
    m = re.match(r"[^\d]*", key)
    return m.group(0)


def _same_shape(reg, key: str, exclude: int | None = None) -> list[tuple]:
    """Letters whose number a misreading of confusable characters on one side of the
    slash turns into ``key``: the same unit and length, or the same running number and
    length whatever the agency code (ซบ read for ชบ), or, when the code was lost, the same
    running number with a code in front (read through the indexes of both halves)."""
    head, tail = key_halves(key)
    sql = "SELECT id, doc_no_key, date FROM letters WHERE "
    parts, args = [], []
    if code_prefix(key):
        parts.append(sql + f"{KEY_HEAD} = ? AND length(doc_no_key) = ? AND id != ?")
        args += [head, len(key), exclude or -1]
    parts.append(sql + f"{KEY_TAIL} = ? AND length(doc_no_key) IN (?, ?) AND id != ?")
    args += [tail, len(key), len(key) + (0 if code_prefix(key) else 2), exclude or -1]
    return reg.conn.execute(" UNION ".join(parts), args).fetchall()


def key_distance(a: str, b: str) -> float:
    """ocr_distance of two keys; a key whose agency code was lost is compared without the
    other's code, at the price of one confused character."""
    pa, pb = code_prefix(a), code_prefix(b)
    if bool(pa) != bool(pb):
        return ocr_distance(a[len(pa):], b[len(pb):]) + 0.4
    return ocr_distance(a, b)


def number_clusters(keys: list[str]) -> list[str]:
    """Distinct numbers among a letter's citations, those one OCR misreading apart counted once."""
    out: list[str] = []
    for k in keys:
        if not any(key_distance(k, o) <= 1.5 for o in out):
            out.append(k)
    return out


def neighbour_fits(c: dict, nb: dict, single: bool) -> bool:
    """A citation no registered number answers means the letter scanned right behind the
    citing one (already known to be related) when its agency agrees and either their
    dates agree or it is the only letter the citing one names: the OCR misread the
    number on one side, or could not read the neighbour's number at all."""
    code = code_prefix(c["key"])
    theirs = code_prefix(nb["key"]) if nb["key"] else (nb.get("issuer_code") or "")
    if code and theirs and ocr_distance(code, theirs.rstrip(".")) > 0.4:  # ซบ read for ชบ still agrees
        return False
    return single or bool(c["date"] and nb["date"] and dates_agree(nb["date"], c["date"]))
