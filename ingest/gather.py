"""Which files a batch reads: the paths named, and the supported files in the folders named.

Nothing here stops a batch: a path that cannot be read (missing, a loop, a pipe, no
permission) is returned with its problem, so the other files are still read and each
problem is reported. File names are shown as text whatever their bytes on disk.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import InputFileError

SUPPORTED_SUFFIXES = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}
OTHER_IMAGES = {".gif": "GIF", ".webp": "WebP", ".bmp": "BMP", ".heic": "HEIC", ".heif": "HEIF",
                ".jp2": "JPEG 2000", ".jxl": "JPEG XL", ".avif": "AVIF"}  # reported when met in a folder


@dataclass(frozen=True)
class Found:
    """A path a batch met: a file to read, or the problem that keeps it from being read.
    ``skipped`` marks what a folder holds beside its scans (a pipe, a GIF): reported, not a failure."""
    path: Path
    problem: InputFileError | None = None
    skipped: bool = False


def gather(paths) -> list[Found]:
    """Every path named, and every file under the folders named, in a stable order; a path
    that cannot be read carries its problem instead of stopping the others."""
    found: list[Found] = []
    for p in map(Path, paths):
        found += _walk(p) if p.is_dir() else [Found(p, not_a_file(p))]
    return found


def _walk(top: Path) -> list[Found]:
    """Supported files under ``top`` (links followed, each folder once, hidden names left out);
    what cannot be read, and images of formats not read, are reported."""
    found: list[Found] = []
    seen: set[tuple[int, int]] = set()

    def cannot_list(e: OSError):
        found.append(Found(Path(e.filename), unreadable(Path(e.filename), e, "look inside the folder")))

    for folder, dirs, files in os.walk(top, onerror=cannot_list, followlinks=True):
        here = Path(folder)
        try:
            st = here.stat()
        except OSError as e:
            found.append(Found(here, unreadable(here, e, "look inside the folder")))
            continue
        if (st.st_dev, st.st_ino) in seen:
            found.append(Found(here, InputFileError(
                f"{shown(here)}: a link to a folder already read (a loop); skipped.",
                hint="Remove the link if it was made by mistake; the files were read once."), skipped=True))
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in (n for n in files if not n.startswith(".")):
            path = here / name
            problem, kind = not_a_file(path), OTHER_IMAGES.get(path.suffix.lower())
            if problem:
                found.append(Found(path, problem, skipped=True))
            elif path.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Found(path))
            elif kind:
                found.append(Found(path, other_image(path, kind), skipped=True))
    return sorted(found, key=lambda f: f.path)


def shown(path, whole: bool = True) -> str:
    """A path (or its name) as text that can be stored and printed whatever its bytes on disk:
    UTF-8, else TIS-620 (old Thai Windows shares), else the odd bytes written as \\xNN."""
    raw = os.fsencode(Path(path) if whole else Path(path).name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("tis_620")
        if all(c.isascii() or "\u0e00" <= c <= "\u0e7f" for c in text):
            return text
    except UnicodeDecodeError:
        pass
    return raw.decode("utf-8", "backslashreplace")


def display_name(path) -> str:
    return shown(path, whole=False)


def not_a_file(path: Path) -> InputFileError | None:
    """Why ``path`` cannot be read as a document file; None when it is a regular file."""
    name = shown(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return InputFileError(f"{name}: a link to a file that is not there ({shown(os.readlink(path))}).",
                                  hint="Point at the scan itself, or put back the file the link names.")
        return InputFileError(f"{name}: no such file or folder.", hint="Check the path and try again.")
    except OSError as e:
        if e.errno == errno.ELOOP:
            return InputFileError(f"{name}: a symbolic link that loops (it leads back to itself).",
                                  hint="Remove the link, or point it at the scan itself.")
        return unreadable(path, e)
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return InputFileError(f"{name}: a folder, not a file.", hint="Ingest the folder: saraban ingest FOLDER.")
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device")
    return InputFileError(f"{name}: {kind}, not a file; nothing was read from it.",
                          hint="Save the scan as a file and ingest that file.")


def unreadable(path: Path, e: OSError, doing: str = "read it") -> InputFileError:
    if isinstance(e, PermissionError):
        return InputFileError(f"{shown(path)}: permission denied: this user may not {doing}.",
                              hint="Ask whoever manages the folder to let this user read it "
                                   "(e.g. chmod o+rX), then run again.")
    return InputFileError(f"{shown(path)}: cannot {doing} ({e.strerror or e}).",
                          hint="Check the disk or network share it is on, then run again.")


def other_image(path: Path, kind: str, name: str | None = None) -> InputFileError:
    return InputFileError(f"{name or shown(path)}: a {kind} image; Saraban reads PDF, TIFF, JPEG and PNG, so it was "
                          "not read.", hint="Save the scan as PDF, TIFF, JPEG or PNG and ingest that file.")


