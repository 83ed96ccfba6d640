"""Pages per minute read through the page queue (Redis + Celery workers) with 1 and 2 worker
processes, beside plain Tesseract on the same one-page scans, in one run.

Run: .venv/bin/python bench/celery_pages.py [--pages 12] [--engines tesseract,saraban]

- plain Tesseract: ``tesseract page.png - -l tha+eng`` with ``OMP_THREAD_LIMIT=1``, one page at
  a time, then two at a time;
- the queue: a redis-server started here (a free port, a temporary folder), ``saraban worker
  --broker URL -j P`` for P = 1 and 2 (timed once it is ready: its start and the engine's
  loading are not counted), and ``saraban ingest --queue URL --jobs P`` of the folder into a
  fresh registry, which sends every page, waits for the answers and registers each file;
- beside each, ``saraban ingest --jobs P`` of the same folder on this machine without the queue
  (the same reading and registering: the difference is what the queue costs).
Everything runs on this machine, so the submitter and Redis take their share of its cores;
the load average before and after is printed, since on a shared machine other work does too.
CPU seconds per page (this script's child processes) are what other work on the machine
changes least: the cost to size a deployment by.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from pipeline import children_cpu, plain_tesseract, registered, saraban_ingest, sample_pages, timed  # noqa: E402,E501
from queue_support import ENV, REDIS_SERVER, CeleryWorker, RedisServer  # noqa: E402


def one_page_scans(folder: Path, n: int) -> list[Path]:
    from PIL.PngImagePlugin import PngInfo

    folder.mkdir()
    pngs = []
    for i, page in enumerate(sample_pages(n, suffix=".pdf")):
        note = PngInfo()
        note.add_text("bench-page", str(i))   # distinct bytes even if a page repeats: none is a duplicate
        pngs.append(folder / f"scan-{i:03}.png")
        page.save(pngs[-1], dpi=(300, 300), pnginfo=note)
    return pngs


def queued_ingest(url: str, folder: Path, db: Path, processes: int, engine: str) -> float:
    """Wall seconds of ``saraban ingest --queue`` of ``folder``; the workers are running already."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ingest.cli.main", "ingest", "--queue", url, "--jobs", str(processes),
                           "--engine", engine, "--db", str(db), str(folder)], env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"saraban ingest --queue failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall


def plain_rows(pngs):
    for parallel in (1, 2):
        wall, cpu = timed(plain_tesseract(pngs, "1", parallel))
        yield f"plain tesseract, {parallel} at a time", wall, cpu, ""


def queue_rows(url: str, tmp: Path, engine: str, pages: int):
    """The queue with 1 and 2 worker processes, each beside ``saraban ingest`` without it. CPU
    time is the workers' (their start and engine loading included) and the submitter's."""
    for processes in (1, 2):
        db, cpu0 = tmp / f"{engine}-{processes}.db", children_cpu()
        worker = CeleryWorker(url, tmp / f"worker-{engine}-{processes}.log", processes, engine)
        try:
            worker.ready()
            wall = queued_ingest(url, tmp / "scans", db, processes, engine)
        finally:
            worker.stop()   # reaped: its processes' CPU time is counted
        yield (f"queue, {processes} worker process{'es' * (processes > 1)}, engine {engine}", wall,
               children_cpu() - cpu0, f"{registered(db)}/{pages}")
        db = tmp / f"local-{engine}-{processes}.db"   # the same read here, for the queue's own cost
        wall, cpu = timed(saraban_ingest(db, processes, engine, tmp / "scans"))
        yield f"  saraban ingest -j {processes} here", wall, cpu, f"{registered(db)}/{pages}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=12)
    ap.add_argument("--engines", default="tesseract,saraban")
    args = ap.parse_args()
    if not REDIS_SERVER:
        raise SystemExit("redis-server is not installed: apt-get install redis-server")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pngs = one_page_scans(tmp / "scans", args.pages)
        before = os.getloadavg()
        rows = list(plain_rows(pngs))
        server = RedisServer(tmp / "redis").start()
        try:
            for engine in args.engines.split(","):
                rows += queue_rows(server.url, tmp, engine, len(pngs))
        finally:
            server.kill()
        after = os.getloadavg()
    print(f"{len(pngs)} one-page PNG scans (pages of samples/bundles/*.pdf at 300 dpi), {os.cpu_count()} cores, "
          "OMP_THREAD_LIMIT=1; the queue's figures include sending, Redis and registering each file")
    print("load average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}"
          .format(*before, *after))
    print(f"{'':48}{'wall s':>9}{'pages/min':>11}{'CPU s/page':>12}  registered")
    for name, wall, cpu, kept in rows:
        print(f"{name:48}{wall:9.1f}{60 * len(pngs) / wall:11.1f}{cpu / len(pngs):12.2f}  {kept}")


if __name__ == "__main__":
    main()
