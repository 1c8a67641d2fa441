"""Imaging: geometry, document finding, deskew, orientation, quality and prepare_page on SPECIMEN images."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.core.imaging import samples as S
from workstation.errors import PreprocessError
from workstation.imaging import (
    BLUR_WARN,
    assess_quality,
    crop,
    deskew,
    detect_orientation,
    effective_dpi_from_char_height,
    effective_dpi_from_char_pitch,
    estimate_char_height,
    estimate_skew,
    find_document,
    order_quad,
    prepare_page,
    rectify,
    resolution_warning,
    rotate_angle,
    rotate_quarter,
    to_gray,
)
from workstation.imaging.geometry import quarter_point, rectified_points, warp_quad
from workstation.imaging.quality import WARN_BLUR, WARN_DPI, WARN_GLARE
from workstation.ocr import get_engine
from workstation.progress import CancelToken


@pytest.fixture(scope="module")
def card() -> np.ndarray:
    return S.id_card(seed=0, dpi=300)


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return S.text_page(seed=1, dpi=150)


# --- geometry ------------------------------------------------------------------------------------


def test_rotate_quarter_is_clockwise_and_undoes_the_sample_turn() -> None:
    img = np.zeros((2, 3), np.uint8)
    img[0, 0] = 255  # top-left marker
    assert rotate_quarter(img, 90)[0, -1] == 255  # clockwise: top-left goes to top-right
    assert rotate_quarter(img, 180)[-1, -1] == 255
    assert rotate_quarter(img, 270)[-1, 0] == 255
    assert rotate_quarter(img, 360) is img
    for rot in (90, 180, 270):
        assert np.array_equal(rotate_quarter(S.rotate_quarter(img, rot), rot), img)
    with pytest.raises(PreprocessError):
        rotate_quarter(img, 45)


def test_rotate_angle_keeps_every_pixel() -> None:
    img = np.zeros((100, 200), np.uint8)
    out = rotate_angle(img, 30)
    assert out.shape[0] > 100 and out.shape[1] > 200


def test_order_quad_and_crop() -> None:
    quad = order_quad([(10, 90), (100, 5), (5, 5), (95, 95)])
    assert quad == ((5.0, 5.0), (100.0, 5.0), (95.0, 95.0), (10.0, 90.0))
    img = np.arange(100, dtype=np.uint8).reshape(10, 10)
    assert crop(img, (2, 3, 5, 7)).shape == (4, 3)
    assert crop(img, (-5, -5, 50, 50), pad=3).shape == (10, 10)


@pytest.mark.parametrize("rot", [0, 90, 180, 270])
def test_quarter_point_follows_the_pixel_it_names(rot: int) -> None:
    img = np.zeros((40, 70), np.uint8)
    img[7, 23] = 255
    y, x = np.argwhere(rotate_quarter(img, rot) == 255)[0]
    assert quarter_point((23, 7), (70, 40), rot) == (x, y)


def test_rectified_points_follow_the_pixel_they_name() -> None:
    img = np.zeros((300, 400), np.uint8)
    quad = order_quad([(40, 30), (360, 60), (330, 270), (60, 250)])
    cv2.circle(img, (200, 150), 4, 255, -1)
    warped = warp_quad(img, quad)
    ys, xs = np.nonzero(warped > 128)
    ((x, y),) = rectified_points(quad, [(200, 150)])
    assert abs(x - xs.mean()) < 1.5 and abs(y - ys.mean()) < 1.5


@pytest.mark.parametrize("bad", [np.zeros((4, 4), np.uint8), np.zeros((50, 50), np.float64), None])
def test_bad_arrays_are_preprocess_errors(bad: object) -> None:
    with pytest.raises(PreprocessError):
        find_document(bad)  # type: ignore[arg-type]


# --- document finding ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("kind", ["card", "page"])
def test_find_document_in_a_photo_on_a_desk(kind: str, seed: int, card: np.ndarray, page: np.ndarray) -> None:
    doc = card if kind == "card" else page
    photo, truth = S.photo_on_desk(doc, seed=seed, fill=0.45 + 0.08 * seed)
    quad = find_document(photo)
    assert quad is not None
    assert np.abs(np.array(quad) - truth).max() < 8  # corners within 8 px on a 1600 px photo
    flat = rectify(photo, quad)
    ratio = flat.shape[1] / flat.shape[0]
    assert ratio == pytest.approx(doc.shape[1] / doc.shape[0], rel=0.12)


def test_full_frame_scan_has_no_quad(page: np.ndarray) -> None:
    assert find_document(page) is None


def test_blank_frame_has_no_quad() -> None:
    assert find_document(np.full((300, 400, 3), 128, np.uint8)) is None


# --- deskew --------------------------------------------------------------------------------------


@pytest.mark.parametrize("angle", [-15.0, -8.5, -2.0, 0.0, 3.0, 9.5, 15.0, 25.0])
@pytest.mark.parametrize("kind", ["card", "page"])
def test_skew_is_measured_to_a_quarter_degree(kind: str, angle: float, card: np.ndarray, page: np.ndarray) -> None:
    doc = card if kind == "card" else page
    est = estimate_skew(S.skew(doc, angle))
    assert est.angle == pytest.approx(angle, abs=0.25)
    assert not est.vertical and est.strength > 1.5


def test_deskew_straightens(page: np.ndarray) -> None:
    straight, angle = deskew(S.skew(page, 12.0))
    assert angle == pytest.approx(12.0, abs=0.25)
    assert abs(estimate_skew(straight).angle) < 0.3


def test_quarter_turned_skewed_page_is_vertical(page: np.ndarray) -> None:
    est = estimate_skew(S.skew(S.rotate_quarter(page, 90), 7.0))
    assert est.vertical and est.angle == pytest.approx(7.0, abs=0.3)


def test_blank_page_has_no_skew() -> None:
    img, angle = deskew(np.full((400, 300), 255, np.uint8))
    assert angle == 0.0 and img.shape == (400, 300)


# --- orientation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("kind", ["card", "page"])
def test_orientation_of_turned_pages(kind: str, rotation: int, card: np.ndarray, page: np.ndarray) -> None:
    doc = card if kind == "card" else page
    res = detect_orientation(S.rotate_quarter(doc, rotation), get_engine())
    assert res.rotation == rotation
    assert res.method in ("osd", "ocr-vote") and res.confidence > 0


def test_orientation_votes_without_osd(card: np.ndarray) -> None:
    for rotation in (0, 180):
        res = detect_orientation(S.rotate_quarter(card, rotation), get_engine(), use_osd=False)
        assert (res.rotation, res.method) == (rotation, "ocr-vote")


@pytest.mark.parametrize("rotation", [90, 270])
def test_orientation_of_a_page_blurred_past_reading_comes_from_its_zone_band(rotation: int) -> None:
    # Nothing reads (OCR votes are fragments either way up), but the zone's two dense lines
    # still form a band, and a zone is printed at the bottom of the page.
    blurred = S.gaussian_blur(S.id_card(seed=0, dpi=150), 2.5)
    res = detect_orientation(S.rotate_quarter(blurred, rotation), get_engine())
    assert (res.rotation, res.method) == (rotation, "mrz-band")


def test_one_blurred_line_of_print_is_no_zone_band() -> None:
    page = np.full((1200, 900, 3), 250, np.uint8)
    cv2.putText(page, "ISLAMIC REPUBLIC OF AFGHANISTAN MINISTRY", (40, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (20, 20, 20), 2)
    res = detect_orientation(S.gaussian_blur(page, 4.0), get_engine())
    assert res.method != "mrz-band" and res.rotation == 0


def test_orientation_of_blank_page_is_none() -> None:
    res = detect_orientation(np.full((500, 400, 3), 250, np.uint8), get_engine())
    assert (res.rotation, res.method) == (0, "none")


# --- quality -------------------------------------------------------------------------------------


def test_sharp_page_has_no_warning(page: np.ndarray, card: np.ndarray) -> None:
    for img, dpi in ((page, 150.0), (card, 300.0)):
        q = assess_quality(img, dpi=dpi)
        assert q.warnings == (), q
        assert q.blur < BLUR_WARN and q.glare == 0.0 and q.contrast > 0.5 and q.dpi == dpi
        assert q.ok


@pytest.mark.parametrize("sigma_mm", [0.45, 0.7])
def test_blur_past_reading_warns(sigma_mm: float, page: np.ndarray, card: np.ndarray) -> None:
    # tests/synth labels a Gaussian blur of 0.4 mm or more on the document "past reading".
    for img, dpi in ((page, 150), (card, 300)):
        q = assess_quality(S.gaussian_blur(img, sigma_mm * dpi / 25.4))
        assert WARN_BLUR in q.warnings, (dpi, q)


@pytest.mark.parametrize("sigma_mm", [0.05, 0.1])
def test_readable_blur_does_not_warn(sigma_mm: float, page: np.ndarray, card: np.ndarray) -> None:
    for img, dpi in ((page, 150), (card, 300)):
        q = assess_quality(S.gaussian_blur(img, sigma_mm * dpi / 25.4))
        assert WARN_BLUR not in q.warnings, (dpi, q)


def _noisy(img: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(img.astype(np.float32) + rng.normal(0, sigma, img.shape[:2] + (1,)), 0, 255).astype(np.uint8)


def _motion(img: np.ndarray, length: int, angle: float) -> np.ndarray:
    import cv2

    k = np.zeros((length, length), np.float32)
    k[length // 2, :] = 1
    rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), angle, 1.0)
    k = cv2.warpAffine(k, rot, (length, length))
    return cv2.filter2D(img, -1, k / k.sum())


def test_noise_and_jpeg_do_not_hide_blur_or_fake_it(card: np.ndarray) -> None:
    import cv2

    def jpeg(img: np.ndarray, q: int) -> np.ndarray:
        return cv2.imdecode(cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])[1], cv2.IMREAD_COLOR)

    sharp = jpeg(_noisy(card, 10), 50)
    assert WARN_BLUR not in assess_quality(sharp).warnings
    blurred = jpeg(_noisy(S.gaussian_blur(card, 0.5 * 300 / 25.4), 10), 50)
    assert WARN_BLUR in assess_quality(blurred).warnings


@pytest.mark.parametrize("angle", [0.0, 30.0, 90.0, 135.0])
def test_motion_blur_warns_in_any_direction(angle: float, card: np.ndarray) -> None:
    length = int(2 * estimate_char_height(card)) | 1  # a shake of ~2 mm on a 300-DPI card
    q = assess_quality(_motion(card, length, angle))
    assert WARN_BLUR in q.warnings, q


def test_caller_supplied_char_height_is_used(card: np.ndarray) -> None:
    q = assess_quality(card, char_height_px=30.0)
    assert q.char_height_px == 30.0 and WARN_BLUR not in q.warnings


def test_blur_score_is_independent_of_resolution(card: np.ndarray) -> None:
    import cv2

    blurred = S.gaussian_blur(card, 0.5 * 300 / 25.4)
    full = assess_quality(blurred)
    half = assess_quality(cv2.resize(blurred, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA))
    assert half.edge_blur == pytest.approx(full.edge_blur, rel=0.35)
    assert WARN_BLUR in full.warnings and WARN_BLUR in half.warnings
    sharp_half = cv2.resize(card, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    assert assess_quality(sharp_half).blur < BLUR_WARN and assess_quality(card).blur < BLUR_WARN


def test_glare_on_a_photo_warns(card: np.ndarray) -> None:
    q = assess_quality(S.add_glare(card, seed=2))
    assert WARN_GLARE in q.warnings and q.glare > 0.01


def test_white_scan_is_not_glare(page: np.ndarray) -> None:
    assert assess_quality(page).glare == 0.0


def test_effective_resolution_from_mrz() -> None:
    assert effective_dpi_from_char_pitch(30.0) == pytest.approx(300.0)
    assert effective_dpi_from_char_height(2.42 / 25.4 * 300) == pytest.approx(300.0)
    assert effective_dpi_from_char_height(0) == 0.0
    assert resolution_warning(100.0) == WARN_DPI
    assert resolution_warning(300.0) is None and resolution_warning(None) is None
    assert WARN_DPI in assess_quality(S.text_page(seed=1, dpi=100), dpi=100).warnings


def test_char_height_is_measured(card: np.ndarray) -> None:
    h = estimate_char_height(card)
    assert 10 < h < 60


# --- prepare_page --------------------------------------------------------------------------------


def test_prepare_page_from_a_turned_skewed_photo(card: np.ndarray) -> None:
    photo, _ = S.photo_on_desk(S.rotate_quarter(card, 180), seed=1, fill=0.6, tilt=0.05)
    prepared = prepare_page(photo, engine=get_engine())
    assert prepared.quad is not None
    assert prepared.rotation == 180
    assert prepared.orientation is not None
    h, w = prepared.image.shape[:2]
    assert w > h  # the card is landscape again
    text = get_engine().recognize(prepared.image).text
    assert "SPECIMEN" in text
    assert prepared.warnings == prepared.quality.warnings


def test_prepare_page_on_a_clean_scan_changes_nothing(page: np.ndarray) -> None:
    prepared = prepare_page(page, dpi=150, engine=get_engine())
    assert prepared.quad is None and prepared.rotation == 0 and prepared.skew_deg == 0.0
    assert prepared.image.shape == page.shape and prepared.dpi == 150
    assert to_gray(prepared.image).shape == page.shape[:2]


def test_prepare_page_can_be_cancelled(page: np.ndarray) -> None:
    token = CancelToken()
    token.cancel()
    from workstation.errors import CancelledError

    with pytest.raises(CancelledError):
        prepare_page(page, cancel=token)


# --- realistic documents from tests/synth ----------------------------------------------------------


def _synth(kind: str, seed: str, turn: int, **force: object) -> np.ndarray:
    import random

    from tests.synth import damage, passport, people, tazkira

    rng = random.Random(seed)
    person = people.make_person(rng, "T1")
    if kind == "passport":
        img, _ = passport.make_passport(rng, person, dpi=200)
    else:
        img, _ = tazkira.make_tazkira(rng, person, dpi=200, subtype=kind)
    img, _ = damage.apply(img, rng, "heavy", dpi=200, force={"orientation": turn, "blur": "none", **force})
    return np.ascontiguousarray(img[:, :, ::-1])


@pytest.mark.parametrize("turn", [90, 180])
def test_orientation_of_a_dari_only_paper_tazkira(turn: int) -> None:
    img = _synth("paper_tazkira", f"dari-{turn}", turn, mode="scan", skew_cw_deg=2.0)
    straight, _ = deskew(img)
    assert detect_orientation(straight, get_engine()).rotation == (360 - turn) % 360


@pytest.mark.parametrize("turn", [90, 270])
def test_orientation_of_an_unevenly_lit_passport_photo(turn: int) -> None:
    img = _synth("passport", f"photo-{turn}", turn, mode="photo")
    quad = find_document(img)
    if quad is not None:
        img = rectify(img, quad)
    straight, _ = deskew(img)
    assert detect_orientation(straight, get_engine()).rotation == (360 - turn) % 360


@pytest.mark.parametrize("bbox", [(0, 2000, 800, 2100), (-50, -40, -10, -5), (700, 500, 900, 700), (300, 300, 300, 340)])
def test_a_zone_box_off_the_page_gives_no_band_not_a_crash(bbox: tuple[int, int, int, int]) -> None:
    """A zone box in another page's pixels (a photo's box on its crop) or empty: nothing to read or
    measure, never an OpenCV error (the blur measure of such a box crashed a case of the verify bench)."""
    from workstation.imaging.mrz_band import band_sharpness, prepare_band

    page = np.full((600, 800, 3), 255, dtype=np.uint8)
    page[500:560, 40:760] = 0
    band = prepare_band(page, bbox)
    assert band.dtype == np.uint8
    sharp = band_sharpness(page, bbox, 20.0)
    assert sharp >= 0.0
    inside = bbox == (700, 500, 900, 700)
    assert (band.size > 0) == inside  # partly inside: what lies inside is kept
