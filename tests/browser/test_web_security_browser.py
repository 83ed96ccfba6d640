"""Sign-in as two colleagues at one desk meet it in Chromium: one mistypes until locked out
and reads when to try again, the other signs in; a cookie copied before signing out no
longer opens anything. Screenshots go to tests/screenshots/."""
from __future__ import annotations

import web_support

from ingest.web.app import create_app
from ingest.web.auth import UserStore, users_path

USERS = {"somsri": ("clerk", "clerk-pass-1"), "anan": ("staff", "staff-pass-1")}


def sign_in(page, url, name, password):
    page.goto(url + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.click("button.primary")


def test_a_locked_out_clerk_reads_when_to_try_again_and_a_colleague_signs_in(tmp_path, serve, page_for, shots):
    db = tmp_path / "reg.db"
    web_support.build(db)
    store = UserStore(users_path(db))
    for name, (role, password) in USERS.items():
        store.add(name, password, role)
    server = serve(create_app(db, require_login=True))

    clerk = page_for()
    for _ in range(5):
        sign_in(clerk, server.url, "somsri", "wrong password")
        assert clerk.locator(".flash.error").inner_text() == "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    sign_in(clerk, server.url, "somsri", "clerk-pass-1")
    message = clerk.locator(".flash.error").inner_text()
    assert "“somsri” จากเครื่องนี้ผิดหลายครั้งเกินไป" in message
    assert "ได้ตั้งแต่เวลา" in message and "ผู้ใช้อื่นยังเข้าสู่ระบบจากเครื่องนี้ได้" in message
    clerk.screenshot(path=shots / "10-sign-in-locked.png")

    colleague = page_for()  # the same desk: the same address
    sign_in(colleague, server.url, "anan", "staff-pass-1")
    assert "anan" in colleague.locator(".who").inner_text()

    copied = colleague.context.cookies()
    thief = page_for()
    thief.context.add_cookies(copied)
    thief.goto(server.url + "/queue")
    assert "/login" not in thief.url and "anan" in thief.locator(".who").inner_text()
    colleague.click("button:has-text('ออกจากระบบ')")
    assert "/login" in colleague.url
    thief.goto(server.url + "/queue")
    assert "/login" in thief.url
    thief.screenshot(path=shots / "10-copied-cookie-after-sign-out.png")
