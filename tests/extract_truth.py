"""Helpers for the extraction tests: truth pages as PageText, and field-by-field scoring."""
from __future__ import annotations

import json
from pathlib import Path

from ingest.page import Line, PageText

GAP = 0.045
FIELDS = ("kind", "doc_no", "date", "subject", "urgency", "secrecy", "issuer", "salutation",
          "recipients", "enclosures", "references", "directives", "signatory", "purpose",
          "receipt.number", "receipt.date", "receipts")


def truth_pages(truth: dict) -> list[PageText]:
    """The printed lines of a truth file as an OCR engine would report them: runs on one
    baseline joined into a line, a wide gap between them kept as a run of spaces."""
    pages = []
    for p in truth["pages"]:
        runs = sorted(p["lines"], key=lambda l: (l["box"][1] + l["box"][3]) / 2)
        width = max([l["box"][2] for l in runs] + [2480])
        rows: list[list[dict]] = []
        for run in runs:
            mid = (run["box"][1] + run["box"][3]) / 2
            for row in rows:
                top, bottom = min(r["box"][1] for r in row), max(r["box"][3] for r in row)
                if top <= mid <= bottom:
                    row.append(run)
                    break
            else:
                rows.append([run])
        lines = []
        for row in rows:
            row.sort(key=lambda r: r["box"][0])
            text = row[0]["text"]
            for a, b in zip(row, row[1:]):
                text += ("    " if b["box"][0] - a["box"][2] > GAP * width else " ") + b["text"]
            box = (min(r["box"][0] for r in row), min(r["box"][1] for r in row),
                   max(r["box"][2] for r in row), max(r["box"][3] for r in row))
            lines.append(Line(text, box, 96.0, []))
        lines.sort(key=lambda l: l.box[1])
        pages.append(PageText(p["number"], width, max(3508, max(l.box[3] for l in lines)),
                              lines, "truth", "text-layer"))
    return pages


def value(rec: dict, field: str):
    if field.startswith("receipt."):
        return (rec.get("receipt") or {}).get(field.split(".")[1])
    if field == "receipts":
        return [(r.get("number"), r.get("date")) for r in rec.get("receipts") or []]
    if field == "references":
        return [(r.get("doc_no"), r.get("date")) for r in rec.get("references") or []]
    return rec.get(field)


def score(truth_letters: list[dict], records: list[dict]) -> dict[str, list[bool]]:
    """Per field, one bool per truth letter: extracted exactly. Records are matched to truth
    letters in order of their first page and kind."""
    out: dict[str, list[bool]] = {f: [] for f in FIELDS}
    pool = list(records)
    for t in truth_letters:
        match = next((r for r in pool if r["kind"] == t["kind"] and
                      r["source"]["pages"][:1] == t["pages"][:1]), None) or \
            next((r for r in pool if r["source"]["pages"][:1] == t["pages"][:1]), None)
        if match is not None:
            pool.remove(match)
        for f in FIELDS:
            out[f].append(match is not None and value(match, f) == value(t, f))
    return out


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
