"""Keys for comparing what people type with what was printed.

Printed text stays as read; keys fold Thai digits to Arabic and drop what varies
between writers of the same reference number.
"""
from __future__ import annotations

import re

from .digits import THAI_DIGITS, arabic_digits, thai_digits  # noqa: F401  (their old home)

_CODE = re.compile(r"^\s*(?:ที่\s*)?([ก-ฮ]{1,4})\s*\.?\s*")


def doc_no_display(text: str) -> str:
    """The contract's form: Arabic digits, single spaces, no dot after the agency code.

    >>> doc_no_display("ที่ อต. ๐๐๒๓.๑๔/ว 1220")
    'อต 0023.14/ว 1220'
    >>> doc_no_display("มท ๐๘๐๘.๒/ว๔๐๔๔")
    'มท 0808.2/ว 4044'
    >>> doc_no_display("๑๕๐/๒๕๖๓")
    '150/2563'
    """
    s = arabic_digits(text).strip()
    s = re.sub(r"^ที่\s*", "", s)
    s = re.sub(r"\s+", " ", s)
    m = _CODE.match(s)
    head, rest = "", s
    if m:
        head, rest = m.group(1) + " ", s[m.end():]
    rest = re.sub(r"\s*/\s*", "/", rest)
    rest = re.sub(r"/\s*ว\s*\.?\s*", "/ว ", rest)
    rest = re.sub(r"\s*\.\s*", ".", rest)
    return (head + rest).strip()


def doc_no_key(text: str | None) -> str | None:
    """The normalized key under which a reference number is looked up.

    Digits folded, spaces, ว and leading zeros dropped, so that every way of
    typing the same number gives the same key.

    >>> doc_no_key("มท ๐๒๐๖.๒/ว ๕๒๒๑") == doc_no_key("มท0206.2/ว5221") == doc_no_key("มท 206.2/5221")
    True
    >>> doc_no_key("มท ๐๒๐๖.๒/ว ๕๒๒๑")
    'มท206.2/5221'
    """
    if not text:
        return None
    s = doc_no_display(text)
    s = re.sub(r"/\s*ว\s*", "/", s).replace(" ", "")
    s = re.sub(r"(?<!\d)0+(?=\d)", "", s)
    return s or None
