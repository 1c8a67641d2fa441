"""Persian digits read by shape: a font the templates were not built from, its Urdu forms of 4, 6, 7.

The images are drawn here (SPECIMEN numbers) in Noto Naskh Arabic, which draws 4, 6 and 7 in their
Urdu forms and which the template set leaves out (see letter_digits_train), so these tests measure
reading a font the classifier has not seen.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image, ImageDraw, ImageFont

from workstation.documents import letter_digits as ld
from workstation.documents.letter_digits_train import FONTS
from workstation.documents.letter_text import LetterPage, LetterWord

NASKH = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"


def draw(text: str, size: int = 30) -> tuple[npt.NDArray[np.uint8], tuple[float, float, float, float]]:
    """``text`` drawn black on white; the ink's box."""
    font = ImageFont.truetype(NASKH, size, layout_engine=ImageFont.Layout.RAQM)
    img = Image.new("L", (size * (len(text) + 4), size * 3), 255)
    ImageDraw.Draw(img).text((size * 2, size // 2), text, font=font, fill=0, direction="ltr")
    arr = np.asarray(img, dtype=np.uint8).copy()
    ys, xs = np.nonzero(arr < 128)
    return arr, (float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1))


def test_templates_are_installed_and_leave_out_the_generators_font() -> None:
    assert ld.load_shapes() is not None
    assert NASKH not in FONTS.values()


@pytest.mark.parametrize("size", [24, 32, 44])
def test_each_digit_of_an_unseen_font_is_read_by_its_shape(size: int) -> None:
    shapes = ld.load_shapes()
    assert shapes is not None
    img, box = draw(" ".join(ld.DIGIT_CHARS), size)
    blobs = ld._blobs(img, box)
    assert len(blobs) == 10
    ref = ld.reference_height([b.h for b in blobs[1:]])
    read = [g.digit for g in (shapes.classify(b.mask, ref) for b in blobs) if g is not None]
    assert read == list(range(10))


def test_a_number_misread_by_ocr_is_corrected_digit_by_digit() -> None:
    img, box = draw("۱۴۰۱/۰۴/۱۳")
    # what fas makes of the Urdu form of 4
    assert ld.reread_number(img, box, "۱۳۰۱/۰۲/۱۳") == "۱۴۰۱/۰۴/۱۳"
    img, box = draw("۱۳۶۷/۰۷/۲۵")
    assert ld.reread_number(img, box, "۱۳۲۷/۰۲/۲۵") == "۱۳۶۷/۰۷/۲۵"


def test_a_number_read_right_is_left_alone() -> None:
    for text in ("۱۳۸۹/۰۱/۱۵", "۱۳۹۲/۰۸/۳۰", "۲۵۶۰"):
        img, box = draw(text)
        assert ld.reread_number(img, box, text) == text


def test_nothing_changes_when_the_glyphs_do_not_line_up_with_the_characters() -> None:
    img, box = draw("۱۴۰۱/۰۴/۱۳")
    # OCR dropped a character: no one-to-one reading, so OCR's text stays
    assert ld.reread_number(img, box, "۱۳۰۱/۰۲۱۳") == "۱۳۰۱/۰۲۱۳"
    # not a number at all
    assert ld.reread_number(img, box, "تاریخ") == "تاریخ"


def test_a_glyph_is_read_among_the_allowed_digits_only() -> None:
    img, box = draw("۱۳۷۶")
    # the third glyph's box, as a text layer splitting the word evenly would give it
    step = (box[2] - box[0]) / 4
    glyph = (box[0] + 2 * step, box[1], box[0] + 3 * step, box[3])
    assert ld.read_glyph(img, glyph, "۴۷۸") == "۷"
    assert ld.read_glyph(img, glyph, "۴۸") in ("۴", "۸")


def test_reread_numbers_changes_only_number_words_of_a_page() -> None:
    img, box = draw("۱۴۰۱/۰۴/۱۳")
    words = (LetterWord("۱۳۰۱/۰۲/۱۳", box, 0.85, 1, "ocr", (1, 1)),
             LetterWord("تاریخ", (0.0, 0.0, 10.0, 10.0), 0.9, 1, "ocr", (1, 1)))
    page = LetterPage(1, float(img.shape[1]), float(img.shape[0]), words, "ocr")
    out = ld.reread_numbers(page, img)
    assert [w.text for w in out.words] == ["۱۴۰۱/۰۴/۱۳", "تاریخ"]
    assert out.words[0].confidence == 0.85 and out.words[0].bbox == box


def test_a_number_ocr_dropped_a_digit_of_is_read_from_its_shapes_alone() -> None:
    img, box = draw("۱۴۰۱/۰۲/۲۷")
    # fas dropped the Urdu 7 and read the 4 as 3
    assert ld.reread_number(img, box, "۱۳۰۱/۰۲/۲") == "۱۴۰۱/۰۲/۲۷"
    # a reading with other separators than OCR's is not taken
    assert ld.reread_number(img, box, "۱۳۰۱۰۲/۲") == "۱۳۰۱۰۲/۲"


def test_an_ascii_digit_ocr_mixed_into_a_persian_number_is_read_too() -> None:
    img, box = draw("۱۴۰۲/۰۷/۳۰")
    assert ld.reread_number(img, box, "۱۳۰۲/۰2/۳۰") == "۱۴۰۲/۰۷/۳۰"


def test_characters_known_out_of_order_are_put_in_the_order_of_their_glyphs() -> None:
    img, box = draw("۱۳۹۲/۰۶/۰۹")
    assert ld.read_number(img, box, "۱۳۹۲/۰٦۰۹/") == "۱۳۹۲/۰۶/۰۹"
    # more characters than glyphs: no order is given
    assert ld.read_number(img, box, "۱۳۹۲/۰٦۰۹//") == ""


def test_a_date_ocr_read_as_one_digit_is_read_from_its_glyphs_when_they_make_a_whole_date() -> None:
    img, box = draw("۱۳۸۳/۰۵/۲۶")
    assert ld.reread_number(img, box, "۲") == "۱۳۸۳/۰۵/۲۶"
    assert ld.reread_number(img, box, "۱۳۵۰") == "۱۳۸۳/۰۵/۲۶"  # four digits over ten glyphs
    img, box = draw("۱۳۸۳۰۵")  # six glyphs: not a date, OCR's reading stays
    assert ld.reread_number(img, box, "۲") == "۲"


def test_an_order_the_glyphs_settle_only_narrowly_is_not_given(monkeypatch: pytest.MonkeyPatch) -> None:
    img, box = draw("۱۳۹۲/۰۶/۰۹")
    assert ld.read_number(img, box, "۱۳۹۲/۰٦۰۹/") == "۱۳۹۲/۰۶/۰۹"
    # demand more than any swap of two of its characters costs: the order is left to OCR
    monkeypatch.setattr(ld, "MIN_ORDER_MARGIN", 10.0)
    assert ld.read_number(img, box, "۱۳۹۲/۰٦۰۹/") == ""


def test_a_date_ocr_split_into_stray_digits_is_read_over_its_whole_run_of_glyphs() -> None:
    img, box = draw("۱۳۹۵/۰۲/۱۶")
    x0, y0, x1, y1 = box
    w = (x1 - x0) / 10
    words = (LetterWord("۲", (x1 - 2 * w, y0, x1, y1), 0.57, 1, "ocr", (1, 1)),  # over "۱۶" only
             LetterWord("۱۳", (x0, y0, x0 + 2 * w, y1), 0.41, 1, "ocr", (1, 1)),  # over "۱۳"
             LetterWord("الی", (x1 + 200, y0, x1 + 260, y1), 0.9, 1, "ocr", (1, 1)))
    page = LetterPage(1, float(img.shape[1]), float(img.shape[0]), words, "ocr")
    out = ld.reread_numbers(page, img)
    assert [w.text for w in out.words] == ["۱۳۹۵/۰۲/۱۶", "الی"]
    assert out.words[0].bbox[0] <= x0 + 1 and out.words[0].bbox[2] >= x1 - 1


def _box_blob(x0: int, w: int, h: int, mask: npt.NDArray[np.bool_] | None = None) -> ld._Blob:
    return ld._Blob(x0, 30 - h, x0 + w, 30, mask if mask is not None else np.ones((h, w), dtype=bool))


def test_a_digit_touching_the_slash_is_cut_apart_but_a_wide_digit_is_not() -> None:
    pair = np.zeros((28, 30), dtype=bool)
    pair[7:, 0:12] = True  # a digit
    pair[:, 18:30] = True  # the slash, taller
    pair[26:, 12:18] = True  # the thin bridge where they touch
    digits = [_box_blob(x, 12, 21) for x in (0, 20, 40)]
    out = ld._split_widest([*digits, _box_blob(60, 30, 28, pair)])
    assert len(out) == 5 and out[3].w + out[4].w == 30 and out[4].h == 28
    # as wide, but no taller than the digits (the Urdu 4): one glyph
    assert len(ld._split_widest([*digits, _box_blob(60, 30, 21)])) == 4


def test_an_unsure_contract_number_in_a_dari_page_is_read_again_alone() -> None:
    """The English read of a whole Dari page gets a contract number right but at confidence 0 (the line's
    Dari words drag it down) and split (``ARI-SUB-201`` ``2-396``): the merge with the Dari read dropped
    it and ``fas`` garbled it, so the letter had no contract number (cases 106 and 107 of seed 6). The
    run is read again from its own crop; a sure re-read replaces it, an unsure one leaves the words."""
    import cv2

    from workstation.documents.letter import reread_latin_runs
    from workstation.ocr import get_engine

    img = np.full((120, 900), 255, dtype=np.uint8)
    cv2.putText(img, "ARI-SUB-2012-396", (60, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 3, cv2.LINE_AA)
    (tw, th), _ = cv2.getTextSize("ARI-SUB-2012-396", cv2.FONT_HERSHEY_SIMPLEX, 1.6, 3)
    split = 60 + int(tw * 0.7)
    words = (LetterWord("ARI-SUB-201", (60.0, 80.0 - th, float(split), 84.0), 0.0, 1, "ocr", (1, 1)),
             LetterWord("2-396", (float(split + 8), 80.0 - th, 60.0 + tw, 84.0), 0.0, 1, "ocr", (1, 1)),
             LetterWord("+93", (700.0, 80.0 - th, 760.0, 84.0), 0.95, 1, "ocr", (1, 1)))
    page = LetterPage(1, 900.0, 120.0, words, "ocr")
    out = reread_latin_runs(page, img, 1.0, get_engine())
    texts = [w.text for w in out.words]
    assert "ARI-SUB-2012-396" in texts and "ARI-SUB-201" not in texts and "+93" in texts
    blank = np.full((120, 900), 255, dtype=np.uint8)
    assert reread_latin_runs(page, blank, 1.0, get_engine()).words == words


def test_an_unsure_identifier_read_otherwise_a_second_time_is_not_trusted() -> None:
    """Tesseract read a photographed table's ``WFPTFE-22-F-5034`` as ``WFEPTFE-22-F-S034`` at 0.60, above
    the checks' floor, so the letter failed on a misread (case 7 of seed 6). An unsure identifier word is
    read again from its own crop: a second read that disagrees caps its confidence (review); one that
    agrees, or a sure first read, leaves it as it was."""
    import cv2

    from workstation.documents.letter import UNCONFIRMED_CONFIDENCE, confirm_identifiers
    from workstation.ocr import get_engine

    img = np.full((120, 900), 255, dtype=np.uint8)
    cv2.putText(img, "WFPTFE-22-F-5034", (60, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 3, cv2.LINE_AA)
    (tw, th), _ = cv2.getTextSize("WFPTFE-22-F-5034", cv2.FONT_HERSHEY_SIMPLEX, 1.6, 3)
    box = (60.0, 80.0 - th, 60.0 + tw, 84.0)

    def conf(text: str, confidence: float) -> float:
        page = LetterPage(1, 900.0, 120.0, (LetterWord(text, box, confidence, 1, "ocr", (1, 1)),), "ocr")
        return confirm_identifiers(page, img, 1.0, get_engine()).words[0].confidence

    assert conf("WFEPTFE-22-F-S034", 0.6) == UNCONFIRMED_CONFIDENCE
    assert conf("WFPTFE-22-F-5034", 0.6) == 0.6
    assert conf("WFEPTFE-22-F-S034", 0.95) == 0.95


def test_an_unsure_date_read_the_same_a_second_time_takes_the_surer_reading() -> None:
    """Blind case 776 of seed 6: a table cell's ``11/01/2013`` read ``11/01/2013:`` at 0.28 (the cell's border
    as a colon), so a genuinely different end date went to review. An unsure date word is read again
    alone: the same digits read surely count; a second read that disagrees leaves the first as it was."""
    import cv2

    from workstation.documents.letter import confirm_identifiers
    from workstation.ocr import get_engine

    img = np.full((120, 600), 255, dtype=np.uint8)
    cv2.putText(img, "11/01/2013", (60, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 3, cv2.LINE_AA)
    (tw, th), _ = cv2.getTextSize("11/01/2013", cv2.FONT_HERSHEY_SIMPLEX, 1.6, 3)
    box = (60.0, 80.0 - th, 60.0 + tw, 84.0)

    def conf(text: str, confidence: float) -> float:
        page = LetterPage(1, 600.0, 120.0, (LetterWord(text, box, confidence, 1, "ocr", (1, 1)),), "ocr")
        return confirm_identifiers(page, img, 1.0, get_engine()).words[0].confidence

    assert conf("11/01/2013:", 0.28) > 0.6
    assert conf("11/01/2018", 0.28) == 0.28  # the print says 2013: not confirmed
    assert conf("11/01/2013", 0.7) == 0.7  # sure enough already: not read again


class _OneReading:
    """An OCR engine stand-in that reads every crop as one word, at one confidence."""

    def __init__(self, text: str, confidence: float) -> None:
        self.text, self.confidence = text, confidence

    def recognize(self, image: npt.NDArray[np.uint8], **_: object) -> object:
        from workstation.ocr.model import OcrResult, OcrWord

        h, w = image.shape[:2]
        word = OcrWord(self.text, self.confidence, (2, 2, w - 2, h - 2), 1, 1, 1, 1)
        return OcrResult(self.text, (word,), (), "stub", "eng", 7, 0.0)


def test_a_run_read_again_as_exactly_its_pieces_is_one_confirmed_word() -> None:
    """The English read of a Dari page split ``ARI-SUB-2011-707`` into ``ARI-SUB-201`` ``1-707`` at
    confidence 0; read again alone the run gave ``ARI-SUB-2011-707`` at 0.68, below the re-read's bar,
    so the first piece alone was taken and the letter's number was cut (case 35 of seed 6). A re-read
    spelling exactly what the pieces spell confirms them: one word, kept at the bar. A re-read that
    spells something else below the bar still changes nothing."""
    from workstation.documents.letter import LATIN_REREAD_BELOW, reread_latin_runs

    words = (LetterWord("ARI-SUB-201", (60.0, 40.0, 360.0, 80.0), 0.0, 1, "ocr", (1, 1)),
             LetterWord("1-707", (362.0, 40.0, 500.0, 80.0), 0.0, 1, "ocr", (1, 1)))
    page = LetterPage(1, 900.0, 120.0, words, "ocr")
    img = np.full((120, 900), 255, dtype=np.uint8)
    out = reread_latin_runs(page, img, 1.0, _OneReading("ARI-SUB-2011-707", 0.68))  # type: ignore[arg-type]
    assert [(w.text, w.confidence) for w in out.words] == [("ARI-SUB-2011-707", LATIN_REREAD_BELOW)]
    other = reread_latin_runs(page, img, 1.0, _OneReading("ARI-SUB-2011-708", 0.68))  # type: ignore[arg-type]
    assert other.words == words


def test_a_row_of_print_the_page_read_skipped_is_read_alone() -> None:
    """Tesseract's layout analysis dropped the line naming the employee beside a fold's crease on a
    scanned Dari letter (case 35 of seed 6: no employee name). A row of print no word of the read
    covers is cut out and read alone; rows the read covers are not read again."""
    import cv2

    from workstation.documents.letter import read_skipped_rows

    img = np.full((400, 1200), 255, dtype=np.uint8)
    texts = ("SPECIMEN LETTER LINE ONE", "SPECIMEN LETTER LINE TWO", "SPECIMEN LETTER LINE THREE")
    boxes = []
    for n, t in enumerate(texts):
        y = 80 + 110 * n
        cv2.putText(img, t, (60, y), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3, cv2.LINE_AA)
        (tw, th), _ = cv2.getTextSize(t, cv2.FONT_HERSHEY_SIMPLEX, 1.4, 3)
        boxes.append((60.0, float(y - th), 60.0 + tw, float(y + 4)))
    cv2.line(img, (0, 140), (1200, 150), 90, 1)  # a crease: not print
    read = tuple(LetterWord(t.split()[i], (b[0] + 200 * i, b[1], b[0] + 200 * i + 180, b[3]), 0.9, 1, "ocr", (n, 1))
                 for n, (t, b) in enumerate(zip(texts, boxes, strict=True)) if n != 1 for i in range(4))
    page = LetterPage(1, 1200.0, 400.0, read, "ocr")

    calls: list[tuple[int, int]] = []

    class Engine(_OneReading):
        def recognize(self, image: npt.NDArray[np.uint8], **kw: object) -> object:
            calls.append(image.shape[:2])
            return super().recognize(image, **kw)

    out = read_skipped_rows(page, img, 1.0, Engine("TWO", 0.9), "eng")  # type: ignore[arg-type]
    new = [w for w in out.words if w not in read]
    assert len(calls) == 1 and [w.text for w in new] == ["TWO"]
    assert boxes[1][1] - 20 < new[0].bbox[1] < boxes[1][3] < new[0].bbox[3] + 20
