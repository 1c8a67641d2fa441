"""Progress and cancellation flowing *into* the core.

The host (CLI, Qt worker, test) implements :class:`Reporter`; the core's
orchestrators call ``reporter.update(done, total, stage)`` and
``cancel.raise_if_set()`` between pages and between stages.
"""

from __future__ import annotations

import threading
from typing import Protocol

from workstation.errors import CancelledError


class Reporter(Protocol):
    """Receives progress from a long-running core operation."""

    def update(self, done: int, total: int, stage: str) -> None:
        """Report that ``done`` of ``total`` units are finished; ``stage`` names the current step."""


class NullReporter:
    """A reporter that ignores every update (the default for headless calls)."""

    def update(self, done: int, total: int, stage: str) -> None:  # noqa: D102
        return None


class CancelToken:
    """A thread-safe cancellation flag, set by the host and polled by the core."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the running operation to stop at its next checkpoint."""
        self._event.set()

    @property
    def is_set(self) -> bool:
        """Whether cancellation has been requested."""
        return self._event.is_set()

    def raise_if_set(self) -> None:
        """Raise :class:`CancelledError` when cancellation was requested."""
        if self._event.is_set():
            raise CancelledError("Cancelled by the user.")


NULL_REPORTER = NullReporter()
