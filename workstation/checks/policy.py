"""The checks policy: thresholds and switches of the rules, from a dated JSON file.

The packaged default is ``resources/policy/checks.json``; a desk may point
``WorkstationConfig.policy_path`` at its own copy. The matching thresholds
(names, dates, identifiers) are a separate section: the ``matching`` object of
the same file when present, else ``resources/policy/matching.json`` beside it,
else the matching layer's defaults.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workstation.config import resources_dir
from workstation.errors import RuleError
from workstation.matching.policy import MatchingPolicy

log = logging.getLogger(__name__)

_STATUS_CHOICES = ("pass", "fail", "review", "not_done")


@dataclass(frozen=True)
class CheckPolicy:
    """Every threshold and switch of the checks layer (see ``resources/policy/checks.json``).

    Attributes:
        version: Name of this policy version; written into each audit event of a run.
        effective_from: ISO date from which this version applies.
        min_field_confidence: Readings below this OCR confidence go to review.
        min_mrz_confidence_for_forgery: A broken check digit in an MRZ read at least this
            confidently is a forgery sign; below it, a review.
        min_printed_confidence_for_forgery: An MRZ/printed-page disagreement is a forgery sign
            only when the printed page was read at least this confidently; below, a review.
        mrz_name_ocr_tolerance: MRZ and printed names differing by at most this many letters are
            a review (an OCR error is as likely as an alteration); more is a forgery sign.
        min_cross_script_confidence_for_fail: A Dari-script reading that disagrees with a Latin
            name fails only when read at least this confidently (a text layer); else a review.
        service_rule_fails_are_review: An SIV service rule that is not met (from
            ``siv_service.json``) is a review, not a mismatch.
        max_broken_check_digits_for_forgery: One altered value breaks its own check digit and the
            composite (2); more broken than this means the zone was not read: a review.
        unheld_zone_confidence: Confidence at most of the values of a zone that does not hold (more
            broken check digits than one alteration breaks, names of filler debris, two readings
            that both pass): below ``min_field_confidence``, they go to review.
        exact_identifier_overrides_low_confidence: An identifier of at least
            ``exact_identifier_min_length`` characters, a full date, or a name of as many letters,
            that agrees *exactly* with
            the record passes even at low OCR confidence (OCR noise does not produce exactly the
            expected value), saying so; anything short of exact still goes to review.
        exact_identifier_min_length: See above.
        broken_check_digit_is_forgery_sign: A broken MRZ check digit fails the case.
        mrz_vs_printed_is_forgery_sign: An MRZ disagreeing with its printed page fails the case.
        expired_passport_status: Status of the passport-validity check when it has expired.
        expiry_reference: ``today`` (the date of the run); the only choice for now.
        missing_document_status: Status of checks whose document was not given.
        unreadable_field_status: Status when the document was given but the field not read.
        min_confidence_for_one_letter_name_fail: A name read by OCR (zone or page) that differs from
            the other side by one letter in a part fails only when read at least this confidently
            (one letter is an OCR slip as often as a different name); below it, review.
        outvoting_documents: A name, birth date, sex or father's name that fails on one document's
            unsure reading (OCR, not a check-digit zone, below ``max_confidence_outvoted``) while at
            least this many other documents agree with the record is a review, not a fail (0: off).
        max_confidence_outvoted: See above; a reading at or above it fails whatever the others say.
        single_name_either_slot: A single name may stand in either name slot.
        compare_letter_with_id: Compare each letter's name and birth date with the ID documents.
        compare_mrz_with_printed: Compare the MRZ with the printed page.
        text_pass_score: Free-text (employer, position) similarity that passes.
        text_review_score: Free-text similarity that is a review rather than a fail.
        dari_glossary: Dari words of employers and positions -> English, for Dari letters.
        matching: Thresholds of names, dates and identifiers.
    """

    version: str = "builtin"
    effective_from: str = ""
    min_field_confidence: float = 0.6
    min_mrz_confidence_for_forgery: float = 0.5
    min_printed_confidence_for_forgery: float = 0.8
    mrz_name_ocr_tolerance: float = 2.0
    min_cross_script_confidence_for_fail: float = 0.95
    min_confidence_for_one_letter_name_fail: float = 0.95
    service_rule_fails_are_review: bool = True
    max_broken_check_digits_for_forgery: float = 3.0
    unheld_zone_confidence: float = 0.5
    exact_identifier_overrides_low_confidence: bool = True
    exact_identifier_min_length: float = 8.0
    broken_check_digit_is_forgery_sign: bool = True
    mrz_vs_printed_is_forgery_sign: bool = True
    expired_passport_status: str = "review"
    expiry_reference: str = "today"
    missing_document_status: str = "not_done"
    unreadable_field_status: str = "review"
    outvoting_documents: float = 2.0
    max_confidence_outvoted: float = 0.9
    single_name_either_slot: bool = True
    compare_letter_with_id: bool = True
    compare_mrz_with_printed: bool = True
    text_pass_score: float = 0.85
    text_review_score: float = 0.6
    dari_glossary: Mapping[str, str] = field(default_factory=dict)
    matching: MatchingPolicy = field(default_factory=MatchingPolicy)

    def __post_init__(self) -> None:
        if self.mrz_name_ocr_tolerance < 0:
            raise RuleError("checks policy: mrz_name_ocr_tolerance must not be negative")
        for name in ("min_field_confidence", "min_mrz_confidence_for_forgery", "min_printed_confidence_for_forgery",
                     "min_cross_script_confidence_for_fail", "min_confidence_for_one_letter_name_fail",
                     "max_confidence_outvoted", "text_pass_score", "unheld_zone_confidence",
                     "text_review_score"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise RuleError(f"checks policy: {name} must be between 0 and 1")
        if self.text_review_score > self.text_pass_score:
            raise RuleError("checks policy: text_review_score must not exceed text_pass_score")
        for name in ("expired_passport_status", "missing_document_status", "unreadable_field_status"):
            if getattr(self, name) not in _STATUS_CHOICES:
                raise RuleError(f"checks policy: {name} must be one of {', '.join(_STATUS_CHOICES)}")
        if self.missing_document_status == "pass" or self.unreadable_field_status == "pass":
            raise RuleError("checks policy: a missing document or unreadable field can never pass")
        if self.expiry_reference != "today":
            raise RuleError("checks policy: expiry_reference must be 'today'")

    @classmethod
    def from_dict(cls, data: Any, matching: MatchingPolicy | None = None) -> CheckPolicy:
        """Build a policy from a parsed policy file.

        Missing keys keep their defaults; keys starting with ``_`` are comments.

        Raises:
            RuleError: An unknown key or a value of the wrong type.
        """
        if not isinstance(data, dict):
            raise RuleError("checks policy must be a JSON object")
        defaults = cls()
        known = {f.name for f in dataclasses.fields(cls)} - {"matching"}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key.startswith("_") or key == "matching":
                continue
            if key not in known:
                raise RuleError(f"checks policy: unknown key {key!r}")
            default = getattr(defaults, key)
            if key == "dari_glossary":
                if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                          for k, v in value.items()):
                    raise RuleError("checks policy: dari_glossary must map text to text")
                values[key] = dict(value)
                continue
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, float):
                ok = isinstance(value, (int, float)) and not isinstance(value, bool)
                value = float(value) if ok else value
            else:
                ok = isinstance(value, str)
            if not ok:
                raise RuleError(f"checks policy: {key} must be {type(default).__name__}, not {value!r}")
            values[key] = value
        if "matching" in data:
            matching = MatchingPolicy.from_dict(data["matching"])
        return cls(**values, matching=matching or MatchingPolicy())


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise RuleError(f"Cannot read the policy file {path.name}: {e.strerror or e}") from e
    except json.JSONDecodeError as e:
        raise RuleError(f"The policy file {path.name} is not valid JSON: {e}") from e


def load_check_policy(path: str | Path | None = None) -> CheckPolicy:
    """Load the checks policy from ``path`` (empty: the packaged ``resources/policy/checks.json``).

    A file with a ``checks`` object (a desk's combined policy file) uses that section.

    Raises:
        RuleError: The file is unreadable or malformed.
    """
    p = Path(path) if path else resources_dir() / "policy" / "checks.json"
    if not p.exists():
        if path:
            raise RuleError(f"The policy file {p} does not exist")
        log.warning("packaged checks policy missing; using built-in defaults")
        return CheckPolicy()
    data = _read_json(p)
    if isinstance(data, dict) and isinstance(data.get("checks"), dict):
        section = dict(data["checks"])
        if "matching" in data and "matching" not in section:
            section["matching"] = data["matching"]
        data = section
    matching: MatchingPolicy | None = None
    if isinstance(data, dict) and "matching" not in data:
        mpath = p.parent / "matching.json"
        if mpath.exists():
            mdata = _read_json(mpath)
            matching = MatchingPolicy.from_dict(mdata.get("matching", mdata) if isinstance(mdata, dict) else mdata)
    return CheckPolicy.from_dict(data, matching)
