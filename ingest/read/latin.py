"""Latin on a Thai line: the tokens of Tesseract's reading that are Latin (a web address, an
e-mail, a handle, an English word read surely), which Tesseract's English reads well and the
line model, trained on Thai lines, does not; and the scripts of a stretch.
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ..thai.digits import THAI_DIGITS
from .letters import is_thai
from .thresholds import READING as T


# A Latin token of Tesseract's line: a web address, an e-mail, a LINE handle (``@mahadthai``),
# or an English word Tesseract's English model read surely. Tesseract reads these well and the
# line model, trained on Thai lines, does not (``entrance.psu.ac.th`` read ``entane.D5น.a6.th``).
_WEB = re.compile(r"://|^www\.|[A-Za-z0-9]@[A-Za-z0-9]|^@[A-Za-z]{2}|[A-Za-z]{2}\.(?:com|org|net|info|go|ac|co|or|th)\b")


_LATIN_RUN = re.compile("[A-Za-z]{3,}")


def latin_spans(text: str, tess_conf: list[float] | None, model: str = "") -> list[tuple[int, int]]:
    """Where the Latin tokens of Tesseract's reading stand: (start, end) of each
    whitespace-delimited all-ASCII token that is a web address, an e-mail or a handle, or an
    English word (three letters or more) read at ``latin_word_conf`` or more that the model
    reads as Latin letters too (most of its letters there). Latin junk Tesseract reads for
    Thai is read unsurely (``TUN`` for วันที่, ``samen``) or, when surely (``wooo`` for ๙๐๐๐,
    ``Ins.`` for โทร.), read by the model as Thai: neither is a token. Without Tesseract's
    confidences (None) only the shapes of addresses and handles count."""
    spans = []
    for m in re.finditer(r"\S+", text):
        t = m.group(0)
        if not t.isascii():
            continue
        if _WEB.search(t):
            spans.append(m.span())
        elif _LATIN_RUN.search(t) and tess_conf is not None \
                and min(tess_conf[m.start():m.end()]) >= T.latin_word_conf and _latin_to_model(text, model, *m.span()):
            spans.append(m.span())
    return spans


def _latin_to_model(text: str, model: str, a: int, b: int) -> bool:
    """Whether most letters of the model's reading aligned with text[a:b] are Latin."""
    seen = []
    for op in Levenshtein.opcodes(text, model):
        if op.src_end > a and op.src_start < b or (op.tag == "insert" and a < op.src_start < b):
            seen.append(model[op.dest_start:op.dest_end])
    letters = [c for c in "".join(seen) if c.isalpha()]
    return bool(letters) and 2 * sum(c.isascii() for c in letters) > len(letters)


def _script(c: str) -> str | None:
    if c.isascii():
        return "latin" if c.isalpha() else "arabic" if c.isdigit() else None
    return "thai digit" if c in THAI_DIGITS else "thai" if is_thai(c) else None


def same_script(ts: str, ms: str) -> bool:
    """The model's reading of a region holds letters or digits, all of scripts Tesseract's holds."""
    mine = {_script(c) for c in ms} - {None}
    return bool(mine) and mine <= {_script(c) for c in ts}


def in_latin(spans: list[tuple[int, int]], i1: int, i2: int) -> bool:
    """Whether Tesseract's region [i1, i2) lies in a Latin token (an insertion: strictly inside)."""
    return any(a < i2 and i1 < b if i2 > i1 else a < i1 < b for a, b in spans)


def ascii_letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalpha()
