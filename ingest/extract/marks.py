"""Marks at the top of a letter: urgency (ด่วนที่สุด/ด่วนมาก/ด่วน) and secrecy (ลับ…).

Both are printed large and alone at the top, so only short cells near the top of the first
page count: ``ด่วน`` inside a sentence is not a mark. Secrecy is also stamped at the top and
foot centre of every page, often in red, which OCR reads on some pages only or with its
vowel lost (``ลบ``): those centred cells count for it too.
"""
from __future__ import annotations

import re

from ingest.extract.cells import Cell
from ingest.thai.lexicon import is_word
from ingest.thai.normalize import MARKS
from ingest.record import SECRECIES, URGENCIES
from rapidfuzz.distance import Levenshtein


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
    found = _mark(cells, SECRECIES, 0)
    if found:
        return found
    return next(((c.text.replace(" ", ""), c) for c in _edge_cells(cells)
                 if c.text.replace(" ", "") in SECRECIES), None)


CENTRED = 0.1        # a stamp's middle this near the page's middle, in page widths
EDGE_CELLS = 3       # cells at the top and at the foot of a page where secrecy is stamped
_NOT_BASE = re.compile(f"[{MARKS}]")    # vowels above and below, marks


def _edge_cells(cells: list[Cell]):
    """The centred cells at the top and at the foot of each page."""
    pages: dict[int, list[Cell]] = {}
    for c in cells:
        pages.setdefault(c.page, []).append(c)
    for on_page in pages.values():
        for c in on_page[:EDGE_CELLS] + on_page[EDGE_CELLS:][-EDGE_CELLS:]:
            if c.width and abs((c.box[0] + c.box[2]) / 2 - c.width / 2) < CENTRED * c.width:
                yield c


def misread_secrecy(cells: list[Cell]) -> tuple[str, Cell] | None:
    """A secrecy stamp at the top or foot centre of a page read without its vowels or marks
    (``ลบ`` for ลับ, ``ลบมาก``): the caller takes it and flags it for the clerk."""
    for c in _edge_cells(cells):
        read = c.text.replace(" ", "")
        for v in sorted(SECRECIES, key=len, reverse=True):
            if read != v and _NOT_BASE.sub("", read) == _NOT_BASE.sub("", v):
                return v, c
    return None


_TONES = re.compile("[\u0e48-\u0e4b]")


def misread_mark(cells: list[Cell]) -> tuple[str, str, Cell] | None:
    """A mark OCR garbled (``ดงน``, ``ด @ น``, ``ดวงนมาก``, ``ลบมาก``): a word alone at the
    top (urgency at the left), above the ``ที่`` line, one letter away from exactly one mark (tone marks
    aside; a short mark must keep its first letter). Returns (which, mark, cell):
    which is "urgency" or "secrecy"; the caller flags it for the clerk."""
    top = _top_cells(cells)
    head = next((c for c in top if re.match(r"^(ที่|เรื่อง|เรียน|บันทึกข้อความ|ส่วนราชการ)", c.text)), None)
    for c in top:
        if head is not None and c.box[3] > (head.box[1] + head.box[3]) / 2:
            break
        read = _TONES.sub("", re.sub(r"[^ก-\u0e4e]", "", c.text))
        if re.search("[0-9๐-๙]", c.text) or len(read) < 2 or len(c.text.replace(" ", "")) > len(read) + 3 \
                or is_word(c.text.replace(" ", "")):      # ดิน is a word, not a smudged ด่วน
            continue
        # urgency is printed at the top left, secrecy at the top centre
        left = not c.width or (c.box[0] + c.box[2]) / 2 < 0.4 * c.width
        near = [(which, v) for which, values in (("urgency", URGENCIES if left else ()),
                                                 ("secrecy", SECRECIES))
                for v in values if _one_apart(read, _TONES.sub("", v))
                and (len(v) > 5 or read[0] == v[0])]
        if len(near) == 1:
            return near[0][0], near[0][1], c
    return None


def _one_apart(a: str, b: str) -> bool:
    """At most one letter inserted, dropped or changed."""
    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


def deadline(cells: list[Cell]) -> str | None:
    """The text of a ``ด่วนภายใน …`` deadline, if printed."""
    for c in _top_cells(cells):
        if c.text.startswith("ด่วนภายใน"):
            return c.text
    return None


__all__ = ["find_urgency", "find_secrecy", "misread_mark", "misread_secrecy", "deadline", "URGENCIES"]
