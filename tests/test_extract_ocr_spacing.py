"""What OCR does to a field's spacing: a space put inside a phrase (taken out by the words'
gap), and a signatory's name read as one word or three (flagged)."""
from ingest.extract import extract_text
from ingest.extract.cells import Cell, close_up
from ingest.page import Word


def _cell(*words):
    """A line 80 px high of (text, left, right) words."""
    ws = [Word(t, (x0, 100, x1, 180), 93.0) for t, x0, x1 in words]
    return Cell(" ".join(t for t, _, _ in words), " ".join(t for t, _, _ in words), 1,
                (ws[0].box[0], 100, ws[-1].box[2], 180), 0.93, words=ws, width=2480)


def test_a_space_narrower_than_a_space_is_taken_out_of_a_phrase():
    c = _cell(("เรื่อง", 300, 480), ("การสำรวจข้อมูล", 515, 900), ("ผู้มีสิทธิรับเงิน", 907, 1300))
    assert close_up("การสำรวจข้อมูล ผู้มีสิทธิรับเงิน", [c]) == "การสำรวจข้อมูลผู้มีสิทธิรับเงิน"   # 7 px


def test_a_true_space_and_a_word_that_stands_apart_keep_theirs():
    c = _cell(("ป้องกันอุทกภัย", 300, 700), ("ปี", 706, 760), ("ภาษีที่ดิน", 790, 1000),
              ("ประจำปี", 1025, 1200))
    # ปี stands apart even close up; 25 px (0.31 of the line) is a space
    assert close_up("ป้องกันอุทกภัย ปี ภาษีที่ดิน ประจำปี", [c]) == "ป้องกันอุทกภัย ปี ภาษีที่ดิน ประจำปี"


LETTER = """ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑                          กระทรวงมหาดไทย
                                  ๒๕ กรกฎาคม ๒๕๖๑
เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร
เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด
        ด้วยกระทรวงมหาดไทยขอซักซ้อมแนวทาง
                                  ขอแสดงความนับถือ

                                  ({name})
                                  ปลัดกระทรวงมหาดไทย
"""


def test_a_name_read_without_the_space_before_the_surname_or_in_three_pieces_is_flagged():
    """Read as one where no listed given name begins it, or in three pieces: as read, flagged."""
    for name, flagged in (("นายวิทยา มั่นคงธรรม", False), ("นายเน้ยสมบูรณ์เถกิง", True),
                          ("นายธนากร ก อินทร์ชัยวงศ์", True), ("รองศาสตราจารย์ ดร.กรรณิการ์ สหกะโร", False)):
        (rec,) = extract_text(LETTER.format(name=name))
        assert rec["signatory"]["name"] == name
        assert ("signatory: low OCR confidence" in rec["flags"]) is flagged, name


def test_a_name_read_without_the_space_after_a_listed_given_name_is_cut_there():
    (rec,) = extract_text(LETTER.format(name="นายวิทยามั่นคงธรรม"))
    assert rec["signatory"]["name"] == "นายวิทยา มั่นคงธรรม"


def test_a_piece_of_a_name_read_twice_is_taken_once():
    (rec,) = extract_text(LETTER.format(name="นายธนากร อิ อินทร์ชัยวงศ์"))
    assert rec["signatory"]["name"] == "นายธนากร อินทร์ชัยวงศ์"


def test_latin_letters_in_an_addressee_or_a_name_are_a_misreading_flagged():
    (rec,) = extract_text(LETTER.format(name="นายวิทยา มั่นคงธรรม").replace("ทุกจังหวัด", " NNN"))
    assert "recipients: low OCR confidence" in rec["flags"]
    (rec,) = extract_text(LETTER.format(name="นายวิทยา มั่นคงธsรม"))
    assert "signatory: low OCR confidence" in rec["flags"]


def test_the_space_before_a_surname_is_kept_when_the_words_would_run_together():
    # ประเสริฐ|แก้ว… reads as words run together: cleaning joined it like a word OCR split
    (rec,) = extract_text(LETTER.format(name="นายประเสริฐ แก้วมณีรัตน์"))
    assert rec["signatory"]["name"] == "นายประเสริฐ แก้วมณีรัตน์"
    assert "signatory: low OCR confidence" not in rec["flags"]


def test_letters_read_twice_at_a_cut_are_taken_once():
    from ingest.extract.cells import drop_read_twice

    assert drop_read_twice("คู่มือการจัดเก็บภาษีที่ดิ ดินและสิ่งปลูกสร้าง") == "คู่มือการจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง"
    assert drop_read_twice("เงินเบี้ยย ยังชีพผู้สูงอายุ") == "เงินเบี้ยยังชีพผู้สูงอายุ"
    assert drop_read_twice("ค่าเช่าที่พัก จํ จำนวน ๑ ชุด") == "ค่าเช่าที่พัก จำนวน ๑ ชุด"
    assert drop_read_twice("(นายธนากร อิ อินทร์ชัยวงศ์)") == "(นายธนากร อินทร์ชัยวงศ์)"


def test_a_word_that_ends_as_the_next_begins_is_kept():
    from ingest.extract.cells import drop_read_twice

    for text in ("เรียน นายอำเภอ ทุกอำเภอ", "ไฟป่าและหมอกควัน นั้น", "เอกสาร รายละเอียด", "วัน นับแต่วันที่"):
        assert drop_read_twice(text) == text


def test_an_enclosure_read_twice_at_a_cut_is_registered_as_printed():
    (rec,) = extract_text(LETTER.replace("เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด",
                                         "เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด\nสิ่งที่ส่งมาด้วย คู่มือการจัดเก็บภาษีที่ดิ ดินและสิ่งปลูกสร้าง จำนวน ๑ ชุด"))
    assert rec["enclosures"] == ["คู่มือการจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง จำนวน ๑ ชุด"]
