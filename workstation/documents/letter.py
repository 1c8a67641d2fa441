"""Reading employment letters (SIV HR and supervisor letters): every field with its evidence.

Pipeline per letter: for each page, the PDF text layer when there is one, else OCR
(mixed documents are fine) -> :class:`~workstation.documents.letter_text.LetterText`
(one string with a map back to the words) -> the locators of
:mod:`workstation.documents.letter_fields` -> :class:`LetterReading`.

Public API:

* :func:`read_letter` - from an intake ``SourceDocument`` (OCRs the pages that need it).
* :func:`read_letter_pages` - from already-built :class:`LetterPage` values (tests, other sources).
* :func:`letter_fields_json` - the ARCHITECTURE.md 4.2 ``fields`` object.
* :func:`letter_extra_json` - periods, red flags, signature block, subcontractor flag.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from workstation.config import WorkstationConfig, resources_dir
from workstation.documents.letter_digits import read_glyph, read_number, reread_numbers
from workstation.documents.letter_fields import LetterField, LetterPeriod, RedFlag, locate_fields
from workstation.documents.letter_glyphs import (
    GlyphReader,
    broken_tokens,
    coverage,
    merge_latin_read,
    merge_text_layer_and_ocr,
    tokens,
)
from workstation.documents.letter_text import (
    SOURCE_OCR,
    SOURCE_TEXT_LAYER,
    LetterPage,
    LetterText,
    LetterWord,
)
from workstation.errors import InputError, RuleError
from workstation.progress import NULL_REPORTER, CancelToken, Reporter

if TYPE_CHECKING:
    from workstation.intake.model import PageImage, SourceDocument
    from workstation.ocr.engines import OcrEngine
    from workstation.ocr.model import OcrResult

log = logging.getLogger(__name__)

#: ARCHITECTURE.md 4.2 field names of an employment letter, in display order.
LETTER_FIELDS = ("employee_name", "employer", "position", "start_date", "end_date", "supervisor_name",
                 "supervisor_contact", "contract_number", "letter_date")
#: Further fields the reader reports when the letter states them.
LETTER_EXTRA_FIELDS = ("date_of_birth", "letterhead_organisation", "prime_contract_number", "subcontract_number",
                       "signatory_name")
DATE_FIELDS = ("start_date", "end_date", "letter_date", "date_of_birth")

#: A page with fewer text-layer words than this is treated as scanned and OCRed.
MIN_TEXT_LAYER_WORDS = 5
#: Skews below this (degrees) are left to Tesseract, which reads them as well; rotating costs time.
DESKEW_MIN_DEG = 0.5
#: A text-layer page with this many Arabic-script words its fonts do not map is read by OCR (``fas+eng``).
MIN_UNMAPPED_FOR_OCR = 1
#: Share of a text layer's Arabic-script words an OCR read must cover before a second layout is tried.
FULL_COVERAGE = 0.97
#: Below this mean OCR confidence an English pass is retried with Dari (``fas``) when installed.
DARI_RETRY_CONFIDENCE = 0.55


@dataclass(frozen=True)
class LetterReading:
    """What the reader found in one employment letter.

    Attributes:
        fields: Field name -> :class:`LetterField` (names of :data:`LETTER_FIELDS` and
            :data:`LETTER_EXTRA_FIELDS`; a field the letter does not state is absent).
        periods: Every employment period the letter states, in the letter's order.
        red_flags: Red-flag phrases found (policy list).
        signature_block: Whether a closing with a signatory (or a ``Signature:`` line) was found.
        subcontractor: Whether the letter presents the employer as a subcontractor.
        page_sources: Per page, ``text_layer`` or ``ocr``.
        text: The letter's full text as read (for rules that scan it; never logged).
        warnings: Human-readable notes for the officer (ambiguous dates, red flags, unread pages).
        language: OCR language used for OCRed pages (``eng`` or ``fas``), ``""`` when none was OCRed.
        elapsed_s: Wall time of the read.
    """

    fields: Mapping[str, LetterField]
    periods: tuple[LetterPeriod, ...]
    red_flags: tuple[RedFlag, ...]
    signature_block: bool
    subcontractor: bool
    page_sources: tuple[str, ...]
    text: str
    warnings: tuple[str, ...]
    language: str = ""
    elapsed_s: float = 0.0

    def value(self, name: str) -> str | None:
        """The value of field ``name``, or ``None`` when it was not found."""
        f = self.fields.get(name)
        return f.value if f is not None else None


def default_red_flags(path: Path | None = None) -> tuple[str, ...]:
    """The red-flag phrases of the SIV service policy file (``resources/policy/siv_service.json``).

    Raises:
        RuleError: The policy file is missing or malformed.
    """
    p = path or resources_dir() / "policy" / "siv_service.json"
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        phrases = data["red_flag_phrases"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise RuleError(f"Cannot read the red-flag phrases from the policy file {p.name}: {e}") from e
    if not isinstance(phrases, list) or not all(isinstance(x, str) for x in phrases):
        raise RuleError(f"The policy file {p.name} has a malformed red_flag_phrases list.")
    return tuple(phrases)


def read_letter_pages(
    pages: Sequence[LetterPage],
    red_flag_phrases: Sequence[str] | None = None,
    *,
    language: str = "",
) -> LetterReading:
    """Locate every field of a letter from its pages' words.

    Args:
        pages: The pages, in order, each with its words (text layer or OCR).
        red_flag_phrases: Phrases to flag; ``None`` reads them from the SIV service policy file.
        language: OCR language used (recorded in the reading).
    """
    t0 = time.perf_counter()
    phrases = default_red_flags() if red_flag_phrases is None else tuple(red_flag_phrases)
    lt = LetterText(pages)
    located = locate_fields(lt, phrases)
    warnings: list[str] = []
    for name in DATE_FIELDS:
        f = located.fields.get(name)
        if f is not None and f.ambiguous:
            warnings.append(
                f"{name}: day/month order of '{f.raw}' is not settled by the letter "
                f"(could be {' or '.join(f.candidates)}); needs review"
            )
    for i, p in enumerate(located.periods, 1):
        for label, f in (("start", p.start_date), ("end", p.end_date)):
            if f is not None and f.ambiguous and f not in located.fields.values():
                warnings.append(f"period {i} {label} date '{f.raw}' has an unsettled day/month order; needs review")
    seen: set[str] = set()
    for rf in located.red_flags:
        if rf.phrase.lower() in seen:
            continue
        seen.add(rf.phrase.lower())
        warnings.append(f"red-flag phrase '{rf.phrase}' on page {rf.page}: \u201c{rf.context}\u201d")
    if len(located.periods) > 1:
        warnings.append(f"the letter states {len(located.periods)} employment periods")
    empty = [p.number for p in pages if not p.words]
    if empty:
        warnings.append(f"no text could be read on page(s) {', '.join(map(str, empty))}")
    broken = [p.number for p in pages if p.source == SOURCE_TEXT_LAYER and _unmapped_glyphs(p) >= 3]
    if broken:
        warnings.append(f"the PDF's text layer on page(s) {', '.join(map(str, broken))} has characters its fonts "
                        "do not map (ligatures or digits shown as other letters): check the values against the page")
    log.debug("letter read: %d page(s), %d field(s), %d period(s)", len(pages), len(located.fields),
              len(located.periods))
    return LetterReading(
        fields=located.fields,
        periods=located.periods,
        red_flags=located.red_flags,
        signature_block=located.signature_block,
        subcontractor=located.subcontractor,
        page_sources=tuple(p.source for p in pages),
        text=lt.text,
        warnings=tuple(warnings),
        language=language,
        elapsed_s=time.perf_counter() - t0,
    )


def _unmapped_glyphs(page: LetterPage) -> int:
    """Arabic-script words of a text layer holding letters of an unrelated script or a replacement character.

    A PDF font without a complete ToUnicode map (common for shaped Arabic-script text: lam-alef and
    other ligatures, Persian digit forms) comes out as glyph numbers read as code points, e.g. Cyrillic
    or Latin click letters inside a Dari word. No real word mixes those scripts.
    """
    import unicodedata

    count = 0
    for w in page.words:
        letters = [c for c in w.text if c.isalpha() or c == "\ufffd"]
        if not any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in letters):
            continue
        if any(c == "\ufffd" or not unicodedata.name(c, "").startswith(("ARABIC", "PERSIAN", "ZERO WIDTH"))
               for c in letters):
            count += 1
    return count


def page_from_text_layer(page: PageImage) -> LetterPage:
    """A :class:`LetterPage` from an intake page's PDF text layer (boxes in rendered-image pixels)."""
    words = tuple(
        LetterWord(w.text, w.bbox, 1.0, page.page_number, SOURCE_TEXT_LAYER, (w.block, w.line))
        for w in (page.text_words or ()) if w.text.strip()
    )
    return LetterPage(page.page_number, float(page.width), float(page.height), words, SOURCE_TEXT_LAYER)


def page_from_ocr(page_number: int, width: float, height: float, result: OcrResult, *,
                  factor: float = 1.0) -> LetterPage:
    """A :class:`LetterPage` from an OCR result.

    Args:
        width: Page width in the units of the boxes wanted.
        height: Page height, same units.
        factor: Scale of the OCRed image relative to those units (boxes are divided by it).
    """
    k = 1.0 / factor
    words = tuple(
        LetterWord(w.text, (float(w.bbox[0]) * k, float(w.bbox[1]) * k, float(w.bbox[2]) * k, float(w.bbox[3]) * k),
                   w.confidence, page_number, SOURCE_OCR, w.line_key)
        for w in result.words if w.text.strip()
    )
    return LetterPage(page_number, width, height, words, SOURCE_OCR)


def text_layer_page(page: PageImage, config: WorkstationConfig,
                    ocr_engine: OcrEngine | None) -> tuple[LetterPage, str]:
    """A page with a text layer: its words, with Arabic-script words its fonts do not map read by OCR.

    Returns the page and the OCR language used (``""`` when the text layer was sound and used as it is).
    Used by :func:`read_letter` and by the ``read_document`` pipeline (``letter_adapter``), so a letter
    reads the same through both.
    """
    lp = page_from_text_layer(page)
    if broken_tokens(lp) < MIN_UNMAPPED_FOR_OCR or not _dari_installed(config):
        return lp, ""
    # Arabic-script words of this text layer are junk: read them from the rendered page.
    if ocr_engine is None:
        from workstation.ocr.engines import get_engine

        ocr_engine = get_engine(config)
    # Dari only: the Latin words stay from the text layer (eng would turn Dari words into Latin)
    ocr_lp, lang = ocr_letter_page(page, config, ocr_engine, lang="fas")
    if coverage(lp, ocr_lp) < FULL_COVERAGE:
        # Tesseract's layout analysis skipped a line (it does beside a long Latin number): a
        # letter body is one block of lines, which the single-block mode reads line by line
        block, _ = ocr_letter_page(page, config, ocr_engine, lang="fas", psm=6)
        if coverage(lp, block) > coverage(lp, ocr_lp):
            ocr_lp = block
    if coverage(lp, ocr_lp) < FULL_COVERAGE:
        ocr_lp = _read_missed_lines(page, lp, ocr_lp, config, ocr_engine)
    return merge_text_layer_and_ocr(lp, ocr_lp, _glyph_reader(page, config, ocr_engine),
                                    lambda box, chars: read_number(page.image, box, chars)), lang


def _read_missed_lines(page: PageImage, text_page: LetterPage, ocr_page: LetterPage, config: WorkstationConfig,
                       engine: OcrEngine) -> LetterPage:
    """``ocr_page`` with the text-layer lines no OCR word touches read one by one (single-line mode).

    Both layout modes of Tesseract can skip a whole paragraph of a Dari page (three justified body
    lines of a generated letter, seed 21); each such line is cut out by the text layer's own boxes and
    read alone (single-line mode, else raw-line mode when that finds no line). Boxes are in the
    rendered page's pixels, as the text layer's.
    """
    from workstation.errors import OcrError
    from workstation.imaging.text_page import lightest_channel

    missed = [t.bbox for t in tokens(text_page.words) if t.arabic_letters
              and not any(_box_overlap(t.bbox, w.bbox) for w in ocr_page.words)]
    bands: list[list[float]] = []
    for b in sorted(missed, key=lambda b: (b[1] + b[3]) / 2):
        cy, h = (b[1] + b[3]) / 2, b[3] - b[1]
        if bands and abs(cy - (bands[-1][1] + bands[-1][3]) / 2) < 0.5 * h:
            bands[-1][1], bands[-1][3] = min(bands[-1][1], b[1]), max(bands[-1][3], b[3])
        else:
            bands.append([0.0, b[1], 0.0, b[3]])
    if not bands or len(bands) > 12:
        return ocr_page
    img = page.image
    words = list(ocr_page.words)
    for n, (_, y0, _, y1) in enumerate(bands):
        on_line = [w.bbox for w in text_page.words if y0 <= (w.bbox[1] + w.bbox[3]) / 2 <= y1]
        x0 = max(0, int(min(b[0] for b in on_line)) - 10)
        x1 = min(img.shape[1], int(max(b[2] for b in on_line)) + 10)
        top, bottom = max(0, int(y0)), min(img.shape[0], int(y1) + 1)
        if x1 - x0 < 10 or bottom - top < 5:
            continue
        crop = lightest_channel(img[top:bottom, x0:x1])
        try:
            res = engine.recognize(crop, lang="fas", psm=7, dpi=int(page.dpi) if page.dpi else None,
                                   timeout_s=config.ocr_timeout_s)
            if not res.words:  # single-line mode found no line in it (seen on a justified body line): raw line
                res = engine.recognize(crop, lang="fas", psm=13, dpi=int(page.dpi) if page.dpi else None,
                                       timeout_s=config.ocr_timeout_s)
        except OcrError:
            continue
        line = page_from_ocr(page.page_number, float(x1 - x0), float(bottom - top), res)
        line = reread_numbers(line, crop)
        for w in line.words:
            bx = (w.bbox[0] + x0, w.bbox[1] + top, w.bbox[2] + x0, w.bbox[3] + top)
            words.append(LetterWord(w.text, bx, w.confidence, w.page, w.source, (9000 + n, 0, 0)))
    return LetterPage(ocr_page.number, ocr_page.width, ocr_page.height, tuple(words), ocr_page.source)


def _box_overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w > 0 and h > 0 and small > 0 and w * h > 0.2 * small


#: Warning when a text layer's Arabic-script words were read by OCR (``{pages}``: the page numbers).
REREAD_WARNING = ("the PDF's text layer on page(s) {pages} does not map its Arabic-script characters: that text "
                  "was read by OCR from the page (check the values against it)")


def read_letter(
    source_document: SourceDocument,
    config: WorkstationConfig,
    ocr_engine: OcrEngine | None,
    reporter: Reporter = NULL_REPORTER,
    cancel: CancelToken | None = None,
    *,
    red_flag_phrases: Sequence[str] | None = None,
) -> LetterReading:
    """Read an employment letter from a decoded source (PDF or image).

    Pages with a text layer are read from it; the others are OCRed with ``ocr_engine``
    (English; a page that reads poorly is retried with Dari ``fas`` when installed).

    Args:
        source_document: From :func:`workstation.intake.load_document`.
        config: Desk configuration (OCR timeout, languages).
        ocr_engine: Engine for pages without text; may be ``None`` when every page has a text layer.
        reporter: Progress sink (``update(done, total, "letter")``).
        cancel: Checked between pages.
        red_flag_phrases: Overrides the policy file's list.

    Raises:
        InputError: The document has no pages.
        OcrError: A page needed OCR and the engine failed or is missing.
        CancelledError: ``cancel`` was set.
    """
    t0 = time.perf_counter()
    if not source_document.pages:
        raise InputError(f"{source_document.file_name}: the document has no pages to read.")
    total = len(source_document.pages)
    pages: list[LetterPage] = []
    reread: list[int] = []
    language = ""
    for i, page in enumerate(source_document.pages):
        if cancel is not None:
            cancel.raise_if_set()
        reporter.update(i, total, "letter")
        if page.text_words is not None and len(page.text_words) >= MIN_TEXT_LAYER_WORDS:
            lp, lang = text_layer_page(page, config, ocr_engine)
            if lang:
                language = language or lang
                reread.append(page.page_number)
            pages.append(lp)
            continue
        if ocr_engine is None:
            from workstation.ocr.engines import get_engine

            ocr_engine = get_engine(config)
        lp, lang = ocr_letter_page(page, config, ocr_engine)
        language = language or lang
        pages.append(lp)
    reporter.update(total, total, "letter")
    if cancel is not None:
        cancel.raise_if_set()
    reading = read_letter_pages(pages, red_flag_phrases, language=language)
    warnings = tuple(source_document.warnings) + reading.warnings
    if reread:
        warnings += (REREAD_WARNING.format(pages=", ".join(map(str, reread))),)
    from dataclasses import replace

    return replace(reading, warnings=warnings, elapsed_s=time.perf_counter() - t0)


def ocr_letter_page(page: PageImage, config: WorkstationConfig, engine: OcrEngine, *,
                    lang: str | None = None, psm: int = 3) -> tuple[LetterPage, str]:
    """OCR one page without a text layer: cut it out, clean and straighten it, read English; turn it or read Dari when needed.

    The usual page costs one Tesseract call on a cleaned gray image (see :func:`clean_for_ocr`) plus a
    skew estimate. A page whose lines run down the image, or that reads poorly, gets one Tesseract
    orientation-and-script pass (OSD) and a second read turned as OSD says; the turn is kept only
    when it reads better. A page still reading poorly is read again with Dari (``fas``) when installed.
    Boxes are in the pixels of the prepared (cropped, straightened, turned) image at the page's own
    resolution.

    ``lang`` (e.g. ``fas`` for a rendered PDF page whose text layer is known to be Dari) reads the
    page once in that language (page segmentation mode ``psm``) as it is: no straightening, cleaning,
    turn or retry.
    """
    from workstation.imaging.deskew import estimate_skew
    from workstation.imaging.document import find_document, rectify
    from workstation.imaging.geometry import rotate_angle, rotate_quarter
    from workstation.imaging.text_page import lightest_channel

    dpi = int(page.dpi) if page.dpi else None
    image = page.image
    # A phone photo (no declared resolution) may show the desk around the page: crop to its outline.
    quad = find_document(image) if page.dpi is None else None
    gray = lightest_channel(image)
    if quad is not None:
        gray = rectify(gray, quad)
    gray, factor, char_h = reduce_for_ocr(gray)
    if dpi is not None:
        dpi = max(1, round(dpi * factor))
    if lang is not None:
        # a rendered PDF page: straight and clean already (cleaning cost Tesseract a letterhead once)
        result = engine.recognize(gray, lang=lang, psm=psm, dpi=dpi, timeout_s=config.ocr_timeout_s)
        h, w = gray.shape[:2]
        lp = page_from_ocr(page.page_number, w / factor, h / factor, result, factor=factor)
        if "fas" in lang:
            lp = reread_numbers(lp, gray, factor)  # fas misreads the Urdu forms of 4, 6, 7
        return lp, lang
    # Tesseract copes with a small skew, so only a visible one is removed (before the rules are looked for).
    est = estimate_skew(gray)
    if est.strength >= 1.05 and abs(est.angle) >= DESKEW_MIN_DEG:
        gray = rotate_angle(gray, -est.angle)
    gray = clean_text_page(gray, char_h)

    def read(img: npt.NDArray[np.uint8]) -> OcrResult:
        return engine.recognize(img, lang="eng", dpi=dpi, timeout_s=config.ocr_timeout_s)


    if est.vertical:
        # Lines run down the page: a quarter turn is needed before any reading.
        first = _osd_turn(gray, engine, (90, 270), config.ocr_timeout_s, min_confidence=0.0) or 90
        gray = rotate_quarter(gray, first)
        result = read(gray)
        if _reads_poorly(result):
            other = rotate_quarter(gray, 180)
            turned = read(other)
            if turned.mean_confidence > result.mean_confidence:
                result, gray = turned, other
    else:
        result = read(gray)
        if _reads_poorly(result):
            turn = _osd_turn(gray, engine, (90, 180, 270), config.ocr_timeout_s, min_confidence=OSD_TRUST)
            if turn:
                upright = rotate_quarter(gray, turn)
                turned = read(upright)
                if turned.mean_confidence > result.mean_confidence:
                    result, gray = turned, upright
    used = "eng"
    good_latin = sum(1 for w in result.words if w.confidence >= 0.7 and sum(c.isalpha() for c in w.text) >= 3)
    h, w = gray.shape[:2]
    if (result.mean_confidence < DARI_RETRY_CONFIDENCE or good_latin < 25) and _dari_installed(config):
        # Dari read alone, Latin words kept from the English read (fas+eng turns Dari words into Latin)
        dari = engine.recognize(gray, lang="fas", dpi=dpi, timeout_s=config.ocr_timeout_s)
        if dari.mean_confidence > result.mean_confidence:
            # fas misreads the Urdu forms of 4, 6 and 7: numbers are read again by their digits' shapes
            dari_page = reread_numbers(page_from_ocr(page.page_number, w / factor, h / factor, dari, factor=factor),
                                       gray, factor)
            dari_page = read_skipped_rows(dari_page, gray, factor, engine, "fas", config.ocr_timeout_s)
            latin = page_from_ocr(page.page_number, w / factor, h / factor, result, factor=factor)
            latin = reread_latin_runs(latin, gray, factor, engine, config.ocr_timeout_s)
            merged = merge_latin_read(dari_page, latin)
            return merged, "fas+eng"
    lp = page_from_ocr(page.page_number, w / factor, h / factor, result, factor=factor)
    return confirm_identifiers(lp, gray, factor, engine, config.ocr_timeout_s), used


#: Most rows of print an OCR read may have skipped that are read again one by one (each costs a call).
MAX_SKIPPED_ROWS = 6
#: Longest side of the copy whose rows of print are measured.
ROWS_SIDE = 2000


def _print_rows(gray: npt.NDArray[np.uint8]) -> list[tuple[int, int, int, int]]:
    """Rows of character-sized print on a page, ``(x0, y0, x1, y1)`` in its pixels, top to bottom.

    From the horizontal profile of :func:`~workstation.imaging.deskew.char_mask` (dark blobs shaped
    like characters: rules, creases and photos are left out), rows closer than a few pixels joined.
    Measured on a copy at most :data:`ROWS_SIDE` pixels long (a quarter of the time on a 300 DPI page).
    """
    from workstation.imaging.deskew import char_mask
    from workstation.imaging.geometry import resize_to_max

    small, k = resize_to_max(gray, ROWS_SIDE)
    mask = char_mask(small)
    on = mask.sum(axis=1) >= 0.01 * small.shape[1]
    bands: list[list[int]] = []
    y = 0
    while y < len(on):
        if on[y]:
            y0 = y
            while y < len(on) and on[y]:
                y += 1
            if bands and y0 - bands[-1][1] < 4:
                bands[-1][1] = y
            else:
                bands.append([y0, y])
        y += 1
    out = []
    for y0, y1 in bands:
        cols = np.nonzero(mask[y0:y1].any(axis=0))[0]
        out.append((int(np.percentile(cols, 2) / k), int(y0 / k), int((np.percentile(cols, 98) + 1) / k),
                    int(y1 / k)))
    return out


def read_skipped_rows(page: LetterPage, gray: npt.NDArray[np.uint8], factor: float, engine: OcrEngine,
                      lang: str, timeout_s: float | None = None) -> LetterPage:
    """``page`` (an OCR read of ``gray``) with the rows of print it holds no word of read one by one.

    Tesseract's layout analysis can drop a whole line of a Dari page: the letterhead and the line
    naming the employee beside a fold's crease (case 35 of seed 6: no employee name). Rows of print
    a line high (:func:`_print_rows`) and several words wide that no OCR word covers are cut out and
    read alone in single-line mode, their Persian digits then read by shape. Boxes are in the page's
    units; ``gray`` is the image read, ``factor`` times larger.
    """
    import statistics

    from workstation.errors import OcrError
    from workstation.ocr import PageSegMode

    heights = [(w.bbox[3] - w.bbox[1]) * factor for w in page.words if len(w.text) >= 2]
    if len(heights) < MIN_TEXT_LAYER_WORDS:
        return page
    line_h = statistics.median(heights)
    boxes = [tuple(v * factor for v in w.bbox) for w in page.words]
    skipped = []
    for x0, y0, x1, y1 in _print_rows(gray):
        if not 0.5 * line_h <= y1 - y0 <= 2.5 * line_h or x1 - x0 < 4 * line_h:
            continue
        if any(min(b[3], y1) - max(b[1], y0) > 0.5 * (y1 - y0) and b[0] < x1 and b[2] > x0 for b in boxes):
            continue
        skipped.append((x0, y0, x1, y1))
    if not skipped or len(skipped) > MAX_SKIPPED_ROWS:
        return page
    words = list(page.words)
    for n, (x0, y0, x1, y1) in enumerate(skipped):
        pad = int(0.3 * (y1 - y0))
        left, top = max(0, x0 - 2 * pad), max(0, y0 - pad)
        crop = np.ascontiguousarray(gray[top:min(gray.shape[0], y1 + pad), left:min(gray.shape[1], x1 + 2 * pad)])
        try:
            res = engine.recognize(crop, lang=lang, psm=PageSegMode.SINGLE_LINE, timeout_s=timeout_s)
        except OcrError:
            continue
        log.debug("a row of print no word covered read alone: %d word(s), confidence %.2f", len(res.words),
                  res.mean_confidence)
        line = page_from_ocr(page.number, crop.shape[1] / factor, crop.shape[0] / factor, res, factor=factor)
        if "fas" in lang:
            line = reread_numbers(line, crop, factor)
        for w in line.words:
            bx = (w.bbox[0] + left / factor, w.bbox[1] + top / factor, w.bbox[2] + left / factor,
                  w.bbox[3] + top / factor)
            words.append(LetterWord(w.text, bx, w.confidence, w.page, w.source, (9500 + n, 0, 0)))
    return LetterPage(page.number, page.width, page.height, tuple(words), page.source)


#: A Latin word of a Dari page read below this confidence (English read of the whole page) is read again.
LATIN_REREAD_BELOW = 0.75
_LATIN_RUN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-/.@_()+,"
#: A word that may be part of a contract number or an e-mail (capitals, digits, separators; or an ``@``).
_IDENTIFIER_WORD = re.compile(r"^(?:[A-Z0-9][A-Z0-9\-/]+|\S*@\S*)$")


def _reread_run(run: Sequence[LetterWord], gray: npt.NDArray[np.uint8], factor: float, engine: OcrEngine,
                timeout_s: float | None) -> list[LetterWord]:
    """The words of ``run`` read again from their crop as one line (English); empty unless sure."""
    from workstation.ocr import PageSegMode

    x0, y0 = min(w.bbox[0] for w in run), min(w.bbox[1] for w in run)
    x1, y1 = max(w.bbox[2] for w in run), max(w.bbox[3] for w in run)
    h = y1 - y0
    # A narrow margin left and right first (the Dari letters next to a number stay out of the crop),
    # then a wider one (Tesseract misreads print that touches the crop's edge).
    for pad in (h / 6, h / 2):
        box = (max(0, int((x0 - pad) * factor)), max(0, int((y0 - h / 4) * factor)),
               min(gray.shape[1], int((x1 + pad) * factor)), min(gray.shape[0], int((y1 + h / 4) * factor)))
        if box[2] - box[0] < 8 or box[3] - box[1] < 8:
            return []
        res = engine.recognize(np.ascontiguousarray(gray[box[1]:box[3], box[0]:box[2]]), lang="eng",
                               psm=PageSegMode.SINGLE_LINE, whitelist=_LATIN_RUN_CHARS, timeout_s=timeout_s)
        # Counts only: the words are the applicant's data (no PII in logs).
        log.debug("Latin run read again: %d word(s) -> %d, confidence %.2f", len(run), len(res.words),
                  res.mean_confidence)
        got = [r for r in res.words if r.text.strip()]
        # A re-read below the bar that spells exactly what the run's pieces spell (``ARI-SUB-201`` ``1-707``
        # read again as ``ARI-SUB-2011-707`` at 0.68) is two reads agreeing: one word, confirmed, kept at
        # the bar (the merge with the Dari read keeps Latin words read at least that surely).
        agrees = len(run) > 1 and _alnum("".join(r.text for r in got)) == _alnum("".join(w.text for w in run))
        if got and (res.mean_confidence >= LATIN_REREAD_BELOW or agrees):
            return [LetterWord(r.text, ((box[0] + r.bbox[0]) / factor, (box[1] + r.bbox[1]) / factor,
                                        (box[0] + r.bbox[2]) / factor, (box[1] + r.bbox[3]) / factor),
                               max(r.confidence, LATIN_REREAD_BELOW) if agrees else r.confidence,
                               run[0].page, run[0].source, run[0].line_key) for r in got]
    return []


def reread_latin_runs(latin: LetterPage, gray: npt.NDArray[np.uint8], factor: float, engine: OcrEngine,
                      timeout_s: float | None = None) -> LetterPage:
    """The English read of a Dari page with its unsure Latin numbers read again, each run of words alone.

    Read with the whole page, a contract number inside a Dari sentence comes out right but at
    confidence 0 (``ARI-SUB-201`` ``2-396``: the line's Dari words drag it down), so the merge with
    the Dari read drops it and ``fas`` garbles it (``[]9-]۸1 ۳-201 2-396``). A run of unsure words
    holding a digit or ``@`` on one line (gaps under one line height) is read again from its own
    crop as one line; the re-read replaces the run when it is sure (:data:`LATIN_REREAD_BELOW`).
    Boxes are in the page's units; ``gray`` is the image read, ``factor`` times larger.
    """
    words = list(latin.words)
    lines: dict[object, list[LetterWord]] = {}
    for w in words:
        if w.line_key is not None:
            lines.setdefault(w.line_key, []).append(w)
    replace_map: dict[int, list[LetterWord]] = {}
    drop: set[int] = set()
    for line in lines.values():
        line.sort(key=lambda w: w.bbox[0])
        runs: list[list[LetterWord]] = []
        for w in line:
            unsure = w.confidence < LATIN_REREAD_BELOW and bool(_IDENTIFIER_WORD.match(w.text.strip("()[],;:")))
            h = w.bbox[3] - w.bbox[1]
            if unsure and runs and runs[-1] and w.bbox[0] - runs[-1][-1].bbox[2] < h:
                runs[-1].append(w)
            elif unsure:
                runs.append([w])
            else:
                runs.append([])
        for whole in runs:
            if not whole or not any(c.isdigit() or c == "@" for w in whole for c in w.text):
                continue
            # The run as one line; failing that, its long words alone (a Dari word misread as
            # Latin capitals may have joined the run and spoiled the line's read).
            tries = [whole] + ([[w] for w in whole if len(w.text) >= 6] if len(whole) > 1 else [])
            for run in tries:
                if any(words.index(w) in drop for w in run):
                    continue
                new = _reread_run(run, gray, factor, engine, timeout_s)
                if new:
                    replace_map[words.index(run[0])] = new
                    drop.update(words.index(w) for w in run)
                    if run is whole:
                        break
    if not replace_map:
        return latin
    out: list[LetterWord] = []
    for i, w in enumerate(words):
        if i in replace_map:
            out.extend(replace_map[i])
        elif i not in drop:
            out.append(w)
    return LetterPage(latin.number, latin.width, latin.height, tuple(out), latin.source)


#: An identifier word (contract number) read below this confidence is read a second time alone.
IDENTIFIER_SURE = 0.9
#: Ceiling on the confidence of an identifier word whose second read disagrees with the first.
UNCONFIRMED_CONFIDENCE = 0.5
_ID_STRIP = "()[],;:.'\"‘’“”"


#: A numeric date word (``11/01/2013``) read below this confidence is read a second time alone.
DATE_SURE = 0.6
_NUMERIC_DATE_WORD = re.compile(r"^[0-9]{1,4}[/.\-][0-9]{1,2}[/.\-][0-9]{1,4}$")


def _identifier_like(text: str) -> bool:
    """A word that may be a contract number: capitals and digits (with dashes or slashes), 6+ characters."""
    t = text.strip(_ID_STRIP)
    return (len(t) >= 6 and _IDENTIFIER_WORD.match(t) is not None and "@" not in t
            and any(c.isdigit() for c in t) and any(c.isalpha() for c in t))


def _alnum(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum())


def confirm_identifiers(page: LetterPage, gray: npt.NDArray[np.uint8], factor: float, engine: OcrEngine,
                        timeout_s: float | None = None) -> LetterPage:
    """``page`` (an English OCR read) with its unsure identifier words read a second time, alone.

    Tesseract's word confidence does not say which characters of a number it doubted: on a
    photographed table it read ``WFPTFE-22-F-5034`` as ``WFEPTFE-22-F-S034`` at 0.60, and the same
    cell cut out as ``WEPTFE-22-F-S034`` at 0.85. Two reads of one print that disagree mean the
    print does not settle the value: such a word keeps its first reading but at most
    :data:`UNCONFIRMED_CONFIDENCE`, so the number goes to an officer, never to a silent fail or pass.
    A word read the same way twice keeps its confidence. Words read at :data:`IDENTIFIER_SURE` or
    better are left alone. Boxes are in the page's units; ``gray`` is the image read, ``factor``
    times larger.
    """
    from workstation.errors import OcrError
    from workstation.ocr import PageSegMode

    words = list(page.words)
    changed = False
    for i, w in enumerate(words):
        is_date = w.confidence < DATE_SURE and _NUMERIC_DATE_WORD.match(w.text.strip(_ID_STRIP)) is not None
        if not is_date and (w.confidence >= IDENTIFIER_SURE or not _identifier_like(w.text)):
            continue
        x0, y0, x1, y1 = w.bbox
        h = y1 - y0
        box = (max(0, int((x0 - h / 6) * factor)), max(0, int((y0 - h / 4) * factor)),
               min(gray.shape[1], int((x1 + h / 6) * factor)), min(gray.shape[0], int((y1 + h / 4) * factor)))
        if box[2] - box[0] < 8 or box[3] - box[1] < 8:
            continue
        try:
            res = engine.recognize(np.ascontiguousarray(gray[box[1]:box[3], box[0]:box[2]]), lang="eng",
                                   psm=PageSegMode.SINGLE_LINE, whitelist=_LATIN_RUN_CHARS, timeout_s=timeout_s)
        except OcrError:
            continue
        again = _alnum("".join(r.text for r in res.words))
        # Counts only: the words are the applicant's data (no PII in logs).
        log.debug("identifier read again: %d character(s) -> %d, same: %s", len(_alnum(w.text)), len(again),
                  again == _alnum(w.text))
        if is_date:
            if again == _alnum(w.text) and res.mean_confidence > w.confidence:
                # Read the same alone, more surely (blind case 776 of seed 6: ``11/01/2013:`` at 0.28 in a
                # table row, the cell's border read as a colon): two reads agree; the surer one counts.
                words[i] = LetterWord(w.text, w.bbox, res.mean_confidence, w.page, w.source, w.line_key)
                changed = True
            continue
        if again != _alnum(w.text) and w.confidence > UNCONFIRMED_CONFIDENCE:
            words[i] = LetterWord(w.text, w.bbox, UNCONFIRMED_CONFIDENCE, w.page, w.source, w.line_key)
            changed = True
    if not changed:
        return page
    return LetterPage(page.number, page.width, page.height, tuple(words), page.source)


def _dari_installed(config: WorkstationConfig) -> bool:
    """Whether the desk reads Dari: ``fas`` configured and its Tesseract data installed."""
    if "fas" not in config.ocr_languages:
        return False
    from workstation.ocr.installation import find_tesseract

    inst = find_tesseract(config.tesseract_cmd)
    return inst is not None and "fas" in inst.languages


def _glyph_reader(page: PageImage, config: WorkstationConfig, engine: OcrEngine) -> GlyphReader:
    """Reads one glyph of the rendered page (box in its pixels) with only the given characters allowed."""

    def read(box: tuple[float, float, float, float], allowed: str) -> str:
        from workstation.errors import OcrError
        from workstation.imaging.text_page import lightest_channel

        img = page.image
        by_shape = read_glyph(img, box, allowed)  # the digit's shape, against fonts' templates
        if by_shape:
            return by_shape
        h = box[3] - box[1]
        # a glyph with its neighbours (Tesseract reads a lone digit poorly), the line's full height
        x0, y0 = max(0, int(box[0] - h)), max(0, int(box[1] - 0.2 * h))
        x1, y1 = min(img.shape[1], int(box[2] + h)), min(img.shape[0], int(box[3] + 0.2 * h))
        if x1 <= x0 or y1 <= y0:
            return ""
        crop = lightest_channel(img[y0:y1, x0:x1])
        try:
            res = engine.recognize(crop, lang="fas", psm=8, whitelist=allowed,
                                   dpi=int(page.dpi) if page.dpi else None, timeout_s=config.ocr_timeout_s)
        except OcrError:
            return ""
        return "".join(w.text for w in res.words)

    return read


def _reads_poorly(result: OcrResult) -> bool:
    return result.mean_confidence < DARI_RETRY_CONFIDENCE or len(result.words) < MIN_TEXT_LAYER_WORDS


#: Longest side of the copy given to Tesseract's orientation pass (enough print, a fifth of a read's time).
OSD_SIDE = 1400
#: OSD orientation confidence trusted for a page that reads poorly upright (below it, OCR votes decide).
OSD_TRUST = 0.5


def _osd_turn(gray: npt.NDArray[np.uint8], engine: OcrEngine, allowed: tuple[int, ...], timeout_s: float,
              *, min_confidence: float) -> int:
    """The quarter turn that makes the page upright, by Tesseract's OSD (0 when none of ``allowed``).

    Letters are dense print, where OSD is right far more often than its confidence says, and it
    costs a fraction of reading the page in every orientation; the caller keeps a turn only when the
    turned page reads better. Below ``min_confidence`` (or without OSD data) the OCR votes of
    :func:`~workstation.imaging.orientation.detect_orientation` decide instead.
    """
    from workstation.errors import OcrError
    from workstation.imaging.geometry import resize_to_max
    from workstation.imaging.orientation import detect_orientation

    small, _ = resize_to_max(gray, OSD_SIDE)
    try:
        osd = engine.osd(small, timeout_s=timeout_s)
    except OcrError as e:
        log.debug("OSD unavailable (%s): orientation by OCR votes", type(e).__name__)
    else:
        if osd.confidence >= min_confidence:
            return int(osd.rotation) if osd.rotation in allowed else 0
    rotation = detect_orientation(gray, engine).rotation
    return rotation if rotation in allowed else 0


#: Print taller than this (median character height, pixels) is reduced to it before OCR: Tesseract
#: scales every text line to a fixed height anyway, so larger print only costs time (and cleaning).
OCR_CHAR_PX = 22.0


def reduce_for_ocr(image: npt.NDArray[np.uint8]) -> tuple[npt.NDArray[np.uint8], float, float]:
    """The page in gray from its lightest channel (coloured stamps fade), large print reduced to :data:`OCR_CHAR_PX`.

    Returns:
        ``(gray, factor, char_h)``: the image, its scale relative to ``image`` and its character height.
    """
    from workstation.imaging.geometry import scale
    from workstation.imaging.quality import estimate_char_height
    from workstation.imaging.text_page import lightest_channel

    gray = lightest_channel(image)  # a gray image is kept as it is
    char_h = estimate_char_height(gray) or 20.0
    factor = 1.0
    if char_h > 1.15 * OCR_CHAR_PX:
        factor = OCR_CHAR_PX / char_h
        gray = scale(gray, factor)
        char_h = OCR_CHAR_PX
    return gray, factor, char_h


def clean_text_page(gray: npt.NDArray[np.uint8], char_h: float) -> npt.NDArray[np.uint8]:
    """Light evened out (shadows, glare halo, washed-out print) and table rules removed; same geometry.

    Run it on a straight page: a rule is found as a long exactly horizontal or vertical stroke.
    """
    from workstation.imaging.text_page import even_light, remove_rules

    return remove_rules(even_light(gray, char_h), char_h)


def clean_for_ocr(image: npt.NDArray[np.uint8]) -> tuple[npt.NDArray[np.uint8], float]:
    """A straight page made ready for Tesseract (:func:`reduce_for_ocr` then :func:`clean_text_page`).

    Returns:
        The gray image and its scale: divide OCR boxes by it to place them on ``image``. Gray also
        halves Tesseract's time (it thresholds each colour channel otherwise).
    """
    gray, factor, char_h = reduce_for_ocr(image)
    return clean_text_page(gray, char_h), factor


def letter_fields_json(reading: LetterReading) -> dict[str, dict[str, object]]:
    """The ARCHITECTURE.md 4.2 ``fields`` object of a letter (absent fields are left out)."""
    out: dict[str, dict[str, object]] = {}
    for name in LETTER_FIELDS + LETTER_EXTRA_FIELDS:
        f = reading.fields.get(name)
        if f is not None:
            out[name] = f.to_json()
    return out


def letter_extra_json(reading: LetterReading) -> dict[str, object]:
    """Letter facts beyond single fields: periods, red flags, signature block, subcontractor."""
    return {
        "periods": [
            {k: (f.to_json() if f is not None else None)
             for k, f in (("start_date", p.start_date), ("end_date", p.end_date), ("position", p.position),
                          ("contract_number", p.contract_number))}
            for p in reading.periods
        ],
        "red_flags": [{"phrase": r.phrase, "context": r.context, "page": r.page, "bbox": [round(v, 1) for v in r.bbox]}
                      for r in reading.red_flags],
        "signature_block": reading.signature_block,
        "subcontractor": reading.subcontractor,
        "page_sources": list(reading.page_sources),
    }
