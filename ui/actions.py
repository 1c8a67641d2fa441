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
from workstation.reader_process import ProcessReader
from workstation.records.model import ApplicantRecord
from workstation.service import Workstation

OnError = Callable[[BaseException], None]


def open_workstation(
    runner: JobRunner, config: WorkstationConfig, demo: bool, on_opened: Callable[[Workstation], None], on_failed: OnError
) -> Job:
    """Open the database (and load the demo case when asked) off the GUI thread."""

    def _open() -> Workstation:
        # Documents are read in a child process: OCR and PDF rendering hold the GIL in C code
        # and would otherwise stall the GUI thread (bench/gui.py measures it).
        reader = ProcessReader()
        ws = Workstation(config, reader=reader)
        if demo:
            ws.ensure_demo_case()
            ws.demo_accounts = ws.create_demo_accounts()
        return ws

    return runner.start(_open, on_finished=on_opened, on_failed=on_failed)


def warm_up_reader(runner: JobRunner, ws: Workstation, on_failed: OnError) -> Job | None:
    """Start the reader process and load the OCR libraries while the officer looks at the case list."""
    if ws.reader is None:
        return None
    return runner.start(ws.reader.warm_up, on_failed=on_failed)


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


def add_document(
    runner: JobRunner,
    ws: Workstation,
    case_number: str,
    path: Path,
    actor: str,
    role: str,
    on_added: Callable[[Any], None],
    on_failed: OnError,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> Job:
    """Read a document and add it to the case; the result is ``(DocumentAdded, page image or None)``."""

    def _add(reporter: Any, cancel: Any) -> tuple[Any, Any]:
        added = ws.add_document(case_number, path, actor=actor, role=role, reporter=reporter, cancel=cancel)
        return added, ws.page_image(case_number, added.ref.sha256)

    return runner.start(_add, on_finished=on_added, on_failed=on_failed, on_progress=on_progress, with_progress=True)


def run_checks(
    runner: JobRunner, ws: Workstation, case_number: str, actor: str, role: str, on_done: Callable[[Any], None],
    on_failed: OnError,
) -> Job:
    """Check the case's record against its documents."""
    return runner.start(lambda: ws.run_checks(case_number, actor=actor, role=role), on_finished=on_done, on_failed=on_failed)


def override_check(
    runner: JobRunner,
    ws: Workstation,
    case_number: str,
    check_id: str,
    status: str,
    reason: str,
    actor: str,
    role: str,
    on_done: Callable[[Any], None],
    on_failed: OnError,
) -> Job:
    """Override one check with a reason (audited)."""
    return runner.start(
        lambda: ws.override_check(case_number, check_id, reason, actor, status=status, role=role),
        on_finished=on_done,
        on_failed=on_failed,
    )


def decide_case(
    runner: JobRunner, ws: Workstation, case_number: str, verdict: str, actor: str, role: str,
    on_done: Callable[[Any], None], on_failed: OnError,
) -> Job:
    """Record the officer's verdict (audited)."""
    return runner.start(lambda: ws.decide_case(case_number, verdict, actor, role=role), on_finished=on_done, on_failed=on_failed)


def scan_page(runner: JobRunner, device: str, out: Path, on_scanned: Callable[[Path], None], on_failed: OnError) -> Job:
    """Scan one page into ``out`` (PNG)."""
    from workstation.intake.scanner import scan_page as _scan

    return runner.start(_scan, device, out, on_finished=on_scanned, on_failed=on_failed)
