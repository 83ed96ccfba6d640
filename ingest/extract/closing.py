"""The date of a notice or an order repaired from its dated footer.

The day of ``ประกาศ ณ วันที่ … กุมภาพันธ์ ๒๕๕๔`` is often written by hand on the typed line and
read as junk (``๒(จี``); the tables annexed to it print the date in full at their foot
(``แนบท้ายประกาศ… ลงวันที่ ๒๘ กุมภาพันธ์ ๒๕๕๔``). That footer confirms or repairs the day
when its month and year agree and the digits that could be read are among its own; it
stands in for a date not found at all. Either way the date is flagged for the clerk.
"""
from __future__ import annotations

import re

from ingest.extract.cells import Cell
from ingest.extract.dates import ThaiDate, day_and_month, find_dates
from ingest.thai.digits import arabic_digits

# ``แนบท้าย…`` as OCR leaves it (แนบข้าย, แนบห้าย), then ``ลงวันที่`` and a date
_FOOTER = re.compile(r"แนบ[ก-ฮ]?[\u0e48-\u0e4b]?าย.*?ลงวันที่\s*(?P<date>.+)$")


def footer_dates(cells: list[Cell]) -> list[tuple[ThaiDate, Cell]]:
    out = []
    for c in cells:
        m = _FOOTER.search(c.text)
        found = find_dates(m.group("date")) if m else []
        if found and found[0].iso:
            out.append((found[0], c))
    return out


def _digits_fit(read: str, day: int) -> bool:
    """The digits read in the day's place (``๒`` of a pen ๒๘, ``4`` of a pen 24) are the day's."""
    digits = re.sub(r"\D", "", arabic_digits(read))
    return bool(digits) and digits in str(day)


def repair_date(rec: dict, cells: list[Cell], line: str | None) -> None:
    """``rec``'s date from the footer of its own pages and attachments (``cells``); ``line``
    is the closing's date line as read, when a day was missing from it."""
    if rec["kind"] not in ("announcement", "order"):
        return
    footers = footer_dates(cells)
    if not footers:
        return
    d, cell = footers[0]
    if rec["date"]:
        _confirm(rec, d, cell.page)
        return
    month, day = int(d.iso[5:7]), int(d.iso[8:10])
    if line is not None:
        head = line.split(rec["date_text"] or "\0")[0] if rec["date_text"] else line
        read = re.sub(r"^.*วันที่", "", head)
        got = day_and_month(f"1 {rec['date_text']}") if rec["date_text"] else None
        if not got or got[0] != month or d.year_be != _year(rec["date_text"]):
            return
        if not _digits_fit(read, day):
            return
    rec["flags"] = [f for f in rec["flags"] if not f.startswith("date")]
    if line is not None:
        rec["flags"].append(f"date: day written by hand ('{read.strip()}'); {day} read from the footer "
                            f"'{d.text}' (page {cell.page})")
    else:
        rec["flags"].append(f"date: not found on the closing; taken from the footer '{d.text}' (page {cell.page})")
    rec["date"], rec["date_text"] = d.iso, d.text
    rec["confidence"]["date"] = 0.5


def _confirm(rec: dict, d: ThaiDate, page: int) -> None:
    """A closing date the footer of the same month does not confirm: a pen ``24`` read ``4``
    is the footer's 24; any other day is flagged for the clerk to decide."""
    if d.iso == rec["date"] or d.iso[:7] != rec["date"][:7]:
        return      # confirmed, or another month: the footer of some other notice
    read, day = int(rec["date"][8:10]), int(d.iso[8:10])
    if _digits_fit(str(read), day):
        rec["flags"].append(f"date: day {read} read on the closing; {day} from the footer '{d.text}' (page {page})")
        rec["date"], rec["date_text"] = d.iso, d.text
    else:
        rec["flags"].append(f"date: the footer '{d.text}' (page {page}) gives another day")
    rec["confidence"]["date"] = 0.5


def _year(text: str) -> int | None:
    found = find_dates(text)
    return found[0].year_be if found else None
