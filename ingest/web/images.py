"""Page images for the review screen, looked up by the file's sha256 in the registry.

No path from a request is ever used: the request names a sha256 (checked as 64 hex
digits) and a page number; the registry says where the original scan is.

The picture is the page as the reader saw it: rendered at the reading resolution and
turned by the rotations recorded in ``PageText.turns`` (upside down, sideways, skew), so
the boxes, which are in the coordinates of that turned image, land on the right words.
Turning a 300 dpi page costs a fraction of a second, so each shown page is kept on disk
beside the registry (``<db>.files/.cache/``), named by sha256, page, width and turns: a
page read again with other turns gets a new picture, never a stale one.
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from .. import load
from ..errors import NotFoundError
from ..registry.health import temp_prefix
from .lib import SHA256

WIDTH = 1240          # px: sharp on a laptop screen at 2x zoom, ~150 dpi for A4
CACHE_SIZE = 48       # pictures also kept in memory (a clerk flips between the same pages)

_memory: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()


def cache_dir(reg) -> Path:
    return reg.files_dir / ".cache"


def page_png(reg, sha256: str, number: int, width: int = WIDTH) -> bytes:
    """Page ``number`` (1-based) of the registered file ``sha256`` as JPEG bytes, turned
    the way it was read."""
    if not SHA256.match(sha256 or ""):
        raise NotFoundError("Not a file id.")
    page = _page(reg, sha256, number)
    turns = list(page.turns) if page is not None else []
    digest = hashlib.sha256(repr(turns).encode()).hexdigest()[:10]
    name = f"{sha256}-{number}-{width}-{digest}.jpg"
    key = (str(reg.path), name)
    with _lock:
        if key in _memory:
            _memory.move_to_end(key)
            return _memory[key]
    path = cache_dir(reg) / name
    try:
        data = path.read_bytes()
    except OSError:
        data = _render(reg, sha256, number, width, page)
        _store(path, data)
    with _lock:
        _memory[key] = data
        while len(_memory) > CACHE_SIZE:
            _memory.popitem(last=False)
    return data


def _page(reg, sha256: str, number: int):
    try:
        return reg.page(sha256, number)
    except NotFoundError:
        return None


def _render(reg, sha256: str, number: int, width: int, page) -> bytes:
    rows = reg.q("SELECT pages, size FROM files WHERE sha256 = ?", (sha256,))
    path = reg.original_path(sha256)
    if not rows or path is None or not path.is_file():
        raise NotFoundError(f"The scan of file {sha256[:12]}… is not in the registry.")
    pages = rows[0]["pages"] or 1
    if not 1 <= number <= pages:
        raise NotFoundError(f"File {sha256[:12]}… has no page {number}.")
    doc = load.Document(path, load.sniff(path), pages, sha256, rows[0]["size"] or path.stat().st_size)
    image = turned(load.render_page(doc, number - 1)[0], page)
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), resample=3)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=82, optimize=True)
    return buf.getvalue()


def turned(image, page):
    """The loaded page turned as the reader turned it before reading (``page.turns``).

    A registry written before pages recorded their turns has none: a page read sideways
    then shows only as width and height swapped, and a quarter turn puts it right."""
    from .. import clean

    if page is None:
        return image
    if page.turns:
        return clean.apply_turns(image, page.turns)
    if page.width and page.height and (page.width > page.height) != (image.width > image.height):
        return image.rotate(90, expand=True)
    return image


def _store(path: Path, data: bytes) -> None:
    """Write the cached picture whole or not at all (two requests may render it at once)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(), dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only folder: the picture is still served, just rendered again next time
