"""Users, encrypted-document references, four-eyes sign-offs; indexes for the supervisor's review.

- ``users``: username, role, Argon2id hash, active flag, created/changed times.
- ``document_blobs``: which vault blobs (encrypted original file, OCR text) belong to a case's
  document (by SHA-256); ``destroyed_at`` is set when retention destroyed the keys.
- ``signoffs``: one supervisor decision (approved / returned) per signed-off event, so what
  awaits sign-off is a cheap anti-join; the decision itself is also an audit event.
- Indexes on ``audit_events`` actor and event_type (ts and case_ref exist since 0001), so a
  filtered review page over a million events is an index walk in sequence order.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def _seq_type() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("changed_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "document_blobs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_ref", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("blob_id", sa.String(32), nullable=False, unique=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("destroyed_at", sa.String(32), nullable=True),
    )
    op.create_index("ix_document_blobs_case_sha", "document_blobs", ["case_ref", "sha256"])
    op.create_index("ix_document_blobs_created_at", "document_blobs", ["created_at"])
    op.create_table(
        "signoffs",
        sa.Column("target_seq", _seq_type(), primary_key=True, autoincrement=False),
        sa.Column("signoff_seq", _seq_type(), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("supervisor", sa.String(64), nullable=False),
        sa.Column("ts", sa.String(32), nullable=False),
    )
    op.create_index("ix_audit_events_actor", "audit_events", ["actor"])
    op.create_index("ix_audit_events_event_type", "audit_events", ["event_type"])


def downgrade() -> None:
    raise NotImplementedError("the audit database is never downgraded")
