"""Log in, create the first administrator, change one's password, unlock after the idle lock.

The dialogs only collect text: the check (Argon2id, about 160 ms) runs on the ``JobRunner`` through
the ``submit`` callable the caller gives, and the dialog closes when it succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workstation.security.passwords import MIN_PASSWORD_LENGTH

#: ``submit(values, on_ok, on_error)``: start the check; call ``on_ok(result)`` or ``on_error(message)``.
Submit = Callable[[dict[str, str], Callable[[Any], None], Callable[[str], None]], None]


class CredentialsDialog(QDialog):
    """A small form: a heading, some fields, an error line, OK/Cancel."""

    def __init__(self, title: str, heading: str, fields: list[tuple[str, str, bool]], submit: Submit,
                 parent: QWidget | None = None, *, cancellable: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("credentialsDialog")
        self.setModal(True)
        self._submit = submit
        self.result_value: Any = None
        layout = QVBoxLayout(self)
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label, secret in fields:
            edit = QLineEdit()
            edit.setObjectName(f"{key}Field")
            edit.setAccessibleName(label)
            if secret:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(label, edit)
            self.fields[key] = edit
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color:#b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox.StandardButton.Ok
        if cancellable:
            buttons |= QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(buttons)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def values(self) -> dict[str, str]:
        """What was typed."""
        return {k: e.text() for k, e in self.fields.items()}

    def _on_ok(self) -> None:
        self.error.setText("Checking…")
        self.buttons.setEnabled(False)
        self._submit(self.values(), self._succeeded, self._failed)

    def _succeeded(self, result: Any) -> None:
        self.result_value = result
        for e in self.fields.values():
            if e.echoMode() == QLineEdit.EchoMode.Password:
                e.clear()
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, message: str) -> None:
        self.buttons.setEnabled(True)
        for e in self.fields.values():
            if e.echoMode() == QLineEdit.EchoMode.Password:
                e.clear()
        self.error.setText(message)


def login_dialog(submit: Submit, parent: QWidget | None = None, username: str = "") -> CredentialsDialog:
    """Ask for a user name and password."""
    dlg = CredentialsDialog("Log in", "Log in to the document-verification workstation.",
                            [("username", "User name", False), ("password", "Password", True)], submit, parent)
    dlg.fields["username"].setText(username)
    return dlg


def first_admin_dialog(submit: Submit, parent: QWidget | None = None) -> CredentialsDialog:
    """First run: create the administrator account."""
    return CredentialsDialog(
        "Create the administrator",
        "This desk has no users yet. Create the administrator account; the administrator then creates "
        f"the officers' and supervisors' accounts. Passwords have at least {MIN_PASSWORD_LENGTH} characters.",
        [("username", "User name", False), ("password", "Password", True), ("confirm", "Repeat password", True)],
        submit, parent)


def change_password_dialog(submit: Submit, parent: QWidget | None = None) -> CredentialsDialog:
    """Change one's own password."""
    return CredentialsDialog("Change password", f"At least {MIN_PASSWORD_LENGTH} characters.",
                             [("old", "Current password", True), ("new", "New password", True),
                              ("confirm", "Repeat new password", True)], submit, parent)


def unlock_dialog(username: str, submit: Submit, parent: QWidget | None = None) -> CredentialsDialog:
    """The idle lock: the same user's password (or log out)."""
    dlg = CredentialsDialog("Locked", f"The desk was locked after a period without use. Enter the password of "
                            f"{username} to continue.", [("password", "Password", True)], submit, parent,
                            cancellable=True)
    cancel = dlg.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    if cancel is not None:
        cancel.setText("Log out")
    return dlg


def create_user_dialog(submit: Submit, parent: QWidget | None = None) -> CredentialsDialog:
    """An administrator creates an account."""
    return CredentialsDialog("New user", "Role: officer, supervisor or administrator.",
                             [("username", "User name", False), ("role", "Role", False),
                              ("password", "Initial password", True)], submit, parent)
