"""Document-verification workstation: the headless core.

Nothing in this package imports Qt; the desktop shell lives in ``ui/``.
"""

from __future__ import annotations

from workstation.config import WorkstationConfig
from workstation.errors import (
    AuditError,
    CancelledError,
    ConfigError,
    ExtractionError,
    InputError,
    OcrError,
    PreprocessError,
    RuleError,
    WorkstationError,
)

__version__ = "0.1.0"
LICENCE = "AGPL-3.0-or-later"

__all__ = [
    "LICENCE",
    "AuditError",
    "CancelledError",
    "ConfigError",
    "ExtractionError",
    "InputError",
    "OcrError",
    "PreprocessError",
    "RuleError",
    "WorkstationConfig",
    "WorkstationError",
    "__version__",
]
