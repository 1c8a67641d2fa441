"""``prepare_page``: the one orchestrated entry point from a page image to a straight, upright page."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from workstation.imaging.deskew import deskew
from workstation.imaging.document import find_document, rectify
from workstation.imaging.geometry import Image, Quad, check_image, rotate_quarter, to_bgr
from workstation.imaging.orientation import OrientationResult, detect_orientation
from workstation.imaging.quality import QualityReport, assess_quality
from workstation.ocr import OcrEngine
from workstation.progress import CancelToken

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class PreparedPage:
    """A page ready for reading, with what was done to it.

    Attributes:
        image: The cropped, straightened, upright page, ``uint8`` BGR ``(H, W, 3)``.
        quad: The document's corners in the *input* image (``None``: the whole image was used).
        skew_deg: Skew that was removed, degrees (counter-clockwise positive), after the crop.
        rotation: Clockwise quarter turn applied last (0, 90, 180, 270).
        orientation: How the rotation was decided (``None`` when orientation was not run).
        quality: Quality of the prepared image.
        dpi: Resolution of the prepared image when known (the input's; cropping keeps the scale).
        warnings: Quality warnings plus anything noticed while preparing, one actionable line each.
    """

    image: Image
    quad: Quad | None
    skew_deg: float
    rotation: int
    orientation: OrientationResult | None
    quality: QualityReport
    dpi: float | None
    warnings: tuple[str, ...]


def prepare_page(
    image: Image,
    *,
    dpi: float | None = None,
    engine: OcrEngine | None = None,
    find_quad: bool = True,
    straighten: bool = True,
    orient: bool = True,
    lang: str = "eng",
    cancel: CancelToken | None = None,
) -> PreparedPage:
    """Find the document, fix perspective and skew, turn it upright and measure its quality.

    Args:
        image: A page image from intake (BGR or gray).
        dpi: The image's resolution when known (scan or PDF render).
        engine: OCR engine for orientation (default: :func:`workstation.ocr.get_engine`).
        find_quad: Look for the document's outline (photos on a desk); scans need not.
        straighten: Remove skew.
        orient: Decide the quarter turn (costs an OSD call, sometimes two OCR calls).
        lang: Language used by orientation votes.
        cancel: Checked between stages.

    Raises:
        PreprocessError: ``image`` is not a usable image array.
        OcrEngineMissingError: ``orient`` is set and no OCR engine is installed.
    """
    img = to_bgr(check_image(image))
    quad = find_document(img) if find_quad else None
    if quad is not None:
        img = rectify(img, quad)
    if cancel is not None:
        cancel.raise_if_set()
    skew = 0.0
    unrotated = img
    if straighten:
        img, skew = deskew(img)
    if cancel is not None:
        cancel.raise_if_set()
    orientation: OrientationResult | None = None
    rotation = 0
    if orient:
        orientation = detect_orientation(img, engine, lang=lang)
        if orientation.method == "none" and skew:
            # Nothing readable after straightening: the "skew" may have come from the background
            # (a pile of other papers under an outline we could not find). Try it unrotated.
            again = detect_orientation(unrotated, engine, lang=lang)
            if again.method != "none":
                img, skew, orientation = unrotated, 0.0, again
        rotation = orientation.rotation
        img = rotate_quarter(img, rotation)
    if cancel is not None:
        cancel.raise_if_set()
    quality = assess_quality(img, dpi=dpi)
    log.debug("prepared page: quad=%s skew=%.2f rotation=%d", quad is not None, skew, rotation)
    return PreparedPage(
        image=img,
        quad=quad,
        skew_deg=skew,
        rotation=rotation,
        orientation=orientation,
        quality=quality,
        dpi=dpi,
        warnings=quality.warnings,
    )
