"""Adapter from the tazkira reader (its own issue) to :class:`DocumentReading`.

The employment-letter reader has its own adapter, ``workstation.documents.letter_adapter``.

Loaded lazily by :func:`workstation.documents.reading.reader_for`, so a broken or missing
reader never stops ``workstation read`` for the other kinds.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from workstation.documents.reading import DocumentReading, FieldValue, ReadContext
from workstation.imaging.pipeline import prepare_page

log = logging.getLogger(__name__)


def _field(d: Mapping[str, Any]) -> FieldValue | None:
    value = d.get("value")
    if value is None:
        return None
    bbox = d.get("bbox")
    box = tuple(int(round(float(v))) for v in bbox) if bbox and len(bbox) == 4 else None
    return FieldValue(
        value=str(value),
        confidence=float(d.get("confidence") or 0.0),
        page=int(d.get("page") or 1),
        bbox=box,  # type: ignore[arg-type]
        source=str(d.get("source") or "ocr"),
        raw=str(d.get("raw") or value),
    )


def read_tazkira_document(ctx: ReadContext) -> DocumentReading:
    """Read a tazkira (every page: e-tazkira front and back, or a paper tazkira)."""
    from workstation.documents.tazkira import read_tazkira

    pages = [ctx.page]
    numbers = [1]
    for p in ctx.source.pages[1:]:
        if ctx.cancel is not None:
            ctx.cancel.raise_if_set()
        prepared = prepare_page(p.image, dpi=p.dpi, engine=ctx.engine, find_quad=p.dpi is None, cancel=ctx.cancel)
        pages.append(prepared.image)
        numbers.append(p.page_number)
    reading = read_tazkira(pages, engine=ctx.engine, page_numbers=numbers, today=ctx.today)
    fields: dict[str, FieldValue] = {}
    for name, tf in reading.fields.items():
        f = _field(tf.as_dict())
        if f is not None:
            fields[name] = f
    return DocumentReading(
        file=ctx.source.file_name,
        sha256=ctx.source.sha256,
        kind="tazkira",
        fields=fields,
        mrz=reading.mrz,
        warnings=tuple(reading.warnings),
        extra={"variant": reading.variant, "sides": list(reading.sides)},
    )
