"""Receiving numbers (เลขทะเบียนรับ) issued by the registry's own office, and the office setting.

Receiving numbers run through the calendar year (circulars.md §7): the next one is the
highest number this office has given in the year, plus one. Stamps of other offices read off
scanned letters (the province's stamp on a ministry letter a district scanned) are not this
office's series and do not count; a stamp whose receiver was not read counts, to be safe
(a number given twice is worse than a gap). The number is written through the audited
correction of ``receipt``, inside one write transaction, so two clerks pressing at once
get two numbers.

The office's name is kept in the registry file in a small key/value table of the web
layer (``web_settings``): the library has no settings table in the registry.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from ..errors import SarabanError
from ..registry.book import same_office
from ..thai.digits import arabic_digits
from . import lib

TABLE = "web_settings"
THAILAND = timezone(timedelta(hours=7))  # no daylight saving


class ReceiveError(SarabanError):
    """A receiving number that cannot be given (already numbered, no office set)."""


def now() -> datetime:
    """The time in Thailand (the server may run in UTC)."""
    return datetime.now(THAILAND)


# -- the key/value table ----------------------------------------------------------------

def get_setting(reg, key: str) -> str | None:
    if not reg.has_table(TABLE):
        return None  # reading never creates it: a read-only look at the registry stays read-only
    rows = reg.q(f"SELECT value FROM {TABLE} WHERE key = ?", (key,))
    return rows[0]["value"] if rows else None


def set_setting(reg, key: str, value: str | None) -> None:
    with reg.transaction():
        reg.conn.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, value TEXT)")
        reg.conn.execute(f"INSERT INTO {TABLE} (key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


def office(reg) -> str | None:
    return (get_setting(reg, "office") or "").strip() or None


def set_office(reg, name: str) -> None:
    set_setting(reg, "office", re.sub(r"\s+", " ", name or "").strip()[:200] or None)


# -- the series -------------------------------------------------------------------------

def _number(text) -> int | None:
    """The running number of a receiving number as written: "๑๐๓", "103", "103/2567".

    >>> _number("๑๐๓"), _number("103/2567"), _number("ไม่ชัด")
    (103, 103, None)
    """
    m = re.match(r"\s*(\d+)", arabic_digits(str(text or "")))
    return int(m.group(1)) if m else None


def _ours(receiver: str | None, office_name: str) -> bool:
    """Whether a stamp's receiver is this office (``register_book.same_office``).

    >>> _ours("ที่ว่าการ อำเภอแม่ริม", "ที่ว่าการอำเภอแม่ริม"), _ours("ศาลากลางจังหวัดเชียงใหม่", "ที่ว่าการอำเภอแม่ริม")
    (True, False)
    """
    return same_office(receiver, office_name)


def last_number(reg, year: int, office_name: str) -> int:
    """The highest receiving number this office gave in the calendar year (CE), 0 if none."""
    like = f"{year:04d}-%"
    found = reg.q("SELECT json_extract(receipt, '$.number') AS number, "
                  "json_extract(receipt, '$.receiver') AS receiver FROM letters "
                  "WHERE json_extract(receipt, '$.date') LIKE ?", (like,))
    found += reg.q('SELECT number, receiver FROM "receipts" WHERE date LIKE ?', (like,))
    numbers = [_number(r["number"]) for r in found if _ours(r["receiver"], office_name)]
    return max((n for n in numbers if n is not None), default=0)


def issue(reg, letter_id: int, user: str) -> dict:
    """Give the letter the next receiving number, dated now; the new record."""
    name = office(reg)
    if not name:
        raise ReceiveError("ยังไม่ได้ตั้งชื่อหน่วยงานที่รับของทะเบียนนี้",
                           hint="ตั้งได้ที่หน้า ทะเบียนรับ (ช่อง หน่วยงานที่รับ) แล้วกดออกเลขรับอีกครั้ง")
    with reg.transaction():  # BEGIN IMMEDIATE: the number is read and written under one lock
        rec = reg.letter(letter_id)
        given = (rec.get("receipt") or {}).get("number")
        if given:
            raise ReceiveError(f"หนังสือนี้มีเลขรับแล้ว ({given}): ไม่ออกเลขซ้ำ",
                               hint="ถ้าเลขเดิมผิด แก้ที่ช่อง เลขทะเบียนรับ ในหน้าตรวจ")
        moment = now()
        number = last_number(reg, moment.year, name) + 1
        receipt = {**(rec.get("receipt") or {}), "number": str(number), "date": moment.date().isoformat(),
                   "time": moment.strftime("%H:%M"), "receiver": name}
        return lib.edit(reg, letter_id, "receipt", receipt, user, f"ออกเลขรับ {number}")
