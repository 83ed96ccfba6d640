"""Thai digits (๐-๙) and Arabic ones, and what OCR writes in place of them.

Folding calls PyThaiNLP's converters; PyThaiNLP loads on the first call.
"""
from __future__ import annotations

import re

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"

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
    from pythainlp.util import thai_digit_to_arabic_digit  # PyThaiNLP loads late

    return thai_digit_to_arabic_digit(text)


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
    from pythainlp.util import arabic_digit_to_thai_digit  # PyThaiNLP loads late

    return arabic_digit_to_thai_digit(text)
