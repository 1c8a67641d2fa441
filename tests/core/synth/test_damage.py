"""The damage module records what it did, and its geometry record is right."""

from __future__ import annotations

import random

import numpy as np
import pytest

from tests.synth import damage


def _page() -> np.ndarray:
    img = np.full((200, 300, 3), 255, np.uint8)
    img[20:40, 20:60] = 0  # a dark block near the top-left corner
    return img


@pytest.mark.parametrize("orientation", [0, 90, 180, 270])
def test_quarter_turn_corners_follow_the_page(orientation: int) -> None:
    out, rec = damage.apply(_page(), random.Random(1), "none", force={"orientation": orientation})
    assert rec["orientation"] == orientation
    x, y = rec["page_quad"][0]  # the upright page's top-left corner, now in output pixels
    # the dark block sits next to the recorded top-left corner
    ys, xs = np.nonzero(out[:, :, 0] < 128)
    assert abs(ys.mean() - y) < 70 and abs(xs.mean() - x) < 70


def test_levels_and_records() -> None:
    rng = random.Random(3)
    seen_modes = set()
    for _ in range(30):
        out, rec = damage.apply(_page(), rng, "heavy", dpi=200)
        assert rec["level"] == "heavy"
        assert -180 < rec["rotation_cw_deg"] <= 180
        assert rec["jpeg_quality"] is None or 40 <= rec["jpeg_quality"] <= 70
        assert rec["image_size"] == [out.shape[1], out.shape[0]]
        assert isinstance(rec["blur_past_reading"], bool)
        seen_modes.add(rec["mode"])
    assert seen_modes == {"scan", "photo"}


def test_past_reading_blur_is_labelled() -> None:
    _, rec = damage.apply(_page(), random.Random(5), "mild", force={"blur": "past_reading"})
    assert rec["blur_past_reading"] and rec["blur"]["sigma_mm"] >= damage.PAST_READING_MM


def test_same_seed_same_pixels() -> None:
    a, ra = damage.apply(_page(), random.Random(9), "heavy")
    b, rb = damage.apply(_page(), random.Random(9), "heavy")
    assert ra == rb and np.array_equal(a, b)


def test_boxes_follow_the_damage() -> None:
    _, rec = damage.apply(_page(), random.Random(2), "heavy", force={"mode": "photo", "orientation": 270})
    hull = damage.map_boxes(rec, {"page": [0.0, 0.0, 1.0, 1.0]})["page"]
    xs = [p[0] for p in rec["page_quad"]]
    ys = [p[1] for p in rec["page_quad"]]
    assert hull == pytest.approx([min(xs), min(ys), max(xs), max(ys)], abs=0.2)


@pytest.mark.parametrize("exif", [3, 6, 8])
def test_exif_orientation_displays_the_damaged_image(exif: int) -> None:
    import io

    from PIL import Image, ImageOps

    img = _page()
    data = damage.encode(img, "jpeg", 90, exif)
    shown = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB"))
    stored = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    assert shown.shape == img.shape and stored.shape != img.shape or exif == 3
    assert np.abs(shown.astype(int) - img.astype(int)).mean() < 3


def test_paper_creases_and_colour_modes() -> None:
    _, rec = damage.apply(np.full((600, 400, 3), 230, np.uint8), random.Random(1), "heavy", paper=True,
                          force={"mode": "scan", "color": "photocopy"})
    assert rec["color"] == "photocopy" and "photocopy" in rec["ops"]
    assert isinstance(rec["creases"], int)
