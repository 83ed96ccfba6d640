"""The signature block: ``(ชื่อ สกุล)`` under the signature, then the position on 1-3 lines."""
from __future__ import annotations

import math
import re

from ingest.extract.body import CLOSING
from ingest.extract.cells import Cell
from ingest.extract.names import TITLE, repaired_name, surname_apart
from ingest.thai.lexicon import LOOSE, is_word, segment, skeleton

_NAME = re.compile(r"^\(\s*([^()]+?)\s*\)(?P<pen>.*)$")
# the brackets as OCR leaves them: ``)`` read ``]`` ``}`` ``|``, a stray mark before ``(``
# (``โ(นาย…)``), or ``(`` lost or read as a letter or two (``ฮ็็นางสาว…)``) before the title
_CLOSE = "\\]}|"
_MARKED = re.compile(rf"^(?:[^\s()]{{1,2}}\(|[^\s()]{{0,3}}(?=(?:นางสาว|นาง|นาย)[ก-ฮ]))\s*([^()]+?)\s*[){_CLOSE}](?P<pen>.*)$")
_BARE = re.compile(rf"^\(\s*([^()]+?)\s*[{_CLOSE}](?P<pen>.*)$")
# an amount in words, set off by dashes: ``( -หนึ่งหมื่นแปดพันบาทถ้วน- )``
_AMOUNT = re.compile(r"^[-–]|[-–]$|บาทถ้วน|ถ้วน$")
# a certified copy: the name under it is the certifier's, not the signatory's
COPY = re.compile(r"^สำเนาถูกต้อง")
_FOOT = re.compile(r"^(โทร|โทรสาร|ไปรษณีย์|E-?mail|อีเมล|www\.|/)")


def name_of(text: str) -> re.Match | None:
    """``(ชื่อ สกุล)`` as read: the name (group 1) and what follows it (``pen``). Brackets
    OCR marked or lost count only around a title and a name of two parts."""
    m = _NAME.match(text)
    if m:
        return m
    m = _MARKED.match(text) or _BARE.match(text)
    if m and TITLE.match(m.group(1)) and len(TITLE.sub("", m.group(1)).split()) == 2:
        return m
    return None


def is_name_cell(c: Cell) -> bool:
    """``(ชื่อ สกุล)``, perhaps with the signature's pen strokes read beside it as a few
    stray characters (``(นายสุรชัย สิทธิโชคชัย) hณมน0``)."""
    m = name_of(c.text)
    if not m or re.search(r"[0-9๐-๙]", m.group(1)) or len(m.group(1)) > 50 or _AMOUNT.search(m.group(1)):
        return False
    pen = m.group("pen").strip()
    return not pen or (len(pen) <= 12 and (len(pen) <= 3 or bool(re.search("[A-Za-z]", pen))))


def find_signatory(cells: list[Cell], start: int = 0) -> tuple[dict, list[Cell]] | None:
    """The ``(name)`` cell that signs the letter and the position lines under it: the first
    one after its closing (``ขอแสดงความนับถือ``, ``ประกาศ ณ วันที่ …``), else the last one at or
    after ``start``; never one under ``สำเนาถูกต้อง`` (the certifier of a copy)."""
    stop = next((i for i in range(start, len(cells)) if COPY.match(cells[i].text)), len(cells))
    idx = [i for i in range(start, stop) if is_name_cell(cells[i])]
    if not idx:
        return None
    closes = [i for i in range(start, stop) if CLOSING.match(cells[i].text)]
    after = [i for i in idx if closes and i > closes[-1]]
    i = after[0] if after else idx[-1]
    name_cell = cells[i]
    name = repaired_name(karan_restored(surname_apart(name_of(name_cell.text).group(1), name_cell.raw)))
    lines, used = [], [name_cell]
    pitch = max(name_cell.box[3] - name_cell.box[1], 1)
    prev = name_cell
    for c in cells[i + 1:i + 5]:
        if c.page != name_cell.page or _FOOT.match(c.text) or is_name_cell(c) or COPY.match(c.text):
            break
        if c.box[1] - prev.box[3] > 2.2 * pitch:        # two blank lines end the block
            break
        centre, name_centre = (c.box[0] + c.box[2]) / 2, (name_cell.box[0] + name_cell.box[2]) / 2
        if abs(centre - name_centre) > 0.1 * max(c.width, 1):   # another column
            continue
        lines.append(c.text)
        used.append(c)
        prev = c
    return {"name": name, "position": " ".join(lines) or None}, used


def karan_restored(name: str) -> str:
    """The name with the ์ OCR drops put back (``ณรงค์ศักดิ`` → ``ณรงค์ศักดิ์``): in a part no
    list knows as written that reads as known words (names, words) with ์ restored and by no
    other change. Tone marks are left as read: a name's tone is its own (เรือง is not เรื่อง)."""
    costs = {"tone": math.inf, "karan": LOOSE, "am": math.inf}
    title = TITLE.match(name)
    head = title.group(0) if title else ""
    parts = []
    for part in name[len(head):].split(" "):
        if part and not is_word(part) and re.fullmatch("[ก-\u0e4e]+", part):
            pieces = segment(part, costs)[1]
            if all(len(skeleton(p)) > 1 for p, _ in pieces) and any(r for _, r in pieces):
                part = "".join(p for p, _ in pieces)
        parts.append(part)
    return head + " ".join(parts)
