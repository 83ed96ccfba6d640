"""Ingest with the pages read on Celery workers (``saraban ingest --queue URL``).

The sending side owns every file from start to end: it keeps the scan (the clerk's file, or
the web intake's stored upload, which the job queue removes only once its job has ended),
puts its bytes in Redis, sends one task per page and registers the file itself, with
``pipeline.ingest_file``, in one registry transaction once all its pages have come back. So a
file is registered once (the registry refuses the same bytes twice inside that transaction),
and nothing is lost with a worker or with Redis:

- a worker process killed mid-page: Celery gives the page back (``task_reject_on_worker_lost``),
  another process reads it; after ``queue_attempts`` such stops the page answers with that
  reason and its file fails;
- Redis killed and started again: its run id changes, so every page not answered yet is sent
  again with its scan (same task id: a page read twice is stored once);
- this process killed: nothing of the file being waited for was registered; the same command
  again skips the files registered (same bytes) and takes the pages already read from Redis.

A page with no answer after ``queue_wait`` seconds (no worker, or Redis gone that long) fails
its file with that reason.
"""
from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

from . import load, settings
from .celery_app import (ATTEMPTS_KEY, KEEP_SECONDS, SCAN_KEY, TASK, QUEUE, connection_errors, make_app, redis_of,
                         task_id, unreachable)
from .errors import (DiskFullError, ExitCode, InputFileError, MissingDependencyError, OcrError, QueueError,
                     SarabanError)
from .page import PageText
from .registry import upkeep
from .pipeline import FileResult, PageJob, check_settings, ingest_file

POLL_SECONDS = 0.2
PAGES_AHEAD_PER_JOB = 2   # pages waiting in the queue for each worker process to keep busy
RESENDS = 3               # times a page whose scan Redis lost is sent again


@dataclass(eq=False)
class Page:
    """One page sent: its task id, and the answer once a worker gave it."""
    job: PageJob
    id: str
    spec: dict
    sent_at: float = 0.0
    run_id: str = ""
    resends: int = 0
    answer: dict | None = None


class PageQueue:
    """The Redis at ``url`` seen from the sending side; also a reader for ``ingest_file``
    (``map`` sends a file's pages and yields them in order)."""

    jobs = 1

    def __init__(self, url: str, *, check: bool = True):
        """``check``: refuse a queue that cannot be reached now (else its pages wait for it)."""
        self.url = url
        self.app = make_app(url)
        self.client = redis_of(self.app)
        self.wait = settings.get("queue_wait")
        self.down_since: float | None = None
        self.gone = connection_errors()
        self.run_id = ""
        try:
            self.run_id = self._run_id()
        except Exception as e:  # noqa: BLE001 -- refused, unknown host, timeout: said plainly
            if check:
                raise unreachable(url, e) from e
        self._scans_put: dict[str, str] = {}   # sha256 → the run id of the Redis it was put in

    def _run_id(self) -> str:
        return self.client.info("server")["run_id"]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.client.close()

    # -- sending --------------------------------------------------------------------------
    def send(self, job: PageJob) -> Page:
        """Send a page (or take its answer, if a run before this one had it read already)."""
        clean = settings.get("clean") if job.clean is None else job.clean
        spec = {"sha256": job.doc.sha256, "name": job.doc.name, "format": job.doc.format,
                "pages": job.doc.pages, "size": job.doc.size, "index": job.index,
                "engine": job.engine, "clean": clean}
        page = Page(job, task_id(job.doc.sha256, job.index, job.engine, clean), spec)
        try:
            known = self._meta(page.id)
            if known.get("status") == "SUCCESS" and "page" in (known.get("result") or {}):
                page.answer = known["result"]
            else:  # an earlier run's failure stays behind (the store never overwrites a result)
                self._forget(page)
                self._publish(page)
        except self.gone:   # Redis away: sent by poll once it is back
            self._went_down()
        return page

    def _publish(self, page: Page) -> None:
        sha = page.spec["sha256"]
        if self._scans_put.get(sha) != self.run_id:
            self.client.set(SCAN_KEY.format(sha), page.job.doc.path.read_bytes(), ex=KEEP_SECONDS)
            self._scans_put[sha] = self.run_id
        self.app.send_task(TASK, args=[page.spec], task_id=page.id, queue=QUEUE, retry=False)
        page.sent_at, page.run_id = time.monotonic(), self.run_id

    def _forget(self, page: Page) -> None:
        """What Redis holds of an earlier reading of the page: its result and its attempts."""
        self.client.delete(self.app.backend.get_key_for_task(page.id), ATTEMPTS_KEY.format(page.id))

    def _meta(self, tid: str) -> dict:
        backend = self.app.backend
        raw = self.client.get(backend.get_key_for_task(tid))
        return backend.decode_result(raw) if raw else {"status": "PENDING"}

    # -- waiting --------------------------------------------------------------------------
    def poll(self, pages: list[Page], progress=None) -> None:
        """Look once at every page not answered yet; send again what Redis lost."""
        waiting = [p for p in pages if p.answer is None]
        if not waiting:
            return
        try:
            self.run_id = self._run_id()   # a new one: Redis started again, and what it held may be gone
            self.down_since = None
            for page in waiting:
                self._look(page, progress)
        except self.gone:   # Redis away: look again until queue_wait has passed
            self._went_down()
            if time.monotonic() - self.down_since > self.wait:
                for page in (p for p in waiting if p.answer is None):
                    page.answer = {"error": f"the page queue at {self.url} could not be reached for {self.wait} s",
                                   "hint": "Start Redis again, then run the same command again.",
                                   "code": int(ExitCode.queue)}

    def _look(self, page: Page, progress) -> None:
        if page.run_id != self.run_id:
            return self._publish(page)
        meta = self._meta(page.id)
        status, result = meta.get("status"), meta.get("result")
        if status == "SUCCESS" and result.get("resend") and page.resends < RESENDS:
            page.resends += 1
            self._scans_put.pop(page.spec["sha256"], None)
            self._forget(page)   # a resend is not a worker that stopped: its attempts start again
            return self._publish(page)
        if status == "SUCCESS":
            page.answer = result
        elif status == "FAILURE":   # a hard time limit, or a worker that stopped outside the task
            page.answer = {"error": f"reading page {page.job.index + 1} failed on the worker "
                                    f"({type(result).__name__}: {result})",
                           "hint": "Check the scan (a damaged or enormous page?), then send it again."}
        elif time.monotonic() - page.sent_at > self.wait:
            page.answer = {"error": f"no worker read page {page.job.index + 1} within {self.wait} s",
                           "hint": f"Start workers (saraban worker --broker {self.url}), or raise "
                                   "SARABAN_QUEUE_WAIT, then run the same command again.",
                           "code": int(ExitCode.queue)}
        if page.answer is not None and progress and "page" in page.answer:
            progress(1)

    def _went_down(self) -> None:
        if self.down_since is None:
            self.down_since = time.monotonic()

    def wait_for(self, pages: list[Page], progress=None) -> None:
        while any(p.answer is None for p in pages):
            self.poll(pages, progress)
            if any(p.answer is None for p in pages):
                time.sleep(POLL_SECONDS)

    def done_with(self, pages: list[Page]) -> None:
        """The file is registered or failed: its scan, attempt counts and answers leave Redis."""
        if not pages:
            return
        keys = [SCAN_KEY.format(pages[0].spec["sha256"])]
        keys += [ATTEMPTS_KEY.format(p.id) for p in pages] + [self.app.backend.get_key_for_task(p.id) for p in pages]
        try:
            self.client.delete(*keys)
        except self.gone:   # gone with Redis, or they expire in a day
            pass
        self._scans_put.pop(pages[0].spec["sha256"], None)

    # -- the reader ``ingest_file`` is given ----------------------------------------------
    def map(self, jobs: list[PageJob], progress=None, fn=None):
        pages = [self.send(job) for job in jobs]
        self.wait_for(pages, progress)
        try:
            yield from answered(pages)
        finally:
            self.done_with(pages)


def answered(pages: list[Page]):
    """The pages read, in order; the first page that failed fails the file with its reason."""
    for page in pages:
        if "page" not in page.answer:
            raise answer_error(page.spec["name"], page.answer)
    for page in pages:
        yield PageText.from_dict(page.answer["page"])


ERRORS = {int(c.exit_code): c for c in (InputFileError, MissingDependencyError, OcrError, QueueError)}


def answer_error(name: str, answer: dict) -> SarabanError:
    """A page's failed answer as the error its file fails with (its class from its exit code)."""
    message = answer["error"] if answer["error"].startswith(name) else f"{name}: {answer['error']}"
    if "nothing of" not in message:
        message += "; nothing of this file was registered."
    return ERRORS.get(answer.get("code"), OcrError)(message, hint=answer.get("hint"))


# -- a batch ------------------------------------------------------------------------------

@dataclass(eq=False)
class _Entry:
    """One file of the window: its pages sent to the queue (none: ``ingest_file`` decides alone)."""
    item: object               # a path, or a FileResult decided already
    opened: float
    pages: list[Page] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return all(p.answer is not None for p in self.pages)


def ingest_queued(found, registry, url: str, *, jobs: int | None = None, force: bool = False,
                  engine: str | None = None, progress=None, on_file=None) -> list[FileResult]:
    """``batch.ingest_paths`` with the pages read by the queue's workers: every file of
    ``found`` (``gather.Found``) registered in its own transaction and reported in order, with
    enough pages of the files after it waiting in the queue to keep ``jobs`` workers busy."""
    check_settings(engine)
    engine = engine or settings.get("engine")
    ahead = PAGES_AHEAD_PER_JOB * max(1, jobs or settings.get("jobs"))
    results = []
    with PageQueue(url) as queue:
        items = iter([FileResult(f.path, "skipped" if f.skipped else "failed", error=f.problem)
                      if f.problem else f.path for f in found])
        window: deque[_Entry] = deque()
        more = True
        while True:
            while more and len(window) < 2 * ahead and sum(not e.ready for e in window) < ahead:
                item = next(items, None)
                if item is None:
                    more = False
                else:
                    window.append(_entry(item, registry, queue, force, engine, window))
            if not window:
                upkeep.after_batch(registry, results)
                return results
            if not window[0].ready:
                if not force and registry.has_file(window[0].pages[0].spec["sha256"]):
                    queue.done_with(window[0].pages)
                    window[0].pages = []   # registered meanwhile by another submitter: a duplicate
                    continue
                queue.poll([p for e in window for p in e.pages], progress)
                if not window[0].ready:
                    time.sleep(POLL_SECONDS)
                continue
            result = _finish(window.popleft(), registry, queue, force, engine, progress)
            results.append(result)
            if on_file:
                on_file(result)
            if isinstance(result.error, DiskFullError):
                return results


def _entry(item, registry, queue: PageQueue, force: bool, engine: str, window) -> _Entry:
    entry = _Entry(item, time.perf_counter())
    if isinstance(item, FileResult):
        return entry
    try:
        doc = load.open_document(item)
    except Exception:  # noqa: BLE001 -- ingest_file opens it again and says why
        return entry
    ahead = {e.pages[0].spec["sha256"] for e in window if e.pages}
    if not force and (doc.sha256 in ahead or registry.has_file(doc.sha256)):
        return entry   # a duplicate, or one once the same bytes ahead of it are registered
    entry.pages = [queue.send(PageJob(doc, i, engine)) for i in range(doc.pages)]
    return entry


def _finish(entry: _Entry, registry, queue: PageQueue, force: bool, engine: str, progress) -> FileResult:
    if isinstance(entry.item, FileResult):
        return entry.item
    try:
        result = ingest_file(entry.item, registry, _Answered(entry, queue), force=force, engine=engine,
                             progress=progress)
    finally:
        queue.done_with(entry.pages)
    result.seconds = time.perf_counter() - entry.opened
    return result


class _Answered:
    """The reader ``ingest_file`` is given: the pages the queue answered for its file, or, for
    a file not sent ahead (a duplicate after all, or changed since), its pages sent now."""

    jobs = 1

    def __init__(self, entry: _Entry, queue: PageQueue):
        self.entry, self.queue = entry, queue

    def map(self, jobs: list[PageJob], progress=None, fn=None):
        if not self.entry.pages or jobs != [p.job for p in self.entry.pages]:
            yield from self.queue.map(jobs, progress)
            return
        yield from answered(self.entry.pages)
