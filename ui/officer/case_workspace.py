"""One open case: documents, the page viewer, the comparison panel, intake and decision."""

from __future__ import annotations

import getpass
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import actions
from ui.actions import THUMB_PX, AddedDocument
from ui.dialogs.override_dialog import OverrideDialog
from ui.images import crop, to_qimage
from ui.models.checks_model import Override
from ui.officer.comparison_panel import ComparisonPanel
from ui.officer.document_viewer import DocumentViewer, OverlayBox
from ui.officer.reading_progress import ReadingProgress
from ui.officer.reading_queue import ADDED, READING, ReadingQueue
from ui.workers import Job, JobRunner
from workstation.errors import ConfigError
from workstation.intake.watch import FolderWatch
from workstation.service import Workstation

log = logging.getLogger(__name__)

DOCUMENT_FILTER = "Documents (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)"
#: How often the scan-to-folder location is looked at (ms).
WATCH_INTERVAL_MS = 2000
KIND_TEXT = {"passport": "Passport", "tazkira": "Tazkira", "employment_letter": "Employment letter", "unknown": "Unknown"}


@dataclass
class _Doc:
    added: Any  # DocumentAdded
    image: Any = None  # prepared page 1 as a numpy array (boxes refer to it; crops come from it)
    display: Any = None  # a smaller QImage of it for the viewer, made off the GUI thread
    step: int = 1  # display pixel = image pixel / step
    icon: QIcon | None = None  # thumbnail for the document list (scaled off the GUI thread)


class CaseWorkspace(QWidget):
    """The officer's work on one case. Every core call runs on a worker."""

    document_added = Signal(str)
    checks_updated = Signal(str)
    case_decided = Signal(str, str)
    busy_changed = Signal(bool)

    def __init__(self, ws: Workstation, runner: JobRunner, on_error: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseWorkspace")
        self.setAcceptDrops(True)
        self.ws = ws
        self.runner = runner
        self.on_error = on_error
        # Set by the login session; without logins (tests, screenshots) the OS user acts as an officer.
        self.actor = getpass.getuser() or "officer"
        self.role = "officer"
        self.case_number: str | None = None
        self._docs: list[_Doc] = []
        self._job: Job | None = None  # a scan or a check run (reading has its own queue)
        self._job_text = ""
        self._shown_busy = False
        # Documents are read side by side, one per reader process, and added in the order given.
        parallel = ws.reader.workers if ws.reader is not None else 1
        self.reading = ReadingQueue(runner, ws, parallel, self)
        self.reading.changed.connect(self._show_progress)
        self.reading.document_added.connect(self._on_document_added)
        self.reading.document_failed.connect(self.on_error)
        self.reading.batch_finished.connect(self._on_batch_finished)
        self._watch: FolderWatch | None = None
        self._watch_timer: QTimer | None = None
        self._watch_polling = False
        self.watch_interval_ms = WATCH_INTERVAL_MS

        self.header = QLabel("No case open. Choose a case on the left.")
        self.header.setObjectName("caseHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)

        self.add_button = QPushButton("&Add document…")
        self.add_button.setToolTip("Add a scan, photo or PDF to this case (Ctrl+D); you can also drop files here")
        self.add_button.clicked.connect(self.choose_documents)
        self.scan_button = QPushButton("&Scan")
        self.scan_button.setToolTip("Scan a page from the configured scanner (Ctrl+Shift+S)")
        self.scan_button.clicked.connect(self.scan_document)
        self.checks_button = QPushButton("Run &checks")
        self.checks_button.setToolTip("Compare the record with the documents (F5)")
        self.checks_button.clicked.connect(self.run_checks)
        self.decide_button = QToolButton()
        self.decide_button.setText("&Decide")
        self.decide_button.setToolTip("Record the case outcome")
        self.decide_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        decide_menu = QMenu(self.decide_button)
        for verdict, label in (("verified", "Verified"), ("mismatch", "Mismatch"), ("needs_review", "Needs review")):
            act = decide_menu.addAction(label)
            act.triggered.connect(lambda _=False, v=verdict: self.decide(v))
        self.decide_button.setMenu(decide_menu)

        self.progress = QProgressBar()
        self.progress.setObjectName("overallProgress")
        self.progress.setAccessibleName("Progress")
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop reading every document not yet added (Esc)")
        self.cancel_button.clicked.connect(self.cancel_current)
        self.cancel_button.hide()

        self.doc_list = QListWidget()
        self.doc_list.setObjectName("documentList")
        self.doc_list.setAccessibleName("Documents of this case")
        self.doc_list.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.doc_list.currentRowChanged.connect(self._on_document_selected)
        self.doc_warnings = QLabel("")
        self.doc_warnings.setObjectName("qualityWarnings")
        self.doc_warnings.setWordWrap(True)
        self.rescan_button = QPushButton("&Rescan")
        self.rescan_button.setToolTip("Replace the selected document with a new scan")
        self.rescan_button.clicked.connect(self.rescan_selected)
        self.rescan_button.hide()

        self.viewer = DocumentViewer()
        self.viewer.box_clicked.connect(self._on_field_box_clicked)
        # The main window's View menu has the same toggle with a shortcut (Ctrl+Shift+W).
        self.words_button = QToolButton()
        self.words_button.setObjectName("wordBoxesToggle")
        self.words_button.setText("&Word boxes")
        self.words_button.setAccessibleName("Show OCR word boxes")
        self.words_button.setToolTip("Show the boxes of every word the OCR read (Ctrl+Shift+W)")
        self.words_button.setCheckable(True)
        self.words_button.toggled.connect(self.viewer.set_words_visible)
        self.words_legend = QLabel("Words: solid box = read confidently, dashed box = low confidence (check it)")
        self.words_legend.setObjectName("wordBoxesLegend")
        self.words_legend.setWordWrap(True)
        self.words_legend.hide()
        self.words_button.toggled.connect(self.words_legend.setVisible)
        self.comparison = ComparisonPanel()
        self.comparison.override_requested.connect(self._on_override_requested)
        self.comparison.check_selected.connect(self._on_check_selected)

        buttons = QHBoxLayout()
        self.camera_button = QPushButton("Ca&mera")
        self.camera_button.setToolTip("Photograph a document with the desk camera (Ctrl+Shift+C)")
        self.camera_button.clicked.connect(self.capture_from_camera)
        for b in (self.add_button, self.scan_button, self.camera_button, self.checks_button, self.decide_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.cancel_button)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel("Documents"))
        lv.addWidget(self.doc_list, 1)
        self.reading_progress = ReadingProgress()
        lv.addWidget(self.reading_progress)
        lv.addWidget(self.doc_warnings)
        lv.addWidget(self.rescan_button)

        middle = QWidget()
        mv = QVBoxLayout(middle)
        mv.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.words_button)
        bar.addWidget(self.words_legend, 1)
        mv.addLayout(bar)
        mv.addWidget(self.viewer, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.comparison)
        self.splitter.setSizes([180, 420, 560])

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)

        # Shortcuts live on the main window's menu actions (one owner per key sequence).
        self._set_enabled(False)

    # -- state -------------------------------------------------------------------------------
    def _set_enabled(self, on: bool) -> None:
        for w in (self.add_button, self.scan_button, self.camera_button, self.checks_button, self.decide_button,
                  self.comparison):
            w.setEnabled(on)

    @property
    def busy(self) -> bool:
        """Whether a reading, scan or check run is in progress."""
        return self._job is not None or self.reading.active

    def open_case(self, case_number: str, title: str) -> None:
        """Show ``case_number``; documents added earlier in this session come back with it."""
        self.case_number = case_number
        self.header.setText(f"<b>{case_number}</b> — {title}")
        self._docs = []
        self.doc_list.clear()
        self.viewer.set_page(None)
        self.comparison.set_checks([])
        self._set_enabled(True)
        report = self.ws.current_report(case_number)
        if report is not None:
            self._show_report(report)

    # -- intake ------------------------------------------------------------------------------
    def choose_documents(self) -> None:
        """Pick files with a dialog and add them."""
        if self.case_number is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, "Add documents", "", DOCUMENT_FILTER)
        self.add_documents([Path(p) for p in paths])

    def add_documents(self, paths: list[Path]) -> None:
        """Queue files for reading: read two at once (one per reader process), added in this order."""
        if self.case_number is None or not paths:
            return
        self.reading.add(self.case_number, list(paths), self.actor, self.role)

    def scan_document(self) -> None:
        """Scan one page from the configured scanner and add it."""
        if self.case_number is None:
            return
        device = self.ws.config.scanner_device
        if not device:
            self.on_error(ConfigError("No scanner is set: choose one in Settings (SANE device name)."))
            return
        out = Path(tempfile.mkdtemp(prefix="scan-")) / "scan.png"
        self._begin_busy("Scanning…", actions.scan_page(
            self.runner, device, out,
            on_scanned=lambda p: (self._end_busy(), self.add_documents([p])),
            on_failed=self._on_job_failed,
        ))

    def capture_from_camera(self) -> None:
        """Take a still from the camera (live preview) and add it to the case."""
        if self.case_number is None:
            return
        from ui.dialogs.camera_dialog import CameraDialog

        dlg = CameraDialog(self.ws.config.camera_source, self.capture_dir, self.runner, self)
        self.camera_dialog = dlg
        dlg.accepted.connect(lambda: dlg.captured_path and self.add_documents([dlg.captured_path]))
        dlg.open()

    @property
    def capture_dir(self) -> Path:
        """Private folder for camera stills until intake has stored them encrypted."""
        return self.ws.config.data_dir / "captures"

    def rescan_selected(self) -> None:
        """Scan again to replace a poor document (the old one stays in the audit trail)."""
        self.scan_document()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and self.case_number is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_documents(paths)
            event.acceptProposedAction()

    # -- progress ----------------------------------------------------------------------------
    def _begin_busy(self, text: str, job: Job) -> None:
        self._job, self._job_text = job, text
        self._show_progress()

    def _end_busy(self) -> None:
        self._job = None
        self._show_progress()

    def _show_progress(self) -> None:
        """The overall bar (reading: every document's share; a scan or check: busy) and the per-document lines."""
        items = self.reading.items
        self.reading_progress.show_items(items)
        if items:
            n = len(items)
            added = sum(1 for it in items if it.state == ADDED)
            self.progress.setRange(0, 1000)
            self.progress.setValue(round(1000 * sum(it.fraction for it in items) / n))
            if any(it.cancel_asked and it.state == READING for it in items):
                self.progress.setFormat("Cancelling…")
            else:
                self.progress.setFormat(f"Reading {n} document{'s' if n != 1 else ''}: {added} added (%p%)")
        elif self._job is not None:
            self.progress.setRange(0, 0)
            self.progress.setFormat(self._job_text)
        busy = self.busy
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy != self._shown_busy:
            self._shown_busy = busy
            self._set_enabled(not busy and self.case_number is not None)
            self.busy_changed.emit(busy)

    def cancel_current(self) -> None:
        """Stop every reading of the case not yet added (queued and running), or the running scan/check."""
        if self.reading.active:
            self.reading.cancel()
        elif self._job is not None:
            self._job.cancel_token.cancel()
            self.progress.setFormat("Cancelling…")

    def _on_job_failed(self, exc: BaseException) -> None:
        self._end_busy()
        self.on_error(exc)

    def _on_batch_finished(self, added: int, _cancelled: bool) -> None:
        self._show_progress()
        if added:  # also after a failure or a cancel: the verdict covers the documents now in the case
            self.run_checks()

    # -- documents ---------------------------------------------------------------------------
    def _on_document_added(self, result: AddedDocument) -> None:
        added = result.added
        captured = Path(added.ref.path)
        if captured.parent == self.capture_dir:
            captured.unlink(missing_ok=True)  # the vault holds it now, encrypted
        self._docs = [d for d in self._docs if d.added.ref.sha256 != added.ref.sha256]
        icon = QIcon(QPixmap.fromImage(result.thumb)) if result.thumb is not None else None
        self._docs.append(_Doc(added, result.image, result.display, result.step, icon))
        self._refresh_doc_list()
        self.doc_list.setCurrentRow(len(self._docs) - 1)
        self.document_added.emit(added.ref.file)

    def _refresh_doc_list(self) -> None:
        self.doc_list.blockSignals(True)
        self.doc_list.clear()
        for d in self._docs:
            ev = d.added.evidence
            flag = " ⚠" if ev.warnings else ""
            item = QListWidgetItem(f"{KIND_TEXT.get(ev.kind, ev.kind)}{flag}\n{d.added.ref.file}")
            item.setToolTip("\n".join(ev.warnings) or "No warnings")
            if d.icon is not None:
                item.setIcon(d.icon)
            self.doc_list.addItem(item)
        self.doc_list.blockSignals(False)

    def next_document(self) -> None:
        """Select the next document (wrapping)."""
        n = self.doc_list.count()
        if n:
            self.doc_list.setCurrentRow((self.doc_list.currentRow() + 1) % n)

    def _on_document_selected(self, row: int) -> None:
        if not (0 <= row < len(self._docs)):
            self.viewer.set_page(None)
            return
        d = self._docs[row]
        ev = d.added.evidence
        boxes = [
            OverlayBox(tuple(v / d.step for v in fv.bbox), f"{name}: {fv.value}", kind="field", key=name)
            for name, fv in ev.fields.items()
            if fv.bbox is not None and (fv.page in (None, 1))
        ]
        self.viewer.set_page(d.display, boxes, words=getattr(d.added, "words", ()), word_scale=1 / d.step)
        warnings = list(ev.warnings)
        self.doc_warnings.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.rescan_button.setVisible(any("rescan" in w.lower() for w in warnings))

    # -- checks ------------------------------------------------------------------------------
    def run_checks(self) -> None:
        """Compare the record with the documents added so far."""
        if self.case_number is None or self.busy:
            return
        self._begin_busy("Checking…", actions.run_checks(self.runner, self.ws, self.case_number, self.actor, self.role,
                                                         on_done=self._on_checks_done, on_failed=self._on_job_failed))

    def _on_checks_done(self, run: Any) -> None:
        self._end_busy()
        self._show_report(run.report)
        self.checks_updated.emit(run.report.verdict)

    def _show_report(self, report: Any) -> None:
        self.comparison.set_checks(list(report.checks))
        self.header.setText(self.header.text().split("  ·")[0] + f"  ·  system verdict: <b>{report.verdict.replace('_', ' ')}</b>")
        if self.comparison.proxy.rowCount():
            QTimer.singleShot(0, self.comparison.select_next_problem)

    def _on_check_selected(self, check: Any) -> None:
        ev = getattr(check, "evidence", None)
        doc_name = getattr(ev, "document", None) if ev is not None else None
        bbox = getattr(ev, "bbox", None) if ev is not None else None
        for row, d in enumerate(self._docs):
            if d.added.ref.file == doc_name:
                if self.doc_list.currentRow() != row:
                    self.doc_list.setCurrentRow(row)
                if bbox is not None and d.image is not None:
                    self.viewer.highlight(tuple(v / d.step for v in bbox))
                    self.comparison.show_evidence(to_qimage(crop(d.image, tuple(bbox))))
                    return
        self.comparison.show_evidence(None)

    def _on_field_box_clicked(self, field: str) -> None:
        """Show the crop of a field the officer double-clicked on the page."""
        row = self.doc_list.currentRow()
        if not (0 <= row < len(self._docs)):
            return
        d = self._docs[row]
        fv = d.added.evidence.fields.get(field)
        if fv is None or fv.bbox is None or d.image is None:
            self.comparison.show_evidence(None)
            return
        self.comparison.reason.setText(f"<b>{field}</b>: {fv.value} (read with {round(fv.confidence * 100)} % confidence)")
        self.comparison.show_evidence(to_qimage(crop(d.image, tuple(fv.bbox))))

    # -- scan-to-folder ------------------------------------------------------------------------
    def start_watch(self, folder: Path) -> None:
        """New, completely written files in ``folder`` join the open case (polled on a worker)."""
        self.stop_watch()
        self._watch = FolderWatch(folder)
        self._watch_timer = QTimer(self)
        self._watch_timer.setInterval(self.watch_interval_ms)
        self._watch_timer.timeout.connect(self._poll_watch)
        self._watch_timer.start()

    def stop_watch(self) -> None:
        """Stop watching the scan-to-folder location."""
        if self._watch_timer is not None:
            self._watch_timer.stop()
        self._watch_timer = None
        self._watch = None

    def _poll_watch(self) -> None:
        watch = self._watch
        if watch is None or self._watch_polling:
            return
        self._watch_polling = True

        def _done(paths: list[Path]) -> None:
            self._watch_polling = False
            if paths and self.case_number is not None:
                self.add_documents(paths)

        def _failed(exc: BaseException) -> None:
            self._watch_polling = False
            self.stop_watch()
            self.on_error(exc)

        self.runner.start(watch.poll, on_finished=_done, on_failed=_failed)

    def _on_override_requested(self, check: Any) -> None:
        if self.case_number is None:
            return
        dlg = OverrideDialog(check.id, check.status, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        status, reason = dlg.new_status, dlg.reason
        actions.override_check(
            self.runner, self.ws, self.case_number, check.id, status, reason, self.actor, self.role,
            on_done=lambda _o: self.comparison.model.set_override(check.id, Override(status, reason)),
            on_failed=self.on_error,
        )

    def decide(self, verdict: str) -> None:
        """Record the officer's verdict on the case."""
        if self.case_number is None:
            return
        case = self.case_number
        actions.decide_case(
            self.runner, self.ws, case, verdict, self.actor, self.role,
            on_done=lambda _d: self.case_decided.emit(case, verdict), on_failed=self.on_error,
        )
