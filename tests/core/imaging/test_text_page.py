"""Text-page cleaning before OCR: colour stamps fade, light is evened, rules go, banners turn dark-on-light."""

from __future__ import annotations

import cv2
import numpy as np

from workstation.imaging.text_page import even_light, light_spread, lightest_channel, remove_rules


def _words(img: np.ndarray, y: int, value: int = 20, x: int = 60) -> None:
    cv2.putText(img, "SPECIMEN TEXT 1234", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, value, 2, cv2.LINE_AA)


def test_lightest_channel_fades_colour_stamps_and_keeps_black_print() -> None:
    img = np.full((100, 200, 3), 240, np.uint8)
    img[10:40, 10:60] = (20, 20, 20)  # black print
    img[10:40, 80:130] = (60, 60, 220)  # red stamp (BGR)
    img[10:40, 150:190] = (200, 60, 40)  # blue stamp
    gray = lightest_channel(img)
    assert gray.shape == (100, 200) and gray.dtype == np.uint8
    assert gray[20, 30] == 20
    assert gray[20, 100] >= 200 and gray[20, 170] >= 200
    assert lightest_channel(gray) is gray  # gray input kept


def test_even_light_flattens_a_shadow_and_keeps_print_dark() -> None:
    h, w = 400, 900
    paper = np.tile(np.linspace(250, 110, w, dtype=np.float32), (h, 1))  # light falls off to the right
    img = paper.copy()
    for y in (80, 180, 280):
        line = np.full((h, w), 255, np.uint8)
        _words(line, y, value=0)
        _words(line, y, value=0, x=560)
        img = np.where(line < 128, img * 0.25, img)  # print is a quarter of the light it sits in
    out = even_light(img.astype(np.uint8), char_h=20)
    background = out[330:390, :]
    assert background.std() < 8 and background.mean() > 225
    left, right = out[55:90, 60:300], out[55:90, 600:880]
    assert (left < 100).sum() > 200 and (right < 100).sum() > 200  # print dark on both sides


def test_light_spread_tells_a_shadowed_page_from_an_evenly_lit_one() -> None:
    h, w = 400, 900
    even = np.full((h, w), 235, np.uint8)
    shadow = np.tile(np.linspace(250, 110, w, dtype=np.float32), (h, 1)).astype(np.uint8)
    for img in (even, shadow):
        for y in (80, 180, 280):
            _words(img, y, value=30)
    assert light_spread(even) < 5
    assert light_spread(shadow) > 80


def test_even_light_brings_washed_out_print_up_but_not_paper_grain() -> None:
    rng = np.random.default_rng(3)
    img = np.clip(np.full((300, 900), 235.0) + rng.normal(0, 3, (300, 900)), 0, 255).astype(np.uint8)
    _words(img, 80, value=175)  # glare: print only 60 levels under the paper
    out = even_light(img, char_h=20)
    assert (out[55:90, 60:500] < 128).sum() > 300  # the faint print now thresholds as ink
    assert (out[200:290, :] < 200).mean() < 0.01  # grain stays paper


def test_even_light_turns_a_dark_banner_into_dark_print_on_light() -> None:
    img = np.full((400, 900), 240, np.uint8)
    img[20:120, :] = 40  # banner
    _words(img, 80, value=235)  # light text on it
    _words(img, 250, value=20)
    out = even_light(img, char_h=20)
    banner = out[25:115, :]
    assert np.median(banner) > 200  # the band is light now
    assert (out[55:90, 60:500] < 100).sum() > 200  # its text is dark
    assert (out[225:260, 60:500] < 100).sum() > 200  # ordinary print unchanged


def test_remove_rules_paints_out_a_table_grid_but_not_the_words() -> None:
    img = np.full((400, 900), 245, np.uint8)
    for y in (40, 120, 200):
        cv2.line(img, (30, y), (870, y), 0, 2)
    for x in (30, 450, 870):
        cv2.line(img, (x, 40), (x, 200), 0, 2)
    _words(img, 95)
    _words(img, 175, x=480)
    out = remove_rules(img, char_h=20)
    assert out[40, 200] == 255 and out[120, 600] == 255 and out[150, 450] == 255  # rules gone
    ink_before = (img[70:100, 60:420] < 128).sum()
    ink_after = (out[70:100, 60:420] < 128).sum()
    assert ink_after > 0.9 * ink_before  # the words stay
