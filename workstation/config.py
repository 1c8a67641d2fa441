"""The typed configuration of the core.

:class:`WorkstationConfig` is a frozen dataclass with typed defaults. The UI maps
its QSettings keys onto these fields (``ui/settings.py``); the CLI maps flags and
environment variables. Nothing here reads Qt settings or global state.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from workstation.errors import ConfigError

APP_NAME = "rsc-workstation"
#: Bumped when a field changes meaning; upgrade functions are keyed by it.
SCHEMA_VERSION = 1

#: Environment variables that override the defaults (useful for tests, kiosks and CI).
ENV_DATA_DIR = "WORKSTATION_DATA_DIR"
ENV_DB_URL = "WORKSTATION_DB_URL"
ENV_TESSERACT = "WORKSTATION_TESSERACT_CMD"

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"


def default_data_dir() -> Path:
    """The per-user data folder of this platform (``~/.local/share/rsc-workstation`` on Linux)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """Where policy defaults, sample cases and icons live (source tree or bundle)."""
    override = os.environ.get("WORKSTATION_RESOURCES_DIR")
    return Path(override) if override else RESOURCES_DIR


@dataclass(frozen=True)
class WorkstationConfig:
    """Everything the core needs to know about this desk; every field has a safe default.

    Attributes:
        data_dir: Private folder (0700) for the database, keys and encrypted document store.
        db_url: SQLAlchemy URL of the audit database; empty means an SQLite file in ``data_dir``.
        workstation_id: Name of this desk as written into every audit event.
        ocr_languages: Tesseract language codes used for Latin and Dari/Pashto text.
        tesseract_cmd: Path or name of the Tesseract binary.
        ocr_timeout_s: Seconds after which one OCR call is abandoned.
        render_dpi: Resolution at which PDF pages are rendered for OCR.
        max_megapixels: Images larger than this are refused before decoding.
        max_pdf_pages: PDFs with more pages are refused.
        policy_path: The dated checks policy file; empty means the packaged
            ``resources/policy/checks.json`` (its siblings ``matching.json`` and
            ``siv_service.json`` hold the matching thresholds and the SIV service rules).
        scanner_device: SANE device name (``scanimage -L``); empty means ask.
        watch_folder: Scan-to-folder location whose new files join the open case; empty means off.
        camera_source: OpenCV camera index (``"0"``) or a video file path.
        idle_lock_minutes: Minutes without input after which the desk locks.
        schema_version: Version of this configuration's layout.
    """

    data_dir: Path = field(default_factory=default_data_dir)
    db_url: str = ""
    workstation_id: str = field(default_factory=lambda: os.environ.get("WORKSTATION_ID", "desk-1"))
    ocr_languages: tuple[str, ...] = ("eng", "fas", "pus")
    tesseract_cmd: str = field(default_factory=lambda: os.environ.get(ENV_TESSERACT, "tesseract"))
    ocr_timeout_s: float = 30.0
    render_dpi: int = 300
    max_megapixels: float = 50.0
    max_pdf_pages: int = 50
    policy_path: str = ""
    scanner_device: str = ""
    watch_folder: str = ""
    camera_source: str = "0"
    idle_lock_minutes: int = 5
    schema_version: int = SCHEMA_VERSION

    @classmethod
    def from_env(cls, **overrides: object) -> WorkstationConfig:
        """Defaults, then environment variables, then explicit ``overrides`` (e.g. CLI flags)."""
        cfg = cls()
        env_db = os.environ.get(ENV_DB_URL)
        if env_db:
            cfg = replace(cfg, db_url=env_db)
        clean = {k: v for k, v in overrides.items() if v is not None}
        if "data_dir" in clean:
            clean["data_dir"] = Path(str(clean["data_dir"]))
        return replace(cfg, **clean)  # type: ignore[arg-type]

    @property
    def database_url(self) -> str:
        """The effective audit database URL (the SQLite default lives in ``data_dir``)."""
        if self.db_url:
            return self.db_url
        return f"sqlite:///{self.data_dir / 'audit.sqlite3'}"

    @property
    def policy_file(self) -> Path:
        """The policy file in force."""
        if self.policy_path:
            return Path(self.policy_path)
        return resources_dir() / "policy" / "checks.json"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) with mode 0700, and tighten it if it already exists.

    Raises:
        ConfigError: The folder cannot be created or its permissions cannot be made private.
    """
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        mode = stat.S_IMODE(path.stat().st_mode)
        if os.name == "posix" and mode != 0o700:
            path.chmod(0o700)
    except OSError as e:
        raise ConfigError(f"Cannot prepare the data folder {path}: {e.strerror or e}") from e
    return path


def private_dir_problem(path: Path) -> str | None:
    """Describe why ``path`` is not a private, writable folder, or return ``None`` when it is."""
    if not path.exists():
        return "does not exist"
    if not path.is_dir():
        return "is not a folder"
    if os.name == "posix":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            return f"permissions are {mode:04o}, should be 0700"
    if not os.access(path, os.W_OK):
        return "is not writable"
    return None
