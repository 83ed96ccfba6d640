"""Split a scanned bundle into letters, their attachments and the endorsements written on them.

A bundle is scanned newest on top: a forwarding letter, then the letter it forwards, each
followed by its enclosures (manuals, posters, tables). A page starts a letter when its head
shows one (``บันทึกข้อความ``, ``คำสั่ง…``/``ประกาศ…``, or ``ที่`` with a date, เรื่อง, เรียน or
ถึง); a page numbered ``-๒-`` at the top continues the letter before; any other page is an
attachment of the letter above. An endorsement is a block written on a letter page below the
closing (its own ``ที่``/date, ``เรียน``, a purpose, a signature): a segment of its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..thai import agencies
from .cells import beside, page_cells
from .dates import find_dates, parse_date
from .endorsement import PURPOSE, is_endorsement_start
from .header import dated_subject, find_doc_no, recover_head_no, starts_with
from .signatory import COPY, is_name_cell
from ..page import PageText
from ..thai.patterns import HEADING, TI_LABEL

KINDS = ("letter", "attachment", "endorsement")
_CONTINUATION = re.compile(r"^-\s*[0-9๐-๙]{1,2}\s*-$")
_CLOSE = re.compile(r"^(ขอแสดงความนับถือ|จึงเรียนมา|จึงประกาศ|จึงแจ้ง|สั่ง\s*ณ|ประกาศ\s*ณ)")


@dataclass
class Segment:
    kind: str                     # "letter", "attachment", "endorsement"
    pages: list[int]              # 1-based page numbers
    owner: int | None = None      # the letter an attachment or endorsement belongs to
    cells: list = field(default_factory=list, repr=False, compare=False)  # what it was read from


def split_bundle(pages: list[PageText]) -> list[Segment]:
    """Segments of a bundle, in bundle order; each endorsement follows its letter."""
    return split_cells([page_cells(p) for p in pages], [p.number for p in pages])


def page_role(cells: list) -> str:
    """'letter' (a head), 'continuation' (-๒- at the top) or 'other'."""
    top = cells[:16]
    if any(starts_with(c, "ส่วนราชการ") is not None for c in top[:8]):
        return "letter"       # a memo whose บันทึกข้อความ heading OCR mangled
    if any(_CONTINUATION.match(c.text.replace(" ", " ")) for c in top[:3]):
        return "continuation"
    if any(HEADING.match(c.text) for c in top[:8]):
        return "letter"
    labels = {lab for c in cells[:24] for lab in ("เรื่อง", "เรียน", "ถึง")
              if starts_with(c, lab) is not None}
    if "เรื่อง" in labels and labels & {"เรียน", "ถึง"}:
        return "letter"       # ที่ misread (stock Tesseract: "fi an 0023.4/2 987"), head intact
    if "เรื่อง" in labels and dated_subject(cells[:24]):
        return "letter"       # ที่ and เรียน both misread: a date line right above เรื่อง
    for i, c in enumerate(top):
        if _CLOSE.match(c.text):
            break             # a ที่ below a letter's closing is an endorsement's
        if TI_LABEL.match(c.text) and (find_doc_no(c.text) or c.text.strip() == "ที่" or _coded(c.text)):
            after = cells[i + 1:i + 14]
            if any(starts_with(a, lab) is not None for a in after
                   for lab in ("เรื่อง", "เรียน", "ถึง")) or any(find_dates(a.text) for a in after):
                return "letter"
    head = top[:next((i for i, c in enumerate(top[:8]) if _CLOSE.match(c.text)), 8)]   # above a closing
    if labels & {"เรียน", "ถึง"} and head:
        if recover_head_no(head):
            return "letter"   # a stamped letter (no เรื่อง) whose ที่ line came out as junk
    return "other"


def _coded(text: str) -> bool:
    """``ที่ ชม ๐๐๒๓.๕/ว …`` with its running number lost: still a head, by its agency code."""
    m = re.match(r"^ที่\s*([ก-ฮ]{2})\.?\s?[0-9๐-๙]", text)
    return bool(m) and agencies.is_known(m.group(1))


def split_cells(cells_by_page: list[list], numbers: list[int]) -> list[Segment]:
    segments: list[Segment] = []
    letter: int | None = None
    catchword = None              # the page before ended with one (``/จุดที่ ๕.....``)
    for cells, number in zip(cells_by_page, numbers):
        role = page_role(cells) if cells else "other"
        open_letter = letter is not None and not _closes(segments[letter].cells)
        if role == "other" and open_letter and (_caught(catchword, cells) or _numbered_top(cells)):
            role = "continuation"   # the letter goes on: its catchword, or a bare page number
        if role == "other" and open_letter and _closes(cells):
            role = "continuation"   # its "-๒-" misread, but it closes the letter still open:
            _fold_back(segments, letter)   # the pages read as attachments since were the letter's
        if role == "letter" or (role == "continuation" and letter is None):
            segments.append(Segment("letter", [number], None, list(cells)))
            letter = len(segments) - 1
        elif role == "continuation":
            segments[letter].pages.append(number)
            segments[letter].cells.extend(cells)
        elif letter is not None and segments[-1].kind == "attachment" \
                and segments[-1].owner == letter:
            segments[-1].pages.append(number)
            segments[-1].cells.extend(cells)
        else:
            segments.append(Segment("attachment", [number], letter, list(cells)))
        catchword = _CATCHWORD.match(cells[-1].text) if cells else None
    return _endorsements(segments)


# the first words of the next page, typed at the foot of this one: ``/จุดที่ ๕.....``
_CATCHWORD = re.compile(r"^/\s?(?P<words>[ก-๛][^/]{0,40}?)\s?[.…]*$")
_PAGE_NUMBER = re.compile(r"^[-–]?\s*[0-9๐-๙]{1,2}\s*[-–]?$")


def _caught(catchword, cells: list) -> bool:
    """The page opens with the words its predecessor's catchword announced."""
    if not catchword:
        return False
    words = "".join(catchword.group("words").split())
    return any("".join(c.text.split()).startswith(words) for c in cells[:3])


def _numbered_top(cells: list) -> bool:
    """A page number alone at the top of the page (``๒``, ``- ๒``): read as such only while
    a letter is open."""
    return any(_PAGE_NUMBER.match(c.text) for c in cells[:2])


def _fold_back(segments: list[Segment], letter: int) -> None:
    """Pages taken for the letter's attachments go back into it (its closing came after them)."""
    while len(segments) > letter + 1 and segments[letter + 1].kind == "attachment" \
            and segments[letter + 1].owner == letter:
        seg = segments.pop(letter + 1)
        segments[letter].pages.extend(seg.pages)
        segments[letter].cells.extend(seg.cells)


def _closes(cells: list) -> bool:
    """The page holds a letter's closing line (ขอแสดงความนับถือ, จึงเรียนมา…)."""
    return any(_CLOSE.match(c.text) for c in cells)


def _endorsements(segments: list[Segment]) -> list[Segment]:
    """Cut endorsement blocks out of each letter; they follow their letter in the list."""
    out: list[Segment] = []
    index: dict[int, int] = {}
    for i, seg in enumerate(segments):
        owner = index.get(seg.owner) if seg.owner is not None else None
        if seg.kind != "letter":
            out.append(Segment(seg.kind, seg.pages, owner, seg.cells))
            continue
        blocks = find_endorsement_blocks(seg.cells)
        taken = {id(c) for b in blocks for c in b}
        index[i] = len(out)
        out.append(Segment("letter", seg.pages, None, [c for c in seg.cells if id(c) not in taken]))
        for b in blocks:
            out.append(Segment("endorsement", sorted({c.page for c in b}), index[i], b))
    return out


def _in_block(d, start, name, last, signed_apart: bool, tol: float, pitch: int) -> bool:
    """Whether cell ``d`` belongs to the endorsement begun by ``start``. A note in the margin
    keeps one column. One typed in a box sets its date on the ``ที่`` row, far right, and
    indents its purpose; at the letter's foot, under the purpose (``signed_apart``), its
    signature is centred in the box's right half. The position lines are those under the name."""
    if name is not None:
        return abs(d.x - name.x) <= tol or abs(_centre(d) - _centre(name)) <= tol
    if abs(d.x - start.x) <= tol:
        return True
    if last is start and beside(d, start) and d.x > start.box[2] and parse_date(d.text) \
            and len(d.text) < 40:
        return True      # the date on the ที่ row
    if PURPOSE.match(d.text) and d.x > start.x and d.box[1] - last.box[3] <= 2 * pitch:
        return True      # the purpose indented under เรียน
    return signed_apart and d.x > start.x and is_name_cell(d) and d.box[1] - last.box[3] <= 3 * pitch


def _start_above(before: list, start, tol: float) -> list:
    """The line a note found at its ``เรียน`` began with, its label misread (``วที่๒ด พย. ๖๖``,
    ``ต .ค. ๖๓``): right above it in its column, on or below the closing's line, with what
    stands beside it left of the closing."""
    closes = [d for d in before if d.page == start.page and _CLOSE.match(d.text)]
    if starts_with(start, "เรียน") is None or not closes:
        return []
    last = closes[-1]
    above = [d for d in before if d.page == start.page and d not in closes and abs(d.x - start.x) <= tol
             and last.box[1] < d.box[3] and d.box[1] < start.box[1]
             and start.box[1] - d.box[3] <= last.box[3] - last.box[1]]
    if not above:
        return []
    line = max(above, key=lambda d: d.box[3])
    return [line] + [d for d in before if d.page == start.page and d is not line and beside(d, line)
                     and line.box[2] <= d.x < last.x]


def _centre(c) -> float:
    return (c.box[0] + c.box[2]) / 2


def find_endorsement_blocks(cells: list) -> list[list]:
    """Blocks that start with ``ที่ …``/``เรียน …`` below the letter's closing, in the
    column where they start, up to their ``(name)`` and position lines; then the notes in
    the margin whose labels OCR misread, found from what survives of them."""
    close = next((i for i, c in enumerate(cells) if _CLOSE.match(c.text)), None)
    if close is None:
        return []
    # the note may begin on the closing's own line, left of it
    while close > 0 and cells[close - 1].page == cells[close].page \
            and (cells[close - 1].row == cells[close].row or beside(cells[close - 1], cells[close])):
        close -= 1
    blocks, i = [], close
    while i < len(cells):
        c = cells[i]
        if not is_endorsement_start(c):
            i += 1
            continue
        tol = 0.08 * max(c.width, 1)
        # a note that starts below the letter's signature is typed at its foot (in a box):
        # its own signature may stand apart from its column; one beside the closing may not
        foot = any(is_name_cell(x) for x in cells[close:i] if x.page == c.page)
        block, name, after_name, purpose = [c], None, 0, False
        pitch = max(c.box[3] - c.box[1], 1)
        for d in cells[i + 1:]:
            if d.page != c.page or not _in_block(d, c, name, block[-1], purpose and foot, tol, pitch):
                continue
            # the position lines sit right under the name; the letter's foot comes much later
            if name and (is_endorsement_start(d) or after_name >= 3
                         or d.box[1] - block[-1].box[3] > 2.2 * pitch):
                break
            block.append(d)
            purpose = purpose or bool(PURPOSE.match(d.text))
            if is_name_cell(d) and not name:
                name = d
            elif name:
                after_name += 1
        named = name is not None
        if named:
            block = _start_above(cells[close:i], c, tol) + block
            # one column, read top down (a short wrapped word can sort after a taller line)
            block.sort(key=lambda d: (d.box[1] + d.box[3]) / 2)
            blocks.append(block)
            last = cells.index(block[-1])
            i = last + 1
        else:
            i += 1
    return blocks + margin_notes(cells, close, {id(c) for b in blocks for c in b})


# A handwritten note in the margin beside the closing: its labels (ที่, วันที่, เรียน) often come
# out as a few stray letters (``วนท``, ``แรยห``), so it is found from what survives of it
MARGIN_REACH = 3.0      # the note begins within this many closing-line heights below the closing
MARGIN_GAP = 3.0        # a blank of this many closing-line heights ends it (the foot is far below)
POSITION_LINES = 2      # position lines under the note's (name)
SIGNED_RIGHT = 0.4      # the letter's own (name) is centred right of this share of the page


def margin_notes(cells: list, close: int, taken: set[int]) -> list[list]:
    """Notes beside or under the letter's closing, left of its signature, found from a purpose
    line (``เพื่อทราบ``…) or a ``(name)``: the cells above it in its column after the closing
    are the note's start, the position lines under its name its end."""
    if cells[close].grid:     # plain text: where a line stands on the page is not known
        return []
    page = cells[close].page
    closes = [c for c in cells[close:] if c.page == page and _CLOSE.match(c.text)]
    last = closes[-1]
    pitch = max(last.box[3] - last.box[1], 1)
    sig = _letter_signature(cells[close:], page, last)
    left = sig.box[0] if sig else last.width / 2      # the note stays left of the signature
    pool = [d for d in cells[close:] if d.page == page and id(d) not in taken and d not in closes
            and d.box[3] > last.box[1] and d.x < left]
    notes, taken = [], set(taken)
    for anchor in pool:
        if id(anchor) in taken or not (PURPOSE.match(anchor.text) or is_endorsement_start(anchor)
                                       or _name_like(anchor) and anchor.box[2] <= left):
            continue
        note = _column(pool, anchor, left, pitch, taken)
        if _is_note(note, anchor) and note[0].box[1] - last.box[3] <= MARGIN_REACH * pitch:
            notes.append(note)
            taken |= {id(d) for d in note}
    return notes


def _is_note(note: list, anchor) -> bool:
    """Two of a note's parts (its number or date, its เรียน, its purpose, its name: a note whose
    purpose and name the pen made junk is still dated and addressed), or a purpose or name with
    lines above it; never a copy's certification (สำเนาถูกต้อง and the certifier's name)."""
    parts = {_start_part(d) if is_endorsement_start(d) else "purpose" if PURPOSE.match(d.text)
             else "name" if _name_like(d) else None for d in note} - {None}
    if not note or any(COPY.match(d.text) for d in note):
        return False
    return len(parts) >= 2 or bool(parts & {"purpose", "name"}) and note[0] is not anchor


def _start_part(c) -> str:
    return "addressed" if starts_with(c, "เรียน") is not None else "dated"


# a (name) whose opening bracket and title the pen's strokes took: ``ววงาภรณ์ สิทธิโชคชัย)``
_NAME_END = re.compile(r"^[^()0-9๐-๙]*[ก-๛]{3}\s*[)\]}]\s*$")


def _name_like(c) -> bool:
    return is_name_cell(c) or bool(_NAME_END.match(c.text))


def _letter_signature(cells: list, page: int, last):
    """The letter's own ``(name)``: the one after its closing centred furthest right."""
    names = [c for c in cells if c.page == page and c.box[1] > last.box[1] and is_name_cell(c)
             and _centre(c) > SIGNED_RIGHT * c.width]
    return max(names, key=_centre, default=None)


def _column(pool: list, anchor, left: float, pitch: int, taken: set[int]) -> list:
    """The anchor's column, top down: the lines starting where it starts (a wide line only if
    it is the note's start or purpose, else it runs into the letter's signature), the words
    beside them, up to a blank or the position lines under the note's name."""
    tol = 0.08 * max(anchor.width, 1)
    lines = [d for d in pool if id(d) not in taken and abs(d.x - anchor.x) <= tol
             and (d.box[2] <= left or PURPOSE.match(d.text) or is_endorsement_start(d))]
    lines.sort(key=lambda d: d.box[1])
    start = lines.index(anchor)
    for k in range(start, 0, -1):                 # upwards to a blank
        if lines[k].box[1] - lines[k - 1].box[3] > MARGIN_GAP * pitch:
            lines = lines[k:]
            break
    out, name, after = [], None, 0
    for d in lines:
        if out and (d.box[1] - out[-1].box[3] > MARGIN_GAP * pitch or after >= POSITION_LINES):
            break
        out.append(d)
        if name:
            after += 1
        elif _name_like(d):
            name = d
    note = []
    for o in sorted(out, key=lambda d: (d.row, d.x)):
        note.append(o)
        note += sorted((d for d in pool if id(d) not in taken and d not in out and d not in note
                        and d.box[2] <= left and beside(d, o) and d.x > o.box[2]), key=lambda d: d.x)
    return note
