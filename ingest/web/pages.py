"""The screens: sign-in, intake, review queue, review, letter, search, chain, register.

Each view parses the request, calls the library (through ``lib``), renders a template.
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import (Blueprint, Response, abort, current_app, flash, g, redirect, render_template,
                   request, session, url_for)
from werkzeug.exceptions import TooManyRequests

from ..errors import NotFoundError, SarabanError
from ..record import KINDS, URGENCIES, addressed
from ..thai.dates import BE_OFFSET
from . import auth, images, lib, lists, paging, receiving, reread, review, wording
from .context import intake, registry, set_session_user
from .chart import chain_svg
from .thai import be_date, parse_be_date

pages = Blueprint("pages", __name__)
pages.add_app_template_global(paging.link_args, "page_args")
pages.add_app_template_filter(wording.letter_name, "letter_name")
pages.add_app_template_filter(wording.link_kind, "link_kind")
pages.add_app_template_global(auth.sign_in_required, "sign_in_required")


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _letter_or_404(letter_id: int) -> dict:
    try:
        return registry().letter(letter_id)
    except NotFoundError:
        abort(404)


# -- sign-in ----------------------------------------------------------------------------

@pages.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        name = request.form.get("username", "").strip()
        try:
            role = auth.sign_in(name, request.form.get("password", ""))
        except TooManyRequests as refused:
            return render_template("login.html", error=refused.description), 429, \
                {"Retry-After": str(refused.retry_after)}
        if role:
            set_session_user(name, current_app.extensions["saraban_users"].session_token(name))
            target = request.args.get("next", "")
            # only a path on this site: never an absolute URL from the request
            return redirect(target if _local_path(target) else "/")
        error = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    return render_template("login.html", error=error), (401 if error else 200)


def _local_path(target: str) -> bool:
    r"""Only a path on this site: never another site, however the browser might read it.
    Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so
    ``/\t/evil.example`` is ``//evil.example`` to them: no control character, space or
    backslash at all.

    >>> [_local_path(t) for t in ("/queue", "//evil.example", "/\\evil.example", "https://x", "")]
    [True, False, False, False, False]
    >>> [_local_path(t) for t in ("/\t/evil.example", "/ /evil.example", "/search?q=มท")]
    [False, False, True]
    """
    if not target.startswith("/") or target.startswith("//"):
        return False
    if any(c <= " " or c in "\\\x7f" for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


@pages.route("/logout", methods=["POST"])
def logout():
    if auth.sign_in_required() and g.get("user") and not g.get("basic_auth"):
        # every cookie of this user stops working, also one copied before
        current_app.extensions["saraban_users"].end_sessions(g.user)
    session.clear()
    return redirect(url_for("pages.login") if auth.sign_in_required() else "/")


@pages.route("/")
def home():
    return redirect(url_for("pages.intake_page" if auth.can("edit") else "pages.search"))


# -- intake -----------------------------------------------------------------------------

@pages.route("/intake")
@auth.require("edit")
def intake_page():
    p = paging.from_request(request.args, "intake")
    p.total = intake().total()
    if p.past_the_end:
        return redirect(url_for("pages.intake_page", **paging.link_args(request.args, p.pages)))
    return render_template("intake.html", jobs=intake().recent(p.per, p.offset), paging=p,
                           max_mb=current_app.config["MAX_CONTENT_LENGTH"] / 1048576)


@pages.route("/intake", methods=["POST"])
@auth.require("edit")
def intake_upload():
    """The form without JavaScript: every file queued, then back to the list."""
    for upload in request.files.getlist("file"):
        try:
            intake().save_upload(upload, upload.filename, g.user)
        except SarabanError as e:
            flash(wording.error_thai(e.message) or e.message, "error")
    return redirect(url_for("pages.intake_page"))


# -- review -----------------------------------------------------------------------------

@pages.route("/queue")
@auth.require("read")
def queue():
    counts = lib.counts(registry())
    p = paging.from_request(request.args, "queue")
    p.total = counts["flagged"]
    if p.past_the_end:
        return redirect(url_for("pages.queue", **paging.link_args(request.args, p.pages)))
    return render_template("queue.html", letters=lib.review_queue(registry(), p.offset, p.per),
                           counts=counts, paging=p)


def _next_in_queue(after_id: int) -> int | None:
    return lib.next_in_queue(registry(), after_id)


@pages.route("/letters/<int:letter_id>/review", methods=["GET", "POST"])
@auth.require("edit")
def review_letter(letter_id: int):
    rec = _letter_or_404(letter_id)
    errors = {}
    if request.method == "POST":
        try:
            todo = review.changes(rec, request.form)
        except review.FormError as e:
            errors[e.field.name] = e.message
        else:
            reason = request.form.get("reason", "").strip() or "ตรวจทานกับภาพสแกน"
            try:
                for field, value, _ in todo:
                    lib.edit(registry(), letter_id, field, value, g.user, reason)
                if request.form.get("action") in ("confirm", "confirm_next"):
                    lib.edit(registry(), letter_id, "flags", [], g.user, "ตรวจแล้ว ถูกต้องตามต้นฉบับ")
                elif todo:
                    _drop_answered_flags(letter_id, [name for _, _, names in todo for name in names])
            except SarabanError as e:
                errors["_"] = wording.error_thai(e.message) or e.message
            else:
                saved = len(todo)
                flash(f"บันทึกแล้ว {saved} ช่อง" if saved else "ไม่มีช่องที่เปลี่ยน", "ok")
                if request.form.get("action") == "confirm_next":
                    nxt = _next_in_queue(letter_id)
                    if nxt:
                        return redirect(url_for("pages.review_letter", letter_id=nxt))
                    flash("ตรวจครบทุกฉบับในคิวแล้ว", "ok")
                    return redirect(url_for("pages.queue"))
                return redirect(url_for("pages.review_letter", letter_id=letter_id))
        rec = dict(rec)
    page_no = _int(request.args.get("page"), None)
    history = lib.history(registry(), letter_id)
    rows = review.rows(rec, {h["field"] for h in history if h["field"] != "flags"})
    if errors:  # the lists as the clerk left them, not as stored
        for r in rows:
            if r["field"].kind == "list":
                r["value"] = lists.rows_from_form(r["field"].name, request.form)
    return render_template("review.html", rec=rec, rows=rows, boxes=review.drawn_boxes(rows), errors=errors,
                           columns=lists.COLUMNS, add_label=lists.ADD_LABEL,
                           form=request.form if errors else None,
                           other_flags=review.flags_by_field(rec)[1], page_no=page_no,
                           pages=_pages_of(rec), history=history,
                           kind_names=review.KIND_NAMES, describe=review.describe,
                           next_id=_next_in_queue(letter_id)), (422 if errors else 200)


def _drop_answered_flags(letter_id: int, changed: list[str]) -> None:
    rec = registry().letter(letter_id)
    answered = review.resolved_flags(rec, changed)
    if answered:
        left = [f for f in rec.get("flags") or [] if f not in answered]
        lib.edit(registry(), letter_id, "flags", left, g.user, "แก้ช่องที่ถูกทักแล้ว")


@pages.route("/letters/<int:letter_id>/receive", methods=["POST"])
@auth.require("edit")
def receive(letter_id: int):
    """ออกเลขรับ: the next number of this office's yearly series, dated now."""
    _letter_or_404(letter_id)
    back = "pages.review_letter" if request.form.get("back") == "review" else "pages.letter"
    try:
        rec = receiving.issue(registry(), letter_id, g.user)
    except receiving.ReceiveError as e:
        flash(f"{e.message} — {e.hint}" if e.hint else e.message, "error")
    else:
        _drop_answered_flags(letter_id, ["receipt.number"])
        r = rec["receipt"]
        flash(f"ออกเลขรับ {r['number']} วันที่ {be_date(r['date'])} เวลา {r['time']} น. แล้ว", "ok")
    return redirect(url_for(back, letter_id=letter_id))


def _pages_of(rec: dict) -> list[dict]:
    """The letter's pages with their size as read (the boxes' coordinate space)."""
    src = rec.get("source") or {}
    out = []
    for n in src.get("pages") or []:
        try:
            page = registry().page(src["sha256"], n)
            out.append({"number": n, "width": page.width, "height": page.height})
        except (NotFoundError, KeyError):
            continue
    return out


@pages.route("/letters/<int:letter_id>/reread", methods=["GET", "POST"])
@auth.require("edit")
def reread_page(letter_id: int):
    """Read one of the letter's pages again and show the new text beside the old; nothing
    is saved (the clerk corrects the form with what the new reading got right)."""
    rec = _letter_or_404(letter_id)
    pages_ = _pages_of(rec)
    numbers = [p["number"] for p in pages_]
    number = _int(request.values.get("page"), numbers[0] if numbers else None)
    if number not in numbers:
        abort(404)
    old = registry().page(rec["source"]["sha256"], number)
    rows, new, seconds = None, None, None
    if request.method == "POST":
        started = time.monotonic()
        new = intake().reread(rec["source"]["sha256"], number, g.user)
        seconds = round(time.monotonic() - started, 1)
        rows = reread.compare([l.text for l in old.lines], [l.text for l in new.lines])
    return render_template("reread.html", rec=rec, pages=pages_, number=number, old=old, new=new,
                           rows=rows, seconds=seconds, flag=wording.flag_html)


@pages.route("/pages/<sha256>/<int:number>.jpg")
@auth.require("read")
def page_image(sha256: str, number: int):
    if not lib.SHA256.match(sha256):
        abort(404)
    data = images.page_png(registry(), sha256, number)
    return Response(data, mimetype="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})


# -- letter, search ---------------------------------------------------------------------

@pages.route("/letters/<int:letter_id>")
@auth.require("read")
def letter(letter_id: int):
    rec = _letter_or_404(letter_id)
    files = registry().q("SELECT name, pages, added_at FROM files WHERE sha256 = ?",
                         ((rec.get("source") or {}).get("sha256"),))
    siblings = registry().letters(file_sha256=(rec.get("source") or {}).get("sha256"))
    opening, addressees = addressed(rec)
    return render_template("letter.html", rec=rec, file=files[0] if files else None,
                           opening=opening, addressees=addressees,
                           siblings=[s for s in siblings if s["id"] != letter_id],
                           history=lib.history(registry(), letter_id), pages=_pages_of(rec),
                           kind_names=review.KIND_NAMES, describe=review.describe,
                           flagged=review.flags_by_field(rec)[0])


def search_filters(args) -> dict:
    return {"date_from": parse_be_date(args.get("from", "")), "date_to": parse_be_date(args.get("to", "")),
            "urgency": args.get("urgency") if args.get("urgency") in URGENCIES else None,
            "issuer": args.get("issuer", "").strip() or None,
            "kind": args.get("kind") if args.get("kind") in KINDS else None}


@pages.route("/search")
@auth.require("read")
def search():
    q = request.args.get("q", "").strip()
    filters = search_filters(request.args)
    p = paging.from_request(request.args, "search")
    results, p.total, p.capped = lib.search_page(registry(), q, p.offset, p.per, **filters)
    if p.past_the_end:
        return redirect(url_for("pages.search", **paging.link_args(request.args, p.pages)))
    if q and p.total == 1 and results[0].get("match") == "doc_no" and request.args.get("go"):
        return redirect(url_for("pages.letter", letter_id=results[0]["id"]))
    return render_template("search.html", q=q, results=results, args=request.args, paging=p,
                           kinds=review.KIND_NAMES, urgencies=URGENCIES)


# -- chain --------------------------------------------------------------------------------

@pages.route("/letters/<int:letter_id>/chain")
@auth.require("read")
def chain(letter_id: int):
    _letter_or_404(letter_id)
    data = lib.chain(registry(), letter_id)
    return render_template("chain.html", chain=data, letter_id=letter_id, svg=chain_svg(data),
                           kind_names=review.KIND_NAMES)


@pages.route("/letters/<int:letter_id>/chain.svg")
@auth.require("export")
def chain_download(letter_id: int):
    _letter_or_404(letter_id)
    svg = chain_svg(lib.chain(registry(), letter_id), standalone=True)
    return Response(svg, mimetype="image/svg+xml",
                    headers={"Content-Disposition": f'attachment; filename="chain-{letter_id}.svg"'})


# -- register -----------------------------------------------------------------------------

def _range(args) -> tuple[str | None, str | None]:
    return parse_be_date(args.get("from", "")), parse_be_date(args.get("to", ""))


@pages.route("/register")
@auth.require("read")
def register():
    date_from, date_to = _range(request.args)
    office = receiving.office(registry())
    year = receiving.now().year
    p = paging.from_request(request.args, "register")
    groups, p.total = lib.register_groups(registry(), date_from, date_to, office, p.offset, p.per)
    if p.past_the_end:
        return redirect(url_for("pages.register", **paging.link_args(request.args, p.pages)))
    return render_template("register.html", groups=groups, paging=p,
                           date_from=date_from, date_to=date_to, args=request.args, office=office,
                           year_be=year + BE_OFFSET, last=receiving.last_number(registry(), year, office) if office else None)


@pages.route("/register/office", methods=["POST"])
@auth.require("edit")
def register_office():
    """The office this registry receives for: the receiver of the numbers it gives."""
    receiving.set_office(registry(), request.form.get("office", ""))
    office = receiving.office(registry())
    flash(f"ตั้งหน่วยงานที่รับเป็น “{office}” แล้ว" if office else "ลบชื่อหน่วยงานที่รับแล้ว", "ok")
    return redirect(url_for("pages.register"))


@pages.route("/register.<fmt>")
@auth.require("export")
def register_download(fmt: str):
    if fmt not in ("csv", "xlsx", "html"):
        abort(404)
    date_from, date_to = _range(request.args)
    data = lib.register_file(registry(), fmt, date_from, date_to, receiving.office(registry()))
    # content_type as given: mimetype= would add a second charset to the text types
    kind = {"csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[fmt]
    span = "-".join(d for d in (date_from, date_to) if d) or "all"
    return Response(data, content_type=kind,
                    headers={"Content-Disposition": f'attachment; filename="register-{span}.{fmt}"'})
