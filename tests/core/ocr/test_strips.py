"""Joining the OCR of two overlapping strips of one image (workstation.ocr.join_strips)."""

from __future__ import annotations

from workstation.ocr import OcrResult, OcrWord, join_strips
from workstation.ocr.model import build_result


def _result(words: list[tuple[str, tuple[int, int, int, int], int, int]]) -> OcrResult:
    rows = [["5", "1", str(block), "1", str(line), str(i + 1), str(x0), str(y0), str(x1 - x0), str(y1 - y0), "90", text]
            for i, (text, (x0, y0, x1, y1), block, line) in enumerate(words)]
    return build_result(rows, engine="test", lang="eng", psm=11, elapsed_s=0.1)


def test_lines_in_the_overlap_are_kept_once_in_the_whole_images_pixels() -> None:
    # Image rows 0-300; top strip read rows 0-180, bottom strip rows 120-300; cut at row 150.
    top = _result([("SURNAME", (10, 20, 90, 40), 1, 1), ("AHMADI", (10, 130, 80, 148), 2, 1),
                   ("CUT", (10, 165, 40, 180), 3, 1)])
    bottom = _result([("AHMADI", (10, 10, 80, 28), 1, 1), ("KABUL", (10, 40, 70, 58), 1, 2),
                      ("01.01.1990", (10, 150, 120, 170), 2, 1)])
    joined = join_strips(top, bottom, bottom_y=120, cut=150)
    assert [ln.text for ln in joined.lines] == ["SURNAME", "AHMADI", "KABUL", "01.01.1990"]
    kabul = joined.lines[2].words[0]
    assert kabul.bbox == (10, 160, 70, 178)  # moved into the whole image
    assert len({w.line_key for w in joined.words}) == 4  # bottom blocks numbered after the top's
    assert joined.text.split() == ["SURNAME", "AHMADI", "KABUL", "01.01.1990"]
    assert [w.text for w in joined.words] == ["SURNAME", "AHMADI", "KABUL", "01.01.1990"]


def test_a_line_on_the_bottom_side_of_the_cut_comes_from_the_bottom_strip() -> None:
    # The top strip's copy is cut off by the strip's edge (read short); the bottom's is whole.
    top = _result([("MAZAR-E-SH", (10, 150, 100, 170), 1, 1)])
    bottom = _result([("MAZAR-E-SHARIF", (10, 30, 140, 50), 1, 1)])
    joined = join_strips(top, bottom, bottom_y=120, cut=155)
    assert [ln.text for ln in joined.lines] == ["MAZAR-E-SHARIF"]
    assert isinstance(joined.words[0], OcrWord) and joined.words[0].bbox[1] == 150
