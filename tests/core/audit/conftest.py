"""Fixtures of the audit-store tests: a migrated SQLite trail per test, and PostgreSQL when configured."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from workstation.audit.engine import make_engine
from workstation.audit.migrate import upgrade
from workstation.audit.store import AuditStore
from workstation.security.signing import CheckpointSigner

PG_URL_ENV = "WORKSTATION_TEST_PG_URL"
PG_ADMIN_URL_ENV = "WORKSTATION_TEST_PG_ADMIN_URL"
PG_CTL_ENV = "WORKSTATION_TEST_PG_CTL"
REQUIRE_PG_ENV = "WORKSTATION_REQUIRE_PG"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where this test's SQLite trail lives."""
    return tmp_path / "audit.sqlite3"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    """A migrated SQLite database with the production settings."""
    eng = make_engine(f"sqlite:///{db_path}")
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def signer() -> CheckpointSigner:
    """An in-memory checkpoint key."""
    return CheckpointSigner.generate()


@pytest.fixture
def store(engine: Engine, signer: CheckpointSigner) -> AuditStore:
    """The trail of desk-1 with its checkpoint key."""
    return AuditStore(engine, workstation_id="desk-1", signer=signer)


def fill(store: AuditStore, n: int, *, case: str = "SPECIMEN-001") -> None:
    """Append ``n`` synthetic events (one transaction each)."""
    for i in range(n):
        store.record(
            actor="officer-7",
            role="officer",
            event_type="check.done",
            case_ref=case,
            payload={"check": "passport.date_of_birth", "status": "pass", "i": i, "document_sha256": "ab" * 32},
        )


def pg_urls() -> tuple[str, str]:
    """(app URL, admin URL) of the test PostgreSQL, or skip/fail the test when there is none."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        msg = (
            f"{PG_URL_ENV} is not set: start a throwaway server with `sudo scripts/ci_postgres.sh` "
            "and source the file it writes"
        )
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail(f"PostgreSQL is required here ({REQUIRE_PG_ENV}=1) but {msg}")
        pytest.skip(msg)
    return url, os.environ.get(PG_ADMIN_URL_ENV) or url


def reset_postgres(admin_url: str, app_url: str) -> None:
    """Drop and recreate the schema, migrate it to head and grant the app role its rights."""
    from sqlalchemy.engine import make_url

    from workstation.audit.pgsetup import grant_app_role

    admin = make_engine(admin_url)
    try:
        with admin.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        upgrade(admin)
        app_user = make_url(app_url).username
        if app_user and app_user != make_url(admin_url).username:
            grant_app_role(admin, app_user)
    finally:
        admin.dispose()


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """A freshly migrated PostgreSQL schema, connected as the application role."""
    app_url, admin_url = pg_urls()
    reset_postgres(admin_url, app_url)
    eng = make_engine(app_url)
    yield eng
    eng.dispose()
