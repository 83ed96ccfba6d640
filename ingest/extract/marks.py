"""Marks at the top of a letter: urgency (ด่วนที่สุด/ด่วนมาก/ด่วน) and secrecy (ลับ…).

Both are printed large and alone at the top (secrecy also at the foot), so only short cells
near the top of the first page count: ``ด่วน`` inside a sentence is not a mark.
"""
from __future__ import annotations

import re

from ingest.extract.cells import Cell
from ingest.record import SECRECIES, URGENCIES


def _top_cells(cells: list[Cell]) -> list[Cell]:
    if not cells:
        return []
    first = cells[0].page
    page_cells = [c for c in cells if c.page == first]
    bottom = max(c.box[3] for c in page_cells) or 1
    return [c for i, c in enumerate(page_cells) if i < 8 or c.box[1] < 0.2 * bottom][:14]


def _mark(cells: list[Cell], values: tuple[str, ...], extra: int) -> tuple[str, Cell] | None:
    for c in _top_cells(cells):
        t = c.text.replace(" ", "")
        for v in sorted(values, key=len, reverse=True):
            if t.startswith(v) and len(t) <= len(v) + extra:
                return v, c
    return None


def find_urgency(cells: list[Cell]) -> tuple[str, Cell] | None:
    """``ด่วนที่สุด``, ``ด่วนมาก`` or ``ด่วน`` (also ``ด่วนภายใน`` + a deadline → ด่วน).

    A cell may hold the mark and the ``ที่`` of the letter when both share a line.
    """
    for c in _top_cells(cells):
        m = re.match(r"^(ด่วนที่สุด|ด่วนมาก|ด่วน)(?=\s|$|ภายใน)", c.text)
        if m:
            return m.group(1), c
    return None


def find_secrecy(cells: list[Cell]) -> tuple[str, Cell] | None:
    return _mark(cells, SECRECIES, 0)


def deadline(cells: list[Cell]) -> str | None:
    """The text of a ``ด่วนภายใน …`` deadline, if printed."""
    for c in _top_cells(cells):
        if c.text.startswith("ด่วนภายใน"):
            return c.text
    return None


__all__ = ["find_urgency", "find_secrecy", "deadline", "URGENCIES"]
