"""The library calls the pages make, in one place: search, chains, the register,
corrections, the review queue. Pages only parse input and present what these return."""
from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from ..chains import to_json, trace
from ..corrections import edit as lib_edit, history as lib_history
from ..register_book import groups, register, rows
from ..search import HIGHLIGHT, search as lib_search
from .wording import flag_thai

SHA256 = re.compile(r"^[0-9a-f]{64}$")


# -- search -----------------------------------------------------------------------------

def search(reg, query: str, **filters) -> list[dict]:
    filters = {k: v for k, v in filters.items() if v}
    return lib_search(reg, query, **filters) if query.strip() else []


def highlight(snippet: str | None) -> Markup:
    """A search snippet as safe HTML: the text escaped, the library's [markers] as <mark>."""
    if not snippet:
        return Markup("")
    start, end = HIGHLIGHT
    out, rest = [], snippet
    while start in rest and end in rest[rest.index(start):]:
        i = rest.index(start)
        j = rest.index(end, i)
        out.append(escape(rest[:i]))
        out.append(f"<mark>{escape(rest[i + len(start):j])}</mark>")
        rest = rest[j + len(end):]
    out.append(escape(rest))
    return Markup("".join(out))


# -- chains, register, corrections: straight to the library ---------------------------

def chain(reg, letter_id: int, direction: str = "both") -> dict:
    """The chain through one letter, as ``chains.trace`` gives it."""
    return trace(reg, letter_id, direction)


def chain_json(chain_: dict) -> dict:
    return to_json(chain_)


def register_groups(reg, date_from: str | None, date_to: str | None):
    """[(receipt date, rows)] of the receiving register, rows as ``register_book.rows``."""
    found = rows(reg, date_from, date_to)
    _flags_in_thai(reg, found)
    return groups(found)


def _flags_in_thai(reg, register_rows: list[dict]) -> None:
    """The register's remarks name the flags in the library's English: on the screen (and its
    printout) the clerk reads them in Thai. The downloads keep the library's text."""
    ids = [r["id"] for r in register_rows]
    flags = {rec["id"]: rec.get("flags") or [] for rec in (reg.letters(ids=ids) if ids else [])}
    for r in register_rows:
        english = flags.get(r["id"])
        note = r["values"].get("หมายเหตุ", "")
        said = "ตรวจสอบ: " + ", ".join(english or [])
        if english and said in note:
            r["values"]["หมายเหตุ"] = note.replace(
                said, "ตรวจสอบ: " + ", ".join(flag_thai(f) or f for f in english))


def register_file(reg, fmt: str, date_from: str | None, date_to: str | None) -> bytes:
    data = register(reg, date_from, date_to, fmt=fmt)
    return data.encode("utf-8-sig" if fmt == "csv" else "utf-8") if isinstance(data, str) else data


def edit(reg, letter_id: int, field: str, value, user: str, reason: str | None) -> dict:
    return lib_edit(reg, letter_id, field, value, user=user, reason=reason or "")


def history(reg, letter_id: int) -> list[dict]:
    return lib_history(reg, letter_id)


# -- review queue ---------------------------------------------------------------------

URGENCY_RANK = {"ด่วนที่สุด": 0, "ด่วนมาก": 1, "ด่วน": 2, None: 3}


def review_queue(reg, limit: int = 500) -> list[dict]:
    """Letters that still carry flags, most urgent first, then oldest receipt first."""
    rows = reg.q("SELECT id FROM letters WHERE flags IS NOT NULL AND flags NOT IN ('[]', 'null', '') "
                 "ORDER BY id LIMIT ?", (limit,))
    letters = reg.letters(ids=[r["id"] for r in rows]) if rows else []
    letters.sort(key=lambda r: (URGENCY_RANK.get(r.get("urgency"), 3),
                                (r.get("receipt") or {}).get("date") or r.get("date") or "9999",
                                r["id"]))
    return letters


def counts(reg) -> dict:
    row = reg.q("SELECT COUNT(*) AS letters, "
                "SUM(flags IS NOT NULL AND flags NOT IN ('[]', 'null', '')) AS flagged, "
                "COUNT(DISTINCT file_sha256) AS files FROM letters")[0]
    return {k: row[k] or 0 for k in row}
