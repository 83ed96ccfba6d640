"""One segment (a letter or an endorsement) → one record."""
from __future__ import annotations

import dataclasses
import datetime as dt

import re

from ..thai import agencies
from ingest.extract import body, header, marks, receipt
from ingest.extract.cells import Cell, beside, close_up
from ingest.extract.checks import UNSURE, check_addressees_left, check_marks, check_named, check_record, check_stamp_lines
from ingest.extract.dates import day_and_month, parse_date
from ingest.extract.endorsement import endorsement_fields
from ingest.extract.signatory import find_signatory
from ingest.extract.titles import classes_checked, places_checked, strays_cut, titles_repaired
from ingest.record import new_record, recipients_of
from ingest.thai.dates import BE_OFFSET


def _mark(rec: dict, name: str, cells: list[Cell] | None, certainty: float = 1.0) -> None:
    """Record where a field was read and how sure the reading is."""
    cells = [c for c in (cells or []) if c is not None]
    if not cells:
        rec["confidence"][name] = round(certainty * 0.5, 2)
        return
    page = cells[0].page
    same = [c for c in cells if c.page == page]
    box = [min(c.box[0] for c in same), min(c.box[1] for c in same),
           max(c.box[2] for c in same), max(c.box[3] for c in same)]
    rec["boxes"][name] = {"page": page, "box": box}
    conf = sum(c.conf for c in cells) / len(cells)
    rec["confidence"][name] = round(conf * certainty, 2)
    words = [w.conf / 100 for c in cells for w in c.words if w.text.strip()]
    if words:    # the weakest word read, for the calibrated doubt (extract.doubt)
        weakest = rec.setdefault("_weakest", {})
        weakest[name] = min(words + [weakest.get(name, 1.0)])
    if name in _WORDS_CHECKED:
        weak = [w for c in cells for w in c.words if w.text.strip() and w.conf < WEAK_WORD]
        if weak:   # a mean hides one misread word (a number of a list read '2.9' at 39)
            rec["flags"].append(f"{name}: '{weak[0].text}' read with low confidence ({weak[0].conf:.0f})")


# fields whose cells hold only the field: one word the engine doubts puts the whole in doubt
_WORDS_CHECKED = ("subject", "recipients", "signatory")
WEAK_WORD = 50.0   # Tesseract's word confidence (0-100)


def _set_doc_no(rec: dict, text: str | None, cell: Cell | None) -> None:
    no = header.find_doc_no(text or "")
    if not no:
        return
    rec["doc_no"], rec["doc_no_text"] = no
    code = rec["doc_no"].split(" ")[0] if " " in rec["doc_no"].split("/")[0] else None
    rec["issuer_code"] = rec["_agency"] = code  # the contract's issuer_code is the agency code: "มท"
    _mark(rec, "doc_no", [cell])


def _code_from_office(rec: dict, text: str, cells: list[Cell]) -> None:
    """A letter's number read without its agency code (``ที่ AV ๐๐๒๓.๑๕/ว ๑๔๕``: the code
    read as Latin letters, or lost): the code from the office's address or name, flagged."""
    before = text[:text.find(rec["doc_no_text"])] if rec["doc_no_text"] in text else ""
    if re.search(r"[ก-ฮ]{2}", before):
        return                      # Thai letters there: a code OCR misspelt, not a lost one
    code = header.code_from_office(cells)
    if not code:
        rec["flags"].append("doc_no: agency code not read")
        return
    rec["doc_no"] = f"{code} {rec['doc_no']}"
    rec["issuer_code"] = rec["_agency"] = code
    rec["flags"].append(f"doc_no: agency code not read; '{code}' taken from the office address")
    rec["confidence"]["doc_no"] = round(rec["confidence"].get("doc_no", 1.0) * 0.5, 2)


def _set_date(rec: dict, found) -> None:
    if not found:
        return
    d, cell = found
    rec["date"], rec["date_text"] = d.iso, d.text
    if d.problem:
        rec["flags"].append(f"date: {d.problem} ('{d.text}')")
        if d.problem.startswith("day missing"):
            rec["_date_line"] = cell.text     # what stood in the day's place, for the footer
    _mark(rec, "date", [cell], 0.5 if d.problem else 1.0)


def _day_of(rec: dict) -> tuple[int | None, int, int] | None:
    """(Buddhist-Era year or None, month, day) of the letter's date, also when its year
    was misread (then None)."""
    if rec["date"]:
        return int(rec["date"][:4]) + BE_OFFSET, int(rec["date"][5:7]), int(rec["date"][8:10])
    got = day_and_month(rec["date_text"] or "")
    return (None, *got) if got else None


def extract_segment(seg, owner: dict | None, pages, today: dt.date) -> dict:
    rec = new_record()
    rec["source"]["pages"] = list(seg.pages)
    cells: list[Cell] = list(seg.cells)
    if seg.kind == "endorsement":
        _endorsement(rec, cells, owner)
    else:
        _letter(rec, cells, today)
    _places(rec)
    check_record(rec, today)
    rec.pop("_agency", None)
    rec.pop("_number_printed", None)
    return rec


def _places(rec: dict) -> None:
    """The addressees without what OCR read against them, and the classes and places they are
    named by, against the closed list of classes and the gazetteer."""
    text, flags = strays_cut(rec["salutation"] or "")
    for check in (classes_checked, places_checked):
        text, more = check(text)
        flags += more
    if text != (rec["salutation"] or ""):
        rec["salutation"], rec["recipients"] = text, recipients_of(text)
    rec["flags"].extend(flags)


def _letter(rec: dict, cells: list[Cell], today: dt.date) -> None:
    stamps, cells = _receipts(rec, cells)
    kind = header.detect_kind(cells)
    rec["kind"] = kind
    if kind == "other":
        rec["flags"].append("kind: no letter head found; registered with what could be read")
    _marks(rec, cells)
    ti_idx = _number(rec, cells, kind)
    if rec["date"] is None and not any(f.startswith("date") for f in rec["flags"]):
        _set_date(rec, header.find_date(cells, kind, ti_idx + 1 if ti_idx is not None else 0))
    if stamps:
        receipt.complete_dates(stamps, _day_of(rec), today)
        rec["receipt"] = receipt.latest(stamps)
    issuer, icell = header.issuer_of(cells, kind, ti_idx, rec.get("_agency"))
    rec["issuer"] = issuer
    _mark(rec, "issuer", [icell], 1.0 if icell else 0.6)
    subj = _labelled(rec, cells, kind)
    _body(rec, cells)
    if kind in ("order", "announcement") and not subj:
        _titled(rec)


def _receipts(rec: dict, cells: list[Cell]) -> tuple[list[dict], list[Cell]]:
    """The receipt stamps on the letter, and its cells without theirs."""
    stamps, stamp_ids = receipt.find_receipts(cells)
    for st in stamps:
        _mark(rec, "receipt", st.pop("_cells"))
    rec["receipts"] = stamps
    rec["receipt"] = receipt.latest(stamps)
    return stamps, [c for c in cells if id(c) not in stamp_ids]


def _marks(rec: dict, cells: list[Cell]) -> None:
    """Urgency and secrecy; a mark OCR garbled is taken and flagged."""
    for name, found in (("urgency", marks.find_urgency(cells)), ("secrecy", marks.find_secrecy(cells))):
        if found:
            rec[name] = found[0]
            _mark(rec, name, [found[1]])
    guess = marks.misread_mark(cells)
    if (guess is None or rec[guess[0]] is not None) and rec["secrecy"] is None:
        stamp = marks.misread_secrecy(cells)        # ลบ at the foot of a page
        guess = ("secrecy", *stamp) if stamp else None
    if guess and rec[guess[0]] is None:
        which, value, cell = guess
        rec[which] = value
        # the clerk sees the mark's box on the page; the flag's wording is one the web knows
        rec["flags"].append(UNSURE.format(which))
        _mark(rec, which, [cell], 0.5)
    check_marks(rec, cells)


def _number(rec: dict, cells: list[Cell], kind: str) -> int | None:
    """The letter's number from its ``ที่`` line (a memo's date beside it), or recovered from a
    head whose ที่ was misread; the index of the number's cell."""
    ti = header.ti_cell(cells)
    if ti:
        ti_idx, line = ti
        text = line.split("วันที่")[0]
        _set_doc_no(rec, text, cells[ti_idx])
        if rec["doc_no"] is None:
            _recovered(rec, header.recover_head_no(cells[ti_idx:ti_idx + 5]))
        first = ti_idx      # the office beside ที่ may be read a hair higher, before it
        while first > 0 and beside(cells[first - 1], cells[ti_idx]):
            first -= 1
        if rec["doc_no"] and rec["issuer_code"] is None and kind in ("external", "stamped", "memo"):
            _code_from_office(rec, text, cells[first:ti_idx + 5])
        elif rec["issuer_code"] and not agencies.is_known(rec["issuer_code"]):
            _code_misread(rec, cells[first:ti_idx + 5])
        if kind == "memo" and "วันที่" in line:
            d = parse_date(line[line.index("วันที่"):])
            _set_date(rec, (d, cells[ti_idx]) if d else None)
        return ti_idx
    if kind not in ("external", "stamped", "memo"):
        return None
    got = header.recover_head_no(cells)
    _recovered(rec, got)
    return cells.index(got[3]) if got else None


def _recovered(rec: dict, got: tuple | None) -> None:
    """A number recovered from a ``ที่`` line OCR mangled (``header.recover_head_no``)."""
    if not got:
        return
    rec["doc_no"], rec["doc_no_text"], flags, cell = got
    head = rec["doc_no"].split("/")[0]
    rec["issuer_code"] = rec["_agency"] = head.split(" ")[0] if " " in head else None
    rec["flags"].extend(flags)
    _mark(rec, "doc_no", [cell], 0.5)


def _code_misread(rec: dict, cells: list[Cell]) -> None:
    """An agency code no table knows, one letter from the code of the office whose address
    or name stands beside the number (``ชป`` beside ศาลากลางจังหวัดชลบุรี): that code, flagged."""
    read, office = rec["issuer_code"], header.code_from_office(cells)
    if not office or not agencies.misread_as(read, office):
        return
    rec["doc_no"] = f"{office} {rec['doc_no'].partition(' ')[2]}"
    rec["issuer_code"] = rec["_agency"] = office
    rec["flags"].append(f"doc_no: agency code read '{read}'; '{office}' taken from the office address")


def _labelled(rec: dict, cells: list[Cell], kind: str):
    """เรื่อง and เรียน/ถึง, with the spaces OCR put inside a phrase taken out; the subject found."""
    heading = kind in ("order", "announcement")
    if heading:
        rec["salutation"] = ""
    subj = header.find_labelled(cells, "เรื่อง", max_more=4 if heading else 2, centred=heading)
    if subj:
        rec["subject"] = header.year_word_restored(close_up(subj[0], subj[1]))
        _mark(rec, "subject", subj[1])
    to = header.find_labelled(cells, "ถึง" if kind == "stamped" else "เรียน")
    if not to and subj and kind in ("external", "memo"):
        to = _label_lost(cells, subj[1][-1])
    if to:
        rec["salutation"] = titles_repaired(close_up(to[0], to[1]))
        rec["recipients"] = header.recipients_of(rec["salutation"])
        _mark(rec, "recipients", to[1])
        check_addressees_left(rec, cells, to[1])
    return subj


# the addressees of a letter begin with the title of an office's head
_ADDRESSEE = re.compile(r"^(ผู้ว่าราชการ|นายก|นายอำเภอ|ปลัด|อธิบดี|ผู้อำนวยการ|ท้องถิ่น|หัวหน้า|"
                        r"เลขาธิการ|ประธาน|รัฐมนตรี|คณบดี|อธิการบดี|ผู้บัญชาการ|ผู้กำกับ)")
# what OCR leaves of a เรียน whose first letters it lost (``ยน``, ``5 ยน``, ``รยน``)
_TO_LEFT = re.compile(r"^(?:\S\s)?[เร]{0,2}\u0e35?ยน\s+")


def _label_lost(cells: list[Cell], last_subject: Cell):
    """เรียน with its first letters lost, on the line right under the subject and followed
    by an office head's title: read as the salutation it is (as ``find_labelled`` gives it)."""
    i = cells.index(last_subject) + 1
    if i >= len(cells) or not (m := _TO_LEFT.match(cells[i].text)) or not _ADDRESSEE.match(cells[i].text[m.end():]):
        return None
    relabelled = dataclasses.replace(cells[i], text="เรียน " + cells[i].text[m.end():])
    return header.find_labelled(cells[:i] + [relabelled] + cells[i + 1:], "เรียน", start=i)


def _body(rec: dict, cells: list[Cell]) -> None:
    """References, enclosures, numbered directives and the signatory."""
    refs, rcells = body.find_references(cells)
    rec["references"] = refs
    if refs:
        _mark(rec, "references", rcells)
    encl, ecells, damaged = body.find_enclosures(cells)
    rec["enclosures"] = encl
    if encl:
        _mark(rec, "enclosures", ecells)
    if damaged:     # the marks OCR spoilt in the count may have struck the cited number too
        rec["flags"].append("enclosures: the count's letters repaired from the reading")
    start = body.body_start(cells)
    skip = {id(c) for c in rcells + ecells}
    rec["directives"], dcells = body.find_directives(cells, start, skip)
    if rec["directives"]:
        _mark(rec, "directives", dcells)
    check_named(rec, " ".join(c.text for c in cells))
    check_stamp_lines(rec, cells)
    sig = find_signatory(cells, start)
    if sig:
        rec["signatory"] = sig[0]
        _mark(rec, "signatory", sig[1])


# what an issuing body's name begins with (a notice's heading that does not is its title)
_BODY = re.compile(r"^(กระทรวง|กรม|สำนัก|จังหวัด|อำเภอ|องค์การ|เทศบาล|คณะ|มหาวิทยาลัย|กอง|ศูนย์|"
                   r"โรงเรียน|โรงพยาบาล|สถาบัน|สถานี|วิทยาลัย|ศาล|สภา|ธนาคาร|อบ[ตจ]|[ก-ฮ]{1,2}\.|"
                   r"การ(?:ไฟฟ้า|ประปา|ท่าเรือ))")
# the head of an office, before the office's name in a signatory's position
_HEAD_OF = re.compile(r"^(คณบดี|อธิการบดี|ผู้อำนวยการ|ผู้ว่าราชการ|นายก|ปลัด|อธิบดี|เลขาธิการ|ประธาน)")


def _titled(rec: dict) -> None:
    """A notice titled ``ประกาศรับสมัคร…`` (no เรื่อง line, no issuer in its heading): the
    title is its subject, the issuer the office its signatory heads; both flagged."""
    issuer = rec["issuer"] or ""
    if not issuer or _BODY.match(issuer):
        return
    rec["subject"] = issuer
    rec["flags"].append("subject: no เรื่อง line; taken from the heading")
    position = ((rec["signatory"] or {}).get("position") or "").split(" ")[0]
    m = _HEAD_OF.match(position)
    office = position[m.end():] if m else ""
    rec["issuer"] = office if _BODY.match(office) else None
    rec["flags"].append("issuer: taken from the signatory's position" if rec["issuer"] else "issuer: not found")
    rec["confidence"]["issuer"] = 0.5


def _endorsement(rec: dict, cells: list[Cell], owner: dict | None) -> None:
    rec["kind"] = "endorsement"
    f = endorsement_fields(cells, owner)
    rec["flags"] += f["flags"]
    rec["_number_printed"] = f.get("number_printed", False)
    if "doc_no" in f:
        _set_doc_no(rec, f["doc_no_text"], f["cells"]["doc_no"][0])
    if "date" in f:
        _set_date(rec, (f["date"], f["cells"]["date"][0]))
    if f.get("salutation"):
        rec["salutation"], rec["recipients"] = f["salutation"], f["recipients"]
        _mark(rec, "recipients", f["cells"]["recipients"])
    if f.get("purpose"):
        rec["purpose"] = f["purpose"]
        _mark(rec, "purpose", f["cells"]["purpose"])
    if f.get("signatory"):
        rec["signatory"] = f["signatory"]
        _mark(rec, "signatory", f["cells"]["signatory"])
        rec["issuer"] = f["signatory"].get("position")
    office = _endorsing_office(owner, rec["date"], rec["salutation"] or "",
                               (rec["signatory"] or {}).get("position") or "")
    if office:
        rec["issuer"] = office
    if rec["issuer"] is None and rec.get("_agency"):
        rec["issuer"] = agencies.lookup(rec["_agency"])


_SEAT = re.compile(r"^(ที่ว่าการ|สำนักงาน|ศาลากลาง)")
_HEADS = ("นายก", "ผู้ว่าราชการ", "ผู้อำนวยการ", "หัวหน้า", "ปลัด")


def _core(office: str) -> str:
    """The office without the word for its building: ที่ว่าการอำเภอแม่ริม → อำเภอแม่ริม."""
    return _SEAT.sub("", office).strip()


def _heads(recipient: str, office: str) -> bool:
    """The addressee is the head of that office itself (นายกองค์การ…, นายอำเภอ…)."""
    core = _core(office)
    if not core or not recipient.endswith(core):
        return False
    title = recipient[:-len(core)].strip()
    return title in _HEADS or (title == "นาย" and core.startswith("อำเภอ"))


def _unit(position: str, office: str) -> str | None:
    """The signer's unit within the office: หัวหน้าสำนักปลัด → สำนักปลัด; the ปลัด of a local
    office heads its สำนักปลัด; ผู้อำนวยการกองคลัง → กองคลัง."""
    core = _core(office)
    pos = position.split(" ")[0]
    if core and pos.endswith(core):
        pos = pos[:-len(core)]
    if pos == "ปลัด":
        return "สำนักปลัด"
    m = re.match(r"^(?:หัวหน้า|ผู้อำนวยการ)((?:สำนัก|กอง|ฝ่าย|กลุ่มงาน|งาน)\S+)$", pos)
    return m.group(1) if m else None


def _endorsing_office(owner: dict | None, date: str | None, to: str, position: str) -> str | None:
    """The office that wrote an endorsement is the one that received the letter: the receiver
    of the latest stamp on it dated no later than the endorsement (a later stamp is the next
    office's, which the note forwards it to). A note to the head of that same office comes
    from a unit inside it: that unit, then the office."""
    stamps = [s for s in (owner or {}).get("receipts", []) if s.get("receiver")]
    if date:
        before = [s for s in stamps if s.get("date") and s["date"] <= date]
        stamps = before or [s for s in stamps if not s.get("date")]
    else:
        stamps = [s for s in stamps if not _addressed(s["receiver"], to)] or stamps
    if not stamps:
        return None
    office = max(stamps, key=lambda s: s.get("date") or "")["receiver"] if date else stamps[0]["receiver"]
    if any(_heads(r.strip(), office) for r in to.split(" และ")):
        unit = _unit(position, office)
        return f"{unit} {office}" if unit else office
    return office


def _addressed(receiver: str, to: str) -> bool:
    """The stamp is that of an office the note is addressed to (not its head: its office)."""
    core = _core(receiver)
    return bool(core) and core in to and not _heads(to.strip(), receiver)
