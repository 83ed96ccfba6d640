"""A busy morning in four browsers: clerks drop 20 scans on the intake page and press
อ่านหน้านี้ใหม่ at once against a real ``saraban serve``; the server is killed -9 half-way
and started again. Every file ends registered or failed with a Thai reason, on the page."""
from __future__ import annotations

import os
import signal
import time

import pytest

import web_support
from test_web_queue import free_port, letter_png, saraban_processes, start_server

SESSIONS, PER_SESSION = 4, 5


def test_twenty_uploads_and_rereads_from_four_browsers_survive_a_killed_server(tmp_path, page_for, shots):
    pytest.importorskip("tesserocr")
    pytest.importorskip("gunicorn")
    db = tmp_path / "reg.db"
    ids = web_support.build(db)
    files = [letter_png(tmp_path / f"scan-{n:02d}.png", n, blank=(n == 11)) for n in range(SESSIONS * PER_SESSION)]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(db, port)
    try:
        intakes = [page_for() for _ in range(SESSIONS)]
        readers = [page_for() for _ in range(SESSIONS)]
        for k, page in enumerate(intakes):
            page.goto(url + "/intake")
            page.set_input_files("#files", [str(p) for p in files[k::SESSIONS]])   # sent by the page's script
        for k, page in enumerate(readers):
            page.goto(f"{url}/letters/{ids[('ministry', 'province', 'endorsement', 'ministry')[k]]}/reread")
            page.locator("#reread-now").click(no_wait_after=True)
        for page in readers:
            page.wait_for_selector("tr.same, tr.changed", timeout=180_000)     # each re-read answered
        for page in intakes:  # locators, not a JavaScript predicate: the page's CSP forbids eval
            page.locator("li.job[data-job]").nth(PER_SESSION - 1).wait_for(state="attached")
        intakes[0].screenshot(path=shots / "busy-01-before-kill.png")

        intakes[0].locator("li.job.registered, li.job.failed").first.wait_for(state="attached", timeout=120_000)
        os.kill(server.pid, signal.SIGKILL)   # half-way through the queue
        server.wait()
        deadline = time.monotonic() + 30
        while saraban_processes(server.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert saraban_processes(server.pid) == []   # its worker and readers went with it, port freed
        server = start_server(db, port)

        for page in intakes:
            page.reload()
        deadline = time.monotonic() + 300
        page = intakes[0]
        while time.monotonic() < deadline:
            page.reload()
            rows = page.locator("li.job")
            if rows.count() >= len(files) and page.locator("li.job.queued, li.job.reading").count() == 0:
                break
            time.sleep(2)
        page.screenshot(path=shots / "busy-02-after-restart.png", full_page=True)
        assert page.locator("li.job").count() == len(files)               # none lost
        assert page.locator("li.job.registered").count() == len(files) - 1
        failed = page.locator("li.job.failed")
        assert failed.count() == 1 and "scan-11.png" in failed.inner_text()
        assert "ไม่พบข้อความ" in failed.locator(".job-detail").inner_text()   # the reason, in Thai
        assert server.poll() is None
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
