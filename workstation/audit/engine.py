"""Engines and sessions, built once from configuration.

SQLite (one desk) runs in WAL mode with ``synchronous=FULL`` and writes with
``BEGIN IMMEDIATE``; the file is created 0600 *before* SQLite opens it, so the
``-wal``/``-shm`` files inherit that mode. PostgreSQL is the multi-desk setup.
Repository functions take a ``Session`` and never create one: the caller owns
the unit of work (``with session_scope(factory) as s: ...``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from workstation.config import ensure_private_dir
from workstation.errors import AuditError, ConfigError

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 5000
_BEGIN_OPTION = "workstation_sqlite_begin"

#: What a safe SQLite connection must report; anything else is refused at start-up.
SAFE_SQLITE_PRAGMAS = {"journal_mode": "wal", "synchronous": 2}


def is_sqlite(url: str) -> bool:
    """Whether ``url`` names an SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or ``None`` for an in-memory database."""
    db = make_url(url).database
    if not db or db == ":memory:":
        return None
    return Path(db)


def _precreate_sqlite_file(path: Path) -> None:
    ensure_private_dir(path.parent) if not path.parent.exists() else None
    if not path.exists():
        try:
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        except OSError as e:
            raise ConfigError(f"Cannot create the database file {path}: {e.strerror or e}") from e
    if os.name == "posix":
        os.chmod(path, 0o600)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (pysqlite's own
        # implicit BEGIN is deferred and would let two writers race to the lock).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # BEGIN IMMEDIATE takes the write lock up front: an append never fails half-way
        # because another desk process started writing after we read the chain head.
        # Long readers (verify, export) ask for a deferred BEGIN: in WAL mode they read a
        # consistent snapshot without blocking writers (see :func:`read_only`).
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {'DEFERRED' if mode == 'DEFERRED' else 'IMMEDIATE'}")


def make_engine(url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS, **kwargs: Any) -> Engine:
    """Build an engine for ``url`` with this project's safety settings.

    Statement parameters are never put into error messages (``hide_parameters``): they may
    hold personal data, and error messages reach logs and dialogs.

    Args:
        url: SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://...``).
        busy_timeout_ms: How long an SQLite writer waits for another process's write lock
            before the append fails with a "database busy" :class:`AuditError`.
        **kwargs: Passed to :func:`sqlalchemy.create_engine`.

    Raises:
        ConfigError: The URL is malformed or the database file cannot be created.
    """
    kwargs.setdefault("hide_parameters", True)
    try:
        parsed = make_url(url)
    except Exception as e:  # noqa: BLE001 - SQLAlchemy raises several types for bad URLs
        raise ConfigError(f"Not a valid database URL: {e}") from e
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            _precreate_sqlite_file(path)
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    if parsed.get_backend_name() == "postgresql":
        # Fail (and retry) within seconds when the server is unreachable, instead of waiting
        # for TCP to give up.
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("connect_timeout", 5)
        kwargs["connect_args"] = connect_args
    return create_engine(url, **kwargs)


def check_sqlite_pragmas(engine: Engine) -> list[str]:
    """Return the unsafe settings of an SQLite engine (empty when it is safe)."""
    problems: list[str] = []
    with engine.connect() as conn:
        mode = str(conn.exec_driver_sql("PRAGMA journal_mode").scalar()).lower()
        sync = conn.exec_driver_sql("PRAGMA synchronous").scalar()
    path = sqlite_path(str(engine.url))
    if path is not None and mode != SAFE_SQLITE_PRAGMAS["journal_mode"]:
        problems.append(f"journal_mode is {mode}, should be wal")
    if sync != SAFE_SQLITE_PRAGMAS["synchronous"]:
        problems.append(f"synchronous is {sync}, should be 2 (FULL)")
    return problems


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """The one ``sessionmaker`` of a process; sessions are never shared across threads."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def read_only(engine: Engine) -> Engine:
    """A view of ``engine`` for long readers: on SQLite, transactions begin DEFERRED.

    In WAL mode a deferred reader sees one consistent snapshot and never blocks the desk's
    writers, so ``audit verify`` can stream a million events while officers keep working.
    """
    return engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})


def _safe_rollback(session: Session) -> None:
    try:
        session.rollback()
    except SQLAlchemyError:
        # e.g. "cannot rollback - no transaction is active" after SQLITE_FULL: SQLite already
        # rolled back. Swallow it so the caller sees the error that caused the failure.
        log.debug("rollback after a failure also failed", exc_info=True)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error, always close.

    Database errors leave as :class:`AuditError` naming the *original* cause. The rollback
    that follows a failure is guarded: after "database or disk is full" SQLite has already
    rolled back, and a failing rollback must not replace the real error.

    Raises:
        AuditError: The database refused or failed the unit of work (busy, full, unreachable...).
    """
    session = factory()
    try:
        session.begin()
        try:
            yield session
            session.commit()
        except BaseException:
            _safe_rollback(session)
            raise
    except SQLAlchemyError as e:
        raise translate_db_error(e) from e
    finally:
        try:
            session.close()
        except SQLAlchemyError:  # pragma: no cover - a dead connection; the real error is already raised
            log.debug("closing a session after a failure also failed", exc_info=True)


@dataclass(frozen=True)
class DatabaseCheck:
    """Result of probing a database: whether it works, and what to do when it does not."""

    ok: bool
    detail: str


def probe_database(url: str) -> DatabaseCheck:
    """Check that the database is reachable, writable and (for SQLite) safely configured."""
    try:
        engine = make_engine(url)
    except ConfigError as e:
        return DatabaseCheck(False, str(e))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        if is_sqlite(url):
            path = sqlite_path(url)
            if path is not None and not os.access(path, os.W_OK):
                return DatabaseCheck(False, f"{path} is not writable")
            problems = check_sqlite_pragmas(engine)
            if problems:
                return DatabaseCheck(False, "; ".join(problems))
            return DatabaseCheck(True, "SQLite, WAL, synchronous=FULL")
        return DatabaseCheck(True, f"{engine.dialect.name} reachable")
    except SQLAlchemyError as e:
        return DatabaseCheck(False, f"cannot connect: {str(e.orig if hasattr(e, 'orig') else e)[:200]}")
    finally:
        engine.dispose()


def raise_audit_error(message: str, exc: BaseException) -> None:
    """Translate a database error into an :class:`AuditError` that names the original cause."""
    raise AuditError(f"{message}: {exc}") from exc


def db_error_text(exc: BaseException) -> str:
    """The driver's own message of a database error, without SQL or parameters, one line."""
    orig = getattr(exc, "orig", None) or exc
    text_ = str(orig).strip().splitlines()
    return text_[0][:300] if text_ else type(orig).__name__


def is_busy_error(exc: BaseException) -> bool:
    """Whether ``exc`` means another process held SQLite's write lock past the busy timeout."""
    msg = db_error_text(exc).lower()
    return any(
        m in msg for m in ("database is locked", "database table is locked", "database is busy", "lock timeout")
    )


def is_full_error(exc: BaseException) -> bool:
    """Whether ``exc`` means the disk (or the database's quota) is full."""
    msg = db_error_text(exc).lower()
    return "disk is full" in msg or "no space left" in msg or "could not extend file" in msg


def is_transient_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a lost or refused server connection worth a reconnect and retry.

    SQLite errors are never transient here: "busy" already waited its timeout, and a full
    disk does not clear by itself within a retry loop.
    """
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if is_busy_error(exc) or is_full_error(exc):
        return False
    if isinstance(exc, OperationalError | InterfaceError):
        dialect_mod = type(getattr(exc, "orig", None) or exc).__module__
        return not dialect_mod.startswith("sqlite3")
    return False


def translate_db_error(exc: SQLAlchemyError) -> AuditError:
    """A clear, one-line :class:`AuditError` for a database failure (the cause stays chained)."""
    detail = db_error_text(exc)
    if is_busy_error(exc):
        msg = (
            "The audit database is busy: another process kept the write lock past the timeout. "
            f"Nothing was written; try again. ({detail})"
        )
    elif is_full_error(exc):
        msg = (
            f"The audit database could not be written: {detail}. Nothing was recorded and the "
            "action did not happen; free disk space and try again."
        )
    elif is_transient_error(exc):
        msg = f"The audit database is unreachable: {detail}. Nothing was recorded."
    else:
        msg = f"The audit database failed: {detail}. Nothing was recorded."
    return AuditError(msg)
