"""Paper's own troubles, beyond a tired office scanner (``damage.py``): what reaches a
receiving desk after other hands. Drawn for fresh sets only (``make_bundle(paper=True)``), from
a stream of their own, so a bundle keeps its content and its scanner's damage and the
committed set is untouched.

- ``photocopy``: a copy of a copy: strokes thickened, greys pushed to black or white, toner
  dust, the lid's shadow down one edge.
- ``fax``: standard mode, 200 by 100 dpi, black and white with no grey, rows dropped or streaked.
- ``phone_photo``: a page photographed on a desk: tilted (perspective), the desk beyond one
  edge, a shadow across it, the paper curling near one side, a phone's JPEG.
- ``show_through``: the back of thin paper seen through it (its print mirrored, faint, blurred).
- ``archive``: an archive's small scan, 100 to 150 dpi (uploaded scans are often 800 px wide).
"""
from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageFilter

PAPER = ("photocopy", "fax", "phone_photo", "show_through", "archive")
SHARE = 0.6   # of a fresh set's damaged bundles, those that get one of them
ARCHIVE_DPI = (100, 120, 150)


def choose_paper(rng) -> list[str]:
    return [rng.choice(PAPER)] if rng.random() < SHARE else []


def paper_page(img: Image.Image, kinds: list[str], rng, dpi: int) -> tuple[Image.Image, int]:
    """The scanned page with ``kinds`` done to it; returns it and its dpi (an archive's is lower)."""
    if kinds and img.mode == "1":   # bitonal: worked on in grey (make_bundle binarizes it again)
        img = img.convert("L")
    for kind in kinds:
        if kind == "archive":
            low = rng.choice([d for d in ARCHIVE_DPI if d < dpi] or [dpi])
            scale = low / dpi
            img = img.resize((round(img.width * scale), round(img.height * scale)), Image.LANCZOS)
            img = _jpeg(img, rng.randint(45, 70))
            dpi = low
        else:
            img = KINDS[kind](img, rng)
    return img, dpi


def _grey(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("L"), dtype=np.float32)


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.convert("RGB" if img.mode not in ("L", "RGB") else img.mode).save(buf, "JPEG", quality=quality)
    out = Image.open(io.BytesIO(buf.getvalue()))
    out.load()
    return out


def photocopy(img: Image.Image, rng) -> Image.Image:
    nprng = np.random.default_rng(rng.randrange(2**32))
    for _ in range(2):   # a copy of a copy
        img = img.convert("L").filter(ImageFilter.MinFilter(3))   # toner spreads: strokes thicken
        a = _grey(img)
        lo, hi = rng.uniform(60, 90), rng.uniform(170, 200)
        a = np.clip((a - lo) / (hi - lo) * 255, 0, 255)
        dust = nprng.random(a.shape) < rng.uniform(0.0003, 0.0012)
        a[dust] = nprng.uniform(0, 90, int(dust.sum()))
        h, w = a.shape
        band = int(w * rng.uniform(0.01, 0.03))
        side = slice(0, band) if rng.random() < 0.5 else slice(w - band, w)
        a[:, side] *= np.linspace(0.35, 0.8, band, dtype=np.float32)[None, :] if side.start == 0 else \
            np.linspace(0.8, 0.35, band, dtype=np.float32)[None, :]
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    return img


def fax(img: Image.Image, rng) -> Image.Image:
    nprng = np.random.default_rng(rng.randrange(2**32))
    w, h = img.size
    half = img.convert("L").resize((w, h // 2), Image.BOX)            # 100 lines an inch
    a = np.where(_grey(half) > rng.uniform(120, 150), 255, 0).astype(np.uint8)
    rows = nprng.random(a.shape[0]) < rng.uniform(0.002, 0.008)      # a line lost in transmission
    a[rows] = 255 if rng.random() < 0.5 else 0
    streak = nprng.random(a.shape[0]) < 0.001
    a[streak, :] = 0
    return Image.fromarray(a).resize((w, h), Image.NEAREST)


def phone_photo(img: Image.Image, rng) -> Image.Image:
    import cv2

    a = np.asarray(img.convert("RGB"), dtype=np.float32)
    h, w = a.shape[:2]
    j = lambda: rng.uniform(0.0, 0.035)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[w * j(), h * j()], [w * (1 - j()), h * j()], [w * (1 - j()), h * (1 - j())], [w * j(), h * (1 - j())]])
    desk = tuple(float(c) for c in rng.choice(((70, 55, 40), (40, 40, 45), (120, 100, 80))))
    # the paper curls near one side: its rows bow there
    xs = np.arange(w, dtype=np.float32)
    depth = rng.uniform(0.004, 0.012) * h
    near = xs / w if rng.random() < 0.5 else 1 - xs / w
    bow = depth * np.clip(near - 0.7, 0, None) ** 2 / 0.09
    ys = np.arange(h, dtype=np.float32)
    mx = np.repeat(xs[None, :], h, axis=0)
    my = ys[:, None] + bow[None, :] * np.sin(np.pi * ys[:, None] / h)
    a = cv2.remap(a, mx, my.astype(np.float32), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    a = cv2.warpPerspective(a, cv2.getPerspectiveTransform(src, dst), (w, h), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=desk)
    gx, gy = np.meshgrid(np.linspace(0, 1, w, dtype=np.float32), np.linspace(0, 1, h, dtype=np.float32))
    cx, cy = rng.random(), rng.random()
    shade = 1 - rng.uniform(0.2, 0.4) * np.clip(1 - np.hypot(gx - cx, gy - cy) / 0.8, 0, 1)
    a = a * shade[..., None] * np.float32((1.0, 0.97, 0.92))     # a warm room light
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8 * w / 2480))
    return _jpeg(img, rng.randint(55, 80))


def show_through(img: Image.Image, rng) -> Image.Image:
    back = img.convert("L").transpose(Image.FLIP_LEFT_RIGHT).filter(ImageFilter.GaussianBlur(2.0 * img.width / 2480))
    ink = (255 - _grey(back)) * rng.uniform(0.12, 0.25)
    a = np.asarray(img, dtype=np.float32)
    a = a - (ink[..., None] if a.ndim == 3 else ink)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


KINDS = {"photocopy": photocopy, "fax": fax, "phone_photo": phone_photo, "show_through": show_through}
