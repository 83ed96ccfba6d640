"""What a search asks for, apart from how a back end finds it: text folded as the index
stores it (:func:`fts_text`, so spacing and digit script do not matter), the words and
phrases typed, a reference number's printed forms, the filters as SQL conditions, and the
marks around what was found.
"""
from __future__ import annotations

import re
import unicodedata

from ..thai.digits import arabic_digits
from ..thai.patterns import DOC_NO_QUERY

HIGHLIGHT = ("[", "]")
_THAI = "\u0e00-\u0e7f"
_SPACE_IN_THAI = re.compile(rf"(?<=[{_THAI}])\s+(?=[{_THAI}])")


def fts_text(text: str) -> str:
    """Text as the index stores it: NFC, Arabic digits, no spaces inside Thai, single spaces.

    >>> fts_text("ซักซ้อม แนวทาง\\nการจัดเก็บ  เอกสาร ๒๕๖๗ ABC  def")
    'ซักซ้อมแนวทางการจัดเก็บเอกสาร 2567 ABC def'
    """
    s = unicodedata.normalize("NFC", arabic_digits(text or ""))
    s = _SPACE_IN_THAI.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


def looks_like_doc_no(query: str) -> bool:
    """Whether a query is a reference number (with or without its agency code).

    >>> [looks_like_doc_no(q) for q in ("มท0206.2/ว5221", "150/2563", "ซักซ้อม")]
    [True, True, False]
    """
    return bool(DOC_NO_QUERY.match(query or ""))


def date_range(column: str, date_from=None, date_to=None) -> tuple[list[str], list[str]]:
    """SQL conditions (and their parameters) for ``column`` between two ISO dates, each optional."""
    where, params = [], []
    for op, value in ((">=", date_from), ("<=", date_to)):
        if value:
            where.append(f"{column} {op} ?")
            params.append(str(value))
    return where, params


def filters(date_from=None, date_to=None, urgency=None, issuer=None, kind=None):
    where, params = date_range("l.date", date_from, date_to)
    if urgency:
        where.append("l.urgency = ?")
        params.append(urgency)
    if kind:
        where.append("l.kind = ?")
        params.append(kind)
    if issuer:
        where.append("(l.issuer LIKE ? OR l.issuer_code = ?)")
        params += [f"%{issuer}%", issuer]
    return where, params


def query_terms(query: str) -> list[str]:
    """Words typed apart are searched apart (all must occur); a quoted phrase stays whole.

    >>> query_terms('ยุงลาย ขอให้ "ซักซ้อม แนวทาง" ๒๕๖๗')
    ['ซักซ้อมแนวทาง', 'ยุงลาย', 'ขอให้', '2567']
    """
    phrases = [fts_text(p) for p in re.findall(r'"([^"]+)"', query or "")]
    rest = re.sub(r'"[^"]*"', " ", query or "")
    return [t for t in phrases + [fts_text(w) for w in rest.split()] if t]


def number_phrases(query: str) -> list[str]:
    """A typed reference number as the index would hold it where a letter prints it, with
    and without the spaces after its code and its ว (none when the query is no number).

    >>> number_phrases("ที่ ศธ. ๐๒๐๖.๓/ว ๔๗๘")
    ['ศธ 0206.3/ว 478', 'ศธ 0206.3/ว478', 'ศธ0206.3/ว 478', 'ศธ0206.3/ว478']
    >>> number_phrases("150/2563"), number_phrases("ซักซ้อม")
    (['150/2563'], [])
    """
    m = DOC_NO_QUERY.match(query or "")
    if not m:
        return []
    number = re.sub(r"\s+", "", arabic_digits(m["number"]))
    serial = arabic_digits(m["serial"])
    heads = [f"{m['code']}{gap}{number}" for gap in (" ", "")] if m["code"] else [number]
    tails = [f"/ว{gap}{serial}" for gap in (" ", "")] if m["circular"] else [f"/{serial}"]
    return list(dict.fromkeys(fts_text(h + t) for h in heads for t in tails))


def mark_all(text: str, terms: list[str], flags: int = 0) -> str:
    """Every occurrence of any term marked, longest terms first.

    >>> mark_all("ซักซ้อมแนวทางการจัดเก็บเอกสาร", ["จัดเก็บ", "แนวทาง"])
    'ซักซ้อม[แนวทาง]การ[จัดเก็บ]เอกสาร'
    """
    pattern = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True) if t)
    return re.sub(f"({pattern})", lambda m: HIGHLIGHT[0] + m.group(1) + HIGHLIGHT[1], text,
                  flags=flags) if pattern else text


def mark(text: str, term: str) -> str:
    return (text or "").replace(term, HIGHLIGHT[0] + term + HIGHLIGHT[1])
