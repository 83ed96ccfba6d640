"""``saraban users log``: who signed in to the workspace, from where, and who failed."""
from __future__ import annotations

import json

import click

from .. import settings
from .registry import db_option


@click.command("log")
@db_option
@click.option("--last", type=int, default=50, show_default=True, help="How many of the latest lines (0: all).")
@click.option("--user", default=None, help="Only this user name.")
@click.option("--failed", is_flag=True, help="Only failed and refused sign-ins.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line, as stored.")
def signin_log(db, last, user, failed, as_json):
    """Sign-ins to the workspace (form and HTTP Basic), oldest first: time (UTC), user,
    address, outcome (ok, wrong password, unknown user, refused), how."""
    from ..web.auth import users_path
    from ..web.signin import SignInLog, log_path

    log = SignInLog(log_path(users_path(settings.files_base(settings.db_path(db)))))
    lines = [e for e in log.read() if (user is None or e.get("user") == user)
             and (not failed or e.get("outcome") != "ok")]
    for e in lines[-last:] if last else lines:
        click.echo(json.dumps(e, ensure_ascii=False) if as_json else
                   "\t".join(str(e.get(k) or "-") for k in ("time", "user", "address", "outcome", "via")))
