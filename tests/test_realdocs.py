"""Real documents from ../shared/realdocs (skipped when the folder is absent).

The PSU invitation letter is born digital: its text layer is the ground truth. Rendered to a
300 dpi image with the text layer thrown away, the pipeline must extract the same fields from
the pixels as from the text layer.
"""
import pytest

from ingest import load
from ingest.pipeline import PageReader, extract_pages, read_document

FIELDS = ("doc_no", "date", "subject", "recipients", "enclosures", "signatory")


@pytest.fixture(scope="module")
def psu_pair(request):
    from support import REALDOCS

    if not REALDOCS.is_dir():
        pytest.skip("../shared/realdocs is not here")
    doc = load.open_document(REALDOCS / "psu-invitation-letter.pdf")
    with PageReader(1) as reader:
        from_text = extract_pages(read_document(doc, reader, use_text_layer=True), doc)
        from_pixels = extract_pages(read_document(doc, reader, use_text_layer=False), doc)
    return from_text, from_pixels


def test_text_layer_is_what_the_letter_says(psu_pair):
    from_text, _ = psu_pair
    letter = from_text[0]
    assert letter["kind"] == "external"
    assert letter["doc_no"] == "อว 68204.2/024" and letter["date"] == "2024-08-08"
    assert letter["subject"] and letter["recipients"] and letter["enclosures"] and letter["signatory"]


@pytest.mark.parametrize("field", FIELDS)
def test_scan_of_psu_letter_matches_its_text_layer(psu_pair, field):
    from_text, from_pixels = psu_pair
    assert from_pixels[0][field] == from_text[0][field]
