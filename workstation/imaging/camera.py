"""Camera capture through OpenCV (a document camera or webcam on the desk).

Tests feed a video file as the camera: ``Camera("specimen.avi")`` reads it like a device.
"""

from __future__ import annotations

import logging
import threading

import cv2
import numpy as np

from workstation.errors import ConfigError, InputError

log = logging.getLogger(__name__)


class Camera:
    """One open capture device (an index such as ``0``) or a video file path.

    Frames are BGR uint8 arrays. Thread-safe: the preview and the capture may run on
    different worker threads.
    """

    def __init__(self, source: int | str = 0) -> None:
        self.source = source
        self._lock = threading.Lock()
        self._cap = cv2.VideoCapture(source)
        if not self._cap.isOpened():
            self._cap.release()
            raise ConfigError(f"The camera {source!r} could not be opened; check that it is connected.")

    def read_frame(self) -> np.ndarray:
        """The next frame.

        Raises:
            InputError: The camera gave no frame (unplugged, or the end of a test video).
        """
        with self._lock:
            ok, frame = self._cap.read()
        if not ok or frame is None:
            raise InputError("The camera gave no picture; check it and try again.")
        return np.asarray(frame, dtype=np.uint8)

    def capture(self, settle_frames: int = 3) -> np.ndarray:
        """Take a still: skip a few frames so exposure settles, return the last one."""
        frame = self.read_frame()
        for _ in range(settle_frames):
            try:
                frame = self.read_frame()
            except InputError:
                break
        return frame

    def close(self) -> None:
        """Release the device."""
        with self._lock:
            self._cap.release()

    def __enter__(self) -> Camera:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def encode_png(frame: np.ndarray) -> bytes:
    """Encode a captured frame as PNG bytes (lossless, for intake)."""
    ok, buf = cv2.imencode(".png", frame)
    if not ok:
        raise InputError("The captured picture could not be encoded.")
    return bytes(buf.tobytes())
