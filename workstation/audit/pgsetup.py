"""PostgreSQL set-up for a centre: what the application's role may do with the audit tables.

The role the desks connect as may INSERT and SELECT the audit tables, never UPDATE, DELETE
or TRUNCATE them (the triggers of the first migration refuse those too, even for the
owner). Run once by an administrator, after the schema was migrated with the owner role::

    workstation audit setup-postgres --db postgresql+psycopg://owner@host/db --role ws_app

or print the SQL with :func:`app_role_sql` and run it with ``psql``.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from workstation.audit.engine import translate_db_error
from workstation.errors import InputError

_ROLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}\Z")
APPEND_ONLY_TABLES = ("audit_events", "audit_checkpoints")


def app_role_sql(role: str) -> list[str]:
    """The GRANT/REVOKE statements that give ``role`` append-only rights on the audit trail.

    Raises:
        InputError: ``role`` is not a plain PostgreSQL identifier.
    """
    if not _ROLE.match(role):
        raise InputError(f"Not a plain PostgreSQL role name: {role!r}")
    audit = ", ".join(APPEND_ONLY_TABLES)
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE ALL ON {audit} FROM PUBLIC",
        f"REVOKE ALL ON {audit} FROM {role}",
        f"GRANT SELECT, INSERT ON {audit} TO {role}",
        f"GRANT USAGE ON SEQUENCE audit_checkpoints_id_seq TO {role}",
        f"GRANT SELECT, INSERT, UPDATE ON cases TO {role}",
        f"GRANT USAGE ON SEQUENCE cases_id_seq TO {role}",
        f"GRANT SELECT ON alembic_version TO {role}",
        # Access and encryption at rest (migration 0003): accounts change (password, active),
        # document blobs are marked destroyed by retention; sign-offs are written once.
        f"GRANT SELECT, INSERT, UPDATE ON users TO {role}",
        f"GRANT SELECT, INSERT, UPDATE ON document_blobs TO {role}",
        f"GRANT USAGE ON SEQUENCE document_blobs_id_seq TO {role}",
        f"GRANT SELECT, INSERT ON signoffs TO {role}",
    ]


def grant_app_role(owner_engine: Engine, role: str) -> None:
    """Run :func:`app_role_sql` as the owner of the tables.

    Raises:
        InputError: Bad role name.
        AuditError: The statements failed (no such role, not the owner...).
    """
    statements = app_role_sql(role)
    try:
        with owner_engine.begin() as conn:
            for sql in statements:
                conn.execute(text(sql))
    except SQLAlchemyError as e:
        raise translate_db_error(e) from e
