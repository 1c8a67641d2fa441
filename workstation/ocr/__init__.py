"""OCR engines behind one interface; the only package that talks to Tesseract.

Public API::

    engine = get_engine(config)                 # tesserocr if installed, else pytesseract
    result = engine.recognize(img, lang="eng", psm=PageSegMode.SINGLE_BLOCK, whitelist=None)
    result.words[0].text, .confidence (0..1), .bbox (x0, y0, x1, y1), .block/.paragraph/.line/.word
    engine.osd(img).rotation                    # clockwise degrees that make the page upright
"""

from __future__ import annotations

from workstation.ocr.engines import (
    ENGINE_NAMES,
    OcrEngine,
    PytesseractEngine,
    TesserocrEngine,
    get_engine,
    tesserocr_available,
)
from workstation.ocr.installation import find_tessdata_dir, find_tesseract, require_tesseract
from workstation.ocr.model import BBox, OcrLine, OcrResult, OcrWord, OsdResult, PageSegMode, join_strips

__all__ = [
    "ENGINE_NAMES",
    "BBox",
    "OcrEngine",
    "OcrLine",
    "OcrResult",
    "OcrWord",
    "OsdResult",
    "PageSegMode",
    "PytesseractEngine",
    "TesserocrEngine",
    "find_tessdata_dir",
    "find_tesseract",
    "get_engine",
    "join_strips",
    "require_tesseract",
    "tesserocr_available",
]
