"""Endorsements written on a received letter are records of their own."""
from ingest.extract import extract_text

HEAD = """                                                   ที่ว่าการอำเภอแม่ริม
                                                   เลขรับ ๑๐๓
                                                   วันที่ ๒๒ ม.ค. ๖๗
                                                   เวลา ๐๙.๑๕ น.
ที่ ชม ๐๐๒๓.๓/ว ๖๙                                 ศาลากลางจังหวัดเชียงใหม่
                                  ๑๘ มกราคม ๒๕๖๗
เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร
เรียน นายอำเภอทุกอำเภอ
          จึงเรียนมาเพื่อทราบและถือปฏิบัติ
                                     ขอแสดงความนับถือ
"""
# the lines under the closing: the note at the left, the letter's own signature beside it
NOTE = """ที่ ชม ๐๐๒๓.๑๗/ว ๑๑
วันที่ ๒๒ ม.ค. ๖๗                        (นายอำนาจ ศรีบุญเรือง)
เรียน                                   ผู้ว่าราชการจังหวัดเชียงใหม่
นายกเทศมนตรีตำบลริมใต้
และนายกองค์การบริหารส่วนตำบลแม่สา
เพื่อทราบและถือปฏิบัติ
 (นายพงศ์พัฒน์ ศรีสวัสดิ์วงศ์)
 นายอำเภอแม่ริม
"""
LETTER = HEAD + NOTE


def test_endorsement_is_its_own_record():
    letter, endo = extract_text(LETTER)
    assert letter["kind"] == "external" and endo["kind"] == "endorsement"
    assert letter["signatory"] == {"name": "นายอำนาจ ศรีบุญเรือง",
                                   "position": "ผู้ว่าราชการจังหวัดเชียงใหม่"}
    assert endo["doc_no"] == "ชม 0023.17/ว 11" and endo["date"] == "2024-01-22"
    assert endo["recipients"] == ["นายกเทศมนตรีตำบลริมใต้", "นายกองค์การบริหารส่วนตำบลแม่สา"]
    assert endo["purpose"] == "เพื่อทราบและถือปฏิบัติ"
    assert endo["signatory"] == {"name": "นายพงศ์พัฒน์ ศรีสวัสดิ์วงศ์", "position": "นายอำเภอแม่ริม"}
    assert endo["issuer"] == "ที่ว่าการอำเภอแม่ริม"      # the office that received the letter
    assert endo["source"]["pages"] == [1]


def test_endorsement_older_than_its_letter_is_flagged():
    _, endo = extract_text(LETTER.replace("วันที่ ๒๒ ม.ค. ๖๗                 ",
                                          "วันที่ ๑๐ ม.ค. ๖๗                 "))
    assert endo["date"] == "2024-01-10"
    assert any("before the letter it endorses" in f for f in endo["flags"])


LOCAL = """                                                   องค์การบริหารส่วนตำบลหนองหาร
                                                   เลขรับ 1212
                                                   วันที่ 30 ต.ค. 61
                                                   เวลา 09.50 น.
ที่ ชม ๐๐๒๓.๑๑/ว ๓๖๓                              ที่ว่าการอำเภอสันทราย
                                  ๒๙ ตุลาคม ๒๕๖๑
เรื่อง การเตรียมความพร้อมป้องกันและแก้ไขปัญหาอุทกภัย
เรียน นายกองค์การบริหารส่วนตำบลหนองหาร
          จึงเรียนมาเพื่อโปรดพิจารณา
                                     ขอแสดงความนับถือ
วันที่ 30 ต.ค. 61
เรียน
นายกองค์การบริหารส่วนตำบลหนองหาร
เพื่อทราบ
 (นายอนุชา จันทร์แสงศรี)
 หัวหน้าสำนักปลัด



สำนักงานท้องถิ่นอำเภอสันทราย
โทร. ๐ ๕๓๔๒ ๙๓๘๒
"""


def test_unnumbered_note_to_the_head_of_the_receiving_office():
    """A note that starts with its date, written inside the office that stamped the letter and
    addressed to that office's head, comes from the signer's unit; the foot is not part of it."""
    letter, endo = extract_text(LOCAL)
    assert endo["doc_no"] is None and endo["date"] == "2018-10-30"
    assert endo["recipients"] == ["นายกองค์การบริหารส่วนตำบลหนองหาร"]
    assert endo["signatory"] == {"name": "นายอนุชา จันทร์แสงศรี", "position": "หัวหน้าสำนักปลัด"}
    assert endo["issuer"] == "สำนักปลัด องค์การบริหารส่วนตำบลหนองหาร"


def test_note_signed_by_the_local_chief_clerk():
    text = LOCAL.replace(" หัวหน้าสำนักปลัด", " ปลัดองค์การบริหารส่วนตำบลหนองหาร")
    _, endo = extract_text(text)
    assert endo["issuer"] == "สำนักปลัด องค์การบริหารส่วนตำบลหนองหาร"


def test_note_to_a_unit_comes_from_the_office():
    text = LOCAL.replace("เรียน\nนายกองค์การบริหารส่วนตำบลหนองหาร", "เรียน\nกองคลัง")
    _, endo = extract_text(text)
    assert endo["issuer"] == "องค์การบริหารส่วนตำบลหนองหาร"


def test_name_line_with_pen_strokes_beside_it():
    from ingest.extract.cells import text_page, page_cells
    from ingest.extract.signatory import is_name_cell
    cells = page_cells(text_page("(นายสุรชัย สิทธิโชคชัย) hณมน0\n(รายละเอียดตามแนบ) จำนวน ๑ ชุด\n(ฉบับที่ ๒)"))
    assert [is_name_cell(c) for c in cells] == [True, False, False]


def test_endorsement_number_read_without_its_agency_letters_is_flagged():
    _, endo = extract_text(LETTER.replace("ที่ ชม ๐๐๒๓.๑๗/ว ๑๑", "ที่ ๐๐๒๓.๑๗/ว ๑๑"))
    assert endo["doc_no"] == "0023.17/ว 11" and "doc_no: agency code not read" in endo["flags"]
    _, endo = extract_text(LETTER)
    assert not any(f.startswith("doc_no") for f in endo["flags"])


def test_typed_note_whose_purpose_ocr_misspelt_keeps_its_number_and_addressees():
    """A note typed in a box under the letter's signature, signed in the box's right half: its
    purpose read ``เพื่อปรดทราบ`` (โ lost) still ties the signature to its ที่ and เรียน."""
    text = LETTER.replace(NOTE, """                                     (นายอำนาจ ศรีบุญเรือง)
                                     ผู้ว่าราชการจังหวัดเชียงใหม่


ที่ ชม ๐๐๒๓.๑๗/ว ๑๑                           วันที่ ๒๒ ม.ค. ๖๗
เรียน นายกเทศมนตรีตำบลริมใต้
      เพื่อปรดทราบและพิจารณา
                                     (นายพงศ์พัฒน์ ศรีสวัสดิ์วงศ์)
                                     นายอำเภอแม่ริม
""")
    letter, endo = extract_text(text)
    assert letter["signatory"]["name"] == "นายอำนาจ ศรีบุญเรือง"
    assert endo["kind"] == "endorsement" and endo["doc_no"] == "ชม 0023.17/ว 11"
    assert endo["recipients"] == ["นายกเทศมนตรีตำบลริมใต้"] and endo["date"] == "2024-01-22"
    assert endo["signatory"]["name"] == "นายพงศ์พัฒน์ ศรีสวัสดิ์วงศ์"


def test_name_without_its_title_is_flagged():
    _, endo = extract_text(LETTER.replace("(นายพงศ์พัฒน์ ศรีสวัสดิ์วงศ์)", "(ตางพงศ์พัฒน์ ศรีสวัสดิ์วงศ์)"))
    assert endo["signatory"]["name"] == "ตางพงศ์พัฒน์ ศรีสวัสดิ์วงศ์"
    assert "signatory: no title (นาย, นาง…) read before the name" in endo["flags"]
    _, endo = extract_text(LETTER)
    assert not any(f.startswith("signatory") for f in endo["flags"])


def test_addressee_spelt_as_the_stamp_on_the_letter_prints_the_office():
    """The note is to the head of the office that stamped the letter: its place read with a
    mark lost (โนนหน) or a stray letter (โนนฆหัน) is the stamp's; a stamp read with fewer marks
    than the note (โนนหน on the stamp) does not spoil the note's."""
    local = LOCAL.replace("หนองหาร", "โนนหัน")
    for read in ("โนนหน", "โนนฆหัน", "โนน หัน"):
        _, endo = extract_text(local.replace("เรียน\nนายกองค์การบริหารส่วนตำบลโนนหัน",
                                             f"เรียน\nนายกองค์การบริหารส่วนตำบล{read}"))
        assert endo["recipients"] == ["นายกองค์การบริหารส่วนตำบลโนนหัน"], read
    stamp_misread = local.replace("องค์การบริหารส่วนตำบลโนนหัน\n", "องค์การบริหารส่วนตำบลโนนหน\n", 1) \
        .replace("เรียน นายกองค์การบริหารส่วนตำบลโนนหัน", "เรียน นายกองค์การบริหารส่วนตำบลโนนหน")
    _, endo = extract_text(stamp_misread)
    assert endo["recipients"] == ["นายกองค์การบริหารส่วนตำบลโนนหัน"]
    _, endo = extract_text(local.replace("เรียน\nนายกองค์การบริหารส่วนตำบลโนนหัน",
                                         "เรียน\nนายกองค์การบริหารส่วนตำบลโนนแก"))
    assert endo["recipients"] == ["นายกองค์การบริหารส่วนตำบลโนนแก"]     # another office: as read


def test_date_read_from_figures_with_more_figures_beside_them_is_in_doubt():
    """``๒๒ ๔.๘. ๖๗``: the day, then a month the pen wrote in letters read as figures."""
    _, endo = extract_text(LETTER.replace("วันที่ ๒๒ ม.ค. ๖๗", "วันที่ ๒๒ ๔.๘. ๖๗"))
    assert any(f.startswith("date: read from figures with more figures beside them") for f in endo["flags"])
    _, endo = extract_text(LETTER.replace("วันที่ ๒๒ ม.ค. ๖๗", "วันที่ ๒๒/๑/๖๗"))
    assert endo["date"] == "2024-01-22" and not any(f.startswith("date") for f in endo["flags"])
