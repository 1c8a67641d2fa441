"""Rules that compare the applicant record with one document.

Each function takes the record, one :class:`DocumentEvidence`, a check-id prefix
and the :class:`RuleContext`, and returns the checks in a stable order. A record
field that is empty is not compared (there is nothing to agree with); a document
field that was not read is a review, never a pass.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from workstation.checks import _compare as cmp
from workstation.checks._base import (
    NOT_OCR,
    RuleContext,
    apply_confidence,
    field_check,
    mrz_names_may_be_truncated,
    one_letter_apart,
    one_letter_guard,
    result,
    zone_holds,
)
from workstation.checks.inputs import field_value
from workstation.checks.model import CheckResult, DocumentEvidence, FieldValue
from workstation.checks.policy import CheckPolicy
from workstation.documents.tazkira_text import digits_of
from workstation.matching.dates import parse_date_text
from workstation.matching.identifiers import number_in_zone
from workstation.matching.names import compare_names
from workstation.records.model import ApplicantRecord, EmploymentPeriod

log = logging.getLogger(__name__)


def _add(out: list[CheckResult], c: CheckResult | None) -> None:
    if c is not None:
        out.append(c)


def name_checks(
    prefix: str,
    exp_surname: str | None,
    exp_given: str | None,
    doc: DocumentEvidence,
    ctx: RuleContext,
    *,
    field_prefix: str = "",
    forgery_sign: bool = False,
    ref_fvs: Sequence[FieldValue] = (),
) -> list[CheckResult]:
    """Surname and given names of the record (or a reference document) against ``doc``.

    ``field_prefix`` is empty for record checks (fields ``surname``, ``given_names``);
    ``ref_fvs`` are the reference document's readings of the expected names, if any.
    """
    policy = ctx.policy
    if not (exp_surname or exp_given):
        return []
    fs, fg = doc.get("surname"), doc.get("given_names")
    if fs is None and fg is None:
        return [
            result(f"{prefix}.{slot}", field_prefix + slot, doc, None,
                   policy.unreadable_field_status, exp, None, "name not read from the document")  # type: ignore[arg-type]
            for slot, exp in (("surname", exp_surname), ("given_names", exp_given)) if exp
        ]
    # A name taken from a full MRZ name field may be cut short there.
    truncated_ok = any(fv is not None and fv.source == "mrz" for fv in (fs, fg)) and mrz_names_may_be_truncated(doc)
    outcomes = cmp.compare_name_slots(exp_surname, exp_given, fs.value if fs else None, fg.value if fg else None,
                                      policy, truncated_ok=truncated_ok)
    # Another reading of the names (MRZ or printed page) that agrees makes a fail a review.
    for src_name, src in (("MRZ", doc.mrz_fields), ("printed page", doc.printed_fields)):
        if not any(o.status == "fail" for o in outcomes.values()):
            break
        a_s, a_g = src.get("surname"), src.get("given_names")
        if a_s is None and a_g is None:
            continue
        alt = cmp.compare_name_slots(exp_surname, exp_given, a_s.value if a_s else None, a_g.value if a_g else None,
                                     policy, truncated_ok=truncated_ok and src is doc.mrz_fields)
        for slot, prev in list(outcomes.items()):
            other = alt.get(slot)
            if prev.status == "fail" and other is not None and other.status == "pass":
                outcomes[slot] = cmp.Outcome("review", f"{prev.reason}; but the {src_name} reads a name that "
                                             "agrees: the document's readings differ", prev.expected, prev.found)
    swapped = _swapped_with_slips(exp_surname, exp_given, fs, fg, policy)
    if swapped:
        outcomes = {slot: (cmp.Outcome("review", f"{o.reason}; {swapped}", o.expected, o.found) if o.status == "fail"
                           else o) for slot, o in outcomes.items()}
    out: list[CheckResult] = []
    for slot in ("surname", "given_names"):
        found_o = outcomes.get(slot)
        if found_o is None:
            continue
        fv = (fs if slot == "surname" else fg) or fs or fg
        assert fv is not None
        o = cmp.cross_script_guard(apply_confidence(found_o, fv, policy), fv, policy)
        o = one_letter_guard(o, [fv, *ref_fvs], policy)
        out.append(result(f"{prefix}.{slot}", field_prefix + slot, doc, fv, o.status, o.expected, o.found, o.reason,
                          forgery_sign=forgery_sign and o.status == "fail"))
    return out


def _swapped_with_slips(exp_surname: str | None, exp_given: str | None, fs: FieldValue | None, fg: FieldValue | None,
                        policy: CheckPolicy) -> str:
    """Why the document's names are the record's in the other order, one part read with OCR slips; or empty.

    The whole-name comparison finds swapped slots only when both parts agree; a long name read in part
    with slips (``MOMAMMAD ABOUL``) in one slot, the other slot exactly the record's other part, is the
    same person's names swapped rather than another person's: a review, never a fail.
    """
    if not (exp_surname and exp_given and fs is not None and fg is not None):
        return ""
    for exact, exp_exact, slipped, exp_slipped in ((fs, exp_given, fg, exp_surname), (fg, exp_surname, fs, exp_given)):
        if (compare_names(exp_exact, None, exact.value, None, policy=policy.matching).status == "pass"
                and slipped.confidence < policy.min_confidence_for_one_letter_name_fail
                and one_letter_apart(exp_slipped, slipped.value)):
            return (f"the order looks swapped (surname and given names): {exact.value} is the record's other part, "
                    f"and {slipped.value} a reading with OCR slips of {exp_slipped}; compare with the document")
    return ""


def _date_cmp(ctx: RuleContext, *, birth: bool) -> Callable[[str, FieldValue], cmp.Outcome]:
    return lambda e, fv: cmp.compare_date(e, fv, ctx.policy, birth_date=birth)


def _code_cmp(what: str) -> Callable[[str, FieldValue], cmp.Outcome]:
    return lambda e, fv: cmp.compare_code(e, fv.value, what)


def _name_cmp(ctx: RuleContext) -> Callable[[str, FieldValue], cmp.Outcome]:
    # A letter apart on an unsure OCR reading (blind case 733 of seed 6: a father's ALI read ALL at 0.72) is a
    # review, as for the applicant's own names.
    return lambda e, fv: one_letter_guard(cmp.cross_script_guard(cmp.compare_name(e, fv.value, ctx.policy), fv,
                                                                 ctx.policy), [fv], ctx.policy)


def _supervisor_cmp(ctx: RuleContext) -> Callable[[str, FieldValue], cmp.Outcome]:
    """A supervisor's name; one word read by OCR against a full name is a review: a name read in part or a
    word of the line taken for it (blind cases 797 and 836 of seed 6: ``Dani`` for Daniel Baker, ``Site``
    from ``Site Supervisor: Thomas Wright``), not another supervisor."""
    names = _name_cmp(ctx)

    def compare(e: str, fv: FieldValue) -> cmp.Outcome:
        o = names(e, fv)
        if (o.status == "fail" and fv.source not in NOT_OCR and len(fv.value.split()) == 1
                and len(e.split()) >= 2):
            return cmp.Outcome("review", f"{o.reason}; the letter's supervisor was read as one word ({fv.value}): "
                               "a name read in part, or another word taken for it; compare with the document",
                               o.expected, o.found)
        return o

    return compare


def _text_cmp(ctx: RuleContext, what: str) -> Callable[[str, FieldValue], cmp.Outcome]:
    return lambda e, fv: cmp.compare_text(e, fv.value, ctx.policy, what)


def _id_cmp(ctx: RuleContext, check_digit_ok: bool | None) -> Callable[[str, FieldValue], cmp.Outcome]:
    return lambda e, fv: cmp.compare_identifier(e, fv, ctx.policy, check_digit_ok=check_digit_ok)


def _contract_cmp(doc: DocumentEvidence, ctx: RuleContext, record: ApplicantRecord | None = None,
                  period_index: int | None = None) -> Callable[[str, FieldValue], cmp.Outcome]:
    """The record's contract number against every number the letter states (own, subcontract, prime).

    A letter number that is exactly the record's number of another period with the same employer is
    not a disagreement: the letter (or its reading) gives that period's number, not this one's: review.
    """
    def compare(e: str, fv: FieldValue) -> cmp.Outcome:
        o = _compare_contract(e, fv)
        if o.status != "fail" or record is None:
            return o
        this = record.employment[period_index] if period_index is not None else None
        for k, other in enumerate(record.employment):
            if k == period_index or not other.contract_number or this is None:
                continue
            same_employer = cmp.compare_text(this.employer or "", other.employer or "", ctx.policy,
                                             "employer").status == "pass"
            if same_employer and cmp.compare_identifier(other.contract_number, fv, ctx.policy,
                                                        check_digit_ok=None).status == "pass":
                return cmp.Outcome("review", f"{o.reason}; the letter's number is the record's number of its "
                                   f"period {k + 1} with the same employer: this period's number was not read on "
                                   "the letter, compare with the letter", o.expected, o.found)
        return o

    def _compare_contract(e: str, fv: FieldValue) -> cmp.Outcome:
        first = cmp.compare_identifier(e, fv, ctx.policy, check_digit_ok=None)
        if first.status == "pass":
            return first
        if doc.get("contract_number") is None and doc.get("subcontract_number") is None and first.status == "fail":
            # Only the prime contract was found on a subcontractor's letter: the record's number may be the
            # subcontract's, which was not read. Not a disagreement; the officer compares.
            first = cmp.Outcome("review", f"{first.reason}; only the letter's prime contract number was read (the "
                                "subcontract number was not): compare with the letter", first.expected, first.found)
        for other in ("contract_number", "subcontract_number", "prime_contract_number"):
            ofv = doc.get(other)
            if ofv is None or ofv.value == fv.value:
                continue
            o = cmp.compare_identifier(e, ofv, ctx.policy, check_digit_ok=None)
            if o.status == "pass":
                return cmp.Outcome("pass", f"{o.reason} (the letter's {other.replace('_', ' ')})", e, ofv.value)
        return first
    return compare


def _mrz_proven(doc: DocumentEvidence, doc_field: str) -> bool:
    """Whether a verified MRZ check digit covers this field's value."""
    fv = doc.get(doc_field)
    return bool(fv is not None and fv.source == "mrz" and doc.mrz_checks.get(doc_field) and zone_holds(doc))


def _alts(doc: DocumentEvidence, name: str) -> tuple[FieldValue, ...]:
    """The MRZ and printed-page readings of a field (other readings of the same value)."""
    return tuple(fv for fv in (doc.mrz_fields.get(name), doc.printed_fields.get(name)) if fv is not None)


def passport_checks(record: ApplicantRecord, doc: DocumentEvidence, prefix: str, ctx: RuleContext) -> list[CheckResult]:
    """Record against a passport: names, birth date, sex, number, nationality, expiry, validity."""
    p = ctx.policy
    out = name_checks(prefix, record.surname, record.given_names, doc, ctx)
    _add(out, field_check(f"{prefix}.date_of_birth", "date_of_birth", doc, "date_of_birth", record.date_of_birth,
                          _date_cmp(ctx, birth=True), p, proven=_mrz_proven(doc, "date_of_birth"),
                          alternates=_alts(doc, "date_of_birth")))
    _add(out, field_check(f"{prefix}.sex", "sex", doc, "sex", record.sex, _code_cmp("sex"), p))
    _add(out, field_check(f"{prefix}.document_number", "passport_number", doc, "document_number",
                          record.passport_number, _id_cmp(ctx, doc.mrz_checks.get("document_number") and zone_holds(doc)), p,
                          proven=_mrz_proven(doc, "document_number"), alternates=_alts(doc, "document_number")))
    _add(out, field_check(f"{prefix}.nationality", "nationality", doc, "nationality", record.nationality,
                          lambda e, fv: cmp.compare_nationality(e, fv.value), p))
    _add(out, field_check(f"{prefix}.expiry_date", "passport_expiry", doc, "expiry_date", record.passport_expiry,
                          _date_cmp(ctx, birth=False), p, proven=_mrz_proven(doc, "expiry_date"),
                          alternates=_alts(doc, "expiry_date")))
    out.append(validity_check(doc, prefix, ctx))
    return out


def validity_check(doc: DocumentEvidence, prefix: str, ctx: RuleContext) -> CheckResult:
    """Whether the passport is still valid on the day of the run (expired: review, not a mismatch)."""
    p = ctx.policy
    cid = f"{prefix}.validity"
    fv = doc.get("expiry_date")
    if fv is None:
        return result(cid, "expiry_date", doc, None, p.unreadable_field_status,  # type: ignore[arg-type]
                      None, None, "expiry date not read from the document")
    parsed = parse_date_text(fv.value, policy=p.matching)
    iv = parsed.interval
    if iv is None:
        return result(cid, "expiry_date", doc, fv, "review", None, fv.value, "expiry date unreadable")
    today: dt.date = ctx.today
    shown_today = today.isoformat()
    if iv.last < today:
        status = p.expired_passport_status
        return result(cid, "expiry_date", doc, fv, status, shown_today, fv.value,  # type: ignore[arg-type]
                      f"passport expired on {iv.last.isoformat()} (an expired passport is a review, not a data mismatch)")
    if iv.first < today:
        return result(cid, "expiry_date", doc, fv, "review", shown_today, fv.value,
                      "expiry date only partly known; may have expired")
    if not (_mrz_proven(doc, "expiry_date") or fv.confidence >= p.min_field_confidence):
        return result(cid, "expiry_date", doc, fv, "review", shown_today, fv.value,
                      f"low OCR confidence {fv.confidence:.2f} on the expiry date")
    return result(cid, "expiry_date", doc, fv, "pass", shown_today, fv.value, f"valid until {iv.last.isoformat()}")


def tazkira_checks(record: ApplicantRecord, doc: DocumentEvidence, prefix: str, ctx: RuleContext) -> list[CheckResult]:
    """Record against a tazkira: names, father's name, birth date (Solar Hijri), sex when stated, number."""
    p = ctx.policy
    out = name_checks(prefix, record.surname, record.given_names, doc, ctx)
    _add(out, field_check(f"{prefix}.father_name", "father_name", doc, "father_name", record.father_name,
                          _name_cmp(ctx), p))
    _add(out, field_check(f"{prefix}.date_of_birth", "date_of_birth", doc, "date_of_birth", record.date_of_birth,
                          _date_cmp(ctx, birth=True), p, proven=_mrz_proven(doc, "date_of_birth")))
    if doc.get("sex") is not None:  # an e-tazkira states sex (front and zone); a paper tazkira does not
        _add(out, field_check(f"{prefix}.sex", "sex", doc, "sex", record.sex, _code_cmp("sex"), p))
    number = field_check(f"{prefix}.tazkira_number", "tazkira_number", doc, "tazkira_number", record.tazkira_number,
                         _id_cmp(ctx, None), p)
    _add(out, _zone_carries_record_number(number, doc, record.tazkira_number) if number else None)
    return out


def _zone_carries_record_number(c: CheckResult, doc: DocumentEvidence, expected: str | None) -> CheckResult:
    """A tazkira number that fails on a front reading not shaped like a card's number (4-4-5 digits) while the
    card's zone, its composite digit holding, carries the record's number is a review: the front was misread (blind
    case 756 of seed 6: ``1401-0646-74-765`` at 0.87 for 1401-0646-71765, the zone right). A well-formed front
    number that differs keeps the fail (case 217's rule: a sure front reading is not outvoted)."""
    zone = doc.mrz_fields.get("tazkira_number")
    if (c.status != "fail" or zone is None or not expected
            or not doc.mrz_checks.get("composite") or not zone_holds(doc)
            or re.fullmatch(r"\d{4}\D\d{4}\D\d{5}", (c.found or "").strip())):
        return c
    if not number_in_zone(digits_of(expected), [digits_of(zone.value)]):
        return c
    return replace(c, status="review", reason=f"{c.reason}; but the card's zone, its composite check digit holding, "
                   "carries the record's number: the document's readings differ; compare with the document")


def record_full_name(record: ApplicantRecord) -> str | None:
    """Given names then surname, or ``None`` when the record has no name."""
    parts = [x for x in (record.given_names, record.surname) if x]
    return " ".join(parts) if parts else None


def letter_checks(
    record: ApplicantRecord,
    doc: DocumentEvidence,
    prefix: str,
    periods: Sequence[tuple[LetterPeriodView, EmploymentPeriod | None, int | None]],
    ctx: RuleContext,
) -> list[CheckResult]:
    """Record against one employment letter: name, birth date when stated, and each period it states.

    Args:
        record: The applicant record.
        doc: The letter.
        prefix: Check-id prefix (``letter.0``).
        periods: Each period the letter states, with the record's employment period it was
            paired with and that period's index (``None`` when the record claims no such period).
        ctx: Policy and day of the run.
    """
    p = ctx.policy
    out: list[CheckResult] = []
    _add(out, field_check(f"{prefix}.employee_name", "name", doc, "employee_name", record_full_name(record),
                          lambda _e, fv: one_letter_guard(cmp.cross_script_guard(
                              cmp.compare_full_name(record.given_names, record.surname, fv.value, p), fv, p), [fv], p),
                          p))
    if doc.get("date_of_birth") is not None:
        _add(out, field_check(f"{prefix}.date_of_birth", "date_of_birth", doc, "date_of_birth",
                              record.date_of_birth, _date_cmp(ctx, birth=True), p))
    # A letter that gives each period its own contract number is checked period by period. Otherwise it
    # states one number; when it states several periods that number belongs to the period whose record
    # number it is (else to the first).
    per_period_numbers = len(periods) > 1 and any(view.contract_number is not None for view, _p, _i in periods)
    letter_number = doc.get("contract_number") or doc.get("subcontract_number") or doc.get("prime_contract_number")
    number_view = 0
    if letter_number is not None and len(periods) > 1 and not per_period_numbers:
        for view, period, _pi in periods:
            if period is not None and period.contract_number and cmp.compare_identifier(
                    period.contract_number, letter_number, p, check_digit_ok=None).status == "pass":
                number_view = view.index
                break
    for view, period, period_index in periods:
        base = prefix if view.count == 1 else f"{prefix}.period.{view.index}"
        if period is None or period_index is None:
            emp = doc.get("employer")
            out.append(result(f"{base}.employment", "employment", doc, view.start_date or emp, "review", None,
                              " to ".join(x.value for x in (view.start_date, view.end_date) if x is not None) or
                              (emp.value if emp else None),
                              "the record claims no employment that matches this letter" +
                              ("" if view.count == 1 else f" (period {view.index + 1} of {view.count})")))
            continue
        ef = f"employment.{period_index}"
        # The letter's own fields are its first period's: a later period's value not read is not read.
        own = view.index == 0
        _add(out, field_check(f"{base}.employer", f"{ef}.employer", doc, "employer", period.employer,
                              _text_cmp(ctx, "employer"), p))
        _add(out, field_check(f"{base}.position", f"{ef}.position", doc, "position", period.position,
                              _text_cmp(ctx, "position"), p, fv=view.position, document_fallback=own))
        _add(out, field_check(f"{base}.start_date", f"{ef}.start_date", doc, "start_date", period.start_date,
                              _date_cmp(ctx, birth=False), p, fv=view.start_date, document_fallback=own))
        _add(out, field_check(f"{base}.end_date", f"{ef}.end_date", doc, "end_date", period.end_date,
                              _date_cmp(ctx, birth=False), p, fv=view.end_date, document_fallback=own))
        if per_period_numbers:  # each period's own number, where the letter gives one
            if view.contract_number is not None:
                _add(out, field_check(f"{base}.contract_number", f"{ef}.contract_number", doc, "contract_number",
                                      period.contract_number, _contract_cmp(doc, ctx, record, period_index), p,
                                      fv=view.contract_number))
        elif view.index == number_view:  # a letter states one contract number
            _add(out, field_check(f"{base}.contract_number", f"{ef}.contract_number", doc, "contract_number",
                                  period.contract_number, _contract_cmp(doc, ctx, record, period_index), p,
                                  fv=letter_number))
        # and one supervisor (HR letters need not name the supervisor)
        if view.index == 0 and doc.get("supervisor_name") is not None:
            _add(out, field_check(f"{base}.supervisor_name", f"{ef}.supervisor_name", doc, "supervisor_name",
                                  period.supervisor_name, _supervisor_cmp(ctx), p))
        misread = period_misread(view, period, record)
        if misread:
            out = [replace(c, status="review", reason=f"{c.reason}; {misread}: review, not fail")
                   if c.status == "fail" and c.id in (f"{base}.start_date", f"{base}.end_date") else c for c in out]
        out = [_other_period_value(c, base, view, record, period_index, ctx, doc) for c in out]
    return [_label_not_value(c) for c in out]


def _other_period_value(c: CheckResult, base: str, view: LetterPeriodView, record: ApplicantRecord,
                        period_index: int, ctx: RuleContext, doc: DocumentEvidence | None = None) -> CheckResult:
    """A letter period's start, end or position that fails against its record period but is exactly
    what the record says for another period with the same employer: the letter's periods were read
    mixed (or it states them differently), not a disagreement: review.

    The value is the one the check compared: the period's own, else (first period only) the letter's
    own field, which stands in for it when the period's was not read."""
    name = c.id[len(base) + 1:] if c.id.startswith(base + ".") else ""
    fv = {"start_date": view.start_date, "end_date": view.end_date, "position": view.position}.get(name)
    if fv is None and view.index == 0 and doc is not None and name in ("start_date", "end_date", "position"):
        fv = doc.get(name)
    if c.status != "fail" or fv is None:
        return c
    this = record.employment[period_index]
    for k, other in enumerate(record.employment):
        value = getattr(other, name) if k != period_index else None
        if not value or cmp.compare_text(this.employer or "", other.employer or "", ctx.policy,
                                         "employer").status != "pass":
            continue
        o = (cmp.compare_text(value, fv.value, ctx.policy, "position") if name == "position"
             else cmp.compare_date(value, fv, ctx.policy, birth_date=False))
        if o.status == "pass":
            return replace(c, status="review", reason=f"{c.reason}; but it is the record's {name.replace('_', ' ')} "
                           f"of period {k + 1} with the same employer: the letter's periods were read mixed or "
                           "stated differently, compare with the letter")
    return c


#: Words of a letter's labels and sentences: a field "read" as only these is a label or a sentence fragment.
_NOT_A_VALUE = {"EMPLOYER", "EMPLOYEE", "POSITION", "TITLE", "JOB", "SUPERVISOR", "NAME", "FROM", "TO", "DATE",
                "DATES", "THIS", "IS", "WAS", "AS", "THE", "OF", "AND", "HE", "SHE", "HIS", "HER", "MR", "MS", "MRS",
                "DEAR", "SIR", "MADAM", "PERIOD", "CONTRACT", "NUMBER", "NO", "EMAIL", "E", "MAIL", "PHONE",
                "TEL", "TELEPHONE", "MOBILE", "CONTACT", "SIGNATURE", "SIGNED", "ADDRESS"}
#: The same in Dari letters: email, phone, number, name, employer, position, supervisor, date, from, to,
#: contract, signature, address, and the sentence words "this", "was", "in", "to", "and".
_NOT_A_VALUE_DARI = {"ایمیل", "ایمل", "تلفن", "تیلفون", "موبایل", "شماره", "نمبر", "نام", "اسم", "کارفرما",
                     "وظیفه", "سمت", "بست", "سرپرست", "تاریخ", "از", "تا", "قرارداد", "امضا", "امضاء",
                     "آدرس", "ادرس", "این", "بود", "در", "به", "و"}


def _label_words(found: str) -> list[str]:
    """The words of a found value in Latin capitals, or in Dari script (Arabic letters, normalised)."""
    from workstation.matching.digits import normalize_arabic_script

    latin = re.sub(r"[^A-Za-z ]+", " ", found).upper().split()
    dari = re.sub(r"[^\u0600-\u06FF ]+", " ", normalize_arabic_script(found)).split()
    return latin + dari


def _label_not_value(c: CheckResult) -> CheckResult:
    """A fail whose found value is only label words or sentence words (``Employer``, ``This is``, ``was``,
    ``ایمیل``)."""
    if c.status != "fail" or not c.found:
        return c
    words = _label_words(c.found)
    if words and len(words) <= 3 and all(w in _NOT_A_VALUE or w in _NOT_A_VALUE_DARI for w in words):
        return replace(c, status="review", reason=f"{c.reason}; the letter's value reads as a label or a sentence "
                       f"word ({c.found}), not a value: the field was not found, review, not fail")
    return c


def period_misread(view: LetterPeriodView, period: EmploymentPeriod, record: ApplicantRecord) -> str:
    """Why a letter period's dates cannot have been read right (empty when nothing says so).

    Start after end on the letter itself; a date that is the record period's other date (start and
    end taken for one another); a date in or before the applicant's birth year (a birth date read as a
    period date).
    """
    def iso(fv: FieldValue | None) -> str:
        return fv.value.strip() if fv is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", fv.value.strip()) else ""

    s, e = iso(view.start_date), iso(view.end_date)
    if s and e and s > e:
        return f"the letter's start ({s}) is after its end ({e}): the dates were misread"
    if (s and s == (period.end_date or "")) or (e and e == (period.start_date or "")):
        return "a date read is the period's other date (start and end taken for one another)"
    born = (record.date_of_birth or "")[:4]
    if born.isdigit():
        for d in (s, e):
            if d and d[:4] <= born:
                return f"a date read ({d}) is not after the applicant's birth: another date of the letter was read"
    return ""


@dataclass(frozen=True)
class LetterPeriodView:
    """One period of employment a letter states.

    Attributes:
        index: 0-based position among the letter's periods.
        count: How many periods the letter states.
        start_date: Its start, as read.
        end_date: Its end (``present`` for an open end), as read.
        position: The position held then, as read.
        contract_number: The contract number the letter gives for this period itself (a table row,
            a numbered label, a clause); ``None`` when it states one number for the whole letter.
    """

    index: int
    count: int
    start_date: FieldValue | None
    end_date: FieldValue | None
    position: FieldValue | None
    contract_number: FieldValue | None = None


def letter_periods(doc: DocumentEvidence) -> list[LetterPeriodView]:
    """The periods a letter states: the reader's ``periods`` when it found several, else the letter's fields."""
    raw = doc.extra.get("periods")
    views: list[LetterPeriodView] = []
    if isinstance(raw, list) and len(raw) > 1:
        for k, per in enumerate(raw):
            if not isinstance(per, dict):
                continue
            views.append(LetterPeriodView(k, len(raw), field_value(per.get("start_date")),
                                          field_value(per.get("end_date")),
                                          field_value(per.get("position")) or (doc.get("position") if k == 0 else None),
                                          field_value(per.get("contract_number"))))
    if not views:
        views = [LetterPeriodView(0, 1, doc.get("start_date"), doc.get("end_date"), doc.get("position"))]
    return views
