"""The registry's job queue: order, recovery after a worker is gone, and a real worker process
killed -9 in the middle of a file (its job read again by the next worker, registered once)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.jobqueue import MAX_ATTEMPTS, JobQueue, uploads_dir
from ingest.registry.store import Registry

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def reg(places):
    with Registry(places("reg.db")) as r:
        yield r


def test_rereads_go_first_then_uploads_in_the_order_they_came(reg):
    q = JobQueue(reg)
    a = q.add("ingest", name="a.pdf", upload="a.pdf")
    b = q.add("ingest", name="b.pdf", upload="b.pdf")
    r = q.add("reread", options={"sha256": "x", "number": 1})
    assert [q.claim(1)["id"] for _ in range(3)] == [r["id"], a["id"], b["id"]]
    assert q.claim(1) is None
    assert q.get(a["id"])["state"] == "reading" and q.get(a["id"])["attempts"] == 1


def test_a_job_left_by_a_worker_that_is_gone_is_queued_again_then_failed_with_a_reason(reg):
    q = JobQueue(reg)
    job = q.add("ingest", name="ว๕๒๒๑.pdf", upload="x.pdf")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert q.claim(worker=999_999_999)["attempts"] == attempt   # a pid no process has
        assert q.recover() == [job["id"]]
        expect = "queued" if attempt < MAX_ATTEMPTS else "failed"
        assert q.get(job["id"])["state"] == expect
    failed = q.get(job["id"])
    assert f"stopped unexpectedly {MAX_ATTEMPTS} times" in failed["error"] and failed["hint"]
    # a job whose worker still runs is left alone
    other = q.add("ingest", name="b.pdf", upload="b.pdf")
    q.claim(worker=os.getpid())
    assert q.recover() == [] and q.get(other["id"])["state"] == "reading"


WORKER = """
import sys, time
from ingest import jobqueue, pipeline

def slow_ingest(path, registry, reader, **kw):   # the library's ingest, after a long first page
    open(sys.argv[2], "a").write("started\\n")
    if len(open(sys.argv[2]).read().split()) == 1:
        time.sleep(60)
    return pipeline.ingest_file(path, registry, reader, engine="tesseract")

jobqueue.work(sys.argv[1], jobs=1, ingest_file=slow_ingest, idle=3)
"""


def test_a_worker_killed_mid_file_leaves_the_job_for_the_next_one_which_registers_it_once(tmp_path, places):
    pytest.importorskip("tesserocr")
    from test_web_queue import letter_png

    db, marks = places("reg.db"), tmp_path / "marks"
    with Registry(db) as reg:
        uploads_dir(db).mkdir(parents=True)
        letter_png(uploads_dir(db) / "job.png", 3)
        job = JobQueue(reg).add("ingest", name="หนังสือ ว๑๐๓.png", user="clerk", upload="job.png")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    first = subprocess.Popen([sys.executable, "-c", WORKER, str(db), str(marks)], env=env)
    deadline = time.monotonic() + 60
    while not marks.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    os.kill(first.pid, signal.SIGKILL)          # half-way through the file
    first.wait()
    with Registry(db) as reg:
        assert JobQueue(reg).get(job["id"])["state"] == "reading"
    second = subprocess.run([sys.executable, "-c", WORKER, str(db), str(marks)], env=env, timeout=120)
    assert second.returncode == 0
    with Registry(db) as reg:
        done = JobQueue(reg).get(job["id"])
        files = reg.q("SELECT name FROM files WHERE name = ?", ("หนังสือ ว๑๐๓.png",))
    assert done["state"] == "registered" and done["attempts"] == 2, done
    assert len(files) == 1 and done["letters"]
    assert not (uploads_dir(db) / "job.png").exists()     # kept until its job ended, then removed


DIES_AFTER_REGISTERING = """
import os, sys
from ingest import jobqueue, pipeline

def ingest_then_die(path, registry, reader, **kw):   # killed as the file's transaction commits
    pipeline.ingest_file(path, registry, reader, engine="tesseract")
    os._exit(9)

jobqueue.work(sys.argv[1], jobs=1, ingest_file=ingest_then_die if sys.argv[2] == "die" else None, idle=3)
"""


def test_a_worker_killed_as_its_file_is_registered_leaves_the_job_registered_not_a_duplicate(tmp_path, places):
    """The job is marked registered in the file's own transaction: killed right after it, the
    next worker finds nothing to do, where it used to read the file again and end the job as a
    duplicate of itself."""
    pytest.importorskip("tesserocr")
    from test_web_queue import letter_png

    db = places("reg.db")
    with Registry(db) as reg:
        uploads_dir(db).mkdir(parents=True)
        letter_png(uploads_dir(db) / "job.png", 4)
        job = JobQueue(reg).add("ingest", name="หนังสือ ว๑๐๔.png", user="clerk", upload="job.png")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    first = subprocess.run([sys.executable, "-c", DIES_AFTER_REGISTERING, str(db), "die"], env=env, timeout=120)
    assert first.returncode == 9
    second = subprocess.run([sys.executable, "-c", DIES_AFTER_REGISTERING, str(db), "live"], env=env, timeout=120)
    assert second.returncode == 0
    with Registry(db) as reg:
        done = JobQueue(reg).get(job["id"])
        files = reg.q("SELECT name FROM files WHERE name = ?", ("หนังสือ ว๑๐๔.png",))
    assert done["state"] == "registered" and done["attempts"] == 1, done
    assert len(files) == 1 and done["letters"] and done["letters"][0]["id"]
