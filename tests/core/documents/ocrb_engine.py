"""A test/bench stand-in for the engine change the OCR-B model needs (not shipped).

``workstation.ocr`` engines do not yet take ``tessdata_dir``/``oem``; this subclass of the
pytesseract engine adds them so the MRZ reader's OCR-B path can be tested and benchmarked.
The real change belongs in ``workstation/ocr/engines.py`` (both engines).
"""

from __future__ import annotations

import shlex
import time
from typing import Any

import pytesseract

from workstation.ocr import PageSegMode, PytesseractEngine
from workstation.ocr.model import OcrResult, build_result, parse_tsv


class ModelDirEngine(PytesseractEngine):
    """pytesseract engine whose ``recognize`` also accepts ``tessdata_dir`` and ``oem``."""

    def __init__(self, base: Any = None) -> None:
        super().__init__()
        self._base = base

    def recognize(  # type: ignore[override]
        self,
        image: Any,
        *,
        lang: str = "eng",
        psm: int = PageSegMode.AUTO,
        whitelist: str | None = None,
        dpi: int | None = None,
        timeout_s: float | None = None,
        tessdata_dir: str | None = None,
        oem: int | None = None,
    ) -> OcrResult:
        if tessdata_dir is None and oem is None:
            if self._base is not None:
                return self._base.recognize(image, lang=lang, psm=psm, whitelist=whitelist, dpi=dpi, timeout_s=timeout_s)
            return super().recognize(image, lang=lang, psm=psm, whitelist=whitelist, dpi=dpi, timeout_s=timeout_s)
        config = [f"--psm {int(psm)}"]
        if tessdata_dir:
            config.append(f"--tessdata-dir {shlex.quote(tessdata_dir)}")
        if oem is not None:
            config.append(f"--oem {int(oem)}")
        if whitelist:
            config.append("-c " + shlex.quote(f"tessedit_char_whitelist={whitelist}"))
        t0 = time.perf_counter()
        img = image[:, :, ::-1] if image.ndim == 3 else image
        tsv = pytesseract.image_to_data(img, lang=lang, config=" ".join(config), timeout=timeout_s or 30)
        return build_result(parse_tsv(str(tsv)), engine="pytesseract", lang=lang, psm=int(psm),
                            elapsed_s=time.perf_counter() - t0)

    def osd(self, image: Any, *, timeout_s: float | None = None) -> Any:
        if self._base is not None:
            return self._base.osd(image, timeout_s=timeout_s)
        return super().osd(image, timeout_s=timeout_s)
