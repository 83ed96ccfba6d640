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

The failures are kept in ``<registry>.signins.db`` beside the users file, where every
process of the server counts them. Every sign-in, good or bad, is a line in
``<registry>.signins.jsonl`` (``saraban users log`` prints it).
"""
from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..registry.opening import create_private, use_wal


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


KNOWN_REFRESH = 3600.0   # a known address's last sign-in is written again after this long, not every time


@dataclass(frozen=True)
class Refusal:
    """Why a try is refused now and for how many more seconds."""
    reason: str  # "pair", "account" or "address"
    seconds: int


class SignInLimiter:
    """Failures counted in a small SQLite file beside the users (``limits_path``), so every
    process of the server sees the same ones and a restart forgets none; with no file (a
    test), in memory. Times are seconds of the wall clock, which all processes share."""

    SCHEMA = ("CREATE TABLE IF NOT EXISTS failures (kind TEXT NOT NULL, key TEXT NOT NULL, at REAL NOT NULL)",
              "CREATE INDEX IF NOT EXISTS failures_key ON failures (kind, key, at)",
              "CREATE INDEX IF NOT EXISTS failures_at ON failures (at)",
              "CREATE TABLE IF NOT EXISTS known (account TEXT NOT NULL, address TEXT NOT NULL, at REAL NOT NULL,"
              " PRIMARY KEY (account, address))")

    def __init__(self, limits: Limits | None = None, path: Path | None = None):
        self.limits = limits or Limits()
        self._lock = threading.Lock()   # one connection for the threads of this process
        if path is not None:
            try:   # readable by the server's account only (SQLite gives its -wal and -shm the same mode)
                create_private(Path(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except OSError:
                pass   # sqlite3.connect says what is wrong with the place
        self._db = sqlite3.connect(str(path) if path else ":memory:", timeout=30, check_same_thread=False,
                                   isolation_level=None)
        if path is not None:   # the server's processes start at once: the switch waits its turn
            use_wal(self._db, 30)
        self._db.execute("PRAGMA synchronous = NORMAL")   # a power cut may lose the last failures, never the file
        with self._lock, self._write():
            for sql in self.SCHEMA:
                self._db.execute(sql)

    @contextmanager
    def _write(self):
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @staticmethod
    def _account(name: str) -> str:
        return (name or "").strip().casefold()

    @staticmethod
    def _keys(account: str, address: str | None) -> dict[str, str]:
        return {"pair": f"{account}\x1f{address or ''}", "account": account, "address": address or ""}

    def _recent(self, kind: str, key: str, window: float, now: float) -> tuple[int, float | None, float | None]:
        """How many failures of ``kind`` under ``key`` within ``window``, the oldest and the last."""
        return self._db.execute("SELECT count(*), min(at), max(at) FROM failures WHERE kind = ? AND key = ? AND at > ?",
                                (kind, key, now - window)).fetchone()

    def wait(self, name: str, address: str | None, now: float | None = None) -> Refusal | None:
        """The refusal in force for a try of ``name`` from ``address``; None when it may go ahead."""
        now = time.time() if now is None else now
        lim, account = self.limits, self._account(name)
        keys = self._keys(account, address)
        with self._lock:
            count, oldest, _ = self._recent("pair", keys["pair"], lim.pair_window, now)
            if count >= lim.pair:
                return Refusal("pair", _seconds(lim.pair_window - (now - oldest)))
            count, oldest, _ = self._recent("address", keys["address"], lim.address_window, now)
            if count >= lim.address:
                return Refusal("address", _seconds(lim.address_window - (now - oldest)))
            count, _, last = self._recent("account", keys["account"], lim.account_window, now)
            seen = self._db.execute("SELECT at FROM known WHERE account = ? AND address = ?",
                                    (account, address or "")).fetchone()
            known = seen is not None and now - seen[0] < lim.known_for
            if count >= lim.account and not known and now - last < lim.account_delay:
                return Refusal("account", _seconds(lim.account_delay - (now - last)))
        return None

    def failed(self, name: str, address: str | None, now: float | None = None) -> None:
        now = time.time() if now is None else now
        longest = max(self.limits.pair_window, self.limits.account_window, self.limits.address_window)
        with self._lock, self._write():
            self._db.execute("DELETE FROM failures WHERE at <= ?", (now - longest,))   # over: forgotten
            self._db.executemany("INSERT INTO failures (kind, key, at) VALUES (?, ?, ?)",
                                 [(kind, key, now) for kind, key in self._keys(self._account(name), address).items()])

    def succeeded(self, name: str, address: str | None, now: float | None = None) -> None:
        """A good sign-in clears that pair's failures and makes the address known for the account."""
        now = time.time() if now is None else now
        account = self._account(name)
        pair = self._keys(account, address)["pair"]
        with self._lock:
            seen = self._db.execute("SELECT at FROM known WHERE account = ? AND address = ?",
                                    (account, address or "")).fetchone()
            failures = self._db.execute("SELECT 1 FROM failures WHERE kind = 'pair' AND key = ? LIMIT 1",
                                        (pair,)).fetchone()
        if seen and now - seen[0] < KNOWN_REFRESH and not failures:
            return   # HTTP Basic signs in on every request: nothing to write for most of them
        with self._lock, self._write():
            self._db.execute("DELETE FROM failures WHERE kind = 'pair' AND key = ?", (pair,))
            self._db.execute("DELETE FROM known WHERE at <= ?", (now - self.limits.known_for,))
            self._db.execute("INSERT INTO known (account, address, at) VALUES (?, ?, ?) ON CONFLICT (account, address)"
                             " DO UPDATE SET at = max(at, excluded.at)", (account, address or "", now))

    def remember(self, log: "SignInLog", now: float | None = None) -> None:
        """Know again the addresses the log shows each account signed in from (a limits file
        made anew keeps them as the old one did)."""
        now = time.time() if now is None else now
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


def limits_path(users_file: Path) -> Path:
    """``reg.users.json`` -> ``reg.signins.db``: the failures every server process counts."""
    return users_file.with_name(users_file.name.removesuffix(".users.json") + ".signins.db")


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
        with self._lock, self._across_processes():
            self._rotate()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.fchmod(fd, 0o600)
                os.write(fd, line.encode("utf-8"))  # one write with O_APPEND: lines never interleave
            finally:
                os.close(fd)

    @contextmanager
    def _across_processes(self):
        """The other server processes wait while this one writes (two rotating at once would
        each move the files up, and a generation would be lost)."""
        fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)   # and the lock with it

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
