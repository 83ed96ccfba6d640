"""Who may do what: users with roles, sign-in, and CSRF protection.

On loopback (the default) with no users the workspace serves the person at the machine and
asks for no sign-in. Once users exist, or bound to any other address, it requires one (the
person at the machine is then one of the users, with that user's role, not the OS login
with the clerk's): users live in ``<registry>.users.json``
beside the registry (passwords hashed with werkzeug's scrypt), sessions are signed cookies.
Every request that changes something carries the session's CSRF token, whatever the bind.
"""
from __future__ import annotations

import getpass
import hmac
import json
import os
import secrets
from functools import wraps
from pathlib import Path

from flask import abort, current_app, g, request, session
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import SarabanError

# clerk: registers and corrects; staff: reads; auditor: reads and exports.
ROLES = {
    "clerk": {"read", "edit", "export"},
    "staff": {"read"},
    "auditor": {"read", "export"},
}
ROLE_NAMES = {"clerk": "เจ้าหน้าที่สารบรรณ", "staff": "เจ้าหน้าที่", "auditor": "ผู้ตรวจสอบ"}
LOCAL_ROLE = "clerk"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class SignInLimiter:
    """Failed sign-ins counted per user name and per address over the last minute: past
    ``limit`` of either, sign-in is refused (even with the right password) until the oldest
    failure is a minute old, so a password cannot be guessed at the speed of the network."""

    def __init__(self, limit: int = 5, window: float = 60.0):
        import threading
        from collections import deque

        self.limit, self.window = limit, window
        self._failures: dict[str, deque] = {}
        self._new = deque
        self._lock = threading.Lock()

    def _keys(self, name: str, address: str | None) -> list[str]:
        return [f"user:{name.strip().casefold()}", f"ip:{address or '?'}"]

    def wait(self, name: str, address: str | None, now: float | None = None) -> int:
        """Seconds to wait before trying again; 0 when a try is allowed."""
        import time

        now = time.monotonic() if now is None else now
        longest = 0.0
        with self._lock:
            for key in self._keys(name, address):
                times = self._failures.get(key)
                while times and now - times[0] >= self.window:
                    times.popleft()
                if times is not None and not times:
                    del self._failures[key]
                elif times and len(times) >= self.limit:
                    longest = max(longest, self.window - (now - times[0]))
        return int(longest) + 1 if longest else 0

    def failed(self, name: str, address: str | None, now: float | None = None) -> None:
        import time

        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._failures) > 10_000:  # many made-up names: forget the ones that are over
                for key in [k for k, t in self._failures.items() if now - t[-1] >= self.window]:
                    del self._failures[key]
            for key in self._keys(name, address):
                self._failures.setdefault(key, self._new()).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(self._keys(name, None)[0], None)


def users_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + ".users.json")


class UserStore:
    """The users file: {"secret": str, "users": {name: {"hash": str, "role": str}}}."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._seen: tuple | None = None  # (mtime, size) of the file when has_users last read it
        self._any = False

    def _load(self) -> dict:
        if not self.path.exists():
            return {"users": {}}
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise SarabanError(f"The users file {self.path} cannot be read ({e}).",
                               hint="Restore it from a backup, or delete it and add the users again.")

    def _save(self, data: dict) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)

    def secret(self) -> str:
        """The key that signs session cookies, made once and kept with the users."""
        data = self._load()
        if not data.get("secret"):
            data["secret"] = secrets.token_hex(32)
            self._save(data)
        return data["secret"]

    def add(self, name: str, password: str, role: str) -> None:
        if role not in ROLES:
            raise SarabanError(f"Unknown role {role!r}.", hint=f"Use one of: {', '.join(ROLES)}.")
        if not name or not password or len(password) < 8:
            raise SarabanError("A user needs a name and a password of at least 8 characters.")
        data = self._load()
        data.setdefault("users", {})[name] = {"hash": generate_password_hash(password), "role": role}
        self._save(data)

    def remove(self, name: str) -> bool:
        data = self._load()
        found = data.get("users", {}).pop(name, None) is not None
        if found:
            self._save(data)
        return found

    def has_users(self) -> bool:
        """Whether any user exists; the file is read again only when it changed."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return False
        if self._seen != (st.st_mtime_ns, st.st_size):
            self._seen, self._any = (st.st_mtime_ns, st.st_size), bool(self.users())
        return self._any

    def users(self) -> dict[str, str]:
        return {n: u["role"] for n, u in self._load().get("users", {}).items()}

    def check(self, name: str, password: str) -> str | None:
        """The user's role when the password is right, else None (same work either way)."""
        user = self._load().get("users", {}).get(name or "")
        stored = user["hash"] if user else _DUMMY_HASH
        ok = check_password_hash(stored, password or "")
        return user["role"] if user and ok else None


_DUMMY_HASH = generate_password_hash(secrets.token_hex(8))


def local_user() -> str:
    from .. import settings

    try:
        return settings.get("user") or getpass.getuser()
    except Exception:  # no login name in a container: still record something honest
        return "local"


def sign_in_required() -> bool:
    """Always on a non-loopback bind; on loopback as soon as any user exists."""
    return current_app.config["REQUIRE_LOGIN"] or current_app.extensions["saraban_users"].has_users()


def load_user() -> None:
    """Set g.user and g.role for this request (before_request)."""
    if not sign_in_required():
        g.user, g.role = local_user(), LOCAL_ROLE
        return
    g.user, g.role = session.get("user"), session.get("role")
    if g.user is None and request.authorization and request.path.startswith("/api/"):
        # scripts may send HTTP Basic credentials to the JSON API instead of a session
        auth = request.authorization
        role = current_app.extensions["saraban_users"].check(auth.username, auth.password)
        if role:
            g.user, g.role = auth.username, role
            g.basic_auth = True


def can(permission: str) -> bool:
    return bool(g.get("role")) and permission in ROLES.get(g.role, ())


def require(permission: str):
    """View decorator: 401 without a user, 403 without the permission."""
    def wrap(view):
        @wraps(view)
        def inner(*args, **kwargs):
            if not g.get("user"):
                abort(401)
            if not can(permission):
                abort(403)
            return view(*args, **kwargs)
        return inner
    return wrap


# -- CSRF ---------------------------------------------------------------------------------

def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _from_browser() -> bool:
    """A forged cross-site request can only come from a browser, and browsers send a cookie,
    an Origin or Sec-Fetch-* header. Scripts (curl, tests of the API) send none of them."""
    return bool(request.cookies or request.headers.get("Origin")
                or request.headers.get("Sec-Fetch-Site"))


def check_csrf() -> None:
    """before_request: refuse a state-changing browser request without the session's token."""
    if request.method not in UNSAFE or g.get("basic_auth"):
        return
    if not _from_browser():
        return
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    expected = session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent, expected):
        abort(400, description="csrf")
