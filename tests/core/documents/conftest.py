"""Generated SPECIMEN passports for the reader tests (drawn by tests/synth, read by real Tesseract)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest


def _passport(seed: int) -> tuple[np.ndarray, dict[str, Any]]:
    from tests.synth.passport import make_passport
    from tests.synth.people import make_person

    rng = random.Random(seed)
    person = make_person(rng, f"T{seed}", surname="Ahmadzai", given_names="Mohammad Nasir", nationality="AFG",
                         passport_issuing="AFG")
    img, truth = make_passport(rng, person, dpi=300)
    return img, truth


@pytest.fixture(scope="session")
def passport_png(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A clean 300-DPI SPECIMEN passport data page as PNG, with its ground truth."""
    img, truth = _passport(11)
    path = tmp_path_factory.mktemp("passport") / "specimen_passport.png"
    cv2.imwrite(str(path), cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    return path, truth


@pytest.fixture(scope="session")
def passport_upside_down(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The same kind of page photographed upside down (JPEG, no DPI)."""
    img, truth = _passport(12)
    path = tmp_path_factory.mktemp("passport") / "specimen_upside_down.jpg"
    cv2.imwrite(str(path), cv2.rotate(cv2.cvtColor(img, cv2.COLOR_RGB2BGR), cv2.ROTATE_180))
    return path, truth
