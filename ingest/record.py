"""The letter record: a public contract (``saraban export --format json``).

Keep these names and shapes. ``new_record()`` gives a record with every field present.
"""
from __future__ import annotations

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
