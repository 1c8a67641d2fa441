"""The audit trail as a lazily fetching table: pages of 500 events, newest first, keyset by seq.

The model never runs a query itself: it asks a *fetcher* ``fetch(filter, before_seq, limit, done)``
which calls ``done(events)`` when the page is there, on the GUI thread. The supervisor review
passes one that runs ``Workstation.review_page`` on the ``JobRunner`` (off the GUI thread);
tests and the benchmark may pass a synchronous one. Results of a superseded filter are dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from workstation.audit.access import ReviewFilter
from workstation.audit.chain import AuditEvent
from workstation.audit.export import payload_summary

_Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 500
COLUMNS = ("Seq", "Time (UTC)", "User", "Role", "Event", "Case", "Details")

Fetcher = Callable[[ReviewFilter, "int | None", int, Callable[[Sequence[AuditEvent]], None]], None]


_FIRST_KEYS = ("check_id", "status", "from_status", "to_status", "verdict", "system_verdict", "reason", "note", "action",
               "target_seq", "kind", "file")


def summary(ev: AuditEvent, limit: int = 160) -> str:
    """What a supervisor reads first of an event: check, status, verdict, reason; then the rest."""
    try:
        data = json.loads(ev.payload)
    except ValueError:
        return ev.payload[:limit]
    if not isinstance(data, dict):
        return payload_summary(ev.payload, limit)
    first = [f"{k}: {data[k]}" for k in _FIRST_KEYS if k in data and data[k] not in (None, "", [])]
    rest = payload_summary(json.dumps({k: v for k, v in data.items() if k not in _FIRST_KEYS}), limit)
    text = "; ".join([*first, rest] if rest and rest != "" else first)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sync_fetcher(query: Callable[[ReviewFilter, int | None, int], Sequence[AuditEvent]]) -> Fetcher:
    """A fetcher that runs ``query`` at once (tests, benchmark)."""

    def fetch(flt: ReviewFilter, before: int | None, limit: int, done: Callable[[Sequence[AuditEvent]], None]) -> None:
        done(query(flt, before, limit))

    return fetch


class AuditTrailModel(QAbstractTableModel):
    """Rows are :class:`AuditEvent` values; more are fetched when the view scrolls to the end."""

    loading_changed = Signal(bool)

    def __init__(self, fetch: Fetcher, parent: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._page = page_size
        self._rows: list[AuditEvent] = []
        self._summaries: dict[int, str] = {}
        self._filter = ReviewFilter()
        self._exhausted = True
        self._loading = False
        self._generation = 0
        # True while a reset or an insertion is being announced: a view (or a tester) asking for
        # more from inside those signals must not start a nested change.
        self._changing = False

    # -- loading ---------------------------------------------------------------------------------
    @property
    def filter(self) -> ReviewFilter:
        """The filter in force."""
        return self._filter

    def set_filter(self, flt: ReviewFilter) -> None:
        """Start over with ``flt``: clear the rows and fetch the first page."""
        self._generation += 1
        self._changing = True
        self.beginResetModel()
        self._rows = []
        self._summaries = {}
        self._filter = flt
        self._exhausted = False
        self._loading = False
        self.endResetModel()
        self._changing = False
        self._request()

    def refresh(self) -> None:
        """Reload with the same filter."""
        self.set_filter(self._filter)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._exhausted and not self._loading and not self._changing

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self._request()

    def _request(self) -> None:
        before = self._rows[-1].seq if self._rows else None
        generation = self._generation
        self._loading = True
        self.loading_changed.emit(True)
        self._fetch(self._filter, before, self._page, lambda events: self._arrived(generation, events))

    def _arrived(self, generation: int, events: Sequence[AuditEvent]) -> None:
        if generation != self._generation:
            return  # a newer filter superseded this page
        self._loading = False
        if len(events) < self._page:
            self._exhausted = True
        if events:
            first = len(self._rows)
            self._changing = True
            self.beginInsertRows(QModelIndex(), first, first + len(events) - 1)
            self._rows.extend(events)
            self.endInsertRows()
            self._changing = False
        self.loading_changed.emit(False)

    def failed(self) -> None:
        """The fetcher gave up: stop asking until the filter changes."""
        self._loading = False
        self._exhausted = True
        self.loading_changed.emit(False)

    @property
    def exhausted(self) -> bool:
        """Whether every matching event is loaded."""
        return self._exhausted

    def event_at(self, row: int) -> AuditEvent:
        """The event shown in ``row``."""
        return self._rows[row]

    # -- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(COLUMNS):
            return None
        ev = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 6:
                text = self._summaries.get(ev.seq)
                if text is None:
                    text = summary(ev)
                    self._summaries[ev.seq] = text
                return text
            return (str(ev.seq), ev.ts.replace("T", " ")[:19], ev.actor, ev.role, ev.event_type, ev.case_ref or "")[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 6:
            return summary(ev, 2000)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return ev.seq
        return None
