"""Smoke test of the Linux desk bundle (issue 10): build it, hide Tesseract, read a passport, start the GUI.

Runs only with ``WORKSTATION_RUN_SMOKE=1`` (CI sets it; building takes minutes, so a developer's
``pytest`` stays fast): ``bash installer/smoke_test.sh``. ``WORKSTATION_BUNDLE=DIR`` tests an already
built bundle instead of building one.

The bundle is started by absolute path in an environment of its own: PATH is an empty folder (no
``tesseract`` binary, no Python), HOME and the data folder are temporary, nothing of the
developer's environment (TESSDATA_PREFIX, PYTHONPATH, the virtualenv) leaks in.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(
    os.environ.get("WORKSTATION_RUN_SMOKE") != "1",
    reason="builds the desk bundle (minutes): set WORKSTATION_RUN_SMOKE=1 or run installer/smoke_test.sh (CI does)",
)

# Issue 10: at most 300 MB unpacked (decimal megabytes: 286.1 MiB, what `du -sh` shows). A developer
# may override it with WORKSTATION_SMOKE_MAX_MIB to look at other checks of a bundle that is over.
_MAX_MIB = os.environ.get("WORKSTATION_SMOKE_MAX_MIB")
MAX_BUNDLE_BYTES = int(float(_MAX_MIB) * 2**20) if _MAX_MIB else 300_000_000
MAX_WINDOW_S = 3.0  # issue 10: starts to a window in at most 3 s


@pytest.fixture(scope="module")
def bundle() -> Path:
    given = os.environ.get("WORKSTATION_BUNDLE")
    if given:
        path = Path(given).resolve()
    else:
        subprocess.run(["bash", str(ROOT / "installer" / "build.sh")], cwd=ROOT, check=True, timeout=1800)
        path = ROOT / "dist" / "rsc-workstation"
    assert (path / "workstation").is_file(), f"no bundle at {path}"
    return path


@pytest.fixture(scope="module")
def bare_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("desk")
    empty_bin = base / "empty-bin"
    empty_bin.mkdir()
    home = base / "home"
    home.mkdir()
    return {
        "PATH": str(empty_bin),
        "HOME": str(home),
        "WORKSTATION_DATA_DIR": str(base / "data"),
        "LANG": "C.UTF-8",
        "OMP_THREAD_LIMIT": "1",
    }


@pytest.fixture(scope="module")
def passport(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("synth")
    subprocess.run(
        [sys.executable, "-m", "tests.synth", "--out", str(out), "--count", "1", "--seed", "1",
         "--kinds", "passport", "--damage", "none", "--workers", "1"],
        cwd=ROOT, check=True, timeout=300, capture_output=True,
    )
    image = next(out.glob("*_passport.png"))
    truth = json.loads(next(out.glob("*_passport.truth.json")).read_text(encoding="utf-8"))
    assert truth["specimen"], "test documents are SPECIMENs"
    return image, truth


@pytest.fixture(scope="module")
def passport_record(passport: tuple[Path, dict[str, object]]) -> Path:
    return next(passport[0].parent.glob("*_passport.record.json"))


def _run(cmd: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def _apparent_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def test_bundle_size(bundle: Path) -> None:
    size = _apparent_size(bundle)
    print(f"bundle: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)")
    assert size <= MAX_BUNDLE_BYTES, f"bundle is {size / 1e6:.1f} MB, over {MAX_BUNDLE_BYTES / 1e6:.1f} MB"


def _needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-dW", str(path)], capture_output=True, text=True, check=False).stdout
    return re.findall(r"NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


# What every Linux program takes from the machine (glibc), zlib, and the C++ runtime (installer/slim.py
# leaves libstdc++ to the desk, whose copy matches its glibc).
BASE_SYSTEM = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1",
               "libresolv.so.2", "ld-linux-x86-64.so.2", "libz.so.1", "libgcc_s.so.1", "libstdc++.so.6"}


def test_every_library_the_bundle_links_is_in_it_or_on_the_machine(bundle: Path) -> None:
    """installer/slim.py removes libraries: what is still linked is in the bundle or on the machine.

    The desktop's own libraries (X11/xcb, fontconfig, D-Bus, GLib) are left to the system on purpose,
    for Qt alone, as the PySide6 wheel itself does (installer/README.md's install line names their
    packages); everything else (readers, numpy, OpenCV, libpq, Python) needs nothing past glibc.
    """
    inside = {p.name for p in bundle.rglob("*.so*")}
    ldconfig = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    system = set(re.findall(r"^\s+(\S+) \(", ldconfig, re.M))
    unresolved: dict[str, str] = {}
    beyond_glibc: dict[str, list[str]] = {}
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink() or ".so" not in path.name:
            continue
        outside = set(_needed(path)) - inside
        where = path.relative_to(bundle).as_posix()
        for name in outside - system:
            if not name.startswith("libwayland-"):  # Qt's Wayland client: there on a Wayland desktop
                unresolved.setdefault(name, where)
        if "PySide6" not in path.parts and outside - BASE_SYSTEM:
            beyond_glibc[where] = sorted(outside - BASE_SYSTEM)
    assert not unresolved, unresolved
    assert not beyond_glibc, beyond_glibc


def test_bundle_has_no_tesseract_binary_and_its_own_language_data(bundle: Path, bare_env: dict[str, str]) -> None:
    assert shutil.which("tesseract", path=bare_env["PATH"]) is None
    for lang in ("eng", "fas", "pus", "osd"):
        assert (bundle / "_internal" / "tessdata" / f"{lang}.traineddata").is_file(), lang
    assert not list(bundle.rglob("tesseract")), "no Tesseract binary inside the bundle either"


def test_read_passport_without_system_tesseract(
    bundle: Path, bare_env: dict[str, str], passport: tuple[Path, dict[str, object]]
) -> None:
    image, truth = passport
    # Forcing the in-process engine: the read fails instead of falling back to a binary.
    env = dict(bare_env, WORKSTATION_OCR_ENGINE="tesserocr")
    cmd = [str(bundle / "workstation"), "read", str(image), "--json"]
    strace = shutil.which("strace")
    trace = Path(bare_env["HOME"]) / "read.strace"
    if strace:  # which language files the read opens: only the bundle's
        cmd = [strace, "-f", "-qq", "-e", "trace=open,openat", "-o", str(trace), *cmd]
    proc = _run(cmd, env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    reading = json.loads(proc.stdout)
    assert reading["kind"] == "passport"
    assert reading["mrz"]["valid"] is True
    assert reading["mrz"]["format"] == "TD3"
    mrz_truth = truth["mrz"]
    assert isinstance(mrz_truth, dict)
    assert reading["mrz"]["lines"] == mrz_truth["lines"]
    if strace:
        opened = [line for line in trace.read_text().splitlines() if ".traineddata" in line and "ENOENT" not in line]
        tessdata = str(bundle / "_internal" / "tessdata")
        assert any(tessdata in line for line in opened), f"the read opened no bundled language data: {opened[:3]}"
        # The bundle's tessdata and the workstation's own models (the MRZ's OCR-B): nothing from outside.
        assert all(f'"{bundle}/' in line for line in opened), opened[:3]


def test_doctor_reports_the_bundled_engine(bundle: Path, bare_env: dict[str, str]) -> None:
    proc = _run([str(bundle / "workstation"), "doctor", "--no-qt"], bare_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[ OK ] OCR engine (bundled)" in proc.stdout
    assert str(bundle / "_internal" / "tessdata") in proc.stdout
    for lang in ("eng", "fas", "pus", "osd"):
        assert f"[ OK ] Language data: {lang}" in proc.stdout
    assert "Tesseract binary" not in proc.stdout
    assert "All checks passed." in proc.stdout


def test_doctor_qt_probe_runs_inside_the_bundle(bundle: Path, bare_env: dict[str, str]) -> None:
    proc = _run([str(bundle / "workstation"), "doctor"], dict(bare_env, QT_QPA_PLATFORM="offscreen"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[ OK ] Qt platform" in proc.stdout


def _start_gui(bundle: Path, env: dict[str, str], png: Path) -> tuple[float, float]:
    """Start ``workstation-gui --demo --screenshot``: (wall seconds to the screenshot on disk, CPU seconds).

    The CPU time (user + system, the whole run) is what the start costs on an idle desk; the wall
    time also counts waiting for other work on a shared machine (CI, several engineers).
    """
    cmd = [str(bundle / "workstation-gui"), "--demo", "--screenshot", str(png)]
    start = time.perf_counter()
    err_file = png.with_suffix(".stderr")
    # A session of its own: a start that hangs is killed with its reader child, which would otherwise
    # live on (and hold a pipe open).
    with err_file.open("w") as err_out:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err_out, start_new_session=True)
    seen = None
    status = None
    while time.perf_counter() - start < 120:
        if seen is None and png.exists() and png.stat().st_size > 0:
            seen = time.perf_counter() - start
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.02)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pid, status, usage = os.wait4(proc.pid, 0)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.returncode = os.waitstatus_to_exitcode(status)
    log = Path(env["WORKSTATION_DATA_DIR"]) / "logs" / "workstation.log"
    why = err_file.read_text()[-1500:] + (log.read_text()[-1500:] if log.exists() else "")
    assert proc.returncode == 0, why
    assert png.exists(), why
    wall = seen if seen is not None else time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime


def test_gui_starts_offscreen_and_shows_the_demo_case(bundle: Path, bare_env: dict[str, str]) -> None:
    env = dict(bare_env, QT_QPA_PLATFORM="offscreen")
    home = Path(bare_env["HOME"])
    # The first start creates and migrates the database; the second is a desk's everyday start.
    first = _start_gui(bundle, env, home / "first.png")
    second = _start_gui(bundle, env, home / "second.png")
    # The screenshot is taken 0.3 s after the case list has loaded, so both over-count a little.
    print(
        f"time to window: first start {first[0]:.2f} s wall / {first[1]:.2f} s CPU, "
        f"second {second[0]:.2f} s wall / {second[1]:.2f} s CPU (load average {os.getloadavg()[0]:.1f})"
    )
    data = (home / "second.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 640 and height >= 400, (width, height)
    assert len(data) > 10_000, "the screenshot is blank"
    # Issue 10's bar: a window in at most 3 s. Wall time is the bar itself; CPU time stands in for it when a
    # machine shared with other work stretches the wall time. CPU alone over-counts: the two reader processes
    # warm up beside the window on the second core (3.6 s of CPU in 1.35 s of wall with a benchmark running beside).
    best_cpu, best_wall = min(first[1], second[1]), min(first[0], second[0])
    assert best_wall <= MAX_WINDOW_S or best_cpu <= MAX_WINDOW_S, (
        f"{best_wall:.2f} s wall and {best_cpu:.2f} s of CPU to a window")
    assert min(first[0], second[0]) <= 4 * MAX_WINDOW_S, "the window took far too long (hung?)"


def test_verify_then_pdf_report_and_intact_audit_trail(
    bundle: Path, bare_env: dict[str, str], passport: tuple[Path, dict[str, object]], passport_record: Path
) -> None:
    """The checks (name matching: rapidfuzz's plain build), the audit trail (SQLite, signatures), a login
    and the PDF report (PyMuPDF) inside the bundle, which carries numpy's reference BLAS/LAPACK and
    shares OpenSSL. A first `--demo` start makes the desk's SPECIMEN accounts; a supervisor exports."""
    data = Path(bare_env["WORKSTATION_DATA_DIR"] + "-verify")
    env = dict(bare_env, WORKSTATION_OCR_ENGINE="tesserocr", WORKSTATION_DATA_DIR=str(data))
    _start_gui(bundle, dict(env, QT_QPA_PLATFORM="offscreen"), Path(bare_env["HOME"]) / "verify-desk.png")
    accounts = {line.split("\t")[0]: line.split("\t")[2] for line in
                (data / "demo-accounts.txt").read_text(encoding="utf-8").splitlines()[1:]}
    exe = str(bundle / "workstation")
    proc = _run([exe, "verify", "--applicant", str(passport_record), str(passport[0]), "--json"], env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    assert result["verdict"] in ("verified", "needs_review", "mismatch")
    by_field = {c["field"]: c for c in result["checks"]}
    assert by_field["surname"]["status"] == "pass", by_field.get("surname")
    assert result["audit_event_ids"], "the run was written to the audit trail"
    report = Path(bare_env["HOME"]) / "case.pdf"
    proc = _run([exe, "audit", "export", "--case", result["case_number"], "--format", "pdf", "--out", str(report),
                 "--user", "demo.supervisor"], dict(env, WORKSTATION_PASSWORD=accounts["demo.supervisor"]))
    assert proc.returncode == 0, proc.stderr[-2000:]
    import pymupdf

    with pymupdf.open(report) as doc:
        assert doc.page_count >= 1
        assert result["case_number"] in "".join(page.get_text() for page in doc)
    proc = _run([exe, "audit", "verify"], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _tls_postgres_stub(cert: Path, key: Path) -> tuple[int, list[str]]:
    """A local port that answers libpq's SSLRequest with 'S', completes a TLS handshake, then closes."""
    import socket
    import ssl
    import threading

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(60)
    seen: list[str] = []

    def serve() -> None:
        try:
            conn, _ = server.accept()
            with conn:
                conn.settimeout(30)
                conn.recv(8)  # SSLRequest
                conn.sendall(b"S")
                with ctx.wrap_socket(conn, server_side=True) as tls:
                    seen.append(tls.version() or "")
                    tls.recv(1024)  # the startup message, sent encrypted
        except OSError:
            pass
        finally:
            server.close()

    threading.Thread(target=serve, daemon=True).start()
    return server.getsockname()[1], seen


def test_postgres_client_speaks_tls_with_the_shared_openssl(bundle: Path, bare_env: dict[str, str]) -> None:
    """libpq, whose own OpenSSL the slim step replaced by Python's, loads and completes a TLS handshake."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    home = Path(bare_env["HOME"])
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    (home / "pg.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (home / "pg.key").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption()))
    port, seen = _tls_postgres_stub(home / "pg.crt", home / "pg.key")
    url = f"postgresql+psycopg://desk@127.0.0.1:{port}/audit?sslmode=require&connect_timeout=20"
    proc = _run([str(bundle / "workstation"), "audit", "verify", "--db", url], bare_env, timeout=120)
    assert proc.returncode != 0  # the stub is no database
    assert "unreachable" in proc.stderr, proc.stderr[-2000:]
    assert seen and seen[0].startswith("TLS"), f"no TLS handshake: {proc.stderr[-1000:]}"
