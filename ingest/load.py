"""Loading: a path in, the pages of each document out.

A folder means every supported file under it. The type is decided by content,
never by the file name. PDF pages are rendered (300 dpi by default); a PDF's own
text layer is used only when it passes ``text_layer_ok``, since real PDFs carry
garbage layers and layers that drop ำ. Images are turned upright by EXIF.
"""
from __future__ import annotations

import hashlib
import re
import struct
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .errors import EmptyDocumentError, EncryptedPdfError, InputFileError
from .gather import display_name, not_a_file, other_image, shown, unreadable
from .page import Line, PageText

FORMATS = {b"%PDF": "pdf", b"\xff\xd8\xff": "jpeg", b"\x89PNG": "png",
           b"II*\x00": "tiff", b"MM\x00*": "tiff"}
LONG_SIDE_MAX = 7100  # px; larger pages (600 dpi scans, photos) are scaled down to about 300 dpi


@dataclass(frozen=True)
class Document:
    path: Path
    format: str      # "pdf", "tiff", "jpeg", "png"
    pages: int
    sha256: str
    size: int

    @property
    def name(self) -> str:
        """The file's name as text (see ``shown``)."""
        return display_name(self.path)

    @property
    def info(self) -> dict:
        return {"sha256": self.sha256, "name": self.name, "size": self.size, "pages": self.pages}


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sniff(path: Path) -> str:
    with open(path, "rb") as f:
        head = f.read(1024)
    for magic, fmt in FORMATS.items():
        if head.startswith(magic):
            return fmt
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise InputFileError(f"{display_name(path)}: a web page or other markup (HTML/XML), not a scan.",
                             hint="A download or a mail attachment may have been saved as a web page: "
                                  "fetch the scan itself and ingest that file.")
    if re.search(rb"%PDF-\d", head):  # a PDF may carry a few bytes of junk before its header
        return "pdf"
    kind = "GIF" if head.startswith(b"GIF8") else "WebP" if head[:4] == b"RIFF" and head[8:12] == b"WEBP" else None
    if kind:
        raise other_image(path, kind, display_name(path))
    raise InputFileError(f"{display_name(path)}: not a scanned document (not a PDF, TIFF, JPEG or PNG).",
                         hint="Scan to PDF, TIFF, JPEG or PNG and ingest that file.")


def open_document(path: Path) -> Document:
    """Check that ``path`` is a readable document and count its pages, reading no pixels."""
    path = Path(path)
    problem = not_a_file(path)
    if problem:
        raise problem
    try:
        return _open_document(path)
    except OSError as e:
        raise unreadable(path, e) from e


def _open_document(path: Path) -> Document:
    name = display_name(path)
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocumentError(f"{name}: the file is empty (0 bytes).",
                                 hint="Scan the letter again; the copy may have been cut short.")
    fmt = sniff(path)
    count = _pdf_page_count(path) if fmt == "pdf" else _image_page_count(path)
    if count == 0:
        raise EmptyDocumentError(f"{name}: the document has no pages.",
                                 hint="Scan the letter again, or check the scanner's PDF settings.")
    if count > settings.get("max_pages"):
        raise InputFileError(f"{name}: {count} pages, more than the {settings.get('max_pages')} accepted.",
                             hint="Split the bundle into smaller files, or raise SARABAN_MAX_PAGES.")
    return Document(path, fmt, count, sha256_of(path), size)


def _pdf(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        # PDFium's error code is process-global and can be stale: check what we can see first
        if _zero_pages(path):  # PDFium refuses a PDF whose page tree is empty
            raise EmptyDocumentError(f"{display_name(path)}: the PDF has no pages.",
                                     hint="Scan the letter again, or check the scanner's PDF settings.") from e
        if _encrypted(path):
            raise EncryptedPdfError(f"{display_name(path)}: the PDF is encrypted with a password.",
                                    hint="Save an unprotected copy (or scan the paper again) and ingest that.") from e
        raise InputFileError(f"{display_name(path)}: the PDF is damaged and cannot be read ({e}).",
                             hint="Open it in a PDF viewer to check it, or scan the paper again.") from e


def _encrypted(path: Path) -> bool:
    with open(path, "rb") as f:
        head = f.read(1 << 16)
        f.seek(max(0, path.stat().st_size - (1 << 16)))
        tail = f.read()
    return bool(re.search(rb"/Encrypt\b", head + tail))


def _zero_pages(path: Path) -> bool:
    data = path.read_bytes() if path.stat().st_size < 1 << 20 else b""
    return bool(re.search(rb"/Count\s+0\b", data)) and not re.search(rb"/Type\s*/Page\b(?!s)", data)


def _pdf_page_count(path: Path) -> int:
    pdf = _pdf(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _image(path: Path):
    """The image's header parsed (no pixels decoded); too many pixels is refused here."""
    from PIL import Image

    limit = settings.get("max_pixels")
    Image.MAX_IMAGE_PIXELS = limit
    try:
        with warnings.catch_warnings():  # between the limit and twice it Pillow only warns: refused below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
        width, height = img.size
    except Image.DecompressionBombError as e:  # Pillow refuses twice its limit outright
        pixels = re.search(r"\((\d+) pixels\)", str(e))
        raise _too_large(path, f"{int(pixels[1]):,} pixels" if pixels else "too many pixels", limit) from e
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise InputFileError(f"{display_name(path)}: the image is damaged and cannot be read ({e}).",
                             hint="Open it in an image viewer to check it, or scan the paper again.") from e
    if width * height > limit:
        img.close()
        raise _too_large(path, f"{width} × {height} pixels", limit)
    return img


def _too_large(path: Path, size: str, limit: int) -> InputFileError:
    return InputFileError(f"{display_name(path)}: the image is too large to be a scanned page ({size}; "
                          f"at most {limit:,} are accepted).",
                          hint="Scan at 300 dpi, or scale the image down (or raise SARABAN_MAX_PIXELS).")


# what Pillow raises on image data cut short or corrupt
_DECODING_ERRORS = (OSError, EOFError, SyntaxError, ValueError, IndexError, KeyError, TypeError,
                    struct.error, zlib.error)


def _damaged_page(path: Path, index: int, e: Exception) -> InputFileError:
    return InputFileError(f"{display_name(path)}: page {index + 1} is damaged (its image data is cut short or "
                          f"corrupt: {e}); nothing of this file was registered.",
                          hint="Copy the file again from the scanner, or scan the paper again.")


def _image_page_count(path: Path) -> int:
    img = _image(path)
    try:
        return getattr(img, "n_frames", 1)
    except _DECODING_ERRORS as e:  # a TIFF whose chain of pages is broken
        raise InputFileError(f"{display_name(path)}: the list of its pages is damaged ({e}); nothing of this "
                             "file was registered.",
                             hint="Copy the file again from the scanner, or scan the paper again.") from e
    finally:
        img.close()


def render_page(doc: Document, index: int, dpi: int | None = None):
    """Page ``index`` (0-based) as an upright RGB or greyscale PIL image, with its dpi."""
    from PIL import ImageOps

    dpi = dpi or settings.get("dpi")
    if doc.format == "pdf":
        pdf = _pdf(doc.path)
        try:
            page = pdf[index]
            w, h = page.get_size()
            scale = min(dpi / 72, LONG_SIDE_MAX / max(w, h, 1))
            image = page.render(scale=scale).to_pil()
            return image, round(scale * 72)
        finally:
            pdf.close()
    img = _image(doc.path)
    try:
        img.seek(index)
        img.load()
    except _DECODING_ERRORS as e:
        raise _damaged_page(doc.path, index, e) from e
    image = page_image(ImageOps.exif_transpose(img))
    page_dpi = int(round(float((img.info.get("dpi") or (0, 0))[0] or 0))) or 300
    longest = max(image.size)
    if longest > LONG_SIDE_MAX:
        factor = LONG_SIDE_MAX / longest
        image = image.resize((round(image.width * factor), round(image.height * factor)))
        page_dpi = round(page_dpi * factor)
    return image, page_dpi


def page_image(image):
    """An image of any depth and colour mode as 8-bit greyscale or RGB, as it looks on paper:
    16- and 32-bit grey scaled down (not clipped to white), anything transparent laid on white."""
    from PIL import Image

    mode = image.mode
    if mode in ("L", "RGB"):
        return image
    if mode == "1":
        return image.convert("L")
    if mode.startswith("I") or mode == "F":
        return _grey_8bit(image)
    if mode in ("RGBA", "LA", "La", "RGBa", "PA") or "transparency" in image.info:
        grey = mode in ("LA", "La") or (mode == "L" and "transparency" in image.info)
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, image.convert("RGBA")).convert("RGB")
        return image.convert("L") if grey else image
    return image.convert("RGB")  # P, CMYK, YCbCr, LAB, HSV


def _grey_8bit(image):
    """16-bit (or 32-bit) grey to 8 bits: divided by the full scale of the smallest bit depth that
    holds its brightest pixel, so 16-bit scans and 12-bit ones stored in 16 bits both look right."""
    import numpy as np
    from PIL import Image

    a = np.asarray(image)
    if a.dtype.kind == "f":
        low, high = float(a.min()), float(a.max())
        a = (a - low) * (255 / max(high - low, 1e-9))
        return Image.fromarray(a.round().clip(0, 255).astype(np.uint8), "L")
    a = a.astype(np.int64).clip(0, None)
    full = (1 << max(8, int(a.max()).bit_length())) - 1
    return Image.fromarray(((a * 255 + full // 2) // full).astype(np.uint8), "L")


# --- the PDF text layer -------------------------------------------------------------------

_JUNK = set("@#$%^&*?!\\`~{}|<>_=\ufffd")
# words that carry ำ: a layer that writes them with า has lost ำ everywhere
_LOST_AM = ("ดาเนิน", "สานัก", "อาเภอ", "จานวน", "สาเนา", "กาหนด", "ตาบล", "ประจาปี", "สาคัญ")


_ILLEGAL_START = re.compile(r"(?:^|\s)[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]", re.M)


def text_layer_ok(text: str) -> bool:
    """Is a PDF text layer good enough to use instead of OCR?

    >>> text_layer_ok("ที่ อว ๖๘๒๐๔.๒/๐๒๔ เรื่อง ขอเรียนเชิญ สำนักงานอธิการบดี อำเภอเมือง " * 5)
    True
    >>> text_layer_ok("d:s nrna q dni:uir,rr:ei eucirualil:da s ir.FJtt " * 5)
    False
    >>> text_layer_ok("องค์การบริหารส่วนตาบลไทรย้อย ดาเนินการ เรียน คณะกรรมการ " * 10)
    False
    >>> text_layer_ok("องค์การบริหารส่วนต าบลไทรย้อย การจัดท าแผนพัฒนา เรียน คณะกรรมการ " * 10)
    False
    """
    thai = sum("\u0e00" <= c <= "\u0e7f" for c in text)
    latin = sum(c.isascii() and c.isalpha() for c in text)
    visible = sum(not c.isspace() for c in text)
    if thai < 40 or thai < 0.6 * (thai + latin):
        return False
    if sum(c in _JUNK for c in text) > 0.01 * visible:
        return False
    if "ำ" not in text and any(w in text for w in _LOST_AM):
        return False
    # a word cannot begin with a following vowel or a mark: "ต าบล" is ตำบล with ำ lost
    if len(_ILLEGAL_START.findall(text)) > max(2, 0.002 * thai):
        return False
    return True


def text_layer(doc: Document, index: int, dpi: int) -> PageText | None:
    """The page's text layer as lines with boxes in pixels at ``dpi``, or None if it has none."""
    if doc.format != "pdf":
        return None
    pdf = _pdf(doc.path)
    try:
        page = pdf[index]
        textpage = page.get_textpage()
        text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            return None
        w, h = page.get_size()
        k = dpi / 72
        lines, start = [], 0
        for raw in text.split("\n"):
            end = start + len(raw)
            boxes = [textpage.get_charbox(i) for i in range(start, min(end, textpage.count_chars()))]
            start = end + 1
            if not raw.strip():
                continue
            boxes = [b for b in boxes if b[2] > b[0]] or [(0, 0, w, h)]
            left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
            bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
            box = (round(left * k), round((h - top) * k), round(right * k), round((h - bottom) * k))
            lines.append(Line(raw.strip(), box, 100.0, []))
        return PageText(index + 1, round(w * k), round(h * k), lines, engine="text-layer", source="text-layer")
    finally:
        pdf.close()
