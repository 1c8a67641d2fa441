"""The verdict of a case from its checks.

* ``mismatch``: at least one check failed (a genuine disagreement or a forgery sign);
* ``needs_review``: nothing failed, but something is missing, unreadable or ambiguous;
* ``verified``: at least one check ran and every check passed.
"""

from __future__ import annotations

from collections.abc import Sequence

from workstation.checks.model import CheckResult, Verdict


def decide_verdict(checks: Sequence[CheckResult]) -> tuple[Verdict, str]:
    """The verdict of ``checks`` and one line saying why.

    An empty list of checks is ``needs_review``: nothing was verified.
    """
    fails = [c for c in checks if c.status == "fail"]
    if fails:
        forgery = [c for c in fails if c.forgery_sign]
        if forgery:
            return "mismatch", f"forgery sign: {forgery[0].id} ({len(fails)} check(s) failed)"
        return "mismatch", f"{len(fails)} check(s) failed, first {fails[0].id}"
    open_ = [c for c in checks if c.status in ("review", "not_done")]
    if open_:
        return "needs_review", f"{len(open_)} check(s) need review or were not done, first {open_[0].id}"
    if not checks:
        return "needs_review", "no check could be run"
    return "verified", f"all {len(checks)} check(s) passed"
