"""Extraction accuracy on the synthetic samples' truth texts (samples/bundles/*.truth.json).

The truth pages (the exact printed lines, with their boxes) are what a perfect OCR would
give; on them the fields the clerk types by hand must come out right at least 95% of the
time. Skips until the sample set is committed.
"""
from pathlib import Path

import pytest

from extract_truth import load, score, truth_pages
from ingest.extract import extract_bundle

BUNDLES = Path(__file__).resolve().parents[1] / "samples" / "bundles"
TRUTHS = sorted(BUNDLES.glob("*.truth.json")) if BUNDLES.exists() else []
TARGET = 0.95
KEY_FIELDS = ("doc_no", "date", "subject", "urgency", "receipt.number", "receipt.date")


@pytest.fixture(scope="module")
def scores():
    if not TRUTHS:
        pytest.skip("samples/bundles has no truth files yet")
    total: dict[str, list[bool]] = {}
    for path in TRUTHS:
        truth = load(path)
        for field, oks in score(truth["letters"], extract_bundle(truth_pages(truth))).items():
            total.setdefault(field, []).extend(oks)
    return total


@pytest.mark.parametrize("field", KEY_FIELDS)
def test_key_fields_reach_target(scores, field):
    oks = scores[field]
    assert sum(oks) / len(oks) >= TARGET, f"{field}: {sum(oks)}/{len(oks)}"


@pytest.mark.parametrize("field", ("kind", "issuer", "recipients", "signatory", "references",
                                   "enclosures", "directives", "purpose"))
def test_other_fields_mostly_right(scores, field):
    oks = scores[field]
    assert sum(oks) / len(oks) >= 0.85, f"{field}: {sum(oks)}/{len(oks)}"
