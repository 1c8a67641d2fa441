"""One function per user action: collect inputs, run the core call in the background, wire results.

Nothing here holds business rules; it calls ``workstation.service``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from ui.images import to_qimage
from ui.workers import Job, JobRunner
from workstation.audit.cases import CaseSummary
from workstation.config import WorkstationConfig
from workstation.reader_process import ProcessReader
from workstation.records.model import ApplicantRecord
from workstation.service import Workstation

OnError = Callable[[BaseException], None]

#: Longest side of the page image the viewer shows (boxes and crops still use the full page).
DISPLAY_MAX_PX = 1800
#: Side of a document's thumbnail in the document list.
THUMB_PX = 64


def open_workstation(
    runner: JobRunner, config: WorkstationConfig, demo: bool, on_opened: Callable[[Workstation], None], on_failed: OnError,
    demo_login: bool = False,
) -> Job:
    """Open the database (and load the demo case when asked) off the GUI thread.

    With ``demo_login`` (the unattended screenshot mode of a SPECIMEN demo desk) the demo officer
    is logged in, so that the case list can be decrypted without a login dialog.
    """

    def _open() -> Workstation:
        # Documents are read in a child process: OCR and PDF rendering hold the GIL in C code
        # and would otherwise stall the GUI thread (bench/gui.py measures it).
        reader = ProcessReader()
        ws = Workstation(config, reader=reader)
        if demo:
            ws.ensure_demo_case()
            ws.demo_accounts = ws.create_demo_accounts()
            if demo_login:
                password = (ws.demo_accounts or ws.read_demo_accounts()).get("demo.officer")
                if password:
                    ws.login("demo.officer", password)
        return ws

    return runner.start(_open, on_finished=on_opened, on_failed=on_failed)


def warm_up_reader(
    runner: JobRunner, ws: Workstation, on_failed: OnError, on_done: Callable[[object], None] | None = None
) -> Job | None:
    """Start the reader process and load the OCR libraries while the officer looks at the case list.

    The checks and matching modules are imported here too: loading extension modules holds the
    GIL, and doing it during the first case stalled the window.
    """

    def _warm() -> None:
        import importlib

        for name in ("workstation.checks.engine", "workstation.checks.service_rules", "workstation.matching",
                     "workstation.documents.letter_dates"):
            importlib.import_module(name)
        if ws.reader is not None:
            ws.reader.warm_up(ws.config)

    return runner.start(_warm, on_finished=on_done, on_failed=on_failed)


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


@dataclass(frozen=True)
class AddedDocument:
    """What the GUI thread receives once a document is read and added (all made off that thread).

    Attributes:
        added: The service's ``DocumentAdded``.
        image: The prepared page 1 (numpy array) the boxes refer to; crops come from it.
        display: A smaller copy for the viewer, already in the screen's pixel format.
        step: Display pixel = image pixel / ``step``.
        thumb: The document list's thumbnail.
    """

    added: Any
    image: Any = None
    display: QImage | None = None
    step: int = 1
    thumb: QImage | None = None


def read_document(
    runner: JobRunner,
    ws: Workstation,
    case_number: str,
    path: Path,
    actor: str,
    role: str,
    on_read: Callable[[Any], None],
    on_failed: OnError,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> Job:
    """Read a document for the case in a reader process; nothing is recorded yet (see ``record_document``).

    Several reads may run at once (one per reader process); the job's cancel token ends its own read.
    """

    def _read(reporter: Any, cancel: Any) -> Any:
        return ws.read_for_case(case_number, path, actor=actor, role=role, reporter=reporter, cancel=cancel)

    return runner.start(_read, on_finished=on_read, on_failed=on_failed, on_progress=on_progress, with_progress=True)


def record_document(
    runner: JobRunner,
    ws: Workstation,
    case_number: str,
    path: Path,
    reading: Any,
    actor: str,
    role: str,
    on_added: Callable[[AddedDocument], None],
    on_failed: OnError,
) -> Job:
    """Add a document read by ``read_document`` to the case (audited) and prepare its images.

    The display copy (every ``step``-th pixel, at most about 1,800 px, converted to the pixel
    format a QPixmap uses) and the thumbnail are made here, off the GUI thread: converting a
    300-DPI page there stalled the window for 100-200 ms, and the format conversion and the
    smooth thumbnail scaling still cost 10-15 ms each per document (bench/gui.py).
    """

    def _record() -> AddedDocument:
        added = ws.record_document(case_number, path, reading, actor=actor, role=role)
        image = ws.page_image(case_number, added.ref.sha256)
        if image is None:
            return AddedDocument(added)
        step = max(1, math.ceil(max(image.shape[:2]) / DISPLAY_MAX_PX))
        display = to_qimage(image[::step, ::step]).convertToFormat(QImage.Format.Format_RGB32)
        thumb = display.scaled(THUMB_PX, THUMB_PX, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
        return AddedDocument(added, image, display, step, thumb)

    return runner.start(_record, on_finished=on_added, on_failed=on_failed)


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
