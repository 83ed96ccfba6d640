"""The clerk's Thai for the library's English: every flag the extractor's source can write
has a wording, and pages show the Thai with the English in the tooltip."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

pytest.importorskip("flask")

from ingest.web import wording  # noqa: E402

EXTRACT = Path(__file__).resolve().parents[1] / "ingest" / "extract"
SAMPLE = "2567"   # what each {placeholder} of a flag's f-string becomes


def _texts(node) -> list[str]:
    """The strings an expression can be, placeholders filled with SAMPLE."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value if isinstance(v, ast.Constant) else SAMPLE for v in node.values)]
    if isinstance(node, ast.IfExp):
        return _texts(node.body) + _texts(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [a + b for a in _texts(node.left) for b in _texts(node.right)]
    return []


def extractor_wordings() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(file:line, text) of every flag and every date problem written in ingest/extract/."""
    flags, problems = [], []
    for path in sorted(EXTRACT.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.name}:{node.lineno}"
            func = ast.unparse(node.func)
            if func == "_flag" and len(node.args) == 2:
                flags += [(where, t) for t in _texts(node.args[1])]
            elif func.endswith((".append", ".extend")) and "flags" in func and node.args:
                flags += [(where, t) for t in _texts(node.args[0])]
            elif func == "ThaiDate" and len(node.args) >= 4:
                problems += [(where, t) for t in _texts(node.args[3])]
    return flags, problems


def test_every_flag_the_extractor_writes_has_a_thai_wording():
    flags, problems = extractor_wordings()
    assert len(flags) >= 20 and len(problems) >= 4  # the scan found them: not vacuously true
    missing = [(w, t) for w, t in flags if wording.flag_thai(t) is None]
    assert not missing, f"flags with no Thai wording in ingest/web/wording.py: {missing}"
    missing = [(w, t) for w, t in problems if wording.date_problem_thai(t) is None]
    assert not missing, f"date problems with no Thai wording: {missing}"
    for _, text in flags:  # the Thai is Thai, not the English passed through
        assert re.search("[ก-๙]", wording.flag_thai(text)), text


def test_flags_as_the_extractor_really_writes_them():
    """Real records: a date that cannot exist, a receipt stamp, a bundle's years."""
    import datetime as dt

    from ingest.extract.across import check_bundle
    from ingest.extract.checks import check_record
    from ingest.extract.dates import parse_date
    from ingest.record import new_record

    d = parse_date("๓๑ กุมภาพันธ์ ๒๕๖๑")
    assert wording.flag_thai(f"date: {d.problem} ('{d.text}')") == \
        "ลงวันที่: วันที่ 31 กุมภาพันธ์ 2561 ไม่มีอยู่จริง (พิมพ์ไว้ว่า “๓๑ กุมภาพันธ์ ๒๕๖๑”)"
    rec = new_record()
    rec.update(kind="external", doc_no="ขข 0206/ว 12", date="2024-01-22", _agency="ขข",
               receipts=[{"number": None, "date": "2024-01-15"}])
    check_record(rec, dt.date(2024, 2, 1))
    records = [dict(new_record(), kind="external", doc_no=f"มท 0206/ว {n}", date=d)
               for n, d in ((5, "2024-01-05"), (6, "2024-01-06"), (7, "2014-01-07"))]
    check_bundle(records)
    thai = [wording.flag_thai(f) for f in rec["flags"] + records[2]["flags"]]
    assert None not in thai, rec["flags"] + records[2]["flags"]
    assert "รหัสส่วนราชการ “ขข” ไม่มีในตารางรหัส: ตรวจเลขที่หนังสือกับต้นฉบับ" in thai
    assert "อ่านเลขรับบนตรารับไม่ได้" in thai
    assert "ลงวันที่ 22 ม.ค. 2567 หลังวันที่รับตามตรารับ (15 ม.ค. 2567)" in thai
    assert "ปี 2557 ห่างจากปีของหนังสืออื่นในไฟล์เดียวกัน (2567)" in thai


@pytest.mark.parametrize("message, thai", [
    ("scan.pdf: the PDF is encrypted with a password.", "scan.pdf: PDF ถูกล็อกด้วยรหัสผ่าน"),
    ("x.pdf: not a scanned document (not a PDF, TIFF, JPEG or PNG).",
     "x.pdf: ไม่ใช่ไฟล์สแกนเอกสาร (ต้องเป็น PDF, TIFF, JPEG หรือ PNG)"),
    ("ว่าง.png: no text found on any of its 2 page(s) (blank scan?); nothing was registered.",
     "ว่าง.png: ไม่พบข้อความเลยทั้ง 2 หน้า (สแกนหน้าเปล่า?) ไม่ได้ลงทะเบียน"),
    ("a.tif: the image is damaged and cannot be read (broken data stream).", "a.tif: ไฟล์ภาพเสียหาย อ่านไม่ได้"),
    ("b.pdf: already registered (same bytes); nothing changed.", "b.pdf: ไฟล์นี้เคยลงทะเบียนแล้ว ไม่ได้บันทึกซ้ำ"),
])
def test_common_ingest_errors_in_thai(message, thai):
    assert wording.error_thai(message) == thai


def test_real_ingest_errors_are_known(tmp_path):
    """The messages load.open_document really raises, not copies of them."""
    from ingest import load
    from ingest.errors import InputFileError

    cases = {"empty.pdf": b"", "notes.pdf": b"MZ\x90\x00 not a scan", "cut.pdf": b"%PDF-1.4\n%broken"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(InputFileError) as e:
            load.open_document(tmp_path / name)
        assert wording.error_thai(e.value.message), e.value.message
        assert wording.hint_thai(e.value.hint), e.value.hint


def test_shown_in_thai_with_the_english_in_the_tooltip():
    html = str(wording.flag_html("receipt: number not read"))
    assert html == '<span class="th" title="receipt: number not read">อ่านเลขรับบนตรารับไม่ได้</span>'
    evil = "subject: <script>x</script>"
    assert "<script>" not in str(wording.flag_html(evil)) and "&lt;script&gt;" in str(wording.flag_html(evil))
