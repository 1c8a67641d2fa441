from __future__ import annotations

import pytest

from workstation.errors import AccessDeniedError, InputError
from workstation.security.passwords import hash_password, needs_rehash, verify_password
from workstation.security.roles import PERMISSIONS, Action, Role, allowed, require

# The whole matrix, written out: a change of policy must change this table on purpose.
EXPECTED = {
    Role.OFFICER: {"view_cases", "import_records", "add_document", "run_checks", "override_check", "decide_case",
                   "view_evidence", "change_own_password"},
    Role.SUPERVISOR: {"view_cases", "view_audit", "view_evidence", "verify_chain", "sign_off", "export_report",
                      "export_checkpoint", "change_own_password"},
    Role.ADMINISTRATOR: {"manage_users", "run_retention", "verify_chain", "view_audit", "export_checkpoint",
                         "change_own_password"},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_every_role_action_cell(role: Role, action: Action) -> None:
    expected = action.value in EXPECTED[role]
    assert allowed(role, action) is expected
    if expected:
        require(role, action)
    else:
        with pytest.raises(AccessDeniedError, match=role.value):
            require(role, action)


def test_matrix_covers_every_role() -> None:
    assert set(PERMISSIONS) == set(Role)
    assert not allowed("intruder", Action.VIEW_CASES)
    assert not allowed(Role.OFFICER, "format_disk")


def test_argon2id_hashing() -> None:
    h = hash_password("correct horse battery")
    assert h.startswith("$argon2id$")
    assert verify_password(h, "correct horse battery")
    assert not verify_password(h, "correct horse battery!")
    assert not verify_password("not a hash", "x")
    assert not needs_rehash(h)
    with pytest.raises(InputError, match="at least 12"):
        hash_password("short")
    with pytest.raises(InputError, match="repetitive"):
        hash_password("aaaaaaaaaaaaaaaa")
