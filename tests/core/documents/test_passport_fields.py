"""Pure helpers of the passport reader: printed dates, names, reconciliation with the zone."""

from __future__ import annotations

from datetime import date

import pytest

from workstation.documents.passport import (
    _doubt_printed,
    _join_near,
    _label_of,
    _read_in_part,
    _split_lines,
    normalise_place,
    normalise_printed_name,
    parse_printed_date,
    printed_fields_from_lines,
    reconcile_name,
)
from workstation.documents.reading import FieldValue
from workstation.ocr import OcrLine, OcrWord

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        ("01 JAN 86", "birth", "1986-01-01"),
        ("22 DEC 24", "expiry", "2024-12-22"),
        ("25/05/2020", "issue", "2020-05-25"),
        ("01.01.1999", "birth", "1999-01-01"),
        ("XX.XX.1980", "birth", "1980"),
        ("XX.05.1980", "birth", "1980-05"),
        ("1988-03-21", "birth", "1988-03-21"),
        ("3O.O4.2O29", "expiry", "2029-04-30"),
        ("31/02/2020", "issue", None),
        ("KABUL", "issue", None),
    ],
)
def test_printed_dates(text: str, kind: str, want: str | None) -> None:
    assert parse_printed_date(text, kind=kind, today=TODAY) == want


def test_names_and_labels() -> None:
    assert normalise_printed_name("Barakzai - Stanikzai") == "BARAKZAI-STANIKZAI"
    assert normalise_printed_name("  mohammad   nasir ") == "MOHAMMAD NASIR"
    assert _label_of("Surname / Nom") == "surname"
    assert _label_of("Sumame") == "surname"
    assert _label_of("Place of birth / Lieu de naissance") == "place_of_birth"
    assert _label_of("Date of birth") == "date_of_birth"
    assert _label_of("te of issue") == "issue_date"
    assert _label_of("Sex / Sexe") == "sex"
    assert _label_of("MOHAMMAD NASIR") is None


def test_reconcile_only_removes_filler_lookalikes() -> None:
    assert reconcile_name("HABIBAK", "HABIBA") == "HABIBA"
    assert reconcile_name("MOHAMMADKNASIR", "MOHAMMAD NASIR") == "MOHAMMAD NASIR"
    assert reconcile_name("ZAMANKS", "ZAMAN") == "ZAMAN"
    assert reconcile_name("AHMADZAL", "AHMADZAI") is None  # a real disagreement stays one
    assert reconcile_name("AHMADI", "AHMADI") is None


# --------------------------------------------------------------------------------------------
# Printed forms of dates other hands print
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        ("12 MAR/MARS 90", "birth", "1990-03-12"),  # bilingual month, two-digit year
        ("12 MAR /MARS 1990", "birth", "1990-03-12"),
        ("10 JUL/JUIL 23", "issue", "2023-07-10"),
        ("21 FÉV 2020", "issue", "2020-02-21"),  # French month with its accent
        ("12 Mar 1990", "birth", "1990-03-12"),
        ("12 03 1990", "birth", "1990-03-12"),
        ("02 MAY/MAI 1983  1362/02/12", "birth", "1983-05-02"),  # the Gregorian date wins over the Solar one
        ("1362/02/12", "birth", "1983-05-02"),  # only the Solar Hijri date read: converted
        ("1I/05/1990", "birth", "1990-05-11"),  # digit look-alikes inside a number
        ("05 0CT 2021", "issue", "2021-10-05"),  # a month with O read as zero
        ("23.08.1", "birth", None),  # cut short: no date rather than a wrong one
        ("92/07/9079", "issue", None),
    ],
)
def test_printed_dates_of_other_layouts(text: str, kind: str, want: str | None) -> None:
    assert parse_printed_date(text, kind=kind, today=TODAY) == want


def test_place_of_birth_without_its_country() -> None:
    assert normalise_place("KABUL, AFG") == "KABUL"
    assert normalise_place("GHAZNI, AFGHANISTAN") == "GHAZNI"
    assert normalise_place("HERAT AFG") == "HERAT"  # the comma lost to OCR
    assert normalise_place("MAZAR-E-SHARIF") == "MAZAR-E-SHARIF"
    assert normalise_place("AFG") == "AFG"  # nothing else printed: kept


# --------------------------------------------------------------------------------------------
# Labels and values located on OCR lines (no OCR: lines built by hand, boxes in pixels)
# --------------------------------------------------------------------------------------------


def _ln(x: int, y: int, *words: str, h: int = 14, conf: float = 0.95, gap: int = 8, cw: int = 9) -> OcrLine:
    """One OCR line of ``words`` starting at (x, y), ``cw`` pixels a character."""
    ws = []
    for i, t in enumerate(words):
        w = len(t) * cw
        ws.append(OcrWord(t, conf, (x, y, x + w, y + h), 1, 1, 1, i + 1))
        x += w + gap
    return OcrLine(" ".join(words), conf, (ws[0].bbox[0], y, ws[-1].bbox[2], y + h), tuple(ws))


def _read(lines: list[OcrLine]) -> dict[str, str]:
    got = printed_fields_from_lines(_split_lines(_join_near(tuple(lines))), TODAY)
    return {k: " ".join(w.text for w in ws) for k, (ws, _c) in got.items()}


def test_labels_above_values_grid() -> None:
    got = _read([
        _ln(100, 100, "Surname", "/", "Nom", h=10, cw=6),
        _ln(100, 114, "HAKIMI", h=16),
        _ln(100, 140, "Given", "names", "/", "Prénoms", h=10, cw=6),
        _ln(100, 154, "NASIR", "AHMAD", h=16),
        _ln(100, 180, "Nationality", h=10, cw=6),
        _ln(100, 194, "AFGHAN", h=16),
        _ln(100, 220, "Date", "of", "birth", h=10, cw=6), _ln(400, 220, "Sex", h=10, cw=6),
        _ln(100, 234, "24", "SEP", h=16), _ln(175, 234, "65", h=16),  # one date split by sparse OCR
        _ln(400, 234, "M", h=16),
        _ln(100, 260, "Place", "of", "birth", h=10, cw=6), _ln(400, 260, "Date", "of", "issue", h=10, cw=6),
        _ln(100, 274, "07", "JAN", "22", h=16),  # a misplaced date is not a place
        _ln(400, 274, "07", "JAN", "22", h=16),
    ])
    assert got["surname"] == "HAKIMI"
    assert got["given_names"] == "NASIR AHMAD"
    assert got["nationality"] == "AFGHAN"
    assert got["date_of_birth"] == "24 SEP 65"
    assert got["sex"] == "M"
    assert "place_of_birth" not in got
    assert got["issue_date"] == "07 JAN 22"


def test_labels_beside_values() -> None:
    got = _read([
        _ln(100, 100, "Passport", "No.", "/", "No.", "du", "passeport", h=10, cw=6), _ln(400, 98, "P11778219"),
        _ln(100, 130, "SURNAME", "/", "NOM:", "POPAL", cw=7),  # capitals label, value on the same line
        _ln(100, 160, "Given", "names", "/", "Prénoms", h=10, cw=6), _ln(400, 158, "EZATULLAH"),
        _ln(100, 190, "Date", "of", "birth", h=10, cw=6), _ln(400, 188, "25", "APR/AVR", "95"),
        _ln(100, 220, "Sex", "/", "Sexe", h=10, cw=6), _ln(400, 218, "M"),
        _ln(100, 250, "Place", "of", "birth", h=10, cw=6), _ln(400, 248, "PAKTIA"),
    ])
    assert got == {"document_number": "P11778219", "surname": "POPAL", "given_names": "EZATULLAH",
                   "date_of_birth": "25 APR/AVR 95", "sex": "M", "place_of_birth": "PAKTIA"}


def test_script_debris_beside_a_label_is_not_its_value() -> None:
    # Dari labels read by the English model come out as lower-case debris next to the English label.
    got = _read([
        _ln(100, 100, "Surname", h=10, cw=6), _ln(400, 100, "ols", conf=0.4, h=10),
        _ln(100, 114, "RAHIMI", h=16),
        _ln(100, 140, "Date", "of", "birth", h=10, cw=6), _ln(330, 140, "ay9", "Eyl", conf=0.3, h=10),
        _ln(100, 154, "02/05/1983", h=16),
    ])
    assert got == {"surname": "RAHIMI", "date_of_birth": "02/05/1983"}


def test_wrapped_name_is_joined_but_the_next_field_is_not_swallowed() -> None:
    got = _read([
        _ln(100, 100, "Given", "names", h=10, cw=6), _ln(400, 98, "MOHAMMAD", "ABDUL"),
        _ln(400, 116, "RAHMATULLAH"),  # the name's second line: no label on its row
        _ln(100, 140, "Nationality", h=10, cw=6), _ln(400, 138, "AFGHAN"),
    ])
    assert got["given_names"] == "MOHAMMAD ABDUL RAHMATULLAH"
    assert got["nationality"] == "AFGHAN"
    # grid: the value under the given names is the next field's, below its own label
    got = _read([
        _ln(100, 100, "Given", "names", h=10, cw=6), _ln(100, 114, "SAYED", "JALALUDDIN", h=16),
        _ln(100, 134, "Nationality", h=10, cw=6), _ln(100, 146, "AFGHAN", h=16),
    ])
    assert got["given_names"] == "SAYED JALALUDDIN"
    assert got["nationality"] == "AFGHAN"
    # and with that label lost, a country word is still not a second line of the name
    got = _read([
        _ln(100, 100, "Given", "names", h=10, cw=6), _ln(100, 114, "SAYED", "JALALUDDIN", h=16),
        _ln(100, 135, "AFGHAN", h=16),
    ])
    assert got["given_names"] == "SAYED JALALUDDIN"


def test_a_skewed_value_line_under_its_label() -> None:
    # A photographed page: the long value line's union box starts above its label's bottom.
    words = [OcrWord("MOHAMMAD", 0.94, (100, 128, 190, 146), 1, 1, 1, 1),
             OcrWord("ABDUL", 0.94, (200, 124, 250, 142), 1, 1, 1, 2),
             OcrWord("RAHMATULLAH", 0.94, (260, 100, 400, 138), 1, 1, 1, 3)]
    skewed = OcrLine("MOHAMMAD ABDUL RAHMATULLAH", 0.94, (100, 100, 400, 146), tuple(words))
    got = _read([
        _ln(100, 80, "Surname", h=10, cw=6), _ln(100, 94, "WARDAK", h=16),
        skewed,
        _ln(100, 114, "Given", "names", h=10, cw=6),
    ])
    assert got["surname"] == "WARDAK"  # the given names are not its second line
    assert got["given_names"] == "MOHAMMAD ABDUL RAHMATULLAH"


def test_a_lone_sex_letter_without_its_label() -> None:
    got = _read([
        _ln(100, 100, "Date", "of", "birth", h=10, cw=6), _ln(400, 96, "E25", "gex", conf=0.4, h=12),
        _ln(100, 114, "02/05/1983", h=16), _ln(400, 114, "F", h=16),
    ])
    assert got["sex"] == "F"


def test_issue_and_expiry_placed_by_their_order_when_labels_are_lost() -> None:
    got = _read([
        _ln(100, 100, "Date", "of", "birth", h=10, cw=6), _ln(100, 114, "01", "JAN", "1993", h=16),
        _ln(100, 140, "Diile", "of", "isttic", h=10, cw=6), _ln(100, 154, "02", "SEP", "2022", h=16),
        _ln(100, 180, "DatéOl", "expiry", h=10, cw=6), _ln(100, 194, "01", "SEP", "2032", h=16),
    ])
    assert got["issue_date"] == "02 SEP 2022" and got["expiry_date"] == "01 SEP 2032"
    # two dates that cannot be an issue and an expiry date are left unplaced
    got = _read([
        _ln(100, 140, "Diile", "of", "isttic", h=10, cw=6), _ln(100, 154, "02", "SEP", "2022", h=16),
        _ln(100, 180, "Dale", "0l", "expry", h=10, cw=6), _ln(100, 194, "01", "SEP", "2042", h=16),
    ])
    assert "issue_date" not in got and "expiry_date" not in got


def test_month_pair_with_its_slash_misread() -> None:
    assert parse_printed_date("27 APRIAVR 17", kind="issue", today=TODAY) == "2017-04-27"


def _fv(value: str, conf: float = 0.93, raw: str | None = None) -> FieldValue:
    return FieldValue(value, conf, 1, (0, 0, 1, 1), "printed", raw if raw is not None else value)


def test_partial_printed_readings_are_doubted_not_trusted() -> None:
    zone = {"surname": _fv("HAKIMI", 0.9), "given_names": _fv("SAYED JALALUDDIN", 0.9),
            "nationality": _fv("AFG", 0.9)}
    printed = {"surname": _fv("HAKIMI"), "given_names": _fv("SA"), "nationality": _fv("NAVEED"),
               "date_of_birth": _fv("2019-08-23", raw="23.08.19"), "expiry_date": _fv("2031-01-02", raw="02.01.2031")}
    notes = _doubt_printed(printed, zone)
    assert printed["surname"].confidence == 0.93  # agrees: untouched
    assert printed["given_names"].confidence <= 0.5  # the start of the zone's name: read in part
    assert printed["nationality"].confidence <= 0.5  # a name in the nationality slot
    assert printed["date_of_birth"].confidence <= 0.5  # two-digit year where the page prints four
    assert printed["expiry_date"].confidence == 0.93
    assert len(notes) == 3
    # a different, fully read name stays confident: the checks may call it a forgery sign
    printed = {"given_names": _fv("MAHMOUD")}
    assert not _doubt_printed(printed, zone) and printed["given_names"].confidence == 0.93
    printed = {"given_names": _fv("D JALALUDDIN"), "nationality": _fv("PAK")}
    _doubt_printed(printed, {"given_names": _fv("SAYED JALALUDDIN"), "nationality": _fv("AFG")})
    assert printed["given_names"].confidence <= 0.5  # the end of the zone's name
    assert printed["nationality"].confidence == 0.93  # another country's code: a real disagreement


@pytest.mark.parametrize(
    ("zone", "page", "part"),
    [
        ("SAYEDJALALUDDIN", "SA", True),  # the start only
        ("MOHAMMADZAMAN", "DZAMAN", True),  # the end only
        ("MOHAMMADABDULRAHMATULLAHSAYED", "ATULLAHSAYEDJALALUDDIN", True),  # the line's start lost
        ("MOHAMMADABDULRAHMATULLAHSAY", "MOHAMMADABDULRAHTU", True),  # broken off near its end
        ("AHMADZAI", "MAHMOUD", False),  # another name
        ("NASIR", "NASRIN", False),
    ],
)
def test_partial_name_reads(zone: str, page: str, part: bool) -> None:
    assert _read_in_part(zone, page) is part


def test_a_poorly_read_surname_is_kept_weak_rather_than_the_slot_called_empty() -> None:
    # An empty printed slot next to a zone surname reads as a moved single name (a forgery sign);
    # the slot's value read poorly is kept with its low confidence (a review).
    got = printed_fields_from_lines(_split_lines(_join_near((
        _ln(100, 100, "Surname", h=10, cw=6), _ln(100, 114, "AZIZz|", conf=0.0, h=16),
        _ln(100, 140, "Given", "names", h=10, cw=6), _ln(100, 154, "HAMIDA", h=16),
    ))), TODAY)
    assert " ".join(w.text for w in got["surname"][0]) == "AZIZz|" and got["surname"][1] < 0.1
