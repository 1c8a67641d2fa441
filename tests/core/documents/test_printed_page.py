"""The printed data page read whole (real Tesseract) on both layouts the generator draws.

``grid`` puts labels above values; ``beside`` is another hand's page: labels beside values,
bilingual months (``25 APR/AVR 95``), a Solar Hijri date after the Gregorian one on some pages,
Dari labels above English ones, long given names wrapped onto a second line. Clean 300-DPI
SPECIMEN pages: every printed field must be read, not only those the zone also holds.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import cv2
import pytest

from workstation.documents.reading import read_document

TODAY = date(2026, 11, 26)
LONG_GIVEN = "Mohammad Abdul Rahmatullah Sayed"


def _page(tmp_path: Path, seed: int, layout: str) -> tuple[Path, dict[str, Any]]:
    from tests.synth.passport import make_passport
    from tests.synth.people import make_person

    rng = random.Random(f"printed-page:{seed}")
    kw = {"given_names": LONG_GIVEN} if seed % 2 else {}
    person = make_person(rng, f"T{seed}", passport_issuing="AFG", nationality="AFG", **kw)
    img, truth = make_passport(rng, person, dpi=300, layout=layout, booklet=False)
    path = tmp_path / f"{layout}{seed}.png"
    cv2.imwrite(str(path), cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    return path, truth


def _want(truth: dict[str, Any]) -> dict[str, str]:
    f = truth["fields"]
    return {
        "surname": f["surname"], "given_names": f["given_names"], "document_number": f["document_number"],
        "date_of_birth": f["date_of_birth"], "sex": f["sex"], "place_of_birth": f["place_of_birth"],
        "issue_date": f["issue_date"], "expiry_date": f["expiry_date"],
    }


# seed -> what the page shows (asserted, so the test cannot stop covering it)
BESIDE = {
    7: {"wrapped": ["given_names", "surname"], "label_style": "en_fr", "solar": ""},
    33: {"wrapped": ["given_names"], "label_style": "fa_en", "solar": "latin"},
    1: {"wrapped": [], "label_style": "fa_en", "solar": "persian"},
    3: {"wrapped": [], "label_style": "fa_en", "solar": "latin"},
}


@pytest.mark.parametrize("seed", sorted(BESIDE))
def test_beside_layout(tmp_path: Path, seed: int) -> None:
    path, truth = _page(tmp_path, seed, "beside")
    lay = truth["layout"]
    assert {k: lay[k] for k in BESIDE[seed]} == BESIDE[seed]
    r = read_document(path, today=TODAY, kind="passport")
    got = {k: v.value.replace("-", " ") for k, v in r.printed_fields.items()}
    want = {k: (v or "").replace("-", " ") for k, v in _want(truth).items()}
    assert {k: got.get(k) for k in want} == want
    assert not [c for c, v in r.consistency.items() if v == "mismatch"]


@pytest.mark.parametrize("seed", [1, 2, 5, 6])
def test_grid_layout(tmp_path: Path, seed: int) -> None:
    path, truth = _page(tmp_path, seed, "grid")
    r = read_document(path, today=TODAY, kind="passport")
    got = {k: v.value.replace("-", " ") for k, v in r.printed_fields.items()}
    want = {k: (v or "").replace("-", " ") for k, v in _want(truth).items()}
    assert {k: got.get(k) for k in want} == want
    assert not [c for c, v in r.consistency.items() if v == "mismatch"]


@pytest.mark.parametrize("index", [0, 3])  # a grid page and a beside page
def test_printed_number_one_digit_off_is_a_forgery_sign(tmp_path: Path, index: int) -> None:
    """The page's number differs from the zone's by one digit: a read-again confirms the page's number,
    so the disagreement is confident enough for the checks to call it a forgery sign, not a review."""
    from tests.synth import damage
    from tests.synth.passport import make_passport
    from tests.synth.people import make_person
    from workstation.checks._base import RuleContext
    from workstation.checks.cross import mrz_vs_printed_checks
    from workstation.checks.inputs import from_reading
    from workstation.checks.policy import CheckPolicy

    rng = random.Random(f"forg:{index}")
    person = make_person(rng, f"F{index}")
    img, truth = make_passport(rng, person, dpi=300, forgery="viz_mismatch", layout="beside" if index % 2 else "grid")
    img, rec = damage.apply(img, rng, "none", dpi=300)
    path = tmp_path / "forged.png"
    path.write_bytes(damage.encode(img, "png"))
    r = read_document(path, today=TODAY)
    assert r.printed_fields["document_number"].value == truth["printed"]["number"] != truth["fields"]["document_number"]
    assert r.consistency["document_number"] == "mismatch"
    checks = mrz_vs_printed_checks(from_reading(r, file=path.name), "passport", RuleContext(CheckPolicy(), TODAY))
    c = next(c for c in checks if c.field == "document_number")
    assert c.status == "fail" and c.forgery_sign
