"""Run every rule over one case and decide its verdict.

:func:`check_case` is the checks stage of the pipeline: a pure function of the
record, the documents' evidence, the policy and the day of the run. It never
raises for a disagreement; it returns a :class:`CheckReport`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from rapidfuzz import fuzz

from workstation.checks import cross, rules
from workstation.checks._base import RuleContext, result
from workstation.checks._compare import compare_dates_status
from workstation.checks.model import LETTER, PASSPORT, TAZKIRA, CheckReport, CheckResult, DocumentEvidence
from workstation.checks.policy import CheckPolicy, load_check_policy
from workstation.checks.verdict import decide_verdict
from workstation.records.model import ApplicantRecord, EmploymentPeriod

log = logging.getLogger(__name__)


def _prefixes(docs: Sequence[DocumentEvidence], kind: str, base: str) -> list[tuple[str, DocumentEvidence]]:
    same = [d for d in docs if d.kind == kind]
    if len(same) == 1:
        return [(base, same[0])]
    return [(f"{base}.{i}", d) for i, d in enumerate(same)]


def _pair_score(letter: DocumentEvidence, period: EmploymentPeriod, policy: CheckPolicy) -> float:
    """How much a letter resembles an employment period (employer text and dates), 0..1."""
    score = 0.0
    emp = letter.get("employer")
    if emp is not None and period.employer:
        score += 0.5 * fuzz.token_set_ratio(emp.value.upper(), period.employer.upper()) / 100.0
    for name in ("start_date", "end_date"):
        fv = letter.get(name)
        exp = getattr(period, name)
        if fv is not None and exp:
            score += 0.25 * {"pass": 1.0, "review": 0.5, "fail": 0.0}[compare_dates_status(exp, fv, policy)]
    return score


def pair_letters(
    letters: Sequence[DocumentEvidence], periods: Sequence[EmploymentPeriod], policy: CheckPolicy
) -> dict[int, int]:
    """Pair each letter (index) with the employment period (index) it resembles most.

    Greedy on the best remaining score; with one letter and one period they are paired.
    Letters left over have no period on the record; periods left over have no letter.
    """
    scored = sorted(
        ((_pair_score(lt, pr, policy), li, pi) for li, lt in enumerate(letters) for pi, pr in enumerate(periods)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _score, li, pi in scored:
        if li in pairs or pi in used:
            continue
        pairs[li] = pi
        used.add(pi)
    return pairs


def _missing(check_id: str, field: str, reason: str, policy: CheckPolicy) -> CheckResult:
    return CheckResult(check_id, field, policy.missing_document_status, None, None, "", reason)  # type: ignore[arg-type]


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
    checks: list[CheckResult] = []
    passports = _prefixes(documents, PASSPORT, "passport")
    tazkiras = _prefixes(documents, TAZKIRA, "tazkira")
    letters = _prefixes(documents, LETTER, "letter")
    if len([d for d in documents if d.kind == LETTER]) == 1:
        letters = [("letter.0", letters[0][1])]  # letter ids are always numbered
    others = [d for d in documents if d.kind not in (PASSPORT, TAZKIRA, LETTER)]

    for prefix, doc in passports:
        checks.extend(rules.passport_checks(record, doc, prefix, ctx))
        c = cross.mrz_check_digit_check(doc, prefix, ctx, required=True)
        if c is not None:
            checks.append(c)
        checks.extend(cross.mrz_vs_printed_checks(doc, prefix, ctx))
    if not passports and (record.passport_number or record.passport_expiry):
        checks.append(_missing("passport.document", "passport_number", "no passport given", policy))

    for prefix, doc in tazkiras:
        checks.extend(rules.tazkira_checks(record, doc, prefix, ctx))
        c = cross.mrz_check_digit_check(doc, prefix, ctx, required=False)
        if c is not None:
            checks.append(c)
        checks.extend(cross.mrz_vs_printed_checks(doc, prefix, ctx))
        for p_prefix, pdoc in passports[:1]:
            checks.extend(cross.tazkira_vs_passport_checks(doc, prefix, pdoc, p_prefix, ctx))
    if not tazkiras and record.tazkira_number:
        checks.append(_missing("tazkira.document", "tazkira_number", "no tazkira given", policy))

    letter_docs = [d for _, d in letters]
    pairs = pair_letters(letter_docs, record.employment, policy)
    ids = passports[:1] + tazkiras[:1]
    for li, (prefix, doc) in enumerate(letters):
        pi = pairs.get(li)
        period = record.employment[pi] if pi is not None else None
        checks.extend(rules.letter_checks(record, doc, prefix, period, pi, ctx))
        checks.extend(cross.letter_vs_id_checks(doc, prefix, ids, ctx))
    for pi, _period in enumerate(record.employment):
        if pi not in pairs.values():
            checks.append(_missing(f"employment.{pi}.letter", f"employment.{pi}",
                                   "no employment letter given for this period", policy))
    if letter_docs:  # SIV service rules judge letters; a case without letters has none to judge
        checks.extend(_service_rule_checks(record, letter_docs, pairs, ctx))

    for i, doc in enumerate(others):
        checks.append(result(f"document.{i}.kind", "kind", doc, None, "review", None, doc.kind,
                             "document type not recognised; nothing on it was checked"))

    verdict, why = decide_verdict(checks)
    return CheckReport(record.case_number, verdict, tuple(checks), why, policy.version)


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
    out = fn(record, letters, pairs, ctx)
    return list(out)
