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
from ..errors import BadArgumentError, MissingDependencyError, OcrError  # noqa: E402
from ..page import Line, PageText, Word, overlap, shifted  # noqa: E402
from .layout import finish, join_rows, spaces_before  # noqa: E402
from .missed import missed_lines, split_tall_words  # noqa: E402

ENGINES = {
    "tesseract": "ingest.read.engine:TesseractEngine",
    "saraban": "ingest.read.saraban:SarabanEngine",
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
            found, unsure = missed_lines(self, image, page.lines)
            page.lines += found
        page.lines.sort(key=lambda l: (l.box[1], l.box[0]))
        if not self.plain:
            page.lines = join_rows(page.lines)
            page.lines = split_tall_words(self, image, page.lines)
        unsure = [u for u in unsure if not any(overlap(u.box, o.box) > 0.3 or overlap(o.box, u.box) > 0.3
                                               for o in page.lines)]  # (lines split since: read already)
        if self.unsure and unsure:
            for line in unsure:
                line.unsure = True
            page.lines = sorted(page.lines + unsure, key=lambda l: (l.box[1], l.box[0]))
        page.seconds = time.perf_counter() - started
        return page

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


def _lines(it, RIL):
    """Walk Tesseract's result iterator into Lines of Words."""
    if it is None:
        return
    line = None
    while True:
        if it.IsAtBeginningOf(RIL.TEXTLINE):
            if line is not None and line.words:
                yield finish(line)
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
            gap = spaces_before(line, box, it.BlanksBeforeWord())
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
        yield finish(line)


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
