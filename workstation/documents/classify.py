"""Which kind of document a page is: passport, tazkira, employment letter, or unknown.

Decided from the machine-readable zone when there is one (a TD3 zone with document code ``P``
is a passport; a TD1 zone is an identity card, the back of an e-tazkira) and otherwise from
words of the page's text (English, Dari, Pashto). Each decision carries its reasons.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from workstation.documents.mrz import MrzResult
from workstation.matching.digits import has_arabic_script

PASSPORT = "passport"
TAZKIRA = "tazkira"
EMPLOYMENT_LETTER = "employment_letter"
UNKNOWN = "unknown"
KINDS = (PASSPORT, TAZKIRA, EMPLOYMENT_LETTER, UNKNOWN)

_PASSPORT_WORDS = (
    "passport", "passeport", "date of expiry", "date of issue", "place of birth", "given names",
    "surname", "پاسپورت", "گذرنامه", "پاسپورټ",
)
_TAZKIRA_WORDS = (
    "tazkira", "tazkera", "tazkeera", "taskira", "national identity", "identity card", "e-tazkira",
    "electronic national id", "nsia", "تذکره", "تذكره", "تذکرہ", "تذکیره", "تذكرة", "تابعیت", "ولد", "ولدیت",
    "جلد", "صفحه", "شماره ثبت", "کارت هویت", "پیژند", "د پلار نوم",
    "father's name", "fathers name", "father name", "grandfather", "id no", "national id", "volume",
    "original residence", "present residence", "نام پدر", "نام پدرکلان", "شماره تذکره",
)
#: Words that name the document itself: each counts twice.
_STRONG_WORDS = {"passport", "passeport", "پاسپورت", "گذرنامه", "پاسپورټ", "tazkira", "tazkera", "tazkeera",
                 "taskira", "e-tazkira", "تذکره", "تذكره", "to whom it may concern", "تصدیق", "تصديق",
                 "tazkira number"}
_LETTER_WORDS = (
    "to whom it may concern", "employment", "employed", "employee", "worked", "position", "supervisor",
    "contract", "hereby", "certify", "certifies", "sincerely", "verification", "letter", "human resources",
    "dear", "regards", "interpreter",
    # Dari and Pashto letters: certificate of work, hereby, contract, duty, direct supervisor, salary
    "تصدیق", "تصديق", "بدینوسیله", "بدین وسیله", "قرارداد", "وظیفه", "آمر مستقیم", "استخدام", "معاش",
    "به حیث", "دنده", "کارکوونکی",
)


@dataclass(frozen=True)
class Classification:
    """The kind of a document and why.

    Attributes:
        kind: ``passport``, ``tazkira``, ``employment_letter`` or ``unknown``.
        confidence: 0..1.
        reasons: Short human-readable reasons (``TD3 zone with code P``, ``words: employment``).
    """

    kind: str
    confidence: float
    reasons: tuple[str, ...]


def _hits(text: str, words: tuple[str, ...]) -> list[str]:
    # NFKC: PDF text layers often hold Arabic presentation forms (U+FB50-U+FEFF), not letters.
    low = unicodedata.normalize("NFKC", text).replace("\u200c", "").lower()
    # OCR puts a space after a letter that does not join the next (``تذ کره`` for تذکره): a word that
    # names the document is also looked for with those spaces closed.
    closed = _AFTER_NON_JOINING_SPACE.sub("", low)
    return [w for w in words if w in low or (w in _STRONG_WORDS and has_arabic_script(w) and w in closed)]


#: A space after an Arabic-script letter that never joins the letter after it, before another letter.
_AFTER_NON_JOINING_SPACE = re.compile(r"(?<=[\u0627\u0622\u0623\u062f\u0630\u0631\u0632\u0698\u0648]) (?=[\u0620-\u064a\u067e-\u06d3])")


def _score(hits: list[str]) -> int:
    return sum(2 if w in _STRONG_WORDS else 1 for w in hits)


def weak_zone(mrz: MrzResult) -> bool:
    """Whether a zone is too unsure to decide the kind on its own.

    OCR of other print (a letter's dense lines, a photo's background) can look like two zone
    lines. A real zone, even damaged or altered, keeps its structure: a valid or plausible read,
    at least three check digits that verify, or a known document code with a letter-only state
    and at least one check digit that verifies. Code and state alone are not enough: an e-tazkira
    front's printed lines have been read as ``PA...`` with every check digit failing, and the
    reader makes a TD3 code it reads as F/R/B/D the P it must be.
    """
    verified = sum(1 for ok in mrz.checks.values() if ok)
    if mrz.plausible or verified >= 3:
        return False
    code = mrz.document_code[:1]
    known = (mrz.format == "TD3" and code == "P") or (mrz.format == "TD1" and code in "IAC")
    return not (known and mrz.issuing_state.isalpha() and verified >= 1)


def _zone_kind(mrz: MrzResult) -> Classification | None:
    code = mrz.document_code[:1]
    if mrz.format == "TD3" and code == "P":
        return Classification(PASSPORT, 0.99 if mrz.valid else 0.9, ("TD3 zone with document code P",))
    if mrz.format == "TD1":
        return Classification(TAZKIRA, 0.95 if mrz.valid else 0.8, ("TD1 zone (identity card)",))
    if mrz.format == "TD3":
        return Classification(PASSPORT, 0.7, (f"TD3 zone with document code {mrz.document_code or '?'}",))
    return None


def classify(text: str, mrz: MrzResult | None = None) -> Classification:
    """Classify a page from its OCR/text-layer text and its zone (if one was read).

    A zone decides, except a weak one (:func:`weak_zone`): then the page's words decide when
    they are clear, and the zone only when they are not.

    Args:
        text: All text read on the page(s), any script.
        mrz: The parsed zone, or ``None`` when none was found.
    """
    if mrz is not None:
        by_zone = _zone_kind(mrz)
        if by_zone is not None:
            if not weak_zone(mrz):
                return by_zone
            by_words = _classify_words(text)
            if by_words.kind != UNKNOWN and by_words.kind != by_zone.kind:
                return Classification(by_words.kind, by_words.confidence,
                                      (*by_words.reasons, "a zone-like band was read but does not hold together"))
            return Classification(by_zone.kind, min(by_zone.confidence, 0.6),
                                  (*by_zone.reasons, "zone unsure (check digits fail)"))
    return _classify_words(text)


#: An e-tazkira number as printed (``1399-0101-12345``: a Solar Hijri year of issue, then 4 and 5
#: digits). DOMAIN.md calls the format unverified: it is one cue among the words, never a check.
_TAZKIRA_NUMBER_SHAPE = re.compile(r"(?<![\d-])1[34]\d\d[-\u2010\u2011 ]\d{4}[-\u2010\u2011 ]\d{5}(?![\d-])")
#: Words (letters only, at least this long) that make a page prose when there are :data:`_PROSE_WORDS` of them.
_PROSE_WORD_LEN = 4
_PROSE_WORDS = 60


def _prose_words(words: list[str]) -> int:
    """Words of prose: letters only and not short. OCR of noise or of print upside down gives
    hundreds of 1-3 character fragments, which made a grainy photo of a card "long prose"."""
    return sum(1 for w in words if len(w) >= _PROSE_WORD_LEN and w.isalpha())


def _classify_words(text: str) -> Classification:
    words = re.findall(r"\w+", text)
    scores = {
        PASSPORT: _hits(text, _PASSPORT_WORDS),
        TAZKIRA: _hits(text, _TAZKIRA_WORDS),
        EMPLOYMENT_LETTER: _hits(text, _LETTER_WORDS),
    }
    if _TAZKIRA_NUMBER_SHAPE.search(unicodedata.normalize("NFKC", text)):
        scores[TAZKIRA].append("tazkira number")
    long_prose = len(words) >= 120 and _prose_words(words) >= _PROSE_WORDS
    letter_score = _score(scores[EMPLOYMENT_LETTER]) + (2 if long_prose else 0)
    ranked = sorted(
        ((_score(scores[PASSPORT]), PASSPORT), (_score(scores[TAZKIRA]), TAZKIRA), (letter_score, EMPLOYMENT_LETTER)),
        reverse=True,
    )
    best_score, best = ranked[0]
    runner_up = ranked[1][0]
    if best_score < 2 or best_score == runner_up:
        return Classification(UNKNOWN, 0.0, (f"no clear cue ({len(words)} words)",))
    reasons = [f"words: {', '.join(scores[best][:5])}"] if scores[best] else []
    if best == EMPLOYMENT_LETTER and long_prose:
        reasons.append(f"long prose ({len(words)} words)")
    confidence = min(0.95, 0.5 + 0.1 * (best_score - runner_up))
    return Classification(best, confidence, tuple(reasons))
