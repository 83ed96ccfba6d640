"""What is no text on a Thai page: the words that seals, signatures and rules leave, read as
junk by Tesseract, and the "lines" of marks, specks and scrawls; and a stamp's line, which
only looks so.
"""
from __future__ import annotations

import re

from ..thai.patterns import STAMP_LABEL_MISREAD, STAMP_LABEL_READ, STAMP_WORD
from .letters import DIGITS, SHORT_DATE, STAMP_TIME, consonants, is_thai, is_thai_letter
from .thresholds import READING as T


_JUNK_MARKS = set("|'\"“”‘’:;=<>~_`^*#@©®{}[]\\.,!")
_SCRAWL = re.compile(r"([ก-ฮ])\1\1+")


def is_junk(word) -> bool:
    """A word of a Thai page that is only the trace of a seal, a signature or a rule: stray
    marks ("|", "“"), or a few unsure Latin letters ("ays", "Cee", "aA") Tesseract's English
    model found in strokes, Latin letters mixed into Thai (``พAUVa-``) or one Thai letter
    over and over (``งงงง``, a signature's loops). Thai text, numbers and sure Latin words
    are never junk."""
    t = word.text
    run = max((len(m.group(0)) for m in _SCRAWL.finditer(t)), default=0)
    if run >= 3 and 2 * run >= consonants(t):
        return True  # mostly one letter over and over (งงงง), a signature's loops; not ถนนนคร
    thai = any(is_thai(c) or "\u0e50" <= c <= "\u0e59" for c in t)
    if thai and any(c.isascii() and c.isalpha() for c in t):
        return word.conf < T.mixed_conf  # Latin letters inside a Thai word or number (พAUVa-, a๑7๑7a๕)
    if not t or thai:
        return False
    if all(c in _JUNK_MARKS for c in t):
        return word.conf < T.junk_marks_conf
    letters = sum(c.isascii() and c.isalpha() for c in t)
    if any(c.isdigit() for c in t):
        return len(t) == 1 and word.conf < T.junk_digit_tess
    return 0 < letters <= 4 and word.conf < T.junk_latin_conf and all(c.isalpha() or c in _JUNK_MARKS or c in "().,-" for c in t)


def mostly_thai(page) -> bool:
    """More Thai letters than Latin ones, and enough of them to judge junk by."""
    text = page.text
    thai = sum(is_thai_letter(c) for c in text)
    return thai >= T.thai_page_letters and thai >= sum(c.isascii() and c.isalpha() for c in text)


def drop_junk(line) -> bool:
    """Take junk words (``is_junk``) out of a line's words and text; False if nothing is left.
    A line whose words cannot be found in its text in order is left as it is."""
    spans, pos = [], 0
    for w in line.words:
        at = line.text.find(w.text, pos) if w.text else pos
        if at < 0:
            return True
        spans.append((at, at + len(w.text)))
        pos = at + len(w.text)
    flagged = [is_junk(w) for w in line.words]

    def held(i: int, k: int) -> bool:  # word k is text that stands close beside word i
        if not 0 <= k < len(line.words) or flagged[k]:
            return False
        a, b = sorted((spans[i], spans[k]))
        return len(line.text[a[1]:b[0]]) < 3

    def numeric(k: int) -> bool:  # a number, or an abbreviation such as a month's (ม.ค.)
        t = line.words[k].text
        return any(c.isdigit() for c in t) or t.endswith(".")

    # junk between two words ("ด @ น", a smudged ด่วน) or beside a number ("JM, 186/2565", a
    # smudged ที่; "ม.ค. bb", the year ๖๖) stands for a misread letter the extraction knows: it stays
    junk = [i for i, f in enumerate(flagged) if f and not (held(i, i - 1) and held(i, i + 1))
            and not (held(i, i + 1) and numeric(i + 1)) and not (held(i, i - 1) and numeric(i - 1))]
    if not junk:
        return bool(line.text.strip())
    text = line.text
    for i in reversed(junk):
        a, b = spans[i]
        text = text[:a] + text[b:]
    line.text = re.sub(r"(?<! ) {2}(?! )", " ", text).strip()
    dropped = set(junk)
    line.words = [w for i, w in enumerate(line.words) if i not in dropped]
    return bool(line.text)


_NUMBER = re.compile(r"[0-9]{3}|[๐-๙]{3}|[0-9๐-๙][./:][0-9๐-๙]")
_DIGIT_RUN = re.compile(r"[0-9๐-๙]{2,}")
_PAGE_NUMBER = re.compile(r"-\s*[0-9๐-๙]{1,2}|[0-9๐-๙]{1,2}\s*-")  # -๒-, one of its dashes may be lost


def _is_thai_word_char(c: str) -> bool:
    return is_thai(c) and c not in DIGITS


def garbled(line) -> bool:
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


def mark_strip(line, lines) -> bool:
    """The marks above a line's letters, which Tesseract sometimes cuts off into a thin "line"
    of their own over the line's top and reads as Latin junk or digits (``VAR AY za`` over
    ``ข้อมูลผู้มีสิทธิ``, ``1  1  1 ๓ ๕`` over ``พบว่าหน่วยงานหลายแห่ง``, ``ย  ๕  ๕  ๕``): no Thai
    word (a letter or two alone at most), under 0.6 as tall as the line of Thai words it lies
    in for 0.4 of its height or more (or sits just on top of), or less tall than it and ending in
    its top half (``a  1  1  9๑9`` over ``เรื่อง การเบิกจ่าย…`` in Sarabun), and within that line's width
    (inside a signature's scrawl a small line may be its date: kept)."""
    if consonants(line.text) > 2 or any(consonants(w) > 1 for w in line.text.split()):
        return False
    l, t, r, b = line.box
    h = b - t
    # an order's ที่ ๑๔๒/๒๕๖๓ over its title, a page's number (-๒-) over its first line
    number = _NUMBER.search(line.text.replace(" ", "")) or _PAGE_NUMBER.search(line.text)
    # a strip of any height may be marks only if it holds no number as printed (a word of one)
    # and no letter at all (a letter in it may be a word's end, wrapped: โนน / ห)
    bare = not (any(_NUMBER.search(w) for w in line.text.split()) or _PAGE_NUMBER.search(line.text)
                or consonants(line.text))
    for other in lines:
        ol, ot, orr, ob = other.box
        inside = min(b, ob) - max(t, ot) >= T.mark_strip_inside * h
        on_top = t < ot <= b + T.mark_strip_above * h and not number  # just over its top (ลับมาก's ั read "๑2")
        thin = h < T.mark_strip_height * (ob - ot)
        # Sarabun's stacked marks over เรื่อง's line make a strip 0.66 as tall as it, ending in its top half
        topmost = bare and t < ot and b - ot <= T.mark_strip_top * (ob - ot) and h < ob - ot
        if other is not line and ol - h <= l and r <= orr + h and (inside or on_top) \
                and (thin or topmost and inside) and consonants(other.text) >= 5:  # inside words, not a scrawl
            return True
    return False


def speck_line(line, usual: float) -> bool:
    """A "line" under 0.3 as tall as the page's lines (``usual``) with no Thai word in it:
    specks or a pen's ticks read as digits (``๑7``, ``9/7``, ``๐27``), not text."""
    return line.box[3] - line.box[1] < T.small_line * usual and consonants(line.text) < 2


def sparse(line, model_text: str, usual: float = 0.0) -> bool:
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


def scrawl(own: str, model_text: str, box, usual: float) -> bool:
    """A piece far taller than the page's lines (``usual``) that Tesseract read as Latin
    letters and the model as no Thai word: a signature or a pen's loops."""
    return bool(usual) and box[3] - box[1] > T.scrawl * usual and own.isascii() \
        and not any(c.isdigit() for c in own) and consonants(model_text) < 3


def stamp_line(text: str, conf: list[float]) -> bool:
    """Whether the model reads a line as a receipt stamp's: its printed label (เลขรับ, วันที่,
    เวลา, or one with a letter lost: ``วลา``) and a date, a time or a number after it, the
    value's digits read fairly surely (the dotted line after it, read ``๑๑๑๑๑`` at 0.2, is
    not the value)."""
    m = STAMP_LABEL_READ.match(text) or STAMP_LABEL_MISREAD.match(text)
    if not m:
        return False
    start = m.end()
    value = SHORT_DATE.search(text, start) or STAMP_TIME.search(text, start) or _DIGIT_RUN.search(text, start)
    if not value:
        return False
    digits = [c for ch, c in zip(text[value.start():value.end()], conf[value.start():]) if ch in DIGITS]
    return bool(digits) and min(digits) >= T.stamp_digits_conf
