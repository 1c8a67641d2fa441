"""Repository functions for cases. Each takes a ``Session``; the caller owns the transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.audit.schema import CaseRow
from workstation.records.model import ApplicantRecord, parse_record

CASE_STATUSES = ("new", "in_progress", "verified", "mismatch", "needs_review")


@dataclass(frozen=True)
class CaseSummary:
    """A plain row for lists and tables (ORM objects never leave the core)."""

    case_number: str
    name: str
    date_of_birth: str
    status: str
    updated_at: datetime


def upsert_case(session: Session, record: ApplicantRecord) -> bool:
    """Store ``record``; return True when the case is new, False when it replaced an earlier import."""
    now = datetime.now(UTC)
    row = session.scalar(select(CaseRow).where(CaseRow.case_number == record.case_number))
    payload = json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(
            CaseRow(case_number=record.case_number, record_json=payload, status="new", created_at=now, updated_at=now)
        )
        return True
    row.record_json = payload
    row.updated_at = now
    return False


def get_record(session: Session, case_number: str) -> ApplicantRecord | None:
    """The stored record of a case, or ``None``."""
    row = session.scalar(select(CaseRow).where(CaseRow.case_number == case_number))
    return None if row is None else parse_record(json.loads(row.record_json), case_number)


def list_cases(session: Session) -> list[CaseSummary]:
    """Every case, newest change first."""
    out = []
    for row in session.scalars(select(CaseRow).order_by(CaseRow.updated_at.desc())):
        rec = parse_record(json.loads(row.record_json), row.case_number)
        out.append(CaseSummary(row.case_number, rec.display_name, rec.date_of_birth or "", row.status, row.updated_at))
    return out


def set_status(session: Session, case_number: str, status: str) -> None:
    """Change a case's status (the caller writes the audit event in the same transaction)."""
    if status not in CASE_STATUSES:
        raise ValueError(f"unknown case status {status!r}")
    row = session.scalar(select(CaseRow).where(CaseRow.case_number == case_number))
    if row is None:
        raise KeyError(case_number)
    row.status = status
    row.updated_at = datetime.now(UTC)
