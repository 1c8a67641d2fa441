"""A small OCR-B model for the MRZ, trained here (``python -m workstation.documents.ocrb.train``).

Used by :mod:`workstation.documents.mrz_reader` when the OCR engine can load a model from an
extra folder with the legacy engine (``recognize(..., tessdata_dir=..., oem=0)``); otherwise the
stock English model with a whitelist reads the zone and the parser's filler logic cleans up.
"""

from __future__ import annotations

from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent
MODEL_LANG = "ocrb"


def model_available() -> bool:
    """Whether ``ocrb.traineddata`` is installed next to this module."""
    return (MODEL_DIR / f"{MODEL_LANG}.traineddata").is_file()
