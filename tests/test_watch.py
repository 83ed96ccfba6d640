"""``saraban watch``: files that land in a folder are registered and moved aside."""
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.cli.main import main
from ingest.errors import ExitCode
from ingest.registry.store import Registry
from test_ingest_cli import letter_pdf

FAST = ["--once", "--jobs", "1", "--interval", "0.2", "--quiet", "0", "--wait", "1"]


def test_watch_registers_and_moves_files(tmp_path, places):
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    letter_pdf(inbox / "letter.pdf")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7\n cut short")
    (inbox / "notes.txt").write_text("not for us")
    db = places("reg.db")
    result = CliRunner().invoke(main, ["watch", str(inbox), "--db", str(db), *FAST])
    assert result.exit_code == 0, result.output
    assert "letter.pdf: registered (มท 0206.2/ว 5221)" in result.output
    assert "broken.pdf: failed" in result.output
    assert (inbox / "done" / "letter.pdf").exists()
    assert (inbox / "failed" / "broken.pdf").exists()
    reason = (inbox / "failed" / "broken.pdf.reason.txt").read_text("utf-8")
    assert "damaged" in reason and "scan the paper again" in reason
    assert (inbox / "notes.txt").exists()  # not a scan: left where it is
    with Registry(db) as reg:
        assert [l["doc_no"] for l in reg.letters()] == ["มท 0206.2/ว 5221"]


def test_the_one_page_files_of_a_round_are_read_by_every_worker(tmp_path, monkeypatch):
    from test_batch import _read_noting_pid

    from ingest import pipeline
    from ingest.watch import watch_folder

    inbox = tmp_path / "scanner"
    (inbox / "pids").mkdir(parents=True)
    for n in range(4):
        letter_pdf(inbox / f"l{n}.pdf", number=201 + n)
    monkeypatch.setattr(pipeline, "read_page", _read_noting_pid)
    with Registry(tmp_path / "reg.db") as reg:
        results = list(watch_folder(inbox, reg, jobs=2, once=True, interval=0.1, quiet=0, wait=1))
    assert [(r.path.name, r.status) for r in results] == [(f"l{n}.pdf", "registered") for n in range(4)]
    readers = {p.name.split(".")[0] for p in (inbox / "pids").iterdir()}
    assert len(readers) == 2 and str(os.getpid()) not in readers   # both workers, not the watcher
    assert sorted(p.name for p in (inbox / "done").iterdir()) == [f"l{n}.pdf" for n in range(4)]


def test_watch_moves_a_duplicate_to_done(tmp_path, places):
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    db = places("reg.db")
    scan = letter_pdf(inbox / "a.pdf").read_bytes()
    runner = CliRunner()
    runner.invoke(main, ["watch", str(inbox), "--db", str(db), *FAST])
    (inbox / "a.pdf").write_bytes(scan)  # the same bytes, copied into the share again
    again = runner.invoke(main, ["watch", str(inbox), "--db", str(db), *FAST])
    assert "a.pdf: duplicate" in again.output
    assert (inbox / "done" / "a.1.pdf").exists()


# -- files still being written -------------------------------------------------------------
def copy_in_bursts(source: Path, target: Path, chunk: int, pause: float) -> None:
    """Copy as a network scanner or an SMB client does: a burst, then a pause."""
    data = source.read_bytes()
    with open(target, "wb") as out:
        for start in range(0, len(data), chunk):
            if start:
                time.sleep(pause)
            out.write(data[start:start + chunk])
            out.flush()


def watch_while_copying(tmp_path, source: Path, chunk: int, pause: float, *options):
    """Start copying ``source`` into the inbox, run ``saraban watch --once`` beside the copy."""
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    target = inbox / source.name
    writer = threading.Thread(target=copy_in_bursts, args=(source, target, chunk, pause))
    writer.start()
    while not target.exists():
        time.sleep(0.01)
    watcher = subprocess.run([sys.executable, "-m", "ingest.cli.main", "watch", str(inbox), "--db",
                              str(tmp_path / "reg.db"), "--once", "--jobs", "1", *options],
                             capture_output=True, text=True, timeout=300)
    writer.join()
    return inbox, watcher


def test_a_pdf_copied_with_pauses_longer_than_the_quiet_period_waits_for_its_trailer(tmp_path):
    source = letter_pdf(tmp_path / "letter.pdf")          # 240 KB: three bursts, two 3 s pauses
    inbox, watcher = watch_while_copying(tmp_path, source, 96 * 1024, 3.0, "--quiet", "1", "--interval", "0.5")
    assert watcher.returncode == 0, watcher.stderr
    assert "letter.pdf: registered (มท 0206.2/ว 5221)" in watcher.stdout
    assert not (inbox / "failed").exists()
    assert (inbox / "done" / "letter.pdf").read_bytes() == source.read_bytes()


@pytest.mark.slow
def test_a_2mb_pdf_copied_in_256k_bursts_with_3s_pauses_is_not_filed_as_damaged(tmp_path):
    """The reproduction of the report, with the default quiet period and interval."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(letter_pdf(tmp_path / "letter.pdf")))
    pdf.new_attachment("annex.bin").set_data(os.urandom(1_800_000))  # a 2 MB file, still one page to read
    source = tmp_path / "big" / "letter.pdf"
    source.parent.mkdir()
    pdf.save(str(source))
    inbox, watcher = watch_while_copying(tmp_path, source, 256 * 1024, 3.0)
    assert watcher.returncode == 0, watcher.stderr
    assert "letter.pdf: registered" in watcher.stdout
    assert not (inbox / "failed").exists()
    assert (inbox / "done" / "letter.pdf").read_bytes() == source.read_bytes()


def test_a_copy_that_never_finishes_is_reported_after_the_long_wait(tmp_path):
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    whole = letter_pdf(tmp_path / "letter.pdf").read_bytes()
    (inbox / "cut.pdf").write_bytes(whole[:len(whole) // 2])   # the copy stopped half way
    started = time.monotonic()
    result = CliRunner().invoke(main, ["watch", str(inbox), "--db", str(tmp_path / "reg.db"), "--once",
                                       "--jobs", "1", "--interval", "0.2", "--quiet", "0.5", "--wait", "3"])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 3          # not taken before the long wait
    assert "cut.pdf: failed" in result.output
    reason = (inbox / "failed" / "cut.pdf.reason.txt").read_text("utf-8")
    assert reason.startswith("File: cut.pdf\n")
    assert f"stopped growing at {len(whole) // 2} bytes" in reason and "copy it into the folder again" in reason


# -- names ----------------------------------------------------------------------------------
def test_long_and_undecodable_names_never_stop_the_watcher(tmp_path, places):
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    long_name = "ก" * 83 + ".pdf"                             # 253 bytes: the longest a name can be, nearly
    undecodable = os.fsdecode(b"\xff\xfe scan.pdf")            # a name from a scanner that is not UTF-8
    for name in (long_name, undecodable):
        (inbox / name).write_bytes(b"%PDF-1.7\n cut short")
    letter_pdf(inbox / "ｚ-letter.pdf")                       # fullwidth z: read after both of them
    args = ["watch", str(inbox), "--db", str(places("reg.db")), *FAST]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "ｚ-letter.pdf: registered" in result.output
    assert "\\xff\\xfe scan.pdf: failed" in result.output
    failed = inbox / "failed"
    assert (failed / long_name).exists() and (failed / undecodable).exists()
    reasons = {p.read_text("utf-8").splitlines()[0]: p for p in failed.glob("*.reason.txt")}
    assert set(reasons) == {f"File: {long_name}", "File: \\xff\\xfe scan.pdf"}
    assert all(len(os.fsencode(p.name)) <= 255 for p in reasons.values())
    assert "damaged" in reasons[f"File: {long_name}"].read_text("utf-8")
    (inbox / long_name).write_bytes(b"%PDF-1.7\n cut short again")   # the same long name a second time
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    second = [p for p in failed.iterdir() if p.name.endswith(".1.pdf")]
    assert len(second) == 1 and len(os.fsencode(second[0].name)) <= 255
    assert len(list(failed.glob("*.reason.txt"))) == 3


def test_a_damaged_registry_stops_the_watcher_and_leaves_the_file(tmp_path):
    from test_registry_faults import damage_table

    inbox = tmp_path / "scanner"
    inbox.mkdir()
    db = tmp_path / "reg.db"
    letter_pdf(inbox / "a.pdf")
    assert CliRunner().invoke(main, ["watch", str(inbox), "--db", str(db), *FAST]).exit_code == 0
    import sqlite3
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    damage_table(db, "letters")
    letter_pdf(inbox / "b.pdf", number=5222)
    result = CliRunner().invoke(main, ["watch", str(inbox), "--db", str(db), *FAST])
    assert result.exit_code == ExitCode.registry and "is damaged" in result.output
    assert (inbox / "b.pdf").exists()


def test_a_tis620_name_is_written_in_thai_in_the_reason_and_the_output(tmp_path, places):
    """An old Windows share writes Thai names in TIS-620: the reason file and the output
    name the file in Thai, as the batch summary and the registry do, not as \\xNN bytes."""
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    name = os.fsdecode("หนังสือเวียน.pdf".encode("tis_620"))
    (inbox / name).write_bytes(b"%PDF-1.7\n cut short")
    result = CliRunner().invoke(main, ["watch", str(inbox), "--db", str(places("reg.db")), *FAST])
    assert result.exit_code == 0, result.output
    assert "หนังสือเวียน.pdf: failed" in result.output
    reason, = (inbox / "failed").glob("*.reason.txt")
    assert reason.read_text("utf-8").splitlines()[0] == "File: หนังสือเวียน.pdf"


def test_a_file_set_aside_and_taken_away_is_forgotten(tmp_path):
    """A file that could not be moved is not tried again until it changes; once someone
    takes it away by hand, the watcher forgets it (a watcher runs for months)."""
    from ingest.watch import Inbox

    inbox = Inbox(tmp_path, quiet=0, wait=0)
    scan = tmp_path / "stuck.pdf"
    scan.write_bytes(b"%PDF-1.7\n%%EOF\n")
    inbox.ready()                       # first seen
    assert [p for p, _ in inbox.ready()] == [scan]
    inbox.set_aside(scan)
    assert inbox.ready() == [] and inbox.aside == {scan}   # not again while unchanged
    scan.unlink()
    inbox.ready()
    assert inbox.aside == set()
