"""``workstation audit``: verify, checkpoint --export, export --format csv|pdf, setup-postgres --print-sql."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pymupdf
import pytest

from workstation.audit.engine import session_scope
from workstation.audit.store import AuditStore
from workstation.cli import main
from workstation.config import WorkstationConfig
from workstation.security.signing import key_path, load_or_create_signer
from workstation.service import Workstation


@pytest.fixture
def desk(data_dir: Path) -> Path:
    """A desk with 130 events on two SPECIMEN cases; returns its database file."""
    cfg = WorkstationConfig.from_env(data_dir=data_dir)
    ws = Workstation(cfg)
    store = AuditStore(ws.engine, workstation_id=cfg.workstation_id, signer=load_or_create_signer(cfg.data_dir))
    with session_scope(store.sessions) as s:
        for i in range(130):
            store.append(s, actor="officer-2", role="officer", event_type="check.done",
                         case_ref="SPECIMEN-001" if i % 3 else "SPECIMEN-002",
                         payload={"check": "passport.expiry_date", "status": "pass", "i": i})
    ws.close()
    return data_dir / "audit.sqlite3"


def test_verify_exits_0_on_an_intact_trail_and_reports_unexported_events(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "OK: 130 events" in out and "130 event(s) newer than it" in out
    assert main(["audit", "verify", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["ok"] and rep["last_seq"] == 130 and rep["unexported"] == 130 and rep["unsigned"] == 30


@pytest.mark.parametrize(
    ("sql", "bad"),
    [
        ("UPDATE audit_events SET actor='officer-9' WHERE seq=57", 57),
        ("DELETE FROM audit_events WHERE seq=12", 12),
        ("DELETE FROM audit_events WHERE seq>=90", 90),
    ],
)
def test_verify_names_the_first_bad_seq_after_an_sqlite_client_changed_the_trail(
    desk: Path, data_dir: Path, sql: str, bad: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "checkpoint", "--actor", "supervisor-1"]) == 0  # covers 1..130
    con = sqlite3.connect(desk)
    con.executescript(f"DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; {sql};")
    con.close()
    assert main(["audit", "verify"]) == 3
    captured = capsys.readouterr()
    assert f"FAILED at seq {bad}" in captured.out
    assert f"first bad sequence number {bad}" in captured.err


def test_checkpoint_export_writes_an_anchor_and_verify_uses_it(desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    anchor = tmp_path / "anchor.json"
    assert main(["audit", "checkpoint", "--export", str(anchor), "--actor", "supervisor-1"]) == 0
    data = json.loads(anchor.read_text())
    assert data["to_seq"] == 131 and data["reason"] == "export" and len(data["signature"]) == 128
    assert main(["audit", "verify", "--anchor", str(anchor), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert rep["anchors"] == 1 and rep["unexported"] == 0 and rep["untrusted_keys"] == 0
    assert key_path(desk.parent).stat().st_mode & 0o077 == 0


PASSWORD = "SPECIMEN-pass-2026"


@pytest.fixture
def supervisor(desk: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Users on the desk (an administrator, supervisor sup1, officer off1); the password in $WORKSTATION_PASSWORD."""
    ws = Workstation(WorkstationConfig.from_env(data_dir=data_dir))
    admin = ws.create_first_administrator("admin", PASSWORD)
    ws.create_user(admin, "sup1", "supervisor", PASSWORD)
    ws.create_user(admin, "off1", "officer", PASSWORD)
    ws.close()
    monkeypatch.setenv("WORKSTATION_PASSWORD", PASSWORD)
    return "sup1"


def test_export_needs_a_supervisor_login(supervisor: str, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):  # --user is required
        main(["audit", "export", "--case", "SPECIMEN-002", "--format", "csv"])
    assert main(["audit", "export", "--case", "SPECIMEN-002", "--format", "csv", "--user", "off1"]) == 1
    assert "may not export report" in capsys.readouterr().err
    monkeypatch.setenv("WORKSTATION_PASSWORD", "not the password")
    assert main(["audit", "export", "--case", "SPECIMEN-002", "--format", "csv", "--user", supervisor]) == 1
    assert "Wrong user name or password" in capsys.readouterr().err
    monkeypatch.delenv("WORKSTATION_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal to ask on
    assert main(["audit", "export", "--case", "SPECIMEN-002", "--format", "csv", "--user", supervisor]) == 2
    assert "WORKSTATION_PASSWORD" in capsys.readouterr().err


def test_export_csv_of_one_case(supervisor: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "export", "--case", "SPECIMEN-002", "--format", "csv", "--user", supervisor]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 44 and {r["case_ref"] for r in rows} == {"SPECIMEN-002"}
    assert json.loads(rows[0]["payload"])["check"] == "passport.expiry_date"
    # The export itself was recorded.
    assert main(["audit", "export", "--case", "SPECIMEN-002", "--format", "csv", "--out", str(tmp_path / "x.csv"),
                 "--user", supervisor]) == 0
    lines = (tmp_path / "x.csv").read_text().splitlines()
    assert len(lines) == 1 + 45 and "audit.exported" in lines[-1] and "sup1" in lines[-1]


def test_export_pdf_report_is_readable(supervisor: str, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert main(["audit", "export", "--from", "2000-01-01", "--to", "2999-12-31", "--format", "pdf",
                 "--out", str(out), "--user", supervisor]) == 0
    doc = pymupdf.open(out)
    text = "".join(page.get_text() for page in doc)
    assert "Audit trail report" in text and "INTACT" in text and "SPECIMEN-001" in text
    assert "Events listed: 134" in text  # 130, three users created, the supervisor's login and f"page 1 of {doc.page_count}" in text
    assert "Reviewed by" in text
    pix = doc[0].get_pixmap(dpi=40)
    assert len(set(pix.samples)) > 2  # something was drawn


def test_bad_export_arguments_are_input_errors(supervisor: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "export", "--format", "csv", "--user", supervisor]) == 2
    assert main(["audit", "export", "--from", "31/01/2026", "--format", "csv", "--user", supervisor]) == 2
    assert main(["audit", "export", "--case", "X", "--format", "pdf", "--user", supervisor]) == 2
    assert "PDF export needs --out" in capsys.readouterr().err


def test_verify_on_a_missing_database_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--db", f"sqlite:///{tmp_path / 'nothing.sqlite3'}"]) == 2
    assert "No audit database" in capsys.readouterr().err
    assert not (tmp_path / "nothing.sqlite3").exists()


def test_setup_postgres_prints_the_append_only_grants(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "setup-postgres", "--role", "ws_app", "--print-sql"]) == 0
    sql = capsys.readouterr().out
    assert "GRANT SELECT, INSERT ON audit_events, audit_checkpoints TO ws_app" in sql
    assert "REVOKE ALL ON audit_events, audit_checkpoints FROM ws_app" in sql
    assert main(["audit", "setup-postgres", "--role", "ws_app; DROP", "--print-sql"]) == 2
