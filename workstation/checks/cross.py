"""Rules that compare a document with itself or with another document.

* The MRZ's check digits (a broken one is a forgery sign).
* The MRZ against the printed page of the same document (a disagreement is a
  forgery sign; a long name cut short by the MRZ is not).
* A letter's name and birth date against the ID documents, and the tazkira
  against the passport: the documents must agree with each other, not only each
  with the record (a year-only record agrees with two different birth days).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from rapidfuzz.distance import Hamming, Levenshtein

from workstation.checks import _compare as cmp
from workstation.checks._base import (
    RuleContext,
    apply_confidence,
    mrz_names_may_be_truncated,
    mrz_text,
    one_letter_guard,
    result,
    zone_debris,
    zone_holds,
)
from workstation.checks.model import CheckResult, DocumentEvidence, FieldValue
from workstation.checks.policy import CheckPolicy
from workstation.checks.rules import name_checks
from workstation.documents.mrz import check_digit_char, date_field_text, name_field_text, number_mends_zone
from workstation.documents.tazkira_text import digits_of
from workstation.matching.identifiers import number_in_zone

log = logging.getLogger(__name__)

MRZ_FIELDS = ("surname", "given_names", "document_number", "nationality", "date_of_birth", "sex", "expiry_date")


def mrz_check_digit_check(doc: DocumentEvidence, prefix: str, ctx: RuleContext, *, required: bool,
                          record_number: str | None = None) -> CheckResult | None:
    """The MRZ's check digits: all verify (pass), one broken (forgery sign), no MRZ (review if required).

    ``record_number``: the applicant record's number of this document (a passport's), which may
    show a broken document-number digit to be a misread (:func:`number_mends_zone`).
    """
    p = ctx.policy
    cid = f"{prefix}.mrz.check_digits"
    ev = FieldValue(" / ".join(doc.mrz_lines), doc.mrz_confidence, source="mrz") if doc.mrz_lines else None
    if not doc.mrz_present:
        if not required:
            return None
        return result(cid, "mrz", doc, None, p.unreadable_field_status, "MRZ", None,  # type: ignore[arg-type]
                      "no machine-readable zone read from the document")
    broken = [k for k, ok in doc.mrz_checks.items() if not ok]
    if not doc.mrz_checks:
        return result(cid, "mrz", doc, ev, "review", "valid check digits", None, "MRZ read but no check digit could be verified")
    if broken:
        names = ", ".join(broken)
        if not p.broken_check_digit_is_forgery_sign:
            return result(cid, "mrz", doc, ev, "review", "valid check digits", f"broken: {names}",
                          f"check digit broken: {names}")
        if broken == ["optional_data"] and doc.mrz_checks.get("composite") is True:
            # The composite digit covers the optional data and its check digit: if it holds, the
            # optional-data digit was misread (or an empty field's filler read as 0), not altered.
            return result(cid, "mrz", doc, ev, "review", "valid check digits", f"broken: {names}",
                          "the optional-data check digit is broken but the composite check digit, which covers it, "
                          "holds: a misread digit; compare with the document")
        if zone_debris(doc):
            return result(cid, "mrz", doc, ev, "review", "valid check digits", f"broken: {names}",
                          f"check digit broken: {names}, but the zone's names or codes read as debris: the zone was "
                          "not read, rather than altered; rescan before deciding")
        misread = [k for k in broken if _letters_in_digits(doc.mrz_lines, k) or _check_digit_not_read(doc.mrz_lines, k)]
        if misread:
            return result(cid, "mrz", doc, ev, "review", "valid check digits", f"broken: {names}",
                          f"check digit broken: {names}, but the zone holds letters where only digits stand "
                          f"({', '.join(misread)}): misread (print or the card's edge read into the line), not "
                          "altered; compare with the document or rescan")
        if record_number and set(broken) <= {"document_number", "composite"} and number_mends_zone(
                doc.mrz_lines, record_number):
            # The record's number differs from the zone's reading only by characters OCR confuses, and
            # with it every check digit holds: the zone's O was read as 0 (say), not altered.
            return result(cid, "mrz", doc, ev, "review", "valid check digits", f"broken: {names}",
                          f"check digit broken: {names}, but the record's number {record_number}, which differs "
                          "from the zone's reading only by characters OCR confuses (O/0 ...), makes every check "
                          "digit hold: the zone was misread; compare the number with the document")
        impossible = [str(w) for w in doc.extra.get("mrz_warnings", ()) if str(w).startswith("impossible")]
        if broken == ["composite"] and impossible:
            # The composite alone broken, in a zone that also holds an impossible date (blind case 805 of seed 6:
            # a card's zone read at 0.00 with an impossible expiry date): the line was misread, not altered. A
            # clean zone with only its composite wrong stays a forgery sign (a forger's wrong check digit).
            return result(cid, "mrz", doc, ev, "review", "valid check digits", f"broken: {names}",
                          f"only the composite check digit is broken, in a zone that also reads an {impossible[0]}: "
                          "the line was misread, not altered; compare with the document or rescan")
        if len(broken) > p.max_broken_check_digits_for_forgery:
            return result(cid, "mrz", doc, ev, "review", "valid check digits", f"broken: {names}",
                          f"{len(broken)} check digits broken ({names}): the zone was not read, rather than "
                          "altered; rescan before deciding")
        if doc.mrz_confidence < p.min_mrz_confidence_for_forgery:
            return result(cid, "mrz", doc, ev, "review", "valid check digits", f"broken: {names}",
                          f"check digit broken: {names}, but the MRZ was read with low confidence "
                          f"{doc.mrz_confidence:.2f}; rescan before deciding")
        return result(cid, "mrz", doc, ev, "fail", "valid check digits", f"broken: {names}",
                      f"check digit broken: {names} (forgery sign)", forgery_sign=True)
    ambiguous = [w for w in (*doc.extra.get("mrz_warnings", ()), *doc.warnings)
                 if str(w).startswith("ambiguous reading")]
    if ambiguous:
        # Different readings of the zone each pass every check digit: the digits prove none of them.
        return result(cid, "mrz", doc, ev, "review", "valid check digits", "valid, but the reading is ambiguous",
                      f"every check digit verifies, but {ambiguous[0]}: compare the zone with the document")
    note = f"; {len(doc.mrz_repairs)} OCR repair(s) proven by check digits" if doc.mrz_repairs else ""
    return result(cid, "mrz", doc, ev, "pass", "valid check digits", "valid",
                  f"all {len(doc.mrz_checks)} check digits verify{note}")


def _letters_in_digits(lines: Sequence[str], key: str) -> bool:
    """Whether the zone's ``key`` date (or its check digit) holds letters that look like no digit: no
    issuer and no forger writes a letter there (an unknown day or month is ``<``), so the line was misread,
    not altered."""
    text = date_field_text(lines, key)
    return text is not None and any(ch.isalpha() and ch not in _DIGIT_LOOKALIKES for ch in text)


def _check_digit_not_read(lines: Sequence[str], key: str) -> bool:
    """Whether the place of the broken ``key`` check digit holds no digit (``<`` or a letter): the line's
    end lost on the read (``...<<<02`` read ``...<<<<<``), not altered; a forger writes a digit there."""
    ch = check_digit_char(lines, key)
    return ch is not None and not ch.isdigit() and ch not in _DIGIT_LOOKALIKES


#: Letters OCR reads for digits (O/Q/D for 0, I/L/T for 1, Z 2, A 4, S 5, G 6, B 8): a broken date holding
#: only these may be an altered date misread, so they do not make it a misread line.
_DIGIT_LOOKALIKES = frozenset("OQDILTZASGBU")


def _one_digit_apart(a: str, b: str) -> bool:
    """Whether two ISO dates differ in exactly one digit (the zone's date is proven by its check digit)."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _compare_mrz_printed(name: str, m: FieldValue, v: FieldValue, ctx: RuleContext, truncated: bool,
                         doc_printed: Mapping[str, FieldValue], edge_read: bool = False) -> cmp.Outcome:
    if name in ("surname", "given_names"):
        a, b = mrz_text(m.value), _drop_nationality_words(mrz_text(v.value))
        if not b:
            return cmp.Outcome("review", "the printed name slot was read as the nationality line: compare with the "
                               "document", m.value, v.value)
        if a == b:
            return cmp.Outcome("pass", "MRZ and printed page agree", m.value, v.value)
        if garbled_name(m.value):
            return cmp.Outcome("review", "the zone's name line was misread (fillers read as letters): compare "
                               "with the document", m.value, v.value)
        if truncated and a and b.replace(" ", "").startswith(a.replace(" ", "")):
            return cmp.Outcome("pass", "MRZ name truncated (the zone is full); the printed name begins with it",
                               m.value, v.value)
        if len(a) == len(b) + 1 and a.startswith(b) and a[-1] in _FILLER_LETTERS and len(b.replace(" ", "")) >= 3:
            # The zone's slot ends in one letter the stock OCR model reads a filler as (ZAMANK<<<): the
            # first filler, not a letter the page lacks.
            return cmp.Outcome("pass", f"MRZ and printed page agree (the filler after the zone's name read as "
                               f"'{a[-1]}')", m.value, v.value)
        if a and b and a.startswith(b):
            # The zone is read whole (fillers mark its end); a printed name that stops early is a line
            # of the page read in part. The reverse (zone shorter, zone not full) falls through to a fail.
            return cmp.Outcome("review", "the printed name was read in part (a wrapped line?): compare with "
                               "the document", m.value, v.value)
        if truncated and (lost := _leading_words_lost(a, b)):
            # A full zone (its last word cut) whose name, less its first word(s), begins the printed name:
            # the page's line read without its first word (small print shrunk to fit), not another name.
            return cmp.Outcome("review", f"the printed name was read without its first word(s) ({lost}); the rest "
                               "begins as the zone's: compare with the document", m.value, v.value)
        if (edge_read and name == "surname" and a[:1] in _EDGE_LETTERS
                and a.replace(" ", "")[1:] == b.replace(" ", "")):
            # A card's edge read as I or L before its zone's name line, which OCR read a character too
            # long: the name itself is the page's, letter for letter.
            return cmp.Outcome("pass", f"MRZ and printed page agree (the card's edge read as '{a[0]}' before the "
                               "zone's name line)", m.value, v.value)
        if a and b and len(a) > len(b) and a.replace(" ", "").endswith(b.replace(" ", "")):
            # The zone's name begins with letters the page does not have (RFFTTFNOORI for NOORI): the
            # zone's OCR read print or the card's edge before the name into the line.
            return cmp.Outcome("review", "the zone's name line begins with letters the printed name does not have "
                               "(print read into the zone?): compare with the document", m.value, v.value)
        edits = Levenshtein.distance(a.replace(" ", ""), b.replace(" ", ""))
        if edits <= ctx.policy.mrz_name_ocr_tolerance:
            return cmp.Outcome("review", f"MRZ and printed page differ by {edits} letter(s): an OCR error or an "
                               "alteration; compare with the document", m.value, v.value)
        pairs = _words_within_ocr_slips(b, a, truncated, int(ctx.policy.mrz_name_ocr_tolerance))
        if pairs:
            return cmp.Outcome("review", "every printed word is a zone word with a letter or two misread ("
                               + "; ".join(f"{x} ~ {y}" for x, y in pairs[:3]) + "): OCR errors or an alteration; "
                               "compare with the document", m.value, v.value)
        return cmp.Outcome("fail", "MRZ and printed page disagree (forgery sign)", m.value, v.value)
    if name in ("date_of_birth", "expiry_date"):
        o = cmp.compare_doc_dates(m, v, ctx.policy, birth_date=False)
        if o.status == "pass":
            return cmp.Outcome("pass", f"MRZ and printed page agree ({o.reason})", o.expected, o.found)
        if o.status == "fail":
            twin = next((k for k, f in doc_printed.items() if k != name and f.value == v.value), None)
            if twin is not None:
                return cmp.Outcome("review", f"the page's {name.replace('_', ' ')} reads like its "
                                   f"{twin.replace('_', ' ')}: compare with the document", o.expected, o.found)
            if _one_digit_apart(m.value, v.value):
                return cmp.Outcome("review", "MRZ and printed page differ by one digit: an OCR misreading of the "
                                   "page or an alteration; compare with the document", o.expected, o.found)
            return cmp.Outcome("fail", "MRZ and printed page disagree (forgery sign)", o.expected, o.found)
        return o
    if name == "document_number":
        # The zone's number is proven by its check digit; the page's is OCR: a difference made only
        # of characters OCR confuses (O/0, I/1...) is the page's reading, so a review.
        o = cmp.compare_identifier(m.value, replace(v, confidence=0.0, source="ocr"), ctx.policy, check_digit_ok=None)
        blind = _check_digit_blind(mrz_text(m.value), mrz_text(v.value))
        if o.status == "fail" and blind:
            return cmp.Outcome("review", f"MRZ and printed page differ in letters the zone's check digit cannot tell "
                               f"apart ({blind}): the zone's OCR or the page's; compare with the document",
                               o.expected, o.found)
    elif name == "nationality":
        o = cmp.compare_nationality(m.value, v.value)
    else:
        o = cmp.compare_code(m.value, v.value, name.replace("_", " "))
    if o.status == "fail":
        return cmp.Outcome("fail", f"MRZ and printed page disagree: {o.reason} (forgery sign)", o.expected, o.found)
    if o.status == "pass":
        return cmp.Outcome("pass", "MRZ and printed page agree", o.expected, o.found)
    return o


def _check_digit_blind(a: str, b: str) -> str:
    """The letter pairs (``P/F``) where ``a`` and ``b`` differ, when every difference is one: two letters
    whose values differ by ten or twenty, the same to a check digit. The zone's check digit proves none
    of them, so the zone's letter is only its OCR's word against the page's. Empty otherwise."""
    if len(a) != len(b) or a == b:
        return ""
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if all(x.isalpha() and y.isalpha() and (ord(x) - ord(y)) % 10 == 0 for x, y in diffs):
        return ", ".join(f"{x}/{y}" for x, y in diffs)
    return ""


def _forgery_needs_confidence(o: cmp.Outcome, doc: DocumentEvidence, v: FieldValue, p: CheckPolicy) -> cmp.Outcome:
    """A disagreement is a forgery sign only when both the zone and the page were read confidently."""
    if o.status != "fail":
        return o
    if doc.mrz_checks and not zone_holds(doc):
        return cmp.Outcome("review", f"{o.reason.replace(' (forgery sign)', '')}, but the zone was not read (its "
                           "check digits fail, its names read as debris, or several readings of it pass every "
                           "check digit); compare with the document",
                           o.expected, o.found)
    if v.confidence < p.min_printed_confidence_for_forgery:
        return cmp.Outcome("review", f"{o.reason.replace(' (forgery sign)', '')}, but the printed page was read "
                           f"with confidence {v.confidence:.2f}; compare with the document", o.expected, o.found)
    if doc.mrz_confidence < p.min_mrz_confidence_for_forgery:
        return cmp.Outcome("review", f"{o.reason.replace(' (forgery sign)', '')}, but the MRZ was read with "
                           f"confidence {doc.mrz_confidence:.2f}; compare with the document", o.expected, o.found)
    return o


def _short_year(v: FieldValue) -> bool:
    """Whether a printed date was read without a four-digit year (its century, or the whole year, inferred)."""
    raw = (v.raw or "").strip()
    return bool(raw) and re.search(r"(?<!\d)\d{4}(?!\d)", raw) is None


def _proven_zone_date_agrees(name: str, doc: DocumentEvidence, m: FieldValue, record_values: Mapping[str, str],
                             ctx: RuleContext) -> bool:
    """Whether the zone's date is proven by its check digit and does not disagree with the record."""
    expected = record_values.get(name)
    if not expected or not doc.mrz_checks.get(name) or not zone_holds(doc):
        return False
    return cmp.compare_date(expected, m, ctx.policy, birth_date=name == "date_of_birth").status != "fail"


def mrz_vs_printed_checks(doc: DocumentEvidence, prefix: str, ctx: RuleContext,
                          record_values: Mapping[str, str] | None = None) -> list[CheckResult]:
    """Each field the MRZ and the printed page both give, compared.

    ``record_values`` (document field name -> the record's value) lets a printed date that disagrees
    with a zone date proven by its check digit, which the record confirms, be a review: the page's
    date was misread or altered, and the verified zone says what the record says.
    """
    p = ctx.policy
    if not p.compare_mrz_with_printed or not doc.mrz_fields or not doc.printed_fields:
        return []
    out: list[CheckResult] = []
    for name in MRZ_FIELDS:
        m, v = doc.mrz_fields.get(name), doc.printed_fields.get(name)
        if m is None or v is None or not m.value.strip() or not v.value.strip():
            continue
        o = _compare_mrz_printed(name, m, v, ctx, mrz_names_may_be_truncated(doc), doc.printed_fields,
                                 edge_read=_edge_read(doc))
        if o.status == "fail" and name in ("surname", "given_names") and name_line_debris(doc.mrz_lines):
            o = cmp.Outcome("review", "the zone's name line was misread (letters after its run of fillers): compare "
                            "with the document", o.expected, o.found)
        if o.status == "fail" and name in ("surname", "given_names") and _fathers_words(v, doc, record_values):
            # (Blind case 544: a card front's given names read SHAH, the end of the father's AHMAD SHAH, with the
            # father's row itself unread.)
            o = cmp.Outcome("review", f"the page's {name.replace('_', ' ')} read as words of the father's name (a "
                            "row read into another?): compare with the document", o.expected, o.found)
        # The printed page is read by OCR: a disagreement on a shaky reading is a review. Two
        # independent readings (zone and page) agreeing exactly are not silenced by a low score.
        if o.status == "pass" and mrz_text(m.value) == mrz_text(v.value) and v.confidence < p.min_field_confidence:
            o = cmp.Outcome("pass", f"{o.reason} (printed page read at confidence {v.confidence:.2f}; "
                            "two independent readings agree exactly)", o.expected, o.found)
        else:
            o = apply_confidence(o, v, p)
        o = _forgery_needs_confidence(o, doc, v, p)
        if (o.status == "fail" and name in ("date_of_birth", "expiry_date") and _short_year(v)
                and _proven_zone_date_agrees(name, doc, m, record_values or {}, ctx)):
            o = cmp.Outcome("review", f"{o.reason.replace(' (forgery sign)', '')}; the page's date was read without "
                            "a four-digit year, and the zone's date is proven by its check digit and agrees with the "
                            "record: a misreading of the page, or an altered page; compare with the document",
                            o.expected, o.found)
        sign = o.status == "fail" and p.mrz_vs_printed_is_forgery_sign
        if o.status == "fail" and not sign:
            o = cmp.Outcome("review", o.reason.replace(" (forgery sign)", ""), o.expected, o.found)
        out.append(result(f"{prefix}.mrz_vs_printed.{name}", name, doc, v, o.status, o.expected, o.found, o.reason,
                          forgery_sign=sign))
    whole = _whole_name_check(doc, prefix, ctx, record_values)
    if whole is not None:
        out.append(whole)
    number = tazkira_number_vs_zone_check(doc, prefix, ctx)
    if number is not None:
        out.append(number)
    return out


#: A card front's reading of its number at least this sure is compared with the zone's; an unsurer
#: one that disagrees has already given way to the zone (engine.merge_sides).
_SURE_FRONT_NUMBER = 0.8


def tazkira_number_vs_zone_check(doc: DocumentEvidence, prefix: str, ctx: RuleContext) -> CheckResult | None:
    """A tazkira's number printed on its front against the number in its back's zone.

    The zone carries the number in its optional data under the composite check digit
    (engine.merge_sides puts it among the zone's fields only then); where exactly is UNVERIFIED
    (DOMAIN.md), and fillers after it are misread as digits, so the front's number agrees when the
    zone's digits hold it (:func:`number_in_zone`). A sure front reading whose digits differ in place
    from the zone's is a review, never a forgery sign on a layout not verified. No check when the
    zone's digits are fewer or slid (its OCR lost a character), or when an unsure front reading
    differs (it has already given way to the zone).
    """
    m, v = doc.mrz_fields.get("tazkira_number"), doc.printed_fields.get("tazkira_number")
    if doc.kind != "tazkira" or m is None or v is None or not m.value.strip() or not v.value.strip():
        return None
    zone, front = digits_of(m.value), digits_of(v.value)
    cid = f"{prefix}.mrz_vs_printed.tazkira_number"
    if front and number_in_zone(front, [zone]):
        return result(cid, "tazkira_number", doc, v, "pass", m.value, v.value, "the card's front and its zone agree")
    if v.confidence < _SURE_FRONT_NUMBER or len(zone) < len(front):
        return None
    head = zone[: len(front)]
    if Levenshtein.distance(front, head) < Hamming.distance(front, head):
        # A digit lost and another gained explain the difference better than digits changed in place:
        # the zone's OCR dropped a character and the rest slid (``1975904261741`` for ``1397590426174``).
        return None
    return result(cid, "tazkira_number", doc, v, "review", m.value, v.value,
                  "the number on the card's front is not the one its zone carries: an OCR misreading of either "
                  "side or an alteration; compare with the document")


def _words_within_ocr_slips(page: str, zone: str, truncated: bool, tolerance: int) -> list[tuple[str, str]]:
    """Pairs (page word, zone word) when each word of the page's name, in order, is the zone's word
    there with at most ``tolerance`` letters misread (one for a word under five letters; the zone's
    last word may be cut short when the zone is full, and page words past a full zone are not
    compared); empty when any word is not. OCR slips scatter over the words (``MOMAMMAD ABCUA`` for
    ``MOHAMMAD ABDUL``); another name changes words whole."""
    pw, zw = page.split(), zone.split()
    if not pw or not zw or (len(pw) != len(zw) and not (truncated and len(pw) > len(zw))):
        return []
    out: list[tuple[str, str]] = []
    for k, (x, y) in enumerate(zip(pw, zw, strict=False)):
        if truncated and k == len(zw) - 1 and len(x) > len(y):
            x = x[: len(y)]  # the zone cut this word short
        allowed = tolerance if min(len(x), len(y)) >= 5 else 1
        if Levenshtein.distance(x, y) > allowed:
            return []
        if x != y:
            out.append((pw[k], zw[k]))
    return out


def _fathers_words(v: FieldValue, doc: DocumentEvidence, record_values: Mapping[str, str] | None) -> bool:
    """Whether a printed name slot holds only words of the father's name (the page's, else the record's)."""
    words = mrz_text(v.value).split()
    fathers = [f.value for f in (doc.printed_fields.get("father_name"), doc.fields.get("father_name")) if f is not None]
    fathers.append((record_values or {}).get("father_name", ""))
    return bool(words) and any(f and set(words) <= set(mrz_text(f).split()) for f in fathers)


#: Letters OCR's stock model reads an MRZ filler ``<`` as (the zone's own model reads fillers well).
_FILLER_LETTERS = ("K", "X", "E")


def _leading_words_lost(zone: str, page: str) -> str:
    """The zone's first word(s) whose loss makes the rest of a full zone's name (at least six letters) the
    start of the printed name (``GHULAM MOHAMMAD SHARIF`` / ``MOHAMMAD SHARIFULLAH ABDUL HAQ``), else ``""``."""
    words, flat = zone.split(), page.replace(" ", "")
    for k in range(1, len(words)):
        rest = "".join(words[k:])
        if len(rest) >= 6 and flat.startswith(rest):
            return " ".join(words[:k])
    return ""

#: Letters a card's edge (a vertical stroke) reads as at the start of a zone line.
_EDGE_LETTERS = ("I", "L")


def _edge_read(doc: DocumentEvidence) -> bool:
    """Whether a card's zone (three lines, the name line last) was read a character too long and fitted."""
    warnings = doc.extra.get("mrz_warnings", ())
    return len(doc.mrz_lines) == 3 and any(str(w) == "line length corrected" for w in warnings)


def _whole_name_check(doc: DocumentEvidence, prefix: str, ctx: RuleContext,
                      record_values: Mapping[str, str] | None = None) -> CheckResult | None:
    """When a name slot is filled on one side only (a single name placed differently), compare whole names."""
    p = ctx.policy
    slots = ("surname", "given_names")
    m = {k: (doc.mrz_fields.get(k).value if doc.mrz_fields.get(k) else "") for k in slots}  # type: ignore[union-attr]
    v = {k: (doc.printed_fields.get(k).value if doc.printed_fields.get(k) else "") for k in slots}  # type: ignore[union-attr]
    if not any(bool(m[k].strip()) != bool(v[k].strip()) for k in slots):
        return None
    if any(garbled_name(m[k]) for k in slots) or name_line_debris(doc.mrz_lines):
        return None  # the slot checks already say the zone's name line was misread
    both = [k for k in slots if m[k].strip() and v[k].strip()]
    if both and all(mrz_text(m[k]) == mrz_text(v[k]) for k in both) and all(m[k].strip() for k in slots):
        # Every slot read on both sides agrees and the page's other slot was not read (a card's
        # surname line lost to OCR): the slot checks said all there is; nothing was read to differ.
        return None
    mw = mrz_text(" ".join(x for x in (m["given_names"], m["surname"]) if x))
    vw = _drop_nationality_words(mrz_text(" ".join(x for x in (v["given_names"], v["surname"]) if x)))
    # The page's least sure name slot: a slot the zone leaves empty and the page "fills" with a faint
    # reading (``N NON`` beside a single name) is as likely debris as an added name.
    read = [f for k in slots if (f := doc.printed_fields.get(k)) is not None and f.value.strip()]
    fv = min(read, key=lambda f: f.confidence) if read else None
    if not mw or not vw or fv is None:
        return None
    # The zone writes the surname first and cuts the end of a name too long for it: in that order,
    # a full zone is the beginning of the printed name.
    mz = mrz_text(" ".join(x for x in (m["surname"], m["given_names"]) if x)).replace(" ", "")
    vz = _drop_nationality_words(mrz_text(" ".join(x for x in (v["surname"], v["given_names"]) if x))).replace(" ", "")
    truncated = mrz_names_may_be_truncated(doc)
    tolerance = p.mrz_name_ocr_tolerance
    if truncated and not any(m[k].strip() and v[k].strip() for k in slots):
        # A full zone that holds only the surname (the given names cut away) and a page read only for
        # the given names: no slot is read on both sides, nothing to compare (case 274 of seed 6).
        return None
    if sorted(mw.split()) == sorted(vw.split()):
        o = cmp.Outcome("pass", "MRZ and printed page agree (single name placed in another slot)", mw, vw)
    elif truncated and (vw.replace(" ", "").startswith(mw.replace(" ", "")) or vz.startswith(mz)):
        o = cmp.Outcome("pass", "MRZ name truncated (the zone is full); the printed name begins with it", mw, vw)
    elif mw.startswith(vw) or _read_in_part(vw, mw) or (len(vw.replace(" ", "")) >= 5
                                                         and vw.replace(" ", "") in mw.replace(" ", "")):
        # (``NI LOFAR``, a space read into the given name, the surname not read: part of the zone's name.)
        o = cmp.Outcome("review", "the printed name was read in part: compare with the document", mw, vw)
    elif (edits := min(Levenshtein.distance(mz, vz[: len(mz)]) if truncated else tolerance + 1,
                       Levenshtein.distance("".join(sorted(mw.split())), "".join(sorted(vw.split()))))) <= tolerance:
        # As for each slot (:func:`_compare_mrz_printed`): a letter or two apart is a review.
        o = cmp.Outcome("review", f"MRZ and printed page differ by {edits} letter(s): an OCR error or an "
                        "alteration; compare with the document", mw, vw)
    elif (truncated and not m["given_names"].strip() and len(vs := mrz_text(v["surname"]).replace(" ", "")) >= 3
          and mrz_text(m["surname"]).replace(" ", "").startswith(vs)):
        # A full zone holding only the surname (the given names cut away) and a printed surname read in
        # part (blind case 777 of seed 6: MOHAMMADZAI BA for MOHAMMADZAI BARAKZAI-STANIKZAI).
        o = cmp.Outcome("review", "the zone holds only the surname and the printed surname was read in part: "
                        "compare with the document", mw, vw)
    elif any(_fathers_words(f, doc, record_values) for f in read):
        o = cmp.Outcome("review", "a page name slot read as words of the father's name (a row read into "
                        "another?): compare with the document", mw, vw)
    else:
        o = cmp.Outcome("fail", "MRZ and printed page disagree on the name (forgery sign)", mw, vw)
    o = _forgery_needs_confidence(apply_confidence(o, fv, p), doc, fv, p)
    sign = o.status == "fail" and p.mrz_vs_printed_is_forgery_sign
    if o.status == "fail" and not sign:
        o = cmp.Outcome("review", o.reason.replace(" (forgery sign)", ""), o.expected, o.found)
    return result(f"{prefix}.mrz_vs_printed.name", "name", doc, fv, o.status, o.expected, o.found, o.reason,
                  forgery_sign=sign)


#: Words of a printed nationality line, never part of a name: a name slot read with them took in the next line.
_NATIONALITY_LINE_WORDS = {"AFGHAN", "AFGHANISTAN", "AFG", "BRITISH", "CITIZEN", "CITIZE", "PAKISTANI", "IRANIAN",
                           "GERMAN", "TURKISH", "NATIONALITY", "NATIONALITE"}


def _drop_nationality_words(name: str) -> str:
    return " ".join(w for w in name.split() if w not in _NATIONALITY_LINE_WORDS)


def _read_in_part(part: str, whole: str) -> bool:
    """Whether every word of ``part`` is a word of ``whole`` (its last word may be cut short): a name
    read in part, or a slot that took in words of the other, not a different name."""
    pool = whole.split()
    words = part.split()
    seen: set[str] = set()
    for k, w in enumerate(words):
        hit = w if w in pool else (next((x for x in pool if x.startswith(w)), None)
                                   if k == len(words) - 1 and len(w) >= 3 else None)
        if hit is None and len(w) >= 4:  # one letter misread in the zone or on the page
            hit = next((x for x in pool if Levenshtein.distance(x, w) <= 1), None)
        if hit is None and w in seen:
            continue  # the same word read into both slots (``ABDUL`` / ``ABDUL WAHAB``): taken in, not another name
        if hit is None:
            return False
        pool.remove(hit)
        seen.add(w)
    return bool(words)


#: What :func:`reference_unsure` adds to a comparison's reason when the other document's reading was unsure.
OTHER_UNSURE_NOTE = "the other document's value was read"


def reference_unsure(o: cmp.Outcome, refs: list[FieldValue], p: CheckPolicy) -> cmp.Outcome:
    """Document-to-document: a pass or fail against a reference value read at low confidence (or a
    garbled zone) is a review."""
    weak = [f for f in refs if f.confidence < p.min_field_confidence or garbled_name(f.value)]
    if o.status == "pass" and (o.reason == "exact" or o.reason.startswith("exact;")) and weak:
        # Two independent readings agreeing exactly: OCR noise does not produce the other document's value
        # (this side's own low confidence already said, blind case 652: a full date on both, 0.40 and 0.50).
        return cmp.Outcome("pass", f"{o.reason} ({OTHER_UNSURE_NOTE} at confidence "
                           f"{min(f.confidence for f in weak):.2f}; two independent readings agree exactly)",
                           o.expected, o.found)
    if o.status in ("pass", "fail") and weak:
        return cmp.Outcome("review", f"{o.reason} ({OTHER_UNSURE_NOTE} unsurely: "
                           f"confidence {min(f.confidence for f in weak):.2f})", o.expected, o.found)
    return o


def name_line_debris(lines: Sequence[str]) -> bool:
    """Whether the zone's name field has letters after a run of three fillers or more: a name ends at such a
    run (parts are parted by one filler, surname and given names by two), so what follows is fillers misread
    (``BASHIRSAHMADSS<<<<<<<<<<EKE<``), and the names the zone gives are not a reading to fail a page on."""
    field = name_field_text(lines)
    return field is not None and re.search(r"<{3,}[A-Z]", field) is not None


def garbled_name(value: str) -> bool:
    """A name part that is MRZ fillers misread as letters (``KSSKKSSEKK``), not a name."""
    for part in mrz_text(value).split():
        if len(part) > 24:
            return True
        if len(part) >= 8 and sum(ch in "KSCELX" for ch in part) / len(part) > 0.6:
            return True
    return False


def _zone_names_agree(o: cmp.Outcome, name: FieldValue, id_doc: DocumentEvidence,
                      used: tuple[FieldValue | None, FieldValue | None], p: CheckPolicy) -> cmp.Outcome:
    """A letter's name failing against an ID's printed names that the ID's own zone contradicts: a review.

    The ID's printed reading (a card front's Dari read as ``محمدا``) is in doubt when its zone reads a
    name that agrees with the letter: the two readings of one card disagree, not the letter and the card.
    """
    if o.status != "fail":
        return o
    zg, zs = id_doc.mrz_fields.get("given_names"), id_doc.mrz_fields.get("surname")
    if not (zg or zs) or (zg, zs) == used:
        return o
    alt = cmp.compare_line_with_parts(name.value, zg.value if zg else None, zs.value if zs else None, p,
                                      parts_truncated=mrz_names_may_be_truncated(id_doc))
    if alt.status == "fail":
        return o
    return cmp.Outcome("review", f"{o.reason}; but the {id_doc.kind.replace('_', ' ')}'s zone reads a name that agrees "
                       f"({alt.reason}): the card's printed reading is in doubt; compare with the document",
                       o.expected, o.found)


def letter_vs_id_checks(letter: DocumentEvidence, prefix: str, ids: list[tuple[str, DocumentEvidence]],
                        ctx: RuleContext) -> list[CheckResult]:
    """A letter's employee name and birth date against each ID document (DOMAIN: 'as on the Afghan ID')."""
    p = ctx.policy
    out: list[CheckResult] = []
    if not p.compare_letter_with_id:
        return out
    name, dob = letter.get("employee_name"), letter.get("date_of_birth")
    for id_prefix, id_doc in ids:
        tag = id_prefix.replace(".", "_")
        ig, isur = id_doc.get("given_names"), id_doc.get("surname")
        if name is not None and (ig is not None or isur is not None):
            # The ID's names may come from a full MRZ name field, cut short: let the ID be the short side.
            cut = any(f is not None and f.source == "mrz" for f in (ig, isur)) and mrz_names_may_be_truncated(id_doc)
            o = cmp.compare_line_with_parts(name.value, ig.value if ig else None, isur.value if isur else None, p,
                                            parts_truncated=cut)
            o = cmp.cross_script_guard(apply_confidence(o, name, p), name, p, ig or isur)
            o = reference_unsure(o, [f for f in (ig, isur) if f is not None], p)
            o = one_letter_guard(o, [name, ig, isur], p)
            o = _zone_names_agree(o, name, id_doc, (ig, isur), p)
            out.append(result(f"{prefix}.vs_{tag}.employee_name", "employee_name", letter, name, o.status,
                              o.expected, o.found, f"against the {id_doc.kind.replace('_', ' ')}: {o.reason}"))
        id_dob = id_doc.get("date_of_birth")
        if dob is not None and id_dob is not None:
            o = apply_confidence(cmp.compare_doc_dates(id_dob, dob, p, birth_date=True), dob, p)
            o = reference_unsure(o, [id_dob], p)
            out.append(result(f"{prefix}.vs_{tag}.date_of_birth", "date_of_birth", letter, dob, o.status,
                              o.expected, o.found, f"against the {id_doc.kind.replace('_', ' ')}: {o.reason}"))
    return out


def tazkira_vs_passport_checks(tazkira: DocumentEvidence, t_prefix: str, passport: DocumentEvidence, p_prefix: str,
                               ctx: RuleContext) -> list[CheckResult]:
    """The tazkira's names and birth date against the passport's."""
    p = ctx.policy
    tag = p_prefix.replace(".", "_")
    ps, pg = passport.get("surname"), passport.get("given_names")
    out: list[CheckResult] = []
    ts, tg = tazkira.get("surname"), tazkira.get("given_names")
    if (ps is not None or pg is not None) and (ts is not None or tg is not None):
        cut = any(f is not None and f.source == "mrz" for f in (ps, pg)) and mrz_names_may_be_truncated(passport)
        refs = [f for f in (ps, pg) if f is not None]
        for c in name_checks(f"{t_prefix}.vs_{tag}", ps.value if ps else None, pg.value if pg else None, tazkira, ctx,
                             ref_fvs=refs):
            if c.status == "fail" and cut:
                line = " ".join(f.value for f in (tg, ts) if f is not None)
                retry = cmp.compare_line_with_parts(line, pg.value if pg else None, ps.value if ps else None, p,
                                                    parts_truncated=True)
                if retry.status == "pass":
                    c = replace(c, status="pass", reason=f"the passport's zone cuts the name short; {retry.reason}")
                else:
                    o = one_letter_guard(cmp.Outcome(c.status, c.reason, c.expected or "", c.found or ""),
                                         [(tg if c.field == "given_names" else ts) or ts or tg, *refs], p,
                                         truncated=True)
                    c = replace(c, status=o.status, reason=o.reason)
            o = reference_unsure(cmp.Outcome(c.status, c.reason, c.expected or "", c.found or ""), refs, p)
            out.append(replace(c, status=o.status, reason=o.reason))
    t_dob, p_dob = tazkira.get("date_of_birth"), passport.get("date_of_birth")
    if t_dob is not None and p_dob is not None:
        o = apply_confidence(cmp.compare_doc_dates(p_dob, t_dob, p, birth_date=True), t_dob, p)
        o = reference_unsure(o, [p_dob], p)
        out.append(result(f"{t_prefix}.vs_{tag}.date_of_birth", "date_of_birth", tazkira, t_dob, o.status,
                          o.expected, o.found, f"against the passport: {o.reason}"))
    return out
