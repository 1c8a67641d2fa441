"""Generated documents carry consistent truth: valid MRZs, SPECIMEN, dates as ISO."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from tests.synth import mrz, passport, people, tazkira
from tests.synth.dates import from_solar

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _red_pixels(img: np.ndarray) -> int:
    r, g, b = (img[:, :, i].astype(int) for i in range(3))
    return int((r - (g + b) // 2 > 40).sum())


def test_passports_have_valid_mrz_matching_the_truth() -> None:
    rng = random.Random(21)
    styles = set()
    for i in range(8):
        person = people.make_person(rng, f"T{i}")
        img, truth = passport.make_passport(rng, person, dpi=72)
        lines = truth["mrz"]["lines"]
        assert all(len(ln) == 44 for ln in lines)
        assert truth["mrz"]["valid"] and all(mrz.td3_valid(lines).values())
        f = truth["fields"]
        assert lines[1][:9].rstrip("<") == f["document_number"]
        assert ISO.match(f["date_of_birth"]) and ISO.match(f["expiry_date"])
        if truth["dob_precision"] == "year":
            assert lines[1][15:19] == "<<<<"
            assert "XX" in truth["printed"]["date_of_birth"]
        styles.add(truth["name_style"])
        assert _red_pixels(img) > 200, "SPECIMEN mark must be visible"
    assert "full" in styles


def test_booklet_keeps_boxes_inside_the_data_page() -> None:
    rng = random.Random(6)
    _, t = passport.make_passport(rng, people.make_person(rng), dpi=72, booklet=True)
    x0, y0, x1, y1 = t["data_page_box"]
    assert t["booklet"] and y0 > 0.4
    for b in t["boxes"].values():
        assert x0 <= b[0] < b[2] <= x1 + 0.01 and y0 <= b[1] < b[3] <= y1 + 0.01


def test_forged_passports_are_labelled() -> None:
    rng = random.Random(2)
    person = people.make_person(rng)
    _, t = passport.make_passport(rng, person, dpi=72, forgery="check_digit")
    assert t["forgery"] == "check_digit" and not t["mrz"]["valid"]
    _, t = passport.make_passport(rng, person, dpi=72, forgery="viz_mismatch")
    assert t["mrz"]["valid"] and t["printed"]["number"] != t["fields"]["document_number"]


def test_single_name_variants() -> None:
    base = people.make_person(random.Random(1))
    prim = people.make_person(random.Random(1), surname="Ahmadi", given_names="", given_names_fa="")
    sec = people.make_person(random.Random(1), surname="", surname_fa="", given_names="Ahmadi")
    _, tp = passport.make_passport(random.Random(3), prim, dpi=72)
    _, ts = passport.make_passport(random.Random(3), sec, dpi=72)
    assert tp["mrz"]["lines"][0][5:].startswith("AHMADI<<<")
    assert ts["mrz"]["lines"][0][5:].startswith("<<AHMADI<<<")
    assert tp["fields"]["given_names"] is None and ts["fields"]["surname"] is None
    assert base.person_id == prim.person_id


@pytest.mark.parametrize("subtype", tazkira.SUBTYPES)
def test_tazkira_subtypes(subtype: str) -> None:
    rng = random.Random(5)
    person = people.make_person(rng)
    img, t = tazkira.make_tazkira(rng, person, dpi=100, subtype=subtype)
    assert t["kind"] == "tazkira" and t["subtype"] == subtype
    assert _red_pixels(img) > 100
    if subtype == "e_tazkira_back":
        assert t["mrz"]["format"] == "TD1" and t["mrz"]["valid"]
        assert t["mrz"]["optional_data_1"] == person.tazkira_number.replace("-", "")
    if subtype == "e_tazkira_front":
        solar = t["date_of_birth_solar"]
        lo, hi = t["date_of_birth_interval"]
        if len(solar) == 10:
            y, m, d = (int(p) for p in solar.split("-"))
            assert from_solar(y, m, d).isoformat() == t["fields"]["date_of_birth"] == lo == hi
        assert "۰" in t["printed"]["tazkira_number"]["fa"] or any(c in "۱۲۳۴۵۶۷۸۹" for c in t["printed"]["tazkira_number"]["fa"])
    if subtype.startswith("paper"):
        assert t["fields"]["date_of_birth"] is None
        a = t["age_statement"]
        assert a["implied_birth_interval"][0] < a["implied_birth_interval"][1]
