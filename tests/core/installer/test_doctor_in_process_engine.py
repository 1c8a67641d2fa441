"""`workstation doctor` reports the in-process OCR engine (tesserocr) when it is what reads documents.

In the bundle the runtime hook points TESSDATA_PREFIX at the bundled language data and no Tesseract
binary exists; the same situation is made here with tesserocr (the ``fast`` extra) and a private
language-data folder, with PATH hidden.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workstation.ocr.installation import REQUIRED_LANGUAGES, find_tessdata_dir

SYSTEM_TESSDATA = find_tessdata_dir("tesseract")


def _tessdata(folder: Path, langs: tuple[str, ...]) -> Path:
    assert SYSTEM_TESSDATA, "the set-up script installs Tesseract's language data"
    folder.mkdir()
    for lang in langs:
        (folder / f"{lang}.traineddata").symlink_to(Path(SYSTEM_TESSDATA) / f"{lang}.traineddata")
    return folder


def _doctor(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workstation.cli", "doctor", "--no-qt"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )


def test_in_process_engine_without_a_binary_passes(tmp_path: Path, data_dir: Path) -> None:
    pytest.importorskip("tesserocr", reason="the fast extra is part of the test set-up")
    tessdata = _tessdata(tmp_path / "tessdata", REQUIRED_LANGUAGES)
    empty = tmp_path / "bin"
    empty.mkdir()
    env = dict(os.environ, PATH=str(empty), TESSDATA_PREFIX=str(tessdata), WORKSTATION_DATA_DIR=str(data_dir))
    env.pop("WORKSTATION_OCR_ENGINE", None)
    proc = _doctor(env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[ OK ] OCR engine " in proc.stdout and "tesserocr" in proc.stdout
    assert str(tessdata) in proc.stdout
    assert "Tesseract binary" not in proc.stdout
    for lang in REQUIRED_LANGUAGES:
        assert f"[ OK ] Language data: {lang}" in proc.stdout


def test_incomplete_language_data_falls_back_to_the_binary_check(tmp_path: Path, data_dir: Path) -> None:
    tessdata = _tessdata(tmp_path / "tessdata", ("eng",))
    empty = tmp_path / "bin"
    empty.mkdir()
    env = dict(os.environ, PATH=str(empty), TESSDATA_PREFIX=str(tessdata), WORKSTATION_DATA_DIR=str(data_dir))
    env.pop("WORKSTATION_OCR_ENGINE", None)
    proc = _doctor(env)
    assert proc.returncode == 1
    assert "[FAIL] Tesseract binary" in proc.stdout


def test_forcing_pytesseract_checks_the_binary(tmp_path: Path, data_dir: Path) -> None:
    tessdata = _tessdata(tmp_path / "tessdata", REQUIRED_LANGUAGES)
    env = dict(
        os.environ, TESSDATA_PREFIX=str(tessdata), WORKSTATION_DATA_DIR=str(data_dir),
        WORKSTATION_OCR_ENGINE="pytesseract",
    )
    proc = _doctor(env)
    assert "[ OK ] Tesseract binary" in proc.stdout, proc.stdout
