"""installer/slim.py, the post-build step that shrinks the Linux bundle: each rewrite still loads and works."""

from __future__ import annotations

import importlib.util
import os
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
pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="the build machine has gcc (build-essential)")

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
