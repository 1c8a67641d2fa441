"""The e-tazkira front layouts of tests/synth: another hand's card besides the classic one."""

from __future__ import annotations

import random

import numpy as np
import pytest

from tests.synth import people, tazkira


def _red_pixels(img: np.ndarray) -> int:
    r, g, b = (img[:, :, i].astype(int) for i in range(3))
    return int(((r - np.maximum(g, b)) > 60).sum())


def test_inline_layout_truth_and_specimen() -> None:
    rng = random.Random(3)
    person = people.make_person(rng)
    img, t = tazkira.make_front(rng, person, 100, layout="inline")
    assert t["subtype"] == "e_tazkira_front" and t["layout"]["name"] == "inline"
    assert _red_pixels(img) > 100  # the SPECIMEN marking
    f = t["fields"]
    assert f["tazkira_number"] == person.tazkira_number and f["father_name"] == person.father_name.upper()
    assert f["issue_date"] and f["expiry_date"] is None
    assert set(t["printed"]) >= {"tazkira_number", "surname", "given_names", "father_name", "date_of_birth"}
    lo, hi = t["date_of_birth_interval"]
    assert lo <= hi


def test_layouts_are_seeded_and_classic_is_unchanged() -> None:
    def render(layout: str | None) -> np.ndarray:
        rng = random.Random(8)
        person = people.make_person(rng)
        img, _ = tazkira.make_front(rng, person, 100) if layout is None else tazkira.make_front(
            rng, person, 100, layout=layout)
        return img

    assert np.array_equal(render(None), render("classic"))
    assert np.array_equal(render("inline"), render("inline"))
    assert not np.array_equal(render("classic")[:200], render("inline")[:200])
    with pytest.raises(ValueError):
        render("nonesuch")


def test_inline_cards_vary_in_type_face_and_label_case() -> None:
    rng = random.Random(1)
    words = set()
    for i in range(8):
        person = people.make_person(rng, f"L{i}")
        _, t = tazkira.make_front(rng, person, 72, layout="inline")
        words.add((t["layout"]["latin_font"], t["layout"]["upper_labels"]))
    assert len(words) >= 3
