"""The tazkira reader behind ``read_document`` / ``workstation read`` (kind ``tazkira``).

:func:`read_tazkira_document` is looked up lazily by :mod:`workstation.documents.reading`. It
reads every page of the file (an e-tazkira front and back may come as a two-page PDF or as two
files; a paper certificate is one page): the first page as the pipeline prepared it, with the
MRZ the pipeline already found; further pages prepared here. The fields keep the reader's
evidence in their JSON: the script each was read from, the Solar Hijri original, the other
printings (``alternates``) and what they were compared with.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workstation.documents.classify import weak_zone
from workstation.documents.mrz import MrzResult
from workstation.documents.mrz_reader import MrzReading, find_and_read_mrz
from workstation.documents.reading import (
    PHOTO_DPI,
    DocumentReading,
    FieldValue,
    PreparedDocumentPage,
    ReadContext,
)
from workstation.documents.side import page_threads, start_beside
from workstation.documents.tazkira import (
    SOURCE_MRZ,
    TazkiraField,
    TazkiraReading,
    TazkiraSide,
    combine_sides,
    read_side,
)
from workstation.imaging.geometry import Image, check_image, rotate_quarter, to_bgr
from workstation.imaging.pipeline import prepare_page
from workstation.imaging.quality import assess_quality
from workstation.intake.model import PageImage
from workstation.ocr import OcrEngine
from workstation.progress import CancelToken

log = logging.getLogger(__name__)

__all__ = [
    "TazkiraFieldValue",
    "prepare_tazkira_page",
    "read_tazkira_document",
    "read_tazkira_pages",
    "to_document_reading",
    "zone_evidence",
]

#: Fields compared between the MRZ and the front (the ``consistency`` of the reading).
_MRZ_FIELDS = ("tazkira_number", "surname", "given_names", "date_of_birth", "sex")


@dataclass(frozen=True)
class TazkiraFieldValue(FieldValue):
    """A :class:`FieldValue` that also says which script it was read from, with its evidence.

    Attributes:
        script: ``Latn`` or ``Arab``.
        details: The rest of the reader's evidence (``native``, ``calendar``, ``interval``,
            ``evidence``, ``alternates``, ``lang``, ``raw``), added to the JSON as is.
    """

    script: str = "Latn"
    details: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """The 4.2 field object plus ``script`` and the reader's evidence."""
        d = super().as_dict()
        d["script"] = self.script
        d.update(self.details)
        return d


def _field_value(f: TazkiraField) -> TazkiraFieldValue:
    full = f.as_dict()
    details = {k: v for k, v in full.items() if k not in ("value", "confidence", "page", "bbox", "source", "script")}
    return TazkiraFieldValue(
        value=f.value, confidence=f.confidence, page=f.page, bbox=f.bbox, source=f.source, raw=f.raw,
        script=f.script, details=details,
    )


def to_document_reading(reading: TazkiraReading, *, file: str = "", sha256: str = "") -> DocumentReading:
    """A :class:`TazkiraReading` in the shape every reader returns (ARCHITECTURE.md 4.2)."""
    fields = {k: _field_value(f) for k, f in reading.fields.items()}
    printed: dict[str, FieldValue] = {}
    consistency: dict[str, str] = {}
    for key in _MRZ_FIELDS:
        f = reading.fields.get(key)
        if f is None:
            continue
        front = f if f.source != SOURCE_MRZ else None
        if front is None:
            front_alt = next((a for a in f.alternates if a.source != SOURCE_MRZ), None)
            if front_alt is None:
                continue  # read from the MRZ only: nothing printed to compare with
            printed[key] = FieldValue(front_alt.value, front_alt.confidence, front_alt.page, front_alt.bbox,
                                      front_alt.source, front_alt.raw)
        elif front.script == "Latn":
            printed[key] = FieldValue(front.value, front.confidence, front.page, front.bbox, front.source, front.raw)
        if reading.mrz is None:
            continue
        if any("MRZ agrees" in e for e in f.evidence):
            consistency[key] = "match"
        elif any("MRZ disagrees" in e for e in f.evidence):
            consistency[key] = "mismatch"
        else:
            consistency[key] = "unread"
    mrz: MrzResult | None = reading.mrz
    mrz_field = next((f for f in reading.fields.values() if f.source == SOURCE_MRZ), None)
    return DocumentReading(
        file=file,
        sha256=sha256,
        kind="tazkira",
        fields=fields,
        mrz=mrz,
        mrz_bbox=mrz_field.bbox if mrz_field is not None else None,
        printed_fields=printed,
        consistency=consistency,
        warnings=reading.warnings,
        elapsed_s=reading.elapsed_s,
        extra={"variant": reading.variant, "sides": list(reading.sides)},
    )


def read_tazkira_document(ctx: ReadContext) -> DocumentReading:
    """Read a tazkira file for :func:`workstation.documents.reading.read_document`.

    Further pages are prepared by :func:`prepare_tazkira_page`: a back's zone, found with its
    check digits, decides its orientation, and only the zone is read again. See
    :func:`read_tazkira_pages` for how the sides share the desk's cores.
    """
    reading = read_tazkira_pages(ctx.page, ctx.mrz, list(ctx.source.pages), ctx.engine, today=ctx.today,
                                 cancel=ctx.cancel)
    return to_document_reading(reading, file=ctx.source.file_name, sha256=ctx.source.sha256)


def read_tazkira_pages(
    first: Image,
    first_zone: MrzReading | None,
    pages: Sequence[PageImage],
    engine: OcrEngine,
    *,
    today: date | None = None,
    cancel: CancelToken | None = None,
    threads: int | None = None,
) -> TazkiraReading:
    """Read a tazkira file whose first page is already prepared (``first``, with the zone found on it).

    The further pages (``pages[1:]``; ``pages[0]`` only gives its page number) are prepared by
    :func:`prepare_tazkira_page` and read. Each page is read on its own and only the combination
    looks across them, so with two threads (:func:`page_threads`) the back is prepared and read
    on a second core while the front is read: a card takes about its slower side, not both.
    Tesseract releases the GIL while it recognises, and the engine keeps one API per thread.
    """
    start = time.perf_counter()
    numbers = [p.page_number for p in pages] or [1]
    known0, hints0 = zone_evidence([first_zone])

    def further(page: PageImage) -> TazkiraSide:
        if cancel is not None:
            cancel.raise_if_set()
        prepared = prepare_tazkira_page(page, engine, today=today, cancel=cancel)
        known, hints = zone_evidence([prepared.mrz])
        return read_side(prepared.image, page.page_number, engine, today, known=known.get(0), hint=hints.get(0))

    rest = list(pages[1:])
    n = threads if threads is not None else page_threads()
    # One further page (a card's back) beside the front; more pages (rare) after it, on the same thread.
    pending = start_beside(lambda: [further(p) for p in rest], threads=n) if rest else None
    try:
        sides = [read_side(first, numbers[0], engine, today, known=known0.get(0), hint=hints0.get(0))]
    finally:
        # Whatever happened here, the other thread's reads end before this returns (a cancel
        # reaches them through the same token); their error is raised below.
        if pending is not None:
            pending.wait()
    if pending is not None:
        sides += pending.result()
    return combine_sides(sides, elapsed_s=time.perf_counter() - start)


_ZoneBoxes = dict[int, tuple[MrzResult, tuple[int, int, int, int]]]


def prepare_tazkira_page(
    page: PageImage, engine: OcrEngine, *, today: date | None = None, cancel: CancelToken | None = None
) -> PreparedDocumentPage:
    """A further page of a tazkira file (a back after its front, or the other way round), made upright.

    The zone is looked for once, in the page as it came: when it holds together as a card's
    (:func:`zone_evidence`), its check digits have decided the orientation and the reader takes
    it as read. Otherwise the page is prepared by :func:`prepare_page` (outline, deskew, OCR
    votes) and the reader reads it in full, zone included.
    """
    img = to_bgr(check_image(page.image))
    declared = page.dpi if page.dpi and page.dpi >= PHOTO_DPI else None
    if not page.has_text_layer:
        zone = find_and_read_mrz(engine, img, today=today)
        if zone is not None and _card_zone(zone.result):
            upright = rotate_quarter(img, zone.rotation) if zone.rotation else img
            return PreparedDocumentPage(upright, zone.rotation, zone, assess_quality(upright, dpi=declared))
        if zone is not None and _zone_orients(zone.result):
            # A zone not clean enough to take as read (a corrected line length, a misread code,
            # a full name field) whose check digits still hold has shown which way up the page
            # is: the OCR votes (most of the cost of preparing a back) are not needed. The page
            # is read in full, as before (this zone, passed on as one more reading, has outvoted
            # the reader's own reads of the names with a filler misread as K).
            if cancel is not None:
                cancel.raise_if_set()
            upright = rotate_quarter(img, zone.rotation) if zone.rotation else img
            prepared = prepare_page(upright, dpi=declared, engine=engine, find_quad=declared is None,
                                    orient=False, cancel=cancel)
            return PreparedDocumentPage(prepared.image, zone.rotation, None, prepared.quality)
    if cancel is not None:
        cancel.raise_if_set()
    prepared = prepare_page(img, dpi=declared, engine=engine, find_quad=declared is None, cancel=cancel)
    return PreparedDocumentPage(prepared.image, prepared.rotation, None, prepared.quality)


def zone_evidence(zones: Sequence[MrzReading | None]) -> tuple[_ZoneBoxes, _ZoneBoxes]:
    """The zones preparation read, by page index: those :func:`read_tazkira` may take as read, and hints.

    A zone is taken as read only when it holds together as a card's: TD1, every check digit
    right, a card's document code (``I``, ``A`` or ``C``), nothing repaired or corrected on the
    way. Any other zone (a misread back, or print on a front that looks like a zone) is a hint:
    the reader reads its page in full and counts the hint as one more reading of the zone.
    """
    known: _ZoneBoxes = {}
    hints: _ZoneBoxes = {}
    for i, z in enumerate(zones):
        if z is not None:
            (known if _card_zone(z.result) else hints)[i] = (z.result, z.bbox)
    return known, hints


#: Check digits that must verify before a zone's reading decides the orientation of its page.
_ORIENTING_CHECKS = 2


def _zone_orients(m: MrzResult) -> bool:
    """Whether a zone read is proof of its page's orientation: a card's, with check digits that hold.

    Print read upside down or sideways does not pass two check digits by chance; a front's
    zone-like lines (``PA...``) are TD3 and fail theirs.
    """
    return m.format == "TD1" and sum(1 for ok in m.checks.values() if ok) >= _ORIENTING_CHECKS and not weak_zone(m)


def _card_zone(m: MrzResult) -> bool:
    return (m.format == "TD1" and m.valid and m.document_code[:1] in "IAC" and not m.repairs
            and not m.warnings and not weak_zone(m))
