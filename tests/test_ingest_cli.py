"""``saraban ingest`` end to end on bad and good input: a clear message, an exit status,
and afterwards a registry that passes its integrity check with no partial letter in it."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from support import DATA, LETTER, thai_page
from ingest.cli.main import main
from ingest.errors import ExitCode
from ingest.registry.store import Registry


def letter_pdf(path: Path, pages: int = 1, number: int = 5221) -> Path:
    """One letter: a first page with its header, then continuation pages (- 2 -, - 3 -)."""
    lines = [LETTER[0].replace("5221", str(number))] + LETTER[1:]
    body = ["ด้วยกระทรวงมหาดไทยขอซักซ้อมแนวทางการจัดเก็บเอกสารของส่วนราชการ"] * 6
    images = [thai_page(lines)] + [thai_page([f"- {n} -"] + body) for n in range(2, pages + 1)]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=300)
    return path


def run(args, db):
    return CliRunner().invoke(main, ["ingest", "--db", str(db), "--jobs", "1", *map(str, args)])


def assert_registry_sound(db):
    """No fault the registry's check finds, and no letter of a file it does not hold (a file
    or a server's address)."""
    with Registry(db) as reg:
        assert reg.integrity_check() == []
        orphans = reg.conn.execute("select count(*) from letters where file_sha256 not in "
                                   "(select sha256 from files)").fetchone()[0]
    assert orphans == 0


@pytest.mark.parametrize("name, make, words", [
    ("corrupt.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n garbage garbage"), "damaged"),
    ("encrypted.pdf", lambda p: p.write_bytes((DATA / "encrypted.pdf").read_bytes()), "encrypted"),
    ("zero.pdf", lambda p: __import__("pypdfium2").PdfDocument.new().save(str(p)), "no pages"),
    ("huge.png", lambda p: Image.new("1", (20000, 20000), 1).save(p), "too large"),
    ("blank.png", lambda p: Image.new("L", (2480, 3508), 255).save(p), "no text found"),
    ("english.png", lambda p: thai_page(["Minutes of the meeting of the board", "held on 3 March 2024",
                                         "All members were present and agreed."]).save(p), "no Thai text"),
    ("notes.pdf", lambda p: p.write_text("this is a text file, not a scan"), "not a scanned document"),
])
def test_bad_input_is_reported_and_the_rest_registered(tmp_path, places, name, make, words):
    db = places("reg.db")
    bad = tmp_path / name
    make(bad)
    good = letter_pdf(tmp_path / "good.pdf")
    result = run([bad, good], db)
    assert result.exit_code == ExitCode.some_files_failed, result.output
    assert words in result.output and name in result.output
    with Registry(db) as reg:
        letters = reg.letters()
    assert [l["source"]["file"] for l in letters] == ["good.pdf"]
    assert_registry_sound(db)


def test_only_bad_input_gives_its_own_exit_status(tmp_path, places):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.7\n garbage")
    assert run([bad], places("r.db")).exit_code == ExitCode.input_file


def letter_ids(db) -> list[int]:
    with Registry(db) as reg:
        return [i for (i,) in reg.conn.execute("select id from letters order by id")]


def test_same_file_twice_changes_nothing(tmp_path, places):
    db = places("reg.db")
    pdf = letter_pdf(tmp_path / "a.pdf")
    first = run([pdf], db)
    assert first.exit_code == 0, first.output
    before = letter_ids(db)
    second = run([pdf], db)
    assert second.exit_code == 0 and "already registered" in second.output
    assert before and letter_ids(db) == before
    assert_registry_sound(db)


def _saraban(*args, env=None):
    return subprocess.Popen([sys.executable, "-m", "ingest.cli.main", *map(str, args)], env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_killed_halfway_then_run_again(tmp_path):
    db = tmp_path / "reg.db"
    first = letter_pdf(tmp_path / "a.pdf", pages=1, number=1)
    second = letter_pdf(tmp_path / "b.pdf", pages=4, number=2)
    proc = _saraban("ingest", "--db", db, "--jobs", "1", first, second)
    deadline = time.time() + 120
    while time.time() < deadline:
        if db.exists():
            try:
                if sqlite3.connect(db, timeout=1).execute("select count(*) from files").fetchone()[0] >= 1:
                    break
            except sqlite3.Error:
                pass
        time.sleep(0.05)
    time.sleep(1.0)  # well inside the 4-page second file
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    files = sqlite3.connect(db).execute("select name from files").fetchall()
    assert files == [("a.pdf",)]
    assert_registry_sound(db)
    again = run([first, second], db)
    assert again.exit_code == 0, again.output
    assert "already registered" in again.output
    names = sqlite3.connect(db).execute("select name from files order by name").fetchall()
    assert names == [("a.pdf",), ("b.pdf",)]
    assert_registry_sound(db)


def test_two_ingests_into_one_registry_at_once(tmp_path):
    db = tmp_path / "reg.db"
    a = letter_pdf(tmp_path / "a.pdf", pages=2, number=11)
    b = letter_pdf(tmp_path / "b.pdf", pages=2, number=12)
    procs = [_saraban("ingest", "--db", db, "--jobs", "1", f) for f in (a, b)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with Registry(db) as reg:
        assert sorted(l["source"]["file"] for l in reg.letters()) == ["a.pdf", "b.pdf"]
    assert_registry_sound(db)


def test_export_after_ingest_is_the_record_contract(tmp_path, places):
    db = places("reg.db")
    assert run([letter_pdf(tmp_path / "a.pdf")], db).exit_code == 0
    out = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "json"])
    records = json.loads(out.output)
    assert records[0]["doc_no"] == "มท 0206.2/ว 5221" and records[0]["date"] == "2018-09-15"
    assert records[0]["subject"] == "ซักซ้อมแนวทางการจัดเก็บเอกสาร"
    assert records[0]["source"]["file"] == "a.pdf" and len(records[0]["source"]["sha256"]) == 64
