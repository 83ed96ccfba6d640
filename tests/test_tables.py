"""Ruled tables: found from their rules, read cell by cell (real Tesseract and model)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.page import PageText
from ingest.read.tables import find_tables

LAKSAMAN = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"  # never used in training
needs_fonts = pytest.mark.skipif(not Path(LAKSAMAN).exists(), reason="fonts-thai-tlwg not installed")

ROWS = [
    ("ลำดับ", "หน่วยงาน", "จำนวน (ราย)", "ร้อยละ"),
    ("๑", "อำเภอแม่ริม", "๑๙๑", "๓๘.๒๐"),
    ("๒", "อำเภอสันทราย", "๓๗๐", "๗๔.๐๐"),
    ("๓", "เทศบาลตำบลริมใต้", "๒๙๙", "๕๙.๘๐"),
    ("๔", "องค์การบริหารส่วนตำบลแม่สา", "๔๖๗", "๙๓.๔๐"),
]
COLUMNS = [200, 400, 1300, 1700, 2000]


def table_page(rows=ROWS, columns=COLUMNS, top=600, height=95) -> Image.Image:
    """An A4 page at 300 dpi with a title and a ruled table, 16 pt Laksaman."""
    img = Image.new("L", (2480, 3508), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(LAKSAMAN, 62, layout_engine=ImageFont.Layout.RAQM)
    d.text((600, 300), "อัตราค่าเช่าที่พักในการเดินทางไปราชการ", font=font, fill=0)
    bottom = top + height * len(rows)
    for i in range(len(rows) + 1):
        d.line([(columns[0], top + i * height), (columns[-1], top + i * height)], fill=0, width=3)
    for x in columns:
        d.line([(x, top), (x, bottom)], fill=0, width=3)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            d.text((columns[j] + 20, top + i * height + 12), text, font=font, fill=0)
    return img


@needs_fonts
def test_a_ruled_grid_is_found_with_its_rows_and_columns():
    tables, rules = find_tables(np.asarray(table_page()))
    assert len(tables) == 1
    t = tables[0]
    assert len(t.rows) == len(ROWS) + 1 and len(t.columns) == len(COLUMNS)
    assert all(abs(a - b) <= 6 for a, b in zip(t.columns, COLUMNS))  # found at half resolution
    assert rules[600, 1000] and not rules[330, 900]  # a rule in the mask, the title not


def test_a_stamp_frame_or_a_boxed_heading_is_not_a_table():
    img = Image.new("L", (2480, 3508), 255)
    d = ImageDraw.Draw(img)
    d.rectangle([1700, 150, 2300, 450], outline=0, width=4)          # a receipt stamp's frame
    for y in (250, 350):
        d.line([(1720, y), (2280, y)], fill=0, width=2)              # its ruled fill-in lines
    d.rectangle([300, 1000, 2200, 1100], outline=0, width=3)         # a boxed heading
    assert find_tables(np.asarray(img))[0] == []


@needs_fonts
def test_the_engine_reads_a_table_row_by_row_with_every_number():
    from ingest.read.saraban import SarabanEngine

    page = SarabanEngine().read(table_page().convert("RGB"), 1)
    assert isinstance(page, PageText)
    rows = [line.text.split() for line in page.lines]
    body = [row for row in rows if len(row) >= 4 and row[-1][-1:] in "๐๑๒๓๔๕๖๗๘๙"]
    assert [row[-3:] for row in body] == [list(row[1:]) for row in ROWS[1:]], rows
    # a lone digit in a cell has no context for the model: most item numbers, not all yet
    assert sum(row[0] == want[0] for row, want in zip(body, ROWS[1:])) >= 3, rows


def test_tiny_images_have_no_table():
    for size in ((1, 1), (5, 300), (300, 5)):
        tables, rules = find_tables(np.full(size, 255, np.uint8))
        assert tables == [] and rules.shape == size


@needs_fonts
@pytest.mark.parametrize("mode", ["1", "LA", "P", "RGBA", "I"])
def test_the_engine_reads_a_page_in_any_image_mode(mode):
    from ingest.read.saraban import SarabanEngine

    page = SarabanEngine().read(table_page().convert(mode), 1)
    assert any("๓๗๐" in line.text for line in page.lines)
