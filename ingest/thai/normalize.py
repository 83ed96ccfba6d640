"""Clean OCR text for parsing; the printed text stays as read for display.

Stages, in order: Unicode NFC → recompose ำ → repair illegal mark sequences → fix known
misreadings of header keywords → rejoin Thai words Tesseract split with a space → restore
tone marks and ำ the OCR dropped, where a dictionary word says so. Digits are not folded
(``keys.arabic_digits`` does that for keys).

The dictionary stages load PyThaiNLP word lists on first use, not at import.
"""
from __future__ import annotations

import re
import unicodedata

from . import agencies
from . import lexicon  # its word lists load on first use


TONES = "\u0e48\u0e49\u0e4a\u0e4b"            # ่ ้ ๊ ๋
UPPER = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"  # ั ิ ี ึ ื ็
LOWER = "\u0e38\u0e39\u0e3a"                    # ุ ู ฺ
MARKS = UPPER + LOWER + TONES + "\u0e4c\u0e4d\u0e4e"  # + ์ ํ ๎
THAI_LETTERS = "ก-ฮ" + "\u0e30-\u0e3a\u0e40-\u0e4e"


def normalize_text(text: str) -> str:
    """Clean OCR text for parsing.

    >>> normalize_text("สิงทีส่งมาด้วย ประกาศ จํานวน ๑ ชุด")
    'สิ่งที่ส่งมาด้วย ประกาศ จำนวน ๑ ชุด'
    >>> normalize_text("ที อว ๖๘๒๐๔.๒/๐๒๔")
    'ที่ อว ๖๘๒๐๔.๒/๐๒๔'
    >>> normalize_text("เรือง ขอเชิญประชุม")
    'เรื่อง ขอเชิญประชุม'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\u200b", "").replace("\xa0", " ")
    text = recompose_am(text)
    text = repair_sequences(text)
    text = fix_keywords(text)
    text = lexicon.repair_text(text)
    return fix_keywords(text)


def recompose_am(text: str) -> str:
    """นิคหิต + า → ำ, with a tone mark moved before it and stray spaces dropped.

    >>> recompose_am("ทํา น ํ ้ า ตําบล")
    'ทำ น้ำ ตำบล'
    """
    text = re.sub(rf"[ ]?([{TONES}]?)[ ]?\u0e4d[ ]?([{TONES}]?)[ ]?\u0e32", r"\1\2ำ", text)
    return re.sub(rf"\u0e32\u0e4d", "ำ", text)


def repair_sequences(text: str) -> str:
    """Put marks in their legal order and drop duplicates and orphans.

    >>> repair_sequences("ก่ี") == "กี่", repair_sequences("ที่่") == "ที่", repair_sequences("เ เ ละ")
    (True, True, 'แ ละ')
    >>> repair_sequences("ที ่ ") == "ที่ ", repair_sequences("ค่าใช้จ่ำาย"), repair_sequences("การประะหยัด")
    (True, 'ค่าใช้จ่าย', 'การประหยัด')
    >>> repair_sequences("การประ ะหยัด")      # no word starts with ะ: the speck read after a space too
    'การประหยัด'
    """
    text = re.sub(r"\u0e40[ ]?\u0e40", "\u0e41", text)                 # เ เ → แ
    text = text.replace("ำา", "า")     # ำ never stands before า: an engine read า twice (จ่ำาย)
    text = re.sub(rf"(?<=[ก-ฮ{MARKS}]) (?=[{MARKS}])", "", text)      # space before a mark
    text = re.sub(rf"(?<![ก-ฮ{MARKS}])[{MARKS}]+", "", text)          # marks with no consonant
    text = re.sub(rf"([{TONES}\u0e4c])([{UPPER}{LOWER}])", r"\2\1", text)  # tone before vowel
    text = re.sub(rf"([{MARKS}])\1+", r"\1", text)                      # doubled mark
    text = re.sub(rf"([{TONES}])[{TONES}]+", r"\1", text)              # two tones: keep first
    text = re.sub(rf"([{UPPER}])[{UPPER}]+", r"\1", text)              # two upper vowels
    text = re.sub(r"([\u0e30\u0e32])(?: ?\1)+", r"\1", text)             # ะะ, าา, ะ ะ: no word has two
    return re.sub(r"([\u0e40-\u0e44])\1+", r"\1", text)                # เเ doubled leading vowel


_T = "[\u0e48\u0e49]?"   # an optional (possibly dropped) tone mark
_NOT_THAI_BEFORE = rf"(?<![{THAI_LETTERS}])"
_KEYWORDS = [
    # (pattern, replacement); patterns allow the marks OCR drops or confuses
    (rf"{_NOT_THAI_BEFORE}ส[ิี]ง{_T}[ ]?ท[ีิ]{_T}[ ]?ส{_T}ง[ ]?มา[ ]?ด{_T}วย", "สิ่งที่ส่งมาด้วย"),
    (rf"{_NOT_THAI_BEFORE}อ{_T}าง[ ]?ถ[ึื]ง", "อ้างถึง"),
    (rf"(?m)^([ \t]*)เร[ีิ]?ยน(?=\s)", r"\1เรียน"),
    (rf"{_NOT_THAI_BEFORE}เร[ืึ]{_T}?อง(?=\s)", "เรื่อง"),
    (rf"{_NOT_THAI_BEFORE}ส[ุ]?{_T}วนราชการ", "ส่วนราชการ"),
    (rf"(?m)^([ \t]*)เร[ืึ]?{_T}อง(?=\s)", r"\1เรื่อง"),            # เรอง: the label, at a line start
    (rf"{_NOT_THAI_BEFORE}ว[ั]?นท[ีิ]?{_T}[ ]?(?=[0-9๐-๙])", "วันที่ "),  # วนท30 เมษายน
    (rf"{_NOT_THAI_BEFORE}บ[ัน]นท[ึื]ก[ ]?ข{_T}อความ", "บันทึกข้อความ"),
    (rf"ขอแสดงความน[ัำ]?บถ[ืึ]อ", "ขอแสดงความนับถือ"),
    (rf"{_NOT_THAI_BEFORE}ด{_T}วนท[ีิ]?{_T}ส[ุ]?ด", "ด่วนที่สุด"),   # ด่วนทสุด: both marks lost
    (rf"{_NOT_THAI_BEFORE}ด{_T}วนมาก", "ด่วนมาก"),
    (rf"{_NOT_THAI_BEFORE}ดวน(?=\s|$)", "ด่วน"),
    (rf"{_NOT_THAI_BEFORE}ล[ัะ]บท[ีิ]{_T}ส[ุ]?ด", "ลับที่สุด"),
    (rf"เลขท[ีิ]{_T}รับ", "เลขที่รับ"),
    (rf"(?:ลง)?วันท[ีิ](?![\u0e48ก-ฮ])", lambda m: m.group(0)[:-1] + "ี่"),
    (rf"ฉบับท[ีิ](?![\u0e48ก-ฮ])", "ฉบับที่"),
    (rf"ข{_T}อ(?=[ ]?[0-9๐-๙]+(?:\s|$))", "ข้อ"),
    (r"(?<![A-Za-z])(?:WA|WAL|wa|W\.A|พ\.ศ)[ ]?[.,]?[ ]?(?=[0-9๐-๙]{4})", "พ.ศ. "),
    (r"(?<=[ก-๛] )U(?= (?:25|๒๕)[0-9๐-๙]{2}(?![0-9๐-๙]))", "ปี"),   # ปี ๒๕๖๗ read as U ๒๕๖๗
    # ที before an agency code or an order number at the start of a line, or alone after ,
    (rf"(?m)^([ \t]*)ท[ีิ](?=[ ]?[ก-ฮ]{{1,3}}\.?[ ]?[0-9๐-๙])", r"\1ที่"),
    (rf"(?m)^([ \t]*)ท[ีิ](?=[ ]?[0-9๐-๙]+[ ]?/)", r"\1ที่"),
    (rf"(?m)^([ \t]*)ท[ีิ](?=\s*$)", r"\1ที่"),
    (rf"{_NOT_THAI_BEFORE}ท[ีิ](?= +[ก-ฮ]{{2}}\.? ?[0-9๐-๙])", "ที่"),
]


def tolerant(word: str, opens: bool = True, strays: bool = False) -> str:
    """A keyword as OCR leaves it: any letter doubled (``ปประกาศ``), a vowel or mark dropped,
    a space inside. For the headings that open a line, where nothing else starts so, the
    vowel the word opens with stays (``opens``); a word further on a line may lose it too
    (``ปรด`` for โปรด), and a handwritten one may carry a mark that is not its own
    (``strays``: ``โปรูด``).

    >>> bool(re.fullmatch(tolerant("โปรด", opens=False, strays=True), "ปรด"))
    True
    """
    out = []
    stray = f"[{MARKS}]?" if strays else ""
    for i, ch in enumerate(word):
        if ch == "เ" and i == 0:
            out.append("(?:แ|เ{1,2})" if opens else "(?:แ|เ{0,2})")    # a doubled เ is joined into แ before this
        elif "ก" <= ch <= "ฮ":             # its letters stay
            out.append(f"{ch}{{1,2}}{stray} ?")
        elif i == 0:                        # and the vowel it opens with, on a heading
            out.append(f"{ch}{{1,2}} ?" if opens else f"{ch}{{0,2}}")
        else:
            out.append(f"{re.escape(ch)}{{0,2}}")
    return "".join(out).removesuffix(" ?")


# headings and labels at the start of a line, doubled or dropped letters and all
_KEYWORDS += [(rf"(?m)^([ \t]*){tolerant(w)}(?![\u0e30-\u0e3a\u0e47-\u0e4e])", rf"\1{w}")
              for w in ("ประกาศ", "คำสั่ง", "ระเบียบ", "แถลงการณ์", "บันทึกข้อความ", "ส่วนราชการ",
                        "อ้างถึง", "สิ่งที่ส่งมาด้วย")]
_KEYWORDS += [(rf"(?m)^([ \t]*){tolerant(w)}(?=\s)", rf"\1{w}") for w in ("เรื่อง", "เรียน")]
# สิ่ง of สิ่งที่ส่งมาด้วย lost or garbled at a line's start (``งที่ส่งมาด้วย``, ``สิงท์ ที่ส่งมาด้วย``)
# (not the end of ``ตามสิ่ง`` wrapped onto the next line)
_KEYWORDS += [(r"(?m)(?<!สิ่ง\n)(?<!สิง\n)^([ \t]*)(?!ตาม)[ก-\u0e4e]{0,5} ?ที่ส่งมาด้วย", r"\1สิ่งที่ส่งมาด้วย")]
# ที่ before a cited number read as a stroke, a 1 or a 7 (``ด่วนที่สุด 1 มท ๐๒๐๖.๒/ว``)
# (its number on the next line when the code ends this one)
_KEYWORDS += [(r"(?m)(?<=[ก-\u0e4e] )(?<!ข้อ )(?<!จำนวน )[1๑7lI|](?= [ก-ฮ]{2}\.?(?: ?[0-9๐-๙]{4}|$))", "ที่")]
# อ read as ฮ at the start of อ้างถึง (``ฮ้างถึง``): no word begins so
_KEYWORDS += [(r"(?m)^([ \t]*)ฮ\u0e49?างถ[ึิ]ง", r"\1อ้างถึง")]
_KEYWORDS = [(re.compile(p), r) for p, r in _KEYWORDS]
# a head line whose ที่ came out as junk (VA, N, หี, fi) before a known agency code and a digit
_JUNK_TI = re.compile(r"(?m)^([ \t]*)(?:[A-Za-z|!:;@#%&*\"'“”]{1,4}|[ก-ฮ][\u0e31-\u0e3a\u0e47-\u0e4e]{0,2})"
                      r"[ ,]+(?:(?=([ก-ฮ]{2})\.?[ ]?[0-9๐-๙])|,?(?=(?P<order>[0-9๐-๙]{1,4}[ ]?/[ ]?[0-9๐-๙]{4}\s*$)))")


def fix_keywords(text: str) -> str:
    """Known misreadings of the words that label the fields of a letter.

    >>> fix_keywords("อางถึง หนังสือ ลงวันที ๑")
    'อ้างถึง หนังสือ ลงวันที่ ๑'
    >>> fix_keywords("ว่าด้วยพนักงานราชการ WA. ๒๕๕๓")
    'ว่าด้วยพนักงานราชการ พ.ศ. ๒๕๕๓'
    """
    for pattern, repl in _KEYWORDS:
        text = pattern.sub(repl, text)
    return _JUNK_TI.sub(_junk_ti, text)


def _junk_ti(m: re.Match) -> str:
    if m.group("order"):          # an order's number alone on its line: ที่ ๑๕๐/๒๕๖๓
        return m.group(1) + "ที่ "
    if m.group(0).strip() in ("ที่", "ที") or not agencies.is_known(m.group(2)):
        return m.group(0)
    return m.group(1) + "ที่ "
