"""What ``saraban ingest`` shows a clerk: a progress bar on stderr, a summary table at the end."""
from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn
from rich.table import Table

stderr = Console(stderr=True)


class Progress:
    """Pages read, across all files; one line per finished file."""

    def __init__(self, files: int):
        self.files = files
        self._bar = RichProgress(TextColumn("reading pages"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=stderr, transient=True,
                                 disable=not stderr.is_terminal)
        self._task = None

    def __enter__(self):
        self._bar.__enter__()
        self._task = self._bar.add_task("pages", total=None)
        return self

    def __exit__(self, *exc):
        self._bar.__exit__(*exc)

    def page(self, n: int = 1):
        self._bar.advance(self._task, n)

    def file_done(self, result):
        word = {"registered": "registered", "duplicate": "skipped", "failed": "FAILED", "skipped": "skipped"}
        self._bar.console.print(f"{word[result.status]}: {result.name} ({len(result.letters)} letters, "
                                f"{result.seconds:.1f} s)", highlight=False, markup=False)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _flags(flags: list[str]) -> str:
    """The first flag, shortened, and how many more: the rest is in `saraban show`."""
    if not flags:
        return ""
    first = flags[0] if len(flags[0]) <= 70 else flags[0][:69] + "…"
    return first + (f" (+{len(flags) - 1} more)" if len(flags) > 1 else "")


def print_summary(results, console: Console | None = None):
    console = console or Console(soft_wrap=False, width=None if stdout_is_terminal() else 160)
    table = Table(title="saraban ingest", show_lines=False)
    for col in ("file", "letters", "number", "date", "subject", "flags"):
        table.add_column(col, overflow="fold")
    for r in results:
        if r.status != "registered":
            table.add_row(r.name, "0" if r.status == "failed" else "-", "", "", "",
                          ("FAILED: " if r.status == "failed" else "") + (r.error.message if r.error else ""))
            continue
        if not r.letters:
            table.add_row(r.name, "0", "", "", "", "no letter found")
        for i, letter in enumerate(r.letters):
            table.add_row(r.name if i == 0 else "", str(len(r.letters)) if i == 0 else "",
                          letter.get("doc_no") or "-", letter.get("date") or "-",
                          (letter.get("subject") or "-")[:60], _flags(letter.get("flags") or []))
    console.print(table)
    registered = sum(r.status == "registered" for r in results)
    letters = sum(len(r.letters) for r in results)
    failed = [r for r in results if r.status == "failed"]
    dup = sum(r.status == "duplicate" for r in results)
    skipped = [r for r in results if r.status == "skipped"]
    console.print(f"{registered} file(s) registered with {letters} letter(s); {dup} already registered; "
                  f"{len(failed)} failed" + (f"; {len(skipped)} skipped (not scans)." if skipped else "."))
    errors = Console(stderr=True, soft_wrap=True)  # a message is one line each: grep finds it
    for r in skipped:
        errors.print(f"skipped: {r.error}", highlight=False, markup=False)
    for r in failed:
        errors.print("[red]failed[/red]: ", end="", highlight=False)
        errors.print(str(r.error), highlight=False, markup=False)
