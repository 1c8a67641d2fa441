"""Reading one document file for the checks: file reference, reader call, evidence.

The reader registry (:func:`workstation.documents.read_document`) is looked up when
called, so the checks layer depends on its documented result shape only
(ARCHITECTURE.md 4.2), not on its module layout.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workstation.checks.inputs import from_reading
from workstation.checks.model import DocumentEvidence
from workstation.checks.trail import DocumentRef
from workstation.config import WorkstationConfig
from workstation.errors import ConfigError, InputError
from workstation.progress import NULL_REPORTER, CancelToken, Reporter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadDocument:
    """One document as added to a case.

    Attributes:
        ref: File reference (name, path, SHA-256, size).
        evidence: What the reader found, as the checks see it.
        elapsed_s: Wall time of the read.
        page_image: The prepared, upright first page (numpy array) the boxes refer to, when the
            reader kept it; shown by the viewer, never stored unencrypted.
        words: OCR words on that page, ``(text, x0, y0, x1, y1, confidence, page)`` each, for the
            viewer's word boxes (the checks do not use them).
    """

    ref: DocumentRef
    evidence: DocumentEvidence
    elapsed_s: float
    page_image: Any = field(default=None, compare=False, repr=False)
    words: tuple[tuple[str, int, int, int, int, float, int], ...] = field(default=(), compare=False, repr=False)


def file_ref(path: Path) -> DocumentRef:
    """SHA-256 and size of ``path``.

    Raises:
        InputError: The file is missing, a folder, unreadable or empty.
    """
    if not path.exists():
        raise InputError(f"{path.name}: no such file")
    if not path.is_file():
        raise InputError(f"{path.name} is not a file")
    h = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
                size += len(chunk)
    except OSError as e:
        raise InputError(f"Cannot read {path.name}: {e.strerror or e}") from e
    if size == 0:
        raise InputError(f"{path.name} is empty")
    return DocumentRef(path.name, str(path.resolve()), h.hexdigest(), size)


def _reader() -> Callable[..., Any]:
    for name in ("workstation.documents", "workstation.documents.reading"):
        try:
            mod = importlib.import_module(name)
        except ImportError as e:  # pragma: no cover - broken install
            raise ConfigError(f"The document readers cannot be loaded: {e}") from e
        fn = getattr(mod, "read_document", None)
        if fn is not None:
            return fn  # type: ignore[no-any-return]
    raise ConfigError("The document readers are not available in this installation")  # pragma: no cover


def read_file(
    path: Path,
    config: WorkstationConfig,
    reporter: Reporter = NULL_REPORTER,
    cancel: CancelToken | None = None,
) -> ReadDocument:
    """Read one document file into evidence for the checks.

    Raises:
        InputError: The file is missing, empty, corrupt or of an unsupported kind.
    """
    ref = file_ref(path)
    start = time.perf_counter()
    reading = _reader()(path, config, reporter, cancel)
    elapsed = time.perf_counter() - start
    ev = from_reading(reading, file=ref.file)
    if ev.sha256 != ref.sha256:
        ev = DocumentEvidence(**{**ev.__dict__, "sha256": ref.sha256})
    log.info("read a %s in %.2f s", ev.kind, elapsed)
    return ReadDocument(ref, ev, elapsed, getattr(reading, "page_image", None), tuple(getattr(reading, "words", ())))


def read_files(
    paths: Sequence[Path],
    config: WorkstationConfig,
    reporter: Reporter = NULL_REPORTER,
    cancel: CancelToken | None = None,
    *,
    workers: int | None = None,
) -> list[ReadDocument]:
    """Read several documents, two at a time on a two-core desk (results in the order given).

    Each document's OCR runs in Tesseract (a subprocess or tesserocr, which releases the GIL),
    so threads overlap the work. The first error is raised once every started read has ended.

    Raises:
        InputError: A missing, empty or corrupt file (the first one, in the order given).
    """
    for p in paths:
        file_ref(p)  # bad input is reported before any OCR starts
    n = workers if workers is not None else min(2, os.cpu_count() or 1, len(paths))
    if n <= 1 or len(paths) <= 1:
        out = []
        for i, p in enumerate(paths):
            if cancel is not None:
                cancel.raise_if_set()
            reporter.update(i, len(paths), "reading documents")
            out.append(read_file(p, config, NULL_REPORTER, cancel))
        return out
    done = 0
    lock = threading.Lock()

    def one(p: Path) -> ReadDocument:
        nonlocal done
        if cancel is not None:
            cancel.raise_if_set()
        r = read_file(p, config, NULL_REPORTER, cancel)
        with lock:
            done += 1
            reporter.update(done, len(paths), "reading documents")
        return r

    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="read") as pool:
        futures = [pool.submit(one, p) for p in paths]
        wait(futures)
    return [f.result() for f in futures]
