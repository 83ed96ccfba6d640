"""A batch of one-page files read through one pool: every worker busy, each file registered
alone and reported in the order given, a dead worker failing only the files it had pages of."""
import os
import time

import pytest
from PIL import Image

from ingest import batch, pipeline
from ingest.registry.store import Registry
from test_ingest_cli import assert_registry_sound, letter_pdf

READ_PAGE = pipeline.read_page


def _read_noting_pid(job):
    """``read_page``, leaving behind the id of the worker process that read the page."""
    (job.doc.path.parent / "pids" / f"{os.getpid()}.{job.doc.path.name}").touch()
    return READ_PAGE(job)


def _read_but_die_on_b(job):
    if job.doc.path.stem == "b":
        os._exit(3)
    return READ_PAGE(job)


def _batch(folder):
    """Letters, a damaged file and a blank scan in the middle, and a copy of the first at the end."""
    folder.mkdir()
    (folder / "pids").mkdir()
    paths = [letter_pdf(folder / "a.pdf", number=101), letter_pdf(folder / "b.pdf", number=102),
             folder / "damaged.pdf", folder / "blank.png", letter_pdf(folder / "c.pdf", number=103),
             folder / "copy-of-a.pdf"]
    paths[2].write_bytes(b"%PDF-1.7\n garbage garbage")
    Image.new("L", (2480, 3508), 255).save(paths[3])
    paths[5].write_bytes(paths[0].read_bytes())
    return paths


def _ingest(paths, db, jobs):
    told = []
    with Registry(db) as registry:
        results = batch.ingest_paths(paths, registry, jobs=jobs, engine="tesseract", on_file=told.append)
    assert told == results
    return results


@pytest.fixture(scope="module")
def serial_and_pooled(tmp_path_factory, module_places):
    tmp = tmp_path_factory.mktemp("batch")
    paths = _batch(tmp / "files")
    dbs = module_places("serial.db"), module_places("pooled.db")
    serial = _ingest(paths, dbs[0], jobs=1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "read_page", _read_noting_pid)
        pooled = _ingest(paths, dbs[1], jobs=2)
    return paths, serial, pooled, tmp, dbs


def file_names(db) -> list[str]:
    with Registry(db) as reg:
        return [n for (n,) in reg.conn.execute("select name from files order by name")]


def test_one_page_files_are_read_by_every_worker_with_the_same_records(serial_and_pooled):
    paths, serial, pooled, tmp, _ = serial_and_pooled
    readers = {p.name.split(".")[0] for p in (tmp / "files" / "pids").iterdir()}
    read = {p.name.split(".", 1)[1] for p in (tmp / "files" / "pids").iterdir()}
    assert len(readers) == 2 and str(os.getpid()) not in readers  # both workers, not this process
    assert read == {"a.pdf", "b.pdf", "blank.png", "c.pdf"}        # the copy of a.pdf is not read again
    assert [r.letters for r in pooled] == [r.letters for r in serial]
    assert [r.letters[0]["doc_no"][-3:] for r in pooled if r.status == "registered"] == ["101", "102", "103"]


def test_the_summary_keeps_the_order_and_a_failing_file_fails_alone(serial_and_pooled):
    paths, serial, pooled, _, dbs = serial_and_pooled
    assert [r.path for r in pooled] == paths
    assert [r.status for r in pooled] == [r.status for r in serial] == \
        ["registered", "registered", "failed", "failed", "registered", "duplicate"]
    assert [str(r.error) for r in pooled] == [str(r.error) for r in serial]
    assert "damaged" in str(pooled[2].error) and "no text found" in str(pooled[3].error)
    for db in dbs:
        assert_registry_sound(db)
        assert file_names(db) == ["a.pdf", "b.pdf", "c.pdf"]


def test_a_worker_killed_fails_only_the_files_with_pages_in_the_pool(tmp_path, places):
    paths = [letter_pdf(tmp_path / f"{name}.pdf", number=n) for n, name in enumerate("abcdef", 201)]
    db = places("r.db")
    with Registry(db) as registry, pipeline.PageReader(2) as reader:
        from ingest.batch import ingest_in_order

        results = list(ingest_in_order(paths, registry, reader, engine="tesseract", fn=_read_but_die_on_b))
    assert [r.path for r in results] == paths
    failed = {r.path.stem for r in results if r.status == "failed"}
    assert "b" in failed and failed <= set("abcd")  # at most the 2 x 2 pages sent when b's worker died
    assert all("stopped unexpectedly; nothing of this file was registered" in str(r.error)
               for r in results if r.status == "failed")
    assert [r.status for r in results[4:]] == ["registered", "registered"]  # on a fresh pool
    assert_registry_sound(db)
    assert set(file_names(db)) == {r.path.name for r in results if r.status == "registered"}


def _read_but_hang_on_b(job):
    if job.doc.path.stem == "b":
        time.sleep(600)
    return READ_PAGE(job)


@pytest.mark.slow  # waits out a page's time (45 s) after the other worker has read the rest
def test_a_hung_worker_fails_its_file_and_the_other_worker_reads_the_rest(tmp_path, monkeypatch, places):
    from ingest.batch import ingest_in_order

    monkeypatch.setenv("SARABAN_PAGE_TIMEOUT", "45")
    paths = [letter_pdf(tmp_path / f"{name}.pdf", number=n) for n, name in enumerate("abc", 301)]
    db = places("r.db")
    with Registry(db) as registry, pipeline.PageReader(2) as reader:
        results = list(ingest_in_order(paths, registry, reader, engine="tesseract", fn=_read_but_hang_on_b))
    assert [r.status for r in results] == ["registered", "failed", "registered"]
    assert "took too long; nothing of this file was registered" in str(results[1].error)
    assert_registry_sound(db)
