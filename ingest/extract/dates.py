"""Thai dates: ``๘ สิงหาคม ๒๕๖๗``, ``๑๒ ก.ค. ๖๗``, ``วันที่ ๒๐ เดือน กรกฎาคม พ.ศ.๒๕๕๕`` → ISO CE.

Years are Buddhist Era (CE = BE − ``BE_OFFSET``); two-digit years are 25xx. A date that
cannot exist comes back with ``iso=None`` and a ``problem`` saying why, for the record's flags.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from ingest.thai.dates import BE_OFFSET, FIRST_YEAR
from ingest.thai.digits import ARABIC_DIGITS, arabic_digits
from ingest.thai.months import MONTHS, MONTHS_SHORT as ABBREVIATIONS
from ingest.thai.patterns import D



def _abbrev_pattern(abbr: str) -> str:
    """``ก.ค.`` also as ``ก.ค``, ``กค.``, ``ก. ค.``, ``ก, ค.``, ``ก.ค .``, ``กุค.``"""
    # a stray mark OCR adds to a letter (ม.ค่.) does not hide the month
    parts = [re.escape(p) + "[\u0e48\u0e49\u0e4a\u0e4b]?" for p in abbr.strip(".").split(".")]
    # a dot read as a comma (มิ, ย.; ม.ค .) or, low beside a pen's or a stamp's letter, as the
    # vowel ุ or ู under it (ธุค., กุย., สูค.)
    return r"\s?[.,\u0e38\u0e39]?\s?".join(parts) + r"(?:\s?\.)?"


def _month_table() -> list[tuple[str, int]]:
    pats = [(re.escape(m), i + 1) for i, m in enumerate(MONTHS)]
    # full names OCR'd without some marks still read (normalize restores most)
    pats += [(re.escape(m.replace("\u0e4c", "")), i + 1) for i, m in enumerate(MONTHS) if "\u0e4c" in m]
    pats += [(_abbrev_pattern(a), i + 1) for i, a in enumerate(ABBREVIATIONS)]
    return sorted(pats, key=lambda p: -len(p[0]))


_MONTHS = _month_table()
# the vowel under a letter an abbreviation's dot is read as: no abbreviation holds one
_DOT_AS_VOWEL = re.compile("[\u0e38\u0e39]")
# a two-digit year written by hand, its digits read apart (``๓ พ.ย. ๖ ๑``); not the start of
# a longer number (``๒ ๕๖๑``, ``๒ ๕ ๖ ๑``)
_PEN_YEAR = rf"[{D}]\s[{D}](?![{D}]|\s[{D}])"
# a day whose two digits OCR read apart (a rubber date stamp: ``2 0 กพ. 2557``)
_SPLIT_DAY = rf"[1-3๑-๓]\s[{D}]"
_MONTH_ALT = "|".join(f"(?:{p})" for p, _ in _MONTHS)
DATE_RE = re.compile(
    rf"(?<![{D}])(?P<day>[{D}]{{1,2}}|{_SPLIT_DAY})?\s*(?:เดือน\s*)?(?P<month>{_MONTH_ALT})\s*"
    rf"(?:(?P<era>พ\s?\.\s?ศ\s?\.?|ค\s?\.\s?ศ\s?\.?)\s*)?(?P<year>[{D}]{{2,5}}|{_PEN_YEAR})(?![{D}]|\s?[./]\s?[{D}])")
NUMERIC_RE = re.compile(rf"(?<![{D}/])(?P<day>[{D}]{{1,2}})\s?[/.-]\s?(?P<month>[{D}]{{1,2}})"
                        rf"\s?[/.-]\s?(?P<year>[{D}]{{2,4}})(?![{D}/])")
TIME_RE = re.compile(rf"(?<![{D}])([{D}]{{1,2}})\s?[.:]\s?([{D}]{{2}})\s?(?:น\.?)?")


@dataclass
class ThaiDate:
    iso: str | None        # "2024-08-08", or None when the date cannot exist
    text: str              # as printed
    year_be: int | None
    problem: str | None    # why iso is None or doubtful, for the flags
    start: int = 0
    end: int = 0


def month_number(name: str) -> int | None:
    """The month of a full or abbreviated name.

    >>> month_number("ก.ค.")
    7
    """
    for pat, n in _MONTHS:
        if re.fullmatch(pat, name.strip()):
            return n
    return None


def year_be(text: str, era: str | None = None) -> int | None:
    """The Buddhist-Era year of a printed year.

    >>> year_be("๖๗"), year_be("2561"), year_be("2018", "ค.ศ.")
    (2567, 2561, 2561)
    """
    digits = arabic_digits(text)
    if not digits.isdigit():
        return None
    y = int(digits)
    if len(digits) == 2:
        return 2500 + y
    if era and era.replace(" ", "").startswith("ค"):
        return y + BE_OFFSET
    return y


def _build(day: str | None, month: int, year_txt: str, era: str | None, text: str,
           start: int, end: int) -> ThaiDate:
    year_txt = year_txt.replace(" ", "")
    be = year_be(year_txt, era)
    if be is None or len(arabic_digits(year_txt)) in (3, 5):   # OCR split or dropped a digit
        return ThaiDate(None, text, None, f"year '{year_txt}' unreadable", start, end)
    problem = None
    if not 2400 <= be <= 2700:
        near = _one_figure_off(be)
        if near is None:
            return ThaiDate(None, text, be, f"year {be} impossible", start, end)
        problem, be = f"year {be} impossible; taken as {near}, one figure off: check", near
    if not day:
        return ThaiDate(None, text, be, "day missing (handwritten?)", start, end)
    d = int(arabic_digits(day.replace(" ", "")))
    ce = be - BE_OFFSET
    if not 1 <= d <= calendar.monthrange(ce, month)[1]:
        return ThaiDate(None, text, be, f"{d} {MONTHS[month - 1]} {be} does not exist", start, end)
    return ThaiDate(f"{ce:04d}-{month:02d}-{d:02d}", text, be, problem, start, end)


LAST_GUESSED_YEAR = 2599     # a misread year is put back into this Buddhist-Era century only


def _one_figure_off(be: int) -> int | None:
    """The one year from FIRST_YEAR to the end of this Buddhist-Era century that an
    impossible four-figure year is one figure away from: ``๓๕๖๗`` is ๒๕๖๗ with its ๒ read ๓.
    A year of the Christian era written without its ค.ศ. (``2024``) is not guessed at."""
    digits = str(be)
    if len(digits) != 4 or 1900 <= be <= 2100:
        return None
    near = {int(digits[:k] + f + digits[k + 1:]) for k in range(4) for f in ARABIC_DIGITS
            if f != digits[k]}
    near = [y for y in near if FIRST_YEAR <= y <= LAST_GUESSED_YEAR]
    return near[0] if len(near) == 1 else None


def find_dates(text: str) -> list[ThaiDate]:
    """Every date in a text, in order.

    >>> [d.iso for d in find_dates("ลว. ๑๒ ก.ค. ๖๗ และ ๘ สิงหาคม ๒๕๖๗")]
    ['2024-07-12', '2024-08-08']
    >>> find_dates("๓๑ กุมภาพันธ์ ๒๕๖๑")[0].problem
    '31 กุมภาพันธ์ 2561 does not exist'
    >>> find_dates("ประกาศ ณ วันที่ ๒๐ เดือน กรกฎาคม พ.ศ.๒๕๕๕")[0].iso
    '2012-07-20'
    >>> [d.iso for d in find_dates("ประกาศ ณ วันที่ เดือน 2 0 กพ. 2557 พ.ศ. / 20 พย 2555")]
    ['2014-02-20', '2012-11-20']
    """
    out = []
    for m in DATE_RE.finditer(text):
        month = month_number(m.group("month"))
        d = _build(m.group("day"), month, m.group("year"), m.group("era"), m.group(0).strip(),
                   m.start(), m.end())
        if d.iso and _DOT_AS_VOWEL.search(m.group("month")) and m.group("month") not in MONTHS:
            d.problem = f"month's dot read as a vowel, taken as {ABBREVIATIONS[month - 1]}: check"
        if m.group("day") or d.problem is None or not d.problem.startswith("year"):
            out.append(d)   # "กค ๐๔๐๒" is an agency code and a unit, not July of year 402
    return out


def day_and_month(text: str) -> tuple[int, int] | None:
    """(month, day) of a written-out date whose year may be unreadable.

    >>> day_and_month("๑๔ มีนาคม ๒๕๒๐")
    (3, 14)
    """
    m = DATE_RE.search(text)
    if not m or not m.group("day"):
        return None
    day = int(arabic_digits(m.group("day").replace(" ", "")))
    return (month_number(m.group("month")), day) if 1 <= day <= 31 else None


def parse_date(text: str) -> ThaiDate | None:
    """The first date in a text, written out or numeric (``๑๒/๑๐/๖๑``).

    >>> parse_date("วันที่ 12/10/61").iso
    '2018-10-12'
    >>> parse_date("ไม่มีวันที่") is None
    True
    """
    found = find_dates(text)
    if found:
        return found[0]
    m = NUMERIC_RE.search(text)
    if m:
        month = int(arabic_digits(m.group("month")))
        if 1 <= month <= 12:
            return _build(m.group("day"), month, m.group("year"), None, m.group(0).strip(),
                          m.start(), m.end())
    return None


def parse_time(text: str) -> str | None:
    """``๑๐.๓๐ น.`` → ``10:30``.

    >>> parse_time("เวลา ๐๙.๑๕ น.")
    '09:15'
    """
    m = TIME_RE.search(text)
    if not m:
        return None
    h, mi = int(arabic_digits(m.group(1))), int(arabic_digits(m.group(2)))
    if h > 23 or mi > 59:
        return None
    return f"{h:02d}:{mi:02d}"
