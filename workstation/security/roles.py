"""Roles and the role x action matrix, enforced in the service layer (not only by hiding buttons)."""

from __future__ import annotations

from enum import StrEnum

from workstation.errors import AccessDeniedError


class Role(StrEnum):
    """What a user is."""

    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class Action(StrEnum):
    """Everything a user can ask the service to do."""

    VIEW_CASES = "view_cases"
    IMPORT_RECORDS = "import_records"
    ADD_DOCUMENT = "add_document"
    RUN_CHECKS = "run_checks"
    OVERRIDE_CHECK = "override_check"
    DECIDE_CASE = "decide_case"
    VIEW_AUDIT = "view_audit"
    VIEW_EVIDENCE = "view_evidence"
    VERIFY_CHAIN = "verify_chain"
    SIGN_OFF = "sign_off"
    EXPORT_REPORT = "export_report"
    EXPORT_CHECKPOINT = "export_checkpoint"
    MANAGE_USERS = "manage_users"
    RUN_RETENTION = "run_retention"
    CHANGE_OWN_PASSWORD = "change_own_password"


_OFFICER = {
    Action.VIEW_CASES,
    Action.IMPORT_RECORDS,
    Action.ADD_DOCUMENT,
    Action.RUN_CHECKS,
    Action.OVERRIDE_CHECK,
    Action.DECIDE_CASE,
    Action.VIEW_EVIDENCE,
    Action.CHANGE_OWN_PASSWORD,
}
_SUPERVISOR = {
    Action.VIEW_CASES,
    Action.VIEW_AUDIT,
    Action.VIEW_EVIDENCE,
    Action.VERIFY_CHAIN,
    Action.SIGN_OFF,
    Action.EXPORT_REPORT,
    Action.EXPORT_CHECKPOINT,
    Action.CHANGE_OWN_PASSWORD,
}
# Administrators run the desk, not cases: they see the trail's integrity, never the applicants' evidence.
_ADMINISTRATOR = {
    Action.MANAGE_USERS,
    Action.RUN_RETENTION,
    Action.VERIFY_CHAIN,
    Action.VIEW_AUDIT,
    Action.EXPORT_CHECKPOINT,
    Action.CHANGE_OWN_PASSWORD,
}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.OFFICER: frozenset(_OFFICER),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMINISTRATOR: frozenset(_ADMINISTRATOR),
}


def allowed(role: Role | str, action: Action | str) -> bool:
    """Whether ``role`` may perform ``action``."""
    try:
        return Action(action) in PERMISSIONS[Role(role)]
    except ValueError:
        return False


def require(role: Role | str, action: Action | str) -> None:
    """Raise :class:`AccessDeniedError` unless ``role`` may perform ``action``."""
    if not allowed(role, action):
        raise AccessDeniedError(f"A user with the role '{role}' may not {str(action).replace('_', ' ')}.")
