"""A whole desk on the shared PostgreSQL trail, connected as the append-only application role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from workstation.audit.verify import verify_trail
from workstation.config import WorkstationConfig
from workstation.service import Workstation

pytestmark = pytest.mark.postgres


def test_users_cases_and_signed_events_work_with_the_app_role(pg_engine: Engine, tmp_path: Path) -> None:
    cfg = WorkstationConfig(data_dir=tmp_path / "desk", db_url=pg_engine.url.render_as_string(hide_password=False))
    ws = Workstation(cfg)
    try:
        admin = ws.create_first_administrator("desk.admin", "a long admin passphrase")
        ws.create_user(admin, "officer.one", "officer", "officer passphrase 1")
        officer = ws.login("officer.one", "officer passphrase 1")
        rec = tmp_path / "r.json"
        rec.write_text(json.dumps({"case_number": "SPECIMEN-PG-1", "surname": "SPECIMEN"}))
        ws.import_records(rec, actor=officer.username)
        assert [c.case_number for c in ws.list_cases(user=officer)] == ["SPECIMEN-PG-1"]
        ws.change_password(officer, "officer passphrase 1", "officer passphrase 2")
        ws.logout(officer)  # signs a checkpoint with the desk's key
    finally:
        ws.close()
    report = verify_trail(pg_engine)
    assert report.ok, report
