"""Who is at the desk: first-run administrator, login, logout, password change, idle lock, the Supervisor menu.

:class:`SessionController` is created by the main window once the database is open. It asks for
the first administrator or a login (the check runs on the ``JobRunner``), tells the officer's
workspace who acts, adds the Account / Supervisor / Users menus by role, and locks the desk after
``config.idle_lock_minutes`` without input: every view is hidden, decrypted images are dropped
(the service's page cache, the review's evidence), and the user's password is required.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from ui.dialogs.login_dialog import (
    CredentialsDialog,
    change_password_dialog,
    create_user_dialog,
    first_admin_dialog,
    login_dialog,
    unlock_dialog,
)
from ui.workers import JobRunner
from workstation.errors import WorkstationError
from workstation.security.roles import Action, allowed
from workstation.service import Workstation
from workstation.supervision import NO_VAULT_KEY, UserSession

if TYPE_CHECKING:
    from ui.supervisor.review_panel import ReviewPanel

log = logging.getLogger(__name__)

_INPUT_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.KeyPress, QEvent.Type.Wheel,
                 QEvent.Type.TouchBegin}


class IdleWatcher(QObject):
    """Emits ``idle`` after ``timeout_ms`` without keyboard, mouse or touch input anywhere in the app."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, timeout_ms))
        self.timer.timeout.connect(self.idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False

    def start(self) -> None:
        """(Re)arm the timer."""
        self.timer.start()

    def stop(self) -> None:
        """Disarm (while locked or logged out)."""
        self.timer.stop()


def _message(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, WorkstationError) else f"Unexpected error: {type(exc).__name__}"


class SessionController(QObject):
    """Login state of the main window."""

    logged_in = Signal(object)
    logged_out = Signal()
    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, ws: Workstation, runner: JobRunner,
                 on_error: Callable[[BaseException], None], idle_minutes: float) -> None:
        super().__init__(window)
        self.window, self.ws, self.runner, self.on_error = window, ws, runner, on_error
        self.user: UserSession | None = None
        self.locked = False
        self.review: ReviewPanel | None = None
        self.dialog: CredentialsDialog | None = None
        self._menus: list[Any] = []
        self.idle = IdleWatcher(int(idle_minutes * 60_000), self)
        self.idle.idle.connect(self.lock)
        self._blank = QLabel("Locked. Enter your password to continue.")
        self._blank.setObjectName("lockedNotice")

    # -- start ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Ask for the first administrator (fresh desk) or a login."""
        self._set_views_visible(False)
        self.ws.lock_vault()  # nothing decrypts until someone logs in (a demo desk's set-up left it open)
        self.runner.start(self.ws.needs_first_user, on_finished=self._ask, on_failed=self.on_error)

    def _submit(self, make: Callable[[dict[str, str]], Callable[[], Any]]) -> Any:
        def submit(values: dict[str, str], ok: Callable[[Any], None], err: Callable[[str], None]) -> None:
            try:
                job = make(values)
            except WorkstationError as e:
                err(str(e))
                return
            self.runner.start(job, on_finished=ok, on_failed=lambda e: err(_message(e)))

        return submit

    def _ask(self, first: bool) -> None:
        if first:
            def make(v: dict[str, str]) -> Callable[[], Any]:
                if v["password"] != v["confirm"]:
                    raise WorkstationError("The two passwords differ.")
                return lambda: self.ws.create_first_administrator(v["username"], v["password"])

            self.dialog = first_admin_dialog(self._submit(make), self.window)
        else:
            demo = self.ws.demo_accounts
            self.dialog = login_dialog(self._submit(lambda v: lambda: self.ws.login(v["username"], v["password"])),
                                       self.window, username="demo.officer" if demo else "")
            if demo:
                lines = "<br>".join(f"{name}: <tt>{pw}</tt>" for name, pw in demo.items())
                self.dialog.heading.setText(
                    "<b>SPECIMEN demonstration desk.</b> Accounts (also in demo-accounts.txt in the data folder):"
                    f"<br>{lines}"
                )
        self.dialog.accepted.connect(lambda: self._on_login(self.dialog.result_value if self.dialog else None))
        self.dialog.rejected.connect(self.window.close)
        self.dialog.open()

    def _on_login(self, user: UserSession | None) -> None:
        if user is None:
            return
        self.user = user
        self.locked = False
        workspace = getattr(self.window, "workspace", None)
        officer = allowed(user.role, Action.ADD_DOCUMENT)
        if workspace is not None:
            workspace.actor = user.username
            workspace.role = user.role
            # The service refuses other roles anyway (and audits it); the UI does not offer what it would refuse.
            workspace.setEnabled(officer)
        for act in getattr(self.window, "_case_actions", []):
            act.setVisible(officer)
        import_action = getattr(self.window, "import_action", None)
        if import_action is not None:
            import_action.setVisible(allowed(user.role, Action.IMPORT_RECORDS))
        self._set_views_visible(True)
        self._build_menus()
        self.window.statusBar().showMessage(f"Logged in as {user.username} ({user.role})")
        reload_cases = getattr(self.window, "reload_cases", None)
        if reload_cases is not None:  # the applicants' names decrypt now that the vault is unlocked
            reload_cases()
        if not self.ws.vault.unlocked:
            self.window.statusBar().showMessage(NO_VAULT_KEY)
        if allowed(user.role, Action.VIEW_AUDIT) and not allowed(user.role, Action.RUN_CHECKS):
            self.open_review()
        self.idle.start()
        self.logged_in.emit(user)

    # -- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        for m in self._menus:
            self.window.menuBar().removeAction(m.menuAction())
        self._menus = []
        assert self.user is not None
        bar = self.window.menuBar()
        account = bar.addMenu("&Account")
        self._menus.append(account)
        self._add(account, "&Change password…", self.change_password)
        self._add(account, "&Lock now", self.lock, "Ctrl+Shift+L")
        self._add(account, "Log &out", self.logout)
        if allowed(self.user.role, Action.VIEW_AUDIT):
            sup = bar.addMenu("&Supervisor")
            self._menus.append(sup)
            self._add(sup, "&Review audit trail", self.open_review, "Ctrl+Shift+A")
        if allowed(self.user.role, Action.EXPORT_CHECKPOINT):
            sup = self._menus[-1] if allowed(self.user.role, Action.VIEW_AUDIT) else bar.addMenu("&Supervisor")
            self._add(sup, "&Export checkpoint…", self.export_checkpoint)
        if allowed(self.user.role, Action.MANAGE_USERS):
            users = bar.addMenu("&Users")
            self._menus.append(users)
            self._add(users, "&New user…", self.create_user)
            self._add(users, "&Disable user…", lambda: self.set_user_active(False))
            self._add(users, "&Enable user…", lambda: self.set_user_active(True))
            self._add(users, "&Reset password…", self.reset_password)

    def _add(self, menu: Any, text: str, slot: Callable[[], object], shortcut: str | None = None) -> QAction:
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(shortcut)
        act.triggered.connect(lambda _c=False: slot())
        menu.addAction(act)
        return act

    # -- actions -------------------------------------------------------------------------------
    def open_review(self) -> ReviewPanel:
        """Show the supervisor's review window (created once per login)."""
        from ui.supervisor.review_panel import ReviewPanel

        assert self.user is not None
        if self.review is None:
            self.review = ReviewPanel(self.ws, self.user, self.runner, self.on_error)
            self.review.setWindowTitle(f"Supervisor review — {self.user.username}")
            self.review.resize(1300, 720)
            self.review.status_message.connect(self.window.statusBar().showMessage)
        self.review.show()
        self.review.raise_()
        return self.review

    def change_password(self) -> None:
        """Change the logged-in user's password."""
        user = self.user
        assert user is not None

        def make(v: dict[str, str]) -> Callable[[], Any]:
            if v["new"] != v["confirm"]:
                raise WorkstationError("The two new passwords differ.")
            return lambda: self.ws.change_password(user, v["old"], v["new"])

        self.dialog = change_password_dialog(self._submit(make), self.window)
        self.dialog.accepted.connect(lambda: self.window.statusBar().showMessage("Password changed."))
        self.dialog.open()

    def create_user(self) -> None:
        """An administrator creates an account."""
        user = self.user
        assert user is not None
        self.dialog = create_user_dialog(self._submit(
            lambda v: lambda: self.ws.create_user(user, v["username"], v["role"].strip().lower(), v["password"])),
            self.window)
        self.dialog.accepted.connect(lambda: self.window.statusBar().showMessage("User created."))
        self.dialog.open()

    def reset_password(self) -> None:
        """An administrator sets a user's password; it also gives the user this desk's vault key again."""
        user = self.user
        assert user is not None

        def make(v: dict[str, str]) -> Callable[[], Any]:
            if v["password"] != v["confirm"]:
                raise WorkstationError("The two passwords differ.")
            return lambda: self.ws.reset_password(user, v["username"], v["password"])

        self.dialog = CredentialsDialog(
            "Reset password",
            "A new password for a user who forgot theirs, or who holds no key to this desk's encrypted "
            "documents (an account re-enabled, or not used since an upgrade). Tell them to change it.",
            [("username", "User name", False), ("password", "New password", True),
             ("confirm", "Repeat new password", True)], self._submit(make), self.window)
        self.dialog.accepted.connect(lambda: self.window.statusBar().showMessage("Password reset."))
        self.dialog.open()

    def export_checkpoint(self, path: str | None = None) -> None:
        """Sign a checkpoint and save it to keep off this machine (e.g. on a USB key, daily)."""
        from PySide6.QtWidgets import QFileDialog

        user = self.user
        assert user is not None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.window, "Export checkpoint", "audit-checkpoint.json",
                                                  "Checkpoint (*.json)")
            if not path:
                return
        from pathlib import Path

        target = Path(path)
        self.runner.start(lambda: self.ws.export_checkpoint(user, target),
                          on_finished=lambda seq: self.window.statusBar().showMessage(
                              f"Checkpoint covering seq {seq} saved to {target.name}; keep it off this machine."),
                          on_failed=self.on_error)

    def set_user_active(self, active: bool, username: str | None = None) -> None:
        """An administrator disables or re-enables an account."""
        from PySide6.QtWidgets import QInputDialog

        user = self.user
        assert user is not None
        if username is None:
            username, ok = QInputDialog.getText(self.window, "Enable user" if active else "Disable user", "User name")
            if not ok or not username.strip():
                return
        name = username.strip().lower()
        self.runner.start(lambda: self.ws.set_user_active(user, name, active),
                          on_finished=lambda _r: self.window.statusBar().showMessage(
                              f"{name} {'enabled' if active else 'disabled'}."),
                          on_failed=self.on_error)

    def logout(self) -> None:
        """Log out (event and signed checkpoint), blank everything and ask for the next login."""
        user = self.user
        self._drop_views()
        if self.review is not None:  # the next user gets a review of their own (their role, their name)
            self.review.close()
            self.review.deleteLater()
            self.review = None
        self.user = None
        self.idle.stop()
        cases_model = getattr(self.window, "cases_model", None)
        if cases_model is not None and hasattr(cases_model, "set_rows"):
            cases_model.set_rows([])  # the next user's list is decrypted with their key
        for m in self._menus:
            self.window.menuBar().removeAction(m.menuAction())
        self._menus = []
        self.logged_out.emit()
        if user is not None:
            self.runner.start(lambda: self.ws.logout(user), on_finished=lambda _r: self._ask(False),
                              on_failed=self.on_error)

    def end(self) -> None:
        """The window closes: log the user out now (on this thread: the job pool is already drained)."""
        self.idle.stop()
        user, self.user = self.user, None
        if self.review is not None:
            self.review.close()
        if user is not None:
            try:
                self.ws.logout(user)
            except WorkstationError as e:
                log.warning("logout at close failed: %s", e)

    # -- idle lock -----------------------------------------------------------------------------
    def lock(self) -> None:
        """Blank every view, drop decrypted images, and require the password."""
        if self.user is None or self.locked:
            return
        self.locked = True
        self.idle.stop()
        self._drop_views()
        self.locked_changed.emit(True)
        user = self.user
        self.dialog = unlock_dialog(user.username, self._submit(lambda v: lambda: self.ws.login(user.username, v["password"])),
                                    self.window)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.rejected.connect(self.logout)
        self.dialog.open()

    def _unlocked(self) -> None:
        self.locked = False
        self._set_views_visible(True)
        if self.review is not None:
            self.review.show()
        self.idle.start()
        self.locked_changed.emit(False)

    def _drop_views(self) -> None:
        self._set_views_visible(False)
        if self.review is not None:
            self.review.clear_evidence()
            self.review.hide()
        workspace = getattr(self.window, "workspace", None)
        if workspace is not None:
            if hasattr(workspace, "clear_images"):
                workspace.clear_images()
            else:  # until the workspace has its own: empty the viewer, forget the page images it holds
                workspace.viewer.set_page(None)
                docs = getattr(workspace, "_docs", None)
                if docs:
                    workspace._docs = [dataclasses.replace(d, image=None) for d in docs]
        self.ws.drop_decrypted()

    def _set_views_visible(self, visible: bool) -> None:
        central: QWidget | None = self.window.centralWidget()
        if central is not None:
            central.setVisible(visible)
