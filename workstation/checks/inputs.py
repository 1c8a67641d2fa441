"""Turning a reader's output into the checks' :class:`DocumentEvidence`.

The readers (:mod:`workstation.documents`) return a ``DocumentReading`` whose JSON
form is ARCHITECTURE.md 4.2. :func:`from_reading` accepts either the object or
that JSON (a dictionary), so the checks can also run on saved ``workstation read
--json`` output and on ground truth shaped the same way. Only the documented keys
are relied on; anything else is kept in ``extra`` as evidence.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workstation.checks.model import UNKNOWN, BBox, DocumentEvidence, FieldValue

log = logging.getLogger(__name__)

#: The fields an MRZ carries (ARCHITECTURE.md 4.2 names).
MRZ_FIELD_NAMES = ("surname", "given_names", "document_number", "nationality", "date_of_birth", "sex", "expiry_date")


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _bbox(value: Any) -> BBox | None:
    if value is None:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (x0, y0, x1, y1)


def field_value(raw: Any, default_source: str = "") -> FieldValue | None:
    """One reader field (object or JSON) as a :class:`FieldValue`; ``None`` when it holds nothing.

    An ambiguous date (``ambiguous``/``candidates``) keeps every candidate: the first becomes
    the value, the others ``alternatives``.
    """
    if raw is None:
        return None
    if isinstance(raw, str):
        return FieldValue(raw, source=default_source) if raw.strip() else None
    value = _get(raw, "value")
    candidates = tuple(str(c) for c in (_get(raw, "candidates") or ()) if str(c).strip())
    ambiguous = bool(_get(raw, "ambiguous", False)) and len(candidates) > 1
    if value is None or not str(value).strip():
        if not candidates:
            return None
        value = candidates[0]
    value = str(value)
    alternatives: tuple[str, ...] = ()
    if ambiguous:
        alternatives = tuple(c for c in candidates if c != value)
    conf = _get(raw, "confidence")
    page = _get(raw, "page")
    return FieldValue(
        value=value,
        confidence=float(conf) if conf is not None else 1.0,
        page=int(page) if page is not None else None,
        bbox=_bbox(_get(raw, "bbox")),
        source=str(_get(raw, "source") or default_source),
        raw=_get(raw, "raw"),
        alternatives=alternatives,
    )


def _fields(raw: Any, default_source: str = "") -> dict[str, FieldValue]:
    out: dict[str, FieldValue] = {}
    if not raw:
        return out
    items = raw.items() if isinstance(raw, Mapping) else []
    for name, v in items:
        fv = field_value(v, default_source)
        if fv is not None:
            out[str(name)] = fv
    return out


def _mrz_fields(mrz: Any, confidence: float) -> dict[str, FieldValue]:
    """The fields decoded from the MRZ alone (from an ``MrzResult`` or a ``fields`` mapping)."""
    explicit = _get(mrz, "fields")
    if explicit:
        return _fields(explicit, "mrz")
    out: dict[str, FieldValue] = {}
    for name in MRZ_FIELD_NAMES:
        v = _get(mrz, name)
        if isinstance(v, str) and v.strip():
            out[name] = FieldValue(v, confidence, source="mrz")
    return out


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _printed_from_fields(raw_fields: Any) -> dict[str, FieldValue]:
    """Printed-page values of the MRZ fields, from each field and its ``alternates`` (Latin script only).

    A reader that reads the printed page and the MRZ separately reports the printed value as the
    field (source ``viz``/``viz_latin``/``ocr``) or as an alternate; Dari-script values are left to
    the reader's own cross-script comparison.
    """
    out: dict[str, FieldValue] = {}
    if not isinstance(raw_fields, Mapping):
        return out
    for name, raw in raw_fields.items():
        if name not in MRZ_FIELD_NAMES:
            continue
        cands = [raw, *(_get(raw, "alternates") or ())]
        for c in cands:
            src = str(_get(c, "source") or "")
            if src == "mrz" or not src:
                continue
            fv = field_value(c, src)
            if fv is not None and not _is_arabic(fv.value):
                out[str(name)] = fv
                break
    return out


def from_reading(reading: Any, *, file: str | None = None) -> DocumentEvidence:
    """The checks' view of one reading (a ``DocumentReading`` or its JSON form).

    Args:
        reading: Object or dictionary with ``kind``, ``fields`` and optionally ``file``,
            ``sha256``, ``mrz``, ``printed_fields``, ``quality``, ``warnings``.
        file: The document's file name when the reading does not carry one.
    """
    name = file or _get(reading, "file") or _get(reading, "path") or "document"
    name = Path(str(name)).name
    kind = str(_get(reading, "kind") or UNKNOWN)
    mrz = _get(reading, "mrz")
    mrz_present = bool(mrz) and bool(_get(mrz, "lines") or _get(mrz, "format"))
    checks_raw = _get(mrz, "checks") or {}
    mrz_checks = {str(k): bool(v) for k, v in dict(checks_raw).items()} if mrz_present else {}
    mrz_conf_raw = _get(mrz, "confidence")
    if mrz_conf_raw is None and mrz_present:
        mrz_conf_raw = _get(reading, "mrz_confidence")
    mrz_conf = float(mrz_conf_raw) if mrz_conf_raw is not None else 1.0
    repairs = tuple(str(_get(r, "field", r)) for r in (_get(mrz, "repairs") or ()))
    lines = tuple(str(x) for x in (_get(mrz, "lines") or ()))
    quality_raw = _get(reading, "quality")
    quality: dict[str, Any]
    if isinstance(quality_raw, Mapping):
        quality = dict(quality_raw)
    elif quality_raw is not None and hasattr(quality_raw, "__dataclass_fields__"):
        quality = {k: getattr(quality_raw, k) for k in quality_raw.__dataclass_fields__}
    else:
        quality = {}
    extra_raw = _get(reading, "extra")
    extra = dict(extra_raw) if isinstance(extra_raw, Mapping) else {}
    mrz_warnings = [str(w) for w in (_get(mrz, "warnings") or ())] if mrz_present else []
    if mrz_warnings:
        extra["mrz_warnings"] = mrz_warnings
    trunc = _get(mrz, "names_truncated", _get(mrz, "name_truncated"))
    if isinstance(trunc, bool):
        extra["mrz_names_truncated"] = trunc
    return DocumentEvidence(
        file=name,
        kind=kind,
        fields=_fields(_get(reading, "fields")),
        sha256=str(_get(reading, "sha256") or ""),
        mrz_fields=_mrz_fields(mrz, mrz_conf) if mrz_present else {},
        printed_fields=_fields(_get(reading, "printed_fields") or _get(reading, "viz_fields"), "viz")
        or _printed_from_fields(_get(reading, "fields")),
        mrz_present=mrz_present,
        mrz_checks=mrz_checks,
        mrz_confidence=mrz_conf,
        mrz_repairs=repairs,
        mrz_lines=lines,
        quality=quality,
        warnings=tuple(str(w) for w in (_get(reading, "warnings") or ())),
        extra=extra,
    )
