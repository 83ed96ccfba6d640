"""A fitted arbiter between Tesseract's reading and the line model's: the data, the fit, the score.

Every stretch where the two readings of a line differ (``combine.align``) is a decision. This
script reads generated pages with the saraban engine, keeps each line's two readings, finds the
true text of the line, and labels each stretch: 1 where the model's reading there brings the line
nearer the truth, 0 where Tesseract's does (ties are left out). Each stretch gets the features
below; a logistic regression (numpy, L2, gradient descent) is fitted on pages printed in the
TRAINING fonts only (``samples.fonts``; the evaluation fonts are never fitted on) and scored on
held-out training-font pages and on a fresh seed's pages in the evaluation fonts, beside the hand
rules' decisions on the same stretches.

    python models/arbiter.py dump --seed 7001 --count 8 --fonts training --out /tmp/a/train.jsonl
    python models/arbiter.py dump --seed 101 --count 3 --fonts evaluation --out /tmp/a/fresh.jsonl
    python models/arbiter.py dump --seed 1 --count 8 --bundles samples/bundles --out /tmp/a/tuning.jsonl
    python models/arbiter.py fit /tmp/a/train.jsonl --fresh /tmp/a/fresh.jsonl --tuning /tmp/a/tuning.jsonl \
        --json models/arbiter.json

The engine uses it only with the setting arbiter=fitted (models/README.md, "A fitted arbiter").
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.read.arbiter import FEATURES, features  # noqa: E402


def _reference(merged: str, truth_lines: list[str]) -> str | None:
    """The stretch of the page's true text this line reads (its best partial match), or None."""
    from rapidfuzz import fuzz

    best, ref = 0.0, None
    for line in truth_lines:
        m = fuzz.partial_ratio_alignment(merged, line)
        if m and m.score > best:
            best, ref = m.score, line[m.dest_start:m.dest_end] if len(merged) < len(line) else line
    return ref if best >= 70 else None


def spans_of(record: dict, truth_lines: list[str]) -> list[dict]:
    """The labelled stretches of one merged line: features, label, and the hand rules' choice."""
    from rapidfuzz.distance import Levenshtein

    from ingest.read.combine import align
    from ingest.read.letters import canonical

    tess, model, merged = canonical(record["tess"]), record["model"].replace("\u2013", "-"), record["merged"]
    ref = _reference(merged, truth_lines)
    if ref is None:
        return []
    if len(record["tess_conf"]) != len(tess):  # (ํา written ำ: the line's confidences no longer fit)
        record = record | {"tess_conf": [100.0] * len(tess)}
    out = []
    for i1, i2, j1, j2, eq in align(tess, model):
        if eq:
            continue
        with_model = tess[:i1] + model[j1:j2] + tess[i2:]
        bare = ref.replace(" ", "")  # as the character error counts: spaces ignored
        d_t = Levenshtein.distance(tess.replace(" ", ""), bare)
        d_m = Levenshtein.distance(with_model.replace(" ", ""), bare)
        if d_t == d_m:
            continue
        hand = Levenshtein.distance(merged, with_model) < Levenshtein.distance(merged, tess)
        digits = any(c.isdigit() for c in tess[i1:i2] + model[j1:j2])
        out.append({"x": features(tess, model, record["conf"], record["tess_conf"], (i1, i2, j1, j2)),
                    "label": int(d_m < d_t), "hand": int(hand), "gain": abs(d_t - d_m), "digits": digits,
                    "page": record["page"]})
    return out


def dump(seed: int, count: int, fonts: str, out: Path, folder: Path | None = None, pages: int | None = None) -> int:
    """Generate ``count`` bundles of ``seed`` in the training or the evaluation fonts (or take
    ``count`` bundles of ``folder``, the tuning set), read them with the saraban engine, and
    write every labelled stretch as a JSON line."""
    import ingest.read.saraban as saraban
    from bench.ocr_accuracy import pages_of
    from ingest.read.saraban import SarabanEngine
    from samples.bundles import PLAN
    from samples.fonts import EVALUATION_FONTS, PACKAGED, TRAINING_FONTS, font_file
    from samples.generate import build_world, make_bundle

    family = TRAINING_FONTS if fonts == "training" else EVALUATION_FONTS
    family = tuple(f for f in family if f not in ("Purisa", "TlwgMono", "TlwgTypewriter")  # body fonts,
                   and (f in PACKAGED or font_file(f, True).exists()))               # with a bold face
    names = random.Random(seed).sample([r[0] for r in PLAN], count)
    if folder:
        names = random.Random(seed).sample(sorted(b.name.split(".")[0] for b in folder.glob("*.truth.json")), count)
    records: list[dict] = []
    real_merge = saraban.merge

    def kept(tess, model, conf, *args, **kw):  # the engine's own merge, its inputs kept
        text, src, doubts = real_merge(tess, model, conf, *args, **kw)
        tess_conf = args[4] if len(args) > 4 else kw.get("tess_conf")  # (marks, latin, lead, lexicon, tess_conf)
        records.append({"tess": tess, "model": model, "conf": conf, "merged": text,
                        "tess_conf": tess_conf or [100.0] * len(tess), "page": page_id})
        return text, src, doubts

    saraban.merge = kept
    engine, n = SarabanEngine(), 0
    world = None if folder else build_world(seed)
    with tempfile.TemporaryDirectory() as tmp, out.open("w", encoding="utf-8") as f:
        for name in names:
            if not folder:
                make_bundle(name, Path(tmp), seed, world, fonts=family)
            for truth, p, image in pages_of((folder or Path(tmp)) / f"{name}.truth.json", pages):
                page_id = f"{seed}:{name}:{p['number']}"
                records.clear()
                engine.read(image, p["number"])
                lines = [ln["text"] for ln in p["lines"]]
                for r in records:
                    for span in spans_of(r, lines):
                        f.write(json.dumps(span | {"font": truth.get("font")}, ensure_ascii=False) + "\n")
                        n += 1
                print(page_id, truth.get("font"), n, flush=True)
    saraban.merge = real_merge
    return n


def _load(path: Path):
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return (np.array([r["x"] for r in rows]), np.array([r["label"] for r in rows]),
            np.array([r["hand"] for r in rows]), np.array([r["gain"] for r in rows]),
            np.array([r["digits"] for r in rows]), [r["page"].rsplit(":", 1)[0] for r in rows],
            [r.get("font") for r in rows])


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 4000, lr: float = 0.5):
    """Weights of a logistic regression (the bias is feature 0, not penalized)."""
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]]
        w -= lr * grad
    return w


def scores(w, x, y, hand, gain, digits) -> dict:
    """The arbiter's and the hand rules' decisions against the labels: share right, and the
    edits they leave (a wrong choice costs the stretch's difference), over all and digit stretches."""
    take = (1 / (1 + np.exp(-x @ w))) > 0.5
    out = {}
    for name, sel in (("all", np.ones(len(y), bool)), ("digits", digits.astype(bool))):
        out[name] = {"stretches": int(sel.sum()),
                     "arbiter_right": round(float((take[sel] == y[sel]).mean()), 4) if sel.any() else None,
                     "hand_right": round(float((hand[sel] == y[sel]).mean()), 4) if sel.any() else None,
                     "arbiter_edits": int(gain[sel][take[sel] != y[sel]].sum()),
                     "hand_edits": int(gain[sel][hand[sel] != y[sel]].sum())}
    return out


def fit(train: Path, fresh: Path | None, out: Path | None, tuning: Path | None = None, seed: int = 0) -> dict:
    x, y, hand, gain, digits, bundles, fonts = _load(train)
    from samples.fonts import EVALUATION_FONTS
    if set(fonts) & set(EVALUATION_FONTS):
        raise SystemExit(f"{train} holds pages in evaluation fonts: the arbiter is fitted on training fonts only")
    names = sorted(set(bundles))
    held = set(random.Random(seed).sample(names, max(1, len(names) // 4)))
    test = np.array([b in held for b in bundles])
    w = fit_logistic(x[~test], y[~test])
    result = {"features": list(FEATURES), "weights": [round(float(v), 5) for v in w],
              "fitted_on": {"file": train.name, "stretches": int((~test).sum()),
                            "fonts": sorted({f for f, t in zip(fonts, test) if not t}),
                            "bundles": sorted(set(names) - held)},
              "held_out": {"bundles": sorted(held)} | scores(w, x[test], y[test], hand[test], gain[test],
                                                             digits[test])}
    for key, path in (("fresh", fresh), ("tuning", tuning)):
        if path:
            fx, fy, fh, fg, fd, _, _ = _load(path)
            result[key] = {"file": path.name} | scores(w, fx, fy, fh, fg, fd)
    if out:
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--count", type=int, default=6)
    d.add_argument("--fonts", choices=("training", "evaluation"), default="training")
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--bundles", type=Path, help="read this folder's bundles (the tuning set) instead")
    d.add_argument("--pages", type=int, help="at most this many pages a bundle")
    f = sub.add_parser("fit")
    f.add_argument("train", type=Path)
    f.add_argument("--fresh", type=Path)
    f.add_argument("--tuning", type=Path)
    f.add_argument("--json", type=Path)
    a = ap.parse_args(argv)
    if a.cmd == "dump":
        print(dump(a.seed, a.count, a.fonts, a.out, a.bundles, a.pages), "stretches")
    else:
        print(json.dumps(fit(a.train, a.fresh, a.json, a.tuning), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
