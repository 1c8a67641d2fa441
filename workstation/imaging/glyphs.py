"""Pixel operations on single glyphs, for readers that recognise characters by their shape.

The documents layer (Persian digits read by shape, :mod:`workstation.documents.letter_digits`)
keeps its logic there; the OpenCV calls it needs live here, in the one package that imports cv2.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from workstation.imaging._cv import cv2

__all__ = ["ink_components", "square_shape", "glyph_variants"]


def square_shape(canvas: npt.NDArray[np.float32], side: int) -> npt.NDArray[np.float32]:
    """A glyph's square canvas reduced to ``side`` x ``side`` (area average, light smoothing), flattened."""
    small = cv2.resize(canvas, (side, side), interpolation=cv2.INTER_AREA)
    out: npt.NDArray[np.float32] = np.asarray(cv2.GaussianBlur(small, (3, 3), 0.8), dtype=np.float32).ravel()
    return out


def ink_components(gray: npt.NDArray[np.uint8]) -> tuple[int, npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Dark ink of ``gray`` (Otsu threshold) as 8-connected components: count, label image, stats.

    ``stats[i]`` is ``(x, y, width, height, area)`` of component ``i``; component 0 is the ground.
    """
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    return int(n), np.asarray(labels, dtype=np.int32), np.asarray(stats, dtype=np.int32)


def glyph_variants(gray: npt.NDArray[np.uint8], threshold: int, angles: tuple[float, ...]) -> list[npt.NDArray[np.bool_]]:
    """Ink masks of a rendered glyph as printed, thinner, bolder, blurred and re-thresholded at
    ``threshold``, and slanted by each of ``angles`` (degrees): the variety a template set needs."""
    out: list[npt.NDArray[np.bool_]] = [gray < 128]
    k = np.ones((2, 2), np.uint8)
    out.append(np.asarray(cv2.erode(255 - gray, k) > 127))
    out.append(np.asarray(cv2.dilate(255 - gray, k) > 127))
    out.append(np.asarray(cv2.GaussianBlur(gray, (0, 0), 1.2) < threshold))
    h, w = gray.shape
    for angle in angles:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        out.append(np.asarray(cv2.warpAffine(gray, m, (w, h), borderValue=255) < 128))
    return out
