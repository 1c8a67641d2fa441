"""The classifying read of a page without a decisive zone: layout analysis that loses a printed page,
and a page in Dari only, which names its kind in Dari as it stands."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import workstation.documents.reading as rd
from workstation.intake.model import PageImage
from workstation.ocr.model import OcrResult, OcrWord, PageSegMode


def _result(text: str, lang: str, psm: int) -> OcrResult:
    words = tuple(OcrWord(w, 0.8, (10 * i, 0, 10 * i + 8, 10), 1, 1, 1, i + 1) for i, w in enumerate(text.split()))
    return OcrResult(text, words, (), "fake", lang, psm, 0.0)


class _Engine:
    """Answers each (language, mode) with a fixed text, and records what it was asked."""

    def __init__(self, answers: dict[tuple[str, int], str]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, int]] = []

    def recognize(self, img: Any, *, lang: str = "eng", psm: int = 3, **kw: Any) -> OcrResult:
        self.asked.append((lang, int(psm)))
        return _result(self.answers.get((lang, int(psm)), ""), lang, int(psm))


def _printed_page() -> np.ndarray:
    page = np.full((1200, 900, 3), 235, dtype=np.uint8)
    for row in range(150, 1000, 60):  # rows of character-sized dark blobs
        for x in range(80, 800, 26):
            page[row : row + 22, x : x + 14] = 30
            page[row + 4 : row + 18, x + 4 : x + 10] = 235  # an O, not a filled block
    return page


LETTER = "To Whom It May Concern This is to certify that Mr Hashimi worked as Logistics Assistant under contract"


def test_a_printed_page_layout_analysis_loses_is_read_again_as_sparse_text() -> None:
    eng = _Engine({("eng", int(PageSegMode.SPARSE_TEXT)): LETTER})
    got = rd._upright_read(_printed_page(), eng)  # type: ignore[arg-type]
    assert eng.asked == [("eng", int(PageSegMode.AUTO)), ("eng", int(PageSegMode.SPARSE_TEXT))]
    assert got.text == LETTER


def test_a_blank_page_is_not_read_a_second_time() -> None:
    eng = _Engine({("eng", int(PageSegMode.SPARSE_TEXT)): LETTER})
    rd._upright_read(np.full((1200, 900, 3), 235, dtype=np.uint8), eng)  # type: ignore[arg-type]
    assert eng.asked == [("eng", int(PageSegMode.AUTO))]


DARI = "جمهوری اسلامی افغانستان وزارت امور داخله تذکره تابعیت اسم تخلص ولد سکونت اصلی"


def test_a_dari_page_names_its_kind_in_dari_as_it_stands_and_is_not_turned(monkeypatch: pytest.MonkeyPatch) -> None:
    """English OCR of a Dari-only page is specks whichever way it lies; read in Dari as it stands, the
    page names its kind, so it is upright: no turned reads, no orientation votes, and the Dari read is
    kept for the classifying read."""
    specks = "qd] a 13 T AS Lt oe Lig es ea af"
    eng = _Engine({("eng", int(PageSegMode.AUTO)): specks, ("fas", int(PageSegMode.AUTO)): DARI})
    turned: list[str] = []
    monkeypatch.setattr(rd, "find_and_read_mrz", lambda *a, **k: None)
    monkeypatch.setattr(rd, "_turn_by_words", lambda *a: turned.append("words"))
    monkeypatch.setattr(rd, "detect_orientation", lambda *a: turned.append("votes"))
    page = PageImage(1, _printed_page(), 300.0, None, (900.0, 1200.0))
    prepared = rd.prepare_document_page(page, eng, dari=True)  # type: ignore[arg-type]
    assert prepared.rotation == 0 and turned == []
    assert prepared.page_text_fas is not None and prepared.page_text_fas.text == DARI
    assert rd.classify(DARI).kind == "tazkira"


def test_without_dari_the_same_page_is_turned_by_the_votes(monkeypatch: pytest.MonkeyPatch) -> None:
    specks = "qd] a 13 T AS Lt oe Lig es ea af"
    eng = _Engine({("eng", int(PageSegMode.AUTO)): specks, ("fas", int(PageSegMode.AUTO)): DARI})
    monkeypatch.setattr(rd, "find_and_read_mrz", lambda *a, **k: None)
    monkeypatch.setattr(rd, "_turn_by_words", lambda *a: None)

    class _Votes:
        rotation = 0

    monkeypatch.setattr(rd, "detect_orientation", lambda *a: _Votes())
    page = PageImage(1, _printed_page(), 300.0, None, (900.0, 1200.0))
    prepared = rd.prepare_document_page(page, eng)  # type: ignore[arg-type]
    assert prepared.page_text_fas is None and ("fas", int(PageSegMode.AUTO)) not in eng.asked
