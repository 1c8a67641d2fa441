"""Reader output (ARCHITECTURE.md 4.2 JSON, or reader objects) turned into the checks' evidence."""

from __future__ import annotations

from tests.core.checks.builders import TODAY, record
from workstation.checks import check_case
from workstation.checks.inputs import from_reading
from workstation.checks.policy import load_check_policy
from workstation.documents.mrz import parse_mrz

POLICY = load_check_policy()

TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


def test_ambiguous_letter_date_keeps_both_readings() -> None:
    ev = from_reading({"kind": "employment_letter", "file": "/tmp/x/letter.pdf", "fields": {
        "start_date": {"value": "", "ambiguous": True, "candidates": ["2010-05-01", "2010-01-05"], "confidence": 1.0,
                       "page": 1, "bbox": [1, 2, 3, 4], "source": "text_layer", "raw": "05/01/2010"}}})
    fv = ev.get("start_date")
    assert ev.file == "letter.pdf"
    assert fv is not None and fv.value == "2010-05-01" and fv.alternatives == ("2010-01-05",)
    report = check_case(record(), [ev], POLICY, today=TODAY)
    c = report.get("letter.0.start_date")
    assert c is not None and c.status == "review"


def test_mrz_result_object_gives_mrz_fields_and_checks() -> None:
    m = parse_mrz(list(TD3))
    ev = from_reading({"kind": "passport", "fields": {"surname": {"value": "ERIKSSON", "source": "viz"}}, "mrz": m})
    assert ev.mrz_present and ev.mrz_checks and all(ev.mrz_checks.values())
    assert ev.mrz_fields["surname"].value == "ERIKSSON"
    assert ev.printed_fields["surname"].source == "viz"


def test_mrz_json_with_broken_check_digit_is_forgery_sign() -> None:
    ev = from_reading({"kind": "passport", "fields": {"document_number": {"value": "L898902C3", "source": "mrz"}},
                       "mrz": {"format": "TD3", "lines": list(TD3), "valid": False,
                               "checks": {"document_number": False, "date_of_birth": True}, "repairs": []}})
    report = check_case(record(), [ev], POLICY, today=TODAY)
    c = report.get("passport.mrz.check_digits")
    assert c is not None and c.status == "fail" and c.forgery_sign


def test_ambiguous_zone_whose_check_digits_all_verify_is_review_not_pass() -> None:
    """Two reads of the zone passing every check digit with different values prove neither."""
    from workstation.documents.mrz import AMBIGUOUS_READS

    def mrz(warnings: list[str]) -> dict[str, object]:
        return {"format": "TD3", "lines": list(TD3), "valid": True, "warnings": warnings,
                "checks": {"document_number": True, "date_of_birth": True, "expiry_date": True, "composite": True}}

    plain = check_case(record(), [from_reading({"kind": "passport", "fields": {}, "mrz": mrz([])})], POLICY, today=TODAY)
    c = plain.get("passport.mrz.check_digits")
    assert c is not None and c.status == "pass"
    amb = check_case(record(), [from_reading({"kind": "passport", "fields": {}, "mrz": mrz([AMBIGUOUS_READS])})],
                     POLICY, today=TODAY)
    c = amb.get("passport.mrz.check_digits")
    assert c is not None and c.status == "review" and "ambiguous" in c.reason


def test_tazkira_printed_alternates_latin_only_and_mrz_compared() -> None:
    ev = from_reading({"kind": "tazkira", "fields": {
        "surname": {"value": "AHMADZAI", "source": "viz_latin", "confidence": 0.9,
                    "alternates": [{"value": "احمدزی", "source": "viz_dari", "confidence": 0.8},
                                   {"value": "AHMADZAI", "source": "mrz", "confidence": 0.9}]},
        "given_names": {"value": "محمد نصیر", "source": "viz_dari", "confidence": 0.8}},
        "mrz": {"format": "TD1", "lines": ["I<AFG", "x", "AHMADZAI<<MOHAMMAD<NASIR"], "checks": {"composite": True},
                "surname": "AHMADZAI", "given_names": "MOHAMMAD NASIR"}})
    assert set(ev.printed_fields) == {"surname"}
    report = check_case(record(), [ev], POLICY, today=TODAY)
    c = report.get("tazkira.mrz_vs_printed.surname")
    assert c is not None and c.status == "pass"


def test_paper_tazkira_age_interval() -> None:
    inside = from_reading({"kind": "tazkira", "fields": {"date_of_birth": {"value": "1987-03-21/1989-03-20"}}})
    outside = from_reading({"kind": "tazkira", "fields": {"date_of_birth": {"value": "1990-03-21/1992-03-19"}}})
    assert check_case(record(), [inside], POLICY, today=TODAY).get("tazkira.date_of_birth").status == "pass"  # type: ignore[union-attr]
    assert check_case(record(), [outside], POLICY, today=TODAY).get("tazkira.date_of_birth").status == "fail"  # type: ignore[union-attr]


def test_unknown_kind_is_review() -> None:
    ev = from_reading({"kind": "unknown", "fields": {}}, file="photo.jpg")
    report = check_case(record(), [ev], POLICY, today=TODAY)
    c = report.get("document.0.kind")
    assert c is not None and c.status == "review" and c.document == "photo.jpg"
