"""Conversions between the core's numpy images and Qt images (UI side only)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def to_qimage(array: np.ndarray) -> QImage:
    """Copy a uint8 grey (H, W) or BGR (H, W, 3) array into a QImage that owns its memory."""
    if array.dtype != np.uint8:
        raise ValueError("expected a uint8 image")
    arr = np.ascontiguousarray(array)
    if arr.ndim == 2:
        h, w = arr.shape
        return QImage(arr.data, w, h, arr.strides[0], QImage.Format.Format_Grayscale8).copy()
    if arr.ndim == 3 and arr.shape[2] == 3:
        h, w, _ = arr.shape
        return QImage(arr.data, w, h, arr.strides[0], QImage.Format.Format_BGR888).copy()
    if arr.ndim == 3 and arr.shape[2] == 4:
        h, w, _ = arr.shape
        rgb = np.ascontiguousarray(arr[:, :, :3])
        return QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_BGR888).copy()
    raise ValueError(f"unsupported image shape {arr.shape}")


def crop(array: np.ndarray, bbox: tuple[float, float, float, float], margin: int = 8) -> np.ndarray:
    """The part of ``array`` inside ``bbox`` (x0, y0, x1, y1) plus a margin, clipped to the image."""
    h, w = array.shape[:2]
    x0, y0, x1, y1 = (int(round(v)) for v in bbox)
    x0, y0 = max(0, x0 - margin), max(0, y0 - margin)
    x1, y1 = min(w, x1 + margin), min(h, y1 + margin)
    if x1 <= x0 or y1 <= y0:
        return array[0:1, 0:1].copy()
    return array[y0:y1, x0:x1].copy()
