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
        "installer/launch.py",
        "installer/rthook_tessdata.py",
        "installer/slim.py",
        "installer/smoke_test.sh",
        "installer/linux/rsc-workstation.desktop",
        "installer/linux/install.sh",
        "resources/icons/workstation.png",
        "resources/icons/workstation.ico",
    ):
        assert (ROOT / rel).exists(), rel
    spec = (ROOT / "installer" / "workstation.spec").read_text()
    for lang in ("eng", "fas", "pus", "osd"):
        assert f'"{lang}"' in spec


def test_spec_ships_the_ocr_engine_and_its_data() -> None:
    spec = (ROOT / "installer" / "workstation.spec").read_text()
    assert "LANGS = (\"eng\", \"fas\", \"pus\", \"osd\")" in spec
    assert '"tessdata"' in spec and "traineddata" in spec
    assert '"tesserocr"' in spec, "tesserocr is the bundled engine (no system Tesseract on a desk)"
    assert "rthook_tessdata.py" in spec
    assert "launch.py" in spec
    # strip=True broke numpy's OpenBLAS; installer/slim.py strips what survives it.
    assert "strip=False" in spec
    hook = (ROOT / "installer" / "rthook_tessdata.py").read_text()
    assert "TESSDATA_PREFIX" in hook and "OPENCV_VIDEOIO_PRIORITY_FFMPEG" in hook


def test_build_script_runs_the_post_build_step_and_makes_both_commands() -> None:
    build = (ROOT / "installer" / "build.sh").read_text()
    assert "installer/workstation.spec" in build
    assert "installer/slim.py" in build
    assert "ln -sfn workstation dist/rsc-workstation/workstation-gui" in build
    assert "tar " in build


def test_desktop_entry_starts_the_installed_gui() -> None:
    entry = (ROOT / "installer" / "linux" / "rsc-workstation.desktop").read_text()
    lines = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line and not line.startswith("#"))
    assert lines["Type"] == "Application"
    assert lines["Exec"].startswith("/opt/rsc-workstation/workstation-gui")
    assert lines["Icon"] == "rsc-workstation"
    install = (ROOT / "installer" / "linux" / "install.sh").read_text()
    assert "/opt/rsc-workstation" in install and "--remove" in install


def test_windows_installer_has_start_menu_and_both_programs() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert "[Icons]" in text and "{group}" in text
    assert "workstation-gui.exe" in text
    assert "workstation.exe" in text
    assert "{commonappdata}" in text
