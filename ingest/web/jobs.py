"""Intake: uploads and re-reads go to the registry's durable job queue (``ingest.jobqueue``)
and are read by worker processes, never in a request thread, while the page polls progress.

Uploads are saved under the registry's folder (``<registry>.files/.uploads/``) with a name the
server makes; the name the clerk's computer gave is kept only as a label, and becomes the
file's name in the registry. The library's ``ingest_file`` does the work.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import time
import unicodedata
from contextlib import contextmanager
from pathlib import Path

from .. import load, settings
from ..errors import InputFileError, OcrError
from ..jobqueue import JobQueue, Workers, uploads_dir, wait
from ..page import PageText
from ..registry.opening import create_private
from ..registry.store import Registry
from .thai import be_datetime
from .wording import error_thai, hint_thai

EXT = {"pdf": ".pdf", "tiff": ".tif", "jpeg": ".jpg", "png": ".png"}
WORKERS = 2              # worker processes reading uploads and re-reads at once
ORPHAN_SECONDS = 3600    # a stored upload no job refers to is removed after this long
MAX_ATTEMPTS_WAIT = 3    # a re-read waits this many page timeouts before giving up


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


def job_view(job: dict) -> dict:
    """A job as the intake page and the API show it, with its error and hint in Thai."""
    keep = ("id", "name", "user", "state", "pages", "done", "letters", "error", "hint", "attempts",
            "created_at", "finished_at", "seconds")
    return {**{k: job.get(k) for k in keep}, "error_th": error_thai(job.get("error")),
            "hint_th": hint_thai(job.get("hint")), "created_th": be_datetime(job.get("created_at"))}


class Intake:
    """Uploads and re-reads sent to the registry's job queue, read by worker processes.

    Nothing here reads a page: a request stores the upload, queues a row and returns (or
    waits for the row to end, for the synchronous API and a re-read). A restart finds the
    queue where it was: ``Workers`` recovers every unfinished job and reads it.
    """

    def __init__(self, db_path: Path, *, ingest_file=None, jobs: int | None = None,
                 engine: str | None = None, processes: int | None = None):
        self.db_path = db_path
        self.upload_dir = uploads_dir(self.db_path)
        self._engine = engine
        self.workers = Workers(self.db_path, processes=WORKERS if processes is None else processes, jobs=jobs or 1,
                               ingest_file=ingest_file)   # the engine goes with each job
        self._sweep()
        self.workers.start()   # resumes what a crash or restart left in the queue

    @property
    def engine(self) -> str | None:
        """The OCR engine the workspace was started with (None: the configured default)."""
        return self._engine

    @contextmanager
    def _queue(self):
        """The job queue over a connection of this thread's, closed when done."""
        with Registry(self.db_path) as registry:
            yield JobQueue(registry)

    def _sweep(self) -> None:
        """Remove stored uploads no job refers to (a crash between storing and queueing)."""
        if not self.upload_dir.is_dir():
            return
        with self._queue() as queue:
            known = {r["upload"] for r in queue.registry.q("SELECT upload FROM jobs WHERE upload IS NOT NULL"
                                                           " AND state NOT IN ('registered', 'duplicate', 'failed')")}
        for path in self.upload_dir.iterdir():
            if path.name not in known and time.time() - path.stat().st_mtime > ORPHAN_SECONDS:
                path.unlink(missing_ok=True)

    # -- the request side -----------------------------------------------------------
    def _store(self, stream, client_name: str | None) -> tuple[Path, str]:
        """Save an upload under a server-made name after checking its type by content."""
        for folder in (self.upload_dir.parent, self.upload_dir):   # scans are not for every account
            create_private(folder, None, 0o700)   # a server registry's folder may not be made yet
        tmp = self.upload_dir / f"{secrets.token_urlsafe(12)}.part"
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        stream.save(str(tmp)) if hasattr(stream, "save") else tmp.write_bytes(stream.read())
        name = display_name(client_name)
        try:
            fmt = load.sniff(tmp)
        except InputFileError as e:
            tmp.unlink(missing_ok=True)
            raise InputFileError(e.message.replace(tmp.name, name), hint=e.hint) from None
        return tmp.rename(tmp.with_suffix(EXT[fmt])), name

    def save_upload(self, stream, client_name: str | None, user: str) -> dict:
        """Store an upload and queue it; the job as it stands."""
        path, name = self._store(stream, client_name)
        with self._queue() as queue:
            job = queue.add("ingest", name=name, user=user, upload=path.name,
                            options={"engine": self._engine} if self._engine else None)
        self.workers.poke()
        return job_view(job)

    def ingest_now(self, stream, client_name: str | None, user: str) -> dict:
        """Store an upload, queue it and wait until a worker has read it (the JSON API)."""
        job = self.save_upload(stream, client_name, user)
        return job_view(wait(self.db_path, job["id"], settings.get("page_timeout") * settings.get("max_pages")))

    def reread(self, sha256: str, number: int, user: str = ""):
        """Page ``number`` of a registered file read again by a worker (the page as read now)."""
        with self._queue() as queue:
            job = queue.add("reread", name=f"{sha256[:12]} p{number}", user=user,
                            options={"sha256": sha256, "number": number, "engine": self._engine})
        self.workers.poke()
        job = wait(self.db_path, job["id"], settings.get("page_timeout") * MAX_ATTEMPTS_WAIT)
        if job["state"] != "done":
            raise OcrError(job.get("error") or "reading the page again took too long.",
                           hint=job.get("hint") or "Try again in a moment.")
        return PageText.from_dict(job["result"])

    def status(self, ids: list[str]) -> list[dict]:
        with self._queue() as queue:
            return [self._live(queue.registry, job_view(j)) for j in queue.jobs(ids)]

    def recent(self, limit: int = 30, offset: int = 0) -> list[dict]:
        with self._queue() as queue:
            return [self._live(queue.registry, job_view(j)) for j in queue.recent(limit=limit, offset=offset)]

    def total(self) -> int:
        """How many files were ever sent to the intake (the list's length)."""
        with self._queue() as queue:
            return queue.count(kind="ingest")

    @staticmethod
    def _live(registry, job: dict) -> dict:
        """A finished job's letters as they are now (corrected since, removed since)."""
        ids = [l["id"] for l in job["letters"] if l.get("id")]
        if ids:
            rows = registry.q(f"SELECT id, doc_no, subject, flags FROM letters WHERE id IN "
                              f"({', '.join('?' * len(ids))})", ids)
            now = {r["id"]: {"id": r["id"], "doc_no": r["doc_no"], "subject": r["subject"],
                             "flags": json.loads(r["flags"] or "[]")} for r in rows}
            job["letters"] = [now[i] for i in ids if i in now]
        return job
