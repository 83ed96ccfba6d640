"""Ruled tables, read cell by cell.

Attachments to circulars are often ruled tables (lists of offices with counts and
percentages). Tesseract's layout analysis loses them: it splits a row into lines of a
cell or two, reads a column of numbers as one tall line, or skips a column. Here a table
is found from its rules (long horizontal and vertical strokes, opened out of the binarized
page), its grid is read off the rules, each cell is read alone as a block of text, and
the table's rows replace the lines Tesseract found inside it: one line per row, its cells
separated by a column gap, so the stages after reading see a row as the page shows it.

Only grids of at least three columns and three rows are taken: a receipt stamp's frame
or a boxed heading is not a table.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..page import Line, Word, union

MIN_COLUMNS = 3
MIN_ROWS = 3
GAP = " " * 6   # between the cells of a row: a column gap for pieces_of and the extraction


@dataclass
class Table:
    box: tuple[int, int, int, int]
    rows: list[int]      # y of each horizontal rule, top to bottom
    columns: list[int]   # x of each vertical rule, left to right

    def cells(self, inset: int):
        """(row, column, box) of every cell, ``inset`` pixels inside its rules."""
        for i, (top, bottom) in enumerate(zip(self.rows, self.rows[1:])):
            for j, (left, right) in enumerate(zip(self.columns, self.columns[1:])):
                if right - left > 2 * inset and bottom - top > 2 * inset:
                    yield i, j, (left + inset, top + inset, right - inset, bottom - inset)


def _ink(gray: np.ndarray) -> np.ndarray:
    import cv2

    g = gray if gray.ndim == 2 else cv2.cvtColor(gray, cv2.COLOR_RGB2GRAY)
    _, bw = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return bw


def _positions(profile: np.ndarray, need: float) -> list[int]:
    """Centres of the runs of ``profile`` at or above ``need`` (one per rule)."""
    hot = profile >= need
    out, x = [], 0
    while x < len(hot):
        if hot[x]:
            end = x
            while end < len(hot) and hot[end]:
                end += 1
            out.append((x + end) // 2)
            x = end
        else:
            x += 1
    return out


def find_tables(gray: np.ndarray) -> tuple[list[Table], np.ndarray]:
    """The ruled grids on a page image (grey or RGB array), and a mask of their rules."""
    import cv2

    if min(gray.shape[:2]) < 64:  # a strip or a speck: no room for a table
        return [], np.zeros(gray.shape[:2], np.uint8)
    full = _ink(gray)
    # the rules are found at half resolution (four times less work on every page); a rule
    # three pixels wide at 300 dpi is still one or two
    bw = cv2.resize(full, (full.shape[1] // 2, full.shape[0] // 2), interpolation=cv2.INTER_AREA)
    bw = np.where(bw >= 40, 255, 0).astype(np.uint8)  # any ink in the 2 x 2 block: thin rules stay
    H, W = bw.shape
    horizontal = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, W // 25), 1)))
    vertical = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, H // 45))))
    grid = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(grid)
    tables = []
    rules = np.zeros_like(bw)
    for k in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[k])
        if w < W // 4 or h < H // 40:
            continue
        # a rule left slightly skewed by the deskew runs over a few pixel rows: thicken first
        hz = cv2.dilate(horizontal[y:y + h, x:x + w], np.ones((5, 1), np.uint8)) > 0
        vt = cv2.dilate(vertical[y:y + h, x:x + w], np.ones((1, 9), np.uint8)) > 0
        rows = [y + r for r in _positions(hz.mean(axis=1), 0.6)]
        columns = [x + c for c in _positions(vt.mean(axis=0), 0.4)]
        if len(rows) >= MIN_ROWS + 1 and len(columns) >= MIN_COLUMNS + 1:
            tables.append(Table((2 * x, 2 * y, 2 * (x + w), 2 * (y + h)),
                                [2 * r for r in rows], [2 * c for c in columns]))
            rules[y:y + h, x:x + w] = grid[y:y + h, x:x + w]
    if tables:
        rules = cv2.resize(rules, (full.shape[1], full.shape[0]), interpolation=cv2.INTER_NEAREST)
    return tables, rules


def read_tables(page, image, engine):
    """Replace the lines Tesseract found inside each ruled table of ``image`` by the table's
    rows, every cell read alone by ``engine`` (a TesseractEngine) from the image with the
    rules painted out (a skewed rule leaves no stroke in a cell). Returns that image, which
    the model reads too (``image`` itself where the page has no table)."""
    import cv2
    from PIL import Image

    gray = np.asarray(image.convert("L"))
    tables, rules = find_tables(gray)
    if not tables:
        return image
    pixels = np.asarray(image).copy()
    paper = np.percentile(pixels.reshape(len(gray.ravel()), -1), 90, axis=0).astype(pixels.dtype)
    pixels[rules > 0] = paper if pixels.ndim == 3 else paper[0]
    image = Image.fromarray(pixels)
    specks_out = Image.fromarray(cv2.medianBlur(pixels, 3))  # scan noise reads as "." and ":" in a cell
    for table in tables:
        l, t, r, b = table.box
        inside = lambda box: l <= (box[0] + box[2]) / 2 <= r and t <= (box[1] + box[3]) / 2 <= b  # noqa: E731
        rows: dict[int, list[Line]] = {}
        inset = max(2, (table.rows[1] - table.rows[0]) // 30)
        for i, _, box in table.cells(inset):
            lines = engine.read_block(specks_out, box, margin=10)
            if lines:
                rows.setdefault(i, []).append(_one_line(lines))
        page.lines = [line for line in page.lines if not inside(line.box)]
        page.lines += [_row(cells) for _, cells in sorted(rows.items())]
    page.lines.sort(key=lambda line: (line.box[1], line.box[0]))
    return image


def _one_line(lines: list[Line]) -> Line:
    """A cell's lines (a name that wraps) as one."""
    if len(lines) == 1:
        return lines[0]
    words = [w for line in lines for w in line.words]
    return Line(" ".join(line.text for line in lines), union([line.box for line in lines]),
                min(line.conf for line in lines), words)


def _row(cells: list[Line]) -> Line:
    cells = sorted(cells, key=lambda c: c.box[0])
    words = [Word(w.text, w.box, w.conf) for c in cells for w in c.words]
    return Line(GAP.join(c.text for c in cells), union([c.box for c in cells]),
                min(c.conf for c in cells), words)

