"""``saraban serve`` (the web workspace) and ``saraban users`` (who may sign in to it)."""
from __future__ import annotations

import os
from pathlib import Path

import click

from .. import settings
from .registry import db_option
from ..errors import SarabanError

MAX_PROCESSES = 4   # server processes by default: one a core up to this (each keeps its connections and caches)


def default_processes() -> int:
    return min(os.cpu_count() or 1, MAX_PROCESSES)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback requires sign-in (see saraban users).")
@click.option("--port", default=8000, show_default=True, type=int)
@db_option
@click.option("--max-upload-mb", default=200, show_default=True, type=float, help="Largest file accepted.")
@click.option("--jobs", "-j", type=int, default=None, help="Pages read in parallel while ingesting.")
@click.option("--engine", type=click.Choice(["saraban", "tesseract"]), default=None,
              help="OCR engine for uploads (default: the engine setting).")
@click.option("--cert", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="TLS certificate (PEM): serve https, with cookies sent over TLS only.")
@click.option("--key", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="The certificate's private key (PEM).")
@click.option("--threads", default=8, show_default=True, type=int, help="Requests answered at once by each process.")
@click.option("--processes", default=None, type=click.IntRange(min=1),
              help=f"Server processes answering requests (default: one a core, at most {MAX_PROCESSES}).")
@click.option("--workers", type=int, default=None,
              help="Worker processes reading uploads here (default 2; 0: run saraban worker instead).")
def serve(host, port, db, max_upload_mb, jobs, engine, cert, key, threads, processes, workers):
    """Open the registry in a browser: intake, review, search, chains, register."""
    from ..web.app import is_loopback
    from ..web.auth import UserStore, users_path

    path = settings.db_path(db)
    require_login = not is_loopback(host)
    if require_login and not UserStore(users_path(settings.files_base(path))).users():
        raise SarabanError(f"Listening on {host} needs sign-in, and no users are set up for {path}.",
                           hint=f"Add one first: saraban users add NAME --role clerk --db {path}")
    if bool(cert) != bool(key):
        raise click.UsageError("--cert and --key go together.")
    options = {"require_login": require_login, "max_upload_mb": max_upload_mb, "jobs": jobs,
               "engine": engine, "secure_cookies": bool(cert), "workers": workers}
    scheme = "https" if cert else "http"
    click.echo(f"Saraban: {scheme}://{host}:{port}/  (registry {path}"
               + (", sign-in required)" if require_login else ", this computer only)"), err=True)
    from ..web.server import run

    processes = processes or default_processes()
    run(path, options, host=host, port=port, threads=threads, processes=processes, cert=cert, key=key)


@click.group()
def users():
    """Who may sign in to the workspace when it listens beyond this computer."""


def _store(db):
    from ..web.auth import UserStore, users_path

    return UserStore(users_path(settings.files_base(settings.db_path(db))))


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["clerk", "staff", "auditor"]), required=True,
              help="clerk: registers and corrects; staff: reads; auditor: reads and exports.")
@db_option
@click.password_option(help="Asked for when not given.")
def add_user(name, role, db, password):
    """Add a user, or change their role and password."""
    _store(db).add(name, password, role)
    click.echo(f"{name}: {role}")


@users.command("remove")
@click.argument("name")
@db_option
def remove_user(name, db):
    if not _store(db).remove(name):
        raise SarabanError(f"No user {name!r}.")
    click.echo(f"{name}: removed")


@users.command("list")
@db_option
def list_users(db):
    for name, role in sorted(_store(db).users().items()):
        click.echo(f"{name}\t{role}")
