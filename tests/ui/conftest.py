"""UI test fixtures: a fresh window per test, no thread left running, no modal dialog blocking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "out" / "screenshots"


@pytest.fixture(autouse=True)
def _no_dangling_threads(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    assert QThreadPool.globalInstance().waitForDone(15000), "a background job was still running at teardown"


@pytest.fixture
def screenshot_dir() -> Path:
    """Where UI tests save their screenshots (looked at by a person, shown in the README)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture
def main_window(qtbot, config):  # type: ignore[no-untyped-def]
    """The main window on a fresh database with the demo case, shown and loaded."""
    from ui.app import build_window

    window, reporter = build_window(config, demo=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.cases_loaded, timeout=20000):
        window.show()
    yield window
    window.close()
