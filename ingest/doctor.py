"""``saraban doctor``: what is installed, what is missing and the command that fixes it;
with ``--db``, whether that registry, its full-text index and its originals are sound."""
from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import ExitCode, MissingDependencyError, SarabanError
from .read.engine import tessdata_dir
from .registry import health
from .registry.opening import SQLITE_MAGIC
from .settings import is_server

APT = "sudo apt-get install -y tesseract-ocr tesseract-ocr-tha poppler-utils fonts-thai-tlwg"


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    label: str = "MISSING"   # what a failed check is called
    code: int = 4            # the exit status it gives (ExitCode.missing_dependency)


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

        from .read.model import MODEL_DIR, MODEL_NAME

        path = MODEL_DIR / f"{MODEL_NAME}.onnx"
        checks.append(Check("digit recognizer model", path.exists(), str(path),
                            "the model ships in models/: use a full clone of the repository, "
                            "or --engine tesseract meanwhile"))
    except ImportError as e:
        checks.append(Check("digit recognizer model", False, f"cannot be loaded ({e})",
                            ".venv/bin/pip install -e . (or --engine tesseract meanwhile)"))
    return checks


def registry_checks(path: Path) -> list[Check]:
    """SQLite's integrity check, the full-text index, the rows, the originals folder (each
    original's sha256) and leftover temporary files of the registry at ``path``. Nothing is
    written: the doctor never creates, migrates or repairs a registry."""
    def problem(name, detail, fix):
        return Check(name, False, detail, fix, label="PROBLEM", code=ExitCode.registry)

    if is_server(path):
        return _server_checks(str(path), problem)
    path = Path(path)
    files_dir = path.with_name(path.stem + ".files")
    restore = (f"restore {path} from a backup, or build a new registry from the kept scans: "
               f"saraban ingest {files_dir} --db NEW.db")
    if not path.is_file():
        return [problem("registry file", f"{path} does not exist", "check --db; saraban ingest creates a registry")]
    with open(path, "rb") as f:
        head = f.read(16)
    if head != SQLITE_MAGIC:
        detail = "an empty file (0 bytes)" if not head else "not an SQLite file"
        return [problem("registry file", f"{path} is {detail}", restore)]
    checks = [Check("registry file", True, str(path))]
    conn = None
    try:
        conn = sqlite3.connect(path, timeout=60)  # the index's check is an INSERT: never committed
        steps = [
            ("SQLite integrity", lambda: health.sqlite_problems(conn), restore),
            ("full-text index", lambda: health.fts_problems(conn),
             "the letters are intact; ingest the scans again into a new registry, or restore a backup"),
            ("rows", lambda: health.row_problems(conn), restore),
            ("originals folder", lambda: health.original_problems(conn, files_dir, hashes=True),
             f"copy {files_dir} back from a backup, or ingest the scans named again with --force"),
            ("temporary files", lambda: health.temp_problems(files_dir),
             "nothing to do: the next saraban ingest or watch removes them"),
        ]
        for name, run, fix in steps:
            found = run()
            more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
            checks.append(problem(name, "; ".join(found[:3]) + more, fix) if found
                          else Check(name, True, "sound"))
        if not checks[-1].ok:   # leftover temporary files harm nothing: a note, not a failure
            checks[-1].label, checks[-1].code = "NOTE", ExitCode.ok
    except (sqlite3.DatabaseError, UnicodeDecodeError) as e:
        checks.append(problem("SQLite integrity", f"the file cannot be read ({health.damage_cause(e)})", restore))
    finally:
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):   # a damaged file may refuse even this
                conn.rollback()
            conn.close()
    return checks


def _server_checks(url: str, problem) -> list[Check]:
    """A registry on a PostgreSQL server: reached, its schema this Saraban's, its letters whole
    and every registered scan kept with the sha256 it was registered under."""
    from .registry.store import Registry

    try:
        with Registry(url, create=False) as reg:
            checks = [Check("registry server", True, reg.path)]
            try:
                found = reg.integrity_check(hashes=True)
            except reg.errors as e:      # the server failed a check's query: its message
                raise reg.error_of(e) from e
    except SarabanError as e:
        return [problem("registry server", e.message, e.hint or "check --db")]
    checks.append(problem("rows and originals", "; ".join(found[:3]), "restore the database from a backup, "
                          "or ingest the scans named again with --force") if found else Check("rows and originals", True, "sound"))
    return checks
