"""Fit the calibrated doubt (ingest/extract/doubt.json) on generated sets read by the pipeline.

    saraban eval --fresh 11 --keep /tmp/t11 --readings /tmp/read --no-baseline   # read once
    python bench/fit_doubt.py --train /tmp/t11 /tmp/t12 samples/bundles --heldout /tmp/f202 /tmp/f303 --readings /tmp/read --write

Each folder holds a fresh set (``*.truth.json`` and its files) whose pages ``--readings``
holds (``saraban eval --readings``); bundles not read there are left out and counted. For
every field of ``doubt.FIELDS`` no rule flagged: its features and whether it came out right.
One logistic regression per field (Newton's method, a little L2), then the lines, together:
what a clerk is asked to check is weighed against what is left wrong and unflagged, over all
the fields ``saraban eval`` scores (a model field stands for those read from it: the number
for the agency code, the addressees for เรียน, the stamp for its number and date). Each
field's line minimises its flags on clean pages plus ``cost`` times its silent errors on all
pages; ``cost`` is the lowest that leaves no more than ``--silent`` of all scored fields of
the training sets wrong and unflagged (rules' flags and fields no model judges counted as
they are). Lines start at ``LOW_CONF``: a confidence below it is flagged anyway. Prints
held-out log loss, Brier score, and silent errors and flagged share at the line; ``--write``
stores weights, lines and scores in doubt.json.
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
from ingest.evaluate import FIELDS as SCORED_FIELDS, _value, flagged, match_letters  # noqa: E402
from ingest.extract import doubt  # noqa: E402
from ingest.extract.checks import LOW_CONF, in_doubt  # noqa: E402
from ingest.page import PageText  # noqa: E402
from ingest.pipeline import extract_pages  # noqa: E402

FIELDS = ("doc_no", "date", "subject", "recipients", "signatory", "references", "enclosures", "receipt")
# the fields saraban eval scores that each model field stands for
SCORED = {"doc_no": ("doc_no", "issuer_code"), "recipients": ("recipients", "salutation"),
          "signatory": ("signatory.name",), "receipt": ("receipt.number", "receipt.date")}
GRID = [round(float(v), 2) for v in np.arange(LOW_CONF, 0.951, 0.05)]
TODAY = dt.date(2026, 12, 1)


def samples(folder: Path, readings: Path) -> tuple[list[tuple], dict, int]:
    """(field, condition, features, right, wrong) for each unflagged model field of each
    matched letter (``wrong``: how many of the scored fields it stands for are wrong); the
    count of all scored fields and of those wrong and unflagged that no model judges, by
    condition; and how many bundles were not read."""
    out, missing, seen = [], 0, {}
    rest = {c: {"n": 0, "silent": 0} for c in ("clean", "damaged")}
    real_assess = doubt.assess
    doubt.assess = lambda rec, weakest: seen.__setitem__(id(rec), weakest)   # features before doubt
    try:
        for path in sorted(folder.glob("*.truth.json")):
            truth = json.loads(path.read_text("utf-8"))
            pages = _pages(folder, truth, readings)
            if pages is None:
                missing += 1
                continue
            for t, rec in match_letters(extract_pages(pages, load.open_document(folder / truth["file"]), TODAY),
                                        truth["letters"]):
                judged = _judged(rec, t, seen, truth["condition"], out)
                tally = rest[truth["condition"]]
                tally["n"] += len(SCORED_FIELDS)
                tally["silent"] += sum(_value(t, f) != _value(rec, f) and not flagged(rec, f)
                                       for f in SCORED_FIELDS if f not in judged)
    finally:
        doubt.assess = real_assess
    return out, rest, missing


def _pages(folder: Path, truth: dict, readings: Path) -> list | None:
    doc = load.open_document(folder / truth["file"])
    cached = readings / f"{doc.sha256[:20]}.saraban.{settings.get('clean').replace(',', '+') or 'none'}.json"
    if not cached.is_file():
        return None
    return [PageText.from_dict(d) for d in json.loads(cached.read_text("utf-8"))]


def _judged(rec: dict | None, truth: dict, seen: dict, condition: str, out: list) -> set[str]:
    """The scored fields the model judges on this record (its rows appended to ``out``)."""
    judged: set[str] = set()
    if rec is None:
        return judged
    for field in FIELDS:
        if in_doubt(rec, field):
            continue
        scored = SCORED.get(field, (field,))
        wrong = sum(_value(truth, f) != _value(rec, f) for f in scored)
        out.append((field, condition, doubt.features(rec, field, seen[id(rec)]), wrong == 0, wrong))
        judged.update(scored)
    return judged


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


def overall(rows, rest: dict, weights: dict, lines: dict) -> dict:
    """Over all scored fields, by condition: the share wrong and unflagged and the share the
    model flags (rules' flags not counted here; ``saraban eval`` gives the whole)."""
    out = {}
    for cond, tally in rest.items():
        silent, flags = tally["silent"], 0
        for field, _, x, _, wrong in (r for r in rows if r[1] == cond):
            if field not in weights:
                silent += wrong
            elif doubt.probability(weights[field], x) < lines[field]:
                flags += len(SCORED.get(field, (field,)))
            else:
                silent += wrong
        n = max(tally["n"], 1)
        out[cond] = {"fields": tally["n"], "silent": round(silent / n, 4), "model_flagged": round(flags / n, 4)}
    return out


def field_costs(rows, weights: list[float], field: str) -> dict:
    """For each line of GRID: (scored fields flagged on clean pages, silent errors on all)."""
    width = len(SCORED.get(field, (field,)))
    read = [(doubt.probability(weights, r[2]), r[1], r[4]) for r in rows]
    return {v: (sum(width for p, cond, _ in read if p < v and cond == "clean"),
                sum(wrong for p, _, wrong in read if p >= v)) for v in GRID}


def choose_lines(rows, rest: dict, weights: dict, silent: float) -> tuple[dict, float]:
    """The lines, and the cost of a silent error in flags, as the module's docstring says."""
    costs = {f: field_costs([r for r in rows if r[0] == f], w, f) for f, w in weights.items()}
    n = sum(t["n"] for t in rest.values())
    others = sum(t["silent"] for t in rest.values()) + sum(r[4] for r in rows if r[0] not in weights)
    lines = {}
    for cost in [0.0] + [round(0.25 * 1.25 ** k, 3) for k in range(40)]:
        lines = {f: min(GRID, key=lambda v, c=c: (c[v][0] + cost * c[v][1], v)) for f, c in costs.items()}
        if others + sum(costs[f][v][1] for f, v in lines.items()) <= silent * n:
            return lines, cost
    return lines, cost


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", nargs="+", type=Path, required=True)
    ap.add_argument("--heldout", nargs="+", type=Path, required=True)
    ap.add_argument("--readings", type=Path, required=True)
    ap.add_argument("--silent", type=float, default=0.016,
                    help="share of all scored fields of the training sets left wrong and unflagged")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    sets = {}
    for name, folders in (("train", args.train), ("heldout", args.heldout)):
        rows, rest, missing = [], {c: {"n": 0, "silent": 0} for c in ("clean", "damaged")}, 0
        for folder in folders:
            r, t, m = samples(folder, args.readings)
            rows += r
            missing += m
            for c in rest:
                rest[c] = {k: rest[c][k] + t[c][k] for k in rest[c]}
        sets[name] = (rows, rest)
        print(f"{name}: {len(rows)} fields ({missing} bundles not read, left out)")
    train = sets["train"][0]
    weights = {}
    for field in FIELDS:
        mine = [r for r in train if r[0] == field]
        if len(mine) >= 20 and 0 < sum(r[3] for r in mine) < len(mine):
            weights[field] = [round(float(v), 4) for v in fit(np.array([r[2] for r in mine]),
                                                                np.array([r[3] for r in mine], dtype=float))]
    lines, cost = choose_lines(*sets["train"], weights, args.silent)
    report = {name: scores(rows, weights, lines) for name, (rows, _) in sets.items()}
    whole = {name: overall(rows, rest, weights, lines) for name, (rows, rest) in sets.items()}
    print(json.dumps({"weights": weights, **report, "overall": whole, "cost": cost}, ensure_ascii=False, indent=1))
    if args.write:
        model = {"features": list(doubt.FEATURES), "silent": args.silent, "cost": cost,
                 "fitted_on": [f.name for f in args.train], "heldout_on": [f.name for f in args.heldout],
                 "overall": whole,
                 "fields": {f: {"line": lines[f], "weights": w, "train": report["train"].get(f), "heldout": report["heldout"].get(f)}
                            for f, w in weights.items()}}
        doubt.MODEL.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"written: {doubt.MODEL}")


if __name__ == "__main__":
    main()
