"""Two readings of one line, Tesseract's and the Saraban line model's, made into one.

The readings are aligned, each stretch where they differ is decided (``decide``), and then the
whole keys and numbers the model read surely are taken (``keys``); everything else stays
Tesseract's. A table cell the model reads as a number is its, whole (``number_cells``).
models/README.md explains each rule with the misreadings that called for it.
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ..page import union
from ..thai.digits import THAI_DIGITS
from ..thai.patterns import STAMP_LABEL_READ
from .decide import Stretch, compared, decide_stretch, model_number
from .keys import keys_from_model, numbers_from_model, year_lookalikes
from .latin import latin_spans
from .letters import DIGITS, SAFE_IN_NUMBERS, TESS_DIGITS, canonical, is_thai, is_thai_letter, unmarked, word_spans
from .thresholds import READING as T


def align(a: str, b: str) -> list[tuple[int, int, int, int, bool]]:
    """Levenshtein alignment of a and b as regions (i1, i2, j1, j2, equal); neighbouring
    differences form one region, so "๒๐๒๐" against "๒๐๖" is one decision, not two."""
    regions: list = []
    for op in Levenshtein.opcodes(a, b):
        eq = op.tag == "equal"
        if regions and not eq and not regions[-1][4]:
            i1, _, j1, _, _ = regions[-1]
            regions[-1] = (i1, op.src_end, j1, op.dest_end, False)
        else:
            regions.append((op.src_start, op.src_end, op.dest_start, op.dest_end, eq))
    return [part for r in regions for part in _digits_apart(a, b, r)]


def _digits_apart(a: str, b: str, region: tuple) -> list[tuple]:
    """A region of as many digits on each side with one other character after them (``๕ ``
    against ``๘.``: a space read as a point) as two regions: the digits are decided alone,
    not dragged down by the model's doubt about the point."""
    i1, i2, j1, j2, eq = region
    if eq or i2 - i1 != j2 - j1 or i2 - i1 < 2 or a[i2 - 1] in DIGITS or b[j2 - 1] in DIGITS \
            or not all(c in DIGITS for c in a[i1:i2 - 1] + b[j1:j2 - 1]):
        return [region]
    return [(i1, i2 - 1, j1, j2 - 1, False), (i2 - 1, i2, j2 - 1, j2, a[i2 - 1] == b[j2 - 1])]


def merge(tess: str, model: str, conf: list[float], marks: bool = False, latin: bool = True,
          lead: bool = False, lexicon: bool = True, tess_conf: list[float] | None = None, arbiter=None):
    """Tesseract's line with the model's digits and ำ: (text, source index per char, doubts).

    source[k] is the index in ``tess`` that char k came from, or -1 for the model's.
    ``lead``: the line was widened over a strip Tesseract cut off, so what the model reads
    before Tesseract's first character (an item number) is taken. ``lexicon``: where the two
    differ in Thai letters only, the reading that makes likelier Thai words wins (the word list).
    ``tess_conf``: Tesseract's confidence for each character of ``tess`` (its word's).
    ``arbiter``: the fitted arbiter's weights (``ingest.read.arbiter``), which then decide each
    stretch instead of the hand rules (Latin tokens stay Tesseract's all the same); the whole
    keys and numbers taken after the stretches (``keys_from_model``, ``numbers_from_model``)
    are not the arbiter's.
    """
    known = tess_conf is not None and len(canonical(tess)) == len(tess)
    tess_conf = tess_conf if known else [100.0] * len(tess)
    tess = canonical(tess)
    model = model.replace("\u2013", "-")  # the model's en dash is Tesseract's hyphen ("–๒-" for -๒-)
    pen = bool(STAMP_LABEL_READ.match(tess) or STAMP_LABEL_READ.match(model))  # a stamp's line: filled in by a pen
    latin_tokens = latin_spans(tess, tess_conf if known else None, model)
    out, src, doubts = [], [], []
    for i1, i2, j1, j2, eq in align(tess, model):
        if eq:
            out.append(tess[i1:i2])
            src.extend(range(i1, i2))
            continue
        ms, cf = compared(tess[i1:i2], model[j1:j2], conf[j1:j2], pen)
        stretch = Stretch(tess, model, conf, tess_conf, i1, i2, j1, j2, ms, cf, "".join(out), bool(src) and src[-1] == -1)
        took, doubtful = decide_stretch(stretch, marks, latin, lexicon, pen, lead, latin_tokens, arbiter)
        keep = None if took else _without_stray_digit(tess, i1, i2, ms, conf, j1, j2)
        if keep is not None:
            out.append("".join(tess[k] for k in keep))
            src.extend(keep)
            continue
        if took:
            ms = _as_taken(stretch)
            out.append(ms)
            src.extend([-1] * len(ms))
        else:
            out.append(stretch.ts)
            src.extend(range(i1, i2))
        if doubtful:
            doubts.append(ms or stretch.ts)
    latin_chars = {k for k, s in enumerate(src) if any(a <= s < b for a, b in latin_tokens)}
    text, src = keys_from_model("".join(out), src, model, conf, latin_chars)
    text, src = numbers_from_model(text, src, model, conf, latin_chars)
    text, years = year_lookalikes(text)
    return text, src, doubts + years


def _as_taken(s: Stretch) -> str:
    """The model's reading of a stretch as it goes into the line: Tesseract's column gap kept
    (``_keep_gap``), and the point of ๗๔.๐๐ that the model missed."""
    ms = _keep_gap(s.ts, s.ms)
    if s.ts.endswith(".") and ms[-1:] in DIGITS and s.tess[s.i2:s.i2 + 1] in DIGITS:
        ms += "."  # the point of ๗๔.๐๐, which the model missed
    return ms


def _without_stray_digit(tess: str, i1: int, i2: int, ms: str, conf: list[float], j1: int, j2: int):
    """The indices of Tesseract's region to keep when it holds one Arabic digit glued to Thai
    text that the model, sure of its neighbours, does not see: a speck or a seal's tick read
    at a word's end (``ขอแสดงความนับถือ1``, ``นายอำเภอสะเดา1``, ``๓๐๐๐๐1``). None where that
    is not so: a digit standing alone, or among Arabic digits or Latin, is Tesseract's."""
    ts = tess[i1:i2]
    found = [k for k, c in enumerate(ts) if c in DIGITS]
    if len(found) != 1 or not "0" <= ts[found[0]] <= "9" or any(c in DIGITS for c in ms):
        return None
    at = found[0]
    rest = ts[:at] + ts[at + 1:]
    if any(not (is_thai(c) or c == " ") for c in rest + ms) or unmarked(rest.strip()) != unmarked(ms.strip()):
        return None  # only the digit differs (marks aside): nothing else is decided here
    before, after = tess[:i1 + at].rstrip(" ")[-1:], tess[i1 + at + 1:].lstrip(" ")[:1]
    if not before and not after or any(c and not (is_thai(c) or c in THAI_DIGITS) for c in (before, after)):
        return None  # Arabic digits or Latin beside it: a number of an Arabic-digit page
    glued = tess[i1 + at - 1:i1 + at] not in ("", " ") or tess[i1 + at + 1:i1 + at + 2] not in ("", " ")
    if not glued:
        return None  # a digit standing alone ("วันที่ 4 ธ.ค.") may be a pen's the model missed
    near = [conf[j] for j in (j1 - 1, j2) if 0 <= j < len(conf)]
    if not near or min(near) < T.stray_neighbours_conf:
        return None
    return [k for k in range(i1, i2) if k != i1 + at]


def _keep_gap(ts: str, ms: str) -> str:
    """The model's text for a region, with Tesseract's wide run of spaces (a column gap, which
    the extraction reads) where the model has one space."""
    gap = re.search(" {3,}", ts)
    if not gap:
        return ms
    if gap.end() == len(ts):
        return ms.rstrip(" ") + gap.group(0)
    if gap.start() == 0:
        return gap.group(0) + ms.lstrip(" ")
    return ms.replace(" ", gap.group(0)) if ms.count(" ") == 1 else ms


_NUMBER_CELL = re.compile("[๐-๙0-9]([๐-๙0-9.,/-]*[๐-๙0-9])?")


def number_cells(line, cells) -> None:
    """A table cell the model reads as a number (๓๗๐, ๙๓.๔๐) where Tesseract wrote junk or
    Thai letters for the digits it has no class for (``ต๐``, ``ane``, ``๑๓ดา๒``) becomes the
    model's, whole: its words are joined into one word holding the model's number. Only where
    Tesseract saw no Arabic digit (its English model reads those) and no more Thai letters than
    digits; fewer digits than Tesseract's (``ด๓๕๓๑๐`` for ๓๗๐) or a lone digit only where the
    model is sure and Tesseract's reading has letters or junk in it."""
    spans = word_spans(line)
    for cell in reversed(cells):
        number = cell.text.strip()
        if not cell.words or not _NUMBER_CELL.fullmatch(number) or min(cell.conf, default=0) < T.cell_conf:
            continue
        if any(spans[i] is None for i in cell.words) or cell.words != list(range(cell.words[0], cell.words[-1] + 1)):
            continue
        seen = " ".join(line.words[i].text for i in cell.words)
        if any("0" <= c <= "9" for c in seen):
            continue
        if any(c in DIGITS for c in seen):
            number = model_number(seen, number)  # Tesseract's decimal point and slashes stay
        if seen == number:
            continue
        writable = all(c in TESS_DIGITS or c in SAFE_IN_NUMBERS for c in seen + number)
        if (writable or any("0" <= c <= "9" for c in number)) and min(cell.conf) < T.cell_writable_conf:
            continue  # digits Tesseract can write, read otherwise by the model: only if sure
        letters = sum(map(is_thai_letter, seen))
        digits = sum(c in DIGITS for c in seen)
        junk = not any(is_thai(c) or c in DIGITS for c in seen) and len(seen.replace(" ", "")) <= len(number) + 2
        if not junk and not (digits and letters <= digits):
            continue
        if (digits > sum(c in DIGITS for c in number) or len(number) == 1) and \
                (min(cell.conf) < T.cell_fewer_digits_conf or not letters and not junk):
            continue  # fewer digits than Tesseract saw, or a lone digit: only a sure model over junk
        if len(number) == 1 and number not in THAI_DIGITS:
            continue  # a lone Arabic digit out of junk is a signature's scribble more often than not
        first, last = cell.words[0], cell.words[-1]
        start, end = spans[first][0], spans[last][1]
        line.text = line.text[:start] + number + line.text[end:]
        kept = line.words[first]
        kept.text = number
        kept.box = union(line.words[i].box for i in cell.words)
        del line.words[first + 1:last + 1]
        cell.text = number
