"""``saraban doctor``: what is installed, what is missing and the command that fixes it."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

APT = "sudo apt-get install -y tesseract-ocr tesseract-ocr-tha poppler-utils fonts-thai-tlwg"


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def run_checks() -> list[Check]:
    checks = []
    exe = shutil.which("tesseract")
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.split("\n")[0] if exe else ""
    checks.append(Check("tesseract", bool(exe), version or "not found", APT))
    try:
        import tesserocr

        checks.append(Check("tesserocr", True, tesserocr.tesseract_version().split("\n")[0]))
    except ImportError as e:
        checks.append(Check("tesserocr", False, str(e), ".venv/bin/pip install -e ."))
    from .errors import MissingDependencyError
    from .read import tessdata_dir

    try:
        checks.append(Check("Thai language data", True, str(tessdata_dir() / "tha.traineddata")))
    except MissingDependencyError as e:
        checks.append(Check("Thai language data", False, e.message, e.hint or APT))
    fonts = sorted(Path("/usr/share/fonts").rglob("Laksaman*.ttf")) if Path("/usr/share/fonts").exists() else []
    checks.append(Check("Thai fonts (Laksaman)", bool(fonts), str(fonts[0]) if fonts else "not found",
                        "sudo apt-get install -y fonts-thai-tlwg"))
    pdftoppm = shutil.which("pdftoppm")
    checks.append(Check("poppler-utils", bool(pdftoppm), pdftoppm or "not found",
                        "sudo apt-get install -y poppler-utils"))
    try:
        import onnxruntime  # noqa: F401

        from .recognize import MODEL_DIR, MODEL_NAME

        path = MODEL_DIR / f"{MODEL_NAME}.onnx"
        checks.append(Check("digit recognizer model", path.exists(), str(path),
                            "the model ships in models/: use a full clone of the repository, "
                            "or --engine tesseract meanwhile"))
    except ImportError as e:
        checks.append(Check("digit recognizer model", False, f"cannot be loaded ({e})",
                            ".venv/bin/pip install -e . (or --engine tesseract meanwhile)"))
    return checks
