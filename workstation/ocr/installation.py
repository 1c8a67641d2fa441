"""Finding the Tesseract installation: binary, version and language data.

Any command that needs Tesseract calls :func:`require_tesseract` first, so a
missing engine is reported in one clear line rather than a traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from workstation.errors import OcrEngineMissingError

#: Language data every desk needs: English, Dari (Persian data), Pashto, orientation detection.
REQUIRED_LANGUAGES = ("eng", "fas", "pus", "osd")
MIN_MAJOR_VERSION = 4
INSTALL_HINT = "sudo apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-fas tesseract-ocr-pus tesseract-ocr-osd"


@dataclass(frozen=True)
class TesseractInstallation:
    """What was found of Tesseract on this machine.

    Attributes:
        path: Absolute path of the binary.
        version: Version string such as ``5.3.0``.
        languages: Installed language data codes.
    """

    path: str
    version: str
    languages: tuple[str, ...]

    @property
    def major(self) -> int:
        """The major version number (0 when it could not be parsed)."""
        m = re.match(r"(\d+)", self.version)
        return int(m.group(1)) if m else 0

    def missing_languages(self, wanted: tuple[str, ...] = REQUIRED_LANGUAGES) -> tuple[str, ...]:
        """Language codes in ``wanted`` that are not installed."""
        return tuple(lang for lang in wanted if lang not in self.languages)


def _run(cmd: list[str]) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False)
    return (proc.stdout or "") + (proc.stderr or "")


@lru_cache(maxsize=8)
def find_tesseract(cmd: str = "tesseract") -> TesseractInstallation | None:
    """Locate Tesseract and read its version and languages; ``None`` when it is absent."""
    path = shutil.which(cmd)
    if path is None:
        return None
    try:
        version_out = _run([path, "--version"])
        langs_out = _run([path, "--list-langs"])
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"tesseract\s+v?(\d+\.\d+(?:\.\d+)?)", version_out, re.IGNORECASE)
    version = m.group(1) if m else "unknown"
    langs = tuple(
        line.strip()
        for line in langs_out.splitlines()
        if line.strip() and not line.lower().startswith("list of") and " " not in line.strip()
    )
    return TesseractInstallation(path=path, version=version, languages=langs)


def require_tesseract(cmd: str = "tesseract", languages: tuple[str, ...] = ("eng",)) -> TesseractInstallation:
    """Return the installation, or raise a one-line :class:`OcrEngineMissingError` naming the fix."""
    inst = find_tesseract(cmd)
    if inst is None:
        raise OcrEngineMissingError(
            f"Tesseract OCR was not found (looked for '{cmd}' on PATH). Install it: {INSTALL_HINT}"
        )
    missing = inst.missing_languages(languages)
    if missing:
        raise OcrEngineMissingError(
            f"Tesseract language data missing: {', '.join(missing)}. Install it: {INSTALL_HINT}"
        )
    return inst


@lru_cache(maxsize=8)
def find_tessdata_dir(cmd: str = "tesseract") -> str | None:
    """The folder holding Tesseract's ``*.traineddata`` as the binary reports it; ``None`` if unknown.

    The in-process engine (tesserocr) ships its own libtesseract but no language data, so it
    reads the same folder as the ``tesseract`` binary.
    """
    path = shutil.which(cmd)
    if path is not None:
        try:
            out = _run([path, "--list-langs"])
        except (OSError, subprocess.SubprocessError):
            out = ""
        m = re.search(r'languages in "([^"]+)"', out)
        if m and os.path.isdir(m.group(1)):
            return m.group(1)
    for candidate in _TESSDATA_CANDIDATES:
        if os.path.isfile(os.path.join(candidate, "eng.traineddata")):
            return candidate
    return None


_TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
    r"C:\Program Files\Tesseract-OCR\tessdata",
)
