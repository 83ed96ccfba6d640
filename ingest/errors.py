"""One exception hierarchy with exit codes.

Every error carries the exit code the CLI returns and a message that says what
happened and what to do next. The CLI prints ``str(error)``; the traceback only
with ``-v``.
"""
from __future__ import annotations

import sys
import tempfile
import traceback
from datetime import datetime
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    ok = 0
    some_files_failed = 1
    bad_args = 2
    input_file = 3          # unreadable, corrupt, encrypted, empty, not a document
    missing_dependency = 4  # Tesseract, language data, fonts
    not_found = 5           # a letter or file that is not in the registry
    registry = 6            # the database is locked, corrupt or from a newer version
    ocr = 7                 # the OCR engine failed on a page
    disk_full = 8           # no space left where the registry or its scans are written
    queue = 9               # the page queue (Redis) cannot be reached
    interrupted = 130       # Ctrl-C (SIGINT)
    terminated = 143        # SIGTERM: a service manager or `kill` stopped it


class SarabanError(Exception):
    """Base of every error Saraban reports to a person."""

    exit_code = ExitCode.some_files_failed

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  {self.hint}" if self.hint else self.message


class InputFileError(SarabanError):
    """The file cannot be read as a scanned document."""

    exit_code = ExitCode.input_file


class EncryptedPdfError(InputFileError):
    pass


class EmptyDocumentError(InputFileError):
    pass


class MissingDependencyError(SarabanError):
    exit_code = ExitCode.missing_dependency


class NotFoundError(SarabanError):
    exit_code = ExitCode.not_found


class RegistryError(SarabanError):
    exit_code = ExitCode.registry


class DamagedRegistryError(RegistryError):
    """The registry file itself is damaged: nothing may be written into it."""


class BadArgumentError(SarabanError):
    """Arguments that cannot be carried out as given (say which and what to give instead)."""

    exit_code = ExitCode.bad_args


class OcrError(SarabanError):
    exit_code = ExitCode.ocr


class DiskFullError(SarabanError):
    """No space left on the disk the registry writes to: the batch stops, nothing half-written."""

    exit_code = ExitCode.disk_full


class QueueError(SarabanError):
    """The page queue (Redis, for ``--queue`` and ``saraban worker --broker``) cannot be used."""

    exit_code = ExitCode.queue


class DuplicateFileError(SarabanError):
    """The same bytes are already registered: skipped, not a failure."""

    exit_code = ExitCode.ok


def internal_error(what: str, log: Path, *, rest: str = "nothing of it was changed.",
                   subject: str | None = None) -> SarabanError:
    """An unexpected error (a bug) while doing ``what``: its traceback appended to ``log``.

    Call it inside the ``except`` block. Where the log cannot be written, the temporary
    folder's ``saraban-errors.log`` is used instead.
    """
    kind, value, _ = sys.exc_info()
    text = f"--- {datetime.now().isoformat(timespec='seconds')} {what}\n{traceback.format_exc()}\n"
    for place in (Path(log).expanduser(), Path(tempfile.gettempdir()) / "saraban-errors.log"):
        try:
            place.parent.mkdir(parents=True, exist_ok=True)
            with open(place, "a", encoding="utf-8", errors="backslashreplace") as f:
                f.write(text)
            saved = f"the details are saved in {place}"
            break
        except OSError:
            saved = "the details could not be saved (the disk may be full)"
    start = f"{subject}: internal error" if subject else "internal error"
    error = SarabanError(f"{start} while {what} ({kind.__name__ if kind else 'error'}: {value}); {rest}",
                         hint=f"Please report it (with the file, if one was being read); {saved}.")
    error.__traceback_text__ = text
    return error
