"""The ``saraban`` command: each command parses its arguments, calls the library, prints."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
import threading
from functools import partial
from pathlib import Path

import click

from .. import __version__, settings
from ..errors import ExitCode, SarabanError, internal_error
from .registry import COMMANDS, db_option
from .signins import signin_log
from .web import serve, users
from .worker import worker

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
engine_option = click.option("--engine", type=click.Choice(["saraban", "tesseract"]), default=None,
                             help="OCR engine (default: saraban).")


class Main(click.Group):
    """Turns SarabanErrors into their message and exit code; traceback only with -v.

    Ctrl-C exits 130 and SIGTERM 143, each after the work under way is undone (the file
    being read is not registered, the worker processes are stopped). A bug is an
    "internal error" whose traceback goes to the error log the message names."""

    def invoke(self, ctx):
        main_thread = threading.current_thread() is threading.main_thread()
        before = signal.signal(signal.SIGTERM, _terminated) if main_thread else None
        try:
            return self._invoke(ctx)
        finally:
            if main_thread:
                signal.signal(signal.SIGTERM, signal.SIG_DFL if before is None else before)

    def _invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SarabanError as e:
            if ctx.params.get("verbose"):
                raise
            click.echo(f"saraban: {e}", err=True)
            ctx.exit(int(e.exit_code))
        except (KeyboardInterrupt, Terminated) as e:
            what = "interrupted" if isinstance(e, KeyboardInterrupt) else "stopped (SIGTERM)"
            click.echo(f"saraban: {what}; what was being done is undone, what was finished is kept.\n"
                       "  Run the same command again to go on.", err=True)
            ctx.exit(int(ExitCode.interrupted if isinstance(e, KeyboardInterrupt) else ExitCode.terminated))
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as e:
            if ctx.params.get("verbose"):
                raise
            from ..registry.health import damaged_error, is_damage

            if isinstance(e, sqlite3.DatabaseError) and is_damage(e):   # met past the registry's checks
                click.echo(f"saraban: {damaged_error(None, e)}", err=True)
                ctx.exit(int(ExitCode.registry))

            error = internal_error(f"running saraban {ctx.invoked_subcommand}", settings.get("error_log"),
                                   rest="what was finished is kept.")
            click.echo(f"saraban: {error}", err=True)
            ctx.exit(int(error.exit_code))


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every ``with`` block undoes its work."""


def _terminated(signum, frame):
    raise Terminated()


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="saraban")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks.")
def main(verbose):
    """Saraban: scanned Thai government letters into a searchable registry."""


def _open_registry(db):
    """The registry a command writes into: checked first, a damaged file refused."""
    from ..registry.store import Registry

    registry = Registry(settings.db_path(db), check=True)
    for notice in registry.notices():
        click.echo(f"saraban: warning: {notice}", err=True)
    return registry


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--jobs", "-j", type=int, default=None, help="Pages read in parallel (default: all cores).")
@click.option("--force", is_flag=True, help="Read files again even if their bytes are already registered.")
@engine_option
@click.option("--queue", "queue", default=None, metavar="URL",
              help="Have the pages read by the workers of this Redis queue (saraban worker --broker URL); "
                   "--jobs is then the number of worker processes to keep busy (default: $SARABAN_BROKER, "
                   "else read here).")
def ingest(paths, db, jobs, force, engine, queue):
    """Register every letter in the scanned files or folders PATHS."""
    from ..batch import ingest_paths
    from ..gather import gather
    from ..report import Progress, print_summary

    found = gather(paths)
    if all(f.skipped for f in found):
        for f in found:
            click.echo(f"saraban: skipped: {f.problem}", err=True)
        raise SarabanError("No PDF, TIFF, JPEG or PNG files found in the given paths.",
                           hint="Point saraban ingest at scanned files or a folder holding them.")
    registry = _open_registry(db)
    run = ingest_paths
    if queue or settings.get("broker"):
        from ..queued import ingest_queued  # the same batch, its pages read by the queue's workers

        run = partial(ingest_queued, url=queue or settings.get("broker"))
    with Progress(len(found)) as progress:
        results = run(found, registry, jobs=jobs, force=force, engine=engine,
                      progress=progress.page, on_file=progress.file_done)
    print_summary(results)
    sys.exit(_batch_status(results))


def _batch_status(results) -> int:
    """0 when nothing failed; 1 when some files failed beside others read; else the failure's own
    status (3 for unreadable input...); 8 when the disk filled up, whatever came before."""
    failed = [r.error.exit_code for r in results if r.status == "failed"]
    if ExitCode.disk_full in failed:
        return int(ExitCode.disk_full)
    if not failed:
        return 0
    if any(r.status in ("registered", "duplicate") for r in results):
        return int(ExitCode.some_files_failed)
    return int(max(failed))


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@engine_option
@click.option("--no-text-layer", is_flag=True, help="OCR every page even if the PDF has a good text layer.")
@click.option("--jobs", "-j", type=int, default=None)
def ocr(file, engine, no_text_layer, jobs):
    """Print the text of each page of FILE, pages separated by form feeds."""
    from .. import load
    from ..pipeline import PageReader, read_document

    doc = load.open_document(file)
    with PageReader(jobs) as reader:
        pages = read_document(doc, reader, engine, use_text_layer=not no_text_layer)
    click.echo("\f".join(p.text + "\n" for p in pages), nl=False)


@main.command(name="eval")
@click.argument("directory", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--fresh", "seed", type=int, default=None,
              help="Score a fresh set the generator makes from this seed (not the tuning set).")
@click.option("--count", type=click.IntRange(min=1), default=None,
              help="With --fresh: only this many bundles, drawn for the seed.")
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="With --fresh: write the set to this new or empty folder and leave it there.")
@click.option("--paper", is_flag=True,
              help="With --fresh: damaged bundles may also be photocopied twice, faxed, photographed on a "
                   "desk, shown through from their back, or archived at 100-150 dpi.")
@click.option("--jobs", "-j", type=int, default=None)
@click.option("--limit", type=int, default=None, help="Only the first N bundles.")
@click.option("--baseline/--no-baseline", default=True, help="Also score plain Tesseract, side by side.")
@click.option("--clean", "clean_steps", default=None, help="Cleaning steps to measure (default: the setting).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--readings", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep each file's page readings in this folder and reuse them on the next run "
                   "(score extraction again without reading the pages again). Readings are keyed "
                   "by file, engine and cleaning, not by the reader's code: empty the folder "
                   "after changing how pages are read.")
def eval_(directory, seed, count, keep, paper, jobs, limit, baseline, clean_steps, as_json, readings):
    """Score extraction and OCR on sample bundles with ground truth (*.truth.json) in DIRECTORY,
    or on a fresh set (--fresh SEED): the committed samples/bundles are the tuning set."""
    from ..evaluate import evaluate, evaluate_fresh, format_report

    if (directory is None) == (seed is None):
        raise click.UsageError("Give either DIRECTORY (e.g. samples/bundles) or --fresh SEED, not both.")
    if seed is None and (count or keep or paper):
        raise click.UsageError("--count, --keep and --paper go with --fresh SEED.")
    options = dict(jobs=jobs, limit=limit, baseline=baseline, clean=clean_steps, readings=readings,
                   progress=lambda msg: click.echo(msg, err=True))
    report = (evaluate(directory, **options) if seed is None else
              evaluate_fresh(seed, count=count, keep=keep, paper=paper, **options))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report))


@main.command()
@click.option("--db", default=None, metavar="FILE|URL",
              help="Also check this registry: SQLite, the full-text index, the originals (changes nothing).")
def doctor(db):
    """Check Tesseract, its Thai data, fonts, models (and with --db a registry); say how to fix them."""
    from ..doctor import registry_checks, run_checks

    failed = []
    for check in run_checks() + (registry_checks(db) if db else []):
        click.echo(f"[{'ok ' if check.ok else check.label}] {check.name}: {check.detail}")
        if not check.ok:
            failed.append(int(check.code))
            click.echo(f"        fix: {check.fix}")
    sys.exit(max(failed, default=0))


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@db_option
@click.option("--jobs", "-j", type=int, default=None)
@click.option("--interval", type=float, default=2.0, help="Seconds between looks at the folder.")
@click.option("--once", is_flag=True, help="Register what is there now, then stop.")
@click.option("--quiet", type=float, default=None, help="Seconds a file must stay unchanged (default: the setting).")
@click.option("--wait", type=float, default=None, help="Seconds to wait for a quiet file that is not complete.")
def watch(directory, db, jobs, interval, once, quiet, wait):
    """Register each file that lands in DIRECTORY; move it to done/ or failed/ (reason beside it)."""
    from ..watch import shown, watch_folder

    registry = _open_registry(db)
    for result in watch_folder(directory, registry, jobs=jobs, interval=interval, once=once, quiet=quiet, wait=wait):
        letters = ", ".join(r.get("doc_no") or "?" for r in result.letters)
        click.echo(shown(f"{result.name}: {result.status}" + (f" ({letters})" if letters else "")
                         + (f" — {result.error.message}" if result.error and result.status == "failed" else "")))


def _add_commands():
    """Commands that live beside the pipeline: the registry's queries and the web workspace."""
    users.add_command(signin_log)
    for command in [*COMMANDS, worker, serve, users]:
        main.add_command(command)


_add_commands()


if __name__ == "__main__":
    main()
