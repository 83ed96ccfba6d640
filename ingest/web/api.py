"""The JSON API under /api: the same data as the pages, for scripts and the intake page.

POST /api/ingest                 multipart ``file``: register it now, answer {"letters": [records]}
POST /api/uploads                multipart ``file``: queue it, answer {"job": {...}} (the intake page)
GET  /api/jobs?id=..&id=..       progress of queued files
GET  /api/search?q=&from=&to=&urgency=&issuer=&kind=
GET  /api/letters/<id>           one record (with its links)
PATCH /api/letters/<id>          {"field", "value", "reason"}: an audited correction (clerk)
POST /api/letters/<id>/receive   give it the next receiving number of this office, dated now (clerk)
GET  /api/letters/<id>/history   its corrections
GET  /api/chain?doc_no=|id=      the chain as ``saraban chain --json``
GET  /api/queue                  letters still flagged, most urgent first
GET  /api/register?from=&to=     the receiving register's rows (export)
"""
from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, request

from ..errors import InputFileError, NotFoundError, SarabanError
from ..registry.book import rows
from . import auth, lib
from .context import intake, registry
from .pages import search_filters
from .receiving import ReceiveError, issue
from .thai import parse_be_date
from .wording import error_thai, hint_thai

api = Blueprint("api", __name__)


def _refused(code: int, message: str | None, hint: str | None, **more):
    """A refusal in the library's English (for programs) and the clerk's Thai."""
    body = {"error": message, "hint": hint, **more}
    body.update({k: v for k, v in (("error_th", error_thai(message)), ("hint_th", hint_thai(hint))) if v})
    return jsonify(body), code


def _upload():
    upload = request.files.get("file")
    if upload is None or not upload.filename and not upload.content_length:
        abort(400, description="ส่งไฟล์มาในช่อง multipart ชื่อ file (no 'file' field in the form)")
    return upload


@api.post("/ingest")
@auth.require("edit")
def ingest_now():
    """Register one file and answer with its letters (synchronous: for scripts)."""
    upload = _upload()
    try:
        job = intake().ingest_now(upload, upload.filename, g.user)
    except InputFileError as e:
        return _refused(415, e.message, e.hint)
    if job["state"] == "failed":
        return _refused(422, job["error"], job["hint"], letters=[])
    if job["state"] not in ("registered", "duplicate"):
        return _refused(503, f"{job['name']}: still waiting to be read.", "Ask /api/jobs?id=" + job["id"],
                        job=job)
    records = [registry().letter(r["id"]) for r in job["letters"] if r.get("id")]
    for rec in records:
        rec.pop("links", None)
    return jsonify(letters=records, status=job["state"], message=job["error"])


@api.post("/uploads")
@auth.require("edit")
def upload_async():
    upload = _upload()
    try:
        job = intake().save_upload(upload, upload.filename, g.user)
    except InputFileError as e:
        return _refused(415, e.message, e.hint)
    return jsonify(job=job), 202


@api.get("/jobs")
@auth.require("read")
def jobs():
    ids = request.args.getlist("id")
    return jsonify(jobs=intake().status(ids) if ids else intake().recent())


@api.get("/search")
@auth.require("read")
def search():
    q = request.args.get("q", "").strip()
    if not q:
        abort(400, description="ใส่คำค้นในพารามิเตอร์ q (missing q)")
    limit = min(max(request.args.get("limit", 20, type=int), 1), 200)
    return jsonify(lib.search(registry(), q, limit=limit, **search_filters(request.args)))


@api.get("/letters/<int:letter_id>")
@auth.require("read")
def letter(letter_id: int):
    return jsonify(registry().letter(letter_id))


@api.route("/letters/<int:letter_id>", methods=["PATCH"])
@auth.require("edit")
def correct(letter_id: int):
    body = request.get_json(silent=True) or {}
    if "field" not in body or "value" not in body:
        abort(400, description='ส่ง JSON {"field": ..., "value": ..., "reason": ...}')
    try:
        rec = lib.edit(registry(), letter_id, str(body["field"]), body["value"], g.user, body.get("reason"))
    except NotFoundError:
        raise
    except SarabanError as e:
        return jsonify(error=e.message, hint=e.hint), 400
    return jsonify(rec)


@api.post("/letters/<int:letter_id>/receive")
@auth.require("edit")
def receive(letter_id: int):
    registry().letter(letter_id)
    try:
        return jsonify(issue(registry(), letter_id, g.user))
    except ReceiveError as e:
        return jsonify(error=e.message, hint=e.hint), 409


@api.get("/letters/<int:letter_id>/history")
@auth.require("read")
def history(letter_id: int):
    registry().letter(letter_id)
    return jsonify(lib.history(registry(), letter_id))


@api.get("/chain")
@auth.require("read")
def chain():
    ref = request.args.get("doc_no") or request.args.get("id")
    if not ref:
        abort(400, description="ใส่ doc_no หรือ id ของหนังสือ (missing doc_no)")
    direction = request.args.get("direction", "both")
    if direction not in ("both", "up", "down"):
        abort(400, description="direction: both, up or down")
    letter_id = registry().resolve(ref)
    return jsonify(lib.chain_json(lib.chain(registry(), letter_id, direction)))


@api.get("/queue")
@auth.require("read")
def queue():
    return jsonify([{k: r.get(k) for k in ("id", "doc_no", "date", "subject", "issuer", "urgency", "flags")}
                    for r in lib.review_queue(registry())])


@api.get("/register")
@auth.require("export")
def register():
    date_from = parse_be_date(request.args.get("from", ""))
    date_to = parse_be_date(request.args.get("to", ""))
    return jsonify(rows(registry(), date_from, date_to))


@api.get("/me")
def me():
    return jsonify(user=g.get("user"), role=g.get("role"),
                   may=sorted(auth.ROLES.get(g.get("role"), ())),
                   login_required=auth.sign_in_required(), csrf=auth.csrf_token())
