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
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workstation.documents.mrz import MrzResult
from workstation.documents.reading import DocumentReading, FieldValue, ReadContext
from workstation.documents.tazkira import SOURCE_MRZ, TazkiraField, TazkiraReading, read_tazkira
from workstation.imaging.pipeline import prepare_page

log = logging.getLogger(__name__)

__all__ = ["TazkiraFieldValue", "read_tazkira_document", "to_document_reading"]

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
    """Read a tazkira file for :func:`workstation.documents.reading.read_document`."""
    pages = [ctx.page]
    for extra_page in ctx.source.pages[1:]:
        if ctx.cancel is not None:
            ctx.cancel.raise_if_set()
        prepared = prepare_page(extra_page.image, dpi=extra_page.dpi, engine=ctx.engine,
                                find_quad=extra_page.dpi is None, cancel=ctx.cancel)
        pages.append(prepared.image)
    known: dict[int, tuple[MrzResult, tuple[int, int, int, int]]] = {}
    if ctx.mrz is not None:
        known[0] = (ctx.mrz.result, ctx.mrz.bbox)
    reading = read_tazkira(
        pages,
        engine=ctx.engine,
        page_numbers=[p.page_number for p in ctx.source.pages],
        today=ctx.today,
        known_mrz=known,
    )
    return to_document_reading(reading, file=ctx.source.file_name, sha256=ctx.source.sha256)
