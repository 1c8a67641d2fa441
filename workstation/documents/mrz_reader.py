"""Reading the MRZ from a page image: find the band, OCR it, parse it, pick the orientation.

The page's quarter turn is decided here for documents with a zone: the zone is looked for at
the bottom of the page in each orientation, and the one whose OCR passes the check digits wins
(a zone is the strongest orientation cue a passport has). Pages without a zone fall back to
the imaging layer's orientation detection.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from workstation.documents.mrz import (
    AMBIGUOUS_READS,
    MRZ_ALPHABET,
    MrzResult,
    find_mrz_lines,
    merge_reads,
    parse_mrz,
    with_source,
)
from workstation.documents.ocrb import MODEL_DIR, MODEL_LANG, model_available
from workstation.documents.side import run_beside
from workstation.imaging.geometry import Image, rotate_quarter, to_gray
from workstation.imaging.mrz_band import find_mrz_bands, prepare_band
from workstation.ocr import OcrEngine
from workstation.ocr.model import OcrResult, PageSegMode

log = logging.getLogger(__name__)

#: Text line height (pixels) a band is scaled to for its first read.
FIRST_LINE_PX = 36
#: Text line heights (pixels) of the second and third reads of a zone that did not read cleanly.
RETRY_LINE_PX = (48, 28)
#: Characters the zone may contain: the OCR is told to output nothing else.
WHITELIST = MRZ_ALPHABET


@dataclass(frozen=True, eq=False)
class MrzReading:
    """The zone found on a page.

    Attributes:
        result: The parsed zone.
        rotation: Clockwise quarter turn that made the page upright (0, 90, 180, 270).
        bbox: The zone's box in the *upright* page image.
        confidence: Mean OCR confidence of the zone's characters (0..1).
        line_height_px: Height of one zone text line in the upright page, pixels.
        core_x: ``(x0, x1)`` of the zone's ink in the upright page (about the data page's width).
        settled: The zone passed every check and its names were read alike by two models
            (see :func:`find_and_read_mrz`): nothing is left to read better on this page.
        name_reads: ``(reads giving the zone's names as chosen, reads of the zone)``: the names
            have no check digit, so how many reads agree on them is their only evidence.
    """

    result: MrzResult
    rotation: int
    bbox: tuple[int, int, int, int]
    confidence: float
    line_height_px: float
    core_x: tuple[int, int] = (0, 0)
    settled: bool = False
    name_reads: tuple[int, int] = (0, 0)


#: Check digits that must hold for a zone read in one orientation to settle the page's orientation.
#: A zone read sideways or upside down passes none (its lines are not even zone-like); one check
#: digit in ten passes by chance, so three passing are the orientation's proof.
ORIENTATION_CHECKS = 3


def _score(r: MrzResult) -> tuple[int, int]:
    return (sum(r.checks.values()) + (2 if r.valid else 0) + (2 if r.plausible else 0), -len(r.repairs))


def ocr_band(engine: OcrEngine, band_image: Image, timeout_s: float | None = None) -> OcrResult:
    """OCR a prepared band with the zone's character whitelist (block mode)."""
    return engine.recognize(
        band_image, lang="eng", psm=PageSegMode.SINGLE_BLOCK, whitelist=WHITELIST, timeout_s=timeout_s, invert=False
    )


#: One read of a band: ``(model, parsed zone, mean OCR confidence)``.
BandRead = tuple[str, MrzResult, float]
#: Model names recorded in :attr:`MrzResult.sources`.
OCRB, STOCK = "ocrb", "eng"


def band_reads(
    engine: OcrEngine,
    page: Image,
    bbox: tuple[int, int, int, int],
    today: date,
    *,
    line_px: int = FIRST_LINE_PX,
) -> list[BandRead]:
    """OCR and parse the zone inside ``bbox`` of an upright ``page`` with each model.

    The OCR-B model trained here (when the engine can load it) and the stock model both read
    the band: their errors differ (OCR-B reads fillers right and confuses some letters, the
    stock model the reverse), so :func:`best_of_reads` merges them field by field. ``line_px``
    is the text line height the band is scaled to: OCR errors depend on the scale too.
    """
    band = prepare_band(page, bbox, target_line_px=line_px)
    if band.size == 0:
        return []
    return reads_of_band(engine, band, today)


def reads_of_band(engine: OcrEngine, band: Image, today: date) -> list[BandRead]:
    """Each model's parsed read of a prepared band (see :func:`band_reads`)."""
    out: list[BandRead] = []
    if ocrb_usable(engine):
        # The two models read the same band at once when the second thread is free.
        stock, ocrb = run_beside(lambda: ocr_band(engine, band), lambda: ocr_band_ocrb(engine, band))
        results = [(OCRB, ocrb), (STOCK, stock)]
    else:
        results = [(STOCK, ocr_band(engine, band))]
    for model, res in results:
        picked = find_mrz_lines([ln.text.replace(" ", "") for ln in res.lines])
        if picked is None:
            continue
        parsed = parse_mrz(picked, today=today)
        if out and (parsed is None or parsed.format != out[0][1].format) and len(picked) == len(out[0][1].lines):
            # The first read settled the format (a garbled ``P`` or a short line can make the
            # same zone look like another one): read this one as that format too.
            parsed = parse_mrz(picked, today=today, fmt=out[0][1].format) or parsed
        if parsed is None:
            continue
        out.append((model, with_source(parsed, model), res.mean_confidence))
    return out


def letter_weight(line_px: int) -> float:
    """Weight of a read of a band scaled to ``line_px`` in the letter vote of the names.

    Proportional to the glyphs' area in pixels (relative to the largest read, 48 px): the
    classifier sees more of each letter, and on the bench's 381 readable zones the OCR-B reads
    at 48 / 36 / 28 px got the names right 365 / 354 / 325 times, the smaller two often with the
    same slip (I as Z, H as N). So a 48 px read outweighs the 36 and 28 px reads together.
    """
    return (line_px / max(RETRY_LINE_PX)) ** 2


def best_of_reads(
    reads: list[BandRead], today: date, line_px: list[int] | None = None
) -> tuple[MrzResult, float] | None:
    """The zone from ``reads``: their field-by-field merge (see :func:`merge_reads`), or the best read.

    The merge wins when it scores at least as well as every read alone, and always when it
    finds two different zones passing every check digit (then nothing is proven: not valid).
    Letters no check digit covers are voted on where the reads disagree, the OCR-B model's
    reads counting double: on 381 readable generated zones it read the names right 358 times
    against 240 for the stock model (which reads OCR-B's I as L and M as N; OCR-B's own slip,
    I as Z, is rarer and is outvoted by agreeing reads at other scales). ``line_px`` (one per
    read, default :data:`FIRST_LINE_PX`) weighs each read by its scale (:func:`letter_weight`).
    """
    if not reads:
        return None
    ranked = sorted(reads, key=lambda r: _score(r[1]), reverse=True)
    _, best, conf = ranked[0]
    if len(reads) == 1:
        return best, conf
    pxs = line_px if line_px is not None else [FIRST_LINE_PX] * len(reads)
    merged = merge_reads(
        [(m, r) for m, r, _ in reads], today=today, letters_from=OCRB, weights=[letter_weight(px) for px in pxs]
    )
    if merged is None:
        return best, conf
    if AMBIGUOUS_READS in merged.warnings or _score(merged) >= _score(best):
        return merged, max(c for _, _, c in reads)
    return best, conf


def read_band(
    engine: OcrEngine, page: Image, bbox: tuple[int, int, int, int], today: date, *, line_px: int = FIRST_LINE_PX
) -> tuple[MrzResult | None, float]:
    """OCR and parse the zone inside ``bbox`` of an upright ``page``; ``(None, 0)`` when no zone is read."""
    got = best_of_reads(band_reads(engine, page, bbox, today, line_px=line_px), today)
    return got if got else (None, 0.0)


def ocrb_usable(engine: OcrEngine) -> bool:
    """Whether the OCR-B model is installed and ``engine`` can load a model from another folder.

    The engine needs ``recognize(..., tessdata_dir=..., oem=...)`` (legacy engine, ``oem=0``).
    """
    if not model_available():
        return False
    try:
        params = inspect.signature(engine.recognize).parameters
    except (TypeError, ValueError):
        return False
    return "tessdata_dir" in params and "oem" in params


def ocr_band_ocrb(engine: OcrEngine, band_image: Image) -> OcrResult:
    """OCR a prepared band with the OCR-B model trained here (legacy engine, block mode)."""
    fn: Any = engine.recognize
    result: OcrResult = fn(
        band_image,
        lang=MODEL_LANG,
        psm=PageSegMode.SINGLE_BLOCK,
        whitelist=WHITELIST,
        tessdata_dir=str(MODEL_DIR),
        oem=0,
        invert=False,
    )
    return result


def _names_settled(r: MrzResult, reads: list[BandRead]) -> bool:
    """Whether the names (no check digit covers them) were read alike by two models.

    A zone only the OCR-B model read (the stock read failed) is not settled: OCR-B confuses I
    with Z. With the stock model alone (the engine cannot load OCR-B) it is, as before.
    """
    models = {m for m, _, _ in reads}
    if len(models) < 2:
        return models != {OCRB}
    return "+" in r.sources.get("names", "")


def find_and_read_mrz(
    engine: OcrEngine,
    page: Image,
    *,
    today: date | None = None,
    rotations: tuple[int, ...] = (0, 180, 90, 270),
    read_again: Callable[[MrzReading], bool] | None = None,
) -> MrzReading | None:
    """Look for the zone in each orientation of ``page`` and return the best reading.

    Stops at the first orientation whose zone is plausible (every check digit holds and the
    uncovered parts look right) and whose names two models read alike (the reading is then
    ``settled``); a band whose read passes :data:`ORIENTATION_CHECKS` check digits is the zone and
    ends the search for other bands and turns (print that is no zone, or a zone read in a wrong
    turn, passes none); otherwise the zone is
    read again at two other scales, and all its reads are merged field by field, unless
    ``read_again`` (given the best reading so far) says no: a page the caller will straighten
    and read again is not worth reading at other scales as it stands.
    """
    today = today or date.today()
    # The band search and the band reads work in grey: the page is made grey once, and each turn
    # of it is a third of the colour page's bytes (a 300 DPI letter page turns in a third of the time).
    page = to_gray(page)
    best: tuple[tuple[int, int], MrzReading, list[BandRead]] | None = None
    for rot in rotations:
        img = rotate_quarter(page, rot) if rot else page
        bands = find_mrz_bands(img, bottom_share=0.5, max_bands=2)
        for band in bands:
            reads = band_reads(engine, img, band.bbox, today, line_px=FIRST_LINE_PX)
            got = best_of_reads(reads, today)
            if got is None:
                continue
            parsed, conf = got
            reading = MrzReading(parsed, rot, band.bbox, conf, band.line_height_px, band.core_x)
            sc = _score(parsed)
            if best is None or sc > best[0]:
                best = (sc, reading, reads)
            if parsed.plausible and _names_settled(parsed, reads):
                return _with_name_reads(replace(reading, settled=True), reads)
            if sum(parsed.checks.values()) >= ORIENTATION_CHECKS:
                break  # this band is the zone (its check digits hold): the next one is other print
        if best is not None and sum(best[1].result.checks.values()) >= ORIENTATION_CHECKS:
            break  # the orientation is proven by the zone's check digits: no other turn has one
    if best is None:
        return None
    tallied = _with_name_reads(best[1], best[2])
    if read_again is not None and not read_again(tallied):
        return tallied
    # The zone was found but did not read cleanly: OCR errors depend on the scale, so read the
    # same band again larger and smaller, and merge every read of it.
    first, reads = best[1], list(best[2])
    pxs = [FIRST_LINE_PX] * len(reads)
    img = rotate_quarter(page, first.rotation) if first.rotation else page
    for px in RETRY_LINE_PX:
        more = band_reads(engine, img, first.bbox, today, line_px=px)
        reads += more
        pxs += [px] * len(more)
        got = best_of_reads(reads, today, pxs)
        if got is None:
            continue
        parsed, conf = got
        reading = MrzReading(parsed, first.rotation, first.bbox, conf, first.line_height_px, first.core_x)
        sc = _score(parsed)
        if sc >= best[0] or AMBIGUOUS_READS in parsed.warnings:
            best = (sc, reading, reads)
        if parsed.plausible and _names_settled(parsed, reads):
            if best[1] is reading:
                best = (sc, replace(reading, settled=True), reads)
            break
    return _with_name_reads(best[1], best[2])


def _with_name_reads(reading: MrzReading, reads: list[BandRead]) -> MrzReading:
    """``reading`` with the tally of the reads whose names are its names (see ``name_reads``)."""
    names = (reading.result.surname, reading.result.given_names)
    agree = sum(1 for _, r, _ in reads if (r.surname, r.given_names) == names)
    return replace(reading, name_reads=(agree, len(reads)))
