"""Round office seals printed over a letter's closing, found and painted out before reading.

A stamped letter (หนังสือประทับตรา) ends with the office's name and date under its round
seal. In colour the seal is lighter than the print (``overprint.under_seals`` reads such lines
again without the lighter ink); on a bitonal or dark scan its rings are as black as the
letters, run through the date, and Tesseract reads ``๑7`` for ``๑๘ สิงหาคม ๒๕๖๓`` or skips it.

A seal's ring is a closed circle of ink 1 to 2.6 cm across the radius, which no letter or
table is: candidates come from a Hough transform of the page at a quarter of its size, and one
is a seal only where ink runs round nearly all of a circle at full size and the disc inside is
not mostly ink (a round crest in a letterhead). Its rings (the circles of the radial profile
that are inked nearly all round), and the dashes wholly between two of them that point at the
centre, are inpainted: where a letter's stroke crosses a ring, the stroke goes on. A dash that
touches a letter is one piece of ink with it, and stays.
"""
from __future__ import annotations

import numpy as np

from .thresholds import READING as T

SCALE = T.seal_scale  # the Hough transform runs on the page at this size
RADIUS_CM = T.seal_radius_cm
ANGLES = np.linspace(0, 2 * np.pi, 360, endpoint=False)


def seal_rings(gray: np.ndarray, ink_below: int = T.seal_ink_below) -> list[tuple[float, float, list[float]]]:
    """(x, y, [ring radii]) of each round seal on the page, in pixels."""
    import cv2

    h, w = gray.shape
    if h < 200 or w < 200:
        return []
    small = cv2.resize(gray, None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_AREA)
    per_cm = small.shape[1] / 21.0  # an A4 page's width
    found = cv2.HoughCircles(cv2.GaussianBlur(small, (3, 3), 0), cv2.HOUGH_GRADIENT, dp=1,
                             minDist=2 * per_cm, param1=T.hough_edges, param2=T.hough_votes,
                             minRadius=int(RADIUS_CM[0] * per_cm), maxRadius=int(RADIUS_CM[1] * per_cm))
    if found is None:
        return []
    dark = gray < ink_below
    ink = cv2.dilate(dark.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(np.float32)
    seals = []
    for x, y, r in found[0][:3]:
        support, cx, cy, radius = _best_circle(ink, x / SCALE, y / SCALE, r / SCALE)
        if support < T.ring or not RADIUS_CM[0] <= radius * SCALE / per_cm <= RADIUS_CM[1] \
                or _inked(dark, cx, cy, T.emblem_disc * radius) > T.emblem_ink:
            continue  # a small ring, or a round emblem (a university's crest): not a seal over text
        # the ring found may be the inner one: look for rings out to half as far again
        radii, share = _profile(ink, cx, cy, 0.5 * radius, 1.5 * radius)
        rings: list[float] = []
        for i in range(1, len(share) - 1):
            if share[i] >= T.inner_ring and share[i] >= share[i - 1] and share[i] >= share[i + 1]:
                if rings and radii[i] - rings[-1] <= 4:  # one ring's plateau, not two rings
                    continue
                rings.append(float(radii[i]))
        seals.append((cx, cy, rings or [radius]))
    return seals


def _inked(ink: np.ndarray, cx: float, cy: float, r: float) -> float:
    """The share of the disc of radius r that is ink."""
    y0, y1 = max(0, int(cy - r)), min(ink.shape[0], int(cy + r) + 1)
    x0, x1 = max(0, int(cx - r)), min(ink.shape[1], int(cx + r) + 1)
    yy, xx = np.mgrid[y0:y1, x0:x1]
    disc = np.hypot(xx - cx, yy - cy) <= r
    return float(ink[y0:y1, x0:x1][disc].mean()) if disc.any() else 0.0


def _profile(ink: np.ndarray, cx: float, cy: float, r0: float, r1: float):
    """Radii from r0 to r1, and the share of the circle of each that lies on ink."""
    radii = np.arange(r0, r1, 1.0)
    xs = np.clip((cx + radii[:, None] * np.cos(ANGLES)).astype(int), 0, ink.shape[1] - 1)
    ys = np.clip((cy + radii[:, None] * np.sin(ANGLES)).astype(int), 0, ink.shape[0] - 1)
    return radii, ink[ys, xs].mean(axis=1)


def _best_circle(ink: np.ndarray, x: float, y: float, r: float) -> tuple[float, float, float, float]:
    """The circle near a coarse candidate (centre within 25 px, radius within a third: the
    transform at a quarter size may be off, or have found the inner ring) that lies most on
    ink: (share, x, y, radius). Searched coarsely on thickened ink, then to the pixel."""
    import cv2

    thick = cv2.dilate(ink, np.ones((7, 7), np.uint8))
    best = (0.0, x, y, r)
    for grid, step, within, img in ((25, 5, (0.65, 1.35), thick), (4, 1, (0.97, 1.03), ink)):
        cx, cy, cr = best[1], best[2], best[3]
        best = (0.0, cx, cy, cr)
        for dx in range(-grid, grid + 1, step):
            for dy in range(-grid, grid + 1, step):
                radii, share = _profile(img, cx + dx, cy + dy, within[0] * cr, within[1] * cr)
                k = int(share.argmax())
                if share[k] > best[0]:
                    best = (float(share[k]), cx + dx, cy + dy, float(radii[k]))
    return best


def without_seal_rings(gray: np.ndarray, seals, ink_below: int = T.seal_ink_below) -> np.ndarray:
    """The page with each seal's rings and the dashes between them inpainted (a copy; the page
    itself if there is none): where a letter's stroke crosses a ring, the stroke goes on."""
    import cv2

    if not seals:
        return gray
    out = gray.copy()
    dark = (gray < ink_below).astype(np.float32)
    for cx, cy, rings in seals:
        outer = max(rings) + 8
        x0, x1 = max(0, int(cx - outer)), min(gray.shape[1], int(cx + outer) + 1)
        y0, y1 = max(0, int(cy - outer)), min(gray.shape[0], int(cy + outer) + 1)
        yy, xx = np.mgrid[y0:y1, x0:x1]
        d = np.hypot(xx - cx, yy - cy)
        mask = np.zeros(d.shape, bool)
        for r in rings:
            mask |= np.abs(d - r) <= _half_width(dark, cx, cy, r) + 1
        region = gray[y0:y1, x0:x1]
        if len(rings) >= 2:  # (a letter's stroke cut apart by the rings is no dash: they stay in)
            mask |= _dashes(dark[y0:y1, x0:x1] > 0, d, xx - cx, yy - cy, min(rings[-2:]), max(rings))
        out[y0:y1, x0:x1] = cv2.inpaint(region, mask.astype(np.uint8), 3, cv2.INPAINT_TELEA)
    return out


def _dashes(ink: np.ndarray, d: np.ndarray, dx: np.ndarray, dy: np.ndarray, inner: float, outer: float):
    """Ink between two rings in strokes that lie wholly between them and point at the centre."""
    import cv2

    count, labels = cv2.connectedComponents(ink.astype(np.uint8), connectivity=8)
    mask = np.zeros(ink.shape, bool)
    near, far = np.full(count, np.inf), np.full(count, -np.inf)  # each piece's distances from the centre
    np.minimum.at(near, labels.ravel(), d.ravel())
    np.maximum.at(far, labels.ravel(), d.ravel())
    between = (near >= inner - 3) & (far <= outer + 3) & (far - near >= 0.3 * (outer - inner))
    for k in np.flatnonzero(between[1:]) + 1:
        at = labels == k
        x, y = dx[at].astype(np.float64), dy[at].astype(np.float64)
        pts = np.stack([x - x.mean(), y - y.mean()])
        axis = np.linalg.eigh(pts @ pts.T)[1][:, -1]          # the stroke's direction
        radial = np.array([x.mean(), y.mean()]) / max(np.hypot(x.mean(), y.mean()), 1e-6)
        if abs(float(axis @ radial)) >= 0.9:
            mask |= at
    return cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)


def _half_width(dark: np.ndarray, cx: float, cy: float, r: float) -> float:
    """Half the stroke width of a ring: how far from r, either way, nearly all of the circle
    stays inked (text crossing it inks a few points further out: not counted); at most 5 px."""
    radii, share = _profile(dark, cx, cy, r - 8, r + 8.5)
    inked = radii[share >= T.ring]
    return float(min(max(r - inked.min(), inked.max() - r, 1.0), 5.0)) if len(inked) else 2.0
