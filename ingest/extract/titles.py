"""The titles of the offices a letter is addressed to, as OCR leaves their marks.

An addressee is the title of an office's head and the office's place (``นายกเทศมนตรีตำบล``
``กลางดง``), or a whole class (``… ทุกแห่ง``). The titles are a closed list (circulars.md §4);
where the letters of a title are all there and only its vowel and tone marks differ
(``นายกเทศมนุตรีตำบล``, ``นายกองค์การบรหารสวนตาบล``, ``ตำบลุ``), it is that title. A title
with a letter changed or lost is left as read, for the doubt to judge. The place after a
title is checked against the gazetteer (``thai.places``): one OCR slip from exactly one listed
place (``นำอ่าง``) is that place, flagged; a place the list does not have is flagged. A class
(``ทุกจังหวัด``) is a closed list too: one read cut or garbled (``ทุกจังห``, ``ทุกจงทวด``) is the
class it is nearest, flagged, never silent. What OCR reads against the addressees (a stamp's
figures before them, a note's ``เพื่อทราบ`` run on after a listed place) is cut off, flagged.
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ingest.thai import places
from ingest.thai.normalize import MARKS, tolerant

TITLES = sorted(("นายกองค์การบริหารส่วนตำบล", "นายกองค์การบริหารส่วนจังหวัด", "นายกเทศมนตรีตำบล",
                 "นายกเทศมนตรีเมือง", "นายกเทศมนตรีนคร", "นายอำเภอ", "ผู้ว่าราชการจังหวัด",
                 "ท้องถิ่นอำเภอ", "ท้องถิ่นจังหวัด", "ทุกแห่ง", "ทุกอำเภอ", "ทุกจังหวัด"),
                key=len, reverse=True)
# the classes an addressee may be (``ผู้ว่าราชการจังหวัด ทุกจังหวัด``), and the office heads' titles
# a place follows (``นายกเทศมนตรีตำบล|กลางดง``)
CLASSES = tuple(t for t in TITLES if t.startswith("ทุก"))
HEADS = tuple(t for t in TITLES if t not in CLASSES)
_MARKS = re.compile(f"[{MARKS}]")          # over or under a letter
_WORD = re.compile(r"(?<![ก-\u0e4e])(?:และ)?[ก-\u0e4e]+")


def _letters(text: str) -> str:
    return _MARKS.sub("", text.replace("ำ", "า"))


_BY_LETTERS = {_letters(t): t for t in TITLES}


def _spaced(title: str) -> str:
    """A title OCR broke with a space, its marks each read as another mark or lost
    (``ทํ องถิ่น``: ้ read as ํ)."""
    parts = [f"[{MARKS}]?" if ch in MARKS else "(?:ำ|ํ?า)" if ch == "ำ" else re.escape(ch) for ch in title]
    return " ?".join(parts)


# a title OCR broke with a space (``นายกองค์ การบริหารส่วนตำบล``)
_SPACED = [(re.compile(_spaced(t)), t) for t in TITLES]
# what no word begins with: a vowel written after its letter, or a mark (``และะนายก…``: a
# speck read as ะ before a title)
_NO_START = "\u0e30\u0e32\u0e33" + MARKS


def titles_repaired(salutation: str) -> str:
    """The salutation with each title whose marks OCR spoilt, or that it broke with a space,
    as printed."""
    if not salutation:
        return salutation
    for spaced, title in _SPACED:
        salutation = spaced.sub(title, salutation)
    return _WORD.sub(lambda m: _repaired(m.group(0)), salutation)


def _repaired(word: str) -> str:
    lead = "และ" if word.startswith("และ") and len(word) > 3 else ""
    body = word[len(lead):]
    if body and body[0] in _NO_START:            # a stray vowel or mark before a title goes
        fixed = _repaired(body.lstrip(_NO_START))
        return lead + fixed if fixed.startswith(tuple(TITLES)) else word
    for title in TITLES:
        if body.startswith(title):        # a mark read after it (``ตำบลุ``) belongs to no letter
            rest = body[len(title):]
            return lead + title + rest.lstrip(MARKS) if _MARKS.match(rest[:1]) else word
        letters = _letters(title)
        end = _cut(body, len(letters))
        if end is not None and _letters(body[:end]) == letters:
            return lead + title + body[end:]
    return word


def _cut(text: str, letters: int) -> int | None:
    """Where ``letters`` letters of ``text`` (not counting marks) end, with the marks after them."""
    seen = 0
    for k, ch in enumerate(text):
        if not _MARKS.match(ch):
            if seen == letters:
                return k
            seen += 1
    return len(text) if seen == letters else None


# the titles a place follows (``นายกเทศมนตรีตำบล|กลางดง``, ``นายอำเภอ|ศรีราชา``), not those
# of a class (``ทุกแห่ง``)
_PLACED = re.compile("(?:" + "|".join(HEADS) + r")(?P<place>[ก-\u0e4e]+)")


def places_checked(salutation: str) -> tuple[str, list[str]]:
    """The salutation with each place after a title that is one slip from exactly one listed
    place put right, and a flag for each place put right or not listed."""
    flags: list[str] = []

    def check(m: re.Match) -> str:
        place = m.group("place")
        if place.startswith("ทุก") or places.is_place(place):
            return m.group(0)
        near = places.nearest(place)
        if near is None:
            flags.append(f"recipients: place '{place}' is not in the gazetteer")
            return m.group(0)
        flags.append(f"recipients: place '{place}' is not in the gazetteer; taken as '{near}'")
        return m.group(0)[:m.start("place") - m.start()] + near

    return (_PLACED.sub(check, salutation), flags) if salutation else (salutation, flags)


# a class word as read this many letters (marks not counted) from one class, and nearer it than
# any other, is that class (``ทุกจงทวด``, ``ทุกจัง ห ด``: one letter changed or lost); two is
# the most a class word of four to five letters after ทุก can lose and still be told from
# the other two, which differ from it in four letters or more
CLASS_EDITS = 2
# ``ทุก…`` after a title, to the addressee's end: the word, and the pieces OCR broke off it
_CLASS = re.compile(r"(?<=[\u0e01-\u0e4e ])(?P<cls>ท[\u0e38\u0e39]?ก(?:[\u0e01-\u0e4e]*)(?: [\u0e01-\u0e4e]{1,3})*)"
                    r"(?=\s+และ|\s*,|\s*$)")


def classes_checked(salutation: str) -> tuple[str, list[str]]:
    """The salutation with a class word OCR cut or garbled (``ทุกจังห``, ``ทุกจงทวด``) read as
    the class it is nearest, flagged; one near no class, or as near two, left as read and
    flagged. A class is a closed list: what is not one of them is never silent."""
    flags: list[str] = []

    def check(m: re.Match) -> str:
        read = m.group("cls")
        if read in CLASSES or not _after_title(salutation[:m.start()]):
            return read
        near = nearest_class(read)
        if near is not None and _letters(near) == _letters(read.replace(" ", "")):
            return near                   # its marks spoilt, every letter there: that class
        if near is None:
            flags.append(f"recipients: '{read}' is no class of addressees (ทุกแห่ง, ทุกอำเภอ, ทุกจังหวัด)")
            return read
        flags.append(f"recipients: '{read}' read as the class '{near}'")
        return near

    return (_CLASS.sub(check, salutation), flags) if salutation else (salutation, flags)


def _after_title(before: str) -> bool:
    """``ทุก…`` stands right after an office head's title (the place of a class)."""
    before = before.rstrip()
    return before.endswith(HEADS)


def nearest_class(read: str) -> str | None:
    """The one class a class word as read is a cut of (``ทุกจัง``), or is ``CLASS_EDITS`` letters
    or fewer from and nearer than to any other; None where none is, or two are as near.

    >>> nearest_class("ทุกจงทวด"), nearest_class("ทุกจัง ห ด"), nearest_class("ทุกจังห"), nearest_class("ทุก")
    ('ทุกจังหวัด', 'ทุกจังหวัด', 'ทุกจังหวัด', None)
    """
    got = _letters(read.replace(" ", ""))
    cuts = [c for c in CLASSES if len(got) > 2 and _letters(c).startswith(got)]
    if cuts:
        return cuts[0] if len(cuts) == 1 else None
    far = sorted((Levenshtein.distance(got, _letters(c)), c) for c in CLASSES)
    best, second = far[0], far[1]
    return best[1] if best[0] <= CLASS_EDITS and best[0] < second[0] else None


# what OCR reads before the first addressee from a stamp or a note beside it (``A.W. 61``,
# ``ฮี.ค. 13``): a few characters with a figure, a Latin letter or a full stop in them
JUNK_BEFORE = 12        # characters at most; a title is longer than that
_SMUDGE = "A-Za-z0-9๐-๙.'\"“”‘’/|"
_JUNK = re.compile(rf"^(?P<junk>[{_SMUDGE}]+|\S*[{_SMUDGE}]\S*(?:\s+\S+){{0,2}}?)\s*(?=(?:{'|'.join(TITLES)}))")
# what a note asks of its addressee (เพื่อทราบ, เพื่อโปรดพิจารณา), its letters as OCR leaves them
# (``รีพือทราบ``, ``พื่อโปพิจารณา``), read on against the addressee's place: a purpose word at
# the start of what follows the place, up to three characters of junk before it (``เซาดำเนินการ``),
# with letters enough to be a purpose, not the place's own end (``หนองบัว|พอง``); or a smudge
# after a space (``บ่อวิน “บ``)
_PURPOSE_RUN = re.compile(r"\S{0,3}?(?:" + "|".join([tolerant("เพื่อ", opens=False),
                                                    tolerant("โปรด", opens=False, strays=True),
                                                    tolerant("พิจารณา", opens=False), tolerant("ทราบ", opens=False),
                                                    tolerant("ดำเนิน", opens=False)]) + ")")
PURPOSE_RUN_LETTERS = 5
_SMUDGE_AFTER = re.compile(rf"\s+\S*[{_SMUDGE}]")


def _run_on(rest: str) -> bool:
    """What follows a listed place is a note's purpose or a smudge, not the place's own end."""
    return bool(_SMUDGE_AFTER.match(rest) or _PURPOSE_RUN.match(rest)
                and len(re.findall("[ก-ฮ]", rest)) >= PURPOSE_RUN_LETTERS)


def strays_cut(salutation: str) -> tuple[str, list[str]]:
    """The salutation without what OCR read against its addressees: a few characters of a
    stamp before the first (``A.W. 61 นายก…``), and a note's purpose run into an addressee's
    place after a listed place (``…หนองสาหร่ายรีพือทราบและถือปฏิบัติ``); each flagged."""
    flags: list[str] = []
    m = _JUNK.match(salutation or "")
    if m and len(m.group("junk")) <= JUNK_BEFORE:
        flags.append(f"recipients: '{m.group('junk')}' read before the first addressee; left out")
        salutation = salutation[m.end():]

    def cut(m: re.Match) -> str:
        place = m.group("place")
        if places.is_place(place) or places.nearest(place):   # a slip in it: places_checked mends it
            return m.group(0)
        # the longest listed place it starts with (โนนสูง, not โนน, in โนนสูงดนน)
        k = next((k for k in range(len(place) - 1, 1, -1) if places.is_place(place[:k])), None)
        if k is not None and _run_on(place[k:]):
            flags.append(f"recipients: '{place[k:].strip()}' read after the place '{place[:k]}'; left out")
            return m.group(0)[:m.start("place") - m.start() + k]
        return m.group(0)

    return (_PLACED_TO_END.sub(cut, salutation), flags) if salutation else (salutation, flags)


# a title, its place and what was read after it, to the next addressee or the end
_PLACED_TO_END = re.compile("(?:" + "|".join(HEADS)
                            + r")(?P<place>[ก-\u0e4e][^\n]*?)(?=\s+และ(?:" + "|".join(TITLES) + r")|$)")
