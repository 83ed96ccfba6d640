"""Wall time of ``saraban ingest`` on a 10-page bundle against plain Tesseract on the same pages.

Run: .venv/bin/python bench/pipeline.py [--pages 10] [--jobs 2]
     .venv/bin/python bench/pipeline.py --folder 40 [--jobs 2]

All run in this script, one after the other, on the same rendered pages:
- plain Tesseract: ``tesseract page.png - -l tha+eng``, one page after another, as a person
  would run it (its OpenMP threads left at their default); then with ``OMP_THREAD_LIMIT=1``;
  then with ``OMP_THREAD_LIMIT=1`` and as many pages at a time as ``--jobs``;
- Saraban: ``saraban ingest`` of the bundle as a PDF into a fresh registry (render, clean,
  read with the default engine, extract, register), pages in ``--jobs`` processes.
CPU time over wall time shows how many cores each kept busy.

``--folder N``: a folder of N one-page PNG scans (each a different page of the sample bundles'
PDFs) ingested by ``saraban ingest --jobs J`` with engine tesseract and then saraban, against
plain Tesseract (``OMP_THREAD_LIMIT=1``) reading the same files J at a time; the target is at
most 1.2 times plain Tesseract's wall time. The load average is printed beside the figures:
on a shared machine other work takes cores from both sides.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sample_pages(n: int, suffix: str = ""):
    """``n`` pages rendered from the sample bundles (those whose file ends in ``suffix``)."""
    sys.path.insert(0, str(ROOT))
    from ingest import load

    pages = []
    for truth in sorted((ROOT / "samples" / "bundles").glob("*.truth.json")):
        scans = [p for p in truth.parent.glob(truth.name.replace(".truth.json", ".*"))
                 if not p.name.endswith(".json") and p.name.endswith(suffix)]
        if not scans:
            continue
        doc = load.open_document(scans[0])
        for i in range(doc.pages):
            image, _ = load.render_page(doc, i)
            pages.append(image.convert("L"))
            if len(pages) == n:
                return pages
    if not pages:
        raise SystemExit("no sample bundles in samples/bundles: run samples/generate.py first")
    return (pages * n)[:n]


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(fn):
    cpu0, t0 = children_cpu(), time.perf_counter()
    fn()
    return time.perf_counter() - t0, children_cpu() - cpu0


def plain_tesseract(pngs, threads: str | None = None, parallel: int = 1):
    """``tesseract PNG - -l tha+eng`` over ``pngs``, ``parallel`` at a time."""
    env = {**os.environ}
    env.pop("OMP_THREAD_LIMIT", None)
    if threads:
        env["OMP_THREAD_LIMIT"] = threads

    def run():
        procs = []
        for png in pngs:
            procs.append(subprocess.Popen(["tesseract", str(png), "-", "-l", "tha+eng"], env=env,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            if len(procs) >= parallel:
                procs.pop(0).wait()
        for p in procs:
            p.wait()
    return run


def saraban_ingest(db: Path, jobs: int, engine: str | None, *paths: Path):
    """``saraban ingest`` of this tree (not whichever is installed) into a fresh registry ``db``."""
    cmd = [sys.executable, "-m", "ingest.cli.main", "ingest", "--db", str(db), "--jobs", str(jobs), *map(str, paths)]
    if engine:
        cmd += ["--engine", engine]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHAINLP_OFFLINE": "1"}

    def run():
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if done.returncode not in (0, 1):  # 1: some files failed; the table says how many were registered
            raise SystemExit(f"saraban ingest failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return run


def registered(db: Path) -> int:
    import sqlite3

    return sqlite3.connect(db).execute("select count(*) from files").fetchone()[0]


def bundle_bench(args, tmp: Path):
    pages = sample_pages(args.pages)
    pngs = []
    for i, page in enumerate(pages):
        pngs.append(tmp / f"p{i:02}.png")
        page.save(pngs[-1])
    bundle = tmp / "bundle.pdf"
    pages[0].save(bundle, save_all=True, append_images=pages[1:], resolution=300)
    rows = [
        ("plain tesseract, serial", plain_tesseract(pngs)),
        ("  same, OMP_THREAD_LIMIT=1", plain_tesseract(pngs, "1")),
        (f"  same, {args.jobs} pages at a time", plain_tesseract(pngs, "1", args.jobs)),
        (f"saraban ingest --jobs {args.jobs}", saraban_ingest(tmp / "bench.db", args.jobs, args.engine, bundle)),
    ]
    results = [(name, *timed(fn)) for name, fn in rows]
    print(f"{args.pages}-page bundle, {os.cpu_count()} cores; saraban = render, clean, read "
          f"(engine {args.engine or 'default'}), extract, register")
    print(f"{'':34}{'wall s':>9}{'s/page':>9}{'cores busy':>12}{'vs plain':>10}")
    base = results[0][1]
    for name, wall, cpu in results:
        print(f"{name:34}{wall:9.1f}{wall / args.pages:9.2f}{cpu / wall:12.2f}{wall / base:10.2f}")


def folder_bench(args, tmp: Path):
    """A folder of one-page scans: saraban ingest against plain Tesseract ``--jobs`` at a time."""
    from PIL.PngImagePlugin import PngInfo

    folder = tmp / "scans"
    folder.mkdir()
    pngs = []
    for i, page in enumerate(sample_pages(args.folder, suffix=".pdf")):
        note = PngInfo()
        note.add_text("bench-page", str(i))  # distinct bytes even if a page repeats: none is a duplicate
        pngs.append(folder / f"scan-{i:03}.png")
        page.save(pngs[-1], dpi=(300, 300), pnginfo=note)
    rows = [(f"plain tesseract, {args.jobs} at a time", plain_tesseract(pngs, "1", args.jobs), None)]
    for engine in ("tesseract", "saraban"):
        db = tmp / f"{engine}.db"
        rows.append((f"saraban ingest -j {args.jobs} --engine {engine}",
                     saraban_ingest(db, args.jobs, engine, folder), db))
    before = os.getloadavg()
    results = [(name, *timed(fn), db) for name, fn, db in rows]
    after = os.getloadavg()
    print(f"folder of {len(pngs)} one-page PNG scans (pages of samples/bundles/*.pdf at 300 dpi), "
          f"{os.cpu_count()} cores, OMP_THREAD_LIMIT=1 for Tesseract")
    print("load average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}"
          .format(*before, *after))
    print(f"{'':40}{'wall s':>9}{'s/page':>9}{'cores busy':>12}{'vs plain':>10}  registered")
    base = results[0][1]
    for name, wall, cpu, db in results:
        kept = f"{registered(db)}/{len(pngs)}" if db else ""
        print(f"{name:40}{wall:9.1f}{wall / len(pngs):9.2f}{cpu / wall:12.2f}{wall / base:10.2f}  {kept}")
    print("target: saraban ingest at most 1.20 times plain Tesseract's wall time, every core busy")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--folder", type=int, default=None, metavar="N",
                    help="bench a folder of N one-page scans instead of one bundle")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--engine", default=None, help="Saraban's engine for the bundle (default: the setting)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        (folder_bench if args.folder else bundle_bench)(args, Path(tmp))


if __name__ == "__main__":
    main()
