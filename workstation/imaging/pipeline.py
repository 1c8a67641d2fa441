"""``prepare_page``: the one orchestrated entry point from a page image to a straight, upright page."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from workstation.imaging.deskew import deskew
from workstation.imaging.document import find_document, rectify
from workstation.imaging.geometry import Image, Quad, check_image, rotate_quarter, scale, to_bgr
from workstation.imaging.orientation import OrientationResult, detect_orientation
from workstation.imaging.quality import QualityReport, assess_quality, print_height
from workstation.ocr import OcrEngine
from workstation.progress import CancelToken

log = logging.getLogger(__name__)


#: Print whose median character height is below this many pixels is enlarged before it is read:
#: Tesseract loses characters under ~10 px (a card scanned at 150 DPI prints 7-8 px), and the
#: blur measure mistakes the pixel grid of such print for blur.
SMALL_PRINT_PX = 10.0
#: Median character height small print is enlarged to.
ENLARGED_PRINT_PX = 16.0
#: Largest factor and largest longer side (pixels) of an enlarged page.
_MAX_ENLARGE = 3.0
_MAX_ENLARGED_SIDE = 4000


def enlarge_small_print(image: Image, char_height_px: float | None = None) -> tuple[Image, float]:
    """``image`` enlarged (cubic) when its print is too small to read, with the factor applied.

    Returns ``(image, 1.0)`` unchanged when the print is big enough, when no print is found, or
    when the enlarged page would exceed :data:`_MAX_ENLARGED_SIDE` (a small document in a large
    photo: enlarge it once its outline has been cropped).

    Args:
        image: Page image (BGR or gray).
        char_height_px: Median character height when already measured (:func:`print_height`).
    """
    ch = print_height(image) if char_height_px is None else char_height_px
    if ch <= 0 or ch >= SMALL_PRINT_PX:
        return image, 1.0
    factor = min(_MAX_ENLARGE, ENLARGED_PRINT_PX / ch, _MAX_ENLARGED_SIDE / float(max(image.shape[:2])))
    if factor < 1.2:
        return image, 1.0
    log.debug("small print (%.1f px): page enlarged %.2fx", ch, factor)
    return scale(image, factor), factor


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
        dpi: Resolution the page was captured at, when known (the input's; cropping keeps the
            scale, and enlarging small print adds no detail).
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

    Print too small for OCR (:data:`SMALL_PRINT_PX`) is enlarged once the document is cropped
    (:func:`enlarge_small_print`); the quad stays in the input's pixels, the rest refers to the
    enlarged page.

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
    img, _ = enlarge_small_print(img)
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
