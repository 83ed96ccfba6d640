"""normalize_text: OCR text cleaned for parsing (real OCR damage seen on Thai letters)."""
import pytest

from ingest.thai.normalize import normalize_text, recompose_am, repair_sequences


@pytest.mark.parametrize("ocr, clean", [
    # ำ as นิคหิต + า, with spaces and with the tone mark in between
    ("จํานวน ๑ ชุด", "จำนวน ๑ ชุด"),
    ("น ํ ้ า", "น้ำ"),
    ("ตําบล", "ตำบล"),
    # header keywords as stock Tesseract reads them
    ("ที อว ๖๘๒๐๔.๒/๐๒๔", "ที่ อว ๖๘๒๐๔.๒/๐๒๔"),
    ("ที ๑๕๐/๒๕๖๓", "ที่ ๑๕๐/๒๕๖๓"),
    ("เรือง ขอเชิญประชุม", "เรื่อง ขอเชิญประชุม"),
    ("สิงทิสงมาดวย ประกาศรับสมัคร", "สิ่งที่ส่งมาด้วย ประกาศรับสมัคร"),
    ("สิงที่ส่งมาด้วย แบบรายงาน", "สิ่งที่ส่งมาด้วย แบบรายงาน"),
    ("อางถึง หนังสือจังหวัด", "อ้างถึง หนังสือจังหวัด"),
    ("เรยน นายอำเภอทุกอำเภอ", "เรียน นายอำเภอทุกอำเภอ"),
    ("ประกาศ ณ วันที ๒๐ กรกฎาคม", "ประกาศ ณ วันที่ ๒๐ กรกฎาคม"),
    ("ว่าด้วยพนักงานราชการ WA. ๒๕๕๓", "ว่าด้วยพนักงานราชการ พ.ศ. ๒๕๕๓"),
    ("ปัญหาอุทกภัย U ๒๕๖๗", "ปัญหาอุทกภัย ปี ๒๕๖๗"),
    ("ดวนที่สุด", "ด่วนที่สุด"),
    ("ด่วนทสุด", "ด่วนที่สุด"),                       # both marks of ที่ lost
    # ที่ read as junk before a known agency code (a lone letter, Latin letters)
    ("VA ขก 75657/96", "ที่ ขก 75657/96"),
    ("หี อต ๓๑๓๕๕/๙", "ที่ อต ๓๑๓๕๕/๙"),
    ("N ชม ๐๐๒๓.๕/ว ๑๒", "ที่ ชม ๐๐๒๓.๕/ว ๑๒"),
    ("JM, ,186/2565", "ที่ 186/2565"),                # an order's number alone on its line
    ("เรอง การเตรียมความพร้อม", "เรื่อง การเตรียมความพร้อม"),
    ("วนท30 เมษายน 2564", "วันที่ 30 เมษายน 2564"),
    ("สุ่วนราชการ สำนักปลัด", "ส่วนราชการ สำนักปลัด"),
    # dropped tone marks and ์ restored where the dictionary is sure (page shows the damage)
    ("เรียน ผูอํานวยการโรงเรียน\nขอเรียนเชิญสมัครเขารวมโครงการอบรมครูคณิตศาสตร\nหัวหนาสาขา",
     "เรียน ผู้อำนวยการโรงเรียน\nขอเรียนเชิญสมัครเข้าร่วมโครงการอบรมครูคณิตศาสตร์\nหัวหน้าสาขา"),
    # one dropped mark alone is not evidence enough to restore a word that reads as written
    ("สมัครเขารวมโครงการ", "สมัครเขารวมโครงการ"),
    # a word Tesseract split with a space
    ("เรียน ผู้อำนวย การโรงเรียน", "เรียน ผู้อำนวยการโรงเรียน"),
    # ที่ without its tone is ที่, even on a line that shows no other damage
    ("ตามแบบทีส่งมาพร้อมนี้", "ตามแบบที่ส่งมาพร้อมนี้"),
    # ำ before า: the digit/ำ recognizer read one า twice
    ("การเบิกจ่ำายค่าใช้จ่าย", "การเบิกจ่ายค่าใช้จ่าย"),
    # the ้ of a stack over ี lost: เบีย is a word, but not before ยังชีพ (a local office's
    # allowance, a word of its letters the general lists lack)
    ("รับเงินเบียยังชีพผู้สูงอายุ", "รับเงินเบี้ยยังชีพผู้สูงอายุ"),
])
def test_ocr_damage_is_repaired(ocr, clean):
    assert normalize_text(ocr) == clean


@pytest.mark.parametrize("text", [
    "ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑",
    "เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด",
    "จึงขอเสนอร่างแผนยุทธศาสตร์ พ.ศ. 2551 – 2555",   # ขอ must not become ข้อ
    "( นายชัยวุฒิ์ มานพ )",                          # a name keeps its own spelling
    "ที่ อต. ๐๐๒๓.๑๔/ว 1220",
    "ณ วันที่ 5 มีนาคม 2563",
    "AB 12 ถนนราชดำเนิน",                            # not an agency code: left alone
    "ขนาด A4 จำนวน U 2000 แผ่น",                      # U not between Thai and a year: kept
    "แจ้งทีละหน่วยงาน และทีมงานทุกคน",                 # words that start with ที
])
def test_clean_text_is_left_alone(text):
    assert normalize_text(text) == text


def test_digits_are_not_folded():
    assert normalize_text("๘ สิงหาคม ๒๕๖๗ and 2024") == "๘ สิงหาคม ๒๕๖๗ and 2024"


def test_line_count_is_kept():
    text = "ที อว ๑/๒\n\nเรือง ก\nผูอํานวยการ"
    assert normalize_text(text).count("\n") == text.count("\n")


def test_sequences():
    assert repair_sequences("ก่ี") == "กี่"          # tone before the upper vowel
    assert repair_sequences("ที่่") == "ที่"          # doubled tone
    assert recompose_am("ทํา") == "ทำ"


def test_name_line_gets_no_thanthakhat():
    # OCR dropped the tone of อ่อน and the ์ of ศาสตราจารย์; the name อนิรุทธ has none
    text = "(รองศาสตราจารย ดร.อนิรุทธ ผลออน)\nหัวหนาสาขาคณิตศาสตร\nคณะวิทยาศาสตร\nผูอํานวยการ"
    assert normalize_text(text).split("\n")[0] == "(รองศาสตราจารย์ ดร.อนิรุทธ ผลอ่อน)"


def test_import_does_not_load_dictionaries():
    import subprocess
    import sys
    code = ("import sys, ingest.extract, ingest.thai.normalize, ingest.extract.split; "
            "print(any(m.startswith('pythainlp') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
