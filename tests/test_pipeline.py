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
