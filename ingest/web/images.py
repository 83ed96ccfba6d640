"""Page images for the review screen, looked up by the file's sha256 in the registry.

No path from a request is ever used: the request names a sha256 (checked as 64 hex
digits) and a page number; the registry says where the original scan is. Rendered
pages are kept in a small in-memory cache (a clerk flips between the same pages).
"""
from __future__ import annotations

import io
import threading
from collections import OrderedDict

from ..errors import NotFoundError
from .lib import SHA256

WIDTH = 1240          # px: sharp on a laptop screen at 2x zoom, ~150 dpi for A4
CACHE_SIZE = 48

_cache: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()


def page_png(reg, sha256: str, number: int, width: int = WIDTH) -> bytes:
    """Page ``number`` (1-based) of the registered file ``sha256`` as JPEG bytes."""
    if not SHA256.match(sha256 or ""):
        raise NotFoundError("Not a file id.")
    key = (str(reg.path), sha256, number, width)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    data = _render(reg, sha256, number, width)
    with _lock:
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def _render(reg, sha256: str, number: int, width: int) -> bytes:
    from .. import load

    rows = reg.q("SELECT pages, size FROM files WHERE sha256 = ?", (sha256,))
    path = reg.original_path(sha256)
    if not rows or path is None or not path.is_file():
        raise NotFoundError(f"The scan of file {sha256[:12]}… is not in the registry.")
    pages = rows[0]["pages"] or 1
    if not 1 <= number <= pages:
        raise NotFoundError(f"File {sha256[:12]}… has no page {number}.")
    doc = load.Document(path, load.sniff(path), pages, sha256, rows[0]["size"] or path.stat().st_size)
    image, dpi = load.render_page(doc, number - 1, dpi=150)
    image = _match_reading(reg, sha256, number, image)
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)))
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=82, optimize=True)
    return buf.getvalue()


def _match_reading(reg, sha256: str, number: int, image):
    """Turn the picture the way the reader turned the page, so the boxes land on it: a page
    read sideways has its width and height swapped in the registry."""
    try:
        page = reg.page(sha256, number)
    except NotFoundError:
        return image
    if page.width and page.height and (page.width > page.height) != (image.width > image.height):
        return image.rotate(90, expand=True)
    return image
