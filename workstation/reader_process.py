"""Reading documents in a separate process.

OCR, PDF rendering and image decoding hold Python's GIL for hundreds of milliseconds at
a time inside C extensions; on a worker *thread* they still freeze the desktop's GUI
thread. In a child process they cannot, a crash in a native library cannot take the
workstation down with it, and cancelling really stops the work (the child is ended).

The children are started once (``spawn``, so no Qt or database state is inherited) and
reused: two on a desk with two cores, so that two documents are read at once. Each child has
its own progress queue; cancelling a read ends only the child reading it.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from multiprocessing import shared_memory
from pathlib import Path
from typing import Any

from workstation.config import WorkstationConfig
from workstation.errors import CancelledError, OcrError
from workstation.progress import NULL_REPORTER, CancelToken, Reporter

log = logging.getLogger(__name__)

_progress_queue: Any = None


def _init_child(progress_queue: Any) -> None:
    global _progress_queue
    _progress_queue = progress_queue
    # When the cores are busy, the desk's window comes before the reading (a few % slower reading,
    # no frozen window). Not available on Windows.
    if hasattr(os, "nice"):
        try:
            os.nice(5)
        except OSError:
            log.debug("could not lower the reader's priority")


class _QueueReporter:
    def update(self, done: int, total: int, stage: str) -> None:
        if _progress_queue is not None:
            _progress_queue.put((done, total, stage))


#: Page images above this size come back through shared memory instead of the result pipe.
_SHARED_PAGE_BYTES = 1 << 20


def _read_in_child(path: str, config: WorkstationConfig) -> Any:
    started = time.monotonic()
    try:
        result = _read_and_share(path, config)
    finally:
        _give_back_memory()
    return _Timed(result, os.getpid(), started, time.monotonic())


def _give_back_memory() -> None:
    """Return the freed heap of a read to the system (glibc keeps it otherwise).

    A 10-page PDF leaves its child at ~275 MB resident long after the read; with two children
    on the desk that would stay held twice over.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _read_and_share(path: str, config: WorkstationConfig) -> Any:
    from workstation.checks.reading import read_file

    doc = read_file(Path(path), config, _QueueReporter())
    page = doc.page_image
    if page is None or getattr(page, "nbytes", 0) < _SHARED_PAGE_BYTES:
        return doc
    # A 300-DPI page is 25-40 MB: unpickling it in the parent copies it while holding the GIL
    # (20-80 ms measured), which stalls the desktop's GUI thread. Shared memory is copied out
    # by numpy with the GIL released.
    import numpy as np

    shm = shared_memory.SharedMemory(create=True, size=page.nbytes)
    try:
        np.ndarray(page.shape, page.dtype, buffer=shm.buf)[...] = page
    except BaseException:
        shm.close()
        shm.unlink()
        raise
    shm.close()
    return _SharedPage(replace(doc, page_image=None), shm.name, tuple(page.shape), page.dtype.str)


@dataclass(frozen=True)
class _Timed:
    """A child's result with the process that made it and when (``time.monotonic()`` in the child)."""

    result: Any
    pid: int
    started: float
    finished: float


@dataclass(frozen=True)
class ReadTiming:
    """When one document was read, in which child process.

    ``started`` and ``finished`` are ``time.monotonic()`` taken in the child: the same system-wide
    clock in every process of the machine, so two reads can be compared (and with the caller's own
    ``time.monotonic()``). Nothing about the document itself is kept.
    """

    pid: int
    started: float
    finished: float


@dataclass(frozen=True)
class _SharedPage:
    """A reading whose page image waits in a shared-memory block (the parent copies it out and unlinks it)."""

    doc: Any
    name: str
    shape: tuple[int, ...]
    dtype: str

    def take(self) -> Any:
        import numpy as np

        shm = shared_memory.SharedMemory(name=self.name)
        try:
            page = np.array(np.ndarray(self.shape, np.dtype(self.dtype), buffer=shm.buf), copy=True)
        finally:
            shm.close()
            shm.unlink()
        return replace(self.doc, page_image=page)

    def discard(self) -> None:
        """Free the shared-memory block without copying the page out."""
        try:
            shm = shared_memory.SharedMemory(name=self.name)
        except FileNotFoundError:
            return
        shm.close()
        shm.unlink()


def _warm_up(config: WorkstationConfig | None = None) -> bool:
    # Import the heavy libraries once so the first real document does not pay for them.
    import workstation.checks.reading  # noqa: F401
    import workstation.documents  # noqa: F401

    if config is not None:
        _warm_read(config)
        _give_back_memory()
    return True


def _warm_read(config: WorkstationConfig) -> None:
    """Read a blank page with two bars on it: loads OpenCV and the OCR models of this child
    (about 0.4 s of CPU that the first real document would otherwise pay, per child)."""
    import tempfile

    import numpy as np

    from workstation.checks.reading import read_file
    from workstation.imaging.camera import encode_png

    page = np.full((800, 1200, 3), 255, np.uint8)
    page[200:230, 100:900] = 0
    page[300:330, 100:700] = 0
    with tempfile.TemporaryDirectory(prefix="reader-warm-") as d:
        path = Path(d) / "warm-up.png"
        path.write_bytes(encode_png(page))
        try:
            read_file(path, config)
        except Exception:  # noqa: BLE001 - a warm-up that fails only means a slower first document
            log.debug("the reader's warm-up read failed", exc_info=True)


def default_workers() -> int:
    """Child processes for reading: one per core this process may use, at most two.

    Two documents read at once take a case to about the slowest document plus the rest on two
    cores; a third reader would only share the same cores (and hold another ~100 MB).
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(2, cores))


class _Slot:
    """One reusable child process (a single-worker pool) with its own progress queue.

    Each read has a child of its own, so cancelling one read ends only that child, and the
    progress on a slot's queue belongs to the one read running there.
    """

    def __init__(self, ctx: Any) -> None:
        self._ctx = ctx
        self._lock = threading.Lock()
        self.pool: ProcessPoolExecutor | None = None
        self.queue: Any = None

    def ensure(self) -> tuple[ProcessPoolExecutor, Any]:
        with self._lock:
            if self.pool is None:
                self.queue = self._ctx.Queue()
                self.pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=self._ctx, initializer=_init_child, initargs=(self.queue,)
                )
            return self.pool, self.queue

    def pids(self) -> list[int]:
        with self._lock:
            pool = self.pool
        return [p.pid for p in list(getattr(pool, "_processes", {}).values()) if p.pid is not None and p.is_alive()]

    def kill(self) -> None:
        """End the child now (it is restarted on next use)."""
        with self._lock:
            pool, self.pool, self.queue = self.pool, None, None
        if pool is None:
            return
        procs = list(getattr(pool, "_processes", {}).values())
        for proc in procs:
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:  # reaped before the caller hears "cancelled": nothing is left running
            proc.join(2)
            if proc.is_alive():
                proc.kill()
                proc.join(2)

    def close(self) -> None:
        with self._lock:
            pool, self.pool, self.queue = self.pool, None, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class ProcessReader:
    """Runs ``read_file`` in reusable child processes, up to ``workers`` documents at once.

    ``read`` may be called from several threads: each call takes a free child (waiting for one
    when all are busy) and gives it back when done.
    """

    def __init__(self, workers: int | None = None) -> None:
        ctx = mp.get_context("spawn")
        self.workers = workers if workers is not None else default_workers()
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        self._slots = [_Slot(ctx) for _ in range(self.workers)]
        self._free: queue.Queue[_Slot] = queue.Queue()
        for slot in self._slots:
            self._free.put(slot)
        self._timings: deque[ReadTiming] = deque(maxlen=64)

    def warm_up(self, config: WorkstationConfig | None = None) -> None:
        """Start every child and import the readers in them, side by side (call early, off the GUI thread).

        With ``config`` each child also reads a blank page, which loads the OCR models it will use.
        """
        futures = [slot.ensure()[0].submit(_warm_up, config) for slot in self._slots]
        for f in futures:
            f.result()

    def pids(self) -> list[int]:
        """Process ids of the children now running."""
        return [pid for slot in self._slots for pid in slot.pids()]

    def recent_reads(self) -> list[ReadTiming]:
        """When the last reads (at most 64) ran, oldest first."""
        return list(self._timings)

    def read(
        self, path: Path, config: WorkstationConfig, reporter: Reporter = NULL_REPORTER, cancel: CancelToken | None = None
    ) -> Any:
        """``read_file(path, config)`` in a child; progress is relayed to ``reporter``.

        Raises:
            The reader's own errors (InputError, OcrError...), re-raised here;
            CancelledError when ``cancel`` was set (the child reading is ended and restarted on
            next use; other reads go on);
            OcrError when the child died (a native crash while reading).
        """
        slot = self._take_slot(cancel)
        try:
            return self._read_on(slot, path, config, reporter, cancel)
        finally:
            self._free.put(slot)

    def _take_slot(self, cancel: CancelToken | None) -> _Slot:
        while True:
            if cancel is not None and cancel.is_set:
                raise CancelledError("Reading cancelled by the user.")
            try:
                return self._free.get(timeout=0.05)
            except queue.Empty:
                continue

    def _read_on(
        self, slot: _Slot, path: Path, config: WorkstationConfig, reporter: Reporter, cancel: CancelToken | None
    ) -> Any:
        pool, progress = slot.ensure()
        future: Future[Any] = pool.submit(_read_in_child, str(path), config)
        while True:
            _drain(progress, reporter)
            if cancel is not None and cancel.is_set:
                if not future.done() or isinstance(future.exception(), BrokenProcessPool):
                    slot.kill()
                elif future.exception() is None:
                    _free_result(future.result())  # finished just now: the child is idle and kept
                raise CancelledError("Reading cancelled by the user.")
            try:
                timed = future.result(timeout=0.05)
            except TimeoutError:
                continue
            except BrokenProcessPool as e:
                slot.kill()
                raise OcrError("The reader stopped unexpectedly while reading this document; try again.") from e
            _drain(progress, reporter)
            self._timings.append(ReadTiming(timed.pid, timed.started, timed.finished))
            result = timed.result
            return result.take() if isinstance(result, _SharedPage) else result

    def close(self) -> None:
        """End the child processes."""
        for slot in self._slots:
            slot.close()


def _free_result(timed: Any) -> None:
    result = getattr(timed, "result", None)
    if isinstance(result, _SharedPage):
        result.discard()


def _drain(progress: Any, reporter: Reporter) -> None:
    if progress is None:
        return
    while True:
        try:
            done, total, stage = progress.get_nowait()
        except queue.Empty:
            return
        except (OSError, ValueError):
            return
        reporter.update(done, total, stage)
