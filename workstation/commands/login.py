"""Log a user in for a command that reads decrypted data or exports the trail.

The password is read from ``WORKSTATION_PASSWORD`` when set (scheduled runs; keep it out of
shell history), else asked on the terminal. Commands that only write (``workstation verify``,
``workstation read``) or only check integrity (``workstation audit verify``) need no login.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import Any

from workstation.errors import InputError

ENV_PASSWORD = "WORKSTATION_PASSWORD"


def password_for(username: str) -> str:
    """The password of ``username``: ``$WORKSTATION_PASSWORD``, else a terminal prompt.

    Raises:
        InputError: No password available (no terminal and no environment variable).
    """
    password = os.environ.get(ENV_PASSWORD)
    if password:
        return password
    if not sys.stdin.isatty():
        raise InputError(f"The password of {username} is needed: set {ENV_PASSWORD} or run on a terminal.")
    return getpass.getpass(f"Password of {username}: ")


def cli_login(ws: Any, username: str) -> Any:
    """Log ``username`` in on the open workstation ``ws``; returns the session.

    Raises:
        AccessDeniedError: Wrong user name or password (audited as ``user.login_failed``).
    """
    return ws.login(username, password_for(username))
