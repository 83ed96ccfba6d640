"""Finding letters: by reference number typed any way, and by Thai words.

A query that looks like a reference number is looked up by its normalized key first
(exact), then by an OCR-aware fuzzy match among numbers of the same agency. Thai words
and phrases go to SQLite FTS5 with the ``trigram`` tokenizer: Thai has no spaces, and
the trigram index finds any substring of 3 characters or more without a dictionary
(measured against PyThaiNLP word segmentation in tests/test_search.py). Index text and
query are folded the same way (:func:`fts_text`), so spacing and digit script do not
matter. Shorter terms are checked with a substring scan.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from ..thai.keys import doc_no_key
from ..thai.digits import CONSONANT_LOOKALIKES, arabic_digits
from ..thai.patterns import DOC_NO_QUERY

HIGHLIGHT = ("[", "]")
_THAI = "\u0e00-\u0e7f"
_SPACE_IN_THAI = re.compile(rf"(?<=[{_THAI}])\s+(?=[{_THAI}])")

# Digits the OCR mixes up (Thai digits are read after folding to Arabic: the stock
# Thai model turns ๖ into ๒, ๔ into ๕, ...): substituting one for the other is cheap.
CONFUSED = {frozenset(p) for p in ("62", "45", "73", "89", "95", "86", "08", "17", "38", "56")}
# Letters of an agency code the OCR mixes up (ซบ for ชบ, อป for อบ): as cheap as a digit.
CONFUSED |= {frozenset(p) for p in CONSONANT_LOOKALIKES}


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


def date_range(column: str, date_from=None, date_to=None) -> tuple[list[str], list[str]]:
    """SQL conditions (and their parameters) for ``column`` between two ISO dates, each optional."""
    where, params = [], []
    for op, value in ((">=", date_from), ("<=", date_to)):
        if value:
            where.append(f"{column} {op} ?")
            params.append(str(value))
    return where, params


def _filters(date_from=None, date_to=None, urgency=None, issuer=None, kind=None):
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


def doc_no_matches(reg, query: str, where=(), params=(), limit: int = 10) -> list[tuple[int, float]]:
    """(letter id, score) for a typed reference number: 100 exact, then fuzzy below 90."""
    key = doc_no_key(query)
    if not key:
        return []
    extra = "".join(f" AND {w}" for w in where)
    exact = [(r[0], 100.0) for r in reg.conn.execute(
        f"SELECT l.id FROM letters l WHERE l.doc_no_key = ?{extra} ORDER BY l.date DESC",
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
        f"AND +l.doc_no_key >= ? AND +l.doc_no_key < ?{extra}", (tail, prefix, prefix + "\uffff", *params)).fetchall()
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


def _terms(query: str) -> list[str]:
    """Words typed apart are searched apart (all must occur); a quoted phrase stays whole.

    >>> _terms('ยุงลาย ขอให้ "ซักซ้อม แนวทาง" ๒๕๖๗')
    ['ซักซ้อมแนวทาง', 'ยุงลาย', 'ขอให้', '2567']
    """
    phrases = [fts_text(p) for p in re.findall(r'"([^"]+)"', query or "")]
    rest = re.sub(r'"[^"]*"', " ", query or "")
    return [t for t in phrases + [fts_text(w) for w in rest.split()] if t]


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
        if len(t) < 9:
            parts.append(_fts_query([t]))
            continue
        i, j = len(t) // 3, 2 * len(t) // 3
        a, b, c = (_fts_query([x]) for x in (t[:i], t[i:j], t[j:]))
        parts.append(f"(({a} AND {b}) OR ({a} AND {c}) OR ({b} AND {c}))")
    return " AND ".join(parts)


def fulltext(reg, query: str, where=(), params=(), limit: int = 20) -> list[dict]:
    """Letters containing every term of ``query``, best first, with a highlighted snippet."""
    q = _conditions(query, where, params)
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
               f"JOIN letters l ON l.id = t.letter_id WHERE 1{q.extra} ORDER BY l.date DESC LIMIT ?")
        rows = [(i, s, _mark(snip, q.short[0])) for i, s, snip in
                reg.conn.execute(sql, (q.short[0], *q.args, limit)).fetchall()]
    else:
        rows = []
    return [{"id": i, "score": round(s, 3), "snippet": snip} for i, s, snip in rows]


class _Query(NamedTuple):
    terms: list[str]        # every term, as the index stores text
    match: str              # the FTS5 expression of the terms of 3 characters or more ("" when none)
    tolerant: str           # the expression to try when ``match`` finds nothing ("" when none)
    short: list[str]        # terms under 3 characters, checked by a substring scan
    number: list[str]       # a reference number's phrases (``_number_phrases``); [] for words
    extra: str              # the SQL conditions every match meets
    args: list


def _conditions(query: str, where, params) -> _Query:
    """What ``query`` asks the index for. A reference number is one phrase as letters print
    it (code, number, ว and serial, spaced or not): its short parts (the code, a short
    serial) would otherwise be scanned for in every letter that has the number's middle."""
    conds, args = list(where), list(params)
    number = _number_phrases(query)
    if number:
        return _Query(_terms(query), _fts_query(number, " OR "), "", [], number,
                      "".join(f" AND {c}" for c in conds), args)
    terms = _terms(query)
    long_terms = [t for t in terms if len(t) >= 3]
    short = [t for t in terms if len(t) < 3]
    for t in short:  # the trigram index cannot see terms under 3 characters
        conds.append("(instr(t.subject, ?) OR instr(t.body, ?) OR instr(t.issuer, ?) "
                     "OR instr(t.recipients, ?) OR instr(t.doc_no, ?))")
        args += [t] * 5
    tolerant = _tolerant_query(long_terms) if any(len(t) >= 9 for t in long_terms) else ""
    return _Query(terms, _fts_query(long_terms) if long_terms else "", tolerant, short, [],
                  "".join(f" AND {c}" for c in conds), args)


def _number_phrases(query: str) -> list[str]:
    """A typed reference number as the index would hold it where a letter prints it, with
    and without the spaces after its code and its ว (none when the query is no number).

    >>> _number_phrases("ที่ ศธ. ๐๒๐๖.๓/ว ๔๗๘")
    ['ศธ 0206.3/ว 478', 'ศธ 0206.3/ว478', 'ศธ0206.3/ว 478', 'ศธ0206.3/ว478']
    >>> _number_phrases("150/2563"), _number_phrases("ซักซ้อม")
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


# A typed number's phrase is also found inside longer numbers (ว 56 in ว 562): this many
# times the letters wanted are read from the index, and those where it stands alone kept.
NUMBER_READ_AHEAD = 4


def _number_hits(reg, q: _Query, limit: int) -> list[tuple[int, str]]:
    """(id, snippet) of the letters, newest first, that print the number ``q`` asks for,
    not as the start or the end of a longer one."""
    phrases = sorted(q.number, key=len, reverse=True)
    alone = re.compile("(?<![0-9])(?:" + "|".join(map(re.escape, phrases)) + ")(?![0-9])")
    rows = reg.conn.execute(
        "SELECT l.id, t.doc_no, t.subject, t.issuer, t.recipients, t.body FROM letter_text_fts "
        "JOIN letter_text t ON t.letter_id = letter_text_fts.rowid JOIN letters l ON l.id = t.letter_id "
        f"WHERE letter_text_fts MATCH ?{q.extra} ORDER BY letter_text_fts.rowid DESC LIMIT ?",
        (q.match, *q.args, limit * NUMBER_READ_AHEAD))
    out = []
    for letter_id, *texts in rows:
        for text in texts:
            m = alone.search(text or "")
            if m:
                a, b = m.span()
                out.append((letter_id, text[max(0, a - 20):a] + HIGHLIGHT[0] + m.group() + HIGHLIGHT[1] + text[b:b + 20]))
                break
    return out[:limit]


def _text_ids(reg, query: str, where, params, cap: int) -> list[int]:
    """Every letter ``fulltext`` could return (up to ``cap``), unranked: for counting."""
    q = _conditions(query, where, params)
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
            f"SELECT l.id FROM letter_text t JOIN letters l ON l.id = t.letter_id WHERE 1{q.extra} LIMIT ?",
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
        out = [(i, 49 - 24 * n / cap, _mark_all(subjects.get(i) or "", subject[0])) for n, i in enumerate(top)]
    if len(out) < limit:
        seen = {r[0] for r in out}
        # the score of the n-th of them counts ``cap`` places; only the letters returned are read
        want = limit - len(out) + len(seen)
        if extra or not subject:
            rest = reg.conn.execute(f"SELECT l.id, {snip} {join}WHERE letter_text_fts MATCH ?{extra} "
                                    "ORDER BY letter_text_fts.rowid DESC LIMIT ?",
                                    (*HIGHLIGHT, match, *args, want)).fetchall()
        else:  # every match is a letter: the newest ones, their snippets cut from their text
            rest = _snippets(reg, newest[:want], subject[0])
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


def _snippets(reg, ids: list[int], terms: list[str]) -> list[tuple[int, str]]:
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
                cut = _mark_all(text[a:b], wanted, re.IGNORECASE)   # the index ignores Latin case
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


def _mark_all(text: str, terms: list[str], flags: int = 0) -> str:
    """Every occurrence of any term marked, longest terms first.

    >>> _mark_all("ซักซ้อมแนวทางการจัดเก็บเอกสาร", ["จัดเก็บ", "แนวทาง"])
    'ซักซ้อม[แนวทาง]การ[จัดเก็บ]เอกสาร'
    """
    pattern = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True) if t)
    return re.sub(f"({pattern})", lambda m: HIGHLIGHT[0] + m.group(1) + HIGHLIGHT[1], text,
                  flags=flags) if pattern else text


def _mark(text: str, term: str) -> str:
    return (text or "").replace(term, HIGHLIGHT[0] + term + HIGHLIGHT[1])


def search(reg, query: str, *, date_from=None, date_to=None, urgency=None, issuer=None,
           kind=None, limit: int = 20) -> list[dict]:
    """Search the registry; a reference number ranks its letter first.

    Returns ``[{"id", "doc_no", "date", "subject", "issuer", "kind", "score", "snippet",
    "match"}]`` best first; ``match`` is "doc_no", "doc_no~" (fuzzy) or "text".
    """
    where, params = _filters(date_from, date_to, urgency, issuer, kind)
    hits: dict[int, dict] = {}
    if looks_like_doc_no(query):
        for letter_id, score in doc_no_matches(reg, query, where, params, limit):
            hits[letter_id] = {"score": score, "snippet": None,
                               "match": "doc_no" if score >= 100 else "doc_no~"}
    for hit in fulltext(reg, query, where, params, limit):
        if hit["id"] not in hits:
            # text scores are bm25, squeezed below the fuzzy reference-number band
            hits[hit["id"]] = {"score": round(min(hit["score"], 49.0), 3),
                               "snippet": hit["snippet"], "match": "text"}
        elif not hits[hit["id"]]["snippet"]:
            hits[hit["id"]]["snippet"] = hit["snippet"]
    if not hits:
        return []
    ids = list(hits)
    rows = {r["id"]: r for r in reg.q(
        f"SELECT id, doc_no, date, subject, issuer, kind FROM letters WHERE id IN ({','.join('?' * len(ids))})",
        ids)}
    out = [{**rows[i], **hits[i]} for i in ids if i in rows]
    out.sort(key=lambda r: (-r["score"], r["id"]))
    return out[:limit]


COUNT_CAP = 1_000  # counting 10,000 matches of a common phrase takes ~90 ms on 20,000 letters; 1,000 ~20 ms


def count(reg, query: str, *, date_from=None, date_to=None, urgency=None, issuer=None,
          kind=None, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many letters ``search`` finds for ``query`` without its limit, and whether the
    counting stopped at ``cap`` (the number is then a floor)."""
    where, params = _filters(date_from, date_to, urgency, issuer, kind)
    ids = set(_text_ids(reg, query, where, params, cap))
    if looks_like_doc_no(query):
        ids.update(i for i, _ in doc_no_matches(reg, query, where, params, cap))
    return min(len(ids), cap), len(ids) >= cap
