"""A damaged registry, a missing originals folder and a killed copy are noticed: every command
fails with exit 6 and what to do (never a traceback), ``saraban doctor --db`` says what is
wrong, and the temporary file a kill leaves is counted and cleaned by the next run.

Registries are filled through the library (``web_support.build``: no OCR), then damaged
on disk the way a failing disk or a cut copy damages them."""
from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import web_support
from ingest.cli.main import main
from ingest.errors import ExitCode
from ingest.registry.store import Registry
from test_ingest_cli import letter_pdf

READ_COMMANDS = [["export"], ["search", "ซักซ้อม"], ["show", "มท 0206.2/ว 5221"],
                 ["chain", "มท 0206.2/ว 5221"], ["register"], ["history", "#1"]]


def saraban(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "reg.db"
    web_support.build(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the main file, where the damage goes
    con.close()
    return path


def damage_table(db: Path, table: str) -> None:
    """Overwrite the root page of ``table`` as a failing disk would."""
    con = sqlite3.connect(db)
    size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    con.close()
    data = bytearray(db.read_bytes())
    start = (root - 1) * size
    data[start + 8:start + size] = b"\xa5" * (size - 8)
    db.write_bytes(bytes(data))


def assert_refused(result, db: Path, words: str):
    assert result.exit_code == ExitCode.registry, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert words in result.output and str(db) in result.output, result.output


@pytest.mark.parametrize("args", READ_COMMANDS)
def test_a_damaged_letters_page_stops_every_reading_command(db, args):
    damage_table(db, "letters")
    result = saraban(*args, "--db", db)
    assert_refused(result, db, "is damaged")
    assert "saraban doctor --db" in result.output


def test_ingest_refuses_a_damaged_registry_and_writes_nothing_into_it(db, tmp_path):
    damage_table(db, "letters")
    before = db.read_bytes()
    scan = letter_pdf(tmp_path / "letter.pdf")
    result = saraban("ingest", scan, "--db", db, "--jobs", "1")
    assert_refused(result, db, "is damaged")
    assert db.read_bytes() == before
    edit = saraban("edit", "#1", "subject", "x", "--db", db)
    assert_refused(edit, db, "is damaged")


def test_an_unreadable_schema_is_a_damaged_registry(db):
    data = bytearray(db.read_bytes())
    at = data.index(b"tableschema_version") + len(b"table")
    data[at:at + 2] = b"\xff\xfe"    # the table's name no longer UTF-8
    db.write_bytes(bytes(data))
    for args in (["export"], ["search", "x"], ["ingest", db.parent / "scans", "--jobs", "1"]):
        assert_refused(saraban(*args, "--db", db), db, "its schema cannot be read")


@pytest.mark.parametrize("content, words", [(b"", "empty file (0 bytes)"),
                                            (b"<html>not a registry</html>" * 20, "not an SQLite file")])
def test_an_empty_or_foreign_file_is_not_taken_as_a_new_registry(tmp_path, content, words):
    path = tmp_path / "reg.db"
    path.write_bytes(content)
    scan = letter_pdf(tmp_path / "letter.pdf")
    for args in (["ingest", scan, "--jobs", "1"], ["export"]):
        result = saraban(*args, "--db", path)
        assert result.exit_code == ExitCode.registry, result.output
        assert str(path) in result.output and "Traceback" not in result.output
    assert path.read_bytes() == content
    doctor = saraban("doctor", "--db", path)
    assert doctor.exit_code == ExitCode.registry and words in doctor.output


def test_a_missing_originals_folder_is_warned_about_and_doctor_reports_it(db):
    shutil.rmtree(db.with_name("reg.files"))
    result = saraban("export", "--db", db)
    assert result.exit_code == 0
    assert "warning: the originals folder" in result.output and "is missing" in result.output
    doctor = saraban("doctor", "--db", db)
    assert doctor.exit_code == ExitCode.registry
    assert "[PROBLEM] originals folder:" in doctor.output and "2 registered scan(s) have no original" in doctor.output


def test_doctor_checks_sqlite_the_index_and_each_original(db):
    sound = saraban("doctor", "--db", db)
    assert sound.exit_code == 0, sound.output
    for name in ("registry file", "SQLite integrity", "full-text index", "rows", "originals folder",
                 "temporary files"):
        assert f"[ok ] {name}" in sound.output
    with Registry(db) as reg:
        sha = reg.q("SELECT sha256 FROM files LIMIT 1")[0]["sha256"]
        original = reg.original_path(sha)
    original.write_bytes(original.read_bytes() + b"changed")
    con = sqlite3.connect(db)
    con.execute("DELETE FROM letter_text_fts_data WHERE id > 10")  # the index loses its terms
    con.commit()
    con.close()
    doctor = saraban("doctor", "--db", db)
    assert doctor.exit_code == ExitCode.registry
    assert "[PROBLEM] full-text index" in doctor.output
    assert f"[PROBLEM] originals folder: original scan {original} has other bytes" in doctor.output
    assert doctor.output.count("fix:") == 2


def test_doctor_on_a_damaged_file(db):
    damage_table(db, "letters")
    doctor = saraban("doctor", "--db", db)
    assert doctor.exit_code == ExitCode.registry
    assert "[PROBLEM] SQLite integrity" in doctor.output and "saraban ingest" in doctor.output


KILLED_COPY = textwrap.dedent("""
    import os, shutil, signal, sys
    sys.path.insert(0, {tests!r})
    from test_registry import page, province
    from ingest.registry.store import Registry

    def copy_half_then_die(src, out, *args):
        out.write(src.read(500))
        out.flush()
        os.kill(os.getpid(), signal.SIGKILL)   # the kill lands in the middle of the copy

    reg = Registry(sys.argv[1])
    shutil.copyfileobj = copy_half_then_die
    scan = sys.argv[2]
    info = {{"sha256": "ab" * 32, "name": "scan.pdf", "size": os.path.getsize(scan), "pages": 1}}
    reg.add_file(info, [province(pages=(1,))], [page(1, "ที่ ชม ๐๐๒๓.๓/ว ๖๙")], scan)
""")


def test_a_kill_during_the_copy_of_an_original_is_counted_and_cleaned(tmp_path):
    db = tmp_path / "reg.db"
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 " + os.urandom(4000))
    killed = subprocess.run([sys.executable, "-c", KILLED_COPY.format(tests=str(Path(__file__).parent)),
                             str(db), str(scan)], capture_output=True)
    assert killed.returncode == -9, killed.stderr
    folder = tmp_path / "reg.files" / "ab"
    [partial] = folder.glob(".tmp-*")
    # a concurrent ingest's temporary file (this live process) and an old one from long ago
    live = folder / f".tmp-{socket.gethostname()}-{os.getpid()}-live"
    live.write_bytes(b"being copied")
    ancient = folder / ".tmp-k2j4h5"
    ancient.write_bytes(b"old")
    os.utime(ancient, (time.time() - 7200, time.time() - 7200))
    with Registry(db) as reg:
        assert reg.integrity_check() == [f"2 leftover temporary file(s) in {tmp_path / 'reg.files'} from a run "
                                         "that was stopped (the next ingest removes them)"]
    doctor = saraban("doctor", "--db", db)
    assert doctor.exit_code == 0, doctor.output
    assert "[NOTE] temporary files: 2 leftover temporary file(s)" in doctor.output
    result = saraban("ingest", letter_pdf(tmp_path / "letter.pdf"), "--db", db, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert not partial.exists() and not ancient.exists()
    assert live.exists()          # never the file a running ingest is writing
    live.unlink()
    with Registry(db) as reg:
        assert reg.integrity_check() == []


def test_opening_the_registry_again_keeps_the_locks_of_the_connections_open(tmp_path):
    """Each server thread and job opens the registry; a process's locks on a file go when
    any descriptor of it is closed, so reading the header again each time let another
    process switch the file out of WAL under an open reader ("disk I/O error" with two
    server processes)."""
    db = tmp_path / "r.db"
    Registry(db).close()
    reader = Registry(db)
    reader.conn.execute("BEGIN")
    reader.conn.execute("SELECT count(*) FROM letters").fetchone()
    Registry(db).close()   # another thread of this process opens it and closes it
    code = ("import sqlite3, sys\nc = sqlite3.connect(sys.argv[1], timeout=0)\n"
            "try:\n    print(c.execute('PRAGMA journal_mode = DELETE').fetchone()[0])\n"
            "except sqlite3.OperationalError as e:\n    print('refused:', e)")
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "refused: database is locked", out.stdout + out.stderr
    reader.conn.rollback()
    reader.close()


def test_an_sqlite_too_old_for_the_registry_is_said_before_anything_is_made():
    from ingest.errors import MissingDependencyError
    from ingest.registry.opening import check_sqlite

    check_sqlite()   # this machine's
    with pytest.raises(MissingDependencyError, match="3.31.1; the registry needs 3.35"):
        check_sqlite((3, 31, 1))
