"""The way a scan travels: load → clean → read → normalize → split → extract → register → link.

``ingest_file`` registers one file (``batch.ingest_paths`` a batch of them, for ``saraban
ingest``). Per-page work is one picklable function (``read_page``) run in parallel processes;
everything about a file is registered in one transaction, so a crash leaves nothing half-done.
"""
from __future__ import annotations

import ctypes
import datetime
import errno
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, TimeoutError
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import load, settings
from .errors import (DiskFullError, DuplicateFileError, InputFileError, OcrError, RegistryError, SarabanError,
                     internal_error)
from .extract import extract_bundle
from .gather import display_name
from .read import engine as read
from .read.engine import engine_name


@dataclass(frozen=True)
class PageJob:
    """What a worker process needs to read one page: picklable, no pixels."""
    doc: "object"        # load.Document
    index: int           # 0-based
    engine: str
    use_text_layer: bool = True
    clean: str | None = None


@dataclass
class FileResult:
    path: Path
    status: str                       # "registered", "duplicate", "failed", "skipped" (not a scan: a pipe, a GIF)
    letters: list[dict] = field(default_factory=list)
    error: SarabanError | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    @property
    def name(self) -> str:
        return display_name(self.path)


def read_page(job: PageJob):
    """Render, clean and read one page (runs in a worker process)."""
    from . import clean

    image, dpi = load.render_page(job.doc, job.index)
    if job.use_text_layer and job.doc.format == "pdf":
        layer = load.text_layer(job.doc, job.index, dpi)
        if layer is not None and load.text_layer_ok(layer.text):
            return layer
    engine = read.engine(job.engine)
    steps = settings.get("clean") if job.clean is None else job.clean
    turns: list[float] = []
    cleaned = clean.clean_page(image, steps, turns)
    page = engine.read(cleaned, job.index + 1)
    oriented: list[float] = []          # the orientation's turn, if the page was turned upright
    if "orient" in steps and _looks_unread(page):
        # Tesseract's OSD costs a third of a read: ask it only when the page read badly or lies sideways
        degrees = clean.orientation(cleaned, read.engine("tesseract"))
        if degrees:
            upright = [degrees]  # then clean again: a sideways page's skew was measured across its lines
            turned = engine.read(clean.clean_page(clean.apply_turns(image, upright), steps, upright), job.index + 1)
            if _upright_score(turned) > _upright_score(page):
                page, turns, oriented = turned, upright, [degrees]
                page.warnings.append("page was scanned rotated; turned upright")
    if not page.lines and len(turns) > len(oriented) and "deskew" in steps:
        # deskewed on white, a grey page read as nothing: turned on its own paper's tone instead
        again = list(oriented)
        warnings = page.warnings
        page = engine.read(clean.clean_page(clean.apply_turns(image, oriented), steps, again, paper=True),
                           job.index + 1)
        page.warnings[:0] = warnings
        turns = again
    page.turns = turns
    page.number = job.index + 1
    if not page.lines:
        page.warnings.append("no text found on this page")
    return page


def check_settings(engine: str | None = None) -> None:
    """The settings reading uses, checked before a batch's first file: a misspelt one stops
    it with what is valid (BadArgumentError), instead of failing every file the same way."""
    from . import clean

    for name in ("jobs", "dpi", "max_pixels", "max_pages", "page_timeout"):
        settings.get(name)
    clean.check_steps(settings.get("clean"))
    engine_name(engine)


class PageReader:
    """Reads pages serially (jobs=1) or in a pool of worker processes."""

    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or settings.get("jobs"))
        self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, kind, *exc):
        if self._pool is not None:
            if kind is None:
                self._pool.shutdown(cancel_futures=True)
            else:  # interrupted or failed: the pages being read are not wanted any more
                self._kill_pool()

    def map(self, jobs: list[PageJob], progress: Callable[[int], None] | None = None, fn=None):
        """``fn`` (default ``read_page``) over ``jobs`` in order; a hung or dead worker fails the file."""
        fn = fn or read_page
        if self.jobs == 1 or len(jobs) == 1:
            for job in jobs:
                yield fn(job)
                if progress:
                    progress(1)
            return
        # submit, not Executor.map: map cancels its pending pages when interrupted, and the pool's
        # thread, failing them after the workers are killed, then prints InvalidStateError tracebacks
        try:   # a pool broken before this file (a worker died in between) fails here, as below
            futures = [self.submit(job, fn) for job in jobs]
            deadline = time.monotonic() + settings.get("page_timeout") * len(jobs)
            for future in futures:
                page = future.result(timeout=max(0.0, deadline - time.monotonic()))
                if progress:
                    progress(1)
                yield page
        except (BrokenProcessPool, TimeoutError) as e:
            self._kill_pool()
            raise lost_page_error(timed_out=isinstance(e, TimeoutError)) from e

    def submit(self, job: PageJob, fn=None):
        """Send one page to the pool (started on first use); a future of what ``fn`` returns."""
        return self._started_pool().submit(fn or read_page, job)

    def lost(self):
        """A worker died or hung: end the pool; the next page sent starts a fresh one."""
        if self._pool is not None:
            self._kill_pool()

    def _started_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.jobs, initializer=_init_worker, initargs=(os.getpid(),))
        return self._pool

    def _kill_pool(self):
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        for process in processes:
            process.kill()
        for process in processes:
            process.join(timeout=5)
        # the pool's own thread now fails the pending pages and ends; cancelling them as well
        # races with it (InvalidStateError tracebacks on stderr)
        self._pool.shutdown(wait=True)
        self._pool = None


def _mean_conf(page) -> float:
    words = [w.conf for line in page.lines for w in line.words]
    return sum(words) / len(words) if words else 0.0


def _tall_share(page) -> float:
    """Share of lines taller than wide: Tesseract reads a sideways page's text well,
    but in lines that run down the image, with boxes that fit no upright page."""
    return sum(l.box[3] - l.box[1] > l.box[2] - l.box[0] for l in page.lines) / max(1, len(page.lines))


# a "line" this many of its page's usual words tall is a block of lines, read across
STACKED = 3
# a page with more than this share of its lines taller than wide, or of its words in blocks,
# lies on its side: 0.78 to 0.87 of a sideways A4 letter's words were in blocks, 0 once it was
# turned upright (the sideways pages of the generated sets); an upright page's text is in lines
SIDEWAYS_SHARE = 0.5


def _stacked_share(page) -> float:
    """Share of words in "lines" over STACKED words tall."""
    heights = sorted(w.box[3] - w.box[1] for line in page.lines for w in line.words)
    if not heights:
        return 0.0
    usual = heights[len(heights) // 2]
    stacked = sum(len(line.words) for line in page.lines if line.box[3] - line.box[1] > STACKED * usual)
    return stacked / len(heights)


UNREAD_CONF = 80    # mean word confidence under which a page is asked whether it is upside down


def _looks_unread(page) -> bool:
    """Upright letters read at a mean word confidence above 90; upside-down ones near 70.
    A sideways page can read at 85, its words right but its "lines" taken down the page."""
    return _mean_conf(page) < UNREAD_CONF or _sideways(page)


def lost_page_error(timed_out: bool) -> OcrError:
    """What a file is told when a worker reading one of its pages hung or died."""
    what = "took too long" if timed_out else "stopped unexpectedly"
    return OcrError(f"reading a page {what}; nothing of this file was registered.",
                    hint="Check the scan (a damaged or enormous page?), or run with --jobs 1 to see "
                         "which page; raise SARABAN_PAGE_TIMEOUT for very large pages.")


def _upright_score(page) -> float:
    return _mean_conf(page) - 100 * _sideways(page)


def _sideways(page) -> bool:
    return _tall_share(page) > SIDEWAYS_SHARE or _stacked_share(page) > SIDEWAYS_SHARE


def _init_worker(parent: int):
    """A worker dies with the process that started it, however that one ends (even SIGKILL):
    the kernel sends it SIGKILL then (Linux's parent-death signal); elsewhere a thread looks."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C reaches the whole group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    if not _set_parent_death_signal(signal.SIGKILL):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was set
        os._exit(1)


def _set_parent_death_signal(signum: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, int(signum), 0, 0, 0) == 0  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int):
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def read_document(doc, reader: PageReader, engine: str | None = None, use_text_layer: bool = True,
                  progress=None, clean: str | None = None):
    engine = engine or settings.get("engine")
    jobs = [PageJob(doc, i, engine, use_text_layer, clean) for i in range(doc.pages)]
    return list(reader.map(jobs, progress))


def extract_pages(pages, doc=None, today=None) -> list[dict]:
    """Normalize, split and extract: PageTexts in, letter records out; ``today`` is the day
    they were received (default: now)."""
    records = extract_bundle(pages, today=today)
    if doc is not None:
        for r in records:
            r["source"] = {"file": doc.name, "sha256": doc.sha256, "pages": r["source"].get("pages") or []}
    return records


def check_has_thai(doc, pages) -> None:
    """A file with no Thai text at all is not a Thai letter: say so instead of registering nothing."""
    text = "".join(p.text for p in pages)
    if sum(not c.isspace() for c in text) < 10:
        raise InputFileError(f"{doc.name}: no text found on any of its {doc.pages} page(s) (blank scan?); "
                             "nothing was registered.",
                             hint="Check that the right side of the paper was scanned, then scan it again.")
    if sum("\u0e00" <= c <= "\u0e7f" for c in text) < 20:
        raise InputFileError(f"{doc.name}: no Thai text found (the pages read as another language); "
                             "nothing was registered.",
                             hint="Saraban registers Thai official letters; file this document by hand.")


def ingest_file(path: Path, registry, reader: PageReader, *, force: bool = False, engine: str | None = None,
                progress=None, on_pages=None) -> FileResult:
    """Register every letter in one file. Errors are returned, not raised, so a batch goes on."""
    started = time.perf_counter()
    try:
        doc = load.open_document(path)
        if on_pages:
            on_pages(doc.pages)
        if registry.has_file(doc.sha256) and not force:
            raise DuplicateFileError(f"{doc.name}: already registered (same bytes); nothing changed.",
                                     hint="Use --force to read it again and replace its letters.")
        pages = read_document(doc, reader, engine, progress=progress)
        check_has_thai(doc, pages)
        records = extract_pages(pages, doc, today=datetime.date.today())   # the day it is received
        try:
            registry.add_file(doc.info, records, pages, doc.path, force=force)
        except OSError as e:  # writing the registry's copy of the scan
            raise _write_error(path, registry, e) from e
        return FileResult(path, "registered", records, seconds=time.perf_counter() - started)
    except DuplicateFileError as e:
        return FileResult(path, "duplicate", error=e, seconds=time.perf_counter() - started)
    except SarabanError as e:
        return FileResult(path, "failed", error=e, seconds=time.perf_counter() - started)
    except Exception:  # a bug must fail this file, not the batch; nothing of it was registered
        error = internal_error("reading it", settings.get("error_log"), subject=load.display_name(path),
                               rest="nothing of this file was registered; the other files go on.")
        return FileResult(path, "failed", error=error, seconds=time.perf_counter() - started)


def _write_error(path: Path, registry, e: OSError) -> SarabanError:
    where = getattr(registry, "files_dir", None) or Path(e.filename or ".")
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"{load.display_name(path)}: the disk is full (no space left to keep the scan in "
                             f"{where}); nothing of this file was registered.",
                             hint="Free some space on that disk, then run the same command again: the files "
                                  "already registered are kept and skipped.")
    return RegistryError(f"{load.display_name(path)}: cannot keep a copy of the scan in {where} "
                         f"({e.strerror or e}); nothing of this file was registered.",
                         hint="Check that this user may write to the registry's folder and that the disk works.")
