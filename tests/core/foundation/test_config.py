from __future__ import annotations

import stat
from pathlib import Path

import pytest

from workstation.config import WorkstationConfig, ensure_private_dir, private_dir_problem
from workstation.errors import ConfigError, InputError, WorkstationError
from workstation.progress import CancelToken, NullReporter


def test_defaults_follow_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WORKSTATION_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("WORKSTATION_DB_URL", "sqlite:///" + str(tmp_path / "x.db"))
    cfg = WorkstationConfig.from_env()
    assert cfg.data_dir == tmp_path / "d"
    assert cfg.database_url.endswith("x.db")


def test_explicit_overrides_win_over_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WORKSTATION_DB_URL", "sqlite:///env.db")
    cfg = WorkstationConfig.from_env(db_url="sqlite:///flag.db", data_dir=str(tmp_path))
    assert cfg.database_url == "sqlite:///flag.db"
    assert cfg.data_dir == tmp_path


def test_default_database_lives_in_data_dir(tmp_path: Path) -> None:
    cfg = WorkstationConfig(data_dir=tmp_path)
    assert cfg.database_url == f"sqlite:///{tmp_path / 'audit.sqlite3'}"


def test_config_is_frozen(tmp_path: Path) -> None:
    cfg = WorkstationConfig(data_dir=tmp_path)
    with pytest.raises(AttributeError):
        cfg.render_dpi = 72  # type: ignore[misc]


def test_private_dir_created_0700_and_tightened(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    ensure_private_dir(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    target.chmod(0o755)
    assert private_dir_problem(target) == "permissions are 0755, should be 0700"
    ensure_private_dir(target)
    assert private_dir_problem(target) is None


def test_private_dir_failure_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="Cannot prepare the data folder"):
        ensure_private_dir(blocker / "sub")


def test_exception_tree_and_exit_codes() -> None:
    assert issubclass(InputError, WorkstationError)
    assert InputError.exit_code == 2
    assert ConfigError.exit_code == 1


def test_cancel_token() -> None:
    token = CancelToken()
    token.raise_if_set()
    token.cancel()
    assert token.is_set
    with pytest.raises(WorkstationError, match="Cancelled"):
        token.raise_if_set()
    NullReporter().update(1, 2, "stage")


def test_policy_file_defaults_to_packaged_resources(tmp_path: Path) -> None:
    cfg = WorkstationConfig(data_dir=tmp_path)
    assert cfg.policy_file.parent.name == "policy"
    assert cfg.policy_file.name == "checks.json"
    assert cfg.policy_file.exists()
    assert (cfg.policy_file.parent / "matching.json").exists()
    assert (cfg.policy_file.parent / "siv_service.json").exists()
