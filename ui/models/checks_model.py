"""The comparison table: one row per check, record value against document value.

Rows are any objects with the attributes of the core's check results (``id``, ``field``,
``status``, ``expected``, ``found``, ``document``, ``reason``); overrides are kept beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication, QStyle

_Index = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {"pass": "✔ Pass", "fail": "✖ Fail", "review": "⚠ Review", "not_done": "… Not done"}
PROBLEM_STATUSES = frozenset({"fail", "review", "not_done"})
_STATUS_ICONS = {
    "pass": QStyle.StandardPixmap.SP_DialogApplyButton,
    "fail": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "review": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "not_done": QStyle.StandardPixmap.SP_MessageBoxQuestion,
}


#: The roles ``ChecksModel.data`` answers (user roles: the check itself, whether it is a problem).
_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.UserRole + 1, Qt.ItemDataRole.UserRole + 2,
})


class CheckLike(Protocol):
    """What the model reads of a check result."""

    id: str
    field: str
    status: str
    expected: Any
    found: Any
    document: Any
    reason: str


@dataclass(frozen=True)
class Override:
    """An officer's override of one check."""

    status: str
    reason: str


def _text(value: Any) -> str:
    if value is None:
        return "—"
    return str(value)


class ChecksModel(QAbstractTableModel):
    """Check, record value, document value, status (icon and text), reason, document."""

    HEADERS = ("Check", "Record", "Document value", "Status", "Reason", "Document")
    STATUS_COLUMN = 3
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1
    PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CheckLike] = []
        self._overrides: dict[str, Override] = {}

    def set_checks(self, rows: list[CheckLike]) -> None:
        """Replace every row (overrides of checks that are still present are kept)."""
        self.beginResetModel()
        self._rows = list(rows)
        ids = {r.id for r in rows}
        self._overrides = {k: v for k, v in self._overrides.items() if k in ids}
        self.endResetModel()

    def set_override(self, check_id: str, override: Override | None) -> None:
        """Record (or undo, with ``None``) an officer's override of one check."""
        if override is None:
            self._overrides.pop(check_id, None)
        else:
            self._overrides[check_id] = override
        for row, r in enumerate(self._rows):
            if r.id == check_id:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def override_of(self, check_id: str) -> Override | None:
        """The override of a check, if any."""
        return self._overrides.get(check_id)

    def check_at(self, row: int) -> CheckLike:
        """The check behind a model row."""
        return self._rows[row]

    def effective_status(self, row: int) -> str:
        """The status after the officer's override, if any."""
        r = self._rows[row]
        ov = self._overrides.get(r.id)
        return ov.status if ov else r.status

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None  # the view asks for a dozen roles per cell; most are answered here, cheaply
        r = self._rows[index.row()]
        col = index.column()
        status = self.effective_status(index.row())
        ov = self._overrides.get(r.id)
        if role == self.ROW_ROLE:
            return r
        if role == self.PROBLEM_ROLE:
            return status in PROBLEM_STATUSES
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return r.id
            if col == 1:
                return _text(r.expected)
            if col == 2:
                return _text(r.found)
            if col == 3:
                label = STATUS_LABELS.get(status, status)
                return f"{label} (overridden)" if ov else label
            if col == 4:
                return f"{r.reason} — override: {ov.reason}" if ov else r.reason
            if col == 5:
                return _text(r.document)
        if role == Qt.ItemDataRole.DecorationRole and col == self.STATUS_COLUMN:
            app = QApplication.instance()
            if isinstance(app, QApplication) and status in _STATUS_ICONS:
                return app.style().standardIcon(_STATUS_ICONS[status])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None


class ProblemsFilter(QSortFilterProxyModel):
    """Shows only failing, review and not-done checks when ``only_problems`` is on."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._only_problems = False

    def set_only_problems(self, on: bool) -> None:
        """Switch the filter."""
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            self._only_problems = on
            self.endFilterChange()
        else:
            self._only_problems = on
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if not self._only_problems:
            return True
        model = self.sourceModel()
        return bool(model.data(model.index(source_row, 0, source_parent), ChecksModel.PROBLEM_ROLE))
