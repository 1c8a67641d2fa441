"""PyInstaller runtime hook: point Tesseract at the language data shipped inside the bundle."""

import os
import sys

_base = getattr(sys, "_MEIPASS", None)
if _base:
    _tessdata = os.path.join(_base, "tessdata")
    if os.path.isdir(_tessdata):
        os.environ["TESSDATA_PREFIX"] = _tessdata
        os.environ.setdefault("WORKSTATION_BUNDLED_TESSDATA", _tessdata)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
