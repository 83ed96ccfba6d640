"""A line cut into the pieces the line model reads one by one (``pieces_of``): runs of words
a few line-heights wide, a table's cells apart, each piece widened over the ink Tesseract found
but did not read and kept clear of the next line's letters; and a numbered list's column of
item numbers, which Tesseract cuts off into a "line" of its own, given back to its lines.
The model's reading of each piece is a ``Cell``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .letters import DIGITS, word_spans
from .model import paper_and_ink
from .thresholds import READING as T


@dataclass
class Cell:
    """A piece of a line the model read alone: its box, the spaces before it, the indices of
    Tesseract's words inside it, and the model's text with a confidence per character."""
    box: tuple
    gap: str
    words: list[int]
    text: str
    conf: list[float]

    def sees_digits(self) -> bool:
        """Whether the model reads a digit here at least half sure (the ่ of ที่ read
        ``ที่3``, its 3 at 0.34, is no digit it sees)."""
        return any(ch in DIGITS and c >= T.seen_digit_conf for ch, c in zip(self.text, self.conf))


def cells_text(cells: list[Cell]) -> tuple[str, list[float]]:
    """The model's reading of a line: its cells' texts joined, each after its spaces (one at
    least), with a confidence per character (1.0 for the spaces between cells)."""
    texts, confs = [], []
    for cell in cells:
        if texts and cell.text:
            texts.append(cell.gap or " ")
            confs.extend([1.0] * len(cell.gap or " "))
        texts.append(cell.text)
        confs.extend(cell.conf)
    return "".join(texts), confs


def pieces_of(line, max_ratio: float = 10.0) -> list[tuple]:
    """(box, spaces before it, word indices) for runs of words at most ``max_ratio`` line-heights wide, cut
    only where the line has a space, and always at a column gap (a run of four spaces or more
    in the text: a table's cells are read one by one, not across the rule between them)."""
    words = line.words
    if not words:
        return [(line.box, "", [])]
    # Tesseract's box of a line can leave out the marks its words' boxes hold
    h = max(1, line.box[3] - line.box[1], int(np.median([w.box[3] - w.box[1] for w in words])))
    text, pos, pieces, cur, gap, members = line.text, 0, [], None, "", []
    for i, (w, span) in enumerate(zip(words, word_spans(line))):
        at = span[0] if span else -1
        between = text[pos:at] if at > pos else ""
        spaced = between.strip() == "" and " " in between
        pos = span[1] if span else pos
        l, t, r, b = w.box
        if cur and spaced and (r - cur[0] > max_ratio * h or len(between) >= 4):
            pieces.append((cur, gap, members))
            cur, gap, members = None, between if len(between) >= 3 else " ", []
        cur = (l, t, r, b) if cur is None else (min(cur[0], l), min(cur[1], t), max(cur[2], r), max(cur[3], b))
        members.append(i)
    pieces.append((cur, gap, members))
    return [(_as_tall_as_beside(box, members, words), gap, members) for box, gap, members in pieces]


def words_beside(line, lines) -> list[tuple]:
    """The boxes of other lines' words that cover most of this line's middle half (a line
    that Tesseract read twice, or read partly into the next), and are not taller than one and
    a half of its lines (a "word" over two lines was read from neither)."""
    t, b = line.box[1], line.box[3]
    lo, hi = t + (b - t) // 4, b - (b - t) // 4
    return [w.box for o in lines if o is not line for w in o.words
            if min(w.box[3], hi) - max(w.box[1], lo) > T.beside_share * (hi - lo)
            and w.box[3] - w.box[1] < T.beside_height * (b - t)]


def over_unread_ink(pieces: list[tuple], gray: np.ndarray, line, beside=()) -> list[tuple]:
    """Pieces widened over the ink at their ends that Tesseract's line holds but none of its
    words does: it found the glyphs, could not read them and left them out (the ``๘๖๕`` of a
    phone number after its ``๔``, the ``๙`` of ``๒๙`` before a wide gap), so the model never
    saw them. Ink is counted in the middle half of the line's height (the marks of the lines
    above and below stay out) where no word of this line or of a line ``beside`` it is; runs
    of it, a run at least ``unread_width`` wide among them, within ``unread_gap`` line heights
    of each other and of a piece's end join that piece, never past the line's box and never
    so near the next piece that the model's crop would take in its glyphs."""
    l, t, r, b = line.box
    h = b - t
    l = max(0, l)
    band = gray[t + h // 4:b - h // 4, l:r]
    if band.size == 0 or band.ndim != 2:
        return pieces
    paper, ink = paper_and_ink(band)
    if paper - ink < T.ink_contrast:
        return pieces
    unread = (band < (paper + ink) / 2).sum(axis=0) >= 2
    pad = max(2, int(T.unread_pad * h))
    for box in [w.box for w in line.words] + list(beside):  # read by a word, here or on a line beside
        unread[max(0, box[0] - l - pad):max(0, box[2] - l + pad)] = False
    runs = []
    cols = np.flatnonzero(unread)
    for k, c in enumerate(cols):  # runs of unread ink, glyph gaps inside them bridged
        if k and c - cols[k - 1] <= 0.25 * h:
            runs[-1][1] = c + 1
        else:
            runs.append([c, c + 1])
    runs = [(x0 + l, x1 + l) for x0, x1 in runs]
    if not any(z - a >= T.unread_width * h for a, z in runs):
        return pieces
    out, keep_off, reach, glyph = [], T.unread_keep_off * h + pad, T.unread_gap * h + pad, T.unread_width * h
    for k, (pbox, gap, members) in enumerate(pieces):
        floor = out[-1][0][2] + keep_off if out else l
        ceiling = pieces[k + 1][0][0] - keep_off if k + 1 < len(pieces) else r
        x0 = _followed(pbox[0], [(z, a) for a, z in reversed(runs) if z <= pbox[0] and a >= floor], reach, glyph)
        x1 = _followed(pbox[2], [(a, z) for a, z in runs if a >= pbox[2] and z <= ceiling], reach, glyph)
        out.append(((int(x0), pbox[1], int(x1), pbox[3]), gap, members))
    return out


def _followed(edge: int, runs: list[tuple], reach: float, glyph: float) -> int:
    """Where a piece's edge ends up over runs of unread ink, each given as (near end, far end)
    in order outwards from the edge: followed from run to run while the gap is at most
    ``reach`` (a point is a stepping stone: "ต.ค. 61"), to the far end of the last run at
    least ``glyph`` wide."""
    at = end = edge
    for near, far in runs:
        if abs(near - at) > reach:
            break
        at = far
        if abs(far - near) >= glyph:
            end = far
    return end


def _as_tall_as_beside(box, members: list[int], words) -> tuple:
    """A piece's box, as tall as the words beside it: a lone item number's box (``๓.``) is
    half the line's height, and the model, enlarging it, read only its point."""
    near = range(max(0, members[0] - 1), min(len(words), members[-1] + 2)) if members else []
    if not near:
        return box
    top = int(np.median([words[k].box[1] for k in near]))
    bottom = int(np.median([words[k].box[3] for k in near]))
    return (box[0], min(box[1], top), box[2], max(box[3], bottom))


def clear_of(box, around, usual: float) -> tuple:
    """A piece's box far taller than the page's lines (``tall_piece``), its bottom moved up
    to the top of the words of the line below that reach into its lower half: the model
    scales its crop to one line's height, and another line's letters in it shrink and blur
    this one's (``๒๙`` read ``๒๘`` over the next line's letters, an item's ``๒.`` lost).
    Its top stays: the marks over its letters reach up among the line above's."""
    l, t, r, b = box
    if not usual or b - t <= T.tall_piece * usual:
        return box
    mid = (t + b) / 2
    bottom = min([ot for ol, ot, orr, ob in around if min(r, orr) > max(l, ol) and mid < ot < b], default=b)
    return (l, t, r, bottom) if bottom - t >= T.clear_min_height * usual else box  # (not cut to a sliver)


def absorb_strips(page) -> dict:
    """Give back to their lines the marks Tesseract cut off into a tall narrow "line".

    In numbered lists Tesseract often reads the column of item numbers (๑. ๒. ๓. ...) as one
    tall text line of junk ("aa 3S oR A BS"), apart from the items. Each item line is then
    re-read with the strip's part of its row, and the strip, now read inside the lines,
    is dropped. Returns {id(line): widened box} for the lines that were widened.
    """
    lines = page.lines
    if len(lines) < 3:
        return {}
    med = float(np.median([l.box[3] - l.box[1] for l in lines]))
    widened: dict = {}
    drop = []
    for s in lines:
        sl, st, sr, sb = s.box
        if sb - st < T.strip_tall * med or sr - sl > T.strip_wide * med:
            continue
        rows = []
        for ln in lines:
            l, t, r, b = ln.box
            if ln is s or b - t > 1.8 * med or not st - 0.5 * med <= (t + b) / 2 <= sb + 0.5 * med:
                continue
            if -0.2 * med <= l - sr <= 3 * med or -0.2 * med <= sl - r <= 3 * med:
                rows.append(ln)
        if len(rows) >= 2:
            for ln in rows:
                l, t, r, b = widened.get(id(ln), ln.box)
                widened[id(ln)] = (min(l, sl), t, max(r, sr), b)
            drop.append(s)
    for ln in lines:
        if id(ln) in widened:
            ln.box = widened[id(ln)]
    page.lines = [ln for ln in lines if all(ln is not d for d in drop)]
    return widened
