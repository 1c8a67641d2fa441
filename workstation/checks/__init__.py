"""Checks: the record against the documents, the documents against each other, and a verdict.

Public API:

* :class:`DocumentEvidence`, :class:`FieldValue`: what a document says (built from a
  reader's output by :func:`from_reading`).
* :func:`check_case`: every rule over one case, returning a :class:`CheckReport`.
* :class:`CheckResult`, :class:`Evidence`, :class:`CheckPolicy`, :func:`load_check_policy`.
"""

from __future__ import annotations

from workstation.checks.engine import check_case, pair_letters
from workstation.checks.model import (
    CheckReport,
    CheckResult,
    DocumentEvidence,
    Evidence,
    FieldValue,
    Status,
    Verdict,
)
from workstation.checks.policy import CheckPolicy, load_check_policy
from workstation.checks.verdict import decide_verdict

__all__ = [
    "CheckPolicy",
    "CheckReport",
    "CheckResult",
    "DocumentEvidence",
    "Evidence",
    "FieldValue",
    "Status",
    "Verdict",
    "check_case",
    "decide_verdict",
    "load_check_policy",
    "pair_letters",
]
