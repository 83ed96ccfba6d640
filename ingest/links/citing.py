"""Reading what a letter cites from its text: numbers and dates as printed, tolerant of
the OCR's usual slips, and the office named by an opening without a number.

Kept apart from :mod:`ingest.links.link`, which decides which registered letter a citation
means; everything here is a function of one letter's record and text.
"""
from __future__ import annotations

import re
from datetime import date

from ..thai.agencies import MINISTRIES, is_known, province_code
from ..thai.keys import doc_no_display, doc_no_key
from ..thai.dates import BE_OFFSET
from ..thai.digits import CONSONANT_LOOKALIKES, arabic_digits
from ..thai.months import MONTHS as MONTH_NAMES, MONTHS_SHORT
from ..thai.patterns import DOC_NO_CITED, DOC_NO_UNCODED

MONTHS = {m: i + 1 for i, m in enumerate(MONTH_NAMES)}
MONTHS.update({m: i + 1 for i, m in enumerate(MONTHS_SHORT)})
_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
DATE_RE = re.compile(rf"(\d{{1,2}})\s*({_MONTH_RE})\s*(?:พ\.\s*ศ\.\s*)?(\d{{2,4}})")
CITE_RE = re.compile(r"(ตามหนังสือ|อ้างถึง|สำเนาหนังสือ)(.{0,120}?)ที่\s*(" + DOC_NO_CITED.pattern + r")"
                     r"(?:\s*(?:ลงวันที่|ลว\.?)\s*(\d{1,2}\s*\S+\s*(?:พ\.\s*ศ\.\s*)?\d{2,4}))?", re.S)


def parse_thai_date(text: str | None) -> str | None:
    """An ISO date from a Thai date (full or abbreviated month, BE year, 2-digit year).

    >>> parse_thai_date("๒๕ กรกฎาคม ๒๕๖๑"), parse_thai_date("ลว. ๑๒ ก.ค. ๖๗")
    ('2018-07-25', '2024-07-12')
    >>> parse_thai_date("31 กุมภาพันธ์ 2567") is None
    True
    """
    if not text:
        return None
    m = DATE_RE.search(arabic_digits(text))
    if not m:
        return None
    day, month, year = int(m.group(1)), MONTHS[m.group(2)], int(m.group(3))
    year = year + 2500 if year < 100 else year
    try:
        return date(year - BE_OFFSET, month, day).isoformat()
    except ValueError:
        return None


def subject_key(subject: str | None) -> str | None:
    """Subjects compared without spaces, digits folded and the เรื่อง label dropped.

    >>> subject_key("เรื่อง  ซักซ้อมแนวทาง การจัดเก็บเอกสาร")
    'ซักซ้อมแนวทางการจัดเก็บเอกสาร'
    """
    if not subject:
        return None
    s = re.sub(r"^\s*เรื่อง\s*", "", arabic_digits(subject))
    s = re.sub(r"[\s\"'“”.]+", "", s)
    return s or None


def citations(rec: dict, body: str) -> list[dict]:
    """The letters a record cites: from its references, enclosures and opening sentence."""
    found = []
    for ref in rec.get("references") or []:
        text = ref.get("text") or ""
        number = ref.get("doc_no") or _first_doc_no(text)
        if read_ocr_number(text) != arabic_digits(text):  # a ว misread: the repaired text knows better
            number = _first_doc_no(text) or number
        kind = ("enclosure" if re.search(r"สำเนา|สิ่งที่ส่งมาด้วย", text) else
                "citation" if re.search(r"ตามหนังสือ|^\s*ด้วย", text) else "reference")
        found.append((kind, number, ref.get("date") or parse_thai_date(text), text or number))
    for enc in rec.get("enclosures") or []:
        number = _first_doc_no(enc)
        if number:
            found.append(("enclosure", number, parse_thai_date(enc), enc))
    # An endorsement shares its sheet with the letter it is written on: that body is not its own.
    body = body or "" if rec.get("kind") != "endorsement" else ""
    for m in CITE_RE.finditer(read_ocr_number(body)):  # one character for one: offsets kept
        kind = {"ตามหนังสือ": "citation", "อ้างถึง": "reference"}.get(m.group(1), "enclosure")
        found.append((kind, m.group(3), parse_thai_date(m.group(4)), " ".join(body[m.start():m.end()].split())))
    own = doc_no_key(rec.get("doc_no"))
    dates: dict[str, str] = {}
    for _, number, when, _ in found:  # a date read anywhere serves every mention of the number
        if when and doc_no_key(number):
            dates.setdefault(doc_no_key(number), when)
    found = [(kind, known_code(number), when, evidence) for kind, number, when, evidence in found]
    best: dict[tuple, dict] = {}
    for kind, number, when, evidence in found:
        key = doc_no_key(number)
        if not key or key == own or (key, kind) in best:
            continue
        best[(key, kind)] = {"kind": kind, "key": key, "doc_no": doc_no_display(number),
                             "date": when or dates.get(key), "evidence": evidence}
    return list(best.values())


# OCR slips around a cited number: the circular mark ว read as a digit standing alone
# before the running number (ที่ ชม 0023.4/2 642), the agency code read as noise (N UN).
_W_AS_DIGIT = re.compile(r"(/\s*)[23](\s+)(?=\d{2,5}(?!\d))")


def read_ocr_number(text: str) -> str:
    """Digits folded and the ว read as a digit put back.

    >>> read_ocr_number("ที่ ชม ๐๐๒๓.๔/๒ ๖๔๒ ลงวันที่")
    'ที่ ชม 0023.4/ว 642 ลงวันที่'
    """
    return _W_AS_DIGIT.sub(r"\1ว\2", arabic_digits(text or ""))


_LOOKALIKE = {a: b for x, y in CONSONANT_LOOKALIKES for a, b in ((x, y), (y, x))}


def known_code(number: str | None) -> str | None:
    """A cited number whose agency code is in no table but one look-alike letter away
    from exactly one code that is gets that code (อป read for อบ).

    >>> known_code("อป 0023.4/ว 638"), known_code("มท 0206.2/ว 1")
    ('อบ 0023.4/ว 638', 'มท 0206.2/ว 1')
    """
    m = re.match(r"\s*([ก-ฮ]{2,4})(?=[\s.\d])", number or "")
    if not m or is_known(m.group(1)):
        return number
    code = m.group(1)
    fixes = {code[:i] + _LOOKALIKE[c] + code[i + 1:] for i, c in enumerate(code) if c in _LOOKALIKE}
    fixes = [f for f in fixes if is_known(f)]
    return fixes[0] + number[m.end():] if len(fixes) == 1 else number


def _first_doc_no(text: str) -> str | None:
    """The number cited in a reference or enclosure line. When the agency code did not
    survive the OCR, the office named before the number gives it (จังหวัดขอนแก่น: ขก).

    >>> _first_doc_no("สำเนาหนังสือจังหวัดขอนแก่น N UN ๐๐๒๓.๕/ว ๓๒ ลงวันที่ ๑๕ เมษายน ๒๕๖๔")
    'ขก 0023.5/ว 32'
    """
    fixed = read_ocr_number(text)
    m = re.search(r"ที่\s*(" + DOC_NO_CITED.pattern + ")", fixed)
    if m:
        return m.group(1)
    bare = DOC_NO_UNCODED.search(fixed)
    code = _office_code(fixed[:bare.start()]) if bare else None
    return f"{code} {bare.group(1)}" if code else None


def _office_code(text: str) -> str | None:
    m = re.search(r"จังหวัด\s*([ก-๙]+)", text)
    if m:
        return province_code(m.group(1))
    m = re.search(r"กระทรวง\s*([ก-๙]+)", text)
    if m:
        for code, name in MINISTRIES.items():
            if name.replace(" ", "").startswith("กระทรวง" + m.group(1)):
                return code
    return None


ISSUER_CITE_RE = re.compile(r"(?:ด้วย|ตามที่)\s*((?:กระทรวง|กรม|สำนัก|จังหวัด|อำเภอ)[ก-๙]{2,40}?)"
                            r"\s*(?:ได้\s*)?(?:มีหนังสือ\s*)?แจ้ง\s*(?:ว่า|ให้)")


def issuer_cited(rec: dict, body: str | None) -> str | None:
    r"""The opening ``ด้วยกระทรวงมหาดไทยแจ้งว่า`` as printed, when it names another office
    (an endorsement's sheet is its host's text, not its own).

    >>> issuer_cited({"issuer": "ที่ว่าการอำเภอสารภี"}, "เรื่อง ก\nด้วยจังหวัดเชียงใหม่ แจ้งว่า ให้ถือปฏิบัติ")
    'ด้วยจังหวัดเชียงใหม่ แจ้งว่า'
    """
    if rec.get("kind") == "endorsement" or not body:
        return None
    m = ISSUER_CITE_RE.search(body[:3000])
    if not m or not _is_office(m.group(1)) or office_name(m.group(1)) in office_name(rec.get("issuer")):
        return None
    return " ".join(m.group(0).split())


def _is_office(name: str) -> bool:
    """A name an office goes by: a ministry or province of the code tables, or a
    department/office name that is not a verb phrase (ด้วยกระทรวงได้รับแจ้งว่า names none).

    >>> [_is_office(n) for n in ("กระทรวงมหาดไทย", "จังหวัดเชียงใหม่", "กรมควบคุมโรค", "กระทรวงได้รับ")]
    [True, True, True, False]
    """
    name = re.sub(r"\s+", "", name)
    if re.search(r"ได้|รับ|แจ้ง|ขอ", name):
        return False
    if name.startswith(("กระทรวง", "จังหวัด")):
        return _office_code(name) is not None
    return len(name) >= 5


def office_name(name: str | None) -> str:
    """An office's name as compared: without spaces or its seat (ศาลากลาง, ที่ว่าการ).

    >>> office_name("ศาลากลาง จังหวัดเชียงใหม่")
    'จังหวัดเชียงใหม่'
    """
    return re.sub(r"\s+|^ศาลากลาง|^ที่ว่าการ", "", name or "")


