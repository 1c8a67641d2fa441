"""The only threading code of the UI.

A core callable runs on the global ``QThreadPool``; its result or its exception
comes back to the GUI thread through the job's signals. Code inside a job never
touches widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workstation.progress import CancelToken

log = logging.getLogger(__name__)


class JobSignals(QObject):
    """Signals of one background job (a QRunnable cannot carry signals itself)."""

    finished = Signal(object)
    failed = Signal(object)
    progress_changed = Signal(int, int, str)


class _QtReporter:
    def __init__(self, signals: JobSignals) -> None:
        self._signals = signals

    def update(self, done: int, total: int, stage: str) -> None:
        self._signals.progress_changed.emit(done, total, stage)


class Job(QRunnable):
    """Runs ``fn(*args, reporter=..., cancel=...)`` or ``fn(*args)`` off the GUI thread."""

    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.with_progress = with_progress
        self.signals = JobSignals()
        self.cancel_token = CancelToken()
        self.setAutoDelete(False)

    def run(self) -> None:  # runs on a pool thread
        try:
            if self.with_progress:
                result = self.fn(*self.args, reporter=_QtReporter(self.signals), cancel=self.cancel_token)
            else:
                result = self.fn(*self.args)
        except BaseException as e:  # noqa: BLE001 - every failure must reach the GUI thread
            log.debug("background job failed", exc_info=True)
            self.signals.failed.emit(e)
            return
        self.signals.finished.emit(result)


class JobRunner:
    """Starts jobs and keeps them alive until they report back."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()
        self._running: set[Job] = set()

    def start(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_finished: Callable[[Any], None] | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        with_progress: bool = False,
    ) -> Job:
        """Run ``fn(*args)`` in the background and call back on the GUI thread."""
        job = Job(fn, *args, with_progress=with_progress)
        self._running.add(job)

        def _done(_: object) -> None:
            self._running.discard(job)

        if on_finished is not None:
            job.signals.finished.connect(on_finished)
        if on_failed is not None:
            job.signals.failed.connect(on_failed)
        if on_progress is not None:
            job.signals.progress_changed.connect(on_progress)
        job.signals.finished.connect(_done)
        job.signals.failed.connect(_done)
        self.pool.start(job)
        return job

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every job has finished (used at shutdown and in tests)."""
        return self.pool.waitForDone(msecs)
