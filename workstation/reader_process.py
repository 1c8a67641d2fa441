"""Reading documents in a separate process.

OCR, PDF rendering and image decoding hold Python's GIL for hundreds of milliseconds at
a time inside C extensions; on a worker *thread* they still freeze the desktop's GUI
thread. In a child process they cannot, a crash in a native library cannot take the
workstation down with it, and cancelling really stops the work (the child is ended).

The child is started once (``spawn``, so no Qt or database state is inherited) and
reused; progress comes back through a queue.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import threading
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


def _warm_up() -> bool:
    # Import the heavy libraries once so the first real document does not pay for them.
    import workstation.checks.reading  # noqa: F401
    import workstation.documents  # noqa: F401

    return True


class ProcessReader:
    """Runs ``read_file`` in one reusable child process."""

    def __init__(self) -> None:
        self._ctx = mp.get_context("spawn")
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._queue: Any = None

    def _ensure_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._queue = self._ctx.Queue()
                self._pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=self._ctx, initializer=_init_child, initargs=(self._queue,)
                )
            return self._pool

    def warm_up(self) -> None:
        """Start the child and import the readers in it (call early, off the GUI thread)."""
        self._ensure_pool().submit(_warm_up).result()

    def read(
        self, path: Path, config: WorkstationConfig, reporter: Reporter = NULL_REPORTER, cancel: CancelToken | None = None
    ) -> Any:
        """``read_file(path, config)`` in the child; progress is relayed to ``reporter``.

        Raises:
            The reader's own errors (InputError, OcrError...), re-raised here;
            CancelledError when ``cancel`` was set (the child is ended and restarted on next use);
            OcrError when the child died (a native crash while reading).
        """
        pool = self._ensure_pool()
        future: Future[Any] = pool.submit(_read_in_child, str(path), config)
        while True:
            self._drain(reporter)
            if cancel is not None and cancel.is_set:
                self._kill()
                raise CancelledError("Reading cancelled by the user.")
            try:
                result = future.result(timeout=0.05)
            except TimeoutError:
                continue
            except BrokenProcessPool as e:
                self._kill()
                raise OcrError("The reader stopped unexpectedly while reading this document; try again.") from e
            self._drain(reporter)
            return result.take() if isinstance(result, _SharedPage) else result

    def _drain(self, reporter: Reporter) -> None:
        q = self._queue
        if q is None:
            return
        while True:
            try:
                done, total, stage = q.get_nowait()
            except queue.Empty:
                return
            except (OSError, ValueError):
                return
            reporter.update(done, total, stage)

    def _kill(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            self._queue = None
        if pool is not None:
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """End the child process."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
