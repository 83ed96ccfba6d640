"""What a view needs of the request it answers: this request's registry, the app's intake
queue, and the signed-in user's session. Below the views (``pages``, ``api``) and the app
factory that registers them, so that none of them imports another in a circle.
"""
from __future__ import annotations

import os

from flask import current_app, g, session

from ..registry import Registry


def registry() -> Registry:
    """This request's registry connection (closed when the request ends)."""
    if "registry" not in g:
        g.registry = Registry(g.db_path)
    return g.registry


def intake():
    """The app's intake queue (``jobs.Intake``)."""
    return current_app.extensions["saraban_intake"]


def set_session_user(name: str, token: str) -> None:
    """A new session for ``name`` holding their session token (see auth.UserStore), and a
    fresh CSRF token."""
    session.clear()
    session["user"], session["session"] = name, token
    session["csrf"] = os.urandom(24).hex()
