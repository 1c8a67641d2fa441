"""The vault key's lifecycle through the service: claimed by the first administrator, wrapped for each
user, unwrapped at login, dropped by the idle lock and logout, re-wrapped on password change and
reset, and migrated from the old single master-key file."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select

from tests.core.checks.builders import BASE_RECORD
from workstation.audit import access as user_repo
from workstation.audit import cases as case_repo
from workstation.audit.engine import session_scope
from workstation.audit.schema import AuditEventRow
from workstation.audit.verify import verify_trail
from workstation.config import WorkstationConfig
from workstation.errors import AccessDeniedError
from workstation.records.model import parse_record
from workstation.security.passwords import hash_password
from workstation.security.vault import VaultLockedError
from workstation.service import Workstation
from workstation.supervision import NO_VAULT_KEY

PASSWORD = "SPECIMEN-pass-2026"
CASE = BASE_RECORD["case_number"]


def _types(ws: Workstation) -> list[str]:
    with ws.sessions() as s:
        return list(s.scalars(select(AuditEventRow.event_type).order_by(AuditEventRow.seq)))


@pytest.fixture
def desk(config: WorkstationConfig, fake_reader: dict[str, Any], files: dict[str, Path]) -> Iterator[WorkstationConfig]:
    """A claimed desk: administrator, officer off1, supervisor sup1, one case verified by a CLI-like run."""
    ws = Workstation(config)
    admin = ws.create_first_administrator("admin", PASSWORD)
    ws.create_user(admin, "off1", "officer", PASSWORD)
    ws.create_user(admin, "sup1", "supervisor", PASSWORD)
    ws.logout(admin)
    ws.close()
    cli = Workstation(config)  # `workstation verify`: nobody logged in, encrypts with the public key
    cli.verify(parse_record(BASE_RECORD), [files["passport.png"], files["tazkira.png"]], actor="off1")
    cli.close()
    yield config


def test_first_administrator_claims_the_vault(config: WorkstationConfig) -> None:
    ws = Workstation(config)
    keys = config.data_dir / "keys"
    ws.create_first_administrator("admin", PASSWORD)
    assert (keys / "vault.pub").exists() and (keys / "users" / "admin.wrap").exists()
    assert not (keys / "vault-secret.plain").exists() and not ws.vault.has_plain_secret()
    assert ws.vault.unlocked  # the creation is the administrator's login
    ws.close()


def test_nothing_decrypts_without_a_login_and_the_officer_login_does(desk: WorkstationConfig) -> None:
    ws = Workstation(desk)
    with pytest.raises(VaultLockedError, match="Log in to read"):
        ws.list_cases()
    with pytest.raises(VaultLockedError):
        ws.get_record(CASE)
    ws.login("off1", PASSWORD)
    assert ws.get_record(CASE) is not None and ws.list_cases()[0].case_number == CASE
    ws.close()


def test_the_idle_lock_drops_the_key_and_the_password_brings_it_back(desk: WorkstationConfig) -> None:
    ws = Workstation(desk)
    off = ws.login("off1", PASSWORD)
    ws.run_checks(CASE, actor=off.username, role=off.role)
    ws.drop_decrypted()  # what the desktop app's idle lock calls
    assert not ws.vault.unlocked
    with pytest.raises(VaultLockedError):
        ws.get_record(CASE)
    ws.login("off1", PASSWORD)  # the unlock dialog logs in again
    assert ws.get_record(CASE) is not None
    ws.logout(off)
    with pytest.raises(VaultLockedError):
        ws.get_record(CASE)
    ws.close()


def test_a_wrong_password_opens_nothing(desk: WorkstationConfig) -> None:
    ws = Workstation(desk)
    with pytest.raises(AccessDeniedError):
        ws.login("off1", PASSWORD + "!")
    assert not ws.vault.unlocked
    with pytest.raises(VaultLockedError):
        ws.list_cases()
    ws.close()


def test_password_change_rewraps_the_key(desk: WorkstationConfig) -> None:
    ws = Workstation(desk)
    off = ws.login("off1", PASSWORD)
    ws.change_password(off, PASSWORD, "new-SPECIMEN-pass-1")
    ws.logout(off)
    with pytest.raises(AccessDeniedError):
        ws.vault.unlock_for_user("off1", PASSWORD)  # the old password no longer opens the copy
    ws.login("off1", "new-SPECIMEN-pass-1")
    assert ws.get_record(CASE) is not None
    ws.close()


def test_disabled_account_loses_its_key_and_a_reset_gives_it_back(desk: WorkstationConfig) -> None:
    ws = Workstation(desk)
    admin = ws.login("admin", PASSWORD)
    ws.set_user_active(admin, "off1", False)
    assert not ws.vault.has_user_key("off1")
    ws.set_user_active(admin, "off1", True)
    ws.logout(admin)
    ws.login("off1", PASSWORD)
    assert "vault.no_key" in _types(ws)
    with pytest.raises(VaultLockedError, match="holds no key"):
        ws.list_cases()
    admin = ws.login("admin", PASSWORD)
    with pytest.raises(AccessDeniedError):
        ws.reset_password(ws.login("sup1", PASSWORD), "off1", "reset-SPECIMEN-pass")  # not an administrator
    admin = ws.login("admin", PASSWORD)
    ws.reset_password(admin, "off1", "reset-SPECIMEN-pass")
    ws.logout(admin)
    ws.login("off1", "reset-SPECIMEN-pass")
    assert ws.get_record(CASE) is not None
    assert "user.password_reset" in _types(ws) and verify_trail(ws.engine).ok
    ws.close()


def test_a_later_session_checks_the_vault_copies_not_the_original_files(desk: WorkstationConfig,
                                                                          files: dict[str, Path]) -> None:
    for name in ("passport.png", "tazkira.png"):
        files[name].unlink()  # moved away after the first session
    ws = Workstation(desk)
    off = ws.login("off1", PASSWORD)
    run = ws.run_checks(CASE, actor=off.username, role=off.role)
    assert sorted(d.file for d in run.documents) == ["passport.png", "tazkira.png"]
    statuses = {c.id: c.status for c in run.report.checks}
    assert any(s != "not_done" for s in statuses.values())
    ws.close()


def test_run_checks_of_an_earlier_session_needs_a_login(desk: WorkstationConfig) -> None:
    ws = Workstation(desk)
    with pytest.raises(VaultLockedError):
        ws.run_checks(CASE, actor="off1", role="officer")
    ws.close()


class _LegacySealer:
    """Seals records as the single-master-key vault did (``wsv1:``)."""

    def __init__(self, master: bytes) -> None:
        self.key = AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                               info=b"workstation records v1").derive(master))

    def seal_text(self, text: str, context: str = "") -> str:
        nonce = secrets.token_bytes(12)
        return "wsv1:" + base64.b64encode(nonce + self.key.encrypt(nonce, text.encode(), context.encode())).decode()

    def open_text(self, sealed: str, context: str = "") -> str:
        raise NotImplementedError


def test_migration_from_the_master_key_file(config: WorkstationConfig) -> None:
    """A desk as the old vault left it: users without wrapped keys, master.key, a wsv1: record."""
    ws = Workstation(config)
    keys = config.data_dir / "keys"
    keys.mkdir(mode=0o700, exist_ok=True)
    master = secrets.token_bytes(32)
    (keys / "master.key").write_bytes(master)
    (keys / "master.key").chmod(0o600)
    with session_scope(ws.sessions) as s:
        for name, role in (("admin", "administrator"), ("off1", "officer"), ("sup1", "supervisor")):
            user_repo.add_user(s, name, role, hash_password(PASSWORD), "2026-01-01T00:00:00Z")
        case_repo.upsert_case(s, parse_record(BASE_RECORD), _LegacySealer(master))
    ws.close()

    ws = Workstation(config)  # after the upgrade: the first login is an officer's
    ws.login("off1", PASSWORD)
    assert ws.get_record(CASE) is not None  # the old record still opens
    assert (keys / "users" / "off1.wrap").exists() and ws.vault.has_plain_secret()  # no administrator yet
    ws.login("admin", PASSWORD)
    assert not ws.vault.has_plain_secret() and not (keys / "master.key").exists()
    assert not (keys / "vault-secret.plain").exists()
    types = _types(ws)
    assert types.count("vault.key_granted") == 2 and types.count("vault.plain_key_destroyed") == 1
    ws.close()

    ws = Workstation(config)
    with pytest.raises(VaultLockedError):
        ws.get_record(CASE)
    ws.login("sup1", PASSWORD)  # had not logged in before the plain key went: no key, a clear message
    with pytest.raises(VaultLockedError) as e:
        ws.get_record(CASE)
    assert str(e.value) == NO_VAULT_KEY
    ws.login("off1", PASSWORD)
    record = ws.get_record(CASE)
    assert record is not None and record.surname == BASE_RECORD["surname"]
    assert verify_trail(ws.engine).ok
    ws.close()


def test_cli_contracts_need_no_login_on_a_claimed_desk(desk: WorkstationConfig, files: dict[str, Path],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """`workstation verify --json` and `workstation audit verify --json` run with the vault locked (ARCHITECTURE.md 4)."""
    import json

    from workstation.cli import main

    assert not (desk.data_dir / "keys" / "vault-secret.plain").exists()
    args = ["verify", "--applicant", str(files["record"]), str(files["passport.png"]), "--json", "--officer", "off1"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"case_number", "verdict", "checks", "audit_event_ids"} and out["case_number"] == CASE
    assert main(["audit", "verify", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    ws = Workstation(desk)
    with pytest.raises(VaultLockedError):
        ws.get_record(CASE)  # what the CLI stored is readable only after a login
    ws.login("sup1", PASSWORD)
    assert ws.get_record(CASE) is not None
    ws.close()


def test_adding_a_document_needs_no_login_and_an_unknown_case_is_still_refused(desk: WorkstationConfig,
                                                                                files: dict[str, Path]) -> None:
    """Scan-to-folder intake may add a page while the desk is locked: storing only encrypts."""
    from workstation.errors import InputError

    ws = Workstation(desk)
    added = ws.add_document(CASE, files["letter0.pdf"], actor="off1")
    assert added.ref.file == "letter0.pdf"
    with pytest.raises(InputError, match="No case"):
        ws.add_document("SPECIMEN-NOPE", files["letter0.pdf"], actor="off1")
    ws.login("off1", PASSWORD)
    run = ws.run_checks(CASE, actor="off1", role="officer")
    # The earlier session's documents come back from the vault beside the one added now.
    assert {d.file for d in run.documents} == {"passport.png", "tazkira.png", "letter0.pdf"}
    ws.close()


def test_a_replaced_public_key_is_noticed_at_login(desk: WorkstationConfig) -> None:
    from workstation.security.vault import VaultSecret

    pub = desk.data_dir / "keys" / "vault.pub"
    pub.write_text("x25519:" + VaultSecret.generate().public_bytes.hex() + "\n")
    ws = Workstation(desk)
    ws.login("off1", PASSWORD)
    assert not ws.vault.unlocked and "vault.key_damaged" in _types(ws)
    with pytest.raises(VaultLockedError, match="does not belong"):
        ws.get_record(CASE)
    ws.close()
