"""Words Tesseract read out of what is not text, taken out of a line before the merge: marks
cut off from the next word or line read as digits, specks and strokes read as numbers, a piece
of a word read twice, and digits where the model, reading the piece alone, sees none.
"""
from __future__ import annotations

import re

import numpy as np

from ..page import overlap
from ..thai.digits import THAI_DIGITS
from .letters import DIGITS, consonants, is_thai, word_spans
from .model import paper_and_ink
from .pieces import Cell
from .thresholds import READING as T


def drop_stray_words(line, cells: list["Cell"], marks: list[int] = ()) -> None:
    """Words Tesseract read out of what is not text, taken out of the line before the merge:
    a lone digit cut out of the top of the word beside it, or read out of one of its letters,
    where the model reading it sees no digit (the ึ of จึง read as ``4``: ``เรียบร้อย 4 จง``;
    it sits higher than that word and mostly over it, or mostly inside its box); a piece of a
    word read twice, alone and inside the word (``ดั ดังนัน``); unsure "numbers" in a piece the
    model reads as empty (a dotted line); "digits" a few pixels across (specks); and the
    words at ``marks`` (``tops_of_words_below``, ``no_digits``)."""
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


def drop_unseen_digits(line, cells: list["Cell"]) -> None:
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


def tops_of_words_below(line, lines) -> list[int]:
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


def no_digits(line, gray: np.ndarray, usual: float) -> list[int]:
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


_ITEM = re.compile(r"[0-9๐-๙]{1,2}[.)]")
_NON_WORD = re.compile(r"[0-9๐-๙|\[\](){}<>=+:;,'\"/_*~^!?-]+")
