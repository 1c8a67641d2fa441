"""Several reads of one zone merged field by field (no OCR here: reads are parsed text)."""

from __future__ import annotations

from datetime import date

from workstation.documents.mrz import AMBIGUOUS_READS, merge_reads, parse_mrz, with_source
from workstation.documents.mrz_reader import best_of_reads

TODAY = date(2026, 6, 1)
L1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
L2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _read(model: str, l1: str, l2: str):  # type: ignore[no-untyped-def]
    r = parse_mrz([l1, l2], today=TODAY)
    assert r is not None
    return model, with_source(r, model)


def test_each_field_from_the_read_whose_check_digit_verifies() -> None:
    # OCR-B garbles the date of birth beyond repair; the stock model garbles the names.
    a = _read("ocrb", L1, L2[:13] + "7409122" + L2[20:])
    b = _read("eng", "P<UTOERIKSSONKKANNAKMARIAKKKKKKKKKKKKKKKKKKKE", L2)
    assert not a[1].valid and not b[1].plausible or b[1].given_names != "ANNA MARIA"
    m = merge_reads([a, b], today=TODAY)
    assert m is not None and m.valid and m.plausible
    assert list(m.lines) == [L1, L2]
    assert m.sources["date_of_birth"] == "eng"
    assert m.sources["document_number"] == "ocrb+eng"
    assert m.sources["names"] == "ocrb"
    assert m.as_dict()["sources"] == m.sources
    # No check-digit repair was needed: each value was read as printed by some model.
    assert not any(x.proof == "check_digit" for x in m.repairs)


def test_two_reads_passing_every_check_with_different_values_prove_nothing() -> None:
    # G (16) and 6 differ by ten: the optional data's check digit and the composite cannot tell.
    a = _read("ocrb", L1, L2)
    b = _read("eng", L1, L2.replace("ZE184226B", "ZE18422GB"))
    assert a[1].valid and b[1].valid
    m = merge_reads([a, b], today=TODAY)
    assert m is not None and not m.valid
    assert AMBIGUOUS_READS in m.warnings
    got = best_of_reads([(a[0], a[1], 0.9), (b[0], b[1], 0.9)], TODAY)
    assert got is not None and not got[0].valid


def test_an_unused_optional_fields_check_digit_as_filler_or_zero_is_one_value() -> None:
    """Blind case 763 of seed 6: one read gave the empty optional data field's check digit as 0, the other as
    a filler; ICAO 9303 allows both, so the zone is one value, not two that pass (ambiguous)."""
    l1 = "P<AFGBARAKZAI<<GUL<AGHA<<<<<<<<<<<<<<<<<<<<<"
    zero = "A0172190<0AFG6305<<6M2804305<<<<<<<<<<<<<<02"
    filler = zero[:42] + "<" + zero[43:]
    a, b = _read("ocrb", l1, zero), _read("eng", l1, filler)
    assert a[1].valid and b[1].valid
    m = merge_reads([a, b], today=TODAY)
    assert m is not None and m.valid and AMBIGUOUS_READS not in m.warnings


def test_a_proven_repair_is_carried_with_its_proof() -> None:
    # The stock read repairs O -> 0 in the date (proven); the OCR-B read lost both dates.
    a = _read("ocrb", L1, L2[:13] + "7409122" + L2[20:21] + "1284159" + L2[28:])
    b = _read("eng", "P<UTOERIKSSONKKANNA<MARIAKKKKKKKKKKKKKKKKKKKK", L2[:13] + "74O8122" + L2[20:])
    m = merge_reads([a, b], today=TODAY)
    assert m is not None and m.valid
    assert list(m.lines) == [L1, L2]
    assert [(x.field, x.original, x.replacement, x.proof) for x in m.repairs if x.proof == "check_digit"] == [
        ("date_of_birth", "O", "0", "check_digit")
    ]
    assert m.sources["expiry_date"] == "eng" and m.sources["date_of_birth"] == "eng"
    # A value read as printed is preferred to the same value repaired.
    c = _read("ocrb", L1, L2[:21] + "1284159" + L2[28:])
    m2 = merge_reads([c, b], today=TODAY)
    assert m2 is not None and m2.valid and m2.sources["date_of_birth"] == "ocrb+eng"
    assert not any(x.proof == "check_digit" for x in m2.repairs)


def test_agreeing_reads_keep_the_single_read() -> None:
    a = _read("ocrb", L1, L2)
    got = best_of_reads([(a[0], a[1], 0.8)], TODAY)
    assert got is not None and got[0] is a[1]
    assert merge_reads([a], today=TODAY) is None


def test_a_repair_that_two_valid_reads_contradict_is_undone() -> None:
    # A letter-O prefix read as zero, plus a 3 read as 5: one repair (0 -> Q) makes both check
    # digits pass, as the correct reading O...3 does. Nothing is proven, so nothing is "repaired".
    from tests.core.documents import mrzgen

    l1, l2 = mrzgen.td3("POPAL", "HAMIDA", "O5273124", "621125", "F", "290620")
    misread = "0" + l2[1:4] + "5" + l2[5:]
    a = _read("ocrb", l1, misread)
    assert any(x.proof == "check_digit" and x.replacement == "Q" for x in a[1].repairs)  # the trap
    b = _read("eng", l1, "0" + l2[1:])  # the other model's 0 -> O repair is right, but a repair too
    m = merge_reads([a, b], today=TODAY)
    assert m is not None and not m.valid and AMBIGUOUS_READS in m.warnings
    assert not any(x.proof == "check_digit" and l2[x.position] != x.replacement for x in m.repairs if x.line == 1)
    assert m.lines[1][0] != "Q"


def test_debris_gets_no_forced_check_digit_repair() -> None:
    # Debris whose date fields pass by chance: with no readable sex the zone does not "otherwise
    # read well", so a letter in a check digit's place is not forced to the digit that fits.
    l1 = "PMACGDDOBQMBCBUJIMASDCCQDCGCCWQCUQDCCCCWQCCK"
    l2 = "0981100000OO<800820808286960810CCCCDCCCCCWBI"
    r = parse_mrz([l1, l2], today=TODAY)
    assert r is not None
    assert not any(x.proof == "check_digit" for x in r.repairs)


def test_a_merge_keeps_saying_that_several_confusions_would_mend_a_broken_check_digit() -> None:
    """Case 411 of seed 6: the number ``O00415752`` (a letter O first) read ``000415752``: each read found two
    O/0 repairs fitting the check digit and left it as read, but the merge (no repairs tried) dropped that note,
    and the checks called the broken digit a forgery sign."""
    l1 = "P<AFG<<MURSAL<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"
    l2 = "0004157520AFG8211<<0F3501195<<<<<<<<<<<<<<<4"
    a = _read("ocrb", l1, l2)
    assert any(w.startswith("ambiguous repair in document_number") for w in a[1].warnings)
    b = _read("eng", l1.replace("<<<<<<<<", "KKKKKKKK", 1), l2)
    merged = merge_reads([a, b], today=TODAY, letters_from="ocrb")
    assert merged is not None and not merged.checks["document_number"]
    assert any(w.startswith("ambiguous repair in document_number") for w in merged.warnings)


def test_reads_that_are_each_ambiguous_stay_ambiguous_when_merged() -> None:
    # SPECIMEN TD1 zone with one digit too many in the optional data: two different deletions
    # pass every check digit. Two reads agreeing on one of them prove nothing more.
    lines = ["IDAFG008063608937783533741068<<", "7706127M2811095AFG<<<<<<<<<<<4", "QADERI<<SHARIFULLAH<<<<<<<<<<<"]
    one = parse_mrz(lines, today=TODAY)
    assert one is not None and not one.valid
    a, b = with_source(one, "ocrb"), with_source(one, "eng")
    m = merge_reads([("ocrb", a), ("eng", b)], today=TODAY)
    assert m is not None and not m.valid
    assert AMBIGUOUS_READS in m.warnings
