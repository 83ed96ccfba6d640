"""Ink printed over a page's text: a round seal's rings inpainted before reading (``seals``),
and lines Tesseract read unsurely under a seal's lighter ink read again with that ink
painted out.
"""
from __future__ import annotations

import numpy as np

from ..page import overlap, shifted
from .letters import consonants
from .model import percentile
from .seals import seal_rings, without_seal_rings
from .thresholds import READING as T


def under_seals(page, gray: np.ndarray, reader) -> np.ndarray:
    """Lines Tesseract read unsurely with lighter ink over them (an office's seal printed
    over its date on a stamped letter, ``11 We`` for ๑๑ พฤศจิกายน ๒๕๖๕) are read again
    with that ink painted out; the new reading is kept if Tesseract is far surer of it.
    Returns the page image with the ink painted out where a line was read again, for the
    model to read the same pixels. A page where more than ``seal_lines`` lines show such
    ink (a grainy or tinted scan) is left as it is."""
    from PIL import Image

    out, candidates = gray, []
    for i, line in enumerate(page.lines):
        if not line.words or min(w.conf for w in line.words) >= T.seal_conf:
            continue
        l, t, r, b = line.box
        m = max(4, (b - t) // 4)
        # the seal may have hidden the line's ends from Tesseract: widen it up to the next
        # line on the same row, at most six line-heights each way
        row = [o.box for o in page.lines if o is not line and o.box[1] < b and o.box[3] > t]
        if any(overlap(line.box, o) > 0.5 for o in row):
            continue  # a piece of another line's word (a red urgency mark read in parts)
        left = max([o[2] for o in row if o[2] <= l] + [l - 6 * (b - t)])
        right = min([o[0] for o in row if o[0] >= r] + [r + 6 * (b - t)])
        t2, b2 = max(0, t - m), min(gray.shape[0], b + m)
        l2, r2 = max(0, left + m), min(gray.shape[1], right - m)
        if r2 - l2 < r - l:
            l2, r2 = max(0, l - m), min(gray.shape[1], r + m)
        crop = _without_light_ink(gray[t2:b2, l2:r2], (max(0, l - l2), r - l2))
        if crop is not None:
            candidates.append((i, crop, l2, t2, r2, b2))
    if len(candidates) > T.seal_lines:
        return out  # light ink over many lines is the scan's grain or a tint, not a seal
    for i, crop, l2, t2, r2, b2 in candidates:
        line = page.lines[i]
        again = reader.read_block(Image.fromarray(crop), (0, 0, r2 - l2, b2 - t2), margin=10)
        if len(again) != 1 or again[0].conf < line.conf + T.seal_gain \
                or _content(again[0].text) < T.seal_content * _content(line.text):
            continue  # (ink painted out must reveal text, not take some away: a red mark's)
        page.lines[i] = shifted(again[0], l2, t2)
        if out is gray:
            out = gray.copy()
        out[t2:b2, l2:r2] = crop
    return out


def _without_light_ink(crop: np.ndarray, within: tuple[int, int] = (0, -1)) -> np.ndarray | None:
    """A line crop with the ink lighter than its text's own painted paper-white: a seal or a
    coloured stamp printed over the line. None unless enough of that ink lies away from the
    text's strokes in the columns ``within`` (the line's own box; the crop may be wider):
    light pixels beside the strokes are only the letters' edges, which a blurred scan is
    full of."""
    import cv2

    g = crop.astype(np.float32)
    paper, core = percentile(crop, 90), percentile(crop, 1)
    if paper - core < T.seal_contrast:
        return None
    cut = core + 0.25 * (paper - core)
    light = (g > cut) & (g < paper - 0.25 * (paper - core))
    strokes = cv2.dilate((g <= cut).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    if (light & ~strokes)[:, within[0]:within[1]].mean() < T.seal_light_share:
        return None
    return np.where(light | (g > cut), np.uint8(paper), crop).astype(np.uint8)


def without_seals(image):
    """The page with the rings and dashes of any round seal on it inpainted (``seals``), in grey."""
    from PIL import Image

    gray = np.asarray(image.convert("L"))
    seals = seal_rings(gray)
    return Image.fromarray(without_seal_rings(gray, seals)) if seals else image


def _content(text: str) -> int:
    """Thai consonants and digits: what a reading holds, junk and punctuation aside."""
    return consonants(text) + sum(c.isdigit() for c in text)
