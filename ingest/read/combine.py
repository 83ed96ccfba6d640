"""Two readings of one line, Tesseract's and the Saraban line model's, made into one.

The rules (models/README.md explains each with the misreadings that called for it): the
model's digits where Tesseract cannot write them, its ำ, its marks where they make likelier
Thai words, its whole reference number or date where Tesseract's is garbled; everything
else stays Tesseract's. And the junk that seals and signatures leave on a Thai page.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..page import union
from ..thai.digits import ARABIC_DIGITS, BEYOND_TESSERACT, LATIN_FOR_DIGIT_IN_YEAR, THAI_DIGITS
from ..thai.lexicon import all_words, phrase_cost
from ..thai.months import MONTHS, MONTHS_SHORT
from ..thai.patterns import DOC_NO_READ, STAMP_LABEL_READ
from .thresholds import READING as T

DIGITS = set(THAI_DIGITS + ARABIC_DIGITS)
SARA_AM = "ำ"


# ---------------------------------------------------------------- merging two readings of a line

_TONES = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"   # ่ ้ ๊ ๋ ์
_NIKHAHIT_AA = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
_SAFE_IN_NUMBERS = set(" .,/:-()")
_LATIN_WORD = re.compile("[A-Za-z]{4,}")

# a receipt stamp's lines: its printed label (ingest.thai.patterns.STAMP_LABEL_READ), a
# short date (11 ส.ค. 62) and a time (15.20 น.); what follows the label is a pen's
SHORT_DATE = re.compile(r"[0-9๐-๙]{1,2}\s*[ก-ฮ]{1,2}\.\s?[ก-ฮ]{1,2}\.?\s*[0-9๐-๙]{2}")
STAMP_TIME = re.compile(r"[0-9๐-๙]{1,2}[.:][0-9๐-๙]{2}\s*[นห]")


def canonical(text: str) -> str:
    """Tesseract writes ำ in visual order (ํ + tone + า); Unicode's spelling is tone + ำ."""
    return _NIKHAHIT_AA.sub(lambda m: m.group(1) + SARA_AM, text)


def _untoned(s: str) -> str:
    return "".join(c for c in s if c not in _TONES)


def consonants(text: str) -> int:
    """How many Thai consonants (ก-ฮ) a text holds."""
    return sum("\u0e01" <= c <= "\u0e2e" for c in text)


def is_thai(c: str) -> bool:
    """A Thai letter, vowel or mark (ก to ๎; not a Thai digit)."""
    return "\u0e01" <= c <= "\u0e4e"


def align(a: str, b: str) -> list[tuple[int, int, int, int, bool]]:
    """Levenshtein alignment of a and b as regions (i1, i2, j1, j2, equal); neighbouring
    differences form one region, so "๒๐๒๐" against "๒๐๖" is one decision, not two."""
    from rapidfuzz.distance import Levenshtein

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


def decide(ts: str, ms: str, conf: list[float], marks: bool = False, latin: bool = True,
           thai_number: bool = False, tess_low: float = 100.0, pen: bool = False) -> tuple[bool, bool]:
    """Whether to take the model's ms for Tesseract's ts in a region where they differ.

    Returns (take, doubtful). Digits: Tesseract cannot write ๔ ๖ ๗ ๘ ๙ and turns them into
    other digits or Latin letters (๘ -> ๕ or "BE"), so where digits are involved and
    Tesseract saw no Thai letters, the model wins. Thai letters are kept unless the model
    is sure the place holds only digits. ำ, which Tesseract cannot write either, is taken
    where it is the only difference. ``thai_number``: the region holds or touches Thai digits
    in Tesseract's reading, so an Arabic digit in it is a misread Thai one (๑๒๐9 for ๑๒๐๖).
    ``tess_low``: Tesseract's confidence in its least sure word of the region. ``pen``: the
    line is a receipt stamp's, its digits a pen's, which Tesseract's English reads less well.
    """
    low = min(conf, default=1.0)
    digits = any(c in DIGITS for c in ts + ms)
    if digits:
        if not any(c in DIGITS for c in ms):
            return False, False  # the model saw no digit there: never delete Tesseract's
        if any("0" <= c <= "9" for c in ts) and not thai_number:
            # Tesseract's English model reads printed Arabic digits well: the model overrules
            # it only digit for digit, in the same script, and surely (stamp fill-ins)
            td, md = [c for c in ts if c in DIGITS], [c for c in ms if c in DIGITS]
            same = len(td) == len(md) and all("0" <= c <= "9" for c in md)
            # ...or where it is as sure that they are Thai digits, which the English model has
            # no class for (the item number ๒. read "5", the ๐ of a phone number read "6")
            letters = any(c.isascii() and c.isalpha() for c in ts)
            thai = len(td) == len(md) and all(c in THAI_DIGITS for c in md) and not letters
            # ...or where Tesseract itself is unsure of the region ("320" for a stamp's 30, "0"
            # for the ๔๘๖๕ that ends a phone number in Thai digits)
            unsure = tess_low < T.unsure_tess and (
                (low >= T.unsure_arabic_conf and all("0" <= c <= "9" for c in md))
                or (low >= T.unsure_thai_conf and all(c in THAI_DIGITS for c in md) and not letters))
            return ((same or thai) and low >= (T.pen_conf if pen and same else T.arabic_conf)) or unsure, False
        number_like = all(c in DIGITS or c in _SAFE_IN_NUMBERS for c in ms)
        if _LATIN_WORD.search(ts) and not (number_like and low >= T.latin_number_conf):
            return False, True   # a real Latin word ("Development") is Tesseract's to read
        if all(c in _TESS_DIGITS or c in _SAFE_IN_NUMBERS for c in ts):
            # Tesseract read a number it could have read right: overrule it only surely
            arabic_mix = any("0" <= c <= "9" for c in ms)
            # ...but ๔ ๖ ๗ ๘ ๙ are beyond it (it writes ๖ as ๒, ๔ ๘ ๙ as ๕, ๗ as ๓)
            bar = T.beyond_tess_conf if any(c in _BEYOND_TESS for c in ms) else T.writable_conf
            return (low >= bar and not arabic_mix), low < bar or arabic_mix
        if not ts:  # a digit where Tesseract saw nothing at all: only if sure of the digits
            sure = min((c for ch, c in zip(ms, conf) if ch in DIGITS), default=1.0)
            return sure >= T.new_digit_conf, T.new_digit_doubt <= sure < T.new_digit_conf
        if not any(is_thai(c) and c not in DIGITS for c in ts):
            # Latin junk or digits Tesseract cannot write: the model's, if it is fairly sure of
            # its digits (junk boxes of rules and stamps give unsure digits: keep them out)
            sure = min((c for ch, c in zip(ms, conf) if ch in DIGITS), default=1.0)
            return sure >= T.junk_digit_conf, low < T.junk_digit_conf  # (merge() keeps Tesseract's brackets: _number)
        only_number = all(c in DIGITS or c in _SAFE_IN_NUMBERS for c in ms)
        # (0.8 where Tesseract is unsure of the place: a stamp's ๔๖๒ read "๓อ๒" at 21)
        if only_number and low >= (T.over_letters_unsure_conf if tess_low < T.unsure_tess else T.over_letters_conf) \
                and len(ts) <= len(ms) + 2:
            return True, False
        return False, any(c in DIGITS for c in ms)
    if SARA_AM in ms and ms.replace(SARA_AM, "") == ts.replace("\u0e32", "").replace("\u0e4d", ""):
        return low >= T.sara_am_conf, False
    if SARA_AM in ms and _untoned(ms.replace(SARA_AM, "")) == _untoned(ts.replace("\u0e32", "").replace("\u0e4d", "")):
        return low >= T.sara_am_tone_conf, False  # ํ read as a tone mark: "จ้านวน" for จำนวน
    if marks and not ts and ms and all(c in _TONES for c in ms):
        return low >= T.tone_conf, False
    if latin and ts and ms and any(c.isascii() and c.isalpha() for c in ts) and not any(map(is_thai, ts)):
        # tha+eng sometimes reads a Thai word as Latin junk ("วันที่" -> "TUN")
        return low >= T.latin_junk_conf and all(is_thai(c) or c in " ." for c in ms), False
    return False, False


_CIRCULAR_MARK = re.compile(r"/\s*ว\s*$")  # the end of ๐๐๒๓.๓/ว, before the circular's number
_DIGIT_AS = set("@")  # what Tesseract writes for a digit it has no class for and is no digit (๗, a blurred ๐)
# the digit Tesseract's Thai model writes for each one it has no class for
_WRITTEN_AS = {"๔": "๕", "๘": "๕", "๙": "๕", "๖": "๒", "๗": "๓"}

_TESS_DIGITS = set("๐๑๒๓๕" + ARABIC_DIGITS)  # the Thai digits Tesseract's model can write, and Arabic
_BEYOND_TESS = set(BEYOND_TESSERACT)


def _digit_by_digit(ts: str, ms: str, conf: list[float], sure: float = T.digit_conf) -> str:
    """Where both read a digit: a digit Tesseract cannot write (๔ ๖ ๗ ๘ ๙) is the model's;
    a disagreement between digits Tesseract can write goes to the model only if it is
    ``sure`` (less on a stamp's line, whose digits are a pen's: ``pen_conf``)."""
    return "".join(m if (m not in _TESS_DIGITS and (t != "๐" or c >= T.round_zero)) or t not in _TESS_DIGITS
                   or c >= sure else t for t, m, c in zip(ts, ms, conf))


def _is_thai_letter(c: str) -> bool:
    return is_thai(c) and c not in DIGITS


def _number(ts: str, ms: str) -> str:
    """The model's number, but Tesseract's brackets, slashes and dashes where the model has
    something else or nothing in their place: Tesseract reads those well, and ")" is easily
    taken for ๗ or ย by a line model on a bitonal scan."""
    from rapidfuzz.distance import Levenshtein

    out = []
    for op in Levenshtein.opcodes(ts, ms):
        t, m = ts[op.src_start:op.src_end], ms[op.dest_start:op.dest_end]
        if op.tag == "delete" and (all(c in _PUNCT_KEPT for c in t) or _decimal_point(ts, op.src_start, t)):
            out.append(t)
        elif op.tag == "replace" and len(t) == len(m):
            out.extend(tc if tc in _PUNCT_KEPT else mc for tc, mc in zip(t, m))
        else:
            out.append(m)
    return "".join(out)


# Thai letters Tesseract's model writes for the digits it has no class for, or mistakes for them
_STAND_IN = {"ฒ": "๗", "ต": "๓", "ด": "๑"}
_PUNCT_KEPT = set("()/-|")  # "|": a table's rule, which the model reads as 1


def _decimal_point(ts: str, at: int, t: str) -> bool:
    """A point between two digits of Tesseract's reading (๗๔.๐๐) that the model missed."""
    return t == "." and 0 < at < len(ts) - 1 and ts[at - 1] in DIGITS and ts[at + 1] in DIGITS


def _letters_only(ts: str, ms: str) -> bool:
    """A region where the readings differ in Thai letters and marks only (or Tesseract wrote
    a Latin letter or two for a Thai word): the lexicon may settle it."""
    if not ms or not all(_is_thai_letter(c) for c in ms.replace(" ", "")):
        return False
    if ts.isascii() and ts.isalpha() and len(ts) <= 4:  # "NOU" for "ที่ อบ"
        return ms.strip() == ms
    # marks only: the consonants and vowels on the line stay Tesseract's (ท้องถิน is not ท้องลิน)
    return " " not in ms and all(_is_thai_letter(c) for c in ts) and _unmarked(ts) == _unmarked(ms)


_MARKS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d")


def _unmarked(s: str) -> str:
    """The letters of a Thai run without the marks above and below them (ำ counted as า)."""
    return "".join(c for c in s.replace(SARA_AM, "\u0e32") if c not in _MARKS)


def _likelier(left: str, ts: str, ms: str, right: str) -> bool:
    """Whether the phrase around the region (to the nearest spaces) reads as far likelier
    Thai with the model's ms than with Tesseract's ts (``thai.lexicon.phrase_cost``)."""
    if ts and ts.isascii():  # Latin junk where the model reads Thai: the model's, if all real words
        return all_words(ms)
    head = left[left.rfind(" ") + 1:]
    tail = right.split(" ", 1)[0]
    return phrase_cost(head + ms + tail) <= phrase_cost(head + ts + tail) - T.lexicon_margin


def _ascii_letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalpha()


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
    from rapidfuzz.distance import Levenshtein

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


def _same_script(ts: str, ms: str) -> bool:
    """The model's reading of a region holds letters or digits, all of scripts Tesseract's holds."""
    mine = {_script(c) for c in ms} - {None}
    return bool(mine) and mine <= {_script(c) for c in ts}


def _in_latin(spans: list[tuple[int, int]], i1: int, i2: int) -> bool:
    """Whether Tesseract's region [i1, i2) lies in a Latin token (an insertion: strictly inside)."""
    return any(a < i2 and i1 < b if i2 > i1 else a < i1 < b for a, b in spans)


def _sure_digit(text: str, conf: list[float], j: int) -> bool:
    return 0 <= j < len(text) and text[j] in DIGITS and conf[j] >= T.neighbour_digit_conf


def merge(tess: str, model: str, conf: list[float], marks: bool = False, latin: bool = True,
          lead: bool = False, lexicon: bool = True, tess_conf: list[float] | None = None, arbiter=None):
    """Tesseract's line with the model's digits and ำ: (text, source index per char, doubts).

    source[k] is the index in ``tess`` that char k came from, or -1 for the model's.
    ``lead``: the line was widened over a strip Tesseract cut off, so what the model reads
    before Tesseract's first character (an item number) is taken. ``lexicon``: where the two
    differ in Thai letters only, the reading that makes likelier Thai words wins (``_likelier``).
    ``tess_conf``: Tesseract's confidence for each character of ``tess`` (its word's).
    ``arbiter``: the fitted arbiter's weights (``ingest.read.arbiter``), which then decide each
    stretch instead of the rules above (Latin tokens stay Tesseract's all the same); the whole
    keys and numbers taken after the stretches (``_keys_from_model``, ``_numbers_from_model``)
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
        ts, ms = tess[i1:i2], model[j1:j2]
        cf = conf[j1:j2]
        if not eq and len(ts) == len(ms) and all(c in DIGITS or c in _DIGIT_AS for c in ts) \
                and all(c in DIGITS for c in ms):
            ms = _digit_by_digit(ts, ms, cf, T.pen_conf if pen else T.digit_conf)
            # a digit of Tesseract's kept is as sure as the model's doubt about it does not
            # matter (๕๒๓ against ๔๖๑ at 0.98 1.0 0.38: ๔๖๓); nor does it where Tesseract
            # wrote the digit it always writes for the model's (๕ for ๔: ๖๔ for ๑๕ at 0.87 0.49)
            cf = [1.0 if m == t or (_WRITTEN_AS.get(m) == t and c >= T.written_as_conf) else c
                  for m, t, c in zip(ms, ts, cf)]
        if not eq and ts and any(c in DIGITS for c in ms) and not any(map(_is_thai_letter, ts)):
            kept = _number(ts, ms)  # Tesseract's brackets and dashes stay, before deciding
            if len(kept) == len(ms):  # a bracket kept is sure; the model's digit there is not
                cf = [1.0 if k != m else c for k, m, c in zip(kept, ms, cf)]
            ms = kept
        thai_number = (i1 > 0 and tess[i1 - 1] in THAI_DIGITS) or (i2 < len(tess) and tess[i2] in THAI_DIGITS) \
            or any(c in THAI_DIGITS for c in ts)  # ๑๕๕9: Thai digits with one taken for Arabic
        take, doubtful = (False, False) if eq else decide(ts, ms, cf, marks and not lexicon, latin, thai_number,
                                                          min(tess_conf[i1:i2], default=100.0), pen)
        if lexicon and not eq and not take and _letters_only(ts, ms) and min(cf, default=0.0) >= T.lexicon_conf:
            take = _likelier("".join(out), ts, ms, tess[i2:])
        if ts == "2" and ms == "ว" and tess[i1 - 1:i1] == "/" and min(cf) >= T.circular_mark_conf:
            take = True  # the ว of a circular number ("0206.2/ว 4109"), which Tesseract reads as 2
        if ts == "7" and ms == "/" and tess[i1 - 1:i1] in THAI_DIGITS and tess[i2:i2 + 1] == "ว" and min(cf) >= T.slash_conf:
            take = True  # its slash, read as 7 between a Thai number and its ว ("๐๐๒๓.๓7ว")
        if not eq and {ts, ms} == {" ", "."} and src and src[-1] == -1 and min(cf) >= T.point_after_digits_conf:
            take = True  # the point (or space) after digits just taken from the model (_digits_apart)
        if not eq and not take and ts.isascii() and ts.isalpha() and ms and all(c in DIGITS for c in ms) \
                and _CIRCULAR_MARK.search("".join(out)) and min(cf) >= T.circular_number_conf:
            take = True  # a circular's number read as Latin letters ("/ว odd" for /ว ๓๗๖): still doubtful
        if lead and i1 == 0 and not ts and any(c in DIGITS for c in ms):
            take = True  # the item number that absorb_strips gave back to this line
        if take and (_ascii_letter(tess, i1 - 1) or _ascii_letter(tess, i2)):
            take = False  # inside a Latin word ("Commu|n|ity"): Tesseract's English reads it
        if take and _in_latin(latin_tokens, i1, i2) and not _same_script(ts, ms):
            take = doubtful = False  # inside a web address, an e-mail, a handle or an English word
        if not eq and not ms and ts and all(c in DIGITS or c == "|" for c in ts) and ts.strip("|"):
            # extra digits inside a number the model read surely ("๐๒๐๒๐" for ๐๒๐๖), or one
            # before the slash of a number (Tesseract reads "๓/" as "๓๕/", "12/" as "127/")
            # (Arabic ones too where Tesseract is unsure of the word: "320" for a stamp's 30)
            # (and an Arabic digit between Thai ones, after a point too: "๑๓.9๑๐" for ๑๓.๑๐; a
            # rule's stroke read with a digit: "๑๑.๒|๒๐" for ๑๑.๒๐)
            slash = model[j1:j1 + 1] == "/" and conf[j1] >= T.slash_conf and len(ts) == 1
            unsure = min(tess_conf[i1:i2]) < T.unsure_tess
            before = j1 - 2 if model[j1 - 1:j1] == "." and tess[i1 - 1:i1] == "." else j1 - 1
            among_thai = bool(tess[i2:i2 + 1]) and tess[i2] in THAI_DIGITS and tess[i1 - 1:i1] in set(THAI_DIGITS + ".")
            take = _sure_digit(model, conf, before) and (
                (_sure_digit(model, conf, j1) and (all(c in THAI_DIGITS for c in ts) or unsure or among_thai))
                or slash)
        if not take and ts and len(ts) == len(ms) and all(_STAND_IN.get(t) == m for t, m in zip(ts, ms)) \
                and min(cf) >= T.stand_in_conf and (tess[i1 - 1:i1] in DIGITS or tess[i2:i2 + 1] in DIGITS | {"."}):
            take = True  # the Thai letter Tesseract writes for a digit it cannot (ฒ for ๗) in a number
        if take and set(ts.strip()) == {"|"} and ms.strip() in ("1", "l", "I"):
            take = False  # a table's rule, not a digit
        if arbiter is not None and not eq:
            from .arbiter import features, judge

            take, doubtful = judge(arbiter, features(tess, model, conf, tess_conf, (i1, i2, j1, j2)))
            take = take and not (_in_latin(latin_tokens, i1, i2) and not _same_script(ts, ms))
        if not eq and not take:
            keep = _without_stray_digit(tess, i1, i2, ms, conf, j1, j2)
            if keep is not None:
                out.append("".join(tess[k] for k in keep))
                src.extend(keep)
                continue
        if take:
            ms = _keep_gap(ts, ms)
            if ts.endswith(".") and ms[-1:] in DIGITS and tess[i2:i2 + 1] in DIGITS:
                ms += "."  # the point of ๗๔.๐๐, which the model missed
            out.append(ms)
            src.extend([-1] * len(ms))
        else:
            out.append(ts)
            src.extend(range(i1, i2))
        if doubtful:
            doubts.append(ms or ts)
    latin_chars = {k for k, s in enumerate(src) if any(a <= s < b for a, b in latin_tokens)}
    text, src = _keys_from_model("".join(out), src, model, conf, latin_chars)
    text, src = _numbers_from_model(text, src, model, conf, latin_chars)
    text, years = _year_lookalikes(text)
    return text, src, doubts + years


# Latin letters shaped like a pen's Arabic digits (Purisa's 6 is a "b" to both readers)
_LOOKALIKE = str.maketrans(LATIN_FOR_DIGIT_IN_YEAR)
_LOOKALIKE_YEAR = re.compile(r"([0-9]{1,2}\s*เ?[ก-ฮ][\u0e31-\u0e4c]?\.\s?[ก-ฮ][\u0e31-\u0e4c]?\.\s*)"
                             rf"([0-9{''.join(LATIN_FOR_DIGIT_IN_YEAR)}]{{2}})(?![0-9A-Za-z])")


def _year_lookalikes(text: str) -> tuple[str, list[str]]:
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
    if any(not (is_thai(c) or c == " ") for c in rest + ms) or _unmarked(rest.strip()) != _unmarked(ms.strip()):
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


def word_spans(line) -> list[tuple[int, int] | None]:
    """Where each of a line's words stands in its text, found in order (None: not found)."""
    spans, pos = [], 0
    for w in line.words:
        at = line.text.find(w.text, pos) if w.text else -1
        spans.append((at, at + len(w.text)) if at >= 0 else None)
        pos = at + len(w.text) if at >= 0 else pos
    return spans


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
            number = _number(seen, number)  # Tesseract's decimal point and slashes stay
        if seen == number:
            continue
        writable = all(c in _TESS_DIGITS or c in _SAFE_IN_NUMBERS for c in seen + number)
        if (writable or any("0" <= c <= "9" for c in number)) and min(cell.conf) < T.cell_writable_conf:
            continue  # digits Tesseract can write, read otherwise by the model: only if sure
        letters = sum(map(_is_thai_letter, seen))
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


@lru_cache(maxsize=1)
def _key_patterns():
    d = "[0-9๐-๙]"
    month = "|".join(re.escape(m) for m in sorted(MONTHS + MONTHS_SHORT, key=len, reverse=True))
    return (re.compile(DOC_NO_READ),
            re.compile(rf"(?<!{d}){d}{{1,2}} ?(?:{month}) ?(?:{d}{{4}}|{d}{{2}})(?!{d})"))


def _model_to_text(text: str, model: str) -> list[int]:
    """Each position of the model's reading (and its end) -> the aligned position in text
    (the first found)."""
    from rapidfuzz.distance import Levenshtein

    to_text = [-1] * (len(model) + 1)
    for op in Levenshtein.opcodes(text, model):
        for j in range(op.dest_start, op.dest_end + 1):
            if to_text[j] < 0:
                to_text[j] = op.src_start + (min(j - op.dest_start, op.src_end - op.src_start)
                                             if op.tag != "insert" else 0)
    return to_text


def _keys_from_model(text: str, src: list[int], model: str, conf: list[float], kept: set = frozenset()):
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


def _numbers_from_model(text: str, src: list[int], model: str, conf: list[float], kept: set = frozenset()):
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


# ---------------------------------------------------------------- what seals and signatures leave

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
    thai = sum(_is_thai_letter(c) for c in text)
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
