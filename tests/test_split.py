"""Splitting a bundle: letters, continuation pages, attachments, endorsements."""
from ingest.extract import extract_text
from ingest.extract.cells import text_page
from ingest.extract.split import Segment, split_bundle

LETTER = """ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑                     กระทรวงมหาดไทย
                                 ๒๕ กรกฎาคม ๒๕๖๑
เรื่อง ซักซ้อมแนวทาง
เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด
          ด้วยกระทรวงมหาดไทยขอซักซ้อมแนวทาง
/ขอแสดงความนับถือ"""
CONTINUATION = """                    -๒-
                                 ขอแสดงความนับถือ
                                 (นายสมชาย ใจดี)
                                 ปลัดกระทรวงมหาดไทย"""
ATTACHMENT = """ปฏิทินการจัดทำแผนพัฒนาท้องถิ่น
ลำดับ หน่วยงาน จำนวน (ราย)
๑ องค์การบริหารส่วนตำบลแม่สา ๓๖๑"""
MEMO = """บันทึกข้อความ
ส่วนราชการ สำนักปลัด
ที่ ชม ๗๘๑๐๑/๑๒๓    วันที่ ๑๕ มกราคม ๒๕๖๗
เรื่อง ขอส่งรายงาน
เรียน นายกองค์การบริหารส่วนตำบล"""
ENDORSED = LETTER.replace("/ขอแสดงความนับถือ", """          จึงเรียนมาเพื่อโปรดพิจารณา
                                 ขอแสดงความนับถือ
ที่ ชม ๐๐๒๓.๑๗/ว ๑๑
วันที่ ๒๒ ม.ค. ๖๗                    (นายสมชาย ใจดี)
เรียน นายกเทศมนตรีตำบลริมใต้           ปลัดกระทรวงมหาดไทย
เพื่อทราบ
(นายพงศ์พัฒน์ ศรีสวัสดิ์วงศ์)
นายอำเภอแม่ริม""")


def pages(*texts):
    return [text_page(t, i + 1) for i, t in enumerate(texts)]


def test_letter_continuation_attachment_then_next_letter():
    segs = split_bundle(pages(LETTER, CONTINUATION, ATTACHMENT, ATTACHMENT, MEMO))
    assert [(s.kind, s.pages, s.owner) for s in segs] == [
        ("letter", [1, 2], None), ("attachment", [3, 4], 0), ("letter", [5], None)]


def test_endorsement_is_a_segment_of_its_own():
    segs = split_bundle(pages(ENDORSED, ATTACHMENT))
    assert [(s.kind, s.pages, s.owner) for s in segs] == [
        ("letter", [1], None), ("endorsement", [1], 0), ("attachment", [2], 0)]
    letter_text = " ".join(c.text for c in segs[0].cells)
    assert "เพื่อทราบ" not in letter_text and "(นายสมชาย ใจดี)" in letter_text


def test_order_and_notice_heads_start_letters():
    order = "คำสั่งจังหวัดเชียงใหม่\nที่ ๑๕๐/๒๕๖๓\nเรื่อง แต่งตั้ง"
    notice = "ประกาศองค์การบริหารส่วนตำบลไทรย้อย\nเรื่อง คู่มือ\nประกาศ ณ วันที่ ๒๐ กรกฎาคม พ.ศ. ๒๕๕๕"
    segs = split_bundle(pages(order, notice))
    assert [s.kind for s in segs] == ["letter", "letter"]


def test_headless_first_page_is_an_unowned_attachment():
    segs = split_bundle(pages(ATTACHMENT, LETTER))
    assert segs[0] == Segment("attachment", [1], None) and segs[1].kind == "letter"


def test_ocr_damaged_head_still_starts_a_letter():
    damaged = LETTER.replace("ที่ มท", "ที มท").replace("เรื่อง", "เรือง")
    assert [s.kind for s in split_bundle(pages(ATTACHMENT, damaged))] == ["attachment", "letter"]


def test_head_with_ti_and_rian_both_misread_still_starts_a_letter():
    """``ที่`` line and ``เรียน`` both garbled: the date line right above เรื่อง is the head."""
    damaged = LETTER.replace("ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑", "i afi ๐๒๑๑.๕/ว) ๑๐๕๕").replace("เรียน", "5 ยน")
    kinds = [s.kind for s in split_bundle(pages(LETTER, damaged))]
    assert kinds == ["letter", "letter"]
    # a page of a report that merely mentions เรื่อง is no head
    report = "ผลการดำเนินงาน\nเรื่อง การป้องกันโรค\nลำดับ หน่วยงาน จำนวน"
    assert [s.kind for s in split_bundle(pages(LETTER, report))] == ["letter", "attachment"]


def test_closing_page_with_its_page_number_misread_continues_the_letter():
    """``-๒-`` read as junk: a page that closes the letter still open is its continuation,
    and the endorsement on it is found."""
    closing = CONTINUATION.replace("-๒-", "ays") + """
ที่ ชม ๐๐๒๓.๑๗/ว ๑๑
วันที่ ๒๒ ม.ค. ๖๗
เรียน นายกเทศมนตรีตำบลริมใต้
เพื่อทราบ
(นายพงศ์พัฒน์ ศรีสวัสดิ์วงศ์)
นายอำเภอแม่ริม"""
    segs = split_bundle(pages(LETTER, closing, ATTACHMENT))
    assert [(s.kind, s.pages, s.owner) for s in segs] == [
        ("letter", [1, 2], None), ("endorsement", [2], 0), ("attachment", [3], 0)]


def test_memo_with_a_mangled_heading_starts_a_letter():
    memo = MEMO.replace("บันทึกข้อความ", "บนทกขอคงวาม")
    assert [s.kind for s in split_bundle(pages(ATTACHMENT, memo))] == ["attachment", "letter"]


def test_note_beside_the_closing_with_its_label_misread():
    """An unnumbered note whose วันที่ came out as junk starts on the closing's own line."""
    text = LETTER.replace("/ขอแสดงความนับถือ", """ay 14 ก.พ. 63                    ขอแสดงความนับถือ
เรียน นายกองค์การบริหารส่วนตำบลหัวหนอง
เพื่อทราบ
(นายอนุชา จันทร์แสงศรี)
หัวหน้าสำนักปลัด""")
    segs = split_bundle(pages(text))
    assert [s.kind for s in segs] == ["letter", "endorsement"]
    assert segs[1].cells[0].text == "ay 14 ก.พ. 63"


def test_note_read_as_its_own_line_a_little_above_the_closing():
    """The pen-written note's date sits beside the closing but a little higher, so OCR reports
    it as a line of its own before the closing; its signature carries pen strokes."""
    from ingest.page import Line, PageText, Word
    rows = [("ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑", (350, 500, 1000, 600)), ("กระทรวงมหาดไทย", (1450, 500, 2000, 600)),
            ("๒๕ กรกฎาคม ๒๕๖๑", (1200, 700, 1700, 790)), ("เรื่อง ซักซ้อมแนวทาง", (350, 820, 1200, 910)),
            ("เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด", (350, 940, 1700, 1030)),
            ("จึงเรียนมาเพื่อโปรดพิจารณา", (650, 2000, 1600, 2090)),
            ("วันที่ ๒๓ เม.ย. ๖๔", (237, 2270, 636, 2373)), ("ขอแสดงความนับถือ", (1194, 2292, 1711, 2371)),
            ("เรียน ท้องถิ่นอำเภอชุมแพ", (240, 2345, 781, 2424)),
            ("เพื่อโปรดพิจารณาดำเนินการ", (240, 2411, 841, 2478)),
            ("(นายบุญเลิศ ประทุมทองดี) ๙ h8a", (261, 2606, 832, 2692)),
            ("(นายสมชาย ใจดี)", (1108, 2576, 1767, 2676)), ("นายอำเภอชุมแพ", (261, 2667, 616, 2754))]
    lines = [Line(t, b, 96.0, [Word(t, b, 96.0)]) for t, b in rows]
    segs = split_bundle([PageText(1, 2480, 3508, lines, "test")])
    assert [s.kind for s in segs] == ["letter", "endorsement"]
    from ingest.extract import extract_bundle
    note = extract_bundle([PageText(1, 2480, 3508, lines, "test")])[1]
    assert note["date"] == "2021-04-23" and note["signatory"]["name"] == "นายบุญเลิศ ประทุมทองดี"


def test_speck_before_the_closing_and_the_note_date():
    text = ENDORSED.replace("ขอแสดงความนับถือ", ". ขอแสดงความนับถือ").replace("วันที่ ๒๒", "| วันที่ ๒๒")
    segs = split_bundle(pages(text))
    assert [s.kind for s in segs] == ["letter", "endorsement"]
    assert any(c.text == "วันที่ ๒๒ ม.ค. ๖๗" for c in segs[1].cells)
    assert any(c.text == "ขอแสดงความนับถือ" for c in segs[0].cells)


def test_stamped_letter_with_its_ti_line_garbled_starts_a_letter():
    stamped = ("NIN ๐๐๒๓.๓/ว ๒๑    สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น\n"
               "ถนนศูนย์ราชการ ขก ๔๐๐๐๐\nถึง สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอ ทุกอำเภอ\n"
               "          ด้วยจังหวัดขอนแก่นขอให้อำเภอแจ้ง")
    assert [s.kind for s in split_bundle(pages(LETTER, stamped))] == ["letter", "letter"]
    from ingest.extract import extract_bundle
    rec = extract_bundle(pages(stamped))[0]
    assert (rec["kind"], rec["doc_no"]) == ("stamped", "ขก 0023.3/ว 21")
    # a page that goes on with the letter and carries a note below its closing is no head
    closing = ("          จึงเรียนมาเพื่อทราบ\nที่ อต ๐๐๒๓.๑๓/ว 85       ขอแสดงความนับถือ\n"
               "วันที่ ๑๑ มี.ค. ๖๓\nเรียน นายกองค์การบริหารส่วนตำบลชัยจุมพล\n"
               "(นายสมชาย ใจดี)\nนายอำเภอลับแล")
    assert [s.kind for s in split_bundle(pages(LETTER, closing))] == ["letter", "endorsement"]


# A letter's last page as a scan lays it out (A4 at 300 dpi): the closing paragraph, then
# ขอแสดงความนับถือ and the signature right of centre, the office's foot at the bottom.
HEAD = [("ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑", (350, 500, 1000, 600)), ("กระทรวงมหาดไทย", (1450, 500, 2000, 600)),
        ("๒๕ กรกฎาคม ๒๕๖๑", (1200, 700, 1700, 790)), ("เรื่อง ซักซ้อมแนวทาง", (350, 820, 1200, 910)),
        ("เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด", (350, 940, 1700, 1030)),
        ("จึงเรียนมาเพื่อโปรดพิจารณา", (650, 2000, 1600, 2090))]
SIGNED = [("(นายสมชาย ใจดี)", (1084, 2430, 1824, 2510)), ("ปลัดกระทรวงมหาดไทย", (1154, 2520, 1749, 2590))]
FOOT = [("สำนักงานปลัดกระทรวง", (356, 3165, 1287, 3232)), ("โทร. ๐ ๒๒๒๒ ๔๑๔๑", (350, 3249, 940, 3330))]


def scan(rows):
    """One page of OCR lines, top down, each a (text, box)."""
    from ingest.page import Line, PageText, Word
    rows = sorted(rows, key=lambda r: r[1][1])
    return [PageText(1, 2480, 3508, [Line(t, b, 96.0, [Word(t, b, 96.0)]) for t, b in rows], "test")]


# a pen's note in the margin beside the closing, its labels read as stray letters: วันที่ as
# ``วั`` (and the year cut to one digit), เรียน as ``แรยห``
MARGIN = [("วั 28 ก.ค. 6", (242, 2200, 637, 2300)), ("ขอแสดงความนับถือ", (1190, 2200, 1713, 2285)),
          ("แรยห", (244, 2300, 337, 2330)), ("นายกองค์การบริหารส่วนตำบลแม่สา", (240, 2350, 877, 2395)),
          ("เพื่อทราบและถือปฏิบัติ", (244, 2420, 684, 2500)),
          ("(นายปริญญา อินทร์ชัยวงศ์)", (273, 2600, 832, 2690)),
          ("ปลัดองค์การบริหารส่วนตำบลแม่สา", (268, 2690, 961, 2770))]


def test_margin_note_with_its_labels_misread_is_found_from_its_purpose_and_name():
    segs = split_bundle(scan(HEAD + MARGIN + SIGNED + FOOT))
    assert [s.kind for s in segs] == ["letter", "endorsement"]
    note = [c.text for c in segs[1].cells]
    assert note[0] == "วั 28 ก.ค. 6" and note[-1] == "ปลัดองค์การบริหารส่วนตำบลแม่สา"
    letter = [c.text for c in segs[0].cells]
    assert "(นายสมชาย ใจดี)" in letter and "ขอแสดงความนับถือ" in letter and FOOT[0][0] in letter


def test_margin_note_read_from_what_survives_with_each_guess_flagged():
    """A pen's note with วันที่ read ``วั`` and its year cut (``28 ก.ค. 6``), เรียน read ``แรยห``:
    the year is the letter's (the note is written on it, on or after its date), the lines
    above the purpose are the addressees; both flagged for the clerk."""
    from ingest.extract import extract_bundle
    letter, note = extract_bundle(scan(HEAD + MARGIN + SIGNED + FOOT))
    assert letter["date"] == "2018-07-25" and letter["signatory"]["name"] == "นายสมชาย ใจดี"
    assert note["kind"] == "endorsement" and note["date"] == "2018-07-28"
    assert any(f.startswith("date: year cut off; taken from the letter") for f in note["flags"])
    assert note["recipients"] == ["นายกองค์การบริหารส่วนตำบลแม่สา"]
    assert "recipients: เรียน not read; the lines above the purpose taken as the addressees" in note["flags"]
    assert note["signatory"]["name"] == "นายปริญญา อินทร์ชัยวงศ์"
    # a year that does not fit what is left of it (๗ for a letter of ๒๕๖๑) is not guessed
    rows = [(t.replace("วั 28 ก.ค. 6", "วั 28 ก.ค. 7"), b) for t, b in MARGIN]
    _, note = extract_bundle(scan(HEAD + rows + SIGNED + FOOT))
    assert note["date"] is None and "date: not found" in note["flags"]


def test_note_found_at_its_rian_begins_with_the_line_above_it():
    """The date line of a note found at its เรียน, its label misread (``วที่``) and a pen's
    stroke read after it, is the note's first line: its date is read."""
    rows = [("วที่ ๒๘ ก.ค. ๖๑ ๗", (237, 2200, 640, 2290)), ("ขอแสดงความนับถือ", (1185, 2200, 1719, 2285)),
            ("เรียน", (240, 2280, 447, 2340)), ("นายกองค์การบริหารส่วนตำบลแม่สา", (237, 2350, 952, 2400)),
            ("เพื่อทราบ", (240, 2420, 640, 2490)), ("(นายปริญญา อินทร์ชัยวงศ์)", (262, 2600, 823, 2690)),
            ("ปลัดองค์การบริหารส่วนตำบลแม่สา", (261, 2690, 935, 2770))]
    segs = split_bundle(scan(HEAD + rows + SIGNED + FOOT))
    assert [s.kind for s in segs] == ["letter", "endorsement"]
    assert segs[1].cells[0].text == "วที่ ๒๘ ก.ค. ๖๑ ๗"
    from ingest.extract import extract_bundle
    assert extract_bundle(scan(HEAD + rows + SIGNED + FOOT))[1]["date"] == "2018-07-28"


def test_margin_note_whose_name_the_pen_took_is_found_from_its_start_and_purpose():
    """The note's date and เรียน were read, its name not (``นาญา``); the purpose line runs
    into the letter's signature (the pen's strokes joined them)."""
    rows = [("วันที่ ๑๕ ต.ค. ๖๑", (291, 2190, 675, 2300)), ("ขอแสดงความนับถือ", (1243, 2200, 1769, 2285)),
            ("เรียน ท้องถิ่นอำเภอแม่ริม", (294, 2310, 850, 2380)),
            ("เพื่อโปรดพิจารณาดำเนินการ", (295, 2390, 1633, 2470)), ("นาญา", (316, 2600, 734, 2700))]
    segs = split_bundle(scan(HEAD + rows + SIGNED + FOOT))
    assert [s.kind for s in segs] == ["letter", "endorsement"]
    assert [c.text for c in segs[1].cells][:3] == ["วันที่ ๑๕ ต.ค. ๖๑", "เรียน ท้องถิ่นอำเภอแม่ริม",
                                                   "เพื่อโปรดพิจารณาดำเนินการ"]


def test_margin_note_whose_purpose_and_name_the_pen_took_is_found_from_its_date_and_rian():
    """Only the note's date and เรียน were read; its purpose and name came out as junk
    (``รร] หาพซมรัต``) and its position as a place (``ศรีราชา``): dated and addressed, it is a note."""
    rows = [("วันที่ ๑ ต.ค. ๖๗", (161, 2200, 500, 2260)), ("ขอแสดงความนับถือ", (1190, 2200, 1713, 2285)),
            ("เรียน ท้องถิ่นอำเภอศรีราชา", (161, 2290, 700, 2340)), ("รร] หาพซมรัต", (314, 2420, 700, 2500)),
            ("ศรีราชา", (176, 2520, 400, 2590))]
    segs = split_bundle(scan(HEAD + rows + SIGNED + FOOT))
    assert [s.kind for s in segs] == ["letter", "endorsement"]
    assert [c.text for c in segs[1].cells][:2] == ["วันที่ ๑ ต.ค. ๖๗", "เรียน ท้องถิ่นอำเภอศรีราชา"]
    # a เรียน alone under the closing, or a date alone, is not enough
    for kept in (rows[1:], rows[:2] + rows[3:]):
        assert [s.kind for s in split_bundle(scan(HEAD + kept + SIGNED + FOOT))] == ["letter"]


def test_no_note_grows_from_a_copy_certified_under_the_closing_or_from_the_foot():
    """A letter without a note: a copy certified in the left margin (สำเนาถูกต้อง, a name and
    a position), the closing paragraph's last line starting with เพื่อ, the office's foot."""
    head = HEAD[:-1] + [("จึงเรียนมาเพื่อโปรดทราบ และขอได้โปรดแจ้งผู้เกี่ยวข้อง", (650, 2000, 2100, 2090)),
                        ("เพื่อทราบและถือปฏิบัติต่อไป", (356, 2100, 1200, 2180))]
    copy = [("ขอแสดงความนับถือ", (1190, 2200, 1713, 2285)), ("สำเนาถูกต้อง", (250, 2320, 640, 2400)),
            ("(นางสาวสมใจ รักดี)", (250, 2480, 700, 2560)), ("เจ้าพนักงานธุรการ", (250, 2570, 640, 2640))]
    assert [s.kind for s in split_bundle(scan(head + copy + SIGNED + FOOT))] == ["letter"]
    assert [s.kind for s in split_bundle(scan(head + copy[:1] + SIGNED + FOOT))] == ["letter"]


def test_plain_text_with_no_layout_grows_no_margin_note():
    """OCR's plain text puts every line at the left margin: the letter's own (name) after its
    closing, under its signature read as letters, is not a note in the margin."""
    text = ("ที่ อว ๖๘๒๐๔.๒/๐๒๔\nมหาวิทยาลัยสงขลานครินทร์\n๕ สิงหาคม ๒๕๖๗\nเรื่อง ขอเชิญเข้าร่วมโครงการ\n"
            "เรียน ผู้อำนวยการโรงเรียน\nด้วยสาขาวิชาคณิตศาสตร์กำหนดจัดอบรมครู\n"
            "จึงเรียนมาเพื่อโปรดพิจารณา และขอขอบคุณมา ณ โอกาสนี้\nขอแสดงความนับถือ\nCu’ Le\n"
            "(รองศาสตราจารย์ ดร.อนิรุธ ผลอ่อน)\nหัวหน้าสาขาคณิตศาสตร์และวิทยาการคอมพิวเตอร์\n")
    recs = extract_text(text)
    assert [r["kind"] for r in recs] == ["external"]
