"""Per-document progress of the documents being read (the overall bar sits with the case's buttons)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QSizePolicy, QVBoxLayout, QWidget

from ui.officer.reading_queue import ADDED, CANCELLED, FAILED, QUEUED, READ, READING, RECORDING, Intake

#: What each state says (the state is always in words, never in colour alone).
STATE_TEXT = {
    QUEUED: "Waiting for a free reader",
    READ: "Read; added after the documents before it",
    RECORDING: "Adding to the case…",
    ADDED: "✓ Added",
    CANCELLED: "Cancelled",
}
#: The reader's stage names, as the officer reads them.
STAGE_TEXT = {"intake": "opening", "imaging": "preparing the page", "classify": "recognising the kind",
              "letter": "reading pages", "done": "finishing", "employment_letter": "reading the letter"}


def state_text(it: Intake) -> str:
    """One line saying where a document stands."""
    if it.state == READING:
        if not it.total:
            return "Reading: starting"
        stage = STAGE_TEXT.get(it.stage, f"reading the {it.stage.replace('_', ' ')}")
        return f"Reading: {stage} ({min(it.done, it.total)}/{it.total})"
    if it.state == FAILED:
        return f"✗ Not added: {it.error}"
    return STATE_TEXT.get(it.state, it.state)


class _Row(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel()
        self.name.setObjectName("readingName")
        self.bar = QProgressBar()
        self.bar.setObjectName("readingBar")
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.state = QLabel()
        self.state.setObjectName("readingState")
        self.state.setWordWrap(True)
        self.state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 4)
        lay.setSpacing(1)
        lay.addWidget(self.name)
        lay.addWidget(self.bar)
        lay.addWidget(self.state)

    def show_item(self, it: Intake) -> None:
        text = state_text(it)
        width = max(60, self.width() - 4)
        self.name.setText(self.name.fontMetrics().elidedText(it.path.name, Qt.TextElideMode.ElideMiddle, width))
        self.name.setToolTip(it.path.name)
        self.state.setText(text)
        self.state.setToolTip(text)
        self.bar.setValue(round(it.fraction * 100))
        # A document not added has no bar: a full one would read as success.
        self.bar.setVisible(it.state not in (FAILED, CANCELLED))
        self.bar.setAccessibleName(f"Reading progress of {it.path.name}")
        self.bar.setAccessibleDescription(text)


class ReadingProgress(QFrame):
    """A line per document of the batch: its name, its own bar and its state in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingProgress")
        self.setAccessibleName("Documents being read")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel("<b>Reading</b>")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self._layout.setSpacing(2)
        self._layout.addWidget(self.title)
        self.rows: list[_Row] = []
        self.hide()

    def show_items(self, items: list[Intake]) -> None:
        """Show ``items`` (hidden when there are none)."""
        while len(self.rows) > len(items):
            row = self.rows.pop()
            self._layout.removeWidget(row)
            row.deleteLater()
        while len(self.rows) < len(items):
            row = _Row(self)
            self.rows.append(row)
            self._layout.addWidget(row)
        reading = sum(1 for it in items if it.state == READING)
        self.title.setText(f"<b>Reading {len(items)} document{'s' if len(items) != 1 else ''}</b>"
                           + (f" ({reading} at once)" if reading > 1 else ""))
        for row, it in zip(self.rows, items, strict=True):
            row.show_item(it)
        self.setVisible(bool(items))
