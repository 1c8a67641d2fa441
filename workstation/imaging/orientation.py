"""Quarter-turn orientation (0/90/180/270) of a page.

Three cues, cheapest first:

1. **Line direction** (projection profiles, no OCR): text lines run either across or down the
   image, which narrows four candidates to two (0/180 or 90/270).
2. **Tesseract OSD** on the image: accepted when it agrees with the line direction and is confident.
3. **OCR votes**: otherwise each of the two remaining candidates is read, and the one whose words
   Tesseract is most confident in wins. Upside-down text reads as garbage with low confidence,
   so this settles pages with too little text for OSD (ID cards, passport data pages).

The MRZ reader can settle orientation by itself (a valid MRZ is proof); use
:func:`rotate_quarter` with the rotation it finds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from workstation.errors import OcrError
from workstation.imaging.deskew import _text_points, estimate_skew
from workstation.imaging.geometry import Image, check_image, resize_to_max, rotate_quarter, to_gray
from workstation.ocr import OcrEngine, PageSegMode

log = logging.getLogger(__name__)

#: OSD orientation confidence above which its answer is taken without OCR votes.
OSD_MIN_CONFIDENCE = 2.0
_OSD_SIDE = 2400
_VOTE_SIDE = 1600


@dataclass(frozen=True)
class OrientationResult:
    """The clockwise quarter turn that makes a page upright.

    Attributes:
        rotation: 0, 90, 180 or 270 (clockwise degrees to apply, e.g. with :func:`rotate_quarter`).
        confidence: 0..1, how sure the deciding cue was.
        method: ``none`` (no text found), ``osd`` or ``ocr-vote``.
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
    except OcrError as e:
        log.debug("orientation vote failed: %s", e)
        return 0.0
    score = 0.0
    for w in res.words:
        alnum = sum(ch.isalnum() for ch in w.text)
        if alnum >= 2:
            score += w.confidence**2 * alnum
    return score


def detect_orientation(
    image: Image,
    engine: OcrEngine | None = None,
    *,
    lang: str = "eng",
    use_osd: bool = True,
) -> OrientationResult:
    """Find the clockwise quarter turn that makes ``image`` upright (apply it with :func:`rotate_quarter`).

    ``image`` should already be deskewed (within a few degrees); run :func:`deskew` first.

    Args:
        image: Gray or BGR page image.
        engine: OCR engine for OSD and votes (default: :func:`workstation.ocr.get_engine`).
        lang: Language used for the OCR votes.
        use_osd: Try Tesseract's OSD before voting.

    Raises:
        OcrEngineMissingError: No OCR engine is installed.
    """
    img = check_image(image)
    if engine is None:
        from workstation.ocr import get_engine

        engine = get_engine()
    vertical = text_runs_vertically(img)
    if vertical is None:
        candidates: tuple[int, ...] = (0, 90, 180, 270)
    else:
        candidates = (90, 270) if vertical else (0, 180)
    gray = to_gray(img)
    if use_osd:
        osd_img, _ = resize_to_max(gray, _OSD_SIDE)
        try:
            osd = engine.osd(osd_img)
        except OcrError as e:
            log.debug("OSD failed: %s", e)
        else:
            if osd.rotation in candidates and osd.confidence >= OSD_MIN_CONFIDENCE:
                return OrientationResult(rotation=osd.rotation, confidence=min(1.0, osd.confidence / 10.0), method="osd")
    if vertical is None and len(_text_points(resize_to_max(gray, 1200)[0])) < 200:
        return OrientationResult(rotation=0, confidence=0.0, method="none")
    small, _ = resize_to_max(gray, _VOTE_SIDE)
    scores = {rot: _vote_score(engine, rotate_quarter(small, rot), lang) for rot in candidates}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_score <= 0:
        return OrientationResult(rotation=0, confidence=0.0, method="none")
    confidence = (best_score - runner_up) / best_score
    return OrientationResult(rotation=int(best), confidence=round(float(confidence), 3), method="ocr-vote")
