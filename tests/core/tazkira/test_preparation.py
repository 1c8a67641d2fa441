"""How a tazkira page is prepared before it is read: small print enlarged, the orientation
check that spares OCR votes, and which zones the reader may take as read (SPECIMEN cards)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from tests.synth.people import make_person
from tests.synth.tazkira import make_back, make_front
from workstation.documents.mrz import parse_mrz
from workstation.documents.mrz_reader import MrzReading
from workstation.documents.tazkira_adapter import zone_evidence
from workstation.imaging.pipeline import enlarge_small_print
from workstation.imaging.quality import WARN_BLUR, print_height

ICAO_TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]


def _count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Calls of ``module.name`` (still made), one entry per call."""
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*a: Any, **k: Any) -> Any:
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(module, name, counted)
    return calls


def _bgr(rgb: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _low_res_fronts() -> list[tuple[np.ndarray, dict[str, Any]]]:
    """Fronts drawn at 150 DPI (7-8 px characters), both layouts; two of them `workstation read`
    classified unknown before small print was enlarged."""
    rng = random.Random(5)
    out = []
    for i in range(3):
        person = make_person(rng, f"L{i:03d}")
        front, truth = make_front(rng, person, 150, layout="classic" if i % 2 == 0 else "inline")
        make_back(rng, person, 150)
        out.append((_bgr(front), truth))
    return out


def test_small_print_is_enlarged_and_print_of_a_300_dpi_card_is_not() -> None:
    rng = random.Random(3)
    person = make_person(rng, "S1")
    small = _bgr(make_front(rng, person, 150)[0])
    normal = _bgr(make_front(rng, person, 300)[0])
    assert print_height(small) < 10
    big, factor = enlarge_small_print(small)
    assert 1.8 <= factor <= 3.0
    assert big.shape[1] == round(small.shape[1] * factor)
    assert print_height(big) >= 12
    same, one = enlarge_small_print(normal)
    assert one == 1.0 and same is normal


def test_blank_page_is_not_enlarged() -> None:
    blank = np.full((300, 480, 3), 235, np.uint8)
    img, factor = enlarge_small_print(blank)
    assert factor == 1.0 and img is blank


@pytest.mark.parametrize("index", [1, 2])
def test_low_resolution_front_reads_as_a_tazkira_without_a_blur_warning(tmp_path: Path, index: int) -> None:
    from workstation.documents.reading import read_document

    front, truth = _low_res_fronts()[index]
    path = tmp_path / "front.png"
    cv2.imwrite(str(path), front)
    r = read_document(path)
    assert r.kind == "tazkira"
    assert WARN_BLUR not in r.warnings
    number = r.fields.get("tazkira_number")
    assert number is not None
    assert number.value.replace("-", "") == truth["fields"]["tazkira_number"].replace("-", "")


def test_a_front_is_turned_by_its_words_without_orientation_votes(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Upright, its words name the card; upside down, the words read turned do: no OCR votes either way."""
    import workstation.documents.reading as reading

    rng = random.Random(9)
    person = make_person(rng, "U1")
    front, truth = make_front(rng, person, 300)
    upright, turned = tmp_path / "upright.png", tmp_path / "turned.png"
    cv2.imwrite(str(upright), _bgr(front))
    cv2.imwrite(str(turned), np.ascontiguousarray(np.rot90(_bgr(front), 2)))
    votes = _count_calls(monkeypatch, reading, "detect_orientation")
    r = reading.read_document(upright)
    assert (r.kind, r.rotation, len(votes)) == ("tazkira", 0, 0)
    assert r.fields["tazkira_number"].value == truth["fields"]["tazkira_number"]
    r = reading.read_document(turned)
    assert (r.kind, r.rotation, len(votes)) == ("tazkira", 180, 0)
    assert r.fields["tazkira_number"].value == truth["fields"]["tazkira_number"]


def _zone(lines: list[str]) -> MrzReading:
    parsed = parse_mrz(lines)
    assert parsed is not None
    return MrzReading(parsed, 0, (0, 10, 100, 40), 0.9, 12.0)


def test_only_a_card_zone_that_holds_together_is_taken_as_read() -> None:
    good = _zone(ICAO_TD1)
    misread_code = _zone(["Z" + ICAO_TD1[0][1:], *ICAO_TD1[1:]])  # check digits still hold
    broken = _zone([ICAO_TD1[0], ICAO_TD1[1][:6] + "9" + ICAO_TD1[1][7:], ICAO_TD1[2]])
    assert good.result.valid and misread_code.result.valid and not broken.result.valid
    known, hints = zone_evidence([None, good, misread_code, broken])
    assert set(known) == {1}
    assert set(hints) == {2, 3}
    assert known[1] == (good.result, good.bbox)


def test_front_number_agrees_with_a_zone_running_past_it_by_its_check_digit_and_fillers() -> None:
    from workstation.matching.identifiers import number_in_zone

    front = "1398060493417"
    assert number_in_zone(front, ["139806049341755"])  # check digit, then a filler read as 5
    assert number_in_zone(front, [front])
    assert not number_in_zone(front, ["13980604934175555"])  # four past: not the same number
    assert not number_in_zone(front, ["139806049341"])  # the zone is shorter: a digit missing
    assert not number_in_zone("139806", ["13980601"])  # too short to tell


def test_a_zone_whose_check_digits_hold_orients_its_page_even_when_not_taken_as_read() -> None:
    from workstation.documents.tazkira_adapter import _zone_orients

    good = _zone(ICAO_TD1)
    misread_code = _zone(["Z" + ICAO_TD1[0][1:], *ICAO_TD1[1:]])
    all_broken = _zone([ICAO_TD1[0][:14] + "1" + ICAO_TD1[0][15:], ICAO_TD1[1][:6] + "9" + ICAO_TD1[1][7:14] + "0"
                        + ICAO_TD1[1][15:29] + "0", ICAO_TD1[2]])
    assert _zone_orients(good.result) and _zone_orients(misread_code.result)
    assert sum(all_broken.result.checks.values()) < 2 and not _zone_orients(all_broken.result)


def test_a_back_not_taken_as_read_is_turned_by_its_zone_without_orientation_votes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import workstation.documents.tazkira_adapter as adapter
    import workstation.imaging.pipeline as pipeline
    from workstation.intake.model import PageImage
    from workstation.ocr import get_engine

    rng = random.Random(21)
    person = make_person(rng, "B1")
    make_front(rng, person, 300)
    back, _ = make_back(rng, person, 300)
    turned = np.ascontiguousarray(np.rot90(_bgr(back), 1))  # a quarter turn counter-clockwise
    votes = _count_calls(monkeypatch, pipeline, "detect_orientation")
    # As if the zone had come with a corrected line length: an orienting zone, not a card zone.
    monkeypatch.setattr(adapter, "_card_zone", lambda m: False)
    eng = get_engine()
    page = PageImage(2, turned, 300, None, (turned.shape[1], turned.shape[0]))
    prepared = adapter.prepare_tazkira_page(page, eng)
    assert (prepared.rotation, prepared.mrz, votes) == (90, None, [])
    assert prepared.image.shape[1] > prepared.image.shape[0]  # landscape again, as the card is


def _card_pages(seed: int) -> tuple[list[Any], dict[str, Any]]:
    from workstation.intake.model import PageImage

    rng = random.Random(seed)
    person = make_person(rng, "P1")
    front, truth = make_front(rng, person, 300)
    back, _ = make_back(rng, person, 300)
    pages = [PageImage(n, _bgr(img), 300, None, (img.shape[1], img.shape[0])) for n, img in ((1, front), (2, back))]
    return pages, truth


def test_the_sides_of_a_card_read_on_two_threads_give_the_reading_of_one_thread() -> None:
    import threading

    from workstation.documents import tazkira_adapter as adapter
    from workstation.documents.reading import prepare_document_page
    from workstation.documents.side import SIDE_THREAD_NAME
    from workstation.ocr import get_engine

    eng = get_engine()
    pages, truth = _card_pages(33)
    first = prepare_document_page(pages[0], eng)
    serial = adapter.read_tazkira_pages(first.image, first.mrz, pages, eng, threads=1)
    seen: list[str] = []
    real = adapter.prepare_tazkira_page

    def spy(*a: Any, **k: Any) -> Any:
        seen.append(threading.current_thread().name)
        return real(*a, **k)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(adapter, "prepare_tazkira_page", spy)
        both = adapter.read_tazkira_pages(first.image, first.mrz, pages, eng, threads=2)
    assert seen and seen[0].startswith(SIDE_THREAD_NAME)  # the back was read on the other thread
    assert both.sides == serial.sides == ("front", "back")
    assert {k: f.value for k, f in both.fields.items()} == {k: f.value for k, f in serial.fields.items()}
    assert both.fields["tazkira_number"].value == truth["fields"]["tazkira_number"]


def test_an_error_on_the_other_thread_reaches_the_caller_after_both_sides_end(monkeypatch: pytest.MonkeyPatch) -> None:
    from workstation.documents import tazkira_adapter as adapter
    from workstation.documents.reading import prepare_document_page
    from workstation.errors import OcrError
    from workstation.ocr import get_engine

    eng = get_engine()
    pages, _ = _card_pages(34)
    first = prepare_document_page(pages[0], eng)

    def broken(*a: Any, **k: Any) -> Any:
        raise OcrError("OCR failed: test")

    monkeypatch.setattr(adapter, "prepare_tazkira_page", broken)
    with pytest.raises(OcrError):
        adapter.read_tazkira_pages(first.image, first.mrz, pages, eng, threads=2)


@pytest.mark.parametrize("seed", [2, 24, 31])  # 31: Naskh draws the Urdu forms of 4 and 7
def test_a_birth_date_printed_only_in_dari_is_read_and_voted_on(tmp_path: Path, seed: int) -> None:
    """Cards that leave the English birth-date line empty: the Dari date is the value (it was
    dropped as debris when nothing stood under the English label), read three times and voted on."""
    from workstation.documents.reading import read_document

    rng = random.Random(seed)
    person = make_person(rng, "D1")
    front, truth = make_front(rng, person, 300)
    assert truth["layout"]["english_date"] == "none"
    path = tmp_path / "front.png"
    cv2.imwrite(str(path), _bgr(front))
    r = read_document(path)
    dob = r.fields.get("date_of_birth")
    assert dob is not None and dob.source == "viz_dari"
    assert dob.value == truth["fields"]["date_of_birth"]
    # At least the cap of reads that could not be confirmed (a confirmed read is as sure as the
    # surer of the reads that agree, which depends on the card).
    assert dob.confidence >= 0.5
