"""Tesseract's lines put in order: a table's row read cell by cell made one line, the spaces
between words (a column gap kept as a run of them), and the page's usual line height.
"""
from __future__ import annotations

from ..page import Line
from .letters import consonants


def join_rows(lines: list[Line], min_cells: int = 3) -> list[Line]:
    """A table's row, which Tesseract reads cell by cell as lines of their own, made one line
    with column gaps between its cells. Only rows of ``min_cells`` or more side by side, or
    pieces of one line cut apart where there is no gap: a receipt stamp beside a heading, or
    an endorsement beside a signature, stay as read."""
    out: list[Line] = []
    taken: set[int] = set()
    usual = usual_height(lines)
    for i, first in enumerate(lines):
        if i in taken:
            continue
        row, members = [first], [i]
        for j in range(i + 1, min(len(lines), i + 24)):  # lines are sorted by top: a row is near
            if j not in taken and _same_row(row, lines[j]):
                row.append(lines[j])
                members.append(j)
        if len(row) >= min_cells or _abutting(row, usual):
            row.sort(key=lambda l: l.box[0])
            joined = Line("", row[0].box, 0.0, [])
            for cell in row:
                for k, w in enumerate(cell.words):  # a column gap between cells, as between any words
                    joined.text += spaces_before(joined, w.box, k > 0 or _spaced(joined, w.box)) + w.text
                    joined.words.append(w)
                l, t, r, b = joined.box
                joined.box = (min(l, cell.box[0]), min(t, cell.box[1]), max(r, cell.box[2]), max(b, cell.box[3]))
            if joined.words:
                out.append(finish(joined))
                taken.update(members)
                continue
        out.append(first)
    return out


def usual_height(lines: list[Line]) -> int:
    """The page's usual line height: the median of its lines' (0 for none)."""
    heights = sorted(l.box[3] - l.box[1] for l in lines) or [0]
    return heights[len(heights) // 2]


def _abutting(row: list[Line], usual: int) -> bool:
    """Pieces of one line that Tesseract's layout cut apart, as if at a column, where there is
    no column gap at all, not even half the page's ``usual`` line height (``เรียน นายอำเภอ
    ทุกอำเภ`` | ``อ และนายก...`` on a low-resolution scan; ``วันที่`` | ``๑๕ มิ.ย. ๖๗``)."""
    if len(row) < 2:
        return False
    row = sorted(row, key=lambda l: l.box[0])
    return all(b.box[0] - a.box[2] < 0.5 * usual for a, b in zip(row, row[1:]))


def _spaced(line: Line, box) -> bool:
    """Whether a visible space separates a word from the line's last one."""
    return not line.words or box[0] - line.words[-1].box[2] > 0.2 * max(1, line.box[3] - line.box[1])


def _same_row(row: list[Line], line: Line) -> bool:
    """The line stands beside every line of the row: most of its height shared, no overlap
    across (but for a sliver: a line cut apart mid-word shares a glyph's width)."""
    l, t, r, b = line.box
    for o in row:
        ol, ot, orr, ob = o.box
        shared = min(b, ob) - max(t, ot)
        sliver = 0.5 * max(b - t, ob - ot)
        if shared < 0.5 * min(b - t, ob - ot) or (l < orr - sliver and ol < r - sliver) \
                or max(b - t, ob - ot) > 3 * min(b - t, ob - ot):  # not a tall strip of item numbers
            return False
    return True


def spaces_before(line: Line, box, blank: bool) -> str:
    """The spaces before a word: one, or a run of them across a wide gap between columns
    (``ที่ …`` left and the issuing office right share a line), as the tesseract CLI writes."""
    if not line.words:
        return ""
    height = max(1, line.box[3] - line.box[1])
    gap = box[0] - line.words[-1].box[2]
    if gap > COLUMN_GAP * height:
        return " " * max(4, min(60, round(gap / (0.4 * height))))
    if gap > NARROW_GAP * height and consonants(line.text) >= NARROW_AFTER:
        # two blocks side by side (an endorsement beside a signature), not a stamp's label
        # and the value written on its dotted line (เวลา ... ๑๕.๕๐ น.)
        return "   "
    return " " if blank else ""


COLUMN_GAP = 1.5  # a gap this many line-heights wide is between columns: four spaces or more
NARROW_GAP = 1.1  # ...this wide, between blocks set close side by side: three spaces (pieces_of
                  # reads across them; the extraction and the measure keep the blocks apart)
NARROW_AFTER = 6  # ...after this many Thai letters of text


def finish(line: Line) -> Line:
    """The line with its confidence set: its words' mean."""
    line.conf = sum(w.conf for w in line.words) / len(line.words)
    return line
