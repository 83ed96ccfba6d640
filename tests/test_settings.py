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

    code = "import ingest, ingest.cli, sys; print(sorted(m for m in ('tesserocr', 'pythainlp', 'cv2', 'onnxruntime', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
