"""Fixtures of the tazkira tests: one OCR engine and a few SPECIMEN cards from tests/synth."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from tests.synth.people import make_person
from tests.synth.tazkira import make_back, make_front, make_paper
from workstation.ocr import OcrEngine, get_engine


@pytest.fixture(scope="session")
def engine() -> OcrEngine:
    return get_engine()


def _bgr(rgb: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(rgb[:, :, ::-1])


@pytest.fixture(scope="session")
def synth_cards() -> list[tuple[np.ndarray, np.ndarray, dict[str, Any], dict[str, Any]]]:
    """Three clean e-tazkiras (front BGR, back BGR, front truth, back truth)."""
    rng = random.Random(7)
    out = []
    for i in range(3):
        person = make_person(rng, f"T{i}")
        front, ft = make_front(rng, person, 300)
        back, bt = make_back(rng, person, 300)
        out.append((_bgr(front), _bgr(back), ft, bt))
    return out


@pytest.fixture(scope="session")
def paper_card() -> tuple[np.ndarray, dict[str, Any]]:
    rng = random.Random(11)
    person = make_person(rng, "P1")
    img, truth = make_paper(rng, person, 200, translation=False)
    return _bgr(img), truth
