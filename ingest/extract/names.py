"""A person's name as OCR leaves it, and the name it was printed as.

A signatory's name is no dictionary word, but its parts are made of words and listed names
(``ศรี|สวัสดิ์|วงศ์``, ``ทอง|ประเสริฐ``). Tesseract's Thai model misreads them in a few set
ways: it drops the ์ over a final letter (``ศรีสวัสดิวงศ์``), loses a vowel under or over a
letter (``สรชัย``, ``รัชน``), reads one letter for its look-alike (``ประเสวิฐ`` for ประเสริฐ,
``หาย`` for นาย) or adds a stray one (``ประทุมทองตดี``). A part is repaired by one such
change only where the part as read is no listed name or word run together and exactly one
change makes it one; a ์ only where the word with it is far more usual than without
(``สวัสดิ์`` is written, ``สวัสดิ`` is not). A tone is the name's own (เรือง is not เรื่อง),
but the model loses or adds one over an upper vowel (``พึงทองคำ`` for พึ่งทองคำ,
``ศรีบุญเรื่อง`` for ศรีบุญเรือง): it is put back or taken off only where PyThaiNLP's listed
names write the piece far more often that way (พึ่ง 15 names, พึง 1; เรือง 83, เรื่อง 1; but
ลิ้ม 12, ลิม 35: left). What is left unknown is judged by the calibrated doubt.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.thai.lexicon import STRICT_COSTS, UNKNOWN, is_word, segment, skeleton, uses
from ingest.thai.normalize import MARKS, THAI_LETTERS, normalize_text

# what stands before a name: its title, rank and degree (``รองศาสตราจารย์ ดร.``)
TITLE = re.compile(r"^(?:(?:นางสาว|นาง|นาย|ว่าที่\s?ร้อยตรี|(?:รอง|ผู้ช่วย)?ศาสตราจารย์|(?:ดร|ผศ|รศ|ศ)\.)\s?)+")
THAI_RUN = re.compile(f"[{THAI_LETTERS}]+")
MORE_USUAL = 2      # the word with the mark put back is this many times as frequent…
MIN_USES = 20       # …and seen this often in the corpus
TONE_MORE_USUAL = 8     # a piece as a tone's change makes it is in this many times as many listed names…
TONE_MIN_NAMES = 5      # …and in at least this many
MIN_GIVEN, MIN_SURNAME = 3, 3   # the fewest characters of each where a name read as one is cut

_KARAN = "\u0e4c"
# a speck read as a mark before or after a part (``.ทองประเสริฐ``)
_SPECK = re.compile(r"^[.,'`\"‘’“”:;_-]+|[.,'`\"‘’“”:;_-]+$")
UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37"            # ั ิ ี ึ ื
# letters Tesseract's Thai model reads for one another in names (ร|ว, ณ|ญ, น|ห, ช|ข, ด|ต)
LOOK_ALIKE = {"ร": "ว", "ว": "ร", "ณ": "ญ", "ญ": "ณ", "น": "ห", "ห": "น", "ช": "ข", "ข": "ช",
              "ด": "ต", "ต": "ด", "\u0e34": "\u0e35", "\u0e35": "\u0e34", "\u0e36": "\u0e37", "\u0e37": "\u0e36"}
# vowels it loses over or under a letter: ุ ู ิ ี
LOST_VOWELS = "\u0e38\u0e39\u0e34\u0e35"
_CONSONANT = re.compile("[ก-ฮ]")
_SYLLABLE_START = re.compile("[ก-ฮเ-ไ]")     # a letter, or a vowel written before one
# a repair must read as likelier words than the part as read by at least what one letter no
# word covers costs, and be the only change that does
REPAIR_GAIN = UNKNOWN
_MARK = re.compile(f"[{MARKS}]")     # over or under a letter
_LOST_TONES = "\u0e48\u0e49"           # ่ ้: the tones lost over an upper vowel
_OVER = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e47"   # what may already sit over one


def more_usual(variant: str, read_uses: int) -> bool:
    n = uses(variant)
    return n >= MIN_USES and n > MORE_USUAL * read_uses


@lru_cache(maxsize=4096)
def _strict(text: str):
    """``segment(text, STRICT_COSTS)``, once per text: a part and its candidate repairs are
    each segmented to judge them and again to cost them."""
    return segment(text, STRICT_COSTS)


def known_name(part: str) -> bool:
    """A name's part is a listed name or word, or reads as such words run together
    (``ทอง|ประเสริฐ``; not ``ทอง|ประเสวิฐ``, ``ประทุม|ทอง|ดิ``)."""
    if is_word(part):
        return True
    if not THAI_RUN.fullmatch(part):
        return False
    return all(not restored and len(skeleton(p)) > 1 and is_word(p) for p, restored in _strict(part)[1])


def repaired_name(name: str) -> str:
    """The name with each part repaired (``นายประเสวิฐ ศรีสวัสดิวงศ์`` → ``นายประเสริฐ
    ศรีสวัสดิ์วงศ์``), its title read as one where a look-alike letter made it another word
    (``หายวีระพงษ์``), the space before its surname put back where it was not read, and
    specks read beside its parts dropped."""
    name = given_name_apart(_title_repaired(name))
    title = TITLE.match(name)
    head = title.group(0) if title else ""
    parts = [_SPECK.sub("", p) or p for p in name[len(head):].split(" ")]
    return head + " ".join(_part_repaired(p) for p in parts)


def _part_repaired(part: str) -> str:
    if not THAI_RUN.fullmatch(part or "-"):
        return part
    part = _tone_by_names(part)
    if known_name(part):
        return _karan_put_back(part)
    as_read = _strict(part)[0]
    saves = {c: as_read - _strict(c)[0]
             for slips in (_look_alike, _lost_vowel, _stray_letter) for c in slips(part) if known_name(c)}
    sure = [c for c, gain in saves.items() if gain >= REPAIR_GAIN - 1e-9]
    return sure[0] if len(sure) == 1 else part          # none, or two as good: left as read


def _look_alike(part: str):
    for k, ch in enumerate(part):
        if ch in LOOK_ALIKE:
            yield part[:k] + LOOK_ALIKE[ch] + part[k + 1:]


def _lost_vowel(part: str):
    for k, ch in enumerate(part):
        if _CONSONANT.match(ch) and not _MARK.match(part[k + 1:k + 2]):
            for v in LOST_VOWELS + _KARAN:
                yield part[:k + 1] + v + part[k + 1:]


def _stray_letter(part: str):
    """A letter too many inside the part (``ประทุมทองตดี``); never its first or last."""
    for k in range(1, len(part) - 1):
        if _CONSONANT.match(part[k]):
            yield part[:k] + part[k + 1:]


def _karan_put_back(part: str) -> str:
    """``ศรีสวัสดิวงศ์`` → ``ศรีสวัสดิ์วงศ์``: a ์ after a bare upper vowel or a letter where
    the piece up to it is far more usual with it (``สวัสดิ์``, ``อินทร์``) and the part stays a
    name of known pieces. One ์ at most: a part that needs two was not read well enough."""
    for k in range(2, len(part)):
        if _KARAN in part[k - 1:k + 1] or not (_CONSONANT.match(part[k - 1]) or part[k - 1] in UPPER_VOWELS):
            continue
        if not _CONSONANT.match(part[k:k + 1]):
            continue
        for start in range(0, k - 1):
            piece = part[start:k]
            if more_usual(piece + _KARAN, uses(piece)) and is_word(piece + _KARAN):
                fixed = part[:k] + _KARAN + part[k:]
                if known_name(fixed):
                    return fixed
    return part


def _tone_by_names(part: str) -> str:
    """``พึงทองคำ`` → ``พึ่งทองคำ``, ``ศรีบุญเรื่อง`` → ``ศรีบุญเรือง``: a ่ or ้ over a bare
    upper vowel put back, or one over an upper vowel taken off, where listed names write the
    piece it stands in far more often that way and the part stays a name of known pieces. The
    piece is the word it stands in (``มั่นคง``) or, to put one back, its syllable: the letter
    before the vowel, the vowel and the letter after (``พึ่ง``). One change at most."""
    for k in range(2, len(part)):
        if part[k - 1] not in UPPER_VOWELS:
            continue
        if part[k] in _LOST_TONES:
            changes = [(part[:k] + part[k + 1:], part)]        # (without, with) the tone
        elif part[k] not in _OVER:
            changes = [(part, part[:k] + tone + part[k:]) for tone in _LOST_TONES]
        else:
            continue
        for bare, toned in changes:
            fixed = toned if bare == part else bare
            if _names_prefer(bare, toned, k, put_back=fixed == toned) and known_name(fixed):
                return fixed
    return part


def _names_prefer(bare: str, toned: str, k: int, put_back: bool) -> bool:
    """Listed names write the piece around ``toned[k]`` far more often as the change makes it."""
    pieces = [(bare[k - 2:k + 1], toned[k - 2:k + 2])] if put_back else []
    at, end = _piece_around(toned, k)
    if end:
        pieces.append((bare[at:end - 1], toned[at:end]))
    for without, with_ in pieces:
        n_without, n_with = name_uses(without), name_uses(with_)
        was, now = (n_without, n_with) if put_back else (n_with, n_without)
        if now >= TONE_MIN_NAMES and now > TONE_MORE_USUAL * was:
            return True
    return False


def _piece_around(text: str, k: int) -> tuple[int, int]:
    """Where the word that holds ``text[k]`` starts and ends (0, 0 where the cut changed it)."""
    pieces = [p for p, _ in _strict(text)[1]]
    if "".join(pieces) != text:
        return 0, 0
    at = 0
    for p in pieces:
        if at <= k < at + len(p):
            return at, at + len(p)
        at += len(p)
    return 0, 0


# a name's part that ends with a silenced letter (``…ร์``, ``…ดิ์``) ends as some listed name
# does: its last characters (``ูร์`` of ``นาคสมบูร์``, the ณ of สมบูรณ์ lost) ending no listed
# name are a misreading, not a spelling. Three characters: of PyThaiNLP's 21,679 listed names
# 93 (0.4 %) end with a ์ so that no other listed name ends with the same three, where two
# would tell nothing (every ร์ after a letter) and four would pass misreadings
SILENT_END = 3
_SILENT = "\u0e4c"


def silent_end_unheard(part: str) -> str | None:
    """The end of a name's part after a silenced letter (``ูร์``) that no listed name ends
    with, or None (a part that does not end with ์, or a usual ending). Words are not asked:
    the word lists hold loanwords and pieces (``บูร์``) that end no Thai name."""
    if not part.endswith(_SILENT) or len(part) <= SILENT_END:
        return None
    end = part[-SILENT_END:]
    return None if end in _silent_ends() else end


@lru_cache(maxsize=1)
def _silent_ends() -> frozenset[str]:
    return frozenset(n[-SILENT_END:] for n in _listed_names() if n.endswith(_SILENT))


@lru_cache(maxsize=4096)
def name_uses(piece: str) -> int:
    """How many of PyThaiNLP's listed given and family names hold ``piece``."""
    return sum(piece in n for n in _listed_names())


@lru_cache(maxsize=1)
def _listed_names() -> tuple[str, ...]:
    from pythainlp.corpus import thai_family_names

    return tuple(_given_names() | frozenset(thai_family_names()))


_TITLES = ("นางสาว", "นาง", "นาย")


def _title_repaired(name: str) -> str:
    """``หายวีระพงษ์`` → ``นายวีระพงษ์``: no title, but one look-alike letter from one before
    a listed given name."""
    if TITLE.match(name):
        return name
    for title in _TITLES:
        read = name[:len(title)]
        diff = [k for k in range(len(title)) if k < len(read) and read[k] != title[k]]
        if len(read) == len(title) and len(diff) == 1 and LOOK_ALIKE.get(read[diff[0]]) == title[diff[0]]:
            rest = name[len(title):]
            if any(rest.startswith(g) for g in _given_names() if len(g) > 2):
                return title + rest
    return name


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    from pythainlp.corpus import thai_female_names, thai_male_names

    return frozenset(thai_male_names()) | frozenset(thai_female_names())


def surname_apart(name: str, raw: str) -> str:
    """The name with the space before the surname it was read with: cleaning the text joins
    ``ประเสริฐ แก้วมณีรัตน์`` as it would a word OCR split in two."""
    m = re.match(r"^[^(]{0,3}\(\s*([^()]+?)\s*[)\]}|]", raw.strip())
    title = TITLE.match(name)
    head = title.group(0) if title else ""
    read = TITLE.sub("", m.group(1)).split() if m else []
    if len(read) != 2 or " " in name[len(head):]:
        return name
    whole = name[len(head):]
    for given in (normalize_text(read[0]), read[0]):
        if skeleton(whole).startswith(skeleton(given)) and 0 < len(given) < len(whole):
            cut = _cut_after(whole, len(skeleton(given)))
            return f"{head}{whole[:cut]} {whole[cut:]}"
    return name


def given_name_apart(name: str) -> str:
    """``นางนภาพรสิทธิโชคชัย`` → ``นางนภาพร สิทธิโชคชัย``: a name read with no space after its
    title's given name is cut after the longest listed given name that leaves a surname of
    known pieces (``วีระพงษ์|เรืองศักดิ์ศรี``, not ``วีระ|พงษ์เรืองศักดิ์ศรี``)."""
    title = TITLE.match(name)
    if not title or " " in name[title.end():]:
        return name
    head, whole = title.group(0), name[title.end():]
    for k in range(len(whole) - MIN_SURNAME, MIN_GIVEN - 1, -1):
        given, rest = whole[:k], whole[k:]
        if given in _given_names() and _SYLLABLE_START.match(rest) and known_name(rest):
            return f"{head}{given} {rest}"
    return name


def _cut_after(text: str, letters: int) -> int:
    """Where in ``text`` its first ``letters`` skeleton letters end (with their marks)."""
    seen = 0
    for k, ch in enumerate(text):
        if skeleton(ch):
            if seen == letters:
                return k
            seen += 1
    return len(text)
