"""Intake in the background: uploaded files are read one after another in a worker thread
while the page polls their progress.

Uploads are saved under the registry's folder (``<registry>.files/.uploads/``) with a name the
server makes; the name the clerk's computer gave is kept only as a label, and becomes the
file's name in the registry. The library's ``ingest_file`` does the work.
"""
from __future__ import annotations

import queue
import re
import secrets
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import load
from ..errors import InputFileError

EXT = {"pdf": ".pdf", "tiff": ".tif", "jpeg": ".jpg", "png": ".png"}
JOB_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")
KEEP_FINISHED = 500


def display_name(raw: str | None) -> str:
    """The client's file name made safe to show and store (never used as a path).

    >>> display_name("C:\\\\scans\\\\หนังสือเวียน ว๕๒๒๑.pdf")
    'หนังสือเวียน ว๕๒๒๑.pdf'
    >>> display_name("../../etc/passwd\\x00")
    'passwd'
    """
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    return name.strip().strip(".")[:200] or "scan"


@dataclass
class Job:
    id: str
    name: str
    user: str
    state: str = "queued"            # queued, reading, registered, duplicate, failed
    pages: int = 0
    done: int = 0
    letters: list[dict] = field(default_factory=list)
    error: str | None = None
    hint: str | None = None
    started: float = field(default_factory=time.time)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        from .wording import error_thai, hint_thai

        return {**asdict(self), "error_th": error_thai(self.error), "hint_th": hint_thai(self.hint)}


class _Labelled:
    """The registry as ``ingest_file`` sees it, with the clerk's file name instead of the
    server-made one: the name is data, not a path."""

    def __init__(self, registry, name: str):
        self._registry, self._name = registry, name

    def __getattr__(self, attr):
        return getattr(self._registry, attr)

    def add_file(self, file_info, records, pages, original=None, force=False):
        for rec in records:
            rec.setdefault("source", {})["file"] = self._name
        return self._registry.add_file({**file_info, "name": self._name}, records, pages, original, force)


class Intake:
    """A queue of uploaded files and the one thread that registers them."""

    def __init__(self, db_path: Path, *, ingest_file=None, jobs: int | None = None,
                 engine: str | None = None):
        from ..pipeline import ingest_file as library_ingest

        self.db_path = Path(db_path)
        self.upload_dir = self.db_path.with_name(self.db_path.stem + ".files") / ".uploads"
        self._ingest = ingest_file or library_ingest
        self._jobs_n = jobs or 1
        self._options = {"engine": engine} if engine else {}
        self._queue: queue.Queue = queue.Queue()
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def engine(self) -> str | None:
        """The OCR engine the workspace was started with (None: the configured default)."""
        return self._options.get("engine")

    # -- the request side -----------------------------------------------------------
    def _store(self, stream, client_name: str | None) -> tuple[str, Path, str]:
        """Save an upload under a server-made name after checking its type by content."""
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        job_id = secrets.token_urlsafe(12)
        tmp = self.upload_dir / f"{job_id}.part"
        stream.save(str(tmp)) if hasattr(stream, "save") else tmp.write_bytes(stream.read())
        name = display_name(client_name)
        try:
            fmt = load.sniff(tmp)
        except InputFileError as e:
            tmp.unlink(missing_ok=True)
            raise InputFileError(e.message.replace(tmp.name, name), hint=e.hint) from None
        return job_id, tmp.rename(self.upload_dir / f"{job_id}{EXT[fmt]}"), name

    def save_upload(self, stream, client_name: str | None, user: str) -> Job:
        """Store an upload and queue it for the worker."""
        job_id, path, name = self._store(stream, client_name)
        job = Job(job_id, name, user)
        with self._lock:
            self._jobs[job_id] = job
            self._trim()
        self._queue.put((job, path))
        self._start()
        return job

    def ingest_now(self, stream, client_name: str | None, user: str):
        """Store an upload and register it in this thread (the JSON API); the finished Job."""
        from ..pipeline import PageReader
        from ..registry import Registry

        job_id, path, name = self._store(stream, client_name)
        job = Job(job_id, name, user)
        with Registry(self.db_path) as registry, PageReader(self._jobs_n) as reader:
            return self._run(job, path, registry, reader)

    def status(self, ids: list[str]) -> list[dict]:
        with self._lock:
            return [self._jobs[i].to_dict() for i in ids if i in self._jobs]

    def recent(self, limit: int = 30) -> list[dict]:
        with self._lock:
            jobs = sorted(self._jobs.values(), key=lambda j: -j.started)[:limit]
            return [j.to_dict() for j in jobs]

    def _trim(self) -> None:
        finished = [j for j in self._jobs.values() if j.state not in ("queued", "reading")]
        for j in sorted(finished, key=lambda j: j.started)[:max(0, len(self._jobs) - KEEP_FINISHED)]:
            del self._jobs[j.id]

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="saraban-intake", daemon=True)
            self._thread.start()

    # -- the worker side --------------------------------------------------------------
    def _work(self) -> None:
        from ..pipeline import PageReader
        from ..registry import Registry

        registry = Registry(self.db_path)   # its own connection: SQLite objects stay in their thread
        try:
            with PageReader(self._jobs_n) as reader:
                while True:
                    try:
                        job, path = self._queue.get(timeout=5)
                    except queue.Empty:
                        return      # idle: the pool's processes go; the next upload starts anew
                    self._run(job, path, registry, reader)
        finally:
            registry.close()

    def _run(self, job: Job, path: Path, registry, reader):
        job.state = "reading"

        def on_pages(n):
            job.pages = n

        def progress(k):
            job.done += k

        try:
            result = self._ingest(path, _Labelled(registry, job.name), reader,
                                  progress=progress, on_pages=on_pages, **self._options)
            job.state = result.status
            job.letters = [{"id": r.get("id"), "doc_no": r.get("doc_no"), "subject": r.get("subject"),
                            "flags": r.get("flags") or []} for r in result.letters]
            if result.status == "duplicate":
                job.letters = self._letters_of(registry, path)
            if result.error is not None:
                job.error = result.error.message.replace(path.name, job.name)
                job.hint = result.error.hint
        except Exception as e:  # the queue must go on whatever one file does
            job.state, job.error = "failed", f"{job.name}: {type(e).__name__}: {e}"
        finally:
            job.seconds = round(time.time() - job.started, 1)
            path.unlink(missing_ok=True)
        return job

    @staticmethod
    def _letters_of(registry, path: Path) -> list[dict]:
        sha = load.sha256_of(path)
        return [{"id": r["id"], "doc_no": r["doc_no"], "subject": r["subject"], "flags": r["flags"]}
                for r in registry.letters(file_sha256=sha)]
