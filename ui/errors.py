"""Exception hooks: an unexpected error is logged and shown in one dialog, never a silent death."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.errors import WorkstationError

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str:
    """The text an officer sees for an error: our own messages as they are, others summarised."""
    if isinstance(exc, WorkstationError):
        return str(exc)
    return f"An unexpected error occurred ({type(exc).__name__}). The details are in the log file; nothing was lost."


class ErrorReporter(QObject):
    """Receives errors from any thread and shows them on the GUI thread."""

    error_raised = Signal(str, str)

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__()
        self.parent_widget = parent_widget
        self.shown: list[str] = []
        self.error_raised.connect(self._on_error_raised)

    def report(self, exc: BaseException, tb: TracebackType | None = None) -> None:
        """Log ``exc`` (type and traceback, never personal data in our messages) and show it."""
        details = "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))
        if isinstance(exc, WorkstationError):
            log.warning("%s: %s", type(exc).__name__, exc)
        else:
            log.error("unexpected error\n%s", details)
        self.error_raised.emit(user_message(exc), details)

    @Slot(str, str)
    def _on_error_raised(self, message: str, details: str) -> None:
        self.shown.append(message)
        box = QMessageBox(self.parent_widget)
        box.setObjectName("errorBox")
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Error")
        box.setText(message)
        if details and "Traceback" in details:
            box.setDetailedText(details)
        box.open()


def install_hooks(reporter: ErrorReporter) -> None:
    """Route uncaught exceptions of the main thread and of plain threads to ``reporter``."""

    def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        reporter.report(exc, tb)

    def _thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            reporter.report(args.exc_value, args.exc_traceback)

    sys.excepthook = _excepthook
    threading.excepthook = _thread_hook
