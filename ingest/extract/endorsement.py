"""Endorsements (เกษียนหนังสือ): a forwarding note written on a received letter.

``ที่ ชม ๐๐๒๓.๑๗/ว ๑๑``, ``วันที่ ๒๒ ม.ค. ๖๗``, ``เรียน …``, a purpose (``เพื่อทราบ``…),
a signature, ``(name)`` and position. Each is a hop of the chain: a record of its own.
"""
from __future__ import annotations

import datetime as dt
import re

from ingest.extract.cells import Cell, beside
from ingest.extract.dates import ThaiDate, month_number, parse_date
from ingest.extract.header import addressees, find_doc_no, join_wrapped, recipients_of, starts_with
from ingest.extract.names import TITLE
from ingest.extract.signatory import find_signatory, is_name_cell
from ingest.extract.titles import TITLES, titles_repaired
from ingest.thai.dates import BE_OFFSET
from ingest.thai.digits import arabic_digits, hand_digits
from ingest.thai.normalize import MARKS, tolerant
from ingest.thai.patterns import TI_LABEL

_NUMBER = re.compile(r"[0-9๐-๙]\s?/[\sว().]{0,4}[0-9๐-๙]")    # ``๐๐๒๓.๑๖/ว ๗๐``, ``.๑๖/ว)ว ๗๐``
# ``ที่`` read as one or two other letters before an agency code and its number (``ท สย ๐๐๒๓.๑๖/ว)ว ๗๐``)
_MISREAD_TI = re.compile(r"^\S{1,2}\s[ก-ฮ]{2}\.?\s?[0-9๐-๙]{4}")
def _number_line(text: str) -> bool:
    """A note's ``ที่`` line whose number OCR garbled past reading (``ที่ ธุ% ๐๐๒๓, .๑๑/ง ๓๖๓``,
    ``ท สย ๐๐๒๓.๑๖/ว)ว ๗๐``): the label, or one or two letters for it, then digits."""
    return bool((TI_LABEL.match(text) or _MISREAD_TI.match(text)) and len(re.findall("[0-9๐-๙]", text)) >= 4)


# what the note asks: ``เพื่อทราบ``, ``เพื่อโปรดพิจารณาดำเนินการ``…, as a pen and OCR leave it
# (``เพื่อปรดทราบ``, ``เพื่อโปรูดพิจารณา``)
_AIMS = ("โปรด", "ทราบ", "พิจารณา", "ดำเนินการ", "ถือปฏิบัติ", "แจ้ง", "ประชาสัมพันธ์", "สั่งการ")
PURPOSE = re.compile(rf"^{tolerant('เพื่อ')}\s*(?:"
                     + "|".join(tolerant(w, opens=False, strays=True) for w in _AIMS) + ")")


def is_endorsement_start(c: Cell) -> bool:
    """``ที่`` + a number, ``วันที่`` + a date (an unnumbered note), or ``เรียน``."""
    if TI_LABEL.match(c.text) and find_doc_no(c.text) or _number_line(c.text):
        return True
    if len(c.text) < 40:
        d = parse_date(c.text)
        # "วันที่ 14 ก.พ. 63", or its label misread ("ay 14 ก.พ. 63"): a short line ending in a date
        if d and d.iso and (starts_with(c, "วันที่") is not None
                            or (d.start <= 8 and not c.text[d.end:].strip())):
            return True
    return starts_with(c, "เรียน") is not None


def endorsement_fields(cells: list[Cell], letter: dict | None = None) -> dict:
    """Fields of one endorsement block; values with the cells they came from, and ``flags``
    on those read in doubt. ``letter`` is the record of the letter it is written on."""
    letter = letter or {}
    letter_date = letter.get("date")
    out: dict = {"cells": {}, "flags": []}
    rec_parts: list[str] = []
    purpose_parts: list[str] = []
    state = None
    for c in cells:
        if is_name_cell(c):
            break
        if _number_line(c.text) or _NUMBER.search(c.text):
            out["number_printed"] = True      # a number was printed, read or not
        if TI_LABEL.match(c.text) and "doc_no" not in out:
            no = find_doc_no(c.text)
            if no:
                out["doc_no"], out["doc_no_text"] = no
                out["cells"]["doc_no"] = [c]
            d = parse_date(c.text[c.text.find("วันที่"):]) if "วันที่" in c.text else None
            if d:
                out["date"], out["cells"]["date"] = d, [c]
            state = None
        elif "วันที่" in c.text[:10] or (parse_date(c.text) and "date" not in out):
            d = parse_date(c.text)
            if d is None and "date" not in out:
                d = parse_date(hand_digits(c.text))     # pen digits read as letters
                if d and not d.problem:
                    d.problem = f"pen digits read as letters, taken as '{d.text}': check"
            if d and "date" not in out:
                out["date"], out["cells"]["date"] = _figures_beside(d, c.text), [c]
            state = None
        elif "date" not in out and not rec_parts and (cut := year_cut(c.text, letter_date)):
            out["date"], out["cells"]["date"] = cut, [c]
        elif starts_with(c, "เรียน") is not None:
            rec_parts = [starts_with(c, "เรียน")]
            out["cells"]["recipients"] = [c]
            state = "rec"
        elif PURPOSE.match(c.text):
            purpose_parts = [c.text]
            out["cells"]["purpose"] = [c]
            state = "purpose"
        elif state == "rec":
            rec_parts.append(c.text)
            out["cells"]["recipients"].append(c)
        elif state == "purpose":
            purpose_parts.append(c.text)
    _addressees(out, cells, rec_parts, letter)
    if purpose_parts:
        out["purpose"] = join_wrapped(purpose_parts)
    sig = find_signatory(cells)
    if sig:
        out["signatory"], out["cells"]["signatory"] = sig
        if not TITLE.match(sig[0].get("name") or ""):
            out["flags"].append("signatory: no title (นาย, นาง…) read before the name")
    return out


def _addressees(out: dict, cells: list[Cell], parts: list[str], letter: dict) -> None:
    """The note's salutation and addressees: after its เรียน, or where that was misread the
    lines above its purpose (flagged); places spelt as the letter under it prints them."""
    if not parts and out["cells"].get("purpose") and (lines := unlabelled_recipients(cells, out)):
        out["cells"]["recipients"] = lines
        parts = [c.text for c in lines]
        out["flags"].append("recipients: เรียน not read; the lines above the purpose taken as the addressees")
    if parts:
        out["salutation"] = titles_repaired(addressees(parts))
        out["recipients"] = recipients_of(out["salutation"])
        _spelt_as_printed(out, letter.get("recipients", []) + [
            s["receiver"] for s in letter.get("receipts", []) if s.get("receiver")])


# a pen's date whose year was cut or lost (``วั 21 มี.ค. 6``): its day and month, what is left
_CUT = re.compile(r"(?P<day>[0-9๐-๙]{1,2})\s*(?P<month>[ก-๛][ก-๛.\s]{1,11}?)\s*(?P<year>[0-9๐-๙]?)\s*$")


def year_cut(text: str, letter_date: str | None) -> ThaiDate | None:
    """A note's day and month with its year cut (``21 มี.ค. 6``): the year is the first on or
    after the letter's date (a note is written on a letter received) that fits what is left.

    >>> year_cut("วั 21 มี.ค. 6", "2023-03-10").iso, year_cut("๒ ม.ค.", "2023-12-28").iso
    ('2023-03-21', '2024-01-02')
    """
    m = _CUT.search(text)
    month = month_number(m.group("month")) if m else None
    if not (month and letter_date):
        return None
    left = arabic_digits(m.group("year"))
    for year in (int(letter_date[:4]), int(letter_date[:4]) + 1):
        try:
            day = dt.date(year, month, int(arabic_digits(m.group("day"))))
        except ValueError:
            return None
        if day.isoformat() >= letter_date and f"{(year + BE_OFFSET) % 100:02d}".startswith(left):
            return ThaiDate(day.isoformat(), m.group(0).strip(), year + BE_OFFSET,
                            "year cut off; taken from the letter it is written on: check",
                            m.start(), m.end())
    return None


def _figures_beside(d: ThaiDate, text: str) -> ThaiDate:
    """A date read from figures alone (``4.8. 62``) with more figures beside it on the line
    (``28 4.8. 62``: the day, then a month the pen wrote in letters read as figures) is in
    doubt."""
    if d.iso and not d.problem and not re.search("[ก-ฮ]", d.text) \
            and re.search("[0-9๐-๙]", text[:d.start] + text[d.end:]):
        return ThaiDate(d.iso, d.text, d.year_be, "read from figures with more figures beside them: check",
                        d.start, d.end)
    return d


_LABEL_LEFT = 5     # a misread label (แรยห for เรียน) is a few letters on its own


def unlabelled_recipients(cells: list[Cell], out: dict) -> list[Cell]:
    """A note's addressees when its เรียน was misread: the lines between its first line (the
    date or number, read or not, with what stands beside it) and its purpose, less the few
    letters left of the label."""
    before = cells[:cells.index(out["cells"]["purpose"][0])]
    if not before:
        return []
    first = (out["cells"].get("date") or out["cells"].get("doc_no") or before)[0]
    lines = [c for c in before if c is not first and not beside(c, first)]
    while lines and len(lines[0].text) <= _LABEL_LEFT and not re.search("[0-9๐-๙]", lines[0].text):
        lines = lines[1:]
    return lines


def _spelt_as_printed(out: dict, printed: list[str]) -> None:
    """A note's addressee with its place as the letter it is written on prints it (in its
    addressees, on its stamps): the pen and OCR drop marks (``โนนหน`` for โนนหัน) or add a
    letter, in a note to the office that received the letter. Only a fuller spelling is
    taken: OCR drops marks far more often than it adds them."""
    for i, name in enumerate(out["recipients"]):
        title = next((t for t in TITLES if _bare(name).startswith(_bare(t))), "")
        kind = _PLACE_AFTER.search(title)
        place = _after_letters(name, len(_bare(title))).strip()
        if not kind or len(_bare(place)) < _PLACE_LETTERS:
            continue
        better = {p.rsplit(kind.group(0), 1)[1].strip() for p in printed if kind.group(0) in p}
        better = [p for p in better if _fuller(p, place)]
        if len(better) == 1:
            out["recipients"][i] = title + better[0]
            out["salutation"] = out["salutation"].replace(name, title + better[0])


_PLACE_AFTER = re.compile("(ตำบล|อำเภอ|จังหวัด|เมือง|นคร)$")   # an office's type, then its place
_PLACE_LETTERS = 3      # a shorter place is too little to tell one office from another


def _bare(text: str) -> str:
    return re.sub(rf"[{MARKS}\s]", "", text)


def _after_letters(text: str, n: int) -> str:
    """What follows the first ``n`` letters of a text (marks and spaces not counted)."""
    for k, ch in enumerate(text):
        if n == 0 and ch not in MARKS:
            return text[k:]
        n -= ch not in MARKS and not ch.isspace()
    return ""


def _fuller(printed: str, read: str) -> bool:
    """The same letters with more marks, or a space OCR put inside, or the read one with a
    letter more (doubled or stray) and no marks fewer."""
    a, b = _bare(printed), _bare(read)
    marks = len(re.findall(f"[{MARKS}]", printed)) - len(re.findall(f"[{MARKS}]", read))
    if a == b:
        return marks > 0 or printed != read and printed.replace(" ", "") == read.replace(" ", "")
    return len(b) == len(a) + 1 and marks >= 0 and any(b[:k] + b[k + 1:] == a for k in range(len(b)))
