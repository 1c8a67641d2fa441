"""Records validate with the workstation's own parser; variants and mismatches are labelled."""

from __future__ import annotations

import random

import pytest

from tests.synth import cases, people, records
from workstation.records import parse_record

EMP = [{"employer": "Northgate Logistics Services LLC", "position": "Driver", "start_date": "2010-01-05",
        "end_date": "2012-03-04", "supervisor_name": "John Miller", "contract_number": "W91B4N-10-C-0001"}]


def test_random_records_parse() -> None:
    rng = random.Random(8)
    for _ in range(60):
        rec, truth = records.make_record(rng, people.make_person(rng), employment=EMP)
        parse_record(rec)
        assert truth["expected_verdict"] in ("verified", "mismatch", "needs_review")
        assert set(truth["expected"].values()) <= set(records.EXPECTED_STATUSES)


@pytest.mark.parametrize("kind", records.BENIGN + records.GENUINE)
def test_each_change_is_applied_and_labelled(kind: str) -> None:
    person = people.make_person(random.Random(5), given_names="Mohammad Nasir", surname="Ahmadzai",
                                sex="M", dob=people.PartialDate(1988, 3, 21))
    if kind == "mononym_other_slot":
        person = people.make_person(random.Random(5), given_names="", surname="Ahmadi", sex="M")
    if kind == "translit_surname":
        person = people.make_person(random.Random(5), given_names="Farid", surname="Ahmadi", sex="M")
    if kind == "compound_split":
        person = people.make_person(random.Random(5), given_names="Abdul Ali", surname="Popal", sex="M")
    is_genuine = kind in records.GENUINE
    rec, truth = records.make_record(random.Random(1), person, employment=EMP,
                                     variants=[] if is_genuine else [kind], mismatches=[kind] if is_genuine else [])
    parse_record(rec)
    entries = truth["mismatches"] if is_genuine else truth["variants"]
    assert [e["name"] for e in entries] == [kind]
    if is_genuine:
        assert truth["expected_verdict"] == "mismatch"
        assert entries[0]["record_value"] != entries[0]["document_value"]
    elif kind == "jan1_conventional_dob":
        assert truth["expected_verdict"] == "needs_review" and rec["date_of_birth"] == "1988-01-01"
    else:
        assert truth["expected_verdict"] == "verified"


def test_case_bundle_is_consistent() -> None:
    case = cases.make_case(11, 0, "none", variants=[], mismatches=[])
    names = [d.name for d in case.documents]
    assert names[0].startswith("passport") and any(n.startswith("tazkira") for n in names)
    assert any(n.startswith("letter_") for n in names)
    rec = parse_record(case.record)
    letter_periods = [p for d in case.documents if d.truth["kind"] == "employment_letter" for p in d.truth["periods"]]
    assert len(rec.employment) == len(letter_periods)
    assert rec.passport_number == case.documents[0].truth["fields"]["document_number"]
    assert case.truth["expected_verdict"] in ("verified", "needs_review")
    again = cases.make_case(11, 0, "none", variants=[], mismatches=[])
    assert [d.data for d in again.documents] == [d.data for d in case.documents]


def test_case_expectation_models_siv_service_rules() -> None:
    from tests.synth.cases import service_flags

    short = {"file": "l1.pdf", "fields": {"letter_date": "2020-01-01"},
             "periods": [{"start_date": "2015-01-01", "end_date": "2015-06-30"}]}
    assert any("total qualifying service" in r for r in service_flags([short]))
    long_a = {"file": "a.pdf", "fields": {"letter_date": "2020-01-01"},
              "periods": [{"start_date": "2010-01-01", "end_date": "2012-12-31"}]}
    long_b = {"file": "b.pdf", "fields": {"letter_date": "2020-01-01"},
              "periods": [{"start_date": "2012-06-01", "end_date": None}]}
    flags = service_flags([long_a, long_b])
    assert [r for r in flags if r.startswith("overlapping")] and not [r for r in flags if "total" in r]
    assert service_flags([long_a]) == []


def test_a_mismatch_shown_only_on_a_page_blurred_past_reading_is_a_review() -> None:
    """Blind case 747 of seed 6: the record's passport number differs from the passport's, and the passport
    is blurred past reading: no reader sees the difference, the product asks for a rescan (review), as for a
    forgery sign on such a page. The same mismatch on a readable page is a mismatch (case 733)."""
    blurred = cases.make_case(6, 747, "mixed")
    assert blurred.truth["record_truth"]["mismatches"][0]["field"] == "passport_number"
    assert blurred.truth["record_truth"]["mismatches"][0]["visible"] is False
    assert blurred.truth["expected_verdict"] == "needs_review"
    assert any("blurred past reading: rescan" in r for r in blurred.truth["expected_reasons"])
    readable = cases.make_case(6, 733, "mixed")
    assert readable.truth["record_truth"]["mismatches"][0]["field"] == "passport_expiry"
    assert readable.truth["record_truth"]["mismatches"][0]["visible"] is True
    assert readable.truth["expected_verdict"] == "mismatch"
