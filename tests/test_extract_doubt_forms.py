"""Kinds of error found on fresh generated bundles read by Tesseract (``saraban eval --fresh``):
fields cut or misjoined where real paper wraps them, and fields missing without a flag.
Extracted from text pages laid out as a scan's OCR reports them (no OCR here)."""
from test_extract_bundle_forms import BODY, BOX, FOOT, HEAD, REFS, sheet

from ingest.evaluate import flagged
from ingest.extract import extract_bundle

TO_3 = [(8.8, 3.0, "เรียน นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัดสงขลา และนายกเทศมนตรีนคร"),
        (9.8, 4.4, "สงขลา และนายกเทศมนตรีเมืองสะเดา และนายกเทศมนตรี"),
        (10.8, 4.4, "ตำบล ทุกแห่ง")]
RECIPIENTS = ["นายอำเภอ ทุกอำเภอ", "นายกองค์การบริหารส่วนจังหวัดสงขลา", "นายกเทศมนตรีนครสงขลา",
              "นายกเทศมนตรีตำบล ทุกแห่ง"]
RECIPIENTS_3 = RECIPIENTS[:3] + ["นายกเทศมนตรีเมืองสะเดา"] + RECIPIENTS[3:]


def _below(rows, by=1.0):
    return [(r + by, x, t) for r, x, t in rows]


def _page(head=HEAD, refs=REFS, body=BODY, box=BOX):
    return extract_bundle([sheet(head + refs + body + box + FOOT)])


def test_addressees_over_three_lines_the_last_short():
    """The third line of เรียน starts under the second: it goes on, though a word of it
    would have fitted at the end of the line above."""
    letter, _ = _page(HEAD[:-2] + TO_3, _below(REFS), _below(BODY), _below(BOX))
    assert letter["recipients"] == RECIPIENTS_3
    assert letter["salutation"].endswith("และนายกเทศมนตรีตำบล ทุกแห่ง")
    assert [r["doc_no"] for r in letter["references"]] == ["มท 0816.3/ว 1192"]


def test_addressees_as_the_ocr_leaves_them():
    """A speck read as a cell between the lines, a space read after และ, a speck before ทุก."""
    to = [(8.8, 3.0, "เรียน นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัดสงขลา"),
          (9.55, 3.2, ","), (9.8, 4.4, "และ นายกเทศมนตรีนครสงขลา และ นายกเทศมนตรีตำบล .ทุกแห่ง")]
    letter, _ = _page(HEAD[:-2] + to)
    assert letter["recipients"] == RECIPIENTS


def test_enclosure_cut_after_the_month_of_its_date():
    """``… ลงวันที่ ๑๕ พฤศจิกายน`` cannot end the field: the year and the count are below."""
    encl = [(10.8, 3.0, "สิ่งที่ส่งมาด้วย สำเนาหนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด"),
            (11.8, 5.5, "ที่ มท ๐๘๑๖.๓/ว ๔๔๗๑ ลงวันที่ ๑๕ พฤศจิกายน"),
            (12.8, 5.5, "๒๕๖๕ จำนวน ๑ ชุด")]
    letter, _ = _page(refs=encl, body=_below(BODY, 1.2), box=_below(BOX, 1.2))
    assert letter["enclosures"] == ["สำเนาหนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด ที่ มท "
                                    "๐๘๑๖.๓/ว ๔๔๗๑ ลงวันที่ ๑๕ พฤศจิกายน ๒๕๖๕ จำนวน ๑ ชุด"]


def test_a_note_without_a_number_is_not_flagged_for_it():
    _, endo = _page(box=[(23.6, 2.9, "วันที่ ๑๐ เม.ย. ๖๕")] + BOX[2:])
    assert endo["doc_no"] is None and not flagged(endo, "doc_no")


def test_a_note_whose_number_was_printed_but_not_read_is_flagged():
    """``ที่`` read ``ท`` and the number garbled: the box had a number, so its absence is doubt,
    and the agency code read from it with it."""
    for garbled in ("ท สย ๐๐๒๓.๑๖/ว)ว ๗๐", "ที่ ธุ% ๐๐๒๓, .๑๖/ง ๑๒๑"):
        _, endo = _page(box=[(23.6, 2.9, garbled), (23.6, 11.8, "วันที่ ๑๐ เม.ย. ๖๕")] + BOX[2:])
        assert endo["kind"] == "endorsement" and endo["doc_no"] is None, garbled
        assert flagged(endo, "doc_no") and flagged(endo, "issuer_code"), garbled
        assert endo["recipients"] == ["นายกองค์การบริหารส่วนตำบลเขาพระ", "นายกเทศมนตรีตำบล ทุกแห่ง"]


def test_a_signature_not_found_is_flagged():
    body = [row for row in BODY if not row[2].startswith("(")]
    letter, _ = _page(body=body)
    assert not (letter["signatory"] or {}).get("name")
    assert "signatory: not found" in letter["flags"] and flagged(letter, "signatory.name")


def test_a_doubt_about_the_addressees_is_one_about_the_salutation():
    letter, _ = _page()
    assert not flagged(letter, "salutation")
    letter["flags"].append("recipients: low OCR confidence")
    assert flagged(letter, "salutation") and flagged(letter, "recipients")


def test_a_lost_directive_or_a_lost_reference_is_flagged():
    from test_extract_body import LETTER

    from ingest.extract import extract_text

    (whole,) = extract_text(LETTER)
    assert not any(f.startswith(("directives", "references")) for f in whole["flags"])
    # the first item's number read as a letter; the อ้างถึง lines misread past finding
    lost = LETTER.replace("๑. ให้แยก", "ด. ให้แยก").replace("อ้างถึง ๑. หนังสือ", "ฮ้างถืง ๑. หนังสือ")
    (rec,) = extract_text(lost)
    assert [d["number"] for d in rec["directives"]] == ["2"] and rec["references"] == []
    assert flagged(rec, "directives") and flagged(rec, "references")


def test_an_order_without_its_number_is_flagged():
    from ingest.extract import extract_text

    (rec,) = extract_text("คำสั่งจังหวัดเชียงใหม่\nที่ ๑๕๐/๒๕๖๓\nเรื่อง แต่งตั้ง\nข้อ ๑ ให้ตรวจรับพัสดุ\n"
                          "สั่ง ณ วันที่ ๑ มีนาคม พ.ศ. ๒๕๖๓")
    assert rec["kind"] == "order" and rec["doc_no"] and not flagged(rec, "doc_no")
    (rec,) = extract_text("คำสั่งจังหวัดเชียงใหม่\nที ๑๕o/๒๕๖๓\nเรื่อง แต่งตั้ง\nข้อ ๑ ให้ตรวจรับพัสดุ\n"
                          "สั่ง ณ วันที่ ๑ มีนาคม พ.ศ. ๒๕๖๓")
    assert rec["kind"] == "order" and not rec["doc_no"] and flagged(rec, "doc_no")


def test_a_names_lost_karan_is_restored_and_its_tone_left_as_read():
    from ingest.extract.signatory import karan_restored

    assert karan_restored("นายณรงค์ศักดิ ศรีบุญเรือง") == "นายณรงค์ศักดิ์ ศรีบุญเรือง"
    assert karan_restored("นางวราภรณ์ เรืองศักดิศรี") == "นางวราภรณ์ เรืองศักดิ์ศรี"
    assert karan_restored("นางจันทร์เพ็ญ เรืองศักดิ์ศรี") == "นางจันทร์เพ็ญ เรืองศักดิ์ศรี"   # not เรื่อง
    assert karan_restored("นายเน้ย สมบูรณ์เถกิง") == "นายเน้ย สมบูรณ์เถกิง"                 # unknown, kept
    body = [(r, x, "(นายกิตติศักดิ แก้วมณีรัตน์)" if t.startswith("(") else t) for r, x, t in BODY]
    letter, _ = _page(body=body)
    assert letter["signatory"]["name"] == "นายกิตติศักดิ์ แก้วมณีรัตน์"


def test_a_speck_at_a_paragraphs_indent_does_not_end_the_head():
    """A speck read at 2.5 cm (``ป``, ``|``) above เรียน is no paragraph: the labels below it
    are still the head's, and a count's unit OCR ran into its number is set off again."""
    encl = [(10.8, 3.0, "สิ่งที่ส่งมาด้วย แบบรายงานผลการดำเนินงาน จำนวน ๑ชุด")]
    head = HEAD[:5] + [(3.3, 5.5, "ป")] + HEAD[5:]
    letter, _ = _page(head=head, refs=encl)
    assert letter["enclosures"] == ["แบบรายงานผลการดำเนินงาน จำนวน ๑ ชุด"]


def test_a_speck_after_an_addressee_is_not_part_of_it():
    to = [(8.8, 3.0, "เรียน ผู้ว่าราชการจังหวัด ทุกจังหวัด,")]
    letter, _ = _page(head=HEAD[:-2] + to)
    assert letter["salutation"] == "ผู้ว่าราชการจังหวัด ทุกจังหวัด"


def test_an_addressee_cut_after_its_title_goes_on_at_the_margin():
    """``… และนายกเทศมนตรี`` cannot end the addressees (a local office's head is named with its
    place): the next line goes on, though it starts at the margin (a speck before it)."""
    to = [(8.8, 3.0, "เรียน นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนจังหวัด"),
          (9.8, 3.2, "สงขลา และนายกเทศมนตรีนครสงขลา และนายกเทศมนตรี"),
          (10.8, 3.1, "ตำบล ทุกแห่ง")]
    letter, _ = _page(HEAD[:-2] + to, _below(REFS), _below(BODY), _below(BOX))
    assert letter["recipients"] == RECIPIENTS and not flagged(letter, "recipients")


def test_an_addressee_left_as_a_bare_title_is_flagged():
    to = [(8.8, 3.0, "เรียน นายอำเภอ ทุกอำเภอ และนายกองค์การบริหารส่วนตำบล")]
    letter, _ = _page(HEAD[:-2] + to)
    assert letter["recipients"][-1] == "นายกองค์การบริหารส่วนตำบล" and flagged(letter, "recipients")
