"""Exporting part of the trail for a supervisor: one case or a date range, as CSV or a PDF report.

Exports stream (constant memory). Every export is itself an audit event, written after the
file is complete; if that write fails the file is removed (fail closed).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from workstation.audit.chain import AuditEvent
from workstation.audit.store import EventFilter
from workstation.errors import InputError

log = logging.getLogger(__name__)

CSV_COLUMNS = (
    "seq",
    "event_id",
    "ts",
    "workstation_id",
    "actor",
    "role",
    "event_type",
    "case_ref",
    "payload",
    "prev_hash",
    "hash",
)
#: Cells starting with these are formulas to a spreadsheet; they are prefixed with "'" (OWASP advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportScope:
    """What an export covers: one case, or events from ``first_day`` to ``last_day`` (UTC, inclusive)."""

    case_ref: str | None = None
    first_day: date | None = None
    last_day: date | None = None

    def __post_init__(self) -> None:
        if self.case_ref is None and self.first_day is None and self.last_day is None:
            raise InputError("Choose what to export: --case N, or --from DATE and/or --to DATE")
        if self.first_day and self.last_day and self.first_day > self.last_day:
            raise InputError("--from is after --to")

    @classmethod
    def parse(cls, case_ref: str | None, first: str | None, last: str | None) -> ExportScope:
        """Build from command-line text (dates as ``YYYY-MM-DD``).

        Raises:
            InputError: A date is malformed, or nothing was chosen.
        """

        def day(text: str | None, flag: str) -> date | None:
            if text is None:
                return None
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise InputError(f"{flag} must be a date like 2026-01-31, not {text!r}") from None

        return cls(case_ref or None, day(first, "--from"), day(last, "--to"))

    @property
    def filter(self) -> EventFilter:
        """The event filter (time bounds as the trail's UTC text)."""
        since = f"{self.first_day.isoformat()}T00:00:00.000000Z" if self.first_day else None
        until = f"{(self.last_day + timedelta(days=1)).isoformat()}T00:00:00.000000Z" if self.last_day else None
        return EventFilter(case_ref=self.case_ref, since=since, until=until)

    def describe(self) -> str:
        """One line for report headers."""
        parts = []
        if self.case_ref:
            parts.append(f"case {self.case_ref}")
        if self.first_day or self.last_day:
            a = self.first_day.isoformat() if self.first_day else "the start"
            b = self.last_day.isoformat() if self.last_day else "today"
            parts.append(f"events from {a} to {b} (UTC, inclusive)")
        return ", ".join(parts)

    def as_payload(self) -> dict[str, Any]:
        """The scope as an audit payload."""
        return {
            "case": self.case_ref,
            "from": self.first_day.isoformat() if self.first_day else None,
            "to": self.last_day.isoformat() if self.last_day else None,
        }


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(events: Iterable[AuditEvent], out: TextIO) -> tuple[int, str]:
    """Write ``events`` as CSV (header row first); return (events written, SHA-256 of the text)."""
    digest = hashlib.sha256()
    count = 0
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")

    def flush() -> None:
        text = buf.getvalue()
        out.write(text)
        digest.update(text.encode("utf-8"))
        buf.seek(0)
        buf.truncate()

    writer.writerow(CSV_COLUMNS)
    for ev in events:
        writer.writerow([_cell(getattr(ev, c)) for c in CSV_COLUMNS])
        count += 1
        if count % 1000 == 0:
            flush()
    flush()
    return count, digest.hexdigest()


def payload_summary(payload: str, limit: int = 240) -> str:
    """A readable one-line summary of a payload (``key: value; ...``), cut at ``limit`` characters."""
    try:
        data = json.loads(payload)
    except ValueError:
        return payload[:limit]

    def flat(prefix: str, value: object) -> Iterator[str]:
        if isinstance(value, dict):
            for k in sorted(value):
                yield from flat(f"{prefix}.{k}" if prefix else str(k), value[k])
        elif isinstance(value, list):
            yield f"{prefix}: [" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
        else:
            shown = value if isinstance(value, str) else json.dumps(value)
            if isinstance(shown, str) and len(shown) == 64 and all(c in "0123456789abcdef" for c in shown):
                shown = shown[:12] + "..."  # a SHA-256 reference
            yield f"{prefix}: {shown}"

    text = "; ".join(flat("", data))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def sha256_file(path: Path) -> str:
    """SHA-256 (hex) of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()
