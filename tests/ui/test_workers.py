"""Background jobs hand results and errors back to the GUI thread, thousands of times, safely."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool

from ui.workers import JobRunner
from workstation.errors import InputError
from workstation.progress import CancelToken


def test_results_none_true_and_errors_survive_crossing_threads(qtbot) -> None:  # type: ignore[no-untyped-def]
    # PySide6 6.12.0 crashed here (a reference dropped on queued Signal(object) arguments:
    # "bool_dealloc"/"none_dealloc"); pyproject pins below it. Keep this as the regression test.
    runner = JobRunner()
    got: list[object] = []
    n = 1500
    for i in range(n):
        value: object = None if i % 3 == 0 else (True if i % 3 == 1 else [i])
        runner.start(lambda v=value: v, on_finished=got.append)
        runner.start(lambda: (_ for _ in ()).throw(InputError("bad file")), on_failed=got.append)
    qtbot.waitUntil(lambda: len(got) == 2 * n, timeout=60000)
    assert sum(1 for g in got if isinstance(g, InputError)) == n
    assert sum(1 for g in got if g is None) == n // 3
    assert QThreadPool.globalInstance().waitForDone(10000)


def test_progress_and_cancel_reach_the_job(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    progress: list[tuple[int, int, str]] = []
    errors: list[BaseException] = []

    def work(reporter, cancel: CancelToken) -> str:  # type: ignore[no-untyped-def]
        for i in range(1000):
            reporter.update(i, 1000, "pages")
            cancel.raise_if_set()
            import time

            time.sleep(0.005)
        return "finished"

    job = runner.start(work, on_progress=lambda *a: progress.append(a), on_failed=errors.append, with_progress=True)
    qtbot.waitUntil(lambda: len(progress) > 3, timeout=10000)
    job.cancel_token.cancel()
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert "Cancelled" in str(errors[0])
    assert progress[0] == (0, 1000, "pages")


@pytest.mark.parametrize("n", [1])
def test_runner_wait(qtbot, n: int) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    done: list[int] = []
    runner.start(lambda: n, on_finished=done.append)
    assert runner.wait(5000)
    qtbot.waitUntil(lambda: done == [n], timeout=5000)
