"""Every labelled field of the real documents (../shared/realdocs/truth/*.json), scored.

Each document is read through the library (load → clean → read, then normalize, split and
extract), its pages as one bundle when it came as several files. Every labelled field of
its letter is compared with the truth and a per-field table is printed (``pytest -s``).
Every document must be registered (at least one record), and the share of fields right
must not fall below the level reached (a ratchet: raise it when extraction gets better).

OCR of the 16 pages takes about 100 s on one core, too long for CI: page texts are cached
under ``SARABAN_REALDOCS_CACHE`` (default: /tmp/saraban-realdocs-cache), keyed by the file's
sha256 and a hash of the reader's code and model. A document whose pages are cached runs in
CI; one that must be read first is marked ``slow`` (``pytest -m slow`` reads and caches it).
Skips when the folder is absent.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import OCR_CACHE, REALDOCS, file_sha256, reader_version

TRUTHS = sorted((REALDOCS / "truth").glob("*.json")) if (REALDOCS / "truth").is_dir() else []
CACHE = OCR_CACHE
FIELDS = ("doc_no", "key", "date", "subject", "recipients_contain", "signatory_name")
# the record's field each labelled one is read from, for its flags and confidence
RECORD_FIELD = {"doc_no": "doc_no", "key": "doc_no", "date": "date", "subject": "subject",
                "recipients_contain": "recipients", "signatory_name": "signatory"}
# measured 2026-12-01 on the 5 documents: 8 of 12 labelled fields right, 2 wrong and not flagged
# (3 of 12 before multi-page closings, stamped and handwritten dates and signatories were read)
RATCHET = 8 / 12
# 2026-12-02: the same 8 right, none wrong and unflagged (นายเนีย for นายเน้ย now doubted: its ้ lost);
# measured again after the doubt was refitted over all fields: the same 8, none silent. The 4 wrong
# are readings no rule can repair: นายเน้ย read นายเนีย (twice), and the village lists of two
# subjects (2,9 read 2.9 and 6,12 read 612; ๑,๒ read ๑ 2, and ๑๒ read a8), all flagged
SILENT_RATCHET = 0

pytestmark = pytest.mark.realdocs


def cache_path(path: Path) -> Path:
    return CACHE / f"{file_sha256(path)}-{reader_version()}.json"


def read_file(path: Path) -> list:
    """The pages of one file as the library reads them, from the cache when it holds them."""
    from ingest import load
    from ingest.page import PageText
    from ingest.pipeline import PageReader, read_document

    cached = cache_path(path)
    if cached.exists():
        return [PageText.from_dict(d) for d in json.loads(cached.read_text("utf-8"))]
    with PageReader(1) as reader:
        pages = read_document(load.open_document(path), reader)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_text(json.dumps([p.to_dict() for p in pages], ensure_ascii=False), "utf-8")
    tmp.replace(cached)
    return pages


def document_pages(truth: dict) -> list:
    """All pages of a document, numbered through its files in order."""
    pages = []
    for name in truth["files"]:
        for page in read_file(REALDOCS / name):
            page.number = len(pages) + 1
            pages.append(page)
    return pages


def fold(text: str) -> str:
    """Thai digits folded, whitespace dropped, ำ recomposed: how the truth is compared."""
    from ingest.text_errors import canonical
    from ingest.thai.keys import arabic_digits

    return "".join(arabic_digits(canonical(text or "")).split())


def field_right(letter: dict, rec: dict | None, field: str) -> bool:
    from ingest.thai.keys import doc_no_key

    want = letter[field]
    if rec is None:
        return False
    if field == "doc_no":
        return fold(rec.get("doc_no_text") or rec.get("doc_no") or "") == fold(want) \
            or doc_no_key(rec.get("doc_no") or "") == doc_no_key(want)
    if field == "key":
        return (doc_no_key(rec.get("doc_no") or "") or "") == fold(want)
    if field == "date":
        return rec.get("date") == want
    if field == "subject":
        return fold(rec.get("subject")) in {fold(s) for s in [want, *letter.get("subject_also_ok", [])]}
    if field == "recipients_contain":
        have = fold(" ".join(rec.get("recipients") or []) + " " + (rec.get("salutation") or ""))
        return all(fold(w) in have for w in ([want] if isinstance(want, str) else want))
    if field == "signatory_name":
        return fold((rec.get("signatory") or {}).get("name")) == fold(want)
    raise KeyError(field)


def field_flagged(rec: dict | None, field: str) -> bool:
    """A clerk is told to check it: a flag names it, or its confidence is below the line."""
    from ingest.evaluate import flagged

    return flagged(rec, RECORD_FIELD[field])


def score_document(truth: dict, records: list[dict]) -> list[tuple[str, str, bool, bool, str]]:
    """(letter, field, right, flagged, what was read) for every labelled field."""
    letters = [r for r in records if r.get("kind") != "endorsement"]
    rows = []
    for n, letter in enumerate(truth["letters"]):
        rec = letters[n] if n < len(letters) else None
        for field in FIELDS:
            if field not in letter:
                continue
            got = _shown(rec, field)
            rows.append((f"{truth['document']}#{n + 1}", field, field_right(letter, rec, field),
                         field_flagged(rec, field), got))
    return rows


def _shown(rec: dict | None, field: str) -> str:
    if rec is None:
        return "(no record)"
    value = {"doc_no": rec.get("doc_no"), "key": rec.get("doc_no"), "date": rec.get("date"),
             "subject": rec.get("subject"), "recipients_contain": rec.get("salutation"),
             "signatory_name": (rec.get("signatory") or {}).get("name")}[field]
    return str(value)[:60]


def table(rows) -> str:
    out = [f"{'document':42} {'field':20} {'right':6} {'flag':5} read"]
    for doc, field, right, flagged, got in rows:
        out.append(f"{doc:42} {field:20} {'yes' if right else 'NO':6} {'flag' if flagged else '':5} {got}")
    return "\n".join(out)


def extract(truth: dict) -> list[dict]:
    from ingest.pipeline import extract_pages

    return extract_pages(document_pages(truth))


def _cached(truth: dict) -> bool:
    return all(cache_path(REALDOCS / f).exists() for f in truth["files"])


def _params():
    params = []
    for path in TRUTHS:
        truth = json.loads(path.read_text("utf-8"))
        marks = [] if _cached(truth) else [pytest.mark.slow]
        params.append(pytest.param(path, id=truth["document"], marks=marks))
    return params


@pytest.mark.skipif(not TRUTHS, reason="../shared/realdocs/truth is not here")
@pytest.mark.parametrize("path", _params())
def test_document_is_registered_and_scored(path):
    truth = json.loads(path.read_text("utf-8"))
    records = extract(truth)
    rows = score_document(truth, records)
    print("\n" + table(rows))
    print(f"{truth['document']}: {sum(r[2] for r in rows)} of {len(rows)} labelled fields right")
    assert records, f"{truth['document']}: no record registered"


@pytest.mark.skipif(not TRUTHS, reason="../shared/realdocs/truth is not here")
def test_share_right_does_not_fall():
    truths = [json.loads(p.read_text("utf-8")) for p in TRUTHS]
    if not all(_cached(t) for t in truths):
        pytest.skip("pages not read yet: run `pytest -m slow tests/test_realdocs_fields.py` once")
    rows = [row for t in truths for row in score_document(t, extract(t))]
    right = sum(r[2] for r in rows)
    silent = sum(not r[2] and not r[3] for r in rows)
    print(f"\nreal documents: {right} of {len(rows)} labelled fields right, {silent} wrong and not flagged")
    assert right / len(rows) >= RATCHET - 1e-9, f"{right}/{len(rows)} is below the ratchet {RATCHET:.2%}"
    assert silent <= SILENT_RATCHET, f"{silent} fields wrong and not flagged (ratchet {SILENT_RATCHET})"
