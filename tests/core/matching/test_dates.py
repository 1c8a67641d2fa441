"""Dates: parsing every way documents write them, Solar Hijri conversion, comparison policy."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.core.matching._equinox import nowruz, sh_to_gregorian
from workstation.matching.dates import (
    DateInterval,
    PartialDate,
    compare_dates,
    find_dates,
    parse_date_text,
    settle_day_month_order,
    solar_hijri_to_gregorian,
)
from workstation.matching.policy import MatchingPolicy

# Known Solar Hijri -> Gregorian conversions. Each row is checked twice below: through
# our parser (jdatetime) and through the astronomical rule of _equinox.py.
KNOWN_SH = [
    ("1402-08-09", "2023-10-31"),  # DOMAIN.md
    ("1367-01-01", "1988-03-21"),  # DOMAIN.md
    ("1402-12-29", "2024-03-19"),  # last day of a common year
    ("1403-01-01", "2024-03-20"),  # Nowruz on 20 March
    ("1398-12-29", "2020-03-19"),
    ("1399-01-01", "2020-03-20"),
    ("1399-12-30", "2021-03-20"),  # 1399 is leap
    ("1400-01-01", "2021-03-21"),
    ("1403-12-30", "2025-03-20"),  # 1403 is leap
    ("1404-01-01", "2025-03-21"),
    ("1395-12-30", "2017-03-20"),
    ("1396-01-01", "2017-03-21"),
    ("1357-11-22", "1979-02-11"),  # 22 Bahman 1357
    ("1358-01-01", "1979-03-21"),
    ("1378-10-11", "2000-01-01"),
    ("1380-06-20", "2001-09-11"),
    ("1366-12-29", "1988-03-19"),
    ("1366-12-30", "1988-03-20"),  # 1366 is leap
    ("1375-01-01", "1996-03-20"),
    ("1379-01-01", "2000-03-20"),
]
IMPOSSIBLE_SH = ["1402-12-30", "1401-12-30", "1398-12-30", "1367-07-31", "1367-13-01", "1367-00-10", "1367-11-31"]


@pytest.mark.parametrize(("sh", "greg"), KNOWN_SH)
def test_known_solar_hijri_conversions(sh: str, greg: str) -> None:
    y, m, d = (int(p) for p in sh.split("-"))
    assert sh_to_gregorian(y, m, d).isoformat() == greg, "the independent astronomical method disagrees"
    parsed = parse_date_text(sh.replace("-", "/"))
    assert parsed.calendar == "solar_hijri"
    assert parsed.iso == greg
    assert parsed.native_iso == sh


def test_jdatetime_agrees_with_the_astronomical_rule_every_year() -> None:
    # Every Nowruz and every year length from 1300 to 1479 SH (1921-2101).
    for year in range(1300, 1480):
        start, _ = nowruz(year)
        assert solar_hijri_to_gregorian(year, 1, 1) == start, year
        last = sh_to_gregorian(year + 1, 1, 1) - dt.timedelta(days=1)
        leap = (last - start).days == 365
        assert PartialDate(year, calendar="solar_hijri").interval() == DateInterval(start, last), year
        parsed = parse_date_text(f"{year}/12/30")
        assert parsed.ok is leap, year


@pytest.mark.parametrize("sh", IMPOSSIBLE_SH)
def test_impossible_solar_hijri_dates_are_rejected(sh: str) -> None:
    parsed = parse_date_text(sh)
    assert not parsed.ok
    assert parsed.error
    assert parsed.candidates == ()


PARSE_TABLE = [
    # text, iso, calendar, native iso
    ("1988-03-21", "1988-03-21", "gregorian", "1988-03-21"),
    ("25/03/2011", "2011-03-25", "gregorian", "2011-03-25"),
    ("03/25/2011", "2011-03-25", "gregorian", "2011-03-25"),
    ("25.03.2011", "2011-03-25", "gregorian", "2011-03-25"),
    ("05/05/2010", "2010-05-05", "gregorian", "2010-05-05"),
    ("March 5, 2010", "2010-03-05", "gregorian", "2010-03-05"),
    ("March 5th, 2010", "2010-03-05", "gregorian", "2010-03-05"),
    ("5 March 2010", "2010-03-05", "gregorian", "2010-03-05"),
    ("5th of March 2010", "2010-03-05", "gregorian", "2010-03-05"),
    ("the 5th of March, 2010", "2010-03-05", "gregorian", "2010-03-05"),
    ("Monday, March 5, 2010", "2010-03-05", "gregorian", "2010-03-05"),
    ("05 MAR 2010", "2010-03-05", "gregorian", "2010-03-05"),
    ("05MAR2010", "2010-03-05", "gregorian", "2010-03-05"),
    ("5-Mar-2010", "2010-03-05", "gregorian", "2010-03-05"),
    ("Sept. 1, 2009", "2009-09-01", "gregorian", "2009-09-01"),
    ("21 MAR 88", "1988-03-21", "gregorian", "1988-03-21"),
    ("21 MAR 05", "2005-03-21", "gregorian", "2005-03-21"),
    ("March 2010", "2010-03", "gregorian", "2010-03"),
    ("03/2010", "2010-03", "gregorian", "2010-03"),
    ("2010-03", "2010-03", "gregorian", "2010-03"),
    ("1980", "1980", "gregorian", "1980"),
    ("XX.XX.1980", "1980", "gregorian", "1980"),
    ("xx/xx/1980", "1980", "gregorian", "1980"),
    ("00/00/1980", "1980", "gregorian", "1980"),
    ("<<.<<.1980", "1980", "gregorian", "1980"),
    ("XX.03.1980", "1980-03", "gregorian", "1980-03"),
    ("03/XX/1980", "1980-03", "gregorian", "1980-03"),
    ("19880321", "1988-03-21", "gregorian", "1988-03-21"),
    ("۲۰۱۰/۰۳/۲۵", "2010-03-25", "gregorian", "2010-03-25"),
    ("٢٥/٠٣/٢٠١١", "2011-03-25", "gregorian", "2011-03-25"),
    # Solar Hijri, numeric
    ("1367/01/01", "1988-03-21", "solar_hijri", "1367-01-01"),
    ("۱۳۶۷/۰۱/۰۱", "1988-03-21", "solar_hijri", "1367-01-01"),
    ("١٣٦٧/٠١/٠١", "1988-03-21", "solar_hijri", "1367-01-01"),
    ("01/01/1367", "1988-03-21", "solar_hijri", "1367-01-01"),
    ("09/08/1402", "2023-10-31", "solar_hijri", "1402-08-09"),
    ("1402.08.09", "2023-10-31", "solar_hijri", "1402-08-09"),
    ("1402/8/9", "2023-10-31", "solar_hijri", "1402-08-09"),
    ("۱۴۰۲/۸/۹ ه.ش", "2023-10-31", "solar_hijri", "1402-08-09"),
    ("1367", "1988", "solar_hijri", "1367"),
    ("۱۳۶۷", "1988", "solar_hijri", "1367"),
    ("1367/XX/XX", "1988", "solar_hijri", "1367"),
    # Solar Hijri, Afghan month names
    ("9 Aqrab 1402", "2023-10-31", "solar_hijri", "1402-08-09"),
    ("9 AQRAB 1402", "2023-10-31", "solar_hijri", "1402-08-09"),
    ("۹ عقرب ۱۴۰۲", "2023-10-31", "solar_hijri", "1402-08-09"),
    ("۹ عقرب سال ۱۴۰۲", "2023-10-31", "solar_hijri", "1402-08-09"),
    ("1 Hamal 1367", "1988-03-21", "solar_hijri", "1367-01-01"),
    ("۱ حمل ۱۳۶۷", "1988-03-21", "solar_hijri", "1367-01-01"),
    ("15 Sawr 1370", "1991-05-05", "solar_hijri", "1370-02-15"),
    ("15 Saur 1370", "1991-05-05", "solar_hijri", "1370-02-15"),
    ("۱۵ ثور ۱۳۷۰", "1991-05-05", "solar_hijri", "1370-02-15"),
    ("1 Jawza 1370", "1991-05-22", "solar_hijri", "1370-03-01"),
    ("۱ جوزا ۱۳۷۰", "1991-05-22", "solar_hijri", "1370-03-01"),
    ("1 Saratan 1370", "1991-06-22", "solar_hijri", "1370-04-01"),
    ("۱ سرطان ۱۳۷۰", "1991-06-22", "solar_hijri", "1370-04-01"),
    ("1 Asad 1370", "1991-07-23", "solar_hijri", "1370-05-01"),
    ("۱ اسد ۱۳۷۰", "1991-07-23", "solar_hijri", "1370-05-01"),
    ("1 Sunbula 1370", "1991-08-23", "solar_hijri", "1370-06-01"),
    ("۱ سنبله ۱۳۷۰", "1991-08-23", "solar_hijri", "1370-06-01"),
    ("1 Mizan 1370", "1991-09-23", "solar_hijri", "1370-07-01"),
    ("۱ میزان ۱۳۷۰", "1991-09-23", "solar_hijri", "1370-07-01"),
    ("1 Aqrab 1370", "1991-10-23", "solar_hijri", "1370-08-01"),
    ("1 Qaws 1370", "1991-11-22", "solar_hijri", "1370-09-01"),
    ("۱ قوس ۱۳۷۰", "1991-11-22", "solar_hijri", "1370-09-01"),
    ("1 Jadi 1370", "1991-12-22", "solar_hijri", "1370-10-01"),
    ("۱ جدی ۱۳۷۰", "1991-12-22", "solar_hijri", "1370-10-01"),
    ("1 Dalw 1370", "1992-01-21", "solar_hijri", "1370-11-01"),
    ("۱ دلو ۱۳۷۰", "1992-01-21", "solar_hijri", "1370-11-01"),
    ("1 Hut 1370", "1992-02-20", "solar_hijri", "1370-12-01"),
    ("۱ حوت ۱۳۷۰", "1992-02-20", "solar_hijri", "1370-12-01"),
    ("Hamal 1367", "1988-04", "solar_hijri", "1367-01"),
    # Iranian month names
    ("1 Farvardin 1367", "1988-03-21", "solar_hijri", "1367-01-01"),
    ("۱ فروردین ۱۳۶۷", "1988-03-21", "solar_hijri", "1367-01-01"),
    ("22 Bahman 1357", "1979-02-11", "solar_hijri", "1357-11-22"),
    ("۲۲ بهمن ۱۳۵۷", "1979-02-11", "solar_hijri", "1357-11-22"),
    ("20 Shahrivar 1380", "2001-09-11", "solar_hijri", "1380-06-20"),
    ("11 Dey 1378", "2000-01-01", "solar_hijri", "1378-10-11"),
    ("۱۱ دی ۱۳۷۸", "2000-01-01", "solar_hijri", "1378-10-11"),
    ("9 Aban 1402", "2023-10-31", "solar_hijri", "1402-08-09"),
    ("۹ آبان ۱۴۰۲", "2023-10-31", "solar_hijri", "1402-08-09"),
    ("29 Esfand 1402", "2024-03-19", "solar_hijri", "1402-12-29"),
    ("۳۰ اسفند ۱۳۹۹", "2021-03-20", "solar_hijri", "1399-12-30"),
    ("۱۳۶۷/۱/۱ ه ش", "1988-03-21", "solar_hijri", "1367-01-01"),
    ("۱۳۶۷/۱/۱ هـ.ش", "1988-03-21", "solar_hijri", "1367-01-01"),
    ("1367/01/01 SH", "1988-03-21", "solar_hijri", "1367-01-01"),
    ("2010-03-05 14:30", "2010-03-05", "gregorian", "2010-03-05"),
    ("5 March 2010, 10:00 am", "2010-03-05", "gregorian", "2010-03-05"),
    ("2010-03-05T09:15:00", "2010-03-05", "gregorian", "2010-03-05"),
    ("1988-3-21", "1988-03-21", "gregorian", "1988-03-21"),
    ("5-Mar-10", "2010-03-05", "gregorian", "2010-03-05"),
    ("Mar 5 2010", "2010-03-05", "gregorian", "2010-03-05"),
    ("۱۴۰۲ عقرب ۹", "2023-10-31", "solar_hijri", "1402-08-09"),
    # Arabic code points for Persian letters (OCR and keyboards mix them)
    ("۹ عقرب ۱۴۰۲".replace("ی", "ي"), "2023-10-31", "solar_hijri", "1402-08-09"),
    ("۱ میزان ۱۳۷۰".replace("ی", "ي"), "1991-09-23", "solar_hijri", "1370-07-01"),
]


@pytest.mark.parametrize(("text", "iso", "calendar", "native"), PARSE_TABLE)
def test_parse_date_text(text: str, iso: str, calendar: str, native: str) -> None:
    parsed = parse_date_text(text)
    assert parsed.error is None, parsed.error
    assert not parsed.ambiguous
    assert parsed.iso == iso
    assert parsed.calendar == calendar
    assert parsed.native_iso == native
    assert parsed.text == text, "the original text is the evidence and must be kept"


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("05/03/2010", ("2010-03-05", "2010-05-03")),
        ("05.03.2010", ("2010-03-05", "2010-05-03")),
        ("5-3-2010", ("2010-03-05", "2010-05-03")),
        ("12/11/1990", ("1990-11-12", "1990-12-11")),
        ("۰۵/۰۳/۲۰۱۰", ("2010-03-05", "2010-05-03")),
        ("01/02/88", ("1988-02-01", "1988-01-02")),
    ],
)
def test_ambiguous_day_month_order_is_reported_not_guessed(text: str, readings: tuple[str, str]) -> None:
    parsed = parse_date_text(text)
    assert parsed.ambiguous
    assert parsed.iso is None, "an ambiguous date must not pick a reading"
    assert parsed.native is None
    assert parsed.candidate_isos == readings
    assert parsed.proves_order is None


@pytest.mark.parametrize(
    ("text", "hint", "iso"),
    [
        ("05/03/2010", "DMY", "2010-03-05"),
        ("05/03/2010", "MDY", "2010-05-03"),
        ("25/03/2011", "MDY", "2011-03-25"),  # the date proves its own order; the hint cannot override it
        ("03/25/2011", "DMY", "2011-03-25"),
    ],
)
def test_order_hint(text: str, hint: str, iso: str) -> None:
    parsed = parse_date_text(text, order_hint=hint)  # type: ignore[arg-type]
    assert parsed.iso == iso
    assert not parsed.ambiguous


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/02/2010", "day 31"),
        ("30/02/2010", "day 30"),
        ("29/02/2011", "day 29"),
        ("13/13/2010", "month 13"),
        ("2010-02-30", "day 30"),
        ("1402-12-30", "not a leap year"),
        ("30 Hut 1402", "not a leap year"),
        ("31 Mizan 1370", "day 31"),
        ("5 Hut 2010", "Gregorian year"),
        ("5 March 1367", "Gregorian month name"),
        ("present", "present"),
        ("", "empty"),
        ("hello", "not a date"),
        ("5 Marchh 2010", "not a date"),
        ("1066", "plausible"),
        ("2202-01-01", "plausible"),
        ("March", "no year"),
    ],
)
def test_impossible_or_non_dates_say_why(text: str, why: str) -> None:
    parsed = parse_date_text(text)
    assert not parsed.ok
    assert not parsed.ambiguous
    assert parsed.error is not None and why in parsed.error


def test_calendar_hint_forces_calendar() -> None:
    assert parse_date_text("1367/01/01", calendar_hint="gregorian").error is not None  # 1367 is not plausible
    assert parse_date_text("1988", calendar_hint="gregorian").calendar == "gregorian"
    p = parse_date_text("1 Dey 1370", calendar_hint="solar_hijri")
    assert p.native_iso == "1370-10-01"


@pytest.mark.parametrize(
    ("others", "order"),
    [
        (["25/03/2011"], "DMY"),
        (["03/25/2011"], "MDY"),
        (["25/03/2011", "05/03/2010", "March 5, 2010"], "DMY"),
        (["05/03/2010"], None),
        ([], None),
        (["25/03/2011", "03/25/2011"], None),  # the document contradicts itself
        (["2011-03-25", "March 25, 2011"], None),  # unambiguous forms prove nothing about numeric order
        (["31.12.2012"], "DMY"),
    ],
)
def test_settle_day_month_order(others: list[str], order: str | None) -> None:
    assert settle_day_month_order(others) == order


def test_settle_then_reparse_the_ambiguous_date() -> None:
    letter_dates = ["05/03/2010", "25/03/2011"]
    order = settle_day_month_order(letter_dates[1:])
    parsed = parse_date_text(letter_dates[0], order_hint=order)
    assert parsed.iso == "2010-03-05"
    assert parsed.order == "DMY"
    assert any("rest of the document" in n for n in parsed.notes)


COMPARE_TABLE = [
    # expected, found, status, code
    ("1988-03-21", "1988-03-21", "pass", "exact"),
    ("1988-03-21", "21 MAR 88", "pass", "exact"),
    ("1988-03-21", "1367/01/01", "pass", "exact"),
    ("1988-03-21", "۱ حمل ۱۳۶۷", "pass", "exact"),
    ("2023-10-31", "۹ عقرب ۱۴۰۲", "pass", "exact"),
    ("1988", "1988-03-21", "pass", "within_interval"),
    ("1988-03-21", "1988", "pass", "within_interval"),
    ("1988-03-21", "XX.XX.1988", "pass", "within_interval"),
    ("1988-03", "1988-03-21", "pass", "within_interval"),
    ("1988", "1988-07", "pass", "within_interval"),
    ("1980", "1980", "pass", "exact"),
    ("1988", "1367", "pass", "overlap"),  # 1367 SH runs 1988-03-21..1989-03-20
    ("1988-06-01", "1367", "pass", "within_interval"),
    ("1988-02-01", "1367", "fail", "different"),  # before 1 Hamal 1367
    ("1989", "1367", "pass", "overlap"),
    ("1990", "1367", "fail", "different"),
    # one day of tolerance around Nowruz for Solar Hijri dates
    ("2024-03-21", "1403/01/01", "pass", "nowruz_tolerance"),
    ("2024-03-19", "1403/01/01", "pass", "nowruz_tolerance"),
    ("2020-03-21", "1399/01/01", "pass", "nowruz_tolerance"),
    ("2024-03-18", "1402/12/29", "pass", "nowruz_tolerance"),
    ("2024-03-22", "1403/01/01", "fail", "different"),  # two days off
    ("2023-11-01", "1402/08/09", "fail", "different"),  # one day off, far from Nowruz
    ("2024-03-21", "2024-03-20", "fail", "different"),  # both Gregorian: no tolerance
    # conventional 1 January
    ("1988-01-01", "1988-03-21", "review", "conventional_new_year"),
    ("1988-03-21", "1988-01-01", "review", "conventional_new_year"),
    ("1988-01-01", "1989-03-21", "fail", "different"),  # another year
    ("1988-01-01", "1988-01-01", "pass", "exact"),
    ("1988-01-02", "1988-03-21", "fail", "different"),
    ("1988-03-21", "1988-03-22", "fail", "different"),
    ("1988-03-21", "1988-04-21", "fail", "different"),
    ("1988-03-21", "1987-03-21", "fail", "different"),
    ("1988", "1989-01-01", "fail", "different"),
    ("1988-03", "1988-04-01", "fail", "different"),
    # ambiguous day/month: never settled by the record
    ("2010-03-05", "05/03/2010", "review", "ambiguous_order"),
    ("2010-05-03", "05/03/2010", "review", "ambiguous_order"),
    ("2010", "05/03/2010", "pass", "within_interval"),  # every reading agrees
    ("2010-07-09", "05/03/2010", "fail", "different"),  # no reading agrees
    ("2010-03-05", "05/05/2010", "fail", "different"),
    # unreadable or impossible found dates go to review
    ("1988-03-21", "31/02/1988", "review", "unreadable"),
    ("2024-03-20", "1402-12-30", "review", "unreadable"),
    ("1988-03-21", "", "review", "missing"),
    ("", "1988-03-21", "review", "missing"),
]


@pytest.mark.parametrize(("expected", "found", "status", "code"), COMPARE_TABLE)
def test_compare_dates(expected: str, found: str, status: str, code: str) -> None:
    result = compare_dates(expected, found)
    assert (result.status, result.code) == (status, code), result.reason
    assert result.reason


def test_compare_reports_both_readings_and_the_solar_hijri_original() -> None:
    r = compare_dates("2010-03-05", "05/03/2010")
    assert r.found == "2010-03-05 or 2010-05-03"
    r = compare_dates("1988-03-21", "1367/01/01")
    assert r.found == "1988-03-21 (1367-01-01 SH)"


def test_compare_policy_knobs() -> None:
    strict = MatchingPolicy(conventional_jan1_review=False, nowruz_tolerance_days=0,
                            ambiguous_all_readings_disagree="review")
    assert compare_dates("1988-01-01", "1988-03-21", policy=strict).status == "fail"
    assert compare_dates("2024-03-21", "1403/01/01", policy=strict).status == "fail"
    assert compare_dates("2010-07-09", "05/03/2010", policy=strict).status == "review"
    anywhere = MatchingPolicy(nowruz_tolerance_scope="always")
    assert compare_dates("2023-11-01", "1402/08/09", policy=anywhere).status == "pass"
    sh_conv = MatchingPolicy(conventional_sh_new_year_review=True)
    assert compare_dates("1988-06-01", "1367/01/01", policy=sh_conv).status == "review"
    assert compare_dates("1988-06-01", "1367/01/01").status == "fail"
    # employment dates: 1 January is a real date there
    assert compare_dates("2010-01-01", "2010-05-01", allow_conventional=False).status == "fail"


def test_compare_accepts_parsed_and_partial_dates() -> None:
    assert compare_dates(PartialDate(1988), parse_date_text("1367/01/01")).status == "pass"
    settled = parse_date_text("05/03/2010", order_hint="DMY")
    assert compare_dates("2010-03-05", settled).status == "pass"
    assert compare_dates("2010-05-03", settled).status == "fail"


def test_intervals() -> None:
    assert PartialDate(1988).interval() == DateInterval(dt.date(1988, 1, 1), dt.date(1988, 12, 31))
    assert PartialDate(1988, 2).interval().last == dt.date(1988, 2, 29)
    assert PartialDate(1367, calendar="solar_hijri").interval() == DateInterval(
        dt.date(1988, 3, 21), dt.date(1989, 3, 20))
    assert PartialDate(1367, 1, calendar="solar_hijri").gregorian_iso() == "1988-04"
    assert PartialDate(1367, calendar="solar_hijri").gregorian_iso() == "1988"
    assert PartialDate(1988, 1, 1).is_new_year
    assert PartialDate.from_iso("1988-03").iso == "1988-03"
    with pytest.raises(ValueError):
        PartialDate.from_iso("1988-02-30")
    with pytest.raises(ValueError):
        PartialDate(1402, 12, 30, "solar_hijri")
    # paper tazkira: "in 1380 was 20 years old" -> born 1359 or 1360 SH
    span = DateInterval.for_age_in_year(20, 1380, "solar_hijri")
    assert span == DateInterval(dt.date(1980, 3, 21), dt.date(1982, 3, 20))
    assert DateInterval.for_age_in_year(20, 2001) == DateInterval(dt.date(1980, 1, 1), dt.date(1981, 12, 31))


LETTER = (
    "SPECIMEN. To whom it may concern. Mr. Specimen (born 21/03/1988) worked with us from 05/03/2010 "
    "to 25/03/2011 as an interpreter. Contract W91B4N-10-C-0001, phone 0700-123-456, version 1.2.3. "
    "Dated March 5th, 2012; also Monday, March 5, 2010 and the 5th of March 2010; start 2010-05-01; "
    "از ۹ عقرب ۱۴۰۲ تا Aqrab 1402."
)


def test_find_dates_in_a_letter_settles_order_from_the_other_dates() -> None:
    found = find_dates(LETTER)
    got = [(LETTER[f.start:f.end], f.parsed.iso) for f in found]
    assert got == [
        ("21/03/1988", "1988-03-21"),
        ("05/03/2010", "2010-03-05"),  # settled by 21/03/1988 and 25/03/2011 in the same letter
        ("25/03/2011", "2011-03-25"),
        ("March 5th, 2012", "2012-03-05"),
        ("Monday, March 5, 2010", "2010-03-05"),
        ("the 5th of March 2010", "2010-03-05"),
        ("2010-05-01", "2010-05-01"),
        ("۹ عقرب ۱۴۰۲", "2023-10-31"),
        ("Aqrab 1402", "2023-11"),
    ]


def test_find_dates_leaves_unprovable_order_ambiguous() -> None:
    text = "SPECIMEN: employed from 05/03/2010 until 04/06/2012."
    found = find_dates(text)
    assert [f.parsed.ambiguous for f in found] == [True, True]
    assert found[0].parsed.candidate_isos == ("2010-03-05", "2010-05-03")
    contradicting = "SPECIMEN: 25/03/2011, 03/26/2011 and 05/03/2010."
    assert find_dates(contradicting)[2].parsed.ambiguous
    assert find_dates(text, settle_order=False)[0].parsed.ambiguous
def test_compare_with_an_age_interval_from_a_paper_tazkira() -> None:
    # "in 1380 was 20 years old": born in 1359 or 1360 SH (1980-03-21 .. 1982-03-20)
    span = DateInterval.for_age_in_year(20, 1380, "solar_hijri")
    assert span.label == "1980-03-21/1982-03-20"
    assert compare_dates("1981-06-01", span).status == "pass"
    assert compare_dates("1981", span).code == "within_interval"
    assert compare_dates("1980", span).code == "overlap"
    assert compare_dates("1985-06-01", span).status == "fail"
    assert compare_dates(span, "1359/05/01").status == "pass"
    assert DateInterval(dt.date(1988, 1, 1), dt.date(1988, 12, 31)).label == "1988"
    assert DateInterval(dt.date(1988, 2, 1), dt.date(1988, 2, 29)).label == "1988-02"


def test_solar_hijri_new_year_convention_stays_within_its_year() -> None:
    sh_conv = MatchingPolicy(conventional_sh_new_year_review=True)
    assert compare_dates("1989-02-01", "1367/01/01", policy=sh_conv).status == "review"  # still 1367 SH
    assert compare_dates("1989-04-01", "1367/01/01", policy=sh_conv).status == "fail"  # 1368 SH


def test_meeus_equinox_matches_published_instants() -> None:
    from workstation.matching._nowruz import march_equinox_utc

    # Published March equinoxes (UTC): 2023-03-20 21:24, 2024-03-20 03:06, 2000-03-20 07:35.
    for published in (dt.datetime(2023, 3, 20, 21, 24), dt.datetime(2024, 3, 20, 3, 6),
                      dt.datetime(2000, 3, 20, 7, 35)):
        assert abs((march_equinox_utc(published.year) - published).total_seconds()) < 120


@pytest.mark.parametrize("year", [1342, 1346, 1375, 1379, 1408])
def test_kabul_meridian_years_pass_a_day_later(year: int) -> None:
    from workstation.matching import _nowruz

    assert _nowruz.nowruz(year, _nowruz.KABUL_UTC_OFFSET) == _nowruz.nowruz(year) + dt.timedelta(days=1)
    sh = f"{year}/05/10"
    iran = parse_date_text(sh).interval
    assert iran is not None
    kabul = (iran.first + dt.timedelta(days=1)).isoformat()
    r = compare_dates(kabul, sh)
    assert (r.status, r.code) == ("pass", "kabul_reckoning"), r.reason
    assert compare_dates(kabul, sh, policy=MatchingPolicy(kabul_meridian_reckoning=False)).status == "fail"
    earlier = (iran.first - dt.timedelta(days=1)).isoformat()
    assert compare_dates(earlier, sh).status == "fail"


def test_kabul_reckoning_changes_nothing_in_ordinary_years() -> None:
    assert compare_dates("2023-11-01", "1402/08/09").status == "fail"
    assert compare_dates("1988-06-02", "1367/03/11").status == "fail"  # 1367-03-11 SH = 1988-06-01
