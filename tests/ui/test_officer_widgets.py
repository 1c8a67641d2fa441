from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from ui.dialogs.override_dialog import MIN_REASON_CHARS, OverrideDialog
from ui.dialogs.settings_dialog import SettingsDialog
from ui.images import crop, to_qimage
from ui.models.checks_model import ChecksModel, Override, ProblemsFilter
from ui.officer.comparison_panel import ComparisonPanel
from ui.officer.document_viewer import DocumentViewer, OverlayBox
from ui.settings import load_config, open_settings, save_config
from workstation.config import WorkstationConfig

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass(frozen=True)
class Row:
    id: str
    field: str
    status: str
    expected: str | None
    found: str | None
    document: str
    reason: str


ROWS = [
    Row("passport.surname", "surname", "pass", "AHMADZAI", "AHMADZAI", "passport.jpg", "exact"),
    Row("passport.given_names", "given_names", "pass", "MUHAMMAD", "MOHAMMAD", "passport.jpg", "same name family: MUHAMMAD ~ MOHAMMAD"),
    Row("passport.document_number", "passport_number", "fail", "P01234567", "P01234568", "passport.jpg", "one digit different"),
    Row("tazkira.date_of_birth", "date_of_birth", "review", "1988-03-21", "1988-01-01", "tazkira.png", "1 January is a conventional date"),
    Row("letter.0.end_date", "employment.0.end_date", "not_done", "2013-08-31", None, "—", "no employment letter"),
]


def test_image_conversion_and_crop() -> None:
    grey = np.zeros((40, 60), np.uint8)
    bgr = np.zeros((40, 60, 3), np.uint8)
    bgr[:, :, 2] = 255  # red in BGR
    assert to_qimage(grey).size().width() == 60
    qimg = to_qimage(bgr)
    assert qimg.pixelColor(0, 0).red() == 255
    assert crop(bgr, (10, 10, 20, 20), margin=5).shape == (20, 20, 3)
    assert crop(bgr, (100, 100, 120, 120)).shape[:2] == (1, 1)
    with pytest.raises(ValueError):
        to_qimage(np.zeros((4, 4), np.float32))


def test_checks_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ChecksModel()
    model.set_checks(ROWS)
    qtmodeltester.check(model)
    assert model.data(model.index(2, ChecksModel.STATUS_COLUMN)) == "✖ Fail"
    assert model.data(model.index(2, ChecksModel.STATUS_COLUMN), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(4, 2)) == "—"
    model.set_override("passport.document_number", Override("pass", "Number re-read from the booklet by hand"))
    assert model.data(model.index(2, ChecksModel.STATUS_COLUMN)) == "✔ Pass (overridden)"
    assert "re-read" in model.data(model.index(2, 4))
    model.set_override("passport.document_number", None)
    assert model.effective_status(2) == "fail"


def test_problems_filter(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ChecksModel()
    model.set_checks(ROWS)
    proxy = ProblemsFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 5
    proxy.set_only_problems(True)
    assert proxy.rowCount() == 3
    model.set_override("tazkira.date_of_birth", Override("pass", "Officer checked the booklet"))
    proxy.set_only_problems(True)
    assert proxy.rowCount() == 2


def test_comparison_panel_next_problem_and_override(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = ComparisonPanel()
    qtbot.addWidget(panel)
    panel.set_checks(ROWS)
    assert panel.summary.text() == "Checks: 2 pass, 1 fail, 1 review, 1 not done"
    panel.select_next_problem()
    assert panel.current_check().id == "passport.document_number"
    assert "one digit different" in panel.reason.text()
    panel.select_next_problem()
    assert panel.current_check().id == "tazkira.date_of_birth"
    with qtbot.waitSignal(panel.override_requested, timeout=2000) as blocker:
        panel.override_button.click()
    assert blocker.args[0].id == "tazkira.date_of_birth"
    panel.only_problems.setChecked(True)
    assert panel.proxy.rowCount() == 3
    panel.show_evidence(None)
    assert "no image evidence" in panel.evidence.text()


def test_override_dialog_requires_a_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = OverrideDialog("passport.document_number", "fail")
    qtbot.addWidget(dlg)
    ok = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    assert [dlg.status_box.itemData(i) for i in range(dlg.status_box.count())] == ["pass", "review"]
    qtbot.keyClicks(dlg.reason_edit, "short")
    assert not ok.isEnabled()
    qtbot.keyClicks(dlg.reason_edit, " but now long enough")
    assert len(dlg.reason) >= MIN_REASON_CHARS
    assert ok.isEnabled()
    assert dlg.new_status == "pass"


def test_document_viewer_boxes_zoom_rotate(qtbot) -> None:  # type: ignore[no-untyped-def]
    viewer = DocumentViewer()
    qtbot.addWidget(viewer)
    viewer.resize(400, 300)
    img = to_qimage(np.full((600, 800, 3), 230, np.uint8))
    boxes = [OverlayBox((10, 10, 100, 40), "SPECIMEN"), OverlayBox((50, 500, 700, 560), "MRZ", kind="pass", key="mrz")]
    viewer.set_page(img, boxes)
    assert viewer.box_count == 2
    before = viewer.transform().m11()
    viewer.zoom_in()
    assert viewer.transform().m11() > before
    viewer.rotate_right()
    assert viewer.rotation_degrees == 90
    viewer.set_words_visible(False)
    viewer.highlight((50, 500, 700, 560))
    viewer.set_page(None)
    assert viewer.box_count == 0


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    s = open_settings(path)
    cfg = WorkstationConfig(data_dir=tmp_path, watch_folder=str(tmp_path), ocr_languages=("eng", "fas"), idle_lock_minutes=7)
    save_config(s, cfg)
    loaded = load_config(open_settings(path), WorkstationConfig(data_dir=tmp_path))
    assert loaded.watch_folder == str(tmp_path)
    assert loaded.ocr_languages == ("eng", "fas")
    assert loaded.idle_lock_minutes == 7
    assert "schema_version" in path.read_text()


def test_settings_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dlg = SettingsDialog(WorkstationConfig(data_dir=tmp_path))
    qtbot.addWidget(dlg)
    dlg.lang_boxes["pus"].setChecked(False)
    dlg.watch_edit.setText(str(tmp_path))
    cfg = dlg.result_config()
    assert cfg.ocr_languages == ("eng", "fas")
    assert cfg.watch_folder == str(tmp_path)
    for box in dlg.lang_boxes.values():
        box.setChecked(False)
    dlg._on_accepted()
    assert "at least one" in dlg.error.text()


def test_document_viewer_word_boxes_toggle_and_low_confidence(qtbot) -> None:  # type: ignore[no-untyped-def]
    viewer = DocumentViewer()
    qtbot.addWidget(viewer)
    img = to_qimage(np.full((300, 400, 3), 230, np.uint8))
    words = [
        ("SPECIMEN", 20, 20, 220, 60, 0.96, 1),
        ("Kabul", 40, 100, 140, 130, 0.31, 1),
        ("page2", 10, 10, 50, 30, 0.99, 2),  # not on the page shown
    ]
    viewer.set_page(img, [OverlayBox((0, 0, 10, 10), "surname: X", kind="pass", key="surname")], words=words, word_scale=0.5)
    assert viewer.word_boxes == []  # hidden by default, made only when first shown
    viewer.set_words_visible(True)
    items = viewer.word_boxes
    assert len(items) == 2
    by_text = {it.toolTip().split("”")[0].lstrip("“"): it for it in items}
    sure, low = by_text["SPECIMEN"], by_text["Kabul"]
    assert sure.rect().getCoords() == (10, 10, 110, 30)  # page pixels x word_scale
    assert sure.pen().style() == Qt.PenStyle.SolidLine
    assert low.pen().style() == Qt.PenStyle.DashLine  # told apart by the outline, not the colour alone
    assert "low" in low.toolTip() and "31 %" in low.toolTip() and "low" not in sure.toolTip()
    assert all(it.isVisible() for it in items)
    viewer.set_words_visible(False)
    assert not any(it.isVisible() for it in items)
    assert viewer.box_count == 1  # the field box stays
