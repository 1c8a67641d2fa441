"""The ``workstation`` command.

Each sub-command is a small function taking the parsed arguments and returning an
exit status. Errors of the core become one line on stderr with the exit status
of ARCHITECTURE.md 4.3: 2 for bad input, 1 for an internal failure.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from workstation import __version__
from workstation.config import WorkstationConfig
from workstation.errors import WorkstationError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, WorkstationConfig], int]


def _config(args: argparse.Namespace) -> WorkstationConfig:
    return WorkstationConfig.from_env(db_url=getattr(args, "db", None), data_dir=getattr(args, "data_dir", None))


def cmd_doctor(args: argparse.Namespace, cfg: WorkstationConfig) -> int:
    """Check this desk's installation and print a table with the fix for each failure."""
    from workstation.doctor import format_table, run_checks

    checks = run_checks(cfg, include_qt=not args.no_qt)
    print(format_table(checks))
    return 0 if all(c.ok for c in checks) else 1


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", help="SQLAlchemy URL of the audit database (default: SQLite in the data folder)")
    p.add_argument("--data-dir", metavar="DIR", help="data folder (default: the per-user data folder)")


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    """The argument parser and the handler of each sub-command."""
    parser = argparse.ArgumentParser(
        prog="workstation",
        description="Document-verification workstation (command line). White-light scans can validate "
        "consistency; they cannot authenticate a document.",
    )
    parser.add_argument("--version", action="version", version=f"workstation {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output on stderr (no personal data)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    handlers: dict[str, Handler] = {}

    p = sub.add_parser("doctor", help="check Tesseract, language data, Qt, database and data folder")
    _add_common(p)
    p.add_argument("--no-qt", action="store_true", help="skip the Qt platform check (headless servers)")
    handlers["doctor"] = cmd_doctor

    for register in _EXTRA_COMMANDS:
        register(sub, handlers, _add_common)
    return parser, handlers


#: Sub-command modules register themselves here: ``register(subparsers, handlers, add_common)``.
_EXTRA_COMMANDS: list[Callable[..., None]] = []


def _load_extra_commands() -> None:
    # Imported lazily so that `workstation doctor` works even if a reader's dependency is broken.
    import importlib

    for name in ("workstation.commands.read", "workstation.commands.verify", "workstation.commands.audit",
                 "workstation.commands.retention"):
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:
                continue
            raise
        _EXTRA_COMMANDS.append(mod.register)


def configure_logging(verbosity: int) -> None:
    """Log to stderr; the core itself never configures logging."""
    level = logging.WARNING - 10 * min(verbosity, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``workstation`` console script."""
    if not _EXTRA_COMMANDS:
        _load_extra_commands()
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    if not args.command:
        parser.print_help()
        return 2
    try:
        cfg = _config(args)
        return handlers[args.command](args, cfg)
    except WorkstationError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - last line of defence: one line, not a traceback
        log.debug("internal failure", exc_info=True)
        print(f"internal error: {type(e).__name__}: {e} (run with -vv for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
