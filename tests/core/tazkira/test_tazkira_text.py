"""Labels, numbers, names and dates of the tazkira reader, on plain strings."""

from __future__ import annotations

import datetime as dt

import pytest

from workstation.documents.tazkira import birth_interval_from_age
from workstation.documents.tazkira_text import (
    best_dari_label,
    best_english_label,
    dari_sex,
    format_tazkira_number,
    registration_number,
    script_names_agree,
    split_dari_label,
)
from workstation.matching.dates import parse_date_text


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Name", "given_names"), ("Surname", "surname"), ("Surname!", "surname"), ("Father's Name", "father_name"),
        ("Date of Birth", "date_of_birth"), ("Date of Brith", "date_of_birth"), ("Place of Birth", "place_of_birth"),
        ("Sex", "sex"), ("ID No.", "tazkira_number"), ("ID Number", "tazkira_number"), ("Date of Issue", "issue_date"),
        ("Date of Expiry", "expiry_date"),
    ],
)
def test_english_labels(text: str, field: str) -> None:
    hit = best_english_label(text)
    assert hit is not None and hit[0] == field


@pytest.mark.parametrize("text", ["MOHAMMAD", "KHOST", "Male", "1367/01/01", "ISLAMIC REPUBLIC"])
def test_values_are_not_labels(text: str) -> None:
    assert best_english_label(text) is None


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("نام / نوم: محمد نصیر", "given_names", "محمد نصیر"),
        ("نام پدر / د پلار نوم: عبدالرحیم", "father_name", "عبدالرحیم"),
        ("تخلص: احمدزی", "surname", "احمدزی"),
        ("تاریخ تولد / د زیږیدو نېټه: ۱۳۶۷/۰۱/۰۱", "date_of_birth", "۱۳۶۷/۰۱/۰۱"),
        ("محل تولد / د زیږیدو ځای: کابل", "place_of_birth", "کابل"),
        ("جنسیت / جنس: مرد", "sex", "مرد"),
        ("شماره تذکره: ۱۳۹۹-۰۱۰۱-۱۲۳۴۵", "tazkira_number", "۱۳۹۹-۰۱۰۱-۱۲۳۴۵"),
        ("ولد: عبدالرحیم", "father_name", "عبدالرحیم"),
        # the slash between the languages read as a letter (held-out case SIV-2019-946949)
        ("تاریخ تولد اد زی زیدو نی :۱۳۶۷", "date_of_birth", "۱۳۶۷"),
    ],
)
def test_dari_lines(line: str, field: str, value: str) -> None:
    label, val = split_dari_label(line)
    hit = best_dari_label(label)
    assert hit is not None and hit[0] == field
    assert val == value


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1399-0101-12345", "1399-0101-12345"),
        ("۱۳۹۹-۰۱۰۱-۱۲۳۴۵", "1399-0101-12345"),
        ("١٣٩٩-٠١٠١-١٢٣٤٥", "1399-0101-12345"),
        ("۱۲۳۴۵-۰۱۰۱-۱۳۹۹", "1399-0101-12345"),  # groups reversed by a right-to-left line
        ("1399010112345", "1399-0101-12345"),
        ("12/34/5678", "12-34-5678"),
    ],
)
def test_tazkira_numbers(text: str, number: str) -> None:
    assert format_tazkira_number(text) == number


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Volume 24, Page 86, Registration No. 925", ("24", "86", "925")),
        ("Vol. 3 Page 12 Reg. No. 4411", ("3", "12", "4411")),
        ("جلد ۲ صفحه ۱۹۹ نمبر ثبت ۱۳۵", ("2", "199", "135")),  # logical order, Persian digits
        ("جلد: ۱۲ صفحه: ۳۰۰ شماره ثبت: ۹۹۹۹", ("12", "300", "9999")),
        ("جلد ۴۰ صفحه ۲۰۵ نمبر ۱۸۲۰ ثبت", ("40", "205", "1820")),  # a word OCR put after the number
        ("جلد ۲ صفحه ۱۹۹", None),  # no record number: not the registration
        ("در سال ۱۴۰۰ به عمر ۲۲ ساله بود", None),
        ("Page 3 of 4", None),
        ("ID No. 1399-0101-12345", None),
    ],
)
def test_paper_registration_line(text: str, parts: tuple[str, str, str] | None) -> None:
    assert registration_number(text) == parts


@pytest.mark.parametrize(
    ("dari", "latin", "same"),
    [
        ("محمد نصیر", "MOHAMMAD NASIR", True), ("محمد نصیر", "MUHAMMAD NASEER", True),
        ("عبدالعلی", "ABDUL ALI", True), ("فاطمه", "FATIMA", True), ("رحمت‌الله", "RAHMATULLAH", True),
        ("غلام حضرت", "GHULAM HAZRAT", True), ("ستانکزی", "STANIKZAI", True), ("کندهار", "KANDAHAR", True),
        ("محمد نصیر", "ABDUL RAHIM", False), ("فاطمه", "ZAHRA", False), ("کابل", "HERAT", False),
    ],
)
def test_script_names(dari: str, latin: str, same: bool) -> None:
    assert script_names_agree(dari, latin)[0] is same


def test_dari_sex() -> None:
    assert dari_sex("مرد") == "M" and dari_sex("زن") == "F" and dari_sex("نارینه") == "M"
    assert dari_sex("کابل") is None


# Known conversions (jdatetime, cross-checked with DOMAIN.md): both sides of Nowruz included.
SOLAR_TABLE = [
    ("1402/08/09", "2023-10-31"),
    ("1367/01/01", "1988-03-21"),  # Nowruz 1367
    ("1366/12/30", "1988-03-20"),  # the day before (1366 is a leap year)
    ("1366/12/29", "1988-03-19"),
    ("1403/01/01", "2024-03-20"),  # Nowruz after a leap year
    ("1402/12/29", "2024-03-19"),  # last day of 1402 (not leap)
    ("1403/12/30", "2025-03-20"),  # 1403 is a leap year
    ("1404/01/01", "2025-03-21"),
    ("1399/01/01", "2020-03-20"),
    ("1398/12/29", "2020-03-19"),
    ("1345/11/16", "1967-02-05"),
    ("1400/06/31", "2021-09-22"),
    ("1380/10/11", "2002-01-01"),
]


@pytest.mark.parametrize(("solar", "iso"), SOLAR_TABLE)
def test_solar_hijri_conversions(solar: str, iso: str) -> None:
    from tests.synth.dates import persian_digits

    for text in (solar, persian_digits(solar), persian_digits(solar, arabic_indic=True)):
        parsed = parse_date_text(text)
        assert parsed.ok and parsed.iso == iso, text
        assert parsed.native_iso == solar.replace("/", "-")


@pytest.mark.parametrize("text", ["1402/12/30", "۱۴۰۲/۱۲/۳۰", "1402/07/31", "1367/13/01", "1367/00/10", "1399/12/31"])
def test_impossible_solar_dates_are_rejected(text: str) -> None:
    assert not parse_date_text(text).ok


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("در سال ۱۳۸۵ به عمر ۲۰ ساله بود", "1985-03-21", "1987-03-20"),
        ("در سال 1360 به عمر 6 ساله بود", "1974-03-21", "1976-03-20"),
        ("In the year 1380 he was about 12 years old.", "1988-03-21", "1990-03-20"),
    ],
)
def test_age_in_year_is_a_birth_interval(text: str, first: str, last: str) -> None:
    found = birth_interval_from_age(text)
    assert found is not None
    span = found[0]
    assert (span.first, span.last) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
