"""Latin text on Thai pages: web addresses, e-mail, LINE handles, phone numbers, English words.

Attachments, posters and announcements print these among Thai text (``สมัครได้ที่
https://student.mytcas.com``, ``ติดต่อทาง LINE @mahadthai``). Each generated line comes with
the Latin tokens it holds, so a test can compare how each reader reads exactly those. This
module is separate from the committed sample bundles (``samples/bundles``), whose output it
does not change.

    >>> import random
    >>> text, tokens = latin_line(random.Random(3))
    >>> all(t in text for t in tokens)
    True
"""
from __future__ import annotations

import random

from samples.content import digits

HOSTS = ("student.mytcas.com", "entrance.psu.ac.th", "www.moi.go.th", "www.dla.go.th",
         "e-service.doe.go.th", "www.saraban.go.th", "reg.pn.psu.ac.th", "www.nesdc.go.th")
PATHS = ("", "/news", "/apply", "/form/2567", "/download/manual.pdf", "/th/index.php")
MAILBOXES = ("saraban", "admin", "info", "registrar", "contact", "pr.office", "it-support")
MAIL_HOSTS = ("moi.go.th", "psu.ac.th", "dla.go.th", "gmail.com", "hotmail.com", "obec.go.th")
HANDLES = ("@mahadthai", "@dlathailand", "@psupattani", "@saraban", "@moph.news", "@obec2567")
ENGLISH = ("Mathematics for Sustainable Community Development", "Digital Government", "Smart City",
           "QR Code", "Online Registration", "Charitable Trust Fund", "Open House",
           "Google Form", "Microsoft Teams", "Zoom Meeting", "Application Form", "Download")
PHONES = ("02 222 4132", "0 7433 1928", "073 335 130", "081 234 5678", "02 241 9000 ext. 4132",
          "074 289 697", "1111")

# the Thai words set around each kind (what the token is introduced by)
BEFORE = {
    "url": ("สมัครได้ที่", "ดูรายละเอียดเพิ่มเติมที่", "ดาวน์โหลดแบบฟอร์มได้ที่", "ตรวจสอบผลได้ทางเว็บไซต์"),
    "email": ("ส่งเอกสารทางอีเมล", "สอบถามทางไปรษณีย์อิเล็กทรอนิกส์", "อีเมล"),
    "handle": ("ติดต่อทาง LINE", "เพิ่มเพื่อนไลน์", "ไลน์ทางการ"),
    "english": ("โครงการ", "ระบบ", "ผ่านทาง", "กิจกรรม"),
    "phone": ("โทร.", "สอบถามได้ที่หมายเลข", "โทรศัพท์", "สายด่วน"),
}
AFTER = ("", "", " ภายในวันที่ 30 พฤศจิกายน 2567", " ตั้งแต่บัดนี้เป็นต้นไป", " ในวันและเวลาราชการ")


def latin_token(rng: random.Random, kind: str) -> str:
    """One Latin token of a kind: ``url``, ``email``, ``handle``, ``english`` or ``phone``."""
    if kind == "url":
        return f"{rng.choice(('https://', 'http://', 'https://', ''))}{rng.choice(HOSTS)}{rng.choice(PATHS)}"
    if kind == "email":
        return f"{rng.choice(MAILBOXES)}@{rng.choice(MAIL_HOSTS)}"
    if kind == "handle":
        return rng.choice(HANDLES)
    if kind == "english":
        return rng.choice(ENGLISH)
    if kind == "phone":
        return rng.choice(PHONES)
    raise ValueError(f"unknown kind of Latin token {kind!r}")


def latin_line(rng: random.Random, kind: str | None = None, style: str = "arabic") -> tuple[str, list[str]]:
    """A printed line holding a Latin token between Thai words: (text, [the Latin tokens]).

    ``style``: how the Thai words' own numbers (a deadline's date) are printed; the token keeps
    its Arabic digits, as a URL or a phone number is printed on real pages."""
    kind = kind or rng.choice(tuple(BEFORE))
    token = latin_token(rng, kind)
    after = digits(rng.choice(AFTER), style)
    text = f"{rng.choice(BEFORE[kind])} {token}{after}"
    tokens = [token] + (["LINE"] if "LINE" in text.split() else [])
    if kind == "english":  # each English word is a token
        tokens = token.split()
    return text, tokens


def latin_lines(seed: int, count: int = 12, style: str = "arabic") -> list[tuple[str, list[str]]]:
    """``count`` lines, every kind of token in turn, drawn for ``seed``."""
    rng = random.Random(seed)
    kinds = list(BEFORE)
    return [latin_line(rng, kinds[i % len(kinds)], style) for i in range(count)]


def latin_page(seed: int, family: str = "Laksaman", dpi: int = 300, count: int = 12,
               style: str = "arabic"):
    """A poster-like page of ``latin_lines``: (image, [(text, tokens)] as printed, in order)."""
    from samples.render import Page

    lines = latin_lines(seed, count, style)
    p = Page(dpi, family, "attachment")
    x0, y = p.px(2.5), p.px(3.0)
    title = "ประชาสัมพันธ์การรับสมัครและช่องทางการติดต่อ"
    p.text((p.w - p.width(title, 20, True)) // 2, y, title, 20, True)
    y += round(p.pt(20) * 2.0)
    for text, _ in lines:
        p.text(x0, y, text, 16)
        y += round(p.pt(16) * 1.9)
    return p.img, lines
