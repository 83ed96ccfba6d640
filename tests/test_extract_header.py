"""Reference numbers, kinds, subjects and addressees from letter heads."""
import pytest

from ingest.extract import extract_text
from ingest.extract.header import find_doc_no, recipients_of


@pytest.mark.parametrize("printed, display", [
    ("ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑", "มท 0206.2/ว 5221"),
    ("ที่ อต. ๐๐๒๓.๑๔/ว 1220", "อต 0023.14/ว 1220"),
    ("ที่ อว 7008/1022", "อว 7008/1022"),
    ("ที่ ชบ ๐๘๓๒.1/52", "ชบ 0832.1/52"),
    ("ที่ มท ๐๘๐๘.๒/ว๔๐๔๔", "มท 0808.2/ว 4044"),
    ("ที่ ๑๕๐/๒๕๖๓", "150/2563"),
    ("ที่ ศธ ๐๒๐๖.๓ / ว ๔๗๘", "ศธ 0206.3/ว 478"),          # OCR spaces around the slash
    ("ที่ สข ๐๐๒๓.๒/ว ๓๘๒ ศาลากลางจังหวัดสงขลา", "สข 0023.2/ว 382"),
])
def test_doc_no(printed, display):
    assert find_doc_no(printed)[0] == display


def test_doc_no_text_is_kept_as_printed():
    assert find_doc_no("ที่ อต. ๐๐๒๓.๑๔/ว 1220")[1] == "อต. ๐๐๒๓.๑๔/ว 1220"


EXTERNAL = """ด่วนที่สุด
ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑                                 กระทรวงมหาดไทย
                                                     ถนนอัษฎางค์ กทม. ๑๐๒๐๐

                                    ๒๕ กรกฎาคม ๒๕๖๑

เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร
เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด และนายกองค์การบริหารส่วนจังหวัดทุกจังหวัด
สิ่งที่ส่งมาด้วย แนวทางปฏิบัติ จำนวน ๑ ชุด

          ด้วยกระทรวงมหาดไทยขอซักซ้อมแนวทางการจัดเก็บเอกสาร

          จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการต่อไป

                                     ขอแสดงความนับถือ


                                 (นายสมชาย ใจดี)
                              ปลัดกระทรวงมหาดไทย
"""


def test_external_letter_from_text():
    (rec,) = extract_text(EXTERNAL)
    assert rec["kind"] == "external"
    assert rec["doc_no"] == "มท 0206.2/ว 5221" and rec["doc_no_text"] == "มท ๐๒๐๖.๒/ว ๕๒๒๑"
    assert rec["issuer"] == "กระทรวงมหาดไทย" and rec["issuer_code"] == "มท"
    assert rec["date"] == "2018-07-25" and rec["date_text"] == "๒๕ กรกฎาคม ๒๕๖๑"
    assert rec["subject"] == "ซักซ้อมแนวทางการจัดเก็บเอกสาร"
    assert rec["recipients"] == ["ผู้ว่าราชการจังหวัดทุกจังหวัด",
                                 "นายกองค์การบริหารส่วนจังหวัดทุกจังหวัด"]
    assert rec["enclosures"] == ["แนวทางปฏิบัติ จำนวน ๑ ชุด"]
    assert rec["urgency"] == "ด่วนที่สุด"
    assert rec["signatory"] == {"name": "นายสมชาย ใจดี", "position": "ปลัดกระทรวงมหาดไทย"}
    assert rec["flags"] == []
    assert set(rec["confidence"]) >= {"doc_no", "date", "subject"}
    assert rec["boxes"]["doc_no"]["page"] == 1


def test_ocr_damaged_head():
    """Stock-Tesseract damage: ที without its tone, เรือง, อางถึง, ำ as ํา."""
    text = EXTERNAL.replace("ที่ มท", "ที มท").replace("เรื่อง", "เรือง") \
        .replace("สิ่งที่ส่งมาด้วย", "สิงทีสงมาดวย").replace("จำนวน", "จํานวน")
    (rec,) = extract_text(text)
    assert rec["doc_no"] == "มท 0206.2/ว 5221"
    assert rec["subject"] == "ซักซ้อมแนวทางการจัดเก็บเอกสาร"
    assert rec["enclosures"] == ["แนวทางปฏิบัติ จำนวน ๑ ชุด"]


@pytest.mark.parametrize("head, kind", [
    ("บันทึกข้อความ\nส่วนราชการ สำนักปลัด\nที่ ชม ๗๘๑๐๑/๑๒๓    วันที่ ๑ มกราคม ๒๕๖๗\nเรื่อง ก\nเรียน นายก", "memo"),
    ("คำสั่งจังหวัดเชียงใหม่\nที่ 12/2567\nเรื่อง แต่งตั้งคณะกรรมการ\nสั่ง ณ วันที่ 21 มกราคม พ.ศ. 2567", "order"),
    ("ประกาศองค์การบริหารส่วนตำบลไทรย้อย\nเรื่อง คู่มือ\nประกาศ ณ วันที่ ๒๐ กรกฎาคม พ.ศ. ๒๕๕๕", "announcement"),
    ("ที่ อต ๐๐๒๓.๕/ว ๑๐๗๙ สำนักงานจังหวัด\nถึง อำเภอทุกอำเภอ\nด้วย\n๒๕ ธันวาคม ๒๕๖๕", "stamped"),
])
def test_kinds(head, kind):
    (rec,) = extract_text(head)
    assert rec["kind"] == kind


def test_memo_date_on_the_ti_line():
    (rec,) = extract_text("บันทึกข้อความ\nส่วนราชการ สำนักปลัด\n"
                          "ที่ ชม ๗๘๑๐๑/๑๒๓    วันที่ ๑๕ มกราคม ๒๕๖๗\nเรื่อง ขอส่ง\nเรียน นายก")
    assert (rec["doc_no"], rec["date"], rec["issuer"]) == ("ชม 78101/123", "2024-01-15", "สำนักปลัด")


def test_order_date_and_issuer():
    (rec,) = extract_text("คำสั่งจังหวัดเชียงใหม่\nที่ 12/2567\nเรื่อง แต่งตั้งคณะกรรมการ\n"
                          "ข้อ 1 ให้ตรวจรับ\nสั่ง ณ วันที่ 21 มกราคม พ.ศ. 2567")
    assert rec["issuer"] == "จังหวัดเชียงใหม่" and rec["doc_no"] == "12/2567"
    assert rec["date"] == "2024-01-21" and rec["issuer_code"] is None


@pytest.mark.parametrize("said", ["49", "รัง", "สง"])
def test_order_closing_date_with_its_first_word_misread(said):
    (rec,) = extract_text("คำสั่งจังหวัดเชียงใหม่\nที่ 12/2567\nเรื่อง แต่งตั้งคณะกรรมการ\n"
                          f"ข้อ 1 ให้ตรวจรับ\n{' ' * 36}{said} ณ วันที่ 21 มกราคม พ.ศ. 2567")
    assert rec["date"] == "2024-01-21"


def test_a_sentence_at_the_margin_naming_a_day_is_no_closing_date():
    (rec,) = extract_text("คำสั่งจังหวัดเชียงใหม่\nที่ 12/2567\nเรื่อง แต่งตั้งคณะกรรมการ\n"
                          "ข้อมูล ณ วันที่ 21 มกราคม พ.ศ. 2567")
    assert rec["date"] is None and "date: not found" in rec["flags"]


def test_recipients_split_on_and():
    assert recipients_of("นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัดสงขลา") == [
        "นายอำเภอ ทุกอำเภอ", "นายกองค์การบริหารส่วนจังหวัดสงขลา"]


@pytest.mark.parametrize("line, address, doc_no, flag", [
    # ที่ + agency code read as Latin junk by stock Tesseract; the code comes from the address
    ("fi an 0023.4/2 987    ศาลากลางจังหวัดอุตรดิตถ์", "ถนนประชานิมิตร อต 53000",
     "อต 0023.4/ว 987", "doc_no: agency code not read; 'อต' taken from the office address"),
    ("NUN ๐๒๐๖.๒/ว ๕๑๐๙    กระทรวงมหาดไทย", "ถนนอัษฎางค์ กทม. ๑๐๒๐๐",
     "มท 0206.2/ว 5109", "doc_no: agency code not read; 'มท' taken from the office address"),
    # ที่ read, only the code after it read as Latin letters (or lost)
    ("ที่ AV ๐๐๒๓.๑๕/ว ๑๔๕    ศาลากลางจังหวัดสงขลา", "ถนนราชดำเนิน สข ๙๐๐๐๐",
     "สข 0023.15/ว 145", "doc_no: agency code not read; 'สข' taken from the office address"),
    ("ที่ ๐๒๑๑.๔/ว ๑๖๕๔    กระทรวงสาธารณสุข", "ถนนติวานนท์ จังหวัดนนทบุรี ๑๑๐๐๐",
     "สธ 0211.4/ว 1654", "doc_no: agency code not read; 'สธ' taken from the office address"),
    # a department writes with its ministry's code
    ("ที่ ๐๘๐๘.๒/ว๓๑๖๒    กรมส่งเสริมการปกครองท้องถิ่น", "ถนนนครราชสีมา เขตดุสิต กทม. ๑๐๓๐๐",
     "มท 0808.2/ว 3162", "doc_no: agency code not read; 'มท' taken from the office address"),
])
def test_mangled_ti_line_is_recovered_and_flagged(line, address, doc_no, flag):
    (rec,) = extract_text(f"{line}\n{address}\n๒๐ ตุลาคม ๒๕๖๑\nเรื่อง ทดสอบ\nเรียน ผู้ว่าราชการจังหวัด")
    assert rec["doc_no"] == doc_no and flag in rec["flags"]
    assert rec["issuer_code"] == doc_no.split(" ")[0]


@pytest.mark.parametrize("line, address, doc_no, flag", [
    # a letter of the code misread (บ as ป), or one letter too many: the office beside the number
    ("ที่ ชป ๐๐๒๓.๔/ว ๕๒    ศาลากลางจังหวัดชลบุรี", "ถนนพระยาสัจจา ชบ ๒๐๐๐๐", "ชบ 0023.4/ว 52",
     "doc_no: agency code read 'ชป'; 'ชบ' taken from the office address"),
    ("ที่ อปบ ๐๐๒๓.๑๑/ว ๒๕๖    ศาลากลางจังหวัดอุบลราชธานี", "ถนนสรรพสิทธิ์", "อบ 0023.11/ว 256",
     "doc_no: agency code read 'อปบ'; 'อบ' taken from the office address"),
    # junk at the slash, or a letter after its ว: the number is read past it
    ("ที่ ๐๘๐๘.๒/)ว ๓๘๘๓    กรมส่งเสริมการปกครองท้องถิ่น", "ถนนนครราชสีมา เขตดุสิต กทม. ๑๐๓๐๐",
     "มท 0808.2/ว 3883", "doc_no: agency code not read; 'มท' taken from the office address"),
    ("ที่ อต ๐๐๒๓.๑๓/วง ๑๘๔    ศาลากลางจังหวัดอุตรดิตถ์", "ถนนประชานิมิตร อต 53000",
     "อต 0023.13/ว 184", None),
])
def test_a_misread_agency_code_or_slash_on_the_ti_line(line, address, doc_no, flag):
    (rec,) = extract_text(f"{line}\n{address}\n๒๐ ตุลาคม ๒๕๖๑\nเรื่อง ทดสอบ\nเรียน ผู้ว่าราชการจังหวัด")
    assert rec["doc_no"] == doc_no and rec["issuer_code"] == doc_no.split(" ")[0]
    assert flag is None or flag in rec["flags"]
    assert not any("unknown" in f for f in rec["flags"])


def test_a_known_code_is_never_changed_for_the_office_beside_it():
    (rec,) = extract_text("ที่ สข ๐๐๒๓.๕/ว ๓๗๓    ศาลากลางจังหวัดชลบุรี\nถนนพระยาสัจจา\n"
                          "๒๐ ตุลาคม ๒๕๖๑\nเรื่อง ทดสอบ\nเรียน ผู้ว่าราชการจังหวัด")
    assert rec["doc_no"] == "สข 0023.5/ว 373"


def test_order_number_gets_no_agency_code():
    (rec,) = extract_text("คำสั่งจังหวัดสงขลา\nที่ ๑๕๐/๒๕๖๓\nเรื่อง แต่งตั้งคณะกรรมการ\n"
                          "ถนนราชดำเนิน สข ๙๐๐๐๐\nสั่ง ณ วันที่ ๑ ตุลาคม ๒๕๖๓")
    assert rec["kind"] == "order" and rec["doc_no"] == "150/2563"


@pytest.mark.parametrize("line", ["4 ที่ ๑๕๐/๒๕๖๓", "ะ ที่ ๑๕๐/๒๕๖๓", "ะ . ที่)๑๕๐ /๒๕๖๓", "| ที่ ๑๕๐/๒๕๖๓"])
def test_an_orders_number_with_a_mark_read_before_its_label(line):
    """The seal above an order's number, or a speck, read as a letter, a digit or a stroke
    before ``ที่`` (and its bracket after it): the number is still the order's."""
    (rec,) = extract_text(f"คำสั่งจังหวัดสงขลา\n{line}\nเรื่อง แต่งตั้งคณะกรรมการ\n"
                          "ข้อ 1 ให้ตรวจรับ\nสั่ง ณ วันที่ ๑ ตุลาคม ๒๕๖๓")
    assert rec["kind"] == "order" and rec["doc_no"] == "150/2563"
    assert "doc_no: not found" not in rec["flags"]


@pytest.mark.parametrize("line", ["4 ที่ประชุมมีมติ", "ะ ที่ตั้งสำนักงาน ๑๕๐"])
def test_a_mark_before_a_word_that_starts_with_ti_is_no_number_line(line):
    (rec,) = extract_text(f"คำสั่งจังหวัดสงขลา\n{line}\nเรื่อง แต่งตั้งคณะกรรมการ\n"
                          "ข้อ 1 ให้ตรวจรับ\nสั่ง ณ วันที่ ๑ ตุลาคม ๒๕๖๓")
    assert rec["doc_no"] is None


def test_lines_reported_out_of_order_are_read_top_down():
    """Tesseract reports lines block by block: the ที่ line may come after the date and
    เรื่อง when a mark beside it made a block of its own."""
    from ingest.extract import extract_bundle
    from ingest.page import Line, PageText, Word
    rows = [("ศาลากลางจังหวัดเชียงใหม่", (1457, 523, 2147, 592)), ("25 ตุลาคม 2561", (1220, 716, 1663, 787)),
            ("เรื่อง การเตรียมความพร้อมป้องกันอุทกภัย", (359, 821, 2153, 910)),
            ("ที่ ชม 0023.1/ว 896", (356, 511, 907, 594)),
            ("เรียน นายอำเภอ ทุกอำเภอ", (359, 943, 2074, 1032))]
    lines = [Line(t, b, 93.0, [Word(t, b, 93.0)]) for t, b in rows]
    (rec,) = extract_bundle([PageText(1, 2482, 3507, lines, "tesseract")])
    assert rec["doc_no"] == "ชม 0023.1/ว 896" and rec["date"] == "2018-10-25"
    assert rec["subject"] == "การเตรียมความพร้อมป้องกันอุทกภัย"


def test_page_read_sideways_is_turned_upright():
    """Tesseract reads a page scanned on its side without turning it: lines run down the
    image, stacked right to left. Turned upright, the head reads as on paper."""
    from ingest.extract import extract_bundle
    from ingest.page import Line, PageText, Word

    def down(text_boxes, x0, x1):      # words running down the image at x0..x1
        words = [Word(t, (x0, y0, x1, y1), 92.0) for t, y0, y1 in text_boxes]
        return Line(" ".join(w.text for w in words), (x0, words[0].box[1], x1, words[-1].box[3]), 92.0, words)
    lines = [down([("ที่", 408, 470), ("นม", 500, 561), ("๐๐๒๓.๑๒/ว", 596, 912), ("๕๐๕", 955, 1073),
                   ("ที่ว่าการอำเภอปากช่อง", 1508, 2098)], 2939, 3020),
             down([("๒", 1270, 1300), ("ธันวาคม", 1330, 1500), ("๒๕๖๕", 1530, 1754)], 2776, 2841),
             down([("เรื่อง", 410, 520), ("ซักซ้อมแนวทางการจัดเก็บเอกสาร", 560, 1456)], 2656, 2727),
             down([("เรียน", 409, 520), ("นายกเทศมนตรีตำบลกลางดง", 560, 1300)], 2540, 2610)]
    (rec,) = extract_bundle([PageText(1, 3575, 2580, lines, "tesseract")])
    assert rec["doc_no"] == "นม 0023.12/ว 505" and rec["date"] == "2022-12-02"
    assert rec["issuer"] == "ที่ว่าการอำเภอปากช่อง"
    assert rec["subject"] == "ซักซ้อมแนวทางการจัดเก็บเอกสาร"
    assert rec["recipients"] == ["นายกเทศมนตรีตำบลกลางดง"]


def test_head_with_ti_and_rian_misread_is_an_external_letter():
    text = ("i afi ๐๒๑๑.๕/ว) ๑๐๕๕    กระทรวงสาธารณสุข\nถนนติวานนท์ จังหวัดนนทบุรี ๑๑๐๐๐\n"
            "๒๕ เมษายน ๒๕๖๔\nเรื่อง มาตรการป้องกันโรค\n5 ยน ผู้ว่าราชการจังหวัด ทุกจังหวัด")
    (rec,) = extract_text(text)
    assert rec["kind"] == "external" and rec["date"] == "2021-04-25"
    assert rec["doc_no"] == "สธ 0211.5/ว 1055" and rec["subject"] == "มาตรการป้องกันโรค"


@pytest.mark.parametrize("line", ["5 ยน ผู้ว่าราชการจังหวัด ทุกจังหวัด", "ยน ผู้ว่าราชการจังหวัด ทุกจังหวัด",
                                  "รียน ผู้ว่าราชการจังหวัด ทุกจังหวัด"])
def test_rian_with_its_first_letters_lost_still_heads_the_addressees(line):
    (rec,) = extract_text(EXTERNAL.replace("เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด และนายกองค์การบริหารส่วนจังหวัดทุกจังหวัด", line))
    assert rec["salutation"] == "ผู้ว่าราชการจังหวัด ทุกจังหวัด"
    assert rec["recipients"] == ["ผู้ว่าราชการจังหวัด ทุกจังหวัด"]


def test_a_line_under_the_subject_not_naming_an_office_head_is_no_salutation():
    (rec,) = extract_text(EXTERNAL.replace("เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด และนายกองค์การบริหารส่วนจังหวัดทุกจังหวัด",
                                           "ยน ขอให้ดำเนินการ"))
    assert rec["recipients"] == [] and "recipients: not found" in rec["flags"]


@pytest.mark.parametrize("number, odd", [
    ("มท ๐๒๐๒๐๖.๒/ว ๑๔๔๖", True),     # ๐๒๐๖ with a digit read twice: no unit has six digits
    ("นม ๐๐๒๓.๑๒๗/ว ๓๔", True),        # the districts of a province number a few dozen at most
    ("มท ๐๒๐๖.๒/ว ๑๔๔๖", False),
    ("นม ๗๓๑๖๒/๑๐๘", False),            # a local office's five-digit unit
])
def test_unit_code_no_office_has_is_flagged(number, odd):
    (rec,) = extract_text(f"ที่ {number}    ศาลากลางจังหวัด\n๒๐ ตุลาคม ๒๕๖๑\nเรื่อง ทดสอบ\nเรียน นายอำเภอ")
    flag = f"doc_no: '{rec['doc_no']}' is not a reference number"
    assert (flag in rec["flags"]) == odd


def test_number_whole_in_the_line_text_though_split_across_words():
    """The saraban engine adds the digits it reads to one word (``อว ๖๘``), its line text
    has the number whole; the words elsewhere keep their spaces (``๒๕๖๖ - ๒๕๗๐``)."""
    from ingest.extract import extract_bundle
    from ingest.page import Line, PageText, Word
    words = [Word("ที่", (301, 654, 341, 712), 90), Word("อว ๖๘", (345, 654, 403, 712), 90),
             Word("๒๐๔.๒/๐๒๔", (420, 669, 705, 704), 90)]
    head = Line("ที่ อว ๖๘๒๐๔.๒/๐๒๔", (301, 654, 705, 712), 90, words)
    subject_words = [Word(t, (300 + 200 * i, 900, 480 + 200 * i, 960), 90)
                     for i, t in enumerate(["เรื่อง", "แผน", "(พ.ศ.", "๒๕๖๖", "-", "๒๕๗๐)"])]
    subject = Line("เรื่อง แผน (พ.ศ. ๒๕๖๖- ๒๕๗๐)", (300, 900, 1480, 960), 90, subject_words)
    date = Line("๘ สิงหาคม ๒๕๖๗", (1200, 780, 1600, 840), 90, [Word("๘ สิงหาคม ๒๕๖๗", (1200, 780, 1600, 840), 90)])
    rian = Line("เรียน ผู้อำนวยการ", (300, 1000, 900, 1060), 90, [Word("เรียน", (300, 1000, 450, 1060), 90),
                                                                   Word("ผู้อำนวยการ", (470, 1000, 900, 1060), 90)])
    (rec,) = extract_bundle([PageText(1, 2480, 3508, [head, date, subject, rian], "saraban")])
    assert rec["doc_no"] == "อว 68204.2/024"
    assert rec["subject"] == "แผน (พ.ศ. ๒๕๖๖ - ๒๕๗๐)"


def test_the_year_word_is_restored_where_ocr_dropped_its_vowel_or_read_it_twice():
    from ingest.extract.header import year_word_restored
    assert year_word_restored("การป้องกันอุทกภัย ป 2567") == "การป้องกันอุทกภัย ปี 2567"
    assert year_word_restored("การป้องกันอุทกภัย ปี ปี ๒๕๖๗") == "การป้องกันอุทกภัย ปี ๒๕๖๗"
    assert year_word_restored("การชำระภาษีที่ดิน ประจำป") == "การชำระภาษีที่ดิน ประจำปี"
    for kept in ("การชำระภาษีที่ดิน ประจำปีงบประมาณ", "แผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570)", "ป้องกันไฟป่า"):
        assert year_word_restored(kept) == kept


def test_an_order_whose_heading_was_misread_is_known_by_its_close():
    """คำสั่งจังหวัดขอนแก่น read ``Ana; จังหวัดขอนแก่น``: addressed to no one and closing with
    สั่ง ณ วันที่ (its tone lost), it is an order, dated by its close."""
    text = ("Ana; จังหวัดขอนแก่น\nที่ ๑๑๕/๒๕๖๕\nเรื่อง มอบหมายหน้าที่ความรับผิดชอบงานสารบรรณ\n"
            "เพื่อให้การปฏิบัติราชการเป็นไปด้วยความเรียบร้อย จึงมอบหมายหน้าที่\n"
            "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป\nสัง ณ วันที่ ๙ กรกฎาคม พ.ศ. ๒๕๖๕\n"
            "(นางสาววราภรณ์ แก้วมณีรัตน์)\nผู้ว่าราชการจังหวัดขอนแก่น\n")
    (rec,) = extract_text(text)
    assert rec["kind"] == "order" and rec["date"] == "2022-07-09"
    # a letter that quotes a notice's close is still a letter, also with its เรียน lost
    (letter,) = extract_text(EXTERNAL + "ประกาศ ณ วันที่ ๙ กรกฎาคม พ.ศ. ๒๕๖๕\n")
    assert letter["kind"] == "external"
    quoting = EXTERNAL.replace("เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด และนายกองค์การบริหารส่วนจังหวัดทุกจังหวัด\n", "") \
        .replace("          ด้วยกระทรวงมหาดไทยขอซักซ้อมแนวทางการจัดเก็บเอกสาร\n",
                 "          ตามประกาศจังหวัด ลงนามไว้ดังนี้\nประกาศ ณ วันที่ ๙ กรกฎาคม พ.ศ. ๒๕๖๕\n"
                 "ขอให้ทุกหน่วยงานถือปฏิบัติ\nโดยเคร่งครัด\nและรายงานผล\nให้ทราบ\nภายในกำหนด\n")
    (letter,) = extract_text(quoting)
    assert letter["kind"] == "external"
