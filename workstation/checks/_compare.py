"""Adapters from the matching layer to the checks' uniform outcome.

Each comparison returns an :class:`Outcome`: a status, the reason the officer
reads, and the two values as shown. The matching layer (:mod:`workstation.matching`)
does the work; this module only maps its results and adds the comparisons that
belong to the checks (free text such as employer and position, exact codes).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from workstation.checks.model import FieldValue, Status
from workstation.checks.policy import CheckPolicy
from workstation.matching.dates import ParsedDate, PartialDate, compare_dates, parse_date_text


@dataclass(frozen=True)
class Outcome:
    """What one comparison decided.

    Attributes:
        status: ``pass``, ``fail`` or ``review``.
        reason: One sentence for the officer.
        expected: The expected value as shown.
        found: The found value as shown.
    """

    status: Status
    reason: str
    expected: str
    found: str


def _date_of(fv: FieldValue, policy: CheckPolicy) -> ParsedDate | str:
    """The field as a date; an ambiguous field keeps every reading it left open."""
    if not fv.alternatives:
        return fv.value
    cands: list[PartialDate] = []
    for text in (fv.value, *fv.alternatives):
        p = parse_date_text(text, policy=policy.matching)
        for c in p.candidates:
            if c not in cands:
                cands.append(c)
    if len(cands) <= 1:
        return fv.value
    return ParsedDate(text=fv.raw or fv.value, calendar=cands[0].calendar, native=None, ambiguous=True,
                      candidates=tuple(cands))


def compare_date(expected: str, found: FieldValue, policy: CheckPolicy, *, birth_date: bool) -> Outcome:
    """Compare a record date with a document date (intervals, Solar Hijri, ambiguity)."""
    r = compare_dates(expected, _date_of(found, policy), policy=policy.matching, allow_conventional=birth_date)
    return Outcome(r.status, r.reason, r.expected, r.found)


def compare_doc_dates(a: FieldValue, b: FieldValue, policy: CheckPolicy, *, birth_date: bool) -> Outcome:
    """Compare two document dates (either may be ambiguous)."""
    r = compare_dates(_date_of(a, policy), _date_of(b, policy), policy=policy.matching,
                      allow_conventional=birth_date)
    return Outcome(r.status, r.reason, r.expected, r.found)


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).upper()
    t = re.sub(r"[^0-9A-Z\u0600-\u06FF]+", " ", t)
    return " ".join(t.split())


_STOP = {"THE", "OF", "AND", "INC", "LLC", "LTD", "CO", "COMPANY", "CORP", "CORPORATION"}


def compare_text(expected: str, found: str, policy: CheckPolicy, what: str) -> Outcome:
    """Compare free text (employer, position): case, punctuation and filler words ignored."""
    a, b = _fold(expected), _fold(found)
    if a == b:
        return Outcome("pass", "same text" if expected == found else "same text (case and punctuation ignored)",
                       expected, found)
    ta = " ".join(w for w in a.split() if w not in _STOP)
    tb = " ".join(w for w in b.split() if w not in _STOP)
    # "U.S." and "US" fold to "U S" and "US": compare without spaces too.
    if ta.replace(" ", "") == tb.replace(" ", ""):
        return Outcome("pass", "same text (spacing and punctuation ignored)", expected, found)
    score = max(fuzz.token_set_ratio(ta, tb), fuzz.ratio(ta.replace(" ", ""), tb.replace(" ", ""))) / 100.0
    if score >= policy.text_pass_score:
        return Outcome("pass", f"same {what} (similarity {score:.2f})", expected, found)
    if score >= policy.text_review_score:
        return Outcome("review", f"similar but not the same {what} (similarity {score:.2f})", expected, found)
    return Outcome("fail", f"different {what} (similarity {score:.2f})", expected, found)


def compare_code(expected: str, found: str, what: str) -> Outcome:
    """Compare short codes (sex, nationality): exact after case folding; ``X``/``<`` means unknown."""
    a, b = expected.strip().upper(), found.strip().upper()
    if a == b:
        return Outcome("pass", "exact", expected, found)
    if b in ("X", "<", "") or a in ("X", "<", ""):
        return Outcome("review", f"{what} not stated on one side", expected, found)
    return Outcome("fail", f"different {what}", expected, found)


# --------------------------------------------------------------------------------------------
# Names and identifiers
# --------------------------------------------------------------------------------------------


def _name_key(text: str) -> str:
    t = _fold(text.replace("<", " ").replace("-", " "))
    return t


def compare_name(expected: str, found: str, policy: CheckPolicy) -> Outcome:
    """Compare two names (one slot, or a full name): spelling families, order, compound splits."""
    a, b = _name_key(expected), _name_key(found)
    if a == b:
        return Outcome("pass", "exact" if expected.strip().upper() == found.strip().upper()
                       else "same name (case, spacing and punctuation ignored)", expected, found)
    if sorted(a.split()) == sorted(b.split()):
        return Outcome("pass", "same name parts, order swapped", expected, found)
    if a.replace(" ", "") == b.replace(" ", ""):
        return Outcome("pass", "same name, compound split differently", expected, found)
    score = fuzz.token_sort_ratio(a, b) / 100.0
    if score >= policy.matching.name_pass_score:
        return Outcome("pass", f"similar spelling (similarity {score:.2f})", expected, found)
    if score >= policy.matching.name_review_score:
        return Outcome("review", f"close but not the same name (similarity {score:.2f})", expected, found)
    return Outcome("fail", f"different name (similarity {score:.2f})", expected, found)


def compare_name_slots(
    exp_surname: str | None,
    exp_given: str | None,
    fnd_surname: str | None,
    fnd_given: str | None,
    policy: CheckPolicy,
) -> dict[str, Outcome]:
    """Compare a record's surname and given names with a document's, slot by slot.

    Returns an outcome for each slot the record fills (``surname``, ``given_names``).
    A single name may stand in either slot on either side (policy); names swapped
    between the slots pass with that reason.
    """
    es, eg = (exp_surname or "").strip(), (exp_given or "").strip()
    fs, fg = (fnd_surname or "").strip(), (fnd_given or "").strip()
    out: dict[str, Outcome] = {}
    if policy.single_name_either_slot:
        e_single = bool(es) != bool(eg)
        f_single = bool(fs) != bool(fg)
        if e_single and f_single:
            single_e, single_f = es or eg, fs or fg
            o = compare_name(single_e, single_f, policy)
            moved = (bool(es) != bool(fs))
            if moved and o.status == "pass":
                o = Outcome("pass", f"single name, in the other slot; {o.reason}", o.expected, o.found)
            out["surname" if es else "given_names"] = o
            return out
    if es and eg and fs and fg:
        direct = (compare_name(es, fs, policy), compare_name(eg, fg, policy))
        if any(o.status != "pass" for o in direct):
            swapped = (compare_name(es, fg, policy), compare_name(eg, fs, policy))
            if all(o.status == "pass" for o in swapped):
                return {
                    "surname": Outcome("pass", f"surname and given names swapped; {swapped[0].reason}", es, fg),
                    "given_names": Outcome("pass", f"surname and given names swapped; {swapped[1].reason}", eg, fs),
                }
            whole = compare_name(f"{eg} {es}", f"{fg} {fs}", policy)
            if whole.status == "pass":
                return {
                    "surname": Outcome("pass", f"whole name agrees, split differently; {whole.reason}", es, fs),
                    "given_names": Outcome("pass", f"whole name agrees, split differently; {whole.reason}", eg, fg),
                }
        return {"surname": direct[0], "given_names": direct[1]}
    for slot, exp, fnd in (("surname", es, fs), ("given_names", eg, fg)):
        if not exp:
            continue
        if fnd:
            out[slot] = compare_name(exp, fnd, policy)
        else:
            out[slot] = Outcome("review", "not given on the document", exp, "")
    return out


def _id_key(text: str) -> str:
    return re.sub(r"[\s\-./_<]+", "", text.upper())


def compare_identifier(expected: str, found: FieldValue, policy: CheckPolicy, *, check_digit_ok: bool | None) -> Outcome:
    """Compare identifiers (numbers): spaces and dashes ignored; one character different fails."""
    a, b = _id_key(expected), _id_key(found.value)
    if a == b:
        return Outcome("pass", "exact" if expected == found.value else "same number (spaces and dashes ignored)",
                       expected, found.value)
    diff = sum(1 for x, y in zip(a, b, strict=False) if x != y) + abs(len(a) - len(b))
    what = "one character different" if diff == 1 else f"{diff} characters different"
    return Outcome("fail", what, expected, found.value)


def compare_dates_status(expected: str, found: FieldValue, policy: CheckPolicy) -> Status:
    """Only the status of :func:`compare_date` (employment dates, no conventional birthday)."""
    return compare_date(expected, found, policy, birth_date=False).status
