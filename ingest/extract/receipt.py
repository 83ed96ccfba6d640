"""Receipt stamps (ตรารับหนังสือ): office name, then เลขรับ/เลขที่รับ, วันที่, เวลา.

A letter that travelled down a chain carries one stamp per receiving office. The stamp's
cells are taken out of the letter before its own fields are read (its วันที่ is not the
letter's date).
"""
from __future__ import annotations

import re

from ingest.extract.cells import Cell
from ingest.extract.dates import parse_date, parse_time
from ingest.keys import arabic_digits

D = "0-9๐-๙"
_NUMBER = re.compile(rf"^(?:เลขรับ|เลขที่รับ|เลขทะเบียนรับ)\s*(?:ที่)?\s*[:.]?\s*(?P<n>[{D}][{D}/\s-]*)?")


def _near(a: Cell, b: Cell) -> bool:
    """Same stamp: same page, left edges close, a few lines apart."""
    h = max(a.box[3] - a.box[1], 1)
    return a.page == b.page and abs(a.box[0] - b.box[0]) < 0.12 * max(a.width, 1) \
        and abs(b.box[1] - a.box[1]) < 5 * h


def find_receipts(cells: list[Cell]) -> tuple[list[dict], set[int]]:
    """All stamps, in the order printed, and the ids of the cells they used."""
    stamps, used = [], set()
    for i, c in enumerate(cells):
        m = _NUMBER.match(c.text)
        if not m:
            continue
        st = {"number": arabic_digits(m.group("n") or "").strip() or None,
              "date": None, "time": None, "receiver": None}
        cells_used = [c]
        for j in range(i - 1, max(-1, i - 4), -1):      # the office is the line above
            p = cells[j]
            if _near(c, p) or (p.page == c.page and abs(p.box[1] - c.box[1]) < 2.5 * (c.box[3] - c.box[1])
                               and p.box[0] >= c.box[0] - 0.05 * max(c.width, 1)):
                if not re.match(r"^(ที่\s|เรื่อง|เรียน|ด่วน|ลับ)", p.text):
                    st["receiver"] = p.text
                    cells_used.append(p)
                break
        for n in cells[i + 1:i + 7]:
            if not _near(c, n):
                continue
            if n.text.startswith("วันที่") and st["date"] is None:
                d = parse_date(n.text)
                st["date"] = d.iso if d else None
                if d and d.problem:
                    st["problem"] = d.problem
                cells_used.append(n)
            elif n.text.startswith("เวลา") and st["time"] is None:
                st["time"] = parse_time(n.text)
                cells_used.append(n)
        stamps.append(st)
        used |= {id(x) for x in cells_used}
        st["_cells"] = cells_used
    return stamps, used


def latest(stamps: list[dict]) -> dict | None:
    """The stamp of the last office that received it: the latest date, else the last printed."""
    if not stamps:
        return None
    dated = [s for s in stamps if s.get("date")]
    return max(dated, key=lambda s: (s["date"], s.get("time") or "")) if dated else stamps[-1]
