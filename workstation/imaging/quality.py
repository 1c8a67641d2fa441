"""Image quality: blur, glare, contrast and effective resolution, with warnings an officer can act on.

All scores are in ``0..1`` where **0 is good** (as ``quality`` in ARCHITECTURE.md 4.2:
``{"blur": 0.0, "glare": 0.0, "dpi": 300}``), except ``contrast`` (1 is good) and ``dpi``.

Blur is measured at a normalised text scale: the page is resampled so that its median
character height is :data:`NORMAL_CHAR_HEIGHT_PX`, then the no-reference blur metric of
Crete et al. (2007, "The blur effect: perception and estimation with a new no-reference
perceptual blur metric") is computed. Normalising by the text size makes the score mean
"how readable is the text", whatever the scan resolution or how much of the photo the page fills.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from workstation.imaging._cv import cv2
from workstation.imaging.geometry import Image, check_image, resize_to_max, to_gray

log = logging.getLogger(__name__)

#: Text is resampled to this median character height before measuring blur.
NORMAL_CHAR_HEIGHT_PX = 24.0
#: Blur score at or above which text is too blurred to read reliably.
BLUR_WARN = 0.45
#: Share of the document covered by blown-out highlights at or above which glare is reported.
GLARE_WARN = 0.01
#: Contrast (p99 - p1 of gray, 0..1) below which the image is washed out or too dark.
CONTRAST_WARN = 0.25
#: Effective resolution below which small print is unreliable.
DPI_WARN = 150.0
#: Nominal height of an OCR-B size I capital in an ICAO 9303 MRZ, millimetres (ISO 1073-2).
MRZ_CHAR_HEIGHT_MM = 2.42
#: Pitch of MRZ characters: exactly 10 per inch (ICAO 9303 Part 3).
MRZ_CHAR_PITCH_MM = 2.54

WARN_BLUR = "blurred: rescan (hold the camera still, or clean the scanner glass)"
WARN_GLARE = "glare over part of the document: tilt the document or the light and rescan"
WARN_CONTRAST = "low contrast: improve the lighting or scanner brightness and rescan"
WARN_DPI = "low resolution: scan at 300 DPI (or photograph closer)"
WARN_NO_TEXT = "no text found: check that the document is in the image"


@dataclass(frozen=True)
class QualityReport:
    """How fit an image is for reading.

    Attributes:
        blur: 0 (sharp) .. 1 (no edges left); at or above :data:`BLUR_WARN` text is unreliable.
        glare: Share of the image (0..1) in blown-out highlight blobs.
        contrast: Spread between dark and light (0..1; below :data:`CONTRAST_WARN` is poor).
        dpi: Effective resolution in dots per inch, when known (declared, rendered or measured).
        char_height_px: Median character height found in the image, pixels (0 when no text was found).
        warnings: One line per problem, each saying what to do.
    """

    blur: float
    glare: float
    contrast: float
    dpi: float | None
    char_height_px: float
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Whether no warning was raised."""
        return not self.warnings

    def as_dict(self) -> dict[str, object]:
        """The ``quality`` object of ``workstation read --json`` (ARCHITECTURE.md 4.2)."""
        return {
            "blur": round(self.blur, 3),
            "glare": round(self.glare, 3),
            "dpi": None if self.dpi is None else round(float(self.dpi)),
        }


def effective_dpi_from_char_height(char_height_px: float, char_height_mm: float = MRZ_CHAR_HEIGHT_MM) -> float:
    """Resolution implied by a character of known printed height (default: an MRZ OCR-B capital).

    Args:
        char_height_px: Measured height of capitals in pixels (in the image being read).
        char_height_mm: Printed height of those capitals.
    """
    if char_height_px <= 0 or char_height_mm <= 0:
        return 0.0
    return float(char_height_px) / (char_height_mm / 25.4)


def effective_dpi_from_char_pitch(char_pitch_px: float) -> float:
    """Resolution implied by the MRZ character pitch (exactly 10 characters per inch).

    ``line_width_px / characters_in_line`` is the pitch; this is more precise than the height.
    """
    if char_pitch_px <= 0:
        return 0.0
    return float(char_pitch_px) / (MRZ_CHAR_PITCH_MM / 25.4)


def resolution_warning(dpi: float | None) -> str | None:
    """The warning for an effective resolution, or ``None`` when it is enough (or unknown)."""
    if dpi is None or dpi <= 0:
        return None
    return WARN_DPI if dpi < DPI_WARN else None


def estimate_char_height(image: Image) -> float:
    """Median height in pixels of character-like dark blobs (0 when none are found)."""
    gray = to_gray(check_image(image))
    small, s = resize_to_max(gray, 2400)
    return _char_height(small) / s


def _text_mask(gray: Image) -> Image:
    block = max(15, (min(gray.shape[:2]) // 40) | 1)
    return cv2.adaptiveThreshold(  # type: ignore[no-any-return]
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12
    )


def _char_height(gray: Image) -> float:
    mask = _text_mask(gray)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return 0.0
    hs = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    ws = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float64)
    area = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    max_h = gray.shape[0] / 8.0
    fill = area / np.maximum(hs * ws, 1.0)
    keep = (hs >= 5) & (hs <= max_h) & (ws >= 2) & (ws <= hs * 3.0) & (fill > 0.08) & (fill < 0.95)
    if int(keep.sum()) < 8:
        return 0.0
    return float(np.median(hs[keep]))


def blur_score(gray: Image) -> float:
    """Crete et al. no-reference blur (0 sharp .. 1 flat) of a gray image at its current scale."""
    f = gray.astype(np.float32)
    bv = cv2.blur(f, (1, 9))
    bh = cv2.blur(f, (9, 1))
    scores = []
    for blurred, axis in ((bv, 0), (bh, 1)):
        d_f = np.abs(np.diff(f, axis=axis))
        d_b = np.abs(np.diff(blurred, axis=axis))
        v = np.maximum(0.0, d_f - d_b)
        s_f = float(d_f.sum())
        if s_f <= 1e-6:
            scores.append(1.0)
            continue
        scores.append((s_f - float(v.sum())) / s_f)
    return float(max(scores))


def _text_region_blur(gray: Image, char_h: float) -> float:
    """Blur measured only where text is, at the normalised character height."""
    factor = NORMAL_CHAR_HEIGHT_PX / char_h if char_h > 0 else 1.0
    factor = min(4.0, max(0.05, factor))
    interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
    h, w = gray.shape[:2]
    norm = cv2.resize(gray, (max(16, int(w * factor)), max(16, int(h * factor))), interpolation=interp)
    mask = _text_mask(norm)
    # Text regions: dilate the dark blobs so edges on both sides of each stroke are included.
    k = max(3, int(NORMAL_CHAR_HEIGHT_PX))
    region = cv2.dilate(mask, np.ones((k, k), np.uint8))
    ys, xs = np.nonzero(region)
    if len(ys) < 100:
        return blur_score(norm)
    y0, y1, x0, x1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    roi = norm[y0:y1, x0:x1]
    if roi.shape[0] < 16 or roi.shape[1] < 16:
        return blur_score(norm)
    return blur_score(roi)


def glare_fraction(image: Image) -> float:
    """Share of the image in blown-out highlight blobs that stand out from the paper.

    A flatbed scan's white paper is often pure white too, so clipped pixels only count as glare
    when the paper itself is not clipped (its typical brightness is below 245).
    """
    small, _ = resize_to_max(image, 800)
    hi = np.min(small[:, :, :3], axis=2) if small.ndim == 3 else small
    gray = to_gray(small)
    paper = float(np.percentile(gray, 75))
    if paper >= 245:
        return 0.0
    clipped = (hi >= 250).astype(np.uint8)
    clipped = cv2.morphologyEx(clipped, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(clipped, connectivity=8)
    if n <= 1:
        return 0.0
    total = float(small.shape[0] * small.shape[1])
    min_area = total * 0.001
    areas = stats[1:, cv2.CC_STAT_AREA]
    return float(areas[areas >= min_area].sum()) / total


def contrast_score(gray: Image) -> float:
    """Spread between the darkest and lightest percent of the gray values, 0..1.

    Text covers a few percent of a page, so the 1st percentile is the ink and the 99th the paper.
    """
    p1, p99 = np.percentile(gray, [1, 99])
    return float(p99 - p1) / 255.0


def assess_quality(image: Image, *, dpi: float | None = None) -> QualityReport:
    """Measure blur, glare, contrast and resolution of a (straightened, cropped) document image.

    Args:
        image: The document image, ideally already cropped to the document by :func:`prepare_page`.
        dpi: Known resolution (scan or render); ``None`` for phone photos.
    """
    img = check_image(image)
    gray_full = to_gray(img)
    gray, s = resize_to_max(gray_full, 2400)
    char_small = _char_height(gray)
    char_h = char_small / s if char_small > 0 else 0.0
    blur = _text_region_blur(gray, char_small) if char_small > 0 else _fallback_blur(gray)
    glare = glare_fraction(img)
    contrast = contrast_score(gray)
    warnings: list[str] = []
    if blur >= BLUR_WARN:
        warnings.append(WARN_BLUR)
    if glare >= GLARE_WARN:
        warnings.append(WARN_GLARE)
    if contrast < CONTRAST_WARN:
        warnings.append(WARN_CONTRAST)
    dpi_warn = resolution_warning(dpi)
    if dpi_warn:
        warnings.append(dpi_warn)
    if char_h == 0.0 and blur < BLUR_WARN and contrast >= CONTRAST_WARN:
        warnings.append(WARN_NO_TEXT)
    report = QualityReport(
        blur=round(blur, 4),
        glare=round(glare, 4),
        contrast=round(contrast, 4),
        dpi=dpi,
        char_height_px=round(char_h, 2),
        warnings=tuple(warnings),
    )
    log.debug("quality blur=%.3f glare=%.3f contrast=%.3f char_h=%.1f", blur, glare, contrast, char_h)
    return report


def _fallback_blur(gray: Image) -> float:
    """No characters were found: either a blank image or one so blurred that text melted.

    Measure at a scale where the image's long side is 800 px, where heavy blur is still obvious.
    """
    small, _ = resize_to_max(gray, 800)
    return blur_score(small)


def laplacian_variance(image: Image) -> float:
    """Classic focus measure (variance of the Laplacian); scale-dependent, kept for diagnostics."""
    gray = to_gray(check_image(image))
    lap: npt.NDArray[np.float64] = cv2.Laplacian(gray, cv2.CV_64F)
    v = float(lap.var())
    return v if math.isfinite(v) else 0.0
