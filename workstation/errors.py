"""One exception tree for the core.

Third-party errors are translated at the wrapper that calls the library
(``raise OcrError(...) from e``). A failed *check* is never an exception: it is
data in a check report. Each class carries the CLI exit status it maps to
(ARCHITECTURE.md 4.3: 2 for bad input, 1 for an internal failure).
"""

from __future__ import annotations


class WorkstationError(Exception):
    """Base of every error the core raises on purpose; the message is shown to the user."""

    exit_code = 1


class InputError(WorkstationError):
    """The input given by the user is unusable: missing, empty, corrupt, too large, wrong kind."""

    exit_code = 2


class ConfigError(WorkstationError):
    """The configuration or the local installation is wrong (a folder, a setting, a missing tool)."""

    exit_code = 1


class PreprocessError(WorkstationError):
    """An image could not be prepared for reading (no page found, decoding failed late)."""

    exit_code = 1


class OcrError(WorkstationError):
    """The OCR engine is missing, failed, or timed out."""

    exit_code = 1


class OcrEngineMissingError(OcrError):
    """No usable OCR engine (Tesseract binary or language data) was found on this machine."""


class ExtractionError(WorkstationError):
    """Fields could not be extracted from a document for a reason other than poor evidence."""

    exit_code = 1


class RuleError(WorkstationError):
    """A policy file or a rule is malformed (never raised for a failed check)."""

    exit_code = 1


class AuditError(WorkstationError):
    """The audit store could not record or verify an event; the action it records must not happen."""

    exit_code = 1


class AccessDeniedError(WorkstationError):
    """The current user's role does not allow the requested action."""

    exit_code = 1


class CancelledError(WorkstationError):
    """The user cancelled a long-running operation."""

    exit_code = 1
