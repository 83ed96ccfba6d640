"""``saraban ingest`` killed: its worker processes go with it, SIGINT and SIGTERM exit with
their own status, and a run after a kill at any moment ends with the same letters as a
run never interrupted, on a file and on a server. The batch is five two-page PDFs with a
text layer (no OCR), read by two worker processes; twenty kills and reruns, two at a time,
cost about a minute of CPU time in all."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import LETTER, letter_lines, processes_with, text_pdf
from ingest.errors import ExitCode
from ingest.registry.store import Registry

ENV = {**os.environ, "SARABAN_DPI": "150", "PYTHAINLP_OFFLINE": "1", "OMP_THREAD_LIMIT": "1"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    for n in range(5):
        text_pdf(folder / f"letter-{n}.pdf", [letter_lines(800 + n), LETTER[5:]])
    return folder


@pytest.fixture(scope="module")
def long_batch(tmp_path_factory) -> Path:
    """Enough files that the workers are still reading when a signal comes (five could all be
    registered between the workers showing up and the signal, on a busy machine)."""
    folder = tmp_path_factory.mktemp("long")
    for n in range(15):
        text_pdf(folder / f"letter-{n:02d}.pdf", [letter_lines(900 + n), LETTER[5:]])
    return folder


def _as_at_a_terminal():
    """Ctrl-C reaches the run, as at a terminal: a suite started in the background (nohup,
    ``&`` in a script) passes SIGINT on ignored, and Python then keeps ignoring it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def ingest(batch, db, **kw):
    return subprocess.Popen([sys.executable, "-m", "ingest.cli.main", "ingest", str(batch), "--db", str(db), "--jobs", "2"],
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_as_at_a_terminal, **kw)


def wait_for_workers(proc, db, deadline=120.0) -> list[int]:
    """The pids of ``proc``'s worker processes, once they are reading pages."""
    end = time.monotonic() + deadline
    while time.monotonic() < end and proc.poll() is None:
        workers = [p for p in processes_with(str(db)) if p != proc.pid]
        if len(workers) >= 2:
            return workers
        time.sleep(0.02)
    pytest.fail("the worker processes never started")


def left_over(db, within=10.0) -> list[int]:
    """Processes of a run on ``db`` still alive ``within`` seconds from now (none, at best)."""
    end = time.monotonic() + within
    while processes_with(str(db)) and time.monotonic() < end:
        time.sleep(0.05)
    return processes_with(str(db))


def letters(db) -> list[tuple]:
    with Registry(db) as reg:
        return sorted(tuple(row) for row in reg.conn.execute(
            "SELECT f.name, l.doc_no, l.date, l.subject FROM letters l JOIN files f ON f.sha256 = l.file_sha256"))


@pytest.mark.parametrize("sig, status", [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGTERM, ExitCode.terminated),
                                         (signal.SIGINT, ExitCode.interrupted)])
def test_workers_go_with_a_killed_ingest_and_each_signal_has_its_status(places, long_batch, sig, status):
    db = places("r.db")
    proc = ingest(long_batch, db)
    workers = wait_for_workers(proc, db)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == status, err
    assert left_over(db) == [], f"workers {workers} outlived the ingest"
    assert "Traceback" not in err
    if sig != signal.SIGKILL:
        assert ("interrupted" if sig == signal.SIGINT else "stopped (SIGTERM)") in err
    with Registry(db) as reg:
        assert reg.integrity_check() == []


def _killed_at_moments(places, batch, moments: int, lanes: int = 2):
    """Kill a run at ``moments`` points spread from start-up to the last commit, run it again,
    compare; ``lanes`` registries at a time, timed by as many uninterrupted runs side by side."""
    from concurrent.futures import ThreadPoolExecutor

    started = time.monotonic()
    whole = [places(f"whole-{n}.db") for n in range(lanes)]
    runs = [ingest(batch, db) for db in whole]
    assert [p.wait(timeout=300) for p in runs] == [0] * lanes
    length = time.monotonic() - started
    expected = letters(whole[0])
    assert len(expected) == 5 and letters(whole[-1]) == expected
    killed = [places(f"killed-{i}.db") for i in range(moments)]

    def kill_and_rerun(i: int):
        db = killed[i]
        proc = ingest(batch, db)
        time.sleep(length * (0.1 + 0.9 * i / (moments - 1)))
        proc.kill()
        proc.wait()
        assert left_over(db) == [], f"moment {i}: a process outlived the kill"
        again = ingest(batch, db)
        _, err = again.communicate(timeout=300)
        assert again.returncode == 0, f"moment {i}: {err}"
        assert letters(db) == expected, f"moment {i}"
        with Registry(db) as reg:
            assert reg.integrity_check() == [], f"moment {i}"
        assert left_over(db, within=5.0) == []

    with ThreadPoolExecutor(lanes) as pool:
        futures = [pool.submit(kill_and_rerun, i) for i in range(moments)]
        try:
            for future in futures:
                future.result()
        finally:  # the first failure says enough: the moments not begun are not run
            pool.shutdown(cancel_futures=True)


def test_killed_at_moments_through_the_run_then_run_again_the_letters_are_the_same(places, backend, batch):
    """20 moments on a file; on a server 10, spread the same way: a run there is longer, and 20
    would add a minute and a half to the suite (the slow test below kills at 60 on both)."""
    _killed_at_moments(places, batch, 20 if backend == "sqlite" else 10)


@pytest.mark.slow
def test_killed_at_60_moments(places, batch):
    _killed_at_moments(places, batch, 60)
