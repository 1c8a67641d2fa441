"""Which kind of document a page is: passport, tazkira, employment letter, or unknown.

Decided from the machine-readable zone when there is one (a TD3 zone with document code ``P``
is a passport; a TD1 zone is an identity card, the back of an e-tazkira) and otherwise from
words of the page's text (English, Dari, Pashto). Each decision carries its reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workstation.documents.mrz import MrzResult

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
)
_LETTER_WORDS = (
    "to whom it may concern", "employment", "employed", "employee", "worked", "position", "supervisor",
    "contract", "hereby", "certify", "certifies", "sincerely", "verification", "letter", "human resources",
    "dear", "regards", "interpreter",
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
    low = text.lower()
    return [w for w in words if w in low]


def classify(text: str, mrz: MrzResult | None = None) -> Classification:
    """Classify a page from its OCR/text-layer text and its zone (if one was read).

    Args:
        text: All text read on the page(s), any script.
        mrz: The parsed zone, or ``None`` when none was found.
    """
    if mrz is not None:
        code = mrz.document_code[:1]
        if mrz.format == "TD3" and code == "P":
            return Classification(PASSPORT, 0.99 if mrz.valid else 0.9, ("TD3 zone with document code P",))
        if mrz.format == "TD1":
            return Classification(TAZKIRA, 0.95 if mrz.valid else 0.8, ("TD1 zone (identity card)",))
        if mrz.format == "TD3":
            return Classification(PASSPORT, 0.7, (f"TD3 zone with document code {mrz.document_code or '?'}",))
    words = re.findall(r"\w+", text)
    scores = {
        PASSPORT: _hits(text, _PASSPORT_WORDS),
        TAZKIRA: _hits(text, _TAZKIRA_WORDS),
        EMPLOYMENT_LETTER: _hits(text, _LETTER_WORDS),
    }
    long_prose = len(words) >= 120
    letter_score = len(scores[EMPLOYMENT_LETTER]) + (2 if long_prose else 0)
    ranked = sorted(
        ((len(scores[PASSPORT]), PASSPORT), (len(scores[TAZKIRA]), TAZKIRA), (letter_score, EMPLOYMENT_LETTER)),
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
