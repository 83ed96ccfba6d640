"""What Tesseract's layout analysis skipped or took wrongly, read again: inked regions no line
covers (a receipt stamp beside the emblem), and two lines taken for one tall "word".

Each region is read again by the engine (``read_block``) and its lines are kept where they
read as text or as a stamp's date or time.
"""
from __future__ import annotations

from ..page import Line, overlap, union
from ..thai.patterns import STAMP_LABEL_READ, STAMP_NUMBER_MISREAD
from .letters import SHORT_DATE, STAMP_TIME, consonants
from .layout import finish, usual_height

TALL = 1.4       # a "word" this many usual line heights tall may be two lines taken for one
TALL_CONF = 50   # ...if Tesseract read it less surely than this
TALL_GAIN = 20   # ...and its lines, read again, must be this much surer on average
RESCUE_CONF = 60        # a line read again in a skipped region is kept at this confidence
RESCUE_CONF_STAMP = 45  # ...or this, where it starts with a stamp's printed label: the rest is a pen's
UNSURE_CONF = 25        # ...and over this, it is offered to a second reader (TesseractEngine.unsure)


def _stamp(text: str):
    """A receipt stamp's line: it starts with the stamp's printed label or holds a short date."""
    return STAMP_LABEL_READ.match(text) or SHORT_DATE.search(text)


def worth_keeping(text: str, conf: float) -> bool:
    """Whether a line read in a skipped region is text: confident Thai, or a stamp's date or
    time; less confident where it starts with a stamp's printed label or holds a short date
    (``วันที่ : ๒๑๕ ต.ค99`` at 53: the rest is a pen's), never a signature's scrawl (``/77วว``)."""
    stamp = _stamp(text)
    thai = sum("\u0e00" <= c <= "\u0e7f" for c in text)
    return conf >= (RESCUE_CONF_STAMP if stamp else RESCUE_CONF) and bool(thai >= 4 or stamp or STAMP_TIME.search(text))


THIN_INK = 40  # a shrunk pixel is inked where this much of its full-size pixels' ink is (of 255)


def _stamps(lines: list[Line]) -> list[tuple]:
    """Where the receipt stamps of a page are: about each line labelled เลขรับ, the stamp's
    title above it and its date and time lines below."""
    h = usual_height(lines)
    return [(l - 3 * h, t - 2 * h, r + 4 * h, b + 4 * h)
            for (l, t, r, b) in (line.box for line in lines if STAMP_NUMBER_MISREAD.search(line.text))]


def _within(box, zone) -> bool:
    return box[0] < zone[2] and zone[0] < box[2] and box[1] < zone[3] and zone[1] < box[3]


def _text_line(line: Line, tallest: float) -> bool:
    """A line the second look finds is kept as text if it is a stamp's line or holds Thai
    words, and is not a sliver (the marks over a line, read ``aA ๑2 ๐ ๕ง``)."""
    stamp = _stamp(line.text) or STAMP_TIME.search(line.text)
    return line.box[3] - line.box[1] >= tallest / 4 and bool(stamp or consonants(line.text) >= 4)


def missed_regions(image, lines, top: float = 1.0, min_ink: int = 400, fine: bool = False) -> list[tuple]:
    """Boxes of inked regions in the top part of the page (all of it by default) that no
    read line covers; not tall thin strips (a stamp frame's edge) or solid ink (the emblem).
    ``fine``: thin strokes count as ink, long straight strokes (frames, rules) do not, and
    regions side by side on one row are joined."""
    import cv2
    import numpy as np

    scale = 0.25
    a = np.asarray(image.convert("L"), dtype=np.uint8)
    h = int(a.shape[0] * top)
    if h < 40 or a.shape[1] < 40:  # a strip or a speck, not a page: nothing to look for
        return []
    small = cv2.resize(a[:h], None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if fine:  # ink found at full size: a stamp's label in a thin face shrinks to light grey
        ink = (cv2.resize((a[:h] < 128).astype(np.uint8) * 255, None, fx=scale, fy=scale,
                          interpolation=cv2.INTER_AREA) > THIN_INK).astype(np.uint8)
    else:
        ink = (small < 128).astype(np.uint8)
    for l, t, r, b in (line.box for line in lines):
        ink[max(0, int(t * scale) - 2):int(b * scale) + 2, max(0, int(l * scale) - 2):int(r * scale) + 2] = 0
    if fine:
        ink &= 1 - (cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 25))) |
                    cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (40, 1))))
    # words of one line join across letter gaps, lines of one stamp across line gaps
    blobs = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 9)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(blobs)
    boxes = []
    for x, y, w, bh, _area in stats[1:count]:
        if ink[y:y + bh, x:x + w].sum() * 16 < min_ink or bh < 8:
            continue
        if w < 0.4 * bh or (small[y:y + bh, x:x + w] < 128).mean() > 0.25:
            continue  # a stamp frame's edge, a rule, or a picture (the emblem): no text to read
        pad = 12
        boxes.append((max(0, int(x / scale) - pad), max(0, int(y / scale) - pad),
                      min(a.shape[1], int((x + w) / scale) + pad), min(h, int((y + bh) / scale) + pad)))
    return _joined_sideways(boxes) if fine else boxes


def _joined_sideways(boxes: list[tuple]) -> list[tuple]:
    """Regions that touch side by side on one row, joined: a stamp's printed label and the
    pen's value on its dotted line (เวลา | ๑๐.๐๐ น.) are read as one line."""
    boxes = list(boxes)
    joined = True
    while joined:
        joined = False
        for i in range(len(boxes)):
            for k in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[k]
                shared = min(a[3], b[3]) - max(a[1], b[1])
                if a[0] <= b[2] and b[0] <= a[2] and shared >= 0.5 * min(a[3] - a[1], b[3] - b[1]):
                    boxes[i] = union([a, b])
                    del boxes[k]
                    joined = True
                    break
            if joined:
                break
    return boxes


def split_tall_words(reader, image, lines: list[Line]) -> list[Line]:
    """Two lines that Tesseract's layout took for one tall "word" and read as junk (an
    endorsement's ``วันที่ ๓๐ เม.ย. ๖๔`` over ``เรียน``, read ``เหนต`` at 35, beside a
    signature's closing): the word's region is read again as a block of text, and its
    lines replace the word where each is of a usual height, reads as text (``worth_keeping``:
    not an emblem's strokes) and they read far more surely. ``reader``: the engine that reads
    a region again (its ``read_block``)."""
    usual = usual_height(lines)
    added: list[Line] = []
    for line in lines:
        for w in list(line.words):
            l, t, r, b = w.box
            if w.conf >= TALL_CONF or b - t < TALL * usual or not usual:
                continue
            region = (max(0, l - 6), max(0, t - 6), r + 6, b + 6)
            again = [a for a in reader.read_block(image, region, margin=10) if a.text.strip()]
            if len(again) < 2 or any(a.box[3] - a.box[1] > 1.3 * usual for a in again) \
                    or not all(worth_keeping(a.text, a.conf) for a in again) \
                    or sum(a.conf for a in again) / len(again) < w.conf + TALL_GAIN:
                continue
            at = line.text.find(w.text)
            if at >= 0:
                line.text = (line.text[:at] + line.text[at + len(w.text):]).strip()
            line.words.remove(w)
            if line.words:  # the line's box is its other words' now
                line.box = union(o.box for o in line.words)
            added += again
    if not added:
        return lines
    kept = [finish(line) for line in lines if line.words] + added
    kept.sort(key=lambda l: (l.box[1], l.box[0]))
    return kept


def missed_lines(reader, image, lines) -> tuple[list[Line], list[Line]]:
    """Lines in inked regions of the page that the layout analysis skipped.

    Tesseract takes a receipt stamp beside the emblem or at the foot of the page (its
    frame, the pen-written number) for a picture and reads none of its lines, or only
    its printed title: each such region is read again as one block of text, and kept
    only if it reads as confident Thai or as a stamp's date or time (less confident where
    the line starts with a stamp's printed label, วันที่ or เวลา, or holds a short date:
    the rest is handwriting).

    Then a second look at what is left about each receipt stamp (``missed_regions`` with
    ``fine``): a label printed in a thin face, without the frame that joined it to the
    frame's edge, and the pen's value beside it, read as one line. Returns the lines kept
    and, apart, the lines read there too unsurely to keep by Tesseract's reading alone
    (``unsure``: for a second reader to judge). ``reader``: the engine that reads a region
    again (its ``read_block``).
    """
    found, unsure = [], []
    tallest = 2 * usual_height(lines)  # taller "lines" are the emblem or a signature
    for fine in (False, True):
        if not fine:
            regions = missed_regions(image, lines)
        else:  # only about a receipt stamp, a line tall: elsewhere what is left is specks
            stamps = _stamps(lines + found)
            regions = [r for r in (missed_regions(image, lines + found, fine=True) if stamps else [])
                       if r[3] - r[1] <= 1.2 * tallest and any(_within(r, z) for z in stamps)]
        for box in regions:
            got = reader.read_block(image, box)
            if fine and not got and box[3] - box[1] <= tallest + 24:  # (24: the region's padding)
                # one line that the block reader finds nothing in (a stamp's time written
                # on its dotted line, เวลา ๑๐.๐๐ น.): read as a raw line of text
                got = reader.read_block(image, box, line=True)
            for line in got:
                if line.box[3] - line.box[1] > tallest or any(overlap(line.box, o.box) > 0.3 for o in lines + found):
                    continue
                # a line read whole the second time replaces the piece of it read the first
                unsure = [u for u in unsure if overlap(u.box, line.box) <= 0.3]
                if worth_keeping(line.text, line.conf) and (not fine or _text_line(line, tallest)):
                    found.append(line)
                elif line.conf >= UNSURE_CONF and line.words and \
                        not any(overlap(line.box, u.box) > 0.3 for u in unsure):
                    unsure.append(line)
    return found, [u for u in unsure if not any(overlap(u.box, o.box) > 0.3 for o in found)]
