"""Helpers for the extraction tests: truth pages as PageText, and field-by-field scoring."""
from __future__ import annotations

import json
from pathlib import Path

from ingest.page import Line, PageText, Word

GAP = 0.03
FIELDS = ("kind", "doc_no", "date", "subject", "urgency", "secrecy", "issuer", "salutation",
          "recipients", "enclosures", "references", "directives", "signatory", "purpose",
          "receipt.number", "receipt.date", "receipts")


def truth_pages(truth: dict) -> list[PageText]:
    """The printed lines of a truth file as an OCR engine would report them: runs on one
    baseline joined into a line, a wide gap between them kept as a run of spaces."""
    pages = []
    for p in truth["pages"]:
        runs = sorted(p["lines"], key=lambda l: (l["box"][1] + l["box"][3]) / 2)
        dpi = truth.get("dpi") or 300
        width, height = round(dpi * 21.0 / 2.54), round(dpi * 29.7 / 2.54)
        rows: list[list[dict]] = []
        for run in runs:
            for row in rows:
                if any(_same_row(run["box"], r["box"]) for r in row):
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
            lines.append(Line(text, box, 96.0, [w for r in row for w in _words(r)]))
        lines.sort(key=lambda l: l.box[1])
        pages.append(PageText(p["number"], width, height, lines, "truth", "text-layer"))
    return pages


def _words(run: dict) -> list[Word]:
    """The words of one printed run, its box shared out by character position (an OCR engine
    reports a box per word, so a tall mark beside a stamp does not smear the stamp's boxes)."""
    l, t, r, b = run["box"]
    text, out, pos = run["text"], [], 0
    n = max(len(text), 1)
    for word in text.split():
        start = text.index(word, pos)
        pos = start + len(word)
        out.append(Word(word, (l + (r - l) * start // n, t, l + (r - l) * pos // n, b), 96.0))
    return out


def _same_row(a, b) -> bool:
    """Two runs on one baseline: each one's middle lies within the other's height."""
    ma, mb = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
    return b[1] <= ma <= b[3] and a[1] <= mb <= a[3]


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
