"""A durable queue of reading work, kept in the registry: uploads to register, pages to read again.

Whoever queues work (the web workspace) writes a row and, for an upload, a stored file, and
never reads a page itself; worker processes (``work``, started by ``Workers``) claim one row at
a time, read it with the pipeline in their own process and write the outcome back. Nothing
lives only in memory: a crash or restart leaves rows in ``reading`` that ``recover`` puts back
in the queue, so every upload ends ``registered``, ``duplicate`` or ``failed`` with a reason.
A job that has stopped its worker ``MAX_ATTEMPTS`` times fails with that reason instead of
being re-queued for ever. The stored upload is removed only once its job has ended.
"""
from __future__ import annotations

import atexit
import ctypes
import json
import multiprocessing
import os
import secrets
import signal
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from . import load, pipeline, settings
from .errors import NotFoundError, SarabanError
from .pipeline import PageReader, ingest_file as library_ingest
from .queued import PageQueue
from .registry import upkeep
from .registry.health import process_alive

MAX_ATTEMPTS = 3        # times a job may stop its worker (crash, kill) before it fails
IDLE_SECONDS = 5.0      # a worker with nothing to claim for this long exits
POLL_SECONDS = 0.2      # how often an idle worker, or a waiting request, looks again
RECOVER_SECONDS = 5.0   # how often an idle worker looks for jobs left by a worker that is gone
WATCH_IDLE_SECONDS = 30.0   # the watcher of a server's workers stops after this long with no work
FINAL = ("registered", "duplicate", "failed", "done")


def uploads_dir(place) -> Path:
    """Where stored uploads wait for their job: ``<registry>.files/.uploads/`` (a server
    registry's: in the folder of settings.files_base)."""
    return settings.files_folder(place) / ".uploads"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _row(row) -> dict:
    job = dict(row)
    for key, empty in (("letters", []), ("options", {}), ("result", None)):
        job[key] = json.loads(job[key]) if job.get(key) else empty
    return job


class JobQueue:
    """The ``jobs`` table of one open registry."""

    def __init__(self, registry):
        self.registry = registry

    def add(self, kind: str, *, name: str = "", user: str = "", upload: str | None = None,
            options: dict | None = None, job_id: str | None = None) -> dict:
        job_id = job_id or secrets.token_urlsafe(12)
        with self.registry.transaction():
            self.registry.conn.execute(
                "INSERT INTO jobs (id, kind, state, name, \"user\", upload, options, attempts, pages, done,"
                " created_at) VALUES (?, ?, 'queued', ?, ?, ?, ?, 0, 0, 0, ?)",
                (job_id, kind, name, user, upload, json.dumps(options or {}, ensure_ascii=False), _now()))
        return self.get(job_id)

    def get(self, job_id: str) -> dict | None:
        rows = self.registry.q("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return _row(rows[0]) if rows else None

    def jobs(self, ids: list[str]) -> list[dict]:
        found = {j["id"]: j for j in (self.get(i) for i in ids) if j}
        return [found[i] for i in ids if i in found]

    def recent(self, kind: str = "ingest", limit: int = 30, offset: int = 0) -> list[dict]:
        rows = self.registry.q("SELECT * FROM jobs WHERE kind = ? ORDER BY created_at DESC, rowid DESC"
                               " LIMIT ? OFFSET ?", (kind, limit, offset))
        return [_row(r) for r in rows]

    def count(self, state: str | None = None, kind: str | None = None) -> int:
        """Jobs in ``state`` (any state when None), of ``kind`` when given."""
        sql, params = "SELECT COUNT(*) FROM jobs WHERE TRUE", []
        if state:
            sql, params = sql + " AND state = ?", params + [state]
        if kind:
            sql, params = sql + " AND kind = ?", params + [kind]
        return self.registry.conn.execute(sql, params).fetchone()[0]

    def claim(self, worker: int) -> dict | None:
        """The oldest queued job, now ``reading`` by ``worker`` (re-reads first: a clerk waits)."""
        with self.registry.transaction():
            rows = self.registry.q("SELECT id FROM jobs WHERE state = 'queued'"
                                   " ORDER BY kind = 'reread' DESC, created_at, rowid LIMIT 1")
            if not rows:
                return None
            self.registry.conn.execute(
                "UPDATE jobs SET state = 'reading', attempts = attempts + 1, worker = ?, started_at = ?,"
                " heartbeat = ?, pages = 0, done = 0 WHERE id = ?", (worker, _now(), time.time(), rows[0]["id"]))
        return self.get(rows[0]["id"])

    def update(self, job_id: str, **columns) -> None:
        columns["heartbeat"] = time.time()
        sets = ", ".join(f"{c} = ?" for c in columns)
        with self.registry.transaction():
            self.registry.conn.execute(f"UPDATE jobs SET {sets} WHERE id = ?", (*columns.values(), job_id))

    def finish(self, job_id: str, state: str, *, letters=None, result=None, error: str | None = None,
               hint: str | None = None, seconds: float | None = None) -> None:
        self.update(job_id, state=state, finished_at=_now(), seconds=seconds, error=error, hint=hint,
                    letters=json.dumps(letters or [], ensure_ascii=False),
                    result=None if result is None else json.dumps(result, ensure_ascii=False))

    def recover(self, alive=None) -> list[str]:
        """Jobs left ``reading`` by a worker that is gone: queued again, or failed after
        ``MAX_ATTEMPTS``. ``alive(pid)`` says whether a worker still runs."""
        alive = alive or process_alive
        recovered = []
        for row in self.registry.q("SELECT id, worker, attempts FROM jobs WHERE state = 'reading'"):
            if row["worker"] and alive(row["worker"]):
                continue
            if row["attempts"] >= MAX_ATTEMPTS:
                self.finish(row["id"], "failed",
                            error=f"reading it stopped unexpectedly {row['attempts']} times; nothing of it was "
                                  "registered.",
                            hint="Check the scan (a damaged or enormous page?), then send it again.")
            else:
                self.update(row["id"], state="queued", worker=None)
            recovered.append(row["id"])
        return recovered


def wait(db_path, job_id: str, timeout: float) -> dict:
    """The job once it has ended (or as it stands after ``timeout`` seconds)."""
    from .registry.store import Registry

    deadline = time.monotonic() + timeout
    with Registry(db_path) as registry:   # out of a transaction, each read sees the latest commit
        queue = JobQueue(registry)
        while True:
            job = queue.get(job_id)
            if job is None or job["state"] in FINAL or time.monotonic() > deadline:
                return job
            time.sleep(POLL_SECONDS)


# -- the worker side ----------------------------------------------------------------------

def _die_with_parent(parent: int) -> None:
    """Ask Linux to end this process when its parent goes (the parent may be killed -9)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:   # the parent went before the request took hold
        os._exit(0)


def work(db_path, *, parent: int | None = None, jobs: int = 1, engine: str | None = None,
         ingest_file=None, idle: float = IDLE_SECONDS) -> None:
    """A worker process: claim and run jobs until there has been none for ``idle`` seconds."""
    from .registry.store import Registry

    if parent:
        _die_with_parent(parent)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if settings.get("broker"):   # the pages go to that queue's workers; the job is registered here as always
        reader = PageQueue(settings.get("broker"), check=False)
    else:
        reader = PageReader(jobs)
    with Registry(db_path) as registry, reader:
        queue = JobQueue(registry)
        queue.recover()   # what a worker that is gone left half-read: first in line again
        last = looked = time.monotonic()
        worked = False
        while time.monotonic() - last < idle:
            job = queue.claim(os.getpid())
            if job is None:
                if worked:   # the queue is empty: the index merged for a moment, quick to search again
                    upkeep.tidy(registry)
                    worked = False
                if time.monotonic() - looked > RECOVER_SECONDS:
                    queue.recover()   # what a worker that is gone left half-read
                    looked = time.monotonic()
                time.sleep(POLL_SECONDS)
                continue
            try:
                run_job(queue, job, reader, ingest_file=ingest_file, engine=engine)
            except BaseException:   # stopped (Ctrl-C, SIGTERM): the job waits for the next worker
                queue.update(job["id"], state="queued", worker=None, attempts=job["attempts"] - 1)
                raise
            last, worked = time.monotonic(), True


def run_job(queue: JobQueue, job: dict, reader, *, ingest_file=None, engine: str | None = None) -> None:
    """Run one claimed job and record how it ended; a bug fails the job, never the worker."""
    started = time.monotonic()
    try:
        if job["kind"] == "reread":
            _reread(queue, job, reader, engine)
        else:
            _ingest(queue, job, reader, ingest_file, engine)
    except Exception as e:  # noqa: BLE001 -- the queue must go on whatever one job does
        message = e.message if isinstance(e, SarabanError) else f"{job['name']}: {type(e).__name__}: {e}"
        queue.finish(job["id"], "failed", error=message, hint=getattr(e, "hint", None),
                     seconds=round(time.monotonic() - started, 1))


def _ingest(queue: JobQueue, job: dict, reader, ingest_file, engine) -> None:
    registry = queue.registry
    path = uploads_dir(registry.place) / (job["upload"] or "")
    started = time.monotonic()
    if not job["upload"] or not path.is_file():
        queue.finish(job["id"], "failed", error=f"{job['name']}: the stored upload is missing; nothing was "
                                                "registered.", hint="Send the file again.")
        return
    done = [0]

    def progress(k):
        done[0] += k
        queue.update(job["id"], done=done[0])

    engine = job["options"].get("engine") or engine
    result = (ingest_file or library_ingest)(path, _Labelled(queue, job), reader,
                                             progress=progress, on_pages=lambda n: queue.update(job["id"], pages=n),
                                             **({"engine": engine} if engine else {}))
    letters = [_summary(r) for r in result.letters]
    if result.status == "duplicate":
        letters = [_summary(r) for r in registry.letters(file_sha256=load.sha256_of(path))]
    error = result.error
    queue.finish(job["id"], result.status, letters=letters,
                 error=None if error is None else error.message.replace(path.name, job["name"]),
                 hint=None if error is None else error.hint, seconds=round(time.monotonic() - started, 1))
    path.unlink(missing_ok=True)


def _summary(rec: dict) -> dict:
    return {"id": rec.get("id"), "doc_no": rec.get("doc_no"), "subject": rec.get("subject"),
            "flags": rec.get("flags") or []}


def registered_document(registry, sha256: str):
    """A registered file as a ``load.Document``: its original scan, found by sha256."""
    rows = registry.q("SELECT pages, size FROM files WHERE sha256 = ?", (sha256,))
    path = registry.original_path(sha256)
    if not rows or path is None or not path.is_file():
        raise NotFoundError(f"The scan of file {sha256[:12]}… is not in the registry.")
    return load.Document(path, load.sniff(path), rows[0]["pages"] or 1, sha256,
                         rows[0]["size"] or path.stat().st_size)


def _reread(queue: JobQueue, job: dict, reader, engine) -> None:
    """A registered page read again by ``reader``: here, or by the page queue's workers."""
    from .registry.migrations import page_dict

    started = time.monotonic()
    sha256, number = job["options"]["sha256"], int(job["options"]["number"])
    doc = registered_document(queue.registry, sha256)
    if not 1 <= number <= doc.pages:
        raise NotFoundError(f"File {sha256[:12]}… has no page {number}.")
    engine = job["options"].get("engine") or engine or settings.get("engine")
    page, = list(reader.map([pipeline.PageJob(doc, number - 1, engine)]))   # to the end: the queue's keys go
    queue.finish(job["id"], "done", result=page_dict(page), seconds=round(time.monotonic() - started, 1))


class _Labelled:
    """The registry as ``ingest_file`` sees it, with the clerk's file name instead of the
    server-made one (the name is data, not a path), and the job marked registered in the
    file's own transaction: a worker killed between the two would leave a registered file
    whose job, read again, ends as a duplicate of itself."""

    def __init__(self, queue: JobQueue, job: dict):
        self._registry, self._queue, self._job = queue.registry, queue, job

    def __getattr__(self, attr):
        return getattr(self._registry, attr)

    def add_file(self, file_info, records, pages, original=None, force=False):
        for rec in records:
            rec.setdefault("source", {})["file"] = self._job["name"]
        with self._registry.transaction():
            ids = self._registry.add_file({**file_info, "name": self._job["name"]}, records, pages, original, force)
            letters = [{**_summary(rec), "id": i} for rec, i in zip(records, ids)]
            self._queue.update(self._job["id"], state="registered", letters=json.dumps(letters, ensure_ascii=False))
        return ids


# -- starting workers ---------------------------------------------------------------------

class Workers:
    """Worker processes for one registry: started while work is queued, gone when idle.

    One thread watches the queue (``poke`` wakes it at once): it recovers what a stopped
    worker left, and starts up to ``processes`` workers while jobs wait. Workers are fresh
    interpreters (spawned), so no thread or Tesseract state of the caller goes with them.
    """

    def __init__(self, db_path, *, processes: int = 2, jobs: int = 1, ingest_file=None):
        self.db_path = db_path
        self.processes = max(0, processes)   # 0: none here (``saraban worker`` elsewhere reads the queue)
        self._kwargs = {"jobs": jobs, "ingest_file": ingest_file}
        self._procs: list = []
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stop_registered = False

    def stop(self) -> None:
        """End the workers now (the server stops): what they were reading goes back to the
        queue for the next start, instead of this process waiting for the whole queue."""
        for process in self._procs:
            if process.is_alive():
                process.terminate()
        for process in self._procs:
            process.join(10)
        self._procs = []

    def start(self) -> "Workers":
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._watch, name="saraban-workers", daemon=True)
                self._thread.start()
        return self

    def poke(self) -> None:
        self._wake.set()
        self.start()

    def _watch(self) -> None:
        """Look every second; stop after ``WATCH_IDLE_SECONDS`` with nothing queued, read or
        running (``poke`` starts it again). It must outlive its workers: Linux ends them when
        the thread that started them ends."""
        quiet_since = time.monotonic()
        while True:
            try:
                if self._tick():
                    quiet_since = time.monotonic()
            except Exception:  # noqa: BLE001 -- a busy or locked registry: look again shortly
                quiet_since = time.monotonic()
            self._wake.wait(1.0)
            with self._lock:
                if not self._wake.is_set() and time.monotonic() - quiet_since > WATCH_IDLE_SECONDS:
                    self._thread = None
                    return
                self._wake.clear()

    def _tick(self) -> bool:
        """Recover, start a worker if work waits; whether anything is left to watch."""
        from .registry.store import Registry

        self._procs = [p for p in self._procs if p.is_alive()]   # is_alive reaps the dead
        with Registry(self.db_path) as registry:
            queue = JobQueue(registry)
            queue.recover()
            waiting, reading = queue.count("queued"), queue.count("reading")
        if waiting and len(self._procs) < self.processes:
            process = multiprocessing.get_context("spawn").Process(
                target=work, args=(str(self.db_path),), kwargs={"parent": os.getpid(), **self._kwargs},
                name="saraban-worker", daemon=False)
            process.start()
            if not self._stop_registered:
                atexit.register(self.stop)   # before multiprocessing's own, which would wait for them
                self._stop_registered = True
            self._procs.append(process)
            if waiting > 1:
                self._wake.set()   # another one at the next look, if allowed
        return bool(waiting or reading or self._procs)
