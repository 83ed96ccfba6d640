"""The orchestrator: pages in parallel, a dead or hung worker fails its file and not the batch."""
import os
import time

import pytest

from ingest import pipeline
from ingest.errors import OcrError
from test_ingest_cli import letter_pdf


def _die(job):
    os._exit(3)


def _hang(job):
    time.sleep(60)


def test_pages_read_in_parallel_come_back_in_order(tmp_path):
    from ingest import load

    doc = load.open_document(letter_pdf(tmp_path / "a.pdf", pages=3))
    with pipeline.PageReader(2) as reader:
        pages = pipeline.read_document(doc, reader, engine="tesseract")
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[0].lines[0].text.startswith("ที่") and pages[1].lines[0].text.startswith("-")


@pytest.mark.parametrize("worker, words", [(_die, "stopped unexpectedly"), (_hang, "took too long")])
def test_a_dead_or_hung_worker_fails_the_file_and_the_next_file_is_read(tmp_path, monkeypatch, worker, words):
    from ingest import load

    monkeypatch.setenv("SARABAN_PAGE_TIMEOUT", "2")
    doc = load.open_document(letter_pdf(tmp_path / "a.pdf", pages=2))
    with pipeline.PageReader(2) as reader:
        with pytest.raises(OcrError, match=words):
            list(reader.map([pipeline.PageJob(doc, i, "tesseract") for i in range(2)], fn=worker))
        monkeypatch.delenv("SARABAN_PAGE_TIMEOUT")
        pages = pipeline.read_document(doc, reader, engine="tesseract")  # a fresh pool takes over
    assert len(pages) == 2 and pages[0].lines


def test_a_letter_read_sideways_in_blocks_is_asked_to_be_turned():
    """Tesseract read an A4 letter scanned on its side at a mean confidence of 85, its words
    right but gathered into a dozen blocks far taller than a word; upright, the same page is
    in lines, and its reading wins the comparison."""
    from ingest.page import Line, PageText, Word
    from ingest.pipeline import _looks_unread, _upright_score

    def block(x, y, words, height):      # words laid across a block `height` tall
        ws = [Word(t, (x + 200 * i, y + 40 * (i % 3), x + 200 * i + 180, y + 40 * (i % 3) + 55), 86.0)
              for i, t in enumerate(words)]
        return Line(" ".join(words), (x, y, x + 200 * len(words), y + height), 86.0, ws)
    words = "ดำเนินการ ตามแนวทาง ดังกล่าว และรายงานผล ให้อำเภอ ทราบต่อไป".split() * 2
    sideways = PageText(1, 3507, 2482, [block(180, 350, words, 1760), block(850, 360, words, 1880),
                                        Line("ด่วนมาก", (3281, 359, 3402, 420), 86.0,
                                             [Word("ด่วนมาก", (3281, 359, 3402, 420), 86.0)])])
    upright = PageText(1, 2482, 3507, [block(240, 500 + 90 * k, words[:3], 60) for k in range(6)])
    assert all(line.box[2] - line.box[0] > line.box[3] - line.box[1] for line in sideways.lines[:2])
    assert _looks_unread(sideways) and not _looks_unread(upright)
    assert _upright_score(upright) > _upright_score(sideways)


def test_a_grey_page_that_reads_as_nothing_once_turned_on_white_is_turned_on_its_paper(tmp_path, monkeypatch):
    """A skewed grey page, deskewed on white corners, read as nothing: it is cleaned again with
    the corners in its paper's tone, and that reading is kept (the engine is a stand-in that
    reads nothing where the corners are white: the real Tesseract case is tests/test_clean.py)."""
    import numpy as np
    from PIL import Image

    from ingest import load
    from ingest.page import Line, PageText, Word
    from ingest.read import engine as read

    from support import thai_page
    page = np.asarray(thai_page(["เรื่อง ซักซ้อมแนวทางการจัดเก็บเอกสาร"] * 6), dtype=np.float32)
    grey = Image.fromarray((page * np.linspace(0.62, 0.92, page.shape[1])[None, :]).astype(np.uint8))
    path = tmp_path / "grey.png"
    grey.rotate(2.3, expand=True, fillcolor=150, resample=Image.BICUBIC).save(path)

    class WhiteBlind:
        name = "stand-in"

        def read(self, image, number):
            corner = np.asarray(image)[:10, -10:]
            lines = [] if corner.min() == 255 else [Line("เรื่อง", (10, 10, 200, 60), 90.0,
                                                          [Word("เรื่อง", (10, 10, 200, 60), 90.0)])]
            return PageText(number, image.width, image.height, lines, self.name)
    monkeypatch.setattr(read, "engine", lambda name: WhiteBlind())
    job = pipeline.PageJob(load.open_document(path), 0, "stand-in", use_text_layer=False, clean="deskew")
    got = pipeline.read_page(job)
    assert [line.text for line in got.lines] == ["เรื่อง"] and got.turns
