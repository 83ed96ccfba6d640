"""Every setting in one table: name, default, environment variable, help.

The CLI, the README and ``tests/test_settings.py`` are checked against this table.
Read a value with ``get("db")``; the environment overrides the default.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import BadArgumentError


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    env: str
    help: str
    type: type = str


SETTINGS = {s.name: s for s in [
    Setting("db", "saraban.db", "SARABAN_DB", "registry: a database file, or a PostgreSQL server's postgresql:// address"),
    Setting("server_files", "saraban-server", "SARABAN_SERVER_FILES",
            "folder of this machine's own files for a server registry: web users, sign-ins, uploads waiting, copies of scans shown"),
    Setting("jobs", str(os.cpu_count() or 1), "SARABAN_JOBS", "pages read in parallel processes", int),
    Setting("dpi", "300", "SARABAN_DPI", "resolution PDF pages are rendered at", int),
    Setting("engine", "saraban", "SARABAN_ENGINE", "OCR engine: saraban (Tesseract + our digit recognizer) or tesseract"),
    Setting("arbiter", "off", "SARABAN_ARBITER",
            "how the saraban engine decides between Tesseract and its line model: off (the rules) or fitted"),
    Setting("clean", "orient,border,deskew", "SARABAN_CLEAN",
            "cleaning steps in order (orient, border, deskew, flatten, rules), chosen by saraban eval"),
    Setting("lang", "tha+eng", "SARABAN_LANG", "Tesseract languages"),
    Setting("tessdata", "", "TESSDATA_PREFIX", "Tesseract language data folder (found automatically when empty)"),
    Setting("max_pixels", str(120_000_000), "SARABAN_MAX_PIXELS", "largest page image accepted, in pixels", int),
    Setting("max_pages", "500", "SARABAN_MAX_PAGES", "most pages accepted in one file", int),
    Setting("page_timeout", "120", "SARABAN_PAGE_TIMEOUT", "seconds allowed to read one page", int),
    Setting("watch_quiet", "5", "SARABAN_WATCH_QUIET",
            "seconds a file in a watched folder must stay unchanged before it is read", float),
    Setting("watch_wait", "300", "SARABAN_WATCH_WAIT",
            "seconds a quiet file that does not look complete (no PDF trailer) is waited for", float),
    Setting("error_log", "~/.local/state/saraban/errors.log", "SARABAN_ERROR_LOG",
            "file the traceback of an internal error is appended to"),
    Setting("broker", "", "SARABAN_BROKER",
            "Redis URL of the page queue (redis://host:6379/0) for saraban worker and ingest --queue; "
            "empty: pages are read on this machine"),
    Setting("queue_visibility", "3600", "SARABAN_QUEUE_VISIBILITY",
            "seconds a page taken by a worker that is gone waits before another worker gets it "
            "(above the longest page: page_timeout)", int),
    Setting("queue_attempts", "3", "SARABAN_QUEUE_ATTEMPTS",
            "times a page may stop its worker (crash, kill, out of memory) before its file fails", int),
    Setting("queue_max_memory", "1500000", "SARABAN_QUEUE_MAX_MEMORY",
            "kilobytes a queue worker process may grow to before it is replaced (after its page)", int),
    Setting("queue_wait", "900", "SARABAN_QUEUE_WAIT",
            "seconds ingest --queue waits for a page (or for the queue to come back) before its file fails", int),
    Setting("user", "", "SARABAN_USER", "name recorded in the audit trail for corrections (defaults to the login name)"),
]}


KIND_NAMES = {int: "whole number", float: "number", str: "text"}


def get(name: str):
    """The setting's value: its environment variable's, else the default. A value that is
    not of the setting's kind (``SARABAN_JOBS=two``) is a BadArgumentError saying so."""
    s = SETTINGS[name]
    raw = os.environ.get(s.env) or s.default
    try:
        return s.type(raw)
    except ValueError:
        kind = KIND_NAMES.get(s.type, s.type.__name__)
        raise BadArgumentError(f"The setting {s.env}={raw!r} is not a {kind} ({s.help}).",
                               hint=f"Set {s.env} to a {kind}, such as the default {s.default}, or unset it.") from None


def is_server(place) -> bool:
    """Whether a registry's place (``--db``, ``$SARABAN_DB``) is a PostgreSQL server's address."""
    return str(place).startswith(("postgresql://", "postgres://"))


def db_path(explicit: str | os.PathLike | None = None) -> Path | str:
    """The registry's place: a file's path, or a server's address as given."""
    place = explicit or get("db")
    return str(place) if is_server(place) else Path(place)


def files_base(place) -> Path:
    """The path a registry's own files on this machine are named after (``X.users.json``,
    ``X.files/.uploads``…): the registry file itself, or for a server registry its database's
    name in the ``server_files`` folder (made, owner-only, when missing)."""
    if not is_server(place):
        return Path(place).resolve()
    folder = Path(get("server_files")).resolve()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = urlsplit(str(place)).path.strip("/") or "saraban"
    return folder / f"{name}.db"


def files_folder(place) -> Path:
    """The folder of a registry's scans and uploads on this machine: ``<files_base>.files``."""
    base = files_base(place)
    return base.with_name(base.stem + ".files")
