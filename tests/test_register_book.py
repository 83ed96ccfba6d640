"""The receiving register: the regulation's columns, grouped by date of receipt, Thai BE dates."""
from __future__ import annotations

import csv
import io

import pytest
from test_registry import fill

from ingest.registry.book import COLUMNS, register, thai_date
from ingest.registry.store import Registry


@pytest.fixture(scope="module")
def reg(module_places):
    return fill(Registry(module_places()))


def test_thai_dates():
    assert thai_date("2024-01-15") == "๑๕ มกราคม ๒๕๖๗"
    assert thai_date("2018-09-15", short=True) == "๑๕ ก.ย. ๖๑"
    assert thai_date(None) == ""


def test_csv_columns_grouping_and_order(reg):
    rows = list(csv.reader(io.StringIO(register(reg, "2024-01-01", "2024-01-31", "csv"))))
    assert rows[0] == ["วันที่รับ", *COLUMNS]
    assert [r[0] for r in rows[1:]] == ["๑๕ มกราคม ๒๕๖๗", "๒๒ มกราคม ๒๕๖๗", "๒๒ มกราคม ๒๕๖๗"]
    first = dict(zip(rows[0], rows[1]))
    assert first["เลขทะเบียนรับ"] == "๘๘๗" and first["ที่"] == "ศธ ๐๒๐๖.๓/ว ๔๗๘"
    assert first["ลงวันที่"] == "๙ มกราคม ๒๕๖๗" and first["จาก"] == "กระทรวงศึกษาธิการ"
    assert first["การปฏิบัติ"].startswith("ส่งต่อ ชม ๐๐๒๓.๓/ว ๖๙ ๑๘ ม.ค. ๖๗")
    assert "เวลา ๑๐:๓๐ น." in first["หมายเหตุ"]
    # February is outside the range
    assert all("สธ" not in r[2] for r in rows[1:])


def test_xlsx_opens_with_the_columns_and_a4(reg, tmp_path):
    from openpyxl import load_workbook
    out = tmp_path / "r.xlsx"
    register(reg, "2024-01-01", "2024-02-28", "xlsx", out)
    ws = load_workbook(out).active
    assert [c.value for c in ws[2]] == list(COLUMNS)
    assert ws["A1"].value == "ทะเบียนหนังสือรับ ๑ มกราคม ๒๕๖๗ ถึง ๒๘ กุมภาพันธ์ ๒๕๖๗"
    assert ws["A3"].value == "วันที่รับ ๑๕ มกราคม ๒๕๖๗"
    assert ws["A4"].value == "๘๘๗" and ws["C4"].value == "๙ มกราคม ๒๕๖๗"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    assert "วันที่รับ ๕ กุมภาพันธ์ ๒๕๖๗" in [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]


def test_html_prints_on_a4(reg):
    page = register(reg, None, None, "html")
    assert "@page { size: A4 landscape" in page and 'lang="th"' in page
    assert all(f"<th>{c}</th>" in page for c in COLUMNS)
    assert page.count('class="day"') == 3 and "วันที่รับ ๒๒ มกราคม ๒๕๖๗" in page
    assert "<td>ด่วนที่สุด; เวลา ๑๓:๔๐ น.</td>" in page


def test_a_letter_forwarded_once_is_written_once(reg):
    """The province letter cites the ministry's (อ้างถึง) and was scanned in front of it:
    two links, one forward."""
    from ingest.registry.book import rows

    kinds = {k for (k,) in reg.conn.execute(
        "SELECT k.kind FROM links k JOIN letters p ON p.id = k.parent_id JOIN letters c ON c.id = k.child_id "
        "WHERE p.doc_no = 'ศธ 0206.3/ว 478' AND c.doc_no = 'ชม 0023.3/ว 69'")}
    assert len(kinds) >= 2, kinds  # the case is there: linked in more than one way
    first = next(r for r in rows(reg) if r["values"]["ที่"] == "ศธ ๐๒๐๖.๓/ว ๔๗๘")
    assert first["values"]["การปฏิบัติ"].count("ส่งต่อ ชม ๐๐๒๓.๓/ว ๖๙") == 1, first["values"]["การปฏิบัติ"]


def test_an_offices_book_lists_only_its_own_stamps(places):
    """The district's copy of the ministry letter bears the province's stamp and then the
    district's: each office's book lists it under its own number and date, and only its own."""
    from test_registry import fill, ministry, province

    from ingest.registry.book import rows, rows_page

    both = ministry()
    district = {"number": "95", "date": "2024-01-23", "time": "08:40", "receiver": "ที่ว่าการ อำเภอแม่ริม"}
    both["receipts"].append(district)
    both["receipt"] = district  # the latest stamp
    files = [({"sha256": "a" * 64, "name": "m.pdf", "size": 1, "pages": 2}, [both], []),
             ({"sha256": "b" * 64, "name": "p.pdf", "size": 1, "pages": 2}, [province()], [])]
    reg = fill(Registry(places()), files)
    numbers = lambda found: [(r["values"]["ที่"], r["values"]["เลขทะเบียนรับ"], r["received"]) for r in found]
    assert numbers(rows(reg, office="ศาลากลางจังหวัดเชียงใหม่")) == [("ศธ ๐๒๐๖.๓/ว ๔๗๘", "๘๘๗", "2024-01-15")]
    assert numbers(rows(reg, office="ที่ว่าการอำเภอแม่ริม")) == [
        ("ชม ๐๐๒๓.๓/ว ๖๙", "๑๐๓", "2024-01-22"), ("ศธ ๐๒๐๖.๓/ว ๔๗๘", "๙๕", "2024-01-23")]
    assert numbers(rows(reg, "2024-01-16", None, office="ศาลากลางจังหวัดเชียงใหม่")) == []
    assert len(rows(reg)) == 2  # no office: every letter under its latest stamp, as before
    page, total = rows_page(reg, office="ที่ว่าการอำเภอแม่ริม", offset=1, limit=1)
    assert total == 2 and numbers(page) == [("ศธ ๐๒๐๖.๓/ว ๔๗๘", "๙๕", "2024-01-23")]
    assert "ทะเบียนหนังสือรับ ที่ว่าการอำเภอแม่ริม" in register(reg, fmt="html", office="ที่ว่าการอำเภอแม่ริม")


def test_a_days_letters_follow_their_receipt_numbers(places):
    """Within a day the book runs in receipt-number order (๙ before ๑๐), whatever order
    the scans were registered in: it ran in the order of registration."""
    from test_registry import bundle, letter, page

    from ingest.registry.book import rows

    reg = Registry(places())
    for n, number in enumerate(("๑๐", "๙", "๑๑")):
        rec = letter(kind="external", doc_no=f"ชม 0023.3/ว {n + 1}", date="2024-01-10",
                     receipt={"number": number, "date": "2024-01-15", "time": "09:00", "receiver": "อำเภอแม่ริม"},
                     source={"file": None, "sha256": None, "pages": [1]})
        reg.add_file(*bundle(f"{n}.pdf", [rec], [page(1, f"ที่ ชม ๐๐๒๓.๓/ว {n + 1}")]), None)
    for office in (None, "อำเภอแม่ริม"):
        assert [r["values"]["เลขทะเบียนรับ"] for r in rows(reg, "2024-01-01", "2024-01-31", office)] == \
            ["๙", "๑๐", "๑๑"]
