"""Image quality: blur, glare, contrast and effective resolution, with warnings an officer can act on.

All scores are in ``0..1`` where **0 is good** (as ``quality`` in ARCHITECTURE.md 4.2:
``{"blur": 0.0, "glare": 0.0, "dpi": 300}``), except ``contrast`` (1 is good) and ``dpi``.

Blur is measured as the Gaussian-equivalent spread of the image's edges (a two-scale gradient
ratio, see :func:`edge_blur_sigma`) relative to the character height, after resampling the page
so its characters are :data:`NORMAL_CHAR_HEIGHT_PX` tall. Relative to the text size, the number
means "how readable is the text" whatever the scan resolution or how much of the photo the page
fills; the worst edge direction counts, so camera shake (motion blur) is caught as well.
Sensor noise and JPEG blocks barely move it, because both scales smooth them away first.
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

#: Longest side of the working copy used for measuring.
_WORK_SIDE = 1600
#: Text is resampled to this median character height before measuring blur.
NORMAL_CHAR_HEIGHT_PX = 20.0
#: Edge blur (90th percentile of the Gaussian sigma of strong edges, worst direction) as a share of
#: the character height at which text stops being readable. Calibrated on 240 synthetic passports
#: (tests/synth damage): readable ones measured <= 0.093, ones blurred past reading >= 0.144.
BLUR_REL_WARN = 0.115
#: Blur score (``edge blur / (2 * BLUR_REL_WARN)``, capped at 1) at which the blur warning is given.
BLUR_WARN = 0.5
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
        edge_blur: Measured edge blur (Gaussian sigma) as a share of the character height;
            on the synthetic sets readable text stays below ~0.095 and text blurred past reading
            measures above ~0.14 (threshold :data:`BLUR_REL_WARN`).
    """

    blur: float
    glare: float
    contrast: float
    dpi: float | None
    char_height_px: float
    warnings: tuple[str, ...]
    edge_blur: float = 0.0

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


def print_height(image: Image) -> float:
    """Median character height in pixels as :func:`assess_quality` measures it (0 when no text is found).

    Measured on a copy cleaned of sensor noise (whose specks look like tiny characters), reduced
    to at most :data:`_WORK_SIDE` pixels: cheap enough to decide, before anything is read,
    whether the print is too small for OCR.
    """
    gray, s = resize_to_max(to_gray(check_image(image)), _WORK_SIDE)
    return _clean_char_height(gray) / s


def _clean_char_height(gray: Image) -> float:
    return _char_height(cv2.GaussianBlur(cv2.medianBlur(gray, 3), (0, 0), 1.0))


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


def edge_blur_sigma(gray: Image, sigma_a: float = 1.5) -> float | None:
    """Gaussian-equivalent blur of the image's edges, in pixels (``None`` when there are no edges).

    Two-scale gradient ratio: a step edge blurred by ``s`` and smoothed by ``a`` has a peak
    gradient proportional to ``1 / sqrt(s**2 + a**2)``, so the ratio of the peaks at two known
    smoothings gives ``s``. Smoothing first makes the estimate indifferent to sensor noise and
    JPEG blocks. Edges are binned by direction and the worst direction wins, so motion blur
    (sharp along the motion, smeared across it) is caught. Very sharp edges read as ~0.
    """
    # A 3x3 median keeps step edges but removes isolated specks, whose crisp edges would
    # otherwise pass a heavily blurred page as sharp.
    g = cv2.medianBlur(gray, 3).astype(np.float32)
    sigma_b = 2.0 * sigma_a
    ga, angle = _gradient(g, sigma_a)
    gb, _ = _gradient(g, sigma_b)
    # Candidate edge points: local maxima of the fine-scale gradient above the noise level.
    cand = (ga > 3.0) & (ga >= cv2.dilate(ga, np.ones((3, 3), np.uint8)) - 1e-6)
    ga_c = ga[cand]
    if ga_c.size < 30:
        return None
    gb_c = cv2.dilate(gb, np.ones((3, 3), np.uint8))[cand]
    dir_c = np.mod(angle[cand], np.pi)
    bins = np.minimum((dir_c / (np.pi / 4)).astype(np.int64), 3)
    estimates: list[float] = []
    for k in range(4):
        in_bin = bins == k
        if int(in_bin.sum()) < 30:
            continue
        gk = ga_c[in_bin]
        # Strong edges of this direction only: half the direction's strongest gradients.
        sel = gk > 0.5 * float(np.percentile(gk, 95))
        if int(sel.sum()) < 30:
            continue
        r = np.clip(gk[sel] / np.maximum(gb_c[in_bin][sel], 1e-6), 1.0001, sigma_b / sigma_a - 1e-4)
        s2 = (sigma_b**2 - r**2 * sigma_a**2) / (r**2 - 1.0)
        # The 90th percentile, not the median: under camera shake thin strokes keep crisp (but
        # faint) edges, and only the wider shapes show the full smear.
        estimates.append(float(np.percentile(np.sqrt(np.maximum(s2, 0.0)), 90)))
    return max(estimates) if estimates else None


def _gradient(g: npt.NDArray[np.float32], sigma: float) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    b = cv2.GaussianBlur(g, (0, 0), sigma)
    gx = cv2.Sobel(b, cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(b, cv2.CV_32F, 0, 1, ksize=3) / 8.0
    return np.sqrt(gx * gx + gy * gy), np.arctan2(gy, gx)


def relative_blur(gray: Image, char_h: float) -> float:
    """Edge blur as a share of the character height (``inf`` when no edges are left at all).

    Large text is first shrunk to :data:`NORMAL_CHAR_HEIGHT_PX` (small text is left alone), so
    the answer means the same for a 600-DPI scan and a phone photo.
    """
    # Only ever shrink: enlarging would magnify sensor noise into "sharp" specks.
    factor = NORMAL_CHAR_HEIGHT_PX / char_h if char_h > 0 else 1.0
    factor = min(1.0, max(0.1, factor))
    h, w = gray.shape[:2]
    interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
    norm = cv2.resize(gray, (max(16, round(w * factor)), max(16, round(h * factor))), interpolation=interp)
    sigma = edge_blur_sigma(norm)
    if sigma is None:
        return math.inf
    return sigma / (char_h * factor if char_h > 0 else NORMAL_CHAR_HEIGHT_PX)


def glare_fraction(image: Image) -> float:
    """Share of the image in blown-out highlight blobs that stand out from the paper.

    A flatbed scan's white paper is often pure white too, so clipped pixels only count as glare
    when the paper itself is not clipped (its typical brightness is below 245).
    """
    small, _ = resize_to_max(image, 800)
    hi = cv2.min(cv2.min(small[:, :, 0], small[:, :, 1]), small[:, :, 2]) if small.ndim == 3 else small
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
    h, w = small.shape[:2]
    min_area = total * 0.001
    glare = 0.0
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i, :5])
        if area < min_area:
            continue
        sides = (x == 0) + (y == 0) + (x + bw >= w) + (y + bh >= h)
        if sides >= 2 or bw >= 0.9 * w or bh >= 0.9 * h:
            continue  # a white scanner lid or margin framing the page, not a highlight on it
        glare += area
    return glare / total


def contrast_score(gray: Image) -> float:
    """Spread between the darkest and lightest percent of the gray values, 0..1.

    Text covers a few percent of a page, so the 1st percentile is the ink and the 99th the paper.
    """
    p1, p99 = np.percentile(gray, [1, 99])
    return float(p99 - p1) / 255.0


def assess_quality(image: Image, *, dpi: float | None = None, char_height_px: float | None = None) -> QualityReport:
    """Measure blur, glare, contrast and resolution of a (straightened, cropped) document image.

    Args:
        image: The document image, ideally already cropped to the document by :func:`prepare_page`.
        dpi: Known resolution (scan, PDF render, or measured from the MRZ); ``None`` for phone photos.
        char_height_px: Character height in ``image`` pixels when the caller measured it (the MRZ
            reader knows it exactly); otherwise it is estimated from the image.
    """
    img = check_image(image)
    gray_full = to_gray(img)
    gray, s = resize_to_max(gray_full, _WORK_SIDE)
    if char_height_px and char_height_px > 0:
        char_small = float(char_height_px) * s
    else:
        # Sensor noise makes specks that look like tiny characters: estimate on a cleaned copy.
        char_small = _clean_char_height(gray)
    char_h = char_small / s if char_small > 0 else 0.0
    contrast = contrast_score(gray)
    rel = relative_blur(gray if char_small > 0 else resize_to_max(gray, 1000)[0], char_small)
    blank = not math.isfinite(rel) and contrast < CONTRAST_WARN
    blur = 0.0 if blank else min(1.0, rel / (2.0 * BLUR_REL_WARN))
    glare = glare_fraction(img)
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
    if char_h == 0.0 and blur < BLUR_WARN:
        warnings.append(WARN_NO_TEXT)
    report = QualityReport(
        blur=round(blur, 4),
        glare=round(glare, 4),
        contrast=round(contrast, 4),
        dpi=dpi,
        char_height_px=round(char_h, 2),
        warnings=tuple(warnings),
        edge_blur=round(rel, 4) if math.isfinite(rel) else 1.0,
    )
    log.debug("quality blur=%.3f glare=%.3f contrast=%.3f char_h=%.1f", blur, glare, contrast, char_h)
    return report


def laplacian_variance(image: Image) -> float:
    """Classic focus measure (variance of the Laplacian); scale-dependent, kept for diagnostics."""
    gray = to_gray(check_image(image))
    lap: npt.NDArray[np.float64] = cv2.Laplacian(gray, cv2.CV_64F)
    v = float(lap.var())
    return v if math.isfinite(v) else 0.0
