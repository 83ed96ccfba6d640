"""What a view needs of the request it answers: this request's registry, the app's intake
queue, and the signed-in user's session. Below the views (``pages``, ``api``) and the app
factory that registers them, so that none of them imports another in a circle.
"""
from __future__ import annotations

import os
import threading

from flask import current_app, g, session

from ..registry import Registry

_kept = threading.local()   # each server thread's connection, kept from request to request


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
            reg = kept[g.db_path] = Registry(g.db_path)
        g.registry = reg
    return g.registry


def request_done() -> None:
    """The end of a request: a transaction it left open (an error half-way) is rolled back,
    so the thread's next request starts clean and holds no lock."""
    reg = g.pop("registry", None)
    if reg is not None and reg.conn.in_transaction:
        reg.conn.rollback()


def forget_registries() -> None:
    """Close this thread's kept connections (a test that removes its registry's file)."""
    for reg in getattr(_kept, "registries", {}).values():
        reg.close()
    _kept.registries = {}


def intake():
    """The app's intake queue (``jobs.Intake``)."""
    return current_app.extensions["saraban_intake"]


def set_session_user(name: str, token: str) -> None:
    """A new session for ``name`` holding their session token (see auth.UserStore), and a
    fresh CSRF token."""
    session.clear()
    session["user"], session["session"] = name, token
    session["csrf"] = os.urandom(24).hex()
