"""Calibrated doubt: for each field no rule flagged, the probability that it was read right.

A small logistic regression per field over what extraction knows of its reading: the mean
OCR confidence of its lines (times the parse's certainty), the weakest word in them, and the
share of its Thai letters that read as dictionary words only with a mark restored or not at
all (``ภาษที่ดิน``; for a name, the share of its parts no name list knows, and of those one
mark from another word: ``พึงทองคำ``), and a word more usual with a lost mark put back. Only OCR'd pages are
assessed: a text layer is not misread the way the model learnt. The weights are fitted on fresh generated sets read by
the pipeline (``bench/fit_doubt.py``) and stored with their held-out scores in
``doubt.json``; the lines are fitted together (fewest flags for the silent errors allowed
over all scored fields); a field whose probability falls below its ``line`` is flagged
(``subject: low OCR confidence``) and its confidence is that probability.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from ingest.extract.checks import UNSURE, in_doubt
from ingest.extract.names import LOOK_ALIKE, THAI_RUN, TITLE, UPPER_VOWELS, known_name, more_usual
from ingest.thai.lexicon import STRICT_COSTS, is_word, segment, skeleton, uses
from ingest.thai.normalize import TONES as _TONES

MODEL = Path(__file__).with_name("doubt.json")
FEATURES = ("bias", "conf", "weakest", "odd", "present", "lost", "near")


def field_text(rec: dict, field: str) -> str:
    """The text a field was read as (the number and date as printed)."""
    if field == "doc_no":
        return rec.get("doc_no_text") or ""
    if field == "date":
        return rec.get("date_text") or ""
    if field == "recipients":
        return rec.get("salutation") or ""
    if field == "signatory":
        return (rec.get("signatory") or {}).get("name") or ""
    if field in ("references", "enclosures"):
        items = rec.get(field) or []
        return " ".join(i.get("text") or "" if isinstance(i, dict) else i for i in items)
    if field == "receipt":
        st = rec.get("receipt") or {}
        return f"{st.get('number') or ''} {st.get('date') or ''}".strip()
    return str(rec.get(field) or "")


def odd_share(text: str) -> float:
    """The share of a text's Thai words that are not dictionary words as written: a letter
    left alone (``ป 2567``, ``ภาษ|ที่ดิน``: a vowel lost) or a word known only with a mark
    restored. A short code of letters (``มท``) is not judged."""
    words = odd = 0
    for run in THAI_RUN.findall(text):
        if len(run) == 1:                 # ณ, the ว of a circular's number; else a letter alone
            words += 1
            odd += run not in "ณว"
            continue
        if is_word(run) or re.fullmatch("[ก-ฮ]{2,3}", run):
            words += 1
            continue
        for piece, restored in segment(run, STRICT_COSTS)[1]:
            words += 1
            odd += restored or len(skeleton(piece)) == 1
    return odd / words if words else 0.0


_LOST = "\u0e48\u0e49\u0e4c"                          # ่ ้ ์: the top of a stack OCR drops
_ABOVE = re.compile("[\u0e47-\u0e4e]")


def lost_mark(text: str) -> float:
    """1.0 when a word of the text, alone or run into the next (``มัน|คง``), is a more usual
    word with ่ ้ or ์ put over a bare upper vowel: ``เบีย`` for เบี้ย, ``มันคง`` for มั่นคง,
    ``สวัสดิ`` for สวัสดิ์. OCR drops the top mark of such a stack and the rest still reads as
    a word, which the dictionary test (``odd_share``) passes."""
    for run in THAI_RUN.findall(text):
        segments = segment(run, STRICT_COSTS)[1]
        if any(restored and any(m in piece for m in _LOST) for piece, restored in segments):
            return 1.0      # the dictionary put such a mark back itself (เบีย|ยังชีพ: เบี้ยยังชีพ)
        pieces = [p for p, _ in segments]
        for i, piece in enumerate(pieces):
            for cand in (piece, piece + "".join(pieces[i + 1:i + 2])):
                if any(more_usual(v, uses(w)) for w, v in _with_mark(cand)):
                    return 1.0
    return 0.0


def _with_mark(word: str):
    """(as read, with a mark put back) for each bare upper vowel: the whole word, and its
    beginning up to that vowel (``สวัสดิ|วงศ์``: a name the lists know without frequencies)."""
    for k, ch in enumerate(word):
        if ch in UPPER_VOWELS and not _ABOVE.match(word[k + 1:k + 2]):
            for mark in _LOST:
                yield word, word[:k + 1] + mark + word[k + 1:]
                if 2 < k + 1 < len(word):
                    yield word[:k + 1], word[:k + 1] + mark


def unknown_name_share(name: str) -> float:
    """The share of a name's parts (given name, surname) that no name or word list knows as
    written: ``กิตติศักดิ`` is ``กิตติศักดิ์`` with its ์ lost. Names are not dictionary words,
    so their letters are not judged one by one."""
    parts = TITLE.sub("", name.strip()).split()
    return sum(not known_name(p) for p in parts) / len(parts) if parts else 0.0


_SWAPPED = {k: v for k, v in LOOK_ALIKE.items() if k in UPPER_VOWELS}   # ิ ี, ึ ื


def one_mark_away(name: str) -> float:
    """The share of a name's parts with a piece that is another listed word or name with one
    mark changed: a tone mark put over a bare upper vowel or taken away, or a short upper
    vowel read long or the reverse (``พึง|ทองคำ`` for พึ่ง…, ``ประทุมทอง|ดิ`` for …ดี,
    ``ศรีบุญ|เรื่อง`` for …เรือง). OCR makes such a name of a name, and no list can tell."""
    parts = TITLE.sub("", name.strip()).split()
    near = sum(any(is_word(v) for piece, _ in segment(part, STRICT_COSTS)[1] for v in _one_mark(piece))
               for part in parts)
    return near / len(parts) if parts else 0.0


def _one_mark(piece: str):
    for k, ch in enumerate(piece):
        if ch in UPPER_VOWELS and piece[k + 1:k + 2] not in _TONES:
            yield from (piece[:k + 1] + t + piece[k + 1:] for t in "\u0e48\u0e49")
        if ch in _TONES:
            yield piece[:k] + piece[k + 1:]
        if ch in _SWAPPED:
            yield piece[:k] + _SWAPPED[ch] + piece[k + 1:]


def features(rec: dict, field: str, weakest: dict) -> list[float]:
    """The features of one field of a record, in FEATURES order."""
    text = field_text(rec, field)
    conf = rec.get("confidence", {}).get(field, 0.5)
    name = field == "signatory"
    odd = unknown_name_share(text) if name else odd_share(text)
    return [1.0, conf, weakest.get(field, conf), odd, 1.0 if text else 0.0, lost_mark(text),
            one_mark_away(text) if name else 0.0]


@lru_cache(maxsize=1)
def model() -> dict:
    return json.loads(MODEL.read_text("utf-8")) if MODEL.is_file() else {"fields": {}}


def probability(weights: list[float], x: list[float]) -> float:
    z = sum(w * v for w, v in zip(weights, x))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def assess(rec: dict, weakest: dict) -> None:
    """Each modelled field that no flag names gets its probability of being right as its
    confidence, and a flag when that is below the model's line."""
    for field, fit in model()["fields"].items():
        if in_doubt(rec, field):
            continue
        p = probability(fit["weights"], features(rec, field, weakest))
        rec["confidence"][field] = round(p, 2)
        if p < fit["line"]:
            rec["flags"].append(UNSURE.format(field))   # its probability is its confidence
