"""References, enclosures and numbered directives."""
import pytest

from ingest.extract import extract_text
from ingest.extract.body import reference_of

LETTER = """ที่ ชม ๐๐๒๓.๓/ว ๖๙                      ศาลากลางจังหวัดเชียงใหม่
                                   ๑๘ มกราคม ๒๕๖๗
เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร
เรียน นายอำเภอทุกอำเภอ
อ้างถึง ๑. หนังสือกระทรวงศึกษาธิการ ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ ลงวันที่ ๙ มกราคม ๒๕๖๗
        ๒. หนังสือจังหวัดเชียงใหม่ ที่ ชม ๐๐๒๓.๓/ว ๑๒ ลว. ๓ ม.ค. ๖๗
สิ่งที่ส่งมาด้วย ๑. แนวทางปฏิบัติ จำนวน ๑ ชุด
                ๒. แบบรายงาน จำนวน ๑ ฉบับ
          ตามหนังสือที่อ้างถึง จังหวัดขอให้ดำเนินการ ดังนี้
๑. ให้แยกเอกสารที่ปฏิบัติเสร็จแล้ว
๒. ให้รายงานผลภายใน ๑๕ วัน
          จึงเรียนมาเพื่อทราบและถือปฏิบัติ
"""


def test_references_enclosures_directives():
    (rec,) = extract_text(LETTER)
    assert [(r["doc_no"], r["date"]) for r in rec["references"]] == [
        ("ศธ 0206.3/ว 478", "2024-01-09"), ("ชม 0023.3/ว 12", "2024-01-03")]
    assert rec["enclosures"] == ["แนวทางปฏิบัติ จำนวน ๑ ชุด", "แบบรายงาน จำนวน ๑ ฉบับ"]
    assert rec["directives"] == [{"number": "1", "text": "ให้แยกเอกสารที่ปฏิบัติเสร็จแล้ว"},
                                 {"number": "2", "text": "ให้รายงานผลภายใน ๑๕ วัน"}]


def test_reference_text():
    ref = reference_of("หนังสือกระทรวงมหาดไทย ที่ มท ๐๒๐๖.๒/ว ๕๑๐๙ ลงวันที่ ๒๕ กรกฎาคม ๒๕๖๑")
    assert ref["doc_no"] == "มท 0206.2/ว 5109" and ref["date"] == "2018-07-25"


def test_order_clauses():
    (rec,) = extract_text("คำสั่งจังหวัดเชียงใหม่\nที่ ๑๕๐/๒๕๖๓\nเรื่อง แต่งตั้ง\n"
                          "1) นายสุรชัย ประธานกรรมการ\nข้อ ๑ ให้ตรวจรับพัสดุ\nข้อ ๒ ให้รายงานผล\n"
                          "สั่ง ณ วันที่ ๑ มีนาคม พ.ศ. ๒๕๖๓")
    assert [d["number"] for d in rec["directives"]] == ["1", "2"]
    assert rec["date"] == "2020-03-01"


def test_cited_date_carried_to_an_indented_line():
    """``ลงวันที่ …`` under a cited number is indented like a paragraph but cannot open one:
    the reference keeps its date and the enclosure after it is still found."""
    text = LETTER.replace("ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ ลงวันที่ ๙ มกราคม ๒๕๖๗",
                          "ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘\n          ลงวันที่ ๙ มกราคม ๒๕๖๗")
    (rec,) = extract_text(text)
    assert [(r["doc_no"], r["date"]) for r in rec["references"]][0] == ("ศธ 0206.3/ว 478", "2024-01-09")
    assert rec["enclosures"] == ["แนวทางปฏิบัติ จำนวน ๑ ชุด", "แบบรายงาน จำนวน ๑ ฉบับ"]


def test_count_of_a_wrapped_enclosure_keeps_its_space():
    (rec,) = extract_text(LETTER.replace("สิ่งที่ส่งมาด้วย ๑. แนวทางปฏิบัติ จำนวน ๑ ชุด",
                                         "สิ่งที่ส่งมาด้วย ๑. แนวทางปฏิบัติ\n                   จำนวน ๑ ชุด"))
    assert rec["enclosures"][0] == "แนวทางปฏิบัติ จำนวน ๑ ชุด"


def test_wrapped_clause_before_and():
    """A directive broken before และ: a space where the writer spaces list items, none where not."""
    spaced = "ให้ทุกอำเภอรณรงค์กำจัดแหล่งเพาะพันธุ์ยุงลายอย่างต่อเนื่องในชุมชน โรงเรียน"
    unspaced = "ให้แจ้งเตือนประชาชนให้ระมัดระวังป้องกันตนเองอย่างทั่วถึงผ่านหอกระจายข่าว"
    for first, rest, joined in ((spaced, "และศาสนสถานทุกสัปดาห์", spaced + " และศาสนสถานทุกสัปดาห์"),
                                (unspaced, "และช่องทางสื่อสารออนไลน์", unspaced + "และช่องทางสื่อสารออนไลน์")):
        (rec,) = extract_text(LETTER.replace("๑. ให้แยกเอกสารที่ปฏิบัติเสร็จแล้ว", f"๑. {first}\n{rest}"))
        assert rec["directives"][0] == {"number": "1", "text": joined}


def test_an_item_whose_dot_was_lost_is_still_the_next_item():
    # OCR lost ๓.'s dot (``๓ ให้…``) or read it as a comma: the number due, where the items start
    for third in ("๓ ให้กำหนดอายุการเก็บหนังสือ", "3, ให้กำหนดอายุการเก็บหนังสือ"):
        (rec,) = extract_text(LETTER.replace("๒. ให้รายงานผลภายใน ๑๕ วัน",
                                             "๒. ให้รายงานผลภายใน ๑๕ วัน\n" + third))
        assert [d["number"] for d in rec["directives"]] == ["1", "2", "3"], third
    # a number that is not the one due is body text, not an item
    (rec,) = extract_text(LETTER.replace("๒. ให้รายงานผลภายใน ๑๕ วัน", "๒. ให้รายงานผลภายใน\n๑๕ วันทำการ"))
    assert [d["number"] for d in rec["directives"]] == ["1", "2"]


def test_an_item_whose_number_was_misread_is_still_the_next_item():
    # ๓. read as ``o.`` or ``=)``; an item lost before ``4,``: the number read where it is one
    # after the last (the gap flagged), else the one due
    for third, numbers in (("o. ให้กำหนดอายุการเก็บหนังสือ", ["1", "2", "3"]),
                           ("=) ให้กำหนดอายุการเก็บหนังสือ", ["1", "2", "3"]),
                           ("4, ให้กำหนดอายุการเก็บหนังสือ", ["1", "2", "4"])):
        (rec,) = extract_text(LETTER.replace("๒. ให้รายงานผลภายใน ๑๕ วัน",
                                             "๒. ให้รายงานผลภายใน ๑๕ วัน\n" + third))
        assert [d["number"] for d in rec["directives"]] == numbers, third
    assert any(f.startswith("directives: not numbered") for f in rec["flags"])
    # not where the items start: body text
    (rec,) = extract_text(LETTER.replace("๒. ให้รายงานผลภายใน ๑๕ วัน",
                                         "๒. ให้รายงานผลภายใน ๑๕ วัน\n     o. ให้กำหนดอายุการเก็บหนังสือ"))
    assert [d["number"] for d in rec["directives"]] == ["1", "2"]


def test_an_item_aligned_with_a_later_item_when_the_first_was_read_apart():
    """The first item's line read from further left (a speck, or its number run into the
    margin): the next items still start where the second did, and a speck in the margin
    before an item (``|``) is a cell of its own."""
    text = LETTER.replace("๑. ให้แยกเอกสารที่ปฏิบัติเสร็จแล้ว", "   ๑.ให้แยกเอกสารที่ปฏิบัติเสร็จแล้ว") \
        .replace("๒. ให้รายงานผลภายใน ๑๕ วัน", "      ๒. ให้รายงานผลภายใน ๑๕ วัน\n"
                 "|     ๓ ให้กำหนดอายุการเก็บหนังสือ")
    (rec,) = extract_text(text)
    assert [d["number"] for d in rec["directives"]] == ["1", "2", "3"]


def test_one_figure_where_an_item_starts_is_the_item_due():
    # ๓. read as ``0``: one figure, no dot; a figure after the one due is kept (the gap flagged)
    for third, numbers in (("0 ให้กำหนดอายุการเก็บหนังสือ", ["1", "2", "3"]),
                           ("4 ให้กำหนดอายุการเก็บหนังสือ", ["1", "2", "4"])):
        (rec,) = extract_text(LETTER.replace("๒. ให้รายงานผลภายใน ๑๕ วัน",
                                             "๒. ให้รายงานผลภายใน ๑๕ วัน\n" + third))
        assert [d["number"] for d in rec["directives"]] == numbers, third


CITED = "สำเนาหนังสือจังหวัดเชียงใหม่ ด่วนที่สุด ที่ ชม ๐๐๒๓.๒/ว ๘๐๔ ลงวันที่ ๒๔ กันยายน ๒๕๖๓ จำนวน ๑ ชุด"


@pytest.mark.parametrize("label", ["งที่ส่งมาด้วย", "สิงท์ ที่ส่งมาด้วย"])
def test_the_enclosures_label_with_its_first_word_garbled(label):
    assert _enclosure_line(f"{label} แนวทางปฏิบัติ จำนวน ๑ ชุด")["enclosures"] == ["แนวทางปฏิบัติ จำนวน ๑ ชุด"]


def test_the_end_of_tam_sing_wrapped_onto_a_line_is_no_enclosures_label():
    rec = _enclosure_line("          รายละเอียดปรากฏตามสิ่ง\nที่ส่งมาด้วย ของกระทรวง")
    assert rec["enclosures"] == []


@pytest.mark.parametrize("read", [CITED.replace("ที่ ชม", "1 ชม"), CITED.replace("ที่ ชม", "๑ ชม"),
                                  CITED.replace("ที่ ชม ", "1 ชม\n                 "),   # its number on the next line
                                  CITED.replace("ที่ ชม", "7 ชม"),
                                  CITED.replace("๒๕๖๓ จำนวน", "๒๕๖๓ ๗ จำนวน"),       # a speck after the year
                                  CITED.replace("๒๕๖๓ จำนวน", "๒๕๖๓ ) จำนวน")])
def test_a_cited_letters_ti_read_as_one_or_a_figure_after_its_year(read):
    rec = _enclosure(read)
    assert rec["enclosures"] == [CITED] and "enclosures: low OCR confidence" not in rec["flags"]


def test_a_figure_alone_after_a_cited_number_is_doubted():
    rec = _enclosure(CITED.replace("๘๐๔ ลงวันที่", "๘๐๔ ๖ ลงวันที่"))
    assert "enclosures: low OCR confidence" in rec["flags"]


def test_an_enclosure_cut_short_or_citing_a_number_that_cannot_be_is_flagged():
    def flags(encl):
        (rec,) = extract_text(LETTER.replace("สิ่งที่ส่งมาด้วย ๑. แนวทางปฏิบัติ จำนวน ๑ ชุด\n"
                                             "                ๒. แบบรายงาน จำนวน ๑ ฉบับ", "สิ่งที่ส่งมาด้วย " + encl))
        return "enclosures: low OCR confidence" in rec["flags"]
    cited = "สำเนาหนังสือจังหวัดเชียงใหม่ ด่วนที่สุด ที่ ชม {} ลงวันที่ ๒๔ กันยายน ๒๕๖๓ จำนวน ๑ ชุด"
    assert not flags(cited.format("๐๐๒๓.๒/ว ๘๐๔")) and not flags("แนวทางปฏิบัติ จำนวน ๑ ชุด")
    assert flags(cited.format("๐๐๒.๒ /ว ๘๐๔"))          # a unit code's digit lost
    assert flags(cited.format("๐๐๒๓.๒) ๘๐๔"))           # no number at all
    assert flags(cited.replace("ชม", "ซบ").format("๐๐๒๓.๒/ว ๘๐๔"))   # no office has that code
    assert flags("แบบสรุปจำนวน")                           # cut short: its count lost


def test_a_reference_whose_number_no_office_could_have_is_flagged():
    (rec,) = extract_text(LETTER)
    assert "references: low OCR confidence" not in rec["flags"]
    # code misread, lost; unit cut; a digit put in a unit that has a section (only ศธ's schools
    # have five digits there: ``ศธ ๐๔๒๗๗.๐๖๒`` stands)
    for misread in ("ซบ ๐๒๐๖.๓/ว ๔๗๘", "๒๖.๓/ว ๔๗๘", "ศธ ๒๐๖.๓/ว ๔๗๘", "มท ๖๐๒๐๖.๓/ว ๔๗๘"):
        (rec,) = extract_text(LETTER.replace("ศธ ๐๒๐๖.๓/ว ๔๗๘", misread))
        assert "references: low OCR confidence" in rec["flags"] or \
            "references: a cited number not read" in rec["flags"], misread
    (rec,) = extract_text(LETTER.replace("ศธ ๐๒๐๖.๓/ว ๔๗๘", "ศธ ๐๔๒๗๗.๐๖๒/ว ๔๗๘"))
    assert "references: low OCR confidence" not in rec["flags"]


def _enclosure(encl: str) -> dict:
    (rec,) = extract_text(LETTER.replace("สิ่งที่ส่งมาด้วย ๑. แนวทางปฏิบัติ จำนวน ๑ ชุด\n"
                                         "                ๒. แบบรายงาน จำนวน ๑ ฉบับ", "สิ่งที่ส่งมาด้วย " + encl))
    return rec


def _enclosure_line(line: str) -> dict:
    """The letter with its enclosures' lines replaced by ``line`` (its label as read)."""
    (rec,) = extract_text(LETTER.replace("สิ่งที่ส่งมาด้วย ๑. แนวทางปฏิบัติ จำนวน ๑ ชุด\n"
                                         "                ๒. แบบรายงาน จำนวน ๑ ฉบับ", line))
    return rec


def test_an_enclosures_count_as_ocr_leaves_it():
    """The count ``จำนวน ๑ ชุด`` with its marks spoilt (a tone over จ, the ุ of ชุด lost or
    doubled) is put back and flagged: what spoilt it may have struck the cited number too."""
    title = "แบบรายงานผลการดำเนินงานป้องกันโรคไข้เลือดออก"
    for read in (f"{title} จ้ำนวน ๑ ชุด", f"{title}จ้ำนวน ๑ ชุด", f"{title} จำนวน ๑ ชูด",
                 f"{title} จำนวน ๑ชูุด", f"{title} จำนวน ๑ ชด"):
        rec = _enclosure(read)
        assert rec["enclosures"] == [f"{title} จำนวน ๑ ชุด"], read
        assert "enclosures: the count's letters repaired from the reading" in rec["flags"], read


def test_an_enclosures_count_with_its_space_lost_is_not_flagged_for_it():
    rec = _enclosure("อัตราค่าเช่าที่พักในการเดินทางไปราชการ จำนวน๑ ชุด")
    assert rec["enclosures"] == ["อัตราค่าเช่าที่พักในการเดินทางไปราชการ จำนวน ๑ ชุด"]
    assert not any(f.startswith("enclosures") for f in rec["flags"])


def test_the_next_line_run_into_an_enclosures_unit_is_cut_off():
    """``… จำนวน ๑ ชดตามหนังสือที่อ้างถึง …``: the unit misread, the body's first line was
    taken as the enclosure going on; an enclosure ends with its count."""
    text = LETTER.replace("สิ่งที่ส่งมาด้วย ๑. แนวทางปฏิบัติ จำนวน ๑ ชุด\n                ๒. แบบรายงาน จำนวน ๑ ฉบับ\n"
                          "          ตามหนังสือที่อ้างถึง จังหวัดขอให้ดำเนินการ ดังนี้",
                          "สิ่งที่ส่งมาด้วย แบบสรุปจำนวนผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ จำนวน ๑ ชดตามหนังสือที่อ้างถึง "
                          "จังหวัดขอให้ดำเนินการ ดังนี้")
    (rec,) = extract_text(text)
    assert rec["enclosures"] == ["แบบสรุปจำนวนผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ จำนวน ๑ ชุด"]


def test_two_counted_enclosures_on_one_line_are_left_whole():
    rec = _enclosure("แผนที่ จำนวน ๑ ชุด และภาพถ่าย จำนวน ๒ แผ่น")
    assert rec["enclosures"] == ["แผนที่ จำนวน ๑ ชุด และภาพถ่าย จำนวน ๒ แผ่น"]


def test_an_enclosure_count_whose_space_was_lost_is_spaced_from_its_unit_too():
    from ingest.extract.body import _count_repaired

    assert _count_repaired("เอกสาร จำนวน2ฉบับ") == ("เอกสาร จำนวน 2 ฉบับ", False)
    assert _count_repaired("เอกสาร จ้ำนวน 2ฉบับ") == ("เอกสาร จำนวน 2 ฉบับ", True)


def _ocr_page(*lines) -> "PageText":
    """A read page 2480 px wide: each line (top, [(text, left, right)...], its words 80 px high
    unless a word gives its own (text, left, right, top, bottom))."""
    from ingest.page import Line, PageText, Word

    out = []
    for top, words in lines:
        ws = [Word(w[0], (w[1], w[3], w[2], w[4]) if len(w) == 5 else (w[1], top, w[2], top + 80), 92.0)
              for w in words]
        box = (min(w.box[0] for w in ws), min(w.box[1] for w in ws), max(w.box[2] for w in ws),
               max(w.box[3] for w in ws))
        out.append(Line("      ".join(w.text for w in ws), box, 92.0, ws))
    return PageText(1, 2480, 3508, out, engine="saraban")


def _references(page) -> list:
    from ingest.extract.body import find_references
    from ingest.extract.cells import page_cells

    return [r["doc_no"] for r in find_references(page_cells(page))[0]]


def test_a_speck_in_the_margin_under_a_cited_number_does_not_end_it():
    """A speck under a reference's first line is read as a cell of its own (``,``, ``กา``):
    passed over, the number on the next line is the reference's. The label glued to the
    agency's code (``ที่มท``) awaits the number as ``ที่ มท`` does."""
    page = _ocr_page(
        (1000, [("อ้างถึง", 357, 520), ("๑.", 560, 600), ("หนังสือจังหวัดนครราชสีมา ด่วนที่สุด ที่ นม ๐๐๒๓.๕/ว", 620, 2104)]),
        (1100, [("๑๐๑๒ ลงวันที่ ๓ ธันวาคม ๒๕๖๔", 662, 1544)]),
        (1200, [("๒.", 582, 630), ("หนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด ที่มท", 650, 2100)]),
        (1300, [("กา", 379, 454, 1368, 1382)]),
        (1300, [("๐๘๐๘.๒/ว ๓๖๕๑ ลงวันที่ ๑๖ กันยายน ๒๕๖๓", 654, 1919)]),
        (1400, [("สิ่งที่ส่งมาด้วย", 357, 700), ("สำเนาหนังสือจังหวัดนครราชสีมา", 720, 1500)]))
    assert _references(page) == ["นม 0023.5/ว 1012", "มท 0808.2/ว 3651"]


def test_a_digit_the_recognizer_gave_to_a_speck_across_a_gap_begins_the_next_word():
    page = _ocr_page(
        (1000, [("อ้างถึง", 357, 520), ("หนังสือกระทรวงสาธารณสุข ด่วนที่สุด ที่สธ ๐๒๑๑.๔/ว", 560, 2133)]),
        (1100, [("'      ๔", 383, 390, 1173, 1186), ("๕๘๕", 663, 822), ("ลงวันที่ ๒๓ พฤศจิกายน ๒๕๖๔", 860, 1690)]),
        (1200, [("สิ่งที่ส่งมาด้วย", 357, 700), ("สำเนาหนังสือกระทรวงสาธารณสุข", 720, 1500)]))
    assert _references(page) == ["สธ 0211.4/ว 4585"]


def test_a_cited_date_that_does_not_read_as_a_date_is_flagged_and_a_glued_label_is_spaced():
    text = (LETTER.replace("ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ ลงวันที่ ๙ มกราคม ๒๕๖๗", "ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ ลงวันที่ ๙ มกราคม ๒๕๖๗๓")
            .replace("๑. แนวทางปฏิบัติ จำนวน ๑ ชุด", "๑. สำเนาหนังสือ ด่วนที่สุด ที่ศธ ๐๒๐๖.๓/ว ๔๗๘ จำนวน ๑ ชุด")
            .replace("ให้แยกเอกสารที่ปฏิบัติเสร็จแล้ว", "ให้แยกเอกสารที่ปฏิบัติเสร็จแล้ว |"))
    (rec,) = extract_text(text)
    assert rec["references"][0]["doc_no"] == "ศธ 0206.3/ว 478" and rec["references"][0]["date"] is None
    assert "references: a cited date not read" in rec["flags"]
    assert rec["enclosures"][0] == "สำเนาหนังสือ ด่วนที่สุด ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ จำนวน ๑ ชุด"
    assert rec["directives"][0]["text"] == "ให้แยกเอกสารที่ปฏิบัติเสร็จแล้ว"      # a speck after it
    (clean,) = extract_text(LETTER)
    assert not [f for f in clean["flags"] if f.startswith("references")]


def test_a_first_item_whose_dot_was_lost_is_still_the_first_item():
    text = LETTER.replace("๑. ให้แยกเอกสารที่ปฏิบัติเสร็จแล้ว", "๑ ให้แยกเอกสารที่ปฏิบัติเสร็จแล้ว")
    (rec,) = extract_text(text)
    assert rec["directives"] == [{"number": "1", "text": "ให้แยกเอกสารที่ปฏิบัติเสร็จแล้ว"},
                                 {"number": "2", "text": "ให้รายงานผลภายใน ๑๕ วัน"}]


def test_an_order_clause_whose_label_was_misread_is_the_clause_due():
    order = ("คำสั่งจังหวัดเชียงใหม่\nที่ ๑๕๐/๒๕๖๓\nเรื่อง แต่งตั้ง\n1) นายสุรชัย ประธานกรรมการ\n"
             "ข้อ ๑ ให้ตรวจรับพัสดุ\nบขื้อ ๒ ให้รายงานผล\nบขื้อ ๕ ให้ประชาสัมพันธ์\nสั่ง ณ วันที่ ๑ มีนาคม พ.ศ. ๒๕๖๓")
    (rec,) = extract_text(order)
    assert [(d["number"], d["text"]) for d in rec["directives"]][:2] == [("1", "ให้ตรวจรับพัสดุ"), ("2", "ให้รายงานผล")]
    assert "5" not in [d["number"] for d in rec["directives"]]     # not the one due: not a clause


def test_an_item_read_as_two_blocks_side_by_side_is_one_item():
    """Tesseract's layout read one printed line as two blocks: the second, to the right at the
    same height, goes on with the item; a letter-sized mark between them (``a``) is passed over."""
    from ingest.extract.body import find_enclosures
    from ingest.extract.cells import page_cells

    page = _ocr_page(
        (1000, [("สิ่งที่ส่งมาด้วย", 234, 560), ("แบบสรุปจำนวน", 580, 766)]),
        (1005, [("a", 823, 843, 1020, 1057)]),
        (1008, [("ผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ", 771, 1300), ("จำนวน", 1900, 1980), ("๑", 2000, 2040)]),   # a wide gap before จำนวน
        (1100, [("ชุด", 700, 744)]),
        (1250, [("ด้วยกรมส่งเสริมการปกครองท้องถิ่นจะดำเนินการจัดสรร", 540, 2053)]))
    assert find_enclosures(page_cells(page))[0] == ["แบบสรุปจำนวนผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ จำนวน ๑ ชุด"]


def test_a_cited_numbers_code_is_taken_from_the_office_named_before_it():
    cases = {"หนังสือจังหวัดนครราชสีมา ด่วนที่สุด ที่ นบ ๐๐๒๓.๑/ว ๑๘๑": "นม 0023.1/ว 181",   # one letter wrong
             "หนังสือจังหวัดเชียงใหม่ ด่วนที่สุด ที่ ๐๐๒๓.๓/ว ๕๕๘": "ชม 0023.3/ว 558",      # lost
             "หนังสือกระทรวงการคลัง ที่ ๐๔๐๒.๕/ว ๑๖๓๖": "กค 0402.5/ว 1636",
             "หนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๘๐๘.๒/ว ๑๐๘๗": "มท 0808.2/ว 1087",
             "หนังสือจังหวัดชลบุรี ที่ ๑๕๐/๒๕๖๓": "150/2563",                      # an order's: no code
             "หนังสือจังหวัดชลบุรี ที่ ๑๕๐๐/๒๕๖๓": "1500/2563",
             "หนังสือจังหวัดชลบุรี ที่ นม ๐๐๒๓.๓/ว ๒๕๑": "นม 0023.3/ว 251",          # two letters: as read
             "หนังสือสำนักงานเขต ที่ ๐๐๒๓.๓/ว ๒๕๑": "0023.3/ว 251"}                  # no office known
    assert {t: reference_of(t)["doc_no"] for t in cases} == cases


def test_an_enclosure_citing_a_number_whose_code_was_misread_stays_in_doubt():
    """The cited letter's number is mended by its office's name; the enclosure's text is not,
    and a wrong code in it is still flagged."""
    (rec,) = extract_text(LETTER.replace("๑. แนวทางปฏิบัติ จำนวน ๑ ชุด",
                                         "๑. สำเนาหนังสือจังหวัดชลบุรี ที่ ซบ ๐๐๒๓.๓/ว ๒๕๑ ลงวันที่ ๒๓ มีนาคม ๒๕๖๗ จำนวน ๑ ชุด"))
    assert "enclosures: low OCR confidence" in rec["flags"]


def test_an_enclosure_with_a_mark_no_one_types_in_one_stays_in_doubt():
    """A speck and a stroke read inside an enclosure's words (``ผู้ 2> สิทธิ``) are flagged;
    the same enclosure read clean is not."""
    (clean,) = extract_text(LETTER.replace("๑. แนวทางปฏิบัติ จำนวน ๑ ชุด",
                                           "๑. แบบสรุปจำนวนผู้มีสิทธิรับเงิน จำนวน ๑ ชุด"))
    (specked,) = extract_text(LETTER.replace("๑. แนวทางปฏิบัติ จำนวน ๑ ชุด",
                                             "๑. แบบสรุปจำนวนผู้ 2> สิทธิรับเงิน จำนวน ๑ ชุด"))
    assert "enclosures: low OCR confidence" not in clean["flags"]
    assert "enclosures: low OCR confidence" in specked["flags"]
