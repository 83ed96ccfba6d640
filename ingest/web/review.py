"""The review form: which fields a clerk checks, in what order, and what the form's text
becomes when saved (each change one audited correction through ``corrections.edit``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..record import KINDS, SECRECIES, URGENCIES
from ..thai.dates import BE_OFFSET
from ..thai.digits import arabic_digits
from . import lists
from .wording import flag_thai
from .thai import be_date, parse_be_date

LOW_CONFIDENCE = 0.80

KIND_NAMES = {"external": "หนังสือภายนอก", "memo": "บันทึกข้อความ (หนังสือภายใน)",
              "stamped": "หนังสือประทับตรา", "order": "หนังสือสั่งการ", "announcement": "ประกาศ / แถลงการณ์",
              "endorsement": "เกษียนหนังสือ (ส่งต่อ)", "other": "อื่น ๆ"}


@dataclass(frozen=True)
class Field:
    name: str            # "subject", or "receipt.number" for a part of an object field
    label: str
    kind: str = "text"   # text, date, time, lines, select, list (rows: see lists.py)
    choices: tuple = ()

    @property
    def top(self) -> str:
        return self.name.split(".")[0]

    @property
    def form_name(self) -> str:
        return "f_" + self.name.replace(".", "__")


FIELDS = (
    Field("doc_no", "ที่ (เลขที่หนังสือ)"),
    Field("date", "ลงวันที่", "date"),
    Field("subject", "เรื่อง"),
    Field("issuer", "จาก (ส่วนราชการเจ้าของหนังสือ)"),
    Field("issuer_code", "รหัสส่วนราชการ"),
    Field("recipients", "ถึง / เรียน", "list"),
    Field("references", "อ้างถึง", "list"),
    Field("kind", "ชนิดหนังสือ", "select", KINDS),
    Field("urgency", "ชั้นความเร็ว", "select", ("",) + URGENCIES),
    Field("secrecy", "ชั้นความลับ", "select", ("",) + SECRECIES),
    Field("receipt.number", "เลขทะเบียนรับ"),
    Field("receipt.date", "วันที่รับ", "date"),
    Field("receipt.time", "เวลารับ", "time"),
    Field("receipt.receiver", "หน่วยงานที่รับ"),
    Field("signatory.name", "ผู้ลงนาม"),
    Field("signatory.position", "ตำแหน่งผู้ลงนาม"),
    Field("enclosures", "สิ่งที่ส่งมาด้วย", "list"),
    Field("directives", "ข้อสั่งการ", "list"),
    Field("purpose", "การปฏิบัติ / เพื่อ"),
    Field("salutation", "บรรทัดเรียน / ถึง (ข้อความตามที่พิมพ์)"),
)
BY_NAME = {f.name: f for f in FIELDS}
OTHER_LABELS = {"receipt": "ตรารับ", "receipts": "ตรารับทั้งหมด", "signatory": "ผู้ลงนาม",
                "flags": "รายการที่ต้องตรวจ",
                "doc_no_text": "เลขที่ตามที่พิมพ์", "date_text": "วันที่ตามที่พิมพ์"}


def field_label(name: str) -> str:
    """A field's name in Thai, for the history.

    >>> field_label("date"), field_label("receipt"), field_label("colour")
    ('ลงวันที่', 'ตรารับ', 'colour')
    """
    if name in BY_NAME:
        return BY_NAME[name].label.split(" (")[0]
    return OTHER_LABELS.get(name, name)


def resolved_flags(rec: dict, changed: list[str]) -> list[str]:
    """The flags about fields the clerk has just corrected: answered, so they go."""
    by_field, _ = flags_by_field(rec)
    return [flag for name in changed for flag in by_field.get(name, [])]


def value_of(rec: dict, field: Field):
    head, _, sub = field.name.partition(".")
    value = rec.get(head)
    return (value or {}).get(sub) if sub else value


def shown(rec: dict, field: Field) -> str:
    """The field as the clerk reads and types it (dates as d/m/BE year)."""
    value = value_of(rec, field)
    if value is None:
        return ""
    if field.kind == "lines":
        return "\n".join(value)
    if field.kind == "list":
        return lists.rows_of(field.name, value)
    if field.kind == "date":
        try:
            y, m, d = (int(x) for x in str(value).split("-"))
            return f"{d}/{m}/{y + BE_OFFSET}"
        except ValueError:
            return str(value)
    return str(value)


# what the extractor's checks say, in words, for fields they do not name exactly
FLAG_WORDS = (("reference", "references"), ("agency code", "issuer_code"), ("ว number", "doc_no"), ("year", "date"),
              ("receipt", "receipt.number"), ("signatory", "signatory.name"))


def _field_of_flag(flag: str) -> str | None:
    """The form field a flag speaks of: "date: ...", "receipt date: ...", "receipt.time ...",
    else a field or phrase it names.

    >>> [_field_of_flag(f) for f in ("date: not found", "receipt date: 31 Feb",
    ...  "agency code 'ศษ' unknown", "year 2516 far from the others", "digits: none read")]
    ['date', 'receipt.date', 'issuer_code', 'date', None]
    """
    m = re.match(r"\s*([a-z_]+)(?:[. ]([a-z_]+))?", flag)
    if m:
        if m.group(2) and f"{m.group(1)}.{m.group(2)}" in BY_NAME:
            return f"{m.group(1)}.{m.group(2)}"
        if m.group(1) in BY_NAME:
            return m.group(1)
    for words, name in FLAG_WORDS:
        if words in flag:
            return name
    for word in re.findall(r"\b([a-z_]{4,})\b", flag):
        if word in BY_NAME:
            return word
    return None


def flags_by_field(rec: dict) -> tuple[dict[str, list[str]], list[str]]:
    """Flags sorted to the fields they speak of, and the ones that name no field."""
    by_field: dict[str, list[str]] = {}
    rest = []
    for flag in rec.get("flags") or []:
        name = _field_of_flag(str(flag))
        if name:
            by_field.setdefault(name, []).append(flag)
        else:
            rest.append(flag)
    return by_field, rest


def confidence(rec: dict, field: Field) -> float | None:
    conf = rec.get("confidence") or {}
    value = conf.get(field.name, conf.get(field.top))
    return float(value) if isinstance(value, (int, float)) else None


def box(rec: dict, field: Field) -> dict | None:
    boxes = rec.get("boxes") or {}
    found = boxes.get(field.name) or boxes.get(field.top)
    if isinstance(found, dict) and isinstance(found.get("box"), (list, tuple)) and len(found["box"]) == 4:
        return {"page": int(found.get("page") or 1), "box": [float(v) for v in found["box"]]}
    return None


def rows(rec: dict, corrected: set[str] = frozenset()) -> list[dict]:
    """The form's rows, flagged fields first, then low confidence, then the rest in order.
    A field a person has corrected (``corrected``: field names from the history) is no longer
    of low confidence: the OCR's score was about the old value."""
    flagged, _ = flags_by_field(rec)
    out = []
    for i, f in enumerate(FIELDS):
        conf = confidence(rec, f)
        state = ("flagged" if f.name in flagged else
                 "corrected" if f.name in corrected or f.top in corrected else
                 "low" if conf is not None and conf < LOW_CONFIDENCE else "")
        out.append({"field": f, "value": shown(rec, f), "raw": value_of(rec, f), "flags": flagged.get(f.name, []),
                    "confidence": conf, "state": state, "box": box(rec, f), "order": i})
    rank = {"flagged": 0, "low": 1, "corrected": 2, "": 2}
    out.sort(key=lambda r: (rank[r["state"]], r["order"]))
    return out


def drawn_boxes(form_rows: list[dict]) -> list[dict]:
    """One box per place on the page: fields that share a box (the parts of a receipt stamp)
    are drawn once, labelled by what they share, coloured by the most urgent of them."""
    rank = {"flagged": 0, "low": 1, "corrected": 2, "": 3}
    found: dict[tuple, dict] = {}
    for r in sorted(form_rows, key=lambda r: r["order"]):
        if not r["box"]:
            continue
        key = (r["box"]["page"], tuple(r["box"]["box"]))
        f = r["field"]
        if key not in found:
            found[key] = {"page": key[0], "box": r["box"]["box"], "fields": [f.name],
                          "label": f.label.split(" (")[0], "state": r["state"]}
            continue
        d = found[key]
        d["fields"].append(f.name)
        d["label"] = OTHER_LABELS.get(f.top, d["label"])
        if rank[r["state"]] < rank[d["state"]]:
            d["state"] = r["state"]
    return list(found.values())


class FormError(ValueError):
    def __init__(self, field: Field, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _parse(field: Field, text: str):
    text = (text or "").strip()
    if field.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if not text:
        return None
    if field.kind == "date":
        iso = parse_be_date(text)
        if iso is None:
            raise FormError(field, f"“{text}” ไม่ใช่วันที่: พิมพ์เป็น วัน/เดือน/ปี พ.ศ. เช่น 15/9/2561")
        return iso
    if field.kind == "time":
        m = re.fullmatch(r"(\d{1,2})[.:](\d{2})(?:\s*น\.?)?", arabic_digits(text))
        if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
            raise FormError(field, f"“{text}” ไม่ใช่เวลา: พิมพ์เป็น ชม.นาที เช่น 10.30")
        return f"{int(m.group(1)):02d}:{m.group(2)}"
    if field.kind == "select" and text not in field.choices:
        raise FormError(field, f"“{text}” ไม่ใช่ตัวเลือกของช่องนี้")
    return text


def changes(rec: dict, form) -> list[tuple[str, object, list[str]]]:
    """What the submitted form changes, as (library field, new value, form fields): parts of
    ``receipt`` and ``signatory`` are gathered into one correction of the whole object.
    Raises FormError for a value that cannot be right."""
    out: dict[str, object] = {}
    touched: dict[str, list[str]] = {}
    for f in FIELDS:
        if f.form_name not in form:
            continue
        if f.kind == "list":
            try:
                new = lists.parse(f.name, form)
            except lists.ListError as e:
                raise FormError(f, str(e)) from None
            if lists.same(f.name, value_of(rec, f), new):
                continue
            new = lists.merged(f.name, value_of(rec, f), new)
        else:
            new = _parse(f, form.get(f.form_name, ""))
        if new == value_of(rec, f) or (new in (None, []) and value_of(rec, f) in (None, [], "")):
            continue
        head, _, sub = f.name.partition(".")
        if sub:
            holder = out.setdefault(head, dict(rec.get(head) or {}))
            holder[sub] = new
        else:
            out[head] = new
        touched.setdefault(head, []).append(f.name)
    return [(name, value, touched[name]) for name, value in out.items()]


KEY_WORDS = {"doc_no": "ที่", "date": "วันที่", "time": "เวลา", "number": "เลข", "receiver": "หน่วยงานที่รับ",
             "position": "ตำแหน่ง", "text": "", "name": ""}


def describe(value, field: str | None = None) -> str:
    """An audit value as one line of Thai-friendly text (flags in the clerk's Thai).

    >>> describe([{"doc_no": "มท 0206.2/ว 5109", "date": "2018-07-25", "text": None}])
    'ที่ มท 0206.2/ว 5109 วันที่ 25 ก.ค. 2561'
    """
    if value is None or value == "" or value == []:
        return "—"
    if field == "flags" and isinstance(value, list):
        return "; ".join(flag_thai(str(v)) or str(v) for v in value)
    if isinstance(value, list):
        return "; ".join(describe(v) for v in value)
    if isinstance(value, dict):
        return " ".join(f"{KEY_WORDS.get(k, k)} {describe(v)}".strip() for k, v in value.items()
                        if v not in (None, "", []))
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return be_date(text)
    return text

