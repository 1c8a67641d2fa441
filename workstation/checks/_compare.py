"""Adapters from the matching layer to the checks' uniform outcome.

Each comparison returns an :class:`Outcome`: a status, the reason the officer
reads, and the two values as shown. The matching layer (:mod:`workstation.matching`)
does the work; this module only maps its results and adds the comparisons that
belong to the checks (free text such as employer and position, exact codes).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from workstation.checks.model import FieldValue, Status
from workstation.checks.policy import CheckPolicy
from workstation.matching.dates import ParsedDate, PartialDate, compare_dates, parse_date_text
from workstation.matching.digits import (
    has_arabic_script,
    has_persian_digits,
    normalize_arabic_script,
    to_ascii_digits,
)
from workstation.matching.identifiers import compare_identifier as _compare_identifier
from workstation.matching.identifiers import normalize_identifier
from workstation.matching.names import compare_name_parts, compare_names


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


_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*/\s*(\d{4}-\d{2}-\d{2})\s*$")


def _range_outcome(expected: str, found: str, policy: CheckPolicy) -> Outcome | None:
    """A document date given as an interval ``first/last`` (a paper tazkira's age in a year)."""
    m = _RANGE.match(found)
    if not m:
        return None
    first, last = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))
    p = parse_date_text(expected, policy=policy.matching)
    iv = p.interval
    if iv is None:
        return Outcome("review", "record date unreadable", expected, found)
    if iv.first <= last and first <= iv.last:
        return Outcome("pass", f"within the interval the document gives ({first} to {last})", expected, found)
    return Outcome("fail", f"outside the interval the document gives ({first} to {last})", expected, found)


def compare_date(expected: str, found: FieldValue, policy: CheckPolicy, *, birth_date: bool) -> Outcome:
    """Compare a record date with a document date (intervals, Solar Hijri, ambiguity)."""
    ranged = _range_outcome(expected, found.value, policy)
    if ranged is not None:
        return ranged
    r = compare_dates(expected, _date_of(found, policy), policy=policy.matching, allow_conventional=birth_date)
    return Outcome(r.status, r.reason, r.expected, r.found)


def compare_doc_dates(a: FieldValue, b: FieldValue, policy: CheckPolicy, *, birth_date: bool) -> Outcome:
    """Compare two document dates (either may be ambiguous, or an interval ``first/last``)."""
    if _RANGE.match(b.value) and not a.alternatives:
        return compare_date(a.value, b, policy, birth_date=birth_date)
    if _RANGE.match(a.value) and not b.alternatives:
        o = compare_date(b.value, a, policy, birth_date=birth_date)
        return Outcome(o.status, o.reason, a.value, b.value)
    r = compare_dates(_date_of(a, policy), _date_of(b, policy), policy=policy.matching,
                      allow_conventional=birth_date)
    return Outcome(r.status, r.reason, r.expected, r.found)


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).upper()
    t = re.sub(r"[^0-9A-Z\u0600-\u06FF]+", " ", t)
    return " ".join(t.split())


_STOP = {"THE", "OF", "AND", "INC", "LLC", "LTD", "CO", "COMPANY", "CORP", "CORPORATION"}


_DARI_STOP = {"و", "در", "د", "of", "the"}


def _dari_words(text: str, glossary: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(English words from the glossary, Dari words it does not know), longest glossary entries first."""
    words = normalize_arabic_script(text, fold_alef=True).replace("‌", " ").split()
    keys = {normalize_arabic_script(k, fold_alef=True).replace("‌", " "): v for k, v in glossary.items()}
    longest = max((len(k.split()) for k in keys), default=1)
    english: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            chunk = " ".join(words[i:i + n])
            if chunk in keys:
                english.extend(keys[chunk].split())
                i += n
                break
        else:
            if words[i] not in _DARI_STOP:
                unknown.append(words[i])
            i += 1
    return english, unknown


def _compare_cross_script_text(expected: str, found: str, policy: CheckPolicy, what: str) -> Outcome:
    """Free text in Dari against Latin: glossary words, then proper nouns by consonant skeleton.

    Passes when every Dari word is accounted for and at least three quarters of the Latin words
    are; otherwise a review (a translation is never certain enough to fail on).
    """
    dari, latin = (expected, found) if has_arabic_script(expected) else (found, expected)
    english, unknown = _dari_words(dari, policy.dari_glossary)
    lat = [w for w in _fold(latin).split() if w not in _STOP]
    lat_joined = "".join(lat)
    used = [False] * len(lat)
    ok = True
    for w in english:
        options = w.split("|")
        hit = next((k for k, x in enumerate(lat) if not used[k] and x in options), None)
        if hit is None and w == "U" and "US" in lat:
            hit = lat.index("US")
        if hit is not None:
            used[hit] = True
        elif w not in ("COMPANY", "U", "S", "US") and not any(o in lat_joined for o in options):
            ok = False
    for w in unknown:
        hit = next((k for k, x in enumerate(lat) if not used[k]
                    and compare_name_parts(w, x, policy=policy.matching).status == "pass"), None)
        if hit is None:  # a compound written as two Latin words (هندوکش ~ HINDU KUSH)
            for k in range(len(lat) - 1):
                if not used[k] and compare_name_parts(w, lat[k] + lat[k + 1], policy=policy.matching).status == "pass":
                    used[k] = used[k + 1] = True
                    hit = k
                    break
        if hit is None:
            ok = False
        else:
            used[hit] = True
    covered = sum(used) / len(lat) if lat else 0.0
    if ok and covered >= 0.75:
        return Outcome("pass", f"same {what} (Dari words translated or matched by consonants; "
                       f"{sum(used)} of {len(lat)} words)", expected, found)
    return Outcome("review", f"{what} written in another script (Dari/Latin) and not fully matched: compare by eye",
                   expected, found)


def compare_text(expected: str, found: str, policy: CheckPolicy, what: str) -> Outcome:
    """Compare free text (employer, position): case, punctuation and filler words ignored."""
    a, b = _fold(expected), _fold(found)
    if a == b:
        return Outcome("pass", "same text" if expected == found else "same text (case and punctuation ignored)",
                       expected, found)
    if has_arabic_script(expected) != has_arabic_script(found):
        return _compare_cross_script_text(expected, found, policy, what)
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


# Printed nationality words of the passports this desk sees, by ICAO code (others: first three letters).
_NATIONALITY_WORDS = {
    "AFGHAN": "AFG", "AFGHANISTAN": "AFG", "AFGHANI": "AFG", "افغان": "AFG", "افغانستان": "AFG", "افغانی": "AFG",
    "PAKISTANI": "PAK", "PAKISTAN": "PAK", "IRANIAN": "IRN", "IRAN": "IRN", "BRITISH": "GBR",
    "UNITED KINGDOM": "GBR", "GREAT BRITAIN": "GBR", "GERMAN": "D", "DEUTSCH": "D", "DEUTSCHE": "D",
    "GERMANY": "D", "TURKISH": "TUR", "TURKIYE": "TUR", "TURKEY": "TUR", "UTOPIAN": "UTO",
    "AMERICAN": "USA", "UNITED STATES": "USA", "UNITED STATES OF AMERICA": "USA", "CANADIAN": "CAN",
    "CANADA": "CAN", "INDIAN": "IND", "INDIA": "IND", "IRAQI": "IRQ", "IRAQ": "IRQ", "UZBEK": "UZB",
    "UZBEKISTAN": "UZB", "TAJIK": "TJK", "TAJIKISTAN": "TJK", "TURKMEN": "TKM", "TURKMENISTAN": "TKM",
}
_NATIONALITY_CODES = frozenset(_NATIONALITY_WORDS.values())
#: Words printed around a nationality that name no country: ``BRITISH CITIZEN``, ``ISLAMIC REPUBLIC
#: OF AFGHANISTAN``, ``AFGHAN / افغان``.
_NATIONALITY_NOISE = frozenset({"CITIZEN", "NATIONAL", "NATIONALITY", "SUBJECT", "OF", "THE", "ISLAMIC", "REPUBLIC",
                                "STATE", "FEDERAL", "DEMOCRATIC", "PEOPLES", "تابعیت", "جمهوری", "اسلامی"})


def nationality_code(text: str) -> str | None:
    """An ICAO code from a printed nationality (``AFGHAN`` -> ``AFG``), or ``None`` when unknown.

    Words that name no country are set aside (``BRITISH CITIZEN``, ``ISLAMIC REPUBLIC OF
    AFGHANISTAN``); a bilingual value (``AFGHAN / افغان``) gives a code when every part names
    the same country (``AFGHANISTAN AFG``).
    """
    t = " ".join(_fold(text).split())
    if t in _NATIONALITY_WORDS:
        return _NATIONALITY_WORDS[t]
    if len(t) in (1, 3) and t.isalpha():
        return t
    words = [w for w in t.split() if w not in _NATIONALITY_NOISE]
    phrase = " ".join(words)
    if phrase in _NATIONALITY_WORDS:
        return _NATIONALITY_WORDS[phrase]
    codes = {_NATIONALITY_WORDS.get(w, w if w in _NATIONALITY_CODES else "") for w in words}
    return codes.pop() if len(codes) == 1 and "" not in codes else None


def compare_nationality(expected: str, found: str) -> Outcome:
    """Compare nationalities given as codes or words; an unknown word is a review, never a fail."""
    a, b = nationality_code(expected), nationality_code(found)
    if a is not None and a == b:
        return Outcome("pass", "exact" if expected.strip().upper() == found.strip().upper()
                       else f"same nationality ({found} = {a})", expected, found)
    if a is None or b is None:
        return Outcome("review", "nationality written as a word this desk does not know", expected, found)
    return Outcome("fail", "different nationality", expected, found)


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


def compare_name(expected: str, found: str, policy: CheckPolicy) -> Outcome:
    """Compare two whole names (a full name, or one slot): spelling families, order, compound splits."""
    r = compare_names(expected, None, found, None, policy=policy.matching)
    return Outcome(r.status, r.reason, expected, found)


def cross_script_guard(o: Outcome, found: FieldValue, policy: CheckPolicy,
                       expected_fv: FieldValue | None = None) -> Outcome:
    """A Dari-script reading that fails against a Latin name is a review unless read near-certainly.

    Cross-script comparison goes through consonant skeletons and a dictionary; one OCR slip in
    Dari script (a dot misplaced) changes the skeleton. A text layer (confidence 1.0) can still fail.
    ``expected_fv`` is the other side when it too was read from a document.
    """
    if o.status != "fail" or has_arabic_script(o.expected) == has_arabic_script(found.value):
        return o
    dari = found if has_arabic_script(found.value) else expected_fv
    conf = dari.confidence if dari is not None else 1.0
    if conf < policy.min_cross_script_confidence_for_fail:
        return Outcome("review", f"{o.reason} (Dari script read at confidence {conf:.2f}: compare by eye)",
                       o.expected, o.found)
    return o


def compare_full_name(exp_given: str | None, exp_surname: str | None, found: str, policy: CheckPolicy) -> Outcome:
    """Compare a name given in parts (record, ID document) with a full name written in one line (a letter).

    The line is compared with the whole name in both orders (given names first, or surname
    first); the better outcome counts.
    """
    shown = " ".join(x for x in (exp_given, exp_surname) if x)
    orders = [shown]
    if exp_given and exp_surname:
        orders.append(f"{exp_surname} {exp_given}")
    rank = {"pass": 2, "review": 1, "fail": 0}
    results = [compare_names(o, None, found, None, policy=policy.matching) for o in orders]
    i = max(range(len(results)), key=lambda k: (rank[results[k].status], results[k].score, -k))
    reason = results[i].reason + ("; surname written first" if i == 1 else "")
    return Outcome(results[i].status, reason, shown, found)


def compare_line_with_parts(line: str, given: str | None, surname: str | None, policy: CheckPolicy, *,
                            parts_truncated: bool = False) -> Outcome:
    """A name written in one line (a letter) against a document's name parts that may be cut short
    (an MRZ name field): the parts are the side allowed to be truncated."""
    if not parts_truncated:
        return compare_full_name(given, surname, line, policy)
    r = compare_names(line, None, given, surname, policy=policy.matching, truncated_ok=True)
    shown = " ".join(x for x in (given, surname) if x)
    if r.status == "pass":
        return Outcome("pass", r.reason, shown, line)
    alt = compare_full_name(given, surname, line, policy)
    return alt if alt.status == "pass" else Outcome(r.status, r.reason, shown, line)


def compare_name_slots(
    exp_surname: str | None,
    exp_given: str | None,
    fnd_surname: str | None,
    fnd_given: str | None,
    policy: CheckPolicy,
    *,
    truncated_ok: bool = False,
) -> dict[str, Outcome]:
    """Compare a record's surname and given names with a document's.

    The names are compared as a whole first (swapped slots, a single name in either slot,
    compounds split differently: :func:`workstation.matching.names.compare_names`); when
    that passes, every slot the record fills passes with its reason. Otherwise each slot
    is compared on its own so that the failure lands on the slot that differs.

    Returns:
        An outcome for each slot the record fills (``surname``, ``given_names``).
    """
    es, eg = (exp_surname or "").strip(), (exp_given or "").strip()
    fs, fg = (fnd_surname or "").strip(), (fnd_given or "").strip()
    whole = compare_names(eg or None, es or None, fg or None, fs or None, policy=policy.matching,
                          truncated_ok=truncated_ok)
    slots = [(slot, e, f) for slot, e, f in (("surname", es, fs), ("given_names", eg, fg)) if e]
    if whole.status == "pass" or not (fs and fg and es and eg):
        return {slot: Outcome(whole.status, whole.reason, e, f or (fg or fs)) for slot, e, f in slots}
    out: dict[str, Outcome] = {}
    for slot, e, f in slots:
        r = compare_names(e, None, f, None, policy=policy.matching, truncated_ok=truncated_ok)
        out[slot] = Outcome(r.status, r.reason, e, f)
    if all(o.status == "pass" for o in out.values()):
        out = {k: Outcome(whole.status, whole.reason, o.expected, o.found) for k, o in out.items()}
    return out


def _edges_misread(a: str, b: str) -> bool:
    """Whether two numbers of different lengths agree but for characters lost or added at their ends:
    one run of at least 8 common characters, all of the shorter number but at most two, with
    nothing beyond it on one side at each end (a reading that lost a group's first digits at a box
    edge, or took a speck for a digit). A character that differs next to the run is no loss: it fails."""
    from difflib import SequenceMatcher

    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    if m.size < 8 or m.size < min(len(a), len(b)) - 2:
        return False
    return (m.a == 0 or m.b == 0) and (m.a + m.size == len(a) or m.b + m.size == len(b))


def compare_identifier(expected: str, found: FieldValue, policy: CheckPolicy, *, check_digit_ok: bool | None) -> Outcome:
    """Compare identifiers: formatting ignored; OCR confusions only forgiven (as review) on unsure,
    unproven readings; one character different fails (:func:`workstation.matching.identifiers.compare_identifier`)."""
    ocr = found.confidence if found.source not in ("text_layer", "truth") else None
    r = _compare_identifier(expected, found.value, check_digit_verified=bool(check_digit_ok), ocr_confidence=ocr,
                            policy=policy.matching)
    if r.status == "fail" and ocr is not None and not check_digit_ok:
        a, b = normalize_identifier(expected), normalize_identifier(found.value)
        # Read in part is judged with O/0 and I/1 folded (blind case 759 of seed 6: SAQMMAO6D1 for SAQMMA06D1348).
        fb = _fold_o_i(b)
        short, long_ = sorted((_fold_o_i(a), fb), key=len)
        # The start of a number cut off (a prefix group lost at a line or box edge) needs a longer tail.
        if short != long_ and ((len(short) >= 4 and long_.startswith(short))
                               or (len(short) >= 6 and long_.endswith(short) and short == fb)):
            return Outcome("review", f"the number was read in part ({found.value}): compare with the document",
                           expected, found.value)
        if len(a) != len(b) and _edges_misread(a, b):
            return Outcome("review", f"the number was read with digits lost or added at its ends ({found.value}), "
                           "the rest agreeing: compare with the document", expected, found.value)
        if (len(b) == len(a) - 1 and has_persian_digits(found.raw or "")
                and found.confidence < policy.matching.id_ocr_review_max_confidence
                and any(a[:i] + a[i + 1:] == b for i in range(len(a)))):
            # A Persian digit lost on an unsure reading (blind case 712: a paper tazkira's volume ۲۷ read ۲,
            # twice, at 0.77): the rest is the record's number, digit for digit.
            return Outcome("review", f"the number was read with one digit fewer ({found.value}), the rest agreeing, "
                           "on an unsure reading of the Dari printing: compare with the document", expected,
                           found.value)
        if (len(a) == len(b) and has_persian_digits(found.raw or "") and not _reads_agree(found.raw or "")
                and found.confidence < policy.matching.id_ocr_review_max_confidence
                and all(frozenset((x, y)) in PERSIAN_DIGIT_CONFUSIONS for x, y in zip(a, b, strict=True) if x != y)):
            shown = ", ".join(f"{x}/{y}" for x, y in zip(a, b, strict=True) if x != y)
            return Outcome("review", f"differs only in Persian digits OCR confuses ({shown}) on an unsure reading of "
                           "the Dari printing: compare with the document", expected, found.value)
    return Outcome(r.status, r.reason, expected, found.value)


def _fold_o_i(number: str) -> str:
    return number.translate(_O_I_FOLD)


_O_I_FOLD = str.maketrans("OI", "01")


def _reads_agree(raw: str) -> bool:
    """Whether a reading's raw text records two or more reads (``a / b``) that give the same digits: a
    second read confirms the digits, so a confusion of the first read is not what they show."""
    parts = ["".join(c for c in to_ascii_digits(p) if c.isdigit()) for p in raw.split(" / ")]
    return len(parts) >= 2 and len(set(parts)) == 1 and bool(parts[0])


#: Persian digits Tesseract's ``fas`` model confuses: it knows the Iranian forms of 4, 6 and 7 and reads the
#: Urdu forms many fonts draw as 3, 2/5 and 2, and takes ۲ for ۳ on small print.
PERSIAN_DIGIT_CONFUSIONS: frozenset[frozenset[str]] = frozenset(frozenset(p) for p in ("23", "34", "26", "56", "27"))


def compare_dates_status(expected: str, found: FieldValue, policy: CheckPolicy) -> Status:
    """Only the status of :func:`compare_date` (employment dates, no conventional birthday)."""
    return compare_date(expected, found, policy, birth_date=False).status
