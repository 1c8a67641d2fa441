"""Bundle entry point of both commands: ``workstation-gui`` (the desktop app) and ``workstation``.

One program serves both so the Linux bundle carries its Python modules once; the name it was
started under chooses which (``workstation-gui`` is a symlink on Linux, a second .exe on Windows).
"""

import multiprocessing
import os
import sys


def _run() -> int:
    # The desktop app reads documents in a spawned child process: in a frozen program the child
    # starts this same executable, and freeze_support() runs the child's work and exits.
    multiprocessing.freeze_support()
    if len(sys.argv) == 3 and sys.argv[1] == "-c":
        # `workstation doctor` starts Qt in a child process with `sys.executable -c PROBE`; inside the
        # bundle sys.executable is this program, so run that probe (and only that one).
        from workstation.doctor import _QT_PROBE

        if sys.argv[2] != _QT_PROBE:
            print("only the doctor's Qt probe can be run with -c", file=sys.stderr)
            return 2
        exec(compile(_QT_PROBE, "<qt-probe>", "exec"), {"__name__": "__main__"})  # noqa: S102
        return 0
    name = os.path.basename(sys.argv[0]).lower()
    if name.startswith("workstation-gui"):
        from ui.app import main as gui_main

        return gui_main()
    from workstation.cli import main as cli_main

    return cli_main()


sys.exit(_run())
