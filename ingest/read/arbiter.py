"""The fitted arbiter between Tesseract's reading and the line model's (issue 16, point 4).

Each stretch where the two readings of a line differ is described by ``FEATURES``; a logistic
regression fitted on generated pages in the training fonts (``models/arbiter.py``, weights and
held-out scores in ``models/arbiter.json``) gives the probability that the model's reading of
the stretch is the right one. The engine uses it only with the setting ``arbiter`` = ``fitted``
(off by default: on the tuning set it decides worse than the hand rules; models/README.md).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from ..thai.digits import BEYOND_TESSERACT, THAI_DIGITS
from ..thai.lexicon import phrase_cost
from ..thai.patterns import STAMP_LABEL_READ
from .thresholds import READING as T

WEIGHTS = Path(__file__).resolve().parents[2] / "models" / "arbiter.json"
FEATURES = ("bias", "model_low", "model_mean", "tess_low", "tess_unsure", "ts_thai", "ts_thai_digit",
            "ts_arabic", "ts_latin", "ms_thai", "ms_thai_digit", "ms_arabic", "ms_latin", "ms_beyond_tess",
            "ms_empty", "ts_empty", "length_diff", "pen", "lm_gain")


def _scripts(s: str) -> tuple[float, float, float, float]:
    return (float(any("\u0e01" <= c <= "\u0e4e" for c in s)), float(any(c in THAI_DIGITS for c in s)),
            float(any("0" <= c <= "9" for c in s)), float(any(c.isascii() and c.isalpha() for c in s)))


def features(tess: str, model: str, conf: list[float], tess_conf: list[float], region) -> list[float]:
    """The features of one stretch (i1, i2, j1, j2) where the readings differ, in FEATURES order."""
    i1, i2, j1, j2 = region
    ts, ms, cf = tess[i1:i2], model[j1:j2], conf[j1:j2]
    tess_low = min(tess_conf[i1:i2], default=100.0) / 100
    head = tess[:i1][tess[:i1].rfind(" ") + 1:]
    tail = tess[i2:].split(" ", 1)[0]
    thai = any("\u0e01" <= c <= "\u0e4e" for c in ts + ms)
    lm = (phrase_cost(head + ts + tail) - phrase_cost(head + ms + tail)) if thai else 0.0
    pen = bool(STAMP_LABEL_READ.match(tess) or STAMP_LABEL_READ.match(model))
    return [1.0, min(cf, default=1.0), sum(cf) / len(cf) if cf else 1.0, tess_low, float(tess_low < 0.5),
            *_scripts(ts), *_scripts(ms), float(any(c in BEYOND_TESSERACT for c in ms)), float(not ms.strip()),
            float(not ts.strip()), (len(ms) - len(ts)) / 5, float(pen), max(-5.0, min(5.0, lm)) / 5]


@lru_cache(maxsize=2)
def weights(path: str = str(WEIGHTS)) -> tuple[float, ...]:
    """The fitted weights, in FEATURES order."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} was fitted on other features: refit it with models/arbiter.py")
    return tuple(data["weights"])


def judge(w, x) -> tuple[bool, bool]:
    """(take the model's reading, doubtful) for one stretch's features."""
    p = 1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x))))
    return p > T.arbiter_take, abs(p - T.arbiter_take) < T.arbiter_doubt
