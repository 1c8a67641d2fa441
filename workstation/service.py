"""The facade the UI and the CLI call: one method per user action, each one unit of work.

Widgets and commands never build sessions or touch ORM objects; they call this.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from workstation.audit import cases as case_repo
from workstation.audit.engine import (
    check_sqlite_pragmas,
    is_sqlite,
    make_engine,
    make_session_factory,
    session_scope,
)
from workstation.audit.migrate import upgrade as upgrade_schema
from workstation.config import WorkstationConfig, ensure_private_dir, resources_dir
from workstation.errors import ConfigError
from workstation.records.model import ApplicantRecord, load_records_json

log = logging.getLogger(__name__)


class Workstation:
    """One open workstation: configuration plus the database it writes to."""

    def __init__(self, config: WorkstationConfig) -> None:
        self.config = config
        ensure_private_dir(config.data_dir)
        self.engine = make_engine(config.database_url)
        if is_sqlite(config.database_url):
            problems = check_sqlite_pragmas(self.engine)
            if problems:
                raise ConfigError("Unsafe database settings refused: " + "; ".join(problems))
        upgrade_schema(self.engine)
        self.sessions: sessionmaker[Session] = make_session_factory(self.engine)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # -- cases ---------------------------------------------------------------------------------
    def import_records(self, path: Path) -> list[ApplicantRecord]:
        """Import every record of a JSON file (all or nothing) and return them."""
        records = load_records_json(path)
        with session_scope(self.sessions) as s:
            for r in records:
                case_repo.upsert_case(s, r)
        log.info("imported %d record(s)", len(records))
        return records

    def list_cases(self) -> list[case_repo.CaseSummary]:
        """Every case on this desk."""
        with session_scope(self.sessions) as s:
            return case_repo.list_cases(s)

    def get_record(self, case_number: str) -> ApplicantRecord | None:
        """The applicant record of one case."""
        with session_scope(self.sessions) as s:
            return case_repo.get_record(s, case_number)

    def ensure_demo_case(self) -> None:
        """Load the synthetic SPECIMEN demo case when the database has no cases yet."""
        if self.list_cases():
            return
        demo = resources_dir() / "sample_cases" / "demo_case.json"
        if demo.exists():
            self.import_records(demo)
