"""Settle a letter's ambiguous numeric dates by its own other dates (DOMAIN.md, policy decisions).

``05/03/2010`` may be 5 March or 3 May. When the same letter writes another numeric date whose
first number cannot be a month (``25/03/2011``: day first) or whose second cannot (``03/25/2011``:
month first), and no date of the letter says the opposite, the letter's order is known and every
ambiguous date of it takes the reading in that order. The record under check never settles a date.
A reader may leave a date ambiguous that the letter settles; this is the checks' safety net.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Literal

from workstation.checks.model import DocumentEvidence, FieldValue

_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")

Order = Literal["dmy", "mdy"]


def _numbers(raw: str | None) -> tuple[int, int, int] | None:
    m = _NUMERIC.match(raw or "")
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def letter_order(doc: DocumentEvidence) -> Order | None:
    """``dmy`` or ``mdy`` when the letter's numeric dates show their order and none contradicts it."""
    seen: set[Order] = set()
    for fv in doc.fields.values():
        n = _numbers(fv.raw)
        if n is None:
            continue
        a, b, _y = n
        if a > 12 >= b >= 1:
            seen.add("dmy")
        elif b > 12 >= a >= 1:
            seen.add("mdy")
    return next(iter(seen)) if len(seen) == 1 else None


def _in_order(raw: str | None, order: Order) -> str | None:
    n = _numbers(raw)
    if n is None:
        return None
    a, b, y = n
    day, month = (a, b) if order == "dmy" else (b, a)
    return f"{y:04d}-{month:02d}-{day:02d}"


def _settled_field(fv: FieldValue, order: Order) -> FieldValue | None:
    if not fv.alternatives:
        return None
    pick = _in_order(fv.raw, order)
    if pick is None or pick not in (fv.value, *fv.alternatives):
        return None
    return replace(fv, value=pick, alternatives=())


def _settled_period_date(raw: Any, settled: Mapping[tuple[str, ...], str]) -> Any:
    """A period's ambiguous date (a reader dict) whose candidates are those of a letter field now settled."""
    if not isinstance(raw, dict) or not raw.get("ambiguous"):
        return raw
    key = tuple(sorted(str(c) for c in raw.get("candidates") or ()))
    pick = settled.get(key)
    if pick is None:
        return raw
    return {**raw, "value": pick, "ambiguous": False, "candidates": [pick]}


def settle_letter_dates(doc: DocumentEvidence) -> DocumentEvidence:
    """The letter with every ambiguous numeric date settled by the order its other dates show."""
    ambiguous = [k for k, fv in doc.fields.items() if fv.alternatives]
    if not ambiguous:
        return doc
    order = letter_order(doc)
    if order is None:
        return doc
    fields = dict(doc.fields)
    settled: dict[tuple[str, ...], str] = {}
    for k in ambiguous:
        new = _settled_field(fields[k], order)
        if new is None:
            continue
        settled[tuple(sorted((fields[k].value, *fields[k].alternatives)))] = new.value
        fields[k] = new
    if not settled:
        return doc
    extra = dict(doc.extra)
    periods = extra.get("periods")
    if isinstance(periods, list):
        extra["periods"] = [
            {name: _settled_period_date(v, settled) if name in ("start_date", "end_date") else v
             for name, v in p.items()} if isinstance(p, dict) else p
            for p in periods
        ]
    shown = "day first" if order == "dmy" else "month first"
    note = f"day/month order of {len(settled)} date(s) settled by the letter's other dates ({shown})"
    return replace(doc, fields=fields, extra=extra, warnings=(*doc.warnings, note))
