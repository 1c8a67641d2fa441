"""The reader's second thread: work of one document read on the desk's other core.

A desk has two cores. A document is read by one process, and most of a read waits on Tesseract
and OpenCV, which release the GIL, so independent parts of one read (the zone's two models, the
two halves of a printed page, a card's back beside its front, the outline search beside the zone)
can run at once on a second thread: a read then takes about its longer branch, not their sum.

There is one such thread per process, kept for the life of the process (each thread loads its own
Tesseract models, once). Work is given to it only when it is free: a caller that finds it busy
(another branch of the same read holds it, or the caller *is* that thread) runs the work itself,
so nothing ever waits for the thread behind work that waits for it, and a read never uses more
than two cores. ``WORKSTATION_PAGE_THREADS=1`` keeps every read on one thread (a desk whose cores
are taken by other work, or to measure a reader's CPU time alone); the results are the same.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Generic, TypeVar

__all__ = ["PAGE_THREADS_ENV", "Pending", "SIDE_THREAD_NAME", "page_threads", "run_beside", "run_shared", "start_beside"]

T = TypeVar("T")
U = TypeVar("U")

#: Environment variable: how many threads one document is read with (1 = one after the other).
PAGE_THREADS_ENV = "WORKSTATION_PAGE_THREADS"
#: Name (prefix) of the second thread.
SIDE_THREAD_NAME = "reader-side"


def page_threads() -> int:
    """Threads one document is read with: two on a desk with two cores or more, unless set otherwise."""
    raw = os.environ.get(PAGE_THREADS_ENV, "").strip()
    if raw.isdigit() and int(raw) >= 1:
        return min(2, int(raw))
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return 2 if cores >= 2 else 1


_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_free = threading.Semaphore(1)


def _side_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=SIDE_THREAD_NAME)
        return _pool


class Pending(Generic[T]):
    """Work started beside the caller, or kept to be done by the caller when it asks for the result.

    :meth:`result` gives the value (or raises the work's error); work that did not get the second
    thread runs then, on the caller's thread, and only if its result is asked for.
    """

    def __init__(self, fn: Callable[[], T], future: Future[T] | None = None) -> None:
        self._fn = fn
        self._future = future
        self._done = False
        self._value: T | None = None
        self._error: BaseException | None = None

    @property
    def beside(self) -> bool:
        """Whether the work runs on the second thread."""
        return self._future is not None

    @property
    def running(self) -> bool:
        """Whether the work is on the second thread and has not ended yet."""
        return self._future is not None and not self._future.done()

    def wait(self) -> None:
        """Wait until work on the second thread has ended (nothing to wait for otherwise)."""
        if self._future is not None:
            wait([self._future])

    def result(self) -> T:
        if self._future is not None:
            return self._future.result()
        if not self._done:
            try:
                self._value = self._fn()
            except BaseException as e:
                self._error = e
                raise
            finally:
                self._done = True
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


def start_beside(fn: Callable[[], T], *, threads: int | None = None) -> Pending[T]:
    """Start ``fn`` on the second thread when it is free; else keep it for the caller to run.

    Args:
        fn: Work that shares nothing mutable with the caller (it reads the same images).
        threads: Threads to read with (default :func:`page_threads`); 1 keeps ``fn`` on the caller.
    """
    n = page_threads() if threads is None else threads
    if n <= 1 or threading.current_thread().name.startswith(SIDE_THREAD_NAME) or not _free.acquire(blocking=False):
        return Pending(fn)

    def run() -> T:
        try:
            return fn()
        finally:
            _free.release()

    try:
        future = _side_pool().submit(run)
    except BaseException:
        _free.release()
        raise
    return Pending(fn, future)


def run_beside(main: Callable[[], T], side: Callable[[], U], *, threads: int | None = None) -> tuple[T, U]:
    """``(main(), side())``, with ``side`` on the second thread while ``main`` runs here when it is free.

    Whatever ``main`` does, ``side`` has ended when this returns or raises; an error of ``main``
    is raised first, then one of ``side``.
    """
    pending = start_beside(side, threads=threads)
    try:
        a = main()
    finally:
        pending.wait()
    return a, pending.result()


def run_shared(tasks: Sequence[Callable[[], T]], *, threads: int | None = None) -> list[T]:
    """Each task's result, in order: the caller and the second thread take the tasks one by one.

    The second thread joins as soon as it is free: work it is doing (started beside the caller
    before) ends first, and meanwhile the caller takes the tasks alone, so nothing waits for the
    thread while there is work to do. Every task has ended when this returns or raises; the first
    task's error (in the order given) is raised.
    """
    n = len(tasks)
    results: list[T | None] = [None] * n
    errors: list[BaseException | None] = [None] * n
    done = [threading.Event() for _ in range(n)]
    lock = threading.Lock()
    taken = [0]

    def take() -> int | None:
        with lock:
            i = taken[0]
            if i >= n:
                return None
            taken[0] = i + 1
            return i

    def drain() -> None:
        while (i := take()) is not None:
            try:
                results[i] = tasks[i]()
            except BaseException as e:  # raised by the caller, in task order
                errors[i] = e
            finally:
                done[i].set()

    m = page_threads() if threads is None else threads
    def drain_beside() -> None:
        # Marked busy meanwhile, so that work started beside the caller then runs on the caller.
        busy = _free.acquire(blocking=False)
        try:
            drain()
        finally:
            if busy:
                _free.release()

    if n > 1 and m > 1 and not threading.current_thread().name.startswith(SIDE_THREAD_NAME):
        # Queued behind whatever the thread is doing; it finds nothing left when the caller was faster.
        _side_pool().submit(drain_beside)
    drain()
    for ev in done:
        ev.wait()
    for e in errors:
        if e is not None:
            raise e
    return results  # type: ignore[return-value]
