"""Dari letters whose PDF text layer does not map every glyph: tokens, unmapped digits, merge with OCR (SPECIMEN)."""

from __future__ import annotations

import random
import re

from workstation.documents.letter import read_letter_pages
from workstation.documents.letter_glyphs import (
    broken_tokens,
    merge_text_layer_and_ocr,
    tokens,
    unmapped_digits,
)
from workstation.documents.letter_text import (
    SOURCE_OCR,
    SOURCE_TEXT_LAYER,
    LetterPage,
    LetterText,
    LetterWord,
)


def _tl(items: list[tuple[str, float, float, float]], line: int = 0) -> list[LetterWord]:
    """Text-layer words ``(text, x0, x1, y0)`` of one line, 40 units tall."""
    return [LetterWord(t, (x0, y0, x1, y0 + 40), 1.0, 1, SOURCE_TEXT_LAYER, (line, 0)) for t, x0, x1, y0 in items]


def _ocr(items: list[tuple[str, float, float, float]], line: int) -> list[LetterWord]:
    return [LetterWord(t, (x0, y0 + 8, x1, y0 + 30), 0.9, 1, SOURCE_OCR, (1, 1, line)) for t, x0, x1, y0 in items]


def test_fragments_split_around_an_unmapped_glyph_are_one_token() -> None:
    words = _tl([("۱", 100, 110, 0), ("Ԏ", 110, 122, 0), ("۰۱/۰۵/۱۵", 122, 190, 0), ("ﺗﺎﺭﯾﺦ:", 200, 260, 0)])
    toks = tokens(words)
    assert [t.text for t in toks] == ["۱Ԏ۰۱/۰۵/۱۵", "ﺗﺎﺭﯾﺦ:"]
    assert toks[0].number and toks[0].broken
    assert not toks[1].broken
    page = LetterPage(1, 1000, 1000, tuple(words + _tl([("ﻏǀ", 100, 150, 60)], line=1)), SOURCE_TEXT_LAYER)
    assert broken_tokens(page) == 2
    assert broken_tokens(LetterPage(1, 1000, 1000, tuple(_tl([("SIL-SUB-2010-106", 0, 200, 0),
                                                              ("۱۳۹۰/۰۲/۲۲", 300, 400, 0)])), SOURCE_TEXT_LAYER)) == 0


def test_unmapped_digits_are_the_digits_the_page_never_shows_and_make_possible_dates() -> None:
    # mapped on the page: 0 1 2 3 5 6 8 9; unmapped glyphs Ԏ and ԏ. 1Ԏ01 can only be 1401 (1701 is no year),
    # so Ԏ = 4 and ԏ takes the one digit left, 7.
    words = _tl([("۱Ԏ۰۱/۰۵/۱۵", 0, 100, 0), ("۱۳۹۰/۰ԏ/۲۲", 200, 300, 0), ("۱۳۸۶/۰۸/۲۹", 400, 500, 0)])
    assert unmapped_digits(tokens(words), None) == {"Ԏ": "۴", "ԏ": "۷"}


def test_an_unsettled_glyph_is_asked_of_ocr_with_only_the_candidates_allowed() -> None:
    words = _tl([("۱۳Ԏ۵/۱۱/۱۶", 0, 100, 0), ("۱۳۹۰/۰۲/۲۰", 200, 300, 0)])  # 4, 7 and 8 never shown
    asked: list[str] = []

    def read(box: tuple[float, float, float, float], allowed: str) -> str:
        asked.append(allowed)
        return "۴"

    assert unmapped_digits(tokens(words), read) == {"Ԏ": "۴"}
    assert asked and set(asked[0]) == set("۴۷۸")
    assert unmapped_digits(tokens(words), None) == {}  # three candidates, nobody to ask: left to OCR


def test_merge_keeps_latin_and_numbers_from_the_text_layer_and_dari_from_ocr() -> None:
    tl = _tl([("ﺁﻣﺮ", 700, 760, 0), ("ﻣﺴﺘﻘﯿﻢ:", 600, 690, 0), ("Daniel", 420, 500, 0), ("Baker", 505, 580, 0)], 0)
    tl += _tl([("ﺗﺎﺭﯾﺦ:", 700, 760, 60), ("۱", 600, 610, 60), ("Ԏ", 610, 622, 60), ("۰۱/۰۵/۱۵", 622, 690, 60)], 1)
    tl += _tl([("۱۳۹۰/۰ԏ/۲۲", 400, 480, 120), ("ﻏǀ", 600, 650, 120), ("ﻡ", 580, 600, 120)], 2)
    tl += _tl([("۱۳۸۶/۰۸/۲۹", 400, 480, 180)], 3)  # the page shows 6 and 8: ԏ can only be 7
    tl += [LetterWord("SPECIMEN", (50, 0, 750, 400), 1.0, 1, SOURCE_TEXT_LAYER, (9, 0))]  # watermark
    ocr = _ocr([("آمر", 700, 760, 0), ("مستقیم:", 600, 690, 0), ("Danie1", 420, 500, 0), ("8aker", 505, 580, 0)], 1)
    ocr += _ocr([("تاریخ:", 700, 760, 60), ("۱۳۰۱/۰۵/۱۵", 600, 690, 60)], 2)
    ocr += _ocr([("۱۳۹۰/۰۲/۲۲", 400, 480, 120), ("غلام", 580, 650, 120)], 3)
    ocr += _ocr([("۱۳۸۶/۰۸/۲۹", 400, 480, 180)], 4)
    tpage = LetterPage(1, 1000, 1000, tuple(tl), SOURCE_TEXT_LAYER)
    merged = merge_text_layer_and_ocr(tpage, LetterPage(1, 1000, 1000, tuple(ocr), SOURCE_OCR))
    text = LetterText([merged]).text
    assert re.search(r"آمر مستقیم:\s+Daniel Baker", text)  # Latin from the text layer, in the OCR line's order
    assert "تاریخ: 1401/05/15" in text  # the unmapped 4 settled; OCR's 1301 replaced
    assert re.search(r"غلام\s+1390/07/22", text)
    assert "Danie1" not in text and "ǀ" not in text
    assert merged.source == SOURCE_OCR


def test_a_dari_supervisor_line_with_contact_labels() -> None:
    words = _ocr([("آمر", 900, 960, 0), ("مستقیم:", 800, 890, 0), ("Daniel", 620, 700, 0), ("Baker", 705, 780, 0),
                  ("ایمیل:", 520, 600, 0), ("d.baker@example.org", 200, 500, 0)], 1)
    words += _ocr([("تاریخ:", 900, 960, 60), ("۱۴۰۱/۰۵/۱۵", 780, 890, 60)], 2)
    reading = read_letter_pages([LetterPage(1, 1000, 1000, tuple(words), SOURCE_OCR)], ())
    assert reading.value("supervisor_name") == "Daniel Baker"
    assert reading.value("supervisor_contact") == "d.baker@example.org"
    assert reading.value("letter_date") == "2022-08-06"


def test_a_generated_dari_letter_with_a_broken_text_layer_is_read_with_ocr() -> None:
    from tests.synth import letters, people
    from workstation.config import WorkstationConfig
    from workstation.documents.letter import read_letter
    from workstation.intake import IntakeOptions, load_bytes

    rng = random.Random(7)
    pdf, truth = letters.make_letter(rng, people.make_person(rng, "P0"), layout="dari")
    cfg = WorkstationConfig()
    doc = load_bytes(pdf, "letter.pdf", IntakeOptions.from_config(cfg))
    assert broken_tokens(LetterPage(1, 1, 1, tuple(
        LetterWord(w.text, w.bbox, 1.0, 1, SOURCE_TEXT_LAYER, (w.block, w.line)) for w in doc.pages[0].text_words or ()),
        SOURCE_TEXT_LAYER)) > 0
    reading = read_letter(doc, cfg, None)
    assert reading.page_sources == ("ocr",)
    assert any("read by OCR" in w for w in reading.warnings)
    for name in ("start_date", "end_date", "date_of_birth", "letter_date", "contract_number", "supervisor_name"):
        assert reading.value(name) == truth["fields"][name], name


def test_a_scanned_dari_page_keeps_confident_latin_words_of_the_english_read() -> None:
    from workstation.documents.letter_glyphs import merge_latin_read

    dari = _ocr([("آمر", 900, 960, 0), ("مستقیم؛", 800, 890, 0), ("Dami", 620, 700, 0), ("8aker", 705, 780, 0),
                 ("راه", 500, 560, 0)], 1)
    eng = [LetterWord(t, (x0, 8, x1, 30), c, 1, SOURCE_OCR, (5, 5, 5))
           for t, x0, x1, c in (("Daniel", 620, 700, 0.95), ("Baker", 705, 780, 0.93), ("oly", 500, 560, 0.95),
                                ("ae", 900, 960, 0.4))]
    page = merge_latin_read(LetterPage(1, 1000, 1000, tuple(dari), SOURCE_OCR),
                            LetterPage(1, 1000, 1000, tuple(eng), SOURCE_OCR))
    words = {w.text for w in page.words}
    assert {"Daniel", "Baker", "راه", "آمر"} <= words  # a short Latin read of a Dari word does not win
    assert not words & {"Dami", "8aker", "oly", "ae"}
    reading = read_letter_pages([page], ())
    assert reading.value("supervisor_name") == "Daniel Baker"  # "؛" read for the label's colon


def test_a_sound_dari_word_of_the_text_layer_is_kept_where_ocr_reads_it_alike() -> None:
    tl = _tl([("ﻏǀ", 860, 900, 0), ("ﻡ", 840, 860, 0), ("ﻫﻨﺪﻭﮐﺶ", 600, 700, 0), ("ﺭﺣﻤﺖ", 400, 450, 0)], 0)
    ocr = _ocr([("غللام", 840, 900, 0), ("هندو", 640, 700, 0), ("کش", 600, 635, 0), ("رحمت‌الله", 330, 450, 0)], 1)
    merged = merge_text_layer_and_ocr(LetterPage(1, 1000, 1000, tuple(tl), SOURCE_TEXT_LAYER),
                                      LetterPage(1, 1000, 1000, tuple(ocr), SOURCE_OCR))
    text = LetterText([merged]).text
    assert "هندوکش" in text  # the text layer's word, which OCR split at a non-joining letter
    assert "غللام" in text  # the broken word stays OCR's
    assert "رحمت‌الله" in text and "رحمت " not in text  # OCR read more than the text layer's word: OCR's


def test_a_phone_number_read_inside_a_dari_line_keeps_its_country_code() -> None:
    words = _ocr([("آمر", 900, 960, 0), ("مستقیم:", 800, 890, 0), ("Daniel", 620, 700, 0), ("Baker", 705, 780, 0),
                  ("تلفن:", 520, 600, 0), ("1+", 200, 230, 0), ("(703)", 240, 320, 0), ("555-0170", 330, 500, 0)], 1)
    reading = read_letter_pages([LetterPage(1, 1000, 1000, tuple(words), SOURCE_OCR)], ())
    assert reading.value("supervisor_contact") == "+1 (703) 555-0170"


def test_number_fragments_out_of_order_take_the_order_of_their_glyphs_on_the_page() -> None:
    # an extractor gave "۱۳۹۲ / ۰ ٦۰۹ /" for the printed ۱۳۹۲/۰۶/۰۹; OCR read only "۹" there
    tl = _tl([("۱۳۹۲", 400, 440, 0), ("/", 440, 445, 0), ("۰", 445, 450, 0), ("٦۰۹", 450, 470, 0), ("/", 470, 480, 0)])
    tl += _tl([("ﺗﺎﺭﯾﺦ", 600, 660, 0)])
    ocr = _ocr([("۹", 400, 480, 0), ("تاریخ", 600, 660, 0)], 1)
    asked: list[str] = []

    def read_number(box: tuple[float, float, float, float], chars: str) -> str:
        asked.append(chars)
        return "۱۳۹۲/۰۶/۰۹"

    def page(reader: object) -> str:
        merged = merge_text_layer_and_ocr(LetterPage(1, 1000, 1000, tuple(tl), SOURCE_TEXT_LAYER),
                                          LetterPage(1, 1000, 1000, tuple(ocr), SOURCE_OCR),
                                          read_number=reader)  # type: ignore[arg-type]
        return LetterText([merged]).text

    assert "1392/06/09" in page(read_number)
    assert asked == ["۱۳۹۲/۰٦۰۹/"]
    # glyphs that are not the text layer's characters (another count of 9s) are not taken
    assert "1392/06/09" not in page(lambda box, chars: "۱۳۹۲/۰۶/۹۹")
    assert "1392/06/09" not in page(None)


def test_a_number_given_as_two_touching_fragments_of_two_lines_is_read_as_one() -> None:
    # an extractor gave ۱۳۸۶/۰۳/۳۱ as "۱۳۸٦۰۳/" and "/۳۱" on two of its lines; OCR read "۲۱" there
    tl = _tl([("۱۳۸", 400, 420, 0), ("٦۰۳", 420, 440, 0), ("/", 440, 445, 0)], 0)
    tl += _tl([("/", 445, 450, 0), ("۳۱", 450, 480, 0)], 1)
    tl += _tl([("۱۳۸۸/۰۲/۳۰", 300, 380, 0)], 2)  # another date a word away: not part of it
    ocr = _ocr([("۲۱", 450, 480, 0), ("۱۳۸۸/۰۲/۳۰", 300, 380, 0)], 1)

    def read_number(box: tuple[float, float, float, float], chars: str) -> str:
        assert box == (400, 0, 480, 40) and chars == "۱۳۸٦۰۳//۳۱"
        return "۱۳۸۶/۰۳/۳۱"

    merged = merge_text_layer_and_ocr(LetterPage(1, 1000, 1000, tuple(tl), SOURCE_TEXT_LAYER),
                                      LetterPage(1, 1000, 1000, tuple(ocr), SOURCE_OCR), read_number=read_number)
    text = LetterText([merged]).text
    assert "1386/03/31" in text and "1388/02/30" in text and "21" not in text.split()


def test_a_text_layer_line_no_ocr_word_touches_is_read_alone() -> None:
    import numpy as np

    from workstation.config import WorkstationConfig
    from workstation.documents.letter import _read_missed_lines
    from workstation.intake.model import PageImage
    from workstation.ocr.model import OcrResult, OcrWord

    tl = _tl([("ﺑﺪﯾﻨﻮﺳﯿﻠﻪ", 600, 700, 100), ("ﺗﺼﺪﯾﻖ", 480, 590, 100)], 0)
    tl += _tl([("ﺍﺳﺖ", 600, 660, 200)], 1)
    ocr = LetterPage(1, 1000, 1000, tuple(_ocr([("است", 600, 660, 200)], 1)), SOURCE_OCR)
    calls: list[tuple[tuple[int, ...], int]] = []

    class Engine:
        def recognize(self, image: np.ndarray, *, lang: str, psm: int, dpi: int | None,
                      timeout_s: float | None) -> OcrResult:
            calls.append((image.shape, psm))
            # single-line mode finds nothing in this line; raw-line mode reads it
            words = () if psm == 7 else (OcrWord("تصدیق", 0.9, (10, 5, 120, 35), 1, 1, 1, 1),
                                         OcrWord("بدینوسیله", 0.9, (130, 5, 240, 35), 1, 1, 1, 2))
            return OcrResult("", words, (), "fake", lang, psm, 0.0)

    page = PageImage(1, np.full((1000, 1000, 3), 255, dtype=np.uint8), 300.0, (), (1000.0, 1000.0))
    out = _read_missed_lines(page, LetterPage(1, 1000, 1000, tuple(tl), SOURCE_TEXT_LAYER), ocr,
                             WorkstationConfig(), Engine())  # type: ignore[arg-type]
    assert [psm for _, psm in calls] == [7, 13]  # only the line OCR missed, read again
    assert calls[0][0][0] == 41  # the text layer's line box
    added = [w for w in out.words if w.text in ("تصدیق", "بدینوسیله")]
    assert [w.bbox[0] for w in added] == [480 - 10 + 10, 480 - 10 + 130]  # back in page pixels
    assert len(out.words) == 3


def test_ocr_keeps_a_name_part_the_text_layer_could_not_map() -> None:
    # the text layer has نجیب and, split off, alef + the unmapped Allah ligature; OCR read نجیب‌الله
    tl = _tl([("ﻧﺠﯿﺐ", 537, 643, 0), ("ﻣﺤﺘﺮﻡ", 654, 773, 0)]) + _tl([("ﺍЦ", 478, 537, 0)], 5)  # another extractor line
    ocr = _ocr([("نجیب\u200cالله", 481, 640, 0), ("محترم", 658, 770, 0)], 1)
    merged = merge_text_layer_and_ocr(LetterPage(1, 1000, 1000, tuple(tl), SOURCE_TEXT_LAYER),
                                      LetterPage(1, 1000, 1000, tuple(ocr), SOURCE_OCR))
    assert "نجیب\u200cالله" in [w.text for w in merged.words]
    assert "ﻧﺠﯿﺐ" not in [w.text for w in merged.words]
