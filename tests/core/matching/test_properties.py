"""Property tests: the matching layer never raises on any text, and dates round-trip in every style."""

from __future__ import annotations

import datetime as dt

import jdatetime
from hypothesis import given, settings
from hypothesis import strategies as st

from workstation.matching.dates import compare_dates, find_dates, parse_date_text
from workstation.matching.identifiers import compare_identifier
from workstation.matching.names import compare_names

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
AFGHAN = ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت")

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2060, 12, 31))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_parse_and_find_never_raise(text: str) -> None:
    p = parse_date_text(text)
    assert p.ok or p.ambiguous or p.error
    find_dates(text)


@settings(max_examples=200, deadline=None)
@given(texts, texts, texts, texts)
def test_compare_names_never_raises(a: str, b: str, c: str, d: str) -> None:
    r = compare_names(a, b, c, d)
    assert r.status in ("pass", "fail", "review")
    assert 0.0 <= r.score <= 1.0
    assert r.reason


@settings(max_examples=200, deadline=None)
@given(texts, texts, st.booleans(), st.one_of(st.none(), st.floats(0, 1)))
def test_compare_identifier_and_dates_never_raise(a: str, b: str, verified: bool, conf: float | None) -> None:
    assert compare_identifier(a, b, check_digit_verified=verified, ocr_confidence=conf).status
    assert compare_dates(a, b).status in ("pass", "fail", "review")


@settings(max_examples=300, deadline=None)
@given(dates)
def test_gregorian_round_trip_in_every_style(d: dt.date) -> None:
    iso = d.isoformat()
    styles = [iso, f"{MONTHS[d.month - 1]} {d.day}, {d.year}", f"{d.day} {MONTHS[d.month - 1]} {d.year}",
              f"{d.day:02d} {MONTHS[d.month - 1][:3].upper()} {d.year}", f"{d.year}{d.month:02d}{d.day:02d}"]
    for text in styles:
        assert parse_date_text(text).iso == iso, text
    numeric = f"{d.day:02d}/{d.month:02d}/{d.year}"
    p = parse_date_text(numeric)
    if d.day <= 12 and d.day != d.month:
        assert p.ambiguous and iso in p.candidate_isos
    else:
        assert p.iso == iso
    assert parse_date_text(numeric, order_hint="DMY").iso == iso
    assert parse_date_text(f"{d.month:02d}/{d.day:02d}/{d.year}", order_hint="MDY").iso == iso
    assert compare_dates(iso, numeric).status in ("pass", "review")
    assert compare_dates(str(d.year), iso).status == "pass"


@settings(max_examples=300, deadline=None)
@given(dates)
def test_solar_hijri_round_trip(d: dt.date) -> None:
    j = jdatetime.date.fromgregorian(date=d)
    iso = d.isoformat()
    for text in (f"{j.year}/{j.month:02d}/{j.day:02d}", f"{j.year}/{j.month}/{j.day}".translate(PERSIAN),
                 f"{j.day} {AFGHAN[j.month - 1]} {j.year}".translate(PERSIAN)):
        p = parse_date_text(text)
        assert p.iso == iso, text
        assert p.calendar == "solar_hijri"
        assert compare_dates(iso, text).status == "pass"
