from __future__ import annotations

import json
from pathlib import Path

import pytest

from workstation.config import resources_dir
from workstation.errors import InputError
from workstation.records import load_records_json, parse_record


def test_demo_case_is_a_valid_specimen_record() -> None:
    records = load_records_json(resources_dir() / "sample_cases" / "demo_case.json")
    assert len(records) == 1
    rec = records[0]
    assert rec.case_number == "SIV-2023-004512"
    assert rec.employment[0].contract_number == "W91B4N-10-C-0001"
    assert "SPECIMEN" in rec.extra["specimen"]


def test_unknown_keys_are_kept_in_round_trip() -> None:
    rec = parse_record({"case_number": "C-1", "surname": "X", "interview_room": 4, "employment": [{"employer": "E", "badge": "B7"}]})
    out = rec.to_dict()
    assert out["interview_room"] == 4
    assert out["employment"][0]["badge"] == "B7"


@pytest.mark.parametrize("dob", ["1988-03-21", "1988-03", "1988"])
def test_partial_birth_dates_accepted(dob: str) -> None:
    assert parse_record({"case_number": "C", "date_of_birth": dob}).date_of_birth == dob


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "case_number is required"),
        ({"case_number": "C", "date_of_birth": "21/03/1988"}, "date_of_birth must be"),
        ({"case_number": "C", "sex": "male"}, "sex must be"),
        ({"case_number": "C", "employment": {"employer": "x"}}, "employment must be a list"),
        ({"case_number": "C", "surname": ["A"]}, "surname must be text"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_bad_records_are_refused_with_a_reason(data: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_record(data)


def test_file_import_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"case_number": "A"}, {"case_number": "B", "date_of_birth": "bad"}]))
    with pytest.raises(InputError, match="record 2"):
        load_records_json(path)


@pytest.mark.parametrize(("content", "message"), [(b"", "is empty"), (b"{not json", "not valid JSON"), (b"\xff\xfe\x00", "not valid JSON")])
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_records_json(path)


def test_duplicate_case_numbers_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps([{"case_number": "A"}, {"case_number": "A"}]))
    with pytest.raises(InputError, match="appears twice"):
        load_records_json(path)
