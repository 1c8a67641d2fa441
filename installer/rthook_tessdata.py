"""PyInstaller runtime hook: point Tesseract at the language data shipped inside the bundle; OpenCV video set-up."""

import os
import sys

_base = getattr(sys, "_MEIPASS", None)
if _base:
    _tessdata = os.path.join(_base, "tessdata")
    if os.path.isdir(_tessdata):
        os.environ["TESSDATA_PREFIX"] = _tessdata
        os.environ.setdefault("WORKSTATION_BUNDLED_TESSDATA", _tessdata)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    # OpenCV's FFmpeg libraries are stubs in the Linux bundle (installer/slim.py): never try them,
    # so a video file or stream fails to open cleanly instead of stopping the program.
    if sys.platform.startswith("linux"):
        os.environ["OPENCV_VIDEOIO_PRIORITY_FFMPEG"] = "0"
