"""The body of a letter: อ้างถึง (references), สิ่งที่ส่งมาด้วย (enclosures), numbered directives."""
from __future__ import annotations

import re

from ingest.extract.cells import Cell, beside, close_up, few_characters, runs_on, speck
from ingest.extract.dates import find_dates
from ingest.extract.header import (LABELS, carried, continues, find_doc_no, incomplete,
                                   join_wrapped, starts_with)
from ingest.thai import agencies
from ingest.thai.digits import arabic_digits
from ingest.thai.patterns import D, TI_GLUED, TI_LABEL, UNIT_FIRST

ITEM = re.compile(rf"^(?:ข้อ\s*(?P<k>[{D}]+)|\((?P<p>[{D}]+)\)|(?P<d>[{D}]+)\s?\.(?![{D}]))\s*")
CLOSING = re.compile(r"^(จึงเรียนมา|จึงเรียน|ขอแสดงความนับถือ|จึงประกาศ|จึงแจ้ง|ทั้งนี้\s*ตั้งแต่|"
                     r"สั่ง\s*ณ|ประกาศ\s*ณ|ให้ไว้\s*ณ)")


def labelled_items(cells: list[Cell], label: str, start: int = 0) -> tuple[list[str], list[Cell]]:
    """The items of a labelled list (one, or numbered ``1. … 2. …``), wrapped lines joined."""
    for i in range(start, min(len(cells), start + 60)):
        if _paragraph(cells, i):          # the body has begun: labels in it are words
            break
        rest = starts_with(cells[i], label)
        if rest is None:
            continue
        items: list[list[str]] = [[rest]] if rest else []
        used = [cells[i]]
        prev = cells[i]
        for c in cells[i + 1:i + 12]:
            if not re.search(rf"[ก-ฮ{D}A-Za-z]", c.text) or speck(c, prev):
                continue                  # a speck read as a cell of its own (``,``, ``กา``)
            if beside(prev, c) and few_characters(c):
                continue                  # a mark beside the line (``a``)
            if runs_on(prev, c):
                if not items:
                    items.append([])
                items[-1].append(c.text)
                used.append(c)
                prev = c
                continue
            if any(starts_with(c, lab) is not None for lab in LABELS) or \
                    (TI_LABEL.match(c.text) and not _awaits_number(items)):
                break
            numbered = re.match(rf"^[{D}]+\s?\.\s", c.text)
            if numbered and (items and _numbered(items[0]) or not items):
                items.append([c.text])
            elif items and continues(prev, c):
                items[-1].append(c.text)
            else:
                break
            used.append(c)
            prev = c
        # "… ไข้เลือดออก / จำนวน ๑ ชุด": the count is set off by a space, wrapped or not
        texts = [TI_GLUED.sub("ที่ ", re.sub(rf"^[{D}]+\s?\.\s*", "", join_wrapped(parts, ("จำนวน",))))
                 for parts in items]
        return [t for t in texts if t], used
    return [], []


def _awaits_number(items: list[list[str]]) -> bool:
    """The item so far names a letter (``หนังสือจังหวัด… ด่วนที่สุด``) but not its number yet:
    a ``ที่ …`` line under it is that number, not a new field."""
    text = " ".join(items[-1]) if items else ""
    return "หนังสือ" in text and find_doc_no(text) is None


def _paragraph(cells: list[Cell], i: int) -> bool:
    """Cell i opens a body paragraph: indented 2.5 cm, not a date or number carried over from
    an unfinished line above."""
    c = cells[i]
    return c.para_start and not re.match(rf"^[{D}]", c.text) and not carried(c.text) \
        and not (i > 0 and incomplete(cells[i - 1].text)) \
        and len(re.findall(rf"[ก-ฮA-Za-z{D}]", c.text)) >= 4     # a speck (``ป``, ``|``, ``a 1``) is no paragraph


def _numbered(parts: list[str]) -> bool:
    return bool(re.match(rf"^[{D}]+\s?\.\s", parts[0]))


def reference_of(text: str, repair: bool = True) -> dict:
    """``หนังสือ… ที่ มท ๐๒๐๖.๒/ว ๕๑๐๙ ลงวันที่ ๒๕ กรกฎาคม ๒๕๖๑`` → {doc_no, date, text}.
    ``repair``: the number's agency code by the office named (``_code_by_name``); without,
    the number as printed (to judge the text, which keeps what was read)."""
    no = find_doc_no(text)
    dates = find_dates(text)
    doc_no = (_code_by_name(no[0], text) if repair else no[0]) if no else None
    return {"doc_no": doc_no, "date": dates[0].iso if dates else None, "text": text}


# the office a cited letter is named by, before its number: ``หนังสือจังหวัดนครราชสีมา``
_NAMED = re.compile(r"หนังสือ((?:จังหวัด|กระทรวง|กรม)\S+)")


def _code_by_name(doc_no: str, text: str) -> str:
    """A cited number's agency code by the office the text names in full: put back where OCR
    lost it (``ที่ ๐๐๒๓.๓/ว ๕๕๘`` after ``หนังสือจังหวัดเชียงใหม่``) or read one letter wrong
    (``นบ`` for นม, of นครราชสีมา; ``ชปบ`` for ชบ). A long name read whole outweighs two letters."""
    m = _NAMED.search(text)
    named = agencies.code_of_name(m.group(1)) if m else None
    if not named:
        return doc_no
    if UNIT_FIRST.match(doc_no):              # no code was read: the number starts with its unit
        return f"{named} {doc_no}"
    code, _, rest = doc_no.partition(" ")
    if agencies.misread_as(code, named):
        return f"{named} {rest}"
    return doc_no


def find_references(cells: list[Cell]) -> tuple[list[dict], list[Cell]]:
    items, used = labelled_items(cells, "อ้างถึง")
    return [reference_of(t) for t in items], used


# the count's unit printed after its number (``จำนวน ๑ ชุด``), the space OCR may drop
_UNIT = re.compile(rf"(?<=จำนวน [{D}])(?=ชุด|ฉบับ|แผ่น|เล่ม|แฟ้ม)|(?<=จำนวน [{D}]{{2}})(?=ชุด|ฉบับ|แผ่น|เล่ม|แฟ้ม)")


# the count as OCR leaves it: a tone mark over จ (``จ้ำนวน``), the spaces around it lost,
# the ุ of ชุด lost or doubled (``ชด``, ``ชูด``, ``ชูุด``), and the body's next line run into
# the unit when the unit was not read (``ชดตามหนังสือที่อ้างถึง …``): an enclosure ends with its count
_TONED = re.compile(r"จ[\u0e48-\u0e4b]ำนวน")
_GLUED = re.compile(rf"(?<=[ก-\u0e4e])จำนวน(?=\s*[{D}])")
_SET = re.compile(rf"จำนวน(?=[{D}])")
_SET_UNIT = re.compile(rf"(จำนวน [{D}]{{1,2}})\s*ช[\u0e38\u0e39]*ด(?:[ก-ฮเ-ไ].*)?$")


def _count_repaired(text: str) -> tuple[str, bool]:
    """The enclosure with its count as printed, and whether a letter or mark of it had to be
    repaired (a space is layout; a mark is damage that may have struck the rest as well)."""
    untoned = _TONED.sub("จำนวน", text)
    spaced = _UNIT.sub(" ", _SET.sub("จำนวน ", _GLUED.sub(" จำนวน", untoned)))
    repaired = _SET_UNIT.sub(r"\1 ชุด", spaced)
    return repaired, untoned != text or repaired != spaced


# a speck read as a figure or a stroke after a cited letter's year, before its count
# (``… ๒๕๖๗ ๗ จำนวน``, ``… ๒๕๖๗ ) จำนวน``): a year has four figures
_AFTER_YEAR = re.compile(rf"(?<=(?:25|๒๕)[{D}]{{2}}) [{D})|](?= จำนวน)")


def find_enclosures(cells: list[Cell]) -> tuple[list[str], list[Cell], bool]:
    """The enclosures, their cells, and whether OCR damage to a count was repaired."""
    items, used = labelled_items(cells, "สิ่งที่ส่งมาด้วย")
    read = [_count_repaired(_AFTER_YEAR.sub("", close_up(t, used))) for t in items]
    return [t for t, _ in read], used, any(damaged for _, damaged in read)


def _join_clause(parts: list[str]) -> str:
    """A clause's wrapped lines. A break before ``และ`` is a space when the writer spaces the
    items of a list (``ในชุมชน โรงเรียน / และศาสนสถาน``), none when the line before has no
    space at all (``ผ่านหอกระจายข่าว / และช่องทาง…``): the break itself cannot tell."""
    out = parts[0] if parts else ""
    for p in parts[1:]:
        spaced = p.lstrip().startswith("และ") and " " in out.strip()
        out = join_wrapped([out, p], ("และ",) if spaced else ())
    return out


def body_start(cells: list[Cell]) -> int:
    """Index of the first cell after the head labels (เรียน/อ้างถึง/สิ่งที่ส่งมาด้วย)."""
    last = 0
    for i, c in enumerate(cells[:60]):
        if any(starts_with(c, lab) is not None for lab in ("เรียน", "ถึง", "อ้างถึง",
                                                            "สิ่งที่ส่งมาด้วย", "เรื่อง")):
            last = i
    return last + 1


# an item whose dot OCR lost or read as a comma (``๔ ให้รายงาน``, ``3, ให้อำนวย``), or whose
# number it misread (``o. ให้รายงาน``, ``=) ชำระภาษี`` for ๓.)
_NO_DOT = re.compile(rf"^(?P<d>[{D}]{{1,2}}),?\s+(?=[ก-ฮเ-ไ])")
_MISREAD = re.compile(r"^(?P<d>[^\sก-ฮเ-ไ]{1,2})\s?[.),]\s*(?=[ก-ฮเ-ไ])")
ALIGNED = 0.01     # of the page's width: an item starts where the first one did


# the next ``ข้อ`` clause read with a speck before it or its mark misplaced (``บขื้อ ๒``)
_CLAUSE = re.compile(rf"^\S?ข[\u0e31-\u0e4e]{{0,2}}อ\s*(?P<k>[{D}]+)\s*")


def _due(out: list[dict]) -> int | None:
    """The number of the item due after those found, when the last has a number."""
    return int(out[-1]["number"]) + 1 if out and str(out[-1]["number"]).isdigit() else None


def _aligned(c: Cell, item: Cell) -> bool:
    """``c`` starts where an item of the list does."""
    return abs(c.box[0] - item.box[0]) <= ALIGNED * max(c.width, 1)


def _clause_misread(c: Cell, out: list[dict]) -> re.Match | None:
    """The ``ข้อ`` clause due next, its label misread: its number is the one due."""
    m = _CLAUSE.match(c.text)
    due = _due(out)
    return m if m and due and arabic_digits(m.group("k")) == str(due) else None


def _item_misread(c: Cell, out: list[dict], starts: list[Cell]) -> tuple[re.Match, str] | None:
    """The next numbered item (``1.`` style) OCR left without its dot or with its number
    misread: it starts where an item before it did (``starts``: their first cells), and its
    number is the one read or, if that is no number after the last, the one due (a single
    figure where an item starts: ``0 ให้กำหนด`` for ๓.). (match, number)."""
    due = _due(out)
    if due is None or not starts:
        return None
    if not any(_aligned(c, s) for s in starts):
        return None
    m = _NO_DOT.match(c.text)
    if m and arabic_digits(m.group("d")) == str(due):
        return m, str(due)
    if not (m and len(m.group("d")) == 1):     # one figure where an item starts, or junk
        m = _MISREAD.match(c.text)
    if not m:
        return None
    read = arabic_digits(m.group("d"))
    return m, read if read.isdigit() and int(read) > due else str(due)


def find_directives(cells: list[Cell], start: int, skip: set[int]) -> tuple[list[dict], list[Cell]]:
    """Numbered clauses of the body (``๑.``, ``1.``, ``ข้อ ๑``, ``(๑)``), in order.

    Only one numbering style counts, the first one met: sub-items ``(๑)`` under ``ข้อ ๑``
    belong to their clause.
    """
    out: list[dict] = []
    used: list[Cell] = []
    starts: list[Cell] = []      # the first cell of each item
    style = None
    current: list[str] | None = None
    prev = None
    for i in range(start, len(cells)):
        c = cells[i]
        if id(c) in skip:
            continue
        if CLOSING.match(c.text):
            break
        m = ITEM.match(c.text)
        kind = None if not m else ("k" if m.groupdict().get("k") else "p" if m.groupdict().get("p") else "d")
        num = arabic_digits(m.group(kind)) if m else None
        if m is None and style == "d" and (misread := _item_misread(c, out, starts)):
            m, num = misread
            kind = "d"
        elif m is None and style == "k" and (m := _clause_misread(c, out)):
            kind, num = "k", arabic_digits(m.group("k"))
        if m and (style is None or kind == style):
            style = kind
            if current is not None:
                out[-1]["text"] = _join_clause(current)
            out.append({"number": num, "text": ""})
            current = [c.text[m.end():]]
            used.append(c)
            starts.append(c)
        elif current is not None and prev is not None and not c.para_start \
                and prev.box[2] - prev.box[0] > 0.3 * c.width and not CLOSING.match(c.text):
            current.append(c.text)
            used.append(c)
        else:
            if current is not None:
                out[-1]["text"] = _join_clause(current)
            current = None
        prev = c
    if current is not None:
        out[-1]["text"] = _join_clause(current)
    if style == "d" and (first := _first_without_dot(cells, start, out, used)):
        out.insert(0, first[0])
        used[:0] = first[1]
    return out, used


def _first_without_dot(cells: list[Cell], start: int, out: list[dict], used: list[Cell]):
    """The first item, when OCR lost its dot (``๑ ให้จัดทำแผน…``) and the list was found only
    from its second (``๒.``): the cell above that starts where the second does with the
    number 1, and the lines under it. (item, its cells) or None."""
    if not out or out[0]["number"] != "2":
        return None
    second = next(i for i, c in enumerate(cells) if c is used[0])
    for k in range(second - 1, start - 1, -1):
        c = cells[k]
        m = _NO_DOT.match(c.text)
        if m and arabic_digits(m.group("d")) == "1" and c.page == used[0].page and _aligned(c, used[0]):
            own = cells[k:second]
            return {"number": "1", "text": _join_clause([c.text[m.end():]] + [o.text for o in own[1:]])}, own
        if CLOSING.match(c.text) or _paragraph(cells, k):
            return None
    return None
