"""``read_document``: one file in, one :class:`DocumentReading` out (ARCHITECTURE.md 4.2).

The pipeline is a short list of stages: intake -> prepare the first page (crop, deskew) ->
look for a machine-readable zone in each orientation -> classify -> the reader registered for
the kind. The CLI (``workstation read``), the service and the UI all call this function; the
JSON of ``workstation read --json`` is :meth:`DocumentReading.as_dict`.

Readers plug in with :func:`register_reader`; the passport reader is built in, the tazkira and
letter readers are looked up lazily so a broken one never stops the others.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from workstation.config import WorkstationConfig
from workstation.documents.classify import (
    EMPLOYMENT_LETTER,
    PASSPORT,
    TAZKIRA,
    UNKNOWN,
    Classification,
    classify,
    weak_zone,
)
from workstation.documents.mrz import MrzResult, mrz_likeness
from workstation.documents.mrz_reader import MrzReading, find_and_read_mrz
from workstation.documents.side import Pending, start_beside
from workstation.imaging.deskew import (
    DESKEW_MIN_DEG,
    DESKEW_MIN_STRENGTH,
    SkewEstimate,
    deskew,
    estimate_skew,
)
from workstation.imaging.document import find_document, rectify
from workstation.imaging.geometry import (
    Image,
    Quad,
    check_image,
    quarter_point,
    rectified_points,
    resize_to_max,
    rotate_quarter,
    smooth_grain,
    to_bgr,
    to_gray,
)
from workstation.imaging.mrz_band import band_sharpness, find_mrz_bands
from workstation.imaging.orientation import detect_orientation, text_runs_vertically
from workstation.imaging.pipeline import enlarge_small_print
from workstation.imaging.quality import (
    WARN_BLUR,
    WARN_NO_TEXT,
    QualityReport,
    assess_quality,
    print_height,
    resolution_warning,
)
from workstation.intake.loader import load_document
from workstation.intake.model import IntakeOptions, PageImage, SourceDocument
from workstation.ocr import OcrEngine, OcrResult, PageSegMode, get_engine
from workstation.progress import NULL_REPORTER, CancelToken, Reporter

log = logging.getLogger(__name__)

T = TypeVar("T")

BBox = tuple[int, int, int, int]
#: Declared resolutions below this are a camera's nominal 72/96 DPI, not a scan's: treat as a photo.
PHOTO_DPI = 150.0


#: One OCR word on the prepared page: ``(text, x0, y0, x1, y1, confidence 0..1, page number)``.
#: Plain tuples of atoms: cheap to send from the reader process, and the garbage collector
#: stops tracking them.
WordBox = tuple[str, int, int, int, int, float, int]


def word_boxes(words: Iterable[Any], *, offset: tuple[float, float] = (0.0, 0.0), factor: float = 1.0,
               page: int = 1) -> list[WordBox]:
    """OCR words (``OcrWord``, or text-layer words without a confidence) as :data:`WordBox` tuples.

    Args:
        words: Words with ``text``, ``bbox`` and optionally ``confidence``, in the pixels of the
            image that was read.
        offset: Top-left of that image on the prepared page.
        factor: Scale applied to the page region before reading (boxes are divided by it).
        page: Page number the words are on.
    """
    ox, oy = offset
    f = factor if factor > 0 else 1.0
    out: list[WordBox] = []
    for w in words:
        text = str(w.text).strip()
        if not text:
            continue
        x0, y0, x1, y1 = w.bbox
        conf = float(getattr(w, "confidence", 1.0))
        out.append((text, round(x0 / f + ox), round(y0 / f + oy), round(x1 / f + ox), round(y1 / f + oy),
                    round(conf, 2), page))
    return out


@dataclass(frozen=True)
class FieldValue:
    """One field as read, with its evidence.

    Attributes:
        value: The value (names upper-case, dates ISO ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY``).
        confidence: 0..1.
        page: 1-based page number.
        bbox: ``(x0, y0, x1, y1)`` on the prepared (upright) page image, ``None`` when unknown.
        source: ``mrz``, ``printed`` (visual inspection zone), ``text_layer`` or ``ocr``.
        raw: The text as read, before normalisation.
    """

    value: str
    confidence: float
    page: int
    bbox: BBox | None
    source: str
    raw: str = ""

    def as_dict(self) -> dict[str, object]:
        """The field object of ARCHITECTURE.md 4.2."""
        return {
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "page": self.page,
            "bbox": list(self.bbox) if self.bbox is not None else None,
            "source": self.source,
        }


@dataclass(frozen=True)
class QualitySummary:
    """Image quality of the page the fields came from.

    Attributes:
        blur: 0 (sharp) .. 1 (no edges left).
        glare: Share of the page in blown-out highlights.
        dpi: Effective resolution, ``None`` when unknown.
    """

    blur: float
    glare: float
    dpi: float | None

    def as_dict(self) -> dict[str, object]:
        """The ``quality`` object of ARCHITECTURE.md 4.2."""
        return {
            "blur": round(self.blur, 3),
            "glare": round(self.glare, 4),
            "dpi": round(self.dpi) if self.dpi else None,
        }


@dataclass(frozen=True)
class DocumentReading:
    """Everything read from one document file.

    Attributes:
        file: Base name of the file.
        sha256: Hex SHA-256 of the file's bytes.
        kind: ``passport``, ``tazkira``, ``employment_letter`` or ``unknown``.
        fields: The 4.2 field names of the kind, each with its evidence (unreadable fields absent).
        mrz: The parsed zone, when one was read.
        mrz_bbox: The zone's box on the prepared page.
        mrz_confidence: Mean OCR confidence of the zone.
        printed_fields: Fields read from the printed page (for the document-internal comparison).
        consistency: MRZ vs printed page, per field: ``match``, ``mismatch`` or ``unread``.
        quality: Image quality of the first page.
        warnings: One actionable line each (quality, unreadable fields, MRZ problems, mismatches).
        classification: How the kind was decided.
        rotation: Clockwise quarter turn applied to the first page.
        page_count: Pages in the file.
        elapsed_s: Wall time of the read.
        extra: Kind-specific extra facts (letters: periods, red flags...).
    """

    file: str
    sha256: str
    kind: str
    fields: Mapping[str, FieldValue]
    mrz: MrzResult | None = None
    mrz_bbox: BBox | None = None
    mrz_confidence: float = 0.0
    printed_fields: Mapping[str, FieldValue] = field(default_factory=dict)
    consistency: Mapping[str, str] = field(default_factory=dict)
    quality: QualitySummary = QualitySummary(0.0, 0.0, None)
    warnings: tuple[str, ...] = ()
    classification: Classification | None = None
    rotation: int = 0
    page_count: int = 1
    elapsed_s: float = 0.0
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: The prepared, upright first page the boxes refer to (for the viewer; never serialised).
    page_image: Any = field(default=None, compare=False, repr=False)
    #: OCR words of that page (for the viewer's word boxes; not part of ``as_dict``).
    words: tuple[WordBox, ...] = field(default=(), compare=False, repr=False)

    def as_dict(self) -> dict[str, object]:
        """The JSON object of ``workstation read --json`` (ARCHITECTURE.md 4.2)."""
        mrz: dict[str, object] | None = None
        if self.mrz is not None:
            mrz = self.mrz.as_dict()
            mrz["confidence"] = round(self.mrz_confidence, 3)
        out: dict[str, object] = {
            "file": self.file,
            "sha256": self.sha256,
            "kind": self.kind,
            "fields": {k: v.as_dict() for k, v in self.fields.items()},
            "mrz": mrz,
            "quality": self.quality.as_dict(),
            "warnings": list(self.warnings),
        }
        if self.printed_fields:
            out["printed_fields"] = {k: v.as_dict() for k, v in self.printed_fields.items()}
        if self.consistency:
            out["consistency"] = dict(self.consistency)
        if self.extra:
            out["extra"] = dict(self.extra)
        return out


class PageMeasures:
    """A page's quality and the warnings gathered up to its reading, taken once, when first asked for."""

    def __init__(self, measure: Callable[[], tuple[QualitySummary, tuple[str, ...]]]) -> None:
        self._measure = measure
        self._lock = threading.Lock()
        self._value: tuple[QualitySummary, tuple[str, ...]] | None = None

    @classmethod
    def known(cls, quality: QualitySummary, warnings: tuple[str, ...] = ()) -> PageMeasures:
        """Measures already taken."""
        return cls(lambda: (quality, warnings))

    def get(self) -> tuple[QualitySummary, tuple[str, ...]]:
        """``(quality, warnings)``."""
        with self._lock:
            if self._value is None:
                self._value = self._measure()
            return self._value


@dataclass(frozen=True, eq=False)
class ReadContext:
    """What a kind's reader receives.

    Attributes:
        source: The decoded file.
        page: The first page, prepared and upright.
        rotation: Quarter turn applied to it.
        mrz: The zone found on it, if any.
        page_text: OCR of the upright first page (``None`` when not needed to classify).
        measures: The first page's quality and the warnings gathered so far (intake, imaging),
            measured when first asked for (:attr:`quality`, :attr:`warnings`): they may still be
            measured on the second thread while the reader starts.
        config: The desk configuration.
        engine: The OCR engine.
        reporter: Progress sink.
        cancel: Cancellation token.
        today: Reference date for century inference and expiry.
        words: Words a reader kept for the viewer.
    """

    source: SourceDocument
    page: Image
    rotation: int
    mrz: MrzReading | None
    page_text: OcrResult | None
    measures: PageMeasures
    config: WorkstationConfig
    engine: OcrEngine
    reporter: Reporter
    cancel: CancelToken | None
    today: date
    #: OCR words of the page a reader kept for the viewer (see :meth:`keep_words`).
    words: list[WordBox] = field(default_factory=list)

    @property
    def quality(self) -> QualitySummary:
        """Quality of the first page."""
        return self.measures.get()[0]

    @property
    def warnings(self) -> tuple[str, ...]:
        """Warnings gathered before the reader (intake, imaging)."""
        return self.measures.get()[1]

    def keep_words(self, result: OcrResult, *, offset: tuple[float, float] = (0.0, 0.0), factor: float = 1.0) -> None:
        """Keep the words of an OCR of (a region of) the prepared page for the viewer.

        ``offset`` is the region's top-left on the page and ``factor`` the scale it was read at.
        """
        self.words.extend(word_boxes(result.words, offset=offset, factor=factor))


Reader = Callable[[ReadContext], DocumentReading]
_READERS: dict[str, Reader] = {}
#: Readers found lazily (module, function) so that a kind's reader is optional.
_LAZY_READERS: dict[str, tuple[str, str]] = {
    TAZKIRA: ("workstation.documents.tazkira_adapter", "read_tazkira_document"),
    EMPLOYMENT_LETTER: ("workstation.documents.letter_adapter", "read_letter_document"),
}


def register_reader(kind: str, reader: Reader) -> None:
    """Make ``reader`` the reader of ``kind`` (replacing any previous one)."""
    _READERS[kind] = reader


def reader_for(kind: str) -> Reader | None:
    """The reader registered for ``kind``, loading a lazily declared one; ``None`` when none."""
    if kind in _READERS:
        return _READERS[kind]
    spec = _LAZY_READERS.get(kind)
    if spec is None:
        return None
    try:
        mod = importlib.import_module(spec[0])
    except ModuleNotFoundError as e:
        if e.name == spec[0]:
            return None
        raise
    fn: Reader = getattr(mod, spec[1])
    _READERS[kind] = fn
    return fn


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.raise_if_set()


def read_document(
    path: Path | str,
    config: WorkstationConfig | None = None,
    reporter: Reporter = NULL_REPORTER,
    cancel: CancelToken | None = None,
    *,
    engine: OcrEngine | None = None,
    today: date | None = None,
    kind: str | None = None,
) -> DocumentReading:
    """Read one document file: classify it and extract its fields with evidence.

    Args:
        path: Image (JPEG, PNG, TIFF) or PDF.
        config: Desk configuration (default: from the environment).
        reporter: Receives ``update(done, total, stage)``.
        cancel: Checked between stages.
        engine: OCR engine (default: :func:`workstation.ocr.get_engine`).
        today: Reference date (default: today).
        kind: Skip classification and read as this kind.

    Raises:
        InputError: The file is missing, empty, corrupt, too large, encrypted or of an unknown kind.
        OcrError: The OCR engine is missing or failed.
        CancelledError: ``cancel`` was set.
    """
    t0 = time.perf_counter()
    cfg = config or WorkstationConfig.from_env()
    today = today or date.today()
    total = 5
    reporter.update(0, total, "intake")
    source = load_document(path, IntakeOptions.from_config(cfg), cancel=cancel)
    _check(cancel)
    eng = engine or get_engine(cfg)
    first = source.pages[0]
    reporter.update(1, total, "imaging")
    # A passport data page's quality is measured beside the reading of its printed page.
    prepared = prepare_document_page(first, eng, today=today, cancel=cancel, quality_beside=True,
                                     dari="fas" in cfg.ocr_languages)
    page, rotation, mrz_reading = prepared.image, prepared.rotation, prepared.mrz
    page_text: OcrResult | None = None
    page_text_factor = 1.0

    def measures() -> tuple[QualitySummary, tuple[str, ...]]:
        quality_report = prepared.quality
        dpi = quality_report.dpi
        found = list(source.warnings) + _blur_verdict(page, mrz_reading, quality_report)
        if mrz_reading is not None and mrz_reading.line_height_px > 0 and (not first.dpi or first.dpi < PHOTO_DPI):
            # Effective resolution from the zone's line height: OCR-B capitals are ~2.42 mm tall and
            # the ink band of a line is ~1.2 cap heights.
            dpi = mrz_reading.line_height_px / 1.2 / (2.42 / 25.4)
            low = resolution_warning(dpi)
            if low and low not in found:
                found.append(low)
        return QualitySummary(quality_report.blur, quality_report.glare, dpi), tuple(found)

    page_measures = PageMeasures(measures)
    reporter.update(3, total, "classify")
    if kind is None:
        text = ""
        if first.has_text_layer and first.text_words:
            text = " ".join(w.text for w in first.text_words)
        elif mrz_reading is None or weak_zone(mrz_reading.result):
            # No zone, or one too unsure to decide (print that only looks like a zone): read words
            # (preparing the page read them already when it checked that the page was upright).
            small, page_text_factor = resize_to_max(page, CLASSIFY_SIDE)
            page_text = prepared.page_text or eng.recognize(small, lang="eng", psm=PageSegMode.AUTO)
            text = page_text.text
            if (len(text.split()) < 40 or classify(text).kind == UNKNOWN) and "fas" in cfg.ocr_languages:
                # Little or no telling Latin text: a Dari/Pashto document (tazkira, letter) reads better in fas.
                fas = prepared.page_text_fas or eng.recognize(small, lang="fas", psm=PageSegMode.AUTO)
                text = text + "\n" + fas.text
            if classify(text).kind == UNKNOWN and len(text.split()) >= _MIN_WORDS_TO_READ_AGAIN:
                # Still nothing telling: a grainy photo (sensor noise, enlarged) reads as specks.
                # The same page with the grain removed, last.
                text = text + "\n" + eng.recognize(smooth_grain(small), lang="eng", psm=PageSegMode.AUTO).text
        classification = classify(text, mrz_reading.result if mrz_reading else None)
        kind = classification.kind
    else:
        classification = Classification(kind, 1.0, ("kind given by the caller",))
    _check(cancel)
    reporter.update(4, total, kind)
    ctx = ReadContext(
        source=source,
        page=page,
        rotation=rotation,
        mrz=mrz_reading,
        page_text=page_text,
        measures=page_measures,
        config=cfg,
        engine=eng,
        reporter=reporter,
        cancel=cancel,
        today=today,
    )
    reader = reader_for(kind)
    extra: list[str] = []
    if reader is None:
        if kind != UNKNOWN:
            extra.append(f"no reader for {kind.replace('_', ' ')} documents in this installation")
        else:
            extra.append("document kind not recognised: no fields read")
        reading = DocumentReading(file=source.file_name, sha256=source.sha256, kind=kind, fields={})
    else:
        reading = reader(ctx)
    quality, gathered = page_measures.get()
    warnings = list(gathered) + extra
    words = _page_words(first, page, rotation, page_text, page_text_factor, ctx.words)
    elapsed = time.perf_counter() - t0
    reporter.update(total, total, "done")
    merged = tuple(dict.fromkeys(list(warnings) + [w for w in reading.warnings if w not in warnings]))
    log.info("read a %s (%d page(s)) in %.2f s", kind, source.page_count, elapsed)
    return replace(
        reading,
        file=source.file_name,
        sha256=source.sha256,
        kind=kind,
        quality=quality,
        warnings=merged,
        classification=classification,
        rotation=rotation,
        page_count=source.page_count,
        elapsed_s=elapsed,
        page_image=page,
        words=words,
    )


def _page_words(first: PageImage, page: Image, rotation: int, page_text: OcrResult | None, factor: float,
                kept: list[WordBox]) -> tuple[WordBox, ...]:
    """The words of the prepared page for the viewer, from reading that was done anyway (no extra OCR).

    The text layer when the page was not cropped or turned (its boxes are in rendered pixels),
    else the whole-page OCR made to classify the page, else what the kind's reader kept.
    """
    if first.text_words and rotation == 0 and tuple(first.image.shape[:2]) == tuple(page.shape[:2]):
        return tuple(word_boxes(first.text_words))
    if page_text is not None and page_text.words:
        return tuple(word_boxes(page_text.words, factor=factor))
    return tuple(kept)


@dataclass(frozen=True, eq=False)
class PreparedDocumentPage:
    """A page of a file made ready for reading, the way :func:`read_document` prepares its first page.

    Attributes:
        image: The cropped, straightened, upright page.
        rotation: Clockwise quarter turn applied to it.
        mrz: The zone found on it, if any.
        measured: Quality of the page (of the data page a zone implies, when there is one), or its
            measure under way on the second thread (see :attr:`quality`).
        page_text: ``eng`` OCR of the upright page reduced to :data:`CLASSIFY_SIDE` (the read that
            classifies a page without a decisive zone), when preparing made it; else ``None``.
        page_text_fas: The same read in ``fas``, when preparing made it; else ``None``.
    """

    image: Image
    rotation: int
    mrz: MrzReading | None
    measured: QualityReport | Pending[QualityReport]
    page_text: OcrResult | None = None
    page_text_fas: OcrResult | None = None

    @property
    def quality(self) -> QualityReport:
        """Quality of the page; waits for its measure when it is under way."""
        m = self.measured
        return m.result() if isinstance(m, Pending) else m


#: Longer side of the page copy read to classify it (and to check that it is upright).
CLASSIFY_SIDE = 1800
#: Words (fragments) a read must give before an unnamed page is read another way: fewer is a
#: blank or nearly blank page, where another read finds nothing either.
_MIN_WORDS_TO_READ_AGAIN = 3


def prepare_document_page(
    page: PageImage, eng: OcrEngine, *, today: date | None = None, cancel: CancelToken | None = None,
    quality_beside: bool = False, dari: bool = False,
) -> PreparedDocumentPage:
    """Crop, straighten and turn a page upright; read its zone on the way.

    Fast path: the zone is looked for in the image as it came (a scan or photo within a degree
    or two reads fine) and its check digits decide the orientation; when it passes, the outline
    search and the deskew are skipped and quality is measured on the data page the zone implies.
    Otherwise: the document's outline (photos), print too small for OCR enlarged
    (:func:`enlarge_small_print`), then deskew, then the zone again. A page without
    a decisive zone is read as it stands (the read that classifies it): when its words already
    name a kind of document, it is upright (print read upside down or sideways gives no such
    words); only when they do not are OCR votes and OSD asked for the orientation.

    ``dari``: a page whose English words name no kind is read in Dari (``fas``) as it stands before
    it is turned (kept as ``page_text_fas``, the classifying read's Dari half).

    ``quality_beside``: the quality of a passport data page (a TD3 zone) prepared the slow way is
    measured on the second thread, when it is free, while the caller goes on (it reads the printed
    page next); :attr:`PreparedDocumentPage.quality` waits for it.
    """
    today = today or date.today()
    img = original = to_bgr(check_image(page.image))
    declared = page.dpi if page.dpi and page.dpi >= PHOTO_DPI else None
    mrz_reading: MrzReading | None = None
    data_page = cropped = False
    probe = _PageProbe(img, declared)
    page_text_fas: OcrResult | None = None
    if not page.has_text_layer:
        def zone_then_quality() -> tuple[MrzReading | None, QualityReport | None]:
            zone = find_and_read_mrz(eng, img, today=today, read_again=probe.stays)
            if zone is None or not zone.result.plausible or not probe.running():
                return zone, None
            if zone.result.format == "TD3" and declared is None and probe.outline() is not None:
                return zone, None  # a data page in a photo is cropped to its outline: measured there
            # The probe still runs: meanwhile, the quality of the data page the fast path keeps
            # (the fast path is the usual outcome of a zone that reads well; else this is unused).
            upright = rotate_quarter(img, zone.rotation) if zone.rotation else img
            return zone, assess_quality(_data_page(upright, zone), dpi=declared)

        mrz_reading, early_quality = probe.beside(zone_then_quality)
        # A passport data page (TD3) has its printed fields above the zone: they need the page
        # straightened even when the zone read well. A card's zone side (TD1) keeps the fast path.
        data_page = mrz_reading is not None and mrz_reading.result.plausible and mrz_reading.result.format == "TD3"
        # The outline first: a photo with one is cropped whatever its skew (known later).
        if mrz_reading is not None and mrz_reading.result.plausible and not (
            data_page and declared is None and probe.outline() is not None
        ) and not (data_page and probe.turned(mrz_reading)):
            upright = rotate_quarter(img, mrz_reading.rotation) if mrz_reading.rotation else img
            quality = early_quality or assess_quality(_data_page(upright, mrz_reading), dpi=declared)
            return PreparedDocumentPage(upright, mrz_reading.rotation, mrz_reading, quality)
    _check(cancel)
    if declared is None:
        # Photos carry no resolution (or a nominal 72/96): look for the document's outline.
        quad = probe.outline()
        if quad is not None:
            as_found = img
            img = probe.cropped()
            cropped = True
            if not page.has_text_layer:
                moved = _settled_zone_in_crop(mrz_reading, as_found, img, quad) if mrz_reading is not None else None
                again = moved or _zone_again(eng, img, mrz_reading, today)
                if again is not None and (mrz_reading is None or not _better(mrz_reading, again)):
                    mrz_reading = again
                elif mrz_reading is not None:
                    # The zone read better on the page as it came; its box is in that page's pixels.
                    # Its reading with the box of the same zone on the cropped page, else that page.
                    if again is not None and again.rotation == mrz_reading.rotation:
                        mrz_reading = replace(again, result=mrz_reading.result, confidence=mrz_reading.confidence)
                    else:
                        img, cropped = as_found, False
    _check(cancel)
    if not page.has_text_layer:
        # Print too small for OCR (a card scanned at 150 DPI): enlarged before anything is read;
        # a zone found so far keeps its reading, its box moved into the enlarged page's pixels.
        img, enlarged = enlarge_small_print(img)
        if enlarged > 1.0 and mrz_reading is not None:
            mrz_reading = _scaled_zone(mrz_reading, enlarged)
    page_text: OcrResult | None = None
    # A cropped page's lean is its own (the crop undid the photo's perspective and turn).
    turned = data_page and (probe.crop_leans() if cropped else probe.turned(mrz_reading))
    if not page.has_text_layer and (mrz_reading is None or not mrz_reading.result.plausible or turned):
        # A photo cropped to its outline whose zone then read well leans little if at all: a lean
        # the printed rows do not feel is left alone, as on the fast path, and the zone is not
        # read again for it.
        zone_good = cropped and mrz_reading is not None and mrz_reading.result.plausible
        # The page not cropped: its skew is the one measured on the page as it came (enlarging
        # print does not turn it).
        # A cropped page's lean was measured beside the zone read, unless its print was enlarged since.
        known = (probe.crop_skew() if enlarged == 1.0 else None) if cropped else probe.skew()
        straight, skew = deskew(img, min_angle=FAST_PATH_MAX_SKEW_DEG if zone_good else DESKEW_MIN_DEG,
                                estimate=known)
        if skew and mrz_reading is None:
            # Nothing zone-like so far: read the straightened page's words (the read that
            # classifies it) before looking for a zone again. Upright words that name a kind of
            # document, with no line of zone print among them (OCR of a zone as plain text still
            # shows its filler runs), are cheap evidence of a page without a zone: a card front.
            page_text = _upright_read(straight, eng)
            img = straight
            if classify(page_text.text).kind != UNKNOWN and not _zone_like_lines(page_text.text):
                skew = 0.0
        if skew:
            again = _zone_again(eng, straight, mrz_reading, today)
            if again is not None and (
                mrz_reading is None or _better(again, mrz_reading) or (turned and not _better(mrz_reading, again))
            ):
                img, mrz_reading = straight, again
            elif mrz_reading is None:
                img = straight
    _check(cancel)
    if mrz_reading is not None and not weak_zone(mrz_reading.result):
        rotation = mrz_reading.rotation
        page_text = None
    elif page.has_text_layer:
        rotation = 0
    else:
        page_text = page_text or _upright_read(img, eng)
        if classify(page_text.text).kind != UNKNOWN:
            rotation = 0
        elif dari and len(page_text.words) >= _MIN_WORDS_TO_READ_AGAIN and classify(
            page_text.text + "\n" + (page_text_fas := _dari_read(img, eng)).text
        ).kind != UNKNOWN:
            # A page in Dari or Pashto only (a paper tazkira, a letter) reads as specks in English
            # whichever way it lies; read in Dari as it stands, it names its kind only upright.
            rotation = 0
        else:
            page_text_fas = None
            # Next to nothing read (a blank page): no turn will name it; the votes decide at once.
            by_words = _turn_by_words(img, eng) if len(page_text.words) >= _MIN_WORDS_TO_READ_AGAIN else None
            if by_words is not None:
                rotation, page_text = by_words
            else:
                rotation = detect_orientation(img, eng).rotation
                if rotation:
                    page_text = None  # read turned: the words are read again from the upright page
        if mrz_reading is not None and mrz_reading.rotation != rotation:
            # A weak zone (no check digit holds, no document code) read in another orientation than
            # the page's print: other print that looked like a zone. The page is read without it.
            mrz_reading = None
    upright = rotate_quarter(img, rotation) if rotation else img
    _check(cancel)
    zone = mrz_reading

    def measure() -> QualityReport:
        region = _data_page(upright, zone) if zone is not None else upright
        quality = assess_quality(region, dpi=declared)
        if WARN_NO_TEXT in quality.warnings and upright.shape[:2] != original.shape[:2]:
            # A document was found (its outline) but no print on it: resampling the crop smoothed a
            # blurred photo's print below what the character search finds. The photo as it came
            # tells whether it was blur; "rescan" is then the message the officer can act on.
            as_taken = assess_quality(original, dpi=declared)
            if WARN_BLUR in as_taken.warnings:
                quality = replace(quality, blur=max(quality.blur, as_taken.blur),
                                  warnings=tuple(WARN_BLUR if w == WARN_NO_TEXT else w for w in quality.warnings))
        return quality

    if quality_beside and zone is not None and zone.result.format == "TD3":
        return PreparedDocumentPage(upright, rotation, zone, start_beside(measure), page_text, page_text_fas)
    return PreparedDocumentPage(upright, rotation, zone, measure(), page_text, page_text_fas)


class _PageProbe:
    """What decides a page's path, measured on the page as it came: is there an outline, is it turned.

    Both are wanted only for some pages (a photo; a passport data page) and only after the zone is
    read. With a second thread free they are measured beside the zone's read (:meth:`beside`),
    the outline first (a photo is cropped to it there and then, :meth:`cropped`), then the skew; each
    answer is waited for only when it is asked for. Without a second thread, each is measured
    when it is first asked for.
    """

    def __init__(self, img: Image, declared: float | None) -> None:
        self._img = img
        self._declared = declared
        self._pending: Pending[None] | None = None
        self._outline_known = threading.Event()
        self._skew_known = threading.Event()
        self._skew_lock = threading.Lock()
        self._skew_taken = False
        self._estimate: SkewEstimate | None = None
        self._outline: tuple[Quad | None] | None = None
        self._crop: Image | None = None
        self._crop_known = threading.Event()
        self._crop_estimate: SkewEstimate | None = None
        self._crop_skew_known = threading.Event()
        self._zone_estimate: SkewEstimate | None = None

    def beside(self, fn: Callable[[], T]) -> T:
        """``fn()``, with the outline and the skew measured on the second thread meanwhile when it is free.

        Returns when ``fn`` does: the measures may still be running (they only read the image).
        """
        img, declared = self._img, self._declared

        def measure() -> None:
            try:
                if declared is None:
                    self._outline = (find_document(img),)
            finally:
                self._outline_known.set()
            try:
                if self._outline is not None and self._outline[0] is not None:
                    # Every page with an outline is cropped to it: done here, while the zone is read.
                    self._crop = rectify(img, self._outline[0])
            finally:
                self._crop_known.set()
            if self._crop is not None:
                # A page cropped to its outline is straightened as cropped: its lean is the one
                # wanted (the skew of the page as it came only on rare paths, measured when asked for).
                try:
                    self._crop_estimate = estimate_skew(self._crop)
                finally:
                    self._crop_skew_known.set()
            elif self._take_skew():
                self._measure_skew()

        pending = start_beside(measure)
        if pending.beside:
            self._pending = pending
        return fn()

    def _take_skew(self) -> bool:
        """Claim the skew's measurement (whichever thread needs it first measures it)."""
        with self._skew_lock:
            taken, self._skew_taken = self._skew_taken, True
            return not taken

    def _measure_skew(self) -> None:
        try:
            self._estimate = estimate_skew(self._img)
        finally:
            self._skew_known.set()

    def skew(self) -> SkewEstimate:
        """The skew of the page as it came.

        Asked before the other thread got to it (it is still looking for the outline), it is
        measured here meanwhile, so the two measures run at once.
        """
        if self._take_skew():
            self._measure_skew()
        self._skew_known.wait()
        if self._estimate is None and self._pending is not None:
            self._pending.result()  # the other thread failed: its error
        if self._estimate is None:
            raise RuntimeError("the page's skew was not measured")  # pragma: no cover - defensive
        return self._estimate

    def running(self) -> bool:
        """Whether the measures are still being taken on the second thread."""
        return self._pending is not None and self._pending.running

    def turned(self, zone: MrzReading | None = None) -> bool:
        """Whether a page whose zone passed is turned enough to straighten it all the same.

        The zone reads well a few degrees off, the printed fields above it do not: such a page
        takes the slow path (outline search for photos, deskew) instead of the fast one. A lean
        the page's print measures only weakly (a wide margin, a photo, an overprint dilute its
        rows) is settled by the ``zone``'s own lines, dense print across the page.
        """
        est = self.skew()
        if _leans(est):
            return True
        if zone is None or abs(est.angle) <= FAST_PATH_MAX_SKEW_DEG:
            return False
        if self._zone_estimate is None:
            # Measured once, with the zone as first read on this page as it came (a zone read again on
            # an enlarged page has its box in other pixels).
            self._zone_estimate = _zone_skew(self._img, zone)
        return _leans(self._zone_estimate)

    def stays(self, zone: MrzReading) -> bool:
        """Whether a page whose zone did not read cleanly is read on as it stands.

        A data page (TD3) with an outline around it is cropped, and one whose lines lean is
        straightened (:func:`deskew` turns any skew of 0.1 degree or more): either way its zone is
        read again there, at every scale it needs, so reading it again here first is wasted.
        Other zones (cards) keep their reads: their pages need no printed fields above the zone.
        """
        if zone.result.format != "TD3":
            return True
        if self._declared is None and self.outline() is not None:
            return False
        est = self.skew()
        return not (est.strength >= DESKEW_MIN_STRENGTH and abs(est.angle) >= DESKEW_MIN_DEG)

    def cropped(self) -> Image:
        """The page cut out along its outline, perspective undone (:func:`rectify`); there must be one."""
        quad = self.outline()
        if quad is None:
            raise ValueError("the page has no outline to crop to")
        if self._pending is not None:
            self._crop_known.wait()
        if self._crop is None:
            self._crop = rectify(self._img, quad)
        return self._crop

    def crop_skew(self) -> SkewEstimate:
        """The lean of the page cropped to its outline (:meth:`cropped`), measured beside the zone's read."""
        crop = self.cropped()
        if self._pending is not None and self._crop is crop:
            self._crop_skew_known.wait()
        if self._crop_estimate is None:
            self._crop_estimate = estimate_skew(crop)
        return self._crop_estimate

    def crop_leans(self) -> bool:
        """Whether the cropped page leans enough to straighten a data page whose zone passed (see :meth:`turned`)."""
        return _leans(self.crop_skew())

    def outline(self) -> Quad | None:
        """The document's outline in the page as it came (a photo's; ``None`` for a page with a resolution)."""
        if self._pending is not None and self._declared is None:
            self._outline_known.wait()
            if self._outline is None:
                self._pending.result()  # the outline search failed on the other thread: its error
        if self._outline is None:
            self._outline = (find_document(self._img),)
        return self._outline[0]


#: Skew (degrees) above which a page whose zone read well is still straightened, and a photo in
#: which a document outline is found is still cropped to it: the printed fields above the zone
#: read worse on such a page than the zone does.
FAST_PATH_MAX_SKEW_DEG = 1.0


def _zone_skew(img: Image, zone: MrzReading) -> SkewEstimate:
    """The skew of the zone's lines (its ink's width, its box's height) on the page as it came."""
    upright = rotate_quarter(img, zone.rotation) if zone.rotation else img
    (x0, x1), y0, y1 = zone.core_x, zone.bbox[1], zone.bbox[3]
    if x1 - x0 < 5 * zone.line_height_px or y1 <= y0:
        return SkewEstimate(angle=0.0, strength=1.0, vertical=False)
    return estimate_skew(upright[y0:y1, x0:x1])


def _leans(est: SkewEstimate) -> bool:
    """Whether a page with this skew leans enough to straighten a data page whose zone read well."""
    return abs(est.angle) > FAST_PATH_MAX_SKEW_DEG and est.strength >= 1.5


def _zone_again(eng: OcrEngine, page: Image, prior: MrzReading | None, today: date) -> MrzReading | None:
    """The zone read again on ``page``, the cropped or straightened page of a zone read before (``prior``).

    A prior reading that was settled (every check digit held, two models read the names alike)
    leaves nothing to read better: the zone is looked for only in its orientation and read once,
    for its box on the new page. That read settling too, it is the reading; else the prior's
    reading is kept with the new box (the new page's zone reading worse than the page as it came
    is OCR noise, not evidence). Nothing found there: the whole search, as without a prior.
    """
    if prior is None or not prior.settled:
        return find_and_read_mrz(eng, page, today=today)
    again = find_and_read_mrz(eng, page, today=today, rotations=(prior.rotation,), read_again=lambda _: False)
    if again is None:
        return find_and_read_mrz(eng, page, today=today)
    if again.settled:
        return again
    return replace(again, result=prior.result, confidence=prior.confidence, settled=True)


def _settled_zone_in_crop(prior: MrzReading, page: Image, crop: Image, quad: Quad) -> MrzReading | None:
    """A settled zone of ``page`` (as it came) with the box of the same zone on ``crop``, the page cut
    out along ``quad``: no OCR needed, the band search finds the zone where the perspective puts it.

    A settled reading leaves nothing to read better (see :func:`_zone_again`); only its box is
    wanted on the new page. The band found must lie where the prior box maps to and be about as
    wide as its ink mapped there; else ``None`` (the caller reads the zone again).
    """
    if not prior.settled:
        return None
    rot = prior.rotation
    h, w = page.shape[:2]
    up_size = (h, w) if rot in (90, 270) else (w, h)
    ch, cw = crop.shape[:2]

    x0, y0, x1, y1 = prior.bbox
    cy = (y0 + y1) / 2
    as_came = [quarter_point(pt, up_size, (360 - rot) % 360)
               for pt in (((x0 + x1) / 2, cy), (prior.core_x[0], cy), (prior.core_x[1], cy))]
    centre, left, right = (quarter_point(pt, (cw, ch), rot) for pt in rectified_points(quad, as_came))
    width = abs(right[0] - left[0]) + abs(right[1] - left[1])
    upright = rotate_quarter(to_gray(crop), rot) if rot else to_gray(crop)
    for band in find_mrz_bands(upright, bottom_share=0.5, max_bands=2):
        bx0, by0, bx1, by1 = band.bbox
        core = band.core_x[1] - band.core_x[0]
        if bx0 <= centre[0] <= bx1 and by0 <= centre[1] <= by1 and 0.75 * width <= core <= 1.3 * width:
            return replace(prior, bbox=band.bbox, line_height_px=band.line_height_px, core_x=band.core_x)
    return None


def _scaled_zone(z: MrzReading, f: float) -> MrzReading:
    """A zone reading with its box and line height in the pixels of its page scaled by ``f``."""
    x0, y0, x1, y1 = z.bbox
    box = (round(x0 * f), round(y0 * f), round(x1 * f), round(y1 * f))
    core = (round(z.core_x[0] * f), round(z.core_x[1] * f))
    return replace(z, bbox=box, line_height_px=z.line_height_px * f, core_x=core)


def _upright_read(img: Image, eng: OcrEngine) -> OcrResult:
    """``eng`` OCR of the page as it stands, reduced to :data:`CLASSIFY_SIDE` (the classifying read).

    Page layout analysis (``AUTO``) reads prose and forms well, but on a card photographed on a
    desk (background around it, guilloche, a stamp across it), or a letter photographed on grey
    paper with its folds showing, it can lose every block and return a few fragments or nothing. When its words name no kind of document, the page is read again as
    sparse text (each word on its own, as the card readers read); the read that names a kind,
    else the one with more words, is the classifying read.
    """
    small, _ = resize_to_max(img, CLASSIFY_SIDE)
    auto = eng.recognize(small, lang="eng", psm=PageSegMode.AUTO)
    if classify(auto.text).kind != UNKNOWN:
        return auto
    if len(auto.words) < _MIN_WORDS_TO_READ_AGAIN and print_height(small) <= 0:
        return auto  # next to nothing read, and no print to see (a blank page): no second read
    sparse = eng.recognize(small, lang="eng", psm=PageSegMode.SPARSE_TEXT)
    if classify(sparse.text).kind != UNKNOWN or len(sparse.words) > len(auto.words):
        return sparse
    return auto


def _dari_read(img: Image, eng: OcrEngine) -> OcrResult:
    """``fas`` OCR of the page as it stands, reduced to :data:`CLASSIFY_SIDE`, as :func:`_upright_read` reads ``eng``.

    Layout analysis that loses every block of a photographed page is followed by a sparse read.
    """
    small, _ = resize_to_max(img, CLASSIFY_SIDE)
    auto = eng.recognize(small, lang="fas", psm=PageSegMode.AUTO)
    if classify(auto.text).kind != UNKNOWN or len(auto.words) >= _MIN_WORDS_TO_READ_AGAIN:
        return auto
    sparse = eng.recognize(small, lang="fas", psm=PageSegMode.SPARSE_TEXT)
    return sparse if len(sparse.words) > len(auto.words) else auto


def _turn_by_words(img: Image, eng: OcrEngine) -> tuple[int, OcrResult] | None:
    """The quarter turn under which the page's words name a kind of document, with that read.

    The page as it stands gave no such words. The direction of its text lines leaves one other
    turn (180) or two (90, 270); each is read as the classifying read would read the upright page,
    and the first whose words name a kind wins (print read upside down or sideways names
    nothing). That read is the page's classifying read. ``None`` when no turn names a kind or
    the lines show no direction: the OCR votes and OSD of :func:`detect_orientation` decide.
    Cheaper than the votes on a card or a page of print, and the read is not wasted.
    """
    small, _ = resize_to_max(img, CLASSIFY_SIDE)
    vertical = text_runs_vertically(small)
    if vertical is None:
        return None
    for rot in (90, 270) if vertical else (180,):
        text = _upright_read(rotate_quarter(img, rot), eng)
        if classify(text.text).kind != UNKNOWN:
            return rot, text
    return None


def _zone_like_lines(text: str) -> bool:
    """Whether a line of OCR text looks like machine-readable-zone print (a filler run)."""
    return any("<<" in line or mrz_likeness(line) >= 0.8 for line in text.splitlines())


def _data_page(page: Image, mrz: MrzReading) -> Image:
    """The passport data page implied by its zone: as wide as the zone, ~0.72 of that tall above it."""
    h, w = page.shape[:2]
    x0, x1 = mrz.core_x
    if x1 - x0 < 0.3 * w:
        return page
    cw = x1 - x0
    top = max(0, int(mrz.bbox[1] - 0.72 * cw))
    return page[top : mrz.bbox[3], max(0, int(x0 - 0.04 * cw)) : min(w, int(x1 + 0.04 * cw))]


#: Zone edge steepness (see :func:`band_sharpness`) below which the zone print is blurred.
ZONE_BLUR_SHARPNESS = 0.2
#: A zone at least this sharp that passed every check digit was readable, whatever the page score.
ZONE_READABLE_SHARPNESS = 0.25


def _blur_verdict(page: Image, mrz: MrzReading | None, q: QualityReport) -> list[str]:
    """The page's quality warnings, with the blur warning settled by the zone when there is one.

    The page-wide blur score also reacts to noise and JPEG artefacts; the zone is uniform
    OCR-B print, so its edge steepness is a cleaner measure, and a zone that passed every check
    digit was demonstrably readable.
    """
    warnings = list(q.warnings)
    if mrz is None:
        return warnings
    sharp = band_sharpness(page, mrz.bbox, mrz.line_height_px)
    blurred = WARN_BLUR in warnings
    if blurred and mrz.result.valid and sharp >= ZONE_READABLE_SHARPNESS:
        warnings.remove(WARN_BLUR)
    elif not blurred and sharp < ZONE_BLUR_SHARPNESS:
        warnings.insert(0, WARN_BLUR)
    return warnings


def _better(a: MrzReading, b: MrzReading) -> bool:
    """Whether zone reading ``a`` is better than ``b``: more check digits holding, then settled (two
    models read it alike) before one model's read, then fewer repairs. Blind case 622: one model's read
    of the page as it came dropped a digit and added one, and both check digits held by chance
    (``108690814``); both models read the straightened page ``O86910814`` with one proven repair
    (``0`` as ``O``), and the fewer repairs kept the chance read: a false passport-number fail."""
    def key(r: MrzReading) -> tuple[int, bool, int]:
        res = r.result
        return (sum(res.checks.values()) + (2 if res.valid else 0) + (2 if res.plausible else 0), r.settled,
                -len(res.repairs))

    return key(a) > key(b)


def _read_passport(ctx: ReadContext) -> DocumentReading:
    from workstation.documents.passport import read_passport

    return read_passport(ctx)


register_reader(PASSPORT, _read_passport)
