"""Camera capture with a live preview (a document camera or webcam on the desk).

Frames are read on a worker, one at a time; the GUI thread only shows them. The captured
still is written, PNG, into the private data folder and handed to intake, which stores it
encrypted; the caller deletes the file once the document is added.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ui.images import to_qimage
from ui.workers import JobRunner
from workstation.config import ensure_private_dir
from workstation.imaging.camera import Camera, encode_png

PREVIEW_INTERVAL_MS = 120
PREVIEW_WIDTH = 640


class CameraDialog(QDialog):
    """Shows the camera's picture; *Capture* keeps the current frame as a document."""

    def __init__(self, source: str, capture_dir: Path, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Camera")
        self.setObjectName("cameraDialog")
        self.runner = runner
        self.capture_dir = capture_dir
        self.captured_path: Path | None = None
        self.frames_shown = 0
        self._camera: Camera | None = None
        self._frame: Any = None
        self._busy = False
        self.preview = QLabel("Starting the camera…")
        self.preview.setObjectName("cameraPreview")
        self.preview.setAccessibleName("Camera preview")
        self.preview.setMinimumSize(PREVIEW_WIDTH, 360)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.capture_button = self.buttons.addButton("&Capture", QDialogButtonBox.ButtonRole.AcceptRole)
        self.capture_button.setEnabled(False)
        self.capture_button.clicked.connect(self.capture)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(PREVIEW_INTERVAL_MS)
        self._timer.timeout.connect(self._next_frame)
        source_arg: int | str = int(source) if source.isdigit() else source
        self._busy = True
        runner.start(Camera, source_arg, on_finished=self._on_opened, on_failed=self._on_failed)

    def _on_opened(self, camera: Camera) -> None:
        self._busy = False
        self._camera = camera
        self._timer.start()
        self._next_frame()

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._timer.stop()
        self.error.setText(str(exc))
        self.capture_button.setEnabled(self._frame is not None)

    def _next_frame(self) -> None:
        camera = self._camera
        if camera is None or self._busy:
            return
        self._busy = True

        def _read() -> tuple[Any, Any]:
            frame = camera.read_frame()
            h, w = frame.shape[:2]
            step = max(1, w // PREVIEW_WIDTH)
            return frame, to_qimage(frame[::step, ::step])

        self.runner.start(_read, on_finished=self._on_frame, on_failed=self._on_failed)

    def _on_frame(self, result: tuple[Any, Any]) -> None:
        self._busy = False
        self._frame, image = result
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self.frames_shown += 1
        self.capture_button.setEnabled(True)

    def capture(self) -> None:
        """Keep the frame on screen: write it (0600) and close the dialog."""
        if self._frame is None:
            return
        self._timer.stop()
        folder = ensure_private_dir(self.capture_dir)
        path = folder / f"camera-{uuid.uuid4().hex[:8]}.png"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(encode_png(self._frame))
        self.captured_path = path
        self.accept()

    def done(self, result: int) -> None:  # noqa: D102 - closes the camera whichever way the dialog ends
        self._timer.stop()
        if self._camera is not None:
            camera, self._camera = self._camera, None
            self.runner.start(camera.close)
        super().done(result)
