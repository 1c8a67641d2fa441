"""The case list: a table model over plain ``CaseSummary`` rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workstation.audit.cases import CaseSummary

STATUS_TEXT = {
    "new": "New",
    "in_progress": "In progress",
    "verified": "Verified",
    "mismatch": "Mismatch",
    "needs_review": "Needs review",
}

_Index = QModelIndex | QPersistentModelIndex


class CasesModel(QAbstractTableModel):
    """Case number, name, birth date, status and last change of every case."""

    HEADERS = ("Case", "Name", "Date of birth", "Status", "Updated")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []

    def set_rows(self, rows: list[CaseSummary]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> CaseSummary:
        """The plain row behind a view row."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                r.case_number,
                r.name,
                r.date_of_birth,
                STATUS_TEXT.get(r.status, r.status),
                r.updated_at.strftime("%Y-%m-%d %H:%M"),
            )
            return values[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None
