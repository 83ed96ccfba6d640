"""Wrong fields that went unflagged on damaged pages of fresh generated bundles, where the
page itself says the value is in doubt: an agency code no table has, a receipt stamp whose
lines were read but not as a stamp. Extracted from text pages laid out as a scan's OCR
reports them (no OCR here)."""
from test_extract_bundle_forms import BODY, BOX, FOOT, HEAD, REFS, sheet

from ingest.evaluate import FIELDS, flagged
from ingest.extract import extract_bundle
from ingest.extract.checks import check_named

STAMP = HEAD[1:5]          # office, เลขรับ, วันที่, เวลา at the top right
LETTER_HEAD = HEAD[:1] + HEAD[5:]


def _letter(head, warnings=()):
    page = sheet(head + REFS + BODY + BOX + FOOT)
    page.warnings.extend(warnings)
    return extract_bundle([page])[0]


def test_the_stamp_as_generated_is_read_and_not_flagged():
    letter = _letter(HEAD)
    assert letter["receipt"]["number"] == "395"
    assert not flagged(letter, "receipt.number") and not flagged(letter, "receipt.date")


def test_an_agency_code_no_table_has_flags_the_number_and_its_code():
    """``อบ`` read ``อป``: the number is read whole, but its code is no office's."""
    head = [(r, x, t.replace("ที่ สข", "ที่ อป")) for r, x, t in HEAD]
    letter = _letter(head)
    assert letter["doc_no"].startswith("อป") and letter["issuer_code"] == "อป"
    assert flagged(letter, "doc_no") and flagged(letter, "issuer_code")


def test_a_stamp_read_run_together_with_the_letters_lines_flags_the_receipt():
    """The stamp's lines read as one with the office address beside them (``… วันที่เลขรับ
    ๓๙๕``): no stamp is taken, and its number and date are doubt, not absent."""
    head = [(r, x, t) for r, x, t in LETTER_HEAD if not t.startswith("ศาลากลาง")]
    head.append((4, 12.3, "ศาลากลางจังหวัดสงขลา วันที่เลขรับ ๓๙๕"))
    letter = _letter(head)
    assert letter["receipt"] is None
    assert flagged(letter, "receipt.number") and flagged(letter, "receipt.date")


def test_a_stamp_number_line_kept_as_tesseract_misread_it_flags_the_receipt():
    """The line model read ``เลขรับ ๓๙๕`` where Tesseract read ``ง``; the reader kept ``ง``
    and noted the doubt. The time line starts right of the others, so no stamp is found."""
    stamp = [STAMP[0], (0.8, 13.8, "ง"), STAMP[2], (2.4, 15.2, "Oo 13.45 น.")]
    warning = "page 1 line 3: doubtful digits 'เลขรับ ๓๙๕' in 'ง'"
    letter = _letter(LETTER_HEAD[:1] + stamp + LETTER_HEAD[1:], [warning])
    assert letter["receipt"] is None
    assert flagged(letter, "receipt.number") and flagged(letter, "receipt.date")
    # without the warning nothing tells of a stamp (its date line or its office's line, read
    # alone, would: checks of their own)
    unseen = [line for line in stamp if line not in (STAMP[0], STAMP[2])]
    assert not flagged(_letter(LETTER_HEAD[:1] + unseen + LETTER_HEAD[1:]), "receipt.number")


def _with_body(body, head=HEAD, refs=REFS):
    return extract_bundle([sheet(head + refs + body + BOX + FOOT)])[0]


ENCLOSED = ["สิ่งที่ส่งมาด้วย สำเนาหนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนที่สุด ที่ มท",
            "๐๘๑๖.๓/ว ๑๑๙๒ ลงวันที่ {} จำนวน ๑ ชุด"]


def test_a_letter_dated_before_the_letter_it_encloses_has_its_date_flagged():
    """The letter is dated ๓ เมษายน ๒๕๖๕; a copy it encloses, of ๒๖ เมษายน: one was misread."""
    for enclosed, doubt in (("๒๖ มีนาคม ๒๕๖๕", False), ("๒๖ เมษายน ๒๕๖๕", True)):
        encl = [(10.8, 3.0, ENCLOSED[0]), (11.8, 5.5, ENCLOSED[1].format(enclosed))]
        letter = _with_body(encl + BODY, refs=[])
        assert letter["date"] == "2022-04-03" and len(letter["enclosures"]) == 1
        assert flagged(letter, "date") is doubt


ITEMS = [(13.0, 5.5, "อำเภอพิจารณาแล้ว ขอให้องค์กรปกครองส่วนท้องถิ่นดำเนินการ ดังนี้"),
         (14.0, 6.5, "๑. แจ้งกองช่างและกองสาธารณสุขและสิ่งแวดล้อมถือปฏิบัติ"),
         (15.0, 6.5, "๒. ประชาสัมพันธ์ให้ประชาชนในพื้นที่ทราบผ่านหอกระจายข่าว")]


def test_directives_whose_last_item_was_lost_are_flagged():
    """The second item's number read at the end of the first's line, its words lost."""
    assert not flagged(_with_body(ITEMS + BODY[2:]), "directives")
    letter = _with_body([ITEMS[0], (14.0, 6.5, ITEMS[1][2] + " ๒")] + BODY[2:])
    assert [d["number"] for d in letter["directives"]] == ["1"]
    assert flagged(letter, "directives")


def test_a_directive_read_without_its_words_is_flagged():
    """An item's number read in a cell of its own, its words in another the clause did not take."""
    items = [{"number": "1", "text": ITEMS[1][2][3:]}, {"number": "2", "text": ""}]
    rec = {"references": [], "receipts": [], "directives": items, "flags": []}
    check_named(rec, " ".join(t for _, _, t in ITEMS))
    assert flagged(rec, "directives")


def test_a_subject_with_a_word_read_twice_is_flagged():
    """``ปี ป ๒๕๖๗``: the word read twice, its lost vowel put back."""
    head = [(r, x, t.replace("แผนพัฒนาท้องถิ่น", "แผนพัฒนาท้องถิ่น ปี ป ๒๕๖๖")) for r, x, t in HEAD]
    letter = _with_body(BODY, head)
    assert "ปี ปี" in letter["subject"] and flagged(letter, "subject")
    assert not flagged(_with_body(BODY), "subject")


def test_a_stamp_date_read_with_thai_and_arabic_digits_together_is_flagged():
    """One hand writes the stamp's date in one kind of digit: ``15 เม.ย. ๖๕`` has a digit the
    reader took for another."""
    assert not flagged(_letter(HEAD), "receipt.date")
    for date in ("วันที่ 8 เม.ย. ๖๕", "วันที่ ๘ เม.ย. 65"):
        head = [(r, x, date if t.startswith("วันที่ 8") else t) for r, x, t in HEAD]
        letter = _letter(head)
        assert letter["receipt"]["date"] == "2022-04-08"
        assert flagged(letter, "receipt.date")


def test_a_document_without_a_letter_head_has_every_field_in_doubt():
    """Registered with what could be read, and the clerk told to check it all: each field is
    flagged, not only those found missing."""
    (rec,) = extract_bundle([sheet(BODY)])
    assert rec["kind"] == "other"
    assert all(flagged(rec, f) for f in FIELDS)


def test_an_addressee_run_into_the_notes_purpose_is_flagged():
    """A note's เรียน line and the เพื่อทราบ below it read as one, its marks lost
    (``…ตำบลเขาพระเพอทราบ``): no addressee holds what the note asks, so it is cut after the
    listed place (เขาพระ), and flagged."""
    box = BOX[:2] + [(24.5, 2.9, "เรียน นายกองค์การบริหารส่วนตำบลเขาพระเพอทราบ")] + BOX[4:]
    letter, note = extract_bundle([sheet(HEAD + REFS + BODY + box + FOOT)])
    assert note["kind"] == "endorsement" and note["recipients"] == ["นายกองค์การบริหารส่วนตำบลเขาพระ"]
    assert flagged(note, "recipients")
    _, plain = extract_bundle([sheet(HEAD + REFS + BODY + BOX + FOOT)])
    assert not flagged(plain, "recipients")


def test_a_stamp_date_before_the_letters_doubts_both_dates():
    """``วันที่ 8 เม.ย. 45`` (๖๕ read ๔๕) on a letter of ๓ เมษายน ๒๕๖๕: the stamp says the letter
    came twenty years before it was written; either date may be the misread one."""
    head = [(r, x, "วันที่ 8 เม.ย. 45" if t.startswith("วันที่ 8") else t) for r, x, t in HEAD]
    letter = _letter(head)
    assert letter["receipt"]["date"] == "2002-04-08" and letter["date"] == "2022-04-03"
    assert flagged(letter, "date") and flagged(letter, "receipt.date")
    assert not flagged(letter, "receipt.number")


def test_a_letter_cited_in_its_bundle_with_a_figure_otherwise_flags_both():
    """The district's letter reads ``ขก 0023.17/ว 191``; the sub-district's, forwarding it, cites
    ``ขก 0023.17/ว 391`` of the same date: one of the two ๓s was read ๑, and both are flagged.
    A citation of another date, or with no date read, or of the unit's next number, is no doubt."""
    from ingest.extract.across import check_bundle
    from ingest.record import new_record

    def rec(no, date, cited=(), kind="external"):
        r = new_record()
        r.update(kind=kind, doc_no=no, date=date, references=[{"doc_no": n, "date": d} for n, d in cited])
        return r

    def flags(cited, cited_date, own="ขก 0023.17/ว 191"):
        forward = rec("ขก 75601/88", "2021-04-20", [(cited, cited_date)])
        district = rec(own, "2021-04-15")
        check_bundle([forward, district])
        return district["flags"], forward["flags"]
    district, forward = flags("ขก 0023.17/ว 391", "2021-04-15")
    assert district == ["doc_no: cited as ขก 0023.17/ว 391 in another letter of this bundle"]
    assert forward == ["references: ขก 0023.17/ว 391 cited; the bundle's letter of that unit reads "
                       "ขก 0023.17/ว 191"]
    assert flags("ขก 0023.17/ว 331", "2021-04-15", own="ขก 0023.17/ว 101")[0]   # two figures
    assert flags("ขก 0023.17/ว 391", "2021-03-02") == ([], [])                 # another date
    assert flags("ขก 0023.17/ว 391", None) == ([], [])                         # no date read
    assert flags("ขก 0023.17/ว 192", "2021-04-15") == ([], [])                 # the next number
    assert flags("ขก 0023.17/ว 355", "2021-04-15", own="ขก 0023.17/ว 101") == ([], [])   # three figures


def test_a_subject_with_a_letter_read_as_its_look_alike_is_flagged():
    """ซักซ้อม read ชักซ้อม: ชัก and ซ้อม are words, so the dictionary test passes it; one word
    with ซ for ช, it is flagged. A subject read right is not."""
    from ingest.extract import extract_text

    text = ("ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑\nกระทรวงมหาดไทย\n๑ พฤษภาคม ๒๕๖๗\nเรื่อง {}\n"
            "เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด\nด้วยกระทรวงมหาดไทยขอซักซ้อมแนวทาง\nขอแสดงความนับถือ\n")
    (misread,) = extract_text(text.format("ชักซ้อมแนวทางการจัดเก็บเอกสาร"))
    (right,) = extract_text(text.format("ซักซ้อมแนวทางการจัดเก็บเอกสาร"))
    assert "subject: 'ชักซ้อม' may be 'ซักซ้อม' (a letter read as its look-alike)" in misread["flags"]
    assert not any(f.startswith("subject") for f in right["flags"])
    # abbreviations are no words misread (อปท. is not บท)
    (short,) = extract_text(text.format("การจัดทำแผนพัฒนาของ อปท. และ อบต. ประจำปี"))
    assert not any("look-alike" in f for f in short["flags"])
