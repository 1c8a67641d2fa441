"""Dates located in letter text: formats, Solar Hijri, OCR noise, and day/month order never guessed."""

from __future__ import annotations

import pytest

from workstation.documents.letter_dates import find_dates, repair_ocr_digits


def values(text: str) -> list[str | None]:
    return [d.value for d in find_dates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("employed from March 5, 2010 until", ["2010-03-05"]),
        ("since the 5th of March 2010.", ["2010-03-05"]),
        ("on 5 March 2010 and", ["2010-03-05"]),
        ("on 05-Mar-2010", ["2010-03-05"]),
        ("dated 2010-03-05.", ["2010-03-05"]),
        ("from 25/03/2011 to 30/04/2012", ["2011-03-25", "2012-04-30"]),
        ("from 03/25/2011 to 04/30/2012", ["2011-03-25", "2012-04-30"]),
        ("in March 2011", ["2011-03"]),
        ("9 Aqrab 1402", ["2023-10-31"]),
        ("1402-08-09", ["2023-10-31"]),
        ("از ۱۳۸۹/۰۲/۱۵ تا ۹ عقرب ۱۴۰۲", ["2010-05-05", "2023-10-31"]),
        ("Hamal 1, 1367", ["1988-03-21"]),
        # OCR (or a typist) drops the space after the comma: "June 11,2018" (a photographed table cell)
        ("June 11,2018 to April 9,2020", ["2018-06-11", "2020-04-09"]),
        ("11 June,2018", ["2018-06-11"]),
        ("in March,2011", ["2011-03"]),
    ],
)
def test_formats(text: str, expected: list[str]) -> None:
    assert values(text) == expected


def test_ambiguous_order_is_reported_not_guessed() -> None:
    ds = find_dates("He worked from 05/03/2010 to 04/06/2012.")
    assert [d.ambiguous for d in ds] == [True, True]
    assert all(d.value is None for d in ds)
    assert set(ds[0].candidates) == {"2010-03-05", "2010-05-03"}


def test_other_date_in_letter_settles_order() -> None:
    ds = find_dates("Date: 25/03/2013. He worked from 05/03/2010 to 04/06/2012.")
    assert [d.value for d in ds] == ["2013-03-25", "2010-03-05", "2012-06-04"]
    assert ds[1].settled_by


def test_stated_format_settles_order() -> None:
    ds = find_dates("Dates (MM/DD/YYYY): 05/03/2010 - 04/06/2012")
    assert [d.value for d in ds] == ["2010-05-03", "2012-04-06"]


def test_conflicting_evidence_settles_nothing() -> None:
    ds = find_dates("25/03/2013 and 03/26/2013 and 05/03/2010")
    assert ds[2].ambiguous and ds[2].value is None


def test_same_day_and_month_is_not_ambiguous() -> None:
    assert values("on 05/05/2010") == ["2010-05-05"]


def test_ocr_letter_digit_confusions_are_repaired_in_dates_only() -> None:
    assert repair_ocr_digits("O1/l5/2O10 SOLO Ol/l5/2OlO") == "01/15/2010 SOLO Ol/l5/2OlO"
    ds = find_dates("from O1/l5/2O10")
    assert ds[0].value == "2010-01-15" and ds[0].raw == "O1/l5/2O10"


def test_impossible_dates_are_not_dates() -> None:
    assert values("31/02/2010 and 1402-12-30") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Hamal 1389 is 21 March - 20 April 2010: two Gregorian months, never "2010-04" alone
        ("متولد ۱۳۸۹/۰۱/۰ است", "2010-03-21/2010-04-20"),  # the day cut by OCR
        ("1389/01/00", "2010-03-21/2010-04-20"),
        ("00/01/1389", "2010-03-21/2010-04-20"),
        # Hut 1390 ends on 19 March 2012 (1390 is not a leap year)
        ("1390/12/00", "2012-02-20/2012-03-19"),
        ("1389/00/00", "2010-03-21/2011-03-20"),
        # a Gregorian month is exact: it keeps its month form
        ("00/03/2010", "2010-03"),
    ],
)
def test_solar_hijri_date_without_its_day_is_its_gregorian_interval(text: str, expected: str) -> None:
    ds = find_dates(text)
    assert [d.value for d in ds] == [expected]


def test_partial_solar_hijri_date_is_compared_as_an_interval_by_the_checks() -> None:
    from workstation.checks._compare import compare_date
    from workstation.checks.model import FieldValue
    from workstation.checks.policy import CheckPolicy

    (d,) = find_dates("تاریخ تولد: ۱۳۸۹/۰۱/۰")
    assert d.value is not None
    found = FieldValue(d.value, confidence=0.95, raw=d.raw)
    policy = CheckPolicy()
    # 25 March 2010 is in Hamal 1389 (the old "2010-04" made this a false mismatch)
    assert compare_date("2010-03-25", found, policy, birth_date=True).status == "pass"
    assert compare_date("2010-04-20", found, policy, birth_date=True).status == "pass"
    assert compare_date("2010-04-25", found, policy, birth_date=True).status == "fail"
