"""Reading: page image in, words and lines with boxes and confidences out.

Engines are chosen by name (``ENGINES``) and loaded on first use. Tesseract runs
through tesserocr, one API object per process, with ``OMP_THREAD_LIMIT=1``: pages
are read in parallel processes, not threads inside Tesseract.
"""
from __future__ import annotations

import glob
import importlib
import os
import time
from functools import lru_cache
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from .. import settings  # noqa: E402
from .combine import SHORT_DATE, STAMP_TIME, consonants  # noqa: E402
from ..errors import BadArgumentError, MissingDependencyError, OcrError  # noqa: E402
from ..page import Line, PageText, Word, overlap, shifted, union  # noqa: E402
from ..thai.patterns import STAMP_LABEL_READ, STAMP_NUMBER_MISREAD  # noqa: E402

ENGINES = {
    "tesseract": "ingest.read.engine:TesseractEngine",
    "saraban": "ingest.read.model:SarabanEngine",
}
_TESSDATA_GLOBS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata")


def tessdata_dir() -> Path:
    """The folder holding tha.traineddata, or a MissingDependencyError saying how to get it."""
    explicit = settings.get("tessdata")
    candidates = [explicit] if explicit else [p for g in _TESSDATA_GLOBS for p in sorted(glob.glob(g))]
    for c in candidates:
        if c and all((Path(c) / f"{lang}.traineddata").exists() for lang in settings.get("lang").split("+")):
            return Path(c)
    raise MissingDependencyError(
        "Tesseract's Thai and English language data (tha.traineddata, eng.traineddata) were not found.",
        hint="Install them: sudo apt-get install tesseract-ocr tesseract-ocr-tha "
             "(or set TESSDATA_PREFIX to the folder that holds them).")


class TesseractEngine:
    """Tesseract ``tha+eng`` through tesserocr: one call per page, boxes kept."""

    name = "tesseract"

    def __init__(self, lang: str | None = None, plain: bool = False):
        self.lang = lang or settings.get("lang")
        # plain: Tesseract's lines as they come, without reading again the inked regions its
        # layout analysis skipped or joining the pieces of one row (a baseline to measure by)
        self.plain = plain
        # unsure: lines read in skipped regions that are not sure enough to keep by Tesseract's
        # reading alone (a stamp's time at 40) are added too, marked ``unsure`` for the caller
        # to judge by a second reading (SarabanEngine keeps those its model reads as a stamp's)
        self.unsure = False
        self._api = None

    @property
    def api(self):
        if self._api is None:
            try:
                import tesserocr
            except ImportError as e:  # pragma: no cover - install problem
                raise MissingDependencyError(f"tesserocr cannot be imported ({e}).",
                                             hint="Reinstall the project: .venv/bin/pip install -e .") from e
            self._api = tesserocr.PyTessBaseAPI(path=str(tessdata_dir()) + "/", lang=self.lang,
                                                psm=tesserocr.PSM.AUTO)
        return self._api

    def read(self, image, number: int = 1) -> PageText:
        import tesserocr

        started = time.perf_counter()
        image = image.convert("L") if image.mode not in ("L", "RGB") else image
        api = self.api
        try:
            api.SetImage(image)
            api.Recognize()
        except RuntimeError as e:
            raise OcrError(f"Tesseract failed on page {number}: {e}",
                           hint="Check the page image; run `saraban doctor`.") from e
        page = PageText(number, image.width, image.height, engine=self.name)
        page.lines = list(_lines(api.GetIterator(), tesserocr.RIL))
        api.Clear()
        unsure = []
        if not self.plain:
            found, unsure = self._missed_lines(image, page.lines)
            page.lines += found
        page.lines.sort(key=lambda l: (l.box[1], l.box[0]))
        if not self.plain:
            page.lines = join_rows(page.lines)
            page.lines = self._split_tall_words(image, page.lines)
        unsure = [u for u in unsure if not any(overlap(u.box, o.box) > 0.3 or overlap(o.box, u.box) > 0.3
                                               for o in page.lines)]  # (lines split since: read already)
        if self.unsure and unsure:
            for line in unsure:
                line.unsure = True
            page.lines = sorted(page.lines + unsure, key=lambda l: (l.box[1], l.box[0]))
        page.seconds = time.perf_counter() - started
        return page

    def _split_tall_words(self, image, lines: list[Line]) -> list[Line]:
        """Two lines that Tesseract's layout took for one tall "word" and read as junk (an
        endorsement's ``วันที่ ๓๐ เม.ย. ๖๔`` over ``เรียน``, read ``เหนต`` at 35, beside a
        signature's closing): the word's region is read again as a block of text, and its
        lines replace the word where each is of a usual height, reads as text (``worth_keeping``:
        not an emblem's strokes) and they read far more surely."""
        usual = usual_height(lines)
        added: list[Line] = []
        for line in lines:
            for w in list(line.words):
                l, t, r, b = w.box
                if w.conf >= TALL_CONF or b - t < TALL * usual or not usual:
                    continue
                region = (max(0, l - 6), max(0, t - 6), r + 6, b + 6)
                again = [a for a in self.read_block(image, region, margin=10) if a.text.strip()]
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
        kept = [_finish(line) for line in lines if line.words] + added
        kept.sort(key=lambda l: (l.box[1], l.box[0]))
        return kept

    def _missed_lines(self, image, lines) -> tuple[list[Line], list[Line]]:
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
        (``unsure``: for a second reader to judge).
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
                got = self.read_block(image, box)
                if fine and not got and box[3] - box[1] <= tallest + 24:  # (24: the region's padding)
                    # one line that the block reader finds nothing in (a stamp's time written
                    # on its dotted line, เวลา ๑๐.๐๐ น.): read as a raw line of text
                    got = self.read_block(image, box, line=True)
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

    def read_block(self, image, box, margin: int = 0, line: bool = False) -> list[Line]:
        """The lines of one region of the page read as a single block of text, in page
        coordinates; ``margin`` pixels of white around the crop (Tesseract reads a tight
        crop, such as a table cell, better with some paper around it); ``line``: read as
        one raw line instead."""
        import tesserocr
        from PIL import ImageOps

        crop = image.crop(box)
        if margin:
            crop = ImageOps.expand(crop, margin, fill=255 if crop.mode == "L" else (255,) * 3)
        self.api.SetPageSegMode(tesserocr.PSM.RAW_LINE if line else tesserocr.PSM.SINGLE_BLOCK)
        try:
            self.api.SetImage(crop)
            self.api.Recognize()
            got = list(_lines(self.api.GetIterator(), tesserocr.RIL))
        except RuntimeError:
            got = []
        finally:
            self.api.SetPageSegMode(tesserocr.PSM.AUTO)
            self.api.Clear()
        return [shifted(line, box[0] - margin, box[1] - margin) for line in got]

    def orientation(self, image) -> int:
        """Degrees the page is rotated clockwise (0, 90, 180, 270), from Tesseract's OSD."""
        import tesserocr

        with tesserocr.PyTessBaseAPI(path=str(tessdata_dir()) + "/", lang="osd",
                                     psm=tesserocr.PSM.OSD_ONLY) as api:
            api.SetImage(image)
            osd = api.DetectOrientationScript()
        if not osd or osd.get("orient_conf", 0) < 2.0:
            return 0
        return int(osd["orient_deg"])


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


def _lines(it, RIL):
    """Walk Tesseract's result iterator into Lines of Words."""
    if it is None:
        return
    line = None
    while True:
        if it.IsAtBeginningOf(RIL.TEXTLINE):
            if line is not None and line.words:
                yield _finish(line)
            box = it.BoundingBox(RIL.TEXTLINE) or (0, 0, 0, 0)
            line = Line("", tuple(box), 0.0, [])
        try:
            text = (it.GetUTF8Text(RIL.WORD) or "").strip()
        except RuntimeError:  # tesserocr's way of saying the page has no text
            text = ""
        box = it.BoundingBox(RIL.WORD)
        if text and box and line is not None:
            # Thai is not space-delimited: Tesseract's words are often single glyphs, and
            # only BlanksBeforeWord says where the page had a space. Glyphs with no space
            # between them are one word, so that words are the line's space-separated tokens.
            gap = _gap(line, box, it.BlanksBeforeWord())
            conf = float(it.Confidence(RIL.WORD))
            line.text += gap + text
            if line.words and not gap:
                last = line.words[-1]
                last.text += text
                last.box = (min(last.box[0], box[0]), min(last.box[1], box[1]),
                            max(last.box[2], box[2]), max(last.box[3], box[3]))
                last.conf = min(last.conf, conf)
            else:
                line.words.append(Word(text, tuple(box), conf))
        if not it.Next(RIL.WORD):
            break
    if line is not None and line.words:
        yield _finish(line)


def join_rows(lines: list[Line], min_cells: int = 3) -> list[Line]:
    """A table's row, which Tesseract reads cell by cell as lines of their own, made one line
    with column gaps between its cells. Only rows of ``min_cells`` or more side by side, or
    pieces of one line cut apart where there is no gap: a receipt stamp beside a heading, or
    an endorsement beside a signature, stay as read."""
    out: list[Line] = []
    taken: set[int] = set()
    usual = usual_height(lines)
    for i, first in enumerate(lines):
        if i in taken:
            continue
        row, members = [first], [i]
        for j in range(i + 1, min(len(lines), i + 24)):  # lines are sorted by top: a row is near
            if j not in taken and _same_row(row, lines[j]):
                row.append(lines[j])
                members.append(j)
        if len(row) >= min_cells or _abutting(row, usual):
            row.sort(key=lambda l: l.box[0])
            joined = Line("", row[0].box, 0.0, [])
            for cell in row:
                for k, w in enumerate(cell.words):  # a column gap between cells, as between any words
                    joined.text += _gap(joined, w.box, k > 0 or _spaced(joined, w.box)) + w.text
                    joined.words.append(w)
                l, t, r, b = joined.box
                joined.box = (min(l, cell.box[0]), min(t, cell.box[1]), max(r, cell.box[2]), max(b, cell.box[3]))
            if joined.words:
                out.append(_finish(joined))
                taken.update(members)
                continue
        out.append(first)
    return out


def usual_height(lines: list[Line]) -> int:
    """The page's usual line height: the median of its lines' (0 for none)."""
    heights = sorted(l.box[3] - l.box[1] for l in lines) or [0]
    return heights[len(heights) // 2]


def _abutting(row: list[Line], usual: int) -> bool:
    """Pieces of one line that Tesseract's layout cut apart, as if at a column, where there is
    no column gap at all, not even half the page's ``usual`` line height (``เรียน นายอำเภอ
    ทุกอำเภ`` | ``อ และนายก...`` on a low-resolution scan; ``วันที่`` | ``๑๕ มิ.ย. ๖๗``)."""
    if len(row) < 2:
        return False
    row = sorted(row, key=lambda l: l.box[0])
    return all(b.box[0] - a.box[2] < 0.5 * usual for a, b in zip(row, row[1:]))


def _spaced(line: Line, box) -> bool:
    """Whether a visible space separates a word from the line's last one."""
    return not line.words or box[0] - line.words[-1].box[2] > 0.2 * max(1, line.box[3] - line.box[1])


def _same_row(row: list[Line], line: Line) -> bool:
    """The line stands beside every line of the row: most of its height shared, no overlap
    across (but for a sliver: a line cut apart mid-word shares a glyph's width)."""
    l, t, r, b = line.box
    for o in row:
        ol, ot, orr, ob = o.box
        shared = min(b, ob) - max(t, ot)
        sliver = 0.5 * max(b - t, ob - ot)
        if shared < 0.5 * min(b - t, ob - ot) or (l < orr - sliver and ol < r - sliver) \
                or max(b - t, ob - ot) > 3 * min(b - t, ob - ot):  # not a tall strip of item numbers
            return False
    return True


def _gap(line: Line, box, blank: bool) -> str:
    """The spaces before a word: one, or a run of them across a wide gap between columns
    (``ที่ …`` left and the issuing office right share a line), as the tesseract CLI writes."""
    if not line.words:
        return ""
    height = max(1, line.box[3] - line.box[1])
    gap = box[0] - line.words[-1].box[2]
    if gap > COLUMN_GAP * height:
        return " " * max(4, min(60, round(gap / (0.4 * height))))
    if gap > NARROW_GAP * height and consonants(line.text) >= NARROW_AFTER:
        # two blocks side by side (an endorsement beside a signature), not a stamp's label
        # and the value written on its dotted line (เวลา ... ๑๕.๕๐ น.)
        return "   "
    return " " if blank else ""


COLUMN_GAP = 1.5  # a gap this many line-heights wide is between columns: four spaces or more
NARROW_GAP = 1.1  # ...this wide, between blocks set close side by side: three spaces (pieces_of
                  # reads across them; the extraction and the measure keep the blocks apart)
NARROW_AFTER = 6  # ...after this many Thai letters of text


def _finish(line: Line) -> Line:
    line.conf = sum(w.conf for w in line.words) / len(line.words)
    return line


def engine_name(name: str | None = None) -> str:
    """``name`` (default: the setting) when it is one of ``ENGINES``; else what to choose."""
    name = name or settings.get("engine")
    if name not in ENGINES:
        raise BadArgumentError(f"Unknown OCR engine {name!r}.", hint=f"Choose one of: {', '.join(ENGINES)}.")
    return name


@lru_cache(maxsize=None)
def engine(name: str | None = None):
    """The engine called ``name`` (one instance per process), loaded on first use."""
    name = engine_name(name)
    module, cls = ENGINES[name].split(":")
    try:
        return getattr(importlib.import_module(module), cls)()
    except (ImportError, AttributeError) as e:
        raise MissingDependencyError(f"The OCR engine {name!r} is not available ({e}).",
                                     hint="Use --engine tesseract, or reinstall the project.") from e
