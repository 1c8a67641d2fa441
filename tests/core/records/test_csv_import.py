"""CSV import of applicant records (synthetic SPECIMEN rows): all rows or none, every bad row listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workstation.errors import InputError
from workstation.records.csv_import import (
    ColumnMapping,
    CsvImportError,
    import_records_csv,
    load_column_mapping,
)

MAPPING = {
    "_comment": "SPECIMEN export of a case-management system",
    "columns": {
        "Case No": "case_number",
        "Family Name": "surname",
        "Given Names": "given_names",
        "Father": "father_name",
        "DOB": "date_of_birth",
        "Gender": "sex",
        "Passport": "passport_number",
        "Passport Expiry": "passport_expiry",
        "Tazkira": "tazkira_number",
        "Employer": "employment.0.employer",
        "Position": "employment.0.position",
        "From": "employment.0.start_date",
        "To": "employment.0.end_date",
        "Employer 2": "employment.1.employer",
        "From 2": "employment.1.start_date",
        "Officer note": "extra.note",
    },
    "ignore": ["Row ID"],
    "date_order": "MDY",
    "values": {"sex": {"Male": "M", "Female": "F"}},
}

HEADER = ("Row ID,Case No,Family Name,Given Names,Father,DOB,Gender,Passport,Passport Expiry,Tazkira,"
          "Employer,Position,From,To,Employer 2,From 2,Officer note,Interview room\n")
GOOD_ROWS = [
    "1,SIV-2023-000001,AHMADZAI,MOHAMMAD NASIR,ABDUL RAHIM,03/21/1988,Male,P01234567,2027-05-01,"
    "1399-0101-12345,U.S. Embassy Kabul,Interpreter,05/01/2010,08/31/2013,,,SPECIMEN,R2\n",
    "2,SIV-2023-000002,,FATIMA,,1990,Female,,,,ACME Logistics,Driver,2011-01-01,2012-06-30,"
    "Kabul Builders,2013-02-01,,\n",
    '3,SIV-2023-000003,"KARIMI","GHULAM HAZRAT",,1367/01/01,M,,,,,,,,,,"note, with comma",R1\n',
]


def _write(tmp_path: Path, text: str, mapping: dict[str, object] | None = None, name: str = "cases.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    if mapping is not None:
        (tmp_path / "mapping.json").write_text(json.dumps(mapping), encoding="utf-8")
    return p


def test_imports_every_row_with_extra_columns_kept(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "".join(GOOD_ROWS), MAPPING)
    result = import_records_csv(path, tmp_path / "mapping.json")
    assert result.rows == 3
    first, second, third = result.records
    assert first.case_number == "SIV-2023-000001"
    assert first.date_of_birth == "1988-03-21"
    assert first.sex == "M"
    assert first.employment[0].start_date == "2010-05-01"
    assert first.employment[0].end_date == "2013-08-31"
    assert first.extra == {"note": "SPECIMEN", "Interview room": "R2"}
    assert "Row ID" not in first.extra
    assert second.surname is None and second.date_of_birth == "1990" and second.sex == "F"
    assert [e.employer for e in second.employment] == ["ACME Logistics", "Kabul Builders"]
    assert third.date_of_birth == "1988-03-21"  # Solar Hijri converted
    assert third.extra["note"] == "note, with comma"
    assert result.warnings == ()


def test_every_bad_row_is_listed_and_nothing_is_imported(tmp_path: Path) -> None:
    bad = [
        "4,,NOBODY,,,,,,,,,,,,,,,\n",  # no case number
        "5,SIV-2023-000005,X,Y,,31/02/1988,M,,,,,,,,,,,\n",  # impossible date
        "6,SIV-2023-000006,X,Y,,1988-03-21,Q,,,,,,,,,,,\n",  # bad sex
        "7,SIV-2023-000001,X,Y,,,,,,,,,,,,,,\n",  # case twice
        "8,SIV-2023-000008,X,Y,,,,,,,,,,,,,,,,extra-cell\n",  # too many cells
    ]
    path = _write(tmp_path, HEADER + "".join(GOOD_ROWS) + "".join(bad), MAPPING)
    with pytest.raises(CsvImportError) as info:
        import_records_csv(path, tmp_path / "mapping.json")
    err = info.value
    assert [r.row for r in err.rows] == [5, 6, 7, 8, 9]
    msg = str(err)
    assert msg.startswith("cases.csv: 5 of 8 rows are bad, nothing imported: ")
    assert "\n" not in msg
    assert "row 5: case_number is required" in msg
    assert "row 6 (case SIV-2023-000005): date_of_birth '31/02/1988' is not a date" in msg
    assert "row 7 (case SIV-2023-000006): sex must be M, F or X" in msg
    assert "row 8 (case SIV-2023-000001): case SIV-2023-000001 already on row 2" in msg
    assert "row 9 (case SIV-2023-000008): 20 cells but 18 headers" in msg
    assert isinstance(err, InputError) and err.exit_code == 2


def test_ambiguous_dates_need_a_date_order(tmp_path: Path) -> None:
    mapping = {**MAPPING}
    del mapping["date_order"]
    path = _write(tmp_path, HEADER + GOOD_ROWS[0], mapping)
    with pytest.raises(CsvImportError) as info:
        import_records_csv(path, tmp_path / "mapping.json")
    assert "employment.0.start_date '05/01/2010' is ambiguous" in str(info.value)
    # 03/21/1988 proves its own order and is not reported
    assert "date_of_birth" not in str(info.value)
    ok = _write(tmp_path, HEADER + GOOD_ROWS[0], {**mapping, "date_order": "DMY"})
    assert import_records_csv(ok, tmp_path / "mapping.json").records[0].employment[0].start_date == "2010-01-05"


def test_rows_per_employment_are_merged_by_case(tmp_path: Path) -> None:
    text = (
        "case_number;surname;given names;employment.0.employer;employment.0.start_date;employment.0.end_date\n"
        "SIV-1;AHMADZAI;MOHAMMAD;U.S. Embassy Kabul;2010-05-01;2011-04-30\n"
        "SIV-2;KARIMI;FATIMA;ACME;2012-01-01;2013-01-01\n"
        "SIV-1;AHMADZAI;MOHAMMAD;Kabul Builders;2011-06-01;2012-06-30\n"
        "SIV-1;AHMADI;MOHAMMAD;Kabul Builders;2011-06-01;2012-06-30\n"
    )
    path = _write(tmp_path, text)
    with pytest.raises(CsvImportError) as info:
        import_records_csv(path, ColumnMapping(rows="one_per_employment"))
    assert [r.row for r in info.value.rows] == [5]
    assert "surname 'AHMADI' disagrees with an earlier row of the same case ('AHMADZAI')" in str(info.value)
    path = _write(tmp_path, "\n".join(text.splitlines()[:4]) + "\n")
    result = import_records_csv(path, ColumnMapping(rows="one_per_employment"))
    assert [r.case_number for r in result.records] == ["SIV-1", "SIV-2"]
    assert [e.employer for e in result.records[0].employment] == ["U.S. Embassy Kabul", "Kabul Builders"]
    assert result.records[0].given_names == "MOHAMMAD"  # "given names" header maps to given_names


def test_identity_mapping_keeps_unknown_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, "Case_Number,Surname,Date_of_Birth,Shoe size\nSIV-9,SAFI,1980,42\n")
    rec = import_records_csv(path).records[0]
    assert (rec.case_number, rec.surname, rec.date_of_birth, rec.extra) == ("SIV-9", "SAFI", "1980", {"Shoe size": "42"})


def test_persian_digits_and_bom(tmp_path: Path) -> None:
    p = tmp_path / "bom.csv"
    p.write_bytes("case_number,date_of_birth,tazkira_number\nSIV-7,۱۳۶۷/۰۱/۰۱,۱۳۹۹-۰۱۰۱-۱۲۳۴۵\n".encode("utf-8-sig"))
    rec = import_records_csv(p).records[0]
    assert rec.date_of_birth == "1988-03-21"
    assert rec.tazkira_number == "۱۳۹۹-۰۱۰۱-۱۲۳۴۵"  # identifiers are kept as written; matching normalises


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        ("", "is empty"),
        ("surname,given_names\nAHMADI,ALI\n", "no case-number column"),
        ("case_number,surname,surname\nSIV-1,A,B\n", "repeats 'surname'"),
        ("case_number,surname\n", "no rows"),
        ('case_number,surname\nSIV-1,"unterminated\n', "broken CSV"),
    ],
)
def test_unusable_files(tmp_path: Path, content: str, phrase: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(InputError, match=phrase):
        import_records_csv(path)


def test_not_utf8_and_binary(tmp_path: Path) -> None:
    p = tmp_path / "latin1.csv"
    p.write_bytes("case_number,surname\nSIV-1,Müller\n".encode("latin-1"))
    with pytest.raises(InputError, match="set encoding"):
        import_records_csv(p)
    assert import_records_csv(p, ColumnMapping(encoding="latin-1")).records[0].surname == "Müller"
    b = tmp_path / "b.csv"
    b.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError, match="binary"):
        import_records_csv(b)
    with pytest.raises(InputError, match="Cannot read"):
        import_records_csv(tmp_path / "missing.csv")


def test_missing_mapped_column_is_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "Case No,Family Name\nSIV-1,SAFI\n", MAPPING)
    result = import_records_csv(path, tmp_path / "mapping.json")
    assert result.records[0].surname == "SAFI"
    assert "column 'DOB' (date_of_birth) is not in the file" in result.warnings


@pytest.mark.parametrize(
    ("mapping", "phrase"),
    [
        ({"columns": {"A": "no_such_field"}}, "unknown field 'no_such_field'"),
        ({"columns": {"A": "employment.0.salary"}}, "unknown employment field 'salary'"),
        ({"columns": {"A": "surname", "B": "surname"}}, "more than one column maps to surname"),
        ({"date_order": "YMD"}, "date_order"),
        ({"rows": "many"}, "rows must be"),
        ({"delimiter": ",,"}, "one character"),
        ({"encoding": "klingon"}, "unknown encoding"),
        ({"colums": {}}, "unknown key 'colums'"),
        ([], "JSON object"),
    ],
)
def test_bad_mappings(mapping: object, phrase: str) -> None:
    with pytest.raises(InputError, match=phrase):
        ColumnMapping.from_dict(mapping)


def test_mapping_file_errors(tmp_path: Path) -> None:
    p = tmp_path / "m.json"
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        load_column_mapping(p)
    with pytest.raises(InputError, match="Cannot read"):
        load_column_mapping(tmp_path / "none.json")
