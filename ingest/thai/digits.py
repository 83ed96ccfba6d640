"""Thai digits (๐-๙) and Arabic ones, and what OCR writes in place of them.

Folding does what PyThaiNLP's ``thai_digit_to_arabic_digit`` and ``arabic_digit_to_thai_digit``
do, with the same table (tests/test_house.py holds them equal), without importing PyThaiNLP:
that takes about 0.3 s, which a search or a chain in the registry, folding one query, would
otherwise pay.
"""
from __future__ import annotations

import re

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
# the Thai digits stock Tesseract's Thai model has no class for (it writes ๖ as ๒, ๔ ๘ ๙ as ๕, ๗ as ๓)
BEYOND_TESSERACT = "๔๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)

# Latin letters Tesseract writes for a pen's Arabic digits (Purisa's 6 is a "b" to both
# readers). LATIN_FOR_DIGIT: in a receipt stamp's pen-written number or date;
# LATIN_FOR_DIGIT_IN_YEAR: in a short date's two-digit year, where an "s" is a 5 as well.
LATIN_FOR_DIGIT = {"b": "6", "o": "0", "l": "1", "I": "1", "O": "0", "S": "5", "Z": "2", "z": "2",
                   "g": "9", "q": "9", "B": "8"}
LATIN_FOR_DIGIT_IN_YEAR = {**LATIN_FOR_DIGIT, "s": "5"}
_LATIN_TO_DIGIT = str.maketrans(LATIN_FOR_DIGIT)
_HAND_NUMBER = re.compile(rf"(?<![A-Za-z])[0-9{''.join(LATIN_FOR_DIGIT)}]{{1,4}}(?![A-Za-z])")

# Thai consonants OCR takes for one another in agency codes (ซบ for ชบ, อป for อบ)
CONSONANT_LOOKALIKES = ("ซช", "บป", "ดต", "ถภ", "ผฝ", "พฟ")


def arabic_digits(text: str) -> str:
    """Fold Thai digits to Arabic.

    >>> arabic_digits("มท ๐๒๐๖.๒/ว ๕๒๒๑")
    'มท 0206.2/ว 5221'
    """
    return text.translate(_TO_ARABIC)


def hand_digits(text: str) -> str:
    """Pen-written Arabic digits OCR'd as look-alike letters (``20 มิ.ย. bb``): a short run of
    such letters and digits standing alone becomes digits.

    >>> hand_digits("20 มิ.ย. bb"), hand_digits("Bobby")
    ('20 มิ.ย. 66', 'Bobby')
    """
    return _HAND_NUMBER.sub(lambda m: m.group(0).translate(_LATIN_TO_DIGIT), text)


def thai_digits(text: str) -> str:
    """Write Arabic digits as Thai.

    >>> thai_digits("2561")
    '๒๕๖๑'
    """
    return text.translate(_TO_THAI)
