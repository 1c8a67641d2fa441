"""The only code that reads and writes QSettings; maps keys onto ``WorkstationConfig`` fields.

Every key is declared once with its type, default and title. ``schema_version`` is stored,
and upgrade functions keyed by version migrate older files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from workstation.config import SCHEMA_VERSION, WorkstationConfig


@dataclass(frozen=True)
class Option:
    """One persisted setting."""

    key: str
    field: str
    kind: type
    title: str


OPTIONS: tuple[Option, ...] = (
    Option("ocr/languages", "ocr_languages", tuple, "OCR languages"),
    Option("database/url", "db_url", str, "Database URL (empty: SQLite on this desk)"),
    Option("intake/scanner_device", "scanner_device", str, "Scanner"),
    Option("intake/watch_folder", "watch_folder", str, "Scan-to-folder location"),
    Option("intake/camera_source", "camera_source", str, "Camera"),
    Option("ocr/render_dpi", "render_dpi", int, "PDF render resolution (DPI)"),
    Option("security/idle_lock_minutes", "idle_lock_minutes", int, "Lock after idle minutes"),
)

#: Upgrade functions keyed by the version they upgrade *from*.
UPGRADES: dict[int, Callable[[QSettings], None]] = {}


def settings_path(data_dir: Path) -> Path:
    """Where the desk's settings file lives (inside the private data folder)."""
    return data_dir / "settings.ini"


def open_settings(path: Path) -> QSettings:
    """An INI-format QSettings at an explicit path (tests point it at tmp_path)."""
    s = QSettings(str(path), QSettings.Format.IniFormat)
    version = int(s.value("schema_version", SCHEMA_VERSION))
    while version < SCHEMA_VERSION:
        UPGRADES[version](s)
        version += 1
    s.setValue("schema_version", SCHEMA_VERSION)
    return s


def _coerce(value: Any, kind: type) -> Any:
    if kind is tuple:
        if isinstance(value, str):
            return tuple(v for v in value.replace(",", "+").split("+") if v)
        return tuple(str(v) for v in value)
    if kind is int:
        return int(value)
    return str(value)


def load_config(settings: QSettings, base: WorkstationConfig) -> WorkstationConfig:
    """``base`` with every stored option applied (unknown or malformed values are ignored)."""
    known = {f.name for f in fields(WorkstationConfig)}
    changes: dict[str, Any] = {}
    for opt in OPTIONS:
        if opt.field in known and settings.contains(opt.key):
            try:
                changes[opt.field] = _coerce(settings.value(opt.key), opt.kind)
            except (TypeError, ValueError):
                continue
    return replace(base, **changes)


def save_config(settings: QSettings, config: WorkstationConfig) -> None:
    """Store every option of ``config``."""
    for opt in OPTIONS:
        value = getattr(config, opt.field)
        settings.setValue(opt.key, "+".join(value) if opt.kind is tuple else value)
    settings.sync()
