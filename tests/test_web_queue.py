"""The workspace's job queue under a busy morning: a real server (``saraban serve``, gunicorn),
four sessions sending uploads and re-reads at once, real Tesseract in worker processes, then
the server killed with SIGKILL half-way and started again. Every file must end registered, or
failed with a reason in Thai; none lost, none registered twice; the server never goes down."""
from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import web_support
from queue_support import free_port

pytest.importorskip("tesserocr")
pytest.importorskip("gunicorn")

ROOT = Path(__file__).resolve().parents[1]
SESSIONS = 4
UPLOADS_PER_SESSION = 5


def letter_png(path: Path, n: int, blank: bool = False) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1100, 640), 255)
    if not blank:
        draw = ImageDraw.Draw(img)
        font = ImageFont.truetype(web_support.LAKSAMAN, 34)
        lines = [f"ที่ นร 0105/ว {100 + n}", "สำนักเลขาธิการนายกรัฐมนตรี", f"{1 + n % 27} กุมภาพันธ์ 2567",
                 f"เรื่อง การประชุมซักซ้อมแนวทางครั้งที่ {n}", "เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด",
                 "ด้วยสำนักเลขาธิการนายกรัฐมนตรีขอเชิญประชุม", "ขอแสดงความนับถือ"]
        for i, text in enumerate(lines):
            draw.text((60, 40 + i * 80), text, font=font, fill=0)
    img.save(path)
    return path


class Session:
    """One browser's worth of cookies against the server."""

    def __init__(self, url: str):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = self.json("/api/me")["csrf"]

    def json(self, path: str, data: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(self.url + path, data=data, headers=headers or {})
        with self.opener.open(req, timeout=120) as r:
            return json.loads(r.read())

    def upload(self, path: Path) -> dict:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
                "Content-Type: image/png\r\n\r\n").encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        return self.json("/api/uploads", body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                 "X-CSRF-Token": self.csrf})["job"]

    def reread(self, letter_id: int) -> int:
        data = f"csrf_token={self.csrf}&page=1".encode()
        req = urllib.request.Request(f"{self.url}/letters/{letter_id}/reread", data=data,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        with self.opener.open(req, timeout=300) as r:
            return r.status


def start_server(db: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
           "OMP_THREAD_LIMIT": "1", "PYTHAINLP_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "ingest.cli.main", "serve", "--db", str(db), "--port", str(port),
                             "--engine", "tesseract"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/me", timeout=2).read()
            return proc
        except OSError:
            assert proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.3)
    raise AssertionError("the server did not start")


def saraban_processes(session_id: int) -> list[int]:
    """Processes still alive in the server's session (its gunicorn worker, its readers)."""
    out = subprocess.run(["ps", "-eo", "pid=,sid=,stat="], capture_output=True, text=True).stdout.split("\n")
    return [int(p) for p, s, st in (l.split() for l in out if l.strip()) if int(s) == session_id and "Z" not in st]


def test_concurrent_uploads_and_rereads_survive_a_killed_server(tmp_path, places):
    db = places("reg.db")    # a file, then a server registry
    ids = web_support.build(db, tmp_path / "scans")
    files = [letter_png(tmp_path / f"scan-{n:02d}.png", n, blank=(n == 7))
             for n in range(SESSIONS * UPLOADS_PER_SESSION)]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(db, port)

    def one_session(k: int):
        s = Session(url)
        mine = files[k::SESSIONS]
        jobs = [s.upload(p) for p in mine[:2]]
        status = s.reread(ids[("ministry", "province", "endorsement", "province")[k]])
        jobs += [s.upload(p) for p in mine[2:]]
        return jobs, status

    with ThreadPoolExecutor(SESSIONS) as pool:
        results = list(pool.map(one_session, range(SESSIONS)))
    assert [status for _, status in results] == [200] * SESSIONS   # four re-reads answered, server up
    jobs = [j for js, _ in results for j in js]
    assert len(jobs) == len(files) and all(j["state"] == "queued" for j in jobs)

    # half-way through the queue, the server is killed outright
    first = Session(url)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        states = [j["state"] for j in first.json("/api/jobs?" + "&".join(f"id={j['id']}" for j in jobs))["jobs"]]
        if sum(s not in ("queued", "reading") for s in states) >= 3:
            break
        time.sleep(0.2)
    assert "queued" in states, "the queue finished before the kill: nothing was tested"
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    deadline = time.monotonic() + 60
    while saraban_processes(server.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert saraban_processes(server.pid) == []   # its worker and readers went with it

    server = start_server(db, port)
    try:
        s = Session(url)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            now = s.json("/api/jobs?" + "&".join(f"id={j['id']}" for j in jobs))["jobs"]
            if all(j["state"] not in ("queued", "reading") for j in now):
                break
            time.sleep(0.5)
        assert len(now) == len(jobs)
        assert all(j["state"] in ("registered", "failed") for j in now), [j["state"] for j in now]
        failed = [j for j in now if j["state"] == "failed"]
        assert [j["name"] for j in failed] == ["scan-07.png"]          # the blank page, and only it
        assert failed[0]["error_th"] and "ไม่พบข้อความ" in failed[0]["error_th"]
        assert server.poll() is None
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)

    from ingest.registry.store import Registry

    with Registry(db) as reg:
        names = [r["name"] for r in reg.q("SELECT name FROM files")]
    registered = sorted(p.name for p in files if p.name != "scan-07.png")
    assert sorted(n for n in names if n.startswith("scan-")) == registered   # each once, none lost
    from ingest.jobqueue import uploads_dir

    assert not list(uploads_dir(db).iterdir())          # nothing left behind
