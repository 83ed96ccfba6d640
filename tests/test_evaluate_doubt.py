"""``saraban eval`` reports silent errors (wrong and not flagged) and the flagged share per field."""
from ingest.evaluate import Score, flagged, format_report
from ingest.record import new_record


def _rec(**fields):
    rec = new_record()
    rec.update(fields)
    return rec


def test_silent_errors_and_flagged_share_per_field():
    truth = {"kind": "external", "doc_no": "มท 0206/ว 1", "date": "2024-01-05", "subject": "ก"}
    right = _rec(kind="external", doc_no="มท 0206/ว 1", date="2024-01-05", subject="ก")
    wrong_flagged = _rec(kind="external", doc_no="มท 0206/ว 1", date=None, subject="ก",
                         flags=["date: not found"])
    wrong_silent = _rec(kind="external", doc_no="มท 0206/ว 1", date="2024-01-06", subject="ข",
                        confidence={"subject": 0.3})
    score = Score()
    score.add_letters([(truth, right), (truth, wrong_flagged), (truth, wrong_silent)], "clean", "b01")
    d = score.to_dict()
    assert d["fields"]["date"]["clean"] == round(1 / 3, 4)
    assert d["silent"]["date"]["clean"] == round(1 / 3, 4)      # 2024-01-06, no flag
    assert d["flagged"]["date"]["clean"] == round(1 / 3, 4)
    assert d["silent"]["subject"]["clean"] == 0.0                # wrong, but its confidence says so
    assert d["flagged"]["subject"]["clean"] == round(1 / 3, 4)
    assert flagged(None, "date") and flagged(wrong_flagged, "date") and not flagged(right, "date")

    report = {"set": {"name": "folder", "folder": "scans"}, "bundles": 1, "letters": 3, "pages": 1, "engines": {"saraban": d}}
    text = format_report(report)
    assert "silent errors (wrong, not flagged) / flagged" in text
    date_line = [l for l in text.splitlines() if l.startswith("date ")][-1]
    assert "33.3% / 33.3%" in date_line


def test_readings_are_kept_and_reused(tmp_path, monkeypatch):
    """``evaluate(readings=…)``: a file's pages are read once and taken from the folder after."""
    from types import SimpleNamespace

    from ingest.evaluate import cached_pages
    from ingest.page import Line, PageText

    doc = SimpleNamespace(sha256="ab" * 32)
    calls = []

    def read():
        calls.append(1)
        return [PageText(1, 100, 200, [Line("ที่ มท ๐๒๐๖/ว ๑", (1, 2, 3, 4), 91.0)], engine="saraban")]

    first = cached_pages(tmp_path, doc, "saraban", None, read)
    again = cached_pages(tmp_path, doc, "saraban", None, read)
    assert len(calls) == 1 and again[0].text == first[0].text == "ที่ มท ๐๒๐๖/ว ๑"
    assert again[0].lines[0].box == (1, 2, 3, 4)
    cached_pages(tmp_path, doc, "saraban", "deskew", read)       # other cleaning: read again
    assert len(calls) == 2
    cached_pages(tmp_path, doc, "saraban", "", read)             # no cleaning is not the default's
    assert len(calls) == 3
    monkeypatch.setenv("SARABAN_CLEAN", "border")           # nor is another default
    cached_pages(tmp_path, doc, "saraban", None, read)
    assert len(calls) == 4
    monkeypatch.delenv("SARABAN_CLEAN")
    assert cached_pages(None, doc, "saraban", None, read) and len(calls) == 5   # no folder: always read
