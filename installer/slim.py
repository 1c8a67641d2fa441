"""Post-build step of the Linux bundle: leave out what is linked but never used (installer/build.sh runs it).

    python installer/slim.py dist/rsc-workstation/_internal     # or any folder laid out like site-packages

1. OpenCV's FFmpeg (video files and network streams) and AOM (AVIF encoding) libraries. cv2 is linked
   against them, so each is replaced by a stub of the same name and symbol versions whose functions stop
   the program with a clear message. The workstation reads still images and local cameras (V4L2 / Media
   Foundation), never video files or streams; rthook_tessdata.py also turns OpenCV's FFmpeg back end off
   (OPENCV_VIDEOIO_PRIORITY_FFMPEG=0) so opening a stream fails cleanly instead of reaching a stub.
   Libraries that only the replaced ones used (libvpx, libswresample, OpenSSL 1.1, libdrm) are removed.
2. Qt's ICU data (libicudata, 31 MB) rebuilt without what Qt never reads: display names of units,
   currencies, languages, regions and time zones (Qt carries its own locale data), transliteration,
   spelled-out numbers, legacy code-page converters, Chinese/Japanese/Khmer/Burmese/Lao/Thai word
   dictionaries (word breaks there fall back to rules: --ignore-deps), and collation tailorings other
   than English, Dari/Persian and Pashto.

3. Symbol tables and debug information stripped from the libraries that carry them (libpython alone
   has 17 MB), one at a time: a stripped copy is kept only if every loadable segment still sits at a
   file offset congruent to its address modulo the page size, so the kernel and ld.so can map it.
   (PyInstaller's strip=True stripped everything, and the wheel-repaired OpenBLAS of numpy then failed
   with "ELF load command address/offset not page-aligned".)

4. numpy's OpenBLAS rebuilt from the reference BLAS/LAPACK (64-bit integers), with only the routines
   numpy and the cv2 shim call; psycopg's OpenSSL replaced by links to the one Python brings.
5. System libraries nothing links any more removed; the desktop's libraries that only Qt links, and
   libstdc++ when the desks' own is new enough, left to the desk (installer/README.md lists them).

Needs binutils (nm, readelf), gcc, icupkg and the reference BLAS/LAPACK archives (Debian: binutils, gcc,
icu-devtools, libblas64-dev, liblapack64-dev). Prints a size table.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

# cv2's video and AVIF-encoder libraries (wheel-mangled names, matched by prefix): stubbed or removed.
CV2_LIBS = "opencv_python_headless.libs"
STUB = ("libavcodec-", "libavformat-", "libavutil-", "libswscale-", "libaom-")
REMOVE = ("libswresample-", "libvpx-", "libssl-", "libcrypto-", "libdrm-")

ICU_DROP = [
    "unit/*", "curr/*", "lang/*", "region/*", "zone/*", "translit/*", "rbnf/*", "*.cnv",
    "brkitr/cjdict.dict", "brkitr/khmerdict.dict", "brkitr/burmesedict.dict", "brkitr/laodict.dict",
    "brkitr/thaidict.dict",
]
ICU_KEEP_COLL = {"coll/root.res", "coll/ucadata.icu", "coll/res_index.res", "coll/en.res", "coll/fa.res",
                 "coll/fa_AF.res", "coll/ps.res", "coll/ps_AF.res"}


def _run(cmd: list[str], **kw: object) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout  # type: ignore[call-overload,no-any-return]


def _mb(n: int) -> str:
    return f"{n / 1e6:7.1f} MB"


def _stub(lib: Path, work: Path) -> None:
    """Replace ``lib`` by a library with the same SONAME and versioned symbols that aborts when called."""
    soname = re.search(r"SONAME\)\s+Library soname: \[([^\]]+)\]", _run(["readelf", "-dW", str(lib)]))
    assert soname, lib
    funcs: dict[str, list[str]] = {}
    data: dict[str, list[tuple[str, int]]] = {}
    for line in _run(["nm", "-D", "--defined-only", "-S", "--with-symbol-versions", str(lib)]).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "A":  # version node
            funcs.setdefault(parts[2], [])
            continue
        if len(parts) == 4:
            _, size, kind, name = parts
        elif len(parts) == 3:
            size, (kind, name) = "0", parts[1:]
        else:
            continue
        sym, _, ver = name.partition("@@")
        if "@" in sym or not ver:
            sym, ver = sym.split("@")[0], ver or ""
        funcs.setdefault(ver, [])
        if kind in "Tt" or kind == "i":
            funcs[ver].append(sym)
        else:
            data.setdefault(ver, []).append((sym, int(size, 16) or 8))
    c = [
        "#include <stdio.h>", "#include <stdlib.h>",
        "static void stop(const char *f) {",
        f'  fprintf(stderr, "{lib.name}: %s is not in this bundle (video files/streams and AVIF encoding '
        'are left out)\\n", f); abort(); }',
    ]
    for ver in sorted(set(funcs) | set(data)):
        for sym in funcs.get(ver, []):
            c.append(f'void {sym}(void) {{ stop("{sym}"); }}')
        for sym, size in data.get(ver, []):
            c.append(f"char {sym}[{size}] __attribute__((aligned(16)));")
    script = []
    for ver in sorted(set(funcs) | set(data)):
        names = funcs.get(ver, []) + [s for s, _ in data.get(ver, [])]
        if ver:
            script.append(f"{ver} {{ global: {' '.join(n + ';' for n in names)} local: *; }};")
    src, vs = work / f"{lib.name}.c", work / f"{lib.name}.map"
    src.write_text("\n".join(c) + "\n")
    vs.write_text("\n".join(script) + "\n" if script else "{ global: *; };\n")
    out = work / lib.name
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O1", "-w", "-fno-builtin", f"-Wl,-soname,{soname.group(1)}",
         f"-Wl,--version-script={vs}", "-Wl,-s", "-o", str(out), str(src)],
        check=True,
    )
    shutil.copyfile(out, lib)

# cv2 uses these BLAS/LAPACK routines from its own 37 MB OpenBLAS (32-bit integers). numpy carries a
# second OpenBLAS (64-bit integers, scipy_ prefixed names): the shim converts the integers and calls it.
_SHIM_C = r"""
#include <stdint.h>
#include <stdlib.h>
#include <stddef.h>
typedef int64_t I;
static I *widen(const int *v, I n) { I *w = malloc(sizeof(I) * (n > 0 ? n : 1)); if (v) for (I i = 0; i < n; i++) w[i] = v[i]; return w; }
static void narrow(int *v, I *w, I n) { for (I i = 0; i < n; i++) v[i] = (int)w[i]; free(w); }
#define GEMM(T, t, AT) \
  extern void scipy_cblas_##t##gemm64_(int, int, int, I, I, I, AT, const T *, I, const T *, I, AT, T *, I); \
  void cblas_##t##gemm(int o, int ta, int tb, int m, int n, int k, AT al, const T *a, int lda, const T *b, \
                       int ldb, AT be, T *c, int ldc) \
  { scipy_cblas_##t##gemm64_(o, ta, tb, m, n, k, al, a, lda, b, ldb, be, c, ldc); }
GEMM(float, s, float)
GEMM(double, d, double)
GEMM(void, c, const void *)
GEMM(void, z, const void *)
#define LAPACK(T, t) \
  extern void scipy_##t##gesv_64_(I *, I *, T *, I *, I *, T *, I *, I *); \
  void t##gesv_(int *n, int *nrhs, T *a, int *lda, int *ipiv, T *b, int *ldb, int *info) { \
    I N = *n, R = *nrhs, LA = *lda, LB = *ldb, INFO = 0, *P = widen(0, N); \
    scipy_##t##gesv_64_(&N, &R, a, &LA, P, b, &LB, &INFO); narrow(ipiv, P, N); *info = (int)INFO; } \
  extern void scipy_##t##getrf_64_(I *, I *, T *, I *, I *, I *); \
  void t##getrf_(int *m, int *n, T *a, int *lda, int *ipiv, int *info) { \
    I M = *m, N = *n, LA = *lda, INFO = 0, K = M < N ? M : N, *P = widen(0, K); \
    scipy_##t##getrf_64_(&M, &N, a, &LA, P, &INFO); narrow(ipiv, P, K); *info = (int)INFO; } \
  extern void scipy_##t##potrf_64_(char *, I *, T *, I *, I *, size_t); \
  void t##potrf_(char *uplo, int *n, T *a, int *lda, int *info, size_t l1) { \
    I N = *n, LA = *lda, INFO = 0; scipy_##t##potrf_64_(uplo, &N, a, &LA, &INFO, 1); *info = (int)INFO; } \
  extern void scipy_##t##posv_64_(char *, I *, I *, T *, I *, T *, I *, I *, size_t); \
  void t##posv_(char *uplo, int *n, int *nrhs, T *a, int *lda, T *b, int *ldb, int *info, size_t l1) { \
    I N = *n, R = *nrhs, LA = *lda, LB = *ldb, INFO = 0; \
    scipy_##t##posv_64_(uplo, &N, &R, a, &LA, b, &LB, &INFO, 1); *info = (int)INFO; } \
  extern void scipy_##t##gels_64_(char *, I *, I *, I *, T *, I *, T *, I *, T *, I *, I *, size_t); \
  void t##gels_(char *tr, int *m, int *n, int *nrhs, T *a, int *lda, T *b, int *ldb, T *work, int *lwork, \
                int *info, size_t l1) { \
    I M = *m, N = *n, R = *nrhs, LA = *lda, LB = *ldb, LW = *lwork, INFO = 0; \
    scipy_##t##gels_64_(tr, &M, &N, &R, a, &LA, b, &LB, work, &LW, &INFO, 1); *info = (int)INFO; } \
  extern void scipy_##t##geqrf_64_(I *, I *, T *, I *, T *, T *, I *, I *); \
  void t##geqrf_(int *m, int *n, T *a, int *lda, T *tau, T *work, int *lwork, int *info) { \
    I M = *m, N = *n, LA = *lda, LW = *lwork, INFO = 0; \
    scipy_##t##geqrf_64_(&M, &N, a, &LA, tau, work, &LW, &INFO); *info = (int)INFO; } \
  extern void scipy_##t##gesdd_64_(char *, I *, I *, T *, I *, T *, T *, I *, T *, I *, T *, I *, I *, I *, size_t); \
  void t##gesdd_(char *jobz, int *m, int *n, T *a, int *lda, T *s, T *u, int *ldu, T *vt, int *ldvt, T *work, \
                 int *lwork, int *iwork, int *info, size_t l1) { \
    I M = *m, N = *n, LA = *lda, LU = *ldu, LV = *ldvt, LW = *lwork, INFO = 0, K = M < N ? M : N; \
    I *IW = widen(0, 8 * K); \
    scipy_##t##gesdd_64_(jobz, &M, &N, a, &LA, s, u, &LU, vt, &LV, work, &LW, IW, &INFO, 1); \
    free(IW); *info = (int)INFO; }
LAPACK(float, s)
LAPACK(double, d)
extern void scipy_dgeev_64_(char *, char *, I *, double *, I *, double *, double *, double *, I *, double *, I *,
                            double *, I *, I *, size_t, size_t);
void dgeev_(char *jl, char *jr, int *n, double *a, int *lda, double *wr, double *wi, double *vl, int *ldvl,
            double *vr, int *ldvr, double *work, int *lwork, int *info, size_t l1, size_t l2) {
  I N = *n, LA = *lda, LL = *ldvl, LR = *ldvr, LW = *lwork, INFO = 0;
  scipy_dgeev_64_(jl, jr, &N, a, &LA, wr, wi, vl, &LL, vr, &LR, work, &LW, &INFO, 1, 1); *info = (int)INFO; }
"""
# What the shim must define: every OpenBLAS symbol cv2 imports (checked at build time).
_SHIM_SYMBOLS = {
    "cblas_sgemm", "cblas_dgemm", "cblas_cgemm", "cblas_zgemm",
    *(f"{t}{f}_" for t in "sd" for f in ("gesv", "getrf", "potrf", "posv", "gels", "geqrf", "gesdd")), "dgeev_",
}


def _shim_openblas(libs: Path, root: Path, work: Path) -> None:
    """Replace cv2's OpenBLAS by a shim over numpy's (saves ~40 MB with libgfortran and libquadmath)."""
    found = sorted(libs.glob("libopenblas*.so*"))
    numpy_blas = sorted((root / "numpy.libs").glob("libscipy_openblas64_*.so*"))
    cv2_so = sorted(root.glob("cv2/cv2*.so"))
    if not (found and numpy_blas and cv2_so):
        print("cv2 or numpy OpenBLAS not found: OpenBLAS shim skipped")
        return
    blas = found[0]
    provided = set(_run(["nm", "-D", "--defined-only", "--format=just-symbols", str(blas)]).split())
    wanted = {s.split("@")[0] for s in _run(["nm", "-D", "--undefined-only", "--format=just-symbols", str(cv2_so[0])]).split()}
    used = provided & wanted
    missing = used - _SHIM_SYMBOLS
    if missing:
        print(f"cv2 uses OpenBLAS routines the shim lacks ({', '.join(sorted(missing))}): shim skipped")
        return
    soname = re.search(r"Library soname: \[([^\]]+)\]", _run(["readelf", "-dW", str(blas)]))
    assert soname
    src = work / "openblas_shim.c"
    src.write_text(_SHIM_C)
    out = work / blas.name
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O2", "-s", f"-Wl,-soname,{soname.group(1)}", "-o", str(out), str(src),
         f"-L{numpy_blas[0].parent}", f"-l:{numpy_blas[0].name}", "-Wl,-rpath,$ORIGIN/../numpy.libs"],
        check=True,
    )
    shutil.copyfile(out, blas)
    for lib in libs.glob("lib*.so*"):  # OpenBLAS's Fortran runtime, used by nothing else now
        if lib.name.startswith(("libgfortran-", "libquadmath-")):
            lib.unlink()


def slim_cv2(root: Path, work: Path) -> None:
    libs = root / CV2_LIBS
    if not libs.is_dir():
        print(f"no {CV2_LIBS} in {root}: skipped")
        return
    _shim_openblas(libs, root, work)
    for lib in sorted(libs.iterdir()):
        if lib.name.startswith(STUB):
            _stub(lib, work)
        elif lib.name.startswith(REMOVE):
            lib.unlink()
    # Everything still linked must still be there (wheel-repaired names carry an 8-hex-digit hash).
    for lib in [*libs.iterdir(), *root.glob("cv2/cv2*.so")]:
        for need in re.findall(r"NEEDED\)\s+Shared library: \[([^\]]+)\]", _run(["readelf", "-dW", str(lib)])):
            if re.search(r"-[0-9a-f]{8}", need):
                assert (libs / need).exists() or (root / "numpy.libs" / need).exists(), f"{lib.name} needs {need}"


def slim_icu(root: Path, work: Path) -> None:
    found = sorted((root / "PySide6" / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        print("no libicudata in the bundle: skipped")
        return
    if shutil.which("icupkg") is None:
        print("WARNING: icupkg not found (Debian: apt-get install icu-devtools): Qt's ICU data left whole (+25 MB)")
        return
    lib = found[0]
    m = re.search(r"([0-9a-f]+) ([0-9a-f]+) R (icudt(\d+)_dat)", _run(["nm", "-D", "-S", str(lib)]))
    assert m, f"no ICU data symbol in {lib}"
    addr, size, sym, ver = int(m.group(1), 16), int(m.group(2), 16), m.group(3), m.group(4)
    # The symbol's file offset: its address relative to the section that holds it.
    sec = re.search(r"\]\s+\.rodata\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)", _run(["readelf", "-SW", str(lib)]))
    assert sec, lib
    offset = addr - int(sec.group(1), 16) + int(sec.group(2), 16)
    with lib.open("rb") as f:
        f.seek(offset)
        blob = f.read(size)
    dat = work / f"icudt{ver}l.dat"
    dat.write_bytes(blob)
    items = _run(["icupkg", "-l", str(dat)]).split()
    drop = [i for i in items if any(fnmatch.fnmatch(i, p) for p in ICU_DROP)]
    drop += [i for i in items if i.startswith("coll/") and i not in ICU_KEEP_COLL]
    (work / "drop.txt").write_text("\n".join(drop) + "\n")
    # icupkg names the package after the output file, and ICU looks items up under that name.
    (work / "small").mkdir()
    small = work / "small" / dat.name
    subprocess.run(["icupkg", "-tl", "--ignore-deps", "-r", str(work / "drop.txt"), str(dat), str(small)], check=True,
                   capture_output=True)
    asm = work / "icudata.S"
    asm.write_text(
        f'.section .rodata\n.balign 16\n.globl {sym}\n.type {sym}, @object\n{sym}:\n'
        f'.incbin "{small}"\n.size {sym}, .-{sym}\n.section .note.GNU-stack,"",@progbits\n'
    )
    out = work / lib.name
    subprocess.run(["gcc", "-shared", "-nostdlib", "-s", f"-Wl,-soname,{lib.name}", "-o", str(out), str(asm)], check=True)
    shutil.copyfile(out, lib)
    print(f"ICU data: {len(drop)} of {len(items)} items left out")


PAGE = 4096


def _loads_congruent(path: Path) -> bool:
    """Whether every PT_LOAD segment's file offset matches its address modulo its alignment (and the page)."""
    with path.open("rb") as f:
        head = f.read(64)
        if head[:4] != b"\x7fELF" or head[4] != 2:
            return False
        phoff, = struct.unpack_from("<Q", head, 32)
        phentsize, phnum = struct.unpack_from("<HH", head, 54)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    for i in range(phnum):
        kind, _flags, offset, vaddr, _p, _fs, _ms, align = struct.unpack_from("<IIQQQQQQ", table, i * phentsize)
        if kind == 1:
            modulus = max(align, PAGE) if align else PAGE
            if offset % PAGE != vaddr % PAGE or (align > 1 and offset % modulus != vaddr % modulus):
                return False
    return True


def _compact(data: bytes) -> bytes | None:
    """The same shared library with its loadable segments packed page by page (``None``: leave it).

    Wheel-repair tools rewrote some libraries with 2 MiB segment alignment, leaving megabytes of zeros
    between segments of a few kilobytes (libwebpmux: 6 MB for 40 kB). Addresses stay; only file offsets
    move, to the next offset congruent to the segment's address modulo the 4 KiB page, and the
    alignment recorded becomes the page.
    """
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    phoff, shoff = struct.unpack_from("<QQ", data, 32)
    phentsize, phnum, shentsize, shnum = struct.unpack_from("<HHHH", data, 54)
    phdrs = [list(struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize)) for i in range(phnum)]
    loads = sorted((p for p in phdrs if p[0] == 1), key=lambda p: p[2])
    if not loads or max(p[7] for p in loads) <= PAGE or loads[0][2] != 0 or phoff + phentsize * phnum > loads[0][5]:
        return None
    moves = []  # (old offset, size, new offset)
    end = 0
    for p in loads:
        off, vaddr, filesz = p[2], p[3], p[5]
        new = off if off < end else end + ((vaddr - end) % PAGE)
        if new > off:
            return None
        moves.append((off, filesz, new))
        end = new + filesz
    def moved(off: int, size: int = 0) -> int | None:
        for old, filesz, new in moves:
            if old <= off and off + size <= old + filesz:
                return off - old + new
        return None
    out = bytearray(end)
    for old, filesz, new in moves:
        out[new:new + filesz] = data[old:old + filesz]
    shdrs = [list(struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)) for i in range(shnum)]
    for sh in shdrs:
        if sh[1] == 0:  # SHT_NULL
            continue
        size = 0 if sh[1] == 8 else sh[5]  # SHT_NOBITS takes no file space
        new_off = moved(sh[4], size)
        if new_off is None:  # a section outside the segments (.shstrtab, .comment): after them
            align = max(sh[8], 1)
            new_off = (len(out) + align - 1) // align * align
            out.extend(b"\0" * (new_off - len(out)))
            out.extend(data[sh[4]:sh[4] + size])
        sh[4] = new_off
    for p in phdrs:
        new_off = moved(p[2], p[5])
        if new_off is None:
            return None
        p[2] = new_off
        if p[0] == 1:
            p[7] = PAGE
    new_shoff = (len(out) + 7) // 8 * 8
    out.extend(b"\0" * (new_shoff - len(out)))
    for sh in shdrs:
        out.extend(struct.pack("<IIQQQQIIQQ", *sh))
    struct.pack_into("<Q", out, 40, new_shoff)
    for i, p in enumerate(phdrs):
        struct.pack_into("<IIQQQQQQ", out, phoff + i * phentsize, *p)
    return bytes(out)


def compact_libraries(top: Path) -> None:
    saved = 0
    for path in sorted(top.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        new = _compact(data)
        if new is None or len(data) - len(new) < 64 * 1024:
            continue
        mode = path.stat().st_mode
        path.write_bytes(new)
        path.chmod(mode)
        if not _loads_congruent(path):
            path.write_bytes(data)
            continue
        saved += len(data) - len(new)
    print(f"segment padding: {_mb(saved).strip()} saved")


def strip_libraries(top: Path, work: Path) -> None:
    kept, saved = 0, 0
    for path in sorted(top.rglob("*")):
        if path.is_symlink() or not path.is_file() or ".so" not in path.name:
            continue  # never the programs: PyInstaller appends their Python archive after the ELF image
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        sections = _run(["readelf", "-SW", str(path)])
        if ".symtab" not in sections and ".debug_" not in sections:
            continue
        tmp = work / "strip.tmp"
        if subprocess.run(["strip", "--strip-unneeded", "-o", str(tmp), str(path)], capture_output=True).returncode:
            kept += 1
            continue
        if not _loads_congruent(tmp) or tmp.stat().st_size >= path.stat().st_size:
            kept += 1
            continue
        saved += path.stat().st_size - tmp.stat().st_size
        mode = path.stat().st_mode
        shutil.copyfile(tmp, path)
        path.chmod(mode)
    print(f"stripped: {_mb(saved).strip()} saved; {kept} libraries left as they were")


def _needed(path: Path, cache: dict[Path, list[str]]) -> list[str]:
    if path not in cache:
        out = subprocess.run(["readelf", "-dW", str(path)], capture_output=True, text=True).stdout
        cache[path] = re.findall(r"NEEDED\)\s+Shared library: \[([^\]]+)\]", out)
    return cache[path]


def _elves(top: Path) -> list[Path]:
    found = []
    for p in top.rglob("*"):
        if p.is_file() and not p.is_symlink():
            with p.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(p)
    return found


# numpy's OpenBLAS (25 MB: kernels for every x86 generation, threading, all of BLAS and LAPACK) is
# rebuilt from the reference BLAS/LAPACK with 64-bit integers (Debian: libblas64-dev, liblapack64-dev;
# same ABI as numpy's scipy_openblas64_, names without its scipy_ prefix and 64_ suffix), taking from
# the static archives only the routines that numpy and the cv2 shim call and what those call.
NETLIB64 = (Path("/usr/lib/x86_64-linux-gnu/liblapack64_pic.a"), Path("/usr/lib/x86_64-linux-gnu/blas64/libblas64.a"))
_NETLIB_C = r"""
#include <stdio.h>
#include <stdint.h>
#include <stddef.h>
/* LAPACK's and CBLAS's argument-error handlers: report and return, as OpenBLAS does (the reference
   ones stop the program). numpy checks shapes before it calls, so these are not expected to run. */
void xerbla_(const char *name, const int64_t *info, size_t len) {
  fprintf(stderr, " ** On entry to %.*s parameter number %ld had an illegal value\n", (int)len, name, (long)*info); }
void cblas_xerbla(int64_t info, const char *rout, const char *form, ...) {
  (void)form; fprintf(stderr, "Parameter %ld to routine %s was incorrect\n", (long)info, rout); }
/* OpenBLAS's information calls, which threadpoolctl (numpy.show_runtime) looks for. */
char *scipy_openblas_get_config64_(void) { return "reference BLAS/LAPACK (netlib, 64-bit integers)"; }
char *scipy_openblas_get_corename64_(void) { return "generic"; }
int scipy_openblas_get_num_threads64_(void) { return 1; }
int scipy_openblas_get_parallel64_(void) { return 0; }
void scipy_openblas_set_num_threads64_(int n) { (void)n; }
"""


def _netlib_name(sym: str) -> str | None:
    """The reference library's name of one of numpy's OpenBLAS routines (``None``: not a BLAS/LAPACK one)."""
    if m := re.fullmatch(r"scipy_(cblas_\w+?)64_", sym):
        return m.group(1)
    if m := re.fullmatch(r"scipy_(\w+?)_64_", sym):
        return m.group(1) + "_" if not m.group(1).startswith("openblas") else None
    return None


def replace_numpy_openblas(root: Path, work: Path) -> None:
    found = sorted((root / "numpy.libs").glob("libscipy_openblas64_*.so*"))
    if not found:
        print("no numpy OpenBLAS in the bundle: skipped")
        return
    if not all(a.is_file() for a in NETLIB64):
        print("WARNING: reference BLAS/LAPACK archives not found (Debian: apt-get install libblas64-dev "
              "liblapack64-dev): numpy's OpenBLAS left whole (+24 MB)")
        return
    blas = found[0]
    provided = set(_run(["nm", "-D", "--defined-only", "--format=just-symbols", str(blas)]).split())
    wanted: set[str] = set()
    for elf in _elves(root.parent if root.name == "_internal" else root):
        if elf != blas and ".so" in elf.name:
            wanted |= {s.split("@")[0] for s in _run(["nm", "-D", "--undefined-only", "--format=just-symbols", str(elf)]).split()}
    used = sorted(provided & wanted)
    info = {"scipy_openblas_get_config64_", "scipy_openblas_get_corename64_", "scipy_openblas_get_num_threads64_",
            "scipy_openblas_get_parallel64_", "scipy_openblas_set_num_threads64_"}
    unmapped = [s for s in used if _netlib_name(s) is None and s not in info]
    if unmapped:
        print(f"numpy's OpenBLAS is called for {', '.join(unmapped)}: left whole")
        return
    asm = [".text"]
    for sym in used:
        if sym in info:
            continue
        asm += [f".globl {sym}", f".type {sym}, @function", f"{sym}: jmp {_netlib_name(sym)}"]
    asm.append('.section .note.GNU-stack,"",@progbits')
    (work / "netlib_names.S").write_text("\n".join(asm) + "\n")
    (work / "netlib_extra.c").write_text(_NETLIB_C)
    (work / "netlib.map").write_text("{ global: scipy_*; local: *; };\n")
    soname = re.search(r"Library soname: \[([^\]]+)\]", _run(["readelf", "-dW", str(blas)]))
    fortran = [n for n in _needed(blas, {}) if n.startswith("libgfortran")]
    assert soname and fortran, blas
    out = work / blas.name
    undefined = [f"-Wl,-u,{_netlib_name(s)}" for s in used if s not in info]
    proc = subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O2", "-s", f"-Wl,-soname,{soname.group(1)}", "-Wl,--no-undefined",
         f"-Wl,--version-script={work / 'netlib.map'}", "-Wl,-rpath,$ORIGIN", "-o", str(out),
         str(work / "netlib_names.S"), str(work / "netlib_extra.c"), *undefined, *map(str, NETLIB64),
         f"-L{blas.parent}", f"-l:{fortran[0]}", "-lm"],
        capture_output=True, text=True,
    )
    if proc.returncode:
        print(f"WARNING: reference BLAS/LAPACK build failed, numpy's OpenBLAS left whole:\n{proc.stderr[-1500:]}")
        return
    made = set(_run(["nm", "-D", "--defined-only", "--format=just-symbols", str(out)]).split())
    assert set(used) <= made, sorted(set(used) - made)
    before = blas.stat().st_size
    shutil.copyfile(out, blas)
    print(f"numpy's OpenBLAS -> reference BLAS/LAPACK, {len(used)} routines: {_mb(before).strip()} -> {_mb(blas.stat().st_size).strip()}")


def _version_defs(path: Path) -> set[str]:
    return set(re.findall(r"Name: (\S+)", _run(["readelf", "-VW", str(path)]).split("Version needs section")[0]))


def _version_needs(path: Path) -> dict[str, set[str]]:
    """{library file name: version names this file needs from it}."""
    text = _run(["readelf", "-VW", str(path)])
    needs: dict[str, set[str]] = {}
    if "Version needs section" not in text:
        return needs
    current = None
    for line in text.split("Version needs section", 1)[1].splitlines():
        if m := re.search(r"File: (\S+)", line):
            current = needs.setdefault(m.group(1), set())
        elif (m := re.search(r"Name: (\S+)", line)) and current is not None:
            current.add(m.group(1))
    return needs


def share_openssl(root: Path) -> None:
    """psycopg's own OpenSSL 3 (libpq's TLS) -> the one Python's ssl/hashlib already bring (7 MB).

    Kept only where every version of OpenSSL's symbols that a library asks of psycopg's copy is also in
    Python's (libpq asks for OPENSSL_3.0.0 only). libpq then uses the system's certificate folders.
    """
    libs = root / "psycopg_binary.libs"
    if not libs.is_dir():
        return
    elves = _elves(root)
    saved = 0
    for prefix, shared in (("libssl-", "libssl.so.3"), ("libcrypto-", "libcrypto.so.3")):
        own = sorted(p for p in libs.glob(prefix + "*.so.3") if not p.is_symlink())
        target = root / shared
        if not own or not target.is_file() or target.is_symlink():
            continue
        lib = own[0]
        defs = _version_defs(target)
        # (psycopg's libssl, once replaced, is a link to Python's and asks Python's libcrypto)
        users = [e for e in elves if e.parent == libs and e != lib and not e.is_symlink()
                 and lib.name in _version_needs(e)]
        wanted = set().union(*(_version_needs(u)[lib.name] for u in users)) if users else set()
        if not wanted <= defs:
            print(f"{lib.name}: needs {sorted(wanted - defs)} that {shared} lacks: kept")
            continue
        saved += lib.stat().st_size
        lib.unlink()
        lib.symlink_to(Path("..") / shared)
    print(f"psycopg's OpenSSL shared with Python's: {_mb(saved).strip()} saved")


def prune_unlinked(root: Path) -> None:
    """Remove the system libraries at the top of the bundle that nothing in it links any more.

    PyInstaller collected them for pieces that the spec or this script left out (Qt's GTK theme: cairo,
    pango, gio; Qt Network: Kerberos) or that load a system copy instead (X11's libXau under the
    system's libxcb). Python extension modules and libpython are loaded by name, never pruned.
    """
    cache: dict[Path, list[str]] = {}
    top = {p.name: p for p in root.iterdir()
           if p.name.startswith("lib") and ".so" in p.name and not p.name.startswith("libpython")
           and p.is_file() and not p.is_symlink()}
    elves = _elves(root.parent if root.name == "_internal" else root)
    removed: set[str] = set()
    while True:
        linked = {n for p in elves if not (p.parent == root and p.name in removed) for n in _needed(p, cache)}
        orphans = set(top) - removed - linked
        if not orphans:
            break
        removed |= orphans
    saved = sum(top[n].stat().st_size for n in removed)
    for n in removed:
        top[n].unlink()
    print(f"libraries nothing links: {len(removed)} removed ({', '.join(sorted(removed))}), {_mb(saved).strip()}")


def leave_desktop_libraries_to_system(root: Path) -> list[str]:
    """Remove the desktop's own libraries that PyInstaller copied in for Qt alone (9 MB); return their names.

    The PySide6 wheel itself carries none of them: X11/xcb, xkbcommon, fontconfig/freetype, D-Bus
    (with systemd's client library) and GLib come from the desk, as Qt's Linux requirements say and
    the install line of installer/README.md installs. A library stays when anything outside Qt links
    it (libstdc++, zlib, liblzma: Python and the other wheels), so only Qt ever loads the system's.
    Copies from one distribution's build machine can also clash with the desk's graphics and
    input-method libraries, which load the system's versions.
    """
    cache: dict[Path, list[str]] = {}
    top = {p.name: p for p in root.iterdir()
           if p.name.startswith("lib") and ".so" in p.name and not p.name.startswith("libpython")
           and p.is_file() and not p.is_symlink()}
    qt = root / "PySide6"
    users: dict[str, set[Path]] = {n: set() for n in top}
    for elf in _elves(root.parent if root.name == "_internal" else root):
        for n in _needed(elf, cache):
            if n in users:
                users[n].add(elf)
    qt_only: set[str] = set()
    while True:
        more = {n for n, us in users.items() if n not in qt_only and us and all(
            qt in u.parents or (u.parent == root and u.name in qt_only) for u in us)}
        if not more:
            break
        qt_only |= more
    saved = sum(top[n].stat().st_size for n in qt_only)
    for n in qt_only:
        top[n].unlink()
    print(f"desktop libraries left to the system (Qt's alone): {len(qt_only)}, {_mb(saved).strip()}: "
          f"{', '.join(sorted(qt_only))}")
    return sorted(qt_only)


# The C++ runtime of the oldest desks supported (Debian 12, Ubuntu 22.04: GCC 12) has GLIBCXX_3.4.30.
DESK_GLIBCXX = (3, 4, 30)


def leave_cxx_runtime_to_system(root: Path) -> bool:
    """Remove the build machine's libstdc++ when every desk has one new enough for the bundle (2 MB).

    A copy from the build machine also asks for that machine's glibc (Debian 12's: GLIBC_2.36), which
    Ubuntu 22.04 (2.35) lacks; the desk's own libstdc++ always matches its glibc. Kept if anything in
    the bundle asks for a GLIBCXX newer than the oldest supported desk's.
    """
    lib = root / "libstdc++.so.6"
    if not lib.is_file() or lib.is_symlink():
        return False
    newest = (0, 0, 0)
    for elf in _elves(root.parent if root.name == "_internal" else root):
        if elf == lib:
            continue
        for needs in _version_needs(elf).values():
            for name in needs:
                if m := re.fullmatch(r"GLIBCXX_(\d+)\.(\d+)(?:\.(\d+))?", name):
                    newest = max(newest, (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)))
    if newest > DESK_GLIBCXX:
        print(f"libstdc++ kept: the bundle asks for GLIBCXX_{'.'.join(map(str, newest))}")
        return False
    size = lib.stat().st_size
    lib.unlink()
    print(f"libstdc++ left to the system (the bundle asks for GLIBCXX_{'.'.join(map(str, newest))} at most): "
          f"{_mb(size).strip()}")
    return True


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    top = Path(argv[0])
    root = top / "_internal" if (top / "_internal").is_dir() else top
    parts = {"cv2 + its libraries": [root / "cv2", root / CV2_LIBS], "Qt ICU data": [root / "PySide6" / "Qt" / "lib"]}
    before = {k: sum(_size(p) for p in v if p.exists()) for k, v in parts.items()}
    total_before = _size(top)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        slim_cv2(root, work)
        replace_numpy_openblas(root, work)
        share_openssl(root)
        slim_icu(root, work)
        strip_libraries(top, work)
        compact_libraries(top)
        prune_unlinked(root)
        leave_desktop_libraries_to_system(root)
        leave_cxx_runtime_to_system(root)
    after = {k: sum(_size(p) for p in v if p.exists()) for k, v in parts.items()}
    for k in parts:
        print(f"{k:<22} {_mb(before[k])} -> {_mb(after[k])}")
    print(f"{'whole folder':<22} {_mb(total_before)} -> {_mb(_size(top))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
