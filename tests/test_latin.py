"""Latin text is never read worse by the saraban engine than by plain Tesseract.

Tesseract's English model reads web addresses, e-mail, LINE handles and English words well;
the line model, trained on Thai lines, does not (``entrance.psu.ac.th`` read
``entane.D5น.a6.th``), and the combination once took its digits inside them. Both engines
read the same cleaned image: generated pages of such lines (``samples/latin.py``) in the
evaluation fonts, clean and scanned, and the real documents that print Latin text (their
readings cached, as in ``test_realdocs_fields``; read first under ``-m slow``).
"""
from __future__ import annotations

import json
import random

import pytest

from support import OCR_CACHE, REALDOCS, file_sha256, reader_version


def best_distance(token: str, text: str) -> int:
    """The fewest edits that turn some stretch of ``text`` into ``token`` (0: read right)."""
    prev = [0] * (len(text) + 1)
    for i, c in enumerate(token, 1):
        cur = [i] + [0] * len(text)
        for j, d in enumerate(text, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (c != d))
        prev = cur
    return min(prev)


def worse(tokens: list[str], plain: str, ours: str) -> list[str]:
    """The tokens ours reads fewer times right than plain Tesseract, or, where neither reads
    one right, farther from right."""
    out = []
    for t in sorted(set(tokens)):
        p, o = plain.count(t), ours.count(t)
        if o < p or (o == p == 0 and best_distance(t, ours) > best_distance(t, plain)):
            out.append(f"{t!r}: plain {p}x (off by {best_distance(t, plain)}), ours {o}x "
                       f"(off by {best_distance(t, ours)})")
    return out


def both_readings(image) -> tuple[str, str]:
    from ingest.clean import clean_page
    from ingest.read.engine import TesseractEngine
    from ingest.read.saraban import SarabanEngine

    image = clean_page(image)
    texts = [TesseractEngine(plain=True).read(image).text, SarabanEngine().read(image).text]
    return texts[0], texts[1]


def _scanned(image, seed: int):
    """The page as a tired scanner gives it: 200 dpi, blurred, noisy, JPEG."""
    from samples.damage import scan_page

    rng = random.Random(seed)
    small = image.resize((image.width * 2 // 3, image.height * 2 // 3))
    return scan_page(small, ["blur", "noise", "jpeg"], rng, grey=True)[0]


@pytest.mark.parametrize("seed,family,scanned", [(1, "Laksaman", False), (2, "Norasi", True),
                                                 (3, "Sarabun", False)])
def test_latin_tokens_on_generated_pages_are_read_no_worse(seed, family, scanned):
    from samples.latin import latin_page

    image, lines = latin_page(seed, family, count=10)
    if scanned:
        image = _scanned(image, seed)
    plain, ours = both_readings(image)
    tokens = [t for _, ts in lines for t in ts]
    assert len(tokens) >= 10
    assert not worse(tokens, plain, ours), f"{family}, seed {seed}: {worse(tokens, plain, ours)}"


def test_worse_counts_a_token_read_wrong_where_tesseract_read_it():
    assert worse(["entrance.psu.ac.th"], "http://entrance.psu.ac.th", "http://entrance.D5น.ac.th")
    assert not worse(["@mahadthai"], "LINE @mahadthai", "LINE @mahadthai ok")
    assert best_distance("psu", "x.D5น.y") == 3 and best_distance("abc", "zzabczz") == 0


# Latin words printed on the real documents (the PSU letter's text layer; read by eye on the
# scholarship call's pages), with the pages that print them
REAL = {
    ("psu-invitation-letter.pdf", 0): ["PSU-TUYF:", "Mathematics", "Sustainable", "Community",
                                       "Development"],
    ("psu-scholarship-call-phone-scan.pdf", None): ["TUYF", "Charitable", "Trust", "Fund", "PSU-TUYF",
                                                    "Mathematics", "Sustainable", "Community",
                                                    "Development", "GPAX", "GPA"],
}


def _cache_file(name: str):
    return OCR_CACHE / f"latin-{file_sha256(REALDOCS / name)}-{reader_version()}.json"


def real_readings(name: str, index: int | None) -> tuple[str, str]:
    """Both engines' text of a real document's page (every page where index is None)."""
    from ingest.load import open_document, render_page

    cached = _cache_file(name)
    if cached.exists():
        pages = json.loads(cached.read_text("utf-8"))
    else:
        doc = open_document(REALDOCS / name)
        pages = [both_readings(render_page(doc, i)[0]) for i in range(doc.pages)]
        OCR_CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(pages, ensure_ascii=False), "utf-8")
    chosen = pages if index is None else [pages[index]]
    return "\n".join(p for p, _ in chosen), "\n".join(o for _, o in chosen)


def _real_params():
    params = []
    for name, index in REAL:
        slow = [] if REALDOCS.is_dir() and _cache_file(name).exists() else [pytest.mark.slow]
        params.append(pytest.param(name, index, id=name, marks=slow))
    return params


@pytest.mark.realdocs
@pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is absent")
@pytest.mark.parametrize("name,index", _real_params())
def test_latin_words_of_real_documents_are_read_no_worse(name, index):
    plain, ours = real_readings(name, index)
    assert not worse(REAL[name, index], plain, ours), worse(REAL[name, index], plain, ours)
