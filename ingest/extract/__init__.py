"""Extract the letter record from the text of a bundle: split, then read each field.

``extract_bundle(pages)`` → records made with ``ingest.record.new_record()``; every field that
can be read is filled, with ``confidence`` (OCR word confidence × parse certainty; for the
fields ``extract.doubt`` models, on OCR'd pages, the fitted probability that the field is
right), ``boxes`` (where on the page it was read, for the review screen) and ``flags`` (what a
clerk should check, a modelled field below its fitted line among them). ``extract_text(text)`` does the same for plain text (``\\f`` separates pages).
"""
from __future__ import annotations

import datetime as dt

from ingest.extract import doubt
from ingest.extract.cells import page_cells, text_page
from ingest.extract.across import check_bundle
from ingest.extract.checks import check_doubted_stamp
from ingest.extract.closing import repair_date
from ingest.extract.letter import extract_segment
from ingest.extract.split import Segment, split_cells
from ingest.page import PageText


def extract_bundle(pages: list[PageText], *, today: dt.date | None = None) -> list[dict]:
    """Records of every letter and endorsement in a bundle, in bundle order. ``today`` is the
    day the bundle was received (default: now): what extraction knows of the present, passed
    down so that the same scan extracts the same way whenever it is read again."""
    today = today or dt.date.today()
    cells = [page_cells(p) for p in pages]
    segments = split_cells(cells, [p.number for p in pages])
    if segments and not any(s.kind == "letter" for s in segments):
        # no head found anywhere: the document is still registered, as what could be read
        segments = [Segment("letter", [p.number for p in pages], None, [c for cs in cells for c in cs])]
    records: list[dict] = []
    index: dict[int, int] = {}
    own_cells: list[list] = []        # each record's cells and its attachments'
    for i, seg in enumerate(segments):
        if seg.kind == "attachment":
            if seg.owner is not None and seg.owner in index:
                records[index[seg.owner]]["source"]["pages"].extend(seg.pages)
                own_cells[index[seg.owner]].extend(seg.cells)
            continue
        owner = records[index[seg.owner]] if seg.owner in index else None
        rec = extract_segment(seg, owner, pages, today)
        index[i] = len(records)
        records.append(rec)
        own_cells.append(list(seg.cells))
    warnings = {p.number: p.warnings for p in pages}
    for rec, cells_of in zip(records, own_cells):
        repair_date(rec, cells_of, rec.pop("_date_line", None))
        check_doubted_stamp(rec, [w for n in rec["source"]["pages"] for w in warnings.get(n, [])])
    check_bundle(records)
    read = any(p.source == "ocr" for p in pages)       # the doubt is fitted on OCR's readings
    for rec in records:
        weakest = rec.pop("_weakest", {})
        if read:
            doubt.assess(rec, weakest)
    return records


def extract_text(text: str) -> list[dict]:
    """``extract_bundle`` for plain text; pages separated by form feeds."""
    pages = [text_page(t, i + 1) for i, t in enumerate(text.split("\f")) if t.strip()]
    return extract_bundle(pages)


__all__ = ["extract_bundle", "extract_text"]
