"""SIV service rules from the dated policy file: window, total service, overlaps, contracts, supervisor, flags."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.core.letters.specimens import draw_pdf, text_layer_pages
from tests.core.letters.test_letter_fields import PROSE, TWO_PERIODS_AMBIGUOUS
from workstation.checks.service_rules import (
    ServicePolicy,
    evaluate_service,
    load_service_policy,
    reading_from_evidence,
    service_checks,
)
from workstation.documents.letter import (
    LetterReading,
    letter_extra_json,
    letter_fields_json,
    read_letter_pages,
)
from workstation.documents.letter_fields import PRESENT, LetterField, LetterPeriod, RedFlag
from workstation.errors import RuleError

BOX = (10.0, 10.0, 50.0, 20.0)


def fld(value: str, *, candidates: tuple[str, ...] = ()) -> LetterField:
    if candidates:
        return LetterField("", 0.5, 1, BOX, "text_layer", "05/03/2010", "prose", True, candidates)
    return LetterField(value, 1.0, 1, BOX, "text_layer", value, "label")


def letter(periods: list[tuple[LetterField | None, LetterField | None]], *, contract: str | None = "W91B4N-10-C-0001",
           supervisor: bool = True, contact: bool = True, text: str = "", subcontractor: bool = False,
           sub: str | None = None, letter_date: str = "2016-01-05", signature: bool = True) -> LetterReading:
    fields: dict[str, LetterField] = {"letter_date": fld(letter_date)}
    if contract:
        fields["contract_number"] = fld(contract)
    if sub:
        fields["subcontract_number"] = fld(sub)
    if supervisor:
        fields["supervisor_name"] = fld("John Smith")
    if contact:
        fields["supervisor_contact"] = fld("john.smith@example.org")
    return LetterReading(fields=fields, periods=tuple(LetterPeriod(s, e) for s, e in periods), red_flags=(),
                         signature_block=signature, subcontractor=subcontractor, page_sources=("text_layer",),
                         text=text, warnings=())


@pytest.fixture(scope="module")
def policy() -> ServicePolicy:
    return load_service_policy()


def by_id(results: list, prefix: str) -> list:  # type: ignore[type-arg]
    return [r for r in results if r.id.startswith(prefix)]


def status(results: list, rid: str) -> str:  # type: ignore[type-arg]
    (r,) = [r for r in results if r.id == rid]
    return str(r.status)


def test_policy_file_is_dated_and_complete(policy: ServicePolicy) -> None:
    assert policy.effective_date == dt.date(2025, 1, 1)
    assert (policy.start_earliest, policy.start_latest) == (dt.date(2001, 10, 7), dt.date(2024, 12, 31))
    assert policy.minimum_service_months == 12
    assert {"terminated", "polygraph", "dismissed"} <= set(policy.red_flag_phrases)
    assert "siv_service v2" in policy.label


def test_a_good_letter_passes_everything(policy: ServicePolicy) -> None:
    res = evaluate_service([letter([(fld("2010-05-01"), fld("2013-08-31"))])], policy)
    assert {r.status for r in res} == {"pass"}, [(r.id, r.reason) for r in res if r.status != "pass"]
    assert all(r.policy == policy.label for r in res)


@pytest.mark.parametrize(
    ("start", "want"),
    [("2001-10-07", "pass"), ("2001-10-06", "fail"), ("2024-12-31", "pass"), ("2025-01-01", "fail"), ("1999-01-01", "fail")],
)
def test_start_window_edges(policy: ServicePolicy, start: str, want: str) -> None:
    res = evaluate_service([letter([(fld(start), fld("2026-01-01"))])], policy)
    assert status(res, "service.start_window.0") == want


def test_total_service_sums_across_letters(policy: ServicePolicy) -> None:
    a = letter([(fld("2010-01-01"), fld("2010-07-31"))])
    b = letter([(fld("2012-01-01"), fld("2012-06-30"))])
    res = evaluate_service([a, b], policy)
    assert status(res, "service.total_service") == "pass"
    assert status(evaluate_service([a], policy), "service.total_service") == "fail"


def test_overlap_is_flagged_and_not_double_counted(policy: ServicePolicy) -> None:
    a = letter([(fld("2010-01-01"), fld("2010-09-30"))])
    b = letter([(fld("2010-06-01"), fld("2010-12-15"))])
    res = evaluate_service([a, b], policy)
    assert status(res, "service.overlap") == "review"
    assert status(res, "service.total_service") == "fail"  # 11.5 months once the overlap counts once


def test_present_end_counts_to_the_letter_date(policy: ServicePolicy) -> None:
    present = LetterField(PRESENT, 1.0, 1, BOX, "text_layer", "still employed", "prose")
    res = evaluate_service([letter([(fld("2015-03-01"), present)], letter_date="2016-04-01")], policy)
    assert status(res, "service.total_service") == "pass"
    res = evaluate_service([letter([(fld("2015-09-01"), present)], letter_date="2016-04-01")], policy)
    assert status(res, "service.total_service") == "fail"


def test_ambiguous_dates_are_never_guessed(policy: ServicePolicy) -> None:
    # 05/03/2010 .. 04/03/2011: 11 or 12+ months depending on the order -> review, not a guess
    amb_s = fld("", candidates=("2010-03-05", "2010-05-03"))
    amb_e = fld("", candidates=("2011-03-04", "2011-04-03"))
    res = evaluate_service([letter([(amb_s, amb_e)])], policy)
    assert status(res, "service.total_service") == "review"
    assert status(res, "service.dates_settled.0") == "review"
    # both readings inside the window: the window rule may still pass
    assert status(res, "service.start_window.0") == "pass"
    # long enough either way: passes whatever the order
    res = evaluate_service([letter([(amb_s, fld("2013-01-01"))])], policy)
    assert status(res, "service.total_service") == "pass"


def test_contract_numbers(policy: ServicePolicy) -> None:
    p = [(fld("2010-05-01"), fld("2013-08-31"))]
    assert status(evaluate_service([letter(p, contract=None)], policy), "service.contract_number.0") == "fail"
    sub_only = letter(p, contract=None, sub="KLS-2010-044", subcontractor=True)
    r = by_id(evaluate_service([sub_only], policy), "service.contract_number.0")[0]
    assert r.status == "fail" and "prime" in r.reason
    both = letter(p, contract="W91B4N-10-C-0001", sub="KLS-2010-044", subcontractor=True)
    assert status(evaluate_service([both], policy), "service.contract_number.0") == "pass"


def test_a_period_stated_before_the_letters_first_contract_number_has_none(policy: ServicePolicy) -> None:
    """Case 440 of seed 6: "worked as Electrician from 2002 to 2005 ... Thereafter he worked as Logistics
    Assistant ... under contract number W6294H-17-D-3604": the first period states no number."""
    first, second = (fld("2002-07-05"), fld("2005-03-03")), (fld("2005-05-21"), fld("2008-04-19"))
    base = letter([first, second], contract="W6294H-17-D-3604")

    def with_numbers(*nums: str | None) -> LetterReading:
        periods = tuple(LetterPeriod(s, e, None, fld(n) if n else None) for (s, e), n in zip((first, second), nums, strict=True))
        return LetterReading(fields=base.fields, periods=periods, red_flags=(), signature_block=True,
                             subcontractor=False, page_sources=("text_layer",), text="", warnings=())

    r = by_id(evaluate_service([with_numbers(None, "W6294H-17-D-3604")], policy), "service.contract_number.0")[0]
    assert r.status == "fail" and "period 1" in r.reason
    # A number stated with the first period goes on with the periods after it.
    ok = evaluate_service([with_numbers("W6294H-17-D-3604", None)], policy)
    assert status(ok, "service.contract_number.0") == "pass"
    # A letter that ties no number to a period (one number for the whole letter) passes as before.
    assert status(evaluate_service([base], policy), "service.contract_number.0") == "pass"
    # The rule reaches the checks layer through the reader's saved periods.
    saved = json.loads(json.dumps(letter_extra_json(with_numbers(None, "W6294H-17-D-3604"))))
    assert reading_from_evidence(type("Doc", (), {"fields": {}, "extra": saved, "warnings": ()})()).periods[1] \
        .contract_number is not None


def test_supervisor_contact(policy: ServicePolicy) -> None:
    p = [(fld("2010-05-01"), fld("2013-08-31"))]
    r = by_id(evaluate_service([letter(p, contact=False)], policy), "service.supervisor_contact.0")[0]
    assert r.status == "fail" and "without contact" in r.reason
    assert status(evaluate_service([letter(p, supervisor=False, contact=False)], policy),
                  "service.supervisor_contact.0") == "fail"


def test_red_flags_and_signature(policy: ServicePolicy) -> None:
    p = [(fld("2010-05-01"), fld("2013-08-31"))]
    res = evaluate_service([letter(p, text="His contract was Terminated after a polygraph.", signature=False)], policy)
    r = by_id(res, "service.red_flags.0")[0]
    assert r.status == "review" and {e.value for e in r.evidence} == {"terminated", "polygraph"}
    assert status(res, "service.signature.0") == "review"


def test_no_letters_is_a_review(policy: ServicePolicy) -> None:
    assert [r.status for r in evaluate_service([], policy)] == ["review"]


def test_rules_come_from_the_file(tmp_path: Path, policy: ServicePolicy) -> None:
    data = json.loads(Path(policy.path).read_text())
    data["minimum_service_months"] = 6
    data["red_flag_phrases"] = ["resigned"]
    f = tmp_path / "siv.json"
    f.write_text(json.dumps(data))
    pol = load_service_policy(f)
    a = letter([(fld("2010-01-01"), fld("2010-07-31"))], text="He resigned.")
    res = evaluate_service([a], pol)
    assert status(res, "service.total_service") == "pass"
    assert status(res, "service.red_flags.0") == "review"


@pytest.mark.parametrize("content", ["{not json", "[]", '{"start_window": {"earliest": "x", "latest": "2024-12-31"}}'])
def test_malformed_policy_is_a_clear_rule_error(tmp_path: Path, content: str) -> None:
    f = tmp_path / "bad.json"
    f.write_text(content)
    with pytest.raises(RuleError):
        load_service_policy(f)


def test_reader_output_to_rules_end_to_end(policy: ServicePolicy) -> None:
    ok = read_letter_pages(text_layer_pages(draw_pdf(PROSE)))
    bad = read_letter_pages(text_layer_pages(draw_pdf(TWO_PERIODS_AMBIGUOUS)))
    res = evaluate_service([ok], policy)
    assert {r.status for r in res} == {"pass"}, [(r.id, r.reason) for r in res if r.status != "pass"]
    res = evaluate_service([bad], policy)
    assert status(res, "service.red_flags.0") == "review"
    assert status(res, "service.contract_number.0") == "fail"
    assert status(res, "service.supervisor_contact.0") == "fail"
    assert status(res, "service.dates_settled.0") == "review"


def test_checks_engine_hook_on_saved_reader_json(policy: ServicePolicy) -> None:
    from workstation.checks.inputs import from_reading

    bad = read_letter_pages(text_layer_pages(draw_pdf(TWO_PERIODS_AMBIGUOUS)))
    doc = from_reading({"file": "letter.pdf", "kind": "employment_letter", "fields": letter_fields_json(bad),
                        "extra": letter_extra_json(bad)})
    view = reading_from_evidence(doc)
    assert len(view.periods) == 2 and view.periods[0].start_date is not None and view.periods[0].start_date.ambiguous
    assert {f.phrase for f in view.red_flags} >= {"dismissed"}

    class Ctx:
        today = dt.date(2026, 1, 1)
        policy = None

    checks = service_checks(None, [doc], {0: 0}, Ctx())
    got = {c.id: c.status for c in checks}
    assert got["service.red_flags.0"] == "review" and got["service.dates_settled.0"] == "review"
    assert all(c.document == "letter.pdf" for c in checks if c.id.endswith(".0") and "start_window" not in c.id)
    assert {c.field for c in checks if c.id == "service.contract_number.0"} == {"employment.0"}


def test_red_flag_evidence_has_a_box() -> None:
    bad = read_letter_pages(text_layer_pages(draw_pdf(TWO_PERIODS_AMBIGUOUS)))
    flag = next(f for f in bad.red_flags if f.phrase == "polygraph")
    assert isinstance(flag, RedFlag) and flag.page == 1 and flag.bbox[2] > flag.bbox[0]


def test_ambiguous_fields_moved_to_extra_are_still_seen(policy: ServicePolicy) -> None:
    from workstation.checks.inputs import from_reading

    bad = read_letter_pages(text_layer_pages(draw_pdf(TWO_PERIODS_AMBIGUOUS)))
    fields = letter_fields_json(bad)
    extra = dict(letter_extra_json(bad))
    extra["ambiguous_fields"] = {k: v for k, v in fields.items() if v.get("ambiguous")}
    plain = {k: v for k, v in fields.items() if not v.get("ambiguous")}
    doc = from_reading({"file": "l.pdf", "kind": "employment_letter", "fields": plain, "extra": extra})
    view = reading_from_evidence(doc)
    assert view.fields["start_date"].ambiguous


def test_a_solar_hijri_month_without_its_day_counts_as_the_interval_it_stands_for(policy: ServicePolicy) -> None:
    """``1389/01/0`` (Hamal 1389, day cut) is read as 2010-03-21/2010-04-20: service is counted over it."""
    a = letter([(fld("2010-03-21/2010-04-20"), fld("2010-12-31"))])
    b = letter([(fld("2012-01-01"), fld("2012-06-30"))])
    res = evaluate_service([a, b], policy)
    assert status(res, "service.total_service") == "pass"
