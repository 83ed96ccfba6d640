"""``saraban worker``: read the registry's job queue (uploads and re-reads sent by the web
workspace) on this machine, for as long as it runs."""
from __future__ import annotations

from pathlib import Path

import click

from . import settings


@click.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Registry file (default: $SARABAN_DB, else ./saraban.db).")
@click.option("--jobs", "-j", type=int, default=None, help="Pages of one file read in parallel.")
@click.option("--engine", type=click.Choice(["saraban", "tesseract"]), default=None,
              help="OCR engine (default: what the upload asked for, else the engine setting).")
def worker(db, jobs, engine):
    """Read queued uploads and re-reads until stopped (Ctrl-C); a job it was reading when
    stopped goes back to the queue."""
    from .jobqueue import work

    path = settings.db_path(db)
    click.echo(f"Saraban worker: reading the queue of {path} (Ctrl-C stops)", err=True)
    try:
        work(path, jobs=jobs or settings.get("jobs"), engine=engine, idle=float("inf"))
    except KeyboardInterrupt:
        pass
