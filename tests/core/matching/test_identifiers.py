"""Identifiers: exact after normalisation passes; one digit different fails; OCR confusion is review at most."""

from __future__ import annotations

import pytest

from workstation.matching.identifiers import compare_identifier, normalize_identifier
from workstation.matching.policy import MatchingPolicy


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("P01234567", "P01234567"),
        ("p 0123 4567", "P01234567"),
        ("1399-0101-12345", "1399010112345"),
        ("۱۳۹۹-۰۱۰۱-۱۲۳۴۵", "1399010112345"),
        ("١٣٩٩–٠١٠١–١٢٣٤٥", "1399010112345"),
        ("W91B4N-10-C-0001", "W91B4N10C0001"),
        ("W91B4N.10.C.0001", "W91B4N10C0001"),
        ("L898902C3<<", "L898902C3"),
        ("  ", ""),
        (None, ""),
    ],
)
def test_normalize_identifier(text: str | None, normal: str) -> None:
    assert normalize_identifier(text) == normal


# expected, found, check digit verified, OCR confidence, status, code
TABLE = [
    ("P01234567", "P01234567", True, 0.99, "pass", "exact"),
    ("P01234567", "p0123 4567", False, None, "pass", "formatting"),
    ("1399-0101-12345", "1399 0101 12345", False, 0.9, "pass", "formatting"),
    ("1399-0101-12345", "۱۳۹۹-۰۱۰۱-۱۲۳۴۵", False, 0.9, "pass", "formatting"),
    ("W91B4N-10-C-0001", "W91B4N10C0001", False, None, "pass", "formatting"),
    # one digit different: always a fail
    ("P01234567", "P01234568", False, 0.3, "fail", "different"),
    ("P01234567", "P01234568", True, 0.99, "fail", "different"),
    ("1399-0101-12345", "1399-0101-12346", False, 0.2, "fail", "different"),
    ("P01234567", "P01243567", False, 0.2, "fail", "different"),  # transposed
    ("P01234567", "P0123456", False, 0.2, "fail", "different"),  # a digit dropped
    ("P01234567", "P012345678", False, 0.2, "fail", "different"),
    ("W91B4N-10-C-0001", "W91B4N-10-C-0002", False, None, "fail", "different"),
    # OCR confusions: review only when unproven and unsure
    ("P01234567", "PO1234567", False, 0.5, "review", "ocr_confusion"),
    ("P01234567", "PO1234567", False, 0.95, "fail", "different"),
    ("P01234567", "PO1234567", False, None, "fail", "different"),
    ("P01234567", "PO1234567", True, 0.5, "fail", "different"),
    ("P01234567", "P0I2345G7", False, 0.4, "review", "ocr_confusion"),
    ("A12S45678", "A12545678", False, 0.5, "review", "ocr_confusion"),
    ("Z1234567", "21234567", False, 0.5, "review", "ocr_confusion"),
    ("B1234567", "81234567", False, 0.5, "review", "ocr_confusion"),
    ("D1234567", "01234567", False, 0.5, "review", "ocr_confusion"),
    ("Q1234567", "01234567", False, 0.5, "review", "ocr_confusion"),
    ("P01234567", "PO1234568", False, 0.3, "fail", "different"),  # a confusion plus a real difference
    ("P01234567", "P0A234567", False, 0.3, "fail", "different"),  # 1/A is not a confusion
    # letter prefix on one side only
    ("P01234567", "01234567", False, 0.9, "review", "prefix_missing"),
    ("01234567", "P01234567", False, 0.9, "review", "prefix_missing"),
    # missing
    ("P01234567", "", False, None, "review", "missing"),
    (None, "P01234567", False, None, "review", "missing"),
]


@pytest.mark.parametrize(("expected", "found", "verified", "confidence", "status", "code"), TABLE)
def test_compare_identifier(expected: str | None, found: str, verified: bool, confidence: float | None,
                            status: str, code: str) -> None:
    r = compare_identifier(expected, found, check_digit_verified=verified, ocr_confidence=confidence)
    assert (r.status, r.code) == (status, code), r.reason
    assert r.reason


def test_every_single_digit_change_fails_whatever_the_confidence() -> None:
    base = "P01234567"
    for i, ch in enumerate(base):
        for digit in "0123456789":
            if not ch.isdigit() or digit == ch:
                continue
            changed = base[:i] + digit + base[i + 1:]
            for conf in (None, 0.0, 0.5, 0.99):
                for verified in (False, True):
                    r = compare_identifier(base, changed, check_digit_verified=verified, ocr_confidence=conf)
                    assert r.status == "fail", (changed, conf, verified)
                    assert r.differences == ((i, ch, digit),)


def test_confidence_threshold_comes_from_policy() -> None:
    lenient = MatchingPolicy(id_ocr_review_max_confidence=0.99)
    r = compare_identifier("P01234567", "PO1234567", check_digit_verified=False, ocr_confidence=0.95,
                           policy=lenient)
    assert r.status == "review"
    assert "O" in r.reason and "position 2" in r.reason
