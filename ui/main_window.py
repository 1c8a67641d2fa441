"""The main window: composition of menus, the case list, the case panel and the status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import actions
from ui.dialogs.about import make_about_box
from ui.errors import ErrorReporter
from ui.gc_policy import freeze_start_up_objects
from ui.models.cases_model import CasesModel
from ui.officer.case_workspace import CaseWorkspace
from ui.supervisor.session import SessionController
from ui.workers import JobRunner
from workstation.audit.cases import CaseSummary
from workstation.config import WorkstationConfig
from workstation.errors import WorkstationError
from workstation.records.model import ApplicantRecord
from workstation.service import Workstation

log = logging.getLogger(__name__)

NOTICE = (
    "White-light scans can validate consistency, check digits and dates. They cannot authenticate a "
    "document (UV/IR features, holograms)."
)


class RecordPanel(QGroupBox):
    """Read-only view of the selected case's applicant record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Applicant record", parent)
        self.setObjectName("recordPanel")
        self._form = QFormLayout(self)
        self._placeholder = QLabel("Select a case to see its record.")
        self._form.addRow(self._placeholder)

    def show_record(self, record: ApplicantRecord | None) -> None:
        """Replace the form with ``record``'s fields (unknown fields included)."""
        while self._form.rowCount():
            self._form.removeRow(0)
        if record is None:
            self._form.addRow(QLabel("Select a case to see its record."))
            return
        data = record.to_dict()
        for key, value in data.items():
            if key == "employment":
                for i, period in enumerate(value):
                    text = ", ".join(f"{k}: {v}" for k, v in period.items())
                    label = QLabel(text)
                    label.setWordWrap(True)
                    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                    self._form.addRow(f"Employment {i + 1}", label)
                continue
            label = QLabel(str(value))
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self._form.addRow(key.replace("_", " ").capitalize(), label)


class MainWindow(QMainWindow):
    """Composes the officer's desk; actions live in ``ui.actions``."""

    cases_loaded = Signal(int)
    workstation_opened = Signal()
    #: The reader process is started, the readers imported and start-up's objects frozen.
    reader_ready = Signal()

    def __init__(self, config: WorkstationConfig, reporter: ErrorReporter, demo: bool = False,
                 login: bool = False) -> None:
        super().__init__()
        self.config = config
        self.login = login
        self.session: SessionController | None = None
        self.reporter = reporter
        self.runner = JobRunner()
        self.ws: Workstation | None = None
        self.reader_is_ready = False
        self._reader_warming = False
        self.setWindowTitle("Document-verification workstation")
        self.setObjectName("mainWindow")
        self.resize(1200, 760)

        self.cases_model = CasesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.cases_model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self._build_central()
        self._build_menus()
        self.statusBar().showMessage("Opening the database…")
        actions.open_workstation(self.runner, config, demo, self._on_workstation_opened, self._on_failed,
                                 demo_login=demo and not login)

    # -- composition -----------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by case number or name")
        self.search.setAccessibleName("Search cases")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QTableView()
        self.table.setObjectName("casesTable")
        self.table.setAccessibleName("Cases")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel("<b>Cases</b>"))
        lv.addWidget(self.search)
        lv.addWidget(self.table, 3)
        self.record_panel = RecordPanel()
        lv.addWidget(self.record_panel, 2)
        notice = QLabel(NOTICE)
        notice.setObjectName("authenticityNotice")
        notice.setWordWrap(True)
        lv.addWidget(notice)

        self.workspace_holder = QWidget()
        self._workspace_layout = QVBoxLayout(self.workspace_holder)
        self._workspace_layout.setContentsMargins(0, 0, 0, 0)
        self.workspace: CaseWorkspace | None = None

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.workspace_holder)
        self.splitter.setSizes([420, 1180])
        self.setCentralWidget(self.splitter)

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: str | QKeySequence.StandardKey | None = None,
                case_action: bool = False) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        if case_action:
            act.setEnabled(False)
            self._case_actions.append(act)
        return act

    def _build_menus(self) -> None:
        self._case_actions: list[QAction] = []
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = self._action(file_menu, "&Import records…", self._on_import_triggered, "Ctrl+I")
        self.import_action.setEnabled(False)
        self._action(file_menu, "&Add document…", lambda: self._ws_call("choose_documents"), "Ctrl+D", True)
        self._action(file_menu, "&Scan page", lambda: self._ws_call("scan_document"), "Ctrl+Shift+S", True)
        self._action(file_menu, "&Camera…", lambda: self._ws_call("capture_from_camera"), "Ctrl+Shift+C", True)
        file_menu.addSeparator()
        self._action(file_menu, "Se&ttings…", self.show_settings, QKeySequence.StandardKey.Preferences)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        case_menu = self.menuBar().addMenu("&Case")
        self._action(case_menu, "Run &checks", lambda: self._ws_call("run_checks"), "F5", True)
        self._action(case_menu, "&Next problem", lambda: self._panel_call("select_next_problem"), "F8", True)
        self._action(case_menu, "&Override selected check…", lambda: self._panel_call("_on_override_clicked"), "Ctrl+O", True)
        self._action(case_menu, "Next &document", lambda: self._ws_call("next_document"), "Ctrl+PgDown", True)
        self._action(case_menu, "Cancel reading", lambda: self._ws_call("cancel_current"), "Escape", True)
        case_menu.addSeparator()
        self._action(case_menu, "Decide: &verified", lambda: self._ws_call("decide", "verified"), "Ctrl+Shift+V", True)
        self._action(case_menu, "Decide: &mismatch", lambda: self._ws_call("decide", "mismatch"), "Ctrl+Shift+M", True)
        self._action(case_menu, "Decide: needs &review", lambda: self._ws_call("decide", "needs_review"), "Ctrl+Shift+R", True)

        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "&Find case", lambda: self.search.setFocus(), QKeySequence.StandardKey.Find)
        self._action(view_menu, "Case &list", lambda: self.table.setFocus(), "Ctrl+L")
        self.only_problems_action = self._action(
            view_menu, "Only &problems", lambda: self._panel_call("only_problems.toggle"), "Ctrl+P", True
        )
        self.word_boxes_action = QAction("Show &word boxes", self)
        self.word_boxes_action.setCheckable(True)
        self.word_boxes_action.setShortcut(QKeySequence("Ctrl+Shift+W"))
        self.word_boxes_action.setToolTip("Show the boxes of every word the OCR read; low-confidence words are dashed")
        view_menu.addAction(self.word_boxes_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = self._action(help_menu, "&About", self.show_about)

    def _ws_call(self, name: str, *args: object) -> None:
        if self.workspace is not None:
            getattr(self.workspace, name)(*args)

    def _panel_call(self, path: str) -> None:
        if self.workspace is None:
            return
        target: object = self.workspace.comparison
        for part in path.split("."):
            target = getattr(target, part)
        target()  # type: ignore[operator]

    # -- slots -------------------------------------------------------------------------------
    def _on_failed(self, exc: BaseException) -> None:
        self.statusBar().showMessage("Error: see the message")
        self.reporter.report(exc)

    def _on_workstation_opened(self, ws: Workstation) -> None:
        self.ws = ws
        self.import_action.setEnabled(True)
        self.workspace = CaseWorkspace(ws, self.runner, self.reporter.report, self)
        self.workspace.case_decided.connect(lambda _c, _v: self.reload_cases())
        self.workspace.checks_updated.connect(lambda _v: self.reload_cases())
        self._workspace_layout.addWidget(self.workspace)
        # The menu action and the viewer's own toggle button stay in step (setChecked to the same value is silent).
        self.word_boxes_action.toggled.connect(self.workspace.words_button.setChecked)
        self.workspace.words_button.toggled.connect(self.word_boxes_action.setChecked)
        self._apply_watch_folder()
        url = ws.config.database_url
        kind = "SQLite" if url.startswith("sqlite") else "shared database"
        self.statusBar().showMessage(f"Database: {kind}")
        if self.login:
            self.session = SessionController(self, ws, self.runner, self.reporter.report, self.config.idle_lock_minutes)
            self.session.start()
        self.workstation_opened.emit()
        if not self.login:  # with a login the list loads once a user has unlocked the vault (SessionController)
            self.reload_cases()
        # The reader processes warm up once the case list is shown (_on_cases_loaded).

    def _on_reader_ready(self, _result: object) -> None:
        # Once start-up's imports are done, keep them out of every later garbage collection.
        freeze_start_up_objects()
        self.reader_is_ready = True
        self.reader_ready.emit()

    def reload_cases(self) -> None:
        """Fetch the case list in the background."""
        if self.ws is not None:
            actions.refresh_cases(self.runner, self.ws, self._on_cases_loaded, self._on_failed)

    def _on_cases_loaded(self, rows: list[CaseSummary]) -> None:
        self.cases_model.set_rows(rows)
        self.statusBar().showMessage(f"{len(rows)} case(s)")
        if rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self.cases_loaded.emit(len(rows))
        if not self._reader_warming and self.ws is not None:
            # The window first, then the readers: two children loading OpenCV and the OCR models
            # (~1 s of CPU each) would otherwise compete with start-up for the two cores.
            self._reader_warming = True
            actions.warm_up_reader(self.runner, self.ws, self._on_failed, on_done=self._on_reader_ready)

    def _on_current_row_changed(self, current: object, _previous: object) -> None:
        idx = self.table.currentIndex()
        if self.ws is None or not idx.isValid():
            return
        summary = self.cases_model.row_at(self.proxy.mapToSource(idx).row())
        actions.load_record(self.runner, self.ws, summary.case_number, self.record_panel.show_record, self._on_failed)
        if self.workspace is not None and self.workspace.case_number != summary.case_number and not self.workspace.busy:
            self.workspace.open_case(summary.case_number, summary.name)
            for act in self._case_actions:
                act.setEnabled(True)

    def _on_import_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import applicant records", "", "Applicant records (*.json *.csv)")
        if path and self.ws is not None:
            self.import_records(Path(path))

    def import_records(self, path: Path) -> None:
        """Import a records file and refresh the list."""
        assert self.ws is not None
        self.statusBar().showMessage("Importing records…")
        actions.import_records(self.runner, self.ws, path, lambda _r: self.reload_cases(), self._on_failed)

    def _apply_watch_folder(self) -> None:
        if self.workspace is None:
            return
        folder = self.config.watch_folder
        if not folder:
            self.workspace.stop_watch()
            return
        try:
            self.workspace.start_watch(Path(folder))
        except WorkstationError as e:
            self._on_failed(e)

    def show_settings(self) -> None:
        """Edit this desk's settings; they apply from the next start for the database, now for the rest."""
        from ui.dialogs.settings_dialog import SettingsDialog
        from ui.settings import open_settings, save_config, settings_path

        dlg = SettingsDialog(self.config, self)
        if dlg.exec() == SettingsDialog.DialogCode.Accepted:
            self.config = dlg.result_config()
            save_config(open_settings(settings_path(self.config.data_dir)), self.config)
            self._apply_watch_folder()
            self.statusBar().showMessage("Settings saved. A new database location applies at the next start.")

    def show_about(self) -> None:
        """Open the About box (non-modal)."""
        box = make_about_box(self)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.workspace is not None and self.workspace.reading.active:
            self.workspace.reading.cancel()  # the reader processes are ended, not waited for
        self.runner.wait(10000)
        if self.session is not None:
            self.session.end()  # a logged-in user is logged out (event + signed checkpoint)
        if self.ws is not None:
            self.ws.close()
        event.accept()
