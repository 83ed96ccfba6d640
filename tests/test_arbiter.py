"""The fitted arbiter's pieces (models/arbiter.py): labels from the truth, and the fit."""
import sys

import numpy as np

from support import ROOT

sys.path.insert(0, str(ROOT / "models"))
import arbiter  # noqa: E402


def test_a_stretch_is_labelled_by_which_reading_brings_the_line_nearer_the_truth():
    record = {"tess": "ที่ มท ๐๒๐๒.๒/ว ๕๒๒๑", "model": "ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑", "conf": [0.99] * 21,
              "tess_conf": [90.0] * 21, "merged": "ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑", "page": "1:b01:1"}
    spans = arbiter.spans_of(record, ["ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑", "เรื่อง ขอเชิญประชุม"])
    assert len(spans) == 1
    assert spans[0]["label"] == 1 and spans[0]["hand"] == 1 and spans[0]["digits"]
    assert len(spans[0]["x"]) == len(arbiter.FEATURES)
    wrong = record | {"merged": record["tess"]}  # the hand rules kept Tesseract's ๒
    assert arbiter.spans_of(wrong, ["ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑"])[0]["hand"] == 0


def test_the_logistic_fit_separates_what_one_feature_decides():
    rng = np.random.default_rng(0)
    conf = rng.random(400)
    x = np.c_[np.ones(400), conf]
    y = (conf > 0.6).astype(float)
    w = arbiter.fit_logistic(x, y, l2=0.0, steps=3000, lr=2.0)
    take = (1 / (1 + np.exp(-x @ w))) > 0.5
    assert (take == y.astype(bool)).mean() > 0.95
    s = arbiter.scores(w, x, y, np.zeros(400), np.ones(400), np.ones(400))
    assert s["all"]["arbiter_right"] > s["all"]["hand_right"]


def test_the_engine_merge_follows_the_arbiter_when_given_one_but_not_inside_latin_tokens():
    from ingest.read.arbiter import FEATURES
    from ingest.read.combine import merge

    always = [10.0] + [0.0] * (len(FEATURES) - 1)   # the model's reading, always
    never = [-10.0] + [0.0] * (len(FEATURES) - 1)
    tess, model = "จานวน ทั้งหมด", "จำนวน ทั้งหมด"
    assert merge(tess, model, [0.99] * len(model), arbiter=always)[0] == model
    assert merge(tess, model, [0.99] * len(model), arbiter=never)[0] == tess
    # (a whole key or number the model reads surely is still taken after the stretches: not the arbiter's)
    url, read = "http://entrance.psu.ac.th", "http://entrance.D5น.ac.th"
    assert merge(url, read, [0.99] * len(read), arbiter=always)[0] == url


def test_the_shipped_weights_fit_the_features_and_carry_their_scores():
    import json

    from ingest.read.arbiter import FEATURES, weights

    assert len(weights()) == len(FEATURES)
    data = json.loads((ROOT / "models" / "arbiter.json").read_text("utf-8"))
    assert {"held_out", "fresh", "tuning"} <= set(data)
    assert all(f in ("Kinnari", "Garuda", "Loma", "Umpush", "Waree", "Sawasdee", "TlwgTypo", "TlwgTypist",
                     "TlwgMono", "TlwgTypewriter", "Arundina") for f in data["fitted_on"]["fonts"])
