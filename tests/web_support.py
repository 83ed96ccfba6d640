"""A small registry for the web tests, filled through the library (no OCR): a ministry
circular, the province letter that forwards it, and a district endorsement on it.

Each letter is a PNG page drawn in Laksaman with its lines, so the review screen has a
real image and real boxes to draw.
"""
from __future__ import annotations

import base64
import hashlib
from pathlib import Path

LAKSAMAN = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"
PAGE = (1240, 1754)   # A4 at 150 dpi: small and quick

MINISTRY = {
    "kind": "external", "doc_no": "มท 0206.2/ว 5221", "doc_no_text": "ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑",
    "issuer": "กระทรวงมหาดไทย", "issuer_code": "มท", "date": "2024-01-09", "date_text": "๙ มกราคม ๒๕๖๗",
    "subject": "ซักซ้อมแนวทางการจัดเก็บเอกสาร",
    # the addressee line after เรียน, as the extractor and the truth files write it
    "salutation": "ผู้ว่าราชการจังหวัดทุกจังหวัด", "recipients": ["ผู้ว่าราชการจังหวัดทุกจังหวัด"], "enclosures": ["แนวทางปฏิบัติ จำนวน ๑ ชุด"],
    # cites a cabinet letter nobody has scanned: a placeholder at the root of the chain
    "references": [{"doc_no": "นร 0505/ว 123", "date": "2024-01-03",
                    "text": "หนังสือสำนักเลขาธิการคณะรัฐมนตรี ที่ นร ๐๕๐๕/ว ๑๒๓ ลงวันที่ ๓ มกราคม ๒๕๖๗"}],
    "directives": [{"number": 1, "text": "ให้จัดเก็บเอกสารตามแนวทางที่ส่งมาด้วย"}],
    "signatory": {"name": "นายสมชาย ใจดี", "position": "ปลัดกระทรวงมหาดไทย"},
    "receipt": {"number": "887", "date": "2024-01-15", "time": "10:30", "receiver": "ศาลากลางจังหวัดเชียงใหม่"},
}
PROVINCE = {
    "kind": "external", "doc_no": "ชม 0023.3/ว 69", "doc_no_text": "ที่ ชม ๐๐๒๓.๓/ว ๖๙",
    "issuer": "ศาลากลางจังหวัดเชียงใหม่", "issuer_code": "ชม", "date": "2024-01-18",
    "date_text": "๑๘ มกราคม ๒๕๖๗", "subject": "ซักซ้อมแนวทางการจัดเก็บเอกสาร",
    "salutation": "นายอำเภอทุกอำเภอ", "urgency": "ด่วนมาก", "recipients": ["นายอำเภอทุกอำเภอ"],
    "references": [{"doc_no": "มท 0206.2/ว 5221", "date": "2024-01-09",
                    "text": "หนังสือกระทรวงมหาดไทย ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑ ลงวันที่ ๙ มกราคม ๒๕๖๗"}],
    "signatory": {"name": "นายวิชัย สุขใจ", "position": "ผู้ว่าราชการจังหวัดเชียงใหม่"},
    "receipt": {"number": "103", "date": "2024-01-22", "time": "09:15", "receiver": "ที่ว่าการอำเภอแม่ริม"},
    # what the extractor could not be sure of: the clerk checks these first
    "flags": ["date: low OCR confidence", "receipt: number not read"],
    "confidence": {"date": 0.41, "subject": 0.93, "doc_no": 0.88, "receipt": 0.52},
}
ENDORSEMENT = {
    "kind": "endorsement", "doc_no": "ชม 0023.17/ว 11", "doc_no_text": "ที่ ชม ๐๐๒๓.๑๗/ว ๑๑",
    "issuer": "ที่ว่าการอำเภอแม่ริม", "issuer_code": "ชม", "date": "2024-01-22", "date_text": "๒๒ ม.ค. ๖๗",
    "salutation": "นายกเทศมนตรีตำบลทุกแห่ง นายก อบต. ทุกแห่ง",
    "recipients": ["นายกเทศมนตรีตำบลทุกแห่ง", "นายก อบต. ทุกแห่ง"],
    "purpose": "เพื่อทราบและถือปฏิบัติ", "subject": None,
}


def _lines_for(rec: dict) -> list[tuple[str, str | None]]:
    """(text, field) lines of a page for a record: what a reader would have found."""
    out = []
    if rec.get("urgency"):
        out.append((rec["urgency"], "urgency"))
    out.append((rec["doc_no_text"], "doc_no"))
    if rec.get("receipt"):
        out.append((f"เลขรับ {rec['receipt']['number']}", "receipt"))
    out.append((rec["date_text"], "date"))
    if rec.get("subject"):
        out.append((f"เรื่อง {rec['subject']}", "subject"))
    out.append((f"เรียน {rec['salutation']}", "recipients"))
    if rec.get("purpose"):
        out.append((rec["purpose"], "purpose"))
    out.append((rec["issuer"], "issuer"))
    return out


def draw_page(lines: list[str], path: Path) -> list[tuple[int, int, int, int]]:
    """Draw ``lines`` on a white page, save a PNG, return each line's box."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(LAKSAMAN, 34)
    boxes = []
    for i, text in enumerate(lines):
        x, y = 150, 160 + i * 70
        draw.text((x, y), text, font=font, fill=0)
        l, t, r, b = draw.textbbox((x, y), text, font=font)
        boxes.append((l, t, r, b))
    img.save(path, dpi=(150, 150))
    return boxes


def add_sheet(registry, letters: list[dict], folder: Path, name: str, turns=()) -> list[int]:
    """Register one page holding ``letters`` (an endorsement below the letter it is written
    on) as its own file; their ids.

    ``turns``: the sheet was scanned turned the other way, so the reader turned it by these
    (counter-clockwise degrees, canvas grown, as ``PageText.turns``) before reading: the
    page and its boxes are in the coordinates of that turned image."""
    from ingest.page import Line, PageText, Word
    from ingest.record import new_record

    recs, lines = [], []
    for fields in letters:
        rec = new_record()
        rec.update(fields)
        recs.append(rec)
        lines += [(text, field, rec) for text, field in _lines_for(rec)] + [("", None, None)]
    path = folder / name
    boxes = draw_page([t for t, _, _ in lines], path)
    size = PAGE
    if turns:
        from PIL import Image

        from ingest.clean import apply_turns

        scan = Image.open(path)
        for angle in reversed(turns):
            scan = scan.rotate(-angle, expand=True, fillcolor=255)
        scan.save(path, dpi=(150, 150))
        size = apply_turns(scan, turns).size  # the canvas grows around the upright page
        dx, dy = (size[0] - PAGE[0]) // 2, (size[1] - PAGE[1]) // 2
        boxes = [(l + dx, t + dy, r + dx, b + dy) for l, t, r, b in boxes]
    page = PageText(1, size[0], size[1], engine="test", turns=list(turns))
    for (text, field, rec), box in zip(lines, boxes):
        if not text:
            continue
        page.lines.append(Line(text, box, 90.0, [Word(text, box, 90.0)]))
        if field:
            rec["boxes"][field] = {"page": 1, "box": list(box)}
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    for rec in recs:
        rec["source"] = {"file": name, "sha256": sha, "pages": [1]}
    info = {"sha256": sha, "name": name, "size": len(data), "pages": 1}
    return registry.add_file(info, recs, [page], path)


def build(db_path, scans: Path | None = None) -> dict[str, int]:
    """The three-letter chain in a new registry at ``db_path`` (a file, or a server's address);
    their ids by role. Their scans are drawn in ``scans``, by default a folder beside the
    registry's own files on this machine."""
    from ingest.registry.store import Registry
    from ingest.settings import files_base, is_server

    folder = scans or (files_base(db_path).with_suffix(".scans") if is_server(db_path) else db_path.parent / "scans")
    folder.mkdir(exist_ok=True)
    with Registry(db_path) as reg:
        ministry, = add_sheet(reg, [MINISTRY], folder, "ministry.png")
        province, endorsement = add_sheet(reg, [PROVINCE, ENDORSEMENT], folder, "province.png")
    return {"ministry": ministry, "province": province, "endorsement": endorsement}


# Users of a registry that requires sign-in: name -> (role, password).
PASSWORDS = {"somsri": ("clerk", "clerk-pass-1"), "anan": ("staff", "staff-pass-1"),
             "wipa": ("auditor", "audit-pass-1")}


def add_users(db_path):
    """The users of ``PASSWORDS`` in the registry's user store; the store."""
    from ingest.web.auth import UserStore, users_path

    from ingest.settings import files_base

    store = UserStore(users_path(files_base(db_path)))
    for name, (role, password) in PASSWORDS.items():
        store.add(name, password, role)
    return store


def secured_app(db_path, scans: Path | None = None):
    """(app, ids, store): the chain of ``build`` with the users of ``PASSWORDS``, served
    with sign-in required."""
    from ingest.web.app import create_app

    ids = build(db_path, scans)
    store = add_users(db_path)
    return create_app(db_path, require_login=True), ids, store


def basic(name: str, password: str) -> dict:
    """The header of an HTTP Basic sign-in."""
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


def login_token(client) -> str:
    """The CSRF token of the sign-in form, as a browser opening /login gets it."""
    return client.get("/login").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
