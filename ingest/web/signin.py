"""Throttling sign-in and keeping a log of it, for the form and for HTTP Basic alike.

Failed tries are counted three ways, so that guessing is slow from anywhere and no one at a
shared desk can shut a colleague out:

- one account from one address: a few failures lock that pair for a minute (the person at
  the desk who mistyped, or a guesser there; colleagues at that desk sign in as usual);
- one account from all addresses: past a count, each further try waits a delay after the
  account's last failure, except from an address the account has signed in from (so a
  guesser elsewhere cannot lock the owner out at their own desk);
- one address for all accounts: a cap far above what mistyping makes (a guesser trying many
  names from one machine).

Every sign-in, good or bad, is a line in ``<registry>.signins.jsonl`` beside the users file
(``saraban users log`` prints it).
"""
from __future__ import annotations

import json
import os
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    pair: int = 5                  # failures of one account from one address ...
    pair_window: float = 60.0      # ... within this many seconds lock that pair until the oldest ages out
    account: int = 10              # failures of one account from all addresses within ...
    account_window: float = 900.0  # ... this many seconds: further tries wait ...
    account_delay: float = 30.0    # ... this long after its last failure (not from a known address)
    address: int = 30              # failures from one address, all accounts, within ...
    address_window: float = 900.0  # ... this many seconds lock the address until the oldest ages out
    known_for: float = 30 * 86400.0  # an address the account signed in from stays known this long


@dataclass(frozen=True)
class Refusal:
    """Why a try is refused now and for how many more seconds."""
    reason: str  # "pair", "account" or "address"
    seconds: int


class SignInLimiter:
    """Failures in memory, per process (a restart forgets them; the log keeps them)."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits()
        self._failures: dict[tuple, deque] = {}
        self._known: dict[tuple, float] = {}  # (account, address) -> last good sign-in
        self._lock = threading.Lock()

    @staticmethod
    def _account(name: str) -> str:
        return (name or "").strip().casefold()

    def _recent(self, key: tuple, window: float, now: float) -> deque:
        times = self._failures.get(key, deque())
        while times and now - times[0] >= window:
            times.popleft()
        return times

    def wait(self, name: str, address: str | None, now: float | None = None) -> Refusal | None:
        """The refusal in force for a try of ``name`` from ``address``; None when it may go ahead."""
        now = time.monotonic() if now is None else now
        lim, account = self.limits, self._account(name)
        with self._lock:
            pair = self._recent(("pair", account, address), lim.pair_window, now)
            if len(pair) >= lim.pair:
                return Refusal("pair", _seconds(lim.pair_window - (now - pair[0])))
            place = self._recent(("address", address), lim.address_window, now)
            if len(place) >= lim.address:
                return Refusal("address", _seconds(lim.address_window - (now - place[0])))
            tried = self._recent(("account", account), lim.account_window, now)
            known = now - self._known.get((account, address), -lim.known_for) < lim.known_for
            if len(tried) >= lim.account and not known and now - tried[-1] < lim.account_delay:
                return Refusal("account", _seconds(lim.account_delay - (now - tried[-1])))
        return None

    def failed(self, name: str, address: str | None, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        account = self._account(name)
        with self._lock:
            if len(self._failures) > 10_000:  # many made-up names: forget the ones that are over
                longest = max(self.limits.account_window, self.limits.address_window)
                for key in [k for k, t in self._failures.items() if not t or now - t[-1] >= longest]:
                    del self._failures[key]
            for key in (("pair", account, address), ("account", account), ("address", address)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, name: str, address: str | None, now: float | None = None) -> None:
        """A good sign-in clears that pair's failures and makes the address known for the account."""
        now = time.monotonic() if now is None else now
        account = self._account(name)
        with self._lock:
            self._failures.pop(("pair", account, address), None)
            if len(self._known) > 10_000:
                self._known = {k: t for k, t in self._known.items() if now - t < self.limits.known_for}
            self._known[(account, address)] = now

    def remember(self, log: "SignInLog", now: float | None = None) -> None:
        """Know again the addresses the log shows each account signed in from (after a restart)."""
        now = time.monotonic() if now is None else now
        wall = datetime.now(timezone.utc)
        for entry in log.read(last=20_000):
            try:
                age = (wall - datetime.fromisoformat(entry["time"])).total_seconds()
            except (KeyError, TypeError, ValueError):
                continue
            if entry.get("outcome") == "ok" and age < self.limits.known_for:
                self.succeeded(entry.get("user") or "", entry.get("address"), now=now - age)


def _seconds(left: float) -> int:
    return max(1, int(left + 0.999))


# -- the log ------------------------------------------------------------------------------

def log_path(users_file: Path) -> Path:
    """``reg.users.json`` -> ``reg.signins.jsonl``."""
    return users_file.with_name(users_file.name.removesuffix(".users.json") + ".signins.jsonl")


class SignInLog:
    """One JSON line per sign-in: time (UTC), user, address, outcome, via (form or basic).

    Scripts on HTTP Basic sign in on every request: their successes are written once an
    hour per user and address. A refusal is written once a minute per user and address
    (a guesser hammering a locked account must not fill the disk); failures every time.
    A log grown past ``ROTATE_BYTES`` becomes ``….jsonl.1`` (the older ones ``.2`` … up to
    ``KEEP``; the oldest goes), so an office's years of sign-ins stay a few files."""

    EVERY = {("basic", "ok"): 3600.0, ("basic", "refused"): 60.0, ("form", "refused"): 60.0}
    ROTATE_BYTES = 8 * 1024 * 1024   # ~80,000 lines
    KEEP = 9

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._seen: dict[tuple, float] = {}

    def write(self, user: str, address: str | None, outcome: str, via: str = "form") -> None:
        every = self.EVERY.get((via, outcome))
        if every:
            now, key = time.monotonic(), (user, address, via, outcome)
            with self._lock:
                if now - self._seen.get(key, -every) < every:
                    return
                if len(self._seen) > 10_000:
                    self._seen.clear()
                self._seen[key] = now
        line = json.dumps({"time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                           "user": user, "address": address, "outcome": outcome, "via": via},
                          ensure_ascii=False) + "\n"
        with self._lock:
            self._rotate()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.fchmod(fd, 0o600)
                os.write(fd, line.encode("utf-8"))  # one write with O_APPEND: lines never interleave
            finally:
                os.close(fd)

    def generation(self, n: int) -> Path:
        """The log itself (0), or its n-th older file."""
        return self.path if n == 0 else self.path.with_name(f"{self.path.name}.{n}")

    def _rotate(self) -> None:
        try:
            if self.path.stat().st_size < self.ROTATE_BYTES:
                return
        except FileNotFoundError:
            return
        for n in range(self.KEEP, 0, -1):
            if self.generation(n - 1).exists():
                os.replace(self.generation(n - 1), self.generation(n))

    def read(self, last: int | None = None) -> list[dict]:
        """The entries, oldest first: all of them, or the ``last`` ones (read from the end:
        the log may be long)."""
        lines: list[bytes] = []
        for n in range(self.KEEP + 1):
            path = self.generation(n)
            if not path.exists():
                continue
            want = last - len(lines) if last else None
            lines = _tail(path, want) + lines
            if last and len(lines) >= last:
                break
        out = []
        for text in lines[-last:] if last else lines:
            try:
                out.append(json.loads(text.decode("utf-8")))
            except ValueError:  # a line cut short by a crash: the rest still reads
                continue
        return out


def _tail(path: Path, count: int | None, block: int = 65536) -> list[bytes]:
    """The last ``count`` lines of a file (all of them when None), without reading the
    rest of it."""
    with open(path, "rb") as f:
        if count is None:
            return f.read().splitlines()
        end = f.seek(0, os.SEEK_END)
        data, start = b"", end
        while start > 0 and data.count(b"\n") <= count:
            start = max(0, start - block)
            f.seek(start)
            data = f.read(end - start)
        lines = data.splitlines()
        return lines[-count:]  # more than ``count`` line ends: a cut first line is not among them
