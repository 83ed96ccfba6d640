"""Search: reference numbers in every form rank their letter first; Thai full text."""
from __future__ import annotations

import pytest
from test_registry import MINISTRY_NO, PROVINCE_NO, fill

from ingest.registry import Registry
from ingest.search import doc_no_matches, fts_text, search


@pytest.fixture(scope="module")
def reg(tmp_path_factory):
    return fill(Registry(tmp_path_factory.mktemp("s") / "r.db"))


SIX_FORMS = ["ศธ ๐๒๐๖.๓/ว ๔๗๘", "ศธ 0206.3/ว 478", "ศธ0206.3/ว478", "ศธ 206.3/478", "ศธ. 0206.3/ว 478",
             "ที่ ศธ ๒๐๖.๓/๔๗๘"]


@pytest.mark.parametrize("typed", SIX_FORMS)
def test_reference_number_any_form_ranks_first(reg, typed):
    hits = search(reg, typed)
    assert hits[0]["doc_no"] == MINISTRY_NO and hits[0]["match"] == "doc_no" and hits[0]["score"] == 100


@pytest.mark.parametrize("typed", ["ศธ 0202.3/ว 478",   # ๖ read as ๒ by the stock Thai model
                                   "ศธ 0206.3/ว 47",    # a digit dropped
                                   "ศธ 02063/ว 478"])   # the dot dropped
def test_fuzzy_reference_number_knows_ocr_confusions(reg, typed):
    hits = search(reg, typed)
    assert hits[0]["doc_no"] == MINISTRY_NO and hits[0]["match"] == "doc_no~" and hits[0]["score"] < 100


def test_fuzzy_does_not_match_far_numbers(reg):
    assert doc_no_matches(reg, "ศธ 0999.1/ว 12") == []


@pytest.mark.parametrize("query,expected", [
    ("ไข้เลือดออก", {"สธ 0211.7/ว 1502"}),
    ("ยุงลาย ขอให้จังหวัด", {"สธ 0211.7/ว 1502"}),            # words in another order
    ("แนวทาง การจัดเก็บ", None),                               # spaced differently from the text
    ("ปรับปรุงระเบียบงานสารบรรณ", {MINISTRY_NO}),
    ("องค์กรปกครองส่วนท้องถิ่น", {PROVINCE_NO}),
])
def test_thai_full_text(reg, query, expected):
    hits = search(reg, query)
    found = {h["doc_no"] for h in hits}
    if expected is None:
        assert MINISTRY_NO in found and PROVINCE_NO in found
    else:
        assert found == expected
    assert all("[" in h["snippet"] and "]" in h["snippet"] for h in hits)


def test_short_terms_and_filters(reg):
    assert {h["doc_no"] for h in search(reg, "ยุง")} == {"สธ 0211.7/ว 1502"}     # 3 characters
    assert search(reg, "ฝน")[0]["doc_no"] == "สธ 0211.7/ว 1502"                  # under 3: scanned
    assert {h["doc_no"] for h in search(reg, "จัดเก็บเอกสาร", issuer="เชียงราย")} == {"ชร 0023.3/ว 120"}
    assert {h["doc_no"] for h in search(reg, "จัดเก็บเอกสาร", urgency="ด่วนมาก", date_to="2024-01-18")} == {PROVINCE_NO}
    assert search(reg, "จัดเก็บเอกสาร", kind="order") == []
    assert search(reg, "ไม่มีคำนี้ในทะเบียน") == []


def test_index_text_folds_digits_and_spacing():
    assert fts_text("ครั้งที่ ๒ / ๒๕๖๗") == "ครั้งที่ 2 / 2567"
    assert fts_text("ซัก ซ้อม") == "ซักซ้อม"
