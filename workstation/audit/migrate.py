"""Schema migrations (Alembic), run on start-up: :func:`upgrade` brings any database to head.

The migration scripts live inside the package (``workstation/audit/migrations``), so an
installed workstation migrates its database without an ``alembic.ini`` or a source tree.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from workstation.audit.engine import translate_db_error
from workstation.errors import AuditError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: PostgreSQL advisory lock held while migrating, so desks starting together do not race.
MIGRATION_LOCK_KEY = 0x5753_4D49_4752  # "WSMIGR"


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of the workstation knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)


@lru_cache(maxsize=1)
def scripted_head() -> str | None:
    """The head revision read from the migration scripts' ``revision``/``down_revision`` lines, without
    Alembic (whose import costs ~0.3 s CPU at every start); ``None`` when the scripts do not make one
    plain chain (then :func:`upgrade` asks Alembic)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for f in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        body = f.read_text(encoding="utf-8")
        rev = _REVISION.search(body)
        if rev is None:
            continue
        revisions.add(rev.group(1))
        downs.update(m.group(1) for m in _DOWN.finditer(body))
    heads = revisions - downs
    return next(iter(heads)) if len(heads) == 1 else None


def _stored_revision(engine: Engine) -> str | None:
    """The revision in ``alembic_version``, read with plain SQL; ``None`` when there is none or the
    table cannot be read (then :func:`upgrade` takes the full path, which reports real errors)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).fetchall()
    except SQLAlchemyError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database (``None`` when it was never migrated)."""
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as e:
        raise translate_db_error(e) from e


def upgrade(engine: Engine) -> None:
    """Migrate the database behind ``engine`` to the newest revision (no-op when it is there).

    A database already at the head is recognised with one query and without loading Alembic.
    Otherwise runs in one transaction: on SQLite under ``BEGIN IMMEDIATE``, on PostgreSQL under an
    advisory lock, so two desks starting together migrate once.

    Raises:
        AuditError: The database cannot be migrated (unreachable, no rights, newer schema...).
    """
    fast = scripted_head()
    if fast is not None and _stored_revision(engine) == fast:
        return
    from alembic import command

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
