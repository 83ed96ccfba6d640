"""Drawing a page: Thai text with proper mark placement (Pillow + raqm), emblem, signature, stamps.

Every text run drawn is recorded with its block and box, so the page's ground-truth text is
exactly what was printed, in reading order.
"""
from __future__ import annotations

import math
import os
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont, features

from samples.fonts import EVALUATION_FONTS, font_file

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

BODY_FONTS = EVALUATION_FONTS             # the only fonts allowed for printed text
HAND_FONT = "Purisa"                      # handwriting-like fill-ins on stamps and notes
INK = (20, 20, 20)
RED = (200, 30, 35)
BLUE_STAMP = (55, 60, 165)
BLUE_PEN = (25, 45, 150)
# Reading order of blocks on a page: marks at the top, stamps, the letter, notes in the margin.
BLOCK_RANK = {"mark": 0, "stamp": 1, "body": 2, "endorsement": 3, "mark_bottom": 4}


def layout_engine():
    """Raqm shapes Thai marks correctly; basic layout stacks them wrongly, so insist on it."""
    if not features.check("raqm"):
        raise RuntimeError("Pillow was built without raqm: Thai marks would be misplaced. "
                           "Install libraqm0 and reinstall Pillow.")
    return ImageFont.Layout.RAQM


@lru_cache(maxsize=64)
def font(family: str, px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(family, bold)), px, layout_engine=layout_engine())


def render_text_line(text: str, family: str = "Laksaman", px: int = 48, pad: int = 8,
                     ink=INK, bold: bool = False) -> Image.Image:
    """One line of text on white, cropped to its ink plus padding (recognizer training).

    >>> im = render_text_line("ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑")
    >>> im.mode, im.height > 48
    ('L', True)
    """
    f = font(family, px, bold)
    left, top, right, bottom = f.getbbox(text, anchor="ls")
    asc, desc = f.getmetrics()
    top, bottom = min(top, -asc), max(bottom, desc)
    im = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 255)
    ImageDraw.Draw(im).text((pad - left, pad - top), text, font=f, fill=ink[0], anchor="ls")
    return im


class Page:
    """An A4 page at a given dpi, with the text runs drawn on it."""

    def __init__(self, dpi: int, family: str = "Laksaman", role: str = "letter"):
        self.dpi, self.family, self.role = dpi, family, role
        self.w, self.h = round(8.27 * dpi), round(11.69 * dpi)
        self.img = Image.new("RGB", (self.w, self.h), "white")
        self.draw = ImageDraw.Draw(self.img)
        self.runs: list[dict] = []

    def px(self, cm: float) -> int:
        return round(cm / 2.54 * self.dpi)

    def pt(self, points: float) -> int:
        return round(points * self.dpi / 72)

    def font(self, points: float = 16, bold: bool = False, family: str | None = None):
        return font(family or self.family, self.pt(points), bold)

    def width(self, text: str, points: float = 16, bold: bool = False) -> int:
        return round(self.font(points, bold).getlength(text))

    def text(self, x: int, y: int, s: str, points: float = 16, bold: bool = False,
             fill=INK, block: str = "body", family: str | None = None, anchor: str = "ls"):
        """Draw a run with its baseline at y; record it for the ground truth."""
        f = self.font(points, bold, family)
        self.draw.text((x, y), s, font=f, fill=fill, anchor=anchor)
        box = self.draw.textbbox((x, y), s, font=f, anchor=anchor)
        self.runs.append({"text": s, "box": list(box), "block": block, "y": y})
        return box

    def hand(self, x: int, y: int, s: str, points: float, rng, fill=BLUE_PEN,
             block: str = "stamp", family: str = HAND_FONT):
        """Handwriting-like text: slightly rotated and shifted, pasted as ink."""
        f = font(family, self.pt(points))
        left, top, right, bottom = f.getbbox(s, anchor="ls")
        pad = self.pt(points) // 2
        mask = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 0)
        ImageDraw.Draw(mask).text((pad - left, pad - top), s, font=f, fill=255, anchor="ls")
        mask = mask.rotate(rng.uniform(-4, 4), resample=Image.BICUBIC, expand=True)
        ox, oy = x + left - pad, y + top - pad + rng.randint(-3, 3)
        self.img.paste(Image.new("RGB", mask.size, fill), (ox, oy), mask)
        bbox = mask.getbbox() or (0, 0, 1, 1)
        box = [ox + bbox[0], oy + bbox[1], ox + bbox[2], oy + bbox[3]]
        self.runs.append({"text": s, "box": box, "block": block, "y": y})
        return box

    def lines(self) -> list[dict]:
        """Rows in reading order: blocks by rank, rows top to bottom, runs left to right."""
        rows: dict[tuple, list] = {}
        for r in self.runs:
            kind = r["block"].rstrip("0123456789")
            key = (BLOCK_RANK.get(kind, 2), r["block"], r["y"])
            rows.setdefault(key, []).append(r)
        out = []
        for key in sorted(rows, key=lambda k: (k[0], k[1], k[2])):
            runs = sorted(rows[key], key=lambda r: r["box"][0])
            box = [min(r["box"][0] for r in runs), min(r["box"][1] for r in runs),
                   max(r["box"][2] for r in runs), max(r["box"][3] for r in runs)]
            out.append({"text": " ".join(r["text"] for r in runs), "box": box,
                        "block": key[1]})
        return out

    def plain_text(self) -> str:
        return "\n".join(line["text"] for line in self.lines())


def wrap(text: str, f: ImageFont.FreeTypeFont, width: int, first: int | None = None) -> list[str]:
    """Break Thai text into lines at word boundaries (PyThaiNLP newmm) and spaces."""
    from pythainlp.tokenize import word_tokenize
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=True)
    lines, cur, limit = [], "", first or width
    for tok in tokens:
        cand = cur + tok
        if cur and f.getlength(cand.rstrip()) > limit:
            lines.append(cur.rstrip())
            cur, limit = tok.lstrip(), width
        else:
            cur = cand
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


def emblem(page: Page, cx: int, top: int, height: int):
    """A simple Garuda-like placeholder: head, spread wings, body, in black."""
    d, s = page.draw, height / 100
    pts = lambda seq: [(cx + x * s, top + y * s) for x, y in seq]  # noqa: E731
    for side in (-1, 1):
        wing = [(0, 30)] + [(side * (18 + 9 * i), 22 - 6 * i + (8 if i % 2 else 0))
                            for i in range(5)] + [(side * 58, 40), (side * 40, 62), (side * 12, 60)]
        d.polygon(pts(wing), fill=INK)
        d.polygon(pts([(side * 8, 78), (side * 30, 100), (side * 4, 92)]), fill=INK)
    d.ellipse(pts([(-16, 26), (16, 84)]), fill=INK)
    d.ellipse(pts([(-11, 2), (11, 26)]), fill=INK)
    d.polygon(pts([(0, 8), (-4, 0), (4, 0)]), fill=INK)
    d.polygon(pts([(-18, 96), (18, 96), (0, 76)]), fill=INK)


def signature(page: Page, x: int, y: int, w: int, rng, fill=BLUE_PEN):
    """A pen squiggle: a few overlapping loops along a slightly rising line."""
    pts, loops = [], rng.randint(3, 6)
    a1, a2, ph = rng.uniform(0.3, 0.6), rng.uniform(0.1, 0.3), rng.uniform(0, 6.28)
    for i in range(160):
        t = i / 159
        px_ = x + w * t + w * 0.06 * math.cos(t * loops * 2 * math.pi + ph)
        py = y - w * 0.08 * t + w * a1 * 0.25 * math.sin(t * loops * 2 * math.pi) \
            + w * a2 * 0.1 * math.sin(t * 13 + ph)
        pts.append((px_, py))
    page.draw.line(pts, fill=fill, width=max(2, page.dpi // 100), joint="curve")
    page.draw.line([(x + w * 0.1, y + w * 0.12), (x + w * 0.9, y + w * 0.02)], fill=fill,
                   width=max(2, page.dpi // 120))


def receipt_stamp(page: Page, x: int, y: int, office: str, number: str, date: str, time: str,
                  rng, block: str = "stamp1"):
    """The receiving office's rectangle: office name, เลขรับ, วันที่, เวลา with pen fill-ins."""
    pts = 13
    lh = page.pt(pts * 1.45)
    w = max(page.width(office, pts, True) + page.pt(20), page.px(5.2))
    h = lh * 4 + page.pt(8)
    page.draw.rectangle([x, y, x + w, y + h], outline=BLUE_STAMP, width=max(3, page.dpi // 80))
    base = y + lh
    page.text(x + (w - page.width(office, pts, True)) // 2, base, office, pts, True,
              BLUE_STAMP, block)
    for i, (label, value) in enumerate((("เลขรับ", number), ("วันที่", date), ("เวลา", time))):
        yy = base + lh * (i + 1)
        page.text(x + page.pt(8), yy, label, pts, False, BLUE_STAMP, block)
        lx = x + page.pt(10) + page.width(label, pts)
        dots = yy + page.pt(2)
        for dx in range(lx, x + w - page.pt(8), page.pt(4)):
            page.draw.point([(dx, dots), (dx + 1, dots)], fill=BLUE_STAMP)
        page.hand(lx + page.pt(6) + rng.randint(0, page.pt(10)), yy, value, pts + 1, rng,
                  block=block)
    return (x, y, x + w, y + h)


def seal(page: Page, cx: int, cy: int, r: int, rng, fill=(180, 40, 50)):
    """A round office seal over the stamped letter's closing (drawn, not recorded as text)."""
    d = page.draw
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=fill, width=max(3, page.dpi // 90))
    d.ellipse([cx - r * 0.72, cy - r * 0.72, cx + r * 0.72, cy + r * 0.72], outline=fill,
              width=max(2, page.dpi // 150))
    for i in range(24):  # a ring of dashes standing in for the curved office name
        a = i / 24 * 2 * math.pi + rng.uniform(-0.02, 0.02)
        r1, r2 = r * 0.78, r * 0.94
        d.line([(cx + r1 * math.cos(a), cy + r1 * math.sin(a)),
                (cx + r2 * math.cos(a), cy + r2 * math.sin(a))], fill=fill, width=3)
