"""The letter record: a public contract (``saraban export --format json``).

Keep these names and shapes. ``new_record()`` gives a record with every field present.
"""
from __future__ import annotations

import re

KINDS = ("external", "memo", "stamped", "order", "announcement", "endorsement", "other")
URGENCIES = ("ด่วนที่สุด", "ด่วนมาก", "ด่วน")
SECRECIES = ("ลับที่สุด", "ลับมาก", "ลับ")

FIELDS = (
    "id", "kind", "doc_no", "doc_no_text", "issuer", "issuer_code", "date", "date_text",
    "subject", "salutation", "recipients", "references", "enclosures", "urgency", "secrecy",
    "directives", "signatory", "receipt", "receipts", "source", "flags",
)


def new_record() -> dict:
    """A record with every contract field present and empty.

    >>> sorted(new_record()) == sorted(FIELDS + ("confidence", "purpose", "boxes"))
    True
    """
    return {
        "id": None, "kind": "other", "doc_no": None, "doc_no_text": None,
        "issuer": None, "issuer_code": None, "date": None, "date_text": None,
        "subject": None, "salutation": None, "recipients": [], "references": [],
        "enclosures": [], "urgency": None, "secrecy": None, "directives": [],
        "signatory": None, "receipt": None, "receipts": [],
        "source": {"file": None, "sha256": None, "pages": []},
        "flags": [],
        # beyond the contract, kept alongside it:
        "purpose": None,      # endorsements: เพื่อทราบ, เพื่อโปรดพิจารณา...
        "confidence": {},     # field name -> 0..1
        "boxes": {},          # field name -> {"page": n, "box": [l, t, r, b]} for the review screen
    }


OPENINGS = ("กราบเรียน", "เรียน", "ถึง")


def addressed(rec: dict) -> tuple[str | None, list[str]]:
    """How the letter is addressed: its opening word (เรียน, or ถึง on a stamped letter)
    and the addressees.

    ``salutation`` holds the addressee line as printed after that word (the contract, as
    the extractor and the truth files write it), not the word: the word comes from the
    kind, or from the line itself where a record keeps it there. Orders and announcements
    are addressed to no one.

    >>> addressed({"kind": "external", "salutation": "นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัด"})
    ('เรียน', ['นายอำเภอ ทุกอำเภอ', 'นายกองค์การบริหารส่วนจังหวัด'])
    >>> addressed({"kind": "stamped", "salutation": "ถึง ที่ว่าการอำเภอแม่ริม", "recipients": ["ที่ว่าการอำเภอแม่ริม"]})
    ('ถึง', ['ที่ว่าการอำเภอแม่ริม'])
    >>> addressed({"kind": "order", "salutation": ""})
    (None, [])
    """
    word = "ถึง" if rec.get("kind") == "stamped" else "เรียน"
    line = (rec.get("salutation") or "").strip()
    for opening in OPENINGS:
        if line == opening or line.startswith(opening + " "):
            word, line = opening, line[len(opening):].strip()
            break
    names = list(rec.get("recipients") or []) or recipients_of(line)
    if not names and rec.get("kind") in ("order", "announcement"):
        return None, []
    return word, names


def recipients_of(salutation: str | None) -> list[str]:
    """One string per addressee: ``นายอำเภอทุกอำเภอ และนายกเทศมนตรี…`` → two; a speck read as
    a full stop after one (``ทุกแห่ง.``) is no part of it.

    >>> recipients_of("ผู้ว่าราชการจังหวัดทุกจังหวัด และนายกองค์การบริหารส่วนจังหวัด")
    ['ผู้ว่าราชการจังหวัดทุกจังหวัด', 'นายกองค์การบริหารส่วนจังหวัด']
    >>> recipients_of("นายอำเภอ ทุกอำเภอ และนายกเทศมนตรีตำบล ทุกแห่ง.")
    ['นายอำเภอ ทุกอำเภอ', 'นายกเทศมนตรีตำบล ทุกแห่ง']
    """
    if not salutation:
        return []
    parts = (r.strip().rstrip(".") for r in re.split(r"\s+และ|,", salutation))
    return [p for p in parts if p]
