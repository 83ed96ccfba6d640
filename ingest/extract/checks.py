"""Plausibility checks: a field that fails one is flagged for the clerk, never silently kept
or dropped. ``check_record`` looks at one record, ``check_bundle`` across the bundle."""
from __future__ import annotations

import datetime as dt
import re

from ..thai import agencies
from ingest.extract import marks
from ingest.extract.body import reference_of
from ingest.extract.cells import speck
from ingest.extract.header import BARE_HEAD, LABELS, starts_with
from ingest.extract.names import THAI_RUN, TITLE, silent_end_unheard
from ingest.extract.titles import HEADS
from ingest.thai.digits import CONSONANT_LOOKALIKES, arabic_digits
from ingest.thai.lexicon import STRICT_COSTS, is_word, segment
from ingest.thai.patterns import D, STAMP_DATE, STAMP_NUMBER, STAMP_NUMBER_LABEL, STAMP_TIME, UNIT_FIRST
from ingest.thai.dates import BE_OFFSET, FIRST_YEAR

LOW_CONF = 0.6
# the flag of a field whose reading is in doubt (the fitted doubt, or a low OCR confidence);
# the web gives this form a Thai wording for any field (ingest/web/wording.py)
UNSURE = "{}: low OCR confidence"
# a signatory's name read as one word or as three (the space between given name and surname
# lost, or a piece read twice) is in doubt: flagged in the form the web words for any field
NAME_PARTS = UNSURE.format("signatory")
# what no Thai name or addressee holds: Latin letters, digits, marks OCR makes of a smudge
_NOT_THAI = re.compile(r"[A-Za-z0-9๐-๙\"”“'|@©®]")
# what a note or letter asks of its addressee (เพื่อทราบ, เพื่อโปรดพิจารณา), its marks lost or
# not: no addressee's name holds it, so one that does ran into the line below
_PURPOSE = re.compile("เพ[\u0e37\u0e48]{0,2}อ(?:ทราบ|โปรด|พิจารณา|ดำเนินการ|ถือปฏิบัติ)")
ADDRESSED = ("external", "memo", "stamped", "endorsement")    # kinds written to someone (เรียน, ถึง)
# fields read from another: a doubt about the one is a doubt about the other
SAME_DOUBT = {"issuer_code": "doc_no", "salutation": "recipients", "recipients": "salutation"}
# flags that name no field but doubt one: an agency code no table has doubts the number's
# code; a letter's date after its stamp's, or long before it, doubts the stamp's date too
UNKNOWN_CODE = "agency code '{}' unknown"
DOUBTED_BY = {"doc_no": (r"agency code '.*' unknown",), "issuer_code": (r"agency code '.*' unknown",),
              "receipt.date": (r"date after its receipt stamp ", r"date \S+ long before its receipt stamp ")}
# a document whose letter head was not found: every field is what could be read, all doubt
NO_HEAD = "kind: no letter head found"
# a stamp's number line (its label, then the pen's digits) anywhere in a letter's own text:
# a stamp whose lines were read run together with others, so no stamp was taken from it
_STAMP_WORDS = re.compile(rf"{STAMP_NUMBER_LABEL}\s*(?:ที่)?\s*[:.]?\s*[{D}]")


_DATED = re.compile(r"(?:ลงวันที่|ลว\.)\s?\S")   # a cited letter's date printed after it


def in_doubt(rec: dict, field: str) -> bool:
    """Whether a flag names the field (``date: …``, ``receipt date: …`` for ``receipt.date``),
    or one it is read from (the agency code from the number, the addressees from เรียน), or
    a flag that doubts it without naming it (``DOUBTED_BY``, ``NO_HEAD``)."""
    head = field.partition(".")[0]
    names = {head, SAME_DOUBT.get(head, head), NO_HEAD}
    flags = rec.get("flags", [])
    return any(f.startswith(n) for f in flags for n in names) \
        or any(re.match(p, f) for f in flags for p in DOUBTED_BY.get(field, ()))


def flag(rec: dict, text: str) -> None:
    """Add a doubt to a record's flags, once."""
    if text not in rec["flags"]:
        rec["flags"].append(text)


def check_record(rec: dict, today: dt.date) -> None:
    code = rec.get("_agency")
    if code and not agencies.is_known(code):
        flag(rec, UNKNOWN_CODE.format(code))
    # a note written on a letter has a number only when the office numbers its forwards
    if rec["kind"] in ("external", "stamped", "order") and not rec["doc_no"] \
            or rec["kind"] == "endorsement" and not rec["doc_no"] and rec.get("_number_printed"):
        flag(rec, "doc_no: not found")
    if rec["doc_no"] and (not re.search(r"\d/(ว )?\d", rec["doc_no"]) or _odd_unit(rec["doc_no"])):
        flag(rec, f"doc_no: '{rec['doc_no']}' is not a reference number")
    elif rec["doc_no"] and UNIT_FIRST.match(rec["doc_no"]) and not any(f.startswith("doc_no") for f in rec["flags"]):
        flag(rec, "doc_no: agency code not read")      # a stamped note's faint letters
    if not rec["date"] and not any(f.startswith("date") for f in rec["flags"]):
        flag(rec, "date: not found")
    if rec["date"]:
        year = int(rec["date"][:4]) + BE_OFFSET
        if year > today.year + BE_OFFSET + 1:
            flag(rec, f"date: year {year} is in the future")
        elif year < FIRST_YEAR:
            flag(rec, f"date: year {year} is before the correspondence rules of {FIRST_YEAR}")
    _check_receipts(rec)
    if any(not ref.get("doc_no") for ref in rec["references"]):
        flag(rec, "references: a cited number not read")
    elif any(not _number_can_be(ref["doc_no"]) for ref in rec["references"]):
        flag(rec, UNSURE.format("references"))
    if any(not ref.get("date") and _DATED.search(ref.get("text") or "") for ref in rec["references"]):
        flag(rec, "references: a cited date not read")   # ``ลงวันที่ ๓ ตุลาคม ๒๕๖๐๓``
    for ref in rec["references"]:
        if rec["date"] and ref.get("date") and ref["date"] > rec["date"]:
            flag(rec, f"reference dated after the letter ({ref['date']} > {rec['date']})")
    if any(_enclosure_in_doubt(e) for e in rec["enclosures"]):
        flag(rec, UNSURE.format("enclosures"))
    enclosed = _latest_enclosed(rec["enclosures"])
    if rec["date"] and enclosed and enclosed > rec["date"]:
        flag(rec, f"date {rec['date']} before the letter it encloses ({enclosed})")
    twice = _READ_TWICE.search(rec["subject"] or "")
    if twice:
        flag(rec, f"subject: '{twice.group(0)}' a word read twice")
    alike = _look_alike_word(rec["subject"] or "")
    if alike:
        flag(rec, f"subject: '{alike[0]}' may be '{alike[1]}' (a letter read as its look-alike)")
    if rec["kind"] in ("external", "memo", "order", "announcement") and not rec["subject"]:
        flag(rec, "subject: not found")
    if rec["kind"] in ADDRESSED and not rec["recipients"]:
        flag(rec, "recipients: not found")
    if rec["kind"] not in ("other", "stamped") and not (rec["signatory"] or {}).get("name"):
        flag(rec, "signatory: not found")        # signed: all but letters sealed instead
    name = (rec["signatory"] or {}).get("name")
    if name and (len(TITLE.sub("", name).split()) != 2 or _NOT_THAI.search(name)):   # นายประเสริฐแก้วมณีรัตน์
        flag(rec, NAME_PARTS)
    for part in TITLE.sub("", name or "").split():
        if end := silent_end_unheard(part):                  # นาคสมบูร์: ณ lost before ์
            flag(rec, f"signatory: '{part}' ends as no listed name does ('{end}')")
    if _NOT_THAI.search(rec["salutation"] or ""):           # ผู้ว่าราชการจังหวัด NNN: ทุกจังหวัด misread
        flag(rec, UNSURE.format("recipients"))
    if any(re.fullmatch(BARE_HEAD, r) for r in rec["recipients"]):   # its place on a line not read
        flag(rec, UNSURE.format("recipients"))
    if any(_PURPOSE.search(r) for r in rec["recipients"]):     # โนนหนเพอทราบ: the note's next line
        flag(rec, UNSURE.format("recipients"))
    for field, conf in rec["confidence"].items():
        if field in ("doc_no", "date", "subject", "receipt") and conf < LOW_CONF \
                and field in rec["boxes"]:
            flag(rec, UNSURE.format(field))


# a line that adds an addressee: ``และ`` and an office head's title, or the title alone
_ADDS_ONE = re.compile("^(?:และ\\s?)?(?:" + "|".join(HEADS) + ")")
# how many lines under the last one of a เรียน field are looked at for addressees not taken
ADDRESSEE_LINES_AFTER = 2


def check_addressees_left(rec: dict, cells: list, used: list) -> None:
    """Addressees the เรียน field visibly goes on with but that were not taken: the last one
    read ends with ``และ``, or a line right under the field (before the next label) adds one
    (``และนายกเทศมนตรีนครสงขลา``). Fewer addressees than printed would be silent."""
    if (rec["salutation"] or "").endswith("และ"):
        flag(rec, "recipients: the addressees go on after 'และ'; a line of them not read")
        return
    last = used[-1]
    k = next((j for j, c in enumerate(cells) if c is last), None)
    if k is None:
        return
    under = [c for c in cells[k + 1:] if not speck(c, last)][:ADDRESSEE_LINES_AFTER]
    for c in under:
        if c.page != last.page or any(starts_with(c, lab) is not None for lab in LABELS):
            return
        if _ADDS_ONE.match(c.text) and c.text not in (rec["salutation"] or ""):
            flag(rec, "recipients: a line under เรียน adds an addressee that was not read")
            return


def check_marks(rec: dict, cells: list) -> None:
    """A letter with no urgency read whose stamp's place holds large type that reads as no
    mark: flagged, and its box kept for the clerk, where no mark would be silent (no
    urgency is a legal value)."""
    stamp = marks.unread_stamp(cells) if rec["urgency"] is None else None
    if stamp is not None:
        flag(rec, "urgency: a stamp at the top left not read")
        rec["boxes"].setdefault("urgency", {"page": stamp.page, "box": list(stamp.box)})


# Receiving numbers run through the calendar year (docs/circulars.md §7): by its day of the year
# an office has received at least this many letters a day. A sub-district office gets a few a
# day, a province dozens (เลขรับ ๘๘๗ on 15 January); a number far lower is a digit or more lost
# from a pen's figures (``๓๐`` for ๓๐๒, ``๑`` for ๗๒๗).
RECEIPT_FLOOR_PER_DAY = 0.2


def _check_receipts(rec: dict) -> None:
    """Each stamp's problems, and its date against the letter's."""
    for st in rec["receipts"]:
        if st.get("problem"):
            flag(rec, f"receipt date: {st.pop('problem')}")
        if st.get("glued"):
            flag(rec, f"receipt: number {st['number']} read with '{st.pop('glued')}' run into it: check")
        if not st.get("number"):
            flag(rec, "receipt: number not read")
        elif st.get("date") and _low_for_its_day(st["number"], st["date"]):
            flag(rec, f"receipt: number {st['number']} is low for its day of the year")
        if not st.get("date") and not any(f.startswith("receipt date") for f in rec["flags"]):
            flag(rec, "receipt date: not read")
        if rec["date"] and st.get("date") and st["date"] < rec["date"]:
            flag(rec, f"date after its receipt stamp ({rec['date']} > {st['date']})")
        elif rec["date"] and st.get("date") and \
                (dt.date.fromisoformat(st["date"]) - dt.date.fromisoformat(rec["date"])).days > 180:
            flag(rec, f"date {rec['date']} long before its receipt stamp ({st['date']})")


def _low_for_its_day(number: str, date: str) -> bool:
    n = arabic_digits(str(number))
    day = dt.date.fromisoformat(date).timetuple().tm_yday
    return n.isdigit() and int(n) < RECEIPT_FLOOR_PER_DAY * day


# an enclosure ends with its count (``จำนวน ๑ ชุด``); one that cites a letter names its number
# and date (``สำเนาหนังสือจังหวัด… ที่ ชม ๐๐๒๓.๓/ว ๕๕๘ ลงวันที่ ๓ กรกฎาคม ๒๕๖๓``)
_COUNTED = re.compile(r"จำนวน\s*\d+\s*\S+$")
_CITES = re.compile(r"(?:^|\s)ที่\s|ลงวันที่|ลว\.")


# consonants OCR takes for each other, a small stroke apart (ซักซ้อม read ชักซ้อม)
LOOK_ALIKE_LETTERS = {a: b for pair in CONSONANT_LOOKALIKES for a, b in (pair, pair[::-1])}
LOOK_ALIKE_MIN = 5     # characters of the joined word at least: อปท. and อบต. are abbreviations


def _look_alike_word(text: str) -> tuple[str, str] | None:
    """Two words as read (``ชัก|ซ้อม``) that are one word with a letter changed for its
    look-alike (``ซักซ้อม``), which the dictionary test passes: (as read, the word). An
    abbreviation (``อปท.``, its run followed by a full stop) is not judged."""
    for m in THAI_RUN.finditer(text):
        if text[m.end():m.end() + 1] == ".":
            continue
        pieces = [p for p, _ in segment(m.group(0), STRICT_COSTS)[1]]
        for a, b in zip(pieces, pieces[1:]):
            both = a + b
            if len(both) < LOOK_ALIKE_MIN or is_word(both):
                continue
            for k, ch in enumerate(both):
                other = LOOK_ALIKE_LETTERS.get(ch)
                if other and is_word(both[:k] + other + both[k + 1:]):
                    return both, both[:k] + other + both[k + 1:]
    return None


def enclosed_letters(enclosures: list[str]) -> list[dict]:
    """The letters the enclosures copy (``สำเนาหนังสือ… ที่ … ลงวันที่ …``), as references."""
    texts = [arabic_digits(e) for e in enclosures]
    return [reference_of(t) for t in texts if _CITES.search(t)]


def _latest_enclosed(enclosures: list[str]) -> str | None:
    """The latest date of a letter the enclosures copy."""
    return max((ref["date"] for ref in enclosed_letters(enclosures) if ref["date"]), default=None)


# a Thai word of two letters or more, then the same word after a space: OCR read it twice
# (``ปี ป ๒๕๖๗``, the lost vowel put back); a writer repeats a word with ๆ
_READ_TWICE = re.compile(r"(?<![ก-๎])([ก-๎]{2,}) \1(?![ก-๎])")


# a figure alone between a cited number and its date (``ว 2312 6 ลงวันที่``): a speck, or the
# number's last figure read apart
_LONE_FIGURE = re.compile(r"(?<=\d) \d (?=ลงวันที่|ลว\.)")
_STRAY_MARK = re.compile(r"[<>{}\[\]|~^\\]")


def _enclosure_in_doubt(text: str) -> bool:
    """An enclosure cut short (its count lost), with a figure alone after a cited number or a
    mark no one types in one (``ผู้ 2> สิทธิ``: a speck and a stroke), or citing a letter whose
    number or date does not read as one: no number, an agency code no table has, a unit code
    of fewer than four digits (``ชม 002.2``) or of six, no date."""
    text = arabic_digits(text)
    if not _COUNTED.search(text) or _LONE_FIGURE.search(text) or _STRAY_MARK.search(text):
        return True
    if not _CITES.search(text):
        return False
    ref = reference_of(text, repair=False)      # the text keeps the code as read
    return not (ref["date"] and _number_can_be(ref["doc_no"]))


def _number_can_be(no: str | None) -> bool:
    """A cited letter's number as an office could have it: an agency code the tables know,
    a unit code of four or five digits; five with a section after it only under ศธ (a
    school's ``ศธ ๐๔๒๗๗.๐๖๒``: elsewhere a digit read twice or one put in, ``มท 60808.2``)."""
    code, _, rest = (no or "").partition(" ")
    unit = re.match(r"(\d+)(\.\d)?", rest)
    return bool(rest and agencies.is_known(code) and unit and len(unit.group(1)) >= 4 and not _odd_unit(no)
                and not (len(unit.group(1)) == 5 and unit.group(2) and code != FIVE_DIGIT_SECTIONS))


FIVE_DIGIT_SECTIONS = "ศธ"   # the one agency whose five-digit units have sections (its schools)


def check_named(rec: dict, text: str) -> None:
    """References the letter's own words name (its ``อ้างถึง`` line, ``ตามหนังสือที่อ้างถึง``)
    that were not read, a stamp's number line (``เลขรับ ๑๐๐๕``) among the letter's own words
    when no stamp was read, and directives not numbered 1, 2, 3 … (an item lost or misread):
    flagged. (``ตามสิ่งที่ส่งมาด้วย`` may be the cited letter's enclosures: it proves nothing.)"""
    if not rec["references"] and "อ้างถึง" in "".join(text.split()):
        flag(rec, "references: named in the letter but not read")
    if not rec.get("receipts") and _STAMP_WORDS.search(text):
        flag(rec, "receipt: a stamp's number line read among other lines; the stamp not read")
    numbers = [arabic_digits(str(d.get("number") or "")) for d in rec["directives"]]
    if numbers and numbers != [str(i) for i in range(1, len(numbers) + 1)]:
        flag(rec, "directives: not numbered 1, 2, 3 (an item may be lost)")
    elif any(_item_lost_after(d) for d in rec["directives"]):
        flag(rec, "directives: an item's words lost, or the next item's run into it (an item may be lost)")


def check_stamp_lines(rec: dict, cells: list) -> None:
    """A letter with no stamp read whose head holds a stamp's time line alone (``เวลา ๑๕.๑๐
    น.``), its date line alone (``8 เม.ย. 64``; not the letter's own date, a memo's
    ``วันที่ ๑๕ ม.ค. ๖๗``) or, above its ``ที่`` line, the receiving office's name alone: its
    other lines were lost to the pen or the ink, and a letter with no stamp would be silent."""
    if rec.get("receipts"):
        return
    head = [c.text.strip() for c in cells[:STAMP_HEAD_CELLS]]
    own_date = rec.get("date_text") or None
    if any(STAMP_TIME.fullmatch(t) for t in head):
        flag(rec, "receipt: a stamp's time read, but not its number and date; the stamp not read")
    elif any(STAMP_DATE.fullmatch(t) and not (own_date and own_date in t) for t in head):
        flag(rec, "receipt: a stamp's date read, but not its number; the stamp not read")
    elif rec["kind"] in ("external", "stamped") and any(
            _OFFICE_ALONE.fullmatch(c.text.strip()) for c in marks.above_head(cells[:STAMP_HEAD_CELLS], found=True)):
        flag(rec, "receipt: a stamp's office read, but not its number and date; the stamp not read")


# an office's name alone on a line: above a letter's ที่ line (below the middle of it, the
# letter's own office is printed beside its ที่ or under it) it is a receipt stamp's first line
_OFFICE_ALONE = re.compile(r"(?:องค์การบริหารส่วน(?:ตำบล|จังหวัด)|เทศบาล(?:ตำบล|เมือง|นคร)|ที่ว่าการอำเภอ"
                           r"|ศาลากลางจังหวัด|สำนักงาน)[ก-๛]{2,}")


# how far down a letter's cells a stamp's lines are looked for: the stamp sits at its head
STAMP_HEAD_CELLS = 16


def _item_lost_after(item: dict) -> bool:
    """A directive with no words, or one ending in the next one's number alone (``…ถือปฏิบัติ
    ๒``): the next item's number read on this item's line and its words lost."""
    text = arabic_digits(item.get("text") or "").strip()
    number = arabic_digits(str(item.get("number") or ""))
    last = text.rpartition(" ")[2]
    return not text or (number.isdigit() and last == str(int(number) + 1))


# the reader's note of a line whose digits its line model read otherwise than Tesseract, the
# line kept as Tesseract read it (ingest/read/saraban.py): "page 5 line 3: doubtful digits
# 'เลขรับ ๑๖๘' in 'ง'"
_DOUBTED_DIGITS = re.compile(r"doubtful digits '(?P<read>[^']*)' in ")


def check_doubted_stamp(rec: dict, warnings: list[str]) -> None:
    """A letter with no stamp read, on a page where the digit model read a stamp's number line
    (``เลขรับ ๑๖๘``) that was not kept: a stamp is there and its number and date were lost."""
    if rec.get("receipts"):
        return
    for w in warnings:
        m = _DOUBTED_DIGITS.search(w)
        line = STAMP_NUMBER.match(m.group("read").strip()) if m else None
        if line and line.group("n"):
            flag(rec, f"receipt: a stamp's number read only in doubt ('{m.group('read')}'); the stamp not read")
            return


def _odd_unit(doc_no: str) -> bool:
    """A unit code no office has: six digits or more (units are 4 digits, a local office's 5:
    ``๐๒๐๖`` read ``๐๒๐๒๐๖``), or a local-administration office (``๐๐๒๓``) with a section
    number of three digits (its sections number the districts)."""
    m = re.match(r"^(?:\S+ )?(\d+)((?:\.\d+)*)/", doc_no)
    if not m:
        return False
    sections = m.group(2).split(".")[1:]
    return len(m.group(1)) >= 6 or (m.group(1) == agencies.LOCAL_ADMIN_UNIT
                                    and any(len(x) >= 3 for x in sections))
