"""The applicant record: the case-management system's view of one applicant.

Every field but ``case_number`` may be missing. Unknown keys are kept in
``extra`` and shown to the officer, never dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workstation.errors import InputError

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

RECORD_FIELDS = (
    "case_number",
    "surname",
    "given_names",
    "father_name",
    "date_of_birth",
    "sex",
    "nationality",
    "passport_number",
    "passport_expiry",
    "tazkira_number",
    "employment",
)
EMPLOYMENT_FIELDS = ("employer", "position", "start_date", "end_date", "supervisor_name", "contract_number")
_DATE_FIELDS = ("date_of_birth", "passport_expiry")
_EMPLOYMENT_DATE_FIELDS = ("start_date", "end_date")


@dataclass(frozen=True)
class EmploymentPeriod:
    """One period of employment claimed on the record (dates ISO, possibly partial)."""

    employer: str | None = None
    position: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    supervisor_name: str | None = None
    contract_number: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, unknown keys included."""
        out: dict[str, Any] = {k: getattr(self, k) for k in EMPLOYMENT_FIELDS if getattr(self, k) is not None}
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class ApplicantRecord:
    """One applicant as the case-management system knows them (ARCHITECTURE.md 4.1)."""

    case_number: str
    surname: str | None = None
    given_names: str | None = None
    father_name: str | None = None
    date_of_birth: str | None = None
    sex: str | None = None
    nationality: str | None = None
    passport_number: str | None = None
    passport_expiry: str | None = None
    tazkira_number: str | None = None
    employment: tuple[EmploymentPeriod, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        """Given names then surname, whichever are known."""
        parts = [p for p in (self.given_names, self.surname) if p]
        return " ".join(parts) if parts else "(no name on record)"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ARCHITECTURE.md 4.1, unknown keys included."""
        out: dict[str, Any] = {}
        for k in RECORD_FIELDS:
            v = getattr(self, k)
            if k == "employment":
                if v:
                    out[k] = [e.to_dict() for e in v]
            elif v is not None:
                out[k] = v
        out.update(self.extra)
        return out


def _text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(f"{where} must be text, not {type(value).__name__}")
    s = str(value).strip()
    return s or None


def _date(value: Any, where: str) -> str | None:
    s = _text(value, where)
    if s is None:
        return None
    if not _DATE_RE.match(s):
        raise InputError(f"{where} must be YYYY-MM-DD, YYYY-MM or YYYY, not {s!r}")
    return s


def parse_record(data: Any, where: str = "record") -> ApplicantRecord:
    """Validate one record given as a JSON object.

    Raises:
        InputError: The record is not an object, lacks ``case_number``, or has a malformed field.
    """
    if not isinstance(data, dict):
        raise InputError(f"{where} must be a JSON object")
    case_number = _text(data.get("case_number"), f"{where}: case_number")
    if not case_number:
        raise InputError(f"{where}: case_number is required")
    values: dict[str, Any] = {"case_number": case_number}
    for k in RECORD_FIELDS:
        if k in ("case_number", "employment"):
            continue
        if k in _DATE_FIELDS:
            values[k] = _date(data.get(k), f"{where}: {k}")
        else:
            values[k] = _text(data.get(k), f"{where}: {k}")
    if values.get("sex") is not None:
        values["sex"] = values["sex"].upper()
        if values["sex"] not in ("M", "F", "X"):
            raise InputError(f"{where}: sex must be M, F or X")
    raw_emp = data.get("employment") or []
    if not isinstance(raw_emp, list):
        raise InputError(f"{where}: employment must be a list")
    periods = []
    for i, e in enumerate(raw_emp):
        ew = f"{where}: employment[{i}]"
        if not isinstance(e, dict):
            raise InputError(f"{ew} must be an object")
        ev: dict[str, Any] = {}
        for k in EMPLOYMENT_FIELDS:
            ev[k] = _date(e.get(k), f"{ew}.{k}") if k in _EMPLOYMENT_DATE_FIELDS else _text(e.get(k), f"{ew}.{k}")
        periods.append(EmploymentPeriod(**ev, extra={k: v for k, v in e.items() if k not in EMPLOYMENT_FIELDS}))
    extra = {k: v for k, v in data.items() if k not in RECORD_FIELDS}
    return ApplicantRecord(**values, employment=tuple(periods), extra=extra)


def load_records_json(path: Path) -> list[ApplicantRecord]:
    """Read one record, or a list of records, from a JSON file; all or nothing.

    Raises:
        InputError: The file is missing, not JSON, or any record in it is invalid.
    """
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"Cannot read {path.name}: {e.strerror or e}") from e
    if not raw.strip():
        raise InputError(f"{path.name} is empty")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path.name} is not valid JSON: {e}") from e
    items = data if isinstance(data, list) else [data]
    records = [parse_record(item, f"{path.name} record {i + 1}") for i, item in enumerate(items)]
    seen: set[str] = set()
    for r in records:
        if r.case_number in seen:
            raise InputError(f"{path.name}: case {r.case_number} appears twice")
        seen.add(r.case_number)
    return records
