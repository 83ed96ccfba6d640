import pytest
from support import ROOT
from ingest import settings


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    for s in settings.SETTINGS.values():
        assert f"| {s.name} | `{s.env}` |" in readme, s.name


def test_environment_overrides_default(monkeypatch):
    monkeypatch.setenv("SARABAN_DB", "/tmp/elsewhere.db")
    assert str(settings.db_path()) == "/tmp/elsewhere.db"
    assert str(settings.db_path("mine.db")) == "mine.db"
    monkeypatch.setenv("SARABAN_DPI", "200")
    assert settings.get("dpi") == 200


def test_import_stays_light():
    import subprocess
    import sys

    code = "import ingest, ingest.cli.main, sys; print(sorted(m for m in ('tesserocr', 'pythainlp', 'cv2', 'onnxruntime', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_misspelt_setting_is_an_error_that_lists_what_is_valid(monkeypatch, tmp_path):
    """SARABAN_JOBS=two was a traceback and a misspelt cleaning step was skipped without a
    word: each is now a BadArgumentError (exit 2) that says what would be right."""
    from PIL import Image

    from ingest.clean import clean_page
    from ingest.errors import BadArgumentError, ExitCode

    monkeypatch.setenv("SARABAN_JOBS", "two")
    with pytest.raises(BadArgumentError) as e:
        settings.get("jobs")
    assert "SARABAN_JOBS='two' is not a whole number" in e.value.message and "unset it" in e.value.hint
    assert e.value.exit_code == ExitCode.bad_args
    page = Image.new("L", (60, 40), 255)
    with pytest.raises(BadArgumentError) as e:
        clean_page(page, "border,desekw")
    assert "'desekw'" in e.value.message and "orient, flatten, border, deskew, rules" in e.value.hint
    assert clean_page(page, "orient,border,deskew").size[1] > 0   # the valid ones still run


def test_a_batch_with_a_misspelt_setting_stops_before_its_first_file(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from ingest.cli.main import main

    scan = tmp_path / "scan.png"
    scan.write_bytes(b"not read")
    for env, value, words in (("SARABAN_CLEAN", "border,desekw", "Unknown cleaning step 'desekw'"),
                              ("SARABAN_ENGINE", "tesseract5", "Unknown OCR engine 'tesseract5'"),
                              ("SARABAN_DPI", "300dpi", "SARABAN_DPI='300dpi' is not a whole number")):
        monkeypatch.setenv(env, value)
        for command in (["ingest", str(scan)], ["watch", str(tmp_path / "in"), "--once"]):
            r = CliRunner().invoke(main, [*command, "--db", str(tmp_path / "reg.db")])
            assert r.exit_code == 2 and words in r.output, (env, command, r.output)
        monkeypatch.delenv(env)
    assert not (tmp_path / "reg.db.files").exists() or not any((tmp_path / "reg.db.files").iterdir())
