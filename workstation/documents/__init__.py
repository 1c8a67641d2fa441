"""Documents: classification, the MRZ, and the field readers of each document kind.

Public entry point: :func:`read_document` (one file in, one ``DocumentReading`` out; the JSON
of ``workstation read --json`` is its ``as_dict()``). It is loaded lazily, so importing the
pure parts (``workstation.documents.mrz``) does not pull in imaging and OCR.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DocumentReading", "FieldValue", "read_document", "register_reader"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from workstation.documents import reading

        return getattr(reading, name)
    raise AttributeError(f"module 'workstation.documents' has no attribute {name!r}")
