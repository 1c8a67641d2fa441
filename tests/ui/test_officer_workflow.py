"""The officer's whole workflow through the real window, Tesseract, reader, checks and audit store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog

from tests.synth import cases
from ui.dialogs.override_dialog import OverrideDialog
from workstation.audit.store import AuditStore, EventFilter

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def specimen_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, list[Path]]:
    case = cases.make_case(seed=7, index=0, level="none")
    folder = tmp_path_factory.mktemp("case")
    paths = []
    for doc in case.documents:
        p = folder / doc.name
        p.write_bytes(doc.data)
        paths.append(p)
    record_path = folder / "record.json"
    record_path.write_text(json.dumps(case.record))
    return record_path, case.record, paths


def test_open_case_add_documents_override_and_decide(main_window, qtbot, specimen_case, monkeypatch, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    record_path, record, paths = specimen_case
    case_number = record["case_number"]
    with qtbot.waitSignal(main_window.cases_loaded, timeout=20000):
        main_window.import_records(record_path)
    rows = [main_window.cases_model.row_at(i).case_number for i in range(main_window.cases_model.rowCount())]
    main_window.table.selectRow(main_window.proxy.mapFromSource(main_window.cases_model.index(rows.index(case_number), 0)).row())
    ws_widget = main_window.workspace
    qtbot.waitUntil(lambda: ws_widget.case_number == case_number, timeout=5000)

    passport = next(p for p in paths if p.name.startswith("passport"))
    letter = next(p for p in paths if p.name.startswith("letter"))
    with qtbot.waitSignal(ws_widget.checks_updated, timeout=180000):
        ws_widget.add_documents([passport, letter])
    assert ws_widget.doc_list.count() == 2
    ws_widget.doc_list.setCurrentRow(0)
    assert ws_widget.viewer.box_count > 0, "the passport's field boxes are drawn over the page"
    model = ws_widget.comparison.model
    assert model.rowCount() > 5
    ids = [model.check_at(r).id for r in range(model.rowCount())]
    assert any(i.startswith("passport.") for i in ids)

    # OCR word boxes: off at first; the View menu's action (Ctrl+Shift+W) and the viewer's button agree.
    viewer = ws_widget.viewer
    assert viewer.word_boxes == [] and not ws_widget.words_button.isChecked()
    assert main_window.word_boxes_action.shortcut().toString() == "Ctrl+Shift+W"
    main_window.word_boxes_action.trigger()
    assert ws_widget.words_button.isChecked() and viewer.words_visible
    words = viewer.word_boxes
    assert len(words) >= 10, "the passport's OCR words came through the reader process"
    page = viewer.sceneRect()
    assert all(page.adjusted(-2, -2, 2, 2).contains(w.rect()) for w in words)
    for w in words:  # low confidence is a dashed outline, not only a colour
        assert (w.pen().style() == Qt.PenStyle.DashLine) == (w.data(1) == "word_low")
    main_window.resize(1500, 900)
    ws_widget.splitter.setSizes([150, 950, 400])
    qtbot.wait(200)
    viewer.fit()
    viewer.zoom_in()
    viewer.zoom_in()
    viewer.centerOn(page.center().x(), page.top() + page.height() * 0.45)
    qtbot.wait(100)
    assert viewer.grab().save(str(screenshot_dir / "viewer_word_boxes.png"))
    ws_widget.splitter.setSizes([180, 420, 560])
    ws_widget.words_button.click()  # the button turns the menu action off too
    assert not main_window.word_boxes_action.isChecked() and not any(w.isVisible() for w in words)

    # Override the first check with a reason (the dialog is answered, never left blocking).
    target = model.check_at(0)
    ws_widget.comparison.table.selectRow(0)

    def _answer(self: OverrideDialog) -> int:
        self.reason_edit.setPlainText("Officer compared the booklet by hand at the desk")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(OverrideDialog, "exec", _answer)
    ws_widget._on_override_requested(target)
    qtbot.waitUntil(lambda: model.override_of(target.id) is not None, timeout=10000)

    with qtbot.waitSignal(ws_widget.case_decided, timeout=10000):
        ws_widget.decide("needs_review")
    qtbot.waitUntil(lambda: any(
        main_window.cases_model.row_at(i).status == "needs_review" for i in range(main_window.cases_model.rowCount())
    ), timeout=10000)
    QTimer.singleShot(0, lambda: None)
    main_window.resize(1500, 900)
    qtbot.wait(200)
    assert main_window.grab().save(str(screenshot_dir / "officer_case.png"))

    store = AuditStore(main_window.ws.engine, workstation_id=main_window.ws.config.workstation_id)
    events = [e.event_type for e in store.events(EventFilter(case_ref=case_number))]
    assert events.count("document.added") == 2
    assert "check.done" in events
    assert "check.overridden" in events
    assert events[-1] == "case.decided"
