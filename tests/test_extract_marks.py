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


# secrecy is stamped at the top and foot centre of every page; OCR often misses the red
# stamp at the top and reads the one at the foot, or reads it with its vowel lost
def _with_foot(foot: str, x_cm: float):
    from test_extract_bundle_forms import BODY, FOOT, HEAD, sheet
    from ingest.extract import extract_bundle

    (rec,) = [r for r in extract_bundle([sheet(HEAD + BODY + FOOT + [(34.6, x_cm, foot)])])
              if r["kind"] != "endorsement"]
    return rec


def test_secrecy_read_only_at_the_foot_is_taken():
    rec = _with_foot("ลับ", 10.2)
    assert rec["secrecy"] == "ลับ" and not any(f.startswith("secrecy") for f in rec["flags"])


def test_secrecy_at_the_foot_with_its_vowel_lost_is_taken_and_flagged():
    rec = _with_foot("ลบ", 10.3)
    assert rec["secrecy"] == "ลับ" and "secrecy: low OCR confidence" in rec["flags"]
    assert _with_foot("ลบมาก", 10.0)["secrecy"] == "ลับมาก"


def test_a_word_at_the_foot_away_from_the_middle_is_no_stamp():
    assert _with_foot("ลบ", 3.0)["secrecy"] is None
