"""The characters of a reading: digits of both scripts, Thai letters and marks, ำ as Unicode
spells it, where a line's words stand in its text, and the shapes of a receipt stamp's short
date and time.
"""
from __future__ import annotations

import re

from ..thai.digits import ARABIC_DIGITS, THAI_DIGITS

DIGITS = set(THAI_DIGITS + ARABIC_DIGITS)
SARA_AM = "ำ"
TESS_DIGITS = set("๐๑๒๓๕" + ARABIC_DIGITS)  # the Thai digits Tesseract's model can write, and Arabic
SAFE_IN_NUMBERS = set(" .,/:-()")  # what a number may hold besides its digits
_NIKHAHIT_AA = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")

# a receipt stamp's lines: its printed label (ingest.thai.patterns.STAMP_LABEL_READ), a
# short date (11 ส.ค. 62) and a time (15.20 น.); what follows the label is a pen's
SHORT_DATE = re.compile(r"[0-9๐-๙]{1,2}\s*[ก-ฮ]{1,2}\.\s?[ก-ฮ]{1,2}\.?\s*[0-9๐-๙]{2}")
STAMP_TIME = re.compile(r"[0-9๐-๙]{1,2}[.:][0-9๐-๙]{2}\s*[นห]")


def canonical(text: str) -> str:
    """Tesseract writes ำ in visual order (ํ + tone + า); Unicode's spelling is tone + ำ."""
    return _NIKHAHIT_AA.sub(lambda m: m.group(1) + SARA_AM, text)


def consonants(text: str) -> int:
    """How many Thai consonants (ก-ฮ) a text holds."""
    return sum("\u0e01" <= c <= "\u0e2e" for c in text)


def is_thai(c: str) -> bool:
    """A Thai letter, vowel or mark (ก to ๎; not a Thai digit)."""
    return "\u0e01" <= c <= "\u0e4e"


def is_thai_letter(c: str) -> bool:
    """A Thai letter, vowel or mark, and no digit of either script."""
    return is_thai(c) and c not in DIGITS


_MARKS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d")


def unmarked(s: str) -> str:
    """The letters of a Thai run without the marks above and below them (ำ counted as า)."""
    return "".join(c for c in s.replace(SARA_AM, "\u0e32") if c not in _MARKS)


def word_spans(line) -> list[tuple[int, int] | None]:
    """Where each of a line's words stands in its text, found in order (None: not found)."""
    spans, pos = [], 0
    for w in line.words:
        at = line.text.find(w.text, pos) if w.text else -1
        spans.append((at, at + len(w.text)) if at >= 0 else None)
        pos = at + len(w.text) if at >= 0 else pos
    return spans
