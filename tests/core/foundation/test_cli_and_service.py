from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from workstation.cli import main
from workstation.config import WorkstationConfig
from workstation.errors import InputError
from workstation.service import Workstation


def test_cli_without_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: workstation" in capsys.readouterr().out


def test_cli_version() -> None:
    proc = subprocess.run([sys.executable, "-m", "workstation.cli", "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout.startswith("workstation ")


def test_workstation_creates_private_sqlite_files(config: WorkstationConfig) -> None:
    ws = Workstation(config)
    try:
        ws.ensure_demo_case()
        cases = ws.list_cases()
    finally:
        ws.close()
    assert [c.case_number for c in cases] == ["SIV-2023-004512"]
    db = config.data_dir / "audit.sqlite3"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    for suffix in ("-wal", "-shm"):
        side = Path(str(db) + suffix)
        if side.exists():
            assert stat.S_IMODE(side.stat().st_mode) == 0o600


def test_demo_case_loaded_once(config: WorkstationConfig) -> None:
    ws = Workstation(config)
    try:
        ws.ensure_demo_case()
        ws.ensure_demo_case()
        assert len(ws.list_cases()) == 1
    finally:
        ws.close()


def test_failed_import_keeps_existing_cases(config: WorkstationConfig, tmp_path: Path) -> None:
    ws = Workstation(config)
    try:
        ws.ensure_demo_case()
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps([{"case_number": "NEW-1"}, {"surname": "no case number"}]))
        with pytest.raises(InputError):
            ws.import_records(bad)
        assert [c.case_number for c in ws.list_cases()] == ["SIV-2023-004512"]
        good = tmp_path / "good.json"
        good.write_text(json.dumps({"case_number": "NEW-2", "surname": "SPECIMEN"}))
        ws.import_records(good)
        assert {c.case_number for c in ws.list_cases()} == {"SIV-2023-004512", "NEW-2"}
        assert ws.get_record("NEW-2") is not None
    finally:
        ws.close()


def test_internal_errors_are_one_line(tmp_path: Path) -> None:
    env = dict(os.environ, WORKSTATION_DATA_DIR=str(tmp_path / "d"))
    proc = subprocess.run(
        [sys.executable, "-m", "workstation.cli", "doctor", "--no-qt", "--db", "not a url"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "Traceback" not in proc.stderr
    assert "[FAIL] Audit database" in proc.stdout


def test_csv_import_with_mapping_beside_it_is_audited(config: WorkstationConfig, tmp_path: Path) -> None:
    from workstation.audit.store import AuditStore, EventFilter

    csv_path = tmp_path / "export.csv"
    csv_path.write_text("CaseNo,Family,Given,DOB\nSIV-2024-000001,SPECIMEN,ZARGHONA,1990\nSIV-2024-000002,SPECIMEN,AHMAD,1985-03-21\n")
    (tmp_path / "export.mapping.json").write_text(
        json.dumps({"columns": {"CaseNo": "case_number", "Family": "surname", "Given": "given_names", "DOB": "date_of_birth"}})
    )
    ws = Workstation(config)
    try:
        records = ws.import_records(csv_path, actor="officer-1")
        assert [r.case_number for r in records] == ["SIV-2024-000001", "SIV-2024-000002"]
        assert ws.get_record("SIV-2024-000001").date_of_birth == "1990"  # type: ignore[union-attr]
        store = AuditStore(ws.engine, workstation_id=config.workstation_id)
        events = list(store.events(EventFilter(case_ref="SIV-2024-000002")))
        assert [e.event_type for e in events] == ["records.imported"]
        assert events[0].actor == "officer-1"
    finally:
        ws.close()
