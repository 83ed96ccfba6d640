"""Shared test helpers (imported as ``support``: a name no other folder's conftest shadows)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"
SAMPLES = ROOT / "samples" / "bundles"
DATA = Path(__file__).resolve().parent / "data"
LAKSAMAN = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"


def thai_page(lines, size=(2480, 3508), font_px=67, top=300):
    """A clean 300 dpi A4 page with ``lines`` set in Laksaman 16 pt."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(LAKSAMAN, font_px)
    for i, text in enumerate(lines):
        draw.text((300, top + i * int(font_px * 1.6)), text, font=font, fill=0)
    return img
