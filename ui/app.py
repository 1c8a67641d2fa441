"""Application start-up: QApplication, logging, exception hooks, the main window."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from workstation import __version__
from workstation.config import WorkstationConfig, ensure_private_dir

if TYPE_CHECKING:
    from ui.errors import ErrorReporter
    from ui.main_window import MainWindow

# Qt and the windows are imported inside the functions: the reader processes are started with
# "spawn", which imports the main module (this one, for workstation-gui) again in every child,
# and Qt and the UI there cost each child ~110 MB and a second of start-up for nothing.

log = logging.getLogger(__name__)


def configure_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    """Log to a rotating file in the private data folder. Messages carry no personal data."""
    log_dir = ensure_private_dir(data_dir / "logs")
    path = log_dir / "workstation.log"
    # Created 0600 before the handler opens it (main() also sets umask 077, so rotated files are private too).
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    return path


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Command-line options of ``workstation-gui``."""
    p = argparse.ArgumentParser(prog="workstation-gui", description="Document-verification workstation")
    p.add_argument("--db", metavar="URL", help="SQLAlchemy URL of the audit database")
    p.add_argument("--data-dir", metavar="DIR", help="data folder")
    p.add_argument("--demo", action="store_true", help="load the synthetic SPECIMEN demo case if no case exists")
    p.add_argument("--screenshot", metavar="PNG", help="save a screenshot once the cases are listed, then quit")
    p.add_argument("--version", action="version", version=f"workstation {__version__}")
    return p.parse_args(list(argv))


#: Python thread switch interval of the desk process (seconds); see :func:`build_window`.
GUI_SWITCH_INTERVAL_S = 0.0001


def build_window(config: WorkstationConfig, demo: bool = False, login: bool = False) -> tuple[MainWindow, ErrorReporter]:
    """Create the main window and its error reporter (a QApplication must exist).

    With ``login`` the desk asks for the first administrator or a login once the database is open.
    """
    from ui.errors import ErrorReporter
    from ui.main_window import MainWindow

    # The GUI thread re-enters Python for every model call of a view (rowCount, data...: thousands
    # when the checks table is laid out) and has to take the GIL back each time from a worker thread
    # running Python (the checks, the audit writes). At the default 5 ms switch interval that cost the
    # window 90-130 ms stalls while a 10-page letter was added; at 0.1 ms, 30-76 ms (bench/gui.py).
    # The desk's own worker threads mostly wait (OCR runs in reader processes), so the extra switching
    # costs nothing measurable.
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    reporter = ErrorReporter()
    window = MainWindow(config, reporter, demo=demo, login=login)
    reporter.parent_widget = window
    return window, reporter


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``workstation-gui``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.errors import install_hooks
    from ui.settings import load_config, open_settings, settings_path
    from workstation.security.fileperms import check_private_tree

    args = parse_args(sys.argv[1:] if argv is None else argv)
    config = WorkstationConfig.from_env(data_dir=args.data_dir)
    os.umask(0o077)  # everything this process creates (logs, database, vault, exports) is private
    configure_logging(config.data_dir)
    fixed = check_private_tree(config.data_dir, fix=True)
    if fixed:
        log.warning("%d item(s) in the data folder could not be made private", len(fixed))
    # Defaults, then this desk's saved settings, then the command line.
    config = load_config(open_settings(settings_path(config.data_dir)), config)
    if args.db:
        config = replace(config, db_url=args.db)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("RSC Workstation")
    app.setApplicationVersion(__version__)
    # The README screenshot mode shows the officer's desk without a login.
    window, reporter = build_window(config, demo=args.demo, login=not args.screenshot)
    install_hooks(reporter)
    if args.screenshot:
        target = Path(args.screenshot)

        def _save(_n: int) -> None:
            # Let layouts settle before grabbing.
            QTimer.singleShot(300, lambda: (window.grab().save(str(target)), window.close()))

        window.cases_loaded.connect(_save)

        def _fail(message: str, _details: str) -> None:
            # Unattended: an error is the result (no one is there to close its dialog).
            print(f"workstation-gui --screenshot: {message}", file=sys.stderr)
            app.exit(3)

        reporter.error_raised.connect(_fail)
        QTimer.singleShot(120_000, lambda: (print("workstation-gui --screenshot: no case list after 120 s",
                                                  file=sys.stderr), app.exit(4)))
    window.show()
    log.info("workstation %s started", __version__)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
