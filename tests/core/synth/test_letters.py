"""Employment letters: text layer with SPECIMEN, truth dates ISO, ambiguity marked, outputs as promised."""

from __future__ import annotations

import datetime as dt
import random
import re

import pymupdf
import pytest

from tests.synth import letters, people

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@pytest.mark.parametrize("layout", letters.LAYOUTS)
def test_every_layout_has_a_text_layer_with_specimen(layout: str) -> None:
    rng = random.Random(layout)
    person = people.make_person(rng)
    pdf, truth = letters.make_letter(rng, person, layout=layout)
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    text = doc[0].get_text()
    doc.close()
    assert "SPECIMEN" in text
    assert truth["subtype"] == layout and truth["kind"] == "employment_letter"
    f = truth["fields"]
    for k in ("start_date", "letter_date"):
        assert ISO.match(f[k])
    assert f["end_date"] is None or ISO.match(f["end_date"])
    if layout != "dari":
        assert {"start_date", "letter_date"} <= set(truth["boxes"])  # a wrapped value has no box
        assert person.surname in text if person.surname else person.given_names.split()[0] in text
        assert truth["language"] == "en"
    else:
        assert truth["language"] == "fa" and truth["date_style"] == "solar"


def test_ambiguity_is_settled_only_by_a_day_over_twelve() -> None:
    d = letters._Dates("dmy_slash")
    d(dt.date(2010, 3, 5), "a")
    d(dt.date(2011, 4, 6), "b")
    d.settle()
    assert [i["ambiguous"] for i in d.items] == [True, True]
    d = letters._Dates("dmy_slash")
    d(dt.date(2010, 3, 5), "a")
    d(dt.date(2011, 3, 25), "b")
    d.settle()
    assert [i["ambiguous"] for i in d.items] == [False, False]
    d = letters._Dates("long_us")
    d(dt.date(2010, 3, 5), "a")
    d.settle()
    assert d.items[0]["ambiguous"] is False


def test_letter_outputs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(4)
    person = people.make_person(rng)
    for output in ("pdf_text", "pdf_scan", "photo"):
        t = letters.write_letter(tmp_path, f"l_{output}", rng, person, "mild", output=output)
        path = tmp_path / t["file"]
        assert path.exists() and t["output"] == output
        if output == "photo":
            assert path.suffix == ".jpg" and t["damage"]["mode"] == "photo"
            continue
        doc = pymupdf.open(path)
        text = doc[0].get_text().strip()
        doc.close()
        assert bool(text) == (output == "pdf_text")
