"""The single import of OpenCV, typed loosely on purpose.

OpenCV's bundled stubs type every array as ``MatLike`` (a union of ``Mat`` and arrays of any
dtype), which would force a cast on nearly every call. Imaging code keeps its own precise
``uint8`` array types at function boundaries and treats cv2 itself as ``Any``.
"""

from __future__ import annotations

from typing import Any

import cv2 as _cv2

cv2: Any = _cv2

__all__ = ["cv2"]
