"""Real letters (../shared/realdocs, never copied here): OCR of a rendered page must give the
same fields as the PDF's own text layer. Skips when the folder or Tesseract is absent."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ingest.extract import extract_text

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdocs"
PSU = REAL / "psu-invitation-letter.pdf"
pytestmark = [pytest.mark.realdocs,
              pytest.mark.skipif(not PSU.exists(), reason="realdocs not available")]


def _ocr(pdf: Path, tmp: Path) -> str:
    if not (shutil.which("pdftoppm") and shutil.which("tesseract")):
        pytest.skip("pdftoppm/tesseract not installed")
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-f", "1", "-l", "1", str(pdf),
                    str(tmp / "p")], check=True)
    image = next(tmp.glob("p*.pgm"))
    out = subprocess.run(["tesseract", str(image), "-", "-l", "tha+eng"], check=True,
                         capture_output=True, text=True, env={"OMP_THREAD_LIMIT": "1",
                                                               "PATH": "/usr/bin:/bin"})
    return out.stdout


@pytest.fixture(scope="module")
def layer():
    (rec,) = extract_text((REAL / "psu-invitation-letter.text-layer.txt").read_text("utf-8"))
    return rec


def test_text_layer_fields(layer):
    assert layer["kind"] == "external"
    assert re.fullmatch(r"อว \d+\.\d/\d+", layer["doc_no"])
    assert layer["issuer_code"] == layer["doc_no"].split(" ")[0]
    assert re.fullmatch(r"2024-08-\d\d", layer["date"])
    assert layer["subject"] and layer["recipients"] and layer["enclosures"]
    assert layer["signatory"]["name"] and layer["signatory"]["position"]
    assert layer["flags"] == []


@pytest.mark.slow
def test_ocr_of_the_rendered_page_matches_the_text_layer(layer, tmp_path):
    (ocr,) = extract_text(_ocr(PSU, tmp_path))
    for field in ("kind", "subject", "recipients", "enclosures"):
        assert ocr[field] == layer[field], field
    assert ocr["signatory"]["name"] == layer["signatory"]["name"]
    assert ocr["signatory"]["position"].startswith(layer["signatory"]["position"])
    # stock Tesseract cannot output ๔ ๖ ๗ ๘ ๙: the number's agency code and the month are
    # right, the digits are not, and the record says so instead of passing them off
    assert ocr["doc_no"].split(" ")[0] == layer["doc_no"].split(" ")[0]
    assert ocr["date_text"].split(" ")[1] == layer["date_text"].split(" ")[1]
    assert any(f.startswith("digits:") for f in ocr["flags"])


def test_memo_chain_text_layer():
    pdf = REAL / "sao-memo-chain.pdf"
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    recs = extract_text(text)
    assert [r["kind"] for r in recs] == ["memo"] * len(recs) and len(recs) >= 3
    dates = [r["date"] for r in recs]
    assert all(dates) and dates == sorted(dates)
    # the text layer writes ำ as า; the subjects and issuers come out repaired and equal
    assert len({r["issuer"] for r in recs}) == 1 and "ตำบล" in recs[0]["issuer"]
    assert all(r["signatory"] and r["signatory"]["name"] for r in recs)
