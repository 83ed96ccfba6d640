"""``saraban watch``: files that land in a folder are registered and moved aside."""
from click.testing import CliRunner

from ingest.cli import main
from ingest.registry import Registry
from test_ingest_cli import letter_pdf


def test_watch_registers_and_moves_files(tmp_path):
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    letter_pdf(inbox / "letter.pdf")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7\n cut short")
    (inbox / "notes.txt").write_text("not for us")
    db = tmp_path / "reg.db"
    result = CliRunner().invoke(main, ["watch", str(inbox), "--db", str(db), "--once", "--jobs", "1"])
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


def test_watch_moves_a_duplicate_to_done(tmp_path):
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    db = tmp_path / "reg.db"
    scan = letter_pdf(inbox / "a.pdf").read_bytes()
    runner = CliRunner()
    runner.invoke(main, ["watch", str(inbox), "--db", str(db), "--once", "--jobs", "1"])
    (inbox / "a.pdf").write_bytes(scan)  # the same bytes, copied into the share again
    again = runner.invoke(main, ["watch", str(inbox), "--db", str(db), "--once", "--jobs", "1"])
    assert "a.pdf: duplicate" in again.output
    assert (inbox / "done" / "a.1.pdf").exists()
