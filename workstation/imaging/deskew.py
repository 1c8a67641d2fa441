"""Skew estimation by projection profiles of the text pixels.

For each candidate angle the dark pixels are projected onto the axis perpendicular to the text
lines; at the right angle the lines fall into few, dense bins and the sum of squared bin counts
peaks. A coarse search over +-45 degrees is refined to 0.02 degrees. Working on a sample of pixel
coordinates (not on rotated images) keeps it to a few tens of milliseconds per page.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from workstation.imaging._cv import cv2
from workstation.imaging.geometry import Image, check_image, resize_to_max, rotate_angle, to_gray

log = logging.getLogger(__name__)

#: The widest skew searched, degrees; quarter turns beyond it are orientation's job.
MAX_SKEW_DEG = 45.0
#: Skews smaller than this (degrees) are left alone by :func:`deskew` (rotation costs sharpness).
DESKEW_MIN_DEG = 0.1
#: A skew estimate weaker than this (see :class:`SkewEstimate`) is no line structure: left alone.
DESKEW_MIN_STRENGTH = 1.05
_MAX_POINTS = 20_000
_WORK_SIDE = 1200


@dataclass(frozen=True)
class SkewEstimate:
    """Measured skew of the text.

    Attributes:
        angle: Degrees in -45..45, positive when the text is turned counter-clockwise from the
            nearest image axis.
        strength: How much the best direction beats a typical one (1: no line structure found;
            above ~1.5 the estimate is trustworthy).
        vertical: The text lines run down the image (a page turned by 90 or 270 degrees) once the
            skew is removed.
    """

    angle: float
    strength: float
    vertical: bool


def _text_points(gray: Image) -> npt.NDArray[np.float64]:
    """Coordinates (centred) of the pixels of character-sized dark blobs.

    Only blobs shaped like characters count, so guilloche lines, photos, page borders and large
    stamps do not pull the line direction their way.
    """
    ys, xs = np.nonzero(char_mask(gray, typical=True))
    if len(ys) == 0:
        return np.zeros((0, 2))
    if len(ys) > _MAX_POINTS:
        rng = np.random.default_rng(12345)
        idx = rng.choice(len(ys), _MAX_POINTS, replace=False)
        ys, xs = ys[idx], xs[idx]
    pts: npt.NDArray[np.float64] = np.stack([xs, ys], axis=1).astype(np.float64)
    centred: npt.NDArray[np.float64] = pts - pts.mean(axis=0)
    return centred


#: Blobs taller than this many times the median character blob are not text of the page (see :func:`char_mask`).
_TYPICAL_MAX = 3.0
#: Blobs needed before their median is the page's text size.
_TYPICAL_MIN_BLOBS = 30


def char_mask(gray: Image, *, typical: bool = False) -> npt.NDArray[np.bool_]:
    """Pixels of the dark, character-sized blobs of a gray image (any orientation).

    ``typical``: only blobs at most :data:`_TYPICAL_MAX` times the median blob's height, the size of
    the page's text: the letters of an overprint across the page (a SPECIMEN or VOID, a banner) are
    several times taller, and being big, their pixels would outnumber the text's.
    """
    block = max(15, (min(gray.shape[:2]) // 40) | 1)
    mask = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return np.zeros(gray.shape[:2], dtype=bool)
    hs = stats[:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    ws = stats[:, cv2.CC_STAT_WIDTH].astype(np.float64)
    area = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    big, small = np.maximum(hs, ws), np.minimum(hs, ws)
    fill = area / np.maximum(hs * ws, 1.0)
    limit = min(gray.shape[:2]) / 12.0
    keep = (big >= 4) & (big <= limit) & (small >= 2) & (big <= 4.0 * small) & (fill > 0.1) & (fill < 0.95)
    keep[0] = False
    if typical and keep.sum() >= _TYPICAL_MIN_BLOBS:
        keep &= big <= _TYPICAL_MAX * float(np.median(big[keep]))
    out: npt.NDArray[np.bool_] = keep[labels]
    return out


def _score(pts: npt.NDArray[np.float64], angle_deg: float, bin_px: float = 1.0) -> float:
    a = math.radians(angle_deg)
    proj = pts[:, 1] * math.cos(a) + pts[:, 0] * math.sin(a)
    bins = np.floor((proj - proj.min()) / bin_px).astype(np.int64)
    counts = np.bincount(bins)
    return float(np.dot(counts, counts))


def estimate_skew(image: Image, max_angle: float = MAX_SKEW_DEG) -> SkewEstimate:
    """Measure the skew of the text in ``image`` (no rotation is applied).

    Every line direction over a half turn is searched, so a page turned by a quarter turn plus a
    skew is measured too; the quarter turn is reported as ``vertical`` and left to orientation.

    Args:
        image: Gray or BGR image.
        max_angle: Skews beyond this (from the nearest axis) are reported as 0 with strength 1.
    """
    gray = to_gray(check_image(image))
    small, _ = resize_to_max(gray, _WORK_SIDE)
    pts = _text_points(small)
    if len(pts) < 200:
        return SkewEstimate(angle=0.0, strength=1.0, vertical=False)
    coarse = np.arange(-45.0, 135.0, 1.0)
    scores = np.array([_score(pts, a) for a in coarse])
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - 1.0, best + 1.0 + 1e-9, 0.1)
    fine_scores = np.array([_score(pts, a) for a in fine])
    best = float(fine[int(np.argmax(fine_scores))])
    finest = np.arange(best - 0.1, best + 0.1 + 1e-9, 0.02)
    finest_scores = np.array([_score(pts, a) for a in finest])
    direction = float(finest[int(np.argmax(finest_scores))])
    fine_scores = np.concatenate([fine_scores, finest_scores])
    strength = float(fine_scores.max()) / max(float(np.median(scores)), 1e-9)
    reduced = ((direction + 45.0) % 90.0) - 45.0
    vertical = abs(((direction - reduced) % 180.0) - 90.0) < 1.0
    if abs(reduced) > max_angle:
        return SkewEstimate(angle=0.0, strength=1.0, vertical=vertical)
    return SkewEstimate(angle=round(reduced, 2), strength=round(strength, 3), vertical=vertical)


def deskew(
    image: Image,
    max_angle: float = MAX_SKEW_DEG,
    min_angle: float = DESKEW_MIN_DEG,
    *,
    estimate: SkewEstimate | None = None,
) -> tuple[Image, float]:
    """Straighten text lines; returns the straightened image and the skew that was removed.

    Args:
        image: Gray or BGR image.
        max_angle: Widest skew searched (degrees).
        min_angle: Skews smaller than this are left alone (rotation costs sharpness).
        estimate: The skew already measured on this image (or on it at another scale: the
            angle does not depend on the scale), with the same ``max_angle``.

    Returns:
        ``(image, angle)``: ``angle`` is the measured skew (counter-clockwise positive); the image
        was rotated by ``-angle``. When no text structure is found, ``(image, 0.0)``.
    """
    est = estimate if estimate is not None else estimate_skew(image, max_angle)
    if est.strength < DESKEW_MIN_STRENGTH or abs(est.angle) < min_angle:
        return image, 0.0
    return rotate_angle(image, -est.angle), est.angle
