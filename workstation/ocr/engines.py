"""The OCR engine interface and its two Tesseract implementations.

:class:`OcrEngine` is the one interface the rest of the core uses. Two engines implement it:

* :class:`PytesseractEngine` (the default, always available): runs the ``tesseract`` binary per
  call, which costs about 150 ms of process start-up and image encoding on top of recognition.
* :class:`TesserocrEngine` (the ``fast`` extra): calls libtesseract in-process and keeps one
  initialised ``PyTessBaseAPI`` per thread and language, about 5 ms of overhead per call.

:func:`get_engine` picks tesserocr when it imports and finds the language data, else pytesseract;
``WORKSTATION_OCR_ENGINE=pytesseract|tesserocr`` forces one. Every failure of either engine
becomes an :class:`~workstation.errors.OcrError` (missing binary or language data:
:class:`~workstation.errors.OcrEngineMissingError`) with a one-line message.

Images are numpy ``uint8`` arrays, grayscale ``(H, W)`` or BGR ``(H, W, 3)`` (OpenCV order),
as produced by :mod:`workstation.intake` and :mod:`workstation.imaging`.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import threading
import time
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from workstation.config import WorkstationConfig
from workstation.errors import OcrEngineMissingError, OcrError
from workstation.ocr.installation import INSTALL_HINT, find_tessdata_dir, require_tesseract
from workstation.ocr.model import OcrResult, OsdResult, PageSegMode, build_result, parse_tsv

log = logging.getLogger(__name__)

ENV_ENGINE = "WORKSTATION_OCR_ENGINE"
ENGINE_NAMES = ("tesserocr", "pytesseract")

Image = npt.NDArray[np.uint8]

_LANG_RE = re.compile(r"^[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*$")


@runtime_checkable
class OcrEngine(Protocol):
    """What every OCR engine offers. Implementations are safe to call from several threads."""

    @property
    def name(self) -> str:
        """``tesserocr`` or ``pytesseract``."""

    def recognize(
        self,
        image: Image,
        *,
        lang: str = "eng",
        psm: int = PageSegMode.AUTO,
        whitelist: str | None = None,
        dpi: int | None = None,
        timeout_s: float | None = None,
        tessdata_dir: str | None = None,
        oem: int | None = None,
        invert: bool = True,
    ) -> OcrResult:
        """Read the text of ``image``.

        Args:
            image: ``uint8`` grayscale ``(H, W)`` or BGR ``(H, W, 3)`` array.
            lang: Tesseract language string (``eng``, ``eng+fas``).
            psm: Page segmentation mode (:class:`PageSegMode`).
            whitelist: Only these characters may be output (``None``: any).
            dpi: Resolution hint for Tesseract (``None``: let it guess).
            timeout_s: Abandon the call after this many seconds (``None``: the engine's default).
            tessdata_dir: Folder of the language data for this call (e.g. a model trained here);
                ``None``: the installation's folder.
            oem: Tesseract engine mode (0 legacy, 1 LSTM, 2 both, 3 default); ``None``: default.
            invert: Read a line again inverted (white on dark) when it reads poorly, as Tesseract
                does by default; ``False`` for print known to be dark on light (a zone, a
                passport's data page): it saves that second read (~15 % of a page's time).

        Raises:
            OcrEngineMissingError: Tesseract or the language data is not installed.
            OcrError: Recognition failed or timed out, or the image is not a valid array.
        """

    def osd(self, image: Image, *, timeout_s: float | None = None) -> OsdResult:
        """Detect the page orientation and script.

        Too little text is not an error: it returns rotation 0 with confidence 0.

        Raises:
            OcrEngineMissingError: Tesseract or the ``osd`` data is not installed.
            OcrError: Detection failed or timed out.
        """


def _check_image(image: object) -> Image:
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise OcrError("OCR needs an 8-bit image array.")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise OcrError(f"OCR needs a grayscale or colour image, got an array of shape {image.shape}.")
    if image.shape[0] < 1 or image.shape[1] < 1:
        raise OcrError("OCR was given an empty image.")
    if image.ndim == 3 and image.shape[2] == 4:
        image = image[:, :, :3]
    return image


def _to_rgb_or_gray(image: Image) -> Image:
    """Tesseract wants RGB byte order; our arrays are BGR (OpenCV). Contiguous copy either way."""
    if image.ndim == 3:
        return np.ascontiguousarray(image[:, :, ::-1])
    return np.ascontiguousarray(image)


def _check_lang(lang: str) -> None:
    if not _LANG_RE.match(lang):
        raise OcrError(f"Invalid OCR language string: {lang!r}.")


def _check_model_dir(tessdata_dir: str, lang: str) -> None:
    missing = [p for p in lang.split("+") if not os.path.isfile(os.path.join(tessdata_dir, f"{p}.traineddata"))]
    if missing:
        raise OcrEngineMissingError(
            f"Language data {', '.join(missing)} not found in {tessdata_dir}."
        )


def _rotation_from_orient_deg(orient_deg: int) -> int:
    """Tesseract's 'orientation in degrees' (counter-clockwise) to our clockwise fix."""
    return (360 - int(orient_deg)) % 360


class PytesseractEngine:
    """Tesseract through the ``pytesseract`` wrapper: one ``tesseract`` process per call."""

    def __init__(self, tesseract_cmd: str = "tesseract", default_timeout_s: float = 30.0) -> None:
        """Create the engine; raises :class:`OcrEngineMissingError` when the binary is absent."""
        import pytesseract

        inst = require_tesseract(tesseract_cmd, languages=())
        self._pt: Any = pytesseract
        self._cmd = inst.path
        self._languages = set(inst.languages)
        self._default_timeout_s = default_timeout_s
        # pytesseract reads its binary from a module global; every engine here uses the same one.
        pytesseract.pytesseract.tesseract_cmd = self._cmd

    @property
    def name(self) -> str:
        """``pytesseract``."""
        return "pytesseract"

    def _check_installed(self, lang: str) -> None:
        missing = [part for part in lang.split("+") if part not in self._languages]
        if missing:
            raise OcrEngineMissingError(
                f"Tesseract language data missing: {', '.join(missing)}. Install it: {INSTALL_HINT}"
            )

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        pt = self._pt
        try:
            return fn(*args, **kwargs)
        except pt.TesseractNotFoundError as e:
            raise OcrEngineMissingError(
                f"Tesseract OCR was not found at '{self._cmd}'. Install it: {INSTALL_HINT}"
            ) from e
        except pt.TesseractError as e:
            msg = str(getattr(e, "message", "") or e).strip().splitlines()
            raise OcrError(f"Tesseract failed: {msg[-1] if msg else 'unknown error'}") from e
        except RuntimeError as e:
            if "timeout" in str(e).lower():
                raise OcrError("OCR timed out.") from e
            raise OcrError(f"OCR failed: {e}") from e
        except (OSError, ValueError, TypeError) as e:
            raise OcrError(f"OCR failed: {e}") from e

    def recognize(
        self,
        image: Image,
        *,
        lang: str = "eng",
        psm: int = PageSegMode.AUTO,
        whitelist: str | None = None,
        dpi: int | None = None,
        timeout_s: float | None = None,
        tessdata_dir: str | None = None,
        oem: int | None = None,
        invert: bool = True,
    ) -> OcrResult:
        """See :meth:`OcrEngine.recognize`."""
        img = _to_rgb_or_gray(_check_image(image))
        _check_lang(lang)
        if tessdata_dir is None:
            self._check_installed(lang)
        else:
            _check_model_dir(tessdata_dir, lang)
        config = [f"--psm {int(psm)}"]
        if tessdata_dir is not None:
            config.append("--tessdata-dir " + shlex.quote(tessdata_dir))
        if oem is not None:
            config.append(f"--oem {int(oem)}")
        if dpi:
            config.append(f"--dpi {int(dpi)}")
        if whitelist is not None:
            config.append("-c " + shlex.quote(f"tessedit_char_whitelist={whitelist}"))
        if not invert:
            config.append("-c tessedit_do_invert=0")
        timeout = self._default_timeout_s if timeout_s is None else timeout_s
        start = time.perf_counter()
        tsv = self._call(
            self._pt.image_to_data, img, lang=lang, config=" ".join(config), timeout=timeout
        )
        elapsed = time.perf_counter() - start
        return build_result(parse_tsv(str(tsv)), engine=self.name, lang=lang, psm=int(psm), elapsed_s=elapsed)

    def osd(self, image: Image, *, timeout_s: float | None = None) -> OsdResult:
        """See :meth:`OcrEngine.osd`."""
        img = _to_rgb_or_gray(_check_image(image))
        self._check_installed("osd")
        timeout = self._default_timeout_s if timeout_s is None else timeout_s
        try:
            out = self._call(self._pt.image_to_osd, img, config="--psm 0", timeout=timeout)
        except OcrError as e:
            # "Too few characters" / "Invalid resolution": nothing to orient by. That is data, not a failure.
            if "too few" in str(e).lower() or "resolution" in str(e).lower():
                return OsdResult(rotation=0, confidence=0.0, script="", script_confidence=0.0)
            raise
        return _parse_osd_text(str(out))


def _parse_osd_text(text: str) -> OsdResult:
    values: dict[str, str] = {}
    for line in text.splitlines():
        if ":" in line:
            key, _, val = line.partition(":")
            values[key.strip().lower()] = val.strip()
    try:
        rotation = int(values.get("rotate", "0")) % 360
        conf = float(values.get("orientation confidence", "0"))
        script_conf = float(values.get("script confidence", "0"))
    except ValueError as e:
        raise OcrError("Tesseract returned unreadable orientation output.") from e
    return OsdResult(
        rotation=rotation, confidence=conf, script=values.get("script", ""), script_confidence=script_conf
    )


class TesserocrEngine:
    """Tesseract in-process through ``tesserocr``; one initialised API per thread and language."""

    def __init__(self, tessdata_dir: str, default_timeout_s: float = 30.0) -> None:
        """Create the engine.

        Args:
            tessdata_dir: Folder holding ``*.traineddata`` (the Debian package's folder).
            default_timeout_s: Timeout for calls that do not give one.

        Raises:
            OcrEngineMissingError: tesserocr is not importable or the folder has no language data.
        """
        try:
            import tesserocr
        except ImportError as e:  # pragma: no cover - exercised only without the extra
            raise OcrEngineMissingError("tesserocr is not installed (pip install 'rsc-workstation[fast]').") from e
        self._t: Any = tesserocr
        self._path = tessdata_dir.rstrip("/") + "/"
        try:
            _, langs = tesserocr.get_languages(self._path)
        except Exception as e:  # noqa: BLE001 - any failure to list data means the engine is unusable
            raise OcrEngineMissingError(f"Cannot read Tesseract language data in {self._path}: {e}") from e
        self._languages = set(langs)
        if "eng" not in self._languages:
            raise OcrEngineMissingError(f"No Tesseract language data in {self._path}. Install it: {INSTALL_HINT}")
        self._default_timeout_s = default_timeout_s
        self._local = threading.local()

    @property
    def name(self) -> str:
        """``tesserocr``."""
        return "tesserocr"

    @property
    def tesseract_version(self) -> str:
        """Version of the libtesseract tesserocr is linked with."""
        return str(self._t.tesseract_version()).split()[1] if self._t else ""

    def _api(self, lang: str, tessdata_dir: str | None = None, oem: int | None = None) -> Any:
        apis: dict[tuple[str, str | None, int | None], Any] | None = getattr(self._local, "apis", None)
        if apis is None:
            apis = {}
            self._local.apis = apis
        key = (lang, tessdata_dir, oem)
        api = apis.get(key)
        if api is None:
            if tessdata_dir is None:
                missing = [part for part in lang.split("+") if part not in self._languages]
                if missing:
                    raise OcrEngineMissingError(
                        f"Tesseract language data missing: {', '.join(missing)}. Install it: {INSTALL_HINT}"
                    )
            else:
                _check_model_dir(tessdata_dir, lang)
            t = self._t
            path = self._path if tessdata_dir is None else tessdata_dir.rstrip("/") + "/"
            try:
                if lang == "osd":
                    api = t.PyTessBaseAPI(path=path, lang="osd", psm=t.PSM.OSD_ONLY)
                else:
                    mode = t.OEM.LSTM_ONLY if oem is None else int(oem)
                    api = t.PyTessBaseAPI(path=path, lang=lang, oem=mode)
            except (RuntimeError, ValueError) as e:
                raise OcrEngineMissingError(f"Tesseract could not load language '{lang}': {e}") from e
            apis[key] = api
        return api

    @staticmethod
    def _set_image(api: Any, img: Image) -> None:
        h, w = img.shape[:2]
        bpp = 1 if img.ndim == 2 else 3
        api.SetImageBytes(img.tobytes(), w, h, bpp, w * bpp)

    def recognize(
        self,
        image: Image,
        *,
        lang: str = "eng",
        psm: int = PageSegMode.AUTO,
        whitelist: str | None = None,
        dpi: int | None = None,
        timeout_s: float | None = None,
        tessdata_dir: str | None = None,
        oem: int | None = None,
        invert: bool = True,
    ) -> OcrResult:
        """See :meth:`OcrEngine.recognize`."""
        img = _to_rgb_or_gray(_check_image(image))
        _check_lang(lang)
        api = self._api(lang, tessdata_dir, oem)
        timeout = self._default_timeout_s if timeout_s is None else timeout_s
        start = time.perf_counter()
        try:
            api.SetPageSegMode(int(psm))
            api.SetVariable("tessedit_char_whitelist", whitelist or "")
            api.SetVariable("tessedit_do_invert", "1" if invert else "0")
            self._set_image(api, img)
            if dpi:
                api.SetSourceResolution(int(dpi))
            ok = api.Recognize(timeout=max(1, int(timeout * 1000)))
            if not ok:
                elapsed = time.perf_counter() - start
                if elapsed >= timeout * 0.95:
                    raise OcrError("OCR timed out.")
                raise OcrError("Tesseract could not recognise the image.")
            tsv = api.GetTSVText(0)
        except OcrError:
            raise
        except (RuntimeError, ValueError, TypeError) as e:
            raise OcrError(f"OCR failed: {e}") from e
        finally:
            try:
                api.Clear()
            except RuntimeError:  # pragma: no cover - defensive
                log.debug("tesserocr Clear() failed", exc_info=True)
        elapsed = time.perf_counter() - start
        return build_result(parse_tsv(tsv or ""), engine=self.name, lang=lang, psm=int(psm), elapsed_s=elapsed)

    def osd(self, image: Image, *, timeout_s: float | None = None) -> OsdResult:
        """See :meth:`OcrEngine.osd`."""
        img = _to_rgb_or_gray(_check_image(image))
        api = self._api("osd")
        try:
            self._set_image(api, img)
            res = api.DetectOrientationScript()
        except (RuntimeError, ValueError, TypeError) as e:
            raise OcrError(f"Orientation detection failed: {e}") from e
        finally:
            try:
                api.Clear()
            except RuntimeError:  # pragma: no cover - defensive
                log.debug("tesserocr Clear() failed", exc_info=True)
        if not res:
            return OsdResult(rotation=0, confidence=0.0, script="", script_confidence=0.0)
        return OsdResult(
            rotation=_rotation_from_orient_deg(int(res.get("orient_deg", 0))),
            confidence=float(res.get("orient_conf", 0.0)),
            script=str(res.get("script_name", "") or ""),
            script_confidence=float(res.get("script_conf", 0.0)),
        )


def tesserocr_available() -> bool:
    """Whether the optional tesserocr package can be imported."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=8)
def _make_engine(name: str, tesseract_cmd: str, timeout_s: float) -> OcrEngine:
    if name == "tesserocr":
        tessdata = os.environ.get("TESSDATA_PREFIX") or find_tessdata_dir(tesseract_cmd)
        if not tessdata:
            raise OcrEngineMissingError(
                f"Tesseract language data folder not found (set TESSDATA_PREFIX). Install it: {INSTALL_HINT}"
            )
        return TesserocrEngine(tessdata, default_timeout_s=timeout_s)
    if name == "pytesseract":
        return PytesseractEngine(tesseract_cmd, default_timeout_s=timeout_s)
    raise OcrEngineMissingError(f"Unknown OCR engine '{name}' (choose one of: {', '.join(ENGINE_NAMES)}).")


def get_engine(config: WorkstationConfig | None = None, *, name: str | None = None) -> OcrEngine:
    """The OCR engine to use: tesserocr when installed, else pytesseract.

    Engines are cached per (name, binary, timeout), so calling this often is cheap.

    Args:
        config: Supplies the Tesseract binary and the default timeout (defaults when ``None``).
        name: Force an engine (``tesserocr`` or ``pytesseract``); else ``WORKSTATION_OCR_ENGINE``, else automatic.

    Raises:
        OcrEngineMissingError: The requested engine, or any engine, is unusable.
    """
    cfg = config or WorkstationConfig()
    wanted = name or os.environ.get(ENV_ENGINE, "").strip().lower() or None
    if wanted:
        return _make_engine(wanted, cfg.tesseract_cmd, float(cfg.ocr_timeout_s))
    if tesserocr_available():
        try:
            return _make_engine("tesserocr", cfg.tesseract_cmd, float(cfg.ocr_timeout_s))
        except OcrEngineMissingError as e:
            log.warning("tesserocr is installed but unusable, falling back to pytesseract: %s", e)
    return _make_engine("pytesseract", cfg.tesseract_cmd, float(cfg.ocr_timeout_s))
