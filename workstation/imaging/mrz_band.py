"""Locating the machine-readable zone: a wide band of dense, evenly spaced text near the bottom.

Self-contained (cv2 + numpy only). Morphology on a reduced copy: black-hat brings out dark
characters on a light page, a horizontal gradient keeps text, closings fuse each MRZ line and
then the two or three lines into one blob; the widest low blob is the zone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from workstation.imaging.geometry import true_runs

log = logging.getLogger(__name__)

Image = npt.NDArray[np.uint8]

#: Working width for the search (the zone is ~40 px tall there; plenty for morphology).
_WORK_WIDTH = 800


@dataclass(frozen=True)
class MrzBand:
    """Where the zone probably is.

    Attributes:
        bbox: ``(x0, y0, x1, y1)`` in pixels of the given image, padded a little.
        score: 0..1, how zone-like the blob is (width share and fill).
        line_height_px: Estimated height of one text line of the zone, pixels.
        core_x: ``(x0, x1)`` of the zone's ink itself (``bbox`` is widened to the page edges);
            the data page is about as wide as this.
    """

    bbox: tuple[int, int, int, int]
    score: float
    line_height_px: float
    core_x: tuple[int, int] = (0, 0)


def _gray(image: Image) -> Image:
    if image.size == 0:
        return np.zeros((0, 0), dtype=np.uint8)  # cvtColor refuses an empty crop
    if image.ndim == 3:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    return image


def find_mrz_bands(image: Image, *, bottom_share: float = 1.0, max_bands: int = 3) -> list[MrzBand]:
    """Zone-shaped blobs of ``image``, best first (see :func:`_find_bands`).

    When none is found, the search is repeated inside a 6 % margin: a dark booklet cover or
    scanner lid right next to the zone fuses with it into one shapeless blob.
    """
    bands = _find_bands(image, bottom_share=bottom_share, max_bands=max_bands)
    if bands:
        return bands
    h, w = image.shape[:2]
    mx, my = int(0.06 * w), int(0.06 * h)
    if w - 2 * mx < 40 or h - 2 * my < 40:
        return []
    inner = _find_bands(image[my : h - my, mx : w - mx], bottom_share=bottom_share, max_bands=max_bands)
    return [
        MrzBand(
            bbox=(b.bbox[0] + mx, b.bbox[1] + my, b.bbox[2] + mx, b.bbox[3] + my),
            score=b.score,
            line_height_px=b.line_height_px,
            core_x=(b.core_x[0] + mx, b.core_x[1] + mx),
        )
        for b in inner
    ]


def _find_bands(image: Image, *, bottom_share: float = 1.0, max_bands: int = 3) -> list[MrzBand]:
    """Zone-shaped blobs of ``image``, best first.

    Args:
        image: Upright (or to-be-tested) page, BGR or gray ``uint8``.
        bottom_share: Only blobs whose centre lies in the bottom ``bottom_share`` of the page count.
        max_bands: Most candidates returned.
    """
    gray = _gray(image)
    h0, w0 = gray.shape[:2]
    if h0 < 20 or w0 < 20:
        return []
    s = _WORK_WIDTH / w0
    small = cv2.resize(gray, (_WORK_WIDTH, max(1, round(h0 * s))), interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    small = cv2.GaussianBlur(small, (3, 3), 0)
    rect = cv2.getStructuringElement(cv2.MORPH_RECT, (13, 5))
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (21, 21))
    blackhat = cv2.morphologyEx(small, cv2.MORPH_BLACKHAT, rect)
    grad = cv2.Sobel(blackhat, cv2.CV_32F, 1, 0, ksize=-1)
    grad = np.absolute(grad)
    lo, hi = float(grad.min()), float(grad.max())
    if hi - lo < 1e-6:
        return []
    grad8 = ((grad - lo) / (hi - lo) * 255).astype("uint8")
    grad8 = cv2.morphologyEx(grad8, cv2.MORPH_CLOSE, rect)
    _, thresh = cv2.threshold(grad8, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    lines_only = thresh.copy()
    thresh = cv2.morphologyEx(thresh, cv2.MORPH_CLOSE, square)
    thresh = cv2.erode(thresh, np.ones((3, 3), np.uint8), iterations=2)
    contours, _ = cv2.findContours(thresh, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    bands: list[MrzBand] = []
    for c in contours:
        x, y, bw, bh = cv2.boundingRect(c)
        if bw < 0.45 * w or bh < 8 or bw / max(bh, 1) < 4.0:
            continue
        cy = y + bh / 2
        if cy < (1.0 - bottom_share) * h:
            continue
        fill = float(lines_only[y : y + bh, x : x + bw].mean()) / 255.0
        # Line height: rows of the blob that carry ink, split into runs.
        rows = lines_only[y : y + bh, x : x + bw].mean(axis=1) > 60
        runs = true_runs(rows, min_len=2)
        line_h = float(np.median([b - a for a, b in runs])) if runs else bh / 2
        score = min(1.0, bw / w) * 0.6 + min(1.0, fill * 1.5) * 0.2 + (cy / h) * 0.2
        pad_y = int(0.25 * bh)
        # The zone spans the page: widen to the page edges, as a faint tail of fillers is
        # often lost by the morphology.
        x0, x1 = 0, w0
        y0 = max(0, int((y - pad_y) / s))
        y1 = min(h0, int((y + bh + pad_y) / s))
        core = (max(0, int(x / s)), min(w0, int((x + bw) / s)))
        bands.append(MrzBand(bbox=(x0, y0, x1, y1), score=score, line_height_px=line_h / s, core_x=core))
    bands.sort(key=lambda b: b.score, reverse=True)
    return bands[:max_bands]


def _inside(image: Image, bbox: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """``bbox`` clipped to ``image`` (a box partly or wholly outside it: what of it lies inside)."""
    h, w = image.shape[:2]
    x0, y0, x1, y1 = bbox
    x0, y0 = min(max(0, x0), w), min(max(0, y0), h)
    return x0, y0, min(max(x0, x1), w), min(max(y0, y1), h)


def prepare_band(image: Image, bbox: tuple[int, int, int, int], *, target_line_px: int = 36) -> Image:
    """Crop the band, scale its text to about ``target_line_px`` per line, gray, white margin."""
    x0, y0, x1, y1 = _inside(image, bbox)
    crop = _gray(image[y0:y1, x0:x1])
    if crop.size == 0:
        return crop
    lines = max(2, round((y1 - y0) / max(1.0, (x1 - x0) / 44 * 1.9)))
    f = target_line_px * lines / max(1, crop.shape[0])
    f = min(3.0, max(0.4, f))
    if abs(f - 1.0) > 0.1:
        interp = cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA
        crop = np.asarray(cv2.resize(crop, None, fx=f, fy=f, interpolation=interp), dtype=np.uint8)
    return np.asarray(cv2.copyMakeBorder(crop, 12, 12, 12, 12, cv2.BORDER_REPLICATE), dtype=np.uint8)


def band_sharpness(image: Image, bbox: tuple[int, int, int, int], line_height_px: float) -> float:
    """Edge steepness of the zone's print: ~1/(edge width in line-height units); low is blurred.

    The band is scaled so that one text line is 30 px high, then the 99th percentile of the
    gradient magnitude is divided by the ink/paper contrast. A sharp OCR-B stroke edge spans one
    or two pixels at that scale (about 0.3-0.5); a Gaussian blur of sigma ``s`` pixels brings it
    to about ``1 / (2.5 s)``.
    """
    x0, y0, x1, y1 = _inside(image, bbox)
    crop = _gray(image[y0:y1, x0:x1])
    if crop.size == 0 or line_height_px <= 0:
        return 0.0
    f = 30.0 / line_height_px
    if abs(f - 1.0) > 0.05:
        interp = cv2.INTER_AREA if f < 1 else cv2.INTER_LINEAR
        crop = np.asarray(cv2.resize(crop, None, fx=f, fy=f, interpolation=interp), dtype=np.uint8)
    g = crop.astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3) / 8.0
    mag = np.sqrt(gx * gx + gy * gy)
    lo, hi = np.percentile(g, (5, 95))
    contrast = float(hi - lo)
    if contrast < 10:
        return 0.0
    return float(np.percentile(mag, 99)) / contrast
