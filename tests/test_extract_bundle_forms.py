"""Forms of real forwarding bundles: an endorsement typed in a box at a letter's foot, a
citation naming the cited letter's urgency (``หนังสือจังหวัด… ด่วนที่สุด ที่ …``), and
addressees and อ้างถึง running over two or three lines. Extracted from text pages."""
from extract_truth import truth_pages

from ingest.extract import extract_bundle
from ingest.links.link import citations
from ingest.page import PageText

DPI = 300
CM = DPI / 2.54
PITCH = 0.72          # cm between baselines of 16 pt lines


def _chars(text: str) -> int:
    """Characters that take width (Thai vowels above and below and tone marks do not)."""
    return sum(1 for ch in text if not ("\u0e31" == ch or "\u0e34" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e"))


def sheet(rows: list[tuple[float, float, str]]) -> PageText:
    """A page as a scan's OCR reports it: (row, left edge in cm, text) runs at 300 dpi,
    0.2 cm a character, 16 pt lines; rows may be fractional (a note's smaller type)."""
    lines = []
    for row, x, text in rows:
        top = (2.0 + row * PITCH) * CM
        lines.append({"text": text, "box": [round(x * CM), round(top),
                                            round((x + 0.2 * _chars(text)) * CM), round(top + 0.55 * CM)]})
    return truth_pages({"dpi": DPI, "pages": [{"number": 1, "lines": lines}]})[0]


HEAD = [(0, 3.0, "ด่วนที่สุด"),
        (0, 13.8, "ที่ว่าการอำเภอรัตภูมิ"), (0.8, 13.8, "เลขรับ 395"), (1.6, 13.8, "วันที่ 8 เม.ย. 65"),
        (2.4, 13.8, "เวลา 13.45 น."),
        (4, 3.0, "ที่ สข ๐๐๒๓.๔/ว ๒๗๙"), (4, 12.3, "ศาลากลางจังหวัดสงขลา"),
        (5, 12.3, "ถนนราชดำเนิน สข ๙๐๐๐๐"), (6, 10.3, "๓ เมษายน ๒๕๖๕"),
        (7.4, 3.0, "เรื่อง การจัดทำแผนพัฒนาท้องถิ่น (พ.ศ. ๒๕๖๖ - ๒๕๗๐)"),
        (8.8, 3.0, "เรียน นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัดสงขลา"),
        (9.8, 4.4, "และนายกเทศมนตรีนครสงขลา และนายกเทศมนตรีตำบล ทุกแห่ง")]
REFS = [(10.8, 3.0, "อ้างถึง หนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด ที่ มท"),
        (11.8, 5.2, "๐๘๑๖.๓/ว ๑๑๙๒ ลงวันที่ ๒๖ มีนาคม ๒๕๖๕")]
BODY = [(13.0, 5.5, "ตามหนังสือที่อ้างถึง กรมส่งเสริมการปกครองท้องถิ่นแจ้งให้องค์กรปกครอง"),
        (14.0, 3.0, "ส่วนท้องถิ่นจัดทำแผนพัฒนาท้องถิ่นตามแนวทางที่กำหนด นั้น"),
        (15.2, 5.5, "จึงเรียนมาเพื่อทราบและแจ้งองค์กรปกครองส่วนท้องถิ่นในพื้นที่ถือปฏิบัติ"),
        (16.2, 3.0, "ต่อไป"),
        (17.4, 10.2, "ขอแสดงความนับถือ"),
        (20.2, 9.6, "(นางสาวลำดวน ประทุมทองดี)"),
        (21.2, 7.6, "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน"),
        (22.2, 9.4, "ผู้ว่าราชการจังหวัดสงขลา")]
# typed in a ruled box under the signature, in 15 pt
BOX = [(23.6, 2.9, "ที่ สข ๐๐๒๓.๑๖/ว ๑๒๑"), (23.6, 11.8, "วันที่ ๑๐ เม.ย. ๖๕"),
       (24.5, 2.9, "เรียน นายกองค์การบริหารส่วนตำบลเขาพระ และนายกเทศมนตรีตำบล"),
       (25.4, 2.9, "ทุกแห่ง"), (26.3, 4.9, "เพื่อโปรดพิจารณาดำเนินการต่อไป"),
       (28.1, 12.0, "(นางสาววราภรณ์ บุญมาเลิศ)"), (29.0, 12.9, "นายอำเภอรัตภูมิ")]
FOOT = [(32.2, 3.0, "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด"), (33.2, 3.0, "โทร. ๐ ๗๙๗๑ ๙๗๑๘")]


def page(refs=REFS, box=BOX):
    return extract_bundle([sheet(HEAD + refs + BODY + box + FOOT)])


def test_typed_box_at_the_foot_is_an_endorsement_of_its_own():
    letter, endo = page()
    assert letter["signatory"] == {"name": "นางสาวลำดวน ประทุมทองดี",
                                   "position": "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน ผู้ว่าราชการจังหวัดสงขลา"}
    assert endo["kind"] == "endorsement"
    assert endo["doc_no"] == "สข 0023.16/ว 121" and endo["date"] == "2022-04-10"
    assert endo["recipients"] == ["นายกองค์การบริหารส่วนตำบลเขาพระ", "นายกเทศมนตรีตำบล ทุกแห่ง"]
    assert endo["purpose"] == "เพื่อโปรดพิจารณาดำเนินการต่อไป"
    assert endo["signatory"] == {"name": "นางสาววราภรณ์ บุญมาเลิศ", "position": "นายอำเภอรัตภูมิ"}
    assert endo["issuer"] == "ที่ว่าการอำเภอรัตภูมิ"
    # the foot of the letter is neither the note's position nor lost from the letter
    assert "สำนักงาน" not in endo["signatory"]["position"]


def test_box_without_a_number_dated_on_its_first_row():
    _, endo = page(box=[(23.6, 2.9, "วันที่ ๑๐ เม.ย. ๖๕")] + BOX[2:])
    assert endo["kind"] == "endorsement" and endo["doc_no"] is None
    assert endo["date"] == "2022-04-10" and endo["signatory"]["position"] == "นายอำเภอรัตภูมิ"


def test_urgency_between_issuer_and_number_in_a_wrapped_reference():
    letter, _ = page()
    assert letter["references"] == [{
        "doc_no": "มท 0816.3/ว 1192", "date": "2022-03-26",
        "text": "หนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด ที่ มท ๐๘๑๖.๓/ว ๑๑๙๒ ลงวันที่ ๒๖ มีนาคม ๒๕๖๕"}]
    assert letter["doc_no"] == "สข 0023.4/ว 279"       # the cited ที่ line is not the letter's own
    cited = citations(letter, "")
    assert [(c["kind"], c["doc_no"], c["date"]) for c in cited] == [("reference", "มท 0816.3/ว 1192", "2022-03-26")]


def test_reference_broken_before_the_urgency_word():
    letter, _ = page(refs=[(10.8, 3.0, "อ้างถึง หนังสือกรมส่งเสริมการปกครองท้องถิ่น"),
                           (11.8, 5.2, "ด่วนที่สุด ที่ มท ๐๘๑๖.๓/ว ๑๑๙๒ ลงวันที่ ๒๖ มีนาคม ๒๕๖๕")])
    assert [(r["doc_no"], r["date"]) for r in letter["references"]] == [("มท 0816.3/ว 1192", "2022-03-26")]
    assert letter["references"][0]["text"].startswith("หนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด ที่ มท")


def test_two_numbered_references_over_three_lines():
    letter, _ = page(refs=[(10.6, 3.0, "อ้างถึง ๑. หนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด"),
                           (11.35, 5.8, "ที่ มท ๐๘๑๖.๓/ว ๑๑๙๒ ลงวันที่ ๒๖ มีนาคม ๒๕๖๕"),
                           (12.1, 5.2, "๒. หนังสือจังหวัดสงขลา ด่วนมาก ที่ สข ๐๐๒๓.๔/ว ๒๖๐ ลงวันที่ ๑ มีนาคม ๒๕๖๕")])
    assert [(r["doc_no"], r["date"]) for r in letter["references"]] == [
        ("มท 0816.3/ว 1192", "2022-03-26"), ("สข 0023.4/ว 260", "2022-03-01")]


def test_addressees_over_two_lines():
    letter, _ = page()
    assert letter["recipients"] == ["นายอำเภอ ทุกอำเภอ", "นายกองค์การบริหารส่วนจังหวัดสงขลา",
                                    "นายกเทศมนตรีนครสงขลา", "นายกเทศมนตรีตำบล ทุกแห่ง"]
    assert letter["urgency"] == "ด่วนที่สุด"


def test_box_with_its_date_on_a_row_of_its_own():
    box = [(23.6, 2.9, "ที่ สข ๐๐๒๓.๑๖/ว ๑๒๑"), (24.5, 2.9, "วันที่ ๑๐ เม.ย. ๖๕")] + \
        [(row + 0.9, x, text) for row, x, text in BOX[2:]]
    _, endo = page(box=box)
    assert (endo["doc_no"], endo["date"], endo["purpose"]) == \
        ("สข 0023.16/ว 121", "2022-04-10", "เพื่อโปรดพิจารณาดำเนินการต่อไป")
    assert endo["signatory"] == {"name": "นางสาววราภรณ์ บุญมาเลิศ", "position": "นายอำเภอรัตภูมิ"}


def test_note_beside_the_closing_keeps_to_its_column():
    """A note written left of the letter's signature does not take the letter's name, though
    its purpose comes before that name in reading order."""
    note = [(17.4, 2.0, "ที่ สข ๐๐๒๓.๑๖/ว ๑๒๑"), (18.05, 2.0, "วันที่ ๑๐ เม.ย. ๖๕"),
            (18.7, 2.0, "เรียน นายกองค์การบริหาร"), (19.35, 2.0, "ส่วนตำบลเขาพระ"),
            (20.0, 2.0, "เพื่อทราบ"), (22.9, 2.0, "(นางสาววราภรณ์ บุญมาเลิศ)"),
            (23.55, 2.2, "นายอำเภอรัตภูมิ")]
    body = [(r + (0.4 if r >= 20 else 0), x, t) for r, x, t in BODY]
    letter, endo = extract_bundle([sheet(HEAD + REFS + body + note + FOOT)])
    assert letter["signatory"]["name"] == "นางสาวลำดวน ประทุมทองดี"
    assert endo["signatory"] == {"name": "นางสาววราภรณ์ บุญมาเลิศ", "position": "นายอำเภอรัตภูมิ"}


def test_cited_number_is_not_taken_for_the_letters_own_when_that_was_not_read():
    head = [(r, x, t) for r, x, t in HEAD if not t.startswith("ที่ สข")]
    refs = [(10.8, 3.0, "อ้างถึง หนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด"),
            (11.8, 5.2, "ที่ มท ๐๘๑๖.๓/ว ๑๑๙๒ ลงวันที่ ๒๖ มีนาคม ๒๕๖๕")]
    letter, _ = extract_bundle([sheet(head + refs + BODY + BOX + FOOT)])
    assert letter["doc_no"] != "มท 0816.3/ว 1192"
    assert [r["doc_no"] for r in letter["references"]] == ["มท 0816.3/ว 1192"]


# what the OCR left on these forms in generated bundles read by Tesseract
def test_reference_as_the_ocr_leaves_it():
    """อ้างถึง read ฮ้างถึง; a speck read as a cell between its lines; its date line opened
    by two specks and a stray letter (``, , คลงวันที่ …``)."""
    refs = [(10.8, 3.0, "ฮ้างถึง หนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด ที่ มท ๐๘๑๖.๓/ว ๑๑๙๒"),
            (11.5, 3.8, ","), (11.8, 3.3, ", , คลงวันที่ ๒๖ มีนาคม ๒๕๖๕")]
    letter, _ = page(refs=refs)
    assert [(r["doc_no"], r["date"]) for r in letter["references"]] == [("มท 0816.3/ว 1192", "2022-03-26")]
    refs = [(10.8, 3.0, "อ้างถึง หนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด ที่ มท"),
            (11.5, 3.8, ","), (11.8, 5.2, "๐๘๑๖.๓/ว ๑๑๙๒ ลงวันที่ ๒๖ มีนาคม ๒๕๖๕")]
    letter, _ = page(refs=refs)
    assert [(r["doc_no"], r["date"]) for r in letter["references"]] == [("มท 0816.3/ว 1192", "2022-03-26")]


def test_box_as_the_ocr_leaves_it():
    """A speck stuck to the letter's ``(name)`` and a date read ``ม.ค .``: the letter keeps
    its signatory and the box below it is still the district's endorsement, dated."""
    body = [(r, x, ".(นางสาวลำดวน ประทุมทองดี)" if t.startswith("(") else t) for r, x, t in BODY]
    box = [(23.6, 2.9, "ที่ สข ๐๐๒๓.๑๖/ว ๑๒๑"), (23.6, 11.8, "วันที่ ๑๐ ม.ค . ๖๕")] + BOX[2:]
    letter, endo = extract_bundle([sheet(HEAD + REFS + body + box + FOOT)])
    assert letter["signatory"]["name"] == "นางสาวลำดวน ประทุมทองดี"
    assert (endo["kind"], endo["doc_no"], endo["date"]) == ("endorsement", "สข 0023.16/ว 121", "2022-01-10")
    assert endo["purpose"] == "เพื่อโปรดพิจารณาดำเนินการต่อไป"
