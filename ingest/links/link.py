"""Links between letters: which letter forwards, cites or endorses which.

A link joins a parent (upstream: the letter forwarded or cited) to a child (the letter
that forwards or cites it). Kinds, strongest first:

- ``reference``   the child's อ้างถึง names the parent's number
- ``endorsement`` the child is an endorsement written on the parent's sheet
- ``citation``    the opening sentence cites it (ตามหนังสือ … ที่ … ลงวันที่ …)
- ``enclosure``   the enclosures list a copy of it (สำเนาหนังสือ … ที่ …)
- ``bundle``      the parent was scanned right behind the child in the same file
- ``subject``     weaker: the same เรื่อง, a later date, a lower level of government

A cited letter not yet scanned is a placeholder: the link keeps its number and date
(parent_id NULL) and is joined when the letter arrives. Every link is a function of the
set of registered letters, recomputed for whatever a new or corrected letter touches,
so the order of ingestion does not change the result.
"""
from __future__ import annotations

import difflib
import json
import re
from datetime import date

from ..thai.agencies import MINISTRIES, PROVINCES
from .citing import ISSUER_CITE_RE, citations, issuer_cited, office_name, parse_thai_date, subject_key
from ..thai.keys import doc_no_display, doc_no_key
from ..registry.migrations import LINK_HEAD, LINK_TAIL, decode_page
from ..registry.numbers import key_halves
from ..thai.digits import arabic_digits
from .parents import (best_parent, code_prefix, dates_agree, days_between, key_distance,
                      neighbour_fits, number_clusters, one_slip_apart)

STRENGTH = {"reference": 6, "endorsement": 6, "citation": 5, "enclosure": 5, "bundle": 3,
            "subject": 1}
SUBJECT_WINDOW_DAYS = 120


def agency_code(rec: dict) -> str | None:
    code = rec.get("issuer_code")
    if not code and rec.get("doc_no"):
        m = re.match(r"([ก-ฮ]{1,4})\s", doc_no_display(rec["doc_no"]))
        code = m.group(1) if m else None
    return code.rstrip(".") if code else None


def level_of(rec: dict) -> int | None:
    """0 ministry, 1 department, 2 province, 3 district, 4 local office; None unknown."""
    issuer = rec.get("issuer") or ""
    if re.search(r"เทศบาล|องค์การบริหารส่วนตำบล|อบต", issuer):
        return 4
    if "อำเภอ" in issuer or "องค์การบริหารส่วนจังหวัด" in issuer:
        return 3
    if "จังหวัด" in issuer or "ศาลากลาง" in issuer:
        return 2
    if issuer.startswith("กรม") or "กรม" in issuer[:12]:
        return 1
    if "กระทรวง" in issuer or "สำนักนายกรัฐมนตรี" in issuer:
        return 0
    code = agency_code(rec)
    if code in PROVINCES:
        # Province and district offices share the province code; the district ones
        # number their sub-unit above 10 under the local-administration unit 0023.
        m = re.search(r"\d+\.(\d+)", arabic_digits(rec.get("doc_no") or ""))
        return 3 if m and int(m.group(1)) > 10 else 2
    return 0 if code in MINISTRIES else None


def _file_letters(reg, sha: str) -> list[dict]:
    """A file's letters with the text of their pages as printed (the index keeps a folded
    copy without Thai spaces: evidence quotes the page)."""
    rows = reg.q("SELECT l.id, l.seq, l.kind, l.doc_no, l.doc_no_key AS key, l.date, l.subject, l.issuer_code, "
                 "l.subject_key, l.source, l.\"references\", l.enclosures FROM letters l "
                 "WHERE l.file_sha256 = ? ORDER BY l.seq", (sha,))
    if not rows:
        return rows
    texts = {n: "\n".join(line["text"] for line in decode_page(data).get("lines", [])) for n, data in
             reg.conn.execute("SELECT number, data FROM pages WHERE file_sha256 = ?", (sha,))}
    for r in rows:
        r["pages"] = json.loads(r["source"] or "{}").get("pages") or []
        r["references"] = json.loads(r["references"] or "[]")
        r["enclosures"] = json.loads(r["enclosures"] or "[]")
        r["body"] = "\n".join(texts.get(n, "") for n in r["pages"])
    return rows


def _insert(reg, parent_id, child_id, kind, evidence, key=None, doc_no=None, when=None) -> None:
    reg.conn.execute("INSERT INTO links (parent_id, child_id, kind, evidence, parent_key, "
                     "parent_doc_no, parent_date, strength) VALUES (?,?,?,?,?,?,?,?)",
                     (parent_id, child_id, kind, evidence, key, doc_no, when, STRENGTH[kind]))


def _bundle_parents(letters: list[dict]) -> dict[int, tuple[dict, str, str]]:
    """child id -> (parent row, kind, evidence) from the order of the scan."""
    out = {}
    main = [r for r in letters if r["kind"] != "endorsement"]
    for above, below in zip(main, main[1:]):
        gap = days_between(below["date"], above["date"])
        if gap is not None and -366 < gap < 0 and not dates_agree(below["date"], above["date"]):
            continue  # a letter cannot forward one written after it (years apart: a misread year)
        if not _related(above, below):
            continue  # two unrelated letters scanned into one file
        out[above["id"]] = (below, "bundle",
                            f"scanned behind {above['doc_no'] or 'the letter above'} "
                            f"(pages {above['pages']} then {below['pages']})")
    for r in letters:
        if r["kind"] != "endorsement":
            continue
        first = (r["pages"] or [None])[0]
        hosts = [m for m in main if first in m["pages"]] or \
                [m for m in main if m["seq"] < r["seq"]][-1:]
        if hosts:
            host = hosts[-1]
            out[r["id"]] = (host, "endorsement",
                            f"endorsement written on {host['doc_no'] or 'the letter'} (page {first})")
    return out


def _related(above: dict, below: dict) -> bool:
    """Scanned one behind the other is evidence only when nothing says otherwise: the
    upper letter cites the lower, or their subjects agree (or one was not read)."""
    keys = [doc_no_key(c[1]) for c in _mentions(above)]
    if below["key"] and any(k and one_slip_apart(k, below["key"]) for k in keys):
        return True
    a, b = subject_key(above["subject"]), subject_key(below["subject"])
    if not a or not b:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.8


def _mentions(r: dict) -> list[tuple]:
    return [(c["kind"], c["doc_no"]) for c in citations(r, r.get("body") or "")]


def relink_file(reg, sha: str) -> None:
    """Recompute every link of a file's letters, join placeholders they fill, and redo
    subject links around them. The caller holds the transaction."""
    relink_files(reg, [sha])


def relink_files(reg, shas) -> None:
    """relink_file for many files at once: each number and subject they touch is resolved
    once at the end (a bulk import), which gives the same links as one file at a time."""
    keys, subjects = set(), set()
    for sha in dict.fromkeys(shas):
        letters = _file_letters(reg, sha)
        if letters:
            _link_letters(reg, letters)
            keys |= {r["key"] for r in letters if r["key"]}
            subjects |= {r["subject_key"] for r in letters if r["subject_key"]}
    for key in sorted(keys):
        resolve_key(reg, key)
        resolve_near(reg, key)
    for sk in sorted(subjects):
        relink_subject(reg, sk)


def _link_letters(reg, letters: list[dict]) -> None:
    ids = [r["id"] for r in letters]
    reg.conn.execute(f"DELETE FROM links WHERE child_id IN ({','.join('?' * len(ids))})", ids)
    neighbours = _bundle_parents(letters)
    for r in letters:
        hop = neighbours.get(r["id"])
        nb = hop[0] if hop and hop[1] == "bundle" else None
        cited = citations(r, r["body"])
        single = len(number_clusters([c["key"] for c in cited])) == 1
        for c in cited:
            parent = best_parent(reg, c["key"], c["date"], r["id"], nb)
            if parent is None and nb and neighbour_fits(c, nb, single):
                parent = nb["id"]
            _insert(reg, parent, r["id"], c["kind"], c["evidence"], c["key"], c["doc_no"], c["date"])
        if hop:
            _insert(reg, hop[0]["id"], r["id"], hop[1], hop[2])


def resolve_key(reg, key: str) -> None:
    """Point every citation of ``key`` at the letter it now best means."""
    rows = reg.q("SELECT k.id, k.child_id, k.parent_date, k.parent_id, l.file_sha256, l.seq, "
                 "p.file_sha256 AS parent_file FROM links k JOIN letters l ON l.id = k.child_id "
                 "LEFT JOIN letters p ON p.id = k.parent_id WHERE k.parent_key = ?", (key,))
    for row in rows:
        nb = _bundle_neighbour(reg, row["file_sha256"], row["seq"])
        parent = best_parent(reg, key, row["parent_date"], row["child_id"], nb)
        if parent is None and row["parent_file"] == row["file_sha256"]:
            continue  # joined to its neighbour in the scan when the file was linked: that stands
        if parent != row["parent_id"]:
            reg.conn.execute("UPDATE links SET parent_id = ? WHERE id = ?", (parent, row["id"]))


def resolve_near(reg, key: str) -> None:
    """Citations whose number may be a misreading of ``key`` (unresolved, or resolved
    by a fuzzy match) are resolved again now that ``key`` is registered: the mirror of
    _same_shape in parents.py."""
    if not code_prefix(key):
        return
    head, tail = key_halves(key)
    for (other,) in reg.conn.execute(
            f"SELECT parent_key FROM links WHERE {LINK_HEAD} = ? AND length(parent_key) = ? AND parent_key != ? "
            f"UNION SELECT parent_key FROM links WHERE {LINK_TAIL} = ? AND length(parent_key) IN (?, ?) "
            "AND parent_key != ?", (head, len(key), key, tail, len(key), len(key) - 2, key)).fetchall():
        if key_distance(key, other) <= 0.8:
            resolve_key(reg, other)


def _bundle_neighbour(reg, sha: str, seq: int) -> dict | None:
    rows = reg.q("SELECT id, doc_no_key AS key, date FROM letters WHERE file_sha256 = ? AND seq > ? "
                 "AND kind != 'endorsement' ORDER BY seq LIMIT 1", (sha, seq))
    return rows[0] if rows else None


def relink_subject(reg, sk: str) -> None:
    """Links among letters sharing a subject. A letter whose opening names the office
    that wrote to it (ด้วยกระทรวง…แจ้งว่า, no number) cites that office's letter of the
    same subject dated on or before it. Each other letter with no stronger parent hangs
    under the nearest letter one level up (same province when both have one), dated on
    or before it and within SUBJECT_WINDOW_DAYS."""
    group = reg.q("SELECT id, doc_no, issuer, issuer_code, date, level, subject, cited_issuer FROM letters "
                  "WHERE subject_key = ?", (sk,))
    ids = [g["id"] for g in group]
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    reg.conn.execute(f"DELETE FROM links WHERE child_id IN ({marks}) AND (kind = 'subject' OR "
                     "(kind = 'citation' AND parent_key IS NULL))", ids)
    strong = {c for (c,) in reg.conn.execute(
        f"SELECT DISTINCT child_id FROM links WHERE child_id IN ({marks})", ids)}
    offices = {a["id"]: office_name(a["issuer"]) for a in group} if any(b["cited_issuer"] for b in group) else {}
    for b in group:
        if b["cited_issuer"]:
            parent = _issuer_parent(group, b, offices)
            if parent:
                _insert(reg, parent["id"], b["id"], "citation", b["cited_issuer"])
                strong.add(b["id"])
    for b in group:
        if b["id"] in strong or b["level"] is None or not b["date"]:
            continue
        best, best_score = None, None
        for a in group:
            if a["id"] == b["id"] or a["level"] is None or not a["date"] or a["level"] >= b["level"]:
                continue
            gap = days_between(a["date"], b["date"])
            if gap < 0 or gap > SUBJECT_WINDOW_DAYS or not _same_province(a, b):
                continue
            score = (-a["level"], -date.fromisoformat(a["date"]).toordinal(), a["id"])
            if best_score is None or score < best_score:
                best, best_score = a, score
        if best:
            _insert(reg, best["id"], b["id"], "subject",
                    f"same subject “{b['subject']}”, {best['date']} → {b['date']}")


def _issuer_parent(group: list[dict], b: dict, offices: dict[int, str]) -> dict | None:
    """The latest letter of the named office in the subject group, dated on or before b
    (``offices``: each member's office name, folded once per group)."""
    m = ISSUER_CITE_RE.search(b["cited_issuer"])
    named = office_name(m.group(1)) if m else ""
    best = None
    for a in group:
        office = offices[a["id"]]
        if a["id"] == b["id"] or len(office) < 5 or not (office in named or named in office):
            continue
        gap = days_between(a["date"], b["date"])
        if gap is not None and (gap < 0 or gap > SUBJECT_WINDOW_DAYS):
            continue
        if best is None or (a["date"] or "", a["id"]) > (best["date"] or "", best["id"]):
            best = a
    return best


def _same_province(a: dict, b: dict) -> bool:
    pa, pb = agency_code(a), agency_code(b)
    return not (pa in PROVINCES and pb in PROVINCES and pa != pb)


def detach(reg, ids: list[int]) -> None:
    """Before letters are removed: links from them go, links to them become placeholders."""
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    reg.conn.execute(f"DELETE FROM links WHERE child_id IN ({marks})", ids)
    reg.conn.execute(f"DELETE FROM links WHERE parent_id IN ({marks}) AND parent_key IS NULL", ids)
    reg.conn.execute(f"UPDATE links SET parent_id = NULL WHERE parent_id IN ({marks})", ids)


def links_of(reg, letter_id: int) -> list[dict]:
    """The letters linked to one letter, upstream ("up") and downstream ("down"): each
    letter (or placeholder) once, under its strongest link, with the other kinds it is
    linked by in ``also`` (a letter both cited and scanned behind is one source). Each
    carries what names it: number, issuer, date and kind."""
    out: dict[tuple, dict] = {}
    for direction, mine, other in (("up", "child_id", "parent_id"), ("down", "parent_id", "child_id")):
        for row in reg.q(f"SELECT k.*, o.doc_no AS o_doc_no, o.date AS o_date, o.issuer, o.kind AS o_kind "
                         f"FROM links k {'LEFT ' if direction == 'up' else ''}JOIN letters o ON o.id = k.{other} "
                         f"WHERE k.{mine} = ? ORDER BY k.strength DESC, k.id", (letter_id,)):
            key = (direction, row[other] or row["parent_key"] or f"link {row['id']}")
            if key in out:
                if row["kind"] != out[key]["kind"] and row["kind"] not in out[key]["also"]:
                    out[key]["also"].append(row["kind"])
                continue
            out[key] = {"direction": direction, "kind": row["kind"], "id": row[other],
                        "doc_no": row["o_doc_no"] or row["parent_doc_no"] if direction == "up" else row["o_doc_no"],
                        "date": row["o_date"] or row["parent_date"] if direction == "up" else row["o_date"],
                        "issuer": row["issuer"], "letter_kind": row["o_kind"], "also": [],
                        "placeholder": row[other] is None, "evidence": row["evidence"]}
    return list(out.values())
