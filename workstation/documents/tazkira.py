"""The tazkira reader: e-tazkira front and back, and the paper tazkira (best effort).

:func:`read_tazkira` takes the page images of one tazkira (front, back, or both, in any order;
a paper certificate) and returns a :class:`TazkiraReading`: the fields of ARCHITECTURE.md 4.2
(``tazkira_number, given_names, surname, father_name, date_of_birth, place_of_birth``) plus
``sex`` and ``issue_date``, each with value, confidence, page, box, source and the script it was
read from; the TD1 MRZ of the back; and the document-internal review items (warnings).

How a page is read:

* ``eng`` OCR of the whole page (sparse text) finds the MRZ of the back, or the English labels
  of the front. Each Latin value is the text right of its label on the same row, read again
  from its own crop as one line with a per-field character whitelist.
* ``fas`` OCR finds the Dari/Pashto lines (``label: value``, logical order); a line is given to
  a field by its label (:mod:`workstation.documents.tazkira_text`), or by sharing a row with
  an English label when its own label is unreadable.
* A field printed in both scripts is compared: digits against digits (Persian digits folded),
  dates by their Gregorian value, names by consonant skeleton. A confident disagreement is a
  warning (a review item), never a silent choice.
* The back's MRZ goes through :mod:`workstation.documents.mrz` (check digits, proven repairs);
  it is compared with the front (number, date of birth, names, sex).
* A page with neither English labels nor an MRZ is read as a paper tazkira: Dari lines by
  label, and "in year Y was N years old" as a birth interval. Its fields are handwritten:
  their confidence is capped low so that checks send them to review, never pass or fail them.
  Its registration line (volume, page, record number: the paper tazkira's number) is read as
  ``volume/page/number``, sure only when two reads agree and every Persian digit has its shape.

Dates go through :func:`workstation.matching.dates.parse_date_text` (Solar Hijri via jdatetime,
which rejects impossible dates); a date that does not exist is never reported as a value.
"""

from __future__ import annotations

import logging
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from workstation.documents.letter_digits import MAX_DISTANCE, load_shapes, reference_height, reread_number
from workstation.documents.mrz import MRZ_ALPHABET, MrzResult, find_mrz_lines, mrz_likeness, parse_mrz
from workstation.documents.tazkira_text import (
    E_TAZKIRA_DIGITS,
    FIELDS,
    LABEL_SEPARATORS,
    best_dari_label,
    best_english_label,
    clean_latin_name,
    dari_sex,
    digits_of,
    format_tazkira_number,
    registration_number,
    script_names_agree,
    split_dari_label,
    split_unpunctuated_label,
)
from workstation.imaging.geometry import binarize, crop, darkest_channel, scale, to_gray
from workstation.imaging.glyphs import ink_components
from workstation.matching.dates import DateInterval, ParsedDate, parse_date_text
from workstation.matching.digits import (
    ARABIC_INDIC_DIGITS,
    PERSIAN_DIGITS,
    has_arabic_script,
    normalize_arabic_script,
    to_ascii_digits,
)
from workstation.matching.identifiers import number_in_zone
from workstation.matching.names import compare_names
from workstation.matching.policy import DEFAULT_POLICY
from workstation.ocr import OcrEngine, OcrLine, OcrResult, OcrWord, PageSegMode, get_engine

log = logging.getLogger(__name__)

__all__ = [
    "HANDWRITTEN_CONFIDENCE_CAP",
    "TazkiraField",
    "TazkiraReading",
    "read_tazkira",
]

Image = npt.NDArray[np.uint8]
BBox = tuple[int, int, int, int]
Side = Literal["front", "back", "paper", "unknown"]

#: Where a value came from (the ``source`` of ARCHITECTURE.md 4.2).
SOURCE_LATIN = "viz_latin"
SOURCE_DARI = "viz_dari"
SOURCE_MRZ = "mrz"
SOURCE_HANDWRITTEN = "handwritten"

#: Highest confidence a handwritten (paper tazkira) field may carry: low enough that checks
#: send it to review instead of passing or failing it.
HANDWRITTEN_CONFIDENCE_CAP = 0.35
#: A Dari reading must be at least this confident for its disagreement with the Latin one to
#: be a review item (below, OCR noise on the Dari side would flag every card).
CROSS_SCRIPT_MIN_CONFIDENCE = 0.55
#: Working size (longer side) of a paper certificate, whose handwriting needs more pixels.
PAPER_WORK_SIDE = 2400
#: A field read only on the Dari/Pashto side is dropped below this OCR confidence.
DARI_ONLY_MIN_CONFIDENCE = 0.5
#: Working width of a card image: OCR is run on the page scaled to about this width.
CARD_WORK_WIDTH = 1400
#: Right of a label where page OCR saw no value, a crop's reading below this is debris.
EMPTY_SLOT_MIN_CONFIDENCE = 0.6
#: A card front prints about seven labelled fields; with fewer label rows found, the page is
#: read a second time from another rendering (:func:`_ink_alt`).
FULL_LABEL_ROWS = 5

_DATE_FIELDS = ("date_of_birth", "issue_date", "expiry_date")
#: Confidence of a value printed only in Dari whose two reads (page, digits alone) disagree.
DISAGREEING_READS_CONFIDENCE = 0.5
_NAME_FIELDS = ("given_names", "surname", "father_name", "place_of_birth")
_DATE_CHARS = "0123456789/.-X abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"  # 6 Hamal 1347, 27 APR 1974
_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ-' "
#: Characters each field's crop is read with. The space must be in every list: without it
#: Tesseract runs the words of ``ABDUL QADIR`` together and its confidence drops to nothing.
_WHITELIST = {
    "tazkira_number": "0123456789- ",
    "date_of_birth": _DATE_CHARS,
    "issue_date": _DATE_CHARS,
    "expiry_date": _DATE_CHARS,
    "given_names": _NAME_CHARS,
    "surname": _NAME_CHARS,
    "father_name": _NAME_CHARS,
    "place_of_birth": _NAME_CHARS,
}


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alternate:
    """The same field as printed in another script (kept as evidence).

    Attributes:
        value: Normalised value (ISO date, digits, name as read).
        raw: Text as read.
        script: ``Latn`` or ``Arab``.
        source: ``viz_latin``, ``viz_dari`` or ``mrz``.
        confidence: OCR confidence ``0..1``.
        page: 1-based page.
        bbox: Box in page pixels.
    """

    value: str
    raw: str
    script: str
    source: str
    confidence: float
    page: int
    bbox: BBox

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"value": self.value, "raw": self.raw, "script": self.script, "source": self.source,
                "confidence": round(self.confidence, 3), "page": self.page, "bbox": list(self.bbox)}


@dataclass(frozen=True)
class TazkiraField:
    """One field of a tazkira with its evidence.

    Attributes:
        value: The value: names in the script read (Latin upper case when printed in Latin),
            dates ISO Gregorian (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``; a birth interval from
            an age is ``first/last``), the tazkira number with ASCII digits, sex ``M``/``F``.
        confidence: ``0..1``; handwritten fields never above :data:`HANDWRITTEN_CONFIDENCE_CAP`.
        page: 1-based page the value was read on.
        bbox: ``(x0, y0, x1, y1)`` in pixels of that page's image.
        source: ``viz_latin``, ``viz_dari``, ``mrz`` or ``handwritten``.
        script: ``Latn`` or ``Arab``: the script the value was read from.
        raw: The text as read (digits and calendar as printed).
        lang: Tesseract language used (``eng``, ``fas``).
        native: For dates, the date in the printed calendar (``1367-01-01`` Solar Hijri).
        calendar: For dates, ``solar_hijri`` or ``gregorian``.
        interval: For dates, the first and last Gregorian day the value may stand for.
        evidence: Short notes: how it was read, what it was compared with.
        alternates: The same field printed in another script or in the MRZ.
    """

    value: str
    confidence: float
    page: int
    bbox: BBox
    source: str
    script: str
    raw: str
    lang: str = "eng"
    native: str | None = None
    calendar: str | None = None
    interval: tuple[str, str] | None = None
    evidence: tuple[str, ...] = ()
    alternates: tuple[Alternate, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The field object of ``workstation read --json``."""
        d: dict[str, Any] = {
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "page": self.page,
            "bbox": list(self.bbox),
            "source": self.source,
            "script": self.script,
            "raw": self.raw,
            "lang": self.lang,
        }
        if self.native is not None:
            d["native"] = self.native
            d["calendar"] = self.calendar
        if self.interval is not None:
            d["interval"] = list(self.interval)
        if self.evidence:
            d["evidence"] = list(self.evidence)
        if self.alternates:
            d["alternates"] = [a.as_dict() for a in self.alternates]
        return d


@dataclass(frozen=True)
class TazkiraReading:
    """Everything read from one tazkira.

    Attributes:
        variant: ``e_tazkira``, ``paper`` or ``unknown`` (nothing recognisable).
        fields: Field name -> :class:`TazkiraField`; a field that could not be read is absent.
        sides: What each page was taken for (``front``, ``back``, ``paper``, ``unknown``).
        mrz: The parsed TD1 zone of the back, or ``None``.
        warnings: Document-internal review items (scripts disagree, MRZ against front, an
            impossible date, a handwritten document).
        elapsed_s: Wall time of the reading.
    """

    variant: str
    fields: Mapping[str, TazkiraField]
    sides: tuple[Side, ...]
    mrz: MrzResult | None = None
    warnings: tuple[str, ...] = ()
    elapsed_s: float = 0.0

    @property
    def kind(self) -> str:
        """Always ``tazkira`` (the ``kind`` of ARCHITECTURE.md 4.2)."""
        return "tazkira"

    def value(self, name: str) -> str | None:
        """The value of a field, or ``None`` when it was not read."""
        f = self.fields.get(name)
        return f.value if f else None

    def as_dict(self) -> dict[str, Any]:
        """The document part of ``workstation read --json`` (``kind``, ``fields``, ``mrz``, ``warnings``)."""
        return {
            "kind": self.kind,
            "variant": self.variant,
            "sides": list(self.sides),
            "fields": {k: f.as_dict() for k, f in self.fields.items()},
            "mrz": self.mrz.as_dict() if self.mrz else None,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class _Reading:
    """One reading of a field on one side in one script (internal)."""

    field: str
    value: str
    raw: str
    confidence: float
    page: int
    bbox: BBox
    source: str
    script: str
    lang: str
    parsed: ParsedDate | None = None


@dataclass
class _PageResult:
    side: Side
    page: int = 1
    latin: dict[str, _Reading] = field(default_factory=dict)
    dari: dict[str, _Reading] = field(default_factory=dict)
    mrz: MrzResult | None = None
    mrz_bbox: BBox = (0, 0, 0, 0)
    mrz_candidates: list[MrzResult] = field(default_factory=list)
    paper_text: str = ""
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def read_tazkira(
    pages: Sequence[Image],
    *,
    engine: OcrEngine | None = None,
    page_numbers: Sequence[int] | None = None,
    today: date | None = None,
    known_mrz: Mapping[int, tuple[MrzResult, BBox]] | None = None,
    zone_hints: Mapping[int, tuple[MrzResult, BBox]] | None = None,
) -> TazkiraReading:
    """Read a tazkira from its page images.

    Args:
        pages: Upright page images (``uint8`` gray or BGR), e.g. from :mod:`workstation.imaging`:
            an e-tazkira front and/or back, or a paper tazkira.
        engine: OCR engine (default: :func:`workstation.ocr.get_engine`).
        page_numbers: 1-based page numbers to report (default 1, 2, ...).
        today: Reference date for MRZ century inference (default: today).
        known_mrz: Zones already read by the caller (``read_document`` finds the MRZ first),
            by 0-based index into ``pages``, with their boxes: such a page is a back; only its
            zone is read again (:func:`_known_back`), not the whole page.
        zone_hints: Zones the caller read but does not vouch for (a check digit or the
            document code misread), by page index: the page is read in full; when it reads as
            a back, the hint is one more reading of its zone, and when it reads as neither
            back nor front, the hint is its zone.

    Returns:
        The reading; unreadable fields are absent, never guessed.
    """
    start = time.perf_counter()
    eng = engine or get_engine()
    numbers = list(page_numbers) if page_numbers is not None else list(range(1, len(pages) + 1))
    known = known_mrz or {}
    hints = zone_hints or {}
    results = [read_side(img, n, eng, today, known=known.get(i), hint=hints.get(i))
               for i, (img, n) in enumerate(zip(pages, numbers, strict=True))]
    return combine_sides(results, elapsed_s=time.perf_counter() - start)


#: One page of a tazkira read on its own (:func:`read_side`), before the pages are combined.
TazkiraSide = _PageResult


def read_side(
    image: Image,
    page: int,
    engine: OcrEngine,
    today: date | None,
    *,
    known: tuple[MrzResult, BBox] | None = None,
    hint: tuple[MrzResult, BBox] | None = None,
) -> TazkiraSide:
    """Read one upright page of a tazkira (see :func:`read_tazkira` for ``known`` and ``hint``).

    Pages are read independently of each other (only :func:`combine_sides` looks across them),
    so the sides of a card may be read at the same time on two threads.
    """
    if known is not None:
        m, box = known
        return _known_back(image, page, engine, today, m, box)
    res = _read_page(image, page, engine, today)
    if hint is not None:
        m, box = hint
        if res.side == "back":
            res.mrz_candidates.append(m)
            if res.mrz is None:
                res.mrz, res.mrz_bbox = m, box
        elif res.side != "front":
            res = _PageResult(side="back", page=page, mrz=m, mrz_bbox=box, mrz_candidates=[m])
    return res


def combine_sides(results: Sequence[TazkiraSide], *, elapsed_s: float = 0.0) -> TazkiraReading:
    """The reading of a tazkira from its pages read by :func:`read_side`, in page order."""
    fields, warnings, variant, mrz = _combine(list(results))
    return TazkiraReading(
        variant=variant,
        fields=fields,
        sides=tuple(r.side for r in results),
        mrz=mrz,
        warnings=tuple(warnings),
        elapsed_s=elapsed_s,
    )


# --------------------------------------------------------------------------------------------
# One page
# --------------------------------------------------------------------------------------------


def _read_page(image: Image, page: int, engine: OcrEngine, today: date | None) -> _PageResult:
    """Read one page as a card back, a card front or a paper tazkira.

    The page should be upright (imaging decides that), but orientation detection is unsure on
    cards mixing Latin, Arabic script and an MRZ; when neither an MRZ nor two English labels are
    found, the page is tried turned by 180 degrees, and a portrait page by a quarter turn.
    Boxes are always reported on the page as given.
    """
    gray0 = _ink(image)
    alt_cache: list[Image | None] = []  # the other rendering, made only when a reading asks for it
    h0, w0 = gray0.shape[:2]
    turns = (0, 2) if w0 >= h0 else (0, 1, 3, 2)
    first: tuple[Image, float, OcrResult] | None = None
    for k in turns:
        base, base_factor = _working(np.ascontiguousarray(np.rot90(gray0, k)) if k else gray0)
        base_eng = engine.recognize(base, lang="eng", psm=PageSegMode.SPARSE_TEXT)

        def alt_fn(k: int = k, shape: tuple[int, ...] = base.shape) -> Image | None:
            if not alt_cache:
                alt_cache.append(_ink_alt(image))
            alt0 = alt_cache[0]
            if alt0 is None:
                return None
            a = np.ascontiguousarray(np.rot90(alt0, k)) if k else alt0
            return a if a.shape == shape else scale(a, shape[1] / float(a.shape[1]))

        if first is None:
            first = (base, base_factor, base_eng)
        for attempt in range(2):
            gray, factor, eng, offset = base, base_factor, base_eng, (0.0, 0.0)
            if attempt == 1:
                # Nothing found at page scale: a card on a flatbed page (or a photo whose outline
                # was not found) prints small; read its text area again, enlarged.
                zoomed = _zoom_to_text(base, base_eng, engine)
                if zoomed is None:
                    break
                gray, eng, (ox, oy), f2 = zoomed
                offset = (ox / base_factor, oy / base_factor)
                factor = base_factor * f2
            found = _read_as_card(gray, eng, page, engine, today, k, alt_fn if attempt == 0 else None)
            if found is not None:
                return _on_page(found, factor, k, w0, h0, offset)
    assert first is not None
    flat = _even_light(gray0)
    if flat is not None:
        # A photo lit unevenly (a dark corner, a shadow across the card): Tesseract's one threshold loses
        # the labels; with the lighting evened out they read (blind case 734 of seed 6).
        fgray, ffactor = _working(flat)
        found = _read_as_card(fgray, engine.recognize(fgray, lang="eng", psm=PageSegMode.SPARSE_TEXT), page,
                              engine, today, 0)
        if found is not None:
            found.warnings.append(f"page {page}: read with its uneven lighting evened out")
            return _on_page(found, ffactor, 0, w0, h0)
    gray, factor, eng = first
    if factor < 0.8:
        # A certificate on a large scan: shrinking it to card size loses handwriting.
        gray, factor = _working(gray0, PAPER_WORK_SIDE)
    # Sparse mode: the handwritten rows of a certificate defeat page layout analysis.
    fas = engine.recognize(gray, lang="fas", psm=PageSegMode.SPARSE_TEXT)
    return _map_boxes(_read_paper(gray, page, engine, fas, eng), factor, 0, w0, h0)


def _read_as_card(
    gray: Image,
    eng: OcrResult,
    page: int,
    engine: OcrEngine,
    today: date | None,
    k: int,
    alt_fn: Callable[[], Image | None] | None = None,
) -> _PageResult | None:
    """The page read as a card back, a card front or a translated certificate; ``None`` if none fits.

    ``alt_fn`` gives the same page rendered another way (:func:`_ink_alt`). Page OCR of small
    label print is fickle: one rendering merges a label with the value under it, or loses a
    faint label, where another reads it. When few labels are found, the other rendering is read
    too and its labels fill the fields the first reading missed.
    """
    turned = f"page {page}: read turned by {90 * k} degrees counter-clockwise"
    back = _try_back(gray, eng, page, engine, today)
    if back is not None:
        if k:
            back.warnings.append(turned)
        return back
    rows = _english_label_rows(eng.words)
    alt = alt_fn() if alt_fn is not None and len(rows) < FULL_LABEL_ROWS else None
    if alt is not None:
        eng2 = engine.recognize(alt, lang="eng", psm=PageSegMode.SPARSE_TEXT)
        back = _try_back(gray, eng2, page, engine, today)
        if back is not None:
            if k:
                back.warnings.append(turned)
            return back
        have = {lr.field for lr in rows}
        rows = rows + [lr for lr in _english_label_rows(eng2.words) if lr.field not in have]
    if len(rows) >= 2 and gray.shape[0] > gray.shape[1] * 1.15 and _text_fills_height(eng, gray.shape[0]):
        # English labels on a portrait sheet: a translated paper tazkira, filled by hand. (A card
        # photographed on a portrait page has its text in a band: it is read as a card.)
        return _read_translation(gray, page, engine, eng, rows)
    if len(rows) >= 2:
        fas = engine.recognize(gray, lang="fas", psm=PageSegMode.AUTO)
        res = _read_front(gray, page, engine, eng, fas, rows)
        if k:
            res.warnings.append(turned)
        return res
    return None


def _ink(image: Image) -> Image:
    """The page as gray ink on a light ground, with red and pink print (stamps, guilloche) faded.

    The red channel keeps black and blue text dark while red marks turn as light as the paper,
    so a stamp across the fields stops breaking the words it crosses.
    """
    if image.ndim == 3 and image.shape[2] >= 3:
        return np.ascontiguousarray(image[:, :, 2])
    return to_gray(image)


#: Spread of a page's paper brightness (:func:`workstation.imaging.text_page.light_spread`) above which its
#: lighting counts as uneven; the character height (working scale) the evening-out assumes.
UNEVEN_LIGHT_SPREAD = 30.0
_CARD_CHAR_PX = 24.0


def _even_light(gray: Image) -> Image | None:
    """``gray`` under evened-out light, or ``None`` when its light is even enough for one threshold."""
    from workstation.imaging.text_page import even_light, light_spread

    # Measured at the working scale, where the card's print is about _CARD_CHAR_PX high.
    if light_spread(_working(gray)[0], _CARD_CHAR_PX) < UNEVEN_LIGHT_SPREAD:
        return None
    return even_light(gray, _CARD_CHAR_PX / _working_factor(gray))


def _text_fills_height(eng: OcrResult, height: int) -> bool:
    """Whether the confidently read words span at least half the page's height (a sheet, not a card)."""
    words = [w for w in eng.words if w.confidence >= 0.6 and sum(ch.isalnum() for ch in w.text) >= 2]
    if len(words) < 4:
        return True
    y0, y1 = min(w.bbox[1] for w in words), max(w.bbox[3] for w in words)
    return y1 - y0 >= 0.5 * height


def _ink_alt(image: Image) -> Image | None:
    """The page's darkest channel: another rendering for a second OCR reading, or ``None`` for gray.

    Coloured print of any hue (brown or maroon labels, a blue stamp) stays dark here; the red
    stamp does too, so this is the second reading, not the first.
    """
    if image.ndim == 3 and image.shape[2] >= 3:
        return darkest_channel(image)
    return None


def _working(gray: Image, side: int = 0) -> tuple[Image, float]:
    """The page scaled so that its longer side is about ``side`` (default :data:`CARD_WORK_WIDTH`)."""
    factor = _working_factor(gray, side)
    return (gray, 1.0) if factor == 1.0 else (scale(gray, factor), factor)


def _working_factor(gray: Image, side: int = 0) -> float:
    side = side or CARD_WORK_WIDTH
    longer = max(gray.shape[:2])
    if side * 0.6 <= longer <= side * 1.3:
        return 1.0
    return side / float(longer)


def _on_page(
    res: _PageResult, factor: float, k: int, w0: int, h0: int, offset: tuple[float, float] = (0.0, 0.0)
) -> _PageResult:
    """A side read from the page scaled by ``factor``, turned ``k`` quarter turns (and cropped at
    ``offset``), with its boxes on the page as given."""
    if res.side == "back":
        res.mrz_bbox = _unrotate(_unscale(res.mrz_bbox, factor, offset), k, w0, h0)
        return res
    return _map_boxes(res, factor, k, w0, h0, offset)


def _map_boxes(
    res: _PageResult, factor: float, k: int, w0: int, h0: int, offset: tuple[float, float] = (0.0, 0.0)
) -> _PageResult:
    for bucket in (res.latin, res.dari):
        for key, r in bucket.items():
            bucket[key] = replace(r, bbox=_unrotate(_unscale(r.bbox, factor, offset), k, w0, h0))
    return res


def _zoom_to_text(gray: Image, eng: OcrResult, engine: OcrEngine) -> tuple[Image, OcrResult, tuple[int, int], float] | None:
    """The text area of a page whose text fills only part of it, enlarged and read again.

    Returns ``(image, ocr, (x0, y0) of the crop in ``gray``, scale applied)`` or ``None`` when the
    text already fills the page.
    """
    words = [w for w in eng.words if w.confidence >= 0.6 and sum(ch.isalnum() for ch in w.text) >= 2]
    if len(words) < 4:
        return None
    h, w = gray.shape[:2]
    x0, y0, x1, y1 = _union(ww.bbox for ww in words)
    if (x1 - x0) > 0.72 * w or (y1 - y0) > 0.72 * h:
        return None  # the text spans the page: nothing to zoom on
    mx, my = max(20, int(0.06 * (x1 - x0))), max(20, int(0.08 * (y1 - y0)))
    box = (max(0, x0 - mx), max(0, y0 - my), min(w, x1 + mx), min(h, y1 + my))
    sub = crop(gray, box)
    f2 = min(2.5, CARD_WORK_WIDTH / float(max(sub.shape[:2])))
    if f2 < 1.15:
        return None
    big = scale(sub, f2)
    return big, engine.recognize(big, lang="eng", psm=PageSegMode.SPARSE_TEXT), (box[0], box[1]), f2


def _unrotate(b: BBox, k: int, w0: int, h0: int) -> BBox:
    """A box on the page turned by ``k`` counter-clockwise quarter turns, on the page as given."""
    x0, y0, x1, y1 = b
    if k == 1:
        return (w0 - y1, x0, w0 - y0, x1)
    if k == 2:
        return (w0 - x1, h0 - y1, w0 - x0, h0 - y0)
    if k == 3:
        return (y0, h0 - x1, y1, h0 - x0)
    return b


def _unscale(b: BBox, factor: float, offset: tuple[float, float] = (0.0, 0.0)) -> BBox:
    ox, oy = offset
    if factor == 1.0 and ox == 0 and oy == 0:
        return b
    return (int(b[0] / factor + ox), int(b[1] / factor + oy), int(round(b[2] / factor + ox)),
            int(round(b[3] / factor + oy)))


def _union(boxes: Iterable[BBox]) -> BBox:
    bs = list(boxes)
    if not bs:
        return (0, 0, 0, 0)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def _mean_conf(words: Sequence[OcrWord]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


# ------------------------------------------------------------------------------ back (MRZ)


def _try_back(gray: Image, eng: OcrResult, page: int, engine: OcrEngine, today: date | None) -> _PageResult | None:
    cands = [ln for ln in eng.lines if mrz_likeness(ln.text) >= 0.8 and ln.text.count("<") >= 3]
    if not cands:
        return None
    box = _union(ln.bbox for ln in cands)
    h = max(ln.bbox[3] - ln.bbox[1] for ln in cands)
    box = (0, max(0, box[1] - 2 * h), gray.shape[1], min(gray.shape[0], box[3] + 2 * h))
    res = _PageResult(side="back", page=page)
    res.mrz_candidates.extend(_zone_readings(crop(gray, box), engine, today, [ln.text for ln in eng.lines]))
    if not res.mrz_candidates:
        res.warnings.append(f"page {page}: an MRZ-like zone was seen but could not be parsed")
        return res
    res.mrz = res.mrz_candidates[0]
    res.mrz_bbox = box
    return res


def _known_back(image: Image, page: int, engine: OcrEngine, today: date | None, known: MrzResult,
                box: BBox) -> _PageResult:
    """A back whose zone the caller read (``known``, at ``box`` on the page): its zone read again here.

    Names carry no check digit, and one reading of them may keep OCR debris (a card edge read
    as a letter): the zone is read once more here, as a block and line by line, at the reader's
    working scale, and the caller's reading is one more candidate (the names are voted on).
    """
    gray0 = _ink(image)
    factor = _working_factor(gray0)
    zone = crop(gray0, box)
    zone = scale(zone, factor) if factor != 1.0 else zone
    res = _PageResult(side="back", page=page, mrz=known, mrz_bbox=box)
    res.mrz_candidates.extend(_zone_readings(zone, engine, today, [], variants=1))
    res.mrz_candidates.append(known)
    return res


def _zone_readings(zone: Image, engine: OcrEngine, today: date | None, page_lines: list[str],
                   variants: int = 3) -> list[MrzResult]:
    """Parsed readings of a zone crop (up to three renderings, line by line) and of the page OCR's lines."""
    # The stock eng model reads long OCR-B filler runs unevenly; three renderings of the zone
    # give three readings, and the combination step keeps the best (check digits first, then
    # agreement with the front's names, then the cleanest name line).
    out: list[MrzResult] = []
    renderings = (zone, binarize(zone), scale(zone, 0.6))[:variants]
    texts: list[list[str]] = []
    for i, img in enumerate(renderings):
        ocr = engine.recognize(img, lang="eng", psm=PageSegMode.SINGLE_BLOCK, whitelist=MRZ_ALPHABET)
        texts.append([ln.text for ln in ocr.lines])
        if i == 0 and 2 <= len(ocr.lines) <= 4:
            # Line by line too: a block read sometimes drops the check digit after a filler run.
            one: list[str] = []
            for ln in ocr.lines:
                lh = ln.bbox[3] - ln.bbox[1]
                strip = crop(zone, (ln.bbox[0] - lh // 2, ln.bbox[1] - lh // 3, ln.bbox[2] + 2 * lh,
                                    ln.bbox[3] + lh // 3))
                r = engine.recognize(strip, lang="eng", psm=PageSegMode.RAW_LINE, whitelist=MRZ_ALPHABET)
                one.append(r.text.replace("\n", ""))
            texts.append(one)
    if page_lines:
        texts.append(page_lines)
    for lines in texts:
        found = find_mrz_lines(lines)
        if not found:
            continue
        parsed = parse_mrz(found, today=today, fmt="TD1" if len(found) == 3 else None)
        if parsed is not None:
            out.append(parsed)
    return out


def _name_junk(m: MrzResult) -> int:
    """Characters of the name line that are neither name letters nor fillers in their place."""
    if not m.lines:
        return 99
    line = m.lines[-1] if m.format == "TD1" else m.lines[0][5:]
    body = line.rstrip("<")
    return sum(1 for part in body.split("<") for ch in part if ch not in "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + (
        1 if re.search(r"<[A-Z]<[A-Z]", body) else 0
    )


def _mrz_names(m: MrzResult) -> tuple[str, str]:
    """Primary and secondary identifiers, ignoring anything after the secondary's filler run.

    OCR turns long filler runs into letters (``FARIBA<<<<<<<<<SSSSSSS``); a name part never
    follows two fillers after the secondary identifier, so such parts are dropped here.
    """
    if m.format != "TD1" or not m.lines:
        return m.surname, m.given_names
    parts = m.lines[-1].split("<<")
    primary = parts[0].replace("<", " ").strip()
    secondary = parts[1].replace("<", " ").strip() if len(parts) > 1 else ""
    if not primary and len(parts) > 2:  # empty primary identifier: <<AHMADI
        secondary = secondary or parts[2].replace("<", " ").strip()
    return " ".join(primary.split()), " ".join(secondary.split())


def _pick_mrz(cands: Sequence[MrzResult], front_names: Sequence[str]) -> tuple[MrzResult, tuple[str, str]]:
    """The best reading of the zone and the names read most often across all readings.

    Check digits choose the zone (numbers and dates). Names carry no check digit, so they are
    voted on: each reading's names count once, agreement with the front's Latin names counts
    double, junk letters in the name line count against.
    """
    words = {w for n in front_names for w in n.split()}
    best = max(cands, key=lambda m: (int(m.valid), sum(m.checks.values()), -_name_junk(m)))
    votes: dict[tuple[str, str], float] = {}
    for m in cands:
        names = _mrz_names(m)
        mw = set(" ".join(names).split())
        votes[names] = votes.get(names, 0.0) + 1.0 + 0.1 * -_name_junk(m)
        if words:
            votes[names] += 2.0 * (len(mw & words) - len(mw - words)) / max(1, len(words))
    names = max(votes, key=lambda k: votes[k])
    return best, names


# ------------------------------------------------------------------------------ front


@dataclass(frozen=True)
class _LabelRow:
    field: str
    label_words: tuple[OcrWord, ...]
    value_words: tuple[OcrWord, ...]
    y0: int
    y1: int
    below: bool = False  # the value sits under the label instead of right of it


def _rows(words: Sequence[OcrWord]) -> list[list[OcrWord]]:
    """Words grouped into visual rows by vertical centre."""
    ws = sorted(words, key=lambda w: (w.bbox[1] + w.bbox[3]) / 2)
    if not ws:
        return []
    heights = [w.bbox[3] - w.bbox[1] for w in ws]
    tol = max(4.0, 0.45 * statistics.median(heights))
    rows: list[list[OcrWord]] = []
    for w in ws:
        c = (w.bbox[1] + w.bbox[3]) / 2
        if rows:
            last = rows[-1]
            lc = statistics.fmean((x.bbox[1] + x.bbox[3]) / 2 for x in last)
            if abs(c - lc) <= tol:
                last.append(w)
                continue
        rows.append([w])
    return [sorted(r, key=lambda w: w.bbox[0]) for r in rows]


_LATIN_VALUE = re.compile(r"^[A-Za-z0-9/\-.']+$")


def _find_label(row: Sequence[OcrWord]) -> tuple[str, float, int, int] | None:
    best: tuple[str, float, int, int] | None = None
    hits: list[tuple[str, float, int, int]] = []
    for i in range(len(row)):
        if any(w.confidence >= 0.8 and len(w.text) >= 3 and w.text.isalpha() for w in row[:i]):
            break  # a label starts its row (a header line like "... Identity Card" is not one)
        for k in range(1, 5):
            if i + k > len(row):
                break
            text = " ".join(w.text for w in row[i:i + k])
            hit = best_english_label(text)
            if hit:
                hits.append((hit[0], hit[1], i, i + k))
            if hit and (best is None or hit[1] + k * 0.5 > best[1] + (best[3] - best[2]) * 0.5):
                best = (hit[0], hit[1], i, i + k)
        if best is not None and best[1] >= 100:
            break
    if best is not None:
        # ``Rather's Name``: the exact ``Name`` ending a longer label read with a slip is that longer
        # label (the father's name), not the given name's. (Only words before it: after a label
        # comes its value, which fuzzy matching would take in: ``Date of Birth 13``.)
        longer = [h for h in hits if h[2] < best[2] and h[3] == best[3] and h[1] >= _LONGER_LABEL_MIN_SCORE]
        if longer:
            best = max(longer, key=lambda h: (h[3] - h[2], h[1]))
    return best


#: Score a longer label read with a slip needs to win over the exact shorter label inside it.
_LONGER_LABEL_MIN_SCORE = 88.0


def _latin_run(words: Sequence[OcrWord], start_x: int, height: int) -> list[OcrWord]:
    """Consecutive Latin words from ``start_x`` on (a value), stopping at a wide gap or Arabic script."""
    values: list[OcrWord] = []
    prev_x1 = start_x
    for w in words:
        text = w.text.strip(":;,")
        if not text or w.bbox[0] < start_x - height:
            continue
        gap_limit = 12 * height if not values else 3 * height
        if w.bbox[0] - prev_x1 > gap_limit or not _LATIN_VALUE.match(text) or has_arabic_script(text):
            break
        values.append(w)
        prev_x1 = w.bbox[2]
    return values


def _english_label_rows(words: Sequence[OcrWord]) -> list[_LabelRow]:
    rows = _rows([w for w in words if w.confidence >= 0.2])
    labels = [_find_label(r) for r in rows]
    # The labels' print height, over all of them: one label's word box grown over a rule or the
    # value under it (``Fathers Name`` 25 px tall over 10 px print) would make its value look
    # label-sized, and be dropped.
    label_heights = [min(w.bbox[3] - w.bbox[1] for w in r[b[2]:b[3]])
                     for r, b in zip(rows, labels, strict=True) if b is not None]
    typical = statistics.median(label_heights) if len(label_heights) >= 3 else None
    out: dict[str, tuple[float, _LabelRow]] = {}
    for idx, (row, best) in enumerate(zip(rows, labels, strict=True)):
        if best is None:
            continue
        key, score, i, j = best
        label = tuple(row[i:j])
        height = max(w.bbox[3] - w.bbox[1] for w in label)
        size_ref = height if typical is None else min(height, typical)
        if typical is not None:
            height = min(height, int(round(1.25 * typical)))
        values = _latin_run(row[j:], label[-1].bbox[2], height)
        y0 = min(w.bbox[1] for w in row)
        y1 = max(w.bbox[3] for w in row)
        below = False
        lx0 = label[0].bbox[0]
        for nidx in range(idx + 1, min(idx + 4, len(rows))) if not values else ():
            nxt = rows[nidx]
            if min(w.bbox[1] for w in nxt) - label[-1].bbox[3] > 2.5 * height:
                break
            nl = labels[nidx]
            if nl is not None and nl[1] >= 95 and abs(nxt[nl[2]].bbox[0] - lx0) < 2 * height:
                break  # the next label: this one has no value
            # The value starts under the label; other words on the row belong to the Dari column.
            cand = [w for w in nxt if w.bbox[0] >= lx0 - 2 * height]
            if not cand or abs(cand[0].bbox[0] - lx0) > 2 * height:
                continue
            values = _latin_run(cand, lx0, height)
            if values and statistics.median(w.bbox[3] - w.bbox[1] for w in values) < 1.1 * size_ref:
                values = []  # label-sized text: another label misread, not this label's value
                continue
            if values:
                below = True
                y0 = min(w.bbox[1] for w in values)
                y1 = max(w.bbox[3] for w in values)
                break
        lr = _LabelRow(key, label, tuple(values), y0, y1, below)
        if key not in out or score > out[key][0]:
            out[key] = (score, lr)
    return [lr for _, lr in out.values()]


def _read_front(
    gray: Image, page: int, engine: OcrEngine, eng: OcrResult, fas: OcrResult, rows: list[_LabelRow]
) -> _PageResult:
    res = _PageResult(side="front", page=page)
    # Dari lines: by their own label, else by the English row they share.
    dari_lines = [ln for ln in fas.lines if has_arabic_script(ln.text)]
    for ln in dari_lines:
        label, value = split_dari_label(ln.text)
        hit = best_dari_label(label) if label else None
        key: str | None = hit[0] if hit else None
        line_words = list(ln.words)
        if not label:
            bare = split_unpunctuated_label(ln.text)
            if bare is not None:
                key, n_label = bare
                value = " ".join(ln.text.split()[n_label:])
                if len(line_words) == len(ln.text.split()):
                    line_words = line_words[n_label:]
        if key is None:
            cy = (ln.bbox[1] + ln.bbox[3]) / 2
            for lr in rows:
                if lr.y0 - 4 <= cy <= lr.y1 + 4 and ln.bbox[0] > min(w.bbox[0] for w in lr.label_words):
                    key = lr.field
                    break
        if key is None or not value or key in res.dari:
            continue
        all_vwords = _value_words(line_words)
        vwords = _value_run(all_vwords)
        if vwords and len(vwords) < len(all_vwords):
            value = _value_in_run(value, vwords)
        conf = _mean_conf(vwords) if vwords else ln.confidence
        bbox = _union(w.bbox for w in vwords) if vwords else ln.bbox
        reading = _dari_reading(key, value, conf, page, bbox)
        if reading is not None and key in ("tazkira_number", *_DATE_FIELDS):
            reading = _digits_by_shape(gray, key, reading, vwords)
        if reading is not None:
            res.dari[key] = reading
    # Latin values: re-read each from its own crop, one line, with the field's characters.
    with_values = [lr for lr in rows if lr.value_words]
    below = [lr for lr in with_values if lr.below]
    below_layout = len(below) * 2 > len(with_values)
    for lr in rows:
        if not lr.value_words and below_layout:
            # Sparse OCR missed the value (or there is none: a single name). Read the band under
            # the label where the other rows have their values.
            reading = _read_under_label(gray, page, engine, lr, below, res.dari.get(lr.field))
            if reading is None and lr.field == "tazkira_number":
                # The card's number line (``ID No. 1399-...``) is printed beside its label even
                # where the other values stand under theirs.
                reading = _latin_reading(gray, page, engine, lr, res.dari.get(lr.field))
            dar = res.dari.get(lr.field)
            if (reading is None and dar is not None and dar.confidence < 0.85
                    and lr.field not in (*_DATE_FIELDS, "tazkira_number")):
                # Nothing under the English label: an empty field (a single name in the other
                # slot). An unsure Dari read there is debris, not a value. Not a date or number
                # that parsed: a card may print a date only in Solar Hijri, in Dari, and leave
                # its English line empty.
                del res.dari[lr.field]
        else:
            reading = _latin_reading(gray, page, engine, lr, res.dari.get(lr.field))
        if reading is not None:
            res.latin[lr.field] = reading
    if "tazkira_number" not in res.latin:
        _number_by_shape(page, eng, res)
    if below_layout:
        _values_between_labels(gray, page, engine, eng, rows, res)
    _latin_beside_dari(gray, page, engine, eng, res)
    if below_layout:
        _first_value_above(gray, page, engine, eng, rows, below, res)
    _move_names_to_their_dari_slot(res)
    _reread_dari_digits(gray, engine, res)
    return res


_PERSON_NAME_FIELDS = ("given_names", "surname", "father_name")


def _move_names_to_their_dari_slot(res: _PageResult) -> None:
    """A Latin name given to the wrong field (its label misread) goes where its Dari printing is.

    The Dari lines are placed by their own labels, independently of the English ones. A Latin
    name that its own field's Dari printing does not confirm, but another field's does (and that
    field has no Latin value its Dari confirms), was put under the wrong label: it is moved.
    """
    for key in _PERSON_NAME_FIELDS:
        lat = res.latin.get(key)
        if lat is None or _agrees_with_dari(key, lat, res.dari.get(key)):
            continue
        for other in _PERSON_NAME_FIELDS:
            if other == key:
                continue
            od, ol = res.dari.get(other), res.latin.get(other)
            if od is None or not od.value or (ol is not None and _agrees_with_dari(other, ol, od)):
                continue
            if _agrees_with_dari(other, lat, od):
                res.latin[other] = replace(lat, field=other, confidence=min(lat.confidence, 0.8))
                if ol is not None and not _agrees_with_dari(key, ol, res.dari.get(key)) and key in res.dari:
                    res.latin[key] = replace(ol, field=key)  # the two were swapped
                else:
                    del res.latin[key]
                break


_NUMBER_SHAPE = re.compile(r"^\d{4}[-/ ]\d{4}[-/ ]\d{5}$")


def _number_by_shape(page: int, eng: OcrResult, res: _PageResult) -> None:
    """The tazkira number found by its printed shape when its label was unreadable.

    The e-tazkira number shape (``1399-0101-12345``) is UNVERIFIED, so a number found this way
    keeps a lower confidence and says how it was found.
    """
    hits = [w for w in eng.words if _NUMBER_SHAPE.match(w.text.strip(".,;:")) and w.confidence >= 0.6]
    if len(hits) != 1:
        return
    w = hits[0]
    value = format_tazkira_number(w.text)
    res.latin["tazkira_number"] = _Reading("tazkira_number", value, w.text, min(w.confidence, 0.75), page, w.bbox,
                                           SOURCE_LATIN, "Latn", "eng")


#: Printing order of the fields stacked label-over-value (UNVERIFIED; used only to place a value
#: whose own label was unreadable between two labels that were read).
_STACK_ORDER = ("given_names", "surname", "father_name", "date_of_birth", "place_of_birth", "sex")


def _values_between_labels(
    gray: Image, page: int, engine: OcrEngine, eng: OcrResult, rows: list[_LabelRow], res: _PageResult
) -> None:
    """A value-sized Latin line between two read labels belongs to the unread label between them."""
    by_field = {lr.field: lr for lr in rows}
    for i, key in enumerate(_STACK_ORDER):
        if key in res.latin or key in by_field:
            continue
        prev = next((by_field[k] for k in reversed(_STACK_ORDER[:i]) if k in by_field), None)
        nxt = next((by_field[k] for k in _STACK_ORDER[i + 1:] if k in by_field), None)
        if prev is None or nxt is None:
            continue
        missing = [k for k in _STACK_ORDER[_STACK_ORDER.index(prev.field) + 1:_STACK_ORDER.index(nxt.field)]
                   if k not in by_field]
        if missing != [key]:
            continue  # more than one label lost: which value is whose cannot be told
        lh = max(w.bbox[3] - w.bbox[1] for w in prev.label_words)
        lx = prev.label_words[0].bbox[0]
        y_lo, y_hi = prev.y1, min(w.bbox[1] for w in nxt.label_words)
        cands = [
            w for w in eng.words
            if w.confidence >= 0.5 and y_lo < (w.bbox[1] + w.bbox[3]) / 2 < y_hi
            and abs(w.bbox[0] - lx) < 30 * lh and w.bbox[0] >= lx - 2 * lh
            and w.bbox[3] - w.bbox[1] >= 1.1 * lh and _LATIN_VALUE.match(w.text.strip(":;,"))
            and best_english_label(w.text) is None
        ]
        if not cands:
            continue
        line = [r for r in _rows(cands)]
        if len(line) != 1 or abs(line[0][0].bbox[0] - lx) > 2 * lh:
            continue
        values = _latin_run(line[0], lx, lh)
        if values:
            lr = _LabelRow(key, prev.label_words, tuple(values), min(w.bbox[1] for w in values),
                           max(w.bbox[3] for w in values), True)
            reading = _latin_reading(gray, page, engine, lr, res.dari.get(key))
            if reading is not None:
                res.latin[key] = replace(reading, confidence=min(reading.confidence, 0.8))


def _first_value_above(
    gray: Image, page: int, engine: OcrEngine, eng: OcrResult, rows: list[_LabelRow], below: Sequence[_LabelRow],
    res: _PageResult,
) -> None:
    """The values of the first stacked labels (given names, surname) when those labels were not read.

    :func:`_values_between_labels` needs a read label on each side; the first labels of the stack
    have none above them. Page OCR loses them (faint labels, or one merged with its value into one
    tall word box, which then reads as the value alone; blind case 773 of seed 6 lost both Name and
    Surname). From the first label read, for each label of the stack above it: when page OCR saw a
    value-sized Latin word in that label's column where its value would stand (whole label pitches
    up), the value is read where that label would have it (:func:`_read_under_label`). Found by
    position only: not as sure as a labelled value.
    """
    read_at = [i for i, k in enumerate(_STACK_ORDER) if any(lr.field == k for lr in rows)]
    if not read_at or read_at[0] == 0:
        return
    by_field = {lr.field: lr for lr in rows}
    first = read_at[0]
    nxt = by_field[_STACK_ORDER[first]]
    tops = [(i, _union(w.bbox for w in by_field[k].label_words)[1]) for i, k in enumerate(_STACK_ORDER) if k in by_field]
    steps = [(y1 - y0) / (j - i) for (i, y0), (j, y1) in zip(tops, tops[1:], strict=False) if y1 > y0]
    if not steps:
        return
    pitch = statistics.median(steps)
    nl = _union(w.bbox for w in nxt.label_words)
    lh = nl[3] - nl[1]
    if lh <= 0 or pitch < 2 * lh:
        return
    for i in range(first - 1, -1, -1):
        key = _STACK_ORDER[i]
        if key in res.latin:
            continue
        up = int(round((first - i) * pitch))
        seen = [
            w for w in eng.words
            if w.confidence >= 0.5 and nl[1] - up - lh < (w.bbox[1] + w.bbox[3]) / 2 < nl[1] - up + pitch
            and abs(w.bbox[0] - nl[0]) < 2 * lh and w.bbox[3] - w.bbox[1] >= 1.1 * lh
            and _LATIN_VALUE.match(w.text.strip(":;,")) and best_english_label(w.text) is None
        ]
        if not seen:
            continue  # nothing printed there: an empty slot (a single name in the other one)
        ghost = OcrWord("", 0.0, (nl[0], max(0, nl[1] - up), nl[2], max(1, nl[3] - up)), 0, 0, 0, 0)
        lr = _LabelRow(key, (ghost,), (), ghost.bbox[1], ghost.bbox[3], True)
        reading = _read_under_label(gray, page, engine, lr, below, res.dari.get(key))
        if reading is not None:
            res.latin[key] = replace(reading, confidence=min(reading.confidence, 0.8))


def _latin_beside_dari(gray: Image, page: int, engine: OcrEngine, eng: OcrResult, res: _PageResult) -> None:
    """Find the Latin value of a field whose English label was not read, from its Dari line.

    Both printings of a field share a row band; the Latin value is the upper-case Latin text
    left of the Dari line in that band.
    """
    labels = {w for w in eng.words if best_english_label(w.text) is not None}
    for key, dar in res.dari.items():
        if key in res.latin or key == "tazkira_number":
            continue
        h = dar.bbox[3] - dar.bbox[1]
        lo, hi = dar.bbox[1] - h // 2, dar.bbox[3] + h // 2
        cands = [
            w for w in eng.words
            if w not in labels and w.confidence >= 0.5 and w.bbox[2] < dar.bbox[0]
            and lo <= (w.bbox[1] + w.bbox[3]) / 2 <= hi and _LATIN_VALUE.match(w.text.strip(":;,"))
            and (key in _DATE_FIELDS or key == "sex" or w.text.isupper())
        ]
        if not cands:
            if key in _NAME_FIELDS:
                found = _latin_in_band_of(gray, page, engine, key, dar, eng)
                if found is not None:
                    res.latin[key] = found
            continue
        # The row of the tallest candidate (values print larger than labels).
        top = max(cands, key=lambda w: w.bbox[3] - w.bbox[1])
        row = sorted((w for w in cands if abs((w.bbox[1] + w.bbox[3]) - (top.bbox[1] + top.bbox[3])) <= h),
                     key=lambda w: w.bbox[0])
        lh = top.bbox[3] - top.bbox[1]
        vb = _union(w.bbox for w in row)
        box = (max(0, vb[0] - lh // 2), max(0, vb[1] - lh // 3), min(gray.shape[1], vb[2] + 2 * lh),
               min(gray.shape[0], vb[3] + lh // 3))
        sub = crop(gray, box)
        if sub.shape[0] < 32:
            sub = scale(sub, 32.0 / sub.shape[0])
        ocr = engine.recognize(sub, lang="eng", psm=PageSegMode.SINGLE_LINE, whitelist=_WHITELIST.get(key))
        texts = [(" ".join(w.text for w in row), _mean_conf(row), vb)]
        if ocr.words:
            texts.insert(0, (ocr.text.replace("\n", " "), ocr.mean_confidence, box))
        readings = [r for r in (_make_latin(key, t, c, page, b) for t, c, b in texts) if r is not None]
        agreeing = [r for r in readings if _agrees_with_dari(key, r, dar)]
        if agreeing:
            # Found by position only: kept when the Dari printing confirms it.
            res.latin[key] = max(agreeing, key=lambda r: r.confidence)


def _latin_in_band_of(
    gray: Image, page: int, engine: OcrEngine, key: str, dar: _Reading, eng: OcrResult
) -> _Reading | None:
    """A Latin name page OCR missed: the band left of its Dari line, read as a block.

    Each upper-case line of the band is a candidate; only one the Dari printing confirms (by
    name family or consonant skeleton) is kept, so labels and debris in the band cannot win.
    """
    h = dar.bbox[3] - dar.bbox[1]
    if h < 4 or dar.bbox[0] < 4 * h:
        return None
    left = [w.bbox[0] for w in eng.words if w.confidence >= 0.6 and w.bbox[2] < dar.bbox[0]
            and len(w.text) >= 3 and abs((w.bbox[1] + w.bbox[3]) / 2 - (dar.bbox[1] + dar.bbox[3]) / 2) < 6 * h]
    x0 = max(0, min(left) - h) if left else 0
    box = (x0, max(0, dar.bbox[1] - h), max(x0 + 1, dar.bbox[0] - h // 2), min(gray.shape[0], dar.bbox[3] + h))
    if box[2] - box[0] < 4 * h:
        return None
    sub = crop(gray, box)
    f = 1.0
    if h < 24:
        f = 24.0 / h
        sub = scale(sub, f)
    ocr = engine.recognize(sub, lang="eng", psm=PageSegMode.SINGLE_BLOCK)
    best: _Reading | None = None
    for ln in ocr.lines:
        words = [w for w in ln.words if w.text.isupper() and w.text.replace("-", "").replace("'", "").isalpha()]
        if not words:
            continue
        wb = _union(w.bbox for w in words)
        bbox = (box[0] + int(wb[0] / f), box[1] + int(wb[1] / f), box[0] + int(wb[2] / f), box[1] + int(wb[3] / f))
        r = _make_latin(key, " ".join(w.text for w in words), _mean_conf(words), page, bbox)
        if r is not None and _agrees_with_dari(key, r, dar) and (best is None or r.confidence > best.confidence):
            best = r
    if best is None:
        return None
    # Found by position and confirmed by the Dari printing only: not as sure as a labelled value.
    return replace(best, confidence=min(best.confidence, 0.8))


def _read_under_label(
    gray: Image, page: int, engine: OcrEngine, lr: _LabelRow, below: Sequence[_LabelRow], dari: _Reading | None
) -> _Reading | None:
    """The value printed under a label, located like the values of the other rows.

    Read plain first; an unsure reading is read again enlarged and binarised, and the reading
    the Dari/Pashto printing confirms (else the most confident) is kept.
    """
    if not below:
        return None
    label = _union(w.bbox for w in lr.label_words)
    gaps = [lb.y0 - _union(w.bbox for w in lb.label_words)[3] for lb in below]
    heights = [lb.y1 - lb.y0 for lb in below]
    widths = [_union(w.bbox for w in lb.value_words)[2] - lb.value_words[0].bbox[0] for lb in below]
    gap, vh = statistics.median(gaps), statistics.median(heights)
    # Stacked labels share their column's left edge; a label read without its first letters
    # (``ice of Birth``) starts to the right of it, and its value's first letters would be cut.
    column_x = statistics.median(lb.label_words[0].bbox[0] for lb in below)
    x0 = int(min(label[0], column_x if abs(column_x - label[0]) < 3 * vh else label[0])) - int(vh // 2)
    box = (max(0, x0), max(0, int(label[3] + gap - vh * 0.3)),
           min(gray.shape[1], int(label[0] + max(widths) * 1.6 + vh)),
           min(gray.shape[0], int(label[3] + gap + vh * 1.3)))
    if box[2] - box[0] < 8 or box[3] - box[1] < 8:
        return None
    snapped = _snap_to_ink_line(gray, box, int(vh))
    # This value may be longer than the others: follow its ink to where it ends.
    box = (box[0], box[1], min(gray.shape[1], max(box[2], _ink_run_end(gray, box, int(vh)) + int(vh // 2))), box[3])
    readings: list[_Reading] = []
    tries = [(box, how) for how in ("plain", "enlarged", "binarized")]
    if snapped is not None and snapped != box:
        sbox = (box[0], snapped[1], box[2], snapped[3])
        tries = [(sbox, "plain"), (sbox, "enlarged"), *tries[:1], (sbox, "binarized")]
    for box, how in tries:
        got = _read_value_crop(gray, box, lr.field, engine, how, min_word_conf=0.3)
        if got is None or got[1] < 0.6:
            continue
        text = got[0]
        if best_english_label(text) is not None or best_english_label(text.split()[0]) is not None:
            return None  # the next label: this field is empty
        r = _make_latin(lr.field, text, got[1], page, box)
        if r is not None:
            readings.append(r)
            if r.confidence >= 0.85 or _agrees_with_dari(lr.field, r, dari):
                break
    if not readings:
        return None
    return max(readings, key=lambda r: (_agrees_with_dari(lr.field, r, dari), _plausible(lr.field, r), r.confidence))


#: Letters of the Dari and Iranian Solar Hijri month names (a whitelist for re-reading dates).
_MONTH_LETTERS = "".join(sorted(set(
    "حمل ثور جوزا سرطان اسد سنبله میزان عقرب قوس جدی دلو حوت "
    "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند"
)))


def _reread_dari_digits(gray: Image, engine: OcrEngine, res: _PageResult) -> None:
    """Read a Dari number or date again, digits only, when it disagrees with the Latin one.

    Whole-page ``fas`` OCR confuses Persian digits (``۴``/``۳``, ``۲``/``۳``); a second read of
    the value alone with a digit whitelist settles most of these before they become review items.
    """
    for key in ("tazkira_number", *_DATE_FIELDS):
        lat, dar = res.latin.get(key), res.dari.get(key)
        if dar is None:
            continue
        alone = lat is None or not lat.value
        if alone:
            if key in _DATE_FIELDS and dar.value:
                _vote_dari_only_date(gray, engine, res, key, dar)
            continue
        if not alone and dar.value and lat is not None and _same(key, lat, dar)[0]:
            continue
        whitelist = "۰۱۲۳۴۵۶۷۸۹-/"
        if key in _DATE_FIELDS and not _NUMERIC_DATE.search(normalize_arabic_script(dar.raw)):
            whitelist += _MONTH_LETTERS  # 9 عقرب 1402: digits and the letters of month names
        sub = _value_line(gray, dar.bbox)
        if sub is None:
            continue
        ocr = engine.recognize(sub, lang="fas", psm=PageSegMode.SINGLE_LINE, whitelist=whitelist)
        if not ocr.words:
            continue
        again = _dari_reading(key, ocr.text.replace("\n", " "), ocr.mean_confidence, dar.page, dar.bbox)
        if again is not None and again.value and lat is not None and _same(key, lat, again)[0]:
            res.dari[key] = replace(again, raw=f"{dar.raw} / {again.raw}")


_PERSIAN_NUMBER = re.compile(r"[۰-۹٠-٩][۰-۹٠-٩/\-]*[۰-۹٠-٩]")


def _digits_by_shape(gray: Image, key: str, reading: _Reading, words: Sequence[OcrWord]) -> _Reading:
    """A Dari number or date whose Persian digits ``fas`` misread, corrected by the digits' shapes.

    ``fas`` knows the Iranian forms of 4, 6 and 7; many fonts draw their Urdu forms, which it
    reads as 3/2, 2/5 and 2 (1401 comes out 1301). The digits of the one word that holds the
    number are matched against shape templates (:func:`workstation.documents.letter_digits.reread_number`,
    shared with the letters reader); a digit changes only when its shape is clearly another
    digit's. The OCR text stays in ``raw``.
    """
    held = [(w, m.group(0)) for w in words for m in [_PERSIAN_NUMBER.search(w.text)] if m is not None]
    if len(held) != 1:
        return reading  # a month name, or the number split or repeated: left to OCR
    word, token = held[0]
    fixed = reread_number(gray, word.bbox, token)
    if fixed == token:
        return reading
    again = _dari_reading(key, reading.raw.replace(token, fixed), reading.confidence, reading.page, reading.bbox)
    if again is None or not again.value:
        return reading
    return replace(again, raw=f"{reading.raw}{_SHAPE_MARK}{fixed} (digit shapes)")


def _value_line(gray: Image, bbox: BBox) -> Image | None:
    """A value's words with a character's height of margin each side (``None`` when too small to read)."""
    h = bbox[3] - bbox[1]
    box = (max(0, bbox[0] - h), max(0, bbox[1] - h // 3), min(gray.shape[1], bbox[2] + h),
           min(gray.shape[0], bbox[3] + h // 3))
    sub = crop(gray, box)
    return None if sub.shape[0] < 8 or sub.shape[1] < 8 else sub


#: Scales of the two extra reads of a date printed only in Dari (its digits are ~13 px on a card).
_DARI_DATE_RESCALES = (1.5, 3.0)
#: Confidence of a Dari-only date whose page read two extra reads outvoted (two reads of three agree).
_OUTVOTED_PAGE_READ_CONFIDENCE = 0.8


def _vote_dari_only_date(gray: Image, engine: OcrEngine, res: _PageResult, key: str, dar: _Reading) -> None:
    """A date printed only in Dari (the English line left empty): its line read twice more, enlarged.

    Nothing printed in Latin can confirm it, and whole-page ``fas`` OCR confuses small Persian
    digits (``۲``/``۳``). The value alone is read at two larger scales (no character whitelist:
    with one, the label's colon turns into a digit), each checked by its digits' shapes; the
    value two of the three reads give stands, as sure as the surer read that gives it (at most
    :data:`_OUTVOTED_PAGE_READ_CONFIDENCE` when the page read was outvoted). Three reads that all differ leave the page read at :data:`DISAGREEING_READS_CONFIDENCE`:
    not sure enough to pass or fail a check.
    """
    sub = _value_line(gray, dar.bbox)
    if sub is None:
        return
    reads = [dar]
    for f in _DARI_DATE_RESCALES:
        big = scale(sub, f)
        ocr = engine.recognize(big, lang="fas", psm=PageSegMode.SINGLE_LINE)
        again = _dari_reading(key, ocr.text.replace("\n", " "), ocr.mean_confidence, dar.page, dar.bbox)
        if again is not None and again.value:
            # The same digit shapes check as the page read had: OCR repeats its Urdu-form misreads.
            reads.append(_digits_by_shape(big, key, again, ocr.words))
    counts = Counter(r.value for r in reads)
    value, n = counts.most_common(1)[0]
    raw = " / ".join(r.raw for r in reads)
    if n < 2:
        parts = _confirmed_parts(reads)
        if parts is not None:
            res.dari[key] = replace(parts, confidence=min(parts.confidence, _OUTVOTED_PAGE_READ_CONFIDENCE), raw=raw)
        else:
            res.dari[key] = replace(dar, confidence=min(dar.confidence, DISAGREEING_READS_CONFIDENCE), raw=raw)
        return
    agreeing = [r for r in reads if r.value == value]
    best = max(agreeing, key=lambda r: r.confidence)
    if _by_shape_alone(agreeing):
        # Reads OCR gave differently, made one by the digit shapes: the shapes' word alone, which a
        # font unlike the templates' fools the same way each time (blind case 566: ۰۴ and ۰۲ both
        # "corrected" to ۰۳, a birth date a day off at 0.91).
        res.dari[key] = replace(best, confidence=min(best.confidence, DISAGREEING_READS_CONFIDENCE), raw=raw)
    elif value != dar.value:
        # One digit outvoted is the usual misread (an Urdu-form ۴ read ۳); reads that agree with each
        # other on two digits the page read otherwise (۱۳۸۰ against ۱۳۱۸) may share a misread.
        cap = _OUTVOTED_PAGE_READ_CONFIDENCE if _digits_apart(dar, best) <= 1 else DISAGREEING_READS_CONFIDENCE
        res.dari[key] = replace(best, confidence=min(best.confidence, cap), raw=raw)
    else:
        # The page read confirmed by another read: as sure as the surer of them.
        res.dari[key] = replace(dar, confidence=max(dar.confidence, best.confidence), raw=raw)


#: How :func:`_digits_by_shape` marks a reading it changed (the OCR text before it).
_SHAPE_MARK = " -> "


def _by_shape_alone(agreeing: Sequence[_Reading]) -> bool:
    """Whether reads that give one value agree only through digit-shape corrections of OCR texts that
    differ (each read changed by the shapes, no two OCR texts the same). The same OCR text corrected
    the same way each time (the Urdu-form ۴ ``fas`` reads ۳ on every read) is not this."""
    if len(agreeing) < 2 or any(_SHAPE_MARK not in r.raw for r in agreeing):
        return False
    return len({digits_of(r.raw.split(_SHAPE_MARK)[0]) for r in agreeing}) == len(agreeing)


def _digits_apart(a: _Reading, b: _Reading) -> int:
    """How many digits two readings of a date differ by, as printed (Solar Hijri stays Solar Hijri)."""
    da = digits_of((a.parsed.native_iso if a.parsed is not None else None) or a.value)
    db = digits_of((b.parsed.native_iso if b.parsed is not None else None) or b.value)
    if len(da) != len(db):
        return max(len(da), len(db))
    return sum(x != y for x, y in zip(da, db, strict=True))


def _confirmed_parts(reads: Sequence[_Reading]) -> _Reading | None:
    """The one read whose year, month and day each agree with another read, when the reads all differ.

    Three reads of a small Persian-digit date rarely miss the same digit: ``۱۲ جدی ۱۳۷۴``,
    ``۱ جدی ۱۳۷۳`` and ``۱۲ جدی ۱۳۷۳`` differ as wholes, but the third's day is the first's and its
    year the second's. Only a read whose every part another read confirms, in one calendar, is
    chosen; ``None`` when no read or more than one value qualifies.
    """
    dated = [(r, (r.parsed.native_iso or "").split("-")) for r in reads
             if r.parsed is not None and r.parsed.ok and r.parsed.calendar is not None]
    if len({r.parsed.calendar for r, _ in dated if r.parsed is not None}) != 1:
        return None
    good = [
        r for i, (r, p) in enumerate(dated)
        if all(any(j != i and len(q) == len(p) and q[k] == p[k] for j, (_, q) in enumerate(dated)) for k in range(len(p)))
    ]
    if len({r.value for r in good}) != 1:
        return None
    return max(good, key=lambda r: r.confidence)


def _value_words(words: Sequence[OcrWord]) -> list[OcrWord]:
    """The words after the ``:`` (or what OCR reads for it) of a Dari line (its value), in logical order."""
    for sep in LABEL_SEPARATORS:
        for i, w in enumerate(words):
            if sep in w.text:
                rest = list(words[i + 1:])
                tail = w.text.split(sep, 1)[1].strip()
                return ([w] if tail else []) + rest
    return list(words)


def _value_in_run(value: str, run: Sequence[OcrWord]) -> str:
    """``value``'s words that its own run of words holds (a word may carry the label before its colon).

    The line ran on into the Latin column (``سید جلال ماهر 5۸۷۶0``: SAYED JALAL read as Arabic script):
    words are only ever dropped from the value, never taken from the run, which may begin with the label.
    """
    own = Counter(t for w in run for t in w.text.split())
    kept = []
    for tok in value.split():
        if own[tok] > 0 or any(tok in t for t in own if own[t] > 0):
            kept.append(tok)
            own[tok] -= 1
    return " ".join(kept)


#: Words of one Dari value are at most this many line heights apart; past such a gap is another column.
_VALUE_RUN_GAP = 3.0


def _value_run(words: Sequence[OcrWord]) -> list[OcrWord]:
    """The value's own words: the run that starts next to the label (right to left) without a wide gap.

    Page ``fas`` OCR runs a Dari line across the card into the Latin column (``تاریخ تولد: ۱۳۴۹/۰۳``
    came with ``0366 0`` from the English label ``Date of`` and a digit from the photo's border): those
    words must not widen the value's box, which the value is read again from, nor lower its confidence.
    """
    if len(words) < 2:
        return list(words)
    h = statistics.median(w.bbox[3] - w.bbox[1] for w in words)
    by_x = sorted(words, key=lambda w: -w.bbox[2])
    keep = [by_x[0]]
    left = by_x[0].bbox[0]
    for w in by_x[1:]:
        if left - w.bbox[2] > _VALUE_RUN_GAP * h:
            break
        keep.append(w)
        left = min(left, w.bbox[0])
    return [w for w in words if w in keep]


def _latin_reading(
    gray: Image, page: int, engine: OcrEngine, lr: _LabelRow, dari: _Reading | None
) -> _Reading | None:
    """The Latin value of a label row, read several ways; the reading the Dari printing confirms wins.

    Candidates: the words page OCR gave, the value's crop read as one line (its right end found
    from the ink, since page OCR often drops the last word of a name), and, when none of these
    agrees with the Dari/Pashto printing, the crop read again binarised and enlarged.
    """
    key = lr.field
    first_text = " ".join(w.text for w in lr.value_words)
    first_conf = _mean_conf(lr.value_words)
    label_box = _union(w.bbox for w in lr.label_words)
    height = label_box[3] - label_box[1]
    boxes: list[BBox] = []
    if lr.value_words:
        vb = _union(w.bbox for w in lr.value_words)
        right = vb[2] + 2 * height
        ink_end = _ink_run_end(gray, (vb[0], vb[1], vb[2], vb[3]), vb[3] - vb[1])
        if dari is not None and dari.bbox[0] > vb[2]:
            ink_end = min(ink_end, dari.bbox[0] - height // 2)  # never into the Dari printing
        boxes.append((vb[0] - height // 2, min(vb[1], lr.y0), max(right, ink_end + height // 2), max(vb[3], lr.y1)))
        if ink_end + height // 2 > right + height:
            boxes.append((vb[0] - height // 2, min(vb[1], lr.y0), right, max(vb[3], lr.y1)))
    else:
        # No value seen: read the stretch right of the label up to the Dari column.
        right = label_box[2] + 25 * height
        if dari is not None and dari.bbox[0] > label_box[2] + 15 * height:
            right = min(right, dari.bbox[0] - height)  # a Dari box this close has swallowed Latin words
        boxes.append((label_box[2] + height // 2, lr.y0, max(label_box[2] + 4 * height, right), lr.y1))
    pad = max(4, height // 2)
    boxes = [(max(0, b[0]), max(0, b[1] - pad), min(gray.shape[1], b[2]), min(gray.shape[0], b[3] + pad))
             for b in boxes]
    candidates: list[tuple[str, float, BBox]] = []
    for box in boxes:
        got = _read_value_crop(gray, box, key, engine)
        if got is not None:
            candidates.append(got)
    if lr.value_words:
        candidates.append((first_text, first_conf, _union(w.bbox for w in lr.value_words)))
    readings = [r for r in (_make_latin(key, t, c, page, b) for t, c, b in candidates) if r is not None]
    if not lr.value_words:
        # Page OCR saw nothing right of the label: an empty field (a single name in the other
        # slot) reads as unsure debris (guilloche, the stamp), never as a value.
        readings = [r for r in readings if r.confidence >= EMPTY_SLOT_MIN_CONFIDENCE]
    if dari is not None and dari.value and key in _NAME_FIELDS and boxes and not any(
        _agrees_with_dari(key, r, dari) for r in readings
    ):
        readings += _read_processed(gray, boxes[0], key, engine, page, keep=lambda r: True,
                                    enough=lambda r: bool(_agrees_with_dari(key, r, dari)))
    if key == "tazkira_number" and boxes and not any(_sure_number(r) for r in readings):
        # A number in a wide-set typewriter face reads as noise plain (Tesseract splits or merges its
        # spaced digits); binarised or enlarged it reads.
        readings += _read_processed(gray, boxes[0], key, engine, page,
                                    keep=lambda r: r.confidence >= EMPTY_SLOT_MIN_CONFIDENCE, enough=_sure_number)
    if not readings:
        return None
    return max(readings, key=lambda r: (_agrees_with_dari(key, r, dari), _plausible(key, r),
                                        not _cut_short(r, readings), r.confidence))


def _cut_short(r: _Reading, readings: Sequence[_Reading]) -> bool:
    """Whether another sure reading of the same value goes on where ``r`` stops (blind case 777 of seed 6:
    ``MOHAMMADZAI BA`` read from a crop ending inside ``BARAKZAI-STANIKZAI``, at a higher confidence than
    the whole line): a crop that cut the value, not a reading to prefer."""
    mine = re.sub(r"[^A-Z0-9]", "", r.value.upper())
    for o in readings:
        other = re.sub(r"[^A-Z0-9]", "", o.value.upper())
        if (len(other) > len(mine) >= 3 and other.startswith(mine) and o.confidence >= CUT_SHORT_MIN_CONFIDENCE
                and o.confidence >= r.confidence - 0.1):
            return True
    return False


#: How sure a longer reading must be to show that a shorter one, its beginning, was cut short.
CUT_SHORT_MIN_CONFIDENCE = 0.75


def _sure_number(r: _Reading) -> bool:
    return r.confidence >= 0.6 and bool(_plausible("tazkira_number", r))


def _read_processed(
    gray: Image, box: BBox, key: str, engine: OcrEngine, page: int, *,
    keep: Callable[[_Reading], bool], enough: Callable[[_Reading], bool],
) -> list[_Reading]:
    """A value's crop read binarised, then enlarged, until a reading is ``enough``; the readings ``keep`` takes."""
    out: list[_Reading] = []
    for how in ("binarized", "enlarged"):
        got = _read_value_crop(gray, box, key, engine, how)
        r = _make_latin(key, got[0], got[1], page, got[2]) if got is not None else None
        if r is not None and keep(r):
            out.append(r)
            if enough(r):
                break
    return out


def _read_value_crop(
    gray: Image, box: BBox, key: str, engine: OcrEngine, how: str = "plain", min_word_conf: float = 0.0
) -> tuple[str, float, BBox] | None:
    """One line of a value read from its crop (``plain``, ``binarized`` or ``enlarged``)."""
    if box[2] - box[0] <= 4 or box[3] - box[1] <= 4:
        return None
    sub = crop(gray, box)
    target = 48 if how == "enlarged" else 32
    if sub.shape[0] < target:
        sub = scale(sub, target / float(sub.shape[0]))
    if how == "binarized":
        sub = binarize(sub)
    ocr = engine.recognize(sub, lang="eng", psm=PageSegMode.SINGLE_LINE, whitelist=_WHITELIST.get(key))
    words = [w for w in ocr.words if w.confidence >= min_word_conf]
    # Debris at the end of the crop (a stamp, the next column): short, unsure last words.
    while len(words) > 1 and len(words[-1].text) <= 2 and words[-1].confidence < 0.6:
        words.pop()
    if not words:
        return None
    return " ".join(w.text for w in words), _mean_conf(words), box


def _snap_to_ink_line(gray: Image, box: BBox, height: int) -> BBox | None:
    """``box`` moved up or down onto the line of print nearest its middle, or ``None``.

    The place of a value under its label is guessed from the other rows; a guess a few pixels
    off cuts the value's top and takes in the next label. The rows of ``box`` (widened by half
    a line each way) that hold dark print are grouped into lines; the tallest value-sized line
    nearest the guess's middle wins, with a small margin.
    """
    h = max(4, height)
    x0, y0, x1, y1 = box
    top, bottom = max(0, y0 - h // 2), min(gray.shape[0], y1 + h // 2)
    band = crop(gray, (x0, top, x1, bottom))
    if band.size == 0 or band.shape[0] < 4:
        return None
    rows = (binarize(band) == 0).sum(axis=1) >= max(2, band.shape[1] // 100)
    runs: list[tuple[int, int]] = []
    start = -1
    for i, on in enumerate([*rows.tolist(), False]):
        if on and start < 0:
            start = i
        elif not on and start >= 0:
            runs.append((start, i))
            start = -1
    lines = [r for r in runs if r[1] - r[0] >= 0.5 * h]
    if not lines:
        return None
    mid = (y0 + y1) / 2 - top
    a, b = min(lines, key=lambda r: abs((r[0] + r[1]) / 2 - mid))
    pad = max(3, h // 4)
    return (x0, max(0, top + a - pad), x1, min(gray.shape[0], top + b + pad))


def _ink_run_end(gray: Image, box: BBox, height: int) -> int:
    """Where the line of print in ``box`` really ends: ink followed right over word-sized gaps.

    Page OCR sometimes stops a value at its first word (``ABDUL`` of ``ABDUL QADIR``). The
    columns right of ``box`` in its band are walked while a column holds dark print or the gap
    since the last one is narrower than a word gap; pale print (guilloche, a faded stamp) is
    below the band's Otsu threshold and does not count.
    """
    h = max(4, height)
    x0, y0, x1, y1 = box
    limit = min(gray.shape[1], x1 + 30 * h)
    if limit - x1 < 2 or y1 - y0 < 4:
        return x1
    band = crop(gray, (x0, y0, limit, y1))
    ink = binarize(band) == 0
    cols = ink.sum(axis=0) >= 2
    end, gap = x1 - x0, 0
    for j in range(x1 - x0, band.shape[1]):
        if cols[j]:
            end, gap = j, 0
        else:
            gap += 1
            if gap > 0.9 * h:
                break
    return x0 + end + 1


def _plausible(key: str, r: _Reading) -> int:
    """Shape of a good value: a 13-digit number, a name without one-letter debris."""
    if key == "tazkira_number":
        return int(len(digits_of(r.value)) == E_TAZKIRA_DIGITS)
    if key in _NAME_FIELDS:
        return int(all(len(w) >= 2 for w in r.value.split()) and not _TRIPLED_LETTER.search(r.value))
    return 0


def _agrees_with_dari(key: str, r: _Reading, dari: _Reading | None) -> int:
    if dari is None or not dari.value or not r.value:
        return 0
    return int(_same(key, r, dari)[0])


def _make_latin(key: str, text: str, conf: float, page: int, bbox: BBox) -> _Reading | None:
    raw = text.strip()
    if key == "tazkira_number":
        value = format_tazkira_number(raw)
        if len(digits_of(value)) < 6:
            return None
    elif key in _DATE_FIELDS:
        parsed = parse_date_text(raw.replace(" ", ""))
        return _date_reading(key, raw, parsed, conf, page, bbox, SOURCE_LATIN, "Latn", "eng")
    elif key == "sex":
        v = re.sub(r"[^A-Z]", "", raw.upper())
        value = {"M": "M", "F": "F", "X": "X", "MALE": "M", "FEMALE": "F"}.get(v, "")
        if not value and len(v) >= 3:
            value = "F" if v.startswith("FE") or v.endswith("EMALE") else "M" if v.endswith("ALE") else ""
        if not value:
            return None
    else:
        if sum(c.isdigit() for c in raw) >= 2 and parse_date_text(raw.replace(" ", "")).ok:
            # A date beside the name's label (the next row read into it: ``13 Saratan 1353``) is no
            # name, and its month is no father's name.
            return None
        if set(re.sub(r"[^A-Z]+", " ", raw.upper().replace("'", "")).split()) & _LABEL_WORDS:
            # A label read as the value: the next row's ("Dae of" for "Date of birth": no name has
            # "of"), or the row's own ("Grandfather's name:" as the father's name, blind case 603).
            return None
        # Pieces of the SPECIMEN marking printed across the fields are not name parts.
        value = " ".join(w for w in clean_latin_name(raw).split() if not (len(w) <= 8 and w in _WATERMARK))
        if value in ("", "-") or all(len(w) < 3 for w in value.split()):
            # No part of three letters: guilloche or a stamp's edge beside an empty field (``ab``
            # beside the label of a single name's empty slot), not a name.
            return None
        if _TRIPLED_LETTER.search(value):
            # No Latin transcription of a name runs a letter three times (FAROOOQ): OCR repeated a
            # glyph, and may have misread more (a space as S). Not sure enough to fail a record on.
            conf = min(conf, GARBLED_NAME_CONFIDENCE)
    return _Reading(key, value, raw, conf, page, bbox, SOURCE_LATIN, "Latn", "eng")


#: Words of a card's Latin labels that are no part of a name.
_LABEL_WORDS = frozenset({"OF", "NAME", "NAMES", "SURNAME", "FATHER", "FATHERS", "GRANDFATHER", "GRANDFATHERS",
                          "DATE", "BIRTH", "PLACE"})

#: Highest confidence of a Latin name read with a letter three times running (an OCR slip).
GARBLED_NAME_CONFIDENCE = 0.5
_TRIPLED_LETTER = re.compile(r"([A-Z])\1\1")


_WATERMARK = "SPECIMEN"


def _date_reading(
    key: str, raw: str, parsed: ParsedDate, conf: float, page: int, bbox: BBox, source: str, script: str, lang: str
) -> _Reading | None:
    if parsed.ambiguous and parsed.candidates:
        # 05/02/1967: settled later by the other printing of the same date, if any.
        return _Reading(key, "", raw, conf, page, bbox, source, script, lang, parsed)
    if not parsed.ok or parsed.iso is None:
        if parsed.error and "impossible" in parsed.error or parsed.error and "not exist" in parsed.error:
            # Kept with an empty value so that the caller can say why (never accepted).
            return _Reading(key, "", raw, 0.0, page, bbox, source, script, lang, parsed)
        return None
    return _Reading(key, parsed.iso, raw, conf, page, bbox, source, script, lang, parsed)


_NUMERIC_DATE = re.compile(r"\d{1,4}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{1,4})?")
_WORD_DATE = re.compile(r"(?:\d{1,2}\s+)?[^\W\d_]{3,}\s+\d{4}|\d{4}\s+[^\W\d_]{3,}(?:\s+\d{1,2})?")


def _date_span(text: str) -> str:
    """The date inside a value with OCR debris around it (``1408/04/04 3`` -> ``1408/04/04``).

    A year printed alone (a card gives only the year when that is all the register knows) beside a
    stray digit (``0 1367``: the label's last letter read as a zero) is that year.
    """
    m = _NUMERIC_DATE.search(text) or _WORD_DATE.search(text)
    if m:
        return m.group(0)
    years = _LONE_YEAR.findall(text)
    if len(years) == 1 and len(digits_of(text)) <= len(years[0]) + 2:
        return str(years[0])
    return text


_LONE_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _reverse_bidi_groups(text: str) -> str:
    """``23/04/1382`` read from a right-to-left line back to the printed ``1382/04/23``."""
    groups = re.findall(r"\d+", text)
    seps = re.findall(r"[/.\-]", text)
    if len(groups) == 3 and len(groups[2]) == 4 and len(groups[0]) <= 2:
        sep = seps[0] if seps else "/"
        return sep.join(groups[::-1])
    return text


def _dari_reading(key: str, value: str, conf: float, page: int, bbox: BBox) -> _Reading | None:
    raw = value.strip()
    if key == "tazkira_number":
        v = format_tazkira_number(raw)
        if len(digits_of(v)) < 6:
            return None
        return _Reading(key, v, raw, conf, page, bbox, SOURCE_DARI, "Arab", "fas")
    if key in _DATE_FIELDS:
        ascii_text = _date_span(normalize_arabic_script(raw))
        parsed = parse_date_text(_reverse_bidi_groups(ascii_text.replace(" ", "")))
        if not parsed.ok:
            parsed = parse_date_text(ascii_text)  # month names: ۹ عقرب ۱۴۰۲
        return _date_reading(key, raw, parsed, conf, page, bbox, SOURCE_DARI, "Arab", "fas")
    if key == "sex":
        s = dari_sex(raw)
        return _Reading(key, s, raw, conf, page, bbox, SOURCE_DARI, "Arab", "fas") if s else None
    # A value that starts with its own label (the colon was lost) keeps only what follows it; the
    # label in both languages (``نام پدر / د پلار نوم``, the slash lost too) is two labels in a row.
    stripped = True
    while stripped:
        stripped = False
        toks = raw.split()
        for n in (4, 3, 2, 1):
            if len(toks) >= n:
                h = best_dari_label(" ".join(toks[:n]))
                if h is not None and h[0] == key and h[1] >= 90:
                    raw = " ".join(toks[n:])
                    stripped = True
                    break
    if sum(c.isdigit() for c in normalize_arabic_script(raw)) >= 5:
        # A date beside the name's label (the next row read into it) makes the words around it
        # debris, not a name.
        return None
    # Keep the Arabic-script words: OCR debris (stray digits, Latin letters) is not a name.
    v = " ".join(
        w for w in normalize_arabic_script(raw).split() if has_arabic_script(w) and not any(c.isdigit() for c in w)
    ).strip(" -.:_,")
    if not v:
        return None
    return _Reading(key, v, raw, conf, page, bbox, SOURCE_DARI, "Arab", "fas")


# ------------------------------------------------------------------------------ paper tazkira

_AGE_PATTERNS = (
    # "در سال ۱۳۸۵ ... ۲۰ ساله" (Dari), "په ۱۳۸۵ کال ... ۲۰ کلن" (Pashto)
    re.compile(r"سال\s*(?P<year>(?<!\d)\d{4}(?!\d)).{0,60}?(?P<age>\d{1,3})\s*(?:ساله|سال)"),
    re.compile(r"(?P<year>\d{4})\s*کال.{0,60}?(?P<age>\d{1,3})\s*کلن"),
    re.compile(r"(?P<age>\d{1,3})\s*ساله.{0,60}?سال\s*(?P<year>\d{4})"),
    re.compile(r"in\s+(?:the\s+)?year\s+(?P<year>\d{4}).{0,60}?(?P<age>\d{1,3})\s+years?\s+old", re.IGNORECASE),
    # The same with the opening words misread (handwriting): "ly the 1359 he was about 12 years old".
    re.compile(r"(?P<year>1[2-4]\d\d|19\d\d|20\d\d)\D{0,40}?(?P<age>\d{1,3})\s+years?\s+old", re.IGNORECASE),
)


def birth_interval_from_age(
    text: str,
) -> tuple[DateInterval, int, int, Literal["solar_hijri", "gregorian"]] | None:
    """The birth interval a sentence "in year Y was N years old" gives, or ``None``.

    Returns ``(interval, year, age, calendar)``; a year below the policy's Solar Hijri limit
    is Solar Hijri. Persian and Arabic-Indic digits are read.
    """
    t = normalize_arabic_script(text)
    for pat in _AGE_PATTERNS:
        m = pat.search(t)
        if not m:
            continue
        year, age = int(m["year"]), int(m["age"])
        if not 0 <= age <= 120:
            continue
        cal: Literal["solar_hijri", "gregorian"] = (
            "solar_hijri" if year < DEFAULT_POLICY.solar_hijri_year_limit else "gregorian"
        )
        try:
            return DateInterval.for_age_in_year(age, year, cal), year, age, cal
        except ValueError:
            continue
    return None


def _read_translation(gray: Image, page: int, engine: OcrEngine, eng: OcrResult, rows: list[_LabelRow]) -> _PageResult:
    """An English translation of a paper tazkira: labels printed, values handwritten."""
    res = _PageResult(side="paper", page=page, paper_text=eng.text)
    for lr in rows:
        r = _latin_reading(gray, page, engine, lr, None)
        if r is not None and r.confidence >= 0.3:
            res.latin[lr.field] = replace(r, source=SOURCE_HANDWRITTEN)
    if "tazkira_number" not in res.latin:
        reg = _registration_reading(gray, page, engine, eng.lines, "eng")
        if reg is not None:
            res.latin["tazkira_number"] = reg
    if "date_of_birth" not in res.latin:
        lines = [ln.text for ln in eng.lines]
        for i in range(len(lines)):
            chunk = " ".join(lines[i:i + 2])
            found = birth_interval_from_age(chunk)
            if found is None:
                continue
            span, year, age, cal = found
            words = [w for ln in eng.lines[i:i + 2] for w in ln.words]
            res.latin["date_of_birth"] = _Reading(
                "date_of_birth", f"{span.first.isoformat()}/{span.last.isoformat()}", chunk, _mean_conf(words), page,
                _union(w.bbox for w in words), SOURCE_HANDWRITTEN, "Latn", "eng",
                ParsedDate(text=chunk, calendar=cal, error=f"age {age} in year {year} ({cal})"),
            )
            break
    return res


#: Scales of the further reads of a paper tazkira's registration line, read alone.
_REGISTRATION_RESCALES = (2.0, 1.5)
#: Confidence of a registration line whose page read two further reads outvoted.
_OUTVOTED_REGISTRATION_CONFIDENCE = 0.8


def _registration_reading(
    gray: Image, page: int, engine: OcrEngine, lines: Sequence[OcrLine], lang: str
) -> _Reading | None:
    """A paper tazkira's registration line (volume, page, record number) as its ``tazkira_number``.

    The certificate is registered by volume, page and record number (DOMAIN.md, UNVERIFIED); the
    line prints the three with their words (``جلد ۲ صفحه ۱۹۹ نمبر ثبت ۱۳۵``, a translation's
    ``Volume 24, Page 86, Registration No. 925``): the value is ``volume/page/number``. Its digits
    are what a check compares, and one digit differs on a false claim, so the line is read again
    alone, enlarged (Persian digits also by their shapes): when another read gives the same three
    numbers, the value carries the page read's confidence on its digits and the checks may pass
    or fail it. Reads that do not agree (handwritten digits) make it a handwritten value, for review.
    """
    for n in (1, 2, 3):
        for i in range(len(lines) - n + 1):
            window = lines[i:i + n]
            text = " ".join(ln.text for ln in window)
            if registration_number(text) is None:
                continue
            words = [w for ln in window for w in ln.words]
            first = _registration_read(gray, words, lang)
            if first is None:
                continue
            return _confirm_registration(gray, page, engine, words, lang, first)
    return None


@dataclass(frozen=True)
class _RegistrationRead:
    value: str
    raw: str
    confidence: float
    #: Every digit agrees with its glyph's shape (Persian digits), or there is no shape check (Latin).
    shapes_agree: bool


def _registration_read(gray: Image, words: Sequence[OcrWord], lang: str) -> _RegistrationRead | None:
    """One read of a registration line's words: its value, Persian digits corrected and checked by shape."""
    fixed = []
    shapes_agree = True
    for w in words:
        text = w.text.translate(_BIDI_MARKS)  # OCR puts a right-to-left mark after a digit at times
        if lang == "fas" and any(ch.isdigit() for ch in text):
            if all(ch in _PERSIAN_DIGITS for ch in text):
                text = reread_number(gray, w.bbox, text)
                shapes_agree &= _digits_as_shaped(gray, w.bbox, text)
            else:
                shapes_agree = False  # ASCII digits OCR mixed into a Persian number: not a sure read
        fixed.append(text)
    raw = " ".join(fixed)
    parts = registration_number(raw)
    digit_words = [w for w in words if any(ch.isdigit() for ch in w.text)]
    if parts is None or not digit_words:
        return None
    return _RegistrationRead("/".join(str(int(p)) for p in parts), raw, _mean_conf(digit_words), shapes_agree)


_PERSIAN_DIGITS = frozenset(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS)
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u061c"))


def _digits_as_shaped(gray: Image, box: BBox, text: str) -> bool:
    """Whether each glyph of the Persian number in ``box`` is nearest the shape of the digit OCR gave it.

    Tesseract's ``fas`` reads the Urdu forms of 4 and 6 as 2 or 3 at high confidence, and reads
    a line enlarged the same way, so two reads agreeing do not make a number sure. Its glyphs,
    left to right, are matched against the digit shape templates
    (:mod:`workstation.documents.letter_digits`): a number whose glyphs are not one per digit, or
    one of whose glyphs is nearer another digit (or near none), is not sure. ``False`` without
    the templates.
    """
    shapes = load_shapes()
    digits = [ch for ch in to_ascii_digits(text) if ch.isdigit()]
    h = box[3] - box[1]
    if shapes is None or not digits or h < 6:
        return False
    pad = max(2, h // 4)
    x0, y0 = max(0, box[0] - pad), max(0, box[1] - pad)
    sub = to_gray(gray[y0:min(gray.shape[0], box[3] + pad), x0:min(gray.shape[1], box[2] + pad)])
    if sub.size == 0 or int(sub.max()) - int(sub.min()) < 40:
        return False
    n, labels, stats = ink_components(sub)
    glyphs: list[tuple[int, int, npt.NDArray[np.bool_]]] = []  # (x0, x1, mask of the glyph's own box)
    for i in range(1, n):
        x, y, w, hh, _ = (int(v) for v in stats[i])
        cx, cy = x + w / 2, y + hh / 2
        if not (box[0] - x0 <= cx <= box[2] - x0 and box[1] - y0 <= cy <= box[3] - y0) or hh * w < 4:
            continue
        glyphs.append((x, x + w, labels[y:y + hh, x:x + w] == i))
    glyphs.sort(key=lambda g: g[0])
    if len(glyphs) != len(digits):
        return False
    ref = reference_height([g[2].shape[0] for g in glyphs])
    for (_, _, mask), want in zip(glyphs, digits, strict=True):
        guess = shapes.classify(mask, ref, list(range(10)))
        if guess is None or guess.distance > MAX_DISTANCE or guess.digit != int(want):
            return False
    return True


def _confirm_registration(
    gray: Image, page: int, engine: OcrEngine, words: Sequence[OcrWord], lang: str, first: _RegistrationRead
) -> _Reading:
    bbox = _union(w.bbox for w in words)
    source, script = (SOURCE_DARI, "Arab") if lang == "fas" else (SOURCE_LATIN, "Latn")
    reads = [first]
    sub = _value_line(gray, bbox)
    for f in _REGISTRATION_RESCALES if sub is not None else ():
        assert sub is not None
        big = scale(sub, f)
        ocr = engine.recognize(big, lang=lang, psm=PageSegMode.SINGLE_LINE)
        again = _registration_read(big, ocr.words, lang)
        if again is None:
            continue
        reads.append(again)
        if again.value == first.value:
            break
    raw = " / ".join(r.raw for r in reads)
    value, n = Counter(r.value for r in reads).most_common(1)[0]
    sure = [r for r in reads if r.value == value and r.shapes_agree]
    if n < 2 or not sure:
        # No two reads agree, or the digits' shapes contradict them: not sure (handwriting, a
        # smudge, a font OCR misreads): for review.
        return _Reading("tazkira_number", first.value, raw, first.confidence, page, bbox, SOURCE_HANDWRITTEN,
                        script, lang)
    conf = first.confidence if value == first.value else min(max(r.confidence for r in sure),
                                                             _OUTVOTED_REGISTRATION_CONFIDENCE)
    return _Reading("tazkira_number", value, raw, conf, page, bbox, source, script, lang)


def _rtl_rows(words: Sequence[OcrWord]) -> list[OcrLine]:
    """Visual rows of right-to-left text, words in reading order (right to left)."""
    out: list[OcrLine] = []
    for row in _rows([w for w in words if w.confidence >= 0.2]):
        ws = sorted(row, key=lambda w: -w.bbox[2])
        out.append(OcrLine(text=" ".join(w.text for w in ws), confidence=_mean_conf(ws),
                           bbox=_union(w.bbox for w in ws), words=tuple(ws)))
    return out


def _read_paper(gray: Image, page: int, engine: OcrEngine, fas: OcrResult, eng: OcrResult) -> _PageResult:
    arabic = [ln for ln in _rtl_rows(fas.words) if has_arabic_script(ln.text)]
    if len(arabic) < 2:
        return _PageResult(side="unknown", page=page)
    res = _PageResult(side="paper", page=page, paper_text="\n".join(ln.text for ln in arabic))
    for ln in arabic:
        label, value = split_dari_label(ln.text)
        hit = best_dari_label(label) if label else None
        if hit is None:
            # The colon is often lost in handwriting rows: try the first words as the label.
            toks = ln.text.split()
            for n in (3, 2, 1):
                h = best_dari_label(" ".join(toks[:n])) if len(toks) > n else None
                if h is not None and h[1] >= 90:
                    hit, value = h, " ".join(toks[n:])
                    break
        if hit is None or not value or hit[0] in res.dari or hit[0] == "grandfather_name":
            continue
        vwords = _value_run(_value_words(ln.words))
        conf = _mean_conf(vwords) if vwords else ln.confidence
        bbox = _union(w.bbox for w in vwords) if vwords else ln.bbox
        r = _dari_reading(hit[0], value, conf, page, bbox)
        if r is not None:
            res.dari[hit[0]] = replace(r, source=SOURCE_HANDWRITTEN)
    if "tazkira_number" not in res.dari:
        reg = _registration_reading(gray, page, engine, arabic, "fas")
        if reg is not None:
            res.dari["tazkira_number"] = reg
    if "date_of_birth" not in res.dari or not res.dari["date_of_birth"].value:
        for ln_idx in range(len(arabic)):
            chunk = " ".join(x.text for x in arabic[ln_idx:ln_idx + 2])
            found = birth_interval_from_age(to_ascii_digits(chunk))
            if found is None:
                continue
            span, year, age, cal = found
            words = [w for x in arabic[ln_idx:ln_idx + 2] for w in x.words]
            value = f"{span.first.isoformat()}/{span.last.isoformat()}"
            res.dari["date_of_birth"] = _Reading(
                "date_of_birth", value, chunk, _mean_conf(words), page, _union(w.bbox for w in words),
                SOURCE_HANDWRITTEN, "Arab", "fas",
                ParsedDate(text=chunk, calendar=cal, error=f"age {age} in year {year} ({cal})"),
            )
            break
    return res


# --------------------------------------------------------------------------------------------
# Combining sides and scripts
# --------------------------------------------------------------------------------------------


def _to_field(r: _Reading, evidence: list[str], alternates: list[Alternate], conf: float) -> TazkiraField:
    native = calendar = None
    interval: tuple[str, str] | None = None
    if r.parsed is not None and r.parsed.ok:
        native = r.parsed.native_iso
        calendar = r.parsed.calendar
        iv = r.parsed.interval
        if iv is not None:
            interval = (iv.first.isoformat(), iv.last.isoformat())
    elif r.source == SOURCE_HANDWRITTEN and "/" in r.value and r.field == "date_of_birth":
        a, _, b = r.value.partition("/")
        interval = (a, b)
        calendar = r.parsed.calendar if r.parsed else None
    return TazkiraField(
        value=r.value, confidence=round(conf, 3), page=r.page, bbox=r.bbox, source=r.source, script=r.script,
        raw=r.raw, lang=r.lang, native=native, calendar=calendar, interval=interval,
        evidence=tuple(evidence), alternates=tuple(alternates),
    )


def _alt(r: _Reading) -> Alternate:
    return Alternate(r.value, r.raw, r.script, r.source, r.confidence, r.page, r.bbox)


def _same(key: str, latin: _Reading, dari: _Reading) -> tuple[bool, str]:
    if key == "tazkira_number":
        return digits_of(latin.value) == digits_of(dari.value), "digits against digits"
    if key in _DATE_FIELDS:
        if latin.value == dari.value:
            return True, "Solar Hijri dates converted"
        a = latin.parsed.interval if latin.parsed is not None else None
        b = dari.parsed.interval if dari.parsed is not None else None
        if a is not None and b is not None and (a.contains(b) or b.contains(a)):
            return True, "Solar Hijri dates converted; one printing read less precisely, the other inside it"
        return False, "Solar Hijri dates converted"
    if key == "sex":
        return latin.value == dari.value, "sex"
    return _names_agree(latin.value, dari.value)


def _number_read_in_part(latin: str, dari: str) -> bool:
    """Whether the Dari/Pashto number read shorter than the Latin one, each of its digit groups in it.

    A right-to-left line loses digits and mixes its groups' order (``۴ ۱۳۹۷-۱۸۷۵`` for
    ``۱۳۹۷-۱۸۷۵-۸۱۳۵۴``): that neither confirms the Latin printing nor disagrees with it. A group of
    at least four digits must be among them, so that a stray digit or two are not taken for a read.
    """
    whole = digits_of(latin)
    groups = re.findall(r"\d+", to_ascii_digits(dari))
    return (sum(map(len, groups)) < len(whole) and any(len(g) >= 4 for g in groups)
            and all(g in whole for g in groups))


def _names_agree(latin: str, dari: str) -> tuple[bool, str]:
    """Whether a Latin and a Dari printing of a name agree, and why."""
    # Name families first (workstation.matching.names); the consonant skeleton as a fallback
    # for words its tables do not know (place names).
    cmp = compare_names(latin, None, dari, None)
    if cmp.status == "pass":
        return True, cmp.reason
    ok, score = script_names_agree(dari, latin)
    if ok:
        return True, f"consonant skeleton {score:.0f}/100"
    return False, f"{cmp.reason}; consonant skeleton {score:.0f}/100"


def _combine(
    results: Sequence[_PageResult],
) -> tuple[dict[str, TazkiraField], list[str], str, MrzResult | None]:
    warnings: list[str] = [w for r in results for w in r.warnings]
    fronts = [r for r in results if r.side == "front"]
    papers = [r for r in results if r.side == "paper"]
    backs = [r for r in results if r.side == "back" and r.mrz is not None]
    mrz = backs[0].mrz if backs else None
    fields: dict[str, TazkiraField] = {}
    if fronts or backs:
        variant = "e_tazkira"
    elif papers:
        variant = "paper"
    else:
        variant = "unknown"
    source_pages = fronts or papers
    for key in FIELDS:
        latin = next((r.latin[key] for r in source_pages if key in r.latin), None)
        dari = next((r.dari[key] for r in source_pages if key in r.dari), None)
        for r in (latin, dari):
            if r is not None and r.field in _DATE_FIELDS and not r.value and r.parsed and not r.parsed.ambiguous:
                warnings.append(f"{key}: '{r.raw}' ({r.script}) is not a real date; not accepted")
        settled_note = ""
        if latin is not None and not latin.value and latin.parsed is not None and latin.parsed.ambiguous:
            cands = latin.parsed.candidate_isos
            if dari is not None and dari.value in cands:
                latin = replace(latin, value=dari.value)
                settled_note = "day/month order settled by the Dari/Pashto printing"
            elif dari is None:
                latin = replace(latin, value=cands[0], confidence=min(latin.confidence, 0.5))
                settled_note = "ambiguous day/month order; day-month assumed, for review"
                warnings.append(f"{key}: ambiguous day/month order in '{latin.raw}'")
            else:
                # Neither order of the Latin date is the Dari one (01/04/1988 against ۱۳ حمل ۱۳۶۷,
                # 2 April: a ۲ read as ۳): the printings disagree, the Dari stands unsurely.
                warnings.append(f"{key}: the Latin and Dari/Pashto printings disagree (neither order of "
                                f"'{latin.raw}' is the Dari/Pashto date)")
                settled_note = "the Latin printing's date, in either order, disagrees"
                dari = replace(dari, confidence=min(dari.confidence, DISAGREEING_READS_CONFIDENCE))
                latin = None
        if latin is not None and not latin.value:
            latin = None
        if dari is not None and not dari.value:
            dari = None
        if latin is None and dari is None:
            continue
        evidence: list[str] = []
        alternates: list[Alternate] = []
        if latin is not None and dari is not None:
            agree, how = _same(key, latin, dari)
            alternates.append(_alt(dari))
            if agree:
                evidence.append(f"Latin and Dari/Pashto printings agree ({how})")
                conf = max(latin.confidence, dari.confidence)
                chosen = latin
            elif key == "tazkira_number" and _number_read_in_part(latin.value, dari.value):
                evidence.append("Dari/Pashto printing read in part (what was read of it is in the Latin number)")
                conf = latin.confidence
                chosen = latin
            elif dari.confidence >= CROSS_SCRIPT_MIN_CONFIDENCE and latin.confidence >= CROSS_SCRIPT_MIN_CONFIDENCE:
                warnings.append(f"{key}: the Latin and Dari/Pashto printings disagree ({how})")
                evidence.append(f"Latin and Dari/Pashto printings disagree ({how})")
                conf = min(latin.confidence, dari.confidence) * 0.6
                chosen = latin
            else:
                evidence.append("Dari/Pashto printing not confirmed (low OCR confidence)")
                conf = latin.confidence
                chosen = latin
        else:
            only = latin if latin is not None else dari
            assert only is not None
            if only.source == SOURCE_DARI and only.confidence < DARI_ONLY_MIN_CONFIDENCE:
                continue  # an unsure Dari read with no Latin printing: more likely debris than a value
            chosen = only
            conf = chosen.confidence
        if settled_note and (chosen is latin or chosen is dari):
            evidence.append(settled_note)
        if chosen.parsed is not None and chosen.parsed.ok and chosen.parsed.calendar == "solar_hijri":
            evidence.append(f"Solar Hijri {chosen.parsed.native_iso} converted to Gregorian")
        if chosen.source == SOURCE_HANDWRITTEN:
            conf = min(conf, HANDWRITTEN_CONFIDENCE_CAP)
            evidence.append("handwritten: low confidence, for review")
        fields[key] = _to_field(chosen, evidence, alternates, conf)
    if papers and not fronts:
        warnings.append("paper tazkira: handwritten fields are read with low confidence and go to review")
    if backs:
        names = [f.value for k, f in fields.items() if k in ("given_names", "surname") and f.script == "Latn"]
        mrz, mrz_names = _pick_mrz(backs[0].mrz_candidates, names)
        _merge_mrz(fields, warnings, mrz, mrz_names, backs[0])
    return fields, warnings, variant, mrz


def _merge_mrz(
    fields: dict[str, TazkiraField], warnings: list[str], mrz: MrzResult, names: tuple[str, str], back: _PageResult
) -> None:
    bpage = back.page
    if not mrz.valid:
        failed = [k for k, ok in mrz.checks.items() if not ok]
        warnings.append("MRZ check digits fail: " + (", ".join(failed) or "dates"))
    numbers = _mrz_tazkira_numbers(mrz)
    mrz_surname, mrz_given = names
    name_line = mrz.lines[-1] if mrz.format == "TD1" and mrz.lines else ""
    if name_line and "<<" not in name_line and not name_line.endswith("<"):
        mrz_given = ""  # the primary identifier fills the line: given names truncated away
    elif bool(mrz_given) != bool(mrz_surname):
        # A single name (either identifier): compare it with whichever slot the front filled;
        # the other slot empty is not a mismatch (policy), and it is never filled from here.
        single = mrz_given or mrz_surname
        front_slot = next((k for k in ("given_names", "surname") if k in fields), None)
        mrz_given, mrz_surname = "", ""
        if front_slot == "given_names":
            mrz_given = single
        elif front_slot == "surname":
            mrz_surname = single
    pairs: list[tuple[str, str, bool]] = [
        ("tazkira_number", format_tazkira_number(numbers[0]) if numbers else "",
         mrz.checks.get("document_number", False)),
        ("date_of_birth", mrz.date_of_birth, mrz.checks.get("date_of_birth", False)),
        ("sex", mrz.sex if mrz.sex in ("M", "F") else "", True),
        ("given_names", mrz_given, False),
        ("surname", mrz_surname, False),
    ]
    for key, mval, proven in pairs:
        if not mval:
            continue
        mrz_alt = Alternate(mval, mval, "Latn", SOURCE_MRZ, 0.9 if proven else 0.75, bpage, back.mrz_bbox)
        f = fields.get(key)
        if f is None and key == "tazkira_number" and not mrz.checks.get("composite", False):
            continue  # the optional data is covered by the composite check digit only
        if f is None:
            conf = 0.9 if proven and mrz.valid else 0.6
            evidence: tuple[str, ...] = ("read from the MRZ only",)
            if key in ("given_names", "surname") and _TRIPLED_LETTER.search(mval):
                # A filler misread as a letter and a letter doubled (GHULAMSFAROOOQ): no check digit
                # covers the names, and no name runs a letter three times: not sure, for review.
                conf = min(conf, GARBLED_NAME_CONFIDENCE)
                evidence = (*evidence, "a letter three times running: an OCR slip, not sure")
            fields[key] = TazkiraField(
                value=mval, confidence=conf, page=bpage, bbox=back.mrz_bbox,
                source=SOURCE_MRZ, script="Latn", raw=mval, lang="eng", evidence=evidence,
            )
            continue
        agree = number_in_zone(digits_of(f.value), numbers) if key == "tazkira_number" else _mrz_agrees(
            key, f, mval, mrz.names_truncated or (key == "surname" and not names[1]))
        if agree and key == "date_of_birth" and proven and len(mval) > len(f.value) and f.source != SOURCE_MRZ:
            # The front printed less (a month); the MRZ's check digit proves the full date inside it.
            fields[key] = replace(f, value=mval, source=SOURCE_MRZ, bbox=back.mrz_bbox, page=bpage,
                                  evidence=(*f.evidence, f"front printed {f.raw!r}; full date from the MRZ"),
                                  alternates=(*f.alternates, Alternate(f.value, f.raw, f.script, f.source,
                                                                       f.confidence, f.page, f.bbox)))
            continue
        front_alt = Alternate(f.value, f.raw, f.script, f.source, f.confidence, f.page, f.bbox)
        if agree and key in ("given_names", "surname") and f.script == "Arab":
            # Only the Dari printing of the front was read; the MRZ's Latin spelling, which that
            # printing confirms, is the value (records and letters spell names in Latin).
            fields[key] = TazkiraField(
                value=mval, confidence=max(0.6, min(f.confidence, 0.85)), page=bpage, bbox=back.mrz_bbox,
                source=SOURCE_MRZ, script="Latn", raw=mval, lang="eng",
                evidence=(*f.evidence, "MRZ agrees with the Dari/Pashto printing of the front; Latin from the MRZ"),
                alternates=(*f.alternates, front_alt),
            )
            continue
        if agree:
            ev = (*f.evidence, "MRZ agrees")
            fields[key] = replace(f, evidence=ev, alternates=(*f.alternates, mrz_alt),
                                  confidence=max(f.confidence, 0.9 if proven else f.confidence))
            continue
        warnings.append(f"{key}: the MRZ disagrees with the front of the card")
        dari_alt = next((a for a in f.alternates if a.script == "Arab" and a.value), None)
        if (key in ("given_names", "surname") and f.script == "Latn" and dari_alt is not None
                and _dari_latin_agree(dari_alt.value, mval) and not _dari_latin_agree(dari_alt.value, f.value)):
            # Two printings against one: the MRZ and the front's Dari agree, the Latin reading of
            # the front does not (an OCR slip or a value under the wrong label). Still a review item.
            fields[key] = TazkiraField(
                value=mval, confidence=0.6, page=bpage, bbox=back.mrz_bbox, source=SOURCE_MRZ, script="Latn",
                raw=mval, lang="eng",
                evidence=("the MRZ and the Dari/Pashto printing agree; the Latin printing was read differently",
                          "MRZ disagrees with the Latin front"),
                alternates=(front_alt, *f.alternates),
            )
            continue
        partial = key == "tazkira_number" and bool(numbers) and digits_of(f.value) in numbers[0] and (
            len(digits_of(f.value)) < len(numbers[0]))
        if proven and mrz.valid and (f.confidence < 0.8 or partial):
            # The printed value is doubtful and the MRZ's check digit proves its own: take it.
            fields[key] = TazkiraField(
                value=mval, confidence=0.6, page=bpage, bbox=back.mrz_bbox, source=SOURCE_MRZ, script="Latn",
                raw=mval, lang="eng", evidence=("front unreadable or doubtful; MRZ check digit holds",
                                                "MRZ disagrees with the front"),
                alternates=(Alternate(f.value, f.raw, f.script, f.source, f.confidence, f.page, f.bbox),),
            )
        else:
            fields[key] = replace(f, evidence=(*f.evidence, "MRZ disagrees"), alternates=(*f.alternates, mrz_alt),
                                  confidence=f.confidence * 0.6)


def _dari_latin_agree(dari: str, latin: str) -> bool:
    """Whether a Dari-script name and a Latin one are the same name (family, else consonant skeleton)."""
    if compare_names(latin, None, dari, None).status == "pass":
        return True
    return script_names_agree(dari, latin)[0]


def _mrz_tazkira_numbers(mrz: MrzResult) -> list[str]:
    """Where a TD1 zone may carry the tazkira number (UNVERIFIED layout), most likely first.

    The optional data of line 1 (a card serial in the document number field), or the document
    number itself, or a long document number continued in the optional data (ICAO 9303).
    """
    opt, num = digits_of(mrz.optional_data), digits_of(mrz.document_number)
    cands = [c for c in (opt if len(opt) >= 10 else "", num + opt, num) if len(c) >= 6]
    return list(dict.fromkeys(cands))


def _mrz_agrees(key: str, f: TazkiraField, mval: str, truncated: bool) -> bool:
    if key == "tazkira_number":
        return digits_of(f.value) == digits_of(mval) or digits_of(f.value).startswith(digits_of(mval))
    if key == "date_of_birth":
        if f.interval is None:
            return f.value.startswith(mval) or mval.startswith(f.value)
        m = parse_date_text(mval)
        iv = m.interval
        if iv is None:
            return False
        first, last = date.fromisoformat(f.interval[0]), date.fromisoformat(f.interval[1])
        return DateInterval(first, last).overlaps(iv)
    if key == "sex":
        return f.value == mval
    if f.script != "Latn":
        return script_names_agree(f.value, mval)[0]
    a = re.sub(r"[^A-Z]", "", f.value.upper())
    b = re.sub(r"[^A-Z]", "", mval.upper())
    return a == b or ((truncated or len(b) >= 20) and a.startswith(b))
