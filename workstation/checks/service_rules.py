"""SIV employment-service rules, driven by the dated policy file ``resources/policy/siv_service.json``.

The rules change (DOMAIN.md, "Employment evidence"), so every threshold lives in the
policy file, never here: the start window, the minimum total service, how overlaps,
missing contract numbers, missing supervisor contacts and red-flag phrases are
treated. :func:`evaluate_service` turns the readings of one applicant's letters
into :class:`RuleResult` values: a failed rule is data, never an exception.

Dates whose day/month order the letter did not settle are never guessed: a rule
passes or fails on them only when *every* reading gives the same answer, and is a
``review`` otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from workstation.config import resources_dir
from workstation.documents.letter import LetterReading
from workstation.documents.letter_fields import PRESENT, LetterField
from workstation.errors import RuleError

log = logging.getLogger(__name__)

Status = Literal["pass", "fail", "review"]
_STATUSES = ("pass", "fail", "review")
#: Average Gregorian month in days (365.2425 / 12): totals are reported in months of this length.
MONTH_DAYS = 30.436875


@dataclass(frozen=True)
class ServicePolicy:
    """The SIV service rules in force, as read from the policy file.

    Attributes:
        version: Version number of the policy file.
        effective_date: Date from which this policy applies.
        start_earliest: Earliest qualifying start of employment.
        start_latest: Latest qualifying start of employment.
        minimum_service_months: Minimum total service, in months.
        sum_across_letters: Whether service from several letters (employers) adds up.
        overlap_status: Status of overlapping periods (``review`` or ``fail``), or None to not check.
        overlap_tolerance_days: Overlaps up to this many days are ignored (hand-over days).
        contract_number_required: Whether each letter must give a US-government contract number.
        subcontractor_needs_prime_and_sub: Whether a subcontractor's letter needs both numbers.
        contract_number_from_first_period: Whether a letter that ties contract numbers to periods needs
            one from its first period on (a number goes on with the periods after it, not before).
        missing_contract_status: Status when a required contract number is missing.
        supervisor_contact_required: Whether each letter must give the supervisor's contact.
        missing_supervisor_contact_status: Status when it is missing.
        red_flag_phrases: Phrases that send a letter to review.
        red_flag_status: Status of a letter with a red-flag phrase.
        ambiguous_date_status: Status of a rule that depends on an unsettled date.
        missing_signature_status: Status of a letter without a signature block.
        present_end_date_means: What an open end date (``present``) counts up to: ``letter_date`` or ``today``.
        source: Where the rules come from (shown with the policy).
        path: The file this policy was read from.
    """

    version: int
    effective_date: dt.date
    start_earliest: dt.date
    start_latest: dt.date
    minimum_service_months: float
    sum_across_letters: bool = True
    overlap_status: Status | None = "review"
    overlap_tolerance_days: int = 0
    contract_number_required: bool = True
    subcontractor_needs_prime_and_sub: bool = True
    contract_number_from_first_period: bool = True
    missing_contract_status: Status = "fail"
    supervisor_contact_required: bool = True
    missing_supervisor_contact_status: Status = "fail"
    red_flag_phrases: tuple[str, ...] = ()
    red_flag_status: Status = "review"
    ambiguous_date_status: Status = "review"
    missing_signature_status: Status = "review"
    present_end_date_means: str = "letter_date"
    source: str = ""
    path: str = ""

    @property
    def label(self) -> str:
        """``siv_service v2 (effective 2025-01-01)``: recorded with every result."""
        return f"siv_service v{self.version} (effective {self.effective_date.isoformat()})"


def default_policy_path() -> Path:
    """The packaged SIV service policy file."""
    return resources_dir() / "policy" / "siv_service.json"


def _date(data: dict[str, Any], key: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(data[key]))
    except (KeyError, ValueError) as e:
        raise RuleError(f"SIV service policy: '{where}{key}' must be an ISO date ({e}).") from e


def _status(value: object, key: str) -> Status:
    if value not in _STATUSES:
        raise RuleError(f"SIV service policy: '{key}' must be one of {', '.join(_STATUSES)}, not {value!r}.")
    return value  # type: ignore[return-value]


def load_service_policy(path: Path | None = None) -> ServicePolicy:
    """Read and validate the SIV service policy file.

    Raises:
        RuleError: The file is missing, not JSON, or a value is malformed (one-line message).
    """
    p = path or default_policy_path()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise RuleError(f"Cannot read the SIV service policy file {p}: {e.strerror or e}") from e
    except ValueError as e:
        raise RuleError(f"The SIV service policy file {p.name} is not valid JSON: {e}") from e
    if not isinstance(data, dict):
        raise RuleError(f"The SIV service policy file {p.name} must hold a JSON object.")
    window = data.get("start_window")
    if not isinstance(window, dict):
        raise RuleError("SIV service policy: 'start_window' with 'earliest' and 'latest' is required.")
    overlap = data.get("overlap", {})
    if not isinstance(overlap, dict):
        raise RuleError("SIV service policy: 'overlap' must be an object.")
    phrases = data.get("red_flag_phrases", [])
    if not isinstance(phrases, list) or not all(isinstance(x, str) and x.strip() for x in phrases):
        raise RuleError("SIV service policy: 'red_flag_phrases' must be a list of phrases.")
    try:
        months = float(data["minimum_service_months"])
        version = int(data.get("version", 1))
    except (KeyError, TypeError, ValueError) as e:
        raise RuleError(f"SIV service policy: 'minimum_service_months' must be a number ({e}).") from e
    present = str(data.get("present_end_date_means", "letter_date"))
    if present not in ("letter_date", "today"):
        raise RuleError("SIV service policy: 'present_end_date_means' must be 'letter_date' or 'today'.")
    pol = ServicePolicy(
        version=version,
        effective_date=_date(data, "effective_date", ""),
        start_earliest=_date(window, "earliest", "start_window."),
        start_latest=_date(window, "latest", "start_window."),
        minimum_service_months=months,
        sum_across_letters=bool(data.get("sum_across_letters", True)),
        overlap_status=_status(overlap.get("status", "review"), "overlap.status") if overlap.get("flag", True) else None,
        overlap_tolerance_days=int(overlap.get("tolerance_days", 0)),
        contract_number_required=bool(data.get("contract_number_required", True)),
        subcontractor_needs_prime_and_sub=bool(data.get("subcontractor_needs_prime_and_sub", True)),
        contract_number_from_first_period=bool(data.get("contract_number_from_first_period", True)),
        missing_contract_status=_status(data.get("missing_contract_status", "fail"), "missing_contract_status"),
        supervisor_contact_required=bool(data.get("supervisor_contact_required", True)),
        missing_supervisor_contact_status=_status(
            data.get("missing_supervisor_contact_status", "fail"), "missing_supervisor_contact_status"),
        red_flag_phrases=tuple(phrases),
        red_flag_status=_status(data.get("red_flag_status", "review"), "red_flag_status"),
        ambiguous_date_status=_status(data.get("ambiguous_date_status", "review"), "ambiguous_date_status"),
        missing_signature_status=_status(data.get("missing_signature_status", "review"), "missing_signature_status"),
        present_end_date_means=present,
        source=str(data.get("source", "")),
        path=str(p),
    )
    if pol.start_latest < pol.start_earliest:
        raise RuleError("SIV service policy: start_window.latest is before start_window.earliest.")
    return pol


@dataclass(frozen=True)
class RuleEvidence:
    """One value a rule looked at: which letter, field, and where on the page."""

    document: str
    field: str
    value: str
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    raw: str = ""

    def to_json(self) -> dict[str, object]:
        """Plain JSON form."""
        out: dict[str, object] = {"document": self.document, "field": self.field, "value": self.value}
        if self.page is not None:
            out["page"] = self.page
        if self.bbox is not None:
            out["bbox"] = [round(v, 1) for v in self.bbox]
        if self.raw:
            out["raw"] = self.raw
        return out


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one service rule.

    Attributes:
        id: Stable rule id (``service.total_service``, ``service.start_window.0``, ``service.contract_number.1``).
        status: ``pass``, ``fail`` or ``review``.
        reason: One sentence for the officer.
        evidence: The values the rule looked at.
        policy: The policy version the rule applied.
    """

    id: str
    status: Status
    reason: str
    evidence: tuple[RuleEvidence, ...] = ()
    policy: str = ""

    def to_json(self) -> dict[str, object]:
        """Plain JSON form."""
        return {"id": self.id, "status": self.status, "reason": self.reason,
                "evidence": [e.to_json() for e in self.evidence], "policy": self.policy}


# ---------------------------------------------------------------------------------------------
# Dates as sets of possible readings


@dataclass(frozen=True)
class _Span:
    """A date's possible extent: earliest and latest day it may stand for, over every reading."""

    lo: dt.date
    hi: dt.date


def _iso_span(iso: str) -> _Span | None:
    if "/" in iso:
        # An interval ``first/last`` (a Solar Hijri month without its day spans two Gregorian months).
        first, _, last = iso.partition("/")
        a, b = _iso_span(first), _iso_span(last)
        return _Span(a.lo, b.hi) if a is not None and b is not None and a.lo <= b.hi else None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
            d = dt.date.fromisoformat(iso)
            return _Span(d, d)
        if re.fullmatch(r"\d{4}-\d{2}", iso):
            y, m = int(iso[:4]), int(iso[5:])
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return _Span(dt.date(y, m, 1), nxt - dt.timedelta(days=1))
        if re.fullmatch(r"\d{4}", iso):
            return _Span(dt.date(int(iso), 1, 1), dt.date(int(iso), 12, 31))
    except ValueError:
        return None
    return None


def _field_span(f: LetterField | None, present: dt.date | None) -> _Span | None:
    """Every day the field may mean: both readings of an ambiguous date, a month's days, ``present``."""
    if f is None:
        return None
    if f.value == PRESENT:
        return _Span(present, present) if present else None
    values = f.candidates if f.ambiguous else (f.value,)
    spans = [s for s in (_iso_span(v) for v in values) if s is not None]
    if not spans:
        return None
    return _Span(min(s.lo for s in spans), max(s.hi for s in spans))


def _ev(doc: str, name: str, f: LetterField | None) -> RuleEvidence:
    if f is None:
        return RuleEvidence(doc, name, "(not found)")
    value = f.value if not f.ambiguous else f"{f.raw} (ambiguous: {' or '.join(f.candidates)})"
    return RuleEvidence(doc, name, value, f.page or None, f.bbox if f.page else None, f.raw)


@dataclass(frozen=True)
class _Period:
    doc: str
    index: int
    start: LetterField | None
    end: LetterField | None
    start_span: _Span | None
    end_span: _Span | None

    @property
    def uncertain(self) -> bool:
        return bool((self.start and self.start.ambiguous) or (self.end and self.end.ambiguous)
                    or (self.start_span and self.start_span.lo != self.start_span.hi)
                    or (self.end_span and self.end_span.lo != self.end_span.hi))


def _present_date(reading: LetterReading, policy: ServicePolicy, today: dt.date) -> dt.date | None:
    if policy.present_end_date_means == "today":
        return today
    ld = reading.fields.get("letter_date")
    span = _field_span(ld, None)
    if span is None:
        return None
    return span.lo if ld is not None and not ld.ambiguous else None


def _periods(letters: Sequence[LetterReading], names: Sequence[str], policy: ServicePolicy,
             today: dt.date) -> list[_Period]:
    out: list[_Period] = []
    for reading, doc in zip(letters, names, strict=True):
        present = _present_date(reading, policy, today)
        periods = list(reading.periods)
        if not periods and ("start_date" in reading.fields or "end_date" in reading.fields):
            from workstation.documents.letter_fields import LetterPeriod

            periods = [LetterPeriod(reading.fields.get("start_date"), reading.fields.get("end_date"))]
        for p in periods:
            out.append(_Period(doc, len(out), p.start_date, p.end_date,
                               _field_span(p.start_date, present), _field_span(p.end_date, present)))
    return out


def _months(days: int) -> float:
    return days / MONTH_DAYS


def _union_days(intervals: Sequence[tuple[dt.date, dt.date]]) -> int:
    total = 0
    cur: tuple[dt.date, dt.date] | None = None
    for lo, hi in sorted(intervals):
        if hi < lo:
            continue
        if cur is None or lo > cur[1] + dt.timedelta(days=1):
            if cur is not None:
                total += (cur[1] - cur[0]).days + 1
            cur = (lo, hi)
        else:
            cur = (cur[0], max(cur[1], hi))
    if cur is not None:
        total += (cur[1] - cur[0]).days + 1
    return total


# ---------------------------------------------------------------------------------------------
# Rules


def evaluate_service(
    letters: Sequence[LetterReading],
    policy: ServicePolicy | None = None,
    *,
    names: Sequence[str] | None = None,
    today: dt.date | None = None,
) -> list[RuleResult]:
    """Apply the SIV service rules to one applicant's employment letters.

    Args:
        letters: The readings of every employment letter of the case (one per employer).
        policy: The rules; ``None`` loads the packaged policy file.
        names: A display name per letter (file names); default ``letter 1``, ``letter 2``...
        today: The date an open end counts up to when the policy says ``today`` (tests pin it).

    Returns:
        One result per rule, and per letter or period where the rule is per letter or period:
        ``service.letters``, ``service.start_window.N``, ``service.total_service``,
        ``service.overlap``, ``service.contract_number.L``, ``service.supervisor_contact.L``,
        ``service.red_flags.L``, ``service.dates_settled.L``, ``service.signature.L``.
    """
    pol = policy or load_service_policy()
    today = today or dt.date.today()
    docs = list(names) if names is not None else [f"letter {i + 1}" for i in range(len(letters))]
    if len(docs) != len(letters):
        raise RuleError("evaluate_service: one name per letter is needed.")
    label = pol.label
    results: list[RuleResult] = []
    if not letters:
        return [RuleResult("service.letters", "review", "No employment letter was read for this case.", (), label)]
    results.append(RuleResult("service.letters", "pass", f"{len(letters)} employment letter(s) read.", (), label))
    periods = _periods(letters, docs, pol, today)
    results.extend(_start_window(periods, pol))
    results.append(_total_service(periods, pol))
    if pol.overlap_status is not None:
        results.append(_overlap(periods, pol))
    for li, (reading, doc) in enumerate(zip(letters, docs, strict=True)):
        if pol.contract_number_required:
            results.append(_contract(li, doc, reading, pol))
        if pol.supervisor_contact_required:
            results.append(_supervisor(li, doc, reading, pol))
        results.append(_red_flags(li, doc, reading, pol))
        results.append(_dates_settled(li, doc, reading, pol))
        results.append(_signature(li, doc, reading, pol))
    return [RuleResult(r.id, r.status, r.reason, r.evidence, label) for r in results]


def _start_window(periods: Sequence[_Period], pol: ServicePolicy) -> list[RuleResult]:
    out: list[RuleResult] = []
    lo, hi = pol.start_earliest, pol.start_latest
    window = f"{lo.isoformat()} to {hi.isoformat()}"
    if not periods:
        return [RuleResult("service.start_window.0", "review", "No employment period was found in the letters.")]
    for p in periods:
        rid = f"service.start_window.{p.index}"
        ev = (_ev(p.doc, "start_date", p.start),)
        s = p.start_span
        if s is None:
            out.append(RuleResult(rid, "review", f"{p.doc}: no start date was found for period {p.index + 1}.", ev))
        elif lo <= s.lo and s.hi <= hi:
            why = " (every reading of the ambiguous date)" if p.start is not None and p.start.ambiguous else ""
            out.append(RuleResult(rid, "pass", f"{p.doc}: start {p.start.value if p.start else ''} is within {window}{why}.", ev))
        elif s.hi < lo or s.lo > hi:
            out.append(RuleResult(rid, "fail", f"{p.doc}: start date is outside the qualifying window {window}.", ev))
        else:
            out.append(RuleResult(rid, pol.ambiguous_date_status,
                                  f"{p.doc}: whether the start date is within {window} depends on an unsettled "
                                  "day/month order or a partial date.", ev))
    return out


def _total_service(periods: Sequence[_Period], pol: ServicePolicy) -> RuleResult:
    need = pol.minimum_service_months
    evidence = tuple(e for p in periods for e in (_ev(p.doc, "start_date", p.start), _ev(p.doc, "end_date", p.end)))
    complete = [p for p in periods if p.start_span is not None and p.end_span is not None]
    missing = [p for p in periods if p not in complete]
    floor = pol.start_earliest
    # Fewest days every reading gives (latest start, earliest end) and most (earliest start, latest end).
    groups: dict[str, list[_Period]] = {}
    for p in complete:
        groups.setdefault("all" if pol.sum_across_letters else p.doc, []).append(p)
    least = max((_union_days([(max(p.start_span.hi, floor), p.end_span.lo) for p in ps  # type: ignore[union-attr]
                              ]) for ps in groups.values()), default=0)
    most = max((_union_days([(max(p.start_span.lo, floor), p.end_span.hi) for p in ps  # type: ignore[union-attr]
                             ]) for ps in groups.values()), default=0)
    lo_m, hi_m = _months(least), _months(most)
    rid = "service.total_service"
    if lo_m >= need:
        return RuleResult(rid, "pass", f"Total qualifying service is {lo_m:.1f} months (at least {need:g} required).",
                          evidence)
    if hi_m < need and not missing:
        return RuleResult(rid, "fail", f"Total qualifying service is {hi_m:.1f} months; at least {need:g} are required.",
                          evidence)
    if missing:
        return RuleResult(rid, "review", f"Total service cannot be established: {len(missing)} period(s) lack a "
                          f"readable start or end date ({lo_m:.1f} months proven, {need:g} required).", evidence)
    return RuleResult(rid, pol.ambiguous_date_status,
                      f"Total service is between {lo_m:.1f} and {hi_m:.1f} months depending on unsettled dates; "
                      f"{need:g} required.", evidence)


def _overlap(periods: Sequence[_Period], pol: ServicePolicy) -> RuleResult:
    tol = dt.timedelta(days=pol.overlap_tolerance_days)
    certain: list[str] = []
    possible: list[str] = []
    ev: list[RuleEvidence] = []
    for i, a in enumerate(periods):
        for b in periods[i + 1:]:
            if a.start_span is None or a.end_span is None or b.start_span is None or b.end_span is None:
                continue
            # surely overlapping: even the shortest readings overlap by more than the tolerance
            sure = min(a.end_span.lo, b.end_span.lo) - max(a.start_span.hi, b.start_span.hi) > tol
            maybe = min(a.end_span.hi, b.end_span.hi) - max(a.start_span.lo, b.start_span.lo) > tol
            if sure or maybe:
                desc = f"{a.doc} period {a.index + 1} and {b.doc} period {b.index + 1}"
                (certain if sure else possible).append(desc)
                ev.extend([_ev(a.doc, "start_date", a.start), _ev(a.doc, "end_date", a.end),
                           _ev(b.doc, "start_date", b.start), _ev(b.doc, "end_date", b.end)])
    status = pol.overlap_status or "review"
    if certain:
        return RuleResult("service.overlap", status, "Overlapping employment periods must be explained: "
                          + _first_pairs(certain) + ".", tuple(ev[:4 * _MAX_PAIRS]))
    if possible:
        return RuleResult("service.overlap", pol.ambiguous_date_status, "Periods may overlap depending on unsettled "
                          "dates: " + _first_pairs(possible) + ".", tuple(ev[:4 * _MAX_PAIRS]))
    return RuleResult("service.overlap", "pass", "No employment periods overlap.", ())


_MAX_PAIRS = 5


def _first_pairs(pairs: list[str]) -> str:
    """The first few overlapping pairs and a count of the rest (a letter can repeat a period many times)."""
    shown = "; ".join(pairs[:_MAX_PAIRS])
    rest = len(pairs) - _MAX_PAIRS
    return shown + (f"; and {rest} more pair(s)" if rest > 0 else "")


def _contract(li: int, doc: str, r: LetterReading, pol: ServicePolicy) -> RuleResult:
    rid = f"service.contract_number.{li}"
    cn, prime, sub = (r.fields.get(k) for k in ("contract_number", "prime_contract_number", "subcontract_number"))
    ev = tuple(_ev(doc, k, f) for k, f in (("contract_number", cn), ("prime_contract_number", prime),
                                          ("subcontract_number", sub)) if f is not None)
    if r.subcontractor and pol.subcontractor_needs_prime_and_sub:
        prime_f = prime or (cn if sub is not None and cn is not None and cn.value != sub.value else None)
        if prime_f is not None and sub is not None:
            return RuleResult(rid, "pass", f"{doc}: subcontractor letter gives the prime contract {prime_f.value} "
                              f"and the subcontract {sub.value}.", ev)
        what = "the prime contract number" if sub is not None else (
            "the subcontract number" if prime_f is not None else "the prime and subcontract numbers")
        return RuleResult(rid, pol.missing_contract_status,
                          f"{doc}: the employer writes as a subcontractor but the letter lacks {what}.", ev)
    first_with = next((k for k, p in enumerate(r.periods) if p.contract_number is not None), None)
    if first_with and pol.contract_number_from_first_period:
        # The letter ties numbers to periods; one stated with a period goes on with the periods after
        # it (until another is stated), but the periods before the first number have none.
        return RuleResult(rid, pol.missing_contract_status,
                          f"{doc}: period 1 is stated without a contract number (the letter's first number comes "
                          f"with period {first_with + 1}).", ev)
    if cn is not None or prime is not None:
        f = cn or prime
        return RuleResult(rid, "pass", f"{doc}: contract number {f.value if f else ''} is stated.", ev)
    return RuleResult(rid, pol.missing_contract_status,
                      f"{doc}: no US-government contract number was found in the letter.", ev)


def _supervisor(li: int, doc: str, r: LetterReading, pol: ServicePolicy) -> RuleResult:
    rid = f"service.supervisor_contact.{li}"
    name, contact = r.fields.get("supervisor_name"), r.fields.get("supervisor_contact")
    ev = (_ev(doc, "supervisor_name", name), _ev(doc, "supervisor_contact", contact))
    if name is not None and contact is not None:
        return RuleResult(rid, "pass", f"{doc}: supervisor and their contact details are given.", ev)
    if name is None:
        return RuleResult(rid, pol.missing_supervisor_contact_status,
                          f"{doc}: the letter names no supervisor.", ev)
    return RuleResult(rid, pol.missing_supervisor_contact_status,
                      f"{doc}: the supervisor is named without contact details (email or phone).", ev)


def _red_flags(li: int, doc: str, r: LetterReading, pol: ServicePolicy) -> RuleResult:
    rid = f"service.red_flags.{li}"
    flat = re.sub(r"\s+", " ", r.text)
    hits: list[RuleEvidence] = []
    for phrase in pol.red_flag_phrases:
        loc = next((f for f in r.red_flags if f.phrase.lower() == phrase.lower()), None)
        if flat:
            pat = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)", re.IGNORECASE)
            m = pat.search(flat)
            if m is None:
                continue
            ctx = flat[max(0, m.start() - 60):m.end() + 60].strip()
        elif loc is not None:  # only the reader's findings are known (saved reader output)
            ctx = loc.context
        else:
            continue
        hits.append(RuleEvidence(doc, "text", phrase, loc.page if loc else None, loc.bbox if loc else None, ctx))
    if not hits:
        return RuleResult(rid, "pass", f"{doc}: no red-flag phrase was found.", ())
    words = ", ".join(f"'{h.value}'" for h in hits)
    return RuleResult(rid, pol.red_flag_status, f"{doc}: red-flag phrase(s) {words} need an officer's reading.",
                      tuple(hits))


def _dates_settled(li: int, doc: str, r: LetterReading, pol: ServicePolicy) -> RuleResult:
    rid = f"service.dates_settled.{li}"
    amb = [(k, f) for k, f in r.fields.items() if f.ambiguous]
    for i, p in enumerate(r.periods):
        for k, f in ((f"period {i + 1} start", p.start_date), (f"period {i + 1} end", p.end_date)):
            if f is not None and f.ambiguous and all(f is not g for _, g in amb):
                amb.append((k, f))
    if not amb:
        return RuleResult(rid, "pass", f"{doc}: every date has a settled day/month order.", ())
    return RuleResult(rid, pol.ambiguous_date_status,
                      f"{doc}: the day/month order of {len(amb)} date(s) is not settled by the letter; "
                      "the officer must confirm it (it is never guessed, nor taken from the record).",
                      tuple(_ev(doc, k, f) for k, f in amb))


def _signature(li: int, doc: str, r: LetterReading, pol: ServicePolicy) -> RuleResult:
    rid = f"service.signature.{li}"
    if r.signature_block:
        sig = r.fields.get("signatory_name")
        return RuleResult(rid, "pass", f"{doc}: the letter has a signature block.",
                          (_ev(doc, "signatory_name", sig),) if sig else ())
    return RuleResult(rid, pol.missing_signature_status, f"{doc}: no signature block was found.", ())


# ---------------------------------------------------------------------------------------------
# The checks engine's entry point: letters as DocumentEvidence (reader JSON or ground truth)


def _field_from_evidence(fv: Any) -> LetterField:
    alternatives = tuple(getattr(fv, "alternatives", ()) or ())
    ambiguous = bool(alternatives)
    bbox = getattr(fv, "bbox", None) or (0.0, 0.0, 0.0, 0.0)
    return LetterField(
        value="" if ambiguous else str(fv.value),
        confidence=float(getattr(fv, "confidence", 1.0)),
        page=int(getattr(fv, "page", None) or 0),
        bbox=(float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])),
        source=str(getattr(fv, "source", "") or ""),
        raw=str(getattr(fv, "raw", None) or fv.value),
        method="reader",
        ambiguous=ambiguous,
        candidates=(str(fv.value), *alternatives) if ambiguous else (),
    )


def _field_from_json(raw: Any) -> LetterField | None:
    if not isinstance(raw, dict):
        return None
    cands = tuple(str(c) for c in raw.get("candidates") or ())
    ambiguous = bool(raw.get("ambiguous")) and len(cands) > 1
    value = raw.get("value")
    if not ambiguous and (value is None or not str(value).strip()):
        return None
    bbox = raw.get("bbox") or (0.0, 0.0, 0.0, 0.0)
    return LetterField(
        value="" if ambiguous else str(value), confidence=float(raw.get("confidence", 1.0)),
        page=int(raw.get("page") or 0), bbox=(float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])),
        source=str(raw.get("source", "")), raw=str(raw.get("raw") or value or " / ".join(cands)), method="reader",
        ambiguous=ambiguous, candidates=cands if ambiguous else (),
    )


def reading_from_evidence(doc: Any) -> LetterReading:
    """A :class:`LetterReading` view of the checks layer's ``DocumentEvidence`` of a letter.

    Uses ``doc.fields`` and, when the reader's output carried them, ``doc.extra`` keys of
    :func:`workstation.documents.letter.letter_extra_json` (periods, red flags, signature block,
    subcontractor). Without them the letter's single start/end dates form its one period and the
    signature block counts as present only when a signatory was read.
    """
    from workstation.documents.letter_fields import LetterPeriod, RedFlag

    fields = {str(k): _field_from_evidence(v) for k, v in dict(doc.fields).items()}
    extra = dict(getattr(doc, "extra", {}) or {})
    # Readings saved by older versions (and other readers) may carry unsettled dates in
    # ``extra["ambiguous_fields"]`` instead of ``fields``.
    for name, raw in dict(extra.get("ambiguous_fields") or {}).items():
        amb = _field_from_json(raw)
        if amb is not None and str(name) not in fields:
            fields[str(name)] = amb
    periods: list[LetterPeriod] = []
    for p in extra.get("periods") or ():
        if isinstance(p, dict):
            periods.append(LetterPeriod(_field_from_json(p.get("start_date")), _field_from_json(p.get("end_date")),
                                        _field_from_json(p.get("position")),
                                        _field_from_json(p.get("contract_number"))))
    flags = []
    for f in extra.get("red_flags") or ():
        if isinstance(f, dict) and f.get("phrase"):
            bbox = f.get("bbox") or (0.0, 0.0, 0.0, 0.0)
            flags.append(RedFlag(str(f["phrase"]), str(f.get("context", "")), int(f.get("page") or 0),
                                 (float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3]))))
    sig = extra.get("signature_block")
    sub = extra.get("subcontractor")
    return LetterReading(
        fields=fields,
        periods=tuple(periods),
        red_flags=tuple(flags),
        signature_block=bool(sig) if sig is not None else "signatory_name" in fields,
        subcontractor=bool(sub) if sub is not None else "subcontract_number" in fields,
        page_sources=(),
        text=str(extra.get("text", "")),
        warnings=tuple(getattr(doc, "warnings", ()) or ()),
    )


def service_checks(record: Any, letters: Sequence[Any], pairs: Mapping[int, int], ctx: Any) -> list[Any]:
    """The service rules as the checks engine's ``CheckResult`` values (called by ``checks.engine``).

    Args:
        record: The applicant record (unused: service rules judge the letters, and an ambiguous date
            is never settled from the record).
        letters: ``DocumentEvidence`` of each employment letter, in order.
        pairs: Letter index -> index of the record's employment period it was paired with.
        ctx: The rule context (``today``; a ``service_policy_path`` attribute on its policy, if any,
            names another service policy file).
    """
    from workstation.checks.model import CheckResult, Evidence

    del record
    path = getattr(getattr(ctx, "policy", None), "service_policy_path", None)
    pol = load_service_policy(Path(path) if path else None)
    readings = [reading_from_evidence(d) for d in letters]
    names = [str(getattr(d, "file", f"letter {i + 1}")) for i, d in enumerate(letters)]
    out: list[CheckResult] = []
    for r in evaluate_service(readings, pol, names=names, today=getattr(ctx, "today", None)):
        parts = r.id.split(".")
        li = int(parts[-1]) if parts[-1].isdigit() and parts[1] != "start_window" else None
        field_name = f"employment.{pairs[li]}" if li is not None and li in pairs else "employment"
        doc = names[li] if li is not None and li < len(names) else (r.evidence[0].document if r.evidence else "")
        ev = r.evidence[0] if r.evidence else None
        out.append(CheckResult(
            id=r.id, field=field_name, status=r.status, expected=None,
            found=ev.value if ev is not None else None, document=doc, reason=f"{r.reason} [{r.policy}]",
            evidence=Evidence(ev.document, ev.page, ev.bbox, ev.raw or ev.value, None, "") if ev is not None else None,
        ))
    return out
