"""``saraban eval``: score the pipeline on sample bundles with ground truth, beside plain Tesseract.

For each ``NAME.truth.json`` in a folder: read the bundle with the pipeline's engine
and with plain ``tesseract -l tha+eng`` (one CLI call per page, no cleaning), extract
letters from both, and score each field exactly, by condition (clean, damaged), plus
character error (CER) and digit error of the page texts and seconds per page.

The committed ``samples/bundles`` are the tuning set: the reading rules were tuned on them,
so their scores flatter. ``evaluate_fresh`` scores a set the generator makes from another
seed, in a temporary folder, the same way: the figures a new user would see.
"""
from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import closing
from pathlib import Path

from .thai import keys
from . import load, settings
from .errors import BadArgumentError, MissingDependencyError
from .page import Line, PageText
from .text_errors import text_errors
from .extract.checks import LOW_CONF, in_doubt
from .evaluate_bundles import LinkScore, SplitScore
from .pipeline import PageJob, PageReader, extract_pages, read_document

FIELDS = ("kind", "doc_no", "date", "subject", "issuer_code", "urgency", "secrecy", "salutation",
          "recipients", "receipt.number", "receipt.date", "signatory.name", "references", "enclosures",
          "directives")
HEADLINE = ("doc_no", "date", "subject", "urgency", "receipt.number", "receipt.date")
BLIND = set("๔๖๗๘๙ำ")  # characters stock Tesseract's Thai model cannot output
TUNING = Path(__file__).resolve().parents[1] / "samples" / "bundles"  # the set rules are tuned on


def plain_tesseract_page(job) -> PageText:
    """The baseline: the rendered page as is, one ``tesseract`` CLI call (runs in a worker)."""
    image, _ = load.render_page(job.doc, job.index)
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        image.save(f.name)
        out = subprocess.run(["tesseract", f.name, "-", "-l", settings.get("lang")], capture_output=True,
                             text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout
    lines = [Line(t, (0, 0, 0, 0), 0.0) for t in out.splitlines() if t.strip()]
    return PageText(job.index + 1, image.width, image.height, lines, engine="tesseract-cli",
                    seconds=time.perf_counter() - started)


def _value(record: dict | None, field: str):
    if record is None:
        return None
    head, _, tail = field.partition(".")
    v = record.get(head)
    if tail:
        v = v.get(tail) if isinstance(v, dict) else None
    if field == "doc_no" and v:
        return keys.doc_no_key(v)
    if field == "references":
        return sorted(keys.doc_no_key(r.get("doc_no")) or "" for r in v or [])
    if field == "directives":
        return [d.get("number") for d in v or []]
    if isinstance(v, str):
        return " ".join(keys.arabic_digits(v).split())
    if isinstance(v, list):
        return [" ".join(keys.arabic_digits(x).split()) if isinstance(x, str) else x for x in v]
    return v


def flagged(record: dict | None, field: str) -> bool:
    """Whether a clerk is told to check the field: a flag names it (``date: …``, ``receipt …``)
    or its confidence is below the line. A missing record is all doubt."""
    if record is None:
        return True
    head = field.partition(".")[0]
    return in_doubt(record, field) or record.get("confidence", {}).get(head, 1.0) < LOW_CONF


def _printed(truth: dict, field: str, page_texts: dict | None = None) -> str:
    """The text a field was printed as, to tell whether stock Tesseract could read it at all."""
    printed = {"doc_no": truth.get("doc_no_text"), "date": truth.get("date_text")}
    if field.startswith("receipt.") and truth.get("receipt") and page_texts:
        printed[field] = _stamp_line(truth, field, page_texts)
    head, _, tail = field.partition(".")
    raw = truth.get(head)
    if tail:
        raw = raw.get(tail) if isinstance(raw, dict) else None
    return printed.get(field) or json.dumps(raw, ensure_ascii=False)  # digits as printed, not folded


def _stamp_line(truth: dict, field: str, page_texts: dict) -> str | None:
    """The stamp's เลขรับ line (receipt.number) or the วันที่ line under it (receipt.date), as printed."""
    number = truth["receipt"].get("number")
    for n in truth.get("pages") or []:
        lines = page_texts.get(n, "").splitlines()
        for i, line in enumerate(lines):
            if "เลข" in line and number and keys.arabic_digits(line).split()[-1:] == [number]:
                if field == "receipt.number":
                    return line
                return next((l for l in lines[i + 1:i + 3] if "วันที่" in l), None)
    return None


def match_letters(predicted: list[dict], truth: list[dict]) -> list[tuple[dict, dict | None]]:
    """Pair each true letter with the extracted letter that starts on its page and has its kind."""
    pairs, used = [], set()
    for t in truth:
        first = (t.get("pages") or [None])[0]
        best = None
        for i, p in enumerate(predicted):
            if i in used or first not in (p.get("source") or {}).get("pages", []):
                continue
            if best is None or (p.get("kind") == "endorsement") == (t.get("kind") == "endorsement"):
                best = i
                if (p.get("kind") == "endorsement") == (t.get("kind") == "endorsement"):
                    break
        if best is not None:
            used.add(best)
        pairs.append((t, predicted[best] if best is not None else None))
    return pairs


class Score:
    def __init__(self):
        self.fields = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        self.readable = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        self.doubt = defaultdict(lambda: defaultdict(lambda: [0, 0]))   # [silent errors, flagged]
        self.text = defaultdict(lambda: [0, 0, 0, 0])
        self.seconds, self.pages = 0.0, 0
        self.misses = []

    def add_letters(self, pairs, condition, bundle, page_texts=None):
        for truth, got in pairs:
            for field in FIELDS:
                want = _value(truth, field)
                have = _value(got, field)
                ok = want == have
                self.fields[field][condition][0] += ok
                self.fields[field][condition][1] += 1
                doubt = flagged(got, field)
                self.doubt[field][condition][0] += not ok and not doubt
                self.doubt[field][condition][1] += doubt
                readable = not (set(_printed(truth, field, page_texts)) & BLIND)
                if readable:
                    self.readable[field][condition][0] += ok
                    self.readable[field][condition][1] += 1
                if not ok and field in HEADLINE:
                    self.misses.append({"bundle": bundle, "condition": condition, "field": field,
                                        "readable": readable, "want": want, "got": have})

    def add_text(self, truth_pages, pages, condition):
        for t, p in zip(truth_pages, pages):
            edits, chars, derr, digits = text_errors(t.get("text", ""), p.text)
            acc = self.text[condition]
            acc[0] += edits; acc[1] += chars; acc[2] += derr; acc[3] += digits
            self.seconds += p.seconds
            self.pages += 1

    def to_dict(self) -> dict:
        rate = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
        return {
            "fields": {f: {c: rate(*v) for c, v in conds.items()} for f, conds in self.fields.items()},
            "fields_readable": {f: {c: rate(*v) for c, v in conds.items()} for f, conds in self.readable.items()},
            "counts": {f: {c: v[1] for c, v in conds.items()} for f, conds in self.fields.items()},
            "silent": {f: {c: rate(v[0], self.fields[f][c][1]) for c, v in conds.items()}
                       for f, conds in self.doubt.items()},
            "flagged": {f: {c: rate(v[1], self.fields[f][c][1]) for c, v in conds.items()}
                        for f, conds in self.doubt.items()},
            "cer": {c: rate(v[0], v[1]) for c, v in self.text.items()},
            "digit_error": {c: rate(v[2], v[3]) for c, v in self.text.items()},
            "seconds_per_page": round(self.seconds / self.pages, 2) if self.pages else None,
            "misses": self.misses[:200],
        }


def cached_pages(readings: Path | None, doc, name: str, clean, read) -> list[PageText]:
    """A document's pages from ``readings`` (one JSON per file, engine and cleaning; not per
    version of the reader), else ``read()`` and stored there, to score extraction again."""
    if readings is None:
        return read()
    steps = settings.get("clean") if clean is None else clean   # as the reader will take them
    path = Path(readings) / f"{doc.sha256[:20]}.{name}.{steps.replace(',', '+') or 'none'}.json"
    if path.is_file():
        return [PageText.from_dict(d) for d in json.loads(path.read_text("utf-8"))]
    pages = read()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([p.to_dict() for p in pages], ensure_ascii=False), "utf-8")
    return pages


def evaluate(directory, *, jobs=None, limit=None, baseline=True, clean=None, engine=None, progress=None,
             readings=None):
    truths = sorted(Path(directory).rglob("*.truth.json"))[:limit]
    engine = engine or settings.get("engine")
    scores = {engine: Score()}
    if baseline:
        scores["tesseract-plain"] = Score()
    letters = pages = 0
    split, linked = SplitScore(), LinkScore()   # of the engine's reading (the baseline's are not scored)
    with PageReader(jobs) as reader, closing(linked):
        for n, truth_path in enumerate(truths, 1):
            truth = json.loads(truth_path.read_text("utf-8"))
            doc = load.open_document(truth_path.parent / truth["file"])
            condition = truth.get("condition", "clean")
            runs = {engine: cached_pages(readings, doc, engine, clean, lambda: read_document(
                doc, reader, engine, use_text_layer=False, clean=clean))}
            if baseline:
                jobs_ = [PageJob(doc, i, "tesseract") for i in range(doc.pages)]
                runs["tesseract-plain"] = cached_pages(readings, doc, "tesseract-plain", None, lambda: list(
                    reader.map(jobs_, fn=plain_tesseract_page)))
            for name, read_pages in runs.items():
                records = extract_pages(read_pages, doc)
                pairs = match_letters(records, truth["letters"])
                scores[name].add_letters(pairs, condition, truth_path.name,
                                         {p["number"]: p.get("text", "") for p in truth["pages"]})
                scores[name].add_text(truth["pages"], read_pages, condition)
                if name == engine:
                    split.add(records, truth, condition)
                    linked.add(doc, records, read_pages, pairs, truth)
            letters += len(truth["letters"])
            pages += doc.pages
            if progress:
                progress(f"[{n}/{len(truths)}] {truth_path.name}: {doc.pages} pages")
        report = {name: s.to_dict() for name, s in scores.items()}
        report[engine].update(split=split.to_dict(), links=linked.to_dict())
    return {"set": describe_set(directory), "bundles": len(truths), "letters": letters, "pages": pages,
            "engines": report}


def describe_set(directory) -> dict:
    """Which set a folder is: the tuning set (the committed samples) or some other folder."""
    folder = Path(directory).resolve()
    return {"name": "tuning"} if folder == TUNING else {"name": "folder", "folder": str(folder)}


def fresh_set(seed: int, count: int | None = None, keep: Path | None = None, progress=None,
              paper: bool = False):
    """The generator's fresh set of a seed (``samples.generate.fresh_set``: ``count`` bundles or
    all, in a temporary folder or kept in ``keep``), and the description a report carries."""
    generate = _generator()
    try:
        generate.check_fresh(seed, keep, count)
    except ValueError as e:
        raise BadArgumentError(str(e), hint=f"Use any seed but {generate.TUNING_SEED} (e.g. --fresh 101), a "
                                            "--count of 1 or more, and for --keep a new or empty folder.") from None
    names = generate.fresh_names(seed, count)
    about = {"name": "fresh", "seed": seed, "count": len(names), "of": len(generate.PLAN),
             "bundles": names, "fonts": list(generate.EVALUATION_FONTS), "kept": str(keep) if keep else None,
             "paper": paper}
    return about, generate.fresh_set(seed, count, keep, progress=progress, paper=paper)


def _generator():
    """samples/generate.py of the source tree this package lives in (not an installed module)."""
    root = TUNING.parents[1]
    if (root / "samples" / "generate.py").is_file() and str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        return importlib.import_module("samples.generate")
    except ImportError as e:
        raise MissingDependencyError(
            f"A fresh set needs the sample generator, samples/generate.py of the source tree: {e}",
            hint="Run saraban from a checkout of the repository (pip install -e .).") from None


def evaluate_fresh(seed: int, *, count: int | None = None, keep: Path | None = None, progress=None,
                   paper: bool = False, **options) -> dict:
    """``evaluate`` on the fresh set of a seed, generated into a temporary folder (deleted
    afterwards, unless ``keep``); the report's ``set`` says which set it was."""
    about, generated = fresh_set(seed, count, keep, progress, paper)
    with generated as folder:
        about["folder"] = str(folder)
        report = evaluate(folder, progress=progress, **options)
    return {**report, "set": about}


def set_title(about: dict) -> str:
    """One line naming the set a report scored."""
    if about["name"] == "tuning":
        return "set: tuning (the committed samples/bundles; the reading rules were tuned on it)"
    if about["name"] == "fresh":
        return (f"set: fresh seed {about['seed']} ({about['count']} of {about['of']} bundles, "
                f"in the evaluation fonts {', '.join(about['fonts'])}"
                + ("; with paper's own troubles" if about.get("paper") else "")
                + (f"; kept in {about['kept']})" if about.get("kept") else ")"))
    return f"set: folder {about['folder']}"


def format_report(report: dict) -> str:
    names = list(report["engines"])
    out = [set_title(report["set"]),
           f"{report['bundles']} bundles, {report['letters']} letters, {report['pages']} pages", ""]
    header = f"{'field':16}" + "".join(f"{n + ' ' + c:>26}" for n in names for c in ("clean", "damaged"))
    for title, key in (("exact match, all letters", "fields"),
                       ("exact match, fields printed without ๔๖๗๘๙ำ", "fields_readable")):
        out += [title, header]
        for field in FIELDS:
            cells = []
            for n in names:
                e = report["engines"][n]
                for c in ("clean", "damaged"):
                    v = e[key].get(field, {}).get(c)
                    total = e["counts"].get(field, {}).get(c)
                    cells.append(f"{'-' if v is None else f'{v:.1%}'}{'' if key == 'fields_readable' else f' /{total}':>6}"
                                 if v is not None else "-")
            out.append(f"{field:16}" + "".join(f"{c:>26}" for c in cells))
        out.append("")
    out += ["silent errors (wrong, not flagged) / flagged, all letters", header]
    for field in FIELDS:
        cells = [_doubt_cell(report["engines"][n], field, c) for n in names for c in ("clean", "damaged")]
        out.append(f"{field:16}" + "".join(f"{c:>26}" for c in cells))
    out.append("")
    for label, key in (("character error", "cer"), ("digit error", "digit_error")):
        out.append(f"{label:16}" + "".join(
            f"{(lambda v: '-' if v is None else f'{v:.2%}')(report['engines'][n][key].get(c)):>26}"
            for n in names for c in ("clean", "damaged")))
    out.append(f"{'s / page':16}" + "".join(f"{report['engines'][n]['seconds_per_page']!s:>52}" for n in names))
    return "\n".join(out + _bundle_lines(names[0], report["engines"][names[0]]))


def _bundle_lines(name: str, engine: dict) -> list[str]:
    """How the engine's reading split the bundles and linked their letters."""
    out = ["", f"split ({name}): letters and endorsements with exactly their pages / whole bundles right"]
    for c in ("clean", "damaged"):
        s = engine.get("split", {}).get(c)
        if s:
            out.append(f"  {c:14}{s['units']:>8.1%} of {s['units_counted']:<5}{s['bundles']:>8.1%} of {s['bundles_counted']}")
    out.append(f"links ({name}, the set registered as read), by kind")
    for kind, s in engine.get("links", {}).items():
        out.append(f"  {kind:18} expected {s['expected']:4} found {s['found']:4} correct {s['correct']:4}  "
                   f"precision {s['precision']:.3f}  recall {s['recall']:.3f}")
    return out


def _doubt_cell(engine: dict, field: str, condition: str) -> str:
    silent = engine.get("silent", {}).get(field, {}).get(condition)
    share = engine.get("flagged", {}).get(field, {}).get(condition)
    return "-" if silent is None else f"{silent:.1%} / {share:.1%}"
