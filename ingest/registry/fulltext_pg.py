"""Thai words and phrases on a PostgreSQL registry: ``pg_trgm`` over one column holding a
letter's searchable text (``letter_text.haystack``, indexed with GIN).

The same query as on SQLite (:func:`.fulltext.conditions`: terms folded as the index
stores text, a reference number's printed forms, terms under three characters scanned for)
and the same answers: every term found (case aside), a long term the OCR spoilt found by two
of its thirds when the whole phrase is found nowhere, a typed number not found inside a
longer one. Letters whose subject holds every term come first, then the rest newest first;
no ranking by term frequency (PostgreSQL's own ranking needs a word parser, which has none
for Thai).
"""
from __future__ import annotations

from . import fulltext as sqlite_text
from .query import HIGHLIGHT, mark_all


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _all_of(terms: list[str], column: str = "t.haystack") -> tuple[str, list[str]]:
    return " AND ".join(f"{column} ILIKE ?" for _ in terms), [_like(t) for t in terms]


def _tolerant(terms: list[str]) -> tuple[str, list[str]]:
    """Each long term by any two of its thirds (see fulltext.thirds), the others whole."""
    sql, args = [], []
    for t in terms:
        parts = sqlite_text.thirds(t)
        if len(parts) == 1:
            sql.append("t.haystack ILIKE ?")
            args.append(_like(t))
            continue
        pairs = [(0, 1), (0, 2), (1, 2)]
        sql.append("(" + " OR ".join("(t.haystack ILIKE ? AND t.haystack ILIKE ?)" for _ in pairs) + ")")
        args += [_like(parts[i]) for pair in pairs for i in pair]
    return " AND ".join(sql), args


def _matches(q) -> list[tuple[str, list]]:
    """The conditions to try in turn (the tolerant one only when the first finds nothing)."""
    long_terms = [t for t in q.terms if len(t) >= 3]
    if q.number:
        return [("(" + " OR ".join("t.haystack ILIKE ?" for _ in q.number) + ")", [_like(p) for p in q.number])]
    if not long_terms:
        return [("TRUE", [])] if q.short else []
    tries = [_all_of(long_terms)]
    if q.tolerant:
        tries.append(_tolerant(long_terms))
    return tries


JOIN = "FROM letter_text t JOIN letters l ON l.id = t.letter_id "


def _ids(reg, cond: str, args: list, q, count: int, order: str = "l.id DESC") -> list[int]:
    return [i for (i,) in reg.conn.execute(f"SELECT l.id {JOIN}WHERE {cond}{q.extra} ORDER BY {order} LIMIT ?",
                                           (*args, *q.args, count))]


def fulltext(reg, query: str, where=(), params=(), limit: int = 20) -> list[dict]:
    """Letters containing every term of ``query``, best first, with a highlighted snippet."""
    q = sqlite_text.conditions(query, where, params)
    rows = []
    for cond, args in _matches(q):
        if q.number:
            found = reg.conn.execute(f"SELECT l.id, t.doc_no, t.subject, t.issuer, t.recipients, t.body {JOIN}"
                                     f"WHERE {cond}{q.extra} ORDER BY l.id DESC LIMIT ?",
                                     (*args, *q.args, limit * sqlite_text.NUMBER_READ_AHEAD)).fetchall()
            hits = sqlite_text.alone_hits(found, q.number, limit)
            rows = [(i, 24 - 23 * n / limit, snip) for n, (i, snip) in enumerate(hits)]
        else:
            rows = _ranked(reg, q, cond, args, limit)
        if rows:
            break
    return [{"id": i, "score": round(s, 3), "snippet": snip} for i, s, snip in rows]


def _ranked(reg, q, cond: str, args: list, limit: int) -> list[tuple]:
    """(id, score, snippet): letters whose subject holds every term first, then the newest."""
    cap = max(limit, 50)
    terms = [t for t in q.terms if t]
    in_subject = []
    if terms and cond != "TRUE":
        subject, subject_args = _all_of(terms, "t.subject")
        in_subject = _ids(reg, f"{cond} AND {subject}", [*args, *subject_args], q, limit)
    first = set(in_subject)
    rest = [i for i in _ids(reg, cond, args, q, limit + len(first)) if i not in first]
    ids = (in_subject + rest)[:limit]
    snippets = dict(sqlite_text.snippets(reg, ids, terms))
    subjects = dict(reg.conn.execute(f"SELECT letter_id, subject FROM letter_text WHERE letter_id IN "
                                     f"({','.join('?' * len(in_subject))})", in_subject).fetchall()) if in_subject else {}
    out = [(i, 49 - 24 * n / cap, mark_all(subjects.get(i) or "", terms)) for n, i in enumerate(in_subject)]
    out += [(i, 24 - 23 * n / (cap + len(in_subject)), snippets.get(i, "")) for n, i in enumerate(rest)]
    return out[:limit]


def text_ids(reg, query: str, where, params, cap: int) -> list[int]:
    """Every letter ``fulltext`` could return (up to ``cap``), unranked: for counting."""
    q = sqlite_text.conditions(query, where, params)
    if q.number:
        return [hit["id"] for hit in fulltext(reg, query, where, params, cap)]
    for cond, args in _matches(q):
        ids = _ids(reg, cond, args, q, cap, order="l.id")
        if ids:
            return ids
    return []


__all__ = ["HIGHLIGHT", "fulltext", "text_ids"]
