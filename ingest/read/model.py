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

import json
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .combine import merge, number_cells
from .junk import drop_junk, mostly_thai
from .letters import DIGITS, SARA_AM, SHORT_DATE, STAMP_TIME, canonical, consonants, is_thai, word_spans
from ..errors import MissingDependencyError
from ..page import overlap, shifted
from .engine import TesseractEngine
from .seals import seal_rings, without_seal_rings
from .tables import read_tables
from .thresholds import READING as T
from ..thai.digits import THAI_DIGITS
from ..thai.patterns import STAMP_LABEL_READ, STAMP_WORD

HEIGHT = 40          # model input height in pixels
MODEL_DIR = Path(__file__).resolve().parents[2] / "models"
MODEL_NAME = "saraban-line"
# Output alphabet: index 0 is the CTC blank.
CHARSET = (" " + "".join(chr(c) for c in range(0x21, 0x7F))
           + "".join(chr(c) for c in range(0x0E01, 0x0E3B)) + "".join(chr(c) for c in range(0x0E3F, 0x0E5C))
           + "…“”‘’–•")


def normalize_text(s: str) -> str:
    """One spelling for what can be typed two ways (ํา → ำ), single spaces."""
    return " ".join(s.replace("\u0e4d\u0e32", SARA_AM).split())




def paper_and_ink(gray: np.ndarray) -> tuple[float, float]:
    """The grey level of a crop's paper (a high percentile) and of its darkest ink."""
    return _percentile(gray, 90), float(gray.min())


def _percentile(gray: np.ndarray, q: float) -> float:
    """``np.percentile(gray, q)``, the same value, counted from a histogram for 8-bit grey
    (a sixth of the time: it is taken for every line and piece the model reads)."""
    if gray.dtype != np.uint8 or gray.size == 0:
        return float(np.percentile(gray, q))
    below = np.cumsum(np.bincount(gray.ravel(), minlength=256))
    at = q / 100 * (gray.size - 1)
    lo = int(at)
    a = int(np.searchsorted(below, lo, side="right"))       # the lo-th smallest value
    b = int(np.searchsorted(below, lo + 1, side="right")) if lo + 1 < gray.size else a
    return float(a + (at - lo) * (b - a))


def prepare_line(gray: np.ndarray, stretch: float = 1.0) -> np.ndarray:
    """A grey line crop (dark ink on light paper) -> float32 (1, HEIGHT, W), ink = 1.

    Contrast is stretched between the paper (a high percentile) and the darkest ink,
    so colour casts, grey paper and faint toner all look alike to the model.
    """
    import cv2

    g = gray.astype(np.float32)
    if g.ndim == 3:
        g = g.mean(axis=2)
    paper, ink = paper_and_ink(gray if gray.ndim == 2 else g)
    x = np.clip((paper - g) / max(paper - ink, T.ink_contrast), 0.0, 1.0)
    h, w = x.shape
    nw = max(8, int(round(w * HEIGHT / max(h, 1) * stretch)))
    interp = cv2.INTER_AREA if h > HEIGHT else cv2.INTER_LINEAR
    x = cv2.resize(x, (nw, HEIGHT), interpolation=interp)
    x = np.pad(x, ((0, 0), (4, 4)))
    return x[None].astype(np.float32)


class LineModel:
    """The ONNX line recognizer: a grey line crop in, text with per-character confidence out."""

    def __init__(self, path: Path | None = None):
        path = Path(path or MODEL_DIR / f"{MODEL_NAME}.onnx")
        meta_path = path.with_suffix(".json")
        if not path.exists() or not meta_path.exists():
            raise MissingDependencyError(
                f"The Saraban recognizer's weights are missing ({path}).",
                hint="Reinstall the project from its repository, or use --engine tesseract.")
        try:
            import onnxruntime as ort
        except ImportError as e:
            raise MissingDependencyError(f"onnxruntime cannot be imported ({e}).",
                                         hint="Reinstall the project: .venv/bin/pip install -e .") from e
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.charset = meta["charset"]
        self.stride = int(meta.get("stride", 2))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1   # pages run in parallel processes, as Tesseract does
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])

    def read(self, gray: np.ndarray) -> tuple[str, list[float], list[float]]:
        """Text, confidence of each character, and its x position as a fraction of the crop width."""
        x = prepare_line(gray)
        logits = self.session.run(None, {"image": x[None]})[0][0]
        e = np.exp(logits - logits.max(-1, keepdims=True))
        probs = e / e.sum(-1, keepdims=True)
        best = probs.argmax(-1)
        chars, confs, xs = [], [], []
        prev = 0
        for t, k in enumerate(best):
            if k != 0 and k != prev:
                chars.append(self.charset[k - 1])
                confs.append(float(probs[t, k]))
                xs.append((t * self.stride - 4) / max(x.shape[2] - 8, 1))
            elif k != 0 and k == prev:
                confs[-1] = max(confs[-1], float(probs[t, k]))
            prev = k
        return "".join(chars), confs, xs


# ---------------------------------------------------------------- the engine

class SarabanEngine:
    """Tesseract's lines and words, re-read by the Saraban line model where digits and ำ are."""

    name = "saraban"

    def __init__(self, model_path: Path | None = None, marks: bool = True, latin: bool = True,
                 lexicon: bool = True, arbiter: bool | None = None):
        from .. import settings

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
        from .arbiter import weights

        return weights() if self.arbiter else None

    @property
    def model(self) -> LineModel:
        return _model(str(self.model_path) if self.model_path else None)

    def read(self, image, number: int = 1):
        started = time.perf_counter()
        if image.mode not in ("L", "RGB"):  # bitonal, palette, alpha or 16-bit scans
            image = image.convert("RGB")
        image = _without_seals(image)
        page = self.tesseract.read(image, number)
        image = read_tables(page, image, self.tesseract)
        gray = np.asarray(image.convert("L"))
        boxes = absorb_strips(page)
        gray = self.under_seals(page, gray)
        usual = _usual_height(page)
        page.lines = [line for line in page.lines if not _speck_line(line, usual)]
        words = [(o, w.box) for o in page.lines for w in o.words if consonants(w.text) >= 2]
        for k, line in enumerate(page.lines):
            around = tuple(box for o, box in words if o is not line)
            cells = self.read_cells(gray, line, id(line) in boxes, usual, _beside(line, page.lines), around)
            _drop_stray_words(line, cells, _tops_of_words_below(line, page.lines) + _no_digits(line, gray, usual))
            _drop_unseen_digits(line, cells)
            number_cells(line, cells)
            text, conf = _joined(cells)
            if not text or _sparse(line, text, usual):
                continue
            merged, src, doubts = merge(line.text, text, conf, self.marks, self.latin, id(line) in boxes,
                                        self.lexicon, _char_conf(line), arbiter=self._weights())
            if merged != line.text:
                _rebuild_words(line, merged, src)
            line.text = merged
            if getattr(line, "unsure", False) and _stamp_line(text, conf):
                line.unsure = False  # the model reads a stamp's date or time there: kept
            for d in doubts:
                page.warnings.append(f"page {number} line {k + 1}: doubtful digits {d!r} in {merged!r}")
        page.lines = [line for line in page.lines if not getattr(line, "unsure", False)]
        # after the merge: a word Tesseract read as Latin (USA) may be the model's Thai (ปริก)
        page.lines = [line for line in page.lines if not _mark_strip(line, page.lines)]
        if mostly_thai(page):
            page.lines = [line for line in page.lines if drop_junk(line) and not _garbled(line)]
        page.engine = self.name
        page.seconds = time.perf_counter() - started
        return page


    def under_seals(self, page, gray: np.ndarray) -> np.ndarray:
        """Lines Tesseract read unsurely with lighter ink over them (an office's seal printed
        over its date on a stamped letter, ``11 We`` for ๑๑ พฤศจิกายน ๒๕๖๕) are read again
        with that ink painted out; the new reading is kept if Tesseract is far surer of it.
        Returns the page image with the ink painted out where a line was read again, for the
        model to read the same pixels. A page where more than ``seal_lines`` lines show such
        ink (a grainy or tinted scan) is left as it is."""
        from PIL import Image

        out, candidates = gray, []
        for i, line in enumerate(page.lines):
            if not line.words or min(w.conf for w in line.words) >= T.seal_conf:
                continue
            l, t, r, b = line.box
            m = max(4, (b - t) // 4)
            # the seal may have hidden the line's ends from Tesseract: widen it up to the next
            # line on the same row, at most six line-heights each way
            row = [o.box for o in page.lines if o is not line and o.box[1] < b and o.box[3] > t]
            if any(overlap(line.box, o) > 0.5 for o in row):
                continue  # a piece of another line's word (a red urgency mark read in parts)
            left = max([o[2] for o in row if o[2] <= l] + [l - 6 * (b - t)])
            right = min([o[0] for o in row if o[0] >= r] + [r + 6 * (b - t)])
            t2, b2 = max(0, t - m), min(gray.shape[0], b + m)
            l2, r2 = max(0, left + m), min(gray.shape[1], right - m)
            if r2 - l2 < r - l:
                l2, r2 = max(0, l - m), min(gray.shape[1], r + m)
            crop = _without_light_ink(gray[t2:b2, l2:r2], (max(0, l - l2), r - l2))
            if crop is not None:
                candidates.append((i, crop, l2, t2, r2, b2))
        if len(candidates) > T.seal_lines:
            return out  # light ink over many lines is the scan's grain or a tint, not a seal
        for i, crop, l2, t2, r2, b2 in candidates:
            line = page.lines[i]
            again = self.tesseract.read_block(Image.fromarray(crop), (0, 0, r2 - l2, b2 - t2), margin=10)
            if len(again) != 1 or again[0].conf < line.conf + T.seal_gain \
                    or _content(again[0].text) < T.seal_content * _content(line.text):
                continue  # (ink painted out must reveal text, not take some away: a red mark's)
            page.lines[i] = shifted(again[0], l2, t2)
            if out is gray:
                out = gray.copy()
            out[t2:b2, l2:r2] = crop
        return out

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
            _over_unread_ink(pieces_of(line), gray, line, beside)
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
                # Thai word first, _speck_line), or specks far smaller than any letter ("a",
                # 12 px on a page of 84 px lines, read "๗"): not the model's to read,
                # Tesseract's reading stands (and keeps the line aligned)
                cells.append(Cell(box, gap, words, own, [1.0] * len(own)))
                continue
            crop = line_crop(gray, _clear_of(box, around, usual))
            if crop is None:
                continue
            t, c, _ = self.model.read(crop)
            lead = len(t) - len(t.lstrip(" "))
            t, c = t.strip(" "), c[lead:lead + len(t.strip(" "))]  # the cell's gap is its own
            if _scrawl(own, t, box, usual):
                t, c = own, [1.0] * len(own)  # the junk is dropped with the rest
            cells.append(Cell(box, gap, words, t, c))
        return cells


def _clear_of(box, around, usual: float) -> tuple:
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


def _joined(cells: list[Cell]) -> tuple[str, list[float]]:
    texts, confs = [], []
    for cell in cells:
        if texts and cell.text:
            texts.append(cell.gap or " ")
            confs.extend([1.0] * len(cell.gap or " "))
        texts.append(cell.text)
        confs.extend(cell.conf)
    return "".join(texts), confs




def _without_light_ink(crop: np.ndarray, within: tuple[int, int] = (0, -1)) -> np.ndarray | None:
    """A line crop with the ink lighter than its text's own painted paper-white: a seal or a
    coloured stamp printed over the line. None unless enough of that ink lies away from the
    text's strokes in the columns ``within`` (the line's own box; the crop may be wider):
    light pixels beside the strokes are only the letters' edges, which a blurred scan is
    full of."""
    import cv2

    g = crop.astype(np.float32)
    paper, core = _percentile(crop, 90), _percentile(crop, 1)
    if paper - core < T.seal_contrast:
        return None
    cut = core + 0.25 * (paper - core)
    light = (g > cut) & (g < paper - 0.25 * (paper - core))
    strokes = cv2.dilate((g <= cut).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    if (light & ~strokes)[:, within[0]:within[1]].mean() < T.seal_light_share:
        return None
    return np.where(light | (g > cut), np.uint8(paper), crop).astype(np.uint8)


def _without_seals(image):
    """The page with the rings and dashes of any round seal on it inpainted (``seals``), in grey."""
    from PIL import Image

    gray = np.asarray(image.convert("L"))
    seals = seal_rings(gray)
    return Image.fromarray(without_seal_rings(gray, seals)) if seals else image


def _content(text: str) -> int:
    """Thai consonants and digits: what a reading holds, junk and punctuation aside."""
    return consonants(text) + sum(c.isdigit() for c in text)


def _mark_strip(line, lines) -> bool:
    """The marks above a line's letters, which Tesseract sometimes cuts off into a thin "line"
    of their own over the line's top and reads as Latin junk or digits (``VAR AY za`` over
    ``ข้อมูลผู้มีสิทธิ``, ``1  1  1 ๓ ๕`` over ``พบว่าหน่วยงานหลายแห่ง``, ``ย  ๕  ๕  ๕``): no Thai
    word (a letter or two alone at most), under 0.6 as tall as the line of Thai words it lies
    in for 0.4 of its height or more (or sits just on top of), and within that line's width
    (inside a signature's scrawl a small line may be its date: kept)."""
    if consonants(line.text) > 2 or any(consonants(w) > 1 for w in line.text.split()):
        return False
    l, t, r, b = line.box
    h = b - t
    # an order's ที่ ๑๔๒/๒๕๖๓ over its title, a page's number (-๒-) over its first line
    number = _NUMBER.search(line.text.replace(" ", "")) or _PAGE_NUMBER.search(line.text)
    for other in lines:
        ol, ot, orr, ob = other.box
        inside = min(b, ob) - max(t, ot) >= T.mark_strip_inside * h
        on_top = t < ot <= b + T.mark_strip_above * h and not number  # just over its top (ลับมาก's ั read "๑2")
        if other is not line and ol - h <= l and r <= orr + h and (inside or on_top) \
                and h < T.mark_strip_height * (ob - ot) and consonants(other.text) >= 5:  # inside words, not a scrawl
            return True
    return False


def _tops_of_words_below(line, lines) -> list[int]:
    """This line's words with no Thai letter that hold a digit and lie over the top of a
    long Thai word of the next line, half or more inside its box and less than 0.6 as tall:
    its marks, cut off into this line and read as digits (the ุ ้ ่ over ผู้ว่าราชการ read
    ``๑/  ๑/`` in the line of an endorsement's เพื่อ...)."""
    below = [w for o in lines if o is not line for w in o.words if consonants(w.text) >= 4]
    out = []
    for i, w in enumerate(line.words):
        if consonants(w.text) or not any(c in DIGITS for c in w.text):
            continue
        h = w.box[3] - w.box[1]
        if any(w.box[1] < o.box[1] and h < T.mark_strip_height * (o.box[3] - o.box[1])
               and overlap(w.box, o.box) >= T.tops_overlap
               for o in below):
            out.append(i)
    return out


def _no_digits(line, gray: np.ndarray, usual: float) -> list[int]:
    """This line's "numbers" (no Thai letter) that no printed digit can be: ink without a
    break taller than the page's lines (``usual``: the emblem over a memo's บันทึกข้อความ
    read ``๒``), or a box with a few specks of ink in it (a dust speck after a fax number read
    ``7`` at 91: 6 dark pixels in a 20 x 43 box)."""
    if not usual:
        return []
    l, t, r, b = line.box
    band = gray[max(0, t):b, max(0, l):r]
    if band.size == 0 or band.ndim != 2:
        return []
    paper, ink = paper_and_ink(band)
    if paper - ink < T.ink_contrast:
        return []
    out, pad = [], int(T.faint * usual)
    for i, w in enumerate(line.words):
        if consonants(w.text) or not any(c in DIGITS for c in w.text):
            continue
        wl, wt, wr, wb = w.box
        crop = gray[max(0, wt):wb, max(0, wl):wr]
        # a box with almost no ink, however light (the grey print of a photographed page),
        # not one a pixel or two wide: Tesseract's for a printed 1, often beside the glyph
        inked = crop < paper - T.light_ink * (paper - ink)
        faint = wr - wl >= 2 * pad and inked.sum() < T.faint_share * inked.size
        if faint or _longest_run((crop < (paper + ink) / 2).any(axis=1)) > usual:  # a digit is half as tall
            out.append(i)
    return out


def _longest_run(flags: np.ndarray) -> int:
    """The length of the longest run of True in a 1-D array."""
    best = run = 0
    for f in flags:
        run = run + 1 if f else 0
        best = max(best, run)
    return best




def _drop_stray_words(line, cells: list["Cell"], marks: list[int] = ()) -> None:
    """Words Tesseract read out of what is not text, taken out of the line before the merge:
    a lone digit cut out of the top of the word beside it, or read out of one of its letters,
    where the model reading it sees no digit (the ึ of จึง read as ``4``: ``เรียบร้อย 4 จง``;
    it sits higher than that word and mostly over it, or mostly inside its box); a piece of a
    word read twice, alone and inside the word (``ดั ดังนัน``); unsure "numbers" in a piece the
    model reads as empty (a dotted line); "digits" a few pixels across (specks); and the
    words at ``marks`` (``_tops_of_words_below``, ``_no_digits``)."""
    spans = word_spans(line)
    drop = [i for i in sorted(set(marks)) if spans[i] is not None]
    for i, (w, span) in enumerate(zip(line.words, spans)):
        if span is None or len(w.text) != 1 or w.text not in DIGITS or i in drop:
            continue
        l, t, r, b = w.box
        for k in (i - 1, i + 1):
            if not 0 <= k < len(line.words) or not consonants(line.words[k].text):
                continue
            ol, ot, orr, ob = line.words[k].box
            cut_off = min(r, orr) - max(l, ol) >= T.cut_off * (r - l) and t < ot
            inside = overlap(w.box, line.words[k].box) >= T.inside  # its letter read twice
            if (cut_off or inside) and \
                    any(i in c.words and not c.sees_digits() for c in cells):
                drop.append(i)
                break
    # a piece of a word read twice: once alone, once inside the word over it ("ดั ดังนัน",
    # "ที่ ที่"): the first, a prefix of the next word and mostly under its box, is dropped
    for i in range(len(line.words) - 1):
        w, nxt = line.words[i], line.words[i + 1]
        width = max(1, w.box[2] - w.box[0])
        if spans[i] is not None and w.text and nxt.text.startswith(w.text) and i not in drop \
                and min(w.box[2], nxt.box[2]) - max(w.box[0], nxt.box[0]) >= 0.5 * width:
            drop.append(i)
    # a dotted leader or a speck Tesseract read unsurely as a number ("0500๐0" on a stamp's
    # empty dotted line) where the model, reading that piece alone, sees nothing at all
    drop += [i for c in cells if not c.text.strip() for i in c.words
             if spans[i] is not None and line.words[i].conf < T.empty_conf
             and any(ch in DIGITS for ch in line.words[i].text) and i not in drop]
    # a speck Tesseract read as a digit: a box a few pixels across ("3" before โทรสาร), or a
    # stroke far wider than tall (a dotted leader read "7", a signature's tail read "0")
    drop += [i for i, (w, span) in enumerate(zip(line.words, spans))
             if span is not None and i not in drop and not consonants(w.text)
             and any(ch in DIGITS for ch in w.text) and (max(w.box[2] - w.box[0], w.box[3] - w.box[1]) <= T.speck_px
                                                        or _flat(w))]
    _remove_words(line, cells, sorted(drop), spans)


def _drop_unseen_digits(line, cells: list["Cell"]) -> None:
    """The digits of Tesseract's unsure words in a piece where the model, reading it alone,
    sees no digit at all: a signature's or a seal's strokes read as a number (``0700`` under
    a signature, ``7ฝ0`` on a table's rule, the ``[707`` glued to กรมส่งเสริม..., ``๑2``
    on a secrecy mark's ink), or alone in a piece too thin for the model to read (a hairline
    read "1"). What is left of such a word without its digits and the marks around them is
    kept if it holds a Thai word (two letters or more), else the word goes."""
    spans = word_spans(line)
    unseen = {i for c in cells if c.text.strip() and not any(ch in DIGITS for ch in c.text) for i in c.words}
    # a "digit" alone in a piece too thin to read (a hairline after a column gap, "1")
    held = {i for c in cells for i in c.words}
    unseen |= {i for i, w in enumerate(line.words) if i not in held and w.box[2] - w.box[0] < 6}
    for i in reversed(range(len(line.words))):
        w, span = line.words[i], spans[i]
        arabic = not any(is_thai(ch) or "๐" <= ch <= "๙" for ch in w.text)  # Tesseract's English reads these well
        if span is None or i not in unseen or w.conf >= (T.unseen_conf_arabic if arabic else T.unseen_conf) \
                or not any(ch in DIGITS for ch in w.text):
            continue
        if i == 0 and (_ITEM.fullmatch(w.text) or (len(w.text) == 1 and w.text in THAI_DIGITS
                                                   and line.text[span[1]:span[1] + 4] == "    ")):
            continue  # an item number opening the line ("1." of a tender's conditions, a table
            # row's "๓" before its column gap): printed
        rest = _NON_WORD.sub("", w.text)
        if consonants(rest) < 2:
            _remove_words(line, cells, [i], spans)
        else:
            a, z = span
            line.text, w.text = line.text[:a] + rest + line.text[z:], rest


_ITEM = re.compile(r"[0-9๐-๙]{1,2}[.)]")
_NON_WORD = re.compile(r"[0-9๐-๙|\[\](){}<>=+:;,'\"/_*~^!?-]+")


def _char_conf(line) -> list[float]:
    """Tesseract's confidence for each character of a line's text: its word's (100 for the
    spaces, and for characters of a word not found in the text)."""
    out = [100.0] * len(line.text)
    for w, span in zip(line.words, word_spans(line)):
        if span is not None:
            out[span[0]:span[1]] = [float(w.conf)] * (span[1] - span[0])
    return out


def _stamp_line(text: str, conf: list[float]) -> bool:
    """Whether the model reads a line as a receipt stamp's: its printed label (เลขรับ, วันที่,
    เวลา) and a date, a time or a number after it, the digits read fairly surely."""
    m = STAMP_LABEL_READ.match(text)
    digits = [c for ch, c in zip(text, conf) if ch in DIGITS]
    if not m or not digits or min(digits) < T.stamp_digits_conf:
        return False
    rest = text[m.end():]
    return bool(SHORT_DATE.search(rest) or STAMP_TIME.search(rest) or re.search(r"[0-9๐-๙]{2,}", rest))




def _speck_line(line, usual: float) -> bool:
    """A "line" under 0.3 as tall as the page's lines (``usual``) with no Thai word in it:
    specks or a pen's ticks read as digits (``๑7``, ``9/7``, ``๐27``), not text."""
    return line.box[3] - line.box[1] < T.small_line * usual and consonants(line.text) < 2


def _usual_height(page) -> float:
    """The median height of the page's lines of text (five Thai letters or more)."""
    heights = sorted(line.box[3] - line.box[1] for line in page.lines if consonants(line.text) >= 5)
    return float(heights[len(heights) // 2]) if heights else 0.0


def _scrawl(own: str, model_text: str, box, usual: float) -> bool:
    """A piece far taller than the page's lines (``usual``) that Tesseract read as Latin
    letters and the model as no Thai word: a signature or a pen's loops."""
    return bool(usual) and box[3] - box[1] > T.scrawl * usual and own.isascii() \
        and not any(c.isdigit() for c in own) and consonants(model_text) < 3




def _flat(word) -> bool:
    """A "number" whose box is far wider than tall for its digits: a stroke, not digits
    (the widest Thai digit, ๙ or ๕, is about twice as wide as it is tall on a page)."""
    digits = sum(c in DIGITS for c in word.text)
    l, t, r, b = word.box
    return r - l > T.flat * max(b - t, 1) * max(digits, 1)




def _remove_words(line, cells: list["Cell"], drop: list[int], spans) -> None:
    for i in reversed(drop):
        a, z = spans[i]
        z += line.text[z:z + 1] == " "
        line.text = (line.text[:a] + line.text[z:]).rstrip()
        del line.words[i]
        for c in cells:
            c.words = [j - (j > i) for j in c.words if j != i]


_NUMBER = re.compile(r"[0-9]{3}|[๐-๙]{3}|[0-9๐-๙][./:][0-9๐-๙]")
_PAGE_NUMBER = re.compile(r"-\s*[0-9๐-๙]{1,2}|[0-9๐-๙]{1,2}\s*-")  # -๒-, one of its dashes may be lost


def _is_thai_word_char(c: str) -> bool:
    return is_thai(c) and c not in DIGITS


def _garbled(line) -> bool:
    """A short line Tesseract read unsurely as a jumble of scripts (``๑7/ฆAy``,
    ``||R๗vaAฆ๐wa๗AY``): a signature, a seal or a scrawl, not text. Kept if it holds a
    number (three digits of one script, ๑.๒ or 12/3), a Thai word of four letters, or a
    stamp's label or a month's abbreviation; where it holds a Thai word Tesseract is sure of,
    that word alone is kept."""
    text = line.text
    bare = text.replace(" ", "")
    if not 3 <= len(bare) <= 25 or not line.words or line.conf >= T.garbled_conf:
        return False
    latin = any(c.isascii() and c.isalpha() for c in bare)
    thai_digits, arabic = any("๐" <= c <= "๙" for c in bare), any("0" <= c <= "9" for c in bare)
    if not ((latin and (thai_digits or consonants(bare))) or (thai_digits and arabic)):
        return False
    if STAMP_WORD.search(text):
        return False  # a stamp's date or time, however garbled (วันที่ ๑ Aya. 67): the extraction reads it
    if _NUMBER.search(bare) or any(consonants(w) >= 4 for w in text.split()):
        return False
    sure = [w for w in line.words if consonants(w.text) >= 2 and w.conf >= T.sure_word
            and all(map(_is_thai_word_char, w.text))]
    if sure:  # the end of an office's name carried over (พระ), amid junk: only it is kept
        line.words, line.text = sure, " ".join(w.text for w in sure)
        return False
    return True




def _sparse(line, model_text: str, usual: float = 0.0) -> bool:
    """A "line" of scattered marks (table rules, a seal, a signature) that both readers find
    nearly empty: the model's few characters there would only be junk digits. Its width is
    measured without the specks at its ends (a ``|`` 12 px tall, far off beside a date, on
    a page of 50 px lines)."""
    l, t, r, b = line.box
    text = [w for w in line.words if any(c.isalnum() for c in w.text) or w.box[3] - w.box[1] >= T.small_words * usual]
    if text and len(text) < len(line.words):
        l, r = min(w.box[0] for w in text), max(w.box[2] for w in text)
    room = T.sparse_room * (r - l) / max(b - t, 1)      # about 2-3 characters fit per line height
    return len(model_text.replace(" ", "")) < room and len(line.text.replace(" ", "")) < room


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




def _beside(line, lines) -> list[tuple]:
    """The boxes of other lines' words that cover most of this line's middle half (a line
    that Tesseract read twice, or read partly into the next), and are not taller than one and
    a half of its lines (a "word" over two lines was read from neither)."""
    t, b = line.box[1], line.box[3]
    lo, hi = t + (b - t) // 4, b - (b - t) // 4
    return [w.box for o in lines if o is not line for w in o.words
            if min(w.box[3], hi) - max(w.box[1], lo) > T.beside_share * (hi - lo)
            and w.box[3] - w.box[1] < T.beside_height * (b - t)]


def _over_unread_ink(pieces: list[tuple], gray: np.ndarray, line, beside=()) -> list[tuple]:
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


@lru_cache(maxsize=4)
def _model(path: str | None) -> LineModel:
    return LineModel(Path(path) if path else None)


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




def line_crop(gray: np.ndarray, box) -> np.ndarray | None:
    """The line's pixels with a margin like the training crops (marks above and below kept)."""
    l, t, r, b = box
    h = b - t
    if h < 6 or r - l < 6:
        return None
    H, W = gray.shape[:2]
    t2, b2 = max(0, int(t - 0.12 * h)), min(H, int(b + 0.12 * h))
    l2, r2 = max(0, int(l - 0.25 * h)), min(W, int(r + 0.25 * h))
    return without_rules(gray[t2:b2, l2:r2])


def without_rules(crop: np.ndarray) -> np.ndarray:
    """The crop with any horizontal rule across it painted out in the paper's tone.

    A receipt stamp's ruled frame, a form's writing line or an underline caught in a line's
    crop throws the model right off (b30 p4's stamp: ``เวลา 08.30 น.`` read alone, ``2a0220น``
    with the rule under it); the model never saw one in training. A rule is ink running
    unbroken for more than ``rule_heights`` crop heights; no letter is that wide, and a dotted
    line is broken."""
    import cv2

    h, w = crop.shape[:2]
    k = int(T.rule_heights * h)
    if crop.ndim != 2 or w <= k:
        return crop
    paper, ink = paper_and_ink(crop)
    if paper - ink < T.ink_contrast:
        return crop  # no ink dark enough to hold a rule
    dark = (crop < (paper + ink) / 2).astype(np.uint8)
    rules = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    if not rules.any():
        return crop
    rules = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    out = crop.copy()
    out[rules > 0] = int(paper)
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
