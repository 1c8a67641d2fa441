"""The matching policy: defaults, the shipped JSON, validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workstation.errors import RuleError
from workstation.matching.policy import MatchingPolicy

POLICY_JSON = Path(__file__).resolve().parents[3] / "resources" / "policy" / "matching.json"


def test_shipped_json_holds_the_defaults() -> None:
    data = json.loads(POLICY_JSON.read_text(encoding="utf-8"))
    assert MatchingPolicy.from_dict(data) == MatchingPolicy()
    assert {k for k in data if not k.startswith("_")} == set(MatchingPolicy().to_dict())


def test_from_dict_overrides_and_keeps_defaults() -> None:
    p = MatchingPolicy.from_dict({"nowruz_tolerance_days": 2, "name_pass_score": 1})
    assert p.nowruz_tolerance_days == 2
    assert p.name_pass_score == 1.0
    assert p.conventional_jan1_review is True
    assert MatchingPolicy.from_dict(None) == MatchingPolicy()


@pytest.mark.parametrize(
    "data",
    [
        {"no_such_key": 1},
        {"nowruz_tolerance_days": "1"},
        {"nowruz_tolerance_days": True},
        {"conventional_jan1_review": 1},
        {"name_pass_score": 1.5},
        {"name_review_score": 0.95, "name_pass_score": 0.9},
        {"nowruz_tolerance_scope": "sometimes"},
        {"ambiguous_all_readings_disagree": "pass"},
        {"nowruz_tolerance_days": -1},
    ],
)
def test_bad_policy_is_a_rule_error(data: dict[str, object]) -> None:
    with pytest.raises(RuleError):
        MatchingPolicy.from_dict(data)


def test_not_an_object() -> None:
    with pytest.raises(RuleError):
        MatchingPolicy.from_dict([])  # type: ignore[arg-type]
