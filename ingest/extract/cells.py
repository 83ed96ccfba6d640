"""Pages as "cells": pieces of a line separated by a wide gap, normalized, with box and confidence.

A letter's header puts two columns on one line (``ที่ …`` left, the office right; a receipt
stamp or an endorsement beside the text), and Tesseract reads them as one line. Cutting
lines at wide gaps between words lets each field be read from its own column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..thai.normalize import normalize_text
from ingest.page import Line, PageText, Word, union
from ingest.thai.lexicon import phrase_cost

GAP = 0.03       # a gap wider than this fraction of the page width separates columns
TEXT_GAP = re.compile(r" {3,}")


@dataclass
class Cell:
    text: str                    # normalized, for parsing
    raw: str                     # as read
    page: int
    box: tuple[int, int, int, int]
    conf: float                  # 0..1
    row: int = 0                 # index of the line it came from, within its page
    words: list[Word] = field(default_factory=list)
    wrapped: bool = False        # runs to the right margin: the text goes on on the next line
    width: int = 0               # of the page
    indent: float = 0.0          # distance from the page's left text margin, in page widths
    grid: bool = False           # positions come from a character grid (plain text)
    right: int = 0               # the page's right text margin

    @property
    def para_start(self) -> bool:
        """Indented like the first line of a paragraph (2.5 cm on A4; in plain text, a few
        leading spaces, which do not measure centimetres)."""
        return 0.05 < self.indent < 0.14 if self.grid else 0.105 < self.indent < 0.135

    @property
    def x(self) -> int:
        return self.box[0]

    def first_word_width(self) -> int:
        """How wide the first word is (in plain text, by its characters)."""
        if self.words and not self.grid:
            w = self.words[0]
            return w.box[2] - w.box[0]
        first = self.text.split(" ")[0]
        return round((self.box[2] - self.box[0]) * len(first) / max(len(self.text), 1))


def beside(a: Cell, b: Cell) -> bool:
    """Two cells on one visual line (a pen-written note beside the closing is read as a line
    of its own, a little higher or lower)."""
    overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    return overlap > 0.5 * min(a.box[3] - a.box[1], b.box[3] - b.box[1])


def _word_chunks(line: Line, width: int) -> list[list[Word]]:
    words = _words_apart(line.words)
    chunks: list[list[Word]] = [[words[0]]]
    for w in words[1:]:
        if w.box[0] - chunks[-1][-1].box[2] > GAP * width:
            chunks.append([w])
        else:
            chunks[-1].append(w)
    return chunks


_WIDE_GAP = re.compile(r"^(\S*)\s{2,}(\S+)$")


def _words_apart(words: list[Word]) -> list[Word]:
    """A word whose text runs over a wide gap (``'      ๔`` for a speck in the margin, the
    number ``๔๕๘๕`` beyond it): the recognizer gave the characters it added after the gap to
    the word before it. They begin the next word, where they were printed."""
    out = list(words)
    for i in range(len(out) - 1):
        m = _WIDE_GAP.match(out[i].text)
        if m:
            out[i] = replace(out[i], text=m.group(1))
            out[i + 1] = replace(out[i + 1], text=m.group(2) + out[i + 1].text)
    return out


def _join(words: list[Word]) -> str:
    return " ".join(w.text for w in words if w.text.strip())


def _line_pieces(text: str, chunks: list[list[Word]]) -> list[str] | None:
    """Each chunk's words joined as the line reads them: a recognizer that adds digits to
    one word (``อว ๖๘`` + ``๒๐๔.๒/๐๒๔``) reports the number whole in its line text
    (``อว ๖๘๒๐๔.๒/๐๒๔``), so digits the line text runs together are one number; every
    other word boundary keeps its space. None when the words do not spell the line."""
    out, pos = [], 0
    for ws in chunks:
        piece, last_end = "", None
        for w in ws:
            chars = "".join(w.text.split())
            if not chars:
                continue
            while pos < len(text) and text[pos].isspace():
                pos += 1
            begin = pos
            for ch in chars:
                while pos < len(text) and text[pos] == " ":
                    pos += 1
                if pos >= len(text) or text[pos] != ch:
                    return None
                pos += 1
            word = " ".join(w.text.split())
            if piece:
                run_on = last_end == begin and _DIGIT_END.search(piece) and _DIGIT_START.match(word)
                piece += "" if run_on else " "
            piece += word
            last_end = pos
        out.append(piece)
    return out


_DIGIT_END = re.compile(r"[0-9๐-๙]$")
_DIGIT_START = re.compile(r"^[0-9๐-๙]")


def _text_chunks(line: Line) -> list[tuple[str, tuple[int, int, int, int]]]:
    """No word boxes: cut at runs of 3+ spaces, boxes shared out by character position."""
    l, t, r, b = line.box
    n = max(len(line.text.rstrip()), 1)
    out = []
    pos = 0
    for piece in TEXT_GAP.split(line.text):
        start = line.text.index(piece, pos) if piece else pos
        pos = start + len(piece)
        if piece.strip():
            x0 = l + (r - l) * start // n
            x1 = l + (r - l) * pos // n
            out.append((piece.strip(), (x0, t, x1, b)))
    return out


def upright(page: PageText) -> PageText:
    """A page read sideways (its lines run down or up the image: Tesseract reads rotated text
    without being asked to turn the page) with its boxes turned to an upright page, so that
    columns, indents and margins mean what they do on paper."""
    tall = [l for l in page.lines if len(l.words) > 1 and l.box[3] - l.box[1] > 2 * (l.box[2] - l.box[0])]
    wide = [l for l in page.lines if len(l.words) > 1 and l.box[2] - l.box[0] > l.box[3] - l.box[1]]
    if len(tall) < max(3, 2 * len(wide)):
        return page
    down = sum(l.words[-1].box[1] > l.words[0].box[1] for l in tall) * 2 > len(tall)
    W, H = page.width, page.height

    def turn(b):   # text running down: the page's top is on the right, and the reverse
        return (b[1], W - b[2], b[3], W - b[0]) if down else (H - b[3], b[0], H - b[1], b[2])
    lines = [Line(l.text, turn(l.box), l.conf, [Word(w.text, turn(w.box), w.conf) for w in l.words])
             for l in page.lines]
    return PageText(page.number, H, W, lines, page.engine, page.source, page.seconds,
                    page.warnings + ["page was read sideways; boxes turned upright"])


def page_cells(page: PageText) -> list[Cell]:
    """The cells of one page in reading order (line by line, left to right)."""
    page = upright(page)
    raw: list[tuple[str, tuple, float, int, list[Word]]] = []
    # top to bottom: Tesseract reports lines block by block, and may put a letter's ที่ line
    # after its date and เรื่อง when a stamp or mark beside it makes a block of its own
    lines = sorted(page.lines, key=lambda l: l.box[1]) if page.engine != "text" else page.lines
    for row, line in enumerate(lines):
        if line.words and len(line.words) > 1 and page.width:
            chunks = _word_chunks(line, page.width)
            texts = _line_pieces(line.text, chunks) or [_join(ws) for ws in chunks]
            for ws, text in zip(chunks, texts):
                box = union(w.box for w in ws)
                conf = sum(w.conf for w in ws) / len(ws) / 100.0
                raw.append((text, box, conf, row, ws))
        else:
            for text, box in _text_chunks(line):
                raw.append((text, box, line.conf / 100.0, row, list(line.words)))
    raw = [r for r in raw if r[0].strip()]
    # normalize the page as one text, so evidence of dropped marks is shared across lines
    bare = [_SPECK_ON_WORD.sub("", r[0].strip()) for r in raw]
    normed = normalize_text("\n".join(bare)).split("\n")
    if len(normed) != len(raw):   # a repair crossed a line: fall back to line by line
        normed = [normalize_text(b) for b in bare]
    normed = [drop_read_twice(n) for n in normed]
    cells = [Cell(_SPECK_END.sub("", _SPECK.sub("", n.strip())), r[0], page.number, r[1], max(0.0, min(1.0, r[2])), r[3], r[4],
                  width=page.width) for n, r in zip(normed, raw)]
    right = max((c.box[2] for c in cells), default=0)
    left = _margin(cells, page.width)
    for c in cells:
        c.wrapped = c.box[2] >= left + 0.88 * (right - left)
        c.indent = (c.box[0] - left) / max(page.width, 1)
        c.grid = page.engine == "text"
        c.right = right
    return [c for c in cells if c.text]


# A speck of dirt in the margin under a field's line, read as a cell of its own (``,``, ``'``,
# ``กา``, a digit): one or two characters far less tall than the line. Heights against the
# page's usual cell height, fresh seeds 11, 12, 202 and 303 and the committed samples as read:
#   cells of one or two characters   656: 1 % under 0.02, 27 % under 0.25 (specks), 50 % under 0.5
#   cells of five or more            8,314: 1 % under 0.39 (junk read in a stamp or an emblem)
# Digits alone (an item's ``๑``, a table's) stand at 0.3 to 0.55: above the line.
SPECK_HEIGHT = 0.25


def few_characters(c: Cell) -> bool:
    """One or two characters: a mark, a speck, a lone digit, not a word's worth of text."""
    return len(c.text.replace(" ", "")) <= 2


def speck(c: Cell, line: Cell) -> bool:
    """Whether ``c`` is a speck beside or under ``line``, not text (see SPECK_HEIGHT)."""
    return few_characters(c) and c.box[3] - c.box[1] < SPECK_HEIGHT * (line.box[3] - line.box[1])


def runs_on(prev: Cell, c: Cell) -> bool:
    """Whether ``c`` goes on with ``prev``'s own printed line, to its right: one line that the
    layout analysis read as two blocks (``สิ่งที่ส่งมาด้วย แบบสรุปจำนวน`` | ``ผู้มีสิทธิ…``),
    side by side, the second ending further right."""
    return c.page == prev.page and c.box[2] > prev.box[2] and 2 * c.box[0] > prev.box[0] + prev.box[2] \
        and beside(prev, c)


# a speck of dirt at the start of a line read as a stroke of punctuation (". ขอแสดงความนับถือ",
# "| วันที่ …"); a dash is kept: "- ๒ -" numbers a page
_SPECK = re.compile(r"^(?:[|.,:;'\"‘’“”!]{1,2}\s+)+(?=\S)")     # one speck or several
# ...or at its end, apart from the last word (``ถือปฏิบัติ |``); a full stop ends ``น.``, it stays
_SPECK_END = re.compile(r"(?<=\S)\s+[|'\"‘’“”!]{1,2}$")
# ...or right against the first word (``'ประกาศองค์การ…``), before the keywords are matched
_SPECK_ON_WORD = re.compile(r"^[|.,:;'\"‘’`´!]{1,2}(?=[ก-ฮเ-ไ]|\([ก-ฮเ-ไ])")   # also '.(นาย…)'


# OCR reads the letters at a cut in a line twice, once on each side (``ภาษีที่ดิ ดินและ``,
# ``เบี้ยย ยังชีพ``, ``จํ จำนวน``, ``อิ อินทร์ชัยวงศ์``): the end of a word repeated as the start
# of the next. Taken once where the words then read as much likelier Thai (the phrase's cost,
# -log10 P, falls by READ_TWICE_GAIN or more). Measured on fresh seeds 11, 12, 202 and 303 and
# the committed samples, every such repeat in the pages read, against their true text:
#   cost falls by      < 3                                    >= 3 (all by 4.2 or more)
#   read twice          0                                      22, and 2 with another misreading
#   printed so          186 (184 by -1.6 or less: เรียน นาย…)   0 (most: 2.5, ``หมอกควัน นั้น``)
READ_TWICE_GAIN = 3.0
_THAI_TAIL = re.compile(r"[ก-\u0e4e]+$")
_THAI_HEAD = re.compile(r"^[ก-\u0e4e]+")


def drop_read_twice(text: str) -> str:
    """A cell's text with letters read twice at a cut taken once (see READ_TWICE_GAIN)."""
    out: list[str] = []
    for token in text.split(" "):
        joined = _read_twice(out[-1], token) if out else None
        if joined is not None:
            out[-1] = joined
        else:
            out.append(token)
    return " ".join(out)


def _read_twice(left: str, right: str) -> str | None:
    tail, head = _THAI_TAIL.search(left), _THAI_HEAD.match(right)
    if not (tail and head):
        return None
    a, b = tail.group(0), head.group(0)
    for k in range(min(3, len(a)), 0, -1):
        repeat = a[-k:]
        if not ("ก" <= repeat[0] <= "ฮ" and len(b) > k and
                (b.startswith(repeat) or b.startswith(repeat.replace("\u0e4d", "\u0e33")))):
            continue
        if phrase_cost(a) + phrase_cost(b) - phrase_cost(a[:-k] + b) < READ_TWICE_GAIN:
            return None
        return left[:-k] + right
    return None


def _margin(cells: list[Cell], width: int) -> int:
    """The left text margin: where most lines start (an endorsement may sit left of it)."""
    if not cells:
        return 0
    step = max(width // 100, 1)
    bins: dict[int, list[int]] = {}
    for c in cells:
        bins.setdefault(c.box[0] // step, []).append(c.box[0])
    best = max(bins.values(), key=len)
    return min(best)


def text_page(text: str, number: int = 1) -> PageText:
    """A PageText from plain text: one line per text line, boxes on a 40x80 px grid.

    A character is 40 px wide and a line 80 px high, so indentation and blank lines survive
    as positions, the way they would in the boxes of a scan."""
    lines = []
    for i, t in enumerate(text.split("\n")):
        if t.strip():
            lines.append(Line(t, (0, i * 80, len(t.rstrip()) * 40, i * 80 + 60), 100.0, []))
    return PageText(number, 4000, max(80, len(text.split("\n")) * 80), lines, "text",
                    "text-layer")


# A gap between two Thai words narrower than this share of their line's height is no space:
# OCR cut one phrase in two (``การจัด เก็บภาษี``). Measured on fresh seeds 11 and 12 (every
# gap between Thai letters, against the page's true text; clean / damaged pages):
#   gap / height   < 0.12      0.12 – 0.14   >= 0.14
#   no space       55 / 44       1 / 0        3 / 1
#   a space        10 / 22       8 / 10     1062 / 1046
# The spaces below the line are after a short word that stands apart (ที่, ณ, และ, ด่วน…).
JOIN_GAP = 0.12
_APART = re.compile(r"^(ที่|ณ|และ|หรือ|ด่วน\S*|ทุก\S*|วันที่|ลงวันที่|ปี|ประจำปี|พ\.ศ\.|จำนวน)$")
_THAI_END = re.compile(r"[ก-\u0e4e]$")
_THAI_START = re.compile(r"^[ก-ฮเ-ไ]")


def close_up(text: str, cells: list[Cell]) -> str:
    """A field's text with the spaces OCR put inside a phrase taken out: two Thai words of
    its cells closer than ``JOIN_GAP`` of the line's height, neither a word that stands apart."""
    for c in cells:
        h = max(c.box[3] - c.box[1], 1)
        words = [w for w in c.words if w.text.strip()]
        for a, b in zip(words, words[1:]):
            left, right = normalize_text(a.text.strip()), normalize_text(b.text.strip())
            if not (_THAI_END.search(left) and _THAI_START.match(right)) or 0 > b.box[0] - a.box[2] \
                    or b.box[0] - a.box[2] >= JOIN_GAP * h or _APART.match(left) or _APART.match(right):
                continue
            text = text.replace(f"{left} {right}", left + right, 1)
    return text
