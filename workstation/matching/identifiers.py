"""Identifiers: passport, tazkira and contract numbers.

A number either matches or it does not: one digit different is a fail, because a
missed one-digit difference lets a false claim through. Spaces, dashes, dots,
slashes, MRZ fillers and Persian digits are formatting, not content. OCR confuses
some characters (O/0, I/1, S/5, Z/2, B/8, G/6, D/0, Q/0, and the letters D/O, O/Q); such a difference is
forgiven, as a *review*, only when no check digit covers the value and the OCR was
unsure. A check digit that verified proves the document's reading, so a difference
then is real.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from workstation.matching.digits import to_ascii_digits
from workstation.matching.policy import DEFAULT_POLICY, MatchingPolicy

log = logging.getLogger(__name__)

__all__ = ["OCR_CONFUSIONS", "IdComparison", "compare_identifier", "normalize_identifier"]

Status = Literal["pass", "fail", "review"]

#: Pairs of characters OCR mistakes for each other on identity documents (DOMAIN.md).
OCR_CONFUSIONS: frozenset[frozenset[str]] = frozenset(
    frozenset(p) for p in ("O0", "I1", "S5", "Z2", "B8", "G6", "D0", "Q0", "DO", "OQ")
)

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_./\\<:,]+")


def normalize_identifier(text: str | None) -> str:
    """Upper case, ASCII digits, without spaces, dashes, dots, slashes or ``<`` fillers.

    ``1399-0101-12345`` -> ``1399010112345``; ``p 0123 4567`` -> ``P01234567``;
    ``۱۳۹۹-۰۱۰۱-۱۲۳۴۵`` -> ``1399010112345``.
    """
    if not text:
        return ""
    return _SEPARATORS.sub("", to_ascii_digits(text)).upper()


@dataclass(frozen=True)
class IdComparison:
    """The outcome of comparing two identifiers.

    Attributes:
        status: ``pass``, ``fail`` or ``review``.
        code: ``exact``, ``formatting``, ``ocr_confusion``, ``different``, ``prefix_missing``
            or ``missing``.
        reason: One sentence for the officer.
        expected: The expected value, normalised.
        found: The found value, normalised.
        differences: (position, expected character, found character) for each
            differing position when the lengths agree.
    """

    status: Status
    code: str
    reason: str
    expected: str
    found: str
    differences: tuple[tuple[int, str, str], ...] = ()


def compare_identifier(
    expected: str | None,
    found: str | None,
    *,
    check_digit_verified: bool,
    ocr_confidence: float | None,
    policy: MatchingPolicy = DEFAULT_POLICY,
) -> IdComparison:
    """Compare an expected identifier (the record's) with one read from a document.

    Args:
        expected: The record's value, any formatting.
        found: The document's value, any formatting.
        check_digit_verified: True when a check digit covers the found value and
            verified (an MRZ document number); then the reading is proven and any
            difference is real.
        ocr_confidence: OCR confidence of the found value (0-1), or None when it was
            not read by OCR (typed, a PDF text layer): then a difference is real too.
        policy: ``id_ocr_review_max_confidence``.

    Returns:
        An :class:`IdComparison`: pass only on an exact match after normalisation.
    """
    e, f = normalize_identifier(expected), normalize_identifier(found)
    if not e or not f:
        which = "record" if not e else "document"
        return IdComparison("review", "missing", f"no number on the {which}", e, f)
    if e == f:
        raw_same = (expected or "").strip().upper() == (found or "").strip().upper()
        return IdComparison("pass", "exact" if raw_same else "formatting",
                            "exact" if raw_same else "same number (spacing or dashes differ)", e, f)
    if len(e) == len(f):
        diffs = tuple((i, a, b) for i, (a, b) in enumerate(zip(e, f, strict=True)) if a != b)
        shown = ", ".join(f"{a}/{b} at position {i + 1}" for i, a, b in diffs)
        if all(frozenset((a, b)) in OCR_CONFUSIONS for _, a, b in diffs):
            if check_digit_verified:
                return IdComparison("fail", "different",
                                    f"differs ({shown}); the check digit proves the document's reading", e, f, diffs)
            if ocr_confidence is not None and ocr_confidence < policy.id_ocr_review_max_confidence:
                return IdComparison("review", "ocr_confusion",
                                    f"differs only by characters OCR confuses ({shown}) and the reading is unsure",
                                    e, f, diffs)
            why = "the reading is confident" if ocr_confidence is not None else "the value was not read by OCR"
            return IdComparison("fail", "different", f"differs ({shown}); {why}", e, f, diffs)
        count = "one character differs" if len(diffs) == 1 else f"{len(diffs)} characters differ"
        return IdComparison("fail", "different", f"different numbers: {count} ({shown})", e, f, diffs)
    # A letter prefix present on one side only (P01234567 / 01234567): same digits, formatting
    # of the case-management system; never a pass.
    longer, shorter = (e, f) if len(e) > len(f) else (f, e)
    if longer.endswith(shorter) and longer[: len(longer) - len(shorter)].isalpha() and len(shorter) >= 6:
        return IdComparison("review", "prefix_missing",
                            f"same digits, letter prefix {longer[: len(longer) - len(shorter)]!r} on one side only",
                            e, f)
    return IdComparison("fail", "different", f"different numbers (length {len(e)} / {len(f)})", e, f)


def number_in_zone(front: str, numbers: Sequence[str]) -> bool:
    """Whether the digits of a card front's tazkira number are a number its zone carries.

    ``numbers``: the digit runs where the zone may carry it (the tazkira reader's candidates).

    A number too long for the document number field continues in the optional data followed by
    its own check digit (ICAO 9303), and fillers after it are misread as digits: the zone's digits
    may run up to three past a full-length front number.
    """
    if front in numbers:
        return True
    return len(front) >= 10 and any(n.startswith(front) and len(n) - len(front) <= 3 for n in numbers)
