"""Urgency and secrecy: only the big marks at the top count."""
import pytest

from ingest.extract import extract_text

HEAD = "ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑    กระทรวงมหาดไทย\n๒๕ กรกฎาคม ๒๕๖๑\nเรื่อง ทดสอบ\nเรียน ผู้ว่าราชการจังหวัด\n"


@pytest.mark.parametrize("top, urgency, secrecy", [
    ("ด่วนที่สุด\n", "ด่วนที่สุด", None),
    ("ด่วนมาก\n", "ด่วนมาก", None),
    ("ด่วน\n", "ด่วน", None),
    ("ดวนมาก\n", "ด่วนมาก", None),                  # tone mark dropped by OCR
    ("ด่วนภายใน ๑๕ ส.ค. ๖๑\n", "ด่วน", None),
    ("ลับ\nด่วนที่สุด\n", "ด่วนที่สุด", "ลับ"),
    ("ลับมาก\n", None, "ลับมาก"),
    ("", None, None),
])
def test_marks(top, urgency, secrecy):
    (rec,) = extract_text(top + HEAD + "ขอให้ดำเนินการโดยด่วน\nลับเฉพาะ")
    assert (rec["urgency"], rec["secrecy"]) == (urgency, secrecy)


@pytest.mark.parametrize("top, field, value", [
    ("ดงน\n", "urgency", "ด่วน"),               # ว read as ง
    ("ด @ น\n", "urgency", "ด่วน"),             # ว lost in a smudge
    ("ดวงนมาก\n", "urgency", "ด่วนมาก"),
    ("ลบมาก\n", "secrecy", "ลับมาก"),            # ั dropped
])
def test_garbled_mark_taken_and_flagged(top, field, value):
    (rec,) = extract_text(top + HEAD)
    assert rec[field] == value
    assert f"{field}: low OCR confidence" in rec["flags"] and rec["confidence"][field] <= 0.5


@pytest.mark.parametrize("top", ["ดิน\n", "ลม\n", "ด่วนที่สุดงานนี้ต้องรีบทำ ๑๒\n"])
def test_other_words_at_the_top_are_not_marks(top):
    (rec,) = extract_text(top + HEAD)
    assert (rec["urgency"], rec["secrecy"]) == (None, None)
