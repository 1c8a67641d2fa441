"""OCR words of the prepared page travel with the reading (for the viewer's word boxes)."""

from __future__ import annotations

import glob
from pathlib import Path
from types import SimpleNamespace

import pymupdf

from workstation.config import WorkstationConfig
from workstation.documents.reading import read_document, word_boxes
from workstation.reader_process import ProcessReader


def test_word_boxes_map_a_read_region_back_to_the_page() -> None:
    words = [
        SimpleNamespace(text="SPECIMEN", bbox=(10, 20, 110, 40), confidence=0.876),
        SimpleNamespace(text="  ", bbox=(0, 0, 1, 1), confidence=0.5),  # blank: dropped
        SimpleNamespace(text="layer", bbox=(0, 0, 20, 10)),  # a text-layer word has no confidence
    ]
    out = word_boxes(words, offset=(100, 200), factor=2.0)
    assert out == [("SPECIMEN", 105, 210, 155, 220, 0.88, 1), ("layer", 100, 200, 110, 205, 1.0, 1)]


def _one_page_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "SPECIMEN Employment verification", fontsize=16)
    page.insert_text((72, 120), "Hindu Kush Engineering Co. certifies that Mr. Zaman Andar was a Driver.", fontsize=11)
    doc.save(path)
    return path


def test_a_text_layer_page_keeps_its_words_and_the_cli_json_is_unchanged(tmp_path: Path) -> None:
    reading = read_document(_one_page_pdf(tmp_path / "letter.pdf"), WorkstationConfig.from_env(data_dir=tmp_path))
    texts = [w[0] for w in reading.words]
    assert "SPECIMEN" in texts and "Driver." in texts
    h, w = reading.page_image.shape[:2]
    for _text, x0, y0, x1, y1, conf, page in reading.words:
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h and page == 1 and conf == 1.0
    # 72 pt from the top at the rendering's resolution: the first line sits in the top sixth of the page.
    first = next(wd for wd in reading.words if wd[0] == "SPECIMEN")
    assert first[2] < h / 6
    assert "words" not in reading.as_dict()  # ARCHITECTURE.md 4.2: `workstation read --json` keys unchanged


def test_the_reader_process_hands_back_the_page_and_words_and_frees_shared_memory(tmp_path: Path) -> None:
    before = set(glob.glob("/dev/shm/psm_*"))
    reader = ProcessReader()
    try:
        doc = reader.read(_one_page_pdf(tmp_path / "letter.pdf"), WorkstationConfig.from_env(data_dir=tmp_path))
    finally:
        reader.close()
    assert doc.page_image is not None and doc.page_image.nbytes > 1 << 20  # came through shared memory
    assert doc.page_image.flags.owndata
    assert any(w[0] == "SPECIMEN" for w in doc.words)
    assert set(glob.glob("/dev/shm/psm_*")) <= before
