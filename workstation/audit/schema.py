"""Database schema: every table of the workstation, on one declarative base.

Alembic migrations are generated from this metadata.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Index, Integer, String, Text, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The declarative base of every table."""


class CaseRow(Base):
    """One applicant case: the record as imported and its current status."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_number: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    record_json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="new")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEventRow(Base):
    """One event of the append-only, hash-chained audit trail (see :mod:`workstation.audit.chain`).

    ``seq`` is assigned by the writer under the append lock (``BEGIN IMMEDIATE`` on SQLite,
    ``pg_advisory_xact_lock`` on PostgreSQL), never by an autoincrement, so the chain has no gaps.
    Times are stored as fixed-format UTC text because they are part of the hashed bytes.
    """

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    ts: Mapped[str] = mapped_column(String(32), index=True)
    workstation_id: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(32))
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    case_ref: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpointRow(Base):
    """A signed statement "events ``from_seq+1 .. to_seq`` had these hashes; the head was ``head_hash``".

    ``hashes`` is the concatenated hex hashes of the covered events, so verification names the
    exact first event that differs from what was signed (a head hash alone only says "somewhere
    in the last hundred").
    """

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    from_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    to_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), index=True)
    head_hash: Mapped[str] = mapped_column(String(64))
    hashes: Mapped[str] = mapped_column(Text)
    ts: Mapped[str] = mapped_column(String(32))
    workstation_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))


class UserRow(Base):
    """A user of the desk: role and Argon2id password hash (migration 0003)."""

    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, server_default=true())
    created_at: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[str] = mapped_column(String(32))


class DocumentBlobRow(Base):
    """An encrypted vault blob (original file or OCR text) of a case's document, by SHA-256 (migration 0003)."""

    __tablename__ = "document_blobs"
    __table_args__ = (Index("ix_document_blobs_case_sha", "case_ref", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_ref: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    blob_id: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[str] = mapped_column(String(32), index=True)
    destroyed_at: Mapped[str | None] = mapped_column(String(32), nullable=True)


class SignoffRow(Base):
    """A supervisor's four-eyes decision on one event (an override or a case decision), migration 0003."""

    __tablename__ = "signoffs"

    target_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False)
    signoff_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    decision: Mapped[str] = mapped_column(String(16))
    supervisor: Mapped[str] = mapped_column(String(64))
    ts: Mapped[str] = mapped_column(String(32))
