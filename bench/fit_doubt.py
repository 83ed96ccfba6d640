"""Fit the calibrated doubt (ingest/extract/doubt.json) on generated sets read by the pipeline.

    saraban eval --fresh 11 --keep /tmp/t11 --readings /tmp/read --no-baseline   # read once
    python bench/fit_doubt.py --train /tmp/t11 --heldout /tmp/f202 /tmp/f303 --readings /tmp/read --write

Each folder holds a fresh set (``*.truth.json`` and its files) whose pages ``--readings``
holds (``saraban eval --readings``); bundles not read there are left out and counted. For
every field of ``doubt.FIELDS`` no rule flagged: its features and whether it came out right.
One logistic regression per field (Newton's method, a little L2), then its line: the lowest
probability below which no more than ``--silent`` of the field's clean training readings are
wrong and unflagged, lowered where it would flag more than ``--budget`` of them. Prints held-out log loss, Brier score, and silent errors and flagged share
at the line; ``--write`` stores weights, line and scores in doubt.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest import load, settings  # noqa: E402
from ingest.evaluate import _value, match_letters  # noqa: E402
from ingest.extract import doubt  # noqa: E402
from ingest.extract.checks import in_doubt  # noqa: E402
from ingest.page import PageText  # noqa: E402
from ingest.pipeline import extract_pages  # noqa: E402

FIELDS = ("doc_no", "date", "subject", "recipients", "signatory", "references", "enclosures", "receipt")
SCORED = {"recipients": ("recipients", "salutation"), "signatory": ("signatory.name",),
          "receipt": ("receipt.number", "receipt.date")}
TODAY = dt.date(2026, 12, 1)


def samples(folder: Path, readings: Path) -> tuple[list[tuple[str, str, list[float], bool]], int]:
    """(field, condition, features, right) for each unflagged field of each matched letter."""
    out, missing, seen = [], 0, {}
    real_assess = doubt.assess
    doubt.assess = lambda rec, weakest: seen.__setitem__(id(rec), weakest)   # features before doubt
    try:
        for path in sorted(folder.glob("*.truth.json")):
            truth = json.loads(path.read_text("utf-8"))
            doc = load.open_document(folder / truth["file"])
            cached = readings / f"{doc.sha256[:20]}.saraban.{settings.get('clean').replace(',', '+') or 'none'}.json"
            if not cached.is_file():
                missing += 1
                continue
            pages = [PageText.from_dict(d) for d in json.loads(cached.read_text("utf-8"))]
            for t, rec in match_letters(extract_pages(pages, doc, TODAY), truth["letters"]):
                if rec is None:
                    continue
                for field in FIELDS:
                    if in_doubt(rec, field):
                        continue
                    right = all(_value(t, f) == _value(rec, f) for f in SCORED.get(field, (field,)))
                    out.append((field, truth["condition"], doubt.features(rec, field, seen[id(rec)]), right))
    finally:
        doubt.assess = real_assess
    return out, missing


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.01) -> np.ndarray:
    w = np.zeros(x.shape[1])
    reg = np.eye(x.shape[1]) * l2
    reg[0, 0] = 0.0                                   # the bias is not shrunk
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + reg @ w
        hess = (x.T * (p * (1 - p))) @ x + reg + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def scores(rows, weights: dict, lines: dict) -> dict:
    """Per field: count, log loss, Brier, and (clean / damaged) silent errors and model flags."""
    out = {}
    for field in FIELDS:
        mine = [r for r in rows if r[0] == field]
        if not mine or field not in weights:
            continue
        p = np.array([doubt.probability(weights[field], r[2]) for r in mine])
        line = lines[field]
        y = np.array([r[3] for r in mine], dtype=float)
        eps = 1e-6
        entry = {"line": line, "n": len(mine), "right": round(float(y.mean()), 3),
                 "log_loss": round(float(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))), 3),
                 "brier": round(float(np.mean((p - y) ** 2)), 3)}
        for cond in ("clean", "damaged"):
            idx = [i for i, r in enumerate(mine) if r[1] == cond]
            if idx:
                entry[cond] = {"silent": round(float(np.mean([(not y[i]) and p[i] >= line for i in idx])), 3),
                               "flagged": round(float(np.mean([p[i] < line for i in idx])), 3)}
        out[field] = entry
    return out


def choose_line(rows, weights: list[float], silent: float, budget: float) -> float:
    """The field's line, in steps of 0.05: the lowest one that leaves at most ``silent`` of its
    clean training readings wrong and unflagged; where that would flag more than ``budget`` of
    them, the highest that flags no more (but never below 0.05: a reading the model holds
    surely wrong is always flagged)."""
    clean = [(doubt.probability(weights, r[2]), r[3]) for r in rows if r[1] == "clean"]
    if not clean:
        return 0.5
    grid = [round(float(v), 2) for v in np.arange(0.05, 0.951, 0.05)]
    silent_at = {v: np.mean([p >= v and not ok for p, ok in clean]) for v in grid}
    flagged_at = {v: np.mean([p < v for p, _ in clean]) for v in grid}
    line = next((v for v in grid if silent_at[v] <= silent), grid[-1])
    if flagged_at[line] > budget:
        line = max([v for v in grid if flagged_at[v] <= budget and v <= line], default=grid[0])
    return line


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", nargs="+", type=Path, required=True)
    ap.add_argument("--heldout", nargs="+", type=Path, required=True)
    ap.add_argument("--readings", type=Path, required=True)
    ap.add_argument("--silent", type=float, default=0.02, help="share of a field's clean readings left wrong unflagged")
    ap.add_argument("--budget", type=float, default=0.15, help="share of a field's clean readings the model may flag")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    sets = {}
    for name, folders in (("train", args.train), ("heldout", args.heldout)):
        rows, missing = [], 0
        for folder in folders:
            r, m = samples(folder, args.readings)
            rows += r
            missing += m
        sets[name] = rows
        print(f"{name}: {len(rows)} fields ({missing} bundles not read, left out)")
    weights = {}
    for field in FIELDS:
        mine = [r for r in sets["train"] if r[0] == field]
        if len(mine) >= 20 and 0 < sum(r[3] for r in mine) < len(mine):
            weights[field] = [round(float(v), 4) for v in fit(np.array([r[2] for r in mine]),
                                                                np.array([r[3] for r in mine], dtype=float))]
    lines = {f: choose_line([r for r in sets["train"] if r[0] == f], w, args.silent, args.budget)
             for f, w in weights.items()}
    report = {name: scores(rows, weights, lines) for name, rows in sets.items()}
    print(json.dumps({"weights": weights, **report}, ensure_ascii=False, indent=1))
    if args.write:
        model = {"features": list(doubt.FEATURES), "silent": args.silent, "budget": args.budget,
                 "fitted_on": [f.name for f in args.train], "heldout_on": [f.name for f in args.heldout],
                 "fields": {f: {"line": lines[f], "weights": w, "train": report["train"].get(f), "heldout": report["heldout"].get(f)}
                            for f, w in weights.items()}}
        doubt.MODEL.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"written: {doubt.MODEL}")


if __name__ == "__main__":
    main()
