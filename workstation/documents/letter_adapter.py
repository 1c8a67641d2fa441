"""The employment-letter reader plugged into :func:`workstation.documents.reading.read_document`.

``reading.py`` looks this module up lazily for kind ``employment_letter``. The first page is the
pipeline's prepared, upright page (``ctx.page``): a scanned first page is OCRed from it, so every
box of page 1 refers to the image the viewer shows (``DocumentReading.page_image``). Text-layer
pages keep their words (boxes in rendered-page pixels); other scanned pages go through the letter
reader's own preparation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from workstation.documents.letter import (
    LETTER_EXTRA_FIELDS,
    LETTER_FIELDS,
    MIN_TEXT_LAYER_WORDS,
    REREAD_WARNING,
    LetterReading,
    clean_for_ocr,
    confirm_identifiers,
    letter_extra_json,
    ocr_letter_page,
    page_from_ocr,
    read_letter_pages,
    text_layer_page,
)
from workstation.documents.letter_fields import LetterField
from workstation.documents.letter_text import LetterPage
from workstation.documents.reading import DocumentReading, FieldValue, ReadContext
from workstation.ocr import OcrResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LetterFieldValue(FieldValue):
    """A letter field: the pipeline's field plus the ambiguity of a date the letter does not settle."""

    ambiguous: bool = False
    candidates: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """ARCHITECTURE.md 4.2 field; an unsettled date has ``value: null``, ``ambiguous`` and ``candidates``."""
        out = super().as_dict()
        if self.ambiguous:
            out["value"] = None
            out["ambiguous"] = True
            out["candidates"] = list(self.candidates)
        return out


def _field(f: LetterField) -> LetterFieldValue:
    bbox = (int(round(f.bbox[0])), int(round(f.bbox[1])), int(round(f.bbox[2])), int(round(f.bbox[3])))
    return LetterFieldValue(value=f.value, confidence=f.confidence, page=f.page, bbox=bbox, source=f.source,
                            raw=f.raw, ambiguous=f.ambiguous, candidates=f.candidates)


def reading_to_document(reading: LetterReading, file: str = "", sha256: str = "") -> DocumentReading:
    """A :class:`DocumentReading` (kind ``employment_letter``) from a :class:`LetterReading`."""
    fields = {name: _field(reading.fields[name]) for name in LETTER_FIELDS + LETTER_EXTRA_FIELDS
              if name in reading.fields}
    return DocumentReading(file=file, sha256=sha256, kind="employment_letter", fields=fields,
                           warnings=reading.warnings, extra=letter_extra_json(reading))


def _lines_run_down(result: OcrResult) -> bool:
    """Whether the page was read with its lines running down the image (a quarter turn left in it).

    Tesseract reads a page turned by a quarter well word by word (it finds vertical lines), so the
    pipeline's classifying read names the letter and leaves the page as it is; but the words' boxes
    are then stacked down the page, and a letter's lines, taken by height, mix words from every line
    ("Madam, Dear Sir or"). Most words of four letters or more taller than wide tell it.
    """
    long_words = [w for w in result.words if len(w.text) >= 4 and w.confidence >= 0.5]
    if len(long_words) < 10:
        return False
    tall = sum(1 for w in long_words if (w.bbox[3] - w.bbox[1]) > 1.5 * (w.bbox[2] - w.bbox[0]))
    return tall * 2 > len(long_words)


def read_letter_document(ctx: ReadContext) -> DocumentReading:
    """Read the letter in ``ctx`` (the registry entry for ``employment_letter``)."""
    pages: list[LetterPage] = []
    reread: list[int] = []
    language = ""
    total = len(ctx.source.pages)
    for i, page in enumerate(ctx.source.pages):
        if ctx.cancel is not None:
            ctx.cancel.raise_if_set()
        ctx.reporter.update(i, total, "letter")
        if page.text_words is not None and len(page.text_words) >= MIN_TEXT_LAYER_WORDS:
            # a Dari text layer whose fonts do not map their glyphs is read by OCR, as read_letter does
            lp, lang = text_layer_page(page, ctx.config, ctx.engine)
            if lang:
                language = language or lang
                reread.append(page.page_number)
            pages.append(lp)
        elif i == 0:
            # The pipeline already cropped, straightened and turned page 1: read that image.
            dpi = int(page.dpi) if page.dpi else None
            # Same geometry as ctx.page (boxes stay valid on the viewer's image); stamps, uneven light
            # and table rules cleaned away.
            clean, factor = clean_for_ocr(ctx.page)
            result = ctx.engine.recognize(clean, lang="eng", dpi=max(1, round(dpi * factor)) if dpi else None,
                                          timeout_s=ctx.config.ocr_timeout_s)
            h, w = ctx.page.shape[:2]
            lp = page_from_ocr(page.page_number, float(w), float(h), result, factor=factor)
            down = _lines_run_down(result)
            kept = True
            if result.mean_confidence < 0.55 or down:
                lp2, lang = ocr_letter_page(page, ctx.config, ctx.engine)
                got, had = sum(x.confidence for x in lp2.words), sum(x.confidence for x in lp.words)
                # Turned upright by the letter reader, about as many words read: its lines are lines.
                if got > had or (down and got >= 0.8 * had):
                    lp, language, kept = lp2, lang, False
            if kept:
                lp = confirm_identifiers(lp, clean, factor, ctx.engine, ctx.config.ocr_timeout_s)
            pages.append(lp)
            language = language or "eng"
        else:
            lp, lang = ocr_letter_page(page, ctx.config, ctx.engine)
            language = language or lang
            pages.append(lp)
    ctx.reporter.update(total, total, "letter")
    reading = read_letter_pages(pages, language=language)
    if reread:
        reading = replace(reading, warnings=reading.warnings + (REREAD_WARNING.format(
            pages=", ".join(map(str, reread))),))
    return reading_to_document(reading, ctx.source.file_name, ctx.source.sha256)
