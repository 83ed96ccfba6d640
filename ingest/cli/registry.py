"""Registry commands of ``saraban``: export, show, search, chain, register, edit, history.

Each parses its arguments, calls one library function and prints. ``ingest/cli/main.py``
adds them to the main group (``for c in COMMANDS: main.add_command(c)``).
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from .. import settings
from ..errors import RegistryError, SarabanError
from ..thai.dates import BE_OFFSET

db_option = click.option("--db", default=None, metavar="FILE|URL",
                         help="Registry file, or a PostgreSQL server's postgresql://… address "
                              "(default: $SARABAN_DB, else ./saraban.db).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


class SarabanClickError(click.ClickException):
    def __init__(self, error: SarabanError):
        super().__init__(str(error))
        self.exit_code = int(error.exit_code)


@contextmanager
def _registry(db, check: bool = False):
    """Open the registry, never creating one (each of these commands needs letters registered
    before); library errors, and a damaged file met while reading it, become click errors
    with their exit code. ``check``: a command that writes checks it first."""
    from ..registry.store import Registry
    from ..registry.health import damaged_error, is_damage

    reg = None
    try:
        reg = Registry(settings.db_path(db), check=check, create=False)
        for notice in reg.notices():
            click.echo(f"saraban: warning: {notice}", err=True)
        yield reg
    except SarabanError as e:
        raise SarabanClickError(e) from e
    except Exception as e:
        if reg is not None and reg.kind != "sqlite" and isinstance(e, reg.errors):
            raise SarabanClickError(reg.error_of(e)) from e
        if not isinstance(e, sqlite3.DatabaseError):
            raise
        path = settings.db_path(db)
        raise SarabanClickError(damaged_error(path, e) if is_damage(e) else RegistryError(
            f"The registry {path} cannot be read: {e}.",
            hint=f"If another program is writing to it, wait and run again; saraban doctor --db {path} "
                 "checks it.")) from e
    finally:
        if reg is not None:
            reg.close()


def _day(ctx, param, value):
    """YYYY-MM-DD in the Common Era; a Buddhist-era year (25xx) is converted."""
    if value is None:
        return None
    try:
        y, m, d = (int(x) for x in value.split("-"))
        return date(y - BE_OFFSET if y > 2400 else y, m, d).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2024-01-15") from None


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
def export(db, fmt, output):
    """Print every registered letter as contract records."""
    from ..registry.store import export as run

    with _registry(db) as reg:
        text = run(reg, fmt, None)
    if output:
        output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    else:
        click.echo(text, nl=False)


@click.command()
@click.argument("doc_no")
@db_option
@json_option
def show(doc_no, db, as_json):
    """Show the letter numbered DOC_NO (typed any way; #ID for a letter id)."""
    with _registry(db) as reg:
        found = reg.find_doc_no(doc_no) if not doc_no.lstrip("#").isdigit() else []
        ids = [r["id"] for r in found] or [reg.resolve(doc_no)]
        records = [reg.letter(i) for i in ids]
    if len(records) > 1:
        click.echo(f"{len(records)} letters carry this number; showing the newest first.", err=True)
    if as_json:
        click.echo(_dump(records[0]))
        return
    for rec in records:
        click.echo(_describe(rec))


def _describe(rec: dict) -> str:
    lines = [f"{rec['doc_no'] or '(no number)'}  [{rec['kind']}]  id {rec['id']}"]
    for label, key in (("date", "date"), ("from", "issuer"), ("subject", "subject"),
                       ("urgency", "urgency"), ("secrecy", "secrecy"), ("purpose", "purpose")):
        if rec.get(key):
            lines.append(f"  {label:9} {rec[key]}")
    if rec["recipients"]:
        lines.append(f"  {'to':9} " + "; ".join(rec["recipients"]))
    for r in rec["references"]:
        lines.append(f"  {'cites':9} {r.get('doc_no') or '?'} {r.get('date') or ''}")
    for d in rec["directives"]:
        lines.append(f"  {d.get('number')}. {d.get('text')}")
    if rec.get("receipt"):
        r = rec["receipt"]
        lines.append(f"  {'received':9} no. {r.get('number')} {r.get('date') or ''} {r.get('time') or ''} "
                     f"{r.get('receiver') or ''}".rstrip())
    for k in rec.get("links", []):
        arrow = "↑" if k["direction"] == "up" else "↓"
        lines.append(f"  {arrow} {k['kind']:11} {k['doc_no'] or '#' + str(k['id'])}"
                     + (" (not scanned)" if k["placeholder"] else ""))
    if rec["flags"]:
        lines.append("  check: " + "; ".join(rec["flags"]))
    src = rec["source"]
    lines.append(f"  {'file':9} {src.get('file')} pages {src.get('pages')}")
    return "\n".join(lines)


@click.command()
@click.argument("query")
@db_option
@json_option
@click.option("--from", "date_from", callback=_day, help="Letters dated on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=_day, help="Letters dated on or before (YYYY-MM-DD).")
@click.option("--urgency", type=click.Choice(["ด่วนที่สุด", "ด่วนมาก", "ด่วน"]))
@click.option("--issuer", help="Issuer name (part of it) or agency code.")
@click.option("--kind", type=click.Choice(["external", "memo", "stamped", "order", "announcement",
                                           "endorsement", "other"]))
@click.option("--limit", type=int, default=20, show_default=True)
def search(query, db, as_json, date_from, date_to, urgency, issuer, kind, limit):
    """Find letters by reference number (typed any way) or Thai words."""
    from ..registry.search import search as run

    with _registry(db) as reg:
        hits = run(reg, query, date_from=date_from, date_to=date_to, urgency=urgency,
                   issuer=issuer, kind=kind, limit=limit)
    if as_json:
        click.echo(_dump([{k: h[k] for k in ("doc_no", "date", "subject", "issuer", "score", "snippet")}
                          for h in hits]))
        return
    if not hits:
        click.echo("No letter found.", err=True)
    for h in hits:
        click.echo(f"{h['score']:>7.2f}  {h['doc_no'] or '#' + str(h['id'])}  {h['date'] or ''}  "
                   f"{h['issuer'] or ''}  {h['subject'] or ''}")
        if h["snippet"]:
            click.echo(f"         {h['snippet']}")


@click.command()
@click.argument("doc_no")
@db_option
@json_option
@click.option("--up", "direction", flag_value="up", help="Only the way up to the root.")
@click.option("--down", "direction", flag_value="down", help="Only what was forwarded below it.")
def chain(doc_no, db, as_json, direction):
    """Trace the forwarding chain through DOC_NO, root to leaves."""
    from ..links.chains import render, to_json, trace

    with _registry(db) as reg:
        result = trace(reg, doc_no, direction or "both")
    click.echo(_dump(to_json(result)) if as_json else render(result))


@click.command()
@db_option
@click.option("--from", "date_from", callback=_day, help="First day of receipt (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=_day, help="Last day of receipt (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "html"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.option("--office", default=None,
              help="The receiving office whose book this is: only its own receipt stamps are listed.")
def register(db, date_from, date_to, fmt, output, office):
    """The receiving register (ทะเบียนหนังสือรับ) grouped by date of receipt."""
    from ..registry.book import register as run

    with _registry(db) as reg:
        result = run(reg, date_from, date_to, fmt, None, office=(office or "").strip() or None)
    if output:
        if fmt == "xlsx":
            output.write_bytes(result)
        else:
            output.write_text(result, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        click.echo(f"wrote {output}", err=True)
    elif fmt == "xlsx":
        click.get_binary_stream("stdout").write(result)
    else:
        click.echo(result, nl=False)


@click.command()
@click.argument("doc_no")
@click.argument("field")
@click.argument("value")
@db_option
@click.option("--reason", default="", help="Why (kept in the audit trail).")
@click.option("--user", default=None, help="Who (default: $SARABAN_USER, else the login name).")
def edit(doc_no, field, value, db, reason, user):
    """Correct FIELD of the letter DOC_NO to VALUE (JSON for lists and objects)."""
    from ..registry.corrections import edit as run

    with _registry(db, check=True) as reg:
        rec = run(reg, doc_no, field, value, user=user, reason=reason)
    click.echo(f"{rec['doc_no'] or '#' + str(rec['id'])}: {field} = "
               f"{json.dumps(rec.get(field), ensure_ascii=False)}")


@click.command()
@click.argument("doc_no")
@db_option
@json_option
def history(doc_no, db, as_json):
    """The corrections made to DOC_NO: who, when, what, why."""
    from ..registry.corrections import history as run

    with _registry(db) as reg:
        trail = run(reg, doc_no)
    if as_json:
        click.echo(_dump(trail))
        return
    if not trail:
        click.echo("No corrections.", err=True)
    for t in trail:
        click.echo(f"{t['at']}  {t['user']}  {t['field']}: {json.dumps(t['old'], ensure_ascii=False)} → "
                   f"{json.dumps(t['new'], ensure_ascii=False)}" + (f"  ({t['reason']})" if t["reason"] else ""))


@click.command()
@db_option
def tidy(db):
    """Merge the registry's text index so that searching stays quick (each batch merges
    for a moment after its files; this merges to the end: a nightly task)."""
    from ..registry.upkeep import segments, tidy as run

    with _registry(db, check=True) as reg:
        if reg.kind != "sqlite":
            click.echo("text index: nothing to merge (the server keeps its own index).")
            return
        before = segments(reg)
        steps = run(reg, None, always=True)
        click.echo(f"text index: {before} segments, now {segments(reg)} ({steps} merge steps).")


@click.command()
@click.argument("src", metavar="SRC")
@click.argument("dest", metavar="DEST")
@click.option("--from", "date_from", callback=_day, default=None, help="Only files with a letter dated from this day.")
@click.option("--to", "date_to", callback=_day, default=None, help="... up to this day.")
@click.option("--issuer", default=None, help="Only files with a letter from this issuer (name or code).")
def migrate(src, dest, date_from, date_to, issuer):
    """Copy the letters of registry SRC, scans and corrections included, into DEST (created
    if new): an office into a shared registry, or a slice back out. Files DEST has already
    are left as they are there."""
    from ..registry.store import Registry
    from ..registry.transfer import migrate as run

    with _registry(src) as source:
        try:
            with Registry(settings.db_path(dest), check=True) as target:
                moved = run(source, target, date_from=date_from, date_to=date_to, issuer=issuer,
                            on_file=lambda name, copied: click.echo(f"{name}: {'copied' if copied else 'already there'}"))
        except SarabanError as e:
            raise SarabanClickError(e) from e
    for name in moved.without_scan:
        click.echo(f"saraban: warning: {name}: {src} has no scan of it; its letters and pages were copied",
                   err=True)
    click.echo(f"{moved.files} file(s) copied with {moved.letters} letter(s); {moved.already} already in {dest}.",
               err=True)


COMMANDS = [export, show, search, chain, register, edit, history, tidy, migrate]
