"""The generator's own MRZ code reproduces the ICAO 9303 specimens of DOMAIN.md."""

from __future__ import annotations

from tests.synth import mrz

TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]


def test_check_digits_of_icao_vectors() -> None:
    assert all(mrz.td3_valid(TD3).values())
    assert all(mrz.td1_valid(TD1).values())


def test_td3_builder_reproduces_icao_specimen() -> None:
    lines, truncated = mrz.td3(
        doc_type="P", issuing="UTO", surname="Eriksson", given_names="Anna Maria", number="L898902C3",
        nationality="UTO", dob="740812", sex="F", expiry="120415", optional="ZE184226B",
    )
    assert lines == TD3
    assert not truncated


def test_td1_builder_reproduces_icao_specimen() -> None:
    lines, _ = mrz.td1(
        doc_type="I", issuing="UTO", number="D23145890", optional1="", dob="740812", sex="F",
        expiry="120415", nationality="UTO", optional2="", surname="ERIKSSON", given_names="ANNA MARIA",
    )
    assert lines == TD1


def test_single_names_and_truncation() -> None:
    assert mrz.name_field("", "Ahmadi", 39)[0] == "<<AHMADI" + "<" * 31
    assert mrz.name_field("Ahmadi", "", 39)[0] == "AHMADI" + "<" * 33
    field, truncated = mrz.name_field("Stanikzai", "Mohammad Abdul Rahmatullah Sayed Jalaluddin", 39)
    assert truncated and len(field) == 39 and field.startswith("STANIKZAI<<MOHAMMAD<ABDUL")


def test_unknown_birth_month_and_day_are_fillers() -> None:
    assert mrz.yymmdd(1988, None, None) == "88<<<<"
    assert mrz.check_digit("88<<<<") == str((8 * 7 + 8 * 3) % 10)
