"""``saraban watch``: register each file that lands in a folder (a scanner's network share).

Scanners and SMB copies write a file in bursts with pauses between them, so a file is
taken only when it is complete: its size and modification time unchanged for the quiet
period, and its end the end its format has (a PDF's ``%%EOF`` trailer that PDFium opens,
a PNG's IEND chunk, a JPEG's end-of-image mark). A file that is quiet but not complete
gets the longer wait; still incomplete then, it is read anyway and, when that fails,
reported as a copy that never finished.

Each file is then moved to ``done/`` or ``failed/``, a failed file with a reason file
beside it that starts with the file's full name (a name too long for the reason file's is
shortened, with a hash to keep it unique). One bad file never stops the watcher; only a
damaged registry does, leaving the file where it is.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .errors import DamagedRegistryError, SarabanError
from .gather import SUPPORTED_SUFFIXES, display_name
from .registry import upkeep
from .batch import ingest_in_order
from .pipeline import FileResult, PageReader, check_settings

REASON = ".reason.txt"
TAIL_BYTES = 2048     # a PDF's %%EOF sits in its last lines; some writers add a few bytes after it
PNG_END = b"IEND\xaeB`\x82"   # the IEND chunk's type and CRC, the same in every PNG
NAME_MAX = 255        # bytes in a file name, where the filesystem does not say


def shown(text: str) -> str:
    """``text`` printable: bytes of a file name that are not UTF-8 are written ``\\xNN``
    (names themselves go through ``gather.display_name``, which knows TIS-620 first)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def looks_complete(path: Path) -> bool:
    """Whether the file ends the way its format ends (formats with no end mark: True)."""
    with open(path, "rb") as f:
        head = f.read(1024)
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - TAIL_BYTES))
        tail = f.read()
    if not head:
        return False
    if b"%PDF" in head:
        return b"%%EOF" in tail and _pdfium_opens(path)
    if head.startswith(b"\x89PNG"):
        return tail.endswith(PNG_END)
    if head.startswith(b"\xff\xd8"):
        return tail.rstrip(b"\x00").endswith(b"\xff\xd9")
    return True


def _pdfium_opens(path: Path) -> bool:
    import pypdfium2 as pdfium

    try:
        pdfium.PdfDocument(str(path)).close()
    except pdfium.PdfiumError as e:
        return "password" in str(e)   # complete, only locked: reading it says so
    return True


@dataclass
class _Look:
    stat: tuple            # size, mtime, ctime
    since: float           # monotonic time this stat was first seen
    complete: bool | None = None


class Inbox:
    """The files of a folder and how long each has been quiet."""

    def __init__(self, folder: Path, quiet: float, wait: float):
        self.folder, self.quiet, self.wait = folder, quiet, wait
        self._seen: dict[Path, _Look] = {}
        self._aside: dict[Path, tuple] = {}   # could not be moved: not again until it changes

    def _candidates(self, present: set):
        """(path, stat, key) of each file that may be taken; every file there goes in ``present``."""
        for path in sorted(self.folder.iterdir()):
            if path.name.startswith(".") or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            try:
                st = path.stat()
            except OSError:        # gone meanwhile, or a link to nothing
                continue
            key = (st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            present.add(path)
            if path.is_file() and self._aside.get(path) != key:
                yield path, st, key

    def ready(self) -> list[tuple[Path, bool]]:
        """(file, complete) for each file to take now."""
        now, wall, taken, present = time.monotonic(), time.time(), [], set()
        for path, st, key in self._candidates(present):
            look = self._seen.get(path)
            if look is None or look.stat != key:
                self._seen[path] = _Look(key, now)
                continue
            quiet_for = max(now - look.since, wall - max(st.st_mtime, st.st_ctime))
            if quiet_for < self.quiet:
                continue
            if look.complete is None:
                look.complete = _complete(path)
            if look.complete or quiet_for >= self.wait:
                taken.append((path, look.complete))
        for gone in set(self._seen) - present:
            del self._seen[gone]
        for gone in set(self._aside) - present:
            del self._aside[gone]   # set aside, then taken away by hand: forgotten
        return taken

    def done_with(self, path: Path) -> None:
        self._seen.pop(path, None)

    def set_aside(self, path: Path) -> None:
        look = self._seen.pop(path, None)
        if look:
            self._aside[path] = look.stat

    @property
    def aside(self) -> set[Path]:
        """The files set aside (they could not be moved), not taken again until they change."""
        return set(self._aside)

    def pending(self) -> bool:
        return bool(self._seen)


def _complete(path: Path) -> bool:
    try:
        return looks_complete(path)
    except OSError:
        return False


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return NAME_MAX


def _fit(stem: str, ending: str, limit: int) -> str:
    """``stem + ending`` cut (in whole characters) to ``limit`` bytes on disk."""
    room = limit - len(os.fsencode(ending))
    while len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    return stem + ending


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    target, n, limit = folder / path.name, 1, _name_max(folder)
    while os.path.lexists(target):
        target = folder / _fit(path.stem, f".{n}{path.suffix}", limit)
        n += 1
    shutil.move(str(path), target)
    return target


def reason_path(target: Path) -> Path:
    """Where the reason for ``target`` goes: NAME.reason.txt, or a shortened name with a
    hash of the full one when that is too long for the filesystem."""
    limit = _name_max(target.parent)
    if len(os.fsencode(target.name + REASON)) <= limit:
        return target.with_name(target.name + REASON)
    digest = hashlib.sha256(os.fsencode(target.name)).hexdigest()[:10]
    return target.with_name(_fit(target.name, f"~{digest}{REASON}", limit))


def _reason(target: Path, result: FileResult, complete: bool, wait: float) -> str:
    text = f"File: {display_name(target)}\n{result.error}\n"
    if not complete:
        size = target.stat().st_size
        text += (f"\nIt stopped growing at {size} bytes and did not end as a complete file within "
                 f"{wait:g} s: if it was still being copied, copy it into the folder again.\n")
    return shown(text)


def _file_away(path: Path, complete: bool, result: FileResult, folder: Path, wait: float) -> None:
    if isinstance(result.error, DamagedRegistryError):
        raise result.error      # the registry cannot take files: stop, the file stays where it is
    failed = result.status == "failed"
    target = _move(path, folder / ("failed" if failed else "done"))
    if failed:
        reason_path(target).write_text(_reason(target, result, complete, wait), "utf-8")


def watch_folder(folder: Path, registry, *, jobs=None, interval: float = 2.0, once: bool = False,
                 quiet: float | None = None, wait: float | None = None):
    """Yield a FileResult for each file taken; runs until interrupted, or with ``once``
    until every file there has been taken."""
    check_settings()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    inbox = Inbox(folder, settings.get("watch_quiet") if quiet is None else quiet,
                  settings.get("watch_wait") if wait is None else wait)
    with PageReader(jobs) as reader:
        while True:
            registered = False
            ready = inbox.ready()
            # the pages of every file ready now share the pool: a folder of one-page scans keeps each core busy
            results = ingest_in_order([path for path, _ in ready], registry, reader)
            for (path, complete), result in zip(ready, results):
                registered = registered or result.status == "registered"
                try:
                    _file_away(path, complete, result, folder, inbox.wait)
                    inbox.done_with(path)
                except OSError as e:   # it could not be moved aside or its reason written
                    inbox.set_aside(path)
                    result = FileResult(path, "failed", error=SarabanError(
                        f"{display_name(path)}: could not be filed away ({e.strerror or e}).",
                        hint="Move it out of the folder by hand; the watcher goes on with the others."))
                yield result
            if registered:
                upkeep.tidy(registry)   # between rounds: the index stays quick to search
            if once and not inbox.pending():
                return
            time.sleep(interval)
