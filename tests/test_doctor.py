"""``saraban doctor`` says what is there, what is missing and the command that fixes it."""
from click.testing import CliRunner

from ingest.cli.main import main
from ingest.errors import ExitCode


def test_doctor_on_this_machine():
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    for name in ("tesseract", "Thai language data", "Thai fonts", "digit recognizer model"):
        assert f"[ok ] {name}" in result.output
    assert "tesseract 5." in result.output


def test_doctor_names_what_is_missing_and_how_to_fix_it(tmp_path, monkeypatch):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # a folder with no language data
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == ExitCode.missing_dependency
    assert "[MISSING] Thai language data" in result.output
    assert "apt-get install tesseract-ocr tesseract-ocr-tha" in result.output
