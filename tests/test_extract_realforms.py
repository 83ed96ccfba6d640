"""Forms real paper comes in (issue 17), each written out as plain text (invented content):
documents with no head found, stray marks and doubled letters in keywords, closings on
the last page of a multi-page notice."""
import pytest

from ingest.extract import extract_text
from ingest.thai.normalize import normalize_text

NOTICE_P1 = """'ปประกาศองค์การบริหารส่วนตำบลหนองบัว
เรื่อง สอบราคาจ้างก่อสร้างถนน
          ด้วยองค์การบริหารส่วนตำบลหนองบัว มีความประสงค์จะสอบราคาจ้าง ดังนี้
๑. โครงการก่อสร้างถนน หมู่ที่ ๒ งบประมาณ ๑๘๐,๐๐๐ บาท
( -หนึ่งแสนแปดหมื่นบาทถ้วน- )"""
NOTICE_P2 = """๒. โครงการก่อสร้างรางระบายน้ำ หมู่ที่ ๔ งบประมาณ ๙๐,๐๐๐ บาท
( -เก้าหมื่นบาทถ้วน- )
ผู้สนใจติดต่อขอรับเอกสารได้ที่ที่ทำการองค์การบริหารส่วนตำบลหนองบัว"""
NOTICE_P3 = """                    ประกาศ ณ วันที่ ๑๙ ตุลาคม ๒๕๖๔
                         (นายสมชาย ใจดี)
                    นายกองค์การบริหารส่วนตำบลหนองบัว"""


def test_document_with_no_head_is_registered_and_flagged():
    (rec,) = extract_text("ผลการดำเนินงานประจำเดือน\nลำดับ หน่วยงาน จำนวน\n๑ องค์การบริหารส่วนตำบลแม่สา ๓๖๑")
    assert rec["kind"] == "other"
    assert any(f.startswith("kind: no letter head found") for f in rec["flags"])


def test_keywords_with_doubled_or_dropped_letters_are_matched():
    assert normalize_text("ปประกาศกรมการปกครอง") == "ประกาศกรมการปกครอง"
    assert normalize_text("คคำสั่งจังหวัดแพร่") == "คำสั่งจังหวัดแพร่"
    assert normalize_text("เรื่่อง ขอเชิญประชุม").startswith("เรื่อง ")
    assert normalize_text("เรีียน ผู้ว่าราชการจังหวัด").startswith("เรียน ")
    assert normalize_text("เเรื่อง ขอเชิญประชุม").startswith("เรื่อง ")   # เเ typed for, or joined into, แ
    # words that merely begin like a keyword stay as they are
    assert normalize_text("รอง ผู้อำนวยการ") != "เรื่อง ผู้อำนวยการ"
    assert normalize_text("ประกาศนียบัตรวิชาชีพ") == "ประกาศนียบัตรวิชาชีพ"
    assert normalize_text("ระเบียบวาระการประชุม") == "ระเบียบวาระการประชุม"


def test_speck_before_the_heading_does_not_lose_the_document():
    (rec,) = extract_text(NOTICE_P1 + "\n" + NOTICE_P3)
    assert rec["kind"] == "announcement" and rec["issuer"] == "องค์การบริหารส่วนตำบลหนองบัว"
    assert rec["subject"] == "สอบราคาจ้างก่อสร้างถนน"


@pytest.mark.parametrize("speck", ["4 ", "| ", "๔ "])
def test_a_figure_or_stroke_read_before_the_heading_with_a_space(speck):
    (rec,) = extract_text(NOTICE_P1.replace("'ปประกาศ", speck + "ประกาศ") + "\n" + NOTICE_P3)
    assert rec["kind"] == "announcement" and rec["issuer"] == "องค์การบริหารส่วนตำบลหนองบัว"
    assert rec["date"] == "2021-10-19" and not any(f.startswith("kind:") for f in rec["flags"])


def test_an_item_that_begins_with_a_heading_word_is_no_heading():
    recs = extract_text(NOTICE_P1 + "\n๒. ประกาศผลผู้ชนะการเสนอราคา ภายในเดือนนี้\n" + NOTICE_P3)
    assert len(recs) == 1 and recs[0]["kind"] == "announcement"


def test_closing_on_the_last_page_of_an_unnumbered_notice():
    """Pages 2 and 3 carry no ``-๒-``: the closing on page 3 shows they were the notice's."""
    recs = extract_text("\f".join([NOTICE_P1, NOTICE_P2, NOTICE_P3]))
    assert len(recs) == 1
    rec = recs[0]
    assert rec["source"]["pages"] == [1, 2, 3]
    assert rec["date"] == "2021-10-19"
    assert rec["signatory"]["name"] == "นายสมชาย ใจดี"


def test_catchword_at_the_foot_carries_the_letter_on():
    p1 = NOTICE_P1 + "\n                                        /๒. โครงการ....."
    recs = extract_text("\f".join([p1, NOTICE_P2, "ตารางแนบท้าย\nลำดับ รายการ"]))
    assert [d["number"] for d in recs[0]["directives"]] == ["1", "2"]   # page 2 is the letter's


def test_rubber_date_stamp_over_the_blank_closing_line():
    """The typed ``ประกาศ ณ วันที่ … เดือน … พ.ศ. …`` left blank, a stamp ``2 0 กพ. 2557`` over it,
    read in cells of its own on that row, its day's digits apart."""
    closing = NOTICE_P3.replace("ประกาศ ณ วันที่ ๑๙ ตุลาคม ๒๕๖๔",
                                "ประกาศ ณ วันที่       เดือน 2 0 กพ. 2557 พ.ศ.")
    (rec,) = extract_text(NOTICE_P1 + "\n" + closing)
    assert rec["date"] == "2014-02-20"


ANNEX = """บัญชีอัตราค่าตอบแทน
ขั้นสูง ๑๘,๕๐๐
แนบท้ายประกาศองค์การบริหารส่วนตำบลหนองบัว ลงวันที่ ๒๘ กุมภาพันธ์ ๒๕๕๔"""


def test_handwritten_day_is_repaired_from_the_dated_footer_and_flagged():
    closing = NOTICE_P3.replace("๑๙ ตุลาคม ๒๕๖๔", "๒(จี กุมภาพันธ์ ๒๕๕๔")
    (rec,) = extract_text("\f".join([NOTICE_P1 + "\n" + closing, ANNEX]))
    assert rec["date"] == "2011-02-28"
    assert any(f.startswith("date: day written by hand") for f in rec["flags"])


def test_handwritten_day_the_footer_does_not_confirm_stays_unread():
    closing = NOTICE_P3.replace("๑๙ ตุลาคม ๒๕๖๔", "๕(จี กุมภาพันธ์ ๒๕๕๔")     # ๕ is not in ๒๘
    (rec,) = extract_text("\f".join([NOTICE_P1 + "\n" + closing, ANNEX]))
    assert rec["date"] is None and any(f.startswith("date: day missing") for f in rec["flags"])
    # a citation of another notice in the body is no footer of this one
    cited = NOTICE_P1 + "\nตามประกาศจังหวัด ลงวันที่ ๒๘ กุมภาพันธ์ ๒๕๕๔\n" + NOTICE_P3.replace(
        "๑๙ ตุลาคม ๒๕๖๔", "๒(จี กุมภาพันธ์ ๒๕๕๔")
    (rec,) = extract_text(cited)
    assert rec["date"] is None


def test_amount_in_words_is_never_the_signatory():
    """``( -หนึ่งแสนแปดหมื่นบาทถ้วน- )`` has the brackets of a name; the closing's own name wins."""
    recs = extract_text("\f".join([NOTICE_P1, NOTICE_P2]))
    assert recs[0]["signatory"] is None


def test_certifier_of_a_copy_is_not_the_signatory():
    closing = NOTICE_P3 + """
สำเนาถูกต้อง
(นางสาวมาลี ศรีสุข)
นักทรัพยากรบุคคลชำนาญการ"""
    (rec,) = extract_text(NOTICE_P1 + "\n" + closing)
    assert rec["signatory"]["name"] == "นายสมชาย ใจดี"


def test_subject_of_a_notice_running_over_lines_is_kept_whole():
    head = NOTICE_P1.replace("เรื่อง สอบราคาจ้างก่อสร้างถนน", """เรื่อง สอบราคาจ้าง โครงการก่อสร้างถนน คสล. หมู่ที่ ๓,๕ และ
     ก่อสร้างรางระบายน้ำ หมู่ที่ ๖ รวมจำนวน ๒ โครงการ
          (รายละเอียดตามแบบ อบต.หนองบัวกำหนด)""")
    (rec,) = extract_text(head + "\n" + NOTICE_P3)
    assert rec["subject"] == ("สอบราคาจ้าง โครงการก่อสร้างถนน คสล. หมู่ที่ ๓,๕ และก่อสร้างรางระบายน้ำ "
                              "หมู่ที่ ๖ รวมจำนวน ๒ โครงการ (รายละเอียดตามแบบ อบต.หนองบัวกำหนด)")


def test_notice_with_no_closing_date_takes_its_annex_footer_flagged():
    closing = NOTICE_P3.replace("ประกาศ ณ วันที่ ๑๙ ตุลาคม ๒๕๖๔", "จึงประกาศมาเพื่อทราบโดยทั่วกัน")
    (rec,) = extract_text("\f".join([NOTICE_P1 + "\n" + closing, ANNEX]))
    assert rec["date"] == "2011-02-28"
    assert any(f.startswith("date: not found on the closing; taken from the footer") for f in rec["flags"])


def test_one_doubtful_word_flags_the_subject():
    """A mean confidence hides one misread number (``หมู่ที่ 2.9`` read at 39): the field is flagged."""
    from ingest.extract import extract_bundle
    from ingest.page import Line, PageText, Word

    def line(y, words):
        ws, x = [], 300
        for text, conf in words:
            ws.append(Word(text, (x, y, x + 40 * len(text), y + 60), conf))
            x += 40 * len(text) + 30
        return Line(" ".join(t for t, _ in words), (300, y, x, y + 60), 90.0, ws)

    page = PageText(1, 2480, 3508, [
        line(300, [("ประกาศองค์การบริหารส่วนตำบลหนองบัว", 93)]),
        line(400, [("เรื่อง", 93), ("สอบราคาจ้าง", 92), ("หมู่ที่", 93), ("2.9", 39)]),
        line(600, [("ประกาศ", 93), ("ณ", 93), ("วันที่", 93), ("๑๙", 93), ("ตุลาคม", 93), ("๒๕๖๔", 93)]),
    ])
    (rec,) = extract_bundle([page])
    assert rec["subject"] == "สอบราคาจ้าง หมู่ที่ 2.9"
    assert "subject: '2.9' read with low confidence (39)" in rec["flags"]


def test_titled_notice_takes_its_subject_from_the_title_and_its_issuer_from_the_signatory():
    """``ประกาศรับสมัคร…`` has no เรื่อง line and names no issuer in its heading."""
    text = """ประกาศรับสมัครทุนการศึกษาในโครงการพัฒนาชุมชน
          มหาวิทยาลัยสงขลานครินทร์ได้รับการสนับสนุนงบประมาณ
                    ประกาศ ณ วันที่ 19 ตุลาคม 2564
                    (รองศาสตราจารย์ ดร.สมศรี ใจงาม)
                    คณบดีคณะวิทยาศาสตร์และเทคโนโลยี
สำเนาถูกต้อง
(นางสาวมาลี ศรีสุข)"""
    (rec,) = extract_text(text)
    assert rec["subject"] == "รับสมัครทุนการศึกษาในโครงการพัฒนาชุมชน"
    assert rec["issuer"] == "คณะวิทยาศาสตร์และเทคโนโลยี"
    assert rec["signatory"] == {"name": "รองศาสตราจารย์ ดร.สมศรี ใจงาม",
                                "position": "คณบดีคณะวิทยาศาสตร์และเทคโนโลยี"}
    assert "subject: no เรื่อง line; taken from the heading" in rec["flags"]
    # a heading that names its issuer keeps it
    (rec,) = extract_text(NOTICE_P1 + "\n" + NOTICE_P3)
    assert rec["issuer"] == "องค์การบริหารส่วนตำบลหนองบัว" and not any(f.startswith("issuer") for f in rec["flags"])


def test_pen_day_read_short_is_completed_by_the_footer_and_a_doubled_letter_is_no_matter():
    """A pen ๒๔ read ๔; ``ปประกาศ ณ วันที่ … เดือน … พ.ศ.…`` with a doubled letter before it."""
    annex = ANNEX.replace("๒๘ กุมภาพันธ์ ๒๕๕๔", "๒๔ สิงหาคม ๒๕๕๕")
    closing = NOTICE_P3.replace("ประกาศ ณ วันที่ ๑๙ ตุลาคม ๒๕๖๔", "ปประกาศ ณ วันที่ ๔ เดือน สิงหาคม พ.ศ.๒๕๕๕")
    (rec,) = extract_text("\f".join([NOTICE_P1 + "\n" + closing, annex]))
    assert rec["date"] == "2012-08-24"
    assert any(f.startswith("date: day 4 read on the closing; 24 from the footer") for f in rec["flags"])
    closing = closing.replace("วันที่ ๔ เดือน", "วันที่ ๒๔ เดือน")
    (rec,) = extract_text("\f".join([NOTICE_P1 + "\n" + closing, annex]))
    assert rec["date"] == "2012-08-24" and not any(f.startswith("date") for f in rec["flags"])


def test_issuer_broken_across_the_heading_lines():
    head = NOTICE_P1.replace("'ปประกาศองค์การบริหารส่วนตำบลหนองบัว", "ประกาศองค์การบริหารส่วนตำบล\n         หนองบัว")
    (rec,) = extract_text(head + "\n" + NOTICE_P3)
    assert rec["issuer"] == "องค์การบริหารส่วนตำบลหนองบัว" and rec["subject"] == "สอบราคาจ้างก่อสร้างถนน"
