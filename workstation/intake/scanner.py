"""Scanning from a SANE scanner through ``scanimage`` (Debian's sane-utils).

Using the command-line front end keeps SANE's C library out of our process: a
crashing backend cannot take the workstation down, and a stuck one is killed by
the timeout. Tests use SANE's ``test`` backend (``SANE_CONFIG_DIR`` pointing at a
folder whose ``dll.conf`` lists ``test``).
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from workstation.errors import ConfigError, InputError

log = logging.getLogger(__name__)

SCANIMAGE_HINT = "sudo apt-get install sane-utils"


@dataclass(frozen=True)
class ScannerDevice:
    """A scanner SANE reports.

    Attributes:
        name: SANE device name, e.g. ``test:0`` or ``genesys:libusb:001:004``.
        description: Vendor and model as SANE reports them.
    """

    name: str
    description: str


def _scanimage() -> str:
    path = shutil.which("scanimage")
    if path is None:
        raise ConfigError(f"The SANE scanning tool 'scanimage' is not installed. Install it: {SCANIMAGE_HINT}")
    return path


_DEVICE_RE = re.compile(r"^device `(?P<name>[^']+)' is (?P<desc>.+)$")


def list_scanners(timeout_s: float = 30.0) -> list[ScannerDevice]:
    """The scanners SANE can see (an empty list when there are none)."""
    try:
        proc = subprocess.run([_scanimage(), "-L"], capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired as e:
        raise ConfigError("Looking for scanners took too long; check the scanner's connection.") from e
    devices = []
    for line in proc.stdout.splitlines():
        m = _DEVICE_RE.match(line.strip())
        if m:
            devices.append(ScannerDevice(m.group("name"), m.group("desc")))
    return devices


def scan_page(
    device: str, out_path: Path, *, resolution: int = 300, mode: str = "Color", timeout_s: float = 120.0
) -> Path:
    """Scan one page from ``device`` into a PNG file at ``out_path``.

    Raises:
        ConfigError: scanimage is missing.
        InputError: The scanner failed, timed out, or produced no image.
    """
    cmd = [_scanimage(), "-d", device, "--format=png", f"--resolution={resolution}", f"--mode={mode}"]
    try:
        with open(out_path, "wb") as fh:
            proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired as e:
        out_path.unlink(missing_ok=True)
        raise InputError("The scanner did not finish in time; check it and scan again.") from e
    err = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0 or out_path.stat().st_size == 0:
        out_path.unlink(missing_ok=True)
        last = err.splitlines()[-1] if err else f"exit status {proc.returncode}"
        raise InputError(f"Scanning failed: {last}")
    log.info("scanned one page at %d dpi", resolution)
    return out_path
