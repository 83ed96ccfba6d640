"""The library calls the pages make, in one place: search, chains, the register,
corrections, the review queue. Pages only parse input and present what these return."""
from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from ..links.chains import to_json, trace
from ..registry.corrections import edit as lib_edit, history as lib_history
from ..registry.migrations import FLAGGED, QUEUE_KEY
from ..registry.book import groups, register, rows_page
from ..registry.search import HIGHLIGHT, count, search as lib_search
from .wording import flag_thai

SHA256 = re.compile(r"^[0-9a-f]{64}$")


# -- search -----------------------------------------------------------------------------

def search(reg, query: str, **filters) -> list[dict]:
    filters = {k: v for k, v in filters.items() if v}
    return lib_search(reg, query, **filters) if query.strip() else []


def search_page(reg, query: str, offset: int, limit: int, **filters) -> tuple[list[dict], int, bool]:
    """One page of results (``limit`` from ``offset``), how many there are in all, and
    whether that count is a floor (counting stops at ``search.COUNT_CAP``)."""
    filters = {k: v for k, v in filters.items() if v}
    if not query.strip():
        return [], 0, False
    found = search(reg, query, limit=offset + limit, **filters)[offset:]
    total, capped = count(reg, query, **filters)
    return found, max(total, offset + len(found)), capped


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


def register_groups(reg, date_from: str | None, date_to: str | None, office: str | None = None,
                    offset: int = 0, limit: int | None = None):
    """([(receipt date, rows)], total) of one page of the receiving register of ``office``,
    rows as ``register_book.rows``, the flags in หมายเหตุ in the clerk's Thai."""
    found, total = rows_page(reg, date_from, date_to, office, offset, limit, word=_flag_word)
    return groups(found), total


def _flag_word(flag: str) -> str:
    return flag_thai(flag) or flag


def register_file(reg, fmt: str, date_from: str | None, date_to: str | None,
                  office: str | None = None) -> bytes:
    """The register downloaded from the workspace: read by the office, so in Thai too."""
    data = register(reg, date_from, date_to, fmt=fmt, office=office, word=_flag_word)
    return data.encode("utf-8-sig" if fmt == "csv" else "utf-8") if isinstance(data, str) else data


def edit(reg, letter_id: int, field: str, value, user: str, reason: str | None) -> dict:
    return lib_edit(reg, letter_id, field, value, user=user, reason=reason or "")


def history(reg, letter_id: int) -> list[dict]:
    return lib_history(reg, letter_id)


# -- review queue ---------------------------------------------------------------------

def _by_queue(reg) -> str:
    """SQLite is told to walk the queue's index (its planner would sort every flagged letter);
    PostgreSQL's planner finds it."""
    return "INDEXED BY letters_queue " if reg.kind == "sqlite" else ""


def queue_ids(reg, offset: int = 0, limit: int | None = None) -> list[int]:
    """Ids of the letters that still carry flags, most urgent first, then oldest receipt first."""
    return [r["id"] for r in reg.q(f"SELECT id FROM letters {_by_queue(reg)}WHERE {FLAGGED} "
                                   f"ORDER BY {QUEUE_KEY} LIMIT ? OFFSET ?",
                                   (2**62 if limit is None else limit, offset))]


def next_in_queue(reg, after_id: int) -> int | None:
    """The flagged letter after ``after_id`` in the queue's order, round to the first at the
    end; the first when ``after_id`` is not flagged (any more). Walks down the queue's index."""
    key = reg.q(f"SELECT {QUEUE_KEY} FROM letters WHERE id = ? AND {FLAGGED}", (after_id,))
    if key:
        later = reg.q(f"SELECT id FROM letters {_by_queue(reg)}WHERE {FLAGGED} "
                      f"AND ({QUEUE_KEY}) > (?, ?, ?) ORDER BY {QUEUE_KEY} LIMIT 1", tuple(key[0].values()))
        if later:
            return later[0]["id"]
    return next((i for i in queue_ids(reg, 0, 2) if i != after_id), None)


def review_queue(reg, offset: int = 0, limit: int = 500) -> list[dict]:
    """One page of the review queue, in the order of ``queue_ids``."""
    ids = queue_ids(reg, offset, limit)
    letters = {r["id"]: r for r in reg.letters(ids=ids)} if ids else {}
    return [letters[i] for i in ids if i in letters]


def counts(reg) -> dict:
    row = reg.q("SELECT COUNT(*) AS letters, "
                f"SUM(CASE WHEN {FLAGGED} THEN 1 ELSE 0 END) AS flagged, "
                "COUNT(DISTINCT file_sha256) AS files FROM letters")[0]
    return {k: row[k] or 0 for k in row}
