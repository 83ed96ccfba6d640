"""The intake list in a real browser: it comes from the registry's job queue, so a reload
shows every file as it stands (who sent it and when, queued rows with their text), and a
letter corrected since no longer says ต้องตรวจ."""
from __future__ import annotations

import json

import pytest

import web_support
from test_web_browser import drawn_letter

from ingest.registry.store import Registry
from ingest.web.app import create_app


def test_intake_list_is_live_from_the_registry_after_a_reload(tmp_path, serve, page_for, shots):
    pytest.importorskip("tesserocr")
    db = tmp_path / "reg.db"
    web_support.build(db)
    server = serve(create_app(db, jobs=1, engine="tesseract"))
    page = page_for()
    page.goto(server.url + "/intake")
    page.set_input_files("#files", str(drawn_letter(tmp_path)))
    page.wait_for_selector("li.job.registered, li.job.failed", timeout=150_000)
    page.reload()
    job = page.locator("li.job").first
    assert "registered" in job.get_attribute("class"), job.inner_text()
    text = job.inner_text()
    assert "หนังสือ นร ว๗๗.png" in text and "ส่งโดย" in text and "น." in text   # who and when, after a reload
    assert job.locator(".job-letters li").count() >= 1
    page.screenshot(path=shots / "intake-after-reload.png")

    with Registry(db) as reg:   # the clerk has checked every flagged field since
        with reg.transaction():
            reg.conn.execute("UPDATE letters SET flags = ? WHERE file_sha256 IN "
                             "(SELECT sha256 FROM files WHERE name = ?)", (json.dumps([]), "หนังสือ นร ว๗๗.png"))
    page.reload()
    assert "ต้องตรวจ" not in page.locator("li.job").first.inner_text()


def test_a_queued_upload_keeps_its_row_after_a_reload(tmp_path, serve, page_for, shots):
    from ingest.jobqueue import JobQueue

    db = tmp_path / "reg.db"
    web_support.build(db)
    with Registry(db) as reg:   # a file waiting its turn (a worker is busy elsewhere)
        JobQueue(reg).add("ingest", name="รอคิว ว๙๙.pdf", user="somchai", upload="missing.pdf")
    server = serve(create_app(db, engine="tesseract", workers=0))   # no reader here: it stays queued
    page = page_for()
    page.goto(server.url + "/intake")
    row = page.locator("li.job.queued").first
    assert "รอคิว ว๙๙.pdf" in row.inner_text() and "รอคิวอ่าน" in row.inner_text()
    assert "ส่งโดย somchai" in row.inner_text()
    page.screenshot(path=shots / "intake-queued.png")
