"""Marks at the top of a letter: urgency (ด่วนที่สุด/ด่วนมาก/ด่วน) and secrecy (ลับ…).

Both are printed large and alone at the top, so only short cells near the top of the first
page count: ``ด่วน`` inside a sentence is not a mark. Secrecy is also stamped at the top and
foot centre of every page, often in red, which OCR reads on some pages only or with its
vowel lost (``ลบ``): those centred cells count for it too.

A stamp is often read in pieces (``ด่วน`` and ``สุด`` beside or under it, its ที่ lost) or
garbled (``ดงน``); what stands in its place may also be no Thai at all (``AIUNGA``). A mark
lost so is a silent error (no mark is a legal value): the pieces are read as one stamp, a
near reading is taken in doubt, and a stamp read as nothing is said to be unread.
"""
from __future__ import annotations

import re
import statistics

from ingest.extract.cells import Cell
from ingest.thai.lexicon import all_words, is_word
from ingest.thai.normalize import MARKS
from ingest.thai.patterns import TI_LABEL
from ingest.record import SECRECIES, URGENCIES
from rapidfuzz.distance import Levenshtein


def _top_cells(cells: list[Cell]) -> list[Cell]:
    if not cells:
        return []
    first = cells[0].page
    page_cells = [c for c in cells if c.page == first]
    bottom = max(c.box[3] for c in page_cells) or 1
    return [c for i, c in enumerate(page_cells) if i < 8 or c.box[1] < 0.2 * bottom][:14]


# what opens a letter's head: marks are stamped above it (a receipt stamp's ที่ว่าการอำเภอ… is
# no ที่ line: TI_LABEL wants a number or an agency code after ที่)
_HEAD = re.compile(r"^(?:เรื่อง|เรียน|บันทึกข้อความ|ส่วนราชการ)")


def above_head(cells: list[Cell], found: bool = False) -> list[Cell]:
    """The top cells above the letter's head (its ``ที่`` line, เรื่อง, a memo's title); all
    of them where no head is found, none if ``found`` (the head must be there)."""
    top = _top_cells(cells)
    head = next((c for c in top if TI_LABEL.match(c.text) or _HEAD.match(c.text)), None)
    if head is None and found:
        return []
    above = []
    for c in top:
        if head is not None and c.box[3] > (head.box[1] + head.box[3]) / 2:
            break
        above.append(c)
    return above


LEFT = 0.4     # urgency is stamped at the top left: its middle left of this, in page widths


def _left(c: Cell) -> bool:
    return not c.width or (c.box[0] + c.box[2]) / 2 < LEFT * c.width


_DIGIT = re.compile("[0-9๐-๙]")
_TONES = re.compile("[\u0e48-\u0e4b]")
# a stamp's pieces: at least this tall, and this far apart at most (beside, under), all in
# the height of the piece they go on
PIECE_HEIGHT, BESIDE, UNDER = 0.5, 1.0, 0.5


def _pieces(cell: Cell, above: list[Cell]) -> list[Cell]:
    """The cells one stamp was read in, in reading order: the cell and those of its type
    size beside it or under it."""
    if cell not in above:
        return [cell]
    h = cell.box[3] - cell.box[1]

    def near(c: Cell) -> bool:
        across = max(c.box[0] - cell.box[2], cell.box[0] - c.box[2], 0)
        down = max(c.box[1] - cell.box[3], cell.box[1] - c.box[3], 0)
        return across <= BESIDE * h and down <= UNDER * h and c.box[3] - c.box[1] >= PIECE_HEIGHT * h \
            and not _DIGIT.search(c.text) and re.search("[ก-ฮ]", c.text)

    def line(c: Cell) -> int:       # the stamp's line the piece's middle lies on
        middle = (c.box[1] + c.box[3]) / 2
        return 0 if cell.box[1] <= middle <= cell.box[3] else (1 if middle > cell.box[3] else -1)

    return sorted([cell] + [c for c in above if c is not cell and near(c)], key=lambda c: (line(c), c.box[0]))


def _read(cells: list[Cell]) -> str:
    """The Thai letters and vowels the cells read, tone marks aside, a doubled letter once."""
    text = _TONES.sub("", re.sub(r"[^ก-\u0e4e]", "", "".join(c.text for c in cells)))
    return re.sub(r"(.)\1", r"\1", text)


LONG_MARK = 5    # letters (tone marks aside) of a mark read near at two letters' distance, not one


def _near(read: str, values: tuple[str, ...]) -> list[str]:
    """The marks a reading is near: one letter inserted, dropped or changed (two in a long
    mark: ด่วนมาก, ด่วนที่สุด, ลับมาก, ลับที่สุด); a short mark must keep its first letter."""
    near = []
    for v in values:
        bare = _TONES.sub("", v)
        long = len(bare) >= LONG_MARK
        apart = 2 if long else 1
        if Levenshtein.distance(read, bare, score_cutoff=apart) <= apart and (long or read[:1] == v[0]):
            near.append(v)
    return near


def _whole(value: str, which: str, cell: Cell, cells: list[Cell]) -> str | None:
    """The mark a stamp reads as whole, where ``value`` was read in one of its pieces:
    ``ด่วน`` over ``ที่สุด`` is ด่วนที่สุด. None where the pieces together are near another
    mark (``ด่วน`` beside ``สุด``): ``misread_mark`` takes that, and the caller flags it."""
    above = above_head(cells)
    whole = "".join(c.text for c in _pieces(cell, above)).replace(" ", "")
    if whole in URGENCIES + SECRECIES:
        return whole
    return None if _guess(cell, above)[0] == which else value


def find_urgency(cells: list[Cell]) -> tuple[str, Cell] | None:
    """``ด่วนที่สุด``, ``ด่วนมาก`` or ``ด่วน`` (also ``ด่วนภายใน`` + a deadline → ด่วน), also
    read in two pieces (``_whole``).

    A cell may hold the mark and the ``ที่`` of the letter when both share a line.
    """
    for c in _top_cells(cells):
        m = re.match(r"^(ด่วนที่สุด|ด่วนมาก|ด่วน)(?=\s|$|ภายใน)", c.text)
        if m and m.group(1) == "ด่วน" and not _DIGIT.search(c.text) and "ภายใน" not in c.text:
            whole = _whole("ด่วน", "urgency", c, cells)
            return (whole, c) if whole else None
        if m:
            return m.group(1), c
    return None


def find_secrecy(cells: list[Cell]) -> tuple[str, Cell] | None:
    found = _mark(cells, SECRECIES, 0)
    if found and found[0] == "ลับ":
        whole = _whole("ลับ", "secrecy", found[1], cells)
        return (whole, found[1]) if whole else None
    if found:
        return found
    return next(((c.text.replace(" ", ""), c) for c in _edge_cells(cells)
                 if c.text.replace(" ", "") in SECRECIES), None)


def _mark(cells: list[Cell], values: tuple[str, ...], extra: int) -> tuple[str, Cell] | None:
    for c in _top_cells(cells):
        t = c.text.replace(" ", "")
        for v in sorted(values, key=len, reverse=True):
            if t.startswith(v) and len(t) <= len(v) + extra:
                return v, c
    return None


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


def misread_mark(cells: list[Cell]) -> tuple[str, str, Cell] | None:
    """A mark OCR garbled (``ดงน``, ``ด @ น``, ``ดวงนมาก``, ``ลบมาก``, ``ด่วน`` beside ``สุด``):
    a word alone at the top (urgency at the left), above the head, its pieces read together
    (else alone), near exactly one mark (``_near``). Returns (which, mark, cell): which is
    "urgency" or "secrecy", urgency first (the caller takes one guess and flags it)."""
    above = above_head(cells)
    guesses = [(which, v, c) for c in above if not _DIGIT.search(c.text)
               for which, v in [_guess(c, above)] if which]
    return min(guesses, key=lambda g: g[0] != "urgency", default=None)


JUNK = 3     # characters other than Thai letters a mark's cell may hold (``ด @ น``, ``S?. สุด``)


def _guess(c: Cell, above: list[Cell]) -> tuple[str | None, str | None]:
    """The one mark the cell's stamp, or else the cell alone, is near: (which, mark)."""
    pieces = _pieces(c, above)
    for group in ([pieces, [c]] if len(pieces) > 1 else [[c]]):
        as_read = "".join(p.text for p in group).replace(" ", "")
        read = _read(group)
        if as_read in URGENCIES + SECRECIES or is_word(as_read) or len(read) < 2 \
                or len(re.sub("[ก-\u0e4e]", "", as_read)) > JUNK:
            continue    # a mark read right is found, not guessed; ดิน is a word, not a smudged ด่วน
        left = any(_left(p) for p in group)
        near = [(which, v) for which, values in (("urgency", URGENCIES if left else ()),
                                                 ("secrecy", SECRECIES))
                for v in _near(read, values)]
        if len(near) == 1:
            return near[0]
    return None, None


STAMP_TYPE = 1.2     # an urgency stamp's type is at least this tall, in the body's line heights
STAMP_SHAPE = 2.0    # and a stamped word is this many times as wide as tall (an emblem is not)
BODY_LINE = 20       # characters of a line of the body, whose height is the body's type
STAMP_LETTERS = 3    # letters at least that a stamp read as junk leaves (a speck leaves one or two)


def unread_stamp(cells: list[Cell]) -> Cell | None:
    """What stands in the urgency stamp's place (the top left, above the head) in a stamp's
    large type but reads as no mark and no Thai: Latin letters (``AIUNGA`` for ด่วนที่สุด) or
    letters that are no words. The caller says the urgency was not read. (A memo's emblem
    read as a letter or two, ``ซ่``, is narrow: no stamped word's shape.)"""
    body = _body_height(cells)
    for c in above_head(cells):
        h, w = c.box[3] - c.box[1], c.box[2] - c.box[0]
        if _left(c) and body and h >= STAMP_TYPE * body and w >= STAMP_SHAPE * h \
                and not _DIGIT.search(c.text) and _no_word(c.text):
            return c
    return None


def _body_height(cells: list[Cell]) -> float:
    """The median height of the body's lines on the first page."""
    first = cells[0].page if cells else None
    heights = [c.box[3] - c.box[1] for c in cells if c.page == first and len(c.text) >= BODY_LINE]
    return statistics.median(heights) if heights else 0.0


def _no_word(text: str) -> bool:
    """Three letters or more, mostly Latin, or Thai that cuts into no words."""
    latin, thai = len(re.findall("[A-Za-z]", text)), len(re.findall("[ก-ฮ]", text))
    if latin + thai < STAMP_LETTERS:
        return False
    return latin >= thai or not all_words(re.sub("[^ก-\u0e4e]", "", text))


def deadline(cells: list[Cell]) -> str | None:
    """The text of a ``ด่วนภายใน …`` deadline, if printed."""
    for c in _top_cells(cells):
        if c.text.startswith("ด่วนภายใน"):
            return c.text
    return None


__all__ = ["find_urgency", "find_secrecy", "misread_mark", "misread_secrecy", "unread_stamp", "deadline",
           "URGENCIES"]
