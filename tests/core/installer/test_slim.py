"""installer/slim.py, the post-build step that shrinks the Linux bundle: each rewrite still loads and works."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _slim() -> ModuleType:
    spec = importlib.util.spec_from_file_location("installer_slim", ROOT / "installer" / "slim.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


slim = _slim()

SOURCE = "int answer(int x) { return x + 41; }\nint table[4000] = {7};\n"


def _lib(tmp_path: Path, name: str, *flags: str, source: str = SOURCE) -> Path:
    src = tmp_path / f"{name}.c"
    src.write_text(source)
    out = tmp_path / name
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(out), str(src), *flags], check=True)
    return out


def _call_in_child(lib: Path, func: str = "answer") -> subprocess.CompletedProcess[str]:
    code = f"import ctypes; print(ctypes.CDLL({str(lib)!r}).{func}(1))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)


def test_padded_library_is_packed_and_still_loads(tmp_path: Path) -> None:
    # The layout wheel-repair tools leave: segments 2 MiB apart in the file.
    lib = _lib(tmp_path, "libpadded.so", "-Wl,-z,max-page-size=0x200000", "-Wl,-z,separate-code")
    before = lib.stat().st_size
    assert before > 2_000_000
    slim.compact_libraries(tmp_path)
    after = lib.stat().st_size
    assert after < 100_000, after
    assert slim._loads_congruent(lib)
    proc = _call_in_child(lib)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "42"


def test_compact_leaves_ordinary_libraries_alone(tmp_path: Path) -> None:
    lib = _lib(tmp_path, "libplain.so")
    data = lib.read_bytes()
    assert slim._compact(data) is None
    slim.compact_libraries(tmp_path)
    assert lib.read_bytes() == data


def test_strip_keeps_the_library_working(tmp_path: Path) -> None:
    lib = _lib(tmp_path, "libsyms.so", "-g")
    before = lib.stat().st_size
    slim.strip_libraries(tmp_path, tmp_path)
    assert lib.stat().st_size < before
    proc = _call_in_child(lib)
    assert proc.returncode == 0 and proc.stdout.strip() == "42", proc.stderr


def test_stub_has_the_same_versioned_symbols_and_stops_clearly_when_called(tmp_path: Path) -> None:
    vs = tmp_path / "v.map"
    vs.write_text("LIBDEMO_1 { global: answer; table; local: *; };\n")
    lib = _lib(tmp_path, "libdemo-0123abcd.so.1", f"-Wl,--version-script={vs}", "-Wl,-soname,libdemo-0123abcd.so.1")

    def symbols(path: Path) -> set[str]:
        out = subprocess.run(
            ["nm", "-D", "--defined-only", "--with-symbol-versions", str(path)], capture_output=True, text=True, check=True
        ).stdout
        return {line.split()[-1] for line in out.splitlines()}

    expected = symbols(lib)
    assert "answer@@LIBDEMO_1" in expected
    work = tmp_path / "work"
    work.mkdir()
    slim._stub(lib, work)
    assert symbols(lib) == expected
    assert lib.stat().st_size < 100_000
    proc = _call_in_child(lib)
    assert proc.returncode != 0
    assert "answer is not in this bundle" in proc.stderr


def test_openblas_shim_gives_cv2_the_same_answers(tmp_path: Path) -> None:
    """cv2's LAPACK/BLAS calls through the shim over numpy's OpenBLAS equal those of cv2's own OpenBLAS."""
    import cv2
    import numpy

    cv2_dir = Path(cv2.__file__).parent
    site = cv2_dir.parent
    libs = site / slim.CV2_LIBS
    numpy_libs = Path(numpy.__file__).parent.parent / "numpy.libs"
    if not (libs.is_dir() and numpy_libs.is_dir() and list(libs.glob("libopenblas*"))):
        pytest.skip("this OpenCV/numpy build has no separate OpenBLAS to replace")
    # A site folder with cv2's OpenBLAS replaced by the shim. The loader resolves $ORIGIN and its own
    # paths from real files, so cv2's files are copied (its sub-packages and other libraries linked).
    fake = tmp_path / "site"
    (fake / "cv2").mkdir(parents=True)
    for entry in cv2_dir.iterdir():
        target = fake / "cv2" / entry.name
        if entry.is_file():
            shutil.copyfile(entry, target)
        elif entry.name != "__pycache__":
            target.symlink_to(entry)
    (fake / slim.CV2_LIBS).mkdir()
    for entry in libs.iterdir():
        if entry.name.startswith("libopenblas"):
            shutil.copyfile(entry, fake / slim.CV2_LIBS / entry.name)
        else:
            (fake / slim.CV2_LIBS / entry.name).symlink_to(entry)
    (fake / "numpy.libs").symlink_to(numpy_libs)
    work = tmp_path / "work"
    work.mkdir()
    slim._shim_openblas(fake / slim.CV2_LIBS, fake, work)
    shim = next((fake / slim.CV2_LIBS).glob("libopenblas*"))
    assert shim.stat().st_size < 200_000, "the shim was not built"

    script = tmp_path / "lapack.py"
    script.write_text(LAPACK_SCRIPT)

    def run(out: Path, pythonpath: str | None) -> str:
        env = dict(os.environ)
        if pythonpath:
            env["PYTHONPATH"] = pythonpath
        proc = subprocess.run(
            [sys.executable, str(script), str(out)], capture_output=True, text=True, env=env, timeout=120, check=False
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    run(tmp_path / "ref.npz", None)
    mapped = run(tmp_path / "shim.npz", str(fake))
    assert str(shim) in mapped, "cv2 did not load the shim"
    ref, got = numpy.load(tmp_path / "ref.npz"), numpy.load(tmp_path / "shim.npz")
    assert sorted(ref.files) == sorted(got.files)
    for key in ref.files:
        numpy.testing.assert_allclose(got[key], ref[key], rtol=1e-4, atol=1e-4, err_msg=key)


LAPACK_SCRIPT = '''
import sys
import cv2
import numpy as np

rng = np.random.default_rng(0)
out = {}
for dt in (np.float32, np.float64):
    a = rng.standard_normal((7, 7)).astype(dt)
    b = rng.standard_normal((7, 3)).astype(dt)
    s = (a @ a.T + 7 * np.eye(7)).astype(dt)
    r = rng.standard_normal((9, 5)).astype(dt)
    n = dt.__name__
    out["lu" + n] = cv2.solve(a, b, flags=cv2.DECOMP_LU)[1]
    out["chol" + n] = cv2.solve(s, b, flags=cv2.DECOMP_CHOLESKY)[1]
    out["qr" + n] = cv2.solve(r, r[:, :2] @ np.ones((2, 1), dt), flags=cv2.DECOMP_QR)[1]
    out["svd" + n] = cv2.solve(r, r[:, :1], flags=cv2.DECOMP_SVD)[1]
    out["svdw" + n] = cv2.SVDecomp(r)[0]
    out["inv" + n] = cv2.invert(a, flags=cv2.DECOMP_LU)[1]
    out["det" + n] = np.array(cv2.determinant(a))
    out["gemm" + n] = cv2.gemm(r, r, 1.0, None, 0.0, flags=cv2.GEMM_1_T)
    out["eig" + n] = np.abs(cv2.eigen(s)[1])
c = rng.standard_normal((6, 6))
out["eignn"] = np.sort(np.real(cv2.eigenNonSymmetric(c)[0].ravel()))
src = np.float32([[0, 0], [10, 1], [11, 12], [1, 10]])
dst = np.float32([[0, 0], [100, 0], [100, 100], [0, 100]])
out["persp"] = cv2.getPerspectiveTransform(src, dst)
np.savez(sys.argv[1], **out)
print(open("/proc/self/maps").read())
'''


NUMPY_SCRIPT = '''
import sys
import numpy as np

rng = np.random.default_rng(7)
out = {}
for dt in (np.float32, np.float64, np.complex64, np.complex128):
    def r(*shape):
        a = rng.standard_normal(shape)
        if np.issubdtype(dt, np.complexfloating):
            a = a + 1j * rng.standard_normal(shape)
        return a.astype(dt)
    a, b, sq, v, w = r(37, 23), r(23, 41), r(30, 30), r(100), r(100)
    spd = sq @ sq.conj().T + 30 * np.eye(30, dtype=dt)
    n = dt.__name__
    out.update({
        "mm" + n: a @ b, "mv" + n: a @ b[:, 0], "dot" + n: v @ w, "vdot" + n: np.vdot(v, w), "syrk" + n: a @ a.T,
        "strided" + n: a[::2, ::3] @ b[::3, ::2], "solve" + n: np.linalg.solve(sq, r(30, 4)),
        "inv" + n: np.linalg.inv(sq), "det" + n: np.linalg.det(sq),
        "eigvals" + n: np.sort_complex(np.linalg.eigvals(sq)), "eigh" + n: np.linalg.eigh(spd)[0],
        "svals" + n: np.linalg.svd(a, compute_uv=False), "lstsq" + n: np.linalg.lstsq(a, r(37, 2), rcond=None)[0],
        "qr" + n: np.abs(np.linalg.qr(a)[1]), "chol" + n: np.linalg.cholesky(spd), "pinv" + n: np.linalg.pinv(a),
        "batched" + n: np.linalg.solve(r(5, 4, 4) + 4 * np.eye(4, dtype=dt), r(5, 4, 1)),
    })
np.savez(sys.argv[1], **out)
print(open("/proc/self/maps").read())
'''


def test_numpy_on_the_reference_blas_lapack_gives_the_same_answers(tmp_path: Path) -> None:
    """numpy's OpenBLAS rebuilt from the reference BLAS/LAPACK: every routine numpy calls, same results."""
    import numpy

    # scripts/setup.sh (test) and installer/build.sh install libblas64-dev and liblapack64-dev.
    assert all(a.is_file() for a in slim.NETLIB64), "libblas64-dev and liblapack64-dev are not installed"

    site = Path(numpy.__file__).parent.parent
    if not list((site / "numpy.libs").glob("libscipy_openblas64_*")):
        pytest.skip("this numpy build carries no scipy_openblas64_")
    fake = tmp_path / "site"
    fake.mkdir()
    shutil.copytree(site / "numpy", fake / "numpy", ignore=shutil.ignore_patterns("__pycache__", "tests"))
    shutil.copytree(site / "numpy.libs", fake / "numpy.libs")
    work = tmp_path / "work"
    work.mkdir()
    slim.replace_numpy_openblas(fake, work)
    lib = next((fake / "numpy.libs").glob("libscipy_openblas64_*"))
    assert lib.stat().st_size < 3_000_000, "not rebuilt"

    script = tmp_path / "linalg.py"
    script.write_text(NUMPY_SCRIPT)

    def run(out: Path, pythonpath: str | None) -> str:
        env = dict(os.environ)
        if pythonpath:
            env["PYTHONPATH"] = pythonpath
        proc = subprocess.run([sys.executable, str(script), str(out)], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    run(tmp_path / "ref.npz", None)
    assert str(lib) in run(tmp_path / "netlib.npz", str(fake)), "numpy did not load the rebuilt library"
    ref, got = numpy.load(tmp_path / "ref.npz"), numpy.load(tmp_path / "netlib.npz")
    assert sorted(ref.files) == sorted(got.files)
    for key in ref.files:
        single = "32" in key or "complex64" in key
        numpy.testing.assert_allclose(got[key], ref[key], rtol=1e-3 if single else 1e-9,
                                      atol=1e-3 if single else 1e-9, err_msg=key)


def _linked(tmp_path: Path, path: Path, *needs: Path) -> Path:
    """A library at ``path`` linking ``needs`` (by their file names, as sonames)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    src = tmp_path / f"{path.name}.c"
    src.write_text(f"int f_{abs(hash(path)) % 10**8}(void) {{ return 1; }}\n")
    flags = [f"-Wl,-soname,{path.name}", "-Wl,--no-as-needed"]
    for n in needs:
        flags += [f"-L{n.parent}", f"-l:{n.name}"]
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(path), str(src), *flags], check=True)
    return path


def test_desktop_libraries_only_qt_links_are_left_to_the_system_and_orphans_pruned(tmp_path: Path) -> None:
    root = tmp_path / "_internal"
    y = _linked(tmp_path, root / "libdeskdep.so.1")
    x = _linked(tmp_path, root / "libdesk.so.1", y)  # linked by Qt alone, through its own dependency
    shared = _linked(tmp_path, root / "libshared.so.1")  # linked by Qt and by another wheel
    orphan = _linked(tmp_path, root / "liborphan.so.1")
    _linked(tmp_path, root / "PySide6" / "Qt" / "lib" / "libQt6Fake.so.6", x, shared)
    _linked(tmp_path, root / "other" / "ext.so", shared)
    slim.prune_unlinked(root)
    assert not orphan.exists() and x.exists()
    assert slim.leave_desktop_libraries_to_system(root) == ["libdesk.so.1", "libdeskdep.so.1"]
    assert not x.exists() and not y.exists() and shared.exists()


def test_cxx_runtime_is_left_to_the_desk_only_when_its_version_is_enough(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "_internal"
    root.mkdir()
    system_cxx = subprocess.run(["g++", "-print-file-name=libstdc++.so.6"], capture_output=True, text=True,
                                check=True).stdout.strip()
    cxx = root / "libstdc++.so.6"
    shutil.copyfile(system_cxx, cxx)
    src = tmp_path / "ext.cpp"
    src.write_text('#include <string>\n#include <stdexcept>\n'
                   'extern "C" int f(const char *s) { std::string t(s); if (t.empty()) throw std::runtime_error(t); '
                   'return (int)t.size(); }\n')
    subprocess.run(["g++", "-shared", "-fPIC", "-o", str(root / "ext.so"), str(src)], check=True)
    asked = {tuple(int(x) for x in m.groups()) for m in (re.fullmatch(r"GLIBCXX_(\d+)\.(\d+)\.(\d+)", n)
             for needs in slim._version_needs(root / "ext.so").values() for n in needs) if m}
    assert asked, "the extension asks for versioned C++ runtime symbols"
    monkeypatch.setattr(slim, "DESK_GLIBCXX", (3, 4, 0))  # a desk too old for it: kept
    assert slim.leave_cxx_runtime_to_system(root) is False and cxx.exists()
    monkeypatch.setattr(slim, "DESK_GLIBCXX", max(asked))
    assert slim.leave_cxx_runtime_to_system(root) is True and not cxx.exists()
