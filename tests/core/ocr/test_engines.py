"""Both OCR engines pass the same tests: real Tesseract, synthetic SPECIMEN images."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.core.imaging import samples as S
from workstation.config import WorkstationConfig
from workstation.errors import OcrEngineMissingError, OcrError
from workstation.ocr import (
    OcrEngine,
    OcrResult,
    PageSegMode,
    PytesseractEngine,
    TesserocrEngine,
    find_tessdata_dir,
    get_engine,
    tesserocr_available,
)
from workstation.ocr.model import build_result, parse_tsv

ENGINES = ("tesserocr", "pytesseract")


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> OcrEngine:
    # tesserocr is part of the `fast` extra, which CI installs: a missing one must fail, not skip.
    return get_engine(name=str(request.param))


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return S.text_page(seed=3, dpi=200, lines=6, fontsize=14)


@pytest.fixture(scope="module")
def mrz_crop() -> np.ndarray:
    card = S.id_card(seed=1, dpi=300)
    h = card.shape[0]
    return np.ascontiguousarray(card[int(h * 0.80) :, :])


def test_tesserocr_is_installed_and_chosen_by_default() -> None:
    assert tesserocr_available()
    assert get_engine().name == "tesserocr"


def test_engine_can_be_forced_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKSTATION_OCR_ENGINE", "pytesseract")
    assert get_engine().name == "pytesseract"
    monkeypatch.setenv("WORKSTATION_OCR_ENGINE", "nonsense")
    with pytest.raises(OcrEngineMissingError, match="Unknown OCR engine"):
        get_engine()


def test_recognize_returns_words_lines_boxes_confidences(engine: OcrEngine, page: np.ndarray) -> None:
    res = engine.recognize(page, lang="eng")
    assert isinstance(res, OcrResult)
    assert res.engine == engine.name
    assert "SPECIMEN" in res.text
    assert len(res.words) > 30
    h, w = page.shape[:2]
    for word in res.words:
        assert word.text.strip() == word.text and word.text
        assert 0.0 <= word.confidence <= 1.0
        x0, y0, x1, y1 = word.bbox
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
        assert word.block >= 1 and word.line >= 1 and word.word >= 1
    specimen = next(word for word in res.words if word.text == "SPECIMEN")
    assert specimen.confidence > 0.8
    # The word's box holds dark ink: boxes are in the image's own pixel coordinates.
    x0, y0, x1, y1 = specimen.bbox
    assert (page[y0:y1, x0:x1] < 100).mean() > 0.05
    assert res.mean_confidence > 0.8
    # Lines group the words in order, and the plain text is made of the lines.
    assert sum(len(line.words) for line in res.lines) == len(res.words)
    assert res.lines[0].text.startswith("SPECIMEN")
    assert all(line.text in res.text for line in res.lines)


def test_grayscale_and_bgr_give_the_same_text(engine: OcrEngine, page: np.ndarray) -> None:
    gray = np.ascontiguousarray(page[:, :, 1])
    assert engine.recognize(gray).text == engine.recognize(page).text


def test_whitelist_restricts_output(engine: OcrEngine, mrz_crop: np.ndarray) -> None:
    allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
    res = engine.recognize(mrz_crop, psm=PageSegMode.SINGLE_BLOCK, whitelist=allowed)
    assert res.words
    assert set(res.text.replace("\n", "").replace(" ", "")) <= set(allowed)
    assert "AFGAHMADZAI" in res.text.replace(" ", "")
    # The whitelist does not leak into the next call on the same engine.
    free = engine.recognize(mrz_crop, psm=PageSegMode.SINGLE_BLOCK)
    assert free.psm == PageSegMode.SINGLE_BLOCK


def test_dpi_hint_is_accepted(engine: OcrEngine, page: np.ndarray) -> None:
    assert "SPECIMEN" in engine.recognize(page, dpi=200).text


def test_blank_image_reads_nothing(engine: OcrEngine) -> None:
    res = engine.recognize(np.full((200, 300), 255, np.uint8))
    assert res.words == () and res.text == "" and res.mean_confidence == 0.0


@pytest.mark.parametrize("rotation_ccw", [0, 90, 180, 270])
def test_osd_finds_the_clockwise_fix(engine: OcrEngine, rotation_ccw: int) -> None:
    page = S.text_page(seed=5, dpi=150)
    osd = engine.osd(S.rotate_quarter(page, rotation_ccw))
    assert osd.rotation == rotation_ccw
    assert osd.confidence > 2.0
    assert osd.script == "Latin"


def test_osd_on_a_blank_image_is_data_not_an_error(engine: OcrEngine) -> None:
    osd = engine.osd(np.full((300, 300), 255, np.uint8))
    assert osd.rotation == 0 and osd.confidence == 0.0


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((10, 10), np.float32),
        np.zeros((0, 10), np.uint8),
        np.zeros((10, 10, 2), np.uint8),
        "not an image",
    ],
)
def test_bad_images_are_ocr_errors(engine: OcrEngine, bad: object) -> None:
    with pytest.raises(OcrError):
        engine.recognize(bad)  # type: ignore[arg-type]


def test_missing_language_is_a_one_line_engine_missing_error(engine: OcrEngine, page: np.ndarray) -> None:
    with pytest.raises(OcrEngineMissingError, match="language data missing: xyz") as info:
        engine.recognize(page, lang="eng+xyz")
    assert "\n" not in str(info.value)


def test_invalid_language_string_is_rejected(engine: OcrEngine, page: np.ndarray) -> None:
    with pytest.raises(OcrError, match="Invalid OCR language"):
        engine.recognize(page, lang="eng; rm -rf /")


def test_timeout_becomes_ocr_error(engine: OcrEngine) -> None:
    big = np.ascontiguousarray(np.tile(S.text_page(seed=1, dpi=200), (2, 2, 1)))
    with pytest.raises(OcrError, match="timed out"):
        engine.recognize(big, timeout_s=0.05)


def test_missing_binary_is_a_one_line_error() -> None:
    with pytest.raises(OcrEngineMissingError, match="not found") as info:
        PytesseractEngine("no-such-tesseract-binary")
    assert "\n" not in str(info.value)
    cfg = WorkstationConfig(tesseract_cmd="no-such-tesseract-binary")
    with pytest.raises(OcrEngineMissingError):
        get_engine(cfg, name="pytesseract")


def test_tesserocr_without_language_data_is_engine_missing(tmp_path: object) -> None:
    with pytest.raises(OcrEngineMissingError):
        TesserocrEngine(str(tmp_path))


def test_tessdata_dir_is_found() -> None:
    path = find_tessdata_dir()
    assert path is not None


def test_engines_agree_on_clean_text(page: np.ndarray) -> None:
    a = get_engine(name="tesserocr").recognize(page)
    b = get_engine(name="pytesseract").recognize(page)
    assert [w.text for w in a.words] == [w.text for w in b.words]
    for wa, wb in zip(a.words, b.words, strict=True):
        assert max(abs(p - q) for p, q in zip(wa.bbox, wb.bbox, strict=True)) <= 3


def test_tsv_parser_skips_junk_rows() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t20\t30\t40\t96.5\tHELLO\n"
        "5\t1\t1\t1\t1\t2\t50\t20\t30\t40\tx\tBROKEN\n"
        "5\t1\t1\t1\t1\t3\t90\t20\t30\t40\t91\t   \n"
        "5\t1\t2\t1\t1\t1\t10\t80\t30\t40\t88\tWORLD\n"
        "short\trow\n"
    )
    res = build_result(parse_tsv(tsv), engine="x", lang="eng", psm=3, elapsed_s=0.0)
    assert [w.text for w in res.words] == ["HELLO", "WORLD"]
    assert res.words[0].bbox == (10, 20, 40, 60)
    assert res.words[0].confidence == pytest.approx(0.965)
    assert res.text == "HELLO\n\nWORLD"


def test_model_from_another_folder(engine: OcrEngine, page: np.ndarray, tmp_path: Path) -> None:
    # A model trained here (the MRZ reader's OCR-B data) lives outside the installation's folder.
    installed = find_tessdata_dir()
    assert installed is not None
    (tmp_path / "mine.traineddata").symlink_to(Path(installed) / "eng.traineddata")
    res = engine.recognize(page, lang="mine", tessdata_dir=str(tmp_path), oem=1)
    assert "SPECIMEN" in res.text
    with pytest.raises(OcrEngineMissingError, match="not found"):
        engine.recognize(page, lang="absent", tessdata_dir=str(tmp_path))
