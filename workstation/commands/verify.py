"""``workstation verify --applicant RECORD.json FILE... [--json] [--db URL] [--officer ID]``.

Reads every document, checks them against the applicant record and each other,
prints the verdict with every check (ARCHITECTURE.md 4.3), and writes the whole
run to the audit database in one transaction. Exit status: 0 whatever the
verdict; 2 for bad input (one line on stderr); 1 for an internal failure.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workstation.checks.actions import CheckRun
from workstation.checks.model import STATUSES
from workstation.config import WorkstationConfig
from workstation.errors import InputError
from workstation.records.model import ApplicantRecord, load_records_json

log = logging.getLogger(__name__)

#: Environment variable naming the officer when ``--officer`` is not given.
ENV_OFFICER = "WORKSTATION_OFFICER"

_MARK = {"pass": "ok", "fail": "FAIL", "review": "REVIEW", "not_done": "NOT DONE"}


def load_applicant(path: Path) -> ApplicantRecord:
    """The one applicant record in ``path``.

    Raises:
        InputError: Missing or malformed file, or a file holding more than one record.
    """
    records = load_records_json(path)
    if len(records) != 1:
        raise InputError(f"{path.name} holds {len(records)} records; verify takes exactly one")
    return records[0]


def _cell(v: Any, width: int) -> str:
    s = "—" if v is None or v == "" else str(v)
    return s if len(s) <= width else s[: width - 1] + "…"


def format_table(run: CheckRun) -> str:
    """A readable table of the run: one line per check, then the verdict."""
    rows = [("STATUS", "CHECK", "EXPECTED", "FOUND", "REASON")]
    for c in run.report.checks:
        rows.append((_MARK[c.status], c.id, _cell(c.expected, 28), _cell(c.found, 28), c.reason))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4] for r in rows]
    counts = ", ".join(f"{len(run.report.by_status(s))} {s}" for s in STATUSES)
    lines.append("")
    lines.append(f"Case {run.report.case_number}: {run.report.verdict.upper()} ({run.report.verdict_reason}; {counts})")
    lines.append(f"Audit events {run.audit_event_ids[0]}-{run.audit_event_ids[-1]}" if run.audit_event_ids else "")
    lines.append("White-light scans can validate consistency; they cannot authenticate a document.")
    return "\n".join(lines)


def cmd_verify(args: argparse.Namespace, cfg: WorkstationConfig) -> int:
    """Verify one applicant's documents against their record."""
    from workstation.service import Workstation

    record = load_applicant(Path(args.applicant))
    paths = [Path(f) for f in args.files]
    for p in paths:
        if not p.is_file():
            raise InputError(f"{p}: no such file" if not p.exists() else f"{p} is not a file")
    officer = args.officer or os.environ.get(ENV_OFFICER) or "cli"
    ws = Workstation(cfg)
    try:
        run = ws.verify(record, paths, actor=officer)
    finally:
        ws.close()
    if args.json:
        json.dump(run.to_json(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(format_table(run))
    return 0


def register(
    subparsers: Any,
    handlers: dict[str, Callable[[argparse.Namespace, WorkstationConfig], int]],
    add_common: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add ``verify`` to the ``workstation`` command."""
    p = subparsers.add_parser(
        "verify",
        help="check documents against an applicant record; print the verdict and write the run to the audit trail",
    )
    p.add_argument("--applicant", required=True, metavar="RECORD.json", help="the applicant record (ARCHITECTURE 4.1)")
    p.add_argument("files", nargs="+", metavar="FILE", help="passport, tazkira, employment letters (images or PDFs)")
    p.add_argument("--json", action="store_true", help="print one JSON object (ARCHITECTURE.md 4.3)")
    p.add_argument("--officer", metavar="ID", help=f"officer id written to the audit trail (default ${ENV_OFFICER})")
    add_common(p)
    handlers["verify"] = cmd_verify
