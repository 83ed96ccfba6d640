"""A real redis-server and real Celery workers (``saraban worker --broker``) for the page
queue's tests and bench: each on a free port, in a folder of its own, ended with everything
it started."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REDIS_SERVER = shutil.which("redis-server")
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHAINLP_OFFLINE": "1", "OMP_THREAD_LIMIT": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """redis-server on 127.0.0.1, nothing saved to disk: a kill -9 loses all it held."""

    def __init__(self, folder: Path):
        self.folder, self.port = Path(folder), free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "RedisServer":
        self.folder.mkdir(parents=True, exist_ok=True)
        log = open(self.folder / "redis.log", "ab")
        self.proc = subprocess.Popen([REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--dir", str(self.folder), "--save", "", "--appendonly", "no"],
                                     stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return self
            except Exception:  # noqa: BLE001 -- not listening yet
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start: {(self.folder / 'redis.log').read_text()[-500:]}")

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def started_pages(self) -> dict[str, int]:
        """Task id → the pid of the worker process reading it, for each page being read now."""
        found = {}
        client = self.client()
        for key in client.scan_iter("celery-task-meta-*"):
            raw = client.get(key)
            meta = json.loads(raw) if raw else {}
            if meta.get("status") == "STARTED":
                found[meta["task_id"]] = meta["result"]["pid"]
        return found


class CeleryWorker:
    """``saraban worker --broker URL -j N`` in a session of its own (so all of it can be ended)."""

    def __init__(self, url: str, log: Path, processes: int = 1, engine: str = "tesseract", env=None):
        self.log, self.processes = Path(log), processes
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "ingest.cli.main", "worker", "--broker", url, "-j", str(processes),
                 "--engine", engine], env={**ENV, **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)

    def ready(self, timeout: float = 90) -> "CeleryWorker":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            text = self.text()   # ready, and each process has loaded its engine
            if " ready." in text and text.count("saraban: engine") >= self.processes:
                return self
            time.sleep(0.1)
        raise RuntimeError(f"the Celery worker did not start:\n{self.text()[-3000:]}")

    def text(self) -> str:
        return self.log.read_text("utf-8", "replace") if self.log.exists() else ""

    def stop(self) -> None:
        """SIGTERM (a warm shutdown), then SIGKILL to the whole session if it lingers."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


def wait_until(condition, timeout: float, what: str, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {what}")
