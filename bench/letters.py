"""Benchmark of the employment-letter reader: field accuracy, time per page, ambiguous-date safety.

Letters come from the shared generator (``tests.synth.letters``) when it is present, else from
``tests/core/letters/corpus.py`` (8 layouts x 3 fonts, SPECIMEN). Three sets:

* born-digital PDFs (text layer): accuracy, and time per page for intake + reader and reader alone;
* scanned pages (rendered, mildly damaged by ``tests.synth.damage``: skew, noise, JPEG) and
  photographed pages (desk photo: perspective, background, light): accuracy, reader time per page
  against the plain ``tesseract IMAGE stdout`` command on the same image file;
* every set counts *wrong dates from ambiguous order*: a date whose day/month order the letter
  does not settle, reported as a definite value (bar 0), or a settled date read in the swapped order.

Bars (issue 5): born-digital accuracy >= 98 %, scanned/photographed >= 93 %, born-digital
<= 0.2 s/page, scanned <= 1.2x the tesseract CLI, 0 wrong dates from ambiguous order.

Usage: ``OMP_THREAD_LIMIT=1 .venv/bin/python bench/letters.py [--seeds N] [--scans N] [--photos N]``
Writes ``bench/results/letters.md``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.core.letters.corpus import Letter, corpus  # noqa: E402
from workstation.config import WorkstationConfig  # noqa: E402
from workstation.documents.letter import LetterReading, read_letter  # noqa: E402
from workstation.intake import IntakeOptions, load_bytes  # noqa: E402
from workstation.ocr import get_engine  # noqa: E402

DATE_FIELDS = ("start_date", "end_date", "letter_date", "date_of_birth")


def norm(field: str, v: str) -> str:
    v = v.strip().strip(".,;:").lower()
    v = re.sub(r"\s+", " ", v)
    if field == "supervisor_contact":
        items = [re.sub(r"\D", "", x) if "@" not in x else x.strip() for x in v.split(",")]
        return ",".join(sorted(i for i in items if i))
    return v


def score(reading: LetterReading, truth: dict[str, Any]) -> tuple[int, int, int, list[str]]:
    """(right, total, wrong_from_ambiguous_order, misses)."""
    right = total = wrong_amb = 0
    misses: list[str] = []
    for name, want in truth.items():
        total += 1
        f = reading.fields.get(name)
        if isinstance(want, dict):  # ambiguous in the letter
            if f is not None and not f.ambiguous:
                wrong_amb += 1
                misses.append(f"{name}: GUESSED {f.value} for ambiguous {want['candidates']}")
            elif f is not None and sorted(f.candidates) == want["candidates"]:
                right += 1
            else:
                misses.append(f"{name}: {None if f is None else f.candidates} != {want['candidates']}")
            continue
        got = None if f is None else (None if f.ambiguous else f.value)
        if got is not None and norm(name, got) == norm(name, want):
            right += 1
            continue
        if name in DATE_FIELDS and got and re.fullmatch(r"\d{4}-\d\d-\d\d", want) and got == \
                f"{want[:4]}-{want[8:10]}-{want[5:7]}" and want[5:7] != want[8:10]:
            wrong_amb += 1
        misses.append(f"{name}: {got!r} != {want!r}" + (" (ambiguous)" if f is not None and f.ambiguous else ""))
    return right, total, wrong_amb, misses


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def tesseract_cli(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``tesseract IMAGE stdout`` (eng, default page segmentation)."""
    c0 = _child_cpu()
    t0 = time.perf_counter()
    subprocess.run(["tesseract", str(path), "stdout"], capture_output=True, check=True)
    return time.perf_counter() - t0, _child_cpu() - c0


def damaged_image(letter: Letter, mode: str, rng: random.Random) -> tuple[bytes, str]:
    """A scan or desk photo of the letter's page as an encoded image file (PNG or JPEG)."""
    import cv2
    import numpy as np
    import pymupdf

    from tests.synth import damage

    doc = pymupdf.open(stream=letter.pdf, filetype="pdf")
    dpi = rng.choice((200, 240, 300)) if mode == "scan" else 200
    pix = doc[0].get_pixmap(dpi=dpi)
    rgb = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3].copy()
    img, rec = damage.apply(rgb, rng, "mild", dpi=dpi, allow_quarter_turns=False,
                            force={"mode": mode, "blur": "none"})
    q = rec.get("jpeg_quality")
    if q:
        return damage.encode(img, "jpeg", q), "jpg"
    ok, buf = cv2.imencode(".png", cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    assert ok
    return buf.tobytes(), "png"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=2, help="letters per layout and font (born-digital)")
    ap.add_argument("--scans", type=int, default=24, help="number of scanned letters")
    ap.add_argument("--photos", type=int, default=8, help="number of photographed letters")
    ap.add_argument("--verbose", action="store_true", help="print every miss")
    ap.add_argument("--dump", metavar="DIR", help="save the images of scanned/photographed letters with misses here")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "letters.md"))
    args = ap.parse_args()

    cfg = WorkstationConfig()
    engine = get_engine(cfg)
    letters = corpus(args.seeds)
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    miss_by_field: dict[str, Counter[str]] = defaultdict(Counter)

    # ---- born-digital ----
    right = total = wrong_amb = 0
    t_full: list[float] = []
    t_reader: list[float] = []
    for lt in letters:
        t0 = time.perf_counter()
        doc = load_bytes(lt.pdf, "letter.pdf", IntakeOptions.from_config(cfg))
        t1 = time.perf_counter()
        reading = read_letter(doc, cfg, engine)
        t2 = time.perf_counter()
        t_full.append(t2 - t0)
        t_reader.append(t2 - t1)
        r, t, w, misses = score(reading, lt.truth)
        right, total, wrong_amb = right + r, total + t, wrong_amb + w
        for m in misses:
            miss_by_field["born-digital"][m.split(":")[0]] += 1
            if args.verbose:
                print(f"  born-digital {lt.layout}/{lt.font}/{lt.seed} {lt.date_style}: {m}")
    acc_bd = 100.0 * right / total
    rows.append(("born-digital", str(len(letters)), f"{acc_bd:.1f} % ({right}/{total})", ">= 98 %",
                 f"{statistics.mean(t_full):.3f} s (intake {cfg.render_dpi} dpi + reader); reader alone "
                 f"{statistics.mean(t_reader):.3f} s", "<= 0.2 s", str(wrong_amb)))
    wrong_total = wrong_amb

    # ---- scanned and photographed ----
    rng = random.Random(20261126)
    pool = corpus(1)
    for mode, n in (("scan", args.scans), ("photo", args.photos)):
        if n <= 0:
            continue
        chosen = [pool[i % len(pool)] for i in range(n)] if mode == "scan" else rng.sample(pool, min(n, len(pool)))
        right = total = wrong_amb = 0
        ratios: list[float] = []
        cpu_ratios: list[float] = []
        t_read: list[float] = []
        t_cli: list[float] = []
        with tempfile.TemporaryDirectory() as tmp:
            for i, lt in enumerate(chosen):
                data, ext = damaged_image(lt, mode, rng)
                path = Path(tmp) / f"{mode}{i}.{ext}"
                path.write_bytes(data)
                cli, cli_cpu = tesseract_cli(path)
                c0 = time.process_time() + _child_cpu()
                t0 = time.perf_counter()
                doc = load_bytes(data, path.name, IntakeOptions.from_config(cfg))
                reading = read_letter(doc, cfg, engine)
                tr = time.perf_counter() - t0
                cpu = time.process_time() + _child_cpu() - c0
                t_read.append(tr)
                t_cli.append(cli)
                ratios.append(tr / cli)
                cpu_ratios.append(cpu / cli_cpu)
                r, t, w, misses = score(reading, lt.truth)
                right, total, wrong_amb = right + r, total + t, wrong_amb + w
                if misses and args.dump:
                    Path(args.dump).mkdir(parents=True, exist_ok=True)
                    (Path(args.dump) / f"{mode}{i}-{lt.layout}-{lt.font}.{ext}").write_bytes(data)
                for m in misses:
                    miss_by_field[mode][m.split(":")[0]] += 1
                    if args.verbose:
                        print(f"  {mode} {lt.layout}/{lt.font} {lt.date_style}: {m}")
        acc = 100.0 * right / total
        label = "scanned" if mode == "scan" else "photographed"
        rows.append((label, str(len(chosen)), f"{acc:.1f} % ({right}/{total})", ">= 93 %",
                     f"{statistics.mean(t_read):.2f} s vs tesseract CLI {statistics.mean(t_cli):.2f} s wall "
                     f"(ratio of totals {sum(t_read) / sum(t_cli):.2f}, median {statistics.median(ratios):.2f}); "
                     f"CPU ratio of totals {sum(cpu_ratios) / len(cpu_ratios):.2f}, max {max(cpu_ratios):.2f}",
                     "<= 1.2x CLI",
                     str(wrong_amb)))
        wrong_total += wrong_amb

    header = ("set", "letters", "field accuracy", "bar", "time per page", "bar", "wrong dates from ambiguous order")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    for k, c in miss_by_field.items():
        notes.append(f"- misses ({k}): " + (", ".join(f"{f} {n}" for f, n in c.most_common()) or "none"))
    text = "\n".join(lines)
    print(text)
    print("\n".join(notes))
    print(f"wrong dates from ambiguous order (bar 0): {wrong_total}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        "# Employment letter reader benchmark\n\n"
        f"Command: `OMP_THREAD_LIMIT=1 .venv/bin/python bench/letters.py --seeds {args.seeds} --scans {args.scans} "
        f"--photos {args.photos}` (OCR engine: {engine.name}; machine: {os.cpu_count()} cores)\n\n"
        + text + "\n\n" + "\n".join(notes) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
