"""The supervisor's review: the audit trail with filters, an entry's evidence, sign-off, chain status, reports.

Every query runs on the ``JobRunner`` (never on the GUI thread); widgets get plain values back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.images import crop, to_qimage
from ui.supervisor.review_model import AuditTrailModel
from ui.workers import JobRunner
from workstation.audit.access import SIGNOFF_TARGET_TYPES, ReviewFilter
from workstation.audit.chain import AuditEvent
from workstation.audit.export import ExportScope
from workstation.security.roles import Action, allowed
from workstation.service import Workstation
from workstation.supervision import ChainStatus, EvidenceView, UserSession

log = logging.getLogger(__name__)

ANY = "(any)"
VERDICTS = ("verified", "mismatch", "needs_review")
_EARLIEST = QDate(2000, 1, 1)


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ReviewPanel(QWidget):
    """Audit-trail review for supervisors (and the trail's integrity for administrators)."""

    status_message = Signal(str)

    def __init__(self, ws: Workstation, user: UserSession, runner: JobRunner,
                 on_error: Callable[[BaseException], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.ws, self.user, self.runner, self.on_error = ws, user, runner, on_error
        self.model = AuditTrailModel(self._fetch, self)
        self.model.loading_changed.connect(self._on_loading)
        self._build()
        self.model.set_filter(ReviewFilter())
        self.runner.start(lambda: ws.review_choices(user), on_finished=self._on_choices, on_failed=on_error)

    # -- composition -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = QLabel("Chain status: not verified yet in this session.")
        self.banner.setObjectName("chainBanner")
        self.banner.setWordWrap(True)
        self.verify_button = QPushButton("Verify now")
        self.verify_button.clicked.connect(self.verify_now)
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.verify_button)

        self.officer = QComboBox()
        self.officer.setEditable(True)
        self.officer.addItem(ANY)
        self.officer.setAccessibleName("Officer")
        self.case = QLineEdit()
        self.case.setPlaceholderText("Case number")
        self.case.setAccessibleName("Case")
        self.use_dates = QCheckBox("From")
        self.date_from = QDateEdit(QDate.currentDate().addDays(-7))
        self.date_to = QDateEdit(QDate.currentDate())
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.event_type = QComboBox()
        self.event_type.addItem(ANY)
        self.event_type.setAccessibleName("Event type")
        self.event_type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.verdict = QComboBox()
        self.verdict.addItems([ANY, *VERDICTS])
        self.verdict.setAccessibleName("Verdict")
        self.overrides_only = QCheckBox("Overrides only")
        self.awaiting = QCheckBox("Awaiting sign-off")
        apply = QPushButton("Apply filters")
        apply.setDefault(True)
        apply.clicked.connect(self.apply_filters)
        self.case.returnPressed.connect(self.apply_filters)
        filters = QHBoxLayout()
        for label, w in (("Officer", self.officer), ("Case", self.case)):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("to"))
        filters.addWidget(self.date_to)
        for label, w in (("Event", self.event_type), ("Verdict", self.verdict)):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
        filters.addWidget(self.overrides_only)
        filters.addWidget(self.awaiting)
        filters.addWidget(apply)
        filters.addStretch(1)

        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Audit trail")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((56, 132, 76, 76, 124, 116)):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._open_row(cur.row()))

        self.detail = QTextBrowser()
        self.detail.setObjectName("entryDetail")
        self.detail.setPlaceholderText("Select an entry to see the check, its reason and its evidence.")
        self.evidence = QLabel("No evidence image.")
        self.evidence.setObjectName("evidenceCrop")
        self.evidence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.evidence.setMinimumHeight(160)
        self.approve_button = QPushButton("Approve")
        self.return_button = QPushButton("Return…")
        self.approve_button.clicked.connect(lambda: self.sign_off("approved"))
        self.return_button.clicked.connect(lambda: self.sign_off("returned"))
        can_sign = allowed(self.user.role, Action.SIGN_OFF)
        for b in (self.approve_button, self.return_button):
            b.setEnabled(False)
            b.setVisible(can_sign)
        self.report_pdf = QPushButton("Report (PDF)…")
        self.report_csv = QPushButton("Report (CSV)…")
        self.report_pdf.clicked.connect(lambda: self.export_report("pdf"))
        self.report_csv.clicked.connect(lambda: self.export_report("csv"))
        for b in (self.report_pdf, self.report_csv):
            b.setVisible(allowed(self.user.role, Action.EXPORT_REPORT))
        buttons = QHBoxLayout()
        for b in (self.approve_button, self.return_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.report_pdf, self.report_csv):
            buttons.addWidget(b)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.detail, 2)
        rv.addWidget(self.evidence, 1)
        rv.addLayout(buttons)

        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([900, 380])
        self.count_label = QLabel("")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addWidget(self.count_label)

    # -- loading -----------------------------------------------------------------------------
    def _fetch(self, flt: ReviewFilter, before: int | None, limit: int,
               done: Callable[[Sequence[AuditEvent]], None]) -> None:
        ws, user = self.ws, self.user

        def failed(exc: BaseException) -> None:
            self.model.failed()
            self.on_error(exc)

        self.runner.start(lambda: ws.review_page(user, flt, before, limit), on_finished=done, on_failed=failed)

    def _on_loading(self, loading: bool) -> None:
        more = "" if self.model.exhausted else " (scroll for more)"
        self.count_label.setText("Loading…" if loading else f"{self.model.rowCount()} entries shown{more}")

    def _on_choices(self, choices: tuple[list[str], list[str]]) -> None:
        actors, types = choices
        self.officer.addItems(actors)
        self.event_type.addItems(types)

    def current_filter(self) -> ReviewFilter:
        """The filter the widgets describe."""
        officer = self.officer.currentText().strip()
        etype = self.event_type.currentText()
        verdict = self.verdict.currentText()
        since = until = None
        if self.use_dates.isChecked():
            since = self.date_from.date().toString("yyyy-MM-dd")
            until = self.date_to.date().addDays(1).toString("yyyy-MM-dd")
        return ReviewFilter(
            actor=officer if officer and officer != ANY else None,
            case_ref=self.case.text().strip() or None,
            since=since, until=until,
            event_types=(etype,) if etype != ANY else (),
            overrides_only=self.overrides_only.isChecked(),
            verdict=verdict if verdict != ANY else None,
            awaiting_signoff=self.awaiting.isChecked(),
        )

    def apply_filters(self) -> None:
        """Reload the table with the filters shown."""
        self.model.set_filter(self.current_filter())

    # -- an entry ----------------------------------------------------------------------------
    def _open_row(self, row: int) -> None:
        if row < 0 or row >= self.model.rowCount():
            return
        ev = self.model.event_at(row)
        self.approve_button.setEnabled(False)
        self.return_button.setEnabled(False)
        self.runner.start(lambda: self.ws.open_entry(self.user, ev.seq), on_finished=self._show_entry,
                          on_failed=self.on_error)

    def _show_entry(self, view: EvidenceView) -> None:
        ev = view.event
        rows = [("Event", f"{ev.event_type} (seq {ev.seq})"), ("Time (UTC)", ev.ts), ("User", f"{ev.actor} ({ev.role})"),
                ("Case", ev.case_ref or "—"), ("Desk", ev.workstation_id)]
        payload = ev.payload_obj
        for key in ("check_id", "status", "from_status", "to_status", "reason", "verdict", "system_verdict", "note", "target_seq"):
            if key in payload:
                rows.append((key.replace("_", " ").capitalize(), payload[key]))
        html = "<table>" + "".join(f"<tr><th align=left>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in rows) + "</table>"
        if view.check is not None and ev.event_type != "check.done":
            c = view.check
            html += (f"<h4>The check</h4><p><b>{_esc(c.get('check_id'))}</b>: {_esc(c.get('status'))}<br>"
                     f"{_esc(c.get('reason'))}<br>Document: {_esc(c.get('document'))}, page {_esc(c.get('page'))}</p>")
        self.detail.setHtml(html)
        self._show_image(view)
        can = ev.event_type in SIGNOFF_TARGET_TYPES and allowed(self.user.role, Action.SIGN_OFF)
        self.approve_button.setEnabled(can)
        self.return_button.setEnabled(can)

    def _show_image(self, view: EvidenceView) -> None:
        if view.image is None:
            self.evidence.setPixmap(QPixmap())
            self.evidence.setText(view.note or "No evidence image.")
            return
        part = crop(view.image, view.bbox) if view.bbox else view.image
        pix = QPixmap.fromImage(to_qimage(part))
        self.evidence.setPixmap(pix.scaled(self.evidence.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))

    def clear_evidence(self) -> None:
        """Forget the decrypted image and the entry shown (idle lock)."""
        self.evidence.setPixmap(QPixmap())
        self.evidence.setText("No evidence image.")
        self.detail.clear()

    # -- actions -----------------------------------------------------------------------------
    def selected_event(self) -> AuditEvent | None:
        """The entry selected in the table."""
        idx = self.table.currentIndex()
        return self.model.event_at(idx.row()) if idx.isValid() else None

    def sign_off(self, decision: str, note: str | None = None) -> None:
        """Approve or return the selected override or decision."""
        ev = self.selected_event()
        if ev is None:
            return
        if decision == "returned" and note is None:
            note, ok = QInputDialog.getText(self, "Return to the officer", "Why is this returned?")
            if not ok:
                return
        text = note or ""
        self.runner.start(lambda: self.ws.sign_off(self.user, ev.seq, decision, text),
                          on_finished=lambda seq: (self.status_message.emit(f"Event {ev.seq} {decision} (event {seq})."),
                                                   self.model.refresh()),
                          on_failed=self.on_error)

    def verify_now(self) -> None:
        """Verify the whole chain on a worker and show the result in the banner."""
        self.verify_button.setEnabled(False)
        self.banner.setText("Verifying the audit trail…")

        def failed(exc: BaseException) -> None:
            self.verify_button.setEnabled(True)
            self.on_error(exc)

        self.runner.start(lambda: self.ws.chain_status(self.user), on_finished=self.show_status, on_failed=failed)

    def show_status(self, st: ChainStatus) -> None:
        """Put a verification result in the banner."""
        self.verify_button.setEnabled(True)
        if st.ok:
            anchor = (f"verified to the checkpoint at seq {st.checkpoint_seq:,}" if st.checkpoint_seq
                      else "no signed checkpoint yet")
            text = f"✔ Chain intact: {st.events:,} events, {anchor}; {st.unanchored:,} event(s) not yet anchored by a checkpoint."
            self.banner.setStyleSheet("background:#e6f4ea; padding:6px;")
        else:
            text = f"✖ Chain BROKEN at seq {st.first_bad_seq}: {st.summary.splitlines()[0]}"
            self.banner.setStyleSheet("background:#fce8e6; padding:6px; font-weight:bold;")
        self.banner.setText(text)

    def export_report(self, fmt: str, out: Path | None = None) -> None:
        """A PDF or CSV report of the case in the filter, or of the date range."""
        flt = self.current_filter()
        first = date.fromisoformat(flt.since) if flt.since else None
        last = self.date_to.date().toPython() if flt.until else None
        try:
            scope = ExportScope(case_ref=flt.case_ref, first_day=first, last_day=last)  # type: ignore[arg-type]
        except Exception as e:  # noqa: BLE001 - InputError: nothing chosen; shown to the user
            self.on_error(e)
            return
        if out is None:
            name, _ = QFileDialog.getSaveFileName(self, "Save report", f"audit-report.{fmt}", f"{fmt.upper()} (*.{fmt})")
            if not name:
                return
            out = Path(name)
        target = out
        self.runner.start(lambda: self.ws.export_report(self.user, scope, fmt, target),
                          on_finished=lambda n: self.status_message.emit(f"Report written: {n} event(s) in {target.name}."),
                          on_failed=self.on_error)
