"""Shared test helpers (imported as ``support``: a name no other folder's conftest shadows)."""
import hashlib
import os
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"
SAMPLES = ROOT / "samples" / "bundles"
DATA = Path(__file__).resolve().parent / "data"
LAKSAMAN = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"
# OCR of real pages is slow: their readings are cached here, keyed by what decides them
OCR_CACHE = Path(os.environ.get("SARABAN_REALDOCS_CACHE", "/tmp/saraban-realdocs-cache"))
# what decides a page's reading: the reader's code (all of ingest/read/) and its line model
READER = ("ingest/load.py", "ingest/clean.py",
          *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "ingest" / "read").glob("*.py")),
          "ingest/page.py", "ingest/pipeline.py", "ingest/settings.py",
          "models/saraban-line.onnx", "models/saraban-line.json")


@lru_cache(maxsize=1)
def reader_version() -> str:
    """A hash of the reader's code and model: a cached reading is stale when it changes."""
    h = hashlib.sha256()
    for name in READER:
        path = ROOT / name
        h.update(name.encode())
        h.update(path.read_bytes() if path.exists() else b"")
    return h.hexdigest()[:16]


@lru_cache(maxsize=None)
def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

LETTER = [
    "ที่ มท 0206.2/ว 5221                     กระทรวงมหาดไทย",
    "                                          ถนนอัษฎางค์ กทม. 10200",
    "                               15 กันยายน 2561",
    "เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร",
    "เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด",
    "ด้วยกระทรวงมหาดไทยขอซักซ้อมแนวทางการจัดเก็บเอกสารของส่วนราชการ",
    "จึงเรียนมาเพื่อโปรดทราบและพิจารณาดำเนินการต่อไป",
    "                               ขอแสดงความนับถือ",
    "                               (นายสมชาย ใจดี)",
    "                               ปลัดกระทรวงมหาดไทย",
]


def letter_lines(number: int) -> list[str]:
    """A letter of the Ministry of Interior numbered มท 0206.2/ว NUMBER."""
    return [LETTER[0].replace("5221", str(number))] + LETTER[1:]


def thai_page(lines, size=(2480, 3508), font_px=67, top=300):
    """A clean 300 dpi A4 page with ``lines`` set in Laksaman 16 pt."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(LAKSAMAN, font_px)
    for i, text in enumerate(lines):
        draw.text((300, top + i * int(font_px * 1.6)), text, font=font, fill=0)
    return img


def text_pdf(path, pages, size=(595, 842), font_pt=14):
    """A PDF whose pages carry ``pages`` (lists of lines) as a text layer in Laksaman: a document
    Saraban reads without OCR, so a test of the pipeline around the reading runs fast."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    data = Path(LAKSAMAN).read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(pdf.raw, buffer, len(data), raw.FPDF_FONT_TRUETYPE, True)
    for lines in pages:
        page = pdf.new_page(*size)
        for i, line in enumerate(lines):
            obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, font_pt)
            text = (line + "\0").encode("utf-16-le")
            raw.FPDFText_SetText(obj, ctypes.cast(ctypes.create_string_buffer(text, len(text)),
                                                  ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 60, size[1] - 60 - i * font_pt * 1.6)
            raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
    pdf.save(str(path) if isinstance(path, Path) else path)
    return path


def processes_with(marker: str) -> list[int]:
    """Live (not zombie) processes whose command line holds ``marker``, e.g. a test's --db path."""
    import os

    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if os.fsencode(marker) in cmdline and state != "Z":
            found.append(int(entry))
    return found
