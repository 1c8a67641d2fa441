"""Users, roles, four-eyes sign-off and retention through the service facade (issue 9).

Every role x action cell is exercised against the real service (not only the pure matrix):
allowed cells do not raise AccessDeniedError, refused ones do and leave an ``access.denied``
event naming the action.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.core.checks.builders import BASE_RECORD
from workstation.audit.access import ReviewFilter
from workstation.audit.export import ExportScope
from workstation.audit.schema import AuditCheckpointRow, AuditEventRow
from workstation.audit.verify import verify_trail
from workstation.config import WorkstationConfig
from workstation.errors import AccessDeniedError, InputError
from workstation.records.model import parse_record
from workstation.security.roles import PERMISSIONS, Action, Role, allowed
from workstation.service import Workstation
from workstation.supervision import UserSession

PASSWORD = "SPECIMEN-pass-2026"
CASE = BASE_RECORD["case_number"]


def _events(ws: Workstation) -> list[AuditEventRow]:
    with ws.sessions() as s:
        return list(s.scalars(select(AuditEventRow).order_by(AuditEventRow.seq)))


@pytest.fixture
def ws(config: WorkstationConfig) -> Iterator[Workstation]:
    w = Workstation(config)
    yield w
    w.close()


@pytest.fixture
def desk(ws: Workstation, fake_reader: dict[str, Any], files: dict[str, Path]) -> dict[str, Any]:
    """A desk with one user per role and a case verified by officer ``off1``."""
    admin = ws.create_first_administrator("admin", PASSWORD)
    users = {"administrator": admin}
    for name, role in (("off1", "officer"), ("off2", "officer"), ("sup1", "supervisor"), ("sup2", "supervisor")):
        ws.create_user(admin, name, role, PASSWORD)
        users[name] = UserSession(name, role)
    users["officer"], users["supervisor"] = users["off2"], users["sup1"]
    run = ws.verify(parse_record(BASE_RECORD), [files[n] for n in ("passport.png", "tazkira.png")], actor="off1")
    check = run.report.checks[0].id
    ov = ws.override_check(CASE, check, "seen the original", "off1", status="pass")
    return {"users": users, "files": files, "check": check, "override_seq": ov.audit_event_id}


ACTIONS: dict[Action, Callable[[Workstation, UserSession, dict[str, Any], Path], object]] = {
    Action.VIEW_CASES: lambda ws, u, d, t: ws.list_cases(u),
    Action.IMPORT_RECORDS: lambda ws, u, d, t: ws.import_records(d["files"]["record"], actor=u.username, role=u.role),
    Action.ADD_DOCUMENT: lambda ws, u, d, t: ws.add_document(CASE, d["files"]["letter0.pdf"], actor=u.username, role=u.role),
    Action.RUN_CHECKS: lambda ws, u, d, t: ws.run_checks(CASE, actor=u.username, role=u.role),
    Action.OVERRIDE_CHECK: lambda ws, u, d, t: ws.override_check(CASE, d["check"], "reason", u.username, role=u.role),
    Action.DECIDE_CASE: lambda ws, u, d, t: ws.decide_case(CASE, "verified", u.username, role=u.role),
    Action.VIEW_AUDIT: lambda ws, u, d, t: ws.review_page(u, ReviewFilter()),
    Action.VIEW_EVIDENCE: lambda ws, u, d, t: ws.evidence_image(u, CASE, "0" * 64),
    Action.VERIFY_CHAIN: lambda ws, u, d, t: ws.chain_status(u),
    Action.SIGN_OFF: lambda ws, u, d, t: ws.sign_off(u, d["override_seq"], "approved"),
    Action.EXPORT_REPORT: lambda ws, u, d, t: ws.export_report(u, ExportScope(case_ref=CASE), "csv", t / "r.csv"),
    Action.EXPORT_CHECKPOINT: lambda ws, u, d, t: ws.export_checkpoint(u, t / "cp.json"),
    Action.MANAGE_USERS: lambda ws, u, d, t: ws.create_user(u, f"new-{u.role}", "officer", PASSWORD),
    Action.RUN_RETENTION: lambda ws, u, d, t: ws.run_retention(u, 3650),
    Action.CHANGE_OWN_PASSWORD: lambda ws, u, d, t: ws.change_password(u, PASSWORD, PASSWORD + "-new"),
}


def test_the_table_covers_every_action() -> None:
    assert set(ACTIONS) == set(Action)


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_role_x_action_cell_in_the_service(desk: dict[str, Any], ws: Workstation, tmp_path: Path, role: str) -> None:
    user = desk["users"][role]
    for action, do in ACTIONS.items():
        before = _events(ws)[-1].seq
        if allowed(role, action):
            do(ws, user, desk, tmp_path)  # no AccessDeniedError (nor anything else)
            denied = [e for e in _events(ws) if e.seq > before and e.event_type == "access.denied"]
            assert denied == [], (role, action)
        else:
            with pytest.raises(AccessDeniedError):
                do(ws, user, desk, tmp_path)
            new = [e for e in _events(ws) if e.seq > before]
            assert [e.event_type for e in new] == ["access.denied"], (role, action)
            assert json.loads(new[0].payload)["action"] == action.value
            assert new[0].actor == user.username and new[0].role == role
    assert verify_trail(ws.engine).ok


def test_matrix_shape() -> None:
    # Officers never sign off; administrators never see evidence or cases.
    assert Action.SIGN_OFF not in PERMISSIONS[Role.OFFICER]
    assert not PERMISSIONS[Role.ADMINISTRATOR] & {Action.VIEW_EVIDENCE, Action.VIEW_CASES, Action.SIGN_OFF}


def test_first_run_administrator_then_login_logout(ws: Workstation) -> None:
    assert ws.needs_first_user()
    with pytest.raises(InputError):
        ws.create_first_administrator("admin", "short")
    admin = ws.create_first_administrator("Admin", PASSWORD)
    assert admin == UserSession("admin", "administrator") and not ws.needs_first_user()
    with pytest.raises(AccessDeniedError):
        ws.create_first_administrator("other", PASSWORD)
    with pytest.raises(AccessDeniedError):
        ws.login("admin", "wrong-password-123")
    with pytest.raises(AccessDeniedError):
        ws.login("nobody", PASSWORD)
    assert ws.login("admin", PASSWORD) == admin
    ws.logout(admin)
    events = _events(ws)
    types = [e.event_type for e in events]
    assert types == ["user.created", "user.login_failed", "user.login_failed", "user.login", "user.logout"]
    text = " ".join(e.payload for e in events)
    assert PASSWORD not in text and "wrong-password" not in text
    assert [json.loads(e.payload)["reason"] for e in events if e.event_type == "user.login_failed"] == \
        ["wrong_password", "unknown_user"]
    with ws.sessions() as s:
        cps = list(s.scalars(select(AuditCheckpointRow)))
    assert cps and cps[-1].reason == "logout" and cps[-1].to_seq == events[-1].seq
    assert verify_trail(ws.engine).ok


def test_password_change_and_disabled_accounts(ws: Workstation) -> None:
    admin = ws.create_first_administrator("admin", PASSWORD)
    ws.create_user(admin, "off1", "officer", PASSWORD)
    off = ws.login("off1", PASSWORD)
    with pytest.raises(AccessDeniedError):
        ws.change_password(off, "not the password", PASSWORD + "-2")
    with pytest.raises(InputError):
        ws.change_password(off, PASSWORD, "short")
    ws.change_password(off, PASSWORD, PASSWORD + "-2")
    with pytest.raises(AccessDeniedError):
        ws.login("off1", PASSWORD)
    assert ws.login("off1", PASSWORD + "-2") == off
    ws.set_user_active(admin, "off1", False)
    with pytest.raises(AccessDeniedError):
        ws.login("off1", PASSWORD + "-2")
    with pytest.raises(InputError):
        ws.create_user(admin, "off1", "officer", PASSWORD)
    assert [u.username for u in ws.list_users(admin)] == ["admin", "off1"]


def test_four_eyes_sign_off(desk: dict[str, Any], ws: Workstation) -> None:
    u = desk["users"]
    target = desk["override_seq"]
    awaiting = ws.awaiting_signoff(u["sup1"])
    assert target in [e.seq for e in awaiting]
    # The officer who overrode cannot approve it (role), and that refusal is audited.
    with pytest.raises(AccessDeniedError):
        ws.sign_off(u["off1"], target, "approved")
    assert _events(ws)[-1].event_type == "access.denied"
    with pytest.raises(InputError):
        ws.sign_off(u["sup1"], target, "returned")  # a return needs a note
    seq = ws.sign_off(u["sup1"], target, "approved")
    ev = _events(ws)[-1]
    assert ev.seq == seq and ev.event_type == "signoff.approved" and json.loads(ev.payload)["target_seq"] == target
    assert target not in [e.seq for e in ws.awaiting_signoff(u["sup1"])]
    with pytest.raises(InputError):
        ws.sign_off(u["sup2"], target, "approved")  # once only
    with pytest.raises(InputError):
        ws.sign_off(u["sup1"], seq, "approved")  # a sign-off is not signed off
    # A decision written under sup2's name (e.g. before a role change) cannot be signed off by sup2.
    own = ws.decide_case(CASE, "verified", "sup2", role="officer")
    with pytest.raises(AccessDeniedError):
        ws.sign_off(u["sup2"], own.audit_event_id, "approved")
    last = _events(ws)[-1]
    assert last.event_type == "access.denied" and json.loads(last.payload)["action"] == "sign_off_own_work"
    ws.sign_off(u["sup1"], own.audit_event_id, "returned", "reason missing")
    assert _events(ws)[-1].event_type == "signoff.returned"
    assert verify_trail(ws.engine).ok


def test_review_page_is_keyset_paged_and_filtered(desk: dict[str, Any], ws: Workstation) -> None:
    sup = desk["users"]["sup1"]
    everything = ws.review_page(sup, ReviewFilter(), None, 10_000)
    seqs = [e.seq for e in everything]
    assert seqs == sorted(seqs, reverse=True)
    first = ws.review_page(sup, ReviewFilter(), None, 5)
    second = ws.review_page(sup, ReviewFilter(), first[-1].seq, 5)
    assert [e.seq for e in first + second] == seqs[:10]
    assert {e.actor for e in ws.review_page(sup, ReviewFilter(actor="off1"), None, 10_000)} == {"off1"}
    overrides = ws.review_page(sup, ReviewFilter(overrides_only=True))
    assert [e.seq for e in overrides] == [desk["override_seq"]]
    decided = ws.decide_case(CASE, "mismatch", "off1", reason="SPECIMEN")
    verdicts = ws.review_page(sup, ReviewFilter(verdict="mismatch"))
    assert [e.seq for e in verdicts] == [decided.audit_event_id]
    assert ws.review_page(sup, ReviewFilter(case_ref="NO-SUCH-CASE")) == []
    assert ws.review_page(sup, ReviewFilter(since="2999-01-01")) == []
    view = ws.open_entry(sup, desk["override_seq"])
    assert view.check is not None and view.check["check_id"] == desk["check"]


def test_retention_destroys_document_keys_and_the_chain_still_verifies(desk: dict[str, Any], ws: Workstation,
                                                                        config: WorkstationConfig) -> None:
    admin = desk["users"]["administrator"]
    sha = _events(ws)[[e.event_type for e in _events(ws)].index("document.added")]
    doc_sha = json.loads(sha.payload)["sha256"]
    ws.drop_decrypted()  # as the idle lock does: the vault key goes too
    image, note = ws.document_image(CASE, doc_sha)
    assert image is None and "Log in" in note
    ws.login("sup1", PASSWORD)
    image, note = ws.document_image(CASE, doc_sha)
    assert note == "" or "Original page" in note or "not" in note  # the fake readings' files are not images
    kept = ws.run_retention(admin, 30)
    assert kept.keys_destroyed == 0
    keys_before = len(list((config.data_dir / "keys").glob("*.key")))
    result = ws.run_retention(admin, 0, today=__import__("datetime").date(2999, 1, 1))
    assert result.documents == 2 and result.keys_destroyed == 4
    assert len(list((config.data_dir / "keys").glob("*.key"))) == keys_before - 4
    assert list((config.data_dir / "vault").glob("*.bin")) == []
    assert _events(ws)[-1].event_type == "retention.run"
    image, note = ws.document_image(CASE, doc_sha)
    assert image is None and "retention" in note
    assert verify_trail(ws.engine).ok


def test_retention_command(desk: dict[str, Any], ws: Workstation, config: WorkstationConfig,
                           monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from workstation.cli import main

    monkeypatch.setenv("WORKSTATION_PASSWORD", "wrong password!!")
    assert main(["retention", "--older-than-days", "0", "--user", "admin", "--data-dir", str(config.data_dir)]) != 0
    monkeypatch.setenv("WORKSTATION_PASSWORD", PASSWORD)
    assert main(["retention", "--older-than-days", "0", "--user", "off1", "--data-dir", str(config.data_dir)]) != 0
    assert main(["retention", "--older-than-days", "100", "--user", "admin", "--data-dir", str(config.data_dir)]) == 0
    assert "Destroyed 0 key(s)" in capsys.readouterr().out
    types = [e.event_type for e in _events(ws)]
    assert types.count("user.login_failed") == 1 and types.count("retention.run") == 1
    assert types[-2:] == ["retention.run", "user.logout"]
    assert verify_trail(ws.engine).ok
