"""Record against documents: every check with its status, reason and evidence."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.checks_model import ChecksModel, ProblemsFilter


class ComparisonPanel(QWidget):
    """The table of checks, a filter for problems, and the selected check's evidence."""

    check_selected = Signal(object)
    override_requested = Signal(object)
    accept_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparisonPanel")
        self.model = ChecksModel(self)
        self.proxy = ProblemsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.only_problems = QCheckBox("Only &problems")
        self.only_problems.setAccessibleName("Show only problems")
        self.only_problems.toggled.connect(self.proxy.set_only_problems)
        self.summary = QLabel("No checks yet.")
        self.summary.setObjectName("checksSummary")

        self.table = QTableView()
        self.table.setObjectName("checksTable")
        self.table.setAccessibleName("Checks")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Size columns from the first rows only: measuring every row of a long letter's checks
        # took 50 ms on the GUI thread.
        header.setResizeContentsPrecision(25)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        self.reason = QLabel("")
        self.reason.setObjectName("checkReason")
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence = QLabel("")
        self.evidence.setObjectName("evidenceCrop")
        self.evidence.setAccessibleName("Evidence image")
        self.evidence.setMinimumHeight(60)
        self.evidence.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # A long crop (a whole MRZ line) must not widen the panel and squeeze the page viewer.
        self.evidence.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.override_button = QPushButton("&Override…")
        self.override_button.setToolTip("Override the selected check with a reason (Ctrl+O)")
        self.override_button.clicked.connect(self._on_override_clicked)
        self.next_problem_button = QPushButton("&Next problem")
        self.next_problem_button.setToolTip("Go to the next failing or review check (F8)")
        self.next_problem_button.clicked.connect(self.select_next_problem)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.only_problems)
        buttons = QHBoxLayout()
        buttons.addWidget(self.next_problem_button)
        buttons.addWidget(self.override_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.evidence)
        layout.addLayout(buttons)


    def set_checks(self, checks: list[Any]) -> None:
        """Show ``checks`` and summarise them."""
        self.model.set_checks(checks)
        counts: dict[str, int] = {}
        for row in range(self.model.rowCount()):
            st = self.model.effective_status(row)
            counts[st] = counts.get(st, 0) + 1
        parts = [f"{counts.get(k, 0)} {label}" for k, label in (("pass", "pass"), ("fail", "fail"), ("review", "review"), ("not_done", "not done"))]
        self.summary.setText("Checks: " + ", ".join(parts) if checks else "No checks yet.")
        self.table.resizeColumnsToContents()
        self.reason.setText("")
        self.evidence.clear()

    def current_check(self) -> Any | None:
        """The selected check, or ``None``."""
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        return self.proxy.data(idx, ChecksModel.ROW_ROLE)

    def show_evidence(self, image: QImage | None) -> None:
        """Show the crop of the document behind the selected check."""
        if image is None or image.isNull():
            self.evidence.setText("(no image evidence for this check)")
            return
        pix = QPixmap.fromImage(image)
        if pix.height() > 120:
            pix = pix.scaledToHeight(120, Qt.TransformationMode.SmoothTransformation)
        self.evidence.setPixmap(pix)

    def select_next_problem(self) -> None:
        """Select the next failing, review or not-done check after the current one (wrapping)."""
        n = self.proxy.rowCount()
        if n == 0:
            return
        start = self.table.currentIndex().row()
        for step in range(1, n + 1):
            row = (start + step) % n
            if self.proxy.data(self.proxy.index(row, 0), ChecksModel.PROBLEM_ROLE):
                self.table.selectRow(row)
                self.table.setFocus()
                return

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        check = self.proxy.data(current, ChecksModel.ROW_ROLE) if current.isValid() else None
        if check is None:
            self.reason.setText("")
            return
        ov = self.model.override_of(check.id)
        text = f"<b>{check.id}</b>: {check.reason}"
        if ov is not None:
            text += f"<br><i>Overridden to {ov.status}: {ov.reason}</i>"
        self.reason.setText(text)
        self.check_selected.emit(check)

    def _on_override_clicked(self) -> None:
        check = self.current_check()
        if check is not None:
            self.override_requested.emit(check)
