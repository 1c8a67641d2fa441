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
from workstation.documents.mrz_codes import MRZ_STATE_CODES


@dataclass(frozen=True)
class RuleContext:
    """What every rule needs besides the record and documents.

    Attributes:
        policy: Thresholds and switches.
        today: The date of the run (passport validity).
    """

    policy: CheckPolicy
    today: dt.date


#: Sources whose values are not OCR: a text layer and ground truth (tests).
NOT_OCR = ("text_layer", "truth")


def zone_holds(doc: DocumentEvidence) -> bool:
    """Whether a document's MRZ was read as a zone, so that a check digit that verifies proves its field.

    One altered value breaks its own check digit and the composite; more broken digits, or names
    made of filler debris, mean the zone was not read and a digit that holds may hold by chance
    (one in ten). A zone the reader read in several ways that all pass (ambiguous) holds nothing.
    """
    if not doc.mrz_present or not doc.mrz_checks:
        return False
    if zone_ambiguous(doc):
        return False
    broken = sum(1 for ok in doc.mrz_checks.values() if not ok)
    return broken <= 2 and not zone_debris(doc)


def zone_ambiguous(doc: DocumentEvidence) -> bool:
    """Whether the reader found different readings of the zone that each pass every check digit: the
    digits then prove none of them."""
    warnings = (*doc.extra.get("mrz_warnings", ()), *doc.warnings)
    return any(str(w).startswith("ambiguous reading") for w in warnings)


def zone_debris(doc: DocumentEvidence) -> bool:
    """Whether the zone's names or codes read as debris (filler runs, non-letters in a country code)."""
    for name in ("surname", "given_names"):
        fv = doc.mrz_fields.get(name)
        if fv is not None and garbled_text(fv.value):
            return True
    # A country code no state or organisation has (blind case 792 of seed 6: AFG read SOB, in a zone whose names
    # read QAL for QADERI and whose number passed its check digit with two digits misread) is a misread zone.
    for name in ("nationality", "issuing_country"):
        code = doc.mrz_fields.get(name)
        if code is not None and code.value.strip() and code.value.strip().replace("<", "") not in MRZ_STATE_CODES:
            return True
    return False


def garbled_text(value: str) -> bool:
    """A name part that is MRZ fillers misread as letters (``KSSKKSSEKK``) or a run no name has."""
    for part in mrz_text(value).split():
        if len(part) > 24:
            return True
        if len(part) >= 8 and sum(ch in "KSCELX" for ch in part) / len(part) > 0.6:
            return True
        if re.search(r"(.)\1\1", part):  # three same letters in a row: no Afghan or Latin name does
            return True
    return False


#: Letters OCR mistakes for one another in capitals (OCR-B zones and printed pages).
#: Letters OCR confuses (a letter may stand in two groups: the first one folds it). ``Q``/``G``: a
#: lower-case ``q`` and ``g`` differ by a tail (case 559 of the blind set: ``Haq`` read ``Hag`` at 0.90).
_CONFUSABLE = [set("IZ1LJT"), set("ODQ0U"), set("MHNW"), set("EF"), set("B8R"), set("S5"), set("GC6"), set("QG")]


def _confusable(x: str, y: str) -> bool:
    """Same length, letters different in pairs OCR confuses: at most two in a part of five letters or
    more, one in a shorter part of at least three (``HAQ``/``HAG``)."""
    if len(x) != len(y) or len(x) < 3:
        return False
    diff = [(c, d) for c, d in zip(x, y, strict=True) if c != d]
    most = 2 if len(x) >= 5 else 1
    return 0 < len(diff) <= most and all(any(c in g and d in g for g in _CONFUSABLE) for c, d in diff)


#: A name part this long may differ by two letters on an OCR reading (MOHAMMAD read MOMAMIMAD).
_LONG_PART = 7


def one_letter_apart(a: str, b: str, truncated: bool = False) -> bool:
    """Whether two names differ only by one letter (two in a part of 7 letters or more), or by letters
    OCR confuses, in some of their parts.

    ``truncated``: ``a`` may be cut short (a full MRZ name field): ``b``'s parts beyond it, and the
    end of its last part, are not compared.
    """
    pa, pb = mrz_text(a).split(), mrz_text(b).split()
    if truncated and pa and len(pb) > len(pa):
        pb = pb[:len(pa)]
        if len(pa[-1]) < len(pb[-1]):
            pb[-1] = pb[-1][:len(pa[-1])]
    if not pa or not pb or pa == pb:
        return False
    if len(pa) == len(pb):
        return _parts_a_letter_apart(pa, pb)
    # A long name read in part (``ABOU HAO`` for ``... ABDUL HAQ``: small print shrunk to fit): the
    # parts read, at least two, run in the same order inside the other name, with slips.
    short, long_ = (pa, pb) if len(pa) < len(pb) else (pb, pa)
    if len(short) < 2:
        return False
    return any(_parts_a_letter_apart(short, long_[i:i + len(short)]) for i in range(len(long_) - len(short) + 1))


def _fold_confusable(x: str) -> str:
    return "".join(next((min(g) for g in _CONFUSABLE if c in g), c) for c in x)


def _parts_a_letter_apart(pa: Sequence[str], pb: Sequence[str]) -> bool:
    """Parts pairwise equal or a letter apart (two in a long part), letters OCR confuses not counted;
    at least one pair different."""
    from rapidfuzz.distance import Levenshtein

    if list(pa) == list(pb):
        return False
    for x, y in zip(pa, pb, strict=True):
        if x == y or _confusable(x, y) or (len(x) >= 3 and _fold_confusable(x) == _fold_confusable(y)):
            continue
        allowed = 2 if min(len(x), len(y)) >= _LONG_PART else 1
        if min(len(x), len(y)) < 4 or (Levenshtein.distance(x, y) > allowed
                                       and Levenshtein.distance(_fold_confusable(x), _fold_confusable(y)) > allowed):
            return False
    return True


def one_letter_guard(o: Outcome, fvs: Sequence[FieldValue | None], policy: CheckPolicy,
                     truncated: bool = False) -> Outcome:
    """A name fail between two names a letter apart (two in a long part) is a review when a side was
    read by OCR unsurely.

    ``fvs`` are the readings on either side (a record value is ``None``); ``truncated``: the expected
    name may be cut short (a full MRZ name field).
    """
    if o.status != "fail" or not one_letter_apart(o.expected or "", o.found or "", truncated):
        return o
    unsure = [f for f in fvs if f is not None and f.source not in NOT_OCR
              and f.confidence < policy.min_confidence_for_one_letter_name_fail]
    if not unsure:
        return o
    return Outcome("review", f"{o.reason}: a letter apart on a reading made by OCR (confidence "
                   f"{min(f.confidence for f in unsure):.2f}); an OCR slip or a different name, compare with the "
                   "document", o.expected, o.found)


def confident(fv: FieldValue, policy: CheckPolicy, proven: bool = False) -> bool:
    """Whether ``fv`` was read confidently enough to pass or fail on it.

    A value a verified check digit covers (``proven``) is confident whatever the OCR said.
    """
    return proven or fv.confidence >= policy.min_field_confidence


_LONG_EXACT = re.compile(r"[\s\-./]+")


def _exact_long(outcome: Outcome, fv: FieldValue, policy: CheckPolicy) -> bool:
    """An exact agreement that OCR noise could not have produced: a long number, a full date, or a
    name of as many letters said to be exactly the record's."""
    if not policy.exact_identifier_overrides_low_confidence or outcome.status != "pass" or fv.alternatives:
        return False
    a, b = _LONG_EXACT.sub("", outcome.expected or "").upper(), _LONG_EXACT.sub("", fv.value).upper()
    if re.fullmatch(r"\d{4}", a) and b == a + "0101":
        a = b  # a year-only date and the 1 January a document conventionally prints for it
    if a != b:
        return False
    full_date = re.fullmatch(r"\d{8}", a) is not None
    number = len(a) >= policy.exact_identifier_min_length and any(c.isdigit() for c in a)
    # (Not a handwritten value: the reader's low confidence there is the hand, not the print.)
    name = (outcome.reason == "exact" and a.isalpha() and len(a) >= policy.exact_identifier_min_length
            and fv.source != "handwritten")
    return full_date or number or name


def held_back_from_pass(reason: str) -> bool:
    """Whether a review's ``reason`` is :func:`apply_confidence`'s for a reading that would pass but for
    its low OCR confidence."""
    return reason.startswith("low OCR confidence") and "(would be pass:" in reason


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
    document_fallback: bool = True,
) -> CheckResult | None:
    """Compare ``expected`` with the document's ``doc_field``.

    Returns ``None`` when there is nothing to compare against (``expected`` empty). A field
    the document does not give is the policy's ``unreadable_field_status`` (review), never a pass.
    ``fv`` is the value to compare when given; when it is ``None`` the document's own ``doc_field``
    stands in unless ``document_fallback`` is false (a later period of a letter: the document's
    field is its first period's, not this one's).
    """
    if expected is None or not str(expected).strip():
        return None
    if fv is None and document_fallback:
        fv = doc.get(doc_field)
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
    """Whether the MRZ's name field is (nearly) full, so that its names may be cut short.

    The reader flags a field that is full to its last character. A field with one filler left is
    nearly full: an issuer that cuts names at a word boundary leaves it so (``GHULAM<`` for
    ``GHULAM MOHAMMAD ...``), so the reader's ``False`` does not outweigh the measure.
    """
    if doc.extra.get("mrz_names_truncated") is True:
        return True
    width = {44: 39, 36: 31, 30: 30}.get(len(doc.mrz_lines[0]) if doc.mrz_lines else 44, 39)
    sur = doc.mrz_fields.get("surname")
    giv = doc.mrz_fields.get("given_names")
    used = len(mrz_text(sur.value) if sur else "") + 2 + len(mrz_text(giv.value) if giv else "")
    return used >= width - 1
