"""What a clerk or an auditor stumbled on, each walked in the browser with a screenshot:
the เรียน line, link kinds and names, the register's การปฏิบัติ and its office, the
downloads, paging, zoom on the scan, a placeholder's date, and sign-in on loopback."""
from __future__ import annotations

import copy
import csv
import io
import re
from pathlib import Path

import pytest

import web_support

from ingest.registry.store import Registry
from ingest.web.app import create_app
from ingest.web.auth import UserStore, users_path

ENGLISH_KINDS = re.compile(r"\b(reference|enclosure|bundle|endorsement|citation|subject)\b")


def linked_twice(db: Path) -> dict[str, int]:
    """The chain of web_support, with the province letter sending a copy of the ministry's
    as its enclosure (linked to it twice: อ้างถึง and สิ่งที่ส่งมาด้วย) and the district's
    endorsement written without a number."""
    province = copy.deepcopy(web_support.PROVINCE)
    province["enclosures"] = ["สำเนาหนังสือกระทรวงมหาดไทย ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑ ลงวันที่ ๙ มกราคม ๒๕๖๗ จำนวน ๑ ชุด"]
    endorsement = copy.deepcopy(web_support.ENDORSEMENT)
    endorsement.update(doc_no=None, doc_no_text="")
    folder = db.parent / "scans"
    folder.mkdir(exist_ok=True)
    with Registry(db) as reg:
        ministry, = web_support.add_sheet(reg, [copy.deepcopy(web_support.MINISTRY)], folder, "ministry.png")
        prov, endo = web_support.add_sheet(reg, [province, endorsement], folder, "province.png")
    return {"ministry": ministry, "province": prov, "endorsement": endo}


def watch_errors(page) -> list[str]:
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_the_letter_page_is_addressed_with_เรียน(tmp_path, serve, page_for, shots):
    """The record's salutation is the addressee line (as the extractor writes it): the
    label is เรียน, the value the addressees."""
    db = tmp_path / "reg.db"
    ids = web_support.build(db)
    server = serve(create_app(db))
    page = page_for()
    page.goto(server.url + f"/letters/{ids['ministry']}")
    labels = page.locator("dl.facts dt").all_inner_texts()
    assert "เรียน" in labels and "ผู้ว่าราชการจังหวัดทุกจังหวัด" not in labels
    assert page.locator("dl.facts dt:text-is('เรียน') + dd").inner_text() == "ผู้ว่าราชการจังหวัดทุกจังหวัด"
    page.locator("section.details dl.facts").screenshot(path=shots / "20-letter-addressed-ministry.png")
    page.goto(server.url + f"/letters/{ids['endorsement']}")
    assert page.locator("dl.facts dt:text-is('เรียน') + dd div").all_inner_texts() == [
        "นายกเทศมนตรีตำบลทุกแห่ง", "นายก อบต. ทุกแห่ง"]
    page.locator("section.details").screenshot(path=shots / "20-letter-addressed-endorsement.png")


def test_links_in_thai_each_source_once_endorsement_named(tmp_path, serve, page_for, shots):
    db = tmp_path / "reg.db"
    ids = linked_twice(db)
    server = serve(create_app(db))
    page = page_for()
    page.goto(server.url + f"/letters/{ids['province']}")
    links = page.locator("div.links")
    ups = links.locator("div:has(h3:text-is('ส่งต่อมาจาก')) li")
    assert ups.count() == 1, ups.all_inner_texts()
    assert "มท 0206.2/ว 5221" in ups.inner_text()
    assert "อ้างถึง" in ups.inner_text() and "สิ่งที่ส่งมาด้วย" in ups.inner_text()
    downs = links.locator("div:has(h3:text-is('ส่งต่อไปยัง')) li")
    assert downs.locator("a").inner_text() == "เกษียน ที่ว่าการอำเภอแม่ริม 22 ม.ค. 2567"
    assert "เกษียน" in downs.locator(".muted").inner_text()
    assert not ENGLISH_KINDS.search(links.inner_text()) and "#" not in links.inner_text()
    links.screenshot(path=shots / "21-letter-links.png")
    # the endorsement's own page and the chain name it the same way
    page.click("div.links a:has-text('เกษียน ที่ว่าการอำเภอแม่ริม')")
    assert page.title().startswith("เกษียน ที่ว่าการอำเภอแม่ริม")
    page.goto(server.url + f"/letters/{ids['endorsement']}/chain")
    assert page.locator("#chart svg text", has_text="เกษียน (ไม่มีเลขที่)").count() == 1
    assert page.locator("table.hops a", has_text="เกษียน ที่ว่าการอำเภอแม่ริม 22 ม.ค. 2567").count() == 1
    assert "#" not in page.locator("table.hops").inner_text() + page.locator("#chart").inner_text()
    assert "เริ่มดูจาก เกษียน ที่ว่าการอำเภอแม่ริม 22 ม.ค. 2567" in page.locator(".review-head").inner_text()
    page.screenshot(path=shots / "21-chain-endorsement-named.png", full_page=True)


def _action_of(text_rows: list[list[str]], doc_no: str) -> str:
    header = text_rows[0]
    row = next(r for r in text_rows[1:] if doc_no in r)
    return row[header.index("การปฏิบัติ")]


def test_register_writes_each_forward_once(tmp_path, serve, page_for, shots):
    """Page, print, CSV and XLSX: the ministry letter was forwarded once."""
    from openpyxl import load_workbook

    db = tmp_path / "reg.db"
    linked_twice(db)
    server = serve(create_app(db))
    page = page_for()
    page.goto(server.url + "/register")
    row = page.locator("table.register tr", has=page.locator("a", has_text="มท ๐๒๐๖.๒/ว ๕๒๒๑"))
    action = row.locator("td").nth(6).inner_text()
    assert action.count("ส่งต่อ") == 1 and "ส่งต่อ ชม ๐๐๒๓.๓/ว ๖๙" in action, action
    page.emulate_media(media="print")
    row.locator("td").nth(6).inner_text()
    page.screenshot(path=shots / "22-register-print-action-once.png", full_page=True)
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.click("a:has-text('CSV')")
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_bytes().decode("utf-8-sig"))))
    assert _action_of(rows, "มท ๐๒๐๖.๒/ว ๕๒๒๑").count("ส่งต่อ") == 1
    with page.expect_download() as download:
        page.click("a:has-text('Excel (XLSX)')")
    ws = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    cells = [[str(c.value or "") for c in r] for r in ws.iter_rows(min_row=2)]
    assert _action_of([cells[0]] + [r for r in cells[1:] if len(r) == len(cells[0])],
                      "มท ๐๒๐๖.๒/ว ๕๒๒๑").count("ส่งต่อ") == 1


def test_an_offices_register_lists_only_its_own_stamps(tmp_path, serve, page_for, shots):
    """The district keeps its book: the ministry letter stamped by the province office is
    not in it; the province letter it stamped is, and its exports agree."""
    db = tmp_path / "reg.db"
    web_support.build(db)
    server = serve(create_app(db))
    page = page_for()
    page.goto(server.url + "/register")
    assert page.locator("table.register a", has_text="มท ๐๒๐๖.๒/ว ๕๒๒๑").count() == 1  # no office: every stamp
    page.fill("#office", "ที่ว่าการอำเภอแม่ริม")
    page.click("form.office-form button")
    page.wait_for_selector(".flash.ok")
    refs = page.locator("table.register td:nth-child(2)").all_inner_texts()
    assert refs == ["ชม ๐๐๒๓.๓/ว ๖๙"], refs
    assert page.locator("table.register tbody tr:not(.day) td").first.inner_text() == "๑๐๓"
    assert page.locator("h1.register-title").inner_text() == "ทะเบียนหนังสือรับ ที่ว่าการอำเภอแม่ริม"
    page.screenshot(path=shots / "23-register-own-office.png", full_page=True)
    text = page.request.get(server.url + "/register.csv").body().decode("utf-8-sig")
    assert "ชม ๐๐๒๓.๓/ว ๖๙" in text and "มท ๐๒๐๖.๒/ว ๕๒๒๑" not in text


def test_register_downloads_csv_charset_once_and_html(tmp_path, serve, page_for, shots):
    db = tmp_path / "reg.db"
    web_support.build(db)
    server = serve(create_app(db))
    page = page_for()
    page.goto(server.url + "/register")
    with page.expect_download() as download:
        page.click("a:has-text('CSV')")
    assert download.value.suggested_filename == "register-all.csv"
    assert page.request.get(server.url + "/register.csv").headers["content-type"] == "text/csv; charset=utf-8"
    with page.expect_download() as download:
        page.click("a:has-text('HTML (พิมพ์ A4)')")
    assert download.value.suggested_filename == "register-all.html"
    saved = tmp_path / "register.html"
    download.value.save_as(saved)
    html = saved.read_text(encoding="utf-8")
    assert "@page { size: A4 landscape" in html and "ชม ๐๐๒๓.๓/ว ๖๙" in html
    assert page.request.get(server.url + "/register.html").headers["content-type"] == "text/html; charset=utf-8"
    view = page_for()
    view.goto(saved.as_uri())
    assert view.locator("h1").inner_text() == "ทะเบียนหนังสือรับ"
    assert view.locator("tr.day").count() == 2
    view.screenshot(path=shots / "24-register-html-export.png", full_page=True)


def many_letters(db: Path, n: int) -> None:
    """``n`` flagged, received letters of one subject, one scan each."""
    folder = db.parent / "scans"
    folder.mkdir(exist_ok=True)
    with Registry(db) as reg:
        for i in range(1, n + 1):
            rec = copy.deepcopy(web_support.PROVINCE)
            rec.update(doc_no=f"ชม 0023.3/ว {100 + i}", doc_no_text=f"ที่ ชม 0023.3/ว {100 + i}",
                       date=f"2024-02-{i:02d}", date_text=f"{i} กุมภาพันธ์ 2567",
                       subject=f"ซักซ้อมแนวทางการจัดเก็บเอกสาร ครั้งที่ {i}", references=[],
                       receipt={"number": str(200 + i), "date": f"2024-02-{i + 1:02d}", "time": "09:00",
                                "receiver": "ที่ว่าการอำเภอแม่ริม"})
            web_support.add_sheet(reg, [rec], folder, f"letter-{i}.png")


@pytest.fixture
def ten_a_page(monkeypatch):
    from ingest.web import paging

    for kind in paging.PER_PAGE:
        monkeypatch.setitem(paging.PER_PAGE, kind, 10)


def _walk_pages(page, items: str, shots: Path, name: str, noun: str) -> None:
    count = page.locator("nav.pager .pager-count")
    assert count.inner_text() == f"{noun}ที่ 1–10 จากทั้งหมด 25 {noun}"
    assert page.locator(items).count() == 10
    assert page.locator("nav.pager a[rel=prev]").count() == 0
    page.click("nav.pager a[rel=next]")
    assert count.inner_text() == f"{noun}ที่ 11–20 จากทั้งหมด 25 {noun}"
    assert page.locator("nav.pager .pager-at").inner_text() == "หน้า 2 จาก 3"
    page.screenshot(path=shots / name, full_page=True)
    page.click("nav.pager a[rel=next]")
    assert count.inner_text() == f"{noun}ที่ 21–25 จากทั้งหมด 25 {noun}"
    assert page.locator(items).count() == 5 and page.locator("nav.pager a[rel=next]").count() == 0
    page.click("nav.pager a[rel=prev]")
    assert count.inner_text() == f"{noun}ที่ 11–20 จากทั้งหมด 25 {noun}"


def test_search_queue_and_register_page_with_counts(tmp_path, serve, page_for, shots, ten_a_page):
    db = tmp_path / "reg.db"
    many_letters(db, 25)
    server = serve(create_app(db))
    page = page_for()
    page.goto(server.url + "/search?q=ซักซ้อมแนวทาง")
    assert page.locator("p.search-count").inner_text() == "พบ 25 รายการสำหรับ “ซักซ้อมแนวทาง”"
    _walk_pages(page, "ol.results li.result", shots, "25-search-page-2.png", "รายการ")
    seen = set()
    for n in (1, 2, 3):  # the pages together are every result, each once
        page.goto(server.url + f"/search?q=ซักซ้อมแนวทาง&p={n}")
        seen.update(page.locator("ol.results a.doc-no").all_inner_texts())
    assert len(seen) == 25
    page.goto(server.url + "/queue")
    _walk_pages(page, "table.list tbody tr", shots, "26-queue-page-2.png", "ฉบับ")
    page.goto(server.url + "/register?from=1/2/2567&to=29/2/2567")
    _walk_pages(page, "table.register tbody tr:not(.day)", shots, "27-register-page-2.png", "รายการ")
    assert "from=1/2/2567&to=29/2/2567" in page.url  # the range is kept from page to page
    page.goto(server.url + "/queue?p=9")  # past the end (the queue got shorter): its last page
    assert page.locator("nav.pager .pager-at").inner_text() == "หน้า 3 จาก 3"


def test_zoom_on_the_scan_in_review(tmp_path, serve, page_for, shots):
    db = tmp_path / "reg.db"
    ids = web_support.build(db)
    server = serve(create_app(db))
    page = page_for()
    errors = watch_errors(page)
    page.goto(server.url + f"/letters/{ids['province']}/review")
    svg = page.locator("#viewer figure.page.on svg")
    svg.locator("image").wait_for()
    level = page.locator("#zoom-level")
    assert level.inner_text() == "100%"
    fit = svg.bounding_box()["width"]
    page.click("button[data-zoom=in]")
    assert level.inner_text() == "125%"
    assert abs(svg.bounding_box()["width"] - 1.25 * fit) < 2
    page.keyboard.press("Alt+=")
    assert level.inner_text() == "156%"
    viewer = page.locator("#viewer")
    assert viewer.evaluate("v => v.scrollWidth > v.clientWidth")  # wider than the viewer: it scrolls
    page.focus("#f_subject")  # the field's box is brought into view on the zoomed page
    page.wait_for_timeout(600)
    page.screenshot(path=shots / "28-review-zoomed.png")
    page.click("button[data-zoom=page]")
    box, room = svg.bounding_box(), viewer.bounding_box()
    assert box["height"] <= room["height"] and level.inner_text() != "100%"
    page.screenshot(path=shots / "29-review-whole-page.png")
    page.click("button[data-zoom=out]")
    assert svg.bounding_box()["width"] < box["width"]
    page.click("button[data-zoom=in]")
    page.click("button[data-zoom=in]")
    kept = level.inner_text()
    page.goto(server.url + f"/letters/{ids['ministry']}/review")  # the next letter keeps the zoom
    assert page.locator("#zoom-level").inner_text() == kept
    page.click("button[data-zoom=width]")
    assert page.locator("#zoom-level").inner_text() == "100%"
    assert not errors, errors


def test_a_placeholder_is_dated_by_the_letters_citing_it(tmp_path, serve, page_for, shots):
    """The cabinet letter nobody scanned: the ministry's อ้างถึง gives its date, a department
    letter's enclosure does not. Its chain shows the date and the hop's delay from it."""
    db = tmp_path / "reg.db"
    web_support.build(db)
    department = {
        "kind": "external", "doc_no": "มท 0810.2/ว 77", "doc_no_text": "ที่ มท ๐๘๑๐.๒/ว ๗๗",
        "issuer": "กรมส่งเสริมการปกครองท้องถิ่น", "issuer_code": "มท", "date": "2024-01-10",
        "date_text": "๑๐ มกราคม ๒๕๖๗", "subject": "ซักซ้อมแนวทางการจัดเก็บเอกสารของท้องถิ่น",
        "salutation": "ผู้ว่าราชการจังหวัดทุกจังหวัด", "recipients": ["ผู้ว่าราชการจังหวัดทุกจังหวัด"],
        "enclosures": ["สำเนาหนังสือสำนักเลขาธิการคณะรัฐมนตรี ที่ นร ๐๕๐๕/ว ๑๒๓ จำนวน ๑ ชุด"]}
    with Registry(db) as reg:
        dep, = web_support.add_sheet(reg, [department], db.parent / "scans", "department.png")
    server = serve(create_app(db))
    page = page_for()
    page.goto(server.url + f"/letters/{dep}/chain")
    root = page.locator("table.hops tr", has_text="นร 0505/ว 123")
    assert "3 ม.ค. 2567" in root.inner_text() and "(ตามที่หนังสือที่อ้างถึงระบุ)" in root.inner_text()
    hop = page.locator("table.hops tr", has_text="มท 0810.2/ว 77")
    assert "+7 วัน" in hop.inner_text() and "(นับจากวันที่ในอ้างถึง)" in hop.inner_text()
    assert page.locator("#chart svg text", has_text="ไม่ทราบวันที่").count() == 0
    assert page.locator("#chart svg text", has_text="3 ม.ค. 2567 (ตามที่อ้างถึง)").count() == 1
    assert page.locator("#chart svg text", has_text="+7 วัน").count() == 1
    assert page.locator("#chart svg g.node").count() == 5  # one placeholder for both citing letters, then the three
    page.screenshot(path=shots / "30-chain-placeholder-dated.png", full_page=True)


def test_loopback_asks_for_sign_in_once_users_exist(tmp_path, serve, page_for, shots):
    db = tmp_path / "reg.db"
    ids = web_support.build(db)
    server = serve(create_app(db))  # the default loopback bind
    page = page_for()
    page.goto(server.url + f"/letters/{ids['province']}")
    assert "/login" not in page.url and page.locator("a:has-text('แก้ไข / ตรวจ')").count() == 1  # no users yet
    UserStore(users_path(db)).add("anan", "staff-pass-1", "staff")
    page.goto(server.url + f"/letters/{ids['province']}")
    assert "/login" in page.url
    page.screenshot(path=shots / "31-loopback-sign-in.png")
    page.fill("input[name=username]", "anan")
    page.fill("input[name=password]", "staff-pass-1")
    page.click("button.primary")
    page.wait_for_selector("dl.facts")
    assert "anan" in page.locator(".who").inner_text()
    assert page.locator("a:has-text('แก้ไข / ตรวจ')").count() == 0  # staff reads only
    page.click("button:has-text('ออกจากระบบ')")
    assert "/login" in page.url


def test_the_intake_list_pages_through_every_file_sent(tmp_path, serve, page_for, shots, ten_a_page):
    """The intake list showed the last 30 files and no more: now every file ever sent, a
    page at a time, newest first, with the count."""
    from ingest.jobqueue import JobQueue

    db = tmp_path / "reg.db"
    with Registry(db) as reg:
        queue = JobQueue(reg)
        for i in range(1, 26):  # finished already: no worker is started for them
            job = queue.add("ingest", name=f"scan-{i:02d}.pdf", user="somchai", job_id=f"job-{i:02d}")
            queue.finish(job["id"], "failed",
                         error=f"scan-{i:02d}.pdf: the PDF is damaged and cannot be read (no trailer).")
            queue.update(job["id"], created_at=f"2024-02-01T09:{i:02d}:00+00:00")
    server = serve(create_app(db))
    page = page_for()
    page.goto(server.url + "/intake")
    _walk_pages(page, "#jobs li.job", shots, "32-intake-page-2.png", "ไฟล์")
    seen = []
    for n in (1, 2, 3):
        page.goto(server.url + f"/intake?p={n}")
        seen += page.locator("#jobs .job-name").all_inner_texts()
    assert seen == [f"scan-{i:02d}.pdf" for i in range(25, 0, -1)]  # newest first, each once
    assert "ไฟล์ PDF เสียหาย อ่านไม่ได้" in page.locator("#jobs").inner_text()
