"""Scanning from the officer desk through SANE's test backend (no scanner hardware here)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_scan_button_adds_the_scanned_page(qtbot, config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from ui.app import build_window

    sane = tmp_path / "sane"
    sane.mkdir()
    (sane / "dll.conf").write_text("test\n")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(sane))
    window, reporter = build_window(replace(config, scanner_device="test:0"), demo=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.cases_loaded, timeout=30000):
        window.show()
    ws_widget = window.workspace
    qtbot.waitUntil(lambda: ws_widget.case_number is not None, timeout=10000)
    with qtbot.waitSignal(ws_widget.document_added, timeout=180000) as blocker:
        ws_widget.scan_document()
    assert blocker.args == ["scan.png"]
    qtbot.waitUntil(lambda: not ws_widget.busy, timeout=120000)
    assert ws_widget.doc_list.count() == 1
    window.close()


def test_scan_without_a_configured_scanner_says_where_to_set_it(qtbot, config) -> None:  # type: ignore[no-untyped-def]
    from ui.app import build_window

    window, reporter = build_window(config, demo=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.cases_loaded, timeout=30000):
        window.show()
    ws_widget = window.workspace
    qtbot.waitUntil(lambda: ws_widget.case_number is not None, timeout=10000)
    with qtbot.waitSignal(reporter.error_raised, timeout=5000) as blocker:
        ws_widget.scan_document()
    assert "Settings" in blocker.args[0]
    from PySide6.QtWidgets import QApplication, QMessageBox

    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.close()
    window.close()
