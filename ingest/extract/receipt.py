"""Receipt stamps (ตรารับหนังสือ): office name, then เลขรับ/เลขที่รับ, วันที่, เวลา.

A letter that travelled down a chain carries one stamp per receiving office. The stamp's
cells are taken out of the letter before its own fields are read (its วันที่ is not the
letter's date).
"""
from __future__ import annotations

import datetime as dt
import itertools
import re

from ingest.extract.cells import Cell
from ingest.extract.dates import TIME_RE, parse_date, parse_time, year_be
from ingest.thai.dates import BE_OFFSET
from ingest.thai.digits import arabic_digits, hand_digits
from ingest.thai.months import MONTHS_SHORT
from ingest.thai.patterns import D, STAMP_LABEL, STAMP_NUMBER, STAMP_NUMBER_LABEL
from rapidfuzz.distance import Levenshtein



def _spaced_digits(text: str) -> str:
    """A pen-written number OCR read in pieces (``2 99``, ``๔ ๓๑``): the value is nothing but
    digits and single spaces, at most six digits: one number."""
    t = text.strip()
    if re.fullmatch(rf"[{D}]+(?: [{D}]+)+", t) and len(t.replace(" ", "")) <= 6:
        return t.replace(" ", "")
    return text


def _value(cells: list[Cell], label: Cell, name: str) -> tuple[str | None, Cell | None]:
    """The pen-written value of a stamp line: after the label in its cell, or the nearest cell
    to the right of it at about the same height (a hand drifts off the dotted line)."""
    m = re.match(rf"^{name}\s*(?:ที่)?\s*[:.]?\s*", label.text)
    rest = label.text[m.end():] if m else label.text.partition(" ")[2]   # label misread
    day_only = name == "วันที่" and re.fullmatch(rf"\s*[{D}]{{1,2}}\s*", rest)
    if re.search(rf"[{D}]", rest) and not day_only:
        return rest, None
    best = _beside_right(cells, label)
    if day_only:    # the pen left a gap after the day: month and year are a cell of their own
        return (f"{rest.strip()} {best.text}", best) if best and not re.match(rf"^[{D}]{{1,2}}\b", best.text) \
            else (rest, None)
    return (best.text, best) if best else (None, None)


def _beside_right(cells: list[Cell], label: Cell) -> Cell | None:
    """The cell holding digits nearest to the right of a stamp's label, at about its height."""
    h = max(label.box[3] - label.box[1], 1)
    mid = (label.box[1] + label.box[3]) / 2
    best = None
    for c in cells:
        if c is label or c.page != label.page or STAMP_LABEL.match(c.text):
            continue
        cmid = (c.box[1] + c.box[3]) / 2
        dx = c.box[0] - label.box[2]
        if -0.2 * h <= dx < 0.25 * label.width and abs(cmid - mid) < 0.9 * h \
                and re.search(rf"[{D}]", c.text):
            if best is None or abs(cmid - mid) < abs((best.box[1] + best.box[3]) / 2 - mid):
                best = c
    return best


def _below(cells: list[Cell], first: Cell, label: str) -> Cell | None:
    """The stamp's next label line: same left edge, a few lines down."""
    h = max(first.box[3] - first.box[1], 1)
    for c in cells:
        if c.page == first.page and c.text.startswith(label) \
                and abs(c.box[0] - first.box[0]) < 0.03 * max(first.width, 1) \
                and 0 < c.box[1] - first.box[1] < 5 * h:
            return c
    return None


def _unlabelled(cells: list[Cell], first: Cell, parse, after: Cell | None = None) -> Cell | None:
    """A stamp line whose printed label was misread (``WN 17 มิ.ย. 67``, ``เลา 12.20``): the
    stamp's lines share the left edge of เลขรับ, so the first line under it (under ``after``)
    that holds a value of the kind wanted stands in for the label's line."""
    top = (after or first).box[1]
    h = max(first.box[3] - first.box[1], 1)
    below = [c for c in cells if c.page == first.page and c is not first and c is not after
             and abs(c.box[0] - first.box[0]) < 0.03 * max(first.width, 1)
             and 0.5 * h < c.box[1] - top < 2.5 * h and not STAMP_NUMBER.match(c.text)]
    below.sort(key=lambda c: c.box[1])
    if below and parse(below[0].text):
        return below[0]
    return None


def _office(cells: list[Cell], first: Cell) -> Cell | None:
    """The receiving office's name: the line just above เลขรับ, over the stamp."""
    h = max(first.box[3] - first.box[1], 1)
    # above, not beside: the pen-written number can start a little higher than its label
    above = [c for c in cells if c.page == first.page and 0 < first.box[1] - c.box[1] < 2.5 * h
             and (c.box[1] + c.box[3]) / 2 < first.box[1] and len(re.findall("[ก-ฮ]", c.text)) >= 3
             and c.box[2] > first.box[0] and c.box[0] > first.box[0] - 0.06 * max(first.width, 1)
             and not re.match(r"^(ที่\s|เรื่อง|เรียน|ด่วน|ลับ)", c.text) and not STAMP_LABEL.match(c.text)]
    return min(above, key=lambda c: first.box[1] - c.box[1]) if above else None


def _mid(c: Cell) -> float:
    return (c.box[1] + c.box[3]) / 2


def _misread_number_label(text: str) -> bool:
    """``เลขับ 1212``: a stamp's number line whose printed label lost or gained one letter."""
    label, _, rest = text.partition(" ")
    return bool(re.match(rf"[{D}]", rest)) and 4 <= len(label) <= 7 and _one_apart(label, "เลขรับ")


def _number_lines(cells: list[Cell]) -> list[Cell]:
    """The เลขรับ lines of the stamps; on a page where none was read, the line two above a
    stamp's เวลา line (its time read, its labels misread: ``วับ ๕๓๔``, ``ลา ๑๐.๑๐``): a
    short line at the top right of the page, with the same left edge."""
    found = [c for c in cells if STAMP_NUMBER.match(c.text) or _misread_number_label(c.text)]
    pages = {c.page for c in found}
    for t in cells:
        if t.page in pages or t.box[0] < 0.4 * t.width or len(t.text) > 30 or not parse_time(t.text) \
                or t.box[1] > 0.21 * t.width:          # the top 15% of an A4 page
            continue
        h = max(t.box[3] - t.box[1], 1)
        above = [c for c in cells if c.page == t.page and abs(c.box[0] - t.box[0]) < 0.03 * max(t.width, 1)
                 and 1.5 * h < _mid(t) - _mid(c) < 3.5 * h and len(c.text) <= 30]
        if above:
            found.append(min(above, key=lambda c: c.box[1]))
            pages.add(t.page)
    return sorted(found, key=lambda c: (c.page, c.box[1]))


# letters run into a pen-written number (``๓๐ไ๒``, ``๑๓๒ไ๒๓``): a figure of it read as a
# letter, so the digits before them may not be the whole number
_GLUED = re.compile(r"[ก-\u0e4eA-Za-z]\S*")


def find_receipts(cells: list[Cell]) -> tuple[list[dict], set[int]]:
    """All stamps, in the order printed, and the ids of the cells they used."""
    stamps, used = [], set()
    for c in _number_lines(cells):
        number, ncell = _value(cells, c, STAMP_NUMBER_LABEL)
        st = {"number": None, "date": None, "time": None, "receiver": None}
        spaced = _spaced_digits(number or "")
        m = re.search(rf"[{D}][{D}/-]*", spaced)
        st["number"] = arabic_digits(m.group(0)).rstrip("/-") if m else None   # ``1128/``: a pen's tail
        glued = _GLUED.match(spaced[m.end():]) if m else None
        if glued:
            st["glued"] = glued.group(0)
        cells_used = [c, ncell]
        office = _office(cells, c)
        if office:
            st["receiver"] = office.text
            cells_used.append(office)
        dlabel = _below(cells, c, "วันที่") or _unlabelled(cells, c, _date_like)
        if dlabel:
            text, dcell = _value(cells, dlabel, "วันที่")
            if _time_only(text or ""):      # the เวลา line's value beside it: the date was not read
                text, dcell = None, None
            d = parse_date(text or "")
            guessed = None
            if d is None and text:
                guessed = hand_digits(text)
                d = parse_date(guessed) if guessed != text else None
            st["date"] = d.iso if d else None
            if d and d.problem:
                st["problem"] = d.problem
            elif d and guessed:
                st["problem"] = f"pen digits read as letters, taken as '{d.text}' ('{text}'): check"
            elif d and _two_kinds_of_digits(text):
                st["problem"] = f"read with Thai and Arabic digits together ('{text.strip()}'): one may be misread; check"
            elif d is None and text:
                st["_partial"] = _day_and_year(text)
            st["_read"] = (text or "").strip()
            cells_used += [dlabel, dcell]
        tlabel = _below(cells, c, "เวลา") or _unlabelled(cells, c, parse_time, dlabel)
        if tlabel:
            text, tcell = _value(cells, tlabel, "เวลา")
            st["time"] = parse_time(text or "")
            cells_used += [tlabel, tcell]
        cells_used = [x for x in cells_used if x is not None]
        used |= {id(x) for x in cells_used}
        st["_cells"] = cells_used
        stamps.append(st)
    return stamps, used


def _two_kinds_of_digits(text: str) -> bool:
    """``9 ก.ค. ๖๑``: one hand writes a stamp's date in one kind of digit; a date read with
    both has a digit the reader took for another."""
    return bool(re.search("[0-9]", text) and re.search("[๐-๙]", text))


_PARTIAL = re.compile(rf"(?<![{D}])(?P<day>[{D}]{{1,2}})\s*(?P<month>[^{D}\s][^{D}]{{0,9}}?)\s*"
                      rf"(?P<year>[{D}]{{2}}|[{D}]{{4}})(?![{D}])")


def _date_like(text: str) -> bool:
    """A stamp's date line, even with its month scribbled past reading (``15 Fea, 62``); not
    its time line (``๑๒.๓๐ น.``), which is the first under เลขรับ when the date was not read."""
    return not _time_only(text) and bool(parse_date(text) or _day_and_year(text))


def _time_only(text: str) -> bool:
    """A time and nothing else of a date: ``๑๒.๓๐ น.``, ``15.20 น .``, ``๑๓.๒๐ Ve`` (น misread)."""
    m = TIME_RE.search(text)
    if not m or parse_time(text) is None:
        return False
    rest = text[:m.start()] + text[m.end():]
    return not re.search(rf"[{D}]", rest) and not re.sub(r"[\sน.A-Za-z]", "", rest)


def _day_and_year(text: str) -> dict | None:
    """Day and year of a stamp date whose pen-written month OCR could not read, with the
    months its remains could be: those one letter away from what was read (``พิ.ย.`` is
    มิ.ย. or พ.ย.), else any month. A year read past recognition (``20 พิ.ย. 8``) is None,
    taken only when the month was read."""
    m = _PARTIAL.search(hand_digits(text)) or _NO_YEAR.search(hand_digits(text))
    if not m:
        return None
    day = int(arabic_digits(m.group("day")))
    be = year_be(m.group("year")) if m.groupdict().get("year") else None
    if not 1 <= day <= 31 or (be is not None and not 2400 <= be <= 2700):
        return None
    read = re.sub(r"[^ก-\u0e4e]", "", m.group("month"))
    names = [a.replace(".", "") for a in MONTHS_SHORT]
    months = [i + 1 for i, a in enumerate(names) if read == a] or \
        [i + 1 for i, a in enumerate(names) if read and _one_apart(read, a)] or list(range(1, 13))
    if be is None and len(months) > 2:
        return None
    return {"day": day, "year_be": be, "months": months, "text": text.strip()}


_NO_YEAR = re.compile(rf"(?<![{D}])(?P<day>[{D}]{{1,2}})\s*(?P<month>[ก-\u0e4e][^{D}]{{1,9}}?)\s*[{D}]?\W*$")


def _one_apart(a: str, b: str) -> bool:
    """At most one letter inserted, dropped or changed."""
    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


WINDOW_DAYS = 21   # mail reaches the next office within days: a later guess is more likely a misread day


def complete_dates(stamps: list[dict], letter: tuple[int | None, int, int] | None, today: dt.date) -> None:
    """Dates of stamps the pen made hard to read, from the letter's own date ``letter``
    ((Buddhist-Era year or None, month, day); OCR misreads years more than months):

    - a month not read: the month that puts the stamp's day soonest on or after the
      letter's date, within three weeks;
    - a year that cannot be (after this year: ``๖๑`` read ``๙๑``): the letter's year (or the
      next), on the same terms.

    Either way the stamp is flagged for the clerk. ``today``: the day the letter was received."""
    this_year = today.year + BE_OFFSET
    for st in stamps:
        part, read = st.pop("_partial", None), st.pop("_read", None)
        if letter and read and _impossible(st, part, letter):
            fixed = _pen_repaired(read, letter)
            if fixed:
                st["date"] = fixed.isoformat()
                st["problem"] = (f"date read '{read}', which cannot be; taken as {st['date']} "
                                 "(a pen's 1 read as 4 or 7, or a month one mark off), the "
                                 "nearest such day after the letter's date: check")
                continue
        if part and not st.get("date"):
            day, months, year, text = part["day"], part["months"], part["year_be"], part["text"]
        elif st.get("date") and int(st["date"][:4]) + BE_OFFSET > this_year:
            day, months, year = int(st["date"][8:]), [int(st["date"][5:7])], int(st["date"][:4]) + BE_OFFSET
            text = read or st["date"]
        else:
            continue
        years = [year]
        if year is None or year > this_year:
            years = [letter[0], letter[0] + 1] if letter and letter[0] else []
        what = " and ".join(w for w, unread in (("month", len(months) > 1),
                                                 ("year", year is None or year > this_year)) if unread) or "date"
        got = _soonest_after(letter, day, months, years) if letter else None
        if got:
            st["date"] = got.isoformat()
            st["problem"] = (f"{what} not read ('{text}'); taken as {st['date']}, the first such "
                             "day after the letter's date: check")
        else:
            st["date"] = None
            st["problem"] = f"{what} not read ('{text}')"


# how OCR misreads pen-written digits: a hand's 1, with its flag and foot, comes out 4 or 7
_PEN_MISREAD = {"4": "1", "7": "1", "๔": "๑", "๗": "๑"}


def _impossible(st: dict, part: dict | None, letter: tuple[int | None, int, int]) -> bool:
    """A stamp date that cannot be: not a date at all (day 42; ``part``: only its month was
    unread, which complete_dates settles), or before the letter's date."""
    if not st.get("date"):
        return not part
    if letter[0] is None:
        return False
    try:
        return dt.date.fromisoformat(st["date"]) < dt.date(letter[0] - BE_OFFSET, letter[1], letter[2])
    except ValueError:
        return False


def _pen_repaired(text: str, letter: tuple[int | None, int, int]):
    """The date a stamp's pen wrote, where OCR read one that cannot be (``42 พ.ย. 64`` for
    ๑๒ พ.ย. ๖๑, ``15 ม.ค. 62`` on a letter of 14 March): the reading with the fewest changes
    (a 4 or 7 of the day or year taken for the hand's 1; or else a month one mark away, ม.ค.
    for มี.ค.) that falls on or soonest after the letter's date, within ``WINDOW_DAYS``. The month
    must have been read to within one mark."""
    m = _PARTIAL.search(hand_digits(text))
    if not m:
        return None
    read = re.sub(r"[^ก-\u0e4e]", "", m.group("month"))
    names = [a.replace(".", "") for a in MONTHS_SHORT]
    months = [(i + 1, 0) for i, a in enumerate(names) if a == read] + \
        [(i + 1, 1) for i, a in enumerate(names) if a != read and read and _one_apart(read, a)]
    day, year = m.group("day"), m.group("year")
    spots = [i for i, c in enumerate(day + year) if c in _PEN_MISREAD]
    found = []
    for n in range(len(spots) + 1):
        for chosen in itertools.combinations(spots, n):
            digits = "".join(_PEN_MISREAD[c] if i in chosen else c for i, c in enumerate(day + year))
            d, be = int(arabic_digits(digits[:len(day)])), year_be(digits[len(day):])
            if not be or not 1 <= d <= 31:
                continue
            for month, cost in months:
                try:
                    got = dt.date(be - BE_OFFSET, month, d)
                    start = dt.date((letter[0] or be) - BE_OFFSET, letter[1], letter[2])
                except ValueError:
                    continue
                if 0 <= (got - start).days <= WINDOW_DAYS and 0 < n + cost and not (n and cost):
                    found.append((n + cost, got))
    return min(found)[1] if found else None


def _soonest_after(letter: tuple[int | None, int, int], day: int, months: list[int], years: list[int]):
    """The date of that day in one of those months and years soonest on or after the letter's
    date, within ``WINDOW_DAYS``."""
    found = []
    for be in years:
        for month in months:
            try:
                got = dt.date(be - BE_OFFSET, month, day)
            except ValueError:
                continue
            # the letter's year may itself be misread: its day and month still anchor
            for start_be in {be, be - 1} | ({letter[0]} if letter[0] else set()):
                try:
                    start = dt.date(start_be - BE_OFFSET, letter[1], letter[2])
                except ValueError:
                    continue
                if 0 <= (got - start).days <= WINDOW_DAYS:
                    found.append(((got - start).days, got))
    return min(found)[1] if found else None


def latest(stamps: list[dict]) -> dict | None:
    """The stamp of the last office that received it: the latest date, else the last printed."""
    if not stamps:
        return None
    dated = [s for s in stamps if s.get("date")]
    return max(dated, key=lambda s: (s["date"], s.get("time") or "")) if dated else stamps[-1]
