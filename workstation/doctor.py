"""``workstation doctor``: is this desk able to do its work, and if not, what fixes it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from workstation.audit.engine import probe_database
from workstation.config import WorkstationConfig, ensure_private_dir, private_dir_problem
from workstation.errors import ConfigError, OcrEngineMissingError
from workstation.ocr.installation import INSTALL_HINT, MIN_MAJOR_VERSION, REQUIRED_LANGUAGES, find_tesseract
from workstation.security.fileperms import check_private_tree
from workstation.security.vault import USER_KEY_DIR, secret_rests_unwrapped

#: Debian packages the Qt xcb platform plugin needs (PySide6 wheels do not carry them).
QT_SYSTEM_PACKAGES = (
    "libgl1", "libegl1", "libfontconfig1", "libdbus-1-3", "libxkbcommon-x11-0", "libxcb-cursor0",
    "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0",
    "libxcb-shape0", "libxcb-xinerama0", "libxcb-xkb1",
)

LANG_PACKAGES = {
    "eng": "tesseract-ocr-eng",
    "fas": "tesseract-ocr-fas",
    "pus": "tesseract-ocr-pus",
    "osd": "tesseract-ocr-osd",
}


@dataclass(frozen=True)
class DoctorCheck:
    """One line of the doctor's table.

    Attributes:
        name: What was checked.
        ok: Whether it is usable.
        detail: What was found.
        fix: What to do when it is not usable, or about a warning (empty otherwise).
        warning: Usable, but something the desk's IT should act on (not counted as a failure).
    """

    name: str
    ok: bool
    detail: str
    fix: str = ""
    warning: bool = False


def _in_process_engine_checks(cfg: WorkstationConfig) -> list[DoctorCheck] | None:
    """The in-process engine (tesserocr) and its language data, when it is what reads documents here.

    That is the case in the installed bundle (``sys.frozen``: its runtime hook points ``TESSDATA_PREFIX``
    at the bundled language data), and on a development desk where tesserocr is installed and
    ``TESSDATA_PREFIX`` names a folder holding every required language. Then no Tesseract binary is
    needed. ``None`` means: check the Tesseract binary instead.
    """
    # Imported here: the doctor must run even when an engine's dependency is broken.
    from workstation.ocr.engines import ENV_ENGINE, get_engine, tesserocr_available

    frozen = bool(getattr(sys, "frozen", False))
    tessdata = os.environ.get("TESSDATA_PREFIX", "")
    if os.environ.get(ENV_ENGINE, "").strip().lower() == "pytesseract" or not tessdata:
        return None
    present = {lang: os.path.isfile(os.path.join(tessdata, f"{lang}.traineddata")) for lang in REQUIRED_LANGUAGES}
    if not frozen and not (tesserocr_available() and all(present.values())):
        return None
    reinstall = "Reinstall the workstation from its installer (the bundled OCR data is incomplete)"
    try:
        engine = get_engine(cfg, name="tesserocr")
    except OcrEngineMissingError as e:
        if not frozen:
            return None
        checks = [DoctorCheck("OCR engine (bundled)", False, str(e), reinstall)]
    else:
        version = str(getattr(engine, "tesseract_version", "") or "unknown")
        label = "OCR engine (bundled)" if frozen else "OCR engine"
        checks = [DoctorCheck(label, True, f"tesserocr, Tesseract {version}, language data in {tessdata}")]
    for lang, ok in present.items():
        fix = reinstall if frozen else f"copy {lang}.traineddata into {tessdata} (sudo apt-get install {LANG_PACKAGES[lang]})"
        checks.append(DoctorCheck(f"Language data: {lang}", ok, "installed" if ok else "missing", "" if ok else fix))
    return checks


def check_tesseract(cfg: WorkstationConfig) -> list[DoctorCheck]:
    """The OCR engine, its version, and each language the workstation reads.

    The bundled in-process engine is reported when it is the one in use (see
    :func:`_in_process_engine_checks`); otherwise the Tesseract binary on PATH is checked.
    """
    in_process = _in_process_engine_checks(cfg)
    if in_process is not None:
        return in_process
    inst = find_tesseract(cfg.tesseract_cmd)
    if inst is None:
        checks = [DoctorCheck("Tesseract binary", False, f"'{cfg.tesseract_cmd}' not found on PATH", INSTALL_HINT)]
        checks += [
            DoctorCheck(f"Language data: {lang}", False, "Tesseract missing", f"sudo apt-get install {pkg}")
            for lang, pkg in LANG_PACKAGES.items()
        ]
        return checks
    checks = [DoctorCheck("Tesseract binary", True, inst.path)]
    version_ok = inst.major >= MIN_MAJOR_VERSION
    checks.append(
        DoctorCheck(
            "Tesseract version",
            version_ok,
            inst.version,
            "" if version_ok else f"Tesseract {MIN_MAJOR_VERSION} or newer is needed: {INSTALL_HINT}",
        )
    )
    for lang in REQUIRED_LANGUAGES:
        present = lang in inst.languages
        checks.append(
            DoctorCheck(
                f"Language data: {lang}",
                present,
                "installed" if present else "missing",
                "" if present else f"sudo apt-get install {LANG_PACKAGES[lang]}",
            )
        )
    return checks


_QT_PROBE = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "print(app.platformName())\n"
)


def check_qt(timeout_s: float = 30.0) -> DoctorCheck:
    """Start Qt in a child process (the core never imports Qt) and report the platform plugin."""
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") and not env.get("QT_QPA_PLATFORM"):
        return DoctorCheck(
            "Qt platform",
            False,
            "no display (DISPLAY/WAYLAND_DISPLAY unset)",
            "Run on the desktop session, or set QT_QPA_PLATFORM=offscreen for headless use",
        )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _QT_PROBE], capture_output=True, text=True, timeout=timeout_s, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        return DoctorCheck("Qt platform", False, "Qt did not start in time", "Check the display connection")
    if proc.returncode == 0 and proc.stdout.strip():
        return DoctorCheck("Qt platform", True, proc.stdout.strip().splitlines()[-1])
    last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1][:160]
    return DoctorCheck(
        "Qt platform",
        False,
        last,
        f"sudo apt-get install {' '.join(QT_SYSTEM_PACKAGES)}",
    )


def check_data_dir(cfg: WorkstationConfig) -> DoctorCheck:
    """The data folder exists, is private (0700), writable, and holds nothing readable by others."""
    try:
        ensure_private_dir(cfg.data_dir)
    except ConfigError as e:
        return DoctorCheck("Data folder", False, str(e), f"Create {cfg.data_dir} owned by this user, mode 0700")
    problem = private_dir_problem(cfg.data_dir)
    if problem:
        return DoctorCheck("Data folder", False, f"{cfg.data_dir} {problem}", f"chmod 0700 {cfg.data_dir}")
    loose = check_private_tree(cfg.data_dir)
    if loose:
        more = f" and {len(loose) - 3} more" if len(loose) > 3 else ""
        return DoctorCheck(
            "Data folder", False, f"not private: {'; '.join(loose[:3])}{more}", f"chmod -R go-rwx {cfg.data_dir}"
        )
    return DoctorCheck("Data folder", True, f"{cfg.data_dir} (0700, contents private)")


def check_vault_key(cfg: WorkstationConfig) -> DoctorCheck:
    """Whether the vault's private key rests on disk in the clear (read-only: creates nothing).

    A desk no administrator has claimed yet keeps its secret in a plain 0600 file (a warning);
    a desk with users whose plain secret is still there was upgraded and not yet migrated by an
    administrator's login (a failure: stored documents are readable without a login).
    """
    keys = cfg.data_dir / "keys"
    wraps = keys / USER_KEY_DIR
    n_users = len(list(wraps.glob("*.wrap"))) if wraps.is_dir() else 0
    plain = secret_rests_unwrapped(keys)
    if plain and n_users:
        return DoctorCheck(
            "Vault key", False, "the vault secret still rests unwrapped on disk (upgraded desk, not yet migrated)",
            "Log in once as an administrator: the secret is then wrapped per user and the plain file destroyed",
        )
    if plain:
        return DoctorCheck(
            "Vault key", True, "unclaimed desk: the vault secret rests unwrapped until an administrator exists",
            "Start workstation-gui and create the desk's administrator", warning=True,
        )
    if n_users:
        return DoctorCheck("Vault key", True, f"private key stored only wrapped per user ({n_users} user(s))")
    return DoctorCheck("Vault key", True, "no vault key yet (nothing stored)")


def check_database(cfg: WorkstationConfig) -> DoctorCheck:
    """The audit database is reachable, writable and safely configured."""
    result = probe_database(cfg.database_url)
    fix = "" if result.ok else "Check --db / WORKSTATION_DB_URL, the server, and file permissions"
    return DoctorCheck("Audit database", result.ok, result.detail, fix)


def run_checks(cfg: WorkstationConfig, include_qt: bool = True) -> list[DoctorCheck]:
    """Every check, in the order the table shows them."""
    steps: list[Callable[[], list[DoctorCheck]]] = [
        lambda: check_tesseract(cfg),
        lambda: [check_qt()] if include_qt else [],
        lambda: [check_data_dir(cfg)],
        lambda: [check_vault_key(cfg)],
        lambda: [check_database(cfg)],
    ]
    out: list[DoctorCheck] = []
    for step in steps:
        out.extend(step())
    return out


def format_table(checks: list[DoctorCheck]) -> str:
    """A plain-text table: status, check, what was found, and the fix for each failure."""
    name_w = max(len(c.name) for c in checks)
    lines = []
    for c in checks:
        status = "WARN" if c.ok and c.warning else " OK " if c.ok else "FAIL"
        lines.append(f"[{status}] {c.name:<{name_w}}  {c.detail}")
        if (not c.ok or c.warning) and c.fix:
            lines.append(f"       {'':<{name_w}}  fix: {c.fix}")
    failed = sum(not c.ok for c in checks)
    lines.append("")
    lines.append("All checks passed." if not failed else f"{failed} check(s) failed.")
    return "\n".join(lines)
