"""Adapters from the tazkira and letter readers (their own issues) to :class:`DocumentReading`.

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


def read_letter_document(ctx: ReadContext) -> DocumentReading:
    """Read an employment letter with :func:`workstation.documents.letter.read_letter`."""
    from workstation.documents.letter import letter_extra_json, letter_fields_json, read_letter

    reading = read_letter(ctx.source, ctx.config, ctx.engine, ctx.reporter, ctx.cancel)
    fields: dict[str, FieldValue] = {}
    extra: dict[str, Any] = dict(letter_extra_json(reading))
    for name, d in letter_fields_json(reading).items():
        f = _field(d)
        if f is not None:
            fields[name] = f
        elif d.get("ambiguous"):
            extra.setdefault("ambiguous_fields", {})[name] = d
    return DocumentReading(
        file=ctx.source.file_name,
        sha256=ctx.source.sha256,
        kind="employment_letter",
        fields=fields,
        warnings=tuple(reading.warnings),
        extra=extra,
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
