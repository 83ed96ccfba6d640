"""Endorsements written on a received letter are records of their own."""
from ingest.extract import extract_text

LETTER = """                                                   ที่ว่าการอำเภอแม่ริม
                                                   เลขรับ ๑๐๓
                                                   วันที่ ๒๒ ม.ค. ๖๗
                                                   เวลา ๐๙.๑๕ น.
ที่ ชม ๐๐๒๓.๓/ว ๖๙                                 ศาลากลางจังหวัดเชียงใหม่
                                  ๑๘ มกราคม ๒๕๖๗
เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร
เรียน นายอำเภอทุกอำเภอ
          จึงเรียนมาเพื่อทราบและถือปฏิบัติ
                                     ขอแสดงความนับถือ
ที่ ชม ๐๐๒๓.๑๗/ว ๑๑
วันที่ ๒๒ ม.ค. ๖๗                        (นายอำนาจ ศรีบุญเรือง)
เรียน                                   ผู้ว่าราชการจังหวัดเชียงใหม่
นายกเทศมนตรีตำบลริมใต้
และนายกองค์การบริหารส่วนตำบลแม่สา
เพื่อทราบและถือปฏิบัติ
 (นายพงศ์พัฒน์ ศรีสวัสดิ์วงศ์)
 นายอำเภอแม่ริม
"""


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
