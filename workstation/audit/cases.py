"""Repository functions for cases. Each takes a ``Session``; the caller owns the transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.audit.schema import CaseRow
from workstation.records.model import ApplicantRecord, parse_record

CASE_STATUSES = ("new", "in_progress", "verified", "mismatch", "needs_review")


class RecordSealer(Protocol):
    """Encrypts the record JSON before it reaches the database (``workstation.security.vault.Vault``)."""

    def seal_text(self, text: str, context: str = "") -> str:
        """Encrypt ``text`` bound to ``context``."""

    def open_text(self, sealed: str, context: str = "") -> str:
        """Decrypt what :meth:`seal_text` made (plain text passes through)."""


def _open(row: CaseRow, sealer: RecordSealer | None) -> ApplicantRecord:
    text = row.record_json if sealer is None else sealer.open_text(row.record_json, row.case_number)
    return parse_record(json.loads(text), row.case_number)


@dataclass(frozen=True)
class CaseSummary:
    """A plain row for lists and tables (ORM objects never leave the core)."""

    case_number: str
    name: str
    date_of_birth: str
    status: str
    updated_at: datetime


def upsert_case(session: Session, record: ApplicantRecord, sealer: RecordSealer | None = None) -> bool:
    """Store ``record``; return True when the case is new, False when it replaced an earlier import."""
    now = datetime.now(UTC)
    row = session.scalar(select(CaseRow).where(CaseRow.case_number == record.case_number))
    payload = json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True)
    if sealer is not None:
        payload = sealer.seal_text(payload, record.case_number)
    if row is None:
        session.add(
            CaseRow(case_number=record.case_number, record_json=payload, status="new", created_at=now, updated_at=now)
        )
        return True
    row.record_json = payload
    row.updated_at = now
    return False


def get_record(session: Session, case_number: str, sealer: RecordSealer | None = None) -> ApplicantRecord | None:
    """The stored record of a case, or ``None``."""
    row = session.scalar(select(CaseRow).where(CaseRow.case_number == case_number))
    return None if row is None else _open(row, sealer)


def list_cases(session: Session, sealer: RecordSealer | None = None) -> list[CaseSummary]:
    """Every case, newest change first."""
    out = []
    for row in session.scalars(select(CaseRow).order_by(CaseRow.updated_at.desc())):
        rec = _open(row, sealer)
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
