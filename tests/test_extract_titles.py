"""The titles of the offices a letter is addressed to, with their marks as OCR leaves them.
Addressee lines are put together as the generator writes them: a title, its office's place,
``ทุกแห่ง``; then a mark of the title is lost or added."""
import pytest

from ingest.extract import extract_text
from ingest.extract.titles import titles_repaired

PLACES = ("กลางดง", "บ่อวิน", "แหลมสัก")


def _marks_spoilt(title: str):
    """The title with each of its marks lost, and with a ุ read under each letter in turn."""
    for k, ch in enumerate(title):
        if "\u0e31" == ch or "\u0e34" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e":
            yield title[:k] + title[k + 1:]
    yield title.replace("ำ", "า")
    if "ตรี" in title:
        yield title.replace("ตรี", "ุตรี")


@pytest.mark.parametrize("title", ["นายกองค์การบริหารส่วนตำบล", "นายกเทศมนตรีตำบล", "ท้องถิ่นอำเภอ"])
@pytest.mark.parametrize("place", PLACES)
def test_a_title_with_a_mark_lost_or_added(title, place):
    for read in _marks_spoilt(title):
        assert titles_repaired(f"{read}{place}") == f"{title}{place}", read


def test_a_mark_read_after_a_whole_title():
    assert titles_repaired("นายกองค์การบริหารส่วนตำบลุ ทุกแห่ง") == "นายกองค์การบริหารส่วนตำบล ทุกแห่ง"


def test_titles_after_and_and_a_class_of_addressees():
    read = "นายอำเภอ ทุกอาเภอ และนายกเทศมนุตรีตำบล ทุกแห่ง"
    assert titles_repaired(read) == "นายอำเภอ ทุกอำเภอ และนายกเทศมนตรีตำบล ทุกแห่ง"


@pytest.mark.parametrize("read", ["ผู้อำนวยการโรงเรียนบ้านกลางดง",      # no listed title: as read
                                  "นายกองค์การบริหารส่วนตำบลบ่อวิน",      # as printed
                                  "นายกองค์การบริหารสวนตำบล",            # ่ lost, nothing after: still the title
                                  "นายกเทศมนตีตำบลกลางดง"])              # a letter lost: left for the doubt
def test_what_is_left_as_read(read):
    want = {"นายกองค์การบริหารสวนตำบล": "นายกองค์การบริหารส่วนตำบล"}.get(read, read)
    assert titles_repaired(read) == want


def test_a_letters_addressees_read_with_spoilt_marks():
    text = ("ที่ ชบ ๐๐๒๓.๓/ว ๒๕๑                      ศาลากลางจังหวัดชลบุรี\n"
            "                                   ๒๓ มีนาคม ๒๕๖๗\n"
            "เรื่อง การสำรวจข้อมูล\n"
            "เรียน นายกองค์การบรหารสวนตาบลบ่อวิน และนายกเทศมนุตรีตำบล ทุกแห่ง\n"
            "          ตามหนังสือที่อ้างถึง จังหวัดขอให้ดำเนินการ\n")
    (rec,) = extract_text(text)
    assert rec["recipients"] == ["นายกองค์การบริหารส่วนตำบลบ่อวิน", "นายกเทศมนตรีตำบล ทุกแห่ง"]


def test_a_title_broken_by_a_space():
    assert titles_repaired("นายกองค์ การบริหารส่วนตำบลบ่อวิน") == "นายกองค์การบริหารส่วนตำบลบ่อวิน"
    assert titles_repaired("นายอำเภอ ทุกอำเภอ") == "นายอำเภอ ทุกอำเภอ"     # a space between two titles stays


@pytest.mark.parametrize("read, place", [("นำอ่าง", "น้ำอ่าง"),     # ้ over ำ lost
                                         ("โนนหน", "โนนหัน"),        # ั lost
                                         ("ศรราชา", "ศรีราชา"),      # ี lost
                                         ("ลบแล", "ลับแล")])
def test_a_place_one_slip_from_one_listed_place_is_that_place_flagged(read, place):
    (rec,) = extract_text(f"{HEAD}เรียน นายอำเภอ{read} และนายกองค์การบริหารส่วนตำบลบ่อวิน\n{BODY}")
    assert rec["recipients"] == [f"นายอำเภอ{place}", "นายกองค์การบริหารส่วนตำบลบ่อวิน"]
    assert f"recipients: place '{read}' is not in the gazetteer; taken as '{place}'" in rec["flags"]


@pytest.mark.parametrize("read", ["โนนห",            # cut short: not the shorter โนน
                                  "คำฆมวาจ"])        # nothing near
def test_a_place_the_gazetteer_has_not_is_flagged_as_read(read):
    (rec,) = extract_text(f"{HEAD}เรียน นายกองค์การบริหารส่วนตำบล{read}\n{BODY}")
    assert rec["recipients"] == [f"นายกองค์การบริหารส่วนตำบล{read}"]
    assert f"recipients: place '{read}' is not in the gazetteer" in rec["flags"]


def test_listed_places_and_classes_raise_no_place_flag():
    (rec,) = extract_text(f"{HEAD}เรียน นายอำเภอเมืองเชียงใหม่ นายอำเภอ ทุกอำเภอ และนายกเทศมนตรีตำบลกลางดง\n{BODY}")
    assert not [f for f in rec["flags"] if "gazetteer" in f]


HEAD = ("ที่ ชบ ๐๐๒๓.๓/ว ๒๕๑                      ศาลากลางจังหวัดชลบุรี\n"
        "                                   ๒๓ มีนาคม ๒๕๖๗\n"
        "เรื่อง การสำรวจข้อมูล\n")
BODY = "          ตามหนังสือที่อ้างถึง จังหวัดขอให้ดำเนินการ\n"
