"""A batch of files read through one pool: while a file is registered, the pages of the
files after it are already being read, so a folder of one-page scans keeps every core busy.

Each file is still registered by ``pipeline.ingest_file`` in its own transaction and reported
in the order given; it reads its pages from what was read ahead for it (``_ReadAhead``).
Only a few files are open ahead at once (``FILES_AHEAD_PER_JOB``), so a folder of thousands
costs no more memory than a folder of ten.
"""
from __future__ import annotations

import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from . import gather, load, settings
from .errors import DiskFullError
from .registry import upkeep
from .pipeline import FileResult, PageJob, PageReader, check_settings, ingest_file, lost_page_error

IN_FLIGHT_PER_JOB = 2     # pages sent to the pool per worker: the next page waits there for each one
FILES_AHEAD_PER_JOB = 4   # files open at once per worker, the one being registered included


def ingest_in_order(items, registry, reader: PageReader, *, force: bool = False, engine: str | None = None,
                    progress=None, fn=None):
    """Yield a FileResult for each of ``items`` (paths, or FileResults already decided) in their order.

    With one job each file is read in this process, as ``ingest_file`` alone would. ``fn`` replaces
    ``pipeline.read_page`` in the workers (tests)."""
    if reader.jobs == 1:
        for item in items:
            yield item if isinstance(item, FileResult) else ingest_file(item, registry, reader, force=force,
                                                                        engine=engine, progress=progress)
        return
    yield from _Batch(registry, reader, force, engine or settings.get("engine"), progress, fn).results(items)


@dataclass(eq=False)
class _Entry:
    """One file of the window: the pages to read ahead for it and the futures of those sent."""
    item: Path | FileResult
    opened: float
    jobs: list[PageJob] = field(default_factory=list)
    futures: list = field(default_factory=list)
    lost: str | None = None   # "hung" or "died": the pool was ended with a page of this file in it

    @property
    def done(self) -> bool:
        return self.lost is not None or (len(self.futures) == len(self.jobs)
                                         and all(f.done() for f in self.futures))

    def unread(self) -> int:
        return 0 if self.lost else len(self.jobs) - sum(f.done() for f in self.futures)


class _Batch:
    def __init__(self, registry, reader: PageReader, force: bool, engine: str, progress, fn):
        self.registry, self.reader, self.force, self.engine = registry, reader, force, engine
        self.progress, self.fn = progress, fn
        self.window: deque[_Entry] = deque()
        self.in_flight: dict = {}   # future → its entry

    def results(self, items):
        items, more = iter(items), True
        try:
            while True:
                more = more and self._open_ahead(items)
                self._send()
                if not self.window:
                    return
                if self.window[0].done:
                    yield self._finish(self.window.popleft())
                else:
                    self._wait()
        except GeneratorExit:  # the caller broke off (a full disk): the pages ahead are not wanted
            for future in self.in_flight:
                future.cancel()
            raise
        # interrupted (Ctrl-C, SIGTERM): the reader kills the pool, whose own thread then fails
        # the pages in it; cancelling them here as well races with that thread (InvalidStateError)

    def _open_ahead(self, items) -> bool:
        """Open files until enough pages are waiting to be read; False once ``items`` has run out."""
        jobs = self.reader.jobs
        while (len(self.window) < FILES_AHEAD_PER_JOB * jobs
               and sum(e.unread() for e in self.window) < IN_FLIGHT_PER_JOB * jobs):
            item = next(items, None)
            if item is None:
                return False
            self.window.append(self._entry(item))
        return True

    def _entry(self, item) -> _Entry:
        entry = _Entry(item, time.perf_counter())
        if isinstance(item, FileResult):
            return entry
        try:
            doc = load.open_document(item)
        except Exception:  # ingest_file opens it again and reports why
            return entry
        ahead = {e.jobs[0].doc.sha256 for e in self.window if e.jobs}
        if not self.force and (doc.sha256 in ahead or self.registry.has_file(doc.sha256)):
            return entry  # a duplicate, or one once the same bytes ahead of it are registered
        entry.jobs = [PageJob(doc, i, self.engine) for i in range(doc.pages)]
        return entry

    def _send(self):
        room = IN_FLIGHT_PER_JOB * self.reader.jobs - len(self.in_flight)
        for entry in self.window:
            while room > 0 and not entry.lost and len(entry.futures) < len(entry.jobs):
                try:
                    future = self.reader.submit(entry.jobs[len(entry.futures)], self.fn)
                except BrokenProcessPool:
                    return self._lose("died")
                entry.futures.append(future)
                self.in_flight[future] = entry
                room -= 1

    def _wait(self):
        """Until a page is read; a pool that died, or read nothing for a page's time, is ended."""
        if not self.in_flight:  # the pool was just ended: the next round sends to a fresh one
            return
        done, _ = wait(self.in_flight, timeout=settings.get("page_timeout"), return_when=FIRST_COMPLETED)
        if not done or any(_broke(f) for f in done):
            return self._lose("died" if done else "hung")
        for future in done:
            del self.in_flight[future]
            if self.progress and not future.cancelled() and future.exception() is None:
                self.progress(1)

    def _lose(self, how: str):
        """Fail the files with a page still in the pool; those read already, and those after, go on."""
        for future, entry in self.in_flight.items():
            if not future.done() or _broke(future):
                entry.lost = how
            elif self.progress and future.exception() is None:
                self.progress(1)
        self.in_flight.clear()
        self.reader.lost()

    def _finish(self, entry: _Entry) -> FileResult:
        if isinstance(entry.item, FileResult):
            return entry.item
        result = ingest_file(entry.item, self.registry, _ReadAhead(entry, self.reader, self.fn),
                             force=self.force, engine=self.engine, progress=self.progress)
        result.seconds = time.perf_counter() - entry.opened
        return result


def _broke(future) -> bool:
    return future.cancelled() or isinstance(future.exception(), BrokenProcessPool)


class _ReadAhead:
    """The reader ``ingest_file`` is given: the pages read ahead for its file, or, if the file
    is not the one opened ahead (changed since, or not read ahead), the pool reads them now."""

    def __init__(self, entry: _Entry, reader: PageReader, fn):
        self.entry, self.reader, self.fn = entry, reader, fn
        self.jobs = reader.jobs

    def map(self, jobs: list[PageJob], progress=None, fn=None):
        if not self.entry.jobs or jobs != self.entry.jobs:
            yield from self.reader.map(jobs, progress, fn or self.fn)
            return
        if self.entry.lost:
            raise lost_page_error(timed_out=self.entry.lost == "hung")
        for future in self.entry.futures:
            yield future.result()


def ingest_paths(paths, registry, *, jobs: int | None = None, force: bool = False, engine: str | None = None,
                 progress=None, on_file=None) -> list[FileResult]:
    """Every file in ``paths`` (or in what ``gather.gather`` made of them), reported through
    ``on_file`` in that order: a path that cannot be read fails alone, and a full disk stops
    the batch. With more than one job, the pages of all files share one pool
    (``batch.ingest_in_order``)."""
    check_settings(engine)
    paths = list(paths)
    found = paths if paths and all(isinstance(f, gather.Found) for f in paths) else gather.gather(paths)
    results = []
    with PageReader(jobs) as reader:
        items = (FileResult(item.path, "skipped" if item.skipped else "failed", error=item.problem)
                 if item.problem else item.path for item in found)
        for result in ingest_in_order(items, registry, reader, force=force, engine=engine, progress=progress):
            results.append(result)
            if on_file:
                on_file(result)
            if isinstance(result.error, DiskFullError):
                break
    upkeep.after_batch(registry, results)   # the index stays quick to search as batches add to it
    return results
