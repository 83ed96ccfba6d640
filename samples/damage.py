"""Scanning: what a tired office scanner does to a page, and the file formats it writes."""
from __future__ import annotations

import datetime as dt

import numpy as np
from PIL import Image, ImageFilter

FIXED_DATE = dt.datetime(2024, 1, 1).timetuple()  # PDF metadata dates: fixed so output is reproducible
CASTS = ((1.0, 0.97, 0.86), (0.9, 1.0, 0.92), (1.0, 0.95, 0.95))  # yellowed, green, pink
DAMAGES = ("blur", "noise", "skew", "jpeg", "colour_cast", "uneven_light")


def choose_damage(rng, fmt: str, dpi: int) -> list[str]:
    """A few kinds of damage per damaged bundle; bitonal where the format is bitonal."""
    picks = rng.sample(DAMAGES, rng.randint(2, 4))
    if "skew" not in picks and rng.random() < 0.6:
        picks.append("skew")
    if fmt in ("tif-g4", "pdf-g4"):
        picks = [d for d in picks if d not in ("colour_cast", "jpeg")] + ["bitonal"]
    if fmt == "png":   # PNG is lossless: noise would make it huge; real PNGs come from phones
        picks = [d for d in picks if d != "noise"]
    if dpi < 300:
        picks.append("low_dpi")
    return sorted(set(picks))


def colourful(img: Image.Image) -> bool:
    """Scanners in auto-colour mode keep colour only where there is some (marks, stamps, pen)."""
    a = np.asarray(img.reduce(8), dtype=np.int16)
    return bool(((a.max(axis=2) - a.min(axis=2)) > 60).mean() > 0.0005)


def scan_page(img: Image.Image, damage: list[str], rng, grey: bool, rotation: int = 0,
              cast=(1.0, 0.97, 0.86)) -> tuple[Image.Image, float]:
    """Apply damage to one rendered page; returns the image and the skew applied (degrees)."""
    skew = 0.0
    if "colour_cast" not in damage and (grey or not colourful(img)):
        img = img.convert("L")
    if "skew" in damage:
        skew = round(rng.choice((-1, 1)) * rng.uniform(0.6, 3.0), 2)
        fill = 255 if img.mode == "L" else (255, 255, 255)
        img = img.rotate(skew, resample=Image.BICUBIC, fillcolor=fill)
    if "blur" in damage:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.7, 1.4) * img.width / 2480))
    a = np.asarray(img, dtype=np.float32)
    nprng = np.random.default_rng(rng.randrange(2**32))
    if "uneven_light" in damage:
        h, w = a.shape[:2]
        gx = np.linspace(rng.uniform(0.78, 0.9), 1.0, w, dtype=np.float32)
        if rng.random() < 0.5:
            gx = gx[::-1]
        gy = np.linspace(1.0, rng.uniform(0.9, 1.0), h, dtype=np.float32)
        shade = np.outer(gy, gx)
        a = a * (shade[..., None] if a.ndim == 3 else shade)
    if "colour_cast" in damage:
        if a.ndim == 2:
            a = np.repeat(a[..., None], 3, axis=2)
        a = a * np.array(cast, dtype=np.float32)
    if "noise" in damage:
        a = a + nprng.normal(0, rng.uniform(2, 4), a.shape).astype(np.float32)
        specks = nprng.random(a.shape[:2]) < 0.0004
        a[specks] = 40
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if "jpeg" in damage and "bitonal" not in damage:
        import io
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(18, 35))
        img = Image.open(io.BytesIO(buf.getvalue()))
        img.load()
    if "bitonal" in damage:
        img = bitonal(img)
    if rotation:
        img = img.rotate(-rotation, expand=True)
    return img, skew


def bitonal(img: Image.Image) -> Image.Image:
    """Black and white, as a G4 scanner writes it (no dither)."""
    return img.convert("L").point(lambda v: 255 if v > 165 else 0).convert("1", dither=None)


def save(images: list[Image.Image], path, fmt: str, dpi: int, quality: int = 80):
    """Write a bundle file: PDF of JPEG (or G4) pages, multi-page TIFF, JPEG or PNG."""
    first, rest = images[0], images[1:]
    if fmt.startswith("pdf"):
        opts = {} if fmt == "pdf-g4" else {"quality": quality}
        first.save(path, "PDF", save_all=True, append_images=rest, resolution=dpi,
                   creationDate=FIXED_DATE, modDate=FIXED_DATE, producer="saraban samples", **opts)
    elif fmt == "tif-g4":
        imgs = [im.convert("1") for im in images]
        imgs[0].save(path, "TIFF", save_all=True, append_images=imgs[1:], compression="group4",
                     dpi=(dpi, dpi))
    elif fmt == "tif":
        imgs = [im.convert("L") for im in images]
        imgs[0].save(path, "TIFF", save_all=True, append_images=imgs[1:], compression="jpeg",
                     quality=quality, dpi=(dpi, dpi))
    elif fmt == "jpg":
        assert not rest, "a JPEG holds one page"
        first.save(path, "JPEG", quality=quality, dpi=(dpi, dpi))
    elif fmt == "png":
        assert not rest, "a PNG holds one page"
        first.save(path, "PNG", dpi=(dpi, dpi), optimize=True)
    else:
        raise ValueError(f"unknown format {fmt}")
