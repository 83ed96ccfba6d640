"""Wall time of ``saraban ingest`` on a 10-page bundle against plain Tesseract on the same pages.

Run: .venv/bin/python bench/pipeline.py [--pages 10] [--jobs 2]

All run in this script, one after the other, on the same rendered pages:
- plain Tesseract: ``tesseract page.png - -l tha+eng``, one page after another, as a person
  would run it (its OpenMP threads left at their default); then with ``OMP_THREAD_LIMIT=1``;
  then with ``OMP_THREAD_LIMIT=1`` and as many pages at a time as ``--jobs``;
- Saraban: ``saraban ingest`` of the bundle as a PDF into a fresh registry (render, clean,
  read with the default engine, extract, register), pages in ``--jobs`` processes.
CPU time over wall time shows how many cores each kept busy.
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


def sample_pages(n: int):
    sys.path.insert(0, str(ROOT))
    from ingest import load

    pages = []
    for truth in sorted((ROOT / "samples" / "bundles").glob("*.truth.json")):
        doc = load.open_document(next(p for p in truth.parent.glob(truth.name.replace(".truth.json", ".*"))
                                      if not p.name.endswith(".json")))
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--engine", default=None, help="Saraban's engine (default: the setting)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pages = sample_pages(args.pages)
        pngs = []
        for i, page in enumerate(pages):
            pngs.append(tmp / f"p{i:02}.png")
            page.save(pngs[-1])
        bundle = tmp / "bundle.pdf"
        pages[0].save(bundle, save_all=True, append_images=pages[1:], resolution=300)

        def plain(threads: str | None = None, parallel: int = 1):
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

        def saraban():
            cmd = [str(ROOT / ".venv" / "bin" / "saraban"), "ingest", "--db", str(tmp / "bench.db"),
                   "--jobs", str(args.jobs), str(bundle)]
            if args.engine:
                cmd += ["--engine", args.engine]
            subprocess.run(cmd, capture_output=True, check=True)

        rows = [
            ("plain tesseract, serial", plain()),
            ("  same, OMP_THREAD_LIMIT=1", plain("1")),
            (f"  same, {args.jobs} pages at a time", plain("1", args.jobs)),
            (f"saraban ingest --jobs {args.jobs}", saraban),
        ]
        results = [(name, *timed(fn)) for name, fn in rows]
    print(f"{args.pages}-page bundle, {os.cpu_count()} cores; saraban = render, clean, read "
          f"(engine {args.engine or 'default'}), extract, register")
    print(f"{'':34}{'wall s':>9}{'s/page':>9}{'cores busy':>12}{'vs plain':>10}")
    base = results[0][1]
    for name, wall, cpu in results:
        print(f"{name:34}{wall:9.1f}{wall / args.pages:9.2f}{cpu / wall:12.2f}{wall / base:10.2f}")


if __name__ == "__main__":
    main()
