"""Addressees as OCR leaves them on a scan (issue 17): a class word cut or garbled, a line of
addressees lost to a speck read before it, junk read against an addressee. Each is read as
printed where the closed lists tell it, and never left wrong and unflagged."""
import datetime as dt

import pytest

from ingest.extract import extract_bundle, extract_text
from ingest.extract.cells import Cell
from ingest.extract.checks import check_addressees_left, in_doubt
from ingest.extract.header import addressees
from ingest.extract.titles import classes_checked, strays_cut, titles_repaired
from ingest.page import Line, PageText, Word

HEAD = ("ที่ ชบ ๐๐๒๓.๓/ว ๒๕๑                      ศาลากลางจังหวัดชลบุรี\n"
        "                                   ๒๓ มีนาคม ๒๕๖๗\n"
        "เรื่อง การสำรวจข้อมูล\n")
BODY = "          ตามหนังสือที่อ้างถึง จังหวัดขอให้ดำเนินการ\n"


@pytest.mark.parametrize("read", ["ทุกจงทวด", "ทุกจัง ห ด", "ทุกจังห", "ทุกจัง"])
def test_a_class_word_cut_or_garbled_is_the_class_it_is_nearest_flagged(read):
    text, flags = classes_checked(f"ผู้ว่าราชการจังหวัด {read}")
    assert text == "ผู้ว่าราชการจังหวัด ทุกจังหวัด"
    assert flags == [f"recipients: '{read}' read as the class 'ทุกจังหวัด'"]


def test_a_letter_to_a_cut_class_is_read_whole_and_never_silent():
    (rec,) = extract_text(HEAD + "เรียน ผู้ว่าราชการจังหวัด ทุกจัง\n" + BODY)
    assert rec["recipients"] == ["ผู้ว่าราชการจังหวัด ทุกจังหวัด"]
    assert rec["salutation"] == "ผู้ว่าราชการจังหวัด ทุกจังหวัด"
    assert in_doubt(rec, "recipients") and in_doubt(rec, "salutation")


@pytest.mark.parametrize("read", ["นายอำเภอ ทุกอำเภอ และนายกเทศมนตรีตำบล ทุกแห่ง",
                                  "ผู้ว่าราชการจังหวัดทุกจังหวัด"])
def test_a_class_as_printed_is_left_and_not_flagged(read):
    assert classes_checked(read) == (read, [])


def test_a_class_word_near_no_class_is_left_as_read_and_flagged():
    text, flags = classes_checked("นายกองค์การบริหารส่วนตำบล ทุก")
    assert text == "นายกองค์การบริหารส่วนตำบล ทุก"
    assert flags and flags[0].startswith("recipients: 'ทุก' is no class of addressees")


def _line(text, box, conf=92.0):
    return Line(text, box, conf, [Word(text, box, conf)])


# a speck in the left margin read as a letter (``อ``) on the line of the second addressees,
# far from its words: a cell of its own, first on that line
SPECKED = Line("อ และนายกเทศมนตรีนครสงขลา และนายกเทศมนตรีตำบล ทุกแห่ง", (379, 1034, 2217, 1126), 90.0,
               [Word("อ", (379, 1108, 385, 1122), 40.0),
                Word("และนายกเทศมนตรีนครสงขลา", (540, 1034, 1300, 1126), 92.0),
                Word("และนายกเทศมนตรีตำบล", (1340, 1034, 1950, 1126), 92.0),
                Word("ทุกแห่ง", (1990, 1034, 2217, 1126), 92.0)])
# a province's letter to four addressees on two lines, as a scan reads it
LINES = [
    ("ที่ สข ๐๐๒๓.๔/ว ๖๑๗", (355, 526, 979, 602)),
    ("ศาลากลางจังหวัดสงขลา", (1455, 530, 2055, 602)),
    ("๒๓ กรกฎาคม ๒๕๖๗", (1220, 702, 1797, 792)),
    ("เรื่อง การเตรียมความพร้อมป้องกันและแก้ไขปัญหาอุทกภัย ปี ๒๕๖๗", (358, 813, 2144, 914)),
    ("เรียน นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัดสงขลา", (358, 939, 2185, 1035)),
    ("สิ่งที่ส่งมาด้วย สำเนาหนังสือกระทรวงมหาดไทย จำนวน ๑ ชุด", (357, 1211, 2012, 1300)),
    ("จังหวัดสงขลาพิจารณาแล้ว ขอให้อำเภอแจ้งองค์กรปกครองส่วนท้องถิ่น", (649, 1366, 2148, 1462)),
]


def test_a_speck_read_before_the_second_line_of_addressees_loses_none():
    lines = [_line(t, b) for t, b in LINES]
    page = PageText(1, 2480, 3508, lines[:5] + [SPECKED] + lines[5:])
    rec = extract_bundle([page], today=dt.date(2024, 8, 1))[0]
    assert rec["recipients"] == ["นายอำเภอ ทุกอำเภอ", "นายกองค์การบริหารส่วนจังหวัดสงขลา",
                                 "นายกเทศมนตรีนครสงขลา", "นายกเทศมนตรีตำบล ทุกแห่ง"]


def _cell(text, box):
    return Cell(text, text, 1, box, 0.92, width=2480)


def _to(salutation):
    return {"salutation": salutation, "flags": []}


def test_a_line_under_the_addressees_that_adds_one_not_taken_is_flagged():
    first = _cell("เรียน นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัดสงขลา", (358, 939, 2185, 1035))
    more = _cell("และนายกเทศมนตรีนครสงขลา และนายกเทศมนตรีตำบล ทุกแห่ง", (540, 1034, 2217, 1126))
    label = _cell("สิ่งที่ส่งมาด้วย สำเนาหนังสือ จำนวน ๑ ชุด", (357, 1211, 2012, 1300))
    rec = _to("นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัดสงขลา")
    check_addressees_left(rec, [first, more, label], [first])
    assert rec["flags"] == ["recipients: a line under เรียน adds an addressee that was not read"]
    rec = _to("นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัดสงขลา และนายกเทศมนตรีนครสงขลา "
              "และนายกเทศมนตรีตำบล ทุกแห่ง")
    check_addressees_left(rec, [first, more, label], [first, more])     # all taken: no flag
    assert rec["flags"] == []
    rec = _to("นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัดสงขลา")
    check_addressees_left(rec, [first, label, more], [first])          # under the next label: not its
    assert rec["flags"] == []


def test_addressees_that_end_with_and_are_flagged():
    first = _cell("เรียน นายอำเภอ ทุกอำเภอ และ", (358, 939, 2185, 1035))
    rec = _to("นายอำเภอ ทุกอำเภอ และ")
    check_addressees_left(rec, [first], [first])
    assert rec["flags"] == ["recipients: the addressees go on after 'และ'; a line of them not read"]


def test_a_stray_vowel_before_a_title_and_a_mark_read_as_another_go():
    (rec,) = extract_text(HEAD + "เรียน นายกองค์การบริหารส่วนตำบลหนองสาหร่าย และนายกเทศมนตรีตำบลลาดบัวขาว "
                                 "และะนายกองค์การุบริหารส่วนตำบล ทุกแห่ง\n" + BODY)
    assert rec["recipients"] == ["นายกองค์การบริหารส่วนตำบลหนองสาหร่าย", "นายกเทศมนตรีตำบลลาดบัวขาว",
                                 "นายกองค์การบริหารส่วนตำบล ทุกแห่ง"]
    assert titles_repaired("ทํ องถิ่นอำเภอศรีราชา") == "ท้องถิ่นอำเภอศรีราชา"    # ้ read as ํ, a space after


@pytest.mark.parametrize("read,want,left", [
    ("A.W. 61 นายกองค์การบริหารส่วนตำบลบ่อวิน", "นายกองค์การบริหารส่วนตำบลบ่อวิน", "'A.W. 61' read before"),
    ("'นายกองค์การบริหารส่วนตำบลหนองสาหร่าย", "นายกองค์การบริหารส่วนตำบลหนองสาหร่าย", "''' read before"),
    ("นายกองค์การบริหารส่วนตำบลหนองสาหร่ายรีพือทราบและถือปฏิบัติเ WAAAY",
     "นายกองค์การบริหารส่วนตำบลหนองสาหร่าย", "'รีพือทราบและถือปฏิบัติเ WAAAY' read after the place 'หนองสาหร่าย'"),
    ("ท้องถิ่นอำเภอลับแลเพื่อโปรทิจ[รถาผุเน็นการ", "ท้องถิ่นอำเภอลับแล", "read after the place 'ลับแล'"),
    ("นายกองค์การบริหารส่วนตำบลปริก “บ และนายกเทศมนตรีตำบล ทุกแห่ง",
     "นายกองค์การบริหารส่วนตำบลปริก และนายกเทศมนตรีตำบล ทุกแห่ง", "'“บ' read after the place 'ปริก'"),
])
def test_what_was_read_against_an_addressee_is_cut_and_flagged(read, want, left):
    text, flags = strays_cut(read)
    assert text == want
    assert len(flags) == 1 and left in flags[0]


@pytest.mark.parametrize("read", ["นายกองค์การบริหารส่วนตำบลบ่อวิน และนายกเทศมนตรีตำบล ทุกแห่ง",
                                  "นายกองค์การบริหารส่วนตำบลโนนห",       # a place cut short: no purpose after it
                                  "ผู้ว่าราชการจังหวัดทุกจังหวัด"])
def test_addressees_as_printed_are_not_cut(read):
    assert strays_cut(read) == (read, [])


def test_a_speck_read_as_a_full_stop_after_the_last_addressee_goes():
    assert addressees(["ผู้ว่าราชการจังหวัด ทุกจังหวัด ."]) == "ผู้ว่าราชการจังหวัด ทุกจังหวัด"
    assert addressees(["นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนตำบล ทุกแห่ง."]).endswith("ทุกแห่ง")
    assert addressees(["นายก อบต."]) == "นายก อบต."          # an abbreviation keeps its stop


@pytest.mark.parametrize("place", ["หนองบัวพอง", "บ้านโพธิ์พ่อ", "โนนสูงดนน"])
def test_a_place_whose_end_looks_like_a_purpose_word_is_not_cut(place):
    """พอง reads like เพื่อ with its vowels lost, ดนน like ดำเนิน: a place's own end, too short
    to be a note's purpose, is kept."""
    from ingest.extract.titles import strays_cut
    salutation = f"นายกองค์การบริหารส่วนตำบล{place}"
    assert strays_cut(salutation) == (salutation, [])
