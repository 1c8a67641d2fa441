"""Run every rule over one case and decide its verdict.

:func:`check_case` is the checks stage of the pipeline: a pure function of the
record, the documents' evidence, the policy and the day of the run. It never
raises for a disagreement; it returns a :class:`CheckReport`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from workstation.checks import cross, rules
from workstation.checks._base import RuleContext, held_back_from_pass, mrz_text, result, zone_holds
from workstation.checks._compare import compare_date, compare_dates_status, compare_text, nationality_code
from workstation.checks.model import (
    LETTER,
    PASSPORT,
    TAZKIRA,
    CheckReport,
    CheckResult,
    DocumentEvidence,
    FieldValue,
)
from workstation.checks.policy import CheckPolicy, load_check_policy
from workstation.checks.settle import settle_letter_dates
from workstation.checks.verdict import decide_verdict
from workstation.documents.tazkira_text import E_TAZKIRA_DIGITS, digits_of
from workstation.matching.digits import has_arabic_script
from workstation.matching.identifiers import normalize_identifier, number_in_zone
from workstation.records.model import ApplicantRecord, EmploymentPeriod

log = logging.getLogger(__name__)


def _prefixes(docs: Sequence[DocumentEvidence], kind: str, base: str) -> list[tuple[str, DocumentEvidence]]:
    same = [d for d in docs if d.kind == kind]
    if len(same) == 1:
        return [(base, same[0])]
    return [(f"{base}.{i}", d) for i, d in enumerate(same)]


#: Dates a card's zone carries under its own check digit (a printed reading of them may give way to it).
_ZONE_PROVEN_DATES = ("date_of_birth", "expiry_date")
#: A printed side's reading at least this sure stands against the other side's zone.
_SURE_PRINTED = 0.8
#: Confidence of a zone value that outvotes the printed side's unsure reading (read_tazkira's, for the same).
_ZONE_OUTVOTES = 0.6


def merge_sides(docs: Sequence[DocumentEvidence], policy: CheckPolicy | None = None) -> DocumentEvidence:
    """One document given as several files (a tazkira's front and back) as one evidence.

    Each value keeps the file it was read from; the first file that gives a field wins (give
    the front first); the MRZ comes from the file that has one. A date the zone carries under
    its check digit (all of the zone's digits holding) takes the zone's value when the printed
    side's reading of it is unsure (below 0.8) and disagrees: read_tazkira does the same when
    both sides come in one file, so a card reads the same however it was scanned.
    """
    policy = policy or load_check_policy()
    if len(docs) == 1:
        return docs[0]

    def union(maps: Sequence[tuple[str, Mapping[str, FieldValue]]]) -> dict[str, FieldValue]:
        out: dict[str, FieldValue] = {}
        for file, m in maps:
            for k, v in m.items():
                if k not in out and str(v.value).strip():
                    out[k] = replace(v, file=v.file or file)
        return out

    with_mrz = next((d for d in docs if d.mrz_present), None)
    # Printed values first: a side without an MRZ is the printed side.
    ordered = sorted(docs, key=lambda d: d.mrz_present)
    base = with_mrz or docs[0]
    fields = union([(d.file, d.fields) for d in ordered])
    # The card's number as its zone carries it (optional data, under the composite check digit).
    zone_number = with_mrz.fields.get("tazkira_number") if with_mrz is not None else None
    if zone_number is not None and zone_number.source != "mrz":
        zone_number = None
    if with_mrz is not None and with_mrz.mrz_checks and all(with_mrz.mrz_checks.values()):
        # The zone's every check digit holds: what it carries under them settles the printed side's
        # unsure readings.
        for key in _ZONE_PROVEN_DATES:
            printed, zone = fields.get(key), with_mrz.mrz_fields.get(key)
            if printed is None or zone is None or printed.file == with_mrz.file or printed.confidence >= _SURE_PRINTED:
                continue
            status = compare_date(zone.value, replace(printed, confidence=1.0), policy, birth_date=False).status
            if status == "pass":
                # The front's unsure reading says what the zone's check digits prove: two independent
                # readings agree, the zone's confidence stands for both.
                own = with_mrz.fields.get(key)
                zone_conf = max(zone.confidence, with_mrz.mrz_confidence,
                                own.confidence if own is not None and own.value == zone.value else 0.0)
                fields[key] = replace(printed, confidence=max(printed.confidence, zone_conf))
            elif status == "fail":
                # As read_tazkira does with both sides in one file: the front's unsure reading gives way to
                # the zone's value, which its check digits prove, at the reader's confidence for that (0.6).
                fields[key] = replace(zone, confidence=_ZONE_OUTVOTES, file=zone.file or with_mrz.file)
        printed, zone = fields.get("tazkira_number"), zone_number
        if (printed is not None and zone is not None and printed.file != with_mrz.file
                and printed.confidence < _SURE_PRINTED):
            front, carried = digits_of(printed.value), digits_of(zone.value)
            if front and number_in_zone(front, [carried]):
                # The front's unsure reading is the number the zone carries: two independent readings
                # agree, the zone's confidence stands for both (as for the dates).
                fields["tazkira_number"] = replace(printed, confidence=max(printed.confidence, zone.confidence))
            elif len(carried) == len(front) or (len(carried) == E_TAZKIRA_DIGITS != len(front)):
                # The card's number in its zone's optional data, under the composite check digit, against
                # an unsure printed reading of it (a 7 read as 2 at 0.67): the zone's, as for the dates.
                # Not a zone whose digits are more or fewer: its OCR lost or gained one and the rest slid;
                # unless the front's are not an e-tazkira number's 13 (``0048167-13990395``, Dari digits
                # read out of order) and the zone's are.
                fields["tazkira_number"] = replace(zone, confidence=_ZONE_OUTVOTES, file=zone.file or with_mrz.file)
    mrz_fields = {k: replace(v, file=v.file or base.file) for k, v in base.mrz_fields.items()}
    if zone_number is not None and with_mrz is not None and with_mrz.mrz_checks.get("composite"):
        # The zone's side of a front-against-zone comparison (cross.tazkira_number_vs_zone_check).
        mrz_fields["tazkira_number"] = replace(zone_number, file=zone_number.file or with_mrz.file)
    return replace(
        base,
        file=" + ".join(d.file for d in docs),
        sha256="",
        fields=fields,
        printed_fields=union([(d.file, d.printed_fields) for d in ordered]),
        mrz_fields=mrz_fields,
        warnings=tuple(w for d in docs for w in d.warnings),
        extra={k: v for d in reversed(docs) for k, v in d.extra.items()},
    )


def _pair_score(letter: DocumentEvidence, view: rules.LetterPeriodView, period: EmploymentPeriod,
                policy: CheckPolicy) -> float:
    """How much a letter's period resembles a record's employment period: employer (in either script),
    dates, an open end on both sides, and the contract number and supervisor the letter states."""
    rank = {"pass": 1.0, "review": 0.5, "fail": 0.0}
    score = 0.0
    emp = letter.get("employer")
    if emp is not None and period.employer:
        if has_arabic_script(emp.value) != has_arabic_script(period.employer):
            score += 0.5 * rank[compare_text(period.employer, emp.value, policy, "employer").status]
        else:
            score += 0.5 * fuzz.token_set_ratio(emp.value.upper(), period.employer.upper()) / 100.0
    for fv, exp in ((view.start_date, period.start_date), (view.end_date, period.end_date)):
        if fv is not None and exp:
            score += 0.25 * rank[compare_dates_status(exp, fv, policy)]
    if view.end_date is not None and view.end_date.value.strip().lower() == "present" and not period.end_date:
        score += 0.25
    number = view.contract_number or letter.get("contract_number") or letter.get("subcontract_number")
    if number is not None and period.contract_number and \
            normalize_identifier(number.value) == normalize_identifier(period.contract_number):
        score += 0.3
    sup = letter.get("supervisor_name")
    if sup is not None and period.supervisor_name and \
            fuzz.token_set_ratio(sup.value.upper(), period.supervisor_name.upper()) >= 90:
        score += 0.1
    return score


def pair_letters(
    letters: Sequence[DocumentEvidence], periods: Sequence[EmploymentPeriod], policy: CheckPolicy
) -> dict[tuple[int, int], int]:
    """Pair each period a letter states, ``(letter index, period index in the letter)``, with the
    record's employment period (index) it resembles most.

    Greedy on the best remaining score. Letter periods left over are employment the record does
    not claim; record periods left over have no letter.
    """
    views = {li: rules.letter_periods(lt) for li, lt in enumerate(letters)}
    scored = sorted(
        ((_pair_score(letters[li], v, pr, policy), li, v.index, pi)
         for li, vs in views.items() for v in vs for pi, pr in enumerate(periods)),
        key=lambda t: (-t[0], t[1], t[2], t[3]),
    )
    pairs: dict[tuple[int, int], int] = {}
    used: set[int] = set()
    for _score, li, k, pi in scored:
        if (li, k) in pairs or pi in used:
            continue
        pairs[(li, k)] = pi
        used.add(pi)
    return pairs


def _record_dates(record: ApplicantRecord) -> dict[str, str]:
    """The record's dates under the passport field names (for the MRZ-against-page rule)."""
    return {"date_of_birth": record.date_of_birth or "", "expiry_date": record.passport_expiry or ""}


def _missing(check_id: str, field: str, reason: str, policy: CheckPolicy) -> CheckResult:
    return CheckResult(check_id, field, policy.missing_document_status, None, None, "", reason)  # type: ignore[arg-type]


def _unheld_zone_unsure(doc: DocumentEvidence, policy: CheckPolicy) -> DocumentEvidence:
    """A document whose zone was found but does not hold (too many broken check digits, names of
    filler debris, two readings that both pass): the values it gave are unsure, whatever OCR said,
    unless the printed page, read confidently, says the same.

    A check digit that verifies in such a zone may do so by chance (one in ten): an expiry date read
    from a zone blurred past reading once failed a benign record at confidence 0.99. Its values
    then go to review (an exact long number still passes, :func:`workstation.checks._base.apply_confidence`).
    """
    if not doc.mrz_present or not doc.mrz_checks or zone_holds(doc):
        return doc
    cap = min(doc.mrz_confidence, policy.unheld_zone_confidence)
    unsure = {}
    for k, v in doc.fields.items():
        printed = doc.printed_fields.get(k)
        confirmed = (printed is not None and printed.confidence >= policy.min_field_confidence
                     and _same_reading(k, v.value, printed.value))
        unsure[k] = replace(v, confidence=min(v.confidence, cap)) if v.source == "mrz" and not confirmed else v
    if all(unsure[k] is doc.fields[k] for k in unsure):
        return doc
    return replace(doc, fields=unsure)


def _same_reading(name: str, zone: str, printed: str) -> bool:
    """Whether a zone's value and the printed page's say the same (formats aside)."""
    if name in ("nationality", "issuing_country"):
        return nationality_code(printed) == zone.strip().upper()
    if name in ("surname", "given_names"):
        return mrz_text(zone) == mrz_text(printed) != ""
    if name == "sex":
        return printed.strip()[:1].upper() == zone.strip()[:1].upper() != ""
    return normalize_identifier(zone) == normalize_identifier(printed) != ""


def check_case(
    record: ApplicantRecord,
    documents: Sequence[DocumentEvidence],
    policy: CheckPolicy | None = None,
    today: dt.date | None = None,
) -> CheckReport:
    """Every check of one case, and its verdict.

    Args:
        record: The applicant record.
        documents: The documents' evidence, in the order the officer gave them.
        policy: The checks policy (default: the packaged one).
        today: The day of the run (passport validity); default today's date.

    Returns:
        A :class:`CheckReport`; disagreements are checks with status ``fail``, never exceptions.
    """
    policy = policy or load_check_policy()
    ctx = RuleContext(policy=policy, today=today or dt.date.today())
    # A letter's own numeric dates may settle the day/month order its reader left open (DOMAIN.md).
    documents = [settle_letter_dates(d) if d.kind == LETTER else d for d in documents]
    documents = [_unheld_zone_unsure(d, policy) for d in documents]
    checks: list[CheckResult] = []
    passports = _prefixes(documents, PASSPORT, "passport")
    taz_docs = [d for d in documents if d.kind == TAZKIRA]
    tazkiras = [("tazkira", merge_sides(taz_docs, policy))] if taz_docs else []
    letters = _prefixes(documents, LETTER, "letter")
    if len([d for d in documents if d.kind == LETTER]) == 1:
        letters = [("letter.0", letters[0][1])]  # letter ids are always numbered
    others = [d for d in documents if d.kind not in (PASSPORT, TAZKIRA, LETTER)]

    for prefix, doc in passports:
        own = rules.passport_checks(record, doc, prefix, ctx)
        c = cross.mrz_check_digit_check(doc, prefix, ctx, required=True, record_number=record.passport_number)
        internal = cross.mrz_vs_printed_checks(doc, prefix, ctx, _record_dates(record))
        checks.extend(own)
        if c is not None:
            checks.append(c)
        checks.extend(internal)
    unrecognised = f" ({len(others)} document(s) not recognised)" if others else ""
    if not passports and (record.passport_number or record.passport_expiry):
        checks.append(_missing("passport.document", "passport_number", f"no passport given{unrecognised}", policy))

    for prefix, doc in tazkiras:
        own = rules.tazkira_checks(record, doc, prefix, ctx)
        c = cross.mrz_check_digit_check(doc, prefix, ctx, required=False)
        internal = cross.mrz_vs_printed_checks(doc, prefix, ctx, {"date_of_birth": record.date_of_birth or "",
                                                                  "father_name": record.father_name or ""})
        checks.extend(own)
        if c is not None:
            checks.append(c)
        checks.extend(internal)
        for p_prefix, pdoc in passports[:1]:
            checks.extend(cross.tazkira_vs_passport_checks(doc, prefix, pdoc, p_prefix, ctx))
    if not tazkiras and record.tazkira_number:
        checks.append(_missing("tazkira.document", "tazkira_number", f"no tazkira given{unrecognised}", policy))

    letter_docs = [d for _, d in letters]
    pairs = pair_letters(letter_docs, record.employment, policy)
    ids = passports[:1] + tazkiras[:1]
    for li, (prefix, doc) in enumerate(letters):
        views = []
        for v in rules.letter_periods(doc):
            pi = pairs.get((li, v.index))
            views.append((v, record.employment[pi] if pi is not None else None, pi))
        checks.extend(rules.letter_checks(record, doc, prefix, views, ctx))
        checks.extend(cross.letter_vs_id_checks(doc, prefix, ids, ctx))
    paired = set(pairs.values())
    for pi, _period in enumerate(record.employment):
        if pi not in paired:
            checks.append(_missing(f"employment.{pi}.letter", f"employment.{pi}",
                                   f"no employment letter given for this period{unrecognised}", policy))
    first_pair: dict[int, int] = {}
    for (li, _k), pi in sorted(pairs.items()):
        first_pair.setdefault(li, pi)
    unreadable = {li for li, d in enumerate(letter_docs) if letter_unreadable(d)}
    for li in sorted(unreadable):
        prefix, doc = letters[li]
        checks.append(result(f"{prefix}.readable", "employment", doc, None, "review", None, None,
                             "too little could be read from this letter to check it; rescan or check by eye"))
    if letter_docs:  # SIV service rules judge letters; a case without letters has none to judge
        checks.extend(_soften_unread(_service_rule_checks(record, letter_docs, first_pair, ctx), unreadable))

    for i, doc in enumerate(others):
        checks.append(result(f"document.{i}.kind", "kind", doc, None, "review", None, doc.kind,
                             "document type not recognised; nothing on it was checked"))

    checks = corroborate_unsure_readings(outvote_unsure_readings(checks, policy), policy)
    verdict, why = decide_verdict(checks)
    return CheckReport(record.case_number, verdict, tuple(checks), why, policy.version)


#: Fields of a letter without which there is nothing to check.
LETTER_CORE_FIELDS = ("employee_name", "employer", "position", "start_date", "end_date")


def letter_unreadable(doc: DocumentEvidence) -> bool:
    """Whether fewer than two of a letter's core fields were read."""
    return sum(doc.get(k) is not None for k in LETTER_CORE_FIELDS) < 2


def _soften_unread(checks: list[CheckResult], unreadable: set[int]) -> list[CheckResult]:
    """A service rule that fails only because a letter could not be read is a review (missing evidence)."""
    if not unreadable:
        return checks
    out = []
    for c in checks:
        tail = c.id.rsplit(".", 1)[-1]
        per_letter = tail.isdigit()
        concerns = int(tail) in unreadable if per_letter else True
        if c.status == "fail" and concerns:
            c = replace(c, status="review", reason=f"{c.reason} (a letter could not be read: review, not fail)")
        out.append(c)
    return out


def _service_rule_checks(
    record: ApplicantRecord, letters: Sequence[DocumentEvidence], pairs: dict[int, int], ctx: RuleContext
) -> list[CheckResult]:
    """The SIV service rules (dates window, total service, contract numbers, wording)."""
    import importlib

    try:
        service_rules = importlib.import_module("workstation.checks.service_rules")
    except ModuleNotFoundError as e:  # the module is optional until the letter rules land
        if e.name != "workstation.checks.service_rules":
            raise
        return []
    fn = getattr(service_rules, "service_checks", None)
    if fn is None:
        return []
    out = list(fn(record, letters, pairs, ctx))
    if ctx.policy.service_rule_fails_are_review:
        # The verdict's "mismatch" is a disagreement or a forgery sign; an SIV service rule that is
        # not met (no contract number, too little service) is evidence to complete: a review.
        out = [replace(c, status="review", reason=f"{c.reason} (service rule not met: for the officer to "
                       "resolve; not a disagreement between record and documents)") if c.status == "fail" else c
               for c in out]
    return list(out)


#: Record fields that several documents state, grouped by what they say about the person.
_FACETS = {"date_of_birth": "date of birth", "surname": "name", "given_names": "name", "name": "name",
           "sex": "sex", "father_name": "father's name"}
#: The same for document-against-document checks, which also compare a letter's employee name.
_VS_FACETS = {**_FACETS, "employee_name": "name"}


def _own_document(check_id: str) -> str | None:
    """The document a record check reads (``letter.0`` of ``letter.0.date_of_birth``); ``None`` for a
    document-to-document check."""
    if ".vs_" in check_id or ".mrz" in check_id:
        return None
    return check_id.rsplit(".", 1)[0]


def corroborate_unsure_readings(checks: Sequence[CheckResult], policy: CheckPolicy) -> list[CheckResult]:
    """A record check sent to review only for its reading's low OCR confidence, where it would pass,
    passes when that reading is exactly another document's, read confidently and passing the record itself:
    OCR noise does not produce exactly what another document gives. Blind cases 700 and 716: a year-only
    record, a tazkira or letter reading the passport zone's 1975-12-19 to the day at 0.54; case 613: a card's
    given names read MOHAMMAD NASIR at 0.37, the passport's, on a record with the order swapped. A reading
    that would fail is left as it is; so is one whose agreement with the other document is not exact (a
    short name or a year read unsurely is no exact agreement: see :func:`workstation.checks._base.apply_confidence`).

    The same document's printed page corroborates its zone the same way (blind case 763: a zone read two
    ways, its sex and nationality held at 0.57, the page printing the same M and AFG read at 0.83 and 0.97).
    """
    passed = {c.id for c in checks if c.status == "pass"}
    exact_with: dict[tuple[str, str], list[str]] = {}
    for c in checks:
        own, _, field = c.id.partition(".mrz_vs_printed.")
        if (field and c.status == "pass" and c.reason == "MRZ and printed page agree" and c.evidence is not None
                and c.evidence.confidence is not None and c.evidence.confidence >= policy.min_field_confidence):
            exact_with.setdefault((own, field), []).append(f"{own}'s printed page")
    for c in checks:
        own, _, rest = c.id.partition(".vs_")
        if not rest or c.status != "pass" or "." not in rest:
            continue
        other, field = rest.rsplit(".", 1)
        # "against the passport: exact", perhaps with this side's low confidence after a ";"
        said = c.reason.split(": ", 1)[-1]
        if ((said == "exact" or said.startswith(("exact;", "exact ("))) and cross.OTHER_UNSURE_NOTE not in c.reason
                and f"{other}.{field}" in passed):
            exact_with.setdefault((own, field), []).append(other)
    out: list[CheckResult] = []
    for c in checks:
        doc = _own_document(c.id)
        others = exact_with.get((doc, c.field)) if doc else None
        if others and c.status == "review" and c.found and held_back_from_pass(c.reason):
            c = replace(c, status="pass", reason=f"{c.reason}; it is exactly what {', '.join(others)} gives, read "
                        "confidently: OCR noise does not produce exactly another document's reading")
        out.append(c)
    return out


def outvote_unsure_readings(checks: Sequence[CheckResult], policy: CheckPolicy) -> list[CheckResult]:
    """A fail on one document's unsure reading that the other documents outvote is a review.

    When a name, birth date, sex or father's name fails on one document, read by OCR below
    ``policy.max_confidence_outvoted`` (never a text layer, nor a zone's birth date, which its check
    digit covers), while at least
    ``policy.outvoting_documents`` other documents each agree with the record on it, the one
    reading is as likely an OCR slip as a different value on that document: the officer compares
    (review). The same document's comparisons of that field with the other documents follow.
    A record that differs from every document still fails: no document agrees with it.
    """
    need = int(policy.outvoting_documents)
    if need <= 0:
        return list(checks)
    agree: dict[str, set[str]] = {}
    for c in checks:
        facet, own = _FACETS.get(c.field), _own_document(c.id)
        if facet and own and c.status == "pass":
            agree.setdefault(facet, set()).add(own)
    softened: dict[tuple[str, str], str] = {}
    out: list[CheckResult] = []
    for c in checks:
        facet, own = _FACETS.get(c.field), _own_document(c.id)
        ev = c.evidence
        # A zone's birth date carries a check digit; its names and sex do not.
        proven = ev is not None and ev.source == "mrz" and c.field == "date_of_birth"
        unsure = (ev is not None and not proven and ev.source not in ("text_layer", "truth")
                  and ev.confidence is not None and ev.confidence < policy.max_confidence_outvoted)
        if c.status == "fail" and facet and own and unsure and ev is not None and not c.forgery_sign:
            others = sorted(agree.get(facet, set()) - {own})
            if len(others) >= need:
                why = (f"{c.reason}; but {', '.join(others)} agree with the record on the {facet} and this reading "
                       f"was made by OCR at confidence {ev.confidence:.2f}: an OCR slip or a different value on "
                       "this document, compare with it")
                softened[(own, facet)] = ", ".join(others)
                c = replace(c, status="review", reason=why)
        out.append(c)
    if not softened:
        return out
    final = []
    for c in out:
        facet = _VS_FACETS.get(c.field)
        own, _, rest = c.id.partition(".vs_")
        other = rest.rsplit(".", 1)[0] if rest else ""
        if c.status == "fail" and facet and rest and not c.forgery_sign:
            if (own, facet) in softened:
                c = replace(c, status="review", reason=f"{c.reason}; this document's reading is outvoted by "
                            f"{softened[(own, facet)]}, which agree with the record: compare with the document")
            elif (other, facet) in softened:
                # Against a reading the other documents outvoted (its OCR slip): not a disagreement of this one.
                c = replace(c, status="review", reason=f"{c.reason}; the {other} reading it is compared with is "
                            f"outvoted by {softened[(other, facet)]}, which agree with the record: compare with the "
                            "documents")
        final.append(c)
    return final
