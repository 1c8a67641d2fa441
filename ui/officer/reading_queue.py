"""The documents of a case being read: several at once, added to the case in the order given.

Each document is read in a reader process of its own (``ws.reader.workers`` at once, two on a
two-core desk), then recorded, one at a time and in the order the officer dropped them, so the
case's documents and its audit trail keep that order whichever read finished first. A document
that fails does not hold up or lose the others; cancel stops every read not yet recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from ui import actions
from ui.actions import AddedDocument
from ui.errors import user_message
from ui.workers import Job, JobRunner
from workstation.errors import CancelledError
from workstation.service import Workstation

log = logging.getLogger(__name__)

QUEUED, READING, READ, RECORDING, ADDED, FAILED, CANCELLED = (
    "queued", "reading", "read", "recording", "added", "failed", "cancelled")
#: States after which nothing more happens to a document.
FINISHED = (ADDED, FAILED, CANCELLED)


@dataclass
class Intake:
    """One document of the batch and where it stands (shown per document by ReadingProgress)."""

    path: Path
    state: str = QUEUED
    done: int = 0
    total: int = 0
    stage: str = ""
    #: Share of the reading done, 0..1; never goes back (a letter's stage counts pages anew).
    read_share: float = 0.0
    error: str = ""
    cancel_asked: bool = False
    job: Job | None = None
    reading: Any = None  # the ReadDocument waiting for its turn to be recorded

    @property
    def fraction(self) -> float:
        """How far this document is, 0..1 (reading is most of the work; recording the rest)."""
        if self.state in FINISHED:
            return 1.0
        if self.state in (READ, RECORDING):
            return 0.95
        if self.state == READING:
            return 0.9 * self.read_share
        return 0.0


class ReadingQueue(QObject):
    """Reads a case's documents ``parallel`` at a time and records them in order. GUI thread only."""

    #: The batch's documents or one's state changed (ReadingProgress redraws).
    changed = Signal()
    #: A document was read and recorded (an AddedDocument), in the order given.
    document_added = Signal(object)
    #: A document could not be read or recorded (the exception); the others go on.
    document_failed = Signal(object)
    #: Every document of the batch is finished: how many were added, and whether cancel was asked.
    batch_finished = Signal(int, bool)

    def __init__(self, runner: JobRunner, ws: Workstation, parallel: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.ws = ws
        self.parallel = max(1, parallel)
        # A read job spends its time waiting for its reader process. With the pool at the core
        # count (2 here), two reads would leave no thread to record a document, run the checks
        # or load a record until one of them ended.
        if runner.pool.maxThreadCount() < self.parallel + 2:
            runner.pool.setMaxThreadCount(self.parallel + 2)
        self.items: list[Intake] = []
        self._case: str | None = None
        self._actor = ""
        self._role = ""
        self._cancelled = False

    @property
    def active(self) -> bool:
        """Whether documents are being read or recorded."""
        return bool(self.items)

    def add(self, case_number: str, paths: list[Path], actor: str, role: str) -> None:
        """Queue ``paths`` for ``case_number`` (joining the running batch, if any)."""
        if self.items and case_number != self._case:
            raise RuntimeError("documents of another case are still being read")
        self._case, self._actor, self._role = case_number, actor, role
        self.items.extend(Intake(p) for p in paths)
        self.changed.emit()
        self._pump()

    def cancel(self) -> None:
        """Stop every document not yet recorded: queued ones are dropped, running reads ended.

        A document already being recorded is finished (its audit events are one transaction).
        """
        for it in self.items:
            if it.state == QUEUED or it.state == READ:
                it.state, it.reading = CANCELLED, None
                self._cancelled = True
            elif it.state == READING:
                it.cancel_asked = True
                self._cancelled = True
                if it.job is not None:
                    it.job.cancel_token.cancel()
        self.changed.emit()
        self._pump()

    # -- scheduling ---------------------------------------------------------------------------
    def _pump(self) -> None:
        case = self._case
        if case is None:
            return
        reading = sum(1 for it in self.items if it.state == READING)
        for it in self.items:
            if reading >= self.parallel:
                break
            if it.state == QUEUED:
                self._start_read(case, it)
                reading += 1
        if not any(it.state == RECORDING for it in self.items):  # one document recorded at a time
            nxt = next((it for it in self.items if it.state not in FINISHED), None)
            if nxt is not None and nxt.state == READ:
                self._start_record(case, nxt)
        if self.items and all(it.state in FINISHED for it in self.items):
            added, cancelled = sum(1 for it in self.items if it.state == ADDED), self._cancelled
            self.items, self._cancelled = [], False
            self.changed.emit()
            self.batch_finished.emit(added, cancelled)

    def _start_read(self, case: str, it: Intake) -> None:
        it.state = READING
        it.job = actions.read_document(
            self.runner, self.ws, case, it.path, self._actor, self._role,
            on_read=self._callback(it, self._on_read), on_failed=self._callback(it, self._on_read_failed),
            on_progress=lambda done, total, stage, it=it: self._on_progress(it, done, total, stage),
        )
        self.changed.emit()

    def _start_record(self, case: str, it: Intake) -> None:
        it.state, reading, it.reading = RECORDING, it.reading, None
        it.job = actions.record_document(
            self.runner, self.ws, case, it.path, reading, self._actor, self._role,
            on_added=self._callback(it, self._on_recorded), on_failed=self._callback(it, self._on_record_failed),
        )
        self.changed.emit()

    def _callback(self, it: Intake, fn: Callable[[Intake, Any], None]) -> Callable[[Any], None]:
        def _call(value: Any) -> None:
            it.job = None
            fn(it, value)
            self.changed.emit()
            self._pump()

        return _call

    # -- job results (GUI thread) -------------------------------------------------------------
    def _on_progress(self, it: Intake, done: int, total: int, stage: str) -> None:
        if it.state == READING:
            it.done, it.total, it.stage = done, total, stage
            if total > 0:
                it.read_share = max(it.read_share, min(done, total) / total)
            self.changed.emit()

    def _on_read(self, it: Intake, reading: Any) -> None:
        if it.cancel_asked:  # finished just as cancel was pressed: not recorded
            it.state = CANCELLED
            return
        it.state, it.reading = READ, reading

    def _on_read_failed(self, it: Intake, exc: BaseException) -> None:
        if it.cancel_asked and isinstance(exc, CancelledError):
            it.state = CANCELLED
            return
        it.state, it.error = FAILED, user_message(exc)
        self.document_failed.emit(exc)

    def _on_recorded(self, it: Intake, result: AddedDocument) -> None:
        it.state = ADDED
        self.document_added.emit(result)

    def _on_record_failed(self, it: Intake, exc: BaseException) -> None:
        it.state, it.error = FAILED, user_message(exc)
        self.document_failed.emit(exc)
