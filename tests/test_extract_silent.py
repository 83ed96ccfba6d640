"""Wrong fields that went unflagged on damaged pages of fresh generated bundles, where the
page itself says the value is in doubt: an agency code no table has, a receipt stamp whose
lines were read but not as a stamp. Extracted from text pages laid out as a scan's OCR
reports them (no OCR here)."""
from test_extract_bundle_forms import BODY, BOX, FOOT, HEAD, REFS, sheet

from ingest.evaluate import flagged
from ingest.extract import extract_bundle

STAMP = HEAD[1:5]          # office, เลขรับ, วันที่, เวลา at the top right
LETTER_HEAD = HEAD[:1] + HEAD[5:]


def _letter(head, warnings=()):
    page = sheet(head + REFS + BODY + BOX + FOOT)
    page.warnings.extend(warnings)
    return extract_bundle([page])[0]


def test_the_stamp_as_generated_is_read_and_not_flagged():
    letter = _letter(HEAD)
    assert letter["receipt"]["number"] == "395"
    assert not flagged(letter, "receipt.number") and not flagged(letter, "receipt.date")


def test_an_agency_code_no_table_has_flags_the_number_and_its_code():
    """``อบ`` read ``อป``: the number is read whole, but its code is no office's."""
    head = [(r, x, t.replace("ที่ สข", "ที่ อป")) for r, x, t in HEAD]
    letter = _letter(head)
    assert letter["doc_no"].startswith("อป") and letter["issuer_code"] == "อป"
    assert flagged(letter, "doc_no") and flagged(letter, "issuer_code")


def test_a_stamp_read_run_together_with_the_letters_lines_flags_the_receipt():
    """The stamp's lines read as one with the office address beside them (``… วันที่เลขรับ
    ๓๙๕``): no stamp is taken, and its number and date are doubt, not absent."""
    head = [(r, x, t) for r, x, t in LETTER_HEAD if not t.startswith("ศาลากลาง")]
    head.append((4, 12.3, "ศาลากลางจังหวัดสงขลา วันที่เลขรับ ๓๙๕"))
    letter = _letter(head)
    assert letter["receipt"] is None
    assert flagged(letter, "receipt.number") and flagged(letter, "receipt.date")


def test_a_stamp_number_line_kept_as_tesseract_misread_it_flags_the_receipt():
    """The line model read ``เลขรับ ๓๙๕`` where Tesseract read ``ง``; the reader kept ``ง``
    and noted the doubt. The time line starts right of the others, so no stamp is found."""
    stamp = [STAMP[0], (0.8, 13.8, "ง"), STAMP[2], (2.4, 15.2, "Oo 13.45 น.")]
    warning = "page 1 line 3: doubtful digits 'เลขรับ ๓๙๕' in 'ง'"
    letter = _letter(LETTER_HEAD[:1] + stamp + LETTER_HEAD[1:], [warning])
    assert letter["receipt"] is None
    assert flagged(letter, "receipt.number") and flagged(letter, "receipt.date")
    assert not flagged(_letter(LETTER_HEAD[:1] + stamp + LETTER_HEAD[1:]), "receipt.number")
