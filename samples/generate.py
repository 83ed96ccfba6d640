"""Generate the committed sample set: synthetic scanned Thai circulars with ground truth.

    .venv/bin/python samples/generate.py --out samples/bundles --seed 1
    .venv/bin/python samples/generate.py --out /tmp/x --seed 1 --only b05-order

    .venv/bin/python samples/generate.py --out /tmp/x --seed 101 --count 6 --fresh  # as eval --fresh

Deterministic for a seed: each bundle draws from its own random stream, so one bundle can be
regenerated alone, and a subset is byte for byte the same bundles as the whole set of its seed.
The committed set is seed 1 (``TUNING_SEED``), the set rules are tuned on; any other seed is a
fresh set for evaluation (``fresh_set``). Importable: ``render_letter``, ``render_text_line``,
``make_bundle``, ``fresh_names``, ``fresh_set``.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from contextlib import contextmanager
from itertools import zip_longest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from samples.bundles import PLAN, assemble, build_world  # noqa: E402
from samples.damage import CASTS, bitonal, choose_damage, save, scan_page  # noqa: E402
from samples.fonts import EVALUATION_FONTS  # noqa: E402
from samples.paper import choose_paper, paper_page  # noqa: E402
from samples.letters import render_attachment, render_letter  # noqa: E402,F401
from samples.render import render_text_line  # noqa: E402,F401

EXT = {"pdf": "pdf", "pdf-g4": "pdf", "tif": "tif", "tif-g4": "tif", "jpg": "jpg", "png": "png"}
# Pages scanned the wrong way round (clockwise degrees), for orientation detection.
ROTATED = {"b04-district-chain": {2: 180}, "b22-district-chain": {1: 90}}
GREY_SCANS = ("b03", "b12", "b14", "b17", "b22", "b27", "b32")  # scanners set to greyscale
TUNING_SEED = 1  # the seed of the committed samples/bundles


def make_bundle(name: str, out: Path, seed: int = 1, world: dict | None = None,
                fonts: tuple[str, ...] | None = None, paper: bool = False) -> dict:
    """Render, damage and write one bundle and its truth JSON; returns the truth. The body is
    printed in the plan's font, or in one of ``fonts`` drawn for the seed and the bundle;
    ``paper``: a damaged bundle may also have one of paper's own troubles (``samples.paper``),
    drawn from a stream of its own (the bundle is otherwise the one made without)."""
    row = next(r for r in PLAN if r[0] == name)
    if fonts:
        row = (*row[:5], random.Random(f"font:{seed}:{name}").choice(fonts), *row[6:])
    _, _, _, fmt, condition, _, dpi = row
    world = world or build_world(seed)
    rng = random.Random(f"bundle:{seed}:{name}")
    pages, truth = assemble(world, row, rng)
    damage = choose_damage(rng, fmt, dpi) if condition == "damaged" else []
    if fmt in ("tif-g4", "pdf-g4"):
        damage = sorted(set(damage) | {"bitonal"})
    troubles = choose_paper(random.Random(f"paper:{seed}:{name}")) if paper and condition == "damaged" else []
    paper_rng = random.Random(f"paper-pages:{seed}:{name}")
    grey = name[:3] in GREY_SCANS or fmt in ("tif", "tif-g4")
    images, cast = [], rng.choice(CASTS)
    for i, page in enumerate(pages, 1):
        rot = ROTATED.get(name, {}).get(i, 0)
        img, skew = scan_page(page.img, damage, rng, grey, rot, cast)
        img, scanned_dpi = paper_page(img, troubles, paper_rng, dpi)
        if troubles and "bitonal" in damage:
            img = bitonal(img)
        scale = scanned_dpi / dpi
        images.append(img)
        truth["pages"].append({"number": i, "text": page.plain_text(), "role": page.role,
                               "rotation": rot, "skew": skew,
                               "lines": [{"text": ln["text"], "box": [round(v * scale) for v in ln["box"]]}
                                         for ln in page.lines()]})
    if troubles:
        damage = sorted(set(damage) | set(troubles))
        dpi = scanned_dpi
    if any(ROTATED.get(name, {})):
        damage = sorted(set(damage) | {"rotated"})
    if fmt in ("jpg", "png") and len(images) > 1:
        fmt = "pdf"  # another seed's letter ran past the plan's one page: a PDF of JPEG pages
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.{EXT[fmt]}"
    save(images, path, fmt, dpi, quality=80)
    truth.update(file=path.name, damage=damage, dpi=dpi)
    truth = {k: truth[k] for k in ("file", "condition", "damage", "dpi", "font", "pages",
                                   "letters", "attachments", "links")}
    (out / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
    return truth


def generate_set(out: Path, seed: int = 1, only: list[str] | None = None, progress=print,
                 fonts: tuple[str, ...] | None = None, forms: bool = False, paper: bool = False) -> list[dict]:
    """Every bundle of the plan (or ``only`` these) for a seed; ``forms``: with real paper's
    forms laid over the chains (``build_world``), as fresh sets are."""
    world = build_world(seed, forms=forms)
    done = []
    for row in PLAN:
        if only and row[0] not in only:
            continue
        done.append(make_bundle(row[0], out, seed, world, fonts, paper))
        if progress:
            progress(f"{row[0]}: {len(done[-1]['pages'])} pages, {len(done[-1]['letters'])} letters")
    return done


def fresh_names(seed: int, count: int | None = None) -> list[str]:
    """The bundles of a fresh set, in PLAN order: all of them, or ``count`` drawn for the seed,
    damaged and clean in turn (so that a small set still has both conditions)."""
    if count is None or count >= len(PLAN):
        return [row[0] for row in PLAN]
    rng = random.Random(f"fresh:{seed}")
    by_condition = {c: [row[0] for row in PLAN if row[4] == c] for c in ("damaged", "clean")}
    for names in by_condition.values():
        rng.shuffle(names)
    turns = [n for pair in zip_longest(*by_condition.values()) for n in pair if n]
    chosen = set(turns[:max(count, 0)])
    return [row[0] for row in PLAN if row[0] in chosen]


def check_fresh(seed: int, keep: Path | None = None, count: int | None = None):
    """ValueError unless the seed makes a fresh set of ``count`` bundles and ``keep`` can take it."""
    if count is not None and count < 1:
        raise ValueError(f"A fresh set of {count} bundles holds nothing to score.")
    if seed == TUNING_SEED:
        raise ValueError(f"Seed {seed} is the tuning set (samples/bundles), not a fresh one.")
    if keep is not None and keep.exists() and (not keep.is_dir() or any(keep.iterdir())):
        raise ValueError(f"{keep} already holds files; a fresh set is written only to an empty folder.")


@contextmanager
def fresh_set(seed: int, count: int | None = None, keep: Path | None = None, progress=print,
              paper: bool = False):
    """Generate the fresh set of a seed into a temporary folder, yield the folder, delete it
    afterwards; into ``keep`` (absent or empty) instead, and leave it there. Each bundle is
    printed in an evaluation font drawn for it (``samples.fonts``), its chains with real paper's
    forms (``chains.real_forms``: boxed endorsements, urgency in อ้างถึง, two-line addressees)."""
    check_fresh(seed, keep, count)
    folder = keep if keep is not None else Path(tempfile.mkdtemp(prefix=f"saraban-fresh-{seed}-"))
    try:
        generate_set(folder, seed, fresh_names(seed, count), progress, EVALUATION_FONTS, forms=True, paper=paper)
        yield folder
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def summary_table(folder: Path) -> str:
    """The README's table of bundles, from their truth files."""
    from collections import Counter
    rows = ["| file | condition (damage) | dpi, font | pages | letters | exercises |",
            "|---|---|---|---|---|---|"]
    for f in sorted(folder.glob("*.truth.json")):
        t = json.loads(f.read_text(encoding="utf-8"))
        own = {x["doc_no"] for x in t["letters"]}
        kinds = Counter(x["kind"] for x in t["letters"])
        notes = []
        if t["links"]:
            notes.append("links: " + ", ".join(sorted({x["kind"] for x in t["links"]})))
        if any(x["from"] not in own for x in t["links"]):
            notes.append("cites letters not in this file")
        for flag, text in ((t["attachments"], "attachment"), (any(
                p["role"] == "continuation" for p in t["pages"]), "continuation page"),
                (any(p["rotation"] for p in t["pages"]), "page scanned rotated"),
                (any(x["urgency"] for x in t["letters"]), "urgency"),
                (any(x["secrecy"] for x in t["letters"]), "secrecy"),
                (any(len(x["receipts"]) > 1 for x in t["letters"]), "two receipt stamps")):
            if flag:
                notes.append(text)
        notes.append("digits " + "/".join(sorted({x["digits"] for x in t["letters"]})))
        rows.append(f"| {t['file']} | {t['condition']} ({', '.join(t['damage']) or '-'}) | "
                    f"{t['dpi']}, {t['font']} | {len(t['pages'])} | "
                    f"{', '.join(f'{v} {k}' for k, v in kinds.items())} | {'; '.join(notes)} |")
    return "\n".join(rows)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "bundles")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", nargs="*", help="bundle names to (re)generate")
    ap.add_argument("--count", type=int, help="only this many bundles, drawn for the seed (fresh_names)")
    ap.add_argument("--fresh", action="store_true",
                    help="print each bundle in an evaluation font drawn for it, with real paper's "
                         "forms, as fresh sets are")
    ap.add_argument("--paper", action="store_true",
                    help="damaged bundles may also have paper's own troubles (samples/paper.py)")
    ap.add_argument("--table", action="store_true", help="print the README table of --out")
    args = ap.parse_args(argv)
    if args.table:
        print(summary_table(args.out))
        return
    only = args.only or (fresh_names(args.seed, args.count) if args.count else None)
    generate_set(args.out, args.seed, only, fonts=EVALUATION_FONTS if args.fresh else None,
                 forms=args.fresh, paper=args.paper)


if __name__ == "__main__":
    main()
