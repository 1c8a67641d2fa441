"""Login in the desktop app: first administrator, menus by role, idle lock (short timeout), log out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from workstation.audit.access import ReviewFilter
from workstation.config import WorkstationConfig
from workstation.supervision import UserSession

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints", "This plugin does not support raise")
PASSWORD = "SPECIMEN-pass-2026"
SUPERVISOR = UserSession("sup1", "supervisor")


def _fill_and_ok(qtbot: Any, dialog: Any, **values: str) -> None:
    for key, text in values.items():
        dialog.fields[key].setText(text)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_first_admin_login_menus_idle_lock_and_logout(qtbot: Any, config: WorkstationConfig,
                                                       screenshot_dir: Path) -> None:
    from ui.app import build_window

    window, _reporter = build_window(config, demo=False, login=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.session is not None and window.session.dialog is not None
                    and window.session.dialog.isVisible(), timeout=20000)
    session = window.session
    assert not window.centralWidget().isVisible()  # nothing shown before a login
    dlg = session.dialog
    assert "fields" in dir(dlg) and "confirm" in dlg.fields  # first run: create the administrator
    _fill_and_ok(qtbot, dlg, username="admin", password=PASSWORD, confirm=PASSWORD + "x")
    qtbot.waitUntil(lambda: "differ" in dlg.error.text(), timeout=5000)
    _fill_and_ok(qtbot, dlg, username="admin", password=PASSWORD, confirm=PASSWORD)
    qtbot.waitUntil(lambda: session.user is not None, timeout=20000)
    assert session.user.role == "administrator" and window.centralWidget().isVisible()
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Account" in titles and "&Users" in titles and "&Supervisor" in titles
    window.ws.create_user(session.user, "sup1", "supervisor", PASSWORD)

    # Idle lock with a short timeout: views blanked, decrypted images dropped, password required.
    window.ws._page_images[("X", "y")] = object()
    session.idle.timer.setInterval(200)
    session.idle.start()
    qtbot.waitUntil(lambda: session.locked, timeout=5000)
    assert not window.centralWidget().isVisible() and window.ws._page_images == {}
    assert not window.ws.vault.unlocked  # the vault key went with the images
    unlock = session.dialog
    qtbot.waitUntil(lambda: unlock.isVisible(), timeout=5000)
    unlock.grab().save(str(screenshot_dir / "idle_lock.png"))
    _fill_and_ok(qtbot, unlock, password="wrong-password-123")
    qtbot.waitUntil(lambda: "Wrong" in unlock.error.text(), timeout=10000)
    assert session.locked
    _fill_and_ok(qtbot, unlock, password=PASSWORD)
    qtbot.waitUntil(lambda: not session.locked, timeout=10000)
    assert window.centralWidget().isVisible() and window.ws.vault.unlocked

    # Log out, then a supervisor logs in and gets the review.
    session.idle.stop()
    session.logout()
    qtbot.waitUntil(lambda: session.dialog is not unlock and session.dialog.isVisible()
                    and "username" in session.dialog.fields and "confirm" not in session.dialog.fields, timeout=20000)
    session.dialog.grab().save(str(screenshot_dir / "login.png"))
    _fill_and_ok(qtbot, session.dialog, username="sup1", password=PASSWORD)
    qtbot.waitUntil(lambda: session.user is not None and session.review is not None, timeout=20000)
    assert session.review.isVisible()
    qtbot.waitUntil(lambda: session.review.model.rowCount() > 0, timeout=10000)
    types = {session.review.model.event_at(r).event_type for r in range(session.review.model.rowCount())}
    assert {"user.created", "user.login", "user.login_failed", "user.logout"} <= types
    session.review.close()
    ws = window.ws
    window.close()  # logs sup1 out
    assert [e.event_type for e in ws.review_page(SUPERVISOR, ReviewFilter(), None, 1)] == ["user.logout"]


def test_supervisor_menu_exports_a_checkpoint(qtbot: Any, config: WorkstationConfig, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMainWindow

    from ui.supervisor.session import SessionController
    from ui.workers import JobRunner
    from workstation.service import Workstation

    ws = Workstation(config)
    admin = ws.create_first_administrator("admin", PASSWORD)
    ws.create_user(admin, "sup1", "supervisor", PASSWORD)
    window = QMainWindow()
    qtbot.addWidget(window)
    errors: list[BaseException] = []
    session = SessionController(window, ws, JobRunner(), errors.append, 5)
    session._on_login(ws.login("sup1", PASSWORD))
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Supervisor" in titles and "&Users" not in titles
    session.export_checkpoint(str(tmp_path / "cp.json"))
    qtbot.waitUntil(lambda: (tmp_path / "cp.json").exists() and "Checkpoint" in window.statusBar().currentMessage(),
                    timeout=10000)
    session.set_user_active(False, "admin")  # a supervisor may not manage users: refused and audited
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert "may not manage users" in str(errors[0])
    if session.review is not None:
        session.review.close()
    session.idle.stop()
    ws.close()


def test_demo_desk_offers_specimen_accounts_and_lists_the_demo_case(qtbot: Any, config: WorkstationConfig,
                                                                    screenshot_dir: Path) -> None:
    from ui.app import build_window

    window, _reporter = build_window(config, demo=True, login=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.session is not None and window.session.dialog is not None
                    and window.session.dialog.isVisible(), timeout=30000)
    dlg = window.session.dialog
    assert "confirm" not in dlg.fields  # no first-run form: the demo accounts exist
    assert dlg.fields["username"].text() == "demo.officer"
    accounts = (config.data_dir / "demo-accounts.txt").read_text().splitlines()[1:]
    officer_pw = next(line.split("\t")[2] for line in accounts if line.startswith("demo.officer"))
    assert officer_pw in dlg.heading.text()
    assert (config.data_dir / "demo-accounts.txt").stat().st_mode & 0o777 == 0o600
    dlg.grab().save(str(screenshot_dir / "demo_login.png"))
    _fill_and_ok(qtbot, dlg, password=officer_pw)
    qtbot.waitUntil(lambda: window.centralWidget().isVisible() and window.cases_model.rowCount() == 1, timeout=20000)
    assert window.cases_model.row_at(0).case_number == "SIV-2023-004512"
    window.close()


def test_administrator_resets_a_password_and_reissues_the_vault_key(qtbot: Any, config: WorkstationConfig) -> None:
    from PySide6.QtWidgets import QMainWindow

    from ui.supervisor.session import SessionController
    from ui.workers import JobRunner
    from workstation.service import Workstation

    ws = Workstation(config)
    admin = ws.create_first_administrator("admin", PASSWORD)
    ws.create_user(admin, "off1", "officer", PASSWORD)
    ws.set_user_active(admin, "off1", False)  # a disabled account loses its copy of the key
    ws.set_user_active(admin, "off1", True)
    window = QMainWindow()
    qtbot.addWidget(window)
    errors: list[BaseException] = []
    session = SessionController(window, ws, JobRunner(), errors.append, 5)
    session._on_login(ws.login("admin", PASSWORD))
    users_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Users")
    assert "&Reset password…" in [a.text() for a in users_menu.actions()]
    session.reset_password()
    dlg = session.dialog
    _fill_and_ok(qtbot, dlg, username="off1", password="reset-SPECIMEN-pass", confirm="reset-SPECIMEN-pass")
    qtbot.waitUntil(lambda: "Password reset" in window.statusBar().currentMessage(), timeout=20000)
    assert not errors and ws.vault.has_user_key("off1")
    ws.login("off1", "reset-SPECIMEN-pass")
    assert ws.vault.unlocked
    session.idle.stop()
    ws.close()
