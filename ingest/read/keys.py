"""Whole keys from the model: a reference number or a date it reads surely, a Thai number it
reads whole, taken over the merged line where Tesseract garbled them; and a short date's year
that Tesseract read as Latin letters shaped like digits.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ..thai.digits import LATIN_FOR_DIGIT_IN_YEAR
from ..thai.months import MONTHS, MONTHS_SHORT
from ..thai.patterns import DOC_NO_READ
from .letters import DIGITS, is_thai
from .thresholds import READING as T


@lru_cache(maxsize=1)
def _key_patterns():
    d = "[0-9๐-๙]"
    month = "|".join(re.escape(m) for m in sorted(MONTHS + MONTHS_SHORT, key=len, reverse=True))
    return (re.compile(DOC_NO_READ),
            re.compile(rf"(?<!{d}){d}{{1,2}} ?(?:{month}) ?(?:{d}{{4}}|{d}{{2}})(?!{d})"))


def _model_to_text(text: str, model: str) -> list[int]:
    """Each position of the model's reading (and its end) -> the aligned position in text
    (the first found)."""
    to_text = [-1] * (len(model) + 1)
    for op in Levenshtein.opcodes(text, model):
        for j in range(op.dest_start, op.dest_end + 1):
            if to_text[j] < 0:
                to_text[j] = op.src_start + (min(j - op.dest_start, op.src_end - op.src_start)
                                             if op.tag != "insert" else 0)
    return to_text


def keys_from_model(text: str, src: list[int], model: str, conf: list[float], kept: set = frozenset()):
    """Where the model reads a whole reference number (``ที่ มท ๐๒๐๖.๒/ว ๔๑๐๙``) or date
    (``๒๕ ต.ค. ๖๑``) surely, and the line as merged does not hold that same key in that
    place in a well-formed shape, the model's key replaces the span it aligns with: Tesseract
    garbles the agency code and the digits of a key together ("NUN ๐๒๐๒๐.๒/ว ๕๑๐๕"), which
    the character-by-character rules above cannot settle one by one. A key whose digits the
    model is sure of but not all its letters (``๒๖ มิ.ย. ๖๖``, ย at 0.5) is taken where the
    line holds those same letters already (``ทาอ9 มิ.ย. 0%``): only its digits are in doubt."""
    keys = _key_patterns()
    spans = []
    for pat in keys:
        for m in pat.finditer(model):
            c = conf[m.start():m.end()]
            digits = [x for ch, x in zip(m.group(0), c) if ch in DIGITS]
            if min(c, default=0.0) >= T.key_conf:
                spans.append((*m.span(), ""))
            elif min(digits, default=0.0) >= T.key_conf and min(c) >= T.key_letters_conf:
                spans.append((*m.span(), "".join(ch for ch in m.group(0) if ch not in DIGITS).strip()))
    if not spans:
        return text, src
    to_text = _model_to_text(text, model)
    for a, b, letters in sorted(spans, reverse=True):  # from the right: earlier positions stay valid
        i, k = to_text[a], to_text[b]
        while i < k and text[i] == " ":
            i += 1
        while k > i and text[k - 1] == " ":
            k -= 1  # the spaces around a key (a column gap) stay as they are
        have, want = text[i:k], model[a:b]
        if have == want or any(pat.fullmatch(have.strip()) for pat in keys) or letters not in have \
                or kept.intersection(range(i, k)):
            continue  # (kept: the characters of Tesseract's Latin tokens, latin_spans)
        text = text[:i] + want + text[k:]
        src = src[:i] + [-1] * len(want) + src[k:]
    return text, src


_THAI_NUMBER = re.compile(r"[๐-๙]+(?:[.,/][๐-๙]+)*")


def numbers_from_model(text: str, src: list[int], model: str, conf: list[float], kept: set = frozenset()):
    """Where the model reads a whole Thai number surely (every character at least
    ``number_conf``) and the merged line holds, in that place, a Thai number with the same
    points and slashes but other or extra digits, the model's number is taken whole.
    Tesseract writes a digit it has no class for as two (``๑๓๓๑๐`` for ๓๗๐, ``๐๐๒๓๑๓.๑๑``
    for ๐๐๒๓.๑๑), and the rules above, which never let the model delete a digit on its own
    word, keep the extra one. The model's number must stand apart (no letter glued to it:
    ``๑ด`` is a number it did not read whole; what ends it, a slash, surely read), hold two
    digits or more, and be at most two characters shorter than the one it replaces."""
    def whole(a: int, b: int) -> bool:  # set apart, surely: no letter glued to either end
        ends = [j for j in (a - 1, b) if 0 <= j < len(model)]
        return not any(model[j].isalnum() or is_thai(model[j])
                       or (model[j] != " " and conf[j] < T.number_conf) for j in ends)

    spans = [m.span() for m in _THAI_NUMBER.finditer(model)
             if min(conf[m.start():m.end()], default=0.0) >= T.number_conf and whole(*m.span())
             and sum(c in DIGITS for c in m.group()) >= 2]
    if not spans:
        return text, src
    to_text = _model_to_text(text, model)
    for a, b in sorted(spans, reverse=True):
        found = [m for m in _THAI_NUMBER.finditer(text) if m.start() < max(to_text[b], to_text[a] + 1)
                 and m.end() > to_text[a]]
        if len(found) != 1:
            continue
        i, k = found[0].span()
        have, want = text[i:k], model[a:b]
        seps = [c for c in have if c in ".,/"]
        if have == want or seps != [c for c in want if c in ".,/"] or not 0 <= len(have) - len(want) <= 2 \
                or kept.intersection(range(i, k)):
            continue
        text = text[:i] + want + text[k:]
        src = src[:i] + [-1] * len(want) + src[k:]
    return text, src


# Latin letters shaped like a pen's Arabic digits (Purisa's 6 is a "b" to both readers)
_LOOKALIKE = str.maketrans(LATIN_FOR_DIGIT_IN_YEAR)


_LOOKALIKE_YEAR = re.compile(r"([0-9]{1,2}\s*เ?[ก-ฮ][\u0e31-\u0e4c]?\.\s?[ก-ฮ][\u0e31-\u0e4c]?\.\s*)"
                             rf"([0-9{''.join(LATIN_FOR_DIGIT_IN_YEAR)}]{{2}})(?![0-9A-Za-z])")


def year_lookalikes(text: str) -> tuple[str, list[str]]:
    """A short date's year (after its day in Arabic digits and its month's abbreviation) that
    Tesseract read as Latin letters shaped like digits and the model did not read: the digits
    those letters look like (``29 ม.ค. bb``: 66), each flagged as doubtful for the clerk."""
    years = []

    def digits(m: re.Match) -> str:
        if m.group(2).isdigit():
            return m.group(0)
        years.append(m.group(2).translate(_LOOKALIKE))
        return m.group(1) + years[-1]

    return _LOOKALIKE_YEAR.sub(digits, text), years
