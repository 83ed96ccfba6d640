"""Loading: a path in, the pages of each document out.

A folder means every supported file under it. The type is decided by content,
never by the file name. PDF pages are rendered (300 dpi by default); a PDF's own
text layer is used only when it passes ``text_layer_ok``, since real PDFs carry
garbage layers and layers that drop ำ. Images are turned upright by EXIF.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .errors import EmptyDocumentError, EncryptedPdfError, InputFileError
from .page import Line, PageText

FORMATS = {b"%PDF": "pdf", b"\xff\xd8\xff": "jpeg", b"\x89PNG": "png",
           b"II*\x00": "tiff", b"MM\x00*": "tiff"}
SUPPORTED_SUFFIXES = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}
LONG_SIDE_MAX = 7100  # px; larger pages (600 dpi scans, photos) are scaled down to about 300 dpi


@dataclass(frozen=True)
class Document:
    path: Path
    format: str      # "pdf", "tiff", "jpeg", "png"
    pages: int
    sha256: str
    size: int

    @property
    def info(self) -> dict:
        return {"sha256": self.sha256, "name": self.path.name, "size": self.size, "pages": self.pages}


def expand(paths) -> list[Path]:
    """Files named, and every supported file under the folders named, in a stable order."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                            and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.exists():
            found.append(p)
        else:
            raise InputFileError(f"{p}: no such file or folder.", hint="Check the path and try again.")
    return found


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sniff(path: Path) -> str:
    head = path.read_bytes()[:1024] if path.stat().st_size < 1024 else open(path, "rb").read(1024)
    for magic, fmt in FORMATS.items():
        if head.startswith(magic) or (fmt == "pdf" and magic in head[:1024]):
            return fmt
    raise InputFileError(f"{path.name}: not a scanned document (not a PDF, TIFF, JPEG or PNG).",
                         hint="Scan to PDF, TIFF, JPEG or PNG and ingest that file.")


def open_document(path: Path) -> Document:
    """Check that ``path`` is a readable document and count its pages, reading no pixels."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file.", hint="Check the path and try again.")
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocumentError(f"{path.name}: the file is empty (0 bytes).",
                                 hint="Scan the letter again; the copy may have been cut short.")
    fmt = sniff(path)
    count = _pdf_page_count(path) if fmt == "pdf" else _image_page_count(path)
    if count == 0:
        raise EmptyDocumentError(f"{path.name}: the document has no pages.",
                                 hint="Scan the letter again, or check the scanner's PDF settings.")
    if count > settings.get("max_pages"):
        raise InputFileError(f"{path.name}: {count} pages, more than the {settings.get('max_pages')} accepted.",
                             hint="Split the bundle into smaller files, or raise SARABAN_MAX_PAGES.")
    return Document(path, fmt, count, sha256_of(path), size)


def _pdf(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        # PDFium's error code is process-global and can be stale: check what we can see first
        if _zero_pages(path):  # PDFium refuses a PDF whose page tree is empty
            raise EmptyDocumentError(f"{path.name}: the PDF has no pages.",
                                     hint="Scan the letter again, or check the scanner's PDF settings.") from e
        if _encrypted(path):
            raise EncryptedPdfError(f"{path.name}: the PDF is encrypted with a password.",
                                    hint="Save an unprotected copy (or scan the paper again) and ingest that.") from e
        raise InputFileError(f"{path.name}: the PDF is damaged and cannot be read ({e}).",
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
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = settings.get("max_pixels")
    try:
        img = Image.open(path)
        img.size  # noqa: B018 - header parsed
        return img
    except Image.DecompressionBombError as e:
        raise InputFileError(f"{path.name}: the image is too large to be a scanned page ({e}).",
                             hint="Scan at 300 dpi, or scale the image down below "
                                  f"{settings.get('max_pixels'):,} pixels.") from e
    except OSError as e:
        raise InputFileError(f"{path.name}: the image is damaged and cannot be read ({e}).",
                             hint="Open it in an image viewer to check it, or scan the paper again.") from e


def _image_page_count(path: Path) -> int:
    img = _image(path)
    try:
        if img.width * img.height > settings.get("max_pixels"):
            raise InputFileError(
                f"{path.name}: the image is {img.width} × {img.height} pixels, too large to be a scanned page.",
                hint=f"Scan at 300 dpi, or scale the image below {settings.get('max_pixels'):,} pixels.")
        return getattr(img, "n_frames", 1)
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
    img.seek(index)
    image = ImageOps.exif_transpose(img)
    page_dpi = int(round(float((img.info.get("dpi") or (0, 0))[0] or 0))) or 300
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB" if image.mode in ("RGBA", "P", "CMYK", "LA") else "L")
    longest = max(image.size)
    if longest > LONG_SIDE_MAX:
        factor = LONG_SIDE_MAX / longest
        image = image.resize((round(image.width * factor), round(image.height * factor)))
        page_dpi = round(page_dpi * factor)
    return image, page_dpi


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
