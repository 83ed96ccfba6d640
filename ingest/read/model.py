"""The Saraban line model: a small CNN+BiLSTM+CTC line recognizer (models/saraban-line.onnx,
run by onnxruntime) that reads what Tesseract cannot write (Thai digits ๔ ๖ ๗ ๘ ๙, ำ), and the
crops of a page it is given: a line's pixels with a margin like the training crops, any rule
across them painted out, contrast stretched and scaled to its height.

The model loads on first use (``line_model``): importing this module stays cheap.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import MissingDependencyError
from .letters import SARA_AM
from .thresholds import READING as T


HEIGHT = 40          # model input height in pixels
MODEL_DIR = Path(__file__).resolve().parents[2] / "models"
MODEL_NAME = "saraban-line"


# Output alphabet: index 0 is the CTC blank.
CHARSET = (" " + "".join(chr(c) for c in range(0x21, 0x7F))
           + "".join(chr(c) for c in range(0x0E01, 0x0E3B)) + "".join(chr(c) for c in range(0x0E3F, 0x0E5C))
           + "…“”‘’–•")


def normalize_text(s: str) -> str:
    """One spelling for what can be typed two ways (ํา → ำ), single spaces."""
    return " ".join(s.replace("\u0e4d\u0e32", SARA_AM).split())


def paper_and_ink(gray: np.ndarray) -> tuple[float, float]:
    """The grey level of a crop's paper (a high percentile) and of its darkest ink."""
    return percentile(gray, 90), float(gray.min())


def percentile(gray: np.ndarray, q: float) -> float:
    """``np.percentile(gray, q)``, the same value, counted from a histogram for 8-bit grey
    (a sixth of the time: it is taken for every line and piece the model reads)."""
    if gray.dtype != np.uint8 or gray.size == 0:
        return float(np.percentile(gray, q))
    below = np.cumsum(np.bincount(gray.ravel(), minlength=256))
    at = q / 100 * (gray.size - 1)
    lo = int(at)
    a = int(np.searchsorted(below, lo, side="right"))       # the lo-th smallest value
    b = int(np.searchsorted(below, lo + 1, side="right")) if lo + 1 < gray.size else a
    return float(a + (at - lo) * (b - a))


def prepare_line(gray: np.ndarray, stretch: float = 1.0) -> np.ndarray:
    """A grey line crop (dark ink on light paper) -> float32 (1, HEIGHT, W), ink = 1.

    Contrast is stretched between the paper (a high percentile) and the darkest ink,
    so colour casts, grey paper and faint toner all look alike to the model.
    """
    import cv2

    g = gray.astype(np.float32)
    if g.ndim == 3:
        g = g.mean(axis=2)
    paper, ink = paper_and_ink(gray if gray.ndim == 2 else g)
    x = np.clip((paper - g) / max(paper - ink, T.ink_contrast), 0.0, 1.0)
    h, w = x.shape
    nw = max(8, int(round(w * HEIGHT / max(h, 1) * stretch)))
    interp = cv2.INTER_AREA if h > HEIGHT else cv2.INTER_LINEAR
    x = cv2.resize(x, (nw, HEIGHT), interpolation=interp)
    x = np.pad(x, ((0, 0), (4, 4)))
    return x[None].astype(np.float32)


class LineModel:
    """The ONNX line recognizer: a grey line crop in, text with per-character confidence out."""

    def __init__(self, path: Path | None = None):
        path = Path(path or MODEL_DIR / f"{MODEL_NAME}.onnx")
        meta_path = path.with_suffix(".json")
        if not path.exists() or not meta_path.exists():
            raise MissingDependencyError(
                f"The Saraban recognizer's weights are missing ({path}).",
                hint="Reinstall the project from its repository, or use --engine tesseract.")
        try:
            import onnxruntime as ort
        except ImportError as e:
            raise MissingDependencyError(f"onnxruntime cannot be imported ({e}).",
                                         hint="Reinstall the project: .venv/bin/pip install -e .") from e
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.charset = meta["charset"]
        self.stride = int(meta.get("stride", 2))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1   # pages run in parallel processes, as Tesseract does
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])

    def read(self, gray: np.ndarray) -> tuple[str, list[float], list[float]]:
        """Text, confidence of each character, and its x position as a fraction of the crop width."""
        x = prepare_line(gray)
        logits = self.session.run(None, {"image": x[None]})[0][0]
        e = np.exp(logits - logits.max(-1, keepdims=True))
        probs = e / e.sum(-1, keepdims=True)
        best = probs.argmax(-1)
        chars, confs, xs = [], [], []
        prev = 0
        for t, k in enumerate(best):
            if k != 0 and k != prev:
                chars.append(self.charset[k - 1])
                confs.append(float(probs[t, k]))
                xs.append((t * self.stride - 4) / max(x.shape[2] - 8, 1))
            elif k != 0 and k == prev:
                confs[-1] = max(confs[-1], float(probs[t, k]))
            prev = k
        return "".join(chars), confs, xs


@lru_cache(maxsize=4)
def line_model(path: str | None) -> LineModel:
    """The line model at ``path`` (None: the shipped one), loaded once per process."""
    return LineModel(Path(path) if path else None)


def line_crop(gray: np.ndarray, box) -> np.ndarray | None:
    """The line's pixels with a margin like the training crops (marks above and below kept)."""
    l, t, r, b = box
    h = b - t
    if h < 6 or r - l < 6:
        return None
    H, W = gray.shape[:2]
    t2, b2 = max(0, int(t - 0.12 * h)), min(H, int(b + 0.12 * h))
    l2, r2 = max(0, int(l - 0.25 * h)), min(W, int(r + 0.25 * h))
    return without_rules(gray[t2:b2, l2:r2])


def without_rules(crop: np.ndarray) -> np.ndarray:
    """The crop with any horizontal rule across it painted out in the paper's tone.

    A receipt stamp's ruled frame, a form's writing line or an underline caught in a line's
    crop throws the model right off (b30 p4's stamp: ``เวลา 08.30 น.`` read alone, ``2a0220น``
    with the rule under it); the model never saw one in training. A rule is ink running
    unbroken for more than ``rule_heights`` crop heights; no letter is that wide, and a dotted
    line is broken."""
    import cv2

    h, w = crop.shape[:2]
    k = int(T.rule_heights * h)
    if crop.ndim != 2 or w <= k:
        return crop
    paper, ink = paper_and_ink(crop)
    if paper - ink < T.ink_contrast:
        return crop  # no ink dark enough to hold a rule
    dark = (crop < (paper + ink) / 2).astype(np.uint8)
    rules = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    if not rules.any():
        return crop
    rules = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    out = crop.copy()
    out[rules > 0] = int(paper)
    return out
