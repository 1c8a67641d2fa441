"""How often the zone is looked for and read: orientation proof, settled readings, the read again."""

from __future__ import annotations

import importlib
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pytest

import workstation.documents.mrz_reader as mr
import workstation.documents.reading as rd
from workstation.documents.mrz import MrzResult, parse_mrz
from workstation.documents.mrz_reader import OCRB, STOCK, MrzReading, find_and_read_mrz
from workstation.imaging.mrz_band import MrzBand

TODAY = date(2010, 1, 1)
LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
GOOD2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _zone(line2: str) -> MrzResult:
    parsed = parse_mrz([LINE1, line2], today=TODAY)
    assert parsed is not None
    return parsed


class _Bands:
    """Stands in for the band search: one band in every turn of the page, each turn recorded."""

    def __init__(self) -> None:
        self.shapes: list[tuple[int, ...]] = []

    def __call__(self, img: Any, **kw: Any) -> list[MrzBand]:
        self.shapes.append(img.shape[:2])
        h, w = img.shape[:2]
        return [MrzBand((0, h - 40, w, h), 0.9, 12.0, (0, w))]


def test_a_zone_whose_check_digits_hold_ends_the_search_for_other_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three check digits passing prove the turn (a zone read sideways passes none): the other three
    turns are not searched, and the zone is read again at the other scales in that turn."""
    # One check digit broken (the expiry date's): not plausible, four checks still hold.
    broken = _zone("L898902C36UTO7408122F1204158ZE184226B<<<<<10")
    assert not broken.plausible and sum(broken.checks.values()) >= mr.ORIENTATION_CHECKS
    bands = _Bands()
    scales: list[int] = []
    monkeypatch.setattr(mr, "find_mrz_bands", bands)

    def reads(engine: Any, img: Any, bbox: Any, today: date, *, line_px: int = 36) -> list[mr.BandRead]:
        scales.append(line_px)
        return [(OCRB, broken, 0.6)]

    monkeypatch.setattr(mr, "band_reads", reads)
    page = np.full((300, 500, 3), 255, dtype=np.uint8)
    got = find_and_read_mrz(object(), page, today=TODAY)  # type: ignore[arg-type]
    assert got is not None and got.rotation == 0 and not got.settled
    assert bands.shapes == [(300, 500)]  # the page as it stands only
    assert scales == [mr.FIRST_LINE_PX, *mr.RETRY_LINE_PX]


def test_a_zone_with_too_few_check_digits_leaves_every_turn_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    weak = _zone("L898902C46UTO7408132F1204169ZE184226B<<<<<10")
    assert sum(weak.checks.values()) < mr.ORIENTATION_CHECKS
    bands = _Bands()
    monkeypatch.setattr(mr, "find_mrz_bands", bands)
    monkeypatch.setattr(mr, "band_reads", lambda *a, **k: [(OCRB, weak, 0.6)])
    page = np.full((300, 500, 3), 255, dtype=np.uint8)
    find_and_read_mrz(object(), page, today=TODAY)  # type: ignore[arg-type]
    assert bands.shapes == [(300, 500), (300, 500), (500, 300), (500, 300)]


def test_a_zone_two_models_read_alike_is_settled(monkeypatch: pytest.MonkeyPatch) -> None:
    good = _zone(GOOD2)
    monkeypatch.setattr(mr, "find_mrz_bands", _Bands())
    monkeypatch.setattr(mr, "band_reads", lambda *a, **k: [(OCRB, good, 0.9), (STOCK, good, 0.8)])
    got = find_and_read_mrz(object(), np.full((300, 500, 3), 255, dtype=np.uint8), today=TODAY)  # type: ignore[arg-type]
    assert got is not None and got.result.plausible and got.settled


def _reading(result: MrzResult, box: tuple[int, int, int, int], *, settled: bool, rotation: int = 90) -> MrzReading:
    return MrzReading(result, rotation, box, 0.8, 20.0, (box[0], box[2]), settled)


def test_a_settled_zone_read_again_on_the_cropped_page_is_read_once_in_its_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cropped or straightened page's zone is read for its box: one turn, no other scales; reading
    worse there than the settled reading before, the earlier reading is kept with the new box."""
    prior = _reading(_zone(GOOD2), (0, 900, 1200, 1000), settled=True)
    unsure = _reading(_zone("L898902C46UTO7408122F1204159ZE184226B<<<<<10"), (5, 700, 1000, 790), settled=False)
    calls: list[dict[str, Any]] = []

    def fake(eng: Any, page: Any, **kw: Any) -> MrzReading:
        calls.append(kw)
        return unsure

    monkeypatch.setattr(rd, "find_and_read_mrz", fake)
    got = rd._zone_again(object(), np.zeros((800, 1000, 3), np.uint8), prior, TODAY)  # type: ignore[arg-type]
    assert len(calls) == 1 and calls[0]["rotations"] == (90,)
    assert calls[0]["read_again"](unsure) is False
    assert got is not None and got.result is prior.result and got.bbox == unsure.bbox and got.settled


def test_a_settled_zone_not_found_on_the_new_page_is_looked_for_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    prior = _reading(_zone(GOOD2), (0, 900, 1200, 1000), settled=True)
    found = _reading(_zone(GOOD2), (5, 700, 1000, 790), settled=True, rotation=0)
    answers = iter([None, found])
    calls: list[dict[str, Any]] = []

    def fake(eng: Any, page: Any, **kw: Any) -> MrzReading | None:
        calls.append(kw)
        return next(answers)

    monkeypatch.setattr(rd, "find_and_read_mrz", fake)
    got = rd._zone_again(object(), np.zeros((800, 1000, 3), np.uint8), prior, TODAY)  # type: ignore[arg-type]
    assert got is found
    assert "rotations" not in calls[1] and "read_again" not in calls[1]


def test_a_zone_not_settled_before_is_read_again_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    prior = _reading(_zone(GOOD2), (0, 900, 1200, 1000), settled=False)
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(rd, "find_and_read_mrz", lambda eng, page, **kw: calls.append(kw) or None)
    assert rd._zone_again(object(), np.zeros((80, 100, 3), np.uint8), prior, TODAY) is None  # type: ignore[arg-type]
    assert calls == [{"today": TODAY}]


def test_a_band_whose_check_digits_hold_is_the_zone_and_the_next_band_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = _zone("L898902C36UTO7408122F1204158ZE184226B<<<<<10")
    boxes: list[tuple[int, int, int, int]] = []

    def two_bands(img: Any, **kw: Any) -> list[MrzBand]:
        h, w = img.shape[:2]
        return [MrzBand((0, h - 40, w, h), 0.9, 12.0, (0, w)), MrzBand((0, h - 90, w, h - 50), 0.8, 12.0, (0, w))]

    def reads(engine: Any, img: Any, bbox: Any, today: date, *, line_px: int = 36) -> list[mr.BandRead]:
        if line_px == mr.FIRST_LINE_PX:
            boxes.append(bbox)
        return [(OCRB, broken, 0.6)]

    monkeypatch.setattr(mr, "find_mrz_bands", two_bands)
    monkeypatch.setattr(mr, "band_reads", reads)
    find_and_read_mrz(object(), np.full((300, 500, 3), 255, dtype=np.uint8), today=TODAY)  # type: ignore[arg-type]
    assert boxes == [(0, 260, 500, 300)]


def test_a_photo_is_cropped_to_its_outline_once_and_its_skew_as_taken_is_not_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    """The probe crops the photo to its outline beside the zone's read; the page as taken is then not
    straightened, so its skew is not measured: the cropped page's own lean is, once."""
    from workstation.imaging.deskew import SkewEstimate
    from workstation.intake.model import PageImage

    photo = np.full((900, 1200, 3), 255, dtype=np.uint8)
    crop = np.full((700, 1000, 3), 250, dtype=np.uint8)
    rectified: list[Any] = []
    measured: list[tuple[int, ...]] = []
    monkeypatch.setattr(rd, "find_and_read_mrz", lambda eng, img, **kw: None)
    monkeypatch.setattr(rd, "find_document", lambda img: ((10, 10), (1100, 10), (1100, 800), (10, 800)))
    monkeypatch.setattr(rd, "rectify", lambda img, quad: rectified.append(quad) or crop)

    def skew(img: Any, *a: Any) -> SkewEstimate:
        measured.append(img.shape)
        return SkewEstimate(0.0, 0.0, False)

    monkeypatch.setattr(rd, "estimate_skew", skew)
    monkeypatch.setattr(importlib.import_module("workstation.imaging.deskew"), "estimate_skew", skew)
    named = rd.OcrResult("PASSPORT\nSurname Given names Nationality", (), (), "test", "eng", 3, 0.0)
    monkeypatch.setattr(rd, "_upright_read", lambda img, eng: named)
    prepared = rd.prepare_document_page(PageImage(1, photo, None, None, (1200.0, 900.0)), object())  # type: ignore[arg-type]
    assert len(rectified) == 1
    assert prepared.image.shape == crop.shape
    assert (900, 1200, 3) not in measured
    assert measured.count((700, 1000, 3)) == 1  # the crop's lean, measured once, used to straighten it


def test_a_passport_page_prepared_the_slow_way_has_its_quality_measured_beside(monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked to, the data page's quality is measured on the second thread (the caller reads the printed
    page meanwhile); the page's quality is the same measure, waited for when asked for."""
    from workstation.documents.side import PAGE_THREADS_ENV, Pending
    from workstation.imaging.quality import assess_quality
    from workstation.intake.model import PageImage

    monkeypatch.setenv(PAGE_THREADS_ENV, "2")
    photo = np.full((900, 1200, 3), 255, dtype=np.uint8)
    photo[600:700, 100:1100] = 40
    zone = _reading(_zone(GOOD2), (100, 600, 1100, 700), settled=True, rotation=0)
    monkeypatch.setattr(rd, "find_and_read_mrz", lambda eng, img, **kw: zone)
    monkeypatch.setattr(rd, "find_document", lambda img: None)
    monkeypatch.setattr(rd, "estimate_skew", lambda img, *a: rd.SkewEstimate(5.0, 3.0, False))
    monkeypatch.setattr(rd, "deskew", lambda img, **kw: (img, 5.0))
    page = PageImage(1, photo, None, None, (1200.0, 900.0))
    later = rd.prepare_document_page(page, object(), quality_beside=True)  # type: ignore[arg-type]
    now = rd.prepare_document_page(page, object())  # type: ignore[arg-type]
    assert isinstance(later.measured, Pending) and not isinstance(now.measured, Pending)
    assert later.quality == now.quality == assess_quality(rd._data_page(photo, zone))


@pytest.mark.parametrize("turn", [0, 90])
def test_a_settled_zone_keeps_its_reading_and_takes_the_box_the_crop_gives_it(turn: int) -> None:
    """A zone settled on a photo as taken is not read again on the page cut out along the outline:
    its box there is the band the search finds where the perspective puts it, the same box a
    second read of the zone would have."""
    import random

    import cv2

    from tests.core.imaging import samples as S
    from tests.synth import passport, people
    from workstation.imaging.document import find_document, rectify
    from workstation.ocr import get_engine

    rng = random.Random("settled-zone-crop")
    img, _ = passport.make_passport(rng, people.make_person(rng, "CROP-1"), dpi=200)
    photo, _corners = S.photo_on_desk(cv2.cvtColor(img, cv2.COLOR_RGB2BGR), seed=6, fill=0.8, tilt=0.04)
    if turn:
        photo = S.rotate_quarter(photo, turn)
    eng = get_engine()
    today = date(2026, 11, 27)  # the generator's dates are plausible on this day
    prior = find_and_read_mrz(eng, photo, today=today)
    assert prior is not None and prior.settled and prior.rotation == turn
    quad = find_document(photo)
    assert quad is not None
    crop = rectify(photo, quad)
    moved = rd._settled_zone_in_crop(prior, photo, crop, quad)
    again = find_and_read_mrz(eng, crop, today=today, rotations=(prior.rotation,))
    assert moved is not None and again is not None
    assert moved.result == prior.result and moved.bbox == again.bbox
    assert moved.core_x == again.core_x and moved.line_height_px == again.line_height_px
    # A prior whose box lies elsewhere (another page's) is not moved: the zone is read again.
    elsewhere = replace(prior, bbox=(0, 0, 50, 20), core_x=(0, 50))
    assert rd._settled_zone_in_crop(elsewhere, photo, crop, quad) is None
