"""Camera capture with live preview; a video file stands in for the camera (no hardware here)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import cv2
import pytest

from tests.synth import passport, people

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _camera_video(path: Path) -> Path:
    rng = random.Random(5)
    image, _ = passport.make_passport(rng, people.make_person(rng, "CAM1"), dpi=200)
    frame = cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    h, w = frame.shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (w, h))
    assert writer.isOpened()
    for _ in range(60):
        writer.write(frame)
    writer.release()
    return path


def test_camera_preview_capture_adds_the_still_and_leaves_no_plain_image(qtbot, config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.app import build_window

    video = _camera_video(tmp_path / "camera.avi")
    window, _reporter = build_window(replace(config, camera_source=str(video)), demo=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.cases_loaded, timeout=30000):
        window.show()
    ws_widget = window.workspace
    qtbot.waitUntil(lambda: ws_widget.case_number is not None, timeout=10000)
    ws_widget.capture_from_camera()
    dlg = ws_widget.camera_dialog
    qtbot.waitUntil(lambda: dlg.frames_shown >= 2, timeout=20000)
    assert not dlg.preview.pixmap().isNull()
    with qtbot.waitSignal(ws_widget.document_added, timeout=120000):
        dlg.capture()
    qtbot.waitUntil(lambda: not ws_widget.busy, timeout=120000)
    assert ws_widget.doc_list.count() == 1
    assert list((config.data_dir / "captures").glob("*.png")) == []  # stored encrypted, plain copy gone
    window.close()


def test_missing_camera_is_a_clear_message(qtbot, config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.camera_dialog import CameraDialog
    from ui.workers import JobRunner

    dlg = CameraDialog(str(tmp_path / "no-camera.avi"), tmp_path / "captures", JobRunner())
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: "could not be opened" in dlg.error.text(), timeout=10000)
    assert not dlg.capture_button.isEnabled()
    dlg.reject()
