"""Persian digits read by their shape, where Tesseract's ``fas`` model misreads them.

Tesseract's ``fas`` model knows the Iranian forms of the Persian digits. Many fonts draw 4, 6 and 7
in their Urdu forms (the default of Noto Naskh Arabic and Noto Nastaliq Urdu, and of most Arabic
fonts for Urdu text), which ``fas`` reads as 3 or 2 and 2 or 5 at confidences of 0.7-0.9, so a
letter dated 1401 comes out as 1301. Each digit of a Persian number is one connected stroke (the
zero a dot), so a number is read again here glyph by glyph: its ink is cut into connected
components, and each one is matched against shape templates rendered from a dozen fonts, in both
the Persian and the Urdu forms, with a class for the slash (:mod:`workstation.documents.letter_digits_train`;
the font the test generator draws with is not among them). The template set is ``persian_digits.npz``
next to this module (about 1.5 MB); without it nothing here changes a reading.

Uses: a glyph a PDF's font does not map (:func:`read_glyph`, which chooses among the digits still
possible); number fragments a text layer gives out of order (:func:`read_number`, the glyphs giving
the order of characters the text layer names); and every number OCR read from an image
(:func:`reread_numbers`), where a digit is changed only when its shape is clearly another digit's and
the components line up one-to-one with the characters OCR gave, or, where OCR lost characters, only
when the glyphs alone make a number of the shape OCR saw or a whole date.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from workstation.documents.letter_text import BBox, LetterPage, LetterWord
from workstation.imaging.geometry import to_gray
from workstation.imaging.glyphs import ink_components, square_shape

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
#: A number's order read from its glyphs is taken only when swapping any two of its characters
#: costs at least this much more distance.
MIN_ORDER_MARGIN = 0.1


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
    small = square_shape(canvas, SIDE)
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
        order = np.argsort(y, kind="stable")
        self.x = np.ascontiguousarray(x[order], dtype=np.float32)
        self.y = y[order]
        self.xx = (self.x * self.x).sum(axis=1)
        self.classes = [int(c) for c in np.unique(self.y)]
        self.starts = np.searchsorted(self.y, self.classes)

    def class_distances(self, mask: npt.NDArray[np.bool_], ref_h: float) -> dict[int, float]:
        """Distance from the glyph ``mask`` to the nearest template of each class."""
        f = features(mask, ref_h)
        # einsum, not BLAS: a threaded gemv spins idle cores for a product this small
        d2 = self.xx - 2.0 * np.einsum("ij,j->i", self.x, f) + float(np.einsum("i,i->", f, f))
        best = np.minimum.reduceat(d2, self.starts)
        return {c: math.sqrt(max(0.0, float(v))) for c, v in zip(self.classes, best, strict=True)}

    def classify(self, mask: npt.NDArray[np.bool_], ref_h: float,
                 allowed: Sequence[int] | None = None) -> DigitGuess | None:
        """The allowed digit whose templates come nearest to the glyph ``mask``."""
        if not mask.any():
            return None
        return _guess(self.class_distances(mask, ref_h), allowed)


def _guess(dist: dict[int, float], allowed: Sequence[int] | None = None) -> DigitGuess | None:
    best = {k: v for k, v in dist.items() if k in (allowed if allowed is not None else range(10))}
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
    return image if image.ndim == 2 else np.asarray(to_gray(image), dtype=np.uint8)


def _blobs(gray: npt.NDArray[np.uint8], keep: BBox) -> list[_Blob]:
    """Ink components of ``gray`` whose centre lies inside ``keep`` (crop pixels), left to right.

    Components overlapping in x by more than half the narrower one are joined (a stroke broken by
    noise); specks far smaller than the usual component are dropped.
    """
    if gray.size == 0 or int(gray.max()) - int(gray.min()) < 40:
        return []
    n, labels, stats = ink_components(gray)
    raw: list[_Blob] = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        cx, cy = x + w / 2, y + h / 2
        if not (keep[0] <= cx <= keep[2] and keep[1] <= cy <= keep[3]):
            continue
        raw.append(_Blob(x, y, x + w, y + h, labels[y:y + h, x:x + w] == i))
    if not raw:
        return []
    # the median, not the tallest: a box taller than its line catches a piece of the next line
    typical = sorted(b.h for b in raw)[len(raw) // 2]
    raw = [b for b in raw if b.h * max(b.w, 1) >= 0.02 * typical * typical and b.h >= 2]
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


def _split_widest(blobs: list[_Blob]) -> list[_Blob]:
    """``blobs`` with the widest one cut in two at its thinnest column, when it is two glyphs touching."""
    if len(blobs) < 3:
        return blobs
    i = max(range(len(blobs)), key=lambda k: blobs[k].w)
    b = blobs[i]
    others = [x for k, x in enumerate(blobs) if k != i and x.h >= 0.5 * b.h]
    if not others:
        return blobs
    widths, heights = sorted(x.w for x in others), sorted(x.h for x in others)
    # far wider than a digit, and as tall as a slash (which reaches past the digits): a digit touching
    # the slash, not a wide digit (the Urdu 4)
    if b.w < 1.6 * widths[len(widths) // 2] or b.h < 1.15 * heights[len(heights) // 2]:
        return blobs
    ink = b.mask.sum(axis=0)
    lo, hi = int(0.3 * b.w), int(0.7 * b.w)
    if hi <= lo:
        return blobs
    cut = lo + int(np.argmin(ink[lo:hi]))
    parts: list[_Blob] = []
    for x0, x1 in ((0, cut), (cut, b.w)):
        m = b.mask[:, x0:x1]
        rows = np.nonzero(m.any(axis=1))[0]
        if len(rows) == 0:
            return blobs
        parts.append(_Blob(b.x0 + x0, b.y0 + int(rows[0]), b.x0 + x1, b.y0 + int(rows[-1]) + 1,
                           m[rows[0]:rows[-1] + 1]))
    return [*blobs[:i], *parts, *blobs[i + 1:]]


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


_ASCII = {c: i for i, c in enumerate("0123456789")}


#: Class of the separator template (``/``) next to the digits 0..9.
SEPARATOR = 10
#: A glyph farther than this from every template is not read by shape (two touching digits, a smudge).
MAX_DISTANCE = 0.5
#: Slashes differ more between fonts (slant, length); a separator only fixes where the parts of a
#: number end, which OCR's own separators must confirm.
MAX_SEPARATOR_DISTANCE = 0.8


def read_number(image: npt.NDArray[np.uint8], box: BBox, chars: str) -> str:
    """The characters ``chars`` (digits and ``/``) in the order their glyphs stand in ``box``.

    A text layer whose fragments come out of order still says which characters a number holds;
    each glyph in ``box`` (page pixels), left to right, is given one of them so that the glyphs'
    distances to the templates of the characters given them add up to the least. ``""`` when the
    glyphs are not as many as the characters or one is near no template of its character.
    """
    shapes = load_shapes()
    want: list[int] = []
    for c in chars:
        v = SEPARATOR if c in _SEPARATORS else _value(c)
        if v is None:
            return ""
        want.append(v)
    if shapes is None or not want:
        return ""
    got = _crop(image, box, pad_x=box[3] - box[1], pad_y=0.0)
    if got is None:
        return ""
    crop, inner = got
    blobs = _blobs(crop, inner)
    if len(blobs) != len(want):
        return ""
    n_sep = want.count(SEPARATOR)
    ref = _ref_height(sorted(blobs, key=lambda b: b.h)[:len(blobs) - n_sep] or blobs)
    # a glyph just outside the box (closer than the gaps inside a number) may belong to it: the box
    # would then hold part of the number only
    around = _blobs(crop, (inner[0] - 0.3 * ref, inner[1], inner[2] + 0.3 * ref, inner[3]))
    if len(around) != len(blobs):
        return ""
    dists = [shapes.class_distances(b.mask, ref) for b in blobs]
    classes = sorted(set(want))
    counts = tuple(want.count(c) for c in classes)

    @cache
    def best(i: int, left: tuple[int, ...]) -> tuple[float, tuple[int, ...]]:
        if i == len(blobs):
            return 0.0, ()
        options: list[tuple[float, tuple[int, ...]]] = []
        for k, c in enumerate(classes):
            if left[k]:
                rest_cost, rest = best(i + 1, left[:k] + (left[k] - 1,) + left[k + 1:])
                options.append((dists[i].get(c, math.inf) + rest_cost, (c, *rest)))
        return min(options)

    _, order = best(0, counts)
    for d, k in zip(dists, order, strict=True):
        if d.get(k, math.inf) > (MAX_SEPARATOR_DISTANCE if k == SEPARATOR else MAX_DISTANCE):
            return ""
    # the nearest other order: two glyphs swapping their characters; a date read confidently in the
    # wrong order (۰۶/۰۹ for ۰۹/۰۶) would be a confident wrong date, so a close call is left to OCR
    for i in range(len(order)):
        for j in range(i + 1, len(order)):
            a, b = order[i], order[j]
            if a != b:
                swap = dists[i][b] + dists[j][a] - dists[i][a] - dists[j][b]
                log.debug("number order: swap %d<->%d costs %.3f", i, j, swap)
                if swap < MIN_ORDER_MARGIN:
                    return ""
    return "".join("/" if k == SEPARATOR else DIGIT_CHARS[k] for k in order)


def _value(c: str) -> int | None:
    v = _VALUE.get(c)
    return v if v is not None else _ASCII.get(c)


def _is_number(text: str) -> bool:
    """Persian or Arabic-Indic digits and separators (a few ASCII digits OCR mixed in allowed)."""
    persian = sum(1 for c in text if c in _VALUE)
    return persian > sum(1 for c in text if c in _ASCII) and all(_value(c) is not None or c in _SEPARATORS
                                                                 for c in text)


def _segments(text: str) -> list[int]:
    out = [0]
    for c in text:
        if c in _SEPARATORS:
            out.append(0)
        else:
            out[-1] += 1
    return out


def reread_number(image: npt.NDArray[np.uint8], box: BBox, text: str,
                  shapes: DigitShapes | None = None) -> str:
    """``text`` (a number OCR read in ``box`` of ``image``) with digits its glyphs' shapes contradict.

    When the number's components line up one-to-one with its characters (in the order OCR gave or
    reversed, whichever agrees more with the shapes, and at least half the digits agreeing), a digit
    is changed only when another digit's templates are nearer by :data:`MIN_MARGIN`. When OCR dropped
    or added a character, the number is read from the shapes alone (separators included) and taken
    only if every glyph is near a template and the reading keeps OCR's separators and the length of
    each part within one. Otherwise ``text`` comes back unchanged.
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
    if not blobs:
        return text
    if len(blobs) == len(text) - 1:
        blobs = _split_widest(blobs)  # two glyphs touching (a digit and the slash, on a scan)
    if len(blobs) != len(text):
        return _read_by_shape(blobs, text, shapes)
    # a full digit's height, from glyphs that are digits whichever way the text runs (a slash is taller)
    digits_both_ways = [b for b, c, r in zip(blobs, text, text[::-1], strict=True)
                        if _value(c) is not None and _value(r) is not None]
    ref = _ref_height(digits_both_ways or blobs)
    dists = [shapes.class_distances(b.mask, ref) for b in blobs]

    def guesses_for(order: str) -> tuple[list[DigitGuess | None], int]:
        gs = [_guess(d) if _value(c) is not None else None for d, c in zip(dists, order, strict=True)]
        return gs, sum(1 for g, c in zip(gs, order, strict=True) if g is not None and g.digit == _value(c))

    order = text
    guesses, agree = guesses_for(text)
    if text != text[::-1]:
        rev_guesses, rev_agree = guesses_for(text[::-1])
        if rev_agree > agree:
            order, guesses, agree = text[::-1], rev_guesses, rev_agree
    n_digits = sum(1 for c in text if _value(c) is not None)
    if 2 * agree < n_digits:
        return text
    out = list(order)
    for i, (g, c) in enumerate(zip(guesses, order, strict=True)):
        v = _value(c)
        if g is None or v is None or g.digit == v or g.distance > MAX_DISTANCE:
            continue
        if g.margin_over(v) >= MIN_MARGIN:
            out[i] = DIGIT_CHARS[g.digit]
    fixed = "".join(out)
    return fixed if order == text else fixed[::-1]


_WHOLE_DATE = re.compile(r"^(?:\d{4}/\d{2}/\d{2}|\d{2}/\d{2}/\d{4})$")


def _read_by_shape(blobs: Sequence[_Blob], text: str, shapes: DigitShapes) -> str:
    """The number read from its glyphs alone, when OCR's characters do not line up with them.

    OCR that kept most of the number: the reading must keep OCR's separators, its parts' lengths
    within one, and 60 % of its characters. OCR that read up to four digits where eight to ten glyphs
    stand (a date it lost): the reading must be a whole date, ``YYYY/MM/DD`` or ``DD/MM/YYYY``.
    """
    lost = len(text) <= 4 and 8 <= len(blobs) <= 10 and not any(c in _SEPARATORS for c in text)
    if not lost and (abs(len(blobs) - len(text)) > 2 or not any(c in _SEPARATORS for c in text)):
        return text
    sep = next((c for c in text if c in _SEPARATORS), "/")
    # a full digit's height: without as many of the tallest glyphs as OCR saw separators (a slash
    # reaches below and above the digits)
    n_sep = 2 if lost else sum(1 for c in text if c in _SEPARATORS)
    ref = _ref_height(sorted(blobs, key=lambda b: b.h)[:len(blobs) - n_sep] or list(blobs))
    read: list[str] = []
    for b in blobs:
        g = shapes.classify(b.mask, ref, [*range(10), SEPARATOR])
        if g is None or g.distance > (MAX_SEPARATOR_DISTANCE if g.digit == SEPARATOR else MAX_DISTANCE):
            return text
        read.append(sep if g.digit == SEPARATOR else DIGIT_CHARS[g.digit])
    fixed = "".join(read)
    if lost:
        plain = "".join(str(_value(c)) if _value(c) is not None else c for c in fixed)
        return fixed if _WHOLE_DATE.match(plain) else text
    want, got = _segments(text), _segments(fixed)
    if len(want) != len(got) or any(abs(a - b) > 1 for a, b in zip(want, got, strict=True)) or 0 in got:
        return text
    plain = "".join(str(_value(c)) if _value(c) is not None else c for c in text)
    if SequenceMatcher(None, plain, "".join(str(_value(c)) if _value(c) is not None else c for c in fixed)).ratio() < 0.6:
        return text  # little in common with what OCR saw: not the same number, or misread glyphs
    return fixed


def _ink_run(image: npt.NDArray[np.uint8], box: BBox) -> BBox | None:
    """The run of closely spaced glyphs on ``box``'s line that the glyphs under ``box`` belong to.

    OCR sometimes gives a date as a digit or two over part of it; the glyphs next to those, closer
    to each other than a word space, are the rest of the number. ``None`` when the run is ``box``'s
    own glyphs only.
    """
    h = box[3] - box[1]
    got = _crop(image, box, pad_x=7.0 * h, pad_y=0.25 * h)
    if got is None:
        return None
    crop, inner = got
    band = (0.0, inner[1] - 0.25 * h, float(crop.shape[1]), inner[3] + 0.25 * h)
    blobs = _blobs(crop, band)
    under = [i for i, b in enumerate(blobs) if inner[0] <= (b.x0 + b.x1) / 2 <= inner[2]]
    if not under:
        return None
    ref = _ref_height(blobs)
    lo, hi = under[0], under[-1]
    while lo > 0 and blobs[lo].x0 - blobs[lo - 1].x1 <= WORD_GAP * ref:
        lo -= 1
    while hi + 1 < len(blobs) and blobs[hi + 1].x0 - blobs[hi].x1 <= WORD_GAP * ref:
        hi += 1
    if (lo, hi) == (under[0], under[-1]) or hi - lo + 1 > 12:
        return None
    run = blobs[lo:hi + 1]
    dx, dy = box[0] - inner[0], box[1] - inner[1]
    return (min(b.x0 for b in run) + dx, min(b.y0 for b in run) + dy,
            max(b.x1 for b in run) + dx, max(b.y1 for b in run) + dy)


#: Glyphs of one number stand closer than this many digit heights (a word space is wider).
WORD_GAP = 0.4


def reread_numbers(page: LetterPage, image: npt.NDArray[np.uint8], factor: float = 1.0) -> LetterPage:
    """``page`` (OCR words, boxes in page units) with the Persian digits of its numbers read by shape.

    ``image`` is the image OCR read; its pixels are the page units times ``factor``. A number of up to
    four digits without separators that sits in a longer run of glyphs is read over the whole run (a date OCR read as
    one digit); the run's other number words then give way to it.
    """
    shapes = load_shapes()
    if shapes is None:
        return page
    words: list[LetterWord] = []
    changed = 0
    taken: list[BBox] = []
    for w in page.words:
        if _is_number(w.text):
            box = (w.bbox[0] * factor, w.bbox[1] * factor, w.bbox[2] * factor, w.bbox[3] * factor)
            text = reread_number(image, box, w.text, shapes)
            if text == w.text and len(w.text) <= 4 and not any(_inside(w.bbox, t) for t in taken):
                run = _ink_run(image, box)
                if run is not None:
                    whole = reread_number(image, (run[0], box[1], run[2], box[3]), w.text, shapes)
                    if whole != w.text:
                        text = whole
                        k = 1.0 / factor
                        w = replace(w, bbox=(run[0] * k, w.bbox[1], run[2] * k, w.bbox[3]))
                        taken.append(w.bbox)
            if text != w.text:
                changed += 1
                w = replace(w, text=text)
        words.append(w)
    if taken:
        # number words inside a run read whole are pieces of it
        words = [w for w in words if w.bbox in taken or not _is_number(w.text)
                 or not any(_inside(w.bbox, t) for t in taken)]
    if changed:
        log.debug("Persian numbers corrected by digit shape: %d", changed)
    return replace(page, words=tuple(words))


def _inside(a: BBox, b: BBox) -> bool:
    """Whether most of ``a`` lies within ``b``."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    area = (a[2] - a[0]) * (a[3] - a[1])
    return w > 0 and h > 0 and area > 0 and w * h > 0.5 * area
