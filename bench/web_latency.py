"""The workspace's request latency under an office's load: ``saraban serve`` (gunicorn) over
the 100,000-letter registry of ``bench/scale.py``, 8 clients at once, each asking in turn for
a search (a Thai phrase or a reference number typed some way) and a letter's review page.

    nice -n 19 .venv/bin/python bench/web_latency.py [--letters 100000] [--clients 8] [--seconds 60] [--cache DIR]
                                                     [--processes N]

Prints p50 and p95 per kind of request (target: p95 under 100 ms). The clients run in this
process on threads, so on a two-core machine they share the cores with the server: the
figures are an upper bound of what a server on its own machine answers.
Not a test: building the registry takes a while (``--cache`` keeps it for the next run).
"""
from __future__ import annotations

import argparse
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402

from ingest.cli.web import default_processes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db: Path, port: int, processes: int | None = None) -> subprocess.Popen:
    processes = processes or default_processes()
    proc = subprocess.Popen([sys.executable, "-m", "ingest.cli.main", "serve", "--db", str(db), "--port", str(port),
                             "--threads", str(-(-8 // processes)), "--processes", str(processes)],
                            cwd=ROOT, stdout=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/me", timeout=2).read()
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not start")


def client(url: str, requests: list[tuple[str, str]], until: float, out: dict, errors: dict,
           rng: random.Random) -> None:
    """Requests until ``until``: each answer's time in ``out``, each failure (an error
    status, a timeout, a refused connection) counted in ``errors`` by kind and reason."""
    while time.monotonic() < until:
        kind, path = rng.choice(requests)
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(url + path, timeout=30) as r:
                r.read()
        except OSError as e:  # HTTPError and URLError are OSErrors
            reason = f"HTTP {e.code}" if isinstance(e, urllib.error.HTTPError) else type(e).__name__
            errors[(kind, reason)] = errors.get((kind, reason), 0) + 1
            continue
        out.setdefault(kind, []).append((time.perf_counter() - t) * 1000)


def percentile(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100)[q - 1] if len(samples) > 1 else samples[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--letters", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--processes", type=int, default=None,
                    help="Server processes, 8 threads shared among them (default: serve's, one a core).")
    args = ap.parse_args()
    args.batch = 2000
    folder = Path(tempfile.mkdtemp(prefix="saraban-web-"))
    try:
        reg, numbers, _roots, n, _ = scale.build_or_reuse(args, folder)
        ids = [r[0] for r in reg.conn.execute("SELECT id FROM letters ORDER BY random() LIMIT 2000")]
        reg.close()
        rng = random.Random(args.seed)
        queries = [scale.typed_forms(rng.choice(numbers), rng) for _ in range(200)]
        queries += (scale.TOPICS + scale.PHRASES) * 8
        requests = [("search", "/api/search?" + urllib.parse.urlencode({"q": q})) for q in queries]
        requests += [("review", f"/letters/{i}/review") for i in ids]
        port = free_port()
        server = start(folder / "scale.db", port, args.processes)
        try:
            out: dict[str, list[float]] = {}
            errors: dict[tuple[str, str], int] = {}
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=client, args=(f"http://127.0.0.1:{port}", requests, until, out,
                                                             errors, random.Random(args.seed + k)))
                       for k in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            server.terminate()
            server.wait(30)
        print(f"registry                  {n} letters; {args.clients} clients for {args.seconds:.0f} s; "
              f"{args.processes or default_processes()} server process(es)")
        for kind in ("search", "review"):
            s = out.get(kind) or [float("nan")]
            print(f"{kind:<8} p50 {percentile(s, 50):7.1f} ms   p95 {percentile(s, 95):7.1f} ms   "
                  f"({len(s)} requests; target p95 < 100 ms)")
        for (kind, reason), n in sorted(errors.items()):
            print(f"{kind:<8} FAILED {n} times: {reason}")
        if errors:
            sys.exit(1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
