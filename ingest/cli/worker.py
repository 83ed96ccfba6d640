"""``saraban worker``: read the registry's job queue (uploads and re-reads sent by the web
workspace) on this machine, for as long as it runs; or, with ``--broker``, be a Celery worker
that reads pages sent to a Redis queue (``saraban ingest --queue``) from any machine."""
from __future__ import annotations

import click

from .. import settings
from .registry import db_option


@click.command()
@db_option
@click.option("--jobs", "-j", type=int, default=None,
              help="Pages of one file read in parallel; with --broker, worker processes (default: all cores).")
@click.option("--engine", type=click.Choice(["saraban", "tesseract"]), default=None,
              help="OCR engine (default: what the upload asked for, else the engine setting); with --broker, "
                   "the engine loaded up front (each page names its own).")
@click.option("--broker", default=None, metavar="URL",
              help="Be a worker of this Redis queue (redis://host:6379/0): read the pages sent to it, "
                   "instead of the registry's job queue (whose pages go to $SARABAN_BROKER's workers if set).")
def worker(db, jobs, engine, broker):
    """Read queued uploads and re-reads until stopped (Ctrl-C); a job it was reading when
    stopped goes back to the queue. With --broker: read pages from a Redis queue, one at a
    time per process, until stopped; a page being read when stopped goes back to the queue."""
    if broker:
        from ..celery_app import run_worker

        click.echo(f"Saraban worker: reading pages from {broker} (Ctrl-C stops)", err=True)
        run_worker(broker, jobs or settings.get("jobs"), engine)
        return
    from ..jobqueue import work

    path = settings.db_path(db)
    click.echo(f"Saraban worker: reading the queue of {path} (Ctrl-C stops)", err=True)
    try:
        work(path, jobs=jobs or settings.get("jobs"), engine=engine, idle=float("inf"))
    except KeyboardInterrupt:
        pass
