"""Finding the document in a photo or scan: its four corners, then a perspective fix.

Two independent segmentations propose outlines, and the largest plausible quadrilateral wins:

* **edges**: Canny edges, closed and filled; the outline of a card or page against a desk;
* **colour**: pixels far (in Lab colour) from the frame's border colour, which is the background
  when the document lies inside the frame.

A quadrilateral covering nearly the whole image means the image is already cropped (a flatbed scan
of a full page): :func:`find_document` then returns ``None`` and the image is used as it is.
"""

from __future__ import annotations

import logging

import numpy as np
import numpy.typing as npt

from workstation.imaging._cv import cv2
from workstation.imaging.geometry import (
    Image,
    Quad,
    check_image,
    order_quad,
    resize_to_max,
    to_bgr,
    warp_quad,
)

log = logging.getLogger(__name__)

_WORK_SIDE = 800
#: Smallest share of the frame a document may fill to be found.
MIN_AREA_FRACTION = 0.05
#: A quad covering at least this share of the frame means "already cropped".
FULL_FRAME_FRACTION = 0.93
#: Share of a candidate outline that must run along image edges.
MIN_EDGE_SUPPORT = 0.45
#: Median filter passes that wipe print out of the working copy: two of 5 x 5 (OpenCV's vectorised
#: kernel) take a tenth of the time of one 7 x 7 (3.7 against 37 ms on an 800 px photo) and wipe
#: strokes as wide; the outlines they give met the generator's true corners as well or better.
_MEDIAN_PASSES = (5, 5)
#: Longest side over shortest side of any document we read (ID-1 is 1.59, A4 1.41, US legal 1.65).
MAX_ASPECT = 2.2


def _approx_quad(contour: npt.NDArray[np.int32]) -> npt.NDArray[np.float64] | None:
    hull = cv2.convexHull(contour)
    peri = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4:
            return np.asarray(approx, dtype=np.float64).reshape(4, 2)
        if len(approx) < 4:
            break
    # Rounded corners or a torn edge: the minimum-area rectangle is a good enough outline when the
    # hull fills it well.
    rect = cv2.minAreaRect(hull)
    box = cv2.boxPoints(rect)
    box_area = float(rect[1][0] * rect[1][1])
    if box_area > 0 and cv2.contourArea(hull) / box_area > 0.85:
        return np.asarray(box, dtype=np.float64)
    return None


def _plausible(quad: npt.NDArray[np.float64], frame_area: float) -> float:
    """The quad's area fraction if it looks like a document, else 0."""
    area = abs(float(cv2.contourArea(quad.astype(np.float32))))
    frac = area / frame_area
    if frac < MIN_AREA_FRACTION:
        return 0.0
    if not cv2.isContourConvex(quad.astype(np.float32).reshape(-1, 1, 2)):
        return 0.0
    pts = quad.reshape(4, 2)
    sides = [float(np.linalg.norm(pts[(i + 1) % 4] - pts[i])) for i in range(4)]
    long_side, short_side = max(sides[0], sides[2]), max(min(sides[1], sides[3]), 1e-6)
    if sides[1] + sides[3] > sides[0] + sides[2]:
        long_side, short_side = max(sides[1], sides[3]), max(min(sides[0], sides[2]), 1e-6)
    if long_side / short_side > MAX_ASPECT:
        return 0.0  # a band of text (the MRZ), a ruler, an edge of the desk: no document is that long
    for i in range(4):
        a, b, c = pts[i - 1], pts[i], pts[(i + 1) % 4]
        v1, v2 = a - b, c - b
        cos = float(np.dot(v1, v2) / (np.linalg.norm(v1) * np.linalg.norm(v2) + 1e-9))
        if abs(cos) > 0.5:  # corner angle outside 60..120 degrees: not a photographed rectangle
            return 0.0
    return frac


def _canny(gray: Image) -> Image:
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    med = float(np.median(blurred))
    lo, hi = int(max(0, 0.66 * med)), int(min(255, 1.33 * med))
    return cv2.Canny(blurred, max(10, lo // 2), max(30, hi // 2))  # type: ignore[no-any-return]


def _colour_edges(bgr: Image) -> Image:
    """Edges in lightness or in colour: a pale page on a pale but tinted desk differs in hue only."""
    lab = cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB)
    out = _canny(lab[:, :, 0])
    for ch in (1, 2):
        chroma = cv2.normalize(lab[:, :, ch], None, 0, 255, cv2.NORM_MINMAX)
        out = cv2.bitwise_or(out, _canny(chroma))
    return out


def _edge_support(quad: npt.NDArray[np.float64], edges: Image) -> float:
    """Share of points along the quad's sides that lie on an image edge."""
    h, w = edges.shape[:2]
    hits = total = 0
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        n = max(8, int(np.linalg.norm(b - a) / 4))
        for t in np.linspace(0.05, 0.95, n):
            x, y = a + (b - a) * t
            xi, yi = int(round(x)), int(round(y))
            if 0 <= xi < w and 0 <= yi < h:
                total += 1
                hits += int(edges[yi, xi] > 0)
            else:
                # A side running off the frame: no edge to see, but no evidence against it either.
                total += 1
                hits += 1
    return hits / max(total, 1)


def _print_outside(quad: npt.NDArray[np.float64], gray: Image) -> bool:
    """Whether character-like blobs are as common outside ``quad`` as inside it."""
    block = max(15, (min(gray.shape[:2]) // 40) | 1)
    mask = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)
    n, _, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return False
    hs = stats[1:, cv2.CC_STAT_HEIGHT]
    ws = stats[1:, cv2.CC_STAT_WIDTH]
    char_like = (hs >= 4) & (hs <= gray.shape[0] / 15) & (ws >= 2) & (ws <= hs * 3)
    pts = centroids[1:][char_like]
    if len(pts) < 10:
        return False
    contour = quad.astype(np.float32).reshape(-1, 1, 2)
    inside = np.array([cv2.pointPolygonTest(contour, (float(x), float(y)), False) >= 0 for x, y in pts])
    area_in = abs(float(cv2.contourArea(contour)))
    area_out = float(gray.shape[0] * gray.shape[1]) - area_in
    n_out = int((~inside).sum())
    if n_out < 10 or area_out <= 0:
        return False
    density_in = float(inside.sum()) / max(area_in, 1.0)
    density_out = n_out / area_out
    return density_out >= 0.25 * density_in


def _edge_candidates(gray: Image) -> list[npt.NDArray[np.int32]]:
    edges = _canny(gray)
    edges = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8), iterations=2)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return sorted(contours, key=cv2.contourArea, reverse=True)[:5]


def _colour_candidates(bgr: Image) -> list[npt.NDArray[np.int32]]:
    lab = cv2.cvtColor(cv2.GaussianBlur(bgr, (7, 7), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    border = np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]], axis=0)
    ref = np.median(border, axis=0)
    dist = np.sqrt(((lab - ref) ** 2).sum(axis=2))
    spread = float(np.percentile(np.sqrt(((border - ref) ** 2).sum(axis=1)), 90))
    d8 = np.clip(dist, 0, 255).astype(np.uint8)
    otsu, _ = cv2.threshold(d8, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    thresh = max(float(otsu), spread + 8.0, 12.0)
    mask = (dist > thresh).astype(np.uint8) * 255
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8), iterations=2)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return sorted(contours, key=cv2.contourArea, reverse=True)[:3]


def find_document(image: Image) -> Quad | None:
    """The document's corners in ``image`` pixels, or ``None`` when none is found or it fills the frame.

    Args:
        image: A photo or scan, gray or BGR.

    Returns:
        Corners ordered top-left, top-right, bottom-right, bottom-left, or ``None``.
    """
    img = check_image(image)
    small, s = resize_to_max(to_bgr(img), _WORK_SIDE)
    # A median filter wipes out print (thin strokes) but keeps the document's outline, so a page of
    # text on white is one white region, not a text-block "document".
    raw_gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    for k in _MEDIAN_PASSES:
        small = cv2.medianBlur(small, k)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    edges = cv2.dilate(_colour_edges(small), np.ones((5, 5), np.uint8))
    frame_area = float(small.shape[0] * small.shape[1])
    best: npt.NDArray[np.float64] | None = None
    best_frac = 0.0
    for contour in _colour_candidates(small) + _edge_candidates(gray):
        if cv2.contourArea(contour) < MIN_AREA_FRACTION * frame_area:
            continue
        quad = _approx_quad(contour)
        if quad is None:
            continue
        frac = _plausible(quad, frame_area)
        if frac > best_frac and _edge_support(quad, edges) >= MIN_EDGE_SUPPORT:
            best, best_frac = quad, frac
    if best is None or best_frac >= FULL_FRAME_FRACTION:
        return None
    if _print_outside(best, raw_gray):
        # Print all around the candidate: it is a part of a page that fills the frame (a photo box,
        # the MRZ band), not a document lying on a background.
        return None
    h, w = img.shape[:2]
    pts = np.clip(best / s, [0, 0], [w - 1, h - 1])
    return order_quad(pts)


def rectify(image: Image, quad: Quad) -> Image:
    """Cut the document out of ``image`` and undo the perspective (see :func:`warp_quad`)."""
    return warp_quad(image, quad)
