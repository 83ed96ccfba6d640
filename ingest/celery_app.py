"""Pages read by Celery workers, with Redis as broker and result store.

A worker (``saraban worker --broker URL``) only reads pages: it never opens a registry. The
side that sends the pages (``queued.PageQueue``: ``saraban ingest --queue``, or a job-queue
worker of the web intake) keeps the scan, registers each file in one transaction and decides
what a lost page means. What travels:

- the scan's bytes, once per file, under ``saraban:scan:<sha256>`` (workers keep a copy on
  their disk while they read its pages);
- one task per page (``saraban.read_page``) whose id names the page and how it is read, so a
  page sent twice (a resend after Redis restarted, a redelivery after the visibility timeout)
  is read once: a task that finds its own result already stored returns it;
- the page's words and boxes back as the task's result (``migrations.page_dict``).

Reliability: tasks are acknowledged after they ran (``task_acks_late``) and given back when
their worker process dies (``task_reject_on_worker_lost``); each worker process takes one page
at a time (``worker_prefetch_multiplier=1``); a page taken by a worker that is gone entirely
comes back after ``queue_visibility`` seconds, which must be above the longest page
(``page_timeout``); a worker process above ``queue_max_memory`` is replaced after its page; a
page that stopped its worker ``queue_attempts`` times is not read again but answered with
that reason. The engine is loaded once per worker process (``worker_process_init``).
"""
from __future__ import annotations

import hashlib
import os
import socket
import tempfile
import time
from pathlib import Path

from . import load, settings
from .errors import BadArgumentError, ExitCode, QueueError, SarabanError, internal_error
from .pipeline import PageJob, read_page
from .read import engine as read

TASK = "saraban.read_page"
QUEUE = "saraban-pages"
KEEP_SECONDS = 86_400      # scans, attempt counts and results left in Redis expire after a day
CACHE_SECONDS = 3_600      # a worker's copy of a scan is removed an hour after it was last used
SCAN_KEY = "saraban:scan:{}"
ATTEMPTS_KEY = "saraban:attempts:{}"
HARD_LIMIT_AFTER = 10      # seconds after page_timeout (the soft limit) that a page's process is ended


def task_id(sha256: str, index: int, engine: str, clean: str) -> str:
    """The one id of reading page ``index`` of a scan with this engine and these cleaning steps."""
    return f"saraban:{sha256}:{index + 1}:{engine}:{clean}"


def make_app(url: str):
    """A Celery app on the Redis at ``url`` with Saraban's reliability settings and its task."""
    from celery import Celery

    check_url(url)
    page_timeout, visibility = settings.get("page_timeout"), settings.get("queue_visibility")
    longest = page_timeout + HARD_LIMIT_AFTER   # a page still read then is ended by the hard limit
    if visibility <= longest + 10:
        raise BadArgumentError(
            f"SARABAN_QUEUE_VISIBILITY ({visibility} s) must be above the longest page "
            f"(SARABAN_PAGE_TIMEOUT {page_timeout} s, plus {HARD_LIMIT_AFTER + 10}): otherwise a page still "
            "being read is given to a second worker.", hint="Raise SARABAN_QUEUE_VISIBILITY (default 3600).")
    app = Celery("saraban", broker=url, backend=url, set_as_current=False)
    app.conf.update(
        task_serializer="json", result_serializer="json", accept_content=["json"],
        task_default_queue=QUEUE, task_track_started=True,
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        # a worker looks for pages taken by workers that are gone every 60th of the timeout
        broker_transport_options={"visibility_timeout": visibility, "unacked_restore_throttle": 1,
                                  "unacked_restore_interval": max(1, visibility // 60)},
        task_soft_time_limit=page_timeout, task_time_limit=longest,
        worker_max_memory_per_child=settings.get("queue_max_memory"),
        result_expires=KEEP_SECONDS, result_backend_always_retry=True, result_backend_max_retries=60,
        broker_connection_retry_on_startup=True, broker_connection_max_retries=None,
        worker_hijack_root_logger=False, worker_redirect_stdouts=False,
    )
    app.task(name=TASK, bind=True)(_read_page_task)
    return app


def check_url(url: str) -> None:
    if not url.startswith(("redis://", "rediss://")):
        raise BadArgumentError(f"{url!r} is not a Redis URL.",
                               hint="Give one like redis://localhost:6379/0 (the queue is a Redis server).")


def redis_of(app):
    """The Redis client of the app's result store (the same server as the broker)."""
    return app.backend.client


def unreachable(url: str, e: BaseException) -> QueueError:
    return QueueError(f"the page queue at {url} cannot be reached ({type(e).__name__}: {e}).",
                      hint="Start Redis there (redis-server), check the URL, or ingest without --queue.")


# -- the worker side ----------------------------------------------------------------------

def connection_errors() -> tuple:
    """What a Redis that is down, starting or out of reach raises, through redis-py or kombu."""
    import redis
    from kombu.exceptions import OperationalError

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OperationalError, OSError)


def _read_page_task(task, spec: dict) -> dict:
    """Read one page of the scan ``spec`` names: ``{"page": ...}`` or ``{"error", "hint"}``;
    a SarabanError or a bug becomes an answer, never a task retried for ever. Redis gone
    in the middle (killed, restarting) is an answer too: the sender sends the page again."""
    try:
        return _answer(task, spec)
    except connection_errors() as e:
        return {"error": f"the page queue went away while page {spec['index'] + 1} was read "
                         f"({type(e).__name__})", "hint": "Start Redis again, then run the same command again.",
                "code": int(ExitCode.queue), "resend": True}


def _answer(task, spec: dict) -> dict:
    from celery.exceptions import SoftTimeLimitExceeded

    client = redis_of(task.app)
    known = task.app.backend.get_task_meta(task.request.id)
    if known.get("status") == "SUCCESS" and "page" in (known.get("result") or {}):
        return known["result"]   # read already: a second delivery of the same page
    number, limit = spec["index"] + 1, settings.get("queue_attempts")
    attempts = client.incr(ATTEMPTS_KEY.format(task.request.id))
    client.expire(ATTEMPTS_KEY.format(task.request.id), KEEP_SECONDS)
    if attempts > limit:
        return {"error": f"reading page {number} stopped its worker unexpectedly {limit} times",
                "hint": "Check the scan (a damaged or enormous page?), then send it again."}
    try:
        return {"page": _read(client, spec)}
    except SoftTimeLimitExceeded:
        return {"error": f"reading page {number} took longer than {settings.get('page_timeout')} s",
                "hint": "Check the scan (an enormous page?), or raise SARABAN_PAGE_TIMEOUT on the workers."}
    except QueueError as e:   # the scan expired or Redis lost it: the sender puts it again
        return {"error": e.message, "hint": e.hint, "code": int(e.exit_code), "resend": True}
    except SarabanError as e:   # named by the clerk's file name, not the worker's copy's
        return {"error": e.message.replace(spec["sha256"], spec["name"]), "hint": e.hint, "code": int(e.exit_code)}
    except Exception:  # noqa: BLE001 -- a bug fails this page's file, not the worker
        e = internal_error(f"reading page {number}", settings.get("error_log"), subject=spec.get("name"),
                           rest="the worker goes on.")
        return {"error": e.message, "hint": e.hint}


def _read(client, spec: dict) -> dict:
    from .registry.migrations import page_dict

    doc = local_scan(client, spec)
    page = read_page(PageJob(doc, spec["index"], spec["engine"], True, spec["clean"]))
    return page_dict(page)


def local_scan(client, spec: dict):
    """The scan as a ``load.Document`` on this worker's disk, fetched from Redis if not here."""
    sha = spec["sha256"]
    folder = Path(tempfile.gettempdir()) / f"saraban-scans-{os.getuid()}"
    path = folder / sha
    if not path.is_file():
        data = client.get(SCAN_KEY.format(sha))
        if data is None or hashlib.sha256(data).hexdigest() != sha:
            raise QueueError(f"{spec.get('name')}: the scan is no longer in the queue.",
                             hint="Run the same ingest again: it sends the scan again.")
        folder.mkdir(mode=0o700, exist_ok=True)
        _forget_old(folder)
        tmp = folder / f".{sha}.{os.getpid()}"
        tmp.write_bytes(data)
        os.replace(tmp, path)   # whole or not at all: two processes may fetch the same scan
    os.utime(path)
    return load.Document(path, spec["format"], spec["pages"], sha, spec["size"])


def _forget_old(folder: Path) -> None:
    for old in folder.iterdir():
        try:
            if time.time() - old.stat().st_mtime > CACHE_SECONDS:
                old.unlink()
        except OSError:
            pass   # another process removed it first


def _warm(**_):
    """``worker_process_init``: load the engine (Tesseract, the line model) before the first page."""
    from celery.utils.log import get_logger

    os.environ["OMP_THREAD_LIMIT"] = "1"
    started, log = time.perf_counter(), get_logger(__name__)
    try:
        engine = read.engine(settings.get("engine"))
        for part in ("tesseract", "model"):
            getattr(engine, part, None)
        getattr(getattr(engine, "tesseract", engine), "api", None)
    except SarabanError as e:   # each page then answers with it, instead of the process dying at start
        log.error("saraban: the engine cannot be loaded: %s", e)
        return
    log.info("saraban: engine %s loaded in %.1f s", engine.name, time.perf_counter() - started)


def run_worker(url: str, concurrency: int, engine: str | None = None) -> None:
    """A Celery worker on this machine: ``concurrency`` processes reading pages until stopped."""
    from celery.signals import worker_process_init

    if engine:
        os.environ["SARABAN_ENGINE"] = engine   # the engine loaded up front; each page names its own
    app = make_app(url)
    try:
        redis_of(app).ping()
    except Exception as e:  # noqa: BLE001 -- any failure to connect, said plainly
        raise unreachable(url, e) from e
    worker_process_init.connect(_warm, weak=False)
    app.worker_main(["worker", "--pool", "prefork", "--concurrency", str(max(1, concurrency)),
                     "--loglevel", "INFO", "-O", "fair", "--without-gossip", "--without-mingle",
                     "--hostname", f"saraban-{os.getpid()}@{socket.gethostname()}", "--queues", QUEUE])
