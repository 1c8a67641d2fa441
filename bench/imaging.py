"""Imaging and OCR benchmark: orientation accuracy, quality-warning rates, OCR time per A4 page.

Usage (from the repository root, 2 cores; about 5 minutes with the defaults)::

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/imaging.py                 # everything
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/imaging.py --only ocr      # one part
    .venv/bin/python bench/imaging.py --count 120 --json out.json          # bigger sets, JSON too

Parts:

* ``orientation``: synthetic passports (tests/synth, mild and heavy damage: scans with skew,
  desk photos with perspective), tazkiras (e-tazkira front and back, paper certificate and its
  translation; mild damage) and A4 text pages, each turned by 0/90/180/270 degrees; the
  pipeline is intake -> prepare_page (find_document, deskew, detect_orientation, quality); the
  time is the whole prepare_page. Bar: 100% right.
* ``quality``: synthetic passports whose blur the generator labels "past reading" against
  unblurred and readably blurred ones, all damage levels. Bar: warning on >= 95% of the first,
  < 5% of the others.
* ``ocr``: one A4 text page at 300 DPI read by tesserocr, by pytesseract and by the plain
  ``tesseract`` command (PNG file in, TSV out), median of several runs.

Every image is synthetic and marked SPECIMEN.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.core.imaging import samples as S  # noqa: E402
from tests.synth import damage, passport, people  # noqa: E402
from workstation.imaging import find_document, prepare_page, rectify  # noqa: E402
from workstation.imaging.quality import WARN_BLUR, assess_quality  # noqa: E402
from workstation.intake import load_bytes  # noqa: E402
from workstation.ocr import get_engine  # noqa: E402


class Clock:
    """Wall time and CPU time (this process plus finished child processes such as ``tesseract``).

    The CPU time is what a quiet 2-core desk would see as wall time for single-threaded work;
    the wall time is inflated whenever other jobs share the machine.
    """

    def __enter__(self) -> Clock:
        self.wall0 = time.perf_counter()
        self.cpu0 = _cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = _cpu() - self.cpu0


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def synth_passport(tag: str, i: int, level: str, force: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    rng = random.Random(f"bench-imaging:{tag}:{i}")
    person = people.make_person(rng, f"B{i:05d}")
    dpi = damage.choose_dpi(rng, level)
    img, _truth = passport.make_passport(rng, person, dpi=dpi)
    img, rec = damage.apply(img, rng, level, dpi=dpi, force=force)
    data = damage.encode(img, "jpeg" if rec["jpeg_quality"] else "png", rec["jpeg_quality"])
    return data, rec


def orientation_part(count: int, engine_name: str | None) -> dict[str, Any]:
    engine = get_engine(name=engine_name)
    rows: list[dict[str, Any]] = []
    for i in range(count):
        turn = (0, 90, 180, 270)[i % 4]
        level = "mild" if i % 2 == 0 else "heavy"
        # Blur past reading is the quality check's business; orientation is measured on readable pages.
        data, rec = synth_passport("orient", i, level, {"orientation": turn, "blur": "none"})
        img = load_bytes(data, "p.jpg").pages[0].image
        with Clock() as c:
            res = prepare_page(img, engine=engine).orientation
        assert res is not None
        want = (360 - rec["orientation"]) % 360
        rows.append({"set": "passport", "turn": turn, "mode": rec["mode"], "level": level,
                     "ok": res.rotation == want, "method": res.method, "s": c.wall, "cpu_s": c.cpu})
    from tests.synth import tazkira

    for i in range(max(8, count // 2)):
        rng = random.Random(f"bench-imaging:taz:{i}")
        person = people.make_person(rng, f"T{i:05d}")
        timg, _ = tazkira.make_tazkira(rng, person, dpi=300, subtype=tazkira.SUBTYPES[i % len(tazkira.SUBTYPES)])
        turn = (0, 90, 180, 270)[(i // len(tazkira.SUBTYPES)) % 4]
        timg, rec = damage.apply(timg, rng, "mild", dpi=300, force={"orientation": turn, "blur": "none"})
        data = damage.encode(timg, "jpeg" if rec["jpeg_quality"] else "png", rec["jpeg_quality"])
        img = load_bytes(data, "t.jpg").pages[0].image
        with Clock() as c:
            res = prepare_page(img, engine=engine).orientation
        assert res is not None
        rows.append({"set": "tazkira", "turn": turn, "mode": rec["mode"], "level": "mild",
                     "ok": res.rotation == (360 - turn) % 360, "method": res.method, "s": c.wall, "cpu_s": c.cpu})
    pages = max(4, count // 4)
    for i in range(pages):
        page = S.text_page(seed=100 + i, dpi=200)
        page = S.skew(page, random.Random(i).uniform(-5, 5))
        turn = (0, 90, 180, 270)[i % 4]
        img = S.rotate_quarter(page, turn)
        with Clock() as c:
            res = prepare_page(img, engine=engine, find_quad=False).orientation
        assert res is not None
        rows.append({"set": "a4", "turn": turn, "mode": "scan", "level": "skew",
                     "ok": res.rotation == turn, "method": res.method, "s": c.wall, "cpu_s": c.cpu})
    out: dict[str, Any] = {"engine": engine.name, "n": len(rows)}
    for name in ("passport", "tazkira", "a4"):
        sub = [r for r in rows if r["set"] == name]
        out[name] = {
            "n": len(sub),
            "accuracy": sum(r["ok"] for r in sub) / len(sub),
            "turned_accuracy": _rate([r["ok"] for r in sub if r["turn"]]),
            "by_turn": {t: _rate([r["ok"] for r in sub if r["turn"] == t]) for t in (0, 90, 180, 270)},
            "methods": {m: sum(1 for r in sub if r["method"] == m) for m in {r["method"] for r in sub}},
            "median_s": statistics.median(r["s"] for r in sub),
            "median_cpu_s": statistics.median(r["cpu_s"] for r in sub),
        }
    out["failures"] = [r for r in rows if not r["ok"]]
    return out


def quality_part(count: int) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for i in range(count):
        blur = ("past_reading", "none", "readable")[i % 3]
        level = ("none", "mild", "heavy")[(i // 3) % 3]
        data, rec = synth_passport("quality", i, level, {"blur": blur, "orientation": 0})
        img = load_bytes(data, "q.jpg").pages[0].image
        quad = find_document(img)
        if quad is not None:
            img = rectify(img, quad)
        with Clock() as c:
            q = assess_quality(img)
        rows.append({"blur": blur, "level": level, "kind": (rec["blur"] or {}).get("kind"),
                     "warned": WARN_BLUR in q.warnings, "any_warning": bool(q.warnings),
                     "edge_blur": q.edge_blur, "s": c.wall, "cpu_s": c.cpu})
    past = [r for r in rows if r["blur"] == "past_reading"]
    good = [r for r in rows if r["blur"] != "past_reading"]
    return {
        "n_past_reading": len(past),
        "n_good": len(good),
        "warned_past_reading": _rate([r["warned"] for r in past]),
        "warned_good": _rate([r["warned"] for r in good]),
        "any_warning_good": _rate([r["any_warning"] for r in good]),
        "edge_blur_good_max": max(r["edge_blur"] for r in good),
        "edge_blur_past_min": min(r["edge_blur"] for r in past),
        "assess_quality_median_s": statistics.median(r["s"] for r in rows),
        "assess_quality_median_cpu_s": statistics.median(r["cpu_s"] for r in rows),
        "misses": [r for r in rows if r["warned"] != (r["blur"] == "past_reading")],
    }


def ocr_part(runs: int) -> dict[str, Any]:
    page = S.text_page(seed=7, dpi=300, lines=32)
    out: dict[str, Any] = {"image": f"{page.shape[1]}x{page.shape[0]} A4 at 300 DPI, 33 text lines"}
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        cv2.imwrite(str(png), page)
        env = dict(os.environ, OMP_THREAD_LIMIT=os.environ.get("OMP_THREAD_LIMIT", "1"))
        for name in ("tesserocr", "pytesseract"):
            eng = get_engine(name=name)
            eng.recognize(page)  # warm-up (language model load)
            walls, cpus = [], []
            for _ in range(runs):
                with Clock() as c:
                    res = eng.recognize(page)
                walls.append(c.wall)
                cpus.append(c.cpu)
            out[name] = {"median_s": statistics.median(walls), "median_cpu_s": statistics.median(cpus),
                         "words": len(res.words)}
        walls, cpus = [], []
        for _ in range(runs):
            with Clock() as c:
                subprocess.run(["tesseract", str(png), "-", "--psm", "3", "tsv"], env=env, check=True,
                               capture_output=True)
            walls.append(c.wall)
            cpus.append(c.cpu)
        out["tesseract_cli"] = {"median_s": statistics.median(walls), "median_cpu_s": statistics.median(cpus)}
        # Per-call overhead on a tiny image: what each engine costs beyond recognition itself.
        tiny = np.full((40, 200, 3), 255, np.uint8)
        cv2.putText(tiny, "SPECIMEN", (5, 30), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
        for name in ("tesserocr", "pytesseract"):
            eng = get_engine(name=name)
            eng.recognize(tiny)
            with Clock() as c:
                for _ in range(10):
                    eng.recognize(tiny, psm=7)
            out[name]["tiny_call_ms"] = c.wall * 100
            out[name]["tiny_call_cpu_ms"] = c.cpu * 100
    return out


def _rate(values: list[bool]) -> float:
    return sum(values) / len(values) if values else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=("orientation", "quality", "ocr"))
    ap.add_argument("--count", type=int, default=60, help="documents per synthetic set (default 60)")
    ap.add_argument("--runs", type=int, default=5, help="OCR timing runs (default 5)")
    ap.add_argument("--engine", choices=("tesserocr", "pytesseract"), help="engine for orientation")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    results: dict[str, Any] = {}
    if args.only in (None, "orientation"):
        results["orientation"] = orientation_part(args.count, args.engine)
    if args.only in (None, "quality"):
        results["quality"] = quality_part(args.count)
    if args.only in (None, "ocr"):
        results["ocr"] = ocr_part(args.runs)
    results["load_average"] = os.getloadavg()
    print(json.dumps(results, indent=2, default=str))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
