"""Sign-in and roles, as on a non-loopback bind: clerk edits, staff reads, auditor reads
and exports. Users file, password hashing, ``saraban users`` and ``saraban serve`` checks."""
from __future__ import annotations

import json

import pytest

pytest.importorskip("flask")

import web_support  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from ingest.web.app import create_app, is_loopback  # noqa: E402
from ingest.web.auth import UserStore, users_path  # noqa: E402
from ingest.settings import files_base  # noqa: E402

PASSWORDS = web_support.PASSWORDS


@pytest.fixture
def secured(places):
    app, ids, _ = web_support.secured_app(places("reg.db"))
    return app, ids


def sign_in(app, name):
    client = app.test_client()
    token = web_support.login_token(client)
    r = client.post("/login", data={"username": name, "password": PASSWORDS[name][1], "csrf_token": token})
    assert r.status_code == 302, r.get_data(as_text=True)
    return client, client.get("/api/me").get_json()["csrf"]


def test_everything_needs_sign_in(secured):
    app, ids = secured
    client = app.test_client()
    r = client.get(f"/letters/{ids['ministry']}")
    assert r.status_code == 302 and "/login?next=" in r.headers["Location"]
    assert client.get("/api/search?q=มท").status_code == 401
    assert client.get("/static/style.css").status_code == 200
    token = web_support.login_token(client)
    r = client.post("/login", data={"username": "somsri", "password": "wrong", "csrf_token": token})
    assert r.status_code == 401 and "ไม่ถูกต้อง" in r.get_data(as_text=True)
    r = client.post("/login", data={"username": "nobody", "password": "x", "csrf_token": token})
    assert r.status_code == 401


@pytest.mark.parametrize("name, may_edit, may_export", [
    ("somsri", True, True), ("anan", False, False), ("wipa", False, True)])
def test_what_each_role_may_do(secured, name, may_edit, may_export):
    app, ids = secured
    client, token = sign_in(app, name)
    pid = ids["province"]
    # everyone reads
    for url in ("/queue", f"/letters/{pid}", f"/letters/{pid}/chain", "/register", "/search?q=ซักซ้อม",
                f"/api/letters/{pid}", "/api/chain?doc_no=ชม 0023.3/ว 69"):
        assert client.get(url).status_code == 200, (name, url)
    # only the clerk edits and takes in scans
    expect = 200 if may_edit else 403
    assert client.get("/intake").status_code == expect
    assert client.get(f"/letters/{pid}/review").status_code == expect
    r = client.post(f"/letters/{pid}/review", data={"csrf_token": token, "f_date": "19/1/2567",
                                                    "action": "save"})
    assert r.status_code == (302 if may_edit else 403)
    r = client.patch(f"/api/letters/{pid}", json={"field": "subject", "value": "x"},
                     headers={"X-CSRF-Token": token})
    assert r.status_code == (200 if may_edit else 403)
    # clerk and auditor export
    expect = 200 if may_export else 403
    for url in ("/register.csv", "/register.xlsx", f"/letters/{pid}/chain.svg", "/api/register"):
        assert client.get(url).status_code == expect, (name, url)
    letter = client.get(f"/letters/{pid}").get_data(as_text=True)
    assert ("แก้ไข / ตรวจ" in letter) == may_edit
    assert ("Excel (XLSX)" in client.get("/register").get_data(as_text=True)) == may_export
    history = client.get(f"/api/letters/{pid}/history").get_json()
    assert {h["user"] for h in history} == ({name} if may_edit else set())
    assert {"date", "subject"} <= {h["field"] for h in history} if may_edit else not history


@pytest.mark.parametrize("target, lands", [("/letters/1", "/letters/1"), ("//evil.example/x", "/"),
                                           ("/\\evil.example", "/"), ("https://evil.example", "/")])
def test_sign_in_sends_back_only_to_this_site(secured, target, lands):
    app, _ = secured
    client = app.test_client()
    token = web_support.login_token(client)
    r = client.post("/login", query_string={"next": target},
                    data={"username": "anan", "password": "staff-pass-1", "csrf_token": token})
    assert r.status_code == 302 and r.headers["Location"] == lands


def test_sign_out_ends_the_session(secured):
    app, _ = secured
    client, token = sign_in(app, "anan")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/api/me").status_code == 401


def test_scripts_may_use_basic_auth_on_the_api(secured):
    app, ids = secured
    client = app.test_client()

    basic = web_support.basic

    assert client.get(f"/api/letters/{ids['ministry']}", headers=basic("anan", "staff-pass-1")).status_code == 200
    assert client.get(f"/api/letters/{ids['ministry']}", headers=basic("anan", "bad")).status_code == 401
    r = client.patch(f"/api/letters/{ids['ministry']}", json={"field": "urgency", "value": "ด่วน"},
                     headers=basic("wipa", "audit-pass-1"))
    assert r.status_code == 403
    # Basic auth is for the API only: pages still ask for a session
    assert client.get("/queue", headers=basic("anan", "staff-pass-1")).status_code == 302


def test_passwords_are_hashed_and_the_file_private(tmp_path):
    store = UserStore(tmp_path / "reg.users.json")
    store.add("somsri", "clerk-pass-1", "clerk")
    text = (tmp_path / "reg.users.json").read_text()
    assert "clerk-pass-1" not in text and json.loads(text)["users"]["somsri"]["hash"].startswith("scrypt:")
    assert (tmp_path / "reg.users.json").stat().st_mode & 0o077 == 0
    assert store.check("somsri", "clerk-pass-1") == "clerk" and store.check("somsri", "x") is None
    with pytest.raises(Exception, match="8 characters"):
        store.add("short", "1234", "staff")
    with pytest.raises(Exception, match="Unknown role"):
        store.add("boss", "long-enough-1", "admin")


def test_loopback_detection():
    assert all(map(is_loopback, ("127.0.0.1", "localhost", "::1", "127.0.1.1")))
    assert not any(map(is_loopback, ("0.0.0.0", "192.168.1.20", "::", "saraban.local")))


def test_users_command_and_serve_refuses_an_open_bind_without_users(places):
    from ingest.cli.main import main

    db = places("reg.db")
    runner = CliRunner()
    r = runner.invoke(main, ["serve", "--host", "0.0.0.0", "--db", str(db)])
    assert r.exit_code != 0 and "saraban users add" in r.output
    from ingest.cli.web import users

    r = runner.invoke(users, ["add", "somsri", "--role", "clerk", "--db", str(db)],
                      input="clerk-pass-1\nclerk-pass-1\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(users, ["list", "--db", str(db)])
    assert r.output.strip() == "somsri\tclerk"


def test_sign_in_is_refused_after_five_failures_a_minute(secured):
    app, _ = secured

    def attempt(name, password, addr="10.0.0.7"):  # each from a browser that just opened the page
        client = app.test_client()
        token = web_support.login_token(client)
        return client.post("/login", data={"username": name, "password": password, "csrf_token": token},
                           environ_base={"REMOTE_ADDR": addr})

    for _ in range(5):
        assert attempt("somsri", "guess").status_code == 401
    r = attempt("somsri", "clerk-pass-1")  # even the right password waits: guessing must not pay
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert "ผิดหลายครั้งเกินไป" in r.get_data(as_text=True)
    # that name from another desk, and another user at this one, are not held up
    assert attempt("somsri", "clerk-pass-1", "10.0.0.8").status_code == 302
    assert attempt("anan", "staff-pass-1", "10.0.0.7").status_code == 302


def test_loopback_asks_for_sign_in_once_users_exist(places):
    """On the default loopback bind the person at the machine is the OS login with the
    clerk's role only while no users exist; once one is added (even while the server
    runs) everyone signs in and gets their own role."""
    db = places("reg.db")
    ids = web_support.build(db)
    app = create_app(db)  # loopback: require_login is not set
    client = app.test_client()
    assert client.get(f"/letters/{ids['province']}").status_code == 200
    assert client.get("/api/me").get_json()["role"] == "clerk"
    UserStore(users_path(files_base(db))).add("anan", "staff-pass-1", "staff")
    r = client.get(f"/letters/{ids['province']}")
    assert r.status_code == 302 and "/login?next=" in r.headers["Location"]
    assert client.get("/api/search?q=มท").status_code == 401
    token = web_support.login_token(client)
    r = client.post("/login", data={"username": "anan", "password": "staff-pass-1", "csrf_token": token})
    assert r.status_code == 302
    me = client.get("/api/me").get_json()
    assert me["user"] == "anan" and me["role"] == "staff" and me["login_required"] is True
    assert client.get(f"/letters/{ids['province']}/review").status_code == 403
