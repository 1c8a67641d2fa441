"""CPU time and recognised kind per file through ``read_document`` (the path `workstation read` takes).

Usage: ``OMP_THREAD_LIMIT=1 python -m bench.read_files DIR`` on a folder made by
``python -m tests.synth --out DIR --count 30 --seed 77 --kinds tazkira`` (or any kinds): per
generator subtype, the median and p90 CPU seconds per file, and how many files were read as
the kind the generator drew (and of those, how many not labelled blurred past reading).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from workstation.documents.reading import read_document

SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folder", type=Path)
    args = ap.parse_args()
    files = sorted(p for p in args.folder.iterdir() if p.suffix.lower() in SUFFIXES)
    if not files:
        raise SystemExit(f"no documents in {args.folder}")
    read_document(files[0])  # warm-up: engines and models loaded once, as in a running desk
    cpu: dict[str, list[float]] = {}
    right: dict[str, list[tuple[bool, bool]]] = {}
    for f in files:
        truth = json.loads(f.with_suffix(".truth.json").read_text(encoding="utf-8"))
        subtype = f.stem.split("_", 1)[1]
        past = bool((truth.get("damage") or {}).get("blur_past_reading"))
        c0 = time.process_time()
        reading = read_document(f)
        cpu.setdefault(subtype, []).append(time.process_time() - c0)
        right.setdefault(subtype, []).append((reading.kind == truth.get("kind", subtype.split("_")[0]), past))
    for subtype, times in sorted(cpu.items()):
        times.sort()
        ok = sum(k for k, _ in right[subtype])
        readable = [k for k, p in right[subtype] if not p]
        print(f"{subtype}: n={len(times)} CPU median {statistics.median(times):.2f} s, "
              f"p90 {times[int(len(times) * 0.9)]:.2f} s; kind right {ok}/{len(times)}, "
              f"readable {sum(readable)}/{len(readable)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
