"""The app factory: ``create_app(db_path)`` builds the workspace over one registry file.

``require_login`` is what a non-loopback bind sets: every page then needs a signed-in user
with a role. Uploads are capped by ``max_upload_mb``. Each server thread keeps its own
connection to the registry (SQLite connections stay in their thread), ``context.registry``.
"""
from __future__ import annotations

import ipaddress
from pathlib import Path

from flask import Flask, abort, g, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from .. import settings
from ..errors import NotFoundError, SarabanError
from ..registry.store import Registry
from . import auth, chart, lib, review, thai, wording
from .jobs import Intake
from .signin import SignInLimiter, SignInLog, limits_path, log_path
from .wording import error_thai, hint_thai, wrong_host
from .context import request_done
from .api import api
from .pages import pages

DEFAULT_MAX_UPLOAD_MB = 200


def create_app(db_path, *, require_login: bool = False, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
               ingest_file=None, jobs: int | None = None, engine: str | None = None,
               secret_key: str | None = None, secure_cookies: bool = False,
               workers: int | None = None) -> Flask:
    """The workspace for the registry at ``db_path``.

    ``ingest_file`` replaces the library's (tests use a quick one); ``jobs`` is how many
    pages are read in parallel by the intake worker, ``engine`` the OCR engine it uses;
    ``secure_cookies`` (served over TLS) keeps the session cookie off plain http; ``workers``
    is how many worker processes read the queue from here (0: ``saraban worker`` elsewhere).
    """
    db_path = settings.db_path(db_path)
    if isinstance(db_path, Path):
        db_path = db_path.resolve()
    Registry(db_path, check=True).close()  # create, migrate, check it now: a bad --db fails at start
    app = Flask(__name__)
    users = auth.UserStore(auth.users_path(settings.files_base(db_path)))
    app.config.update(
        DB_PATH=db_path, REQUIRE_LOGIN=require_login,
        MAX_CONTENT_LENGTH=int(max_upload_mb * 1024 * 1024),
        SECRET_KEY=secret_key or users.secret(),
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=secure_cookies,
    )
    app.json.ensure_ascii = False
    app.extensions["saraban_users"] = users
    app.extensions["saraban_signin_log"] = log = SignInLog(log_path(users.path))
    app.extensions["saraban_signin"] = limiter = SignInLimiter(path=limits_path(users.path))
    limiter.remember(log)
    app.extensions["saraban_intake"] = Intake(db_path, ingest_file=ingest_file, jobs=jobs,
                                                   engine=engine, processes=workers)
    _templates(app)
    _hooks(app)
    _errors(app)
    app.register_blueprint(pages)
    app.register_blueprint(api, url_prefix="/api")
    return app


def _templates(app: Flask) -> None:
    app.jinja_env.filters.update(be_date=thai.be_date, be_datetime=thai.be_datetime,
                                 highlight=lib.highlight, field_label=review.field_label, anomaly=chart.anomaly_thai,
                                 flag=wording.flag_html, error_th=wording.error_html, hint_th=wording.hint_html)
    app.jinja_env.globals.update(csrf_token=auth.csrf_token, can=auth.can, ROLE_NAMES=auth.ROLE_NAMES)
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True


def _hooks(app: Flask) -> None:
    @app.before_request
    def _before():
        g.db_path = app.config["DB_PATH"]
        if not app.config["REQUIRE_LOGIN"] and not is_loopback(host_name(request.host)):
            # On loopback, refuse any other Host: a page whose name was re-pointed at
            # 127.0.0.1 (DNS rebinding) must not read the registry of the clerk's computer.
            abort(400, description=wrong_host(request.host))
        auth.load_user()
        public = request.endpoint in ("pages.login", "static") or request.endpoint is None
        if auth.sign_in_required() and not g.user and not public:
            # before the CSRF check: a session that has ended is told to sign in again
            if request.path.startswith("/api/"):
                return jsonify(error="ต้องเข้าสู่ระบบก่อน (sign in first)"), 401
            return redirect(url_for("pages.login", next=request.full_path.rstrip("?")))
        auth.check_csrf()
        return None

    @app.teardown_request
    def _close(exc):
        request_done(exc)

    @app.after_request
    def _headers(response):
        # Everything is served from here: no scripts, styles or fonts from anywhere else.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


MESSAGES = {
    400: "คำขอไม่ถูกต้อง", 401: "ต้องเข้าสู่ระบบก่อน", 403: "บัญชีนี้ไม่มีสิทธิ์ทำรายการนี้",
    404: "ไม่พบสิ่งที่ขอ", 405: "ทำรายการนี้ด้วยวิธีนี้ไม่ได้", 413: "ไฟล์ใหญ่เกินกำหนด",
    415: "ไม่ใช่ไฟล์เอกสารที่อ่านได้", 422: "อ่านไฟล์ไม่ได้", 429: "ลองเข้าสู่ระบบผิดหลายครั้งเกินไป",
}


def _errors(app: Flask) -> None:
    def answer(code: int, detail: str | None, hint: str | None = None):
        if code == 413:
            limit = app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
            detail = f"ไฟล์ใหญ่เกิน {limit:g} MB: แยกไฟล์ให้เล็กลงหรือสแกนที่ความละเอียด 300 dpi"
        if code == 400 and detail == "csrf":
            detail = "แบบฟอร์มหมดอายุหรือไม่ได้มาจากหน้านี้ (CSRF): โหลดหน้าใหม่แล้วลองอีกครั้ง"
        message = MESSAGES.get(code, "เกิดข้อผิดพลาด")
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
            body = {"error": detail or message, "hint": hint, "status": code}
            # the library's English stays for programs; the Thai is for whoever reads it
            body.update({k: v for k, v in (("error_th", error_thai(detail)), ("hint_th", hint_thai(hint))) if v})
            return jsonify(body), code
        return render_template("error.html", code=code, message=message, detail=detail, hint=hint), code

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException):
        detail = e.description if e.code in (400, 413, 415, 422, 429) else None
        if e.code == 403 and g.get("role"):
            may = {"read": "อ่านและค้นหา", "edit": "รับหนังสือและแก้ไข", "export": "พิมพ์และส่งออก"}
            allowed = [may[p] for p in ("read", "edit", "export") if p in auth.ROLES.get(g.role, ())]
            detail = f"{g.user} ({auth.ROLE_NAMES.get(g.role, g.role)}) ทำได้: {', '.join(allowed)}"
        response, code = answer(e.code or 500, detail)
        if getattr(e, "retry_after", None):
            response = app.make_response((response, code, {"Retry-After": str(e.retry_after)}))
        return response, code

    @app.errorhandler(NotFoundError)
    def _not_found(e: NotFoundError):
        return answer(404, e.message, e.hint)

    @app.errorhandler(SarabanError)
    def _saraban(e: SarabanError):
        return answer(422, e.message, e.hint)


def host_name(host: str) -> str:
    """The name in a Host header without its port, in lower case.

    >>> [host_name(h) for h in ("127.0.0.2:8000", "LocalHost", "[::1]:8000", "evil.example:80")]
    ['127.0.0.2', 'localhost', '::1', 'evil.example']
    """
    host = host.lower()
    if host.startswith("["):
        return host[1:host.index("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_loopback(host: str) -> bool:
    """A name or address of this computer only: any of 127.0.0.0/8, ::1, localhost."""
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
