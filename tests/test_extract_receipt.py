"""Receipt stamps: เลขรับ/เลขที่รับ, วันที่, เวลา and the receiving office."""
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
