"""Fixtures for the generator's own tests: one small seeded batch shared by the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.synth import generate


@pytest.fixture(scope="session")
def small_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four mixed documents (seed 7), written once per session."""
    out = tmp_path_factory.mktemp("synth_batch")
    generate.generate(out, 4, 7, generate.KINDS[:3], "mixed", workers=1)
    return out
