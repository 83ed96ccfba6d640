"""``saraban watch``: register each file that lands in a folder (a scanner's network share).

A file is taken once its size has stopped changing; afterwards it is moved to
``done/`` or ``failed/``, a failed file with ``NAME.reason.txt`` beside it.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from . import load
from .pipeline import PageReader, ingest_file


def _settled(folder: Path, seen: dict) -> list[Path]:
    ready = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith(".") or path.suffix.lower() not in load.SUPPORTED_SUFFIXES:
            continue
        size = path.stat().st_size
        if seen.get(path) == size:
            ready.append(path)
        seen[path] = size
    return ready


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    n = 1
    while target.exists():
        target = folder / f"{path.stem}.{n}{path.suffix}"
        n += 1
    shutil.move(str(path), target)
    return target


def watch_folder(folder: Path, registry, *, jobs=None, interval: float = 2.0, once: bool = False):
    """Yield a FileResult for each file registered; runs until interrupted unless ``once``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    seen: dict = {}
    with PageReader(jobs) as reader:
        while True:
            ready = _settled(folder, seen)
            if once and not ready:
                ready = _settled(folder, seen)  # second look: sizes now known
            for path in ready:
                seen.pop(path, None)
                result = ingest_file(path, registry, reader)
                target = _move(path, folder / ("failed" if result.status == "failed" else "done"))
                if result.status == "failed":
                    target.with_name(target.name + ".reason.txt").write_text(str(result.error) + "\n", "utf-8")
                yield result
            if once:
                return
            time.sleep(interval)
