"""Bad input meets a batch: each path's problem has its own clear message and exit status,
the good files beside it are registered, and nothing is reported as an internal error
but a bug. The good letters here are PDFs with a text layer, read without OCR."""
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from support import LETTER, letter_lines, text_pdf
from ingest import load, pipeline
from ingest.gather import gather
from ingest.cli.main import main
from ingest.errors import ExitCode
from ingest.registry.store import Registry


def good_pdf(path: Path, number: int) -> Path:
    return text_pdf(path, [letter_lines(number), LETTER[5:]])


def run(args, db, env=None):
    return CliRunner().invoke(main, ["ingest", "--db", str(db), "--jobs", "1", *map(str, args)], env=env)


def registered(db) -> list[str]:
    with Registry(db) as reg:
        return sorted(l["source"]["file"] for l in reg.letters())


def sound(db) -> bool:
    with Registry(db) as reg:
        return reg.integrity_check() == []


# -- 6: one path that cannot be read does not stop the batch ---------------------------------

def test_a_missing_looping_or_dangling_path_fails_alone(tmp_path, places):
    db = places("r.db")
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    dangling = tmp_path / "gone.pdf"
    dangling.symlink_to(tmp_path / "nowhere.pdf")
    good = good_pdf(tmp_path / "good.pdf", 41)
    result = run([tmp_path / "missing.pdf", loop, good, dangling], db)
    assert result.exit_code == ExitCode.some_files_failed, result.output
    assert "missing.pdf: no such file or folder" in result.output
    assert "loop.pdf: a symbolic link that loops" in result.output
    assert "gone.pdf: a link to a file that is not there" in result.output
    assert registered(db) == ["good.pdf"] and sound(db)


def test_only_unreadable_paths_give_the_input_status(tmp_path, places):
    db = places("r.db")
    result = run([tmp_path / "a.pdf", tmp_path / "b.pdf"], db)
    assert result.exit_code == ExitCode.input_file
    assert "a.pdf: no such file" in result.output and "b.pdf: no such file" in result.output


def _unprivileged(fn, *args) -> str:
    """``fn(*args)`` in a forked child that cannot read what its permissions forbid (root gives
    up root there, since root reads everything); what it returned or raised, as text."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            out = str(fn(*args))
        except BaseException as e:  # noqa: BLE001 - reported to the parent as text
            out = f"{type(e).__name__}: {e}"
        os.write(write, out.encode("utf-8", "backslashreplace"))
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        out = f.read().decode("utf-8")
    os.waitpid(pid, 0)
    return out


@pytest.fixture
def shared_dir():
    """A folder another user can reach (pytest's tmp_path is private to this user)."""
    path = Path(tempfile.mkdtemp(prefix="saraban-test-"))
    path.chmod(0o755)
    yield path
    for p in [path, *path.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o755)
    shutil.rmtree(path)


def test_a_file_or_folder_this_user_may_not_read_is_reported_as_such(shared_dir):
    good = good_pdf(shared_dir / "good.pdf", 42)
    good.chmod(0o644)
    locked = shared_dir / "locked.pdf"
    shutil.copy(good, locked)
    locked.chmod(0o000)
    closed = shared_dir / "closed"
    closed.mkdir()
    closed.chmod(0o000)

    def read_file():
        result = pipeline.ingest_file(locked, None, pipeline.PageReader(1))
        return f"{result.status}: {result.error}"

    def gather_shared():
        return [(f.path.name, f.problem and f.problem.message) for f in gather([shared_dir])]

    out = _unprivileged(read_file)
    assert out.startswith("failed: ") and "locked.pdf: permission denied" in out, out
    assert "internal error" not in out
    found = _unprivileged(gather_shared)
    assert "('good.pdf', None)" in found and "closed: permission denied: this user may not look inside" in found


# -- 7: damaged images and a full disk have their own message, a bug names its log ----------

def _cut(path: Path, keep: float = 0.5):
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * keep)])


def _page():
    return Image.effect_noise((400, 300), 40).convert("L")


@pytest.mark.parametrize("name, make", [
    ("cut.jpg", lambda p: (_page().save(p, quality=90), _cut(p))),
    ("cut.png", lambda p: (_page().save(p), _cut(p, 0.6))),
    ("frame.tif", lambda p: (_two_pages(p), _garble(p, 0.6, 20000))),  # page 2's compressed data
    ("chain.tif", lambda p: (_two_pages(p), _cut(p, 0.8))),            # page 2's directory cut off
])
def test_a_damaged_image_says_so_with_the_input_status(tmp_path, places, name, make):
    db = places("r.db")
    path = tmp_path / name
    make(path)
    result = run([path], db)
    assert result.exit_code == ExitCode.input_file, result.output
    assert f"{name}: " in result.output and "is damaged" in result.output
    assert "internal error" not in result.output


def _two_pages(path: Path):
    """A white page, then a noisy one whose compressed data fills most of the file."""
    Image.new("L", (400, 300), 255).save(path, save_all=True, append_images=[Image.effect_noise((400, 300), 60)],
                                         compression="tiff_deflate")


def _garble(path: Path, at: float, n: int):
    data = bytearray(path.read_bytes())
    data[int(len(data) * at):int(len(data) * at) + n] = b"\x00" * n
    path.write_bytes(bytes(data))


@pytest.fixture
def small_disk(tmp_path):
    """A real 2 MiB file system (tmpfs), where root may mount one."""
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)],
                                           capture_output=True).returncode:
        pytest.skip("needs root to mount a small tmpfs")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=True)


def _fill(disk: Path):
    with open(disk / "filler", "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError:
            pass


def test_a_full_disk_stops_the_batch_with_its_own_status(tmp_path, small_disk):
    db = small_disk / "r.db"
    first, second = good_pdf(tmp_path / "a.pdf", 51), good_pdf(tmp_path / "b.pdf", 52)
    assert run([first], db).exit_code == 0
    _fill(small_disk)
    result = run([second, good_pdf(tmp_path / "c.pdf", 53)], db)
    assert result.exit_code == ExitCode.disk_full, result.output
    assert "disk is full" in result.output and "b.pdf" in result.output
    assert "c.pdf" not in result.output  # the batch stopped: nothing more can be written
    assert "corrupt" not in result.output and "backup" not in result.output and "internal error" not in result.output
    (small_disk / "filler").unlink()
    assert registered(db) == ["a.pdf"] and sound(db)
    assert run([second], db).exit_code == 0 and registered(db) == ["a.pdf", "b.pdf"]


def test_a_new_registry_on_a_full_disk(tmp_path, small_disk):
    _fill(small_disk)
    result = run([good_pdf(tmp_path / "a.pdf", 54)], small_disk / "r.db")
    assert result.exit_code == ExitCode.disk_full, result.output
    assert "is full" in result.output and "corrupt" not in result.output


def test_an_unexpected_error_keeps_internal_error_and_names_its_log(tmp_path, places, monkeypatch):
    db = places("r.db")

    def broken(pages, doc=None, today=None):
        raise RuntimeError("a bug in extraction")

    monkeypatch.setattr(pipeline, "extract_pages", broken)
    log = tmp_path / "logs" / "errors.log"
    result = run([good_pdf(tmp_path / "a.pdf", 55)], db, env={"SARABAN_ERROR_LOG": str(log)})
    assert result.exit_code == ExitCode.some_files_failed
    assert "a.pdf: internal error while reading it" in result.output and str(log) in result.output
    text = log.read_text("utf-8")
    assert "Traceback" in text and "RuntimeError: a bug in extraction" in text


# -- 8: a file name in any encoding --------------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_registered(tmp_path, places):
    db = places("r.db")
    odd = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xff\xfe.pdf"))
    thai = Path(os.fsdecode(os.fsencode(tmp_path) + "/หนังสือ.pdf".encode("tis_620")))
    good_pdf(odd, 61)
    good_pdf(thai, 62)
    result = run([odd, thai], db)
    assert result.exit_code == 0, result.output
    assert registered(db) == ["\\xff\\xfe.pdf", "หนังสือ.pdf"]
    records = json.loads(CliRunner().invoke(main, ["export", "--db", str(db)]).output)
    assert sorted(r["source"]["file"] for r in records) == ["\\xff\\xfe.pdf", "หนังสือ.pdf"]
    with Registry(db) as reg:
        assert all(reg.original_path(r["source"]["sha256"]).exists() for r in records)


# -- 9: words that say what happened -----------------------------------------------------

def test_a_pipe_is_not_called_missing(tmp_path, places):
    db = places("r.db")
    pipe = tmp_path / "scan.pdf"
    os.mkfifo(pipe)
    result = run([pipe], db)
    assert result.exit_code == ExitCode.input_file
    assert "scan.pdf: a named pipe (FIFO), not a file" in result.output and "no such file" not in result.output


def test_a_web_page_holding_pdf_is_not_called_a_damaged_pdf(tmp_path, places):
    db = places("r.db")
    page = tmp_path / "letter.pdf"
    page.write_text("<!DOCTYPE html><html><body><a href='x.pdf'>%PDF-1.4 download</a></body></html>")
    result = run([page], db)
    assert result.exit_code == ExitCode.input_file
    assert "a web page" in result.output and "damaged" not in result.output


@pytest.mark.parametrize("side", [12000, 20000])  # over the limit, and over Pillow's own twice-the-limit
def test_a_huge_image_names_one_limit(tmp_path, side):
    path = tmp_path / "huge.png"
    Image.new("1", (side, side), 1).save(path)
    with pytest.raises(Exception) as e:
        load.open_document(path)
    text = str(e.value)
    assert "too large" in text and "120,000,000" in text and "240" not in text


def test_what_a_folder_holds_beside_its_scans_is_named(tmp_path, places):
    db = places("r.db")
    folder = tmp_path / "share"
    folder.mkdir()
    good_pdf(folder / "good.pdf", 71)
    Image.new("L", (50, 50), 255).save(folder / "logo.gif")
    (folder / "photo.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    (folder / "loop.pdf").symlink_to(folder / "loop.pdf")
    os.mkfifo(folder / "pipe.tif")
    (folder / "notes.txt").write_text("not a scan, not an image: left alone")
    result = run([folder], db)
    assert result.exit_code == 0, result.output
    for name, words in [("logo.gif", "a GIF image"), ("photo.webp", "a WebP image"),
                        ("loop.pdf", "a symbolic link that loops"), ("pipe.tif", "a named pipe")]:
        assert f"skipped: {folder / name}: {words}" in result.output.replace("\n", " "), name
    assert "notes.txt" not in result.output
    assert registered(db) == ["good.pdf"]


def test_a_db_in_a_folder_that_does_not_exist(tmp_path):
    result = run([good_pdf(tmp_path / "a.pdf", 72)], tmp_path / "no" / "r.db")
    assert result.exit_code == ExitCode.registry
    assert "does not exist" in result.output and "corrupt" not in result.output


@pytest.mark.parametrize("command", [["search", "ซักซ้อม"], ["show", "มท 0206.2/ว 1"], ["export"],
                                     ["chain", "มท 0206.2/ว 1"], ["register"], ["history", "#1"],
                                     ["edit", "#1", "subject", "x"]])
def test_a_read_command_with_a_mistyped_db_creates_nothing(tmp_path, places, command):
    """A file not there, or a server's database with no registry in it: neither is made."""
    from ingest.settings import files_folder, is_server

    db = places("regsitry.db")
    result = CliRunner().invoke(main, [*command, "--db", str(db)])
    assert result.exit_code == ExitCode.registry, result.output
    assert "There is no registry" in result.output and "nothing was created" in result.output
    assert list(tmp_path.iterdir()) == [] and not files_folder(db).exists()
    if is_server(db):
        import psycopg

        with psycopg.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)


# -- 2: a 16-bit greyscale scan is read, not taken for a blank page -----------------------

def test_a_16_bit_greyscale_scan_is_read(tmp_path):
    import numpy as np

    from support import thai_page

    page = np.asarray(thai_page(letter_lines(81)[:5], size=(1800, 640), top=60)).astype(np.uint16)
    scan = tmp_path / "scan16.png"
    Image.fromarray(page * 240 // 255 * 257 + 2000).save(scan)  # 16 bits, the paper a little grey
    db = tmp_path / "r.db"
    result = CliRunner().invoke(main, ["ingest", "--db", str(db), "--jobs", "1", "--engine", "tesseract", str(scan)])
    assert result.exit_code == 0, result.output
    with Registry(db) as reg:
        assert [l["doc_no"] for l in reg.letters()] == ["มท 0206.2/ว 81"]
