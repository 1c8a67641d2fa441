"""Schema migrations (Alembic), run on start-up: :func:`upgrade` brings any database to head.

The migration scripts live inside the package (``workstation/audit/migrations``), so an
installed workstation migrates its database without an ``alembic.ini`` or a source tree.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from workstation.audit.engine import translate_db_error
from workstation.errors import AuditError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: PostgreSQL advisory lock held while migrating, so desks starting together do not race.
MIGRATION_LOCK_KEY = 0x5753_4D49_4752  # "WSMIGR"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of the workstation knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database (``None`` when it was never migrated)."""
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as e:
        raise translate_db_error(e) from e


def upgrade(engine: Engine) -> None:
    """Migrate the database behind ``engine`` to the newest revision (no-op when it is there).

    Runs in one transaction: on SQLite under ``BEGIN IMMEDIATE``, on PostgreSQL under an
    advisory lock, so two desks starting together migrate once.

    Raises:
        AuditError: The database cannot be migrated (unreachable, no rights, newer schema...).
    """
    head = head_revision()
    if current_revision(engine) == head:
        return
    cfg = _config()
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as e:
        raise translate_db_error(e) from e
    except Exception as e:  # alembic raises CommandError etc. for unknown revisions
        if isinstance(e, AuditError):
            raise
        raise AuditError(f"The database schema cannot be upgraded: {e}") from e
    log.info("database schema upgraded to %s", head)
