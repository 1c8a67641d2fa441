from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.dialogs.about import make_about_box
from ui.errors import ErrorReporter, install_hooks, user_message
from ui.models.cases_model import CasesModel
from workstation import __version__
from workstation.errors import InputError

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_window_lists_the_demo_case(main_window) -> None:  # type: ignore[no-untyped-def]
    model = main_window.cases_model
    assert model.rowCount() == 1
    assert model.row_at(0).case_number == "SIV-2023-004512"
    assert main_window.statusBar().currentMessage() == "1 case(s)"
    menus = [a.text() for a in main_window.menuBar().actions()]
    assert menus == ["&File", "&Case", "&View", "&Help"]


def test_selecting_a_case_shows_its_record(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = main_window.record_panel
    qtbot.waitUntil(lambda: panel._form.rowCount() > 5, timeout=10000)
    texts = [panel._form.itemAt(i).widget().text() for i in range(panel._form.count()) if panel._form.itemAt(i).widget()]
    assert "AHMADZAI" in texts


def test_search_filters_cases(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(main_window.search, "nobody-matches")
    assert main_window.proxy.rowCount() == 0
    main_window.search.clear()
    qtbot.keyClicks(main_window.search, "ahmadzai")
    assert main_window.proxy.rowCount() == 1


def test_about_box_names_version_and_licence(main_window) -> None:  # type: ignore[no-untyped-def]
    box = make_about_box(main_window)
    assert __version__ in box.text()
    assert "AGPL-3.0-or-later" in box.text()
    assert "cannot authenticate" in box.text()


def test_bad_import_shows_error_and_keeps_cases(main_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"case_number": "X-1", "date_of_birth": "21.03.1988"}]))
    with qtbot.waitSignal(main_window.reporter.error_raised, timeout=10000) as blocker:
        main_window.import_records(bad)
    assert "date_of_birth must be" in blocker.args[0]
    assert main_window.cases_model.rowCount() == 1
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.close()


def test_good_import_adds_cases(main_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"case_number": "P1-2024-000001", "surname": "SPECIMEN", "given_names": "ZARGHONA"}]))
    with qtbot.waitSignal(main_window.cases_loaded, timeout=10000):
        main_window.import_records(good)
    assert main_window.cases_model.rowCount() == 2


def test_exception_hook_shows_dialog_and_logs(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    reporter = ErrorReporter()
    old_hook, old_thread_hook = sys.excepthook, threading.excepthook
    try:
        install_hooks(reporter)
        with qtbot.waitSignal(reporter.error_raised, timeout=5000) as blocker:
            try:
                raise RuntimeError("boom")
            except RuntimeError:
                sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        assert "unexpected error" in blocker.args[0]
        assert "RuntimeError" in caplog.text
        with qtbot.waitSignal(reporter.error_raised, timeout=5000) as blocker:
            t = threading.Thread(target=lambda: (_ for _ in ()).throw(InputError("file is empty")))
            t.start()
            t.join()
        assert blocker.args[0] == "file is empty"
    finally:
        sys.excepthook, threading.excepthook = old_hook, old_thread_hook
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.close()


def test_user_message_hides_internals() -> None:
    assert user_message(InputError("the file is empty")) == "the file is empty"
    assert "KeyError" in user_message(KeyError("x"))


def test_cases_model_passes_modeltester(qtmodeltester, config) -> None:  # type: ignore[no-untyped-def]
    from workstation.service import Workstation

    ws = Workstation(config)
    try:
        ws.ensure_demo_case()
        model = CasesModel()
        model.set_rows(ws.list_cases())
    finally:
        ws.close()
    qtmodeltester.check(model)
    qtmodeltester.check(CasesModel())


def test_screenshot_of_main_window(main_window, qtbot, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: main_window.record_panel._form.rowCount() > 5, timeout=10000)
    path = screenshot_dir / "main_window.png"
    assert main_window.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_gui_entry_point_starts_and_saves_screenshot(tmp_path: Path, data_dir: Path) -> None:
    import os
    import subprocess

    env = dict(os.environ, WORKSTATION_DATA_DIR=str(data_dir))
    # The first start creates the demo accounts (the administrator claims the vault key); the second
    # start on the same desk must still list the case (the demo officer is logged in unattended).
    for name in ("first.png", "second.png"):
        shot = tmp_path / name
        proc = subprocess.run(
            [sys.executable, "-m", "ui.app", "--demo", "--screenshot", str(shot)],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert shot.stat().st_size > 10_000
    log_file = data_dir / "logs" / "workstation.log"
    assert "started" in log_file.read_text()
    assert "AHMADZAI" not in log_file.read_text()
