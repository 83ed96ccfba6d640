"""Cleaning steps do what they say on real-looking pages."""
import numpy as np
from PIL import Image

from support import thai_page
from ingest import clean
from ingest.read.engine import TesseractEngine

LINES = ["ที่ มท 0206.2/ว 5221", "เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร"] * 8


def test_skew_angle_found_and_removed():
    page = thai_page(LINES).rotate(2.0, expand=True, fillcolor=255, resample=Image.BICUBIC)
    assert abs(clean.skew_angle(page) - 2.0) < 0.3
    assert abs(clean.skew_angle(clean.deskew(page))) < 0.3


def test_upside_down_page_turned_upright():
    page = thai_page(LINES)
    fixed = clean.orient(page.rotate(180), TesseractEngine())
    assert np.mean(np.asarray(fixed)[:1200] < 128) > np.mean(np.asarray(fixed)[-1200:] < 128)


def test_a_skewed_grey_unevenly_lit_page_is_turned_on_paper_of_its_own_tone():
    """White corners on a grey, unevenly lit page made Tesseract's threshold take the paper
    for ink: the deskewed page read as nothing at all."""
    page = np.asarray(thai_page(LINES), dtype=np.float32)
    shade = np.linspace(0.62, 0.92, page.shape[1])[None, :]
    grey = Image.fromarray((page * shade).astype(np.uint8)).rotate(2.3, expand=True, fillcolor=150,
                                                                   resample=Image.BICUBIC)
    assert np.asarray(clean.clean_page(grey, "deskew"))[:20, -20:].min() == 255   # white by default
    straight = clean.clean_page(grey, "deskew", paper=True)
    corner = np.asarray(straight)[:20, -20:]
    assert corner.max() < 230                     # the paper's grey, not white
    text = TesseractEngine().read(straight, 1).text
    assert "ซักซ้อมแนวทาง" in text.replace(" ", "")


def test_flatten_removes_colour_cast_and_shading():
    page = np.asarray(thai_page(LINES), dtype=np.float32)
    shade = np.linspace(0.65, 0.95, page.shape[1])[None, :]
    shaded = Image.fromarray((page * shade).astype(np.uint8))
    flat = np.asarray(clean.flatten(shaded))
    paper = flat[np.asarray(thai_page(LINES)) > 200]
    assert paper.mean() > 245 and paper.std() < 6


def test_scanner_border_whitened():
    page = np.asarray(thai_page(LINES)).copy()
    page[:, :60] = 10
    out = np.asarray(clean.crop_borders(Image.fromarray(page)))
    assert out[:, :60].min() == 255 and (out < 128).sum() > 1000


def test_table_rules_whitened_and_letters_kept():
    page = np.asarray(thai_page(LINES)).copy()
    h, w = page.shape
    page[400:404, 100:w - 100] = 0          # a table's rule across the page
    page[200:h - 200, 300:303] = 0          # and one down it
    out = np.asarray(clean.remove_rules(Image.fromarray(page)))
    assert (out[400:404, 100:w - 100] < 128).mean() < 0.05 and (out[200:h - 200, 300:303] < 128).mean() < 0.2
    text = np.asarray(thai_page(LINES)) < 128
    assert (out[text] < 128).mean() > 0.9   # the letters stay
