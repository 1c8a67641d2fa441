"""Prepare a photographed or scanned text page (a letter) for OCR: no colour stamps, even light, no table rules.

Three steps, each cheap (a few hundredths of a second on a 2-megapixel page):

* :func:`lightest_channel` - gray from the lightest colour channel of each pixel: black print stays
  black, while a coloured stamp, seal, watermark or signature over the text (red, blue, violet)
  turns pale, so the words under it read.
* :func:`even_light` - turn light-on-dark bands (banners) into dark print on light, divide out the paper's light (shadows, fall-off, a glare halo) and stretch
  print that the light has washed out back to full contrast, so one threshold fits the whole page.
  The background and the local print strength are estimated on a reduced copy.
* :func:`remove_rules` - paint out long horizontal and vertical strokes (table grids, underlines,
  folds). Tesseract takes a ruled table for a picture and drops its words; without the rules the
  cells read as text.
"""

from __future__ import annotations

import numpy as np

from workstation.imaging._cv import cv2
from workstation.imaging.geometry import Image, brightest_channel, check_image, to_gray

#: Print at least this dark against its background (0..255 scale) is left as it is.
FULL_INK = 150.0
#: Darkness below this is grain or paper texture: it is dropped before any stretch.
NOISE_INK = 10.0
#: The stretch is at most FULL_INK / MIN_INK (3x): print fainter than this nearby is not brought up further.
MIN_INK = 50.0
_GAIN_ONE = 32.0


def _reduce(gray: Image, target: int = 600) -> tuple[Image, float]:
    h, w = gray.shape[:2]
    f = min(1.0, target / max(h, w))
    if f >= 1.0:
        return gray, 1.0
    return cv2.resize(gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA), f


def _up(small: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR)  # type: ignore[no-any-return]


def lightest_channel(image: Image) -> Image:
    """Gray image whose value is the lightest of a pixel's three channels (coloured overprint fades; black stays)."""
    return brightest_channel(check_image(image))


#: A region whose typical gray (median over a few characters) is darker than this is a dark band
#: (a letterhead banner, a black table header) printed with light text.
DARK_BAND = 128


def _lighten_dark_bands(gray: Image, small: Image, char_h_small: float) -> tuple[Image, Image]:
    """Invert the dark bands of a page (light print on a dark banner), so all print is dark on light.

    A band is where the median gray over a window a few characters wide is dark: text never covers
    most of its window, a banner does. Pages without one are returned as they are.
    """
    k = max(3, int(4 * char_h_small) | 1)
    med = cv2.medianBlur(small, min(k, 255))
    dark_small = med < DARK_BAND
    if not dark_small.any():
        return gray, small
    # The median keeps a banner's edges sharp: compared at full size, the band flips along its own edge.
    dark = _up(med, gray.shape) < DARK_BAND
    gray = gray.copy()
    gray[dark] = 255 - gray[dark]
    small = small.copy()
    small[dark_small] = 255 - small[dark_small]
    return gray, small


def _paper(small: Image, char_h_small: float) -> Image:
    """The paper's brightness on a reduced page: a grey closing wider than the print removes it; the blur
    smooths block edges."""
    k = max(3, int(2.5 * char_h_small) | 1)
    return cv2.GaussianBlur(cv2.dilate(small, np.ones((k, k), np.uint8)), (0, 0), k / 2.0)  # type: ignore[no-any-return]


def even_light(image: Image, char_h: float = 20.0) -> Image:
    """A gray page under even light, faint (washed-out) print stretched to the contrast of the rest.

    Args:
        image: BGR or gray page.
        char_h: Typical character height in pixels (the background window is a few characters wide).

    Returns:
        ``uint8`` gray image, paper near 245, print dark.
    """
    gray = to_gray(check_image(image))
    small, f = _reduce(gray)
    gray, small = _lighten_dark_bands(gray, small, char_h * f)
    paper_small = _paper(small, char_h * f)
    # Print strength nearby: the darkest ink within a few lines; washed-out print is stretched up to it.
    ink_small = np.maximum(cv2.subtract(paper_small, small).astype(np.float32) - NOISE_INK, 0.0)
    k2 = max(3, int(6 * char_h * f) | 1)
    peak_small = cv2.GaussianBlur(cv2.dilate(ink_small, np.ones((k2, k2), np.uint8)), (0, 0), k2 / 2.0)
    # One gain per pixel, on the reduced copy: to the paper's white, then the faint print's stretch.
    gain_small = (245.0 / np.maximum(paper_small.astype(np.float32), 1.0)) * (
        FULL_INK / np.clip(peak_small, MIN_INK, FULL_INK))
    # Full size in 8-bit arithmetic (saturating): the gain in fixed point, 1/32 steps (at most ~7.9x).
    ink = cv2.subtract(cv2.subtract(_up(paper_small, gray.shape), gray), int(NOISE_INK))
    gain = _up(np.clip(gain_small * _GAIN_ONE + 0.5, 0, 255).astype(np.uint8), gray.shape)
    dark = cv2.multiply(ink, gain, scale=1.0 / _GAIN_ONE)
    out: Image = cv2.subtract(np.full(gray.shape, 245, np.uint8), dark)
    return out


def light_spread(image: Image, char_h: float = 20.0) -> float:
    """How unevenly the paper is lit: the spread (gray levels, 5th to 95th percentile) of its brightness
    with the print closed over. A flat scan spreads a few levels; a photo with a dark corner or a
    shadow, tens."""
    small, f = _reduce(to_gray(check_image(image)))
    lo, hi = np.percentile(_paper(small, char_h * f), [5, 95])
    return float(hi - lo)


def remove_rules(gray: Image, char_h: float = 20.0) -> Image:
    """``gray`` with long straight horizontal and vertical strokes (table rules, underlines) painted white.

    A stroke counts as a rule when it is far longer than a word is tall (15 character heights
    across, 5 down) and no thicker than a third of a character.
    """
    g = to_gray(check_image(gray))
    # Rules are found on a half-size copy when the print is large enough to survive it (4x less work).
    f = 0.5 if char_h >= 16 else 1.0
    work = g if f == 1.0 else cv2.resize(g, (max(1, g.shape[1] // 2), max(1, g.shape[0] // 2)),
                                          interpolation=cv2.INTER_AREA)
    char_h *= f
    bw = cv2.adaptiveThreshold(work, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31 if f == 1 else 17, 15)
    h_len = max(20, int(15 * char_h))
    v_len = max(15, int(5 * char_h))
    horiz = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vert = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    rules = horiz | vert
    if not rules.any():
        return g
    # A thick bar (a banner, a filled block) is not a rule: keep strokes thinner than a third of a character.
    thick = max(2, int(char_h / 3))
    bars = cv2.morphologyEx(rules, cv2.MORPH_OPEN, np.ones((thick, thick), np.uint8))
    rules = cv2.subtract(rules, cv2.dilate(bars, np.ones((3, 3), np.uint8)))
    mask = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    if f != 1.0:
        mask = cv2.resize(mask, (g.shape[1], g.shape[0]), interpolation=cv2.INTER_NEAREST)
    out: Image = g.copy()
    out[mask > 0] = 255
    return out
