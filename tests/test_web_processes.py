"""``saraban serve --processes 2``: two gunicorn processes answer one workspace, and a
guesser gets no more tries by landing on the other one."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import web_support
from queue_support import free_port

pytest.importorskip("gunicorn")

ROOT = Path(__file__).resolve().parents[1]


basic = web_support.basic


def status(url: str, headers: dict) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return out


@pytest.fixture
def two_processes(tmp_path, places, monkeypatch):
    """A workspace of two server processes over a registry file, then over a server registry."""
    monkeypatch.setenv("SARABAN_SERVER_FILES", str(tmp_path / "server-files"))
    db = places("reg.db")
    web_support.build(db, tmp_path / "scans")
    web_support.add_users(db)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "ingest.cli.main", "serve", "--db", str(db), "--port", str(port),
                               "--processes", "2", "--workers", "0"], cwd=ROOT,
                              env={**os.environ, "PYTHAINLP_OFFLINE": "1"}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if server.poll() is not None:
                pytest.fail(server.stderr.read().decode())
            try:
                urllib.request.urlopen(url + "/login", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        yield server, url
    finally:
        server.terminate()
        server.wait(30)


def test_two_processes_answer_and_share_the_sign_in_failures(two_processes):
    server, url = two_processes
    deadline = time.monotonic() + 30
    while len(children(server.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(children(server.pid)) == 2
    name, (_, password) = "somsri", web_support.PASSWORDS["somsri"]
    assert status(url + "/api/me", basic(name, password)) == 200
    for _ in range(5):
        assert status(url + "/api/me", basic(name, "guess")) == 401
    # whichever process answers, the account is held from this address: the right password waits
    assert [status(url + "/api/me", basic(name, password)) for _ in range(6)] == [429] * 6


def test_two_processes_answer_many_searches_at_once(two_processes):
    """Staff searching at once, spread over both processes: every answer right."""
    from concurrent.futures import ThreadPoolExecutor

    server, url = two_processes
    name, (_, password) = "anan", web_support.PASSWORDS["anan"]
    queries = ["จัดเก็บ", "ศธ 0206.3/ว 478"] * 12

    def ask(q):
        request = urllib.request.Request(f"{url}/api/search?q={urllib.parse.quote(q)}",
                                         headers=basic(name, password))
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, len(json.loads(r.read()))

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(ask, queries))
    assert all(code == 200 for code, _ in answers), answers
    assert len({found for _, found in answers[0::2]}) == 1 and answers[0][1] >= 1
