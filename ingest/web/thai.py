"""Presenting values the Thai way: Buddhist-era dates, month names, digits.

Pure functions, used as Jinja filters.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from ..thai.dates import BE_OFFSET
from ..thai.digits import arabic_digits, thai_digits
from ..thai.months import MONTHS, MONTHS_SHORT


def _parse(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def be_date(value, style: str = "short", thai: bool = False) -> str:
    """An ISO date in Thai with its Buddhist-era year; '' when there is none.

    >>> be_date("2018-09-15")
    '15 ก.ย. 2561'
    >>> be_date("2024-01-09", "long", thai=True)
    '๙ มกราคม ๒๕๖๗'
    >>> be_date("not a date")
    'not a date'
    """
    d = _parse(value)
    if d is None:
        return str(value or "")
    month = (MONTHS if style == "long" else MONTHS_SHORT)[d.month - 1]
    text = f"{d.day} {month} {d.year + BE_OFFSET}"
    return thai_digits(text) if thai else text


def be_datetime(value) -> str:
    """An ISO timestamp (UTC as the registry writes it) as a Thai date and local time.

    >>> be_datetime("2026-11-26T05:30:00+00:00")[:15]
    '26 พ.ย. 2569 12'
    """
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone(timedelta(hours=7)))  # Thailand has no DST
    return f"{be_date(moment.date())} {moment:%H:%M} น."


def parse_be_date(text: str) -> str | None:
    """What a clerk types into a date field as an ISO date: ISO itself, or d/m/yyyy with a
    Buddhist-era (or Common-era) year, Thai or Arabic digits. None when it is not a date.

    >>> parse_be_date("15/9/2561"), parse_be_date("๑๕/๐๙/๒๕๖๑"), parse_be_date("2018-09-15")
    ('2018-09-15', '2018-09-15', '2018-09-15')
    >>> parse_be_date("31/2/2561") is None
    True
    """
    s = arabic_digits((text or "").strip())
    if not s:
        return None
    try:
        return date.fromisoformat(s).isoformat()
    except ValueError:
        pass
    parts = s.replace("-", "/").replace(".", "/").split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    day, month, year = map(int, parts)
    if year > 2400:
        year -= BE_OFFSET
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
