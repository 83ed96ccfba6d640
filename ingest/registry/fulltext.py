"""Thai words and phrases through SQLite FTS5 with the ``trigram`` tokenizer.

Thai has no spaces, and the trigram index finds any substring of 3 characters or more
without a dictionary (measured against PyThaiNLP word segmentation in tests/test_search.py).
Index text and query are folded the same way (:func:`.query.fts_text`). Shorter terms
are checked with a substring scan.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .query import HIGHLIGHT, mark, mark_all, number_phrases, query_terms


def _fts_query(terms: list[str], op: str = " AND ") -> str:
    return op.join('"' + t.replace('"', '""') + '"' for t in terms)


def _tolerant_query(terms: list[str]) -> str:
    """When a phrase is found nowhere: a long term cut in three, any two of the three
    found. A word the OCR misread (a tone mark dropped, ำ split) spoils one third, and
    the letter is still found.

    >>> _tolerant_query(["การเบิกจ่ายค่าใช้จ่าย"])
    '(("การเบิก" AND "จ่ายค่า") OR ("การเบิก" AND "ใช้จ่าย") OR ("จ่ายค่า" AND "ใช้จ่าย"))'
    """
    parts = []
    for t in terms:
        if len(thirds(t)) == 1:
            parts.append(_fts_query([t]))
            continue
        a, b, c = (_fts_query([x]) for x in thirds(t))
        parts.append(f"(({a} AND {b}) OR ({a} AND {c}) OR ({b} AND {c}))")
    return " AND ".join(parts)


TOLERANT_FROM = 9   # characters: a term this long is also looked for by two of its thirds


def thirds(term: str) -> list[str]:
    """A long term in three (``[term]`` when shorter than TOLERANT_FROM)."""
    if len(term) < TOLERANT_FROM:
        return [term]
    i, j = len(term) // 3, 2 * len(term) // 3
    return [term[:i], term[i:j], term[j:]]


def fulltext(reg, query: str, where=(), params=(), limit: int = 20) -> list[dict]:
    """Letters containing every term of ``query``, best first, with a highlighted snippet."""
    q = conditions(query, where, params)
    if q.number:
        found = _number_hits(reg, q, limit)
        rows = [(i, 24 - 23 * n / limit, snip) for n, (i, snip) in enumerate(found)]
    elif q.match:
        subject = (q.terms, "".join(f" AND {c}" for c in where), list(params))
        rows = _ranked(reg, q.match, q.extra, q.args, limit, subject)
        if not rows and q.tolerant:
            rows = _ranked(reg, q.tolerant, q.extra, q.args, limit)
    elif q.short:
        sql = (f"SELECT l.id, 1.0, substr(t.body, max(1, instr(t.body, ?) - 20), 60) FROM letter_text t "
               f"JOIN letters l ON l.id = t.letter_id WHERE TRUE{q.extra} ORDER BY l.date DESC LIMIT ?")
        rows = [(i, s, mark(snip, q.short[0])) for i, s, snip in
                reg.conn.execute(sql, (q.short[0], *q.args, limit)).fetchall()]
    else:
        rows = []
    return [{"id": i, "score": round(s, 3), "snippet": snip} for i, s, snip in rows]


class _Query(NamedTuple):
    terms: list[str]        # every term, as the index stores text
    match: str              # the FTS5 expression of the terms of 3 characters or more ("" when none)
    tolerant: str           # the expression to try when ``match`` finds nothing ("" when none)
    short: list[str]        # terms under 3 characters, checked by a substring scan
    number: list[str]       # a reference number's phrases (``number_phrases``); [] for words
    extra: str              # the SQL conditions every match meets
    args: list


def conditions(query: str, where, params) -> _Query:
    """What ``query`` asks the index for. A reference number is one phrase as letters print
    it (code, number, ว and serial, spaced or not): its short parts (the code, a short
    serial) would otherwise be scanned for in every letter that has the number's middle."""
    conds, args = list(where), list(params)
    number = number_phrases(query)
    if number:
        return _Query(query_terms(query), _fts_query(number, " OR "), "", [], number,
                      "".join(f" AND {c}" for c in conds), args)
    terms = query_terms(query)
    long_terms = [t for t in terms if len(t) >= 3]
    short = [t for t in terms if len(t) < 3]
    for t in short:  # the trigram index cannot see terms under 3 characters
        conds.append("(instr(t.subject, ?) > 0 OR instr(t.body, ?) > 0 OR instr(t.issuer, ?) > 0 "
                     "OR instr(t.recipients, ?) > 0 OR instr(t.doc_no, ?) > 0)")
        args += [t] * 5
    tolerant = _tolerant_query(long_terms) if any(len(t) >= TOLERANT_FROM for t in long_terms) else ""
    return _Query(terms, _fts_query(long_terms) if long_terms else "", tolerant, short, [],
                  "".join(f" AND {c}" for c in conds), args)


# A typed number's phrase is also found inside longer numbers (ว 56 in ว 562): this many
# times the letters wanted are read from the index, and those where it stands alone kept.
NUMBER_READ_AHEAD = 4


def _number_hits(reg, q: _Query, limit: int) -> list[tuple[int, str]]:
    """(id, snippet) of the letters, newest first, that print the number ``q`` asks for,
    not as the start or the end of a longer one."""
    rows = reg.conn.execute(
        "SELECT l.id, t.doc_no, t.subject, t.issuer, t.recipients, t.body FROM letter_text_fts "
        "JOIN letter_text t ON t.letter_id = letter_text_fts.rowid JOIN letters l ON l.id = t.letter_id "
        f"WHERE letter_text_fts MATCH ?{q.extra} ORDER BY letter_text_fts.rowid DESC LIMIT ?",
        (q.match, *q.args, limit * NUMBER_READ_AHEAD))
    return alone_hits(rows, q.number, limit)


def alone_hits(rows, phrases: list[str], limit: int) -> list[tuple[int, str]]:
    """(id, snippet) of the rows (id, then its texts) that print one of ``phrases`` not as the
    start or the end of a longer number."""
    alone = re.compile("(?<![0-9])(?:" + "|".join(map(re.escape, sorted(phrases, key=len, reverse=True)))
                       + ")(?![0-9])")
    out = []
    for letter_id, *texts in rows:
        for text in texts:
            m = alone.search(text or "")
            if m:
                a, b = m.span()
                out.append((letter_id, text[max(0, a - 20):a] + HIGHLIGHT[0] + m.group() + HIGHLIGHT[1] + text[b:b + 20]))
                break
    return out[:limit]


def text_ids(reg, query: str, where, params, cap: int) -> list[int]:
    """Every letter ``fulltext`` could return (up to ``cap``), unranked: for counting."""
    q = conditions(query, where, params)
    if q.number:
        return [i for i, _ in _number_hits(reg, q, cap)]
    if q.match:
        sql = ("SELECT l.id FROM letter_text_fts JOIN letter_text t ON t.letter_id = letter_text_fts.rowid "
               f"JOIN letters l ON l.id = t.letter_id WHERE letter_text_fts MATCH ?{q.extra} LIMIT ?")
        ids = [i for (i,) in reg.conn.execute(sql, (q.match, *q.args, cap))]
        if not ids and q.tolerant:
            ids = [i for (i,) in reg.conn.execute(sql, (q.tolerant, *q.args, cap))]
        return ids
    if q.short:
        return [i for (i,) in reg.conn.execute(
            f"SELECT l.id FROM letter_text t JOIN letters l ON l.id = t.letter_id WHERE TRUE{q.extra} LIMIT ?",
            (*q.args, cap))]
    return []


# Above this many matching letters bm25 is not worth its cost (it scores every match:
# ~1 s for a phrase found in 50,000 letters, ~9 µs a match); the capped ranking below is used
# instead. Counting to the line costs about as much as ranking that many (both read each
# match), so the line is low: ~5 ms each at 500 on 100,000 letters (bench/web_latency.py).
RANK_ALL_BELOW = 500
WEIGHTS = "2.0, 10.0, 2.0, 2.0, 1.0"  # doc_no, subject, issuer, recipients, body


def _ranked(reg, match: str, extra: str, args: list, limit: int, subject: tuple | None = None) -> list[tuple]:
    """(id, score, snippet), best first. Few matches: all ranked by bm25. Very many (bm25
    would read every match: its idf of a phrase counts them): letters whose subject holds
    every term (``subject``: the terms, and the filters without the short-term ones) first, then the rest newest first (highest id, read from the index in
    rowid order and stopped at the cap), neither scored by bm25."""
    # the newest matches, up to one past the line: whether bm25 may rank them all, and (with
    # no filter) the capped ranking's letters too, so that the phrase is matched once
    newest = _newest(reg, match, max(RANK_ALL_BELOW + 1, 2 * limit))
    many = len(newest) > RANK_ALL_BELOW
    snip = "snippet(letter_text_fts, -1, ?, ?, '…', 48)"
    join = ("FROM letter_text_fts JOIN letter_text t ON t.letter_id = letter_text_fts.rowid "
            "JOIN letters l ON l.id = t.letter_id ")
    if not many:
        return reg.conn.execute(f"SELECT l.id, -bm25(letter_text_fts, {WEIGHTS}), {snip} {join}"
                                f"WHERE letter_text_fts MATCH ?{extra} ORDER BY bm25(letter_text_fts, {WEIGHTS}) "
                                "LIMIT ?", (*HIGHLIGHT, match, *args, limit)).fetchall()
    cap = max(limit, 50)
    in_subject = _subject_hits(reg, *subject, cap) if subject else []
    out = []
    if in_subject:  # the snippet is the subject itself, marked (the text index would seek each letter)
        top = in_subject[:limit]
        subjects = dict(reg.conn.execute(f"SELECT letter_id, subject FROM letter_text WHERE letter_id IN "
                                         f"({','.join('?' * len(top))})", top).fetchall())
        out = [(i, 49 - 24 * n / cap, mark_all(subjects.get(i) or "", subject[0])) for n, i in enumerate(top)]
    if len(out) < limit:
        seen = {r[0] for r in out}
        # the score of the n-th of them counts ``cap`` places; only the letters returned are read
        want = limit - len(out) + len(seen)
        if extra or not subject:
            rest = reg.conn.execute(f"SELECT l.id, {snip} {join}WHERE letter_text_fts MATCH ?{extra} "
                                    "ORDER BY letter_text_fts.rowid DESC LIMIT ?",
                                    (*HIGHLIGHT, match, *args, want)).fetchall()
        else:  # every match is a letter: the newest ones, their snippets cut from their text
            rest = snippets(reg, newest[:want], subject[0])
        rest = [r for r in rest if r[0] not in seen]
        out += [(i, 24 - 23 * n / (cap + len(seen)), sn) for n, (i, sn) in enumerate(rest)]
    return out[:limit]  # scores fall with the rank, in two bands: callers sorting by score keep the order


def _newest(reg, match: str, count: int) -> list[int]:
    """The ids of the ``count`` newest letters matching, newest first, read as one row: each
    row fetched lets go of Python's lock and takes it back, and among a busy server's
    threads each taking back waits its turn."""
    joined = reg.conn.execute("SELECT group_concat(rowid) FROM (SELECT rowid FROM letter_text_fts "
                              "WHERE letter_text_fts MATCH ? ORDER BY rowid DESC LIMIT ?)", (match, count)).fetchone()[0]
    return sorted((int(i) for i in joined.split(",")), reverse=True) if joined else []


SNIPPET_BEFORE, SNIPPET_AFTER = 20, 60   # characters of a snippet around the first term found


def snippets(reg, ids: list[int], terms: list[str]) -> list[tuple[int, str]]:
    """(id, snippet) in the order of ``ids``: the text around the first of the terms in the
    letter's body (else its subject, issuer, recipients, number), every term in it marked;
    the index's own snippet() would match the phrase again for each letter."""
    if not ids:
        return []
    rows = {r[0]: r[1:] for r in reg.conn.execute(
        "SELECT letter_id, body, subject, issuer, recipients, doc_no FROM letter_text WHERE letter_id IN "
        f"({','.join('?' * len(ids))})", ids)}
    wanted = [t.lower() for t in terms if t]
    out = []
    for i in ids:
        for text in rows.get(i, ()):
            low = (text or "").lower()   # the index matches Latin letters in either case
            at = min((p for p in (low.find(t) for t in wanted) if p >= 0), default=-1)
            if at >= 0:
                a, b = max(0, at - SNIPPET_BEFORE), min(len(text), at + SNIPPET_AFTER)
                cut = mark_all(text[a:b], wanted, re.IGNORECASE)   # the index ignores Latin case
                out.append((i, ("…" if a else "") + cut + ("…" if b < len(text) else "")))
                break
        else:
            out.append((i, ""))
    return out


def _subject_hits(reg, terms: list[str], extra: str, args: list, cap: int) -> list[int]:
    """The newest letters whose subject holds every term (short ones too; ``extra`` filters
    on the letters only), through the distinct subjects
    (index on subject_key), not the text index: a phrase in every body but no subject
    would otherwise be checked letter by letter."""
    folded = [re.sub(r"[\s\"'“”.]+", "", t) for t in terms]
    if not folded or not all(folded):
        return []
    keys = [k for k in _distinct_subjects(reg) if all(f in k for f in folded)]
    if not keys:
        return []
    # the cap written into the SQL: with ``LIMIT ?`` SQLite cannot tell the limit is small and
    # walks every letter newest first (6.5 ms on 100,000) instead of the subject index (0.1 ms)
    return [i for (i,) in reg.conn.execute(
        f"SELECT l.id FROM letters l WHERE l.subject_key IN ({','.join('?' * len(keys))}){extra} "
        f"ORDER BY l.id DESC LIMIT {int(cap)}", (*keys, *args))]


def _distinct_subjects(reg) -> list[str]:
    """Every distinct subject key, kept on the registry object until the file changes
    (PRAGMA data_version moves when another connection commits, total_changes for ours):
    subjects repeat down the chains, so there are far fewer than letters."""
    version = (reg.conn.execute("PRAGMA data_version").fetchone()[0], reg.conn.total_changes)
    cached = getattr(reg, "_subjects_cache", None)
    if not cached or cached[0] != version:
        cached = (version, [k for (k,) in reg.conn.execute(
            "SELECT DISTINCT subject_key FROM letters WHERE subject_key IS NOT NULL")])
        reg._subjects_cache = cached
    return cached[1]

