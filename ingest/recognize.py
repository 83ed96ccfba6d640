"""The "saraban" engine: Tesseract's page reading, with Thai digits and ำ read by our own model.

Stock Tesseract's Thai model cannot output ๔ ๖ ๗ ๘ ๙ nor ำ, so dates and reference
numbers (the registry's keys) come out wrong. This engine lets Tesseract find and read
the lines, re-reads each line with a small CNN+BiLSTM+CTC line recognizer
(models/saraban-line.onnx, run by onnxruntime), aligns the two readings and takes the
model's characters only where digits or ำ are involved. Every other character stays
as Tesseract read it, so Thai letters are never read worse than by plain Tesseract.

The model loads on first use: importing this module stays cheap.
"""
from __future__ import annotations

import difflib
import json
import time
from functools import lru_cache
from pathlib import Path

import numpy as np

HEIGHT = 40          # model input height in pixels
MODEL_DIR = Path(__file__).resolve().parents[1] / "models"
MODEL_NAME = "saraban-line"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
DIGITS = set(THAI_DIGITS + "0123456789")
SARA_AM = "ำ"
# Output alphabet: index 0 is the CTC blank.
CHARSET = (" " + "".join(chr(c) for c in range(0x21, 0x7F))
           + "".join(chr(c) for c in range(0x0E01, 0x0E3B)) + "".join(chr(c) for c in range(0x0E3F, 0x0E5C))
           + "…“”‘’–•")


def normalize_text(s: str) -> str:
    """One spelling for what can be typed two ways (ํา → ำ), single spaces."""
    return " ".join(s.replace("\u0e4d\u0e32", SARA_AM).split())


def prepare_line(gray: np.ndarray, stretch: float = 1.0) -> np.ndarray:
    """A grey line crop (dark ink on light paper) -> float32 (1, HEIGHT, W), ink = 1.

    Contrast is stretched between the paper (a high percentile) and the darkest ink,
    so colour casts, grey paper and faint toner all look alike to the model.
    """
    import cv2

    g = gray.astype(np.float32)
    if g.ndim == 3:
        g = g.mean(axis=2)
    paper = float(np.percentile(g, 90))
    ink = float(g.min())
    x = np.clip((paper - g) / max(paper - ink, 40.0), 0.0, 1.0)
    h, w = x.shape
    nw = max(8, int(round(w * HEIGHT / max(h, 1) * stretch)))
    interp = cv2.INTER_AREA if h > HEIGHT else cv2.INTER_LINEAR
    x = cv2.resize(x, (nw, HEIGHT), interpolation=interp)
    x = np.pad(x, ((0, 0), (4, 4)))
    return x[None].astype(np.float32)


class LineModel:
    """The ONNX line recognizer: a grey line crop in, text with per-character confidence out."""

    def __init__(self, path: Path | None = None):
        from .errors import MissingDependencyError

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


# ---------------------------------------------------------------- merging two readings of a line

_TONES = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"   # ่ ้ ๊ ๋ ์
_NIKHAHIT_AA = __import__("re").compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
_SAFE_IN_NUMBERS = set(" .,/:-()")
_LATIN_WORD = __import__("re").compile("[A-Za-z]{4,}")


def canonical(text: str) -> str:
    """Tesseract writes ำ in visual order (ํ + tone + า); Unicode's spelling is tone + ำ."""
    return _NIKHAHIT_AA.sub(lambda m: m.group(1) + SARA_AM, text)


def _untoned(s: str) -> str:
    return "".join(c for c in s if c not in _TONES)


def _is_thai(c: str) -> bool:
    return "\u0e01" <= c <= "\u0e4e"


def align(a: str, b: str) -> list[tuple[int, int, int, int, bool]]:
    """Levenshtein alignment of a and b as regions (i1, i2, j1, j2, equal); neighbouring
    differences form one region, so "๒๐๒๐" against "๒๐๖" is one decision, not two."""
    from rapidfuzz.distance import Levenshtein

    regions: list = []
    for op in Levenshtein.opcodes(a, b):
        eq = op.tag == "equal"
        if regions and not eq and not regions[-1][4]:
            i1, _, j1, _, _ = regions[-1]
            regions[-1] = (i1, op.src_end, j1, op.dest_end, False)
        else:
            regions.append((op.src_start, op.src_end, op.dest_start, op.dest_end, eq))
    return regions


def decide(ts: str, ms: str, conf: list[float], marks: bool = False,
           latin: bool = True, thai_number: bool = False) -> tuple[bool, bool]:
    """Whether to take the model's ms for Tesseract's ts in a region where they differ.

    Returns (take, doubtful). Digits: Tesseract cannot write ๔ ๖ ๗ ๘ ๙ and turns them into
    other digits or Latin letters (๘ -> ๕ or "BE"), so where digits are involved and
    Tesseract saw no Thai letters, the model wins. Thai letters are kept unless the model
    is sure the place holds only digits. ำ, which Tesseract cannot write either, is taken
    where it is the only difference. ``thai_number``: the region touches Thai digits in
    Tesseract's reading, so an Arabic digit in it is a misread Thai one (๑๒๐9 for ๑๒๐๖).
    """
    low = min(conf, default=1.0)
    digits = any(c in DIGITS for c in ts + ms)
    if digits:
        if not any(c in DIGITS for c in ms):
            return False, False  # the model saw no digit there: never delete Tesseract's
        if any("0" <= c <= "9" for c in ts) and not thai_number:
            # Tesseract's English model reads printed Arabic digits well: the model overrules
            # it only digit for digit, in the same script, and surely (stamp fill-ins)
            td, md = [c for c in ts if c in DIGITS], [c for c in ms if c in DIGITS]
            same = len(td) == len(md) and all("0" <= c <= "9" for c in md)
            return same and low >= 0.95, False
        number_like = all(c in DIGITS or c in _SAFE_IN_NUMBERS for c in ms)
        if _LATIN_WORD.search(ts) and not (number_like and low >= 0.9):
            return False, True   # a real Latin word ("Development") is Tesseract's to read
        if all(c in _TESS_DIGITS or c in _SAFE_IN_NUMBERS for c in ts):
            # Tesseract read a number it could have read right: overrule it only surely
            arabic_mix = any("0" <= c <= "9" for c in ms)
            # ...but ๔ ๖ ๗ ๘ ๙ are beyond it (it writes ๖ as ๒, ๔ ๘ ๙ as ๕, ๗ as ๓)
            bar = 0.5 if any(c in _BEYOND_TESS for c in ms) else 0.8
            return (low >= bar and not arabic_mix), low < bar or arabic_mix
        if not ts:  # a digit where Tesseract saw nothing at all: only if sure of the digits
            sure = min((c for ch, c in zip(ms, conf) if ch in DIGITS), default=1.0)
            return sure >= 0.7, 0.5 <= sure < 0.7
        if not any(_is_thai(c) and c not in DIGITS for c in ts):
            # Latin junk or digits Tesseract cannot write: the model's, if it is fairly sure of
            # its digits (junk boxes of rules and stamps give unsure digits: keep them out)
            sure = min((c for ch, c in zip(ms, conf) if ch in DIGITS), default=1.0)
            return sure >= 0.6, low < 0.6  # (merge() keeps Tesseract's brackets: _number)
        only_number = all(c in DIGITS or c in _SAFE_IN_NUMBERS for c in ms)
        if only_number and low >= 0.9 and len(ts) <= len(ms) + 2:
            return True, False
        return False, any(c in DIGITS for c in ms)
    if SARA_AM in ms and ms.replace(SARA_AM, "") == ts.replace("\u0e32", "").replace("\u0e4d", ""):
        return low >= 0.5, False
    if SARA_AM in ms and _untoned(ms.replace(SARA_AM, "")) == _untoned(ts.replace("\u0e32", "").replace("\u0e4d", "")):
        return low >= 0.8, False  # ํ read as a tone mark: "จ้านวน" for จำนวน
    if marks and not ts and ms and all(c in _TONES for c in ms):
        return low >= 0.9, False
    if latin and ts and ms and any(c.isascii() and c.isalpha() for c in ts) and not any(map(_is_thai, ts)):
        # tha+eng sometimes reads a Thai word as Latin junk ("วันที่" -> "TUN")
        return low >= 0.9 and all(_is_thai(c) or c in " ." for c in ms), False
    return False, False


_TESS_DIGITS = set("๐๑๒๓๕0123456789")  # the Thai digits Tesseract's model can write, and Arabic
_BEYOND_TESS = set("๔๖๗๘๙")


def _digit_by_digit(ts: str, ms: str, conf: list[float]) -> str:
    """Where both read a digit: a digit Tesseract cannot write (๔ ๖ ๗ ๘ ๙) is the model's;
    a disagreement between digits Tesseract can write goes to the model only if it is sure."""
    return "".join(m if m not in _TESS_DIGITS or t not in _TESS_DIGITS or c >= 0.9 else t
                   for t, m, c in zip(ts, ms, conf))


def _is_thai_letter(c: str) -> bool:
    return _is_thai(c) and c not in DIGITS


def _number(ts: str, ms: str) -> str:
    """The model's number, but Tesseract's brackets, slashes and dashes where the model has
    something else or nothing in their place: Tesseract reads those well, and ")" is easily
    taken for ๗ or ย by a line model on a bitonal scan."""
    from rapidfuzz.distance import Levenshtein

    out, j = [], 0
    for op in Levenshtein.opcodes(ts, ms):
        t, m = ts[op.src_start:op.src_end], ms[op.dest_start:op.dest_end]
        if op.tag == "delete" and all(c in _PUNCT_KEPT for c in t):
            out.append(t)
        elif op.tag == "replace" and len(t) == len(m):
            out.extend(tc if tc in _PUNCT_KEPT else mc for tc, mc in zip(t, m))
        else:
            out.append(m)
    return "".join(out)


_PUNCT_KEPT = set("()/-")
LEXICON_CONF = 0.5     # the model's least sure character in a region it may rewrite
LEXICON_MARGIN = 1.5   # ...and the phrase must become this much likelier (log10: 30 times)


def _letters_only(ts: str, ms: str) -> bool:
    """A region where the readings differ in Thai letters and marks only (or Tesseract wrote
    a Latin letter or two for a Thai word): the lexicon may settle it."""
    if not ms or not all(_is_thai_letter(c) for c in ms.replace(" ", "")):
        return False
    if ts.isascii() and ts.isalpha() and len(ts) <= 4:  # "NOU" for "ที่ อบ"
        return ms.strip() == ms
    return " " not in ms and all(_is_thai_letter(c) for c in ts)


def _likelier(left: str, ts: str, ms: str, right: str) -> bool:
    """Whether the phrase around the region (to the nearest spaces) reads as far likelier
    Thai with the model's ms than with Tesseract's ts (``lexicon.cost``)."""
    from .lexicon import all_words, cost

    if ts and ts.isascii():  # Latin junk where the model reads Thai: the model's, if all real words
        return all_words(ms)
    head = left[left.rfind(" ") + 1:]
    tail = right.split(" ", 1)[0]
    return cost(head + ms + tail) <= cost(head + ts + tail) - LEXICON_MARGIN


def _ascii_letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalpha()


def _sure_digit(text: str, conf: list[float], j: int) -> bool:
    return 0 <= j < len(text) and text[j] in DIGITS and conf[j] >= 0.8


def merge(tess: str, model: str, conf: list[float], marks: bool = False, latin: bool = True,
          lead: bool = False, lexicon: bool = True):
    """Tesseract's line with the model's digits and ำ: (text, source index per char, doubts).

    source[k] is the index in ``tess`` that char k came from, or -1 for the model's.
    ``lead``: the line was widened over a strip Tesseract cut off, so what the model reads
    before Tesseract's first character (an item number) is taken. ``lexicon``: where the two
    differ in Thai letters only, the reading that makes likelier Thai words wins (``_likelier``).
    """
    tess = canonical(tess)
    out, src, doubts = [], [], []
    for i1, i2, j1, j2, eq in align(tess, model):
        ts, ms = tess[i1:i2], model[j1:j2]
        if not eq and len(ts) == len(ms) and all(c in DIGITS for c in ts + ms):
            ms = _digit_by_digit(ts, ms, conf[j1:j2])
        cf = conf[j1:j2]
        if not eq and ts and any(c in DIGITS for c in ms) and not any(map(_is_thai_letter, ts)):
            kept = _number(ts, ms)  # Tesseract's brackets and dashes stay, before deciding
            if len(kept) == len(ms):  # a bracket kept is sure; the model's digit there is not
                cf = [1.0 if k != m else c for k, m, c in zip(kept, ms, cf)]
            ms = kept
        thai_number = (i1 > 0 and tess[i1 - 1] in THAI_DIGITS) or (i2 < len(tess) and tess[i2] in THAI_DIGITS)
        take, doubtful = (False, False) if eq else decide(ts, ms, cf, marks, latin, thai_number)
        if lexicon and not eq and not take and _letters_only(ts, ms) and min(cf, default=0.0) >= LEXICON_CONF:
            take = _likelier("".join(out), ts, ms, tess[i2:])
        if ts == "2" and ms == "ว" and tess[i1 - 1:i1] == "/" and min(cf) >= 0.8:
            take = True  # the ว of a circular number ("0206.2/ว 4109"), which Tesseract reads as 2
        if lead and i1 == 0 and not ts and any(c in DIGITS for c in ms):
            take = True  # the item number that absorb_strips gave back to this line
        if take and (_ascii_letter(tess, i1 - 1) or _ascii_letter(tess, i2)):
            take = False  # inside a Latin word ("Commu|n|ity"): Tesseract's English reads it
        if not eq and not ms and ts and all(c in THAI_DIGITS for c in ts):
            # extra digits inside a number the model read surely ("๐๒๐๒๐" for ๐๒๐๖)
            take = _sure_digit(model, conf, j1 - 1) and _sure_digit(model, conf, j1)
        if take:
            out.append(ms)
            src.extend([-1] * len(ms))
        else:
            out.append(ts)
            src.extend(range(i1, i2))
        if doubtful:
            doubts.append(ms or ts)
    return "".join(out), src, doubts


# ---------------------------------------------------------------- the engine

class SarabanEngine:
    """Tesseract's lines and words, re-read by the Saraban line model where digits and ำ are."""

    name = "saraban"

    def __init__(self, model_path: Path | None = None, marks: bool = True, latin: bool = True,
                 lexicon: bool = True):
        self.model_path = model_path
        self.marks, self.latin, self.lexicon = marks, latin, lexicon
        self._tess = None

    @property
    def tesseract(self):
        if self._tess is None:
            from .read import TesseractEngine
            self._tess = TesseractEngine()
        return self._tess

    @property
    def model(self) -> LineModel:
        return _model(str(self.model_path) if self.model_path else None)

    def read(self, image, number: int = 1):
        started = time.perf_counter()
        page = self.tesseract.read(image, number)
        gray = np.asarray(image.convert("L"))
        boxes = absorb_strips(page)
        for k, line in enumerate(page.lines):
            text, conf = self.read_line(gray, line, id(line) in boxes)
            if not text or _sparse(line, text):
                continue
            merged, src, doubts = merge(line.text, text, conf, self.marks, self.latin, id(line) in boxes,
                                        self.lexicon)
            if merged != line.text:
                _rebuild_words(line, merged, src)
            line.text = merged
            for d in doubts:
                page.warnings.append(f"page {number} line {k + 1}: doubtful digits {d!r} in {merged!r}")
        if _mostly_thai(page):
            page.lines = [line for line in page.lines if drop_junk(line)]
        page.engine = self.name
        page.seconds = time.perf_counter() - started
        return page


    def read_line(self, gray: np.ndarray, line, widened: bool) -> tuple[str, list[float]]:
        """The model's reading of a line, piece by piece: a long line of a slightly skewed scan
        has a box that takes in half of the next line, while a few words' box does not."""
        texts, confs = [], []
        pieces = [line.box] if widened else pieces_of(line)
        for box in pieces:
            crop = line_crop(gray, box)
            if crop is None:
                continue
            t, c, _ = self.model.read(crop)
            if texts and t:
                texts.append(" ")
                confs.append(1.0)
            texts.append(t)
            confs.extend(c)
        return "".join(texts), confs


def _sparse(line, model_text: str) -> bool:
    """A "line" of scattered marks (table rules, a seal, a signature) that both readers find
    nearly empty: the model's few characters there would only be junk digits."""
    l, t, r, b = line.box
    room = 0.6 * (r - l) / max(b - t, 1)      # about 2-3 characters fit per line height
    return len(model_text.replace(" ", "")) < room and len(line.text.replace(" ", "")) < room


def pieces_of(line, max_ratio: float = 10.0) -> list[tuple]:
    """Boxes of runs of words at most ``max_ratio`` line-heights wide, cut only where the
    line has a space."""
    words = line.words
    if not words:
        return [line.box]
    h = max(1, line.box[3] - line.box[1])
    text, pos, boxes, cur = line.text, 0, [], None
    for w in words:
        at = text.find(w.text, pos) if w.text else -1
        spaced = at > pos and text[pos:at].strip() == "" and " " in text[pos:at]
        pos = at + len(w.text) if at >= 0 else pos
        l, t, r, b = w.box
        if cur and spaced and r - cur[0] > max_ratio * h:
            boxes.append(cur)
            cur = None
        cur = (l, t, r, b) if cur is None else (min(cur[0], l), min(cur[1], t), max(cur[2], r), max(cur[3], b))
    boxes.append(cur)
    return boxes


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
        if sb - st < 2.2 * med or sr - sl > 4 * med:
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
    return gray[t2:b2, l2:r2]


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


# ---------------------------------------------------------------- what seals and signatures leave

_JUNK_MARKS = set("|'\"“”‘’:;=<>~_`^*#@©®{}[]\\")


def is_junk(word) -> bool:
    """A word of a Thai page that is only the trace of a seal, a signature or a rule: stray
    marks ("|", "“"), or a few unsure Latin letters ("ays", "Cee", "aA") Tesseract's English
    model found in strokes. Thai text, numbers and sure Latin words are never junk."""
    t = word.text
    if not t or any(_is_thai(c) or "\u0e50" <= c <= "\u0e59" for c in t):
        return False
    if all(c in _JUNK_MARKS for c in t):
        return word.conf < 70
    letters = sum(c.isascii() and c.isalpha() for c in t)
    if any(c.isdigit() for c in t):
        return len(t) == 1 and word.conf < 40
    return 0 < letters <= 4 and word.conf < 65 and all(c.isalpha() or c in _JUNK_MARKS or c in "().,-" for c in t)


def _mostly_thai(page) -> bool:
    text = page.text
    thai = sum(_is_thai_letter(c) for c in text)
    return thai >= 20 and thai >= sum(c.isascii() and c.isalpha() for c in text)


def drop_junk(line) -> bool:
    """Take junk words (``is_junk``) out of a line's words and text; False if nothing is left.
    A line whose words cannot be found in its text in order is left as it is."""
    import re

    spans, pos = [], 0
    for w in line.words:
        at = line.text.find(w.text, pos) if w.text else pos
        if at < 0:
            return True
        spans.append((at, at + len(w.text)))
        pos = at + len(w.text)
    junk = [i for i, w in enumerate(line.words) if is_junk(w)]
    if not junk:
        return bool(line.text.strip())
    text = line.text
    for i in reversed(junk):
        a, b = spans[i]
        text = text[:a] + text[b:]
    line.text = re.sub(r"(?<! ) {2}(?! )", " ", text).strip()
    line.words = [w for i, w in enumerate(line.words) if i not in set(junk)]
    return bool(line.text)

