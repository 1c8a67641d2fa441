"""One function per user action: collect inputs, run the core call in the background, wire results.

Nothing here holds business rules; it calls ``workstation.service``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui.workers import Job, JobRunner
from workstation.audit.cases import CaseSummary
from workstation.config import WorkstationConfig
from workstation.records.model import ApplicantRecord
from workstation.service import Workstation

OnError = Callable[[BaseException], None]


def open_workstation(
    runner: JobRunner, config: WorkstationConfig, demo: bool, on_opened: Callable[[Workstation], None], on_failed: OnError
) -> Job:
    """Open the database (and load the demo case when asked) off the GUI thread."""

    def _open() -> Workstation:
        ws = Workstation(config)
        if demo:
            ws.ensure_demo_case()
        return ws

    return runner.start(_open, on_finished=on_opened, on_failed=on_failed)


def refresh_cases(
    runner: JobRunner, ws: Workstation, on_loaded: Callable[[list[CaseSummary]], None], on_failed: OnError
) -> Job:
    """Reload the case list."""
    return runner.start(ws.list_cases, on_finished=on_loaded, on_failed=on_failed)


def import_records(
    runner: JobRunner, ws: Workstation, path: Path, on_imported: Callable[[list[ApplicantRecord]], None], on_failed: OnError
) -> Job:
    """Import applicant records from a JSON file (all or nothing)."""
    return runner.start(ws.import_records, path, on_finished=on_imported, on_failed=on_failed)


def load_record(
    runner: JobRunner, ws: Workstation, case_number: str, on_loaded: Callable[[Any], None], on_failed: OnError
) -> Job:
    """Fetch one case's applicant record."""
    return runner.start(ws.get_record, case_number, on_finished=on_loaded, on_failed=on_failed)
