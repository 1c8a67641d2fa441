"""Plain results of the service's document and check actions (no ORM objects).

The service facade (:mod:`workstation.service`) returns these to the CLI and the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from workstation.checks.model import CheckReport, CheckResult, DocumentEvidence, Status
from workstation.checks.trail import DocumentRef
from workstation.checks.verdict import decide_verdict


@dataclass(frozen=True)
class DocumentAdded:
    """A document added to a case.

    Attributes:
        case_number: The case.
        ref: File reference (name, path, SHA-256, size); the image itself is not stored.
        evidence: What the reader found.
        audit_event_ids: Sequence numbers of the audit events written.
        words: OCR words on the document's first page, ``(text, x0, y0, x1, y1, confidence, page)``
            each, for the viewer (not stored).
    """

    case_number: str
    ref: DocumentRef
    evidence: DocumentEvidence
    audit_event_ids: tuple[int, ...]
    words: tuple[tuple[str, int, int, int, int, float, int], ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class CheckRun:
    """One run of the checks over a case.

    Attributes:
        report: Every check and the verdict.
        documents: The documents checked (references).
        audit_event_ids: Sequence numbers of the audit events written, in order.
    """

    report: CheckReport
    documents: tuple[DocumentRef, ...]
    audit_event_ids: tuple[int, ...]

    def to_json(self) -> dict[str, object]:
        """The JSON object of ``workstation verify --json`` (ARCHITECTURE.md 4.3)."""
        return {
            "case_number": self.report.case_number,
            "verdict": self.report.verdict,
            "checks": [c.to_json() for c in self.report.checks],
            "audit_event_ids": list(self.audit_event_ids),
        }


@dataclass(frozen=True)
class CheckOverride:
    """An officer's override of one check, with the reason.

    Attributes:
        case_number: The case.
        check_id: The check overridden.
        from_status: Its status from the rules.
        to_status: The status the officer set.
        reason: Why (required).
        actor: Who.
        audit_event_id: Sequence number of the audit event.
    """

    case_number: str
    check_id: str
    from_status: Status
    to_status: Status
    reason: str
    actor: str
    audit_event_id: int


@dataclass(frozen=True)
class CaseDecision:
    """The officer's decision on a case.

    Attributes:
        case_number: The case.
        verdict: The verdict decided.
        system_verdict: The verdict of the last check run with the overrides applied.
        actor: Who decided.
        audit_event_id: Sequence number of the audit event.
    """

    case_number: str
    verdict: str
    system_verdict: str | None
    actor: str
    audit_event_id: int


def apply_overrides(report: CheckReport, overrides: dict[str, CheckOverride]) -> CheckReport:
    """The report with the officers' overrides applied and the verdict decided again."""
    if not overrides:
        return report
    checks: list[CheckResult] = []
    for c in report.checks:
        o = overrides.get(c.id)
        if o is None:
            checks.append(c)
        else:
            checks.append(replace(c, status=o.to_status, reason=f"overridden by {o.actor}: {o.reason} (rules said "
                                  f"{c.status}: {c.reason})"))
    verdict, why = decide_verdict(checks)
    return replace(report, checks=tuple(checks), verdict=verdict, verdict_reason=why)
