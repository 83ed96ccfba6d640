"""Receipt stamps: เลขรับ/เลขที่รับ, วันที่, เวลา and the receiving office."""
import pytest

from ingest.extract import extract_text

LETTER = """                                                   ศาลากลางจังหวัดเชียงใหม่
                                                   เลขรับ ๘๘๗
                                                   วันที่ ๑๕ ม.ค. ๖๗
                                                   เวลา ๑๐.๓๐ น.
ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘                                กระทรวงศึกษาธิการ
                                  ๙ มกราคม ๒๕๖๗
เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร
เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด
"""


def test_stamp_fields():
    (rec,) = extract_text(LETTER)
    assert rec["receipt"] == {"number": "887", "date": "2024-01-15", "time": "10:30",
                              "receiver": "ศาลากลางจังหวัดเชียงใหม่"}
    assert rec["date"] == "2024-01-09"            # the stamp's date is not the letter's
    assert rec["doc_no"] == "ศธ 0206.3/ว 478"


def test_two_stamps_latest_wins():
    second = ("                                                   ที่ว่าการอำเภอแม่ริม\n"
              "                                                   เลขที่รับ 103\n"
              "                                                   วันที่ 22 ม.ค. 67\n"
              "                                                   เวลา 09.15 น.\n")
    (rec,) = extract_text(LETTER + "\n\n" + second)
    assert [s["number"] for s in rec["receipts"]] == ["887", "103"]
    assert rec["receipt"]["receiver"] == "ที่ว่าการอำเภอแม่ริม"
    assert rec["receipt"]["date"] == "2024-01-22" and rec["receipt"]["time"] == "09:15"


def test_stamp_before_letter_date_is_flagged():
    (rec,) = extract_text(LETTER.replace("๙ มกราคม", "๒๐ มกราคม"))
    assert "date after its receipt stamp (2024-01-20 > 2024-01-15)" in rec["flags"]


def test_impossible_stamp_date_is_flagged():
    (rec,) = extract_text(LETTER.replace("๑๕ ม.ค.", "๓๒ ม.ค."))
    assert rec["receipt"]["date"] is None
    assert any(f.startswith("receipt date: 32 มกราคม 2567 does not exist") for f in rec["flags"])


def test_number_written_above_its_label_is_not_the_office():
    """The pen drifts: a number starting higher than เลขรับ beside it is the number, and the
    office is the printed line above."""
    from ingest.page import Line, PageText, Word
    from ingest.extract import extract_bundle
    rows = [("ที่ว่าการอำเภอลับแล", (1710, 74, 2165, 139)), ("๒๗๖", (1884, 164, 2020, 220)),
            ("เลขรับ", (1664, 167, 1803, 218)), ("วันที่ ๘ มี.ค. ๖๓", (1664, 232, 2167, 298)),
            ("ที่ อต 0023.4/ว 192", (354, 511, 1000, 614)), ("4 มีนาคม 2563", (1217, 700, 1637, 766)),
            ("เรื่อง การจัดเก็บภาษี", (354, 807, 1485, 912)), ("เรียน นายอำเภอ ทุกอำเภอ", (354, 943, 1400, 1032))]
    lines = [Line(t, b, 96.0, [Word(t, b, 96.0)]) for t, b in rows]
    lines[1:3] = [Line("เลขรับ ๒๗๖", (1664, 164, 2020, 220), 96.0, [Word("เลขรับ", rows[2][1], 96.0),
                                                                     Word("๒๗๖", rows[1][1], 96.0)])]
    (rec,) = extract_bundle([PageText(1, 2480, 3508, lines, "test")])
    assert rec["receipt"]["number"] == "276"
    assert rec["receipt"]["receiver"] == "ที่ว่าการอำเภอลับแล"
    assert rec["receipt"]["date"] == "2020-03-08"


def test_pen_digits_read_as_letters_are_taken_and_flagged():
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 15 ม.ค. bb"))
    assert rec["receipt"]["date"] == "2023-01-15"
    assert any(f.startswith("receipt date: pen digits read as letters") for f in rec["flags"])


def test_month_scribbled_past_reading_is_taken_from_the_letters_date_and_flagged():
    """Pen-written month read as Latin junk: the day and year are read, the month is the one
    that puts the day soonest after the letter's date (9 January)."""
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 15 Fea, 67"))
    assert rec["receipt"]["date"] == "2024-01-15"
    assert any(f.startswith("receipt date: month not read ('15 Fea, 67'); taken as 2024-01-15")
               for f in rec["flags"])


def test_month_one_letter_off_picks_the_month_near_the_letter():
    # พิ.ย. is one letter from มิ.ย. and from พ.ย.: the letter of 9 June decides
    text = LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 12 พิ.ย. 67").replace("๙ มกราคม", "๙ มิถุนายน")
    (rec,) = extract_text(text)
    assert rec["receipt"]["date"] == "2024-06-12"


def test_month_not_guessed_without_the_letters_date_or_far_from_it():
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 15 Fea, 67")
                          .replace("๙ มกราคม ๒๕๖๗", ""))
    assert rec["receipt"]["date"] is None
    assert "receipt date: month not read ('15 Fea, 67')" in rec["flags"]
    # day 2 after a letter of 9 January would be 2 February, too late to trust
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 2 Fea, 67"))
    assert rec["receipt"]["date"] is None


def test_stamp_date_line_with_a_misread_label_still_read():
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "รนที 15 NeW, 67"))
    assert rec["receipt"]["date"] == "2024-01-15" and rec["receipt"]["number"] == "887"


def test_stamp_year_that_cannot_be_is_taken_from_the_letter_and_flagged():
    # ๖๗ read as ๙๗: 2597 has not come yet
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ ๑๕ ม.ค. ๙๗"))
    assert rec["receipt"]["date"] == "2024-01-15"
    assert any(f.startswith("receipt date: year not read ('๑๕ ม.ค. ๙๗'); taken as 2024-01-15")
               for f in rec["flags"])


def test_month_of_a_stamp_anchored_on_a_letter_whose_year_was_misread():
    # the letter's ๒๕๖๗ read ๒๕๒๗: its day and month still place the stamp's
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 15 Fea, 67")
                          .replace("๙ มกราคม ๒๕๖๗", "๙ มกราคม ๒๕๒๗"))
    assert rec["receipt"]["date"] == "2024-01-15"


def test_stamp_year_past_reading_taken_from_the_letter_when_the_month_was_read():
    text = LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 12 พิ.ย. 8").replace("๙ มกราคม", "๙ มิถุนายน")
    (rec,) = extract_text(text)
    assert rec["receipt"]["date"] == "2024-06-12"
    assert any(f.startswith("receipt date: month and year not read ('12 พิ.ย. 8')") for f in rec["flags"])
    # with neither month nor year read there is nothing to go on
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 12 Fea 8"))
    assert rec["receipt"]["date"] is None


def test_pen_written_number_read_in_pieces_is_one_number():
    (rec,) = extract_text(LETTER.replace("เลขรับ ๘๘๗", "เลขรับ ๘ ๘๗"))
    assert rec["receipt"]["number"] == "887"


def test_stamp_with_its_labels_misread_found_by_its_time_line():
    text = LETTER.replace("เลขรับ ๘๘๗", "วับ ๘๘๗").replace("เวลา ๑๐.๓๐ น.", "ลา ๑๐.๓๐ Ue")
    (rec,) = extract_text(text)
    assert rec["receipt"]["number"] == "887" and rec["receipt"]["time"] == "10:30"
    assert rec["receipt"]["date"] == "2024-01-15"
    assert rec["doc_no"] == "ศธ 0206.3/ว 478" and rec["date"] == "2024-01-09"


def test_pen_ones_read_as_fours_are_taken_back_when_the_date_cannot_be_and_flagged():
    """A hand's 1 read as 4: day 45 cannot be; 15 January is six days after the letter."""
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 45 ม.ค. 67"))
    assert rec["receipt"]["date"] == "2024-01-15"
    assert any(f.startswith("receipt date: date read '45 ม.ค. 67', which cannot be; taken as 2024-01-15")
               for f in rec["flags"])
    # the same hand's 1 in the year too (๖๑ read 64): the letter is of 2561
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 42 ม.ค. 64")
                          .replace("๙ มกราคม ๒๕๖๗", "๙ มกราคม ๒๕๖๑"))
    assert rec["receipt"]["date"] == "2018-01-12"


def test_an_impossible_stamp_date_with_no_near_repair_stays_unread():
    # 45 -> 15 would be in March, two months after the letter: not taken
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 45 มี.ค. 67"))
    assert rec["receipt"]["date"] is None
    assert any(f.startswith("receipt date:") for f in rec["flags"])


def test_a_stamp_month_one_mark_off_that_puts_it_before_the_letter_is_taken_back():
    # มี.ค. read ม.ค.: 15 January is before the letter of 9 March, 15 March six days after it
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ 15 ม.ค. 67")
                          .replace("๙ มกราคม ๒๕๖๗", "๙ มีนาคม ๒๕๖๗"))
    assert rec["receipt"]["date"] == "2024-03-15"
    assert any("which cannot be; taken as 2024-03-15" in f for f in rec["flags"])


def test_a_stamp_whose_number_label_lost_a_letter_is_still_a_stamp():
    (rec,) = extract_text(LETTER.replace("เลขรับ ๘๘๗", "เลขับ ๘๘๗"))
    assert rec["receipt"]["number"] == "887" and rec["receipt"]["date"] == "2024-01-15"


def test_a_stamps_time_line_is_not_taken_for_its_date():
    # the date line not read: the line under เลขรับ is the time (once taken as a day in 1987)
    (rec,) = extract_text(LETTER.replace("                                                   วันที่ ๑๕ ม.ค. ๖๗\n", ""))
    assert rec["receipt"]["date"] is None and rec["receipt"]["time"] == "10:30"
    assert "receipt date: not read" in rec["flags"]
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่   ๑๓.๒๐ Ve"))   # น read as Ve
    assert rec["receipt"]["date"] is None


def test_a_pen_tail_after_the_stamps_number_is_not_part_of_it():
    (rec,) = extract_text(LETTER.replace("เลขรับ ๘๘๗", "เลขรับ ๘๘๗/"))
    assert rec["receipt"]["number"] == "887"


def test_a_stamp_day_written_apart_from_its_month_and_year_is_one_date():
    (rec,) = extract_text(LETTER.replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ ๑๕        ม.ค. ๖๗"))
    assert rec["receipt"]["date"] == "2024-01-15"


def test_a_receiving_number_far_too_low_for_its_day_of_the_year_is_flagged():
    """Receiving numbers run through the calendar year: 887 on 15 January stands; 3 on
    15 September (day 258) is figures lost from the pen's number."""
    (rec,) = extract_text(LETTER)
    assert not [f for f in rec["flags"] if f.startswith("receipt")]
    late = LETTER.replace("เลขรับ ๘๘๗", "เลขรับ ๓").replace("วันที่ ๑๕ ม.ค. ๖๗", "วันที่ ๑๕ ก.ย. ๖๗") \
        .replace("๙ มกราคม ๒๕๖๗", "๙ กันยายน ๒๕๖๗")
    (rec,) = extract_text(late)
    assert rec["receipt"]["number"] == "3" and "receipt: number 3 is low for its day of the year" in rec["flags"]
    (rec,) = extract_text(late.replace("เลขรับ ๓", "เลขรับ ๖๐"))    # a small office's 60th: stands
    assert not [f for f in rec["flags"] if f.startswith("receipt")]


@pytest.mark.parametrize("read, number, glued", [("๓๐ไ๒", "30", "ไ๒"), ("๑๓๒ไ๒๓", "132", "ไ๒๓")])
def test_letters_run_into_a_pen_written_number_doubt_it(read, number, glued):
    """A figure of the pen's number read as a letter ends the digits there: what was read
    before it is kept, and flagged, since the rest of the number may be behind the letter."""
    (rec,) = extract_text(LETTER.replace("เลขรับ ๘๘๗", f"เลขรับ {read}"))
    assert rec["receipt"]["number"] == number
    assert f"receipt: number {number} read with '{glued}' run into it: check" in rec["flags"]


STAMP_LOST = "receipt: a stamp's time read, but not its number and date; the stamp not read"


@pytest.mark.parametrize("time", ["เวลา ๑๐.๓๐ น.", "เวลา ๑๐.๕๐ว ูน."])
def test_a_stamp_of_which_only_the_time_was_read_is_not_silent(time):
    """The pen's number and the date stamp lost (ink, a smudge): the stamp's office and time
    line are there, so the letter did come with a stamp, and its number and date are flagged."""
    lost = LETTER.replace("เลขรับ ๘๘๗", "").replace("วันที่ ๑๕ ม.ค. ๖๗", "").replace("เวลา ๑๐.๓๐ น.", time)
    (rec,) = extract_text(lost)
    assert rec["receipt"] is None and STAMP_LOST in rec["flags"]


def test_a_time_in_the_letters_own_words_is_no_stamp():
    (rec,) = extract_text(LETTER.replace("เลขรับ ๘๘๗", "").replace("วันที่ ๑๕ ม.ค. ๖๗", "")
                          .replace("เวลา ๑๐.๓๐ น.", "") + "เวลา ๐๙.๓๐ น. ณ ห้องประชุมศาลากลางจังหวัด ชั้น ๒\n")
    assert rec["receipt"] is None and STAMP_LOST not in rec["flags"]
    (rec,) = extract_text(LETTER)
    assert STAMP_LOST not in rec["flags"]


DATE_ONLY = "receipt: a stamp's date read, but not its number; the stamp not read"


@pytest.mark.parametrize("date", ["วันที่ ๑๕ ม.ค. ๖๗", "8 เม.ย. 64"])
def test_a_stamp_of_which_only_the_date_was_read_is_not_silent(date):
    """The pen's number and the time lost: the stamp's date line (a short date with a two-digit
    year, which no letter's own date is) is there, so the letter came with a stamp."""
    lost = LETTER.replace("เลขรับ ๘๘๗", "").replace("เวลา ๑๐.๓๐ น.", "").replace("วันที่ ๑๕ ม.ค. ๖๗", date)
    (rec,) = extract_text(lost)
    assert rec["receipt"] is None and DATE_ONLY in rec["flags"]
    (rec,) = extract_text(LETTER)
    assert DATE_ONLY not in rec["flags"]


OFFICE_ONLY = "receipt: a stamp's office read, but not its number and date; the stamp not read"


def test_a_stamp_of_which_only_the_office_was_read_is_not_silent():
    """The pen's lines merged into junk: the stamp's first line, the receiving office's name
    alone above the letter's ที่, is left, so the letter came with a stamp."""
    lost = LETTER.replace("เลขรับ ๘๘๗", "").replace("เวลา ๑๐.๓๐ น.", "").replace("วันที่ ๑๕ ม.ค. ๖๗", "")
    (rec,) = extract_text(lost)
    assert rec["receipt"] is None and OFFICE_ONLY in rec["flags"]
    (rec,) = extract_text(LETTER)
    assert OFFICE_ONLY not in rec["flags"]


def _scan(rows):
    from ingest.page import Line, PageText, Word
    rows = sorted(rows, key=lambda r: r[1][1])
    return [PageText(1, 2480, 3508, [Line(t, b, 96.0, [Word(t, b, 96.0)]) for t, b in rows], "test")]


SCANNED = [("ที่ สข ๐๐๒๓.๔/ว ๒๗๙", (356, 500, 1000, 600)), ("๓ เมษายน ๒๕๖๕", (1200, 700, 1700, 790)),
           ("เรื่อง ซักซ้อมแนวทาง", (350, 820, 1200, 910)), ("เรียน นายอำเภอ ทุกอำเภอ", (350, 940, 1700, 1030)),
           ("ขอแสดงความนับถือ", (1190, 2200, 1713, 2285)), ("(นายสมชาย ใจดี)", (1084, 2430, 1824, 2510))]


def test_only_an_office_above_the_ti_line_tells_of_a_stamp():
    """The letter's own office, printed beside its ที่ a few pixels higher, is no stamp's; the
    receiving office's name alone above the ที่ line is."""
    from ingest.extract import extract_bundle
    own = ("ศาลากลางจังหวัดสงขลา", (1450, 492, 2000, 592))
    (rec,) = extract_bundle(_scan(SCANNED + [own]))
    assert OFFICE_ONLY not in rec["flags"]
    (rec,) = extract_bundle(_scan(SCANNED + [own, ("ที่ว่าการอำเภอรัตภูมิ", (1600, 100, 2200, 160))]))
    assert OFFICE_ONLY in rec["flags"]


def test_a_memos_own_short_date_is_no_stamp():
    memo = ("บันทึกข้อความ\nส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลแม่สา\n"
            "ที่ ชม ๗๒๒๕๖/๘๖\nวันที่ ๑๕ ม.ค. ๖๗\nเรื่อง ขออนุมัติเดินทางไปราชการ\nเรียน นายกองค์การบริหารส่วนตำบลแม่สา\n"
            "ด้วยสำนักปลัดขออนุมัติเดินทาง\n")
    (rec,) = extract_text(memo)
    assert rec["kind"] == "memo" and rec["date"] == "2024-01-15"
    assert DATE_ONLY not in rec["flags"]
