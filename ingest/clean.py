"""Cleaning: a page image in, the image the engine reads out.

Each step is a plain function, kept only where ``saraban eval`` measured that it
helps (see ``settings`` ``clean``). Binarization is left to Tesseract: on grey
300 dpi scans its own Otsu beat adaptive thresholding here.
"""
from __future__ import annotations

import numpy as np

from . import settings
from .errors import BadArgumentError


def to_gray(image):
    """Greyscale by luminance; red urgency marks stay dark enough to read."""
    return image.convert("L") if image.mode != "L" else image


def flatten(image):
    """Divide out the paper's background: colour casts, uneven light, yellowed paper."""
    import cv2

    a = np.asarray(image, dtype=np.uint8)
    k = max(15, (min(a.shape) // 40) | 1)
    background = cv2.morphologyEx(a, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    background = cv2.GaussianBlur(background, (0, 0), k / 3)
    out = np.clip(a.astype(np.float32) / np.maximum(background, 1) * 255.0, 0, 255).astype(np.uint8)
    return _pil(out)


def crop_borders(image):
    """Whiten the dark bands a scanner leaves along the page edges."""
    a = np.asarray(image, dtype=np.uint8).copy()
    dark = a < 80
    h, w = a.shape
    for axis, size in ((0, h), (1, w)):
        frac = dark.mean(axis=1 - axis)  # share of dark pixels in each row (axis 0) or column
        for rng in (range(0, size // 20), range(size - 1, size - size // 20, -1)):
            for i in rng:
                if frac[i] < 0.6:
                    break
                if axis == 0:
                    a[i, :] = 255
                else:
                    a[:, i] = 255
    return _pil(a)


def skew_angle(image, limit: float = 5.0, step: float = 0.1) -> float:
    """How far the text is turned counter-clockwise, in degrees, by the sharpest row profile."""
    import cv2

    a = np.asarray(image, dtype=np.uint8)
    scale = 1000 / max(a.shape)
    small = cv2.resize(a, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else a
    ink = (small < 128).astype(np.float32)
    if ink.sum() < 50:
        return 0.0
    h, w = ink.shape
    centre = (w / 2, h / 2)
    best, best_score = 0.0, -1.0
    for angle in np.arange(-limit, limit + step / 2, step):
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rows = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST).sum(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = float(angle), score
    return -best


def deskew(image, min_angle: float = 0.2):
    return _turn(image, -skew_angle(image), min_angle)


def _turn(image, angle: float, min_angle: float = 0.2, fill: int = 255):
    """Rotate counter-clockwise by ``angle`` about the centre, growing the canvas (white, or
    ``fill``)."""
    if abs(angle) < min_angle:
        return image
    return image.rotate(angle, resample=3, expand=True, fillcolor=fill)


PAPER_PERCENTILE = 60   # a page of text is mostly paper: this share of its pixels is paper or ink


def paper_tone(image) -> int:
    """The grey of a page's paper: the tone that PAPER_PERCENTILE % of its pixels are at most
    as light as (on a page of text, still paper). White corners on a grey, unevenly lit page
    made Tesseract's threshold take the whole paper for ink, and a page of a closing and a
    footer read as nothing at all; turned on paper of its own tone, it reads (``clean_page(...,
    paper=True)``, asked for such a page only: on the others white corners read as well or better)."""
    return int(np.percentile(np.asarray(image.convert("L"), dtype=np.uint8), PAPER_PERCENTILE))


def orientation(image, engine) -> int:
    """Degrees to turn the page counter-clockwise to make it upright, by Tesseract's OSD."""
    osd = getattr(engine, "orientation", None)
    if osd is None:
        return 0
    small = image if max(image.size) <= 2600 else image.reduce(2)
    try:
        return osd(small)
    except Exception:  # OSD finds no script on blank or image-only pages: keep the page as it is
        return 0


def orient(image, engine):
    """Turn a page scanned sideways or upside down upright."""
    return _turn(image, orientation(image, engine))


def _pil(a):
    from PIL import Image

    return Image.fromarray(a)


def remove_rules(image):
    """Whiten the long straight rules of a table or a form: Tesseract's layout analysis takes a
    ruled table for pictures and drops its rows. Only runs of ink far longer than any letter
    (a twentieth of the page across, a thirtieth down) are taken; dotted leaders and letters
    touching a rule keep their other strokes.

    Not a default step: on the samples it cut the character error (damaged 5.7 -> 5.1%,
    digits 25.2 -> 20.9%) but lost two urgency marks and two receipt dates on clean scans
    (their frames are rules too)."""
    import cv2

    a = np.asarray(image, dtype=np.uint8)
    h, w = a.shape
    ink = cv2.adaptiveThreshold(a, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                max(15, (min(h, w) // 60) | 1), 15)
    rules = np.zeros_like(ink)
    for size in ((max(w // 20, 40), 1), (1, max(h // 30, 40))):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
        rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    if not rules.any():
        return image
    rules = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    out = a.copy()
    out[rules > 0] = np.uint8(np.percentile(a, 90))  # the paper's tone
    return _pil(out)


STEPS = {"flatten": flatten, "border": crop_borders, "deskew": deskew, "rules": remove_rules}


# ``orient`` is asked of Tesseract's OSD by the pipeline, for the pages that read badly
STEP_NAMES = ("orient", *STEPS)


def check_steps(steps: str) -> list[str]:
    """The step names of a comma-separated list; a name that is not a step is an error
    with the list of those that are (a misspelt step was silently skipped).

    >>> check_steps("orient,border,deskew")
    ['orient', 'border', 'deskew']
    """
    names = [n.strip() for n in steps.split(",") if n.strip()]
    unknown = [n for n in names if n not in STEP_NAMES]
    if unknown:
        raise BadArgumentError(f"Unknown cleaning step {unknown[0]!r} in {steps!r}.",
                               hint=f"Use steps from: {', '.join(STEP_NAMES)} (comma-separated, in order).")
    return names


def clean_page(image, steps: str | None = None, turns: list | None = None, paper: bool = False):
    """Grey, then the configured ``steps`` in order (comma-separated names from ``STEPS``).

    Every rotation applied is appended to ``turns`` (counter-clockwise degrees, canvas grown),
    so that the page image shown beside the boxes can be turned the same way.
    Orientation is not here: the pipeline asks OSD only for pages that read badly.
    """
    steps = settings.get("clean") if steps is None else steps
    names = check_steps(steps)
    image = to_gray(image)
    for name in names:
        if name == "deskew":
            angle = -skew_angle(image)
            turned = _turn(image, angle, fill=paper_tone(image) if paper else 255)
            if turned is not image and turns is not None:
                turns.append(round(angle, 2))
            image = turned
        elif name in STEPS:
            image = STEPS[name](image)
    return image


def apply_turns(image, turns):
    """The same rotations the reader applied, for drawing boxes on the page image."""
    for angle in turns or ():
        image = image.rotate(angle, resample=3, expand=True, fillcolor="white")
    return image
