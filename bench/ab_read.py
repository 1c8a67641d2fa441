"""Interleaved A/B of two checkouts' passport reads on the same images, under the same load.

    OMP_THREAD_LIMIT=1 .venv/bin/python -m bench.ab_read BASE_DIR NEW_DIR IMAGE_DIR [--first A] [--last B]

Each checkout reads in its own process (``PYTHONPATH`` set to it); the two processes read each image
in turn, alternating which goes first, so a busy moment of the machine slows both. Prints each
side's median and mean wall time, the median over the images of base/new, and every field or
warning that differs (with the generator's truth when a ``.truth.json`` lies beside the image).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

TODAY = date(2026, 11, 27)


def _worker() -> None:
    from workstation.documents.reading import read_document
    from workstation.ocr import get_engine

    eng = get_engine()
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        t = time.perf_counter()
        r = read_document(path, today=TODAY, engine=eng)
        w = time.perf_counter() - t
        d: dict[str, Any] = {k: v.value for k, v in r.fields.items()}
        d["_warnings"] = sorted(r.warnings)
        d["_rotation"] = r.rotation
        print(json.dumps({"wall": w, "read": d}, default=str), flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.ab_read", description=__doc__)
    p.add_argument("base", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("images", type=Path)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--last", type=int, default=120)
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    if argv is None and "--worker" in sys.argv:
        _worker()
        return 0
    a = p.parse_args(argv)
    imgs = sorted(f for f in a.images.iterdir() if f.suffix.lower() in (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf"))
    imgs = imgs[a.first : a.last]
    if not imgs:
        print("no images", file=sys.stderr)
        return 2
    me = Path(__file__).resolve()

    def start(d: Path) -> subprocess.Popen[str]:
        env = dict(os.environ, PYTHONPATH=str(d.resolve()))
        return subprocess.Popen([sys.executable, str(me), "--worker"], cwd=d, env=env, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    procs = {"base": start(a.base), "new": start(a.new)}

    def ask(side: str, img: Path) -> dict[str, Any]:
        proc = procs[side]
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(f"{img}\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            raise SystemExit(f"the {side} reader stopped on {img.name}")
        got: dict[str, Any] = json.loads(line)
        return got

    for side in procs:
        ask(side, imgs[0])  # warm-up: models loaded, threads started
    walls: dict[str, list[float]] = {"base": [], "new": []}
    diffs: list[str] = []
    for i, img in enumerate(imgs):
        order = ("base", "new") if i % 2 == 0 else ("new", "base")
        got = {side: ask(side, img) for side in order}
        for side in walls:
            walls[side].append(got[side]["wall"])
        b, n = got["base"]["read"], got["new"]["read"]
        if b != n:
            truth_file = img.with_suffix(".truth.json")
            truth = json.loads(truth_file.read_text()).get("fields", {}) if truth_file.exists() else {}
            for k in sorted(set(b) | set(n)):
                if b.get(k) != n.get(k):
                    diffs.append(f"  {img.name} {k}: base {b.get(k)!r} new {n.get(k)!r} truth {truth.get(k)!r}")
    for proc in procs.values():
        if proc.stdin is not None:
            proc.stdin.close()
        proc.wait()
    for side, w in walls.items():
        print(f"{side}: wall median {statistics.median(w):.3f} s, mean {statistics.mean(w):.3f} s ({len(w)} images)")
    ratio = statistics.median(x / y for x, y in zip(walls["base"], walls["new"], strict=True))
    print(f"base / new, median over the images: {ratio:.3f}")
    print(f"readings that differ: {len(diffs)}")
    print("\n".join(diffs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
