"""A signatory's name as Tesseract's Thai model misreads it, and the name it was printed as.

The names are put together as the generator puts them (a title, a given name, a surname made
of words), then given one slip of the kind OCR makes; the brackets around them are marked
the ways scans leave them. Extracted from text pages laid out as a scan's OCR reports them."""
import pytest
from test_extract_bundle_forms import BODY, BOX, FOOT, HEAD, REFS, sheet

from ingest.extract import extract_bundle
from ingest.extract import extract_text
from ingest.extract.names import given_name_apart, repaired_name, silent_end_unheard

GIVEN = ("นายวิทยา", "นางสุนันทา", "นางสาวกาญจนา")


def _slip(word: str, old: str, new: str) -> str:
    assert old in word
    return word.replace(old, new, 1)


@pytest.mark.parametrize("given", GIVEN)
@pytest.mark.parametrize("surname", ["ศรีสวัสดิ์วงศ์", "อินทร์ชัยวงศ์"])
def test_a_karan_lost_where_the_word_is_written_with_it(given, surname):
    """``ศรีสวัสดิวงศ์``: สวัสดิ is a listed name's piece but is not written; สวัสดิ์ is."""
    read = _slip(surname, "์", "") if surname.count("์") == 1 else surname.replace("ดิ์", "ดิ")
    assert repaired_name(f"{given} {read}") == f"{given} {surname}"


@pytest.mark.parametrize("given", GIVEN)
def test_a_look_alike_letter_in_a_surname(given):
    """ร read ว: ``ทองประเสวิฐ``, and ว inserted before it: ``ทองประเสวริฐ``."""
    assert repaired_name(f"{given} {_slip('ทองประเสริฐ', 'ริ', 'วิ')}") == f"{given} ทองประเสริฐ"
    assert repaired_name(f"{given} {_slip('ทองประเสริฐ', 'ริ', 'วริ')}") == f"{given} ทองประเสริฐ"


@pytest.mark.parametrize("surname", ["แก้วมณีรัตน์", "อินทร์ชัยวงศ์", "บุญมาเลิศ"])
def test_a_look_alike_letter_in_a_given_name(surname):
    assert repaired_name(f"นายประเสวิฐ {surname}") == f"นายประเสริฐ {surname}"


def test_a_stray_letter_inside_a_surname():
    assert repaired_name("นายอนุชา ประทุมทองตดี") == "นายอนุชา ประทุมทองดี"


@pytest.mark.parametrize("given", GIVEN)
@pytest.mark.parametrize("surname", ["พึ่งทองคำ", "ชื่นชมบุญ", "ยิ่งเจริญ", "รื่นรมย์", "มั่นคงธรรม"])
def test_a_tone_lost_over_an_upper_vowel(given, surname):
    """``พึงทองคำ``: the ่ over ึ lost; listed names write พึ่ง, ชื่น, ยิ่ง, รื่น and the word
    มั่นคง with it (มัน alone is in names as often as มั่น: the word decides)."""
    read = _slip(surname, "\u0e48", "")
    assert repaired_name(f"{given} {read}") == f"{given} {surname}"


@pytest.mark.parametrize("given", GIVEN)
@pytest.mark.parametrize("surname", ["ศรีบุญเรือง", "เรืองศักดิ์ศรี"])
def test_a_tone_added_over_an_upper_vowel(given, surname):
    """``ศรีบุญเรื่อง``: a ่ read over ื; listed names write เรือง, not the word เรื่อง."""
    read = _slip(surname, "เรือง", "เรื่อง")
    assert repaired_name(f"{given} {read}") == f"{given} {surname}"


@pytest.mark.parametrize("name", ["นายวิทยา ศรีบุญเรือง",       # เรือง: listed names write it so
                                  "นางสุนันทา ลิมทองคำ",         # ลิม and ลิ้ม both listed
                                  "นางสาวกาญจนา มั่นคงธรรม",     # มั่นคง: listed so
                                  "นางสาวกาญจนา พึ่งทองคำ",
                                  "นายสมชาย สิงห์ทองดี"])        # สิง, not สิ่ง
def test_a_tone_left_as_read_where_listed_names_do_not_say_otherwise(name):
    assert repaired_name(name) == name


@pytest.mark.parametrize("given", GIVEN)
@pytest.mark.parametrize("surname", ["สิทธิโชคชัย", "เรืองศักดิ์ศรี", "ทองประเสริฐ"])
def test_a_name_read_with_no_space_before_its_surname(given, surname):
    """``นางสุนันทาสิทธิโชคชัย``: cut after the longest listed given name that leaves a
    surname of known pieces (นางสาวกาญจนา, not นางสาวกาญ|จนา…)."""
    assert given_name_apart(f"{given}{surname}") == f"{given} {surname}"


@pytest.mark.parametrize("name", ["นายวิทยา ศรีบุญเรือง",     # a space already
                                  "นายเน้ยสมบูรณ์เถกิง",      # no listed given name starts it
                                  "นายวิทยา"])                # one part: nothing to cut
def test_a_name_not_cut_where_no_listed_given_name_begins_it(name):
    assert given_name_apart(name) == name


def test_a_title_read_as_its_look_alike():
    """``หาย`` for นาย before a listed given name."""
    assert repaired_name("หายวีระพงษ์ ทองประเสริฐ") == "นายวีระพงษ์ ทองประเสริฐ"


@pytest.mark.parametrize("name", ["นายเน้ย สมบูรณ์เถกิง",          # unknown to every list: as read
                                  "นางรัชน วงศ์สุวรรณกุล",          # รัชนี or รัน: two as good
                                  "นายปริญญา ศรีบุญเรือง",          # known as read
                                  "นางจันทร์เพ็ญ เรืองศักดิ์ศรี"])    # a tone is the name's own
def test_a_name_left_as_read_where_no_one_repair_is_sure(name):
    assert repaired_name(name) == name


def _signed(name_line: str, box_name: str = "(นางสาววราภรณ์ บุญมาเลิศ)"):
    body = [r if not r[2].startswith("(นางสาวลำดวน") else (r[0], r[1], name_line) for r in BODY]
    box = [r if not r[2].startswith("(") else (r[0], r[1], box_name) for r in BOX]
    return extract_bundle([sheet(HEAD + REFS + body + box + FOOT)])


@pytest.mark.parametrize("line", ["(นางสาวลำดวน ประทุมทองดี]", "(นางสาวลำดวน ประทุมทองดี}",
                                  "โ(นางสาวลำดวน ประทุมทองดี)", "ฮ็็นางสาวลำดวน ประทุมทองดี)",
                                  "นางสาวลำดวน ประทุมทองดี)"])
def test_the_name_line_with_its_brackets_marked_or_lost(line):
    """``)`` read ``]``, a stray mark before ``(``, ``(`` lost or read as letters: the letter
    and the endorsement boxed under it are both signed, each by its own."""
    letter, endo = _signed(line)
    assert letter["signatory"]["name"] == "นางสาวลำดวน ประทุมทองดี"
    assert letter["signatory"]["position"].startswith("รองผู้ว่าราชการจังหวัด")
    assert endo["signatory"] == {"name": "นางสาววราภรณ์ บุญมาเลิศ", "position": "นายอำเภอรัตภูมิ"}


def test_the_endorsements_name_with_its_bracket_lost():
    letter, endo = _signed("(นางสาวลำดวน ประทุมทองดี)", "นางสาววราภรณ์ บุญมาเลิศ)")
    assert endo["signatory"] == {"name": "นางสาววราภรณ์ บุญมาเลิศ", "position": "นายอำเภอรัตภูมิ"}


def test_a_line_in_brackets_that_is_no_name_is_not_taken():
    """Only a title and a name of two parts stand for a name whose brackets were lost."""
    letter, _ = _signed("นายกองค์การบริหารส่วนตำบลเขาพระ)")
    assert letter["signatory"] is None and "signatory: not found" in letter["flags"]


def test_a_speck_read_beside_a_part_of_the_name():
    assert repaired_name("นายปริญญา .ทองประเสริฐ") == "นายปริญญา ทองประเสริฐ"
    assert repaired_name("นางสาวกาญจนา ทองประเสริฐ,") == "นางสาวกาญจนา ทองประเสริฐ"


@pytest.mark.parametrize("part,end", [("นาคสมบูร์", "ูร์"),       # the ณ of สมบูรณ์ lost before ์
                                      ("นาคสมบูรณ์", None), ("จันทร์", None), ("ศรีสวัสดิ์วงศ์", None),
                                      ("ณรงค์ศักดิ์", None), ("อินทร์ชัยวงศ์", None)])
def test_a_silenced_letter_at_an_end_no_listed_name_has(part, end):
    assert silent_end_unheard(part) == end


def test_a_signatory_whose_surname_ends_as_no_name_does_is_flagged():
    from ingest.evaluate import flagged

    def signed(name):
        text = ("ที่ มท ๐๘๐๘.๒/ว ๑๓๒๗                      กระทรวงมหาดไทย\n"
                "                                   ๒๓ มีนาคม ๒๕๖๗\n"
                "เรื่อง การสำรวจข้อมูล\n"
                "เรียน ผู้ว่าราชการจังหวัด ทุกจังหวัด\n"
                "          ตามหนังสือที่อ้างถึง กระทรวงขอให้ดำเนินการ\n"
                "                              ขอแสดงความนับถือ\n"
                f"                           ({name})\n"
                "                        อธิบดีกรมส่งเสริมการปกครองท้องถิ่น\n")
        (rec,) = extract_text(text)
        return rec

    rec = signed("นางสาววราภรณ์ นาคสมบูร์")
    assert rec["signatory"]["name"] == "นางสาววราภรณ์ นาคสมบูร์"
    assert "signatory: 'นาคสมบูร์' ends as no listed name does ('ูร์')" in rec["flags"]
    assert flagged(rec, "signatory.name")
    assert not any(f.startswith("signatory") for f in signed("นางสาววราภรณ์ นาคสมบูรณ์")["flags"])
