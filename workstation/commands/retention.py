"""``workstation retention --older-than-days N --user ADMIN``: destroy the keys of old documents.

An administrator's password is asked on the terminal (or read from ``WORKSTATION_PASSWORD``
for scheduled runs). The run is an audit event; the trail itself is untouched and still verifies.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from workstation.config import WorkstationConfig

Handler = Callable[[argparse.Namespace, WorkstationConfig], int]


def register(subparsers: Any, handlers: dict[str, Handler], add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the ``retention`` sub-command."""
    p = subparsers.add_parser("retention", help="destroy the encryption keys of documents older than the policy age")
    p.add_argument("--older-than-days", type=int, required=True, metavar="N", help="policy age in days")
    p.add_argument("--user", required=True, help="an administrator's user name (password asked, or $WORKSTATION_PASSWORD)")
    add_common(p)
    handlers["retention"] = cmd_retention


def cmd_retention(args: argparse.Namespace, cfg: WorkstationConfig) -> int:
    """Log in as an administrator and run retention; prints what was destroyed."""
    from workstation.commands.login import cli_login
    from workstation.service import Workstation

    ws = Workstation(cfg)
    try:
        user = cli_login(ws, args.user)
        result = ws.run_retention(user, args.older_than_days)
        ws.logout(user)
    finally:
        ws.close()
    print(f"Destroyed {result.keys_destroyed} key(s) of {result.documents} document(s) added before {result.cutoff} "
          f"(audit event {result.event_seq}).")
    return 0
