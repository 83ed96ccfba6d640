"""Train the Saraban line recognizer (CNN + BiLSTM + CTC) on synthetic damaged lines, export ONNX.

    nice .venv-train/bin/python models/train.py --minutes 175

Time-budgeted: the learning rate follows a cosine over the wall-clock budget, so a run
of any length ends annealed. ``--init models/saraban-line.onnx`` fine-tunes the shipped
weights; ``--clutter 0.35`` puts other ink beside a third of the lines (``synth.LineRenderer.beside``). One thread (the machine is shared). Checkpoints go to
checkpoints/ (ignored); the final weights go to models/saraban-line.onnx and the
alphabet/geometry to models/saraban-line.json, read by ingest/read/model.py.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))
from ingest.read.model import CHARSET, HEIGHT, normalize_text  # noqa: E402
from synth import LineRenderer  # noqa: E402

INDEX = {c: i + 1 for i, c in enumerate(CHARSET)}  # 0 = CTC blank


def cbr(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


class LineNet(nn.Module):
    """40 px high line -> one frame per 2 px of width (Thai stacks up to 3 code points per glyph)."""

    def __init__(self, n_classes: int, hidden: int = 128):
        super().__init__()
        self.cnn = nn.Sequential(
            *cbr(1, 16), nn.MaxPool2d(2, 2),            # 20 x W/2
            *cbr(16, 32), nn.MaxPool2d((2, 1)),         # 10
            *cbr(32, 48), *cbr(48, 48), nn.MaxPool2d((2, 1)),  # 5
            *cbr(48, 64))
        self.proj = nn.Linear(64 * (HEIGHT // 8), 128)
        self.rnn = nn.LSTM(128, hidden, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(2 * hidden, n_classes)

    def forward(self, x):                      # x: B,1,H,W
        y = self.cnn(x)                        # B,C,5,W/2
        b, c, h, w = y.shape
        y = y.permute(0, 3, 1, 2).reshape(b, w, c * h)
        y = torch.relu(self.proj(y))
        y, _ = self.rnn(y)
        return self.fc(y)                      # B,T,classes (logits)


def load_onnx(model: LineNet, path: Path) -> None:
    """Start from exported weights (the shipped model) rather than a checkpoint: the export
    folded each batch norm into its convolution, so the norms become identity (their stats
    frozen: ``freeze_norms``) with the folded bias, and the LSTM's gates go back from ONNX's
    order (i, o, f, c) to torch's (i, f, c, o)."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    w = {i.name: numpy_helper.to_array(i).copy() for i in graph.initializer}
    nodes = lambda op: [n for n in graph.node if n.op_type == op]  # noqa: E731
    convs = [m for m in model.cnn if isinstance(m, nn.Conv2d)]
    norms = [m for m in model.cnn if isinstance(m, nn.BatchNorm2d)]
    with torch.no_grad():
        for node, conv, norm in zip(nodes("Conv"), convs, norms):
            conv.weight.copy_(torch.from_numpy(w[node.input[1]]))
            norm.weight.fill_(1.0)
            norm.bias.copy_(torch.from_numpy(w[node.input[2]]))
            norm.running_mean.zero_()
            norm.running_var.fill_(1.0 - norm.eps)
        proj, fc = nodes("MatMul")
        model.proj.weight.copy_(torch.from_numpy(w[proj.input[1]].T))
        model.proj.bias.copy_(torch.from_numpy(w["proj.bias"]))
        model.fc.weight.copy_(torch.from_numpy(w[fc.input[1]].T))
        model.fc.bias.copy_(torch.from_numpy(w["fc.bias"]))
        lstm = nodes("LSTM")[0]
        W, R, B = (w[lstm.input[k]] for k in (1, 2, 3))

        def gates(a):
            i, o, f, c = np.split(a, 4, axis=0)
            return torch.from_numpy(np.concatenate([i, f, c, o], axis=0))

        n = R.shape[1]
        for d, suffix in ((0, ""), (1, "_reverse")):
            getattr(model.rnn, "weight_ih_l0" + suffix).copy_(gates(W[d]))
            getattr(model.rnn, "weight_hh_l0" + suffix).copy_(gates(R[d]))
            getattr(model.rnn, "bias_ih_l0" + suffix).copy_(gates(B[d][:n]))
            getattr(model.rnn, "bias_hh_l0" + suffix).copy_(gates(B[d][n:]))


def freeze_norms(model: nn.Module) -> None:
    """Batch norms keep their running statistics (weights loaded from an export have none)."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.eval()


def encode(text: str) -> list[int]:
    return [INDEX[c] for c in normalize_text(text) if c in INDEX]


def batches(ren: LineRenderer, n: int, pool: int = 4):
    """Endless batches; lines of similar width go together so little time is spent on padding."""
    while True:
        items = []
        while len(items) < n * pool:
            x, t = ren.sample()
            y = encode(t)
            if y and x.shape[2] // 2 >= 2 * len(y) + 2:  # CTC needs frames for every label
                items.append((x, y))
        items.sort(key=lambda it: it[0].shape[2])
        chunks = [items[i:i + n] for i in range(0, len(items), n)]
        ren.r.shuffle(chunks)
        for c in chunks:
            yield collate([x for x, _ in c], [y for _, y in c])


def collate(xs, ys):
    n = len(xs)
    w = max(x.shape[2] for x in xs)
    w += (-w) % 2
    img = np.zeros((n, 1, HEIGHT, w), np.float32)
    for i, x in enumerate(xs):
        img[i, :, :, :x.shape[2]] = x
    lens = [x.shape[2] // 2 for x in xs]
    return torch.from_numpy(img), torch.tensor(lens), ys


def greedy(logits: np.ndarray) -> str:
    best = logits.argmax(-1)
    out, prev = [], 0
    for k in best:
        if k != prev and k != 0:
            out.append(CHARSET[k - 1])
        prev = k
    return "".join(out)


def edit(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def validate(model, val) -> tuple[float, float]:
    """Character and digit error (digits: edit distance over the digit strings) on held-out lines."""
    model.eval()
    ce = cn = de = dn = 0
    dig = set("๐๑๒๓๔๕๖๗๘๙0123456789")
    with torch.no_grad():
        for x, t in val:
            p = greedy(model(torch.from_numpy(x[None]))[0].numpy())
            t = normalize_text(t)
            ce += edit(p, t)
            cn += len(t)
            dt, dp = "".join(c for c in t if c in dig), "".join(c for c in p if c in dig)
            de += edit(dp, dt)
            dn += len(dt)
    model.train()
    return ce / max(cn, 1), de / max(dn, 1)


def export(model, onnx_path: Path):
    model.eval()
    dummy = torch.zeros(1, 1, HEIGHT, 200)
    torch.onnx.export(model, (dummy,), str(onnx_path), dynamo=False, opset_version=17,
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch", 3: "width"}, "logits": {0: "batch", 1: "frames"}})
    meta = {"charset": CHARSET, "height": HEIGHT, "stride": 2, "blank": 0}
    onnx_path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    model.train()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=175.0, help="wall-clock training budget")
    ap.add_argument("--batch", type=int, default=24)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--ckpt", default=str(ROOT / "checkpoints" / "line"))
    ap.add_argument("--out", default=str(ROOT / "models" / "saraban-line.onnx"))
    ap.add_argument("--resume", default="")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--every", type=float, default=10.0, help="minutes between checkpoints")
    ap.add_argument("--init", default="", help="start from these exported weights (.onnx), norms frozen")
    ap.add_argument("--clutter", type=float, default=0.0,
                    help="share of lines with other ink beside them (synth.LineRenderer.beside)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    ckpt = Path(args.ckpt)
    ckpt.mkdir(parents=True, exist_ok=True)
    model = LineNet(len(CHARSET) + 1)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    step, spent = 0, 0.0
    if args.resume:
        st = torch.load(args.resume)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, spent = st["step"], st["spent"]
    frozen = bool(args.init) or bool(args.resume and st.get("frozen", False))
    if args.init and not args.resume:  # a resumed run has its own weights
        load_onnx(model, Path(args.init))
    print(f"params {sum(p.numel() for p in model.parameters())/1e6:.2f}M", flush=True)
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    ren = LineRenderer(seed=args.seed, clutter=args.clutter)
    vren = LineRenderer(seed=999)
    val = [vren.sample() for _ in range(300)]
    budget = args.minutes * 60
    start = time.time() - spent
    last_save, losses = time.time(), []
    feed = batches(ren, args.batch)
    if frozen:
        freeze_norms(model)
    while (elapsed := time.time() - start) < budget:
        frac = elapsed / budget
        lr = args.lr * min(1.0, (step + 1) / 300) * 0.5 * (1 + math.cos(math.pi * frac))
        for g in opt.param_groups:
            g["lr"] = lr
        x, lens, ys = next(feed)
        logp = model(x).log_softmax(-1).permute(1, 0, 2)  # T,B,C
        tgt = torch.tensor([c for y in ys for c in y])
        loss = ctc(logp, tgt, lens, torch.tensor([len(y) for y in ys]))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        losses.append(loss.item())
        step += 1
        if step % 50 == 0:
            print(f"step {step} min {elapsed/60:.1f} lr {lr:.2e} loss {np.mean(losses):.3f}", flush=True)
            losses = []
        if time.time() - last_save > args.every * 60:
            save(model, opt, step, time.time() - start, ckpt, val, frozen)
            last_save = time.time()
    save(model, opt, step, time.time() - start, ckpt, val, frozen)
    export(model, Path(args.out))
    print(f"done: {step} steps, exported {args.out}", flush=True)


def save(model, opt, step, spent, ckpt: Path, val, frozen: bool = False):
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "spent": spent,
                "frozen": frozen}, ckpt / "last.pt")
    cer, der = validate(model, val)
    export(model, ckpt / "last.onnx")
    if frozen:
        freeze_norms(model)
    print(f"checkpoint step {step} min {spent/60:.1f} val CER {cer:.4f} digit error {der:.4f}", flush=True)


if __name__ == "__main__":
    main()
