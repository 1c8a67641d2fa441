"""Scan-to-folder: notice new files that a network scanner drops into a folder.

A file joins the case only once it is *stable* (same size and modification time on
two consecutive polls), so a half-written scan is never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workstation.errors import ConfigError

WATCHED_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf"})


@dataclass
class FolderWatch:
    """Polls a folder and reports each new, completely written document file once.

    Files already present when the watch starts are ignored: only new scans join the case.
    """

    folder: Path
    _seen: set[Path] = field(default_factory=set)
    _pending: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.folder.is_dir():
            raise ConfigError(f"The scan folder {self.folder} does not exist or is not a folder.")
        self._seen = set(self._candidates())

    def _candidates(self) -> list[Path]:
        try:
            return [
                p for p in self.folder.iterdir()
                if p.is_file() and p.suffix.lower() in WATCHED_SUFFIXES and not p.name.startswith(".")
            ]
        except OSError as e:
            raise ConfigError(f"Cannot read the scan folder {self.folder}: {e.strerror or e}") from e

    def poll(self) -> list[Path]:
        """Return the files that became complete since the last poll, oldest first."""
        ready: list[Path] = []
        for path in self._candidates():
            if path in self._seen:
                continue
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            sig = (st.st_size, st.st_mtime_ns)
            if st.st_size > 0 and self._pending.get(path) == sig:
                ready.append(path)
                self._seen.add(path)
                self._pending.pop(path, None)
            else:
                self._pending[path] = sig
        return sorted(ready, key=lambda p: p.stat().st_mtime_ns)
