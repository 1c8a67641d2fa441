"""``brightest_channel``: the same values as numpy's channel maximum, for every image shape it gets."""

from __future__ import annotations

import numpy as np
import pytest

from workstation.imaging.geometry import brightest_channel


@pytest.mark.parametrize("shape", [(37, 53, 3), (20, 31, 4), (16, 16)])
def test_brightest_channel_is_the_channel_maximum(shape: tuple[int, ...]) -> None:
    img = np.random.default_rng(7).integers(0, 256, shape, dtype=np.uint8)
    got = brightest_channel(img)
    want = img if img.ndim == 2 else img[:, :, :3].max(axis=2)
    assert got.dtype == np.uint8 and got.shape == want.shape and np.array_equal(got, want)
