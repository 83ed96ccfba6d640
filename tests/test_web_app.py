"""The web workspace through Flask's test client: screens, corrections, search, images,
the JSON API, CSRF and the upload limit. No OCR: a registry filled through the library,
and a quick stand-in for ``ingest_file`` where uploads are registered."""
from __future__ import annotations

import io
import re
import time

import pytest

pytest.importorskip("flask")

import web_support  # noqa: E402
from ingest import settings  # noqa: E402
from ingest.pipeline import FileResult  # noqa: E402
from ingest.web.app import create_app  # noqa: E402


def quick_ingest(path, registry, reader, *, force=False, progress=None, on_pages=None):
    """Registers an uploaded PNG as one letter without reading it (the pipeline's shape)."""
    from ingest import load
    from ingest.errors import DuplicateFileError, SarabanError

    try:
        doc = load.open_document(path)
        if on_pages:
            on_pages(doc.pages)
        if registry.has_file(doc.sha256):
            raise DuplicateFileError(f"{path.name}: already registered (same bytes); nothing changed.")
        rec = dict(web_support.MINISTRY, doc_no="นร 0105/ว 77", subject="ทดสอบการรับหนังสือ",
                   receipt=None, source={"file": path.name, "sha256": doc.sha256, "pages": [1]})
        from ingest.page import PageText
        from ingest.record import new_record

        full = new_record()
        full.update(rec)
        if progress:
            progress(1)
        registry.add_file(doc.info, [full], [PageText(1, 100, 100)], doc.path)
        return FileResult(path, "registered", [full])
    except DuplicateFileError as e:
        return FileResult(path, "duplicate", error=e)
    except SarabanError as e:
        return FileResult(path, "failed", error=e)


@pytest.fixture
def built(tmp_path, places, monkeypatch):
    """The registry of every test here: a file, then on a PostgreSQL server."""
    monkeypatch.setenv("SARABAN_SERVER_FILES", str(tmp_path / "server-files"))
    place = places("reg.db")
    ids = web_support.build(place, tmp_path / "scans")
    return place, ids, tmp_path / "scans"


@pytest.fixture
def app(built):
    app = create_app(built[0], ingest_file=quick_ingest, secret_key="test")
    app.config["IDS"] = built[1]
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def csrf(client) -> str:
    return client.get("/api/me").get_json()["csrf"]


def png_bytes(text="ทดสอบ") -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (200, 100), 255).save(buf, "PNG")
    return buf.getvalue()


# -- screens -------------------------------------------------------------------------------

def test_every_screen_renders_thai_with_buddhist_era_dates(app, client):
    ids = app.config["IDS"]
    pages = {
        "/intake": "วางไฟล์ที่นี่",
        "/queue": "ชม 0023.3/ว 69",
        f"/letters/{ids['province']}/review": "ต้องตรวจ",
        f"/letters/{ids['province']}": "18 มกราคม 2567",
        f"/letters/{ids['province']}/chain": "+9 วัน",
        "/register": "วันที่รับ 15 มกราคม 2567",
        "/search?q=ซักซ้อม": "<mark>",
    }
    for url, expected in pages.items():
        r = client.get(url)
        assert r.status_code == 200, url
        assert expected in r.get_data(as_text=True), url
        assert r.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_review_lists_flagged_fields_first_with_their_boxes(app, client):
    html = client.get(f"/letters/{app.config['IDS']['province']}/review").get_data(as_text=True)
    fields = re.findall(r'<div class="field ([a-z ]*)" data-field="([a-z_.]+)"', html)
    assert fields[0] == ("flagged", "date") and fields[1] == ("flagged", "receipt.number")
    assert all(state != "flagged" for state, _ in fields[2:])
    assert ("low", "receipt.date") in fields  # confidence 0.52 on the receipt
    assert '<g class="box flagged" data-field="date" data-fields="date">' in html
    # the stamp's parts share one box, drawn once and labelled as the stamp
    assert re.search(r'data-fields="receipt.number receipt.date receipt.time receipt.receiver">\s*<rect[^>]*/>\s*<text[^>]*>ตรารับ<', html)
    assert "18/1/2567" in html  # dates typed and shown as d/m/BE year
    # the extractor's flags in Thai, its English kept in the tooltip
    assert '<p class="flag"><span class="th" title="receipt: number not read">อ่านเลขรับบนตรารับไม่ได้</span></p>' in html


def test_ocr_text_is_escaped_everywhere(app, client, built):
    from ingest.registry.store import Registry

    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    with Registry(built[0]) as reg:
        new_id = web_support.add_sheet(reg, [dict(web_support.MINISTRY, doc_no="มท 0206.2/ว 9999",
                                                  subject=evil, flags=[f"subject: {evil}"])],
                                       built[2], "evil.png")[0]
    for url in (f"/letters/{new_id}", f"/letters/{new_id}/review", f"/letters/{new_id}/chain",
                "/search?q=script", "/queue", "/register"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;" in client.get(f"/letters/{new_id}").get_data(as_text=True)


# -- corrections ---------------------------------------------------------------------------

def test_correcting_a_flagged_field_goes_into_the_history(app, client):
    pid = app.config["IDS"]["province"]
    token = csrf(client)
    r = client.post(f"/letters/{pid}/review", data={
        "csrf_token": token, "f_date": "๑๙/๑/๒๕๖๗", "f_subject": "ซักซ้อมแนวทางการจัดเก็บเอกสาร",
        "f_receipt__number": "104", "reason": "ตรวจกับต้นฉบับ", "action": "save"})
    assert r.status_code == 302
    rec = client.get(f"/api/letters/{pid}").get_json()
    assert rec["date"] == "2024-01-19" and rec["receipt"]["number"] == "104"
    assert rec["receipt"]["date"] == "2024-01-22"  # the other parts of the stamp kept
    history = client.get(f"/api/letters/{pid}/history").get_json()
    assert [(h["field"], h["new"]) for h in history][:1] == [("date", "2024-01-19")]
    assert history[0]["reason"] == "ตรวจกับต้นฉบับ" and history[0]["user"]
    # the flags about the two corrected fields are answered, in the trail too
    assert rec["flags"] == [] or client.get(f"/api/letters/{pid}").get_json()["flags"] == []
    assert history[-1]["field"] == "flags" and history[-1]["new"] == []
    page = client.get(f"/letters/{pid}").get_data(as_text=True)
    assert "19 ม.ค. 2567" in page and "ตรวจกับต้นฉบับ" in page and "ลงวันที่" in page


def test_an_impossible_date_is_refused_and_nothing_changes(app, client):
    pid = app.config["IDS"]["province"]
    r = client.post(f"/letters/{pid}/review", data={"csrf_token": csrf(client), "f_date": "31/2/2567",
                                                    "action": "save"})
    assert r.status_code == 422
    assert "ไม่ใช่วันที่" in r.get_data(as_text=True)
    assert client.get(f"/api/letters/{pid}").get_json()["date"] == "2024-01-18"
    assert client.get(f"/api/letters/{pid}/history").get_json() == []


def test_confirming_clears_the_flags_and_moves_on(app, client):
    pid = app.config["IDS"]["province"]
    assert [r["id"] for r in client.get("/api/queue").get_json()] == [pid]
    r = client.post(f"/letters/{pid}/review", data={"csrf_token": csrf(client), "action": "confirm_next"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/queue")
    assert client.get("/api/queue").get_json() == []
    assert client.get(f"/api/letters/{pid}/history").get_json()[-1]["field"] == "flags"


class FormFields:
    """The fields a browser would submit from the review form, as rendered."""

    def __init__(self, html: str):
        from html.parser import HTMLParser

        self.fields: dict[str, str] = {}
        fields, state = self.fields, {}

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "input" and a.get("name"):
                    fields[a["name"]] = a.get("value") or ""
                elif tag in ("select", "textarea") and a.get("name"):
                    state["name"], state["tag"] = a["name"], tag
                    fields[a["name"]] = ""
                elif tag == "option" and state.get("tag") == "select" and "selected" in a:
                    fields[state["name"]] = a.get("value") or ""

            def handle_data(self, data):
                if state.get("tag") == "textarea":
                    fields[state["name"]] += data

            def handle_endtag(self, tag):
                if tag in ("select", "textarea"):
                    state.clear()

        form = html[html.index('id="review-form"'):]
        Parser().feed(form[:form.index("</form>")])


def test_the_form_as_rendered_changes_nothing(app, client):
    """Every field, lists included, reads back as what is stored: saving an untouched form
    writes no correction."""
    for role in ("ministry", "province", "endorsement"):
        lid = app.config["IDS"][role]
        fields = FormFields(client.get(f"/letters/{lid}/review").get_data(as_text=True)).fields
        assert fields["f_references-0-doc_no"] == ("นร 0505/ว 123" if role == "ministry" else
                                                    "มท 0206.2/ว 5221" if role == "province" else "")
        r = client.post(f"/letters/{lid}/review", data={**fields, "action": "save"}, follow_redirects=True)
        assert "ไม่มีช่องที่เปลี่ยน" in r.get_data(as_text=True), role
        assert client.get(f"/api/letters/{lid}/history").get_json() == [], role


def test_editing_lists_rows_added_removed_and_audited(app, client):
    mid = app.config["IDS"]["ministry"]
    html = client.get(f"/letters/{mid}/review").get_data(as_text=True)
    fields = FormFields(html).fields
    assert fields["f_references-0-date"] == "3/1/2567" and fields["f_directives-0-number"] == "1"
    assert fields["f_references-1-doc_no"] == ""  # a blank row to add one without JavaScript
    fields.update({
        "f_references-0-date": "๔/๑/๒๕๖๗",                      # corrected, Thai digits
        "f_references-1-doc_no": "นร ๐๕๐๕/ว ๑๒๐", "f_references-1-date": "2/1/2567",
        "f_references-1-text": "หนังสือสำนักเลขาธิการคณะรัฐมนตรี ที่ นร ๐๕๐๕/ว ๑๒๐",
        "f_recipients-1-value": "ผู้ว่าราชการกรุงเทพมหานคร",     # a second recipient
        "f_enclosures-0-value": "",                             # the only enclosure removed
        "reason": "ตรวจกับต้นฉบับ", "action": "save"})
    del fields["f_directives-0-number"], fields["f_directives-0-text"]  # its row removed
    r = client.post(f"/letters/{mid}/review", data=fields)
    assert r.status_code == 302
    rec = client.get(f"/api/letters/{mid}").get_json()
    assert rec["references"] == [
        {"doc_no": "นร 0505/ว 123", "date": "2024-01-04",
         "text": "หนังสือสำนักเลขาธิการคณะรัฐมนตรี ที่ นร ๐๕๐๕/ว ๑๒๓ ลงวันที่ ๓ มกราคม ๒๕๖๗"},
        {"doc_no": "นร 0505/ว 120", "date": "2024-01-02", "text": "หนังสือสำนักเลขาธิการคณะรัฐมนตรี ที่ นร ๐๕๐๕/ว ๑๒๐"}]
    assert rec["recipients"] == ["ผู้ว่าราชการจังหวัดทุกจังหวัด", "ผู้ว่าราชการกรุงเทพมหานคร"]
    assert rec["enclosures"] == [] and rec["directives"] == []
    history = client.get(f"/api/letters/{mid}/history").get_json()
    assert {h["field"] for h in history} == {"references", "recipients", "enclosures", "directives"}
    assert all(h["reason"] == "ตรวจกับต้นฉบับ" for h in history)
    refs = next(h for h in history if h["field"] == "references")
    assert len(refs["old"]) == 1 and len(refs["new"]) == 2
    # the links follow the corrected list: the added reference is a letter this one follows up
    ups = {l["doc_no"] for l in client.get(f"/api/letters/{mid}").get_json()["links"] if l["direction"] == "up"}
    assert ups == {"นร 0505/ว 123", "นร 0505/ว 120"}
    page = client.get(f"/letters/{mid}").get_data(as_text=True)
    assert "อ้างถึง" in page and "นร ๐๕๐๕/ว ๑๒๐" in page


def test_a_bad_date_in_a_list_row_is_refused_and_the_rows_kept(app, client):
    pid = app.config["IDS"]["province"]
    fields = FormFields(client.get(f"/letters/{pid}/review").get_data(as_text=True)).fields
    fields.update({"f_references-0-date": "31/2/2567", "f_recipients-1-value": "นายกเทศมนตรีทุกแห่ง",
                   "action": "save"})
    r = client.post(f"/letters/{pid}/review", data=fields)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "แถวที่ 1: “31/2/2567” ไม่ใช่วันที่" in html
    again = FormFields(html).fields  # what the clerk typed is still there to fix
    assert again["f_references-0-date"] == "31/2/2567" and again["f_recipients-1-value"] == "นายกเทศมนตรีทุกแห่ง"
    assert client.get(f"/api/letters/{pid}/history").get_json() == []


def test_api_correction(app, client):
    mid = app.config["IDS"]["ministry"]
    r = client.patch(f"/api/letters/{mid}", json={"field": "urgency", "value": "ด่วน", "reason": "api"})
    assert r.status_code == 200 and r.get_json()["urgency"] == "ด่วน"
    r = client.patch(f"/api/letters/{mid}", json={"field": "colour", "value": "red"})
    assert r.status_code == 400 and "cannot be corrected" in r.get_json()["error"]


# -- receiving numbers ---------------------------------------------------------------------

@pytest.fixture
def january(monkeypatch):
    """The clock on 23 January 2024 (2567) at 10:05 in Thailand."""
    from datetime import datetime

    from ingest.web import receiving

    monkeypatch.setattr(receiving, "now", lambda: datetime(2024, 1, 23, 10, 5, tzinfo=receiving.THAILAND))


def test_receiving_number_is_next_in_this_offices_yearly_series(app, client, january):
    ids = app.config["IDS"]
    token = csrf(client)
    # no office set: refused, nothing written
    r = client.post(f"/letters/{ids['endorsement']}/receive", data={"csrf_token": token}, follow_redirects=True)
    assert "ยังไม่ได้ตั้งชื่อหน่วยงานที่รับ" in r.get_data(as_text=True)
    assert client.get(f"/api/letters/{ids['endorsement']}").get_json()["receipt"] is None
    r = client.post("/register/office", data={"csrf_token": token, "office": "  ที่ว่าการอำเภอแม่ริม "},
                    follow_redirects=True)
    html = r.get_data(as_text=True)
    assert 'value="ที่ว่าการอำเภอแม่ริม"' in html and "ทะเบียนหนังสือรับ ที่ว่าการอำเภอแม่ริม" in html
    assert '<strong id="last-number">103</strong>' in html  # the district's stamp 103 on the province letter
    # the province's 887 (on the ministry letter) is another office's series: the next is 104
    r = client.post(f"/letters/{ids['endorsement']}/receive", data={"csrf_token": token, "back": "review"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/letters/{ids['endorsement']}/review")
    rec = client.get(f"/api/letters/{ids['endorsement']}").get_json()
    assert rec["receipt"] == {"number": "104", "date": "2024-01-23", "time": "10:05",
                              "receiver": "ที่ว่าการอำเภอแม่ริม"}
    history = client.get(f"/api/letters/{ids['endorsement']}/history").get_json()
    assert [(h["field"], h["reason"]) for h in history] == [("receipt", "ออกเลขรับ 104")]
    assert "ออกเลขรับ 104 วันที่ 23 ม.ค. 2567 เวลา 10:05 น. แล้ว" in client.get(
        f"/letters/{ids['endorsement']}/review").get_data(as_text=True)
    # in the register, under its day, with its number in Thai digits
    html = client.get("/register", query_string={"from": "23/1/2567"}).get_data(as_text=True)
    assert "วันที่รับ 23 มกราคม 2567" in html and "<td>๑๐๔</td>" in html
    assert "ตรวจสอบ: ลงวันที่: อ่านได้ไม่ชัด (ความมั่นใจต่ำ), อ่านเลขรับบนตรารับไม่ได้" in client.get(
        "/register").get_data(as_text=True)  # the remarks in Thai
    # a letter that has its number already is not numbered again
    r = client.post(f"/api/letters/{ids['endorsement']}/receive", headers={"X-CSRF-Token": token})
    assert r.status_code == 409 and "มีเลขรับแล้ว (104)" in r.get_json()["error"]
    assert len(client.get(f"/api/letters/{ids['endorsement']}/history").get_json()) == 1


def test_receiving_numbers_restart_each_year_and_answer_the_flag(app, client, built, monkeypatch):
    from datetime import datetime

    from ingest.registry.store import Registry
    from ingest.web import receiving

    with Registry(built[0]) as reg:
        receiving.set_office(reg, "ที่ว่าการอำเภอแม่ริม")
        new_id, = web_support.add_sheet(reg, [dict(web_support.MINISTRY, doc_no="มท 0206.2/ว 7001", receipt=None,
                                                   flags=["receipt: number not read"])],
                                        built[2], "unnumbered.png")
    monkeypatch.setattr(receiving, "now", lambda: datetime(2025, 1, 2, 8, 30, tzinfo=receiving.THAILAND))
    r = client.post(f"/api/letters/{new_id}/receive", headers={"X-CSRF-Token": csrf(client)})
    assert r.status_code == 200 and r.get_json()["receipt"]["number"] == "1"  # 2568 starts at 1
    client.post(f"/letters/{new_id}/receive", data={"csrf_token": csrf(client)})  # web form: same refusal
    assert client.get(f"/api/letters/{new_id}").get_json()["receipt"]["number"] == "1"
    with Registry(built[0]) as reg:
        assert receiving.last_number(reg, 2025, "ที่ว่าการอำเภอแม่ริม") == 1
        assert receiving.last_number(reg, 2024, "ที่ว่าการอำเภอแม่ริม") == 103


def test_only_a_clerk_gives_receiving_numbers(built, tmp_path):
    from ingest.web.auth import UserStore, users_path

    UserStore(users_path(settings.files_base(built[0]))).add("anan", "staff-pass-1", "staff")
    app = create_app(built[0], require_login=True, secret_key="t")
    c = app.test_client()
    c.post("/login", data={"username": "anan", "password": "staff-pass-1"})
    token = c.get("/api/me").get_json()["csrf"]
    assert c.post("/register/office", data={"csrf_token": token, "office": "x"}).status_code == 403
    assert c.post(f"/letters/{built[1]['endorsement']}/receive", data={"csrf_token": token}).status_code == 403
    html = c.get("/register").get_data(as_text=True)
    assert "หน่วยงานที่รับ: <strong>ยังไม่ได้ตั้ง</strong>" in html and 'name="office"' not in html


# -- reading a page again ---------------------------------------------------------------

def test_rereading_a_page_is_real_ocr_in_a_worker_process_and_changes_nothing(built):
    """The page's original scan read again by Tesseract in a worker process (never the
    request's thread), shown beside what intake stored; the letter and its history unchanged."""
    import os

    pytest.importorskip("tesserocr")
    from ingest.jobqueue import JobQueue
    from ingest.registry.store import Registry

    app = create_app(built[0], ingest_file=quick_ingest, engine="tesseract", secret_key="test")
    client = app.test_client()
    pid = built[1]["province"]
    html = client.get(f"/letters/{pid}/reread").get_data(as_text=True)
    assert "ข้อความที่อ่านได้ตอนรับเข้า" in html and "<li>เลขรับ 103</li>" in html
    before = client.get(f"/api/letters/{pid}").get_json()
    r = client.post(f"/letters/{pid}/reread", data={"csrf_token": csrf(client), "page": "1"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<tr class="changed">' in html or '<tr class="same">' in html
    assert "ศาลากลางจังหวัด" in html.split("ข้อความที่อ่านได้ตอนรับเข้า")[0] or "ชม" in html
    with Registry(built[0]) as reg:
        (job,) = JobQueue(reg).recent(kind="reread")
    assert job["state"] == "done" and job["worker"] not in (None, os.getpid())
    assert job["options"] == {"sha256": before["source"]["sha256"], "number": 1, "engine": "tesseract"}
    assert any("ชม" in line["text"] for line in job["result"]["lines"])   # what Tesseract read now
    assert client.get(f"/api/letters/{pid}").get_json() == before  # the letter is as it was
    assert client.get(f"/api/letters/{pid}/history").get_json() == []
    assert client.post(f"/letters/{pid}/reread", data={"csrf_token": csrf(client), "page": "2"}).status_code == 404


# -- search, chain, register, images ---------------------------------------------------------

@pytest.mark.parametrize("query", ["มท ๐๒๐๖.๒/ว ๕๒๒๑", "มท0206.2/ว5221", "มท 206.2/5221"])
def test_search_by_reference_number_any_way_it_is_typed(app, client, query):
    hits = client.get("/api/search", query_string={"q": query}).get_json()
    assert hits[0]["doc_no"] == "มท 0206.2/ว 5221"
    html = client.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert "ตรงเลขที่" in html


def test_search_filters(client):
    hits = client.get("/api/search", query_string={"q": "ซักซ้อม", "urgency": "ด่วนมาก"}).get_json()
    assert [h["doc_no"] for h in hits] == ["ชม 0023.3/ว 69"]
    assert client.get("/api/search").status_code == 400


def test_chain_api_and_svg(app, client):
    chain = client.get("/api/chain", query_string={"doc_no": "ชม ๐๐๒๓.๓/ว ๖๙"}).get_json()
    assert chain["root"] == "นร 0505/ว 123"  # cited by the ministry, not scanned
    assert {(e["from"], e["to"], e["delay_days"]) for e in chain["edges"]} == {
        ("นร 0505/ว 123", "มท 0206.2/ว 5221", 6), ("มท 0206.2/ว 5221", "ชม 0023.3/ว 69", 9),
        ("ชม 0023.3/ว 69", "ชม 0023.17/ว 11", 4)}
    svg = client.get(f"/letters/{app.config['IDS']['ministry']}/chain.svg")
    assert svg.mimetype == "image/svg+xml" and svg.data.startswith(b"<?xml")
    text = svg.get_data(as_text=True)
    assert text.count("<rect x=") == 4 and "+9 วัน" in text and 'stroke-dasharray="6 4"' in text
    page = client.get(f"/letters/{app.config['IDS']['ministry']}/chain").get_data(as_text=True)
    assert "อ้างถึงแต่ยังไม่ได้สแกนเข้าระบบ" in page


def test_register_downloads(client):
    csv_text = client.get("/register.csv").data.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("วันที่รับ,เลขทะเบียนรับ,ที่,ลงวันที่,จาก,ถึง,เรื่อง")
    assert "๑๕ มกราคม ๒๕๖๗" in csv_text
    xlsx = client.get("/register.xlsx", query_string={"from": "20/1/2567"})
    assert xlsx.data[:2] == b"PK"
    html = client.get("/register", query_string={"from": "20/1/2567"}).get_data(as_text=True)
    assert "ชม ๐๐๒๓.๓/ว ๖๙" in html and "มท ๐๒๐๖.๒/ว ๕๒๒๑" not in html

    r = client.get("/register.csv")
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset, not two
    assert "อ่านเลขรับบนตรารับไม่ได้" in csv_text and "number not read" not in csv_text  # the clerk's Thai
    r = client.get("/register.html", query_string={"to": "31/1/2567"})
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert 'filename="register-2024-01-31.html"' in r.headers["Content-Disposition"]
    page = r.get_data(as_text=True)
    assert "@page { size: A4 landscape" in page and "ชม ๐๐๒๓.๓/ว ๖๙" in page


def test_page_images_are_looked_up_by_sha256_only(app, client, built):
    from ingest.registry.store import Registry

    with Registry(built[0]) as reg:
        sha = reg.letter(app.config["IDS"]["ministry"])["source"]["sha256"]
    r = client.get(f"/pages/{sha}/1.jpg")
    assert r.status_code == 200 and r.data[:3] == b"\xff\xd8\xff"
    for bad in (f"/pages/{sha}/2.jpg", f"/pages/{'0' * 64}/1.jpg", f"/pages/{sha.upper()}/1.jpg",
                "/pages/..%2F..%2Fetc%2Fpasswd/1.jpg", "/pages/../reg.db/1.jpg"):
        assert client.get(bad).status_code == 404, bad


@pytest.mark.parametrize("turns", [[180], [90], [270], [180, 2.5]],
                         ids=["upside-down", "sideways-left", "sideways-right", "upside-down-skewed"])
def test_boxes_land_on_the_words_of_a_page_scanned_turned(client, built, turns):
    """The picture is turned as the reader turned the page, so ink lies inside the boxes."""
    import numpy as np
    from PIL import Image

    from ingest.registry.store import Registry

    with Registry(built[0]) as reg:
        new_id, = web_support.add_sheet(reg, [dict(web_support.MINISTRY, doc_no="มท 0206.2/ว 7000")],
                                        built[2], "turned.png", turns=turns)
        rec = reg.letter(new_id)
        page = reg.page(rec["source"]["sha256"], 1)
    r = client.get(f"/pages/{rec['source']['sha256']}/1.jpg")
    assert r.status_code == 200
    img = np.asarray(Image.open(io.BytesIO(r.data)).convert("L"))
    scale = img.shape[1] / page.width
    assert abs(img.shape[0] / scale - page.height) < 3  # the picture has the page's shape as read
    ink = img < 128
    inside = np.zeros_like(ink)
    for found in rec["boxes"].values():
        l, t, rr, b = (round(v * scale) for v in found["box"])
        inside[max(t - 4, 0):b + 4, max(l - 4, 0):rr + 4] = True
    assert ink[inside].mean() > 0.05, "the words are not where the boxes are"
    assert ink[~inside].mean() < 0.002, "ink outside the boxes: the picture is turned wrong"
    with Registry(built[0]) as reg:
        folder = reg.files_dir / ".cache"
    cached = list(folder.glob(rec["source"]["sha256"] + "-1-*.jpg"))
    assert len(cached) == 1 and cached[0].read_bytes() == r.data


# -- intake ------------------------------------------------------------------------------

def test_api_ingest_registers_and_recognises_duplicates(client):
    data = png_bytes()
    r = client.post("/api/ingest", data={"file": (io.BytesIO(data), "หนังสือ ว๗๗.png")})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["status"] == "registered" and body["letters"][0]["doc_no"] == "นร 0105/ว 77"
    assert body["letters"][0]["source"]["file"] == "หนังสือ ว๗๗.png"  # the clerk's name, not ours
    again = client.post("/api/ingest", data={"file": (io.BytesIO(data), "copy.png")}).get_json()
    assert again["status"] == "duplicate" and again["letters"][0]["doc_no"] == "นร 0105/ว 77"


def test_api_ingest_refuses_what_is_not_a_document(client, built):
    from ingest.jobqueue import uploads_dir

    r = client.post("/api/ingest", data={"file": (io.BytesIO(b"MZ\x90\x00 not a scan"), "letter.pdf")})
    assert r.status_code == 415
    assert "letter.pdf" in r.get_json()["error"] and "not a scanned document" in r.get_json()["error"]
    assert r.get_json()["error_th"] == "letter.pdf: ไม่ใช่ไฟล์สแกนเอกสาร (ต้องเป็น PDF, TIFF, JPEG หรือ PNG)"
    r = client.post("/api/ingest", data={"file": (io.BytesIO(b"%PDF-1.4\n%broken"), "cut.pdf")})
    assert r.status_code == 422 and "cut.pdf" in r.get_json()["error"]
    uploads = uploads_dir(built[0])   # the file's folder, or the server registry's on this machine
    assert uploads.is_dir() and not list(uploads.iterdir())  # nothing left behind


def test_intake_queue_reports_progress_until_done(client):
    headers = {"X-CSRF-Token": csrf(client)}
    r = client.post("/api/uploads", data={"file": (io.BytesIO(png_bytes()), "scan.png")}, headers=headers)
    assert r.status_code == 202
    job_id = r.get_json()["job"]["id"]
    for _ in range(600):   # a worker process starts (a fresh interpreter), then reads it
        job = client.get("/api/jobs", query_string={"id": job_id}).get_json()["jobs"][0]
        if job["state"] not in ("queued", "reading"):
            break
        time.sleep(0.05)
    assert job["state"] == "registered" and job["pages"] == 1 and job["done"] == 1
    assert job["letters"][0]["doc_no"] == "นร 0105/ว 77"
    assert "scan.png" in client.get("/intake").get_data(as_text=True)


# -- safety ------------------------------------------------------------------------------

def test_csrf_token_required_for_browser_posts(app, client):
    pid = app.config["IDS"]["province"]
    client.get("/queue")  # a browser session: it has a cookie now
    r = client.post(f"/letters/{pid}/review", data={"f_date": "19/1/2567", "action": "save"})
    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)
    r = client.post(f"/letters/{pid}/review", data={"f_date": "19/1/2567", "csrf_token": "forged"})
    assert r.status_code == 400
    # a cross-site page posting to the API from the clerk's browser: Origin set, no token
    fresh = app.test_client()
    r = fresh.post("/api/ingest", data={"file": (io.BytesIO(png_bytes()), "x.png")},
                   headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 400
    assert client.get(f"/api/letters/{pid}").get_json()["date"] == "2024-01-18"


def test_upload_limit(built):
    small = create_app(built[0], ingest_file=quick_ingest, max_upload_mb=0.01, secret_key="t").test_client()
    big = b"%PDF-1.4\n" + b"0" * 20000
    r = small.post("/api/ingest", data={"file": (io.BytesIO(big), "big.pdf")})
    assert r.status_code == 413 and "MB" in r.get_json()["error"]
    r = small.post("/intake", data={"file": (io.BytesIO(big), "big.pdf")}, headers={"Accept": "text/html"})
    assert r.status_code == 413 and "ไฟล์ใหญ่เกิน" in r.get_data(as_text=True)


def test_loopback_workspace_answers_only_to_loopback_names(client):
    assert client.get("/api/me", base_url="http://127.0.0.1:8000").status_code == 200
    # a site re-pointed at 127.0.0.1 by DNS (rebinding) reaches the server under its own name
    assert client.get("/api/search?q=มท", base_url="http://evil.example:8000").status_code == 400



def test_the_next_letter_in_the_queue_follows_the_queue_round_to_its_head(built):
    import json

    from ingest.registry.store import Registry
    from ingest.web.lib import next_in_queue, queue_ids

    db, ids, _ = built
    with Registry(db) as reg:
        with reg.transaction():   # every letter still to check
            reg.conn.execute("UPDATE letters SET flags = ?", (json.dumps(["date: not found"]),))
        order = queue_ids(reg)
        assert sorted(order) == sorted(ids.values())
        assert [next_in_queue(reg, i) for i in order] == order[1:] + order[:1]
        with reg.transaction():   # one checked: from it, the clerk goes to the head of the queue
            reg.conn.execute("UPDATE letters SET flags = '[]' WHERE id = ?", (order[1],))
        assert next_in_queue(reg, order[1]) == order[0]


def test_a_threads_kept_connection_that_fails_is_opened_again(app, client):
    """Each server thread keeps its registry connection between requests; one that breaks
    (its file replaced, an I/O error) fails its request, and the next request opens a new one."""
    from ingest.web import context

    assert client.get("/search?q=จัดเก็บ").status_code == 200
    path = app.config["DB_PATH"]
    kept = context._kept.registries[path]       # the test client answers on this thread
    kept.conn.close()                              # as if the file had gone from under it
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.get("/search?q=จัดเก็บ").status_code == 500
    assert client.get("/search?q=จัดเก็บ").status_code == 200
    assert context._kept.registries[path] is not kept
    assert len(context._kept.registries) <= context.KEPT_PER_THREAD
