"""Thai words and phrases on a PostgreSQL registry: ``pg_trgm`` over one column holding a
letter's searchable text, lowered (``letter_text.haystack``), and over its subject.

The same query as on SQLite (:func:`.fulltext.conditions`: terms folded as the index
stores text, a reference number's printed forms, terms under three characters scanned for)
and the same answers: every term found (case aside), a long term the OCR spoilt found by two
of its thirds when the whole phrase is found nowhere, a typed number not found inside a
longer one. Letters whose subject holds every term come first, then the rest newest first;
no ranking by term frequency (PostgreSQL's own ranking needs a word parser, which has none
for Thai).

The newest matches are looked for newest letters first. A phrase of the letters' boilerplate
is in most of them: the trigram index would hand back every one to be checked (seconds on
100,000 letters), while the newest RECENT letters, checked one by one, hold enough of them.
A rarer phrase is looked for in slices of older letters, each larger (on 1,000,000 letters:
114 ms median against 505 ms for one query over all of them). What stays slow: a phrase in
a few percent of the letters, whose every three characters are common, has PostgreSQL check
each letter the index hands back before it applies a slice's id range (4.8 s p95 on
1,000,000 letters, docs/province.md), and so the two-of-three search of a phrase found nowhere.
"""
from __future__ import annotations

from . import fulltext as sqlite_text
from .query import HIGHLIGHT, mark_all
from ..thai.keys import doc_no_key

RECENT = 500   # the newest letters checked one by one (~20 ms of text for two terms)
GROWTH = 8     # then slices of older letters through the index, each this many times larger


def _like(term: str) -> str:
    return "%" + term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _all_of(terms: list[str], column: str) -> tuple[str, list[str]]:
    return " AND ".join(f"{column} LIKE ?" for _ in terms), [_like(t) for t in terms]


def _tolerant(terms: list[str], column: str) -> tuple[str, list[str]]:
    """Each long term by any two of its thirds (see fulltext.thirds), the others whole."""
    sql, args = [], []
    for t in terms:
        parts = sqlite_text.thirds(t)
        if len(parts) == 1:
            sql.append(f"{column} LIKE ?")
            args.append(_like(t))
            continue
        pairs = [(0, 1), (0, 2), (1, 2)]
        sql.append("(" + " OR ".join(f"({column} LIKE ? AND {column} LIKE ?)" for _ in pairs) + ")")
        args += [_like(parts[i]) for pair in pairs for i in pair]
    return " AND ".join(sql), args


def _tries(q, column: str) -> list[tuple[str, list]]:
    """The conditions on ``column`` to try in turn (the tolerant one only when the first finds
    nothing)."""
    long_terms = [t for t in q.terms if len(t) >= 3]
    if q.number:
        return [("(" + " OR ".join(f"{column} LIKE ?" for _ in q.number) + ")", [_like(p) for p in q.number])]
    if not long_terms:
        return [("TRUE", [])] if q.short else []
    tries = [_all_of(long_terms, column)]
    if q.tolerant:
        tries.append(_tolerant(long_terms, column))
    return tries


JOIN = "FROM letter_text t JOIN letters l ON l.id = t.letter_id "


def _top(reg) -> int:
    return reg.conn.execute("SELECT coalesce(max(letter_id), 0) FROM letter_text").fetchone()[0]


def _slices(reg, columns: str, cond: str, args: list, q, count: int, below: int, size: int) -> list[tuple]:
    """Rows of the ``count`` newest letters up to id ``below`` meeting ``cond``, looked for in
    slices of ever older letters, each GROWTH times larger than the one before: a phrase found
    often stops at the first slices."""
    found: list[tuple] = []
    while len(found) < count and below > 0:
        low = max(0, below - size)
        found += reg.conn.execute(f"SELECT {columns} {JOIN}WHERE t.letter_id > ? AND t.letter_id <= ? AND "
                                  f"{cond}{q.extra} ORDER BY t.letter_id DESC LIMIT ?",
                                  (low, below, *args, *q.args, count - len(found))).fetchall()
        below, size = low, size * GROWTH
    return found


def newest(reg, q, attempt: int, count: int, columns: str = "l.id") -> list[tuple]:
    """Rows (``columns``) of the ``count`` newest letters meeting try ``attempt`` of the query:
    the RECENT newest letters checked one by one, then older ones through the trigram index."""
    top = _top(reg)
    low = max(0, top - RECENT)
    scan, args = _tries(q, "(t.haystack || '')")[attempt]   # || '': checked row by row, not by the index
    found = reg.conn.execute(f"SELECT {columns} {JOIN}WHERE t.letter_id > ? AND {scan}{q.extra} "
                             "ORDER BY t.letter_id DESC LIMIT ?", (low, *args, *q.args, count)).fetchall()
    if len(found) >= count:
        return found
    indexed, args = _tries(q, "t.haystack")[attempt]
    return found + _slices(reg, columns, indexed, args, q, count - len(found), low, RECENT * GROWTH)


def _number_rows(reg, q, count: int) -> list[tuple]:
    """(id, its texts) of the letters, newest first, that may print a reference number: those
    it is the number of, or that cite it (อ้างถึง, links: through their keys' indexes), and of
    the RECENT newest letters those whose text holds it. A number's digits are in most letters
    (dates, other numbers), so the trigram index would hand back nearly every letter."""
    key = doc_no_key(q.number[0])
    ids = {i for (i,) in reg.conn.execute(
        'SELECT letter_id FROM "references" WHERE doc_no_key = ? UNION SELECT child_id FROM links '
        "WHERE parent_key = ? UNION SELECT id FROM letters WHERE doc_no_key = ?", (key, key, key))}
    scan, args = _tries(q, "(t.haystack || '')")[0]
    ids |= {i for (i,) in reg.conn.execute(
        f"SELECT t.letter_id FROM letter_text t WHERE t.letter_id > ? AND {scan} ORDER BY t.letter_id DESC "
        "LIMIT ?", (_top(reg) - RECENT, *args, count))}
    if not ids:
        return []
    return reg.conn.execute(f"SELECT l.id, t.doc_no, t.subject, t.issuer, t.recipients, t.body {JOIN}"
                            f"WHERE l.id IN ({','.join('?' * len(ids))}){q.extra} ORDER BY l.id DESC LIMIT ?",
                            (*ids, *q.args, count)).fetchall()


def fulltext(reg, query: str, where=(), params=(), limit: int = 20) -> list[dict]:
    """Letters containing every term of ``query``, best first, with a highlighted snippet."""
    q = sqlite_text.conditions(query, where, params)
    rows = []
    if q.number:
        hits = sqlite_text.alone_hits(_number_rows(reg, q, limit * sqlite_text.NUMBER_READ_AHEAD), q.number, limit)
        rows = [(i, 24 - 23 * n / limit, snip) for n, (i, snip) in enumerate(hits)]
    else:
        for attempt in range(len(_tries(q, "t.haystack"))):
            rows = _ranked(reg, q, attempt, limit)
            if rows:
                break
    return [{"id": i, "score": round(s, 3), "snippet": snip} for i, s, snip in rows]


def _in_subject(reg, q, limit: int) -> list[int]:
    """The newest letters whose subject holds every term, through the subject's own index."""
    terms = [t for t in q.terms if t]
    if not terms or not any(len(t) >= 3 for t in terms):
        return []
    # one query through the subject's index: subjects are short, and slicing by id would have
    # each slice's range checked after the match (PostgreSQL plans it so), the whole table over
    cond, args = _all_of(terms, "lower(t.subject)")
    return [i for (i,) in reg.conn.execute(f"SELECT l.id {JOIN}WHERE {cond}{q.extra} ORDER BY t.letter_id DESC "
                                           "LIMIT ?", (*args, *q.args, limit))]


def _ranked(reg, q, attempt: int, limit: int) -> list[tuple]:
    """(id, score, snippet): letters whose subject holds every term first, then the newest."""
    cap = max(limit, 50)
    terms = [t for t in q.terms if t]
    first = _in_subject(reg, q, limit) if attempt == 0 else []
    seen = set(first)
    rest = [i for (i,) in newest(reg, q, attempt, limit + len(seen)) if i not in seen]
    subjects = dict(reg.conn.execute(f"SELECT letter_id, subject FROM letter_text WHERE letter_id IN "
                                     f"({','.join('?' * len(first))})", first).fetchall()) if first else {}
    snippets = dict(sqlite_text.snippets(reg, rest[:limit], terms))
    out = [(i, 49 - 24 * n / cap, mark_all(subjects.get(i) or "", terms)) for n, i in enumerate(first)]
    out += [(i, 24 - 23 * n / (cap + len(seen)), snippets.get(i, "")) for n, i in enumerate(rest)]
    return out[:limit]


def text_ids(reg, query: str, where, params, cap: int) -> list[int]:
    """Every letter ``fulltext`` could return (up to ``cap``), unranked: for counting."""
    q = sqlite_text.conditions(query, where, params)
    if q.number:
        return [hit["id"] for hit in fulltext(reg, query, where, params, cap)]
    for attempt in range(len(_tries(q, "t.haystack"))):
        ids = [i for (i,) in newest(reg, q, attempt, cap)]
        if ids:
            return ids
    return []


__all__ = ["HIGHLIGHT", "fulltext", "text_ids"]
