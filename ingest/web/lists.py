"""Lists in the review form: references (อ้างถึง), directives, recipients, enclosures.

Each list is a group of rows the clerk can add to and remove from. A row's inputs are named
``f_<list>-<row>-<column>`` (``f_references-0-doc_no``); the hidden input ``f_<list>`` says
the list was on the form, so a list whose rows were all removed is saved as empty rather
than left alone. Blank rows are dropped (the form always ends with one, for adding
without JavaScript). The whole list is saved as one audited correction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..thai.keys import doc_no_display
from ..thai.dates import BE_OFFSET
from ..thai.digits import arabic_digits
from .thai import parse_be_date


@dataclass(frozen=True)
class Column:
    key: str | None      # the item's key; None for a list of plain strings
    label: str
    kind: str = "text"   # text, date, doc_no, number
    width: str = "1fr"   # the CSS grid column

    @property
    def name(self) -> str:
        return self.key or "value"


COLUMNS = {
    "references": (Column("doc_no", "ที่", "doc_no", "11rem"), Column("date", "ลงวันที่", "date", "7.5rem"),
                   Column("text", "ข้อความที่อ้าง")),
    "directives": (Column("number", "ข้อ", "number", "3.5rem"), Column("text", "ข้อความ")),
    "recipients": (Column(None, "ถึง / เรียน"),),
    "enclosures": (Column(None, "สิ่งที่ส่งมาด้วย"),),
}
ADD_LABEL = {"references": "เพิ่มหนังสือที่อ้างถึง", "directives": "เพิ่มข้อสั่งการ",
             "recipients": "เพิ่มผู้รับ", "enclosures": "เพิ่มสิ่งที่ส่งมาด้วย"}


class ListError(ValueError):
    pass


def _iso_to_input(value) -> str:
    try:
        y, m, d = (int(x) for x in str(value).split("-"))
        return f"{d}/{m}/{y + BE_OFFSET}"
    except ValueError:
        return str(value)


def cell(column: Column, value) -> str:
    """A stored value as the clerk reads and types it."""
    if value is None:
        return ""
    if column.kind == "date":
        return _iso_to_input(value)
    return str(value)


def rows_of(name: str, value) -> list[list[str]]:
    """The stored list as rows of cell texts, for the form."""
    cols = COLUMNS[name]
    out = []
    for item in value or []:
        if cols[0].key is None:
            out.append([cell(cols[0], item)])
        else:
            item = item if isinstance(item, dict) else {}
            out.append([cell(c, item.get(c.key)) for c in cols])
    return out


def rows_from_form(name: str, form) -> list[list[str]]:
    """The submitted rows as typed, in order (to show the form again after an error)."""
    cols = COLUMNS[name]
    pattern = re.compile(rf"^f_{name}-(\d+)-([a-z_]+)$")
    found: dict[int, dict[str, str]] = {}
    for key in form:
        m = pattern.match(key)
        if m:
            found.setdefault(int(m.group(1)), {})[m.group(2)] = form.get(key, "")
    return [[found[i].get(c.name, "") for c in cols] for i in sorted(found)]


def _value(column: Column, text: str, row: int):
    text = (text or "").strip()
    if not text:
        return None
    if column.kind == "date":
        iso = parse_be_date(text)
        if iso is None:
            raise ListError(f"แถวที่ {row}: “{text}” ไม่ใช่วันที่: พิมพ์เป็น วัน/เดือน/ปี พ.ศ. เช่น 15/9/2561")
        return iso
    if column.kind == "doc_no":
        return doc_no_display(text)
    if column.kind == "number":
        return arabic_digits(text).strip(" .")
    return text


def parse(name: str, form) -> list:
    """The list the form describes: blank rows dropped. Raises ListError for a bad cell."""
    cols = COLUMNS[name]
    out = []
    for i, texts in enumerate(rows_from_form(name, form), 1):
        values = [_value(c, t, i) for c, t in zip(cols, texts)]
        if all(v is None for v in values):
            continue
        out.append(values[0] if cols[0].key is None else dict(zip((c.key for c in cols), values)))
    return out


def same(name: str, old, new: list) -> bool:
    """Whether the form's list says what is stored (keys the form does not edit ignored,
    numbers compared as text: the extractor writes "1", an import may have written 1)."""
    cols = COLUMNS[name]

    def norm(items):
        if cols[0].key is None:
            return [str(v) for v in items or []]
        return [tuple(None if (it or {}).get(c.key) in (None, "") else str(it[c.key]) for c in cols)
                for it in items or []]
    return norm(old) == norm(new)


def merged(name: str, old, new: list) -> list:
    """The new list keeping, item by item, the keys the form does not show (a reference's
    resolved letter id, say) where the item at that place still has the same number."""
    cols = COLUMNS[name]
    if cols[0].key is None:
        return new
    by_place = list(old or [])
    out = []
    for i, item in enumerate(new):
        before = by_place[i] if i < len(by_place) and isinstance(by_place[i], dict) else {}
        keep = {k: v for k, v in before.items() if k not in item} if before.get(cols[0].key) == item.get(cols[0].key) else {}
        out.append({**keep, **item})
    return out
