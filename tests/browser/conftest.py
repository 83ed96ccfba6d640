"""Real headless Chromium (Debian's package) driven by Playwright for Python.

Skips with the reason when either is missing. ``.ci/run`` installs them:
``apt-get install -y chromium`` and ``pip install playwright==1.65.2`` (no
``playwright install``: the system browser is used, nothing is downloaded).
"""
from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ for web_support

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is missing: pip install playwright==1.65.2")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def shots():
    SHOTS.mkdir(exist_ok=True)
    return SHOTS


class LiveServer:
    """The app served from a thread on a free port."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def serve():
    servers = []

    def start(app) -> LiveServer:
        server = LiveServer(app)
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.stop()


@pytest.fixture
def page_for(browser):
    contexts = []

    def open_page(**kw):
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="th-TH",
                                  accept_downloads=True, **kw)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(20_000)
        return page

    yield open_page
    for ctx in contexts:
        ctx.close()

