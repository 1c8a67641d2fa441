"""Quarter-turn orientation (0/90/180/270) of a page.

Three cues, cheapest first:

1. **Line direction** (projection profiles of character-sized blobs, no OCR): text lines run
   either across or down the image, which narrows four candidates to two (0/180 or 90/270).
2. **OCR votes**: each remaining candidate is read, and the one giving the most word-like
   tokens read with confidence wins. Upside-down print reads as short unsure fragments.
3. **Tesseract OSD** settles votes that are inconclusive (little Latin print, e.g. Dari-only
   pages), when it agrees with the line direction.
4. **Zone band**: when nothing else decides (a page blurred past reading), the one turn that
   puts a machine-readable zone's band at the bottom of the page.

The MRZ reader can settle orientation by itself (a valid MRZ is proof); use
:func:`rotate_quarter` with the rotation it finds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from workstation.errors import OcrEngineMissingError, OcrError
from workstation.imaging._cv import cv2
from workstation.imaging.deskew import _text_points, char_mask, estimate_skew
from workstation.imaging.geometry import Image, check_image, resize_to_max, rotate_quarter, scale, to_gray
from workstation.imaging.mrz_band import find_mrz_bands
from workstation.imaging.quality import estimate_char_height
from workstation.ocr import OcrEngine, PageSegMode

log = logging.getLogger(__name__)

#: OSD orientation confidence above which its answer settles an inconclusive vote.
OSD_MIN_CONFIDENCE = 2.0
_OSD_SIDE = 2400
_VOTE_SIDE = 1600
#: Character height the vote images are reduced to.
_VOTE_CHAR_PX = 28.0
#: Vote score (confidence-weighted characters of word-like tokens) below which a vote is inconclusive.
_MIN_VOTE = 20.0
#: Share of the page (across the lines) read by a vote.
_VOTE_BAND = 0.3
#: Language of the last vote when the first language finds nothing to read.
_SECOND_LANG = "fas"


@dataclass(frozen=True)
class OrientationResult:
    """The clockwise quarter turn that makes a page upright.

    Attributes:
        rotation: 0, 90, 180 or 270 (clockwise degrees to apply, e.g. with :func:`rotate_quarter`).
        confidence: 0..1, how sure the deciding cue was.
        method: ``none`` (no text found), ``osd``, ``ocr-vote`` or ``mrz-band``.
    """

    rotation: int
    confidence: float
    method: str


def text_runs_vertically(image: Image) -> bool | None:
    """Whether the text lines run top-to-bottom (``None`` when no line structure is found)."""
    est = estimate_skew(image)
    if est.strength < 1.2:
        return None
    return est.vertical


def _vote_score(engine: OcrEngine, image: Image, lang: str) -> float:
    try:
        res = engine.recognize(image, lang=lang, psm=PageSegMode.AUTO, timeout_s=20.0)
    except OcrEngineMissingError:
        raise
    except OcrError as e:
        log.debug("orientation vote failed: %s", e)
        return 0.0
    # Upside-down or sideways print reads as short, unsure fragments; upright print as words
    # and numbers. Only word-like tokens read with some confidence count.
    score = 0.0
    for w in res.words:
        if w.confidence < 0.5:
            continue
        for part in w.text.replace("<", " ").split():  # MRZ fields are joined by '<'
            token = part.strip(".,:;()/-'\"")
            letters = sum(ch.isalpha() for ch in token)
            digits = sum(ch.isdigit() for ch in token)
            if (letters >= 3 and letters >= 0.8 * len(token)) or (digits >= 3 and digits >= 0.8 * len(token)):
                score += w.confidence * len(token)
    return score


def _decisive(ranked: list[tuple[int, float]]) -> bool:
    if not ranked:
        return False
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][1] >= _MIN_VOTE and ranked[0][1] >= 2.0 * runner_up


def flatten_illumination(gray: Image, char_h: float = 20.0) -> Image:
    """Divide out slow light changes (shadows, fall-off, glare halo), keeping print dark on white.

    The background is estimated by a grey closing wider than the print (which removes the
    characters) followed by a blur; the page divided by it is evenly lit.
    """
    k = max(15, int(2.5 * char_h) | 1)
    background = cv2.GaussianBlur(cv2.dilate(gray, np.ones((k, k), np.uint8)), (0, 0), k / 2.0)
    flat = gray.astype(np.float32) * (240.0 / np.maximum(background.astype(np.float32), 1.0))
    out: Image = np.clip(flat, 0, 255).astype(np.uint8)
    return out


def _vote_crop(gray: Image, vertical: bool | None, char_h: float) -> Image:
    """The band of the page densest in print, across the text lines (about a third of the page)."""
    if vertical is None:
        return gray
    mask = char_mask(gray)
    profile = mask.sum(axis=0 if vertical else 1).astype(np.float64)
    n = len(profile)
    window = int(min(n, max(n * _VOTE_BAND, 10 * char_h)))
    if window >= n or profile.sum() == 0:
        return gray
    sums = np.convolve(profile, np.ones(window), mode="valid")
    start = int(np.argmax(sums))
    return gray[:, start : start + window] if vertical else gray[start : start + window]


def _zone_band_rotation(gray: Image, candidates: tuple[int, ...]) -> int | None:
    """The one candidate turn that puts a machine-readable zone's band in the page's bottom half.

    A last cue for pages too blurred to read: the zone's two lines of dense print still form a
    wide band, and the zone is printed at the bottom of the page. ``None`` when no candidate or
    more than one shows such a band.
    """
    found = []
    for rot in candidates:
        bands = find_mrz_bands(rotate_quarter(gray, rot) if rot else gray, bottom_share=0.5)
        # Two or three lines (the box is padded by half a band height): one wide line of
        # print at the foot of a letter is no zone.
        if any(b.bbox[3] - b.bbox[1] >= 2.4 * b.line_height_px for b in bands):
            found.append(rot)
    return found[0] if len(found) == 1 else None


def detect_orientation(
    image: Image,
    engine: OcrEngine | None = None,
    *,
    lang: str = "eng",
    use_osd: bool = True,
) -> OrientationResult:
    """Find the clockwise quarter turn that makes ``image`` upright (apply it with :func:`rotate_quarter`).

    ``image`` should already be deskewed (within a few degrees); run :func:`deskew` first.
    Costs two OCR calls of a reduced page (four when the line direction is unclear), plus one
    OSD call when the votes are inconclusive (too little Latin print).

    Args:
        image: Gray or BGR page image.
        engine: OCR engine for OSD and votes (default: :func:`workstation.ocr.get_engine`).
        lang: Language used for the OCR votes.
        use_osd: Fall back to Tesseract's OSD when the votes are inconclusive.

    Raises:
        OcrEngineMissingError: No OCR engine is installed.
    """
    img = check_image(image)
    if engine is None:
        from workstation.ocr import get_engine

        engine = get_engine()
    gray = to_gray(img)
    small, _ = resize_to_max(gray, _VOTE_SIDE)
    char_h = estimate_char_height(small)
    if char_h > _VOTE_CHAR_PX:
        # Tesseract reads 20-30 px characters best and fastest; bigger print only costs time.
        small = scale(small, _VOTE_CHAR_PX / char_h)
    vertical = text_runs_vertically(small)
    if vertical is None:
        if len(_text_points(small)) < 200:
            by_zone = _zone_band_rotation(small, (0, 90, 180, 270))
            if by_zone is not None:
                return OrientationResult(rotation=by_zone, confidence=0.3, method="mrz-band")
            return OrientationResult(rotation=0, confidence=0.0, method="none")
        candidates: tuple[int, ...] = (0, 90, 180, 270)
    else:
        candidates = (90, 270) if vertical else (0, 180)
    # OSD was tried first at one time, but on passport pages (a large diagonal SPECIMEN, Dari
    # headings, guilloche) it was confidently wrong on 8 of 40; OCR votes were right on all.
    # Votes read an illumination-flattened copy: Tesseract's global threshold loses whole blocks
    # of a phone photo with a light fall-off.
    flat = flatten_illumination(small, min(char_h, _VOTE_CHAR_PX) if char_h > 0 else 20.0)
    band = _vote_crop(flat, vertical, min(char_h, _VOTE_CHAR_PX) if char_h > 0 else 20.0)
    attempts: list[tuple[Image, str]] = [(flat, lang)]
    if band is not flat:
        attempts.insert(0, (band, lang))
    if lang != _SECOND_LANG:
        # Dari-only pages (paper tazkiras) give a Latin vote nothing to read.
        attempts.append((flat, _SECOND_LANG))
    ranked: list[tuple[int, float]] = []
    for vote_img, vote_lang in attempts:
        try:
            scores = {rot: _vote_score(engine, rotate_quarter(vote_img, rot), vote_lang) for rot in candidates}
        except OcrEngineMissingError:
            continue  # no Dari data installed: the Latin votes and OSD must do
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        if _decisive(ranked):
            break
    best, best_score = ranked[0] if ranked else (0, 0.0)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if _decisive(ranked):
        confidence = (best_score - runner_up) / best_score
        return OrientationResult(rotation=int(best), confidence=round(float(confidence), 3), method="ocr-vote")
    if use_osd:
        osd_img, _ = resize_to_max(gray, _OSD_SIDE)
        try:
            osd = engine.osd(osd_img)
        except OcrError as e:
            log.debug("OSD failed: %s", e)
        else:
            if osd.rotation in candidates and osd.confidence >= OSD_MIN_CONFIDENCE:
                return OrientationResult(
                    rotation=osd.rotation, confidence=min(1.0, osd.confidence / 20.0), method="osd"
                )
    # Votes and OSD undecided: a zone's band at the bottom of one candidate outweighs a
    # coin-toss vote (blurred print reads as fragments whichever way up).
    by_zone = _zone_band_rotation(small, candidates)
    if by_zone is not None:
        return OrientationResult(rotation=by_zone, confidence=0.3, method="mrz-band")
    if best_score <= 0:
        return OrientationResult(rotation=0, confidence=0.0, method="none")
    confidence = (best_score - runner_up) / best_score
    return OrientationResult(rotation=int(best), confidence=round(float(confidence), 3), method="ocr-vote")
