"""The Windows installer cannot be built on Linux CI: check that every file it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ISS = ROOT / "installer" / "windows" / "rsc-workstation.iss"

# Built by PyInstaller before Inno Setup runs, so not in a checkout.
BUILD_OUTPUTS = ("dist\\rsc-workstation",)


def _named_sources(text: str) -> list[str]:
    names = re.findall(r'^Source:\s*"([^"]+)"', text, flags=re.MULTILINE)
    names += re.findall(r"^(?:SetupIconFile|LicenseFile)=(.+)$", text, flags=re.MULTILINE)
    return [n.strip() for n in names]


def test_every_file_the_windows_installer_names_exists() -> None:
    text = ISS.read_text(encoding="utf-8")
    sources = _named_sources(text)
    assert len(sources) >= 4
    for name in sources:
        if any(out in name for out in BUILD_OUTPUTS):
            continue
        path = (ISS.parent / name.replace("\\", "/")).resolve()
        assert path.exists(), f"{ISS.name} names {name}, which does not exist"


def test_uninstall_keeps_data() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert "uninsneveruninstall" in text
    assert "{userappdata}" not in text.split("[UninstallDelete]")[1]


def test_linux_bundle_files_exist() -> None:
    for rel in (
        "installer/workstation.spec",
        "installer/build.sh",
        "installer/launch_gui.py",
        "installer/launch_cli.py",
        "installer/rthook_tessdata.py",
        "installer/linux/rsc-workstation.desktop",
        "installer/linux/install.sh",
        "resources/icons/workstation.png",
        "resources/icons/workstation.ico",
    ):
        assert (ROOT / rel).exists(), rel
    spec = (ROOT / "installer" / "workstation.spec").read_text()
    for lang in ("eng", "fas", "pus", "osd"):
        assert f'"{lang}"' in spec
