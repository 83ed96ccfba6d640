"""The "saraban" engine: Tesseract's page reading, with Thai digits and ำ read by our own model.

Stock Tesseract's Thai model cannot output ๔ ๖ ๗ ๘ ๙ nor ำ, so dates and reference
numbers (the registry's keys) come out wrong. This engine lets Tesseract find and read
the lines, re-reads each line with a small CNN+BiLSTM+CTC line recognizer
(models/saraban-line.onnx, run by onnxruntime), aligns the two readings and takes the
model's characters where digits or ำ are involved, where its marks make likelier Thai
words, and for a reference number or date it reads whole where Tesseract's is garbled
(models/README.md lists every rule). Consonants and vowels otherwise stay as Tesseract
read them, so Thai letters are not read worse than by plain Tesseract (measured by
bench/ocr_accuracy.py). Junk that seals and signatures leave on a Thai page is dropped.

The model loads on first use: importing this module stays cheap.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from .. import settings
from .arbiter import weights
from .combine import merge, number_cells
from .engine import TesseractEngine
from .junk import drop_junk, garbled, mark_strip, mostly_thai, scrawl, sparse, speck_line, stamp_line
from .letters import DIGITS, canonical, consonants, word_spans
from .model import LineModel, line_crop, line_model
from .overprint import under_seals, without_seals
from .pieces import Cell, absorb_strips, cells_text, clear_of, over_unread_ink, pieces_of, words_beside
from .strays import drop_stray_words, drop_unseen_digits, no_digits, tops_of_words_below
from .tables import read_tables
from .thresholds import READING as T


class SarabanEngine:
    """Tesseract's lines and words, re-read by the Saraban line model where digits and ำ are."""

    name = "saraban"

    def __init__(self, model_path: Path | None = None, marks: bool = True, latin: bool = True,
                 lexicon: bool = True, arbiter: bool | None = None):
        self.model_path = model_path
        self.marks, self.latin, self.lexicon = marks, latin, lexicon
        # the fitted arbiter instead of the hand rules (setting arbiter=fitted; off by default)
        self.arbiter = settings.get("arbiter") == "fitted" if arbiter is None else arbiter
        self._tess = None

    @property
    def tesseract(self):
        if self._tess is None:
            self._tess = TesseractEngine()
            self._tess.unsure = True  # a skipped stamp line's reading is judged by the model's
        return self._tess

    def _weights(self):
        return weights() if self.arbiter else None

    @property
    def model(self) -> LineModel:
        return line_model(str(self.model_path) if self.model_path else None)

    def read(self, image, number: int = 1):
        started = time.perf_counter()
        if image.mode not in ("L", "RGB"):  # bitonal, palette, alpha or 16-bit scans
            image = image.convert("RGB")
        image = without_seals(image)
        page = self.tesseract.read(image, number)
        image = read_tables(page, image, self.tesseract)
        gray = np.asarray(image.convert("L"))
        boxes = absorb_strips(page)
        gray = under_seals(page, gray, self.tesseract)
        usual = _usual_height(page)
        page.lines = [line for line in page.lines if not speck_line(line, usual)]
        words = [(o, w.box) for o in page.lines for w in o.words if consonants(w.text) >= 2]
        for k, line in enumerate(page.lines):
            around = tuple(box for o, box in words if o is not line)
            cells = self.read_cells(gray, line, id(line) in boxes, usual, words_beside(line, page.lines), around)
            drop_stray_words(line, cells, tops_of_words_below(line, page.lines) + no_digits(line, gray, usual))
            drop_unseen_digits(line, cells)
            number_cells(line, cells)
            text, conf = cells_text(cells)
            if not text or sparse(line, text, usual):
                continue
            merged, src, doubts = merge(line.text, text, conf, self.marks, self.latin, id(line) in boxes,
                                        self.lexicon, _char_conf(line), arbiter=self._weights())
            if merged != line.text:
                _rebuild_words(line, merged, src)
            line.text = merged
            if getattr(line, "unsure", False) and stamp_line(text, conf):
                line.unsure = False  # the model reads a stamp's date or time there: kept
            for d in doubts:
                page.warnings.append(f"page {number} line {k + 1}: doubtful digits {d!r} in {merged!r}")
        page.lines = [line for line in page.lines if not getattr(line, "unsure", False)]
        # after the merge: a word Tesseract read as Latin (USA) may be the model's Thai (ปริก)
        page.lines = [line for line in page.lines if not mark_strip(line, page.lines)]
        if mostly_thai(page):
            page.lines = [line for line in page.lines if drop_junk(line) and not garbled(line)]
        page.engine = self.name
        page.seconds = time.perf_counter() - started
        return page

    def read_cells(self, gray: np.ndarray, line, widened: bool, usual: float = 0.0,
                   beside: tuple = (), around: tuple = ()) -> list["Cell"]:
        """The model's reading of a line, piece by piece: a long line of a slightly skewed scan
        has a box that takes in half of the next line, while a few words' box does not. A
        table's row comes with its cells apart (column gaps), so each cell is read alone.
        Pieces that are no text for the model keep Tesseract's reading: the cut-off marks of
        the next line, and a scrawl (a signature, a pen's loops) far taller than the page's
        lines that Tesseract read as a few Latin letters (``AX``, ``ae``) and the model as
        no Thai word, only digits and strokes (``//2``, ``/วว2``). A big urgency mark
        (``AIUNAA``) is the model's: it reads ด่วนที่สุด there."""
        pieces = [(line.box, "", list(range(len(line.words))))] if widened else \
            over_unread_ink(pieces_of(line), gray, line, beside)
        cells = []
        height = line.box[3] - line.box[1]
        for box, gap, words in pieces:
            own = " ".join(line.words[i].text for i in words)
            tall = max((line.words[i].box[3] for i in words), default=box[3]) - \
                min((line.words[i].box[1] for i in words), default=box[1])
            if (tall < T.small_piece * height or height < T.small_line * usual or tall < T.small_words * usual) \
                    and not any(c in DIGITS for c in own):
                # marks of the next line cut off into a "word" (";" read "2/" when enlarged), or
                # into a "line" of their own ("yvy" read "9/ 9/ 9/"; read() drops those with no
                # Thai word first, speck_line), or specks far smaller than any letter ("a",
                # 12 px on a page of 84 px lines, read "๗"): not the model's to read,
                # Tesseract's reading stands (and keeps the line aligned)
                cells.append(Cell(box, gap, words, own, [1.0] * len(own)))
                continue
            crop = line_crop(gray, clear_of(box, around, usual))
            if crop is None:
                continue
            t, c, _ = self.model.read(crop)
            lead = len(t) - len(t.lstrip(" "))
            t, c = t.strip(" "), c[lead:lead + len(t.strip(" "))]  # the cell's gap is its own
            if scrawl(own, t, box, usual):
                t, c = own, [1.0] * len(own)  # the junk is dropped with the rest
            cells.append(Cell(box, gap, words, t, c))
        return cells


def _usual_height(page) -> float:
    """The median height of the page's lines of text (five Thai letters or more)."""
    heights = sorted(line.box[3] - line.box[1] for line in page.lines if consonants(line.text) >= 5)
    return float(heights[len(heights) // 2]) if heights else 0.0


def _char_conf(line) -> list[float]:
    """Tesseract's confidence for each character of a line's text: its word's (100 for the
    spaces, and for characters of a word not found in the text)."""
    out = [100.0] * len(line.text)
    for w, span in zip(line.words, word_spans(line)):
        if span is not None:
            out[span[0]:span[1]] = [float(w.conf)] * (span[1] - span[0])
    return out


def _rebuild_words(line, merged: str, src: list[int]) -> None:
    """Give each Word its part of the merged text: characters follow the Tesseract character
    they replaced or the one before them; boxes and confidences stay Tesseract's."""
    owner, pos = [], 0  # owner[i]: word index of char i of the old line text
    old = canonical(line.text)
    for w_i, w in enumerate(line.words):
        wt = canonical(w.text)
        at = old.find(wt, pos) if wt else -1
        if at < 0:
            return  # cannot map words safely: leave them as Tesseract gave them
        owner.extend([owner[-1] if owner else w_i] * (at - pos) + [w_i] * len(wt))
        pos = at + len(wt)
    owner.extend([owner[-1] if owner else 0] * (len(old) - pos))
    texts = [""] * len(line.words)
    cur = 0
    for ch, s in zip(merged, src):
        cur = owner[s] if 0 <= s < len(owner) else cur
        texts[cur] += ch
    for w, t in zip(line.words, texts):
        w.text = t.strip()
