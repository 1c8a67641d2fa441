"""Intake: files and buffers turned into page images; the only decoder of images and PDFs.

Public API::

    doc = load_document(path, IntakeOptions.from_config(config))   # or load_bytes(data, name, opts)
    doc.pages[0].image        # uint8 BGR (H, W, 3)
    doc.pages[0].dpi          # render DPI for PDFs, declared DPI for scans, None for phone photos
    doc.pages[0].text_words   # PDF text layer in image pixels (None for images)
"""

from __future__ import annotations

from workstation.intake.loader import SUPPORTED, load_bytes, load_document, sniff_format
from workstation.intake.model import IntakeOptions, PageImage, SourceDocument, TextWord

__all__ = [
    "SUPPORTED",
    "IntakeOptions",
    "PageImage",
    "SourceDocument",
    "TextWord",
    "load_bytes",
    "load_document",
    "sniff_format",
]
