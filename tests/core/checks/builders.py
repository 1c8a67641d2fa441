"""Builders of SPECIMEN records and document evidence for the checks tests (no OCR)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workstation.checks.model import DocumentEvidence, FieldValue
from workstation.records.model import ApplicantRecord, parse_record

TODAY = dt.date(2026, 11, 26)

BASE_RECORD: dict[str, Any] = {
    "case_number": "SPECIMEN-0001",
    "surname": "AHMADZAI",
    "given_names": "MOHAMMAD NASIR",
    "father_name": "ABDUL RAHIM",
    "date_of_birth": "1988-03-21",
    "sex": "M",
    "nationality": "AFG",
    "passport_number": "P01234567",
    "passport_expiry": "2029-05-01",
    "tazkira_number": "1399-0101-12345",
    "employment": [
        {"employer": "U.S. Embassy Kabul", "position": "Interpreter", "start_date": "2010-05-01",
         "end_date": "2013-08-31", "supervisor_name": "John Smith", "contract_number": "W91B4N-10-C-0001"},
        {"employer": "Global Logistics Services LLC", "position": "Security Guard", "start_date": "2014-01-15",
         "end_date": "2016-06-30", "contract_number": "W52P1J-13-D-0042"},
    ],
}


def record(**changes: Any) -> ApplicantRecord:
    """The base SPECIMEN record with ``changes`` (a value of ``None`` removes the key)."""
    data = dict(BASE_RECORD)
    for k, v in changes.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    return parse_record(data)


def fv(value: str, confidence: float = 0.95, source: str = "ocr", alternatives: tuple[str, ...] = ()) -> FieldValue:
    """A field value read with ``confidence``."""
    return FieldValue(value, confidence, page=1, bbox=(10.0, 20.0, 200.0, 40.0), source=source, raw=value,
                      alternatives=alternatives)


PASSPORT_FIELDS = {
    "surname": "AHMADZAI", "given_names": "MOHAMMAD NASIR", "document_number": "P01234567",
    "nationality": "AFG", "date_of_birth": "1988-03-21", "sex": "M", "expiry_date": "2029-05-01",
    "issuing_country": "AFG",
}


def passport(
    *,
    fields: dict[str, Any] | None = None,
    mrz: dict[str, Any] | None = None,
    printed: dict[str, Any] | None = None,
    checks: dict[str, bool] | None = None,
    mrz_confidence: float = 0.95,
    with_mrz: bool = True,
    drop: tuple[str, ...] = (),
) -> DocumentEvidence:
    """A passport's evidence: best fields, MRZ fields and printed-page fields, all agreeing unless changed."""
    def build(over: dict[str, Any] | None, source: str) -> dict[str, FieldValue]:
        vals = dict(PASSPORT_FIELDS)
        vals.update(over or {})
        return {k: (v if isinstance(v, FieldValue) else fv(v, source=source)) for k, v in vals.items()
                if k not in drop and v is not None}

    digits = {"document_number": True, "date_of_birth": True, "expiry_date": True, "composite": True}
    digits.update(checks or {})
    return DocumentEvidence(
        file="passport.jpg", kind="passport", sha256="a" * 64,
        fields=build(fields, "mrz"),
        mrz_fields=build(mrz, "mrz") if with_mrz else {},
        printed_fields=build(printed, "viz"),
        mrz_present=with_mrz, mrz_checks=digits if with_mrz else {}, mrz_confidence=mrz_confidence,
        mrz_lines=("P<AFGAHMADZAI<<MOHAMMAD<NASIR<<<<<<<<<<<<<<<<", "P012345671AFG8803214M2905014<<<<<<<<<<<<<<02")
        if with_mrz else (),
    )


TAZKIRA_FIELDS = {
    "tazkira_number": "1399-0101-12345", "given_names": "Mohammad Nasir", "surname": "Ahmadzai",
    "father_name": "Abdul Rahim", "date_of_birth": "1367-01-01", "place_of_birth": "Kabul",
}


def tazkira(fields: dict[str, Any] | None = None, drop: tuple[str, ...] = ()) -> DocumentEvidence:
    """A tazkira's evidence (birth date in Solar Hijri: 1367-01-01 SH = 1988-03-21)."""
    vals = dict(TAZKIRA_FIELDS)
    vals.update(fields or {})
    return DocumentEvidence(
        file="tazkira.jpg", kind="tazkira", sha256="b" * 64,
        fields={k: (v if isinstance(v, FieldValue) else fv(v)) for k, v in vals.items() if k not in drop and v is not None},
    )


LETTER_FIELDS = [
    {"employee_name": "Mohammad Nasir Ahmadzai", "employer": "US Embassy Kabul", "position": "Interpreter",
     "start_date": "2010-05-01", "end_date": "2013-08-31", "contract_number": "W91B4N-10-C-0001",
     "supervisor_name": "John Smith", "supervisor_contact": "john.smith@example.gov", "letter_date": "2021-09-01"},
    {"employee_name": "Mohammad Nasir Ahmadzai", "employer": "Global Logistics Services", "position": "Security Guard",
     "start_date": "2014-01-15", "end_date": "2016-06-30", "contract_number": "W52P1J-13-D-0042",
     "supervisor_name": "Mary Jones", "supervisor_contact": "+1 202 555 0100", "letter_date": "2021-09-02"},
]


def letter(index: int = 0, fields: dict[str, Any] | None = None, drop: tuple[str, ...] = (),
           file: str | None = None) -> DocumentEvidence:
    """The evidence of the letter for employment period ``index`` (text layer: confidence 1)."""
    vals = dict(LETTER_FIELDS[index])
    vals.update(fields or {})
    return DocumentEvidence(
        file=file or f"letter{index}.pdf", kind="employment_letter", sha256=str(index) * 64,
        fields={k: (v if isinstance(v, FieldValue) else fv(v, 1.0, "text_layer")) for k, v in vals.items()
                if k not in drop and v is not None},
        extra={"signature_block": True, "subcontractor": False},
    )


def full_case() -> list[DocumentEvidence]:
    """Passport, tazkira and both letters, all agreeing with :data:`BASE_RECORD`."""
    return [passport(), tazkira(), letter(0), letter(1)]
