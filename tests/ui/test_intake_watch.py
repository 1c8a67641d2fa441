"""Scan-to-folder joins new scans to the open case; a field box on the page shows its crop."""

from __future__ import annotations

import random
from pathlib import Path

import cv2
import pytest

from tests.synth import passport, people
from ui.actions import THUMB_PX as THUMB

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_new_scan_in_the_watched_folder_joins_the_case(main_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws_widget = main_window.workspace
    qtbot.waitUntil(lambda: ws_widget.case_number is not None, timeout=10000)
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "old-scan.png").write_bytes(b"not read: it was there before the watch started")
    ws_widget.watch_interval_ms = 150
    ws_widget.start_watch(folder)

    rng = random.Random(3)
    image, _truth = passport.make_passport(rng, people.make_person(rng, "W1"), dpi=200)
    with qtbot.waitSignal(ws_widget.document_added, timeout=120000) as blocker:
        assert cv2.imwrite(str(folder / "scan-0001.png"), cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    assert blocker.args == ["scan-0001.png"]
    qtbot.waitUntil(lambda: not ws_widget.busy, timeout=120000)
    ws_widget.stop_watch()
    assert ws_widget.doc_list.count() == 1
    assert not ws_widget.doc_list.item(0).icon().isNull()
    assert ws_widget.doc_list.iconSize().width() == THUMB

    # Double-clicking a field box on the page shows that field's crop as evidence.
    ws_widget.doc_list.setCurrentRow(0)
    field = next(iter(ws_widget._docs[0].added.evidence.fields))
    ws_widget.viewer.box_clicked.emit(field)
    assert ws_widget.comparison.evidence.pixmap() is not None
    assert not ws_widget.comparison.evidence.pixmap().isNull()
    assert field in ws_widget.comparison.reason.text()
