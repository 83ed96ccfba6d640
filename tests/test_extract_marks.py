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


# Marks as OCR reports them on real scans: a big stamp read in pieces, garbled beyond one
# letter, or read as no Thai at all. Pages of lines with their boxes (300 dpi, A4), each line
# one cell: the head and body in 16 pt, the stamp in its large type.
CM = 300 / 2.54
LETTER = [(3.0, 4.0, "ที่ ชบ ๐๐๒๓.๒/ว ๗๗"), (3.0, 11.8, "ศาลากลางจังหวัดชลบุรี"),
          (3.8, 11.8, "ถนนพระยาสัจจา ชบ ๒๐๐๐๐"), (4.6, 9.5, "๒๕ มกราคม ๒๕๖๗"),
          (5.6, 4.0, "เรื่อง การสำรวจข้อมูลผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ"),
          (6.6, 4.0, "เรียน นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัดชลบุรี"),
          (7.8, 6.5, "จังหวัดชลบุรีพิจารณาแล้ว เพื่อให้การดำเนินการเป็นไปด้วยความเรียบร้อย"),
          (8.6, 4.0, "จึงขอให้อำเภอแจ้งองค์กรปกครองส่วนท้องถิ่นในพื้นที่ดำเนินการต่อไป"),
          (9.8, 10.5, "ขอแสดงความนับถือ"), (12.0, 10.0, "(นายวีระพงษ์ นาคสมบูรณ์)"),
          (12.8, 9.0, "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน")]
BODY_TYPE = 0.55     # cm, the height of a 16 pt line as read


def _page(stamp: list[tuple[float, float, str, float, float]]):
    """The letter with the stamp's cells (top, left, text, width, height; in cm) above it."""
    from ingest.page import Line, PageText, Word

    def line(top, left, text, width, height):
        box = (round(left * CM), round(top * CM), round((left + width) * CM), round((top + height) * CM))
        return Line(text, box, 90.0, [Word(text, box, 90.0)])

    lines = [line(*s) for s in stamp] + [line(t, x, text, 0.2 * len(text), BODY_TYPE) for t, x, text in LETTER]
    return PageText(1, round(21.0 * CM), round(29.7 * CM), sorted(lines, key=lambda l: l.box[1]), "test")


def _letter(stamp):
    from ingest.extract import extract_bundle

    (rec,) = extract_bundle([_page(stamp)])
    return rec


@pytest.mark.parametrize("stamp, urgency", [
    ([(0.6, 2.0, "ด่วน", 1.4, 0.9), (1.5, 2.0, "ที่สุด", 1.6, 0.9)], "ด่วนที่สุด"),   # one word over the other
    ([(0.6, 2.0, "ด่วน", 1.4, 0.9), (1.5, 2.0, "มาก", 1.2, 0.9)], "ด่วนมาก"),
])
def test_a_stamp_read_in_two_lines_is_one_mark(stamp, urgency):
    rec = _letter(stamp)
    assert rec["urgency"] == urgency and not any(f.startswith("urgency") for f in rec["flags"])


def test_a_stamp_read_in_two_pieces_its_middle_lost_is_taken_in_doubt():
    # ด่วนที่สุด read as ด่วน and, beside it a little lower, สุด: the ที่ between them lost
    rec = _letter([(0.5, 2.0, "ด่วน", 1.4, 0.9), (0.75, 3.95, "สุด", 0.9, 0.8)])
    assert rec["urgency"] == "ด่วนที่สุด" and "urgency: low OCR confidence" in rec["flags"]


def test_secrecy_read_in_two_lines_is_one_mark():
    rec = _letter([(0.6, 9.6, "ลับ", 1.2, 0.9), (1.5, 9.6, "มาก", 1.2, 0.9)])
    assert rec["secrecy"] == "ลับมาก"


@pytest.mark.parametrize("top, field, value", [
    ("ดวนสุด\n", "urgency", "ด่วนที่สุด"),      # two letters (ที่) lost
    ("ดด่วนนมาก\n", "urgency", "ด่วนมาก"),      # letters doubled
    ("ลบมก\n", "secrecy", "ลับมาก"),            # a vowel and a letter dropped
    ("ที่ว่าการอำเภอลับแล\nดงน\n", "urgency", "ด่วน"),   # under a receipt stamp's office, no ที่ line
])
def test_a_mark_two_letters_off_is_taken_and_flagged(top, field, value):
    (rec,) = extract_text(top + HEAD)
    assert rec[field] == value and f"{field}: low OCR confidence" in rec["flags"]


@pytest.mark.parametrize("top", ["ดวนกข\n", "มากมาย\n", "ดินสอ\n"])
def test_words_and_junk_two_letters_off_several_marks_are_no_mark(top):
    (rec,) = extract_text(top + HEAD)
    assert (rec["urgency"], rec["secrecy"]) == (None, None)


def test_a_stamp_read_as_latin_capitals_is_said_unread():
    rec = _letter([(0.5, 2.0, "AIUNGA", 2.8, 1.0)])
    assert rec["urgency"] is None
    assert "urgency: a stamp at the top left not read" in rec["flags"]
    assert rec["boxes"]["urgency"]["page"] == 1


@pytest.mark.parametrize("stamp", [
    [(0.5, 2.0, "AIUNGA", 2.8, BODY_TYPE)],      # body type: not a stamp's
    [(0.3, 2.4, "ซ่", 0.7, 1.7)],                 # a memo's emblem read as a letter: narrow
    [(0.5, 2.0, "ด่วน", 1.4, 0.9)],               # a mark read right
    [],
])
def test_no_unread_stamp_where_there_is_none(stamp):
    rec = _letter(stamp)
    assert "urgency: a stamp at the top left not read" not in rec["flags"]


def test_the_unread_stamp_flag_has_thai_wording():
    from ingest.web.wording import flag_thai

    assert "ชั้นความเร็ว" in flag_thai("urgency: a stamp at the top left not read")
    assert flag_thai("urgency: low OCR confidence").startswith("ชั้นความเร็ว")
