"""The values the checks layer consumes and produces.

Inputs are :class:`DocumentEvidence` values: what one document says, field by
field, with where each value came from. They are built from a reader's
``DocumentReading`` (:func:`workstation.checks.inputs.from_reading`) or, for the
benchmark of the rules alone, from ground truth. Outputs are :class:`CheckResult`
values gathered in a :class:`CheckReport` with a verdict.

A failed check is data (``status="fail"``), never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["pass", "fail", "review", "not_done"]
Verdict = Literal["verified", "mismatch", "needs_review"]
BBox = tuple[float, float, float, float]

STATUSES: tuple[Status, ...] = ("pass", "fail", "review", "not_done")
VERDICTS: tuple[Verdict, ...] = ("verified", "mismatch", "needs_review")

#: Document kinds of ARCHITECTURE.md 4.2.
PASSPORT = "passport"
TAZKIRA = "tazkira"
LETTER = "employment_letter"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class FieldValue:
    """One value read from a document, with its evidence.

    Attributes:
        value: The normalised value (dates ISO, possibly partial ``YYYY-MM``/``YYYY``).
        confidence: 0..1; 1.0 for a PDF text layer or ground truth.
        page: 1-based page number, when known.
        bbox: ``(x0, y0, x1, y1)`` on that page, when known.
        source: Where it came from: ``mrz``, ``viz`` (printed page), ``ocr``, ``text_layer``, ``truth``.
        raw: The text as read, before normalisation.
        alternatives: Other readings the reader could not rule out (both orders of an
            ambiguous ``05/03/2010``); empty when the value is settled.
        file: The file the value was read from, when one document is several files
            (a tazkira's front and back); ``None`` means the document's own file.
    """

    value: str
    confidence: float = 1.0
    page: int | None = None
    bbox: BBox | None = None
    source: str = ""
    raw: str | None = None
    alternatives: tuple[str, ...] = ()
    file: str | None = None

    @property
    def ambiguous(self) -> bool:
        """Whether the reader left more than one reading open."""
        return bool(self.alternatives)


@dataclass(frozen=True)
class DocumentEvidence:
    """What one document says, as the rules see it.

    Attributes:
        file: The document's file name (shown as ``document`` in every check).
        kind: ``passport``, ``tazkira``, ``employment_letter`` or ``unknown``.
        fields: Field name (ARCHITECTURE.md 4.2) to value; the printed/best reading.
        sha256: SHA-256 of the file, when known.
        mrz_fields: The same fields as decoded from the MRZ alone (empty without an MRZ).
        printed_fields: The same fields as read from the printed page alone (empty when
            the reader did not read the page separately).
        mrz_present: Whether an MRZ was found at all.
        mrz_checks: Check-digit name to whether it verified (``document_number``,
            ``date_of_birth``, ``expiry_date``, ``optional_data``, ``composite``).
        mrz_confidence: Mean OCR confidence of the MRZ lines (0..1).
        mrz_repairs: Repairs the MRZ reader made, each proven by a check digit.
        mrz_lines: The MRZ lines as read (evidence).
        quality: Image quality metrics (blur, glare, dpi); evidence only, never a reason.
        warnings: The reader's warnings.
        extra: Reader output the rules do not use, kept for evidence (e.g. letter text facts).
    """

    file: str
    kind: str
    fields: Mapping[str, FieldValue] = field(default_factory=dict)
    sha256: str = ""
    mrz_fields: Mapping[str, FieldValue] = field(default_factory=dict)
    printed_fields: Mapping[str, FieldValue] = field(default_factory=dict)
    mrz_present: bool = False
    mrz_checks: Mapping[str, bool] = field(default_factory=dict)
    mrz_confidence: float = 1.0
    mrz_repairs: tuple[str, ...] = ()
    mrz_lines: tuple[str, ...] = ()
    quality: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> FieldValue | None:
        """The value of field ``name``, or ``None`` when the reader found none."""
        fv = self.fields.get(name)
        if fv is None or not str(fv.value).strip():
            return None
        return fv


@dataclass(frozen=True)
class Evidence:
    """Where the value a check looked at came from.

    Attributes:
        document: File name of the document.
        page: 1-based page number, when known.
        bbox: Box on that page, when known.
        raw: The raw text as read.
        confidence: OCR confidence 0..1 (1.0 for text layers and ground truth).
        source: ``mrz``, ``viz``, ``ocr``, ``text_layer`` or ``truth``.
    """

    document: str
    page: int | None = None
    bbox: BBox | None = None
    raw: str | None = None
    confidence: float | None = None
    source: str = ""

    @classmethod
    def of(cls, doc: DocumentEvidence, fv: FieldValue | None) -> Evidence:
        """The evidence of ``fv`` read from ``doc`` (document only when ``fv`` is ``None``)."""
        if fv is None:
            return cls(document=doc.file)
        return cls(fv.file or doc.file, fv.page, fv.bbox, fv.raw if fv.raw is not None else fv.value, fv.confidence,
                   fv.source)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Attributes:
        id: Stable identifier, e.g. ``passport.date_of_birth``, ``letter.0.end_date``,
            ``passport.mrz_vs_printed.surname``, ``passport.mrz.check_digits``.
        field: The applicant-record field compared (``employment.0.end_date`` for lists);
            for document-to-document checks, the document field name.
        status: ``pass``, ``fail``, ``review`` or ``not_done``.
        expected: What the record (or the reference document) says; ``None`` if nothing.
        found: What the document says; ``None`` if nothing was read.
        document: File name of the document checked (empty when no document was given).
        reason: Why, in words the officer reads ("same name family: MUHAMMAD ~ MOHAMMAD").
        evidence: Where ``found`` came from.
        forgery_sign: Whether a failure of this check is a sign of forgery (broken check
            digit, MRZ against printed page) rather than a data mismatch.
    """

    id: str
    field: str
    status: Status
    expected: str | None
    found: str | None
    document: str
    reason: str
    evidence: Evidence | None = None
    forgery_sign: bool = False

    def to_json(self) -> dict[str, Any]:
        """The JSON form of ARCHITECTURE.md 4.3: the check's keys, then its evidence keys."""
        out: dict[str, Any] = {
            "id": self.id,
            "field": self.field,
            "status": self.status,
            "expected": self.expected,
            "found": self.found,
            "document": self.document,
            "reason": self.reason,
        }
        if self.forgery_sign:
            out["forgery_sign"] = True
        ev = self.evidence
        if ev is not None:
            out["page"] = ev.page
            out["bbox"] = list(ev.bbox) if ev.bbox is not None else None
            out["raw"] = ev.raw
            out["confidence"] = None if ev.confidence is None else round(ev.confidence, 3)
            out["source"] = ev.source or None
        return out


@dataclass(frozen=True)
class CheckReport:
    """All checks of one case and the verdict they lead to.

    Attributes:
        case_number: The case checked.
        verdict: ``verified``, ``mismatch`` or ``needs_review``.
        checks: Every check, in a stable order (documents in the order given).
        verdict_reason: One line saying what decided the verdict.
        policy_version: The ``version`` of the checks policy the rules applied.
    """

    case_number: str
    verdict: Verdict
    checks: tuple[CheckResult, ...]
    verdict_reason: str
    policy_version: str

    def by_status(self, status: Status) -> list[CheckResult]:
        """The checks with ``status``."""
        return [c for c in self.checks if c.status == status]

    def get(self, check_id: str) -> CheckResult | None:
        """The check with ``check_id``, or ``None``."""
        for c in self.checks:
            if c.id == check_id:
                return c
        return None
