"""Endorsements (เกษียนหนังสือ): a forwarding note written on a received letter.

``ที่ ชม ๐๐๒๓.๑๗/ว ๑๑``, ``วันที่ ๒๒ ม.ค. ๖๗``, ``เรียน …``, a purpose (``เพื่อทราบ``…),
a signature, ``(name)`` and position. Each is a hop of the chain: a record of its own.
"""
from __future__ import annotations

import re

from ingest.extract.cells import Cell
from ingest.extract.dates import parse_date
from ingest.extract.header import addressees, find_doc_no, join_wrapped, recipients_of, starts_with
from ingest.extract.signatory import find_signatory, is_name_cell
from ingest.extract.titles import titles_repaired
from ingest.thai.digits import hand_digits
from ingest.thai.normalize import tolerant
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


def endorsement_fields(cells: list[Cell]) -> dict:
    """Fields of one endorsement block; values with the cells they came from."""
    out: dict = {"cells": {}}
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
                out["date"], out["cells"]["date"] = d, [c]
            state = None
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
    if rec_parts:
        out["salutation"] = titles_repaired(addressees(rec_parts))
        out["recipients"] = recipients_of(out["salutation"])
    if purpose_parts:
        out["purpose"] = join_wrapped(purpose_parts)
    sig = find_signatory(cells)
    if sig:
        out["signatory"], out["cells"]["signatory"] = sig
    return out
