"""The head of a letter: kind, ที่ (reference number), issuer, date, เรื่อง, เรียน/ถึง.

Works on the cells of a letter (see cells.py), already normalized. Each finder returns the
value and the cells it came from, so the record can carry boxes and confidences.
"""
from __future__ import annotations

import re

from ..thai import agencies, lexicon
from ingest.extract.cells import Cell, speck
from ingest.extract.dates import ThaiDate, find_dates, parse_date
from ..thai.keys import doc_no_display
from ingest.thai.months import MONTHS, MONTHS_SHORT
from ingest.thai.patterns import D, DOC_NO, HEADING, TI_LABEL
from ingest.record import recipients_of  # noqa: F401 -- the addressee line read as the record reads it

LABELS = ("เรื่อง", "เรียน", "ถึง", "อ้างถึง", "สิ่งที่ส่งมาด้วย", "ส่วนราชการ")


def starts_with(cell: Cell, label: str) -> str | None:
    """The text after a field label at the start of a cell, or None."""
    t = cell.text
    if t.startswith(label) and (len(t) == len(label) or not "\u0e30" <= t[len(label)] <= "\u0e4e"):
        return t[len(label):].strip(" :")
    return None


def find_doc_no(text: str) -> tuple[str, str] | None:
    """(contract form, as printed) of the first reference number in a text.

    >>> find_doc_no("ที่ อต. ๐๐๒๓.๑๔/ว 1220")
    ('อต 0023.14/ว 1220', 'อต. ๐๐๒๓.๑๔/ว 1220')
    >>> find_doc_no("ที่ ชบ ๐๘๓๒.1/52")[0], find_doc_no("ที่ ๑๕๐/๒๕๖๓")[0]
    ('ชบ 0832.1/52', '150/2563')
    """
    m = DOC_NO.search(text)
    if not m:
        return None
    printed = m.group(0).strip()
    return doc_no_display(printed), printed


def _names_letter(text: str) -> bool:
    """A line citing a letter whose number went on to the next line (``อ้างถึง หนังสือจังหวัด…
    ด่วนที่สุด``): the ``ที่`` line under it is the cited number, not the letter's own."""
    return "หนังสือ" in text and find_doc_no(text) is None and incomplete(text)


def detect_kind(cells: list[Cell]) -> str:
    """external, memo, stamped, order, announcement or other, from the labels present."""
    top = [c.text for c in cells[:14]]
    # the memo heading is set large and bold and OCR often mangles it; its ส่วนราชการ line is
    # the memo's own label
    if any(t.startswith("บันทึกข้อความ") for t in top) or \
            any(starts_with(c, "ส่วนราชการ") is not None for c in cells[:14]):
        return "memo"
    for t in top[:8]:
        m = HEADING.match(t)
        if m:
            return {"ประกาศ": "announcement", "บันทึกข้อความ": "memo"}.get(m.group("h"), "order")
    has = {lab: any(starts_with(c, lab) is not None for c in cells[:40]) for lab in LABELS}
    has_ti = any(TI_LABEL.match(c.text) for c in cells[:20]) or recover_head_no(cells[:8]) is not None
    if has_ti and has["ถึง"] and not has["เรียน"]:
        return "stamped"
    # the close is near the end: a letter quoting a notice's close in its body is no notice
    closes = [m for m in map(_CLOSING_KIND.match, (c.text for c in cells[-CLOSE_CELLS:])) if m]
    if closes and not has["เรียน"] and not has["ถึง"]:
        # the heading misread (``Ana; จังหวัดขอนแก่น`` for คำสั่งจังหวัด…): an order or a notice
        # still closes with สั่ง or ประกาศ ณ วันที่, and is addressed to no one
        return "order" if closes[-1].group("order") else "announcement"
    if has_ti or has["เรียน"]:
        return "external"
    if has["เรื่อง"] and dated_subject(cells[:24]):
        return "external"     # ที่ and เรียน both misread: the head's date line stands above เรื่อง
    return "other"


def dated_subject(cells: list[Cell]) -> bool:
    """The head's own date line (a date and little else) just above the เรื่อง line."""
    j = next(i for i, c in enumerate(cells) if starts_with(c, "เรื่อง") is not None)
    for c in cells[max(0, j - 3):j]:
        found = find_dates(c.text)
        if found and len(found[0].text) >= 0.6 * len(c.text):
            return True
    return False


# the seal above an order's number, or a speck, read before ``ที่`` as a character or two that
# begin no word (``4 ที่``, ``ะ . ที่``), and a bracket after it (``ที่)๙๖/๒๕๖๓``)
_MARKED_TI = re.compile(r"^(?:[^\sก-ฮเ-ไ]{1,2}\s+)*ที่[)\]|]?\s*(?=[0-9๐-๙])")


def ti_cell(cells: list[Cell]) -> tuple[int, str] | None:
    """Index of the ``ที่`` cell in the head of the letter and the text after the label; the
    label also with a mark read before it where a reference number follows."""
    for i, c in enumerate(cells[:30]):
        m = TI_LABEL.match(c.text) or _MARKED_TI.match(c.text)
        if m and m.re is _MARKED_TI and not find_doc_no(c.text[m.end():]):
            continue
        if m and not (i and _names_letter(cells[i - 1].text)):
            return i, c.text[m.end():]
    return None


def find_date(cells: list[Cell], kind: str, after: int) -> tuple[ThaiDate, Cell] | None:
    """The letter's own date: its own line under the head, ``วันที่`` in a memo, or
    ``สั่ง/ประกาศ ณ วันที่`` at the close of an order or a notice."""
    if kind in ("order", "announcement"):
        for closing in (_CLOSING_DATE, _CLOSING_DATE_MISREAD):
            found = _closing_date(cells, closing)
            if found:
                return found
    if kind == "stamped":
        for c in reversed(cells):
            d = parse_date(c.text)
            if d and len(d.text) >= 0.6 * len(c.text):
                return d, c
    for c in cells[after:after + 12]:
        if starts_with(c, "เรื่อง") is not None or starts_with(c, "เรียน") is not None:
            break
        body = re.sub(r"^วันที่\s*", "", c.text)
        found = find_dates(body)
        if found and (c.text.startswith("วันที่") or len(found[0].text) >= 0.6 * len(body)):
            return found[0], c
    return None


# the close of an order or a notice, the marks of สั่ง maybe lost (``สัง ณ วันที่``); its kind
_ORDERED = "สั?่?ง"
_CLOSING_DATE = re.compile(rf"^({_ORDERED}|ประกาศ|ให้ไว้)\s*ณ\s*วันที่")
_CLOSING_KIND = re.compile(rf"^(?:(?P<order>{_ORDERED})|ประกาศ)\s*ณ\s*วันที่")
CLOSE_CELLS = 8    # an order's or a notice's close: its date, the signature, the position, a footer
# its first word misread (``49 ณ วันที่ …``, ``รัง ณ วันที่ …`` for สั่ง): a short word before
# ณ วันที่ on a line set in towards the middle, as the closing is, where a sentence is not
_CLOSING_DATE_MISREAD = re.compile(r"^\S{1,6}\s+ณ\s*วันที่")
CLOSING_LEFT = 0.3      # page widths from the page's left edge: past a paragraph's indent


def _closing_date(cells: list[Cell], closing: re.Pattern) -> tuple[ThaiDate, Cell] | None:
    for i, c in enumerate(cells):
        if closing.match(c.text) and (closing is _CLOSING_DATE or c.box[0] > CLOSING_LEFT * c.width):
            # the blanks of the form left wide gaps: a stamped or written date is read
            # as cells of its own on that row
            row = [c] + [d for d in cells[i + 1:i + 4] if d.page == c.page and d.row == c.row]
            d = parse_date(" ".join(x.text for x in row))
            if d:
                return d, c
    return None


def find_labelled(cells: list[Cell], label: str, start: int = 0, stop_labels=LABELS,
                  max_more: int = 2, centred: bool = False) -> tuple[str, list[Cell], int] | None:
    """The text of a labelled field, with up to ``max_more`` wrapped lines after it.

    ``centred``: the field is a centred heading (an order's เรื่อง): its wrapped lines are
    centred too, and a line that is not ends it.
    """
    for i in range(start, len(cells)):
        rest = starts_with(cells[i], label)
        if rest is None:
            continue
        used = [cells[i]]
        parts = [rest] if rest else []
        # a speck read as a cell of its own (``,``, or a letter far smaller than the type: ``อ``)
        # between two lines of the field is passed over
        following = [c for c in cells[i + 1:i + 4 + max_more]
                     if re.search(rf"[ก-ฮ{D}A-Za-z]", c.text) and not speck(c, cells[i])]
        for c in following[:max_more]:
            if any(starts_with(c, lab) is not None for lab in stop_labels) or TI_LABEL.match(c.text):
                break
            if centred and _heading_ends(used[-1], c):
                break
            if centred and _heading_goes_on(used[-1], c):
                parts.append(c.text)
                used.append(c)
                continue
            goes_on = continues(used[-1], c, bool(parts)) or (len(used) > 1 and aligned_under(used[-1], c))
            if not (goes_on and (not centred or _centred(c))):
                break
            parts.append(c.text)
            used.append(c)
        return (addressees(parts) if label in ("เรียน", "ถึง") else join_wrapped(parts)), used, i
    return None


# ปี (year) before a year's digits or ending ประจำปี, its ี lost (``อุทกภัย ป 2567``, ``ประจำป``);
# a word read twice over a line's join (``ปี ปี 2567``)
_YEAR_WORD = re.compile(rf"(?<![ก-\u0e4e])(ประจำ)?ป(?=\s?[{D}]{{4}}(?![{D}])|\s*$)|(?<=ประจำ)ป(?![ก-\u0e4e])")
_TWICE = re.compile(r"(?<![ก-\u0e4e])([ก-\u0e4e]{2,})\s\1(?![ก-\u0e4e])")


def year_word_restored(text: str) -> str:
    """A subject's ``ปี`` the way it is printed before a year and in ``ประจำปี``, and a word
    OCR read twice once."""
    text = _TWICE.sub(r"\1", text)
    return _YEAR_WORD.sub(lambda m: (m.group(1) or "") + "ปี", text)


def continues(prev: Cell, c: Cell, has_text: bool = True) -> bool:
    """Whether ``c`` is the wrapped continuation of a field line ``prev``: right under it,
    not a new paragraph (indented 2.5 cm), not a numbered item, and ``prev`` was long."""
    if c.page != prev.page or re.match(rf"^([{D}]+\s?[.)](?![{D}])|\(|ข้อ\s?[{D}])", c.text):
        return False
    if c.box[1] < (prev.box[1] + prev.box[3]) / 2:
        return False                       # beside the line, not under it (a speck, a mark)
    if incomplete(prev.text) or carried(c.text):
        return True
    if c.para_start:
        return False
    if not has_text:                       # the label stood alone on its line
        return True
    long_enough = prev.box[2] - prev.box[0] > 0.45 * max(c.width, 1) or prev.wrapped
    # a line breaks only where the next word no longer fits: if it fitted, the field ended
    fitted = prev.right and prev.right - prev.box[2] > c.first_word_width() + 0.01 * c.width
    return long_enough and c.indent > 0.03 and not fitted


def aligned_under(prev: Cell, c: Cell) -> bool:
    """``c`` starts where ``prev``, itself a wrapped line of the field, starts, right under it:
    the field's third line (``ตำบล ทุกแห่ง`` under ``สงขลา และนายกเทศมนตรี``), however short the
    line above looks; a paragraph's indent or a numbered item is not."""
    if c.page != prev.page or c.para_start or re.match(rf"^([{D}]+\s?[.)](?![{D}])|\(|ข้อ\s?[{D}])", c.text):
        return False
    height = max(prev.box[3] - prev.box[1], 1)
    return abs(c.box[0] - prev.box[0]) < 0.01 * max(c.width, 1) \
        and (prev.box[1] + prev.box[3]) / 2 < c.box[1] < prev.box[3] + 1.2 * height


# the urgency of a cited letter, printed between its issuer and its number: ``หนังสือจังหวัด…
# ด่วนที่สุด ที่ …`` (a line ending in it, or opening with it, is inside a citation)
_URGENT = r"ด่วน(?:ที่สุด|มาก)?"
# a local office's head is named with the office's place (นายกเทศมนตรีตำบลกลางดง, …ทุกแห่ง):
# the title alone is an addressee cut at the end of its line
BARE_HEAD = r"นายก(?:เทศมนตรี|องค์การบริหารส่วน)(?:ตำบล|เมือง|นคร|จังหวัด)?"
_OPEN_END = re.compile(rf"(ลงวันที่|ลว\.|ที่|/\s?ว|จำนวน|และ|หรือ|(?:\s|ที่)[ก-ฮ]{{2}}\.?|\s{_URGENT}|"
                       rf"(?:^|\s)(?:และ)?{BARE_HEAD}|"
                       rf"(?:ลงวันที่|ลว\.)\s?[{D}]{{1,2}})$")


# a cited date cut after its month (``ลงวันที่ ๑๕ พฤศจิกายน`` / ``๒๕๖๕ จำนวน ๑ ชุด``): its year is below
_MONTH_END = re.compile(rf"(?:ลงวันที่|ลว\.)\s?[{D}]{{1,2}}\s?(?:{'|'.join(MONTHS)}|{'|'.join(re.escape(m) for m in MONTHS_SHORT)})$")


_CARRIED = re.compile(rf"^([ก-ฮ]?ลงวันที่|ลว\.|จำนวน\s?[0-9๐-๙]|และ|หรือ|(?:{_URGENT})\s?ที่\s?[ก-ฮ])")


def carried(text: str) -> bool:
    """A line that cannot open a paragraph: it goes on with the line above (``ลงวันที่ …``
    under a cited number, ``จำนวน ๑ ชุด`` under an enclosure), however far it is indented."""
    return bool(_CARRIED.match(text.strip()))


def incomplete(text: str) -> bool:
    """A line that cannot end a field: ``… ลงวันที่``, ``… ที่ มท`` (``ที่มท``: the space lost), ``…/ว``."""
    return bool(_OPEN_END.search(text.strip()) or _MONTH_END.search(text.strip()))


_DETAILS = re.compile(r"^\(\s?รายละเอียด")
# the words the first paragraph of a notice or an order opens with
_OPENS_BODY = re.compile(r"^(ด้วย|เพื่อให้|โดยที่|อาศัยอำนาจ|ตามที่|เนื่องจาก|บัดนี้)")


def _heading_ends(prev: Cell, c: Cell) -> bool:
    """A blank line under a notice's centred เรื่อง ends it (scans only: plain text has no
    line heights to measure a blank line by)."""
    return not c.grid and c.page == prev.page \
        and c.box[1] - prev.box[3] > 0.8 * max(prev.box[3] - prev.box[1], 1)


def _heading_goes_on(prev: Cell, c: Cell) -> bool:
    """A notice's centred เรื่อง runs on: under a line that ran to the margin or cannot end,
    or its ``(รายละเอียดตามแบบ … กำหนด)``; a paragraph's indent ends it."""
    if c.page != prev.page or c.box[1] < (prev.box[1] + prev.box[3]) / 2:
        return False
    if _DETAILS.match(c.text):
        return True
    if c.para_start or _OPENS_BODY.match(c.text):
        return False
    return incomplete(prev.text) or (prev.wrapped and not c.grid)


def _centred(c: Cell) -> bool:
    return c.width > 0 and abs((c.box[0] + c.box[2]) / 2 - c.width / 2) < 0.06 * c.width \
        and c.indent > 0.05


_CODE_OPENS = re.compile(rf"^[ก-ฮ]{{2,3}}\.?\s?[{D}]")
_NUMBER_OPENS = re.compile(rf"^(?:{_URGENT}\s)?ที่\s?[ก-ฮ]{{2,3}}\.?\s?[{D}]")
_NUMBER_GOES_ON = re.compile(rf"[{D}]\s?/$")


def join_wrapped(parts: list[str], space_before: tuple[str, ...] = ()) -> str:
    """Join lines of one wrapped field: Thai breaks inside a phrase carry no space.

    ``space_before``: words a line break stands before with a space (``และ`` in a list of
    addressees, ``ทุกแห่ง``).
    """
    out = ""
    for p in parts:
        p = p.strip()
        if not out:
            out = p
        elif _NUMBER_GOES_ON.search(out) or (p.startswith("/") and re.search(rf"[{D}]$", out)):
            out += p                 # a reference number broken at its slash: ``๐๐๒๓.๕/`` ``ว ๙๓๐``
        elif _NUMBER_OPENS.match(p) or (out.endswith(" ที่") and _CODE_OPENS.match(p)):
            out += " " + p           # ``… ด่วนมาก`` / ``ที่ มท …``, ``… ที่`` / ``มท ๐๘๑๖.๓/ว …``
        elif p.startswith(space_before) if space_before else False:
            out += " " + p
        elif re.search(r"[ก-ฮ\u0e30-\u0e4e]$", out) and re.match(r"^[ก-ฮ\u0e30-\u0e4e]", p):
            out = lexicon.seam(out, p)     # a letter read on both sides of the break, once
        else:
            out += " " + p
    return out


_SPACED_AND = re.compile(r"(?<!\S)และ\s+(?=[ก-ฮเ-ไ])")      # ``และ นายก…``: OCR's space after และ
_LOST_AND = re.compile(r"(?<!\S)แะ(?=\s?[ก-ฮเ-ไ])")            # ``แะนายก…``: และ, its ล lost (no word is แะ)
_LONE_SPECK = re.compile(r"(?<=\s)[.,'`|]+(?=[ก-ฮเ-ไ])|\s[.,'`|]+(?=\s)"    # `` .ทุกแห่ง``, `` , ``
                         r"|(?<=[ก-\u0e4e]),(?=\s)|[\s,'`|]+$"                 # ``ตำบล, ทุกแห่ง``, ``…จังหวัด,``
                         r"|(?<=[ก-\u0e4e]{5})\s*\.$")     # ``ทุกแห่ง.``: no abbreviation (``อบต.``) is so long


def addressees(parts: list[str]) -> str:
    """The lines of a เรียน/ถึง field as one salutation: a line break before ``และ`` and
    ``ทุก…`` is a space; ``และ`` is printed against the addressee it adds (``แะ`` is และ with its
    ล lost), and a speck read before a word or between two is not part of it.

    >>> addressees(["นายอำเภอ ทุกอำเภอ แะนายกองค์การบริหารส่วนจังหวัดขอนแก่น"])
    'นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัดขอนแก่น'
    """
    text = _LOST_AND.sub("และ", join_wrapped(parts, ("และ", "ทุก")))
    return " ".join(_SPACED_AND.sub("และ", _LONE_SPECK.sub("", text)).split())


def issuer_of(cells: list[Cell], kind: str, ti: int | None, code: str | None) -> tuple[str | None, Cell | None]:
    """Who issued it: the office beside ``ที่``, ``ส่วนราชการ``, or the order's heading."""
    if kind == "memo":
        got = find_labelled(cells, "ส่วนราชการ", max_more=0)
        if got:
            return got[0], got[1][0]
    if kind in ("order", "announcement"):
        for i, c in enumerate(cells[:8]):
            m = HEADING.match(c.text)
            if m and len(c.text) > m.end("h") + 1:
                name = c.text[m.end("h"):].strip()
                nxt = cells[i + 1] if i + 1 < len(cells) else None
                if nxt is not None and _NAME_GOES_ON.search(name) and nxt.page == c.page \
                        and starts_with(nxt, "เรื่อง") is None and not TI_LABEL.match(nxt.text) \
                        and re.fullmatch(r"[ก-๛]{2,30}", nxt.text):
                    name = join_wrapped([name, nxt.text])   # ``…ส่วนตำบล`` / ``ไทรย้อย``
                return name, c
    if ti is not None:
        head = cells[ti]
        m = DOC_NO.search(head.text)
        rest = head.text[m.end():].strip() if m else ""
        if kind != "memo" and re.match(r"^[ก-ฮ\u0e40-\u0e44]", rest) and "วันที่" not in rest:
            return rest, head
        for c in cells[ti + 1:ti + 4]:
            if c.row == head.row and c.page == head.page and c.x > head.box[2]:
                return c.text, c
        for c in cells[ti + 1:ti + 3]:
            if c.x > head.box[2] and not find_dates(c.text):
                return c.text, c
    if code and agencies.lookup(code):
        return agencies.lookup(code), None
    return None, None


# an office's name broken at the line's end, its place name on the next line
_NAME_GOES_ON = re.compile(r"(ส่วนตำบล|ส่วนจังหวัด|เทศบาลตำบล|เทศบาลเมือง|เทศบาลนคร|ตำบล|อำเภอ|จังหวัด)$")


_GARBLED_HEAD = re.compile(
    rf"^(?P<junk>[^{D}]{{0,14}}?)\s*(?P<unit>[{D}]{{2,6}}(?:\s?\.\s?[{D}]{{1,3}})*)\s?/\s?"
    rf"(?:\)?(?P<w>[ว29)])[)ก-ฮ]?\s?(?=[{D}]))?(?P<run>[{D}]+)(?![{D}])")
_CODE_BEFORE_POSTCODE = re.compile(rf"(?<![ก-๛])([ก-ฮ]{{2}})\.?\s?[{D}]{{5}}(?![{D}])")


def recover_head_no(cells: list[Cell]) -> tuple[str, str, list[str], Cell] | None:
    """A head ``ที่`` line OCR mangled (``NUN ๐๒๐๒๐.๒/ว ๕๑๐๕``, ``fi an 0023.4/2 987``):
    the number from its digits, the agency code from what the junk still shows, else from
    the office's address (``ถนนประชานิมิตร อต 53000``) or name. Returns (display, printed,
    flags, cell)."""
    for i, c in enumerate(cells[:14]):
        if starts_with(c, "เรื่อง") is not None:
            break
        m = _GARBLED_HEAD.match(c.text)
        if not m or c.indent > 0.03 or len(m.group("junk").strip()) > 12:
            continue
        flags = []
        code = next((w.rstrip(".") for w in m.group("junk").split()
                     if agencies.is_known(w.rstrip("."))), None)
        if code is None:
            code = code_from_office(cells[i:i + 5])
            flags.append(f"doc_no: agency code not read; '{code}' taken from the office address"
                         if code else "doc_no: agency code not read")
        circ = "ว " if m.group("w") else ""
        if m.group("w") and m.group("w") != "ว":
            flags.append(f"doc_no: '{m.group('w')}' after the slash read as ว")
        printed = f"{code + ' ' if code else ''}{m.group('unit')}/{circ}{m.group('run')}"
        return doc_no_display(printed), printed, flags, c
    return None


def code_from_office(cells: list[Cell]) -> str | None:
    """The agency code of the office whose address or name the cells hold: a code before a
    postcode, a ministry's or department's name, or a province."""
    for c in cells:
        for m in _CODE_BEFORE_POSTCODE.finditer(c.text):
            if agencies.is_known(m.group(1)):
                return m.group(1)
    for c in cells:
        for code, name in agencies.MINISTRIES.items():
            if name in c.text:
                return code
        for name, code in agencies.DEPARTMENTS.items():
            if name in c.text:
                return code
        m = re.search(r"จังหวัด([ก-๛]+)", c.text)
        if m and agencies.province_code(m.group(1)):
            return agencies.province_code(m.group(1))
    return None
