"""The workspace in a real browser: the acceptance walk of a clerk's day, and what each
role may and may not do when sign-in is required. Screenshots go to tests/screenshots/."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

import web_support

from ingest.web.app import create_app
from ingest.web.auth import UserStore, users_path

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "bundles"


def small_sample(tmp_path: Path) -> Path:
    """The smallest committed sample bundle (one or two pages), else a one-page letter drawn here."""
    candidates = []
    for truth in sorted(SAMPLES.glob("*.truth.json")) if SAMPLES.is_dir() else []:
        stem = truth.name[: -len(".truth.json")]
        scans = [p for p in truth.parent.glob(stem + ".*") if p.suffix.lower() in (".pdf", ".tif", ".tiff", ".png", ".jpg")]
        try:
            pages = json.loads(truth.read_text(encoding="utf-8")).get("pages")
        except ValueError:
            continue
        count = pages if isinstance(pages, int) else len(pages) if isinstance(pages, list) else 99
        if scans and count <= 2:
            candidates.append((count, scans[0].stat().st_size, scans[0]))
    return min(candidates)[2] if candidates else None


def drawn_letter(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    lines = ["ที่ นร ๐๑๐๕/ว ๗๗", "สำนักเลขาธิการนายกรัฐมนตรี", "๒ กุมภาพันธ์ ๒๕๖๗",
             "เรื่อง การประชุมซักซ้อมแนวทางการจัดเก็บเอกสาร", "เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด",
             "ด้วยสำนักเลขาธิการนายกรัฐมนตรีขอเชิญประชุม", "ขอแสดงความนับถือ"]
    img = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(web_support.LAKSAMAN, 67)
    for i, text in enumerate(lines):
        draw.text((300, 300 + i * 107), text, font=font, fill=0)
    path = tmp_path / "หนังสือ นร ว๗๗.png"
    img.save(path, dpi=(300, 300))
    return path


def sample_to_upload(tmp_path: Path) -> Path:
    return small_sample(tmp_path) or drawn_letter(tmp_path)


def test_a_clerks_day(tmp_path, serve, page_for, shots):
    """Upload, wait, correct a flagged field, search in Thai digits, chain, print the register."""
    pytest.importorskip("tesserocr")
    model = Path(__file__).resolve().parents[2] / "models" / "saraban-line.onnx"
    db = tmp_path / "reg.db"
    ids = web_support.build(db)
    server = serve(create_app(db, jobs=1, engine=None if model.exists() else "tesseract"))
    page = page_for()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # 1. intake: upload a scan and wait for it to be read
    page.goto(server.url + "/intake")
    sample = sample_to_upload(tmp_path)
    page.set_input_files("#files", str(sample))
    page.wait_for_selector("li.job.reading, li.job.queued, li.job.registered, li.job.failed")
    page.wait_for_selector("li.job.registered, li.job.duplicate, li.job.failed", timeout=150_000)
    page.screenshot(path=shots / "01-intake.png")
    job = page.locator("li.job").first
    assert "failed" not in job.get_attribute("class"), job.inner_text()
    assert job.locator(".job-letters li").count() >= 1
    assert sample.name in job.inner_text()
    # what was read, on its page image: the clerk's first look at a new letter
    job.locator(".job-letters a").first.click()
    page.wait_for_selector("#viewer figure.page.on svg image")
    page.wait_for_timeout(300)
    page.screenshot(path=shots / "01-uploaded-letter.png")

    # 2. review: the urgent flagged letter first; correct its date, see it in the history
    page.goto(server.url + "/queue")
    page.screenshot(path=shots / "02-queue.png")
    page.locator(f'a[href="/letters/{ids["province"]}/review"]').click()
    date = page.locator("#f_date")
    # the first flagged field takes the focus once the page's script has run (slow on a busy machine)
    expect(date).to_be_focused(timeout=10_000)
    assert page.locator('g.box.flagged.active[data-field="date"]').count() == 1
    page.screenshot(path=shots / "03-review.png")
    date.fill("๑๙/๑/๒๕๖๗")
    page.fill("#reason", "วันที่ตามต้นฉบับ")
    page.click("button[value=save]")
    page.wait_for_selector(".flash.ok")
    history = page.locator("ol.history li").filter(has=page.locator("span.field-name", has_text="ลงวันที่"))
    assert "18 ม.ค. 2567" in history.inner_text() and "19 ม.ค. 2567" in history.inner_text()
    assert "วันที่ตามต้นฉบับ" in history.inner_text()
    assert page.locator(".field.flagged[data-field=date]").count() == 0  # the flag is answered
    page.screenshot(path=shots / "04-review-saved.png")
    page.locator("section.card", has=page.locator("ol.history")).screenshot(path=shots / "04-history.png")
    # lists by keyboard: Enter under a recipient opens a row for the next one, Alt+Delete drops a row
    page.focus("#f_recipients-0-value")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "f_recipients-1-value"
    page.keyboard.type("นายกเทศมนตรีเมืองทุกแห่ง")
    page.focus("#f_recipients-2-value")   # the blank row at the end
    page.keyboard.press("Alt+Delete")
    assert page.locator("[data-list=f_recipients] .list-row").count() == 2
    page.click("[data-list=f_references] .row-add")
    assert page.evaluate("document.activeElement.id") == "f_references-1-doc_no"  # the blank row at the end
    page.keyboard.type("มท ๐๒๐๖.๒/ว ๕๑๐๙")
    page.keyboard.press("Tab")
    page.keyboard.type("25/7/2561")
    page.locator("[data-list=f_references]").scroll_into_view_if_needed()
    page.screenshot(path=shots / "04b-review-lists.png")
    page.click("button[value=save]")
    page.wait_for_selector(".flash.ok")
    assert "นายกเทศมนตรีเมืองทุกแห่ง" in page.locator("ol.history li").filter(has=page.locator("span.field-name", has_text="ถึง / เรียน")).inner_text()
    assert "25 ก.ค. 2561" in page.locator("ol.history li").filter(has=page.locator("span.field-name", has_text="อ้างถึง")).inner_text()
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")  # confirm: the flags go, the next letter comes
    assert f"/letters/{ids['province']}/review" not in page.url

    # 3. search: a reference number typed in Thai digits, from the header box
    page.fill("header input[name=q]", "มท ๐๒๐๖.๒/ว ๕๒๒๑")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.results")
    first = page.locator("li.result").first
    assert first.locator(".doc-no").inner_text() == "มท 0206.2/ว 5221"
    assert "ตรงเลขที่" in first.inner_text()
    page.screenshot(path=shots / "05-search.png")

    # 4. chain: from the letter to its drawing, exported as PNG
    first.locator(".doc-no").click()
    page.wait_for_selector("dl.facts")
    page.screenshot(path=shots / "06-letter.png")
    page.click("text=ผังการส่งต่อ")
    page.wait_for_selector("#chart svg")
    assert page.locator("#chart svg g.node").count() == 4  # with the cabinet letter not yet scanned
    # the corrected date (19 Jan) is what the chain measures: 10 days after the ministry
    assert page.locator("#chart svg text", has_text="+10 วัน").count() == 1
    page.screenshot(path=shots / "07-chain.png")
    with page.expect_download() as download:
        page.click("#png")
    png = Path(download.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000

    # 5. register: printed on A4
    page.click("header nav >> text=ทะเบียนรับ")
    page.fill("form.range input[name=from]", "1/1/2567")
    page.fill("form.range input[name=to]", "31/1/2567")
    page.click("form.range button:has-text('แสดง')")
    page.wait_for_selector("table.register")
    assert page.locator("tr.day").count() == 2
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.click("[data-print]")
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible() and not page.locator("form.range").is_visible()
    page.screenshot(path=shots / "08-register-print.png", full_page=True)
    pdf = page.pdf(path=str(shots / "08-register.pdf"), prefer_css_page_size=True)
    assert pdf[:4] == b"%PDF"
    assert not errors, errors


def test_a_letter_without_a_receiving_number_gets_one(tmp_path, serve, page_for, shots):
    """The office is set on the register page; ออกเลขรับ gives the next number of the year."""
    from ingest.thai.keys import thai_digits
    from ingest.web import receiving

    db = tmp_path / "reg.db"
    ids = web_support.build(db)
    server = serve(create_app(db))
    page = page_for()
    page.goto(server.url + "/register")
    page.fill("#office", "ที่ว่าการอำเภอแม่ริม")
    page.click("form.office-form button")
    page.wait_for_selector(".flash.ok")
    page.goto(server.url + f"/letters/{ids['endorsement']}")
    page.click("#receive")
    page.wait_for_selector(".flash.ok")
    year = receiving.now().year
    number = 1 if year != 2024 else 104
    assert f"ออกเลขรับ {number} " in page.locator(".flash.ok").inner_text()
    assert page.locator("#receive").count() == 0  # numbered: the button is gone
    assert "ที่ว่าการอำเภอแม่ริม เลขรับ" in page.locator("dl.facts").inner_text()
    page.goto(server.url + "/register")
    assert page.locator("#last-number").inner_text() == str(number)
    row = page.locator("table.register tr").filter(has=page.locator("td:nth-child(2) a", has_text="ชม ๐๐๒๓.๑๗/ว ๑๑"))
    assert row.locator("td").first.inner_text() == thai_digits(str(number))
    page.screenshot(path=shots / "10-register-receiving-number.png", full_page=True)


def test_a_clerk_reads_a_page_again(tmp_path, serve, page_for, shots):
    """Real OCR (Tesseract) of the drawn page, shown beside what intake stored; nothing saved."""
    pytest.importorskip("tesserocr")
    db = tmp_path / "reg.db"
    ids = web_support.build(db)
    server = serve(create_app(db, engine="tesseract"))
    page = page_for()
    page.goto(server.url + f"/letters/{ids['ministry']}/review")
    page.click("#reread")
    page.wait_for_selector("ol.lines")
    page.click("#reread-now")
    page.wait_for_selector("table.compare", timeout=60_000)
    new_text = page.locator("table.compare td:nth-child(2)").all_inner_texts()
    assert any("ซักซ้อมแนวทาง" in t for t in new_text), new_text  # Tesseract read the subject line
    page.screenshot(path=shots / "11-reread.png")
    page.click("text=กลับไปหน้าตรวจ")
    page.wait_for_selector("#review-form")
    assert page.locator("ol.history li").count() == 0


ROLES = {"somsri": ("clerk", "clerk-pass-1"), "anan": ("staff", "staff-pass-1"),
         "wipa": ("auditor", "audit-pass-1")}


def test_each_role_signed_in(tmp_path, serve, page_for, shots):
    """As on a non-loopback bind: sign-in required; clerk edits, staff reads, auditor exports."""
    db = tmp_path / "reg.db"
    ids = web_support.build(db)
    store = UserStore(users_path(db))
    for name, (role, password) in ROLES.items():
        store.add(name, password, role)
    server = serve(create_app(db, require_login=True))

    page = page_for()
    page.goto(server.url + f"/letters/{ids['province']}")
    assert "/login" in page.url
    page.fill("input[name=username]", "somsri")
    page.fill("input[name=password]", "wrong password")
    page.click("button.primary")
    assert page.locator(".flash.error").inner_text() == "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    page.screenshot(path=shots / "00-login.png")

    for name, (role, password) in ROLES.items():
        page = page_for()
        page.goto(server.url + f"/login?next=/letters/{ids['province']}")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", password)
        page.click("button.primary")
        page.wait_for_selector("dl.facts")  # back where they were going
        assert name in page.locator(".who").inner_text()
        nav = page.locator("header nav").inner_text()
        assert ("รับหนังสือ" in nav) == (role == "clerk")
        assert (page.locator("a:has-text('แก้ไข / ตรวจ')").count() == 1) == (role == "clerk")
        page.goto(server.url + f"/letters/{ids['province']}/review")
        if role == "clerk":
            page.fill("#f_subject", "ซักซ้อมแนวทางการจัดเก็บเอกสาร (แก้)")
            page.click("button[value=save]")
            assert "ซักซ้อมแนวทางการจัดเก็บเอกสาร (แก้)" in page.locator("ol.history").inner_text()
        else:
            assert page.locator("h1").inner_text() == "บัญชีนี้ไม่มีสิทธิ์ทำรายการนี้"
            page.screenshot(path=shots / f"09-role-{role}-review-refused.png")
        page.goto(server.url + "/register")
        exports = page.locator("a:has-text('Excel (XLSX)')").count() == 1
        assert exports == (role in ("clerk", "auditor"))
        if exports:
            with page.expect_download() as download:
                page.click("a:has-text('Excel (XLSX)')")
            assert Path(download.value.path()).read_bytes()[:2] == b"PK"
        page.screenshot(path=shots / f"09-role-{role}.png")
        page.click("button:has-text('ออกจากระบบ')")
        assert "/login" in page.url
