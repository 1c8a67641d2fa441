"""Basic image geometry: gray conversion, quarter turns, free rotation, perspective warp, resizing.

Conventions used throughout :mod:`workstation.imaging`:

* images are numpy ``uint8`` arrays, grayscale ``(H, W)`` or BGR ``(H, W, 3)``;
* a *rotation* is a clockwise quarter turn in degrees (0, 90, 180, 270) that makes a page upright;
* a *skew* angle is in degrees, positive when the content is turned counter-clockwise
  (text lines rising to the right); straightening rotates by the opposite angle;
* a :data:`Quad` is four ``(x, y)`` corners in pixels, ordered top-left, top-right,
  bottom-right, bottom-left.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from workstation.errors import PreprocessError
from workstation.imaging._cv import cv2

Image = npt.NDArray[np.uint8]
Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]

QUARTER_TURNS = (0, 90, 180, 270)


def check_image(image: object) -> Image:
    """Return ``image`` if it is a usable uint8 gray/BGR array, else raise :class:`PreprocessError`."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise PreprocessError("Expected an 8-bit image array.")
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (1, 3, 4)):
        raise PreprocessError(f"Expected a grayscale or colour image, got shape {image.shape}.")
    if image.shape[0] < 8 or image.shape[1] < 8:
        raise PreprocessError("The image is too small to contain a document.")
    return image


def to_gray(image: Image) -> Image:
    """Grayscale copy (or the same array when already gray)."""
    if image.ndim == 2:
        return image
    if image.shape[2] == 1:
        return np.ascontiguousarray(image[:, :, 0])
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)  # type: ignore[no-any-return]
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)  # type: ignore[no-any-return]


def brightest_channel(image: Image) -> Image:
    """Each pixel's brightest colour channel, as a grey image (the same array when already gray).

    The same values as ``image[:, :, :3].max(axis=2)``, an order of magnitude faster.
    """
    return _channel_extreme(image, cv2.max)


def darkest_channel(image: Image) -> Image:
    """Each pixel's darkest colour channel, as a grey image (the same array when already gray).

    The same values as ``image[:, :, :3].min(axis=2)``, an order of magnitude faster.
    """
    return _channel_extreme(image, cv2.min)


def _channel_extreme(image: Image, pick: Any) -> Image:
    if image.ndim == 2 or image.shape[2] < 3:
        return image
    b, g, r = cv2.split(image[:, :, :3] if image.shape[2] > 3 else image)
    return pick(pick(b, g), r)  # type: ignore[no-any-return]


def to_bgr(image: Image) -> Image:
    """BGR copy (or the same array when already BGR)."""
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)  # type: ignore[no-any-return]
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)  # type: ignore[no-any-return]
    return image


def rotate_quarter(image: Image, rotation: int) -> Image:
    """Rotate clockwise by a multiple of 90 degrees (``rotation`` in 0, 90, 180, 270; others are reduced mod 360).

    Raises:
        PreprocessError: ``rotation`` is not a multiple of 90.
    """
    r = int(rotation) % 360
    if r == 0:
        return image
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    if r not in codes:
        raise PreprocessError(f"Rotation must be a multiple of 90 degrees, got {rotation}.")
    return cv2.rotate(image, codes[r])  # type: ignore[no-any-return]


def rotate_angle(image: Image, angle_deg: float, *, border: tuple[int, int, int] | None = None) -> Image:
    """Rotate counter-clockwise by ``angle_deg`` about the centre, enlarging the canvas to keep every pixel.

    Args:
        image: Gray or BGR image.
        angle_deg: Counter-clockwise angle in degrees (negative turns clockwise).
        border: Fill colour for uncovered corners (default: the image's median border colour).
    """
    if abs(angle_deg) < 1e-3:
        return image
    h, w = image.shape[:2]
    rad = math.radians(angle_deg)
    cos, sin = abs(math.cos(rad)), abs(math.sin(rad))
    nw, nh = int(math.ceil(w * cos + h * sin)), int(math.ceil(w * sin + h * cos))
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle_deg, 1.0)
    m[0, 2] += (nw - w) / 2.0
    m[1, 2] += (nh - h) / 2.0
    fill = border if border is not None else border_colour(image)
    value: float | tuple[int, ...] = fill[0] if image.ndim == 2 else fill
    return cv2.warpAffine(  # type: ignore[no-any-return]
        image, m, (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=value
    )


def border_colour(image: Image) -> tuple[int, int, int]:
    """Median colour of the outermost pixel ring (the paper colour of a scan)."""
    if image.ndim == 2:
        ring = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])
        v = int(np.median(ring))
        return (v, v, v)
    ring3 = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]], axis=0)
    med = np.median(ring3[:, :3], axis=0)
    return (int(med[0]), int(med[1]), int(med[2]))


def order_quad(points: npt.ArrayLike) -> Quad:
    """Order four points as top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(points, dtype=np.float64).reshape(4, 2)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    tl, br = pts[np.argmin(s)], pts[np.argmax(s)]
    tr, bl = pts[np.argmin(d)], pts[np.argmax(d)]
    ordered = [tl, tr, br, bl]
    # Degenerate ordering (two roles on one point): fall back to angle order around the centre.
    if len({(float(p[0]), float(p[1])) for p in ordered}) < 4:
        c = pts.mean(axis=0)
        ang = np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0])
        sorted_pts = pts[np.argsort(ang)]
        start = int(np.argmin(sorted_pts.sum(axis=1)))
        ordered = [sorted_pts[(start + i) % 4] for i in range(4)]
    return tuple((float(p[0]), float(p[1])) for p in ordered)  # type: ignore[return-value]


def quad_size(quad: Quad) -> tuple[int, int]:
    """Width and height in pixels of the rectangle a quad maps onto (longest opposite edges)."""
    (tl, tr, br, bl) = (np.array(p) for p in quad)
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    return max(1, int(round(width))), max(1, int(round(height)))


def warp_quad(image: Image, quad: Quad, size: tuple[int, int] | None = None) -> Image:
    """Perspective-correct the quadrilateral ``quad`` of ``image`` into an upright rectangle.

    Args:
        image: Source image.
        quad: Corners ordered top-left, top-right, bottom-right, bottom-left.
        size: Output ``(width, height)``; default: the quad's own edge lengths.
    """
    w, h = size or quad_size(quad)
    return cv2.warpPerspective(  # type: ignore[no-any-return]
        image, _quad_transform(quad, (w, h)), (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


def _quad_transform(quad: Quad, size: tuple[int, int]) -> npt.NDArray[np.float64]:
    """The perspective matrix that takes ``quad`` onto an upright ``(width, height)`` rectangle."""
    w, h = size
    src = np.array(quad, dtype=np.float32)
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    return cv2.getPerspectiveTransform(src, dst)  # type: ignore[no-any-return]


def quarter_point(point: Point, size: tuple[int, int], rotation: int) -> Point:
    """Where ``point`` of an image of ``size`` ``(width, height)`` lies once the image is turned
    clockwise by ``rotation`` (see :func:`rotate_quarter`)."""
    x, y = point
    w, h = size
    r = int(rotation) % 360
    if r == 90:
        return (h - 1 - y, x)
    if r == 180:
        return (w - 1 - x, h - 1 - y)
    if r == 270:
        return (y, w - 1 - x)
    return (x, y)


def rectified_points(quad: Quad, points: Sequence[Point]) -> list[Point]:
    """Where ``points`` of an image lie in that image's ``quad`` warped by :func:`warp_quad` (default size)."""
    m = _quad_transform(quad, quad_size(quad))
    out = cv2.perspectiveTransform(np.array([points], dtype=np.float32), m)
    return [(float(x), float(y)) for x, y in out[0]]


def true_runs(mask: npt.ArrayLike, min_len: int = 1) -> list[tuple[int, int]]:
    """The ``(start, end)`` (end exclusive) of each run of true values in a 1-D ``mask``, at least ``min_len`` long."""
    out: list[tuple[int, int]] = []
    start = None
    flags = np.asarray(mask, dtype=bool).tolist()
    for i, v in enumerate(flags):
        if v and start is None:
            start = i
        elif not v and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(flags)))
    return [r for r in out if r[1] - r[0] >= min_len]


def resize_to_max(image: Image, max_side: int) -> tuple[Image, float]:
    """Shrink so the longer side is at most ``max_side`` (never enlarges); returns the image and the scale used."""
    h, w = image.shape[:2]
    longest = max(h, w)
    if longest <= max_side:
        return image, 1.0
    scale = max_side / float(longest)
    out = cv2.resize(image, (max(1, int(round(w * scale))), max(1, int(round(h * scale)))), interpolation=cv2.INTER_AREA)
    return out, scale


def scale(image: Image, factor: float) -> Image:
    """Resize by ``factor`` (area interpolation when shrinking, cubic when enlarging)."""
    if abs(factor - 1.0) < 1e-6:
        return image
    h, w = image.shape[:2]
    interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(  # type: ignore[no-any-return]
        image, (max(1, int(round(w * factor))), max(1, int(round(h * factor)))), interpolation=interp
    )


def crop(image: Image, bbox: tuple[float, float, float, float], pad: int = 0) -> Image:
    """The part of ``image`` inside ``(x0, y0, x1, y1)`` enlarged by ``pad`` pixels, clipped to the image."""
    h, w = image.shape[:2]
    x0 = max(0, int(math.floor(bbox[0])) - pad)
    y0 = max(0, int(math.floor(bbox[1])) - pad)
    x1 = min(w, int(math.ceil(bbox[2])) + pad)
    y1 = min(h, int(math.ceil(bbox[3])) + pad)
    return image[y0:y1, x0:x1]


def binarize(image: Image) -> Image:
    """Black text on white (0/255) via Otsu's threshold on the gray image."""
    gray = to_gray(image)
    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out  # type: ignore[no-any-return]


def smooth_grain(image: Image) -> Image:
    """Gray copy with sensor grain removed (3x3 median): print strokes stay, isolated specks go.

    Tesseract's global threshold turns the grain of a dim phone photo, enlarged, into specks
    that its layout analysis reads as hundreds of fragments.
    """
    out: Image = cv2.medianBlur(to_gray(check_image(image)), 3)
    return out


def steadied(grey: Image) -> Image:
    """A grey crop (a printed number's) with its contrast stretched and its sensor noise smoothed.

    On a dim, noisy photo (contrast 0.57, noise sigma 11: case 300 of seed 6) the number's two
    re-reads gave ``CI247S211`` and ``CI2ATS211`` for ``C12473211``; stretched and smoothed over
    3 x 3 pixels, all three sizes read it right. A clean crop loses nothing: the glyphs' strokes
    are several pixels wide at the sizes read.
    """
    lo, hi = np.percentile(grey, (1, 99))
    if hi - lo < 8:
        return grey
    stretched = np.clip((grey.astype(np.float32) - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)
    smoothed: Image = cv2.GaussianBlur(stretched, (3, 3), 0)
    return smoothed
