"""Scanner (SANE test backend), scan-to-folder watch and camera (a video file as the camera)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from workstation.errors import ConfigError, InputError
from workstation.imaging.camera import Camera, encode_png
from workstation.intake.scanner import list_scanners, scan_page
from workstation.intake.watch import FolderWatch


@pytest.fixture
def sane_test_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cfg = tmp_path / "sane"
    cfg.mkdir()
    (cfg / "dll.conf").write_text("test\n")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(cfg))
    return cfg


def test_sane_test_backend_is_listed(sane_test_backend: Path) -> None:
    names = [d.name for d in list_scanners()]
    assert "test:0" in names


def test_scan_page_writes_a_png(sane_test_backend: Path, tmp_path: Path) -> None:
    out = scan_page("test:0", tmp_path / "scan.png", resolution=75)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_scan_from_missing_device_is_a_clear_error(sane_test_backend: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Scanning failed"):
        scan_page("nosuchbackend:0", tmp_path / "scan.png", resolution=75)
    assert not (tmp_path / "scan.png").exists()


def test_scanimage_missing_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="sane-utils"):
        list_scanners()


def test_folder_watch_reports_new_complete_files_once(tmp_path: Path) -> None:
    (tmp_path / "old.pdf").write_bytes(b"%PDF-1.4 old")
    watch = FolderWatch(tmp_path)
    assert watch.poll() == []
    new = tmp_path / "scan-001.jpg"
    new.write_bytes(b"\xff\xd8\xff" + b"0" * 100)
    (tmp_path / "notes.txt").write_text("ignored")
    (tmp_path / ".partial.png").write_bytes(b"x")
    assert watch.poll() == []  # first sighting: maybe still being written
    assert watch.poll() == [new]
    assert watch.poll() == []


def test_folder_watch_waits_while_a_file_grows(tmp_path: Path) -> None:
    watch = FolderWatch(tmp_path)
    growing = tmp_path / "scan.pdf"
    growing.write_bytes(b"%PDF")
    watch.poll()
    with growing.open("ab") as fh:
        fh.write(b"-more")
    os.utime(growing, ns=(time.time_ns(), time.time_ns() + 1000))
    assert watch.poll() == []
    assert watch.poll() == [growing]


def test_folder_watch_on_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        FolderWatch(tmp_path / "nope")


def _write_video(path: Path, frames: int = 8) -> None:
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (320, 240))
    assert writer.isOpened()
    for i in range(frames):
        frame = np.full((240, 320, 3), 40 + i * 20, np.uint8)
        cv2.putText(frame, "SPECIMEN", (40, 130), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (255, 255, 255), 2)
        writer.write(frame)
    writer.release()


def test_video_file_as_camera(tmp_path: Path) -> None:
    video = tmp_path / "camera.avi"
    _write_video(video)
    with Camera(str(video)) as cam:
        frame = cam.capture(settle_frames=3)
        assert frame.shape == (240, 320, 3)
        assert frame.mean() > 60  # a later, brighter frame than the first
        png = encode_png(frame)
        assert png[:4] == b"\x89PNG"
        for _ in range(10):
            try:
                cam.read_frame()
            except InputError as e:
                assert "no picture" in str(e)
                break
        else:
            pytest.fail("the end of the video must be reported as a missing picture")


def test_missing_camera_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="could not be opened"):
        Camera(str(tmp_path / "no-camera.avi"))
