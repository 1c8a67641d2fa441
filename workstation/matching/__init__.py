"""Matching: names, dates and identifiers as documents and records write them.

Pure functions with no I/O: :mod:`~workstation.matching.dates` (Gregorian and Solar
Hijri, partial and ambiguous dates), :mod:`~workstation.matching.names` (transliteration
families, swapped slots, compounds, Dari script), :mod:`~workstation.matching.identifiers`
(passport, tazkira and contract numbers), :mod:`~workstation.matching.digits`
(Persian digits and letter variants), and the :class:`MatchingPolicy` that carries every
threshold. Each comparison returns a status (pass / fail / review) and a reason.
"""

from __future__ import annotations

from workstation.matching.dates import (
    DateComparison,
    DateInterval,
    ParsedDate,
    PartialDate,
    compare_dates,
    parse_date_text,
    settle_day_month_order,
)
from workstation.matching.digits import normalize_arabic_script, to_ascii_digits
from workstation.matching.identifiers import IdComparison, compare_identifier, normalize_identifier
from workstation.matching.names import NameComparison, compare_names, normalize_name
from workstation.matching.policy import DEFAULT_POLICY, MatchingPolicy

__all__ = [
    "DEFAULT_POLICY",
    "DateComparison",
    "DateInterval",
    "IdComparison",
    "MatchingPolicy",
    "NameComparison",
    "ParsedDate",
    "PartialDate",
    "compare_dates",
    "compare_identifier",
    "compare_names",
    "normalize_arabic_script",
    "normalize_identifier",
    "normalize_name",
    "parse_date_text",
    "settle_day_month_order",
    "to_ascii_digits",
]
