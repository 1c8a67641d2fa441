"""``workstation audit``: verify the trail, sign and export checkpoints, export events as CSV or PDF.

Exit status: 0 when the command did what was asked (``verify``: the trail is intact);
3 when ``verify`` found tampering or damage (the first bad sequence number is printed);
2 for bad input; 1 for an internal failure.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workstation.config import WorkstationConfig
from workstation.errors import InputError

EXIT_TAMPERED = 3

Handler = Callable[[argparse.Namespace, WorkstationConfig], int]


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name on this system
        return "unknown"


def register(
    subparsers: Any, handlers: dict[str, Handler], add_common: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add ``audit`` and its sub-commands to the ``workstation`` parser."""
    p = subparsers.add_parser("audit", help="verify, checkpoint and export the audit trail")
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    sub.required = True

    v = sub.add_parser("verify", help="check the whole chain and its checkpoints (exit 0 = intact, 3 = not)")
    add_common(v)
    v.add_argument("--anchor", metavar="FILE", action="append", default=[],
                   help="an exported checkpoint to check the trail against (repeatable)")
    v.add_argument("--json", action="store_true", help="print the result as one JSON object")

    c = sub.add_parser("checkpoint", help="sign a checkpoint now; with --export, write it to a file to keep off this machine")
    add_common(c)
    c.add_argument("--export", metavar="FILE", help="write the checkpoint to FILE (for anchoring outside the machine)")
    _add_actor(c)

    e = sub.add_parser("export", help="export one case's events or a date range as CSV or a PDF report")
    add_common(e)
    e.add_argument("--case", metavar="N", help="case number")
    e.add_argument("--from", dest="first_day", metavar="YYYY-MM-DD", help="first day (UTC), inclusive")
    e.add_argument("--to", dest="last_day", metavar="YYYY-MM-DD", help="last day (UTC), inclusive")
    e.add_argument("--format", choices=("csv", "pdf"), default="csv")
    e.add_argument("--out", metavar="FILE", help="output file (CSV default: standard output; PDF: required)")
    e.add_argument("--user", required=True,
                   help="a supervisor's user name: the export is theirs (password asked, or $WORKSTATION_PASSWORD)")

    s = sub.add_parser("setup-postgres", help="migrate a PostgreSQL database and give the desks' role append-only rights")
    add_common(s)
    s.add_argument("--role", required=True, help="the role the desks connect as")
    s.add_argument("--print-sql", action="store_true", help="only print the GRANT/REVOKE statements")

    handlers["audit"] = cmd_audit


def _add_actor(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actor", default=_default_actor(), help="user id recorded in the audit event (default: login name)")
    p.add_argument("--role", dest="actor_role", default="supervisor", help="role recorded in the audit event")


def cmd_audit(args: argparse.Namespace, cfg: WorkstationConfig) -> int:
    """Dispatch ``workstation audit ACTION``."""
    action: Callable[[argparse.Namespace, WorkstationConfig], int] = {
        "verify": _verify,
        "checkpoint": _checkpoint,
        "export": _export,
        "setup-postgres": _setup_postgres,
    }[args.audit_command]
    return action(args, cfg)


def _open_existing(cfg: WorkstationConfig) -> Any:
    """An engine on a database that already holds an audit trail (never creates one)."""
    from sqlalchemy import inspect

    from workstation.audit.engine import is_sqlite, make_engine, sqlite_path, translate_db_error

    url = cfg.database_url
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is None or not path.exists():
            raise InputError(f"No audit database at {path}")
    engine = make_engine(url)
    try:
        present = inspect(engine).has_table("audit_events")
    except Exception as e:  # noqa: BLE001 - connection errors of any driver
        engine.dispose()
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(e, SQLAlchemyError):
            raise translate_db_error(e) from e
        raise
    if not present:
        engine.dispose()
        raise InputError("This database holds no audit trail (start the workstation once to create it)")
    return engine


def _store(cfg: WorkstationConfig, engine: Any) -> Any:
    from workstation.audit.migrate import upgrade
    from workstation.audit.store import AuditStore
    from workstation.security.signing import load_or_create_signer

    upgrade(engine)
    return AuditStore(engine, workstation_id=cfg.workstation_id, signer=load_or_create_signer(cfg.data_dir))


def _verify(args: argparse.Namespace, cfg: WorkstationConfig) -> int:
    from workstation.audit.checkpoints import Checkpoint
    from workstation.audit.verify import verify_trail
    from workstation.security.signing import trusted_public_keys

    anchors = [Checkpoint.load(Path(a)) for a in args.anchor]
    engine = _open_existing(cfg)
    try:
        report = verify_trail(engine, trusted_keys=trusted_public_keys(cfg.data_dir), anchors=anchors)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(report.__dict__, sort_keys=True))
    else:
        print(report.summary())
    if not report.ok:
        print(f"error: the audit trail is not intact: first bad sequence number {report.first_bad_seq}", file=sys.stderr)
        return EXIT_TAMPERED
    return 0


def _checkpoint(args: argparse.Namespace, cfg: WorkstationConfig) -> int:
    engine = _open_existing(cfg)
    try:
        store = _store(cfg, engine)
        if args.export:
            out = Path(args.export)
            cp = store.export_checkpoint(out, actor=args.actor, role=args.actor_role)
            print(f"Exported the checkpoint of events 1..{cp.to_seq} (head {cp.head_hash[:16]}...) to {out}.")
            print("Keep it off this machine (e.g. print it or mail it to the centre); "
                  f"check the trail against it with: workstation audit verify --anchor {out}")
        else:
            cp = store.checkpoint("manual")
            if cp is None:
                print("Every event is already covered by a signed checkpoint.")
            else:
                print(f"Signed a checkpoint of events {cp.from_seq + 1}..{cp.to_seq}.")
    finally:
        engine.dispose()
    return 0


def _export(args: argparse.Namespace, cfg: WorkstationConfig) -> int:
    from workstation.audit.export import ExportScope
    from workstation.commands.login import cli_login
    from workstation.service import Workstation

    scope = ExportScope.parse(args.case, args.first_day, args.last_day)
    if args.format == "pdf" and not args.out:
        raise InputError("A PDF export needs --out FILE")
    _open_existing(cfg).dispose()  # refuse a missing database before asking for a password
    # The trail names officers and cases: only a logged-in user allowed to export reports gets it.
    out = Path(args.out) if args.out else None
    ws = Workstation(cfg)
    try:
        user = cli_login(ws, args.user)
        try:
            count = ws.export_report(user, scope, args.format, out, stream=sys.stdout)
        finally:
            ws.logout(user)
    finally:
        ws.close()
    if out is not None:
        print(f"Exported {count} event(s) to {out}.", file=sys.stderr)
    return 0


def _setup_postgres(args: argparse.Namespace, cfg: WorkstationConfig) -> int:
    from workstation.audit.engine import is_sqlite, make_engine
    from workstation.audit.migrate import upgrade
    from workstation.audit.pgsetup import app_role_sql, grant_app_role

    if args.print_sql:
        print(";\n".join(app_role_sql(args.role)) + ";")
        return 0
    if is_sqlite(cfg.database_url):
        raise InputError("setup-postgres needs --db postgresql+psycopg://OWNER@HOST/DB")
    engine = make_engine(cfg.database_url)
    try:
        upgrade(engine)
        grant_app_role(engine, args.role)
    finally:
        engine.dispose()
    print(f"Migrated and granted {args.role} append-only rights on the audit tables.")
    return 0


