"""The registry file: schema, one transaction per file, duplicates, integrity, export.

``chain_files()`` builds the example chain of docs/circulars.md §9 (ministry → province →
district endorsement, plus a second province, a district that only repeats the subject,
and an unrelated circular); the other registry test files import it from here.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ingest.errors import DuplicateFileError, ExitCode, NotFoundError, RegistryError
from ingest.page import Line, PageText, Word
from ingest.record import new_record
from ingest.registry.store import Registry, export

SUBJECT = "ซักซ้อมแนวทางการจัดเก็บเอกสาร"
MINISTRY_NO = "ศธ 0206.3/ว 478"
PROVINCE_NO = "ชม 0023.3/ว 69"
DISTRICT_NO = "ชม 0023.17/ว 11"


def page(number: int, *lines: str) -> PageText:
    out, top = [], 100
    for text in lines:
        words = [Word(w, (100 + 80 * i, top, 170 + 80 * i, top + 40), 91.0) for i, w in enumerate(text.split())]
        out.append(Line(text, (100, top, 2000, top + 40), 90.0, words))
        top += 60
    return PageText(number, 2480, 3508, out, engine="tesseract 5.5 tha+eng")


def letter(**fields) -> dict:
    rec = new_record()
    rec.update(fields)
    rec.setdefault("source", {"file": None, "sha256": None, "pages": []})
    return rec


def ministry(pages=(3, 4)) -> dict:
    return letter(kind="external", doc_no=MINISTRY_NO, doc_no_text="ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘",
                  issuer="กระทรวงศึกษาธิการ", issuer_code="ศธ", date="2024-01-09",
                  date_text="๙ มกราคม ๒๕๖๗", subject=SUBJECT, salutation="เรียน",
                  recipients=["ผู้ว่าราชการจังหวัดทุกจังหวัด"], enclosures=["แนวทางปฏิบัติ จำนวน ๑ ชุด"],
                  directives=[{"number": 1, "text": "ให้ทุกหน่วยงานจัดเก็บเอกสารตามแนวทางที่แนบ"},
                              {"number": 2, "text": "ให้รายงานผลการดำเนินการภายในวันที่ ๓๑ มีนาคม ๒๕๖๗"},
                              {"number": 3, "text": "ให้แต่งตั้งผู้รับผิดชอบงานสารบรรณประจำหน่วยงาน"}],
                  signatory={"name": "นายสมชาย ใจดี", "position": "ปลัดกระทรวงศึกษาธิการ"},
                  receipt={"number": "887", "date": "2024-01-15", "time": "10:30",
                           "receiver": "ศาลากลางจังหวัดเชียงใหม่"},
                  receipts=[{"number": "887", "date": "2024-01-15", "time": "10:30",
                             "receiver": "ศาลากลางจังหวัดเชียงใหม่"}],
                  source={"file": None, "sha256": None, "pages": list(pages)})


def province(code="ชม", name="เชียงใหม่", no=PROVINCE_NO, when="2024-01-18", pages=(1, 2)) -> dict:
    return letter(kind="external", doc_no=no, doc_no_text="ที่ " + no, issuer="จังหวัด" + name,
                  issuer_code=code, date=when, subject=SUBJECT, salutation="เรียน",
                  urgency="ด่วนมาก", recipients=["นายอำเภอทุกอำเภอ"],
                  references=[{"doc_no": MINISTRY_NO, "date": "2024-01-09",
                               "text": "หนังสือกระทรวงศึกษาธิการ ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ ลงวันที่ ๙ มกราคม ๒๕๖๗"}],
                  directives=[{"number": 1, "text": "ให้ทุกหน่วยงานจัดเก็บเอกสารตามแนวทางที่แนบ"},
                              {"number": 2, "text": "ให้รายงานผลการดำเนินการภายในวันที่ ๑๕ มีนาคม ๒๕๖๗"}],
                  receipt={"number": "103", "date": "2024-01-22", "time": "09:15",
                           "receiver": "ที่ว่าการอำเภอแม่ริม"},
                  receipts=[{"number": "103", "date": "2024-01-22", "time": "09:15",
                             "receiver": "ที่ว่าการอำเภอแม่ริม"}],
                  source={"file": None, "sha256": None, "pages": list(pages)})


def endorsement() -> dict:
    return letter(kind="endorsement", doc_no=DISTRICT_NO, doc_no_text="ที่ ชม ๐๐๒๓.๑๗/ว ๑๑",
                  issuer="ที่ว่าการอำเภอแม่ริม", date="2024-01-22", date_text="๒๒ ม.ค. ๖๗",
                  salutation="เรียน", purpose="เพื่อทราบและถือปฏิบัติ",
                  recipients=["นายกเทศมนตรีตำบลริมใต้", "นายกองค์การบริหารส่วนตำบลทุกแห่ง"],
                  source={"file": None, "sha256": None, "pages": [1]})


def bundle(name: str, records: list[dict], pages: list[PageText]) -> tuple[dict, list[dict], list[PageText]]:
    sha = hashlib.sha256(name.encode() + json.dumps(records, ensure_ascii=False).encode()).hexdigest()
    for r in records:
        r["source"]["file"] = name
    return {"sha256": sha, "name": name, "size": 1000 + len(records), "pages": len(pages)}, records, pages


def chain_files() -> list[tuple[dict, list[dict], list[PageText]]]:
    """Four scans: the district's bundle (province letter with the district endorsement,
    the ministry letter behind it), a second province's letter, a district letter that
    only repeats the subject, and an unrelated circular."""
    district_bundle = bundle("maerim-bundle.pdf", [province(), endorsement(), ministry()], [
        page(1, "ด่วนมาก", "ที่ ชม ๐๐๒๓.๓/ว ๖๙ ศาลากลางจังหวัดเชียงใหม่", "๑๘ มกราคม ๒๕๖๗",
             "เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร", "เรียน นายอำเภอทุกอำเภอ",
             "อ้างถึง หนังสือกระทรวงศึกษาธิการ ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ ลงวันที่ ๙ มกราคม ๒๕๖๗",
             "ตามหนังสือที่อ้างถึง กระทรวงศึกษาธิการได้ซักซ้อมแนวทางการจัดเก็บเอกสาร ของส่วนราชการ"),
        page(2, "-๒-", "จึงเรียนมาเพื่อทราบและแจ้งองค์กรปกครองส่วนท้องถิ่นในพื้นที่ถือปฏิบัติ"),
        page(3, "ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ กระทรวงศึกษาธิการ", "๙ มกราคม ๒๕๖๗",
             "เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร", "เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด",
             "ด้วยกระทรวงศึกษาธิการได้ปรับปรุงระเบียบงานสารบรรณ ว่าด้วยการเก็บรักษาหนังสือราชการ"),
        page(4, "-๒-", "จึงเรียนมาเพื่อโปรดพิจารณาแจ้งหน่วยงานในสังกัดถือปฏิบัติต่อไป"),
    ])
    chiangrai = bundle("chiangrai.pdf", [province("ชร", "เชียงราย", "ชร 0023.3/ว 120", "2024-01-19")], [
        page(1, "ที่ ชร ๐๐๒๓.๓/ว ๑๒๐ ศาลากลางจังหวัดเชียงราย", "เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร",
             "ตามหนังสือกระทรวงศึกษาธิการ ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ ลงวันที่ ๙ มกราคม ๒๕๖๗ แจ้งว่า")])
    sarapee = bundle("sarapee.pdf", [letter(
        kind="external", doc_no="ชม 0023.21/ว 40", issuer="ที่ว่าการอำเภอสารภี", issuer_code="ชม",
        date="2024-01-25", subject=SUBJECT, recipients=["นายกเทศมนตรีตำบลสารภี"],
        source={"file": None, "sha256": None, "pages": [1]})], [
        page(1, "ที่ ชม ๐๐๒๓.๒๑/ว ๔๐ ที่ว่าการอำเภอสารภี", "เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร",
             "ด้วยจังหวัดเชียงใหม่แจ้งว่า ให้ถือปฏิบัติตามแนวทางการจัดเก็บเอกสาร")])
    unrelated = bundle("health.pdf", [letter(
        kind="external", doc_no="สธ 0211.7/ว 1502", issuer="กระทรวงสาธารณสุข", issuer_code="สธ",
        date="2024-02-02", urgency="ด่วนที่สุด", subject="การเฝ้าระวังโรคไข้เลือดออกในฤดูฝน",
        recipients=["ผู้ว่าราชการจังหวัดทุกจังหวัด"],
        receipt={"number": "1021", "date": "2024-02-05", "time": "13:40", "receiver": "ศาลากลางจังหวัดเชียงใหม่"},
        source={"file": None, "sha256": None, "pages": [1]})], [
        page(1, "ด่วนที่สุด", "ที่ สธ ๐๒๑๑.๗/ว ๑๕๐๒ กระทรวงสาธารณสุข", "เรื่อง การเฝ้าระวังโรคไข้เลือดออกในฤดูฝน",
             "ด้วยกรมควบคุมโรคคาดการณ์ว่าจะมีผู้ป่วยโรคไข้เลือดออกเพิ่มขึ้น ขอให้จังหวัดกำจัดแหล่งเพาะพันธุ์ยุงลาย")])
    return [district_bundle, chiangrai, sarapee, unrelated]


def fill(reg: Registry, files=None, order=None) -> Registry:
    files = files or chain_files()
    for i in (order or range(len(files))):
        info, records, pages = files[i]
        reg.add_file(info, records, pages, None)
    return reg


@pytest.fixture
def reg(places):
    r = Registry(places("saraban.db"))
    yield r
    r.close()


@pytest.fixture
def full(reg):
    return fill(reg)


def test_new_registry_has_schema_and_wal(reg):
    if reg.kind != "sqlite":
        pytest.skip("a file's journal (test_registry_backends.py compares the server's schema)")
    tables = set(reg.db.table_names())
    assert {"files", "letters", "references", "recipients", "directives", "receipts", "attachments",
            "pages", "links", "audit", "letter_text", "schema_version"} <= tables
    assert reg.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert reg.integrity_check() == []


def test_add_file_assigns_ids_and_round_trips_the_record(reg):
    info, records, pages = chain_files()[0]
    ids = reg.add_file(info, records, pages, None)
    assert len(ids) == 3 and [r["id"] for r in records] == ids
    got = reg.letter(ids[0])
    assert got["doc_no"] == PROVINCE_NO and got["urgency"] == "ด่วนมาก"
    assert got["references"][0]["doc_no"] == MINISTRY_NO
    assert got["source"] == {"file": "maerim-bundle.pdf", "sha256": info["sha256"], "pages": [1, 2]}
    assert got["directives"][1]["number"] == 2
    assert reg.has_file(info["sha256"]) and not reg.has_file("0" * 64)
    p = reg.page(info["sha256"], 1)
    assert p.lines[1].words[0].text == "ที่" and p.lines[1].words[0].box == (100, 160, 170, 200)
    assert reg.integrity_check() == []


def test_same_file_twice_is_a_skip_and_force_replaces(reg):
    info, records, pages = chain_files()[0]
    first = reg.add_file(info, records, pages, None)
    with pytest.raises(DuplicateFileError) as e:
        reg.add_file(info, records, pages, None)
    assert e.value.exit_code == ExitCode.ok and "already registered" in str(e.value)
    assert reg.conn.execute("SELECT COUNT(*) FROM letters").fetchone()[0] == 3
    again = reg.add_file(info, [province(), ministry()], pages, None, force=True)
    assert len(again) == 2 and not set(again) & set(first)
    assert reg.conn.execute("SELECT COUNT(*) FROM letters").fetchone()[0] == 2
    assert reg.integrity_check() == []


def test_original_is_kept_content_addressed(reg, tmp_path):
    scan = tmp_path / "scan.PDF"
    scan.write_bytes(b"%PDF-1.4 fake bytes")
    info = {"sha256": hashlib.sha256(scan.read_bytes()).hexdigest(), "name": "scan.PDF",
            "size": scan.stat().st_size, "pages": 1}
    reg.add_file(info, [province(pages=(1,))], [page(1, "ที่ ชม ๐๐๒๓.๓/ว ๖๙")], scan)
    path = reg.original_path(info["sha256"])
    assert path == reg.files_dir / info["sha256"][:2] / (info["sha256"] + ".pdf")
    assert path.read_bytes() == scan.read_bytes()
    if reg.kind == "sqlite":
        assert reg.files_dir == tmp_path / "saraban.files"
    assert not list(path.parent.glob(".tmp-*"))


def test_failure_inside_the_transaction_leaves_nothing(reg, tmp_path):
    info, records, pages = chain_files()[0]
    records[2]["directives"] = [{"number": object(), "text": "x"}]  # cannot be stored
    scan = tmp_path / "b.pdf"
    scan.write_bytes(b"bytes")
    with pytest.raises(Exception):
        reg.add_file(info, records, pages, scan)
    assert reg.conn.execute("SELECT COUNT(*) FROM letters").fetchone()[0] == 0
    assert not reg.has_file(info["sha256"])
    assert reg.original_path(info["sha256"]) is None
    assert reg.integrity_check() == []


def test_find_doc_no_any_way_it_is_typed(full):
    for typed in ("ศธ ๐๒๐๖.๓/ว ๔๗๘", "ศธ0206.3/ว478", "ศธ 206.3/478", "ที่ ศธ. 0206.3/ว 478"):
        found = full.find_doc_no(typed)
        assert [r["doc_no"] for r in found] == [MINISTRY_NO], typed
    assert full.find_doc_no("ศธ 0206.3/ว 479") == []


def test_letters_filters(full):
    assert {r["doc_no"] for r in full.letters(urgency="ด่วนที่สุด")} == {"สธ 0211.7/ว 1502"}
    assert {r["doc_no"] for r in full.letters(issuer="เชียงราย")} == {"ชร 0023.3/ว 120"}
    assert len(full.letters(date_from="2024-01-18", date_to="2024-01-22")) == 3
    with pytest.raises(NotFoundError):
        full.letter(9999)


def test_export_json_is_an_array_of_contract_records(full, tmp_path):
    out = tmp_path / "all.json"
    export(full, "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data) == 6 and all(set(r) >= {"id", "doc_no", "references", "source", "flags"} for r in data)
    csv_text = export(full, "csv")
    assert csv_text.splitlines()[0].startswith("id,kind,doc_no") and "ซักซ้อมแนวทาง" in csv_text


def test_not_a_registry_and_newer_version_are_refused(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is a letter, not a database" * 10)
    with pytest.raises(RegistryError, match="not a Saraban registry"):
        Registry(junk)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(RegistryError, match="not a Saraban registry"):
        Registry(other)
    newer = tmp_path / "newer.db"
    Registry(newer).close()
    c = sqlite3.connect(newer)
    c.execute("INSERT INTO schema_version VALUES (99, 'future', '2030-01-01')")
    c.commit()
    c.close()
    with pytest.raises(RegistryError, match="newer Saraban") as e:
        Registry(newer)
    assert e.value.exit_code == ExitCode.registry


def test_corrupt_file_is_reported(tmp_path):
    path = tmp_path / "c.db"
    fill(Registry(path)).close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    try:
        r = Registry(path)
    except RegistryError as e:
        assert "is damaged" in str(e) or "not a Saraban" in str(e)
    else:
        assert r.integrity_check() != []


def test_audit_is_append_only(full):
    full.conn.execute("INSERT INTO audit (letter_id, field, at) VALUES (1, 'subject', 'now')")
    with pytest.raises(full.errors, match="append-only"):
        full.conn.execute("DELETE FROM audit")
    with pytest.raises(full.errors, match="append-only"):
        full.conn.execute("UPDATE audit SET field = 'date'")


WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from test_registry import bundle, province, page
    from ingest.registry.store import Registry
    reg = Registry(sys.argv[1])
    n = int(sys.argv[2])
    for i in range(15):
        no = f"ชม 0023.{{n}}/ว {{i + 1}}"
        info, recs, pages = bundle(f"p{{n}}-{{i}}.pdf", [province(no=no, pages=(1,))], [page(1, no)])
        reg.add_file(info, recs, pages, None)
""")


def test_two_processes_ingest_at_once(places):
    db = places("shared.db")
    script = WRITER.format(tests=str(Path(__file__).parent))
    procs = [subprocess.Popen([sys.executable, "-c", script, str(db), str(n)], stderr=subprocess.PIPE)
             for n in (1, 2)]
    errs = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    reg = Registry(db)
    assert reg.conn.execute("SELECT COUNT(*) FROM letters").fetchone()[0] == 30
    assert reg.integrity_check() == []


def test_opening_waits_while_another_program_holds_a_new_registry(tmp_path):
    """Switching a new file to WAL needs it to itself. Opening waits for another program
    that holds it instead of failing with 'locked'. (The race CI hit, two ingests creating
    one registry together, does not always run SQLite's busy handler; it showed in 4 of
    200 opens of a stress run before the switch was retried, and is not deterministic
    enough to test here.)"""
    import threading

    db = tmp_path / "new.db"
    Registry(db).close()
    other = sqlite3.connect(db, check_same_thread=False)
    other.execute("PRAGMA journal_mode = DELETE")  # back to how a new file starts
    other.execute("BEGIN")
    other.execute("SELECT * FROM files").fetchall()  # a reader holds the file, as a starting ingest does
    threading.Timer(0.5, other.rollback).start()
    with Registry(db, timeout=10) as reg:
        assert reg.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()


def test_pages_are_stored_compressed_and_old_plain_rows_still_read(full):
    sha = full.q("SELECT sha256 FROM files WHERE name = 'maerim-bundle.pdf'")[0]["sha256"]
    data = full.conn.execute("SELECT data FROM pages WHERE file_sha256 = ? AND number = 3", (sha,)).fetchone()[0]
    assert isinstance(data, bytes) and data[:2] == b"z1"
    page3 = full.page(sha, 3)
    assert page3.lines[0].text == "ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ กระทรวงศึกษาธิการ" and page3.lines[0].words[1].box == (180, 100, 250, 140)
    if full.kind != "sqlite":
        return   # a server registry was never written before schema 5
    # a row written before schema 5 (plain JSON text) reads the same
    plain = json.dumps(page3.to_dict(), ensure_ascii=False)
    full.conn.execute("UPDATE pages SET data = ? WHERE file_sha256 = ? AND number = 3", (plain, sha))
    assert full.page(sha, 3) == page3


def test_bulk_import_links_like_one_file_at_a_time(places):
    from test_link import link_set
    one = fill(Registry(places("one.db")))
    bulk = Registry(places("bulk.db"))
    with bulk.bulk():
        fill(bulk, order=[3, 2, 1, 0])
        assert bulk.q("SELECT count(*) AS n FROM links")[0]["n"] == 0  # linked at the end
    assert link_set(bulk) == link_set(one) and link_set(one)
    assert bulk.integrity_check() == []


def test_a_number_twice_gives_the_newest_dated_letter_first_on_both_engines(reg):
    """SQLite sorts an undated letter last in a newest-first order, PostgreSQL first unless told:
    the registry says so in its SQL, so `show` and `chain` by number pick the same letter."""
    for name, when in (("old.pdf", "2024-01-18"), ("undated.pdf", None), ("new.pdf", "2024-02-01")):
        rec = province(when=when, pages=(1,))
        reg.add_file(*bundle(name, [rec], [page(1, name)]), None)
    assert [r["date"] for r in reg.find_doc_no(PROVINCE_NO)] == ["2024-02-01", "2024-01-18", None]
    assert [r["date"] for r in reg.letters()] == [None, "2024-01-18", "2024-02-01"]
