"""Override a check: a new status and a reason, both required."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

MIN_REASON_CHARS = 10
OVERRIDE_STATUSES = (("pass", "Pass: the officer confirms it agrees"), ("fail", "Fail: the officer finds a mismatch"), ("review", "Review: refer to a supervisor"))


class OverrideDialog(QDialog):
    """Asks for the new status of a check and the officer's reason."""

    def __init__(self, check_id: str, current_status: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Override check")
        self.setObjectName("overrideDialog")
        form = QFormLayout(self)
        form.addRow("Check", QLabel(check_id))
        form.addRow("Current status", QLabel(current_status))
        self.status_box = QComboBox()
        self.status_box.setAccessibleName("New status")
        for value, label in OVERRIDE_STATUSES:
            if value != current_status:
                self.status_box.addItem(label, value)
        form.addRow("New &status", self.status_box)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setAccessibleName("Reason for the override")
        self.reason_edit.setPlaceholderText(
            f"Why? (required, at least {MIN_REASON_CHARS} characters; supervisors read this)"
        )
        self.reason_edit.setTabChangesFocus(True)
        form.addRow("&Reason", self.reason_edit)
        self.hint = QLabel("")
        self.hint.setObjectName("overrideHint")
        form.addRow(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.reason_edit.textChanged.connect(self._update_ok)
        self._update_ok()

    @property
    def reason(self) -> str:
        """The reason as typed, trimmed."""
        return self.reason_edit.toPlainText().strip()

    @property
    def new_status(self) -> str:
        """The chosen status."""
        return str(self.status_box.currentData())

    def _update_ok(self) -> None:
        ok = len(self.reason) >= MIN_REASON_CHARS
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.hint.setText("" if ok else f"A reason of at least {MIN_REASON_CHARS} characters is required.")

    def _on_accepted(self) -> None:
        if len(self.reason) >= MIN_REASON_CHARS:
            self.accept()
