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
1,000,000 letters), while the newest RECENT letters, checked one by one, hold enough of them.
Older letters are asked of the index in slices, each larger, the index itself keeping to
the letters newer than the slice's start (its first column is the letter's id); then the
rest at once. On 1,000,000 letters (bench/scale.py): 213 ms p95, 4.8 s before the slices were
taken inside the index. What stays slow: a phrase found nowhere, whose every three characters
are common (each letter the index hands back is checked), and so the two-of-three search.
"""
from __future__ import annotations

from . import fulltext as sqlite_text
from .query import HIGHLIGHT, mark_all
from ..thai.keys import doc_no_key

RECENT = 500   # the newest letters checked one by one (~20 ms of text for two terms)
GROWTH = 8     # then slices of older letters through the index, each this many times larger
SLICES = 3     # slices before the rest of the letters is asked at once


def _like(term: str) -> str:
    return "%" + term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _has(column: str, scan: bool):
    """How a term is asked of ``column``: through its trigram index (LIKE), or checked row by
    row (strpos: three times faster than LIKE on Thai, whose every character begins with the
    same byte, so LIKE tries a match at each one)."""
    if scan:
        return lambda term: (f"strpos({column}, ?) > 0", term.lower())
    return lambda term: (f"{column} LIKE ?", _like(term))


def _all_of(terms: list[str], has) -> tuple[str, list[str]]:
    asked = [has(t) for t in terms]
    return " AND ".join(sql for sql, _ in asked), [arg for _, arg in asked]


def _tolerant(terms: list[str], has) -> tuple[str, list[str]]:
    """Each long term by any two of its thirds (see fulltext.thirds), the others whole."""
    sql, args = [], []
    for t in terms:
        parts = sqlite_text.thirds(t)
        if len(parts) == 1:
            one, arg = has(t)
            sql.append(one)
            args.append(arg)
            continue
        pairs = [(0, 1), (0, 2), (1, 2)]
        asked = [[has(parts[i]) for i in pair] for pair in pairs]
        sql.append("(" + " OR ".join(f"({a[0]} AND {b[0]})" for a, b in asked) + ")")
        args += [arg for pair in asked for _, arg in pair]
    return " AND ".join(sql), args


def _tries(q, has) -> list[tuple[str, list]]:
    """The conditions to try in turn (the tolerant one only when the first finds nothing)."""
    long_terms = [t for t in q.terms if len(t) >= 3]
    if q.number:
        asked = [has(p) for p in q.number]
        return [("(" + " OR ".join(sql for sql, _ in asked) + ")", [arg for _, arg in asked])]
    if not long_terms:
        return [("TRUE", [])] if q.short else []
    tries = [_all_of(long_terms, has)]
    if q.tolerant:
        tries.append(_tolerant(long_terms, has))
    return tries


JOIN = "FROM letter_text t JOIN letters l ON l.id = t.letter_id "
TEXT = "t.haystack"            # the trigram indexes lead with the letter's id (btree_gin), so a
SUBJECT = "lower(t.subject)"   # slice of ids is taken inside the index, before any text is checked


def _top(reg) -> int:
    return reg.conn.execute("SELECT coalesce(max(letter_id), 0) FROM letter_text").fetchone()[0]


def _slices(reg, columns: str, cond: str, args: list, q, count: int, below: int, size: int) -> list[tuple]:
    """Rows of the ``count`` newest letters up to id ``below`` meeting ``cond``: looked for in
    SLICES slices of older letters, each GROWTH times larger than the one before, the trigram
    index handing back only letters newer than the slice's start (a phrase in many letters stops
    there, each letter handed back being checked); then in all the older ones at once (a phrase
    in few letters: the index hands back few)."""
    found: list[tuple] = []
    for n in range(SLICES + 1):
        if len(found) >= count or below <= 0:
            break
        low = max(0, below - size) if n < SLICES else 0
        # Only the start is asked of the index (btree_gin reads a bound's every entry up to the
        # end it leaves open: an upper bound there reads every older letter's), as bigint, the
        # column's type (an integer parameter comes as int4, which that index cannot compare);
        # the end is checked after it (+ 0), as is the start of the rest
        start = "t.letter_id > ?::bigint" if n < SLICES else "t.letter_id + 0 > ?"
        found += reg.conn.execute(f"SELECT {columns} {JOIN}WHERE {start} AND t.letter_id + 0 <= ? AND {cond}{q.extra} "
                                  "ORDER BY t.letter_id DESC LIMIT ?",
                                  (low, below, *args, *q.args, count - len(found))).fetchall()
        below, size = low, size * GROWTH
    return found


def _newest(reg, q, scan: tuple[str, list], indexed: tuple[str, list], count: int, columns: str) -> list[tuple]:
    """Rows of the ``count`` newest letters meeting a condition, asked as ``scan`` of the RECENT
    newest letters one by one, then as ``indexed`` of older ones through a trigram index."""
    top = _top(reg)
    low = max(0, top - RECENT)
    found = reg.conn.execute(f"SELECT {columns} {JOIN}WHERE t.letter_id > ? AND {scan[0]}{q.extra} "
                             "ORDER BY t.letter_id DESC LIMIT ?", (low, *scan[1], *q.args, count)).fetchall()
    if len(found) >= count:
        return found
    return found + _slices(reg, columns, *indexed, q, count - len(found), low, RECENT * GROWTH)


def newest(reg, q, attempt: int, count: int, columns: str = "l.id") -> list[tuple]:
    """Rows (``columns``) of the ``count`` newest letters meeting try ``attempt`` of the query."""
    return _newest(reg, q, _tries(q, _has(TEXT, True))[attempt], _tries(q, _has(TEXT, False))[attempt],
                   count, columns)


def _number_rows(reg, q, count: int) -> list[tuple]:
    """(id, its texts) of the letters, newest first, that may print a reference number: those
    it is the number of, or that cite it (อ้างถึง, links: through their keys' indexes), and of
    the RECENT newest letters those whose text holds it. A number's digits are in most letters
    (dates, other numbers), so the trigram index would hand back nearly every letter."""
    key = doc_no_key(q.number[0])
    ids = {i for (i,) in reg.conn.execute(
        'SELECT letter_id FROM "references" WHERE doc_no_key = ? UNION SELECT child_id FROM links '
        "WHERE parent_key = ? UNION SELECT id FROM letters WHERE doc_no_key = ?", (key, key, key))}
    scan, args = _tries(q, _has(TEXT, True))[0]
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
        for attempt in range(len(_tries(q, _has(TEXT, False)))):
            rows = _ranked(reg, q, attempt, limit)
            if rows:
                break
    return [{"id": i, "score": round(s, 3), "snippet": snip} for i, s, snip in rows]


def _in_subject(reg, q, limit: int) -> list[int]:
    """The newest letters whose subject holds every term."""
    terms = [t for t in q.terms if t]
    if not terms or not any(len(t) >= 3 for t in terms):
        return []
    return [i for (i,) in _newest(reg, q, _all_of(terms, _has(SUBJECT, True)), _all_of(terms, _has(SUBJECT, False)),
                                  limit, "l.id")]


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
    for attempt in range(len(_tries(q, _has(TEXT, False)))):
        ids = [i for (i,) in newest(reg, q, attempt, cap)]
        if ids:
            return ids
    return []


__all__ = ["HIGHLIGHT", "fulltext", "text_ids"]
