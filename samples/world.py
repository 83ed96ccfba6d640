"""The invented world behind the samples: forwarding chains from a ministry down to a local office.

A chain is built once per seed (cheap, no drawing). Each letter carries the printed strings for
rendering (``spec``) and its ground-truth record (``truth``, the contract fields of
ingest/record.py), built from the same strings so the two cannot disagree.
"""
from __future__ import annotations

import datetime as dt
import random

from ingest.thai.keys import doc_no_display, thai_digits
from samples.content import date_full, digits


def doc_text(code: str, unit: str, run: int, circ: bool, style: str, variant: str = "") -> str:
    """A reference number as printed: 'มท ๐๒๐๖.๒/ว ๕๒๒๑', 'อต. ๐๐๒๓.๑๔/ว 1220', 'ชม ๗๘๑๐๑/๑๒๓'."""
    head = code + ("." if variant == "dot" else "")
    unit_p = unit if style == "arabic" else thai_digits(unit)
    run_p = str(run) if style in ("arabic", "mixed") else thai_digits(str(run))
    marker = ("ว" if variant == "nospace" else "ว ") if circ else ""
    return f"{head} {unit_p}/{marker}{run_p}"


class Registry:
    """Running numbers per office and year: they grow with the date, as a register does."""

    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    DRAWS = 1000     # random draws within the day's numbers before taking the next free one

    def number(self, office: str, date: dt.date, per_day: float) -> int:
        """A number of the day's range not yet given; when the office's few numbers of that day
        are all taken (more letters on one day than it numbers), the next free one after them."""
        doy = date.timetuple().tm_yday
        for _ in range(self.DRAWS):
            n = max(1, int(doy * per_day) + self.rng.randint(0, max(1, int(per_day))))
            if (office, date.year, n) not in self.used:
                break
        while (office, date.year, n) in self.used:
            n += 1
        self.used.add((office, date.year, n))
        return n


def style_of(rng) -> str:
    r = rng.random()
    return "thai" if r < 0.68 else ("arabic" if r < 0.88 else "mixed")


def printer(style: str):
    """Digits for ordinary text: mixed letters print text in Thai digits, numbers vary."""
    return lambda s: digits(s, "arabic" if style == "arabic" else "thai")


def phone_text(phone: str, style: str) -> str:
    return digits(phone, "thai" if style == "thai" else "arabic")


def cite(letter: dict, style: str) -> dict:
    """How another letter cites this one: 'หนังสือจังหวัด… ที่ … ลงวันที่ …', as a reference."""
    t = letter["truth"]
    dstyle = "arabic" if style == "arabic" else "thai"
    printed_no = doc_text(*letter["numparts"], style)
    text = (f"หนังสือ{letter['cite_name']} ที่ {printed_no} "
            f"ลงวันที่ {date_full(dt.date.fromisoformat(t['date']), dstyle)}")
    return {"doc_no": t["doc_no"], "date": t["date"], "text": text}


def make_letter(kind: str, *, office: dict, date: dt.date, style: str, subject: str,
                salutation: str, paragraphs: list, numparts, signatory: dict | None,
                references=(), enclosures=(), urgency=None, secrecy=None, extra=None) -> dict:
    """Assemble the spec (printed strings) and the truth record of one letter."""
    pr = printer(style)
    dstyle = "arabic" if style == "arabic" else "thai"
    variant = extra.pop("variant", "") if extra else ""
    doc_no_text = (doc_text(*numparts, style, variant) if numparts and numparts[0]
                   else (digits(f"{numparts[2]}/{date.year + 543}", dstyle) if numparts else None))
    be = kind in ("order", "announcement")
    date_text = date_full(date, dstyle, be_prefix=be)
    spec = {"kind": kind, "digits": dstyle, "doc_no_text": doc_no_text,
            "office_lines": office["lines"], "date_text": date_text, "subject": subject,
            "salutation": salutation, "references": [r["text"] for r in references],
            "enclosures": list(enclosures), "paragraphs": paragraphs, "urgency": urgency,
            "secrecy": secrecy, "signatory": signatory, "stamps": [], "endorsements": [],
            "foot": [pr(x) for x in office.get("foot", [])]}
    spec.update(extra or {})
    doc_no = doc_no_display(doc_no_text) if doc_no_text else None
    directives = []
    for p in paragraphs:
        if p[0] == "item":
            directives.append({"number": str(len(directives) + 1), "text": p[2]})
    truth = {"kind": kind, "doc_no": doc_no, "doc_no_text": doc_no_text,
             "issuer": office["issuer"],
             "issuer_code": doc_no.split(" ")[0] if doc_no and numparts[0] else None,
             "date": date.isoformat(), "date_text": date_text, "subject": subject,
             "salutation": salutation,
             "recipients": [r.strip() for r in salutation.split(" และ")] if salutation else [],
             "references": [dict(r) for r in references], "enclosures": list(enclosures),
             "urgency": urgency, "secrecy": secrecy, "directives": directives,
             "signatory": ({"name": signatory["name"],
                            "position": " ".join(signatory["position_lines"])}
                           if signatory else None),
             "receipt": None, "receipts": [], "purpose": None, "pages": [], "digits": style}
    return {"spec": spec, "truth": truth, "numparts": numparts, "attachments": [],
            "cite_name": office.get("cite_name", office["issuer"])}
