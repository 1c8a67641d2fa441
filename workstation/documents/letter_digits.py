"""Persian digits read by their shape, where Tesseract's ``fas`` model misreads them.

Tesseract's ``fas`` model knows the Iranian forms of the Persian digits. Many fonts draw 4, 6 and 7
in their Urdu forms (the default of Noto Naskh Arabic and Noto Nastaliq Urdu, and of most Arabic
fonts for Urdu text), which ``fas`` reads as 3 or 2 and 2 or 5 at confidences of 0.7-0.9, so a
letter dated 1401 comes out as 1301. Each digit of a Persian number is one connected stroke (the
zero a dot), so a number is read again here glyph by glyph: its ink is cut into connected
components, and each one is matched against shape templates rendered from a dozen fonts, in both
the Persian and the Urdu forms (:mod:`workstation.documents.letter_digits_train`; the font the test
generator draws with is not among them). The template set is ``persian_digits.npz`` next to this
module (about 0.3 MB); without it nothing here changes a reading.

Two uses: a glyph a PDF's font does not map (:func:`read_glyph`, which chooses among the
digits still possible), and a number OCR read from an image (:func:`reread_numbers`), where a digit
is changed only when its shape is clearly another digit's and the components line up one-to-one
with the characters OCR gave.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from workstation.documents.letter_text import BBox, LetterPage, LetterWord

log = logging.getLogger(__name__)

DIGIT_CHARS = "۰۱۲۳۴۵۶۷۸۹"
_VALUE = {c: i for i, c in enumerate(DIGIT_CHARS)}
_VALUE.update({c: i for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")})
MODEL_PATH = Path(__file__).resolve().parent / "persian_digits.npz"

#: Side of the square the glyph's shape is reduced to.
SIDE = 16
#: Weights of the height-to-width ratio (log) and of the glyph's height relative to the number's
#: tallest digit, next to the unit-length shape vector.
ASPECT_WEIGHT = 0.35
SIZE_WEIGHT = 0.8
#: A digit OCR read is replaced only when the nearest template of another digit is nearer than every
#: template of the digit OCR gave by at least this much (distances of unit shape vectors: 0..~2).
MIN_MARGIN = 0.03
_SEPARATORS = "/.-"


def features(mask: npt.NDArray[np.bool_], ref_h: float) -> npt.NDArray[np.float32]:
    """Shape features of one glyph: its ink scaled into a square, its aspect, its relative height."""
    ys, xs = np.nonzero(mask)
    out = np.zeros(SIDE * SIDE + 2, dtype=np.float32)
    if len(ys) == 0:
        return out
    crop = mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.float32)
    h, w = crop.shape
    side = max(h, w)
    canvas = np.zeros((side, side), dtype=np.float32)
    oy, ox = (side - h) // 2, (side - w) // 2
    canvas[oy:oy + h, ox:ox + w] = crop
    small = cv2.resize(canvas, (SIDE, SIDE), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (3, 3), 0.8).ravel()
    norm = float(np.linalg.norm(small))
    out[:SIDE * SIDE] = small / norm if norm > 0 else small
    out[-2] = ASPECT_WEIGHT * math.log(h / w)
    out[-1] = SIZE_WEIGHT * min(1.5, h / max(1.0, ref_h))
    return out


@dataclass(frozen=True)
class DigitGuess:
    """The nearest digit to a glyph's shape.

    Attributes:
        digit: 0..9.
        distance: Distance to that digit's nearest template.
        distances: Distance to each allowed digit's nearest template.
    """

    digit: int
    distance: float
    distances: dict[int, float]

    def margin_over(self, other: int) -> float:
        """How much nearer this guess is than ``other`` (``inf`` when ``other`` was not allowed)."""
        return self.distances.get(other, math.inf) - self.distance


class DigitShapes:
    """Nearest-template classification of Persian digit glyphs."""

    def __init__(self, x: npt.NDArray[np.float32], y: npt.NDArray[np.int8]) -> None:
        self.x = x
        self.y = y

    def classify(self, mask: npt.NDArray[np.bool_], ref_h: float,
                 allowed: Sequence[int] | None = None) -> DigitGuess | None:
        """The allowed digit whose templates come nearest to the glyph ``mask``."""
        if not mask.any():
            return None
        f = features(mask, ref_h)
        d = np.linalg.norm(self.x - f, axis=1)
        best: dict[int, float] = {}
        for digit in (allowed if allowed is not None else range(10)):
            sel = d[self.y == digit]
            if len(sel):
                best[int(digit)] = float(sel.min())
        if not best:
            return None
        digit = min(best, key=lambda k: best[k])
        return DigitGuess(digit, best[digit], best)


@lru_cache(maxsize=1)
def load_shapes(path: Path = MODEL_PATH) -> DigitShapes | None:
    """The shipped templates, or ``None`` when they are not installed."""
    if not path.is_file():
        log.info("Persian digit templates not installed: numbers keep OCR's reading")
        return None
    with np.load(path) as data:
        return DigitShapes(data["x"].astype(np.float32), data["y"].astype(np.int8))  # stored as float16


@dataclass(frozen=True)
class _Blob:
    x0: int
    y0: int
    x1: int
    y1: int
    mask: npt.NDArray[np.bool_]

    @property
    def h(self) -> int:
        return self.y1 - self.y0

    @property
    def w(self) -> int:
        return self.x1 - self.x0


def _gray(image: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    if image.ndim == 2:
        return image
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def _blobs(gray: npt.NDArray[np.uint8], keep: BBox) -> list[_Blob]:
    """Ink components of ``gray`` whose centre lies inside ``keep`` (crop pixels), left to right.

    Components overlapping in x by more than half the narrower one are joined (a stroke broken by
    noise); specks far smaller than the tallest component are dropped.
    """
    if gray.size == 0 or int(gray.max()) - int(gray.min()) < 40:
        return []
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    raw: list[_Blob] = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        cx, cy = x + w / 2, y + h / 2
        if not (keep[0] <= cx <= keep[2] and keep[1] <= cy <= keep[3]):
            continue
        raw.append(_Blob(x, y, x + w, y + h, labels[y:y + h, x:x + w] == i))
    if not raw:
        return []
    tallest = max(b.h for b in raw)
    raw = [b for b in raw if b.h * max(b.w, 1) >= 0.012 * tallest * tallest and b.h >= 2]
    raw.sort(key=lambda b: b.x0)
    out: list[_Blob] = []
    for b in raw:
        if out:
            a = out[-1]
            common = min(a.x1, b.x1) - max(a.x0, b.x0)
            if common > 0.5 * min(a.w, b.w):
                out[-1] = _join(a, b)
                continue
        out.append(b)
    return out


def _join(a: _Blob, b: _Blob) -> _Blob:
    x0, y0, x1, y1 = min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1)
    m = np.zeros((y1 - y0, x1 - x0), dtype=bool)
    m[a.y0 - y0:a.y1 - y0, a.x0 - x0:a.x1 - x0] |= a.mask
    m[b.y0 - y0:b.y1 - y0, b.x0 - x0:b.x1 - x0] |= b.mask
    return _Blob(x0, y0, x1, y1, m)


def _crop(image: npt.NDArray[np.uint8], box: BBox, pad_x: float, pad_y: float
          ) -> tuple[npt.NDArray[np.uint8], BBox] | None:
    """Gray crop around ``box`` and ``box`` in the crop's pixels."""
    x0, y0 = max(0, int(box[0] - pad_x)), max(0, int(box[1] - pad_y))
    x1 = min(image.shape[1], int(math.ceil(box[2] + pad_x)))
    y1 = min(image.shape[0], int(math.ceil(box[3] + pad_y)))
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    return _gray(image[y0:y1, x0:x1]), (box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0)


def _ref_height(blobs: Sequence[_Blob]) -> float:
    return reference_height([b.h for b in blobs])


def reference_height(heights: Sequence[int]) -> float:
    """The height of a full digit in a run of glyphs: the tallest that is not an outlier (a slash, a bracket)."""
    hs = sorted(heights)
    if not hs:
        return 1.0
    big = [h for h in hs if h >= 0.5 * hs[-1]]
    med = big[len(big) // 2]
    return float(max(h for h in hs if h <= 1.35 * med))


def read_glyph(image: npt.NDArray[np.uint8], box: BBox, allowed: str,
               shapes: DigitShapes | None = None) -> str:
    """The allowed digit whose shape the glyph in ``box`` (page pixels) has; ``""`` when unsure.

    ``box`` is where a text layer says the glyph is (an estimate inside a word); the component whose
    centre is nearest the box's centre is read, its size judged against the digits around it.
    """
    shapes = shapes or load_shapes()
    digits = [_VALUE[c] for c in allowed if c in _VALUE]
    if shapes is None or not digits:
        return ""
    h = box[3] - box[1]
    got = _crop(image, box, pad_x=1.5 * h, pad_y=0.1 * h)
    if got is None:
        return ""
    crop, inner = got
    blobs = _blobs(crop, (0.0, inner[1], float(crop.shape[1]), inner[3]))
    if not blobs:
        return ""
    cx = (inner[0] + inner[2]) / 2
    mine = min(blobs, key=lambda b: abs((b.x0 + b.x1) / 2 - cx))
    if not (inner[0] - 0.3 * h <= (mine.x0 + mine.x1) / 2 <= inner[2] + 0.3 * h):
        return ""
    guess = shapes.classify(mine.mask, _ref_height(blobs), digits)
    return DIGIT_CHARS[guess.digit] if guess is not None else ""


def _is_number(text: str) -> bool:
    return any(c in _VALUE for c in text) and all(c in _VALUE or c in _SEPARATORS for c in text)


def reread_number(image: npt.NDArray[np.uint8], box: BBox, text: str,
                  shapes: DigitShapes | None = None) -> str:
    """``text`` (a number OCR read in ``box`` of ``image``) with digits its glyphs' shapes contradict.

    The number's components must line up one-to-one with its characters (in the order OCR gave or
    reversed, whichever agrees more with the shapes, and at least half the digits agreeing); a digit
    is changed only when another digit's templates are nearer by :data:`MIN_MARGIN`. Otherwise
    ``text`` comes back unchanged.
    """
    shapes = shapes or load_shapes()
    if shapes is None or not _is_number(text):
        return text
    h = box[3] - box[1]
    got = _crop(image, box, pad_x=0.15 * h, pad_y=0.25 * h)
    if got is None:
        return text
    crop, inner = got
    blobs = _blobs(crop, inner)
    if len(blobs) != len(text):
        return text
    ref = _ref_height([b for b, c in zip(blobs, text, strict=True) if c in _VALUE and _VALUE[c] != 0] or blobs)
    guesses = [shapes.classify(b.mask, ref) if c in _VALUE else None for b, c in zip(blobs, text, strict=True)]
    agree = sum(1 for g, c in zip(guesses, text, strict=True) if g is not None and g.digit == _VALUE.get(c))
    rev = text[::-1]
    rev_guesses = [shapes.classify(b.mask, ref) if c in _VALUE else None for b, c in zip(blobs, rev, strict=True)]
    rev_agree = sum(1 for g, c in zip(rev_guesses, rev, strict=True) if g is not None and g.digit == _VALUE.get(c))
    order = text
    if rev_agree > agree:
        order, guesses, agree = rev, rev_guesses, rev_agree
    n_digits = sum(1 for c in text if c in _VALUE)
    if 2 * agree < n_digits:
        return text
    out = list(order)
    for i, (g, c) in enumerate(zip(guesses, order, strict=True)):
        if g is None or c not in _VALUE or g.digit == _VALUE[c]:
            continue
        if g.margin_over(_VALUE[c]) >= MIN_MARGIN:
            out[i] = DIGIT_CHARS[g.digit]
    fixed = "".join(out)
    return fixed if order == text else fixed[::-1]


def reread_numbers(page: LetterPage, image: npt.NDArray[np.uint8], factor: float = 1.0) -> LetterPage:
    """``page`` (OCR words, boxes in page units) with the Persian digits of its numbers read by shape.

    ``image`` is the image OCR read; its pixels are the page units times ``factor``.
    """
    shapes = load_shapes()
    if shapes is None:
        return page
    words: list[LetterWord] = []
    changed = 0
    for w in page.words:
        if _is_number(w.text):
            box = (w.bbox[0] * factor, w.bbox[1] * factor, w.bbox[2] * factor, w.bbox[3] * factor)
            text = reread_number(image, box, w.text, shapes)
            if text != w.text:
                changed += 1
                w = replace(w, text=text)
        words.append(w)
    if changed:
        log.debug("Persian numbers corrected by digit shape: %d", changed)
    return replace(page, words=tuple(words))
