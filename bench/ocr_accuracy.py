"""OCR accuracy and speed, plain Tesseract against the Saraban engine, side by side in one run.

    .venv/bin/python bench/ocr_accuracy.py samples/bundles            # every bundle with truth
    .venv/bin/python bench/ocr_accuracy.py samples/bundles --only b01 --pages 4 --json out.json
    .venv/bin/python bench/ocr_accuracy.py --fresh 101 --count 8      # a fresh set, not the tuning set

The committed samples/bundles are the tuning set (the engine's rules were tuned on them);
``--fresh SEED`` generates the set of another seed into a temporary folder (deleted afterwards
unless ``--keep DIR``) and scores it the same way. The report's first line and the JSON's
``set`` say which set was scored.

For each page of each bundle that has a ``*.truth.json`` beside it, both engines read the
same image in the same process (one thread each), and the bench reports the figures below.
"Plain Tesseract" is ``tha+eng`` through tesserocr, one call per page, as it comes: without
the engine's second look at the stamps its layout analysis skipped and without joining the
pieces of a row (``TesseractEngine(plain=True)``; the saraban engine does both).

- CER: character edits / true characters, spaces ignored, after the read lines are put in
  the order of the true lines they match (a line split where a wide gap separates two
  columns): what was misread, not where a block was read. The same measure as
  ``saraban eval`` (``ingest.text_errors.text_errors``).
- digit error: the edits of that alignment that touch a digit / the true digits.
- The same two over the text in the engine's own reading order (``_reading_order``):
  an engine that reads a stamp before the body pays for it there.
- keys read right: the letters' reference numbers and dates (truth ``doc_no_text``,
  ``date_text``) found verbatim (spaces ignored) in the page text.
- seconds per page for each engine, and their ratio; all of these over every page, and
  over damaged and clean pages apart (``by_condition``).

Pages the generator scanned upside down are turned upright from the truth first (this
measures reading, not orientation detection), then cleaned as the pipeline cleans them
(``settings`` ``clean``: border, deskew) before either engine reads them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.read.letters import DIGITS, canonical  # noqa: E402
from ingest.read.model import normalize_text  # noqa: E402


def levenshtein(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)


def flat(text: str) -> str:
    return normalize_text(canonical(text).replace("\n", " "))


def digits(text: str) -> str:
    return "".join(c for c in text if c in DIGITS)


def keys_of(truth: dict, page_no: int) -> list[str]:
    """Reference numbers and dates of the letters that start on this page."""
    out = []
    for letter in truth.get("letters", []):
        pages = letter.get("pages") or []
        if pages and page_no not in pages[:1]:
            continue
        out += [letter[k] for k in ("doc_no_text", "date_text") if letter.get(k)]
    return out


def score(hyp: str, ref: str, keys: list[str]) -> dict:
    """Errors with the read lines put in the truth's order (``text_errors.text_errors``: what
    was misread), and the same over the text in the engine's own reading order."""
    from ingest.text_errors import text_errors

    h, r = flat(hyp), flat(ref)
    hs = h.replace(" ", "")
    char_err, chars, digit_err, n_digits = text_errors(ref, hyp)
    return {"chars": chars, "char_err": char_err, "digits": n_digits, "digit_err": digit_err,
            "chars_ordered": len(r), "char_err_ordered": levenshtein(h, r),
            "digits_ordered": len(digits(r)), "digit_err_ordered": levenshtein(digits(h), digits(r)),
            "keys": len(keys), "keys_right": sum(normalize_text(k).replace(" ", "") in hs for k in keys)}


def plain_tesseract():
    """Tesseract ``tha+eng`` as it comes: one call per page, its lines as it found them."""
    from ingest.read.engine import TesseractEngine

    return TesseractEngine(plain=True)


def pages_of(bundle: Path, max_pages: int | None):
    from ingest.clean import clean_page
    from ingest.load import open_document, render_page

    truth = json.loads(bundle.read_text(encoding="utf-8"))
    doc = open_document(bundle.parent / truth["file"])
    for p in truth["pages"][:max_pages]:
        image, _ = render_page(doc, p["number"] - 1)
        rot = p.get("rotation", 0)
        if rot:
            image = image.rotate(rot, expand=True)  # the scan was turned clockwise: turn it back
        yield truth, p, clean_page(image)  # cleaned as the pipeline cleans before reading


def run(paths, engines=("tesseract", "saraban"), only=None, max_pages=None, show=False,
        model=None, marks=True, condition=None, lexicon=True) -> dict:
    from ingest.read.engine import engine as get_engine
    from ingest.read.saraban import SarabanEngine

    readers = {name: SarabanEngine(model, marks=marks, lexicon=lexicon) if name == "saraban"
               else plain_tesseract() if name == "tesseract" else get_engine(name) for name in engines}
    bundles = sorted(b for p in paths for b in (Path(p).glob("*.truth.json") if Path(p).is_dir() else [Path(p)]))
    if only:
        bundles = [b for b in bundles if any(b.name.startswith(o) for o in only)]
    if condition:
        bundles = [b for b in bundles if json.loads(b.read_text(encoding="utf-8")).get("condition") == condition]
    rows = []
    for bundle in bundles:
        for truth, p, image in pages_of(bundle, max_pages):
            row = {"bundle": bundle.name.split(".")[0], "page": p["number"], "font": truth.get("font"),
                   "condition": truth.get("condition"), "damage": truth.get("damage")}
            keys = keys_of(truth, p["number"])
            for name, reader in readers.items():
                t0 = time.perf_counter()
                page = reader.read(image, p["number"])
                row[name] = score(page.text, p["text"], keys) | {"seconds": time.perf_counter() - t0}
                if show:
                    print(f"--- {row['bundle']} p{p['number']} {name}\n{page.text}\n", file=sys.stderr)
            rows.append(row)
            print(line_of(row, engines), flush=True)
    by_condition = {c: totals([r for r in rows if r["condition"] == c], engines) for c in ("damaged", "clean")
                    if any(r["condition"] == c for r in rows)}
    return {"pages": rows, "total": totals(rows, engines), "by_condition": by_condition}


def realdocs(folder: Path, model=None, marks=True, lexicon=True) -> dict:
    """Real documents: CER where a true text exists (the PSU letter's own text layer), and for
    scans with Arabic digits, every line the saraban engine changed, to be checked by eye,
    and the lines its layout (skipped stamps read again, pieces of a row joined) added to
    plain Tesseract's. Each engine reads each page once before it is timed (the first page
    would otherwise pay for loading the model and the word list)."""
    from ingest.clean import clean_page
    from ingest.load import open_document, render_page
    from ingest.read.engine import TesseractEngine
    from ingest.read.saraban import SarabanEngine

    tess, ours = plain_tesseract(), SarabanEngine(model, marks=marks, lexicon=lexicon)
    laid_out = TesseractEngine()  # Tesseract with the engine's own layout: the same line boxes
    out = {}
    for name, truth in (("psu-invitation-letter.pdf", "psu-invitation-letter.text-layer.txt"),
                        ("sao-tender-p1.jpg", None), ("sao-tender-p2.jpg", None)):
        if not (folder / name).exists():
            continue
        image = clean_page(render_page(open_document(folder / name), 0)[0])
        tess.read(image, 1), ours.read(image, 1)  # warm: models and word lists load on first use
        t0 = time.perf_counter()
        a = tess.read(image, 1)
        t1 = time.perf_counter()
        b = ours.read(image, 1)
        t2 = time.perf_counter()
        row = {"seconds": {"tesseract": t1 - t0, "saraban": t2 - t1},
               "chars_changed": levenshtein(flat(a.text), flat(b.text))}
        if truth:
            ref = (folder / truth).read_text(encoding="utf-8")
            row["CER"] = {"tesseract": levenshtein(flat(a.text), flat(ref)) / len(flat(ref)),
                          "saraban": levenshtein(flat(b.text), flat(ref)) / len(flat(ref))}
            row["digit_error"] = {k: levenshtein(digits(p.text), digits(ref)) / len(digits(ref))
                                  for k, p in (("tesseract", a), ("saraban", b))}
        else:
            # what the model changed, line by line, against Tesseract with the engine's own
            # layout (the same boxes), and the lines that layout added to plain Tesseract's
            laid = laid_out.read(image, 1)
            old = {ln.box: canonical(ln.text) for ln in laid.lines}
            row["changed_lines"] = [(old.get(ln.box, ""), ln.text) for ln in b.lines
                                    if normalize_text(old.get(ln.box, "")) != normalize_text(ln.text)]
            plain_boxes = {ln.box for ln in a.lines}
            row["lines_added_by_layout"] = [ln.text for ln in laid.lines if ln.box not in plain_boxes]
        out[name] = row
        print(name, json.dumps(row, ensure_ascii=False, indent=1), flush=True)
    return out


def totals(rows, engines) -> dict:
    out = {}
    for name in engines:
        s = {k: sum(r[name][k] for r in rows) for k in ("chars", "char_err", "digits", "digit_err", "keys",
                                                       "keys_right", "seconds", "chars_ordered",
                                                       "char_err_ordered", "digits_ordered",
                                                       "digit_err_ordered")}
        out[name] = {"pages": len(rows), "CER": s["char_err"] / max(s["chars"], 1),
                     "digit_error": s["digit_err"] / max(s["digits"], 1), "digits": s["digits"],
                     "CER_reading_order": s["char_err_ordered"] / max(s["chars_ordered"], 1),
                     "digit_error_reading_order": s["digit_err_ordered"] / max(s["digits_ordered"], 1),
                     "keys_right": f"{s['keys_right']}/{s['keys']}",
                     "seconds_per_page": s["seconds"] / max(len(rows), 1)}
    if "tesseract" in out and "saraban" in out:
        out["time_ratio"] = out["saraban"]["seconds_per_page"] / max(out["tesseract"]["seconds_per_page"], 1e-9)
    return out


def line_of(row, engines) -> str:
    parts = [f"{row['bundle']:<28} p{row['page']}"]
    for name in engines:
        r = row[name]
        parts.append(f"{name}: CER {r['char_err'] / max(r['chars'], 1):6.2%} digits "
                     f"{r['digit_err'] / max(r['digits'], 1):6.2%} ({r['digits']}) keys {r['keys_right']}/{r['keys']}"
                     f" {r['seconds']:.1f}s")
    return "  ".join(parts)


def scored_set(a) -> tuple[dict, object]:
    """Which set to score, and a context that yields its folders (a fresh set's is temporary)."""
    from contextlib import nullcontext

    from ingest.evaluate import describe_set, fresh_set

    if a.fresh is None:
        about = describe_set(a.paths[0]) if len(a.paths) == 1 else {"name": "folder", "folder": " ".join(a.paths)}
        return about, nullcontext(a.paths)
    about, generated = fresh_set(a.fresh, a.count, a.keep, progress=lambda m: print(m, file=sys.stderr),
                                 paper=a.paper)
    return about, _folders(about, generated)


@contextmanager
def _folders(about: dict, generated):
    with generated as folder:
        about["folder"] = str(folder)
        yield [folder]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", default=["samples/bundles"])
    ap.add_argument("--engines", default="tesseract,saraban")
    ap.add_argument("--only", nargs="*", help="bundle name prefixes")
    ap.add_argument("--pages", type=int, help="at most this many pages per bundle")
    ap.add_argument("--json", help="write every figure here")
    ap.add_argument("--show", action="store_true", help="print each engine's text to stderr")
    ap.add_argument("--condition", choices=["clean", "damaged"], help="only bundles in this condition")
    ap.add_argument("--model", help="another saraban-line.onnx (a checkpoint) for the saraban engine")
    ap.add_argument("--no-marks", dest="marks", action="store_false",
                    help="do not let the model add the tone marks Tesseract dropped")
    ap.add_argument("--no-lexicon", dest="lexicon", action="store_false",
                    help="do not let the word list settle Thai letters the two readers disagree on")
    ap.add_argument("--realdocs", help="also the real documents in this folder (../shared/realdocs)")
    ap.add_argument("--fresh", type=int, metavar="SEED", help="score the fresh set of this seed instead of paths")
    ap.add_argument("--count", type=int, help="with --fresh: only this many bundles, drawn for the seed")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="with --fresh: write the set here and leave it")
    ap.add_argument("--paper", action="store_true",
                    help="with --fresh: damaged bundles may also have paper's own troubles (samples/paper.py)")
    a = ap.parse_args(argv)
    engines = tuple(a.engines.split(","))
    if a.realdocs:
        realdocs(Path(a.realdocs), a.model, a.marks, a.lexicon)
        if not a.paths or a.paths == ["-"]:
            return
    from ingest.errors import SarabanError
    from ingest.evaluate import set_title

    try:
        about, folders = scored_set(a)
    except SarabanError as e:
        print(f"ocr_accuracy: {e}", file=sys.stderr)
        sys.exit(int(e.exit_code))
    with folders as paths:
        print(set_title(about) + (f", only {' '.join(a.only)}" if a.only else ""), flush=True)
        result = {"set": about | {"only": a.only}, **run(paths, engines, a.only, a.pages, a.show, a.model,
                                                      a.marks, a.condition, a.lexicon)}
    print(set_title(about))
    print(json.dumps(result["total"], ensure_ascii=False, indent=1))
    for condition, total in result["by_condition"].items():
        print(condition + ": " + "  ".join(f"{n} CER {total[n]['CER']:.2%} digits {total[n]['digit_error']:.2%}"
                                           f" ({total[n]['digits']}) pages {total[n]['pages']}" for n in engines))
    if a.json:
        Path(a.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
