"""The reader's second thread (workstation.documents.side): who runs what, and errors."""

from __future__ import annotations

import threading

import pytest

from workstation.documents import side


def _name() -> str:
    return threading.current_thread().name


def test_side_work_runs_on_the_second_thread_while_the_caller_works() -> None:
    started = threading.Event()

    def beside() -> str:
        started.set()
        return _name()

    def here() -> str:
        # The side work starts while this runs (it would deadlock the test otherwise: bounded wait).
        assert started.wait(10)
        return _name()

    mine, theirs = side.run_beside(here, beside, threads=2)
    assert mine == threading.current_thread().name
    assert theirs.startswith(side.SIDE_THREAD_NAME)


def test_one_thread_keeps_all_work_on_the_caller_in_order() -> None:
    order: list[str] = []
    mine, theirs = side.run_beside(lambda: order.append("main") or _name(), lambda: order.append("side") or _name(),
                                   threads=1)
    assert mine == theirs == threading.current_thread().name
    assert order == ["main", "side"]


def test_work_kept_for_the_caller_runs_only_when_its_result_is_asked_for() -> None:
    calls: list[int] = []
    p = side.start_beside(lambda: calls.append(1) or 7, threads=1)
    assert not p.beside and not p.running and calls == []
    assert p.result() == 7 and p.result() == 7
    assert calls == [1]


def test_a_busy_second_thread_is_not_waited_for_the_caller_does_the_work() -> None:
    release = threading.Event()
    hold = side.start_beside(lambda: release.wait(10), threads=2)
    try:
        assert hold.beside and hold.running
        inner = side.start_beside(_name, threads=2)
        assert not inner.beside
        assert inner.result() == threading.current_thread().name
    finally:
        release.set()
        hold.wait()
    assert hold.result() is True and not hold.running
    # Free again once the first work ended.
    again = side.start_beside(_name, threads=2)
    assert again.beside and again.result().startswith(side.SIDE_THREAD_NAME)


def test_work_started_from_the_second_thread_stays_on_it() -> None:
    def nested() -> tuple[str, str]:
        return side.run_beside(_name, _name, threads=2)

    a, b = side.start_beside(nested, threads=2).result()
    assert a.startswith(side.SIDE_THREAD_NAME) and b.startswith(side.SIDE_THREAD_NAME)


def test_errors_reach_the_caller_after_both_ended_the_callers_first() -> None:
    ended = threading.Event()

    def slow_fail() -> None:
        ended.wait(0.2)
        ended.set()
        raise ValueError("side")

    def main_fail() -> None:
        raise KeyError("main")

    with pytest.raises(KeyError):
        side.run_beside(main_fail, slow_fail, threads=2)
    assert ended.is_set()  # the side work had ended when the caller's error came out
    with pytest.raises(ValueError, match="side"):
        side.run_beside(lambda: 1, slow_fail, threads=2)
    # A failed side work leaves the thread free for the next.
    assert side.start_beside(_name, threads=2).result().startswith(side.SIDE_THREAD_NAME)


def test_an_error_kept_for_the_caller_is_raised_each_time_the_result_is_asked_for() -> None:
    calls: list[int] = []

    def fail() -> None:
        calls.append(1)
        raise RuntimeError("once")

    p = side.start_beside(fail, threads=1)
    for _ in range(2):
        with pytest.raises(RuntimeError):
            p.result()
    assert calls == [1]


def test_page_threads_follow_the_setting_and_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(side.PAGE_THREADS_ENV, "1")
    assert side.page_threads() == 1
    monkeypatch.setenv(side.PAGE_THREADS_ENV, "8")
    assert side.page_threads() == 2
    monkeypatch.delenv(side.PAGE_THREADS_ENV)
    monkeypatch.setattr(side.os, "sched_getaffinity", lambda pid: {0})
    assert side.page_threads() == 1
    monkeypatch.setattr(side.os, "sched_getaffinity", lambda pid: {0, 1, 2})
    assert side.page_threads() == 2


def test_shared_tasks_are_taken_by_both_threads_in_order_of_the_list() -> None:
    side_started = threading.Event()

    def first() -> str:
        # The second thread takes the next task while the caller is here (bounded wait).
        assert side_started.wait(10)
        return _name()

    def second() -> str:
        side_started.set()
        return _name()

    names = side.run_shared([first, second], threads=2)
    assert names[0] == threading.current_thread().name
    assert names[1].startswith(side.SIDE_THREAD_NAME)


def test_the_second_thread_joins_shared_tasks_when_its_work_ends_and_the_caller_never_waits_idle() -> None:
    """Busy with work started before, the thread joins after it; meanwhile the caller takes the tasks."""
    release = threading.Event()
    busy = side.start_beside(lambda: release.wait(10), threads=2)
    assert busy.beside
    calls: list[str] = []

    def task(i: int) -> str:
        calls.append(_name())
        if i == 1:
            release.set()  # the caller has taken two tasks alone: the other work may end now
        return _name()

    names = side.run_shared([lambda i=i: task(i) for i in range(6)], threads=2)  # type: ignore[misc]
    assert busy.result() is True
    assert names[:2] == [threading.current_thread().name] * 2
    assert len(calls) == 6 and len(names) == 6


def test_shared_tasks_on_one_thread_run_in_order_and_the_first_error_is_raised_after_all() -> None:
    done: list[int] = []

    def boom(i: int) -> int:
        done.append(i)
        raise ValueError(f"task {i}")

    tasks = [lambda: done.append(0) or 0, lambda: boom(1), lambda: boom(2), lambda: done.append(3) or 3]
    with pytest.raises(ValueError, match="task 1"):
        side.run_shared(tasks, threads=1)
    assert done == [0, 1, 2, 3]
    assert side.run_shared([lambda: 5], threads=2) == [5]
