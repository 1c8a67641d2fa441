"""Imaging: find the document, fix perspective, skew and orientation, and measure quality.

The only package that imports OpenCV. Images are numpy ``uint8`` arrays, gray ``(H, W)`` or
BGR ``(H, W, 3)``. Public API::

    page = prepare_page(img, dpi=300)            # PreparedPage(image, quad, skew_deg, rotation, quality, ...)
    quad = find_document(img); flat = rectify(img, quad)
    straight, skew = deskew(img)
    rot = detect_orientation(straight).rotation; upright = rotate_quarter(straight, rot)
    report = assess_quality(img, dpi=None)       # QualityReport(blur, glare, contrast, dpi, warnings)
    effective_dpi_from_char_height(px) / effective_dpi_from_char_pitch(px)   # from the MRZ
"""

from __future__ import annotations

from workstation.imaging.deskew import SkewEstimate, deskew, estimate_skew
from workstation.imaging.document import find_document, rectify
from workstation.imaging.geometry import (
    QUARTER_TURNS,
    Image,
    Point,
    Quad,
    binarize,
    border_colour,
    crop,
    order_quad,
    resize_to_max,
    rotate_angle,
    rotate_quarter,
    scale,
    to_bgr,
    to_gray,
    warp_quad,
)
from workstation.imaging.orientation import OrientationResult, detect_orientation, text_runs_vertically
from workstation.imaging.pipeline import PreparedPage, prepare_page
from workstation.imaging.quality import (
    BLUR_WARN,
    DPI_WARN,
    GLARE_WARN,
    QualityReport,
    assess_quality,
    effective_dpi_from_char_height,
    effective_dpi_from_char_pitch,
    estimate_char_height,
    resolution_warning,
)

__all__ = [
    "BLUR_WARN",
    "DPI_WARN",
    "GLARE_WARN",
    "QUARTER_TURNS",
    "Image",
    "OrientationResult",
    "Point",
    "PreparedPage",
    "Quad",
    "QualityReport",
    "SkewEstimate",
    "assess_quality",
    "binarize",
    "border_colour",
    "crop",
    "deskew",
    "detect_orientation",
    "effective_dpi_from_char_height",
    "effective_dpi_from_char_pitch",
    "estimate_char_height",
    "estimate_skew",
    "find_document",
    "order_quad",
    "prepare_page",
    "rectify",
    "resize_to_max",
    "resolution_warning",
    "rotate_angle",
    "rotate_quarter",
    "scale",
    "text_runs_vertically",
    "to_bgr",
    "to_gray",
    "warp_quad",
]
