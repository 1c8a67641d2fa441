"""Shared fixtures: every test gets its own data folder and database; nothing touches the user's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs every property test with a fixed seed: a red build is then reproducible, never a coin toss.
# Locally the examples stay random (and failures are saved in .hypothesis/ for replay).
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# Set before any Qt or Tesseract import: headless Qt when there is no display (CI runs under Xvfb), and one OpenMP thread per Tesseract
# (2.2-2.5x faster on 2 cores than letting each call spawn a thread pool).
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the data folder and database at a fresh temporary folder for each test."""
    data_dir = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("WORKSTATION_DATA_DIR", str(data_dir))
    monkeypatch.delenv("WORKSTATION_DB_URL", raising=False)
    yield data_dir


@pytest.fixture
def data_dir(_isolated_data_dir: Path) -> Path:
    """The test's private data folder."""
    return _isolated_data_dir


@pytest.fixture
def config(data_dir: Path):  # type: ignore[no-untyped-def]
    """A configuration rooted in the test's data folder."""
    from workstation.config import WorkstationConfig

    return WorkstationConfig.from_env(data_dir=data_dir)
