"""What is no text on a Thai page: the words that seals, signatures and rules leave, read as
junk by Tesseract.
"""
from __future__ import annotations

import re

from .letters import consonants, is_thai, is_thai_letter
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
