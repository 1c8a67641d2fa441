"""Building blocks shared by the rules: one field compared, with evidence and the confidence rule."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from workstation.checks._compare import Outcome
from workstation.checks.model import CheckResult, DocumentEvidence, Evidence, FieldValue, Status
from workstation.checks.policy import CheckPolicy


@dataclass(frozen=True)
class RuleContext:
    """What every rule needs besides the record and documents.

    Attributes:
        policy: Thresholds and switches.
        today: The date of the run (passport validity).
    """

    policy: CheckPolicy
    today: dt.date


def confident(fv: FieldValue, policy: CheckPolicy, proven: bool = False) -> bool:
    """Whether ``fv`` was read confidently enough to pass or fail on it.

    A value a verified check digit covers (``proven``) is confident whatever the OCR said.
    """
    return proven or fv.confidence >= policy.min_field_confidence


_LONG_EXACT = re.compile(r"[\s\-./]+")


def _exact_long(outcome: Outcome, fv: FieldValue, policy: CheckPolicy) -> bool:
    """An exact agreement that OCR noise could not have produced: a long number or a full date."""
    if not policy.exact_identifier_overrides_low_confidence or outcome.status != "pass" or fv.alternatives:
        return False
    a, b = _LONG_EXACT.sub("", outcome.expected or "").upper(), _LONG_EXACT.sub("", fv.value).upper()
    if a != b:
        return False
    full_date = re.fullmatch(r"\d{8}", a) is not None
    number = len(a) >= policy.exact_identifier_min_length and any(c.isdigit() for c in a)
    return full_date or number


def apply_confidence(outcome: Outcome, fv: FieldValue, policy: CheckPolicy, proven: bool = False) -> Outcome:
    """Send a pass or fail on a low-confidence reading to review, saying what it would have been.

    A long number or full date read at low confidence that agrees exactly passes, saying so.
    """
    if outcome.status == "pass" and not confident(fv, policy, proven) and _exact_long(outcome, fv, policy):
        return Outcome("pass", f"{outcome.reason}; read at low OCR confidence {fv.confidence:.2f}, but OCR noise "
                       "does not produce exactly the expected value", outcome.expected, outcome.found)
    if outcome.status in ("pass", "fail") and not confident(fv, policy, proven):
        return Outcome(
            "review",
            f"low OCR confidence {fv.confidence:.2f} (would be {outcome.status}: {outcome.reason})",
            outcome.expected,
            outcome.found,
        )
    return outcome


def result(
    check_id: str,
    field: str,
    doc: DocumentEvidence,
    fv: FieldValue | None,
    status: Status,
    expected: str | None,
    found: str | None,
    reason: str,
    *,
    forgery_sign: bool = False,
) -> CheckResult:
    """A :class:`CheckResult` with the evidence of ``fv`` on ``doc``."""
    ev = Evidence.of(doc, fv)
    return CheckResult(check_id, field, status, expected, found, ev.document, reason, ev, forgery_sign=forgery_sign)


def field_check(
    check_id: str,
    field: str,
    doc: DocumentEvidence,
    doc_field: str,
    expected: str | None,
    compare: Callable[[str, FieldValue], Outcome],
    policy: CheckPolicy,
    *,
    proven: bool = False,
    fv: FieldValue | None = None,
    alternates: Sequence[FieldValue] = (),
) -> CheckResult | None:
    """Compare ``expected`` with the document's ``doc_field``.

    Returns ``None`` when there is nothing to compare against (``expected`` empty). A field
    the document does not give is the policy's ``unreadable_field_status`` (review), never a pass.
    """
    if expected is None or not str(expected).strip():
        return None
    fv = fv if fv is not None else doc.get(doc_field)
    if fv is None:
        return result(check_id, field, doc, None, policy.unreadable_field_status,  # type: ignore[arg-type]
                      expected, None, f"{doc_field.replace('_', ' ')} not read from the document")
    out = apply_confidence(compare(expected, fv), fv, policy, proven)
    if out.status == "fail":
        out = agrees_with_other_reading(out, expected, fv, alternates, compare)
    return result(check_id, field, doc, fv, out.status, out.expected or expected, out.found or fv.value, out.reason)


def agrees_with_other_reading(
    out: Outcome, expected: str, fv: FieldValue, alternates: Sequence[FieldValue],
    compare: Callable[[str, FieldValue], Outcome],
) -> Outcome:
    """A fail becomes a review when another reading of the same field (MRZ or printed page) agrees.

    The document's two readings then differ from each other (an OCR error on one of them, or an
    alteration, which the MRZ-against-printed check reports); the document's value is unsure.
    """
    for alt in alternates:
        if alt.value == fv.value or not alt.value.strip():
            continue
        if compare(expected, alt).status == "pass":
            where = "MRZ" if alt.source == "mrz" else "printed page"
            return Outcome("review", f"{out.reason}; but the {where} reads {alt.value}, which agrees: the "
                           "document's readings differ", out.expected, out.found)
    return out


def mrz_text(text: str) -> str:
    """A printed name as the MRZ would write it: A-Z only, one space between parts."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).upper()
    t = re.sub(r"[^A-Z]+", " ", t)
    return " ".join(t.split())


def mrz_names_may_be_truncated(doc: DocumentEvidence) -> bool:
    """Whether the MRZ's name field is (nearly) full, so that its names may be cut short."""
    flag = doc.extra.get("mrz_names_truncated")
    if isinstance(flag, bool):
        return flag
    width = {44: 39, 36: 31, 30: 30}.get(len(doc.mrz_lines[0]) if doc.mrz_lines else 44, 39)
    sur = doc.mrz_fields.get("surname")
    giv = doc.mrz_fields.get("given_names")
    used = len(mrz_text(sur.value) if sur else "") + 2 + len(mrz_text(giv.value) if giv else "")
    return used >= width - 1
