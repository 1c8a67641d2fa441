from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workstation.config import WorkstationConfig
from workstation.doctor import check_data_dir, check_database, check_tesseract, format_table, run_checks
from workstation.errors import OcrEngineMissingError
from workstation.ocr.installation import REQUIRED_LANGUAGES, find_tesseract, require_tesseract


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workstation.cli", *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_installed_tesseract_has_every_language() -> None:
    inst = find_tesseract("tesseract")
    assert inst is not None, "Tesseract must be installed by the set-up script (apt-get install tesseract-ocr)"
    assert inst.major >= 4
    assert inst.missing_languages() == ()


def test_all_checks_pass_on_a_set_up_desk(config: WorkstationConfig) -> None:
    checks = run_checks(config, include_qt=True)
    failed = [c for c in checks if not c.ok]
    assert failed == [], format_table(checks)
    names = {c.name for c in checks}
    assert {"Tesseract binary", "Tesseract version", "Qt platform", "Data folder", "Audit database"} <= names
    assert {f"Language data: {lang}" for lang in REQUIRED_LANGUAGES} <= names


def test_missing_tesseract_names_the_fix(config: WorkstationConfig) -> None:
    cfg = WorkstationConfig(data_dir=config.data_dir, tesseract_cmd="tesseract-not-installed")
    checks = check_tesseract(cfg)
    assert not checks[0].ok
    assert "apt-get install tesseract-ocr" in checks[0].fix
    assert all(not c.ok and "apt-get install" in c.fix for c in checks)


def test_require_tesseract_is_one_clear_line() -> None:
    with pytest.raises(OcrEngineMissingError) as info:
        require_tesseract("tesseract-not-installed")
    assert "\n" not in str(info.value)
    assert "not found" in str(info.value)
    with pytest.raises(OcrEngineMissingError, match="language data missing: xyz"):
        require_tesseract("tesseract", ("eng", "xyz"))


def test_doctor_cli_with_tesseract_hidden_from_path(tmp_path: Path, data_dir: Path) -> None:
    env = dict(os.environ, PATH=str(tmp_path), WORKSTATION_DATA_DIR=str(data_dir))
    proc = _cli("doctor", "--no-qt", env=env)
    assert proc.returncode == 1
    assert "[FAIL] Tesseract binary" in proc.stdout
    assert "fix: sudo apt-get install tesseract-ocr" in proc.stdout
    assert "[ OK ] Audit database" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_doctor_cli_all_ok(data_dir: Path) -> None:
    env = dict(os.environ, WORKSTATION_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    proc = _cli("doctor", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All checks passed." in proc.stdout


def test_data_dir_with_loose_permissions_is_tightened(tmp_path: Path) -> None:
    d = tmp_path / "loose"
    d.mkdir(mode=0o777)
    d.chmod(0o777)
    result = check_data_dir(WorkstationConfig(data_dir=d))
    assert result.ok
    assert (d.stat().st_mode & 0o777) == 0o700


def test_unreachable_database_names_a_fix(tmp_path: Path) -> None:
    cfg = WorkstationConfig(data_dir=tmp_path, db_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = check_database(cfg)
    assert not result.ok
    assert "cannot connect" in result.detail
    assert result.fix


def test_unwritable_sqlite_location(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root can write anywhere; use a path under a regular file instead, which nobody can create.
        blocker = tmp_path / "f"
        blocker.write_text("x")
        cfg = WorkstationConfig(data_dir=tmp_path, db_url=f"sqlite:///{blocker}/db.sqlite3")
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        cfg = WorkstationConfig(data_dir=tmp_path, db_url=f"sqlite:///{ro}/db.sqlite3")
    result = check_database(cfg)
    assert not result.ok


def test_files_readable_by_others_are_reported_with_the_fix(tmp_path: Path) -> None:
    d = tmp_path / "data"
    d.mkdir(mode=0o700)
    leaky = d / "export.csv"
    leaky.write_text("SPECIMEN")
    leaky.chmod(0o644)
    result = check_data_dir(WorkstationConfig(data_dir=d))
    assert not result.ok
    assert "export.csv" in result.detail
    assert result.fix == f"chmod -R go-rwx {d}"
    leaky.chmod(0o600)
    assert check_data_dir(WorkstationConfig(data_dir=d)).ok


def test_vault_key_check_follows_the_key_lifecycle(config: WorkstationConfig) -> None:
    """Nothing stored: OK. Unclaimed desk: a warning, not a failure. Claimed: OK, key only wrapped.
    Users but a plain secret still on disk (an upgrade no administrator has migrated): a failure."""
    from workstation.doctor import check_vault_key
    from workstation.security.vault import Vault
    from workstation.service import Workstation

    assert check_vault_key(config).ok and not check_vault_key(config).warning

    Vault(config.data_dir).ensure_keys()  # what a first `workstation verify` on a new desk does
    unclaimed = check_vault_key(config)
    assert unclaimed.ok and unclaimed.warning and "unwrapped" in unclaimed.detail
    assert "[WARN] Vault key" in format_table([unclaimed]) and "administrator" in format_table([unclaimed])

    vault = Vault(config.data_dir)
    vault.wrap_for_user("off1", "SPECIMEN-pass-2026", vault.plain_secret())  # a user's copy, plain file left
    stale = check_vault_key(config)
    assert not stale.ok and "not yet migrated" in stale.detail and "administrator" in stale.fix

    ws = Workstation(config)
    ws.create_first_administrator("admin", "SPECIMEN-pass-2026")  # claims the key: plain file destroyed
    ws.close()
    claimed = check_vault_key(config)
    assert claimed.ok and not claimed.warning and "2 user(s)" in claimed.detail
    assert not (config.data_dir / "keys" / "vault-secret.plain").exists()
