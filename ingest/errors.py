"""One exception hierarchy with exit codes.

Every error carries the exit code the CLI returns and a message that says what
happened and what to do next. The CLI prints ``str(error)``; the traceback only
with ``-v``.
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    some_files_failed = 1
    bad_args = 2
    input_file = 3          # unreadable, corrupt, encrypted, empty, not a document
    missing_dependency = 4  # Tesseract, language data, fonts
    not_found = 5           # a letter or file that is not in the registry
    registry = 6            # the database is locked, corrupt or from a newer version
    ocr = 7                 # the OCR engine failed on a page
    interrupted = 130


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


class BadArgumentError(SarabanError):
    """Arguments that cannot be carried out as given (say which and what to give instead)."""

    exit_code = ExitCode.bad_args


class OcrError(SarabanError):
    exit_code = ExitCode.ocr


class DuplicateFileError(SarabanError):
    """The same bytes are already registered: skipped, not a failure."""

    exit_code = ExitCode.ok
