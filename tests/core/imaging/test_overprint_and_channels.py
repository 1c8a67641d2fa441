"""``brightest_channel``: the same values as numpy's channel maximum, for every image shape it gets."""

from __future__ import annotations

import numpy as np
import pytest

from workstation.imaging.geometry import brightest_channel, darkest_channel


@pytest.mark.parametrize("shape", [(37, 53, 3), (20, 31, 4), (16, 16)])
def test_brightest_and_darkest_channels_are_the_channel_maximum_and_minimum(shape: tuple[int, ...]) -> None:
    img = np.random.default_rng(7).integers(0, 256, shape, dtype=np.uint8)
    for got, want in ((brightest_channel(img), img if img.ndim == 2 else img[:, :, :3].max(axis=2)),
                      (darkest_channel(img), img if img.ndim == 2 else img[:, :, :3].min(axis=2))):
        assert got.dtype == np.uint8 and got.shape == want.shape and np.array_equal(got, want)


def test_the_skew_follows_the_text_lines_not_a_big_overprint_across_them() -> None:
    """Two level rows of small characters under big letters slanted 30 degrees (a SPECIMEN overprint
    across a short letter): the big letters have more pixels than the text, but the skew is the text's."""
    from workstation.imaging._cv import cv2
    from workstation.imaging.deskew import estimate_skew

    page = np.full((1400, 1000), 235, dtype=np.uint8)
    for row in (200, 240):
        for x in range(60, 700, 18):
            cv2.rectangle(page, (x, row), (x + 9, row + 14), 30, 2)
    banner = np.full((1400, 1000), 0, dtype=np.uint8)
    for i, letter in enumerate("SPECIMEN"):
        cv2.putText(banner, letter, (60 + 96 * i, 900), cv2.FONT_HERSHEY_SIMPLEX, 3.0, 255, 12)
    banner = cv2.warpAffine(banner, cv2.getRotationMatrix2D((500, 800), 30, 1.0), (1000, 1400))
    page[banner > 0] = 60
    est = estimate_skew(page)
    assert abs(est.angle) < 0.5, est
