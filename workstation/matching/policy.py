"""Thresholds and rules of the matching layer, loaded from the policy file.

Nothing in :mod:`workstation.matching` hard-codes a cut-off: every function takes a
:class:`MatchingPolicy`, whose defaults are the product owner's decisions of
DOMAIN.md and are also written out in ``resources/policy/matching.json``. The lead
loads the ``matching`` section of ``resources/policy/default.json`` through
:meth:`MatchingPolicy.from_dict`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from workstation.errors import RuleError

__all__ = ["DEFAULT_POLICY", "MatchingPolicy"]

ToleranceScope = Literal["nowruz", "always"]
AmbiguousOutcome = Literal["fail", "review"]


@dataclass(frozen=True)
class MatchingPolicy:
    """Every threshold the matching layer uses; all have safe defaults.

    Attributes:
        solar_hijri_year_limit: A year written below this number is read as Solar Hijri
            (1367 SH = 1988); Gregorian years of living people are all above it.
        nowruz_tolerance_days: Days by which a Solar Hijri date may differ from the
            Gregorian one and still pass (Afghan and Iranian leap-year practice can put
            Nowruz a day apart).
        nowruz_window_days: The tolerance applies to Solar Hijri dates at most this many
            days from Nowruz (the last days of Hut/Esfand, the first of Hamal/Farvardin).
        nowruz_tolerance_scope: ``"nowruz"`` applies the tolerance only within the window;
            ``"always"`` to any Solar Hijri date (for when a whole year is shifted).
        kabul_meridian_reckoning: Also accept a Solar Hijri day converted on Kabul's
            meridian (UTC+4:30) instead of Tehran's: in years where the equinox falls
            between the two noons (1375, 1379 SH...) the two reckonings put every date
            of the year one day apart.
        conventional_jan1_review: A 1 January date against a different full date in the
            same year is a review (conventional birthday), not a fail.
        conventional_sh_new_year_review: The same for 1 Hamal/Farvardin on a Solar Hijri
            document (UNVERIFIED practice; off by default).
        ambiguous_all_readings_disagree: What an ambiguous day/month date gets when *no*
            reading agrees with the other date: ``"fail"`` (it disagrees whatever the
            order) or ``"review"``. When a reading agrees it is always review: the record
            under check never settles the order.
        min_plausible_year: Earliest Gregorian year accepted from a document.
        max_plausible_year: Latest Gregorian year accepted from a document.
        two_digit_year_pivot: ``YY`` at or below it is 20YY, above it 19YY (``05 MAR 88``).
        name_pass_score: Lowest token similarity (0-1, rapidfuzz normalised Indel on
            the phonetic skeleton) that counts as the same name part without a family rule.
        name_review_score: Lowest similarity that sends a name part to review instead
            of failing.
        name_min_length_for_fuzzy: Name parts shorter than this never match fuzzily
            (short names differ by a letter: ALI / ALIM).
        name_script_pass_score: Lowest similarity between the consonant skeletons of a
            Dari-script name and a Latin one for a pass.
        name_script_review_score: ... and for a review.
        id_ocr_review_max_confidence: An identifier that differs only by OCR-confusable
            characters, with no check digit over it, goes to review when the OCR
            confidence is below this (above it, or with a verified check digit, it fails).
    """

    solar_hijri_year_limit: int = 1500
    nowruz_tolerance_days: int = 1
    nowruz_window_days: int = 3
    nowruz_tolerance_scope: ToleranceScope = "nowruz"
    kabul_meridian_reckoning: bool = True
    conventional_jan1_review: bool = True
    conventional_sh_new_year_review: bool = False
    ambiguous_all_readings_disagree: AmbiguousOutcome = "fail"
    min_plausible_year: int = 1880
    max_plausible_year: int = 2100
    two_digit_year_pivot: int = 30
    name_pass_score: float = 0.92
    name_review_score: float = 0.80
    name_min_length_for_fuzzy: int = 5
    name_script_pass_score: float = 0.85
    name_script_review_score: float = 0.70
    id_ocr_review_max_confidence: float = 0.90

    def __post_init__(self) -> None:
        if self.nowruz_tolerance_scope not in ("nowruz", "always"):
            raise RuleError("matching policy: nowruz_tolerance_scope must be 'nowruz' or 'always'")
        if self.ambiguous_all_readings_disagree not in ("fail", "review"):
            raise RuleError("matching policy: ambiguous_all_readings_disagree must be 'fail' or 'review'")
        for name in ("name_pass_score", "name_review_score", "name_script_pass_score",
                     "name_script_review_score", "id_ocr_review_max_confidence"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise RuleError(f"matching policy: {name} must be between 0 and 1")
        if self.name_review_score > self.name_pass_score:
            raise RuleError("matching policy: name_review_score must not exceed name_pass_score")
        if self.name_script_review_score > self.name_script_pass_score:
            raise RuleError("matching policy: name_script_review_score must not exceed name_script_pass_score")
        if self.nowruz_tolerance_days < 0 or self.nowruz_window_days < 0:
            raise RuleError("matching policy: Nowruz tolerance and window must not be negative")

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> MatchingPolicy:
        """Build a policy from the ``matching`` section of a policy file.

        Missing keys keep their defaults; keys starting with ``_`` (comments) are ignored.

        Raises:
            RuleError: An unknown key, or a value of the wrong type or range.
        """
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise RuleError("matching policy must be a JSON object")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        defaults = cls()
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key.startswith("_"):
                continue
            if key not in fields:
                raise RuleError(f"matching policy: unknown key {key!r}")
            default = getattr(defaults, key)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                ok = isinstance(value, int) and not isinstance(value, bool)
            elif isinstance(default, float):
                ok = isinstance(value, (int, float)) and not isinstance(value, bool)
                value = float(value) if ok else value
            else:
                ok = isinstance(value, str)
            if not ok:
                raise RuleError(f"matching policy: {key} must be {type(default).__name__}, not {value!r}")
            values[key] = value
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (what ``resources/policy/matching.json`` holds)."""
        return dataclasses.asdict(self)


DEFAULT_POLICY = MatchingPolicy()
