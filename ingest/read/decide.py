"""One stretch where Tesseract's reading of a line and the line model's differ, decided: the
model's digits where Tesseract cannot write them, its ำ, its marks where they make likelier
Thai words (the word list), what the stretch's neighbours show it to be, Latin words kept as
Tesseract read them, the rules of numbers; or the fitted arbiter (``arbiter``).

models/README.md explains each rule with the misreadings that called for it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ..thai.digits import BEYOND_TESSERACT, THAI_DIGITS
from ..thai.lexicon import all_words, phrase_cost
from .arbiter import features, judge
from .latin import ascii_letter, in_latin, same_script
from .letters import DIGITS, SAFE_IN_NUMBERS, SARA_AM, TESS_DIGITS, is_thai, is_thai_letter, unmarked
from .thresholds import READING as T


_TONES = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"   # ่ ้ ๊ ๋ ์
_LATIN_WORD = re.compile("[A-Za-z]{4,}")


def _untoned(s: str) -> str:
    return "".join(c for c in s if c not in _TONES)


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
        return _decide_digits(ts, ms, conf, low, thai_number, tess_low, pen)
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


def _decide_digits(ts: str, ms: str, conf: list[float], low: float, thai_number: bool, tess_low: float,
                   pen: bool) -> tuple[bool, bool]:
    """``decide`` where either reading holds a digit; ``low``: the model's least confidence."""
    if not any(c in DIGITS for c in ms):
        return False, False  # the model saw no digit there: never delete Tesseract's
    if any("0" <= c <= "9" for c in ts) and not thai_number:
        return _over_arabic(ts, ms, low, tess_low, pen)
    number_like = all(c in DIGITS or c in SAFE_IN_NUMBERS for c in ms)
    if _LATIN_WORD.search(ts) and not (number_like and low >= T.latin_number_conf):
        return False, True   # a real Latin word ("Development") is Tesseract's to read
    if all(c in TESS_DIGITS or c in SAFE_IN_NUMBERS for c in ts):
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
        return sure >= T.junk_digit_conf, low < T.junk_digit_conf  # (merge() keeps Tesseract's brackets: model_number)
    only_number = all(c in DIGITS or c in SAFE_IN_NUMBERS for c in ms)
    # (0.8 where Tesseract is unsure of the place: a stamp's ๔๖๒ read "๓อ๒" at 21)
    if only_number and low >= (T.over_letters_unsure_conf if tess_low < T.unsure_tess else T.over_letters_conf) \
            and len(ts) <= len(ms) + 2:
        return True, False
    return False, any(c in DIGITS for c in ms)


def _over_arabic(ts: str, ms: str, low: float, tess_low: float, pen: bool) -> tuple[bool, bool]:
    """``decide`` where Tesseract read Arabic digits (not among Thai ones)."""
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


_CIRCULAR_MARK = re.compile(r"/\s*ว\s*$")  # the end of ๐๐๒๓.๓/ว, before the circular's number
_DIGIT_AS = set("@")  # what Tesseract writes for a digit it has no class for and is no digit (๗, a blurred ๐)


# the digit Tesseract's Thai model writes for each one it has no class for
_WRITTEN_AS = {"๔": "๕", "๘": "๕", "๙": "๕", "๖": "๒", "๗": "๓"}


_BEYOND_TESS = set(BEYOND_TESSERACT)


def _digit_by_digit(ts: str, ms: str, conf: list[float], sure: float = T.digit_conf) -> str:
    """Where both read a digit: a digit Tesseract cannot write (๔ ๖ ๗ ๘ ๙) is the model's;
    a disagreement between digits Tesseract can write goes to the model only if it is
    ``sure`` (less on a stamp's line, whose digits are a pen's: ``pen_conf``)."""
    return "".join(m if (m not in TESS_DIGITS and (t != "๐" or c >= T.round_zero)) or t not in TESS_DIGITS
                   or c >= sure else t for t, m, c in zip(ts, ms, conf))


def model_number(ts: str, ms: str) -> str:
    """The model's number, but Tesseract's brackets, slashes and dashes where the model has
    something else or nothing in their place: Tesseract reads those well, and ")" is easily
    taken for ๗ or ย by a line model on a bitonal scan."""
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
    if not ms or not all(is_thai_letter(c) for c in ms.replace(" ", "")):
        return False
    if ts.isascii() and ts.isalpha() and len(ts) <= 4:  # "NOU" for "ที่ อบ"
        return ms.strip() == ms
    # marks only: the consonants and vowels on the line stay Tesseract's (ท้องถิน is not ท้องลิน)
    return " " not in ms and all(is_thai_letter(c) for c in ts) and unmarked(ts) == unmarked(ms)


def _likelier(left: str, ts: str, ms: str, right: str) -> bool:
    """Whether the phrase around the region (to the nearest spaces) reads as far likelier
    Thai with the model's ms than with Tesseract's ts (``thai.lexicon.phrase_cost``)."""
    if ts and ts.isascii():  # Latin junk where the model reads Thai: the model's, if all real words
        return all_words(ms)
    head = left[left.rfind(" ") + 1:]
    tail = right.split(" ", 1)[0]
    return phrase_cost(head + ms + tail) <= phrase_cost(head + ts + tail) - T.lexicon_margin


def _sure_digit(text: str, conf: list[float], j: int) -> bool:
    return 0 <= j < len(text) and text[j] in DIGITS and conf[j] >= T.neighbour_digit_conf


@dataclass
class Stretch:
    """A stretch where the two readings of a line differ, as ``merge`` decides it: Tesseract's
    ``tess[i1:i2]`` against the model's ``model[j1:j2]``. ``ms`` and ``cf``: the model's
    reading of it and its confidences as compared (``compared``); ``done``: the merged text
    before it; ``after_model``: whether the last character merged is the model's."""
    tess: str
    model: str
    conf: list[float]
    tess_conf: list[float]
    i1: int
    i2: int
    j1: int
    j2: int
    ms: str
    cf: list[float]
    done: str
    after_model: bool

    @property
    def ts(self) -> str:
        return self.tess[self.i1:self.i2]


def compared(ts: str, ms: str, cf: list[float], pen: bool) -> tuple[str, list[float]]:
    """The model's reading of a stretch and its confidences as they are weighed: decided digit
    by digit where both read digits, and with Tesseract's brackets and dashes kept in a number
    (``model_number``)."""
    if len(ts) == len(ms) and all(c in DIGITS or c in _DIGIT_AS for c in ts) and all(c in DIGITS for c in ms):
        ms = _digit_by_digit(ts, ms, cf, T.pen_conf if pen else T.digit_conf)
        # a digit of Tesseract's kept is as sure as the model's doubt about it does not
        # matter (๕๒๓ against ๔๖๑ at 0.98 1.0 0.38: ๔๖๓); nor does it where Tesseract
        # wrote the digit it always writes for the model's (๕ for ๔: ๖๔ for ๑๕ at 0.87 0.49)
        cf = [1.0 if m == t or (_WRITTEN_AS.get(m) == t and c >= T.written_as_conf) else c
              for m, t, c in zip(ms, ts, cf)]
    if ts and any(c in DIGITS for c in ms) and not any(map(is_thai_letter, ts)):
        kept = model_number(ts, ms)  # Tesseract's brackets and dashes stay, before deciding
        if len(kept) == len(ms):  # a bracket kept is sure; the model's digit there is not
            cf = [1.0 if k != m else c for k, m, c in zip(kept, ms, cf)]
        ms = kept
    return ms, cf


def decide_stretch(s: Stretch, marks: bool, latin: bool, lexicon: bool, pen: bool, lead: bool,
         latin_tokens: list[tuple[int, int]], arbiter=None) -> tuple[bool, bool]:
    """(take the model's reading of the stretch, doubtful): ``decide`` and the word list, then
    what the stretch's neighbours show, Latin words kept, then the rules of numbers; or, with
    ``arbiter``'s weights, the fitted arbiter (``merge`` says what each argument means)."""
    took, doubtful = _by_rules(s, marks, latin, lexicon, pen)
    took = _by_context(s, took, lead)
    took, doubtful = _latin_kept(s, took, doubtful, latin_tokens)
    took = _in_numbers(s, took)
    if arbiter is not None:
        took, doubtful = judge(arbiter, features(s.tess, s.model, s.conf, s.tess_conf, (s.i1, s.i2, s.j1, s.j2)))
        took = took and not (in_latin(latin_tokens, s.i1, s.i2) and not same_script(s.ts, s.ms))
    return took, doubtful


def _by_rules(s: Stretch, marks: bool, latin: bool, lexicon: bool, pen: bool) -> tuple[bool, bool]:
    """``decide``, and where the readings differ in Thai letters only, the word list."""
    tess, i1, i2, ts, ms, cf = s.tess, s.i1, s.i2, s.ts, s.ms, s.cf
    thai_number = (i1 > 0 and tess[i1 - 1] in THAI_DIGITS) or (i2 < len(tess) and tess[i2] in THAI_DIGITS) \
        or any(c in THAI_DIGITS for c in ts)  # ๑๕๕9: Thai digits with one taken for Arabic
    took, doubtful = decide(ts, ms, cf, marks and not lexicon, latin, thai_number,
                            min(s.tess_conf[i1:i2], default=100.0), pen)
    if lexicon and not took and _letters_only(ts, ms) and min(cf, default=0.0) >= T.lexicon_conf:
        took = _likelier(s.done, ts, ms, tess[i2:])
    return took, doubtful


def _by_context(s: Stretch, took: bool, lead: bool) -> bool:
    """The model's, where what stands around the stretch shows what it is: the ว and the slash
    of a circular's number, a point after digits just taken, a circular's number read as Latin
    letters, an item number given back to the line (``lead``)."""
    tess, i1, i2, ts, ms, cf = s.tess, s.i1, s.i2, s.ts, s.ms, s.cf
    if ts == "2" and ms == "ว" and tess[i1 - 1:i1] == "/" and min(cf) >= T.circular_mark_conf:
        took = True  # the ว of a circular number ("0206.2/ว 4109"), which Tesseract reads as 2
    if ts == "7" and ms == "/" and tess[i1 - 1:i1] in THAI_DIGITS and tess[i2:i2 + 1] == "ว" and min(cf) >= T.slash_conf:
        took = True  # its slash, read as 7 between a Thai number and its ว ("๐๐๒๓.๓7ว")
    if {ts, ms} == {" ", "."} and s.after_model and min(cf) >= T.point_after_digits_conf:
        took = True  # the point (or space) after digits just taken from the model (_digits_apart)
    if not took and ts.isascii() and ts.isalpha() and ms and all(c in DIGITS for c in ms) \
            and _CIRCULAR_MARK.search(s.done) and min(cf) >= T.circular_number_conf:
        took = True  # a circular's number read as Latin letters ("/ว odd" for /ว ๓๗๖): still doubtful
    if lead and i1 == 0 and not ts and any(c in DIGITS for c in ms):
        took = True  # the item number that absorb_strips gave back to this line
    return took


def _latin_kept(s: Stretch, took: bool, doubtful: bool, latin_tokens: list[tuple[int, int]]) -> tuple[bool, bool]:
    """Tesseract's, inside a Latin word or token (``latin_spans``): its English reads those."""
    if took and (ascii_letter(s.tess, s.i1 - 1) or ascii_letter(s.tess, s.i2)):
        took = False  # inside a Latin word ("Commu|n|ity"): Tesseract's English reads it
    if took and in_latin(latin_tokens, s.i1, s.i2) and not same_script(s.ts, s.ms):
        took = doubtful = False  # inside a web address, an e-mail, a handle or an English word
    return took, doubtful


def _in_numbers(s: Stretch, took: bool) -> bool:
    """The rules of a stretch inside a number: Tesseract's extra digits dropped where the model
    read the number surely, the Thai letters it writes for digits it cannot, a table's rule."""
    tess, model, conf, i1, i2, j1, ts, ms, cf = s.tess, s.model, s.conf, s.i1, s.i2, s.j1, s.ts, s.ms, s.cf
    if not ms and ts and all(c in DIGITS or c == "|" for c in ts) and ts.strip("|"):
        # extra digits inside a number the model read surely ("๐๒๐๒๐" for ๐๒๐๖), or one
        # before the slash of a number (Tesseract reads "๓/" as "๓๕/", "12/" as "127/")
        # (Arabic ones too where Tesseract is unsure of the word: "320" for a stamp's 30)
        # (and an Arabic digit between Thai ones, after a point too: "๑๓.9๑๐" for ๑๓.๑๐; a
        # rule's stroke read with a digit: "๑๑.๒|๒๐" for ๑๑.๒๐)
        slash = model[j1:j1 + 1] == "/" and conf[j1] >= T.slash_conf and len(ts) == 1
        unsure = min(s.tess_conf[i1:i2]) < T.unsure_tess
        before = j1 - 2 if model[j1 - 1:j1] == "." and tess[i1 - 1:i1] == "." else j1 - 1
        among_thai = bool(tess[i2:i2 + 1]) and tess[i2] in THAI_DIGITS and tess[i1 - 1:i1] in set(THAI_DIGITS + ".")
        took = _sure_digit(model, conf, before) and (
            (_sure_digit(model, conf, j1) and (all(c in THAI_DIGITS for c in ts) or unsure or among_thai))
            or slash)
    if not took and ts and len(ts) == len(ms) and all(_STAND_IN.get(t) == m for t, m in zip(ts, ms)) \
            and min(cf) >= T.stand_in_conf and (tess[i1 - 1:i1] in DIGITS or tess[i2:i2 + 1] in DIGITS | {"."}):
        took = True  # the Thai letter Tesseract writes for a digit it cannot (ฒ for ๗) in a number
    if took and set(ts.strip()) == {"|"} and ms.strip() in ("1", "l", "I"):
        took = False  # a table's rule, not a digit
    return took
