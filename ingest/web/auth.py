"""Who may do what: users with roles, sign-in, and CSRF protection.

On loopback (the default) with no users the workspace serves the person at the machine and
asks for no sign-in. Once users exist, or bound to any other address, it requires one (the
person at the machine is then one of the users, with that user's role, not the OS login
with the clerk's): users live in ``<registry>.users.json`` beside the registry (passwords
hashed with werkzeug's scrypt), sessions are signed cookies that carry the user's session
token from that file. Every request compares it with the file's, so removing a user,
changing their password or role, or signing out (which draws a new token) ends every
session of theirs at once, including a cookie copied before.
Every request that changes something carries the session's CSRF token, whatever the bind.
"""
from __future__ import annotations

import fcntl
import getpass
import hmac
import json
import os
import secrets
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

from flask import abort, current_app, g, request, session
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.exceptions import TooManyRequests

from .. import settings
from ..errors import SarabanError
from .wording import sign_in_refused

# clerk: registers and corrects; staff: reads; auditor: reads and exports.
ROLES = {
    "clerk": {"read", "edit", "export"},
    "staff": {"read"},
    "auditor": {"read", "export"},
}
ROLE_NAMES = {"clerk": "เจ้าหน้าที่สารบรรณ", "staff": "เจ้าหน้าที่", "auditor": "ผู้ตรวจสอบ"}
LOCAL_ROLE = "clerk"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def users_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + ".users.json")


class UserStore:
    """The users file: {"secret": str, "users": {name: {"hash", "role", "session"}}}.

    ``session`` is the token every signed-in cookie of that user must carry; changes go
    through ``_update`` under a lock, so a sign-out and ``saraban users add`` at the same
    moment do not undo each other."""

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
        os.fchmod(fd, 0o600)  # whatever the umask, and a .tmp left by an older version
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)

    @contextmanager
    def _update(self):
        """The file's data to change in place, saved at the end, one writer at a time."""
        fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            data = self._load()
            yield data
            self._save(data)
        finally:
            os.close(fd)  # closing releases the lock

    def secret(self) -> str:
        """The key that signs session cookies, made once and kept with the users."""
        found = self._load().get("secret")
        if found:
            return found
        with self._update() as data:
            data["secret"] = data.get("secret") or secrets.token_hex(32)
        return data["secret"]

    def add(self, name: str, password: str, role: str) -> None:
        if role not in ROLES:
            raise SarabanError(f"Unknown role {role!r}.", hint=f"Use one of: {', '.join(ROLES)}.")
        if not name or not password or len(password) < 8:
            raise SarabanError("A user needs a name and a password of at least 8 characters.")
        entry = {"hash": generate_password_hash(password), "role": role, "session": secrets.token_hex(16)}
        with self._update() as data:
            data.setdefault("users", {})[name] = entry  # a new token: their old sessions end

    def remove(self, name: str) -> bool:
        with self._update() as data:
            found = data.get("users", {}).pop(name, None) is not None
        return found

    def end_sessions(self, name: str) -> None:
        """Sign ``name`` out everywhere: every cookie holding the old token stops working."""
        with self._update() as data:
            user = data.get("users", {}).get(name)
            if user:
                user["session"] = secrets.token_hex(16)

    def session_token(self, name: str) -> str:
        """The token a new session of ``name`` carries (drawn now for a user added before tokens)."""
        token = self._load().get("users", {}).get(name, {}).get("session")
        if token:
            return token
        with self._update() as data:
            user = data["users"][name]
            user["session"] = user.get("session") or secrets.token_hex(16)
        return user["session"]

    def session_role(self, name: str | None, token: str | None) -> str | None:
        """The role of a session of ``name`` holding ``token``; None when it has ended."""
        user = self._load().get("users", {}).get(name or "")
        current = (user or {}).get("session") or ""
        ok = bool(user and token and current) and hmac.compare_digest(str(token), current)
        return user["role"] if ok else None

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
    g.user = session.get("user")
    g.role = current_app.extensions["saraban_users"].session_role(g.user, session.get("session"))
    if g.user and not g.role:  # removed, password changed, or signed out: this cookie is over
        session.clear()
        g.user = None
    if g.user is None and request.authorization and request.path.startswith("/api/"):
        # scripts may send HTTP Basic credentials to the JSON API instead of a session
        auth = request.authorization
        role = sign_in(auth.username or "", auth.password or "", via="basic")
        if role:
            g.user, g.role = auth.username, role
            g.basic_auth = True


def sign_in(name: str, password: str, via: str = "form") -> str | None:
    """The role of ``name`` when ``password`` is right, else None; throttled and logged.
    Raises TooManyRequests (429, the Thai reason, Retry-After) while tries are refused:
    then even the right password waits, so guessing does not pay."""
    ext = current_app.extensions
    limiter, log, users = ext["saraban_signin"], ext["saraban_signin_log"], ext["saraban_users"]
    address = request.remote_addr
    refusal = limiter.wait(name, address)
    if refusal:
        log.write(name, address, "refused", via)
        raise TooManyRequests(sign_in_refused(refusal.reason, name, refusal.seconds),
                              retry_after=refusal.seconds)
    role = users.check(name, password)
    if role:
        limiter.succeeded(name, address)
        log.write(name, address, "ok", via)
    else:
        limiter.failed(name, address)
        log.write(name, address, "wrong password" if name in users.users() else "unknown user", via)
    return role


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
