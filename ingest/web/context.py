"""What a view needs of the request it answers: this request's registry, the app's intake
queue, and the signed-in user's session. Below the views (``pages``, ``api``) and the app
factory that registers them, so that none of them imports another in a circle.
"""
from __future__ import annotations

import os
import sqlite3
import threading

from flask import current_app, g, session

from ..errors import RegistryError
from ..registry.store import Registry

_kept = threading.local()   # each server thread's connection, kept from request to request
KEPT_PER_THREAD = 4         # registries a thread keeps open (the oldest is closed for a new one)


def registry() -> Registry:
    """This request's registry: the connection its server thread keeps open for the app's
    registry (SQLite's cache of the file's pages stays warm: opening one for each request
    cost a third of a search), opened on the thread's first request."""
    if "registry" not in g:
        kept = getattr(_kept, "registries", None)
        if kept is None:
            kept = _kept.registries = {}
        reg = kept.get(g.db_path)
        if reg is None:
            while len(kept) >= KEPT_PER_THREAD:   # one app has one registry; tests make many
                kept.pop(next(iter(kept))).close()
            reg = kept[g.db_path] = Registry(g.db_path)
        g.registry = reg
    return g.registry


def request_done(error: BaseException | None = None) -> None:
    """The end of a request: a transaction it left open (an error half-way) is rolled back,
    so the thread's next request starts clean and holds no lock. A connection that failed
    (its file gone or damaged) is closed and forgotten: the next request opens it again."""
    reg = g.pop("registry", None)
    if reg is None:
        return
    failures = (sqlite3.Error, *reg.errors)
    broken = isinstance(error, (*failures, RegistryError))
    try:
        if reg.conn.in_transaction:
            reg.conn.rollback()
    except failures:
        broken = True
    if broken:
        _kept.registries.pop(g.db_path, None)
        try:
            reg.close()
        except failures:
            pass


def intake():
    """The app's intake queue (``jobs.Intake``)."""
    return current_app.extensions["saraban_intake"]


def set_session_user(name: str, token: str) -> None:
    """A new session for ``name`` holding their session token (see auth.UserStore), and a
    fresh CSRF token."""
    session.clear()
    session["user"], session["session"] = name, token
    session["csrf"] = os.urandom(24).hex()
