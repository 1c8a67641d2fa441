"""``python -m tests.synth --out DIR --count N --seed S [--kinds ...] [--damage ...]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tests.synth import damage, generate


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and generate the documents; exit status 0, or 2 for bad arguments."""
    p = argparse.ArgumentParser(prog="python -m tests.synth", description=__doc__)
    p.add_argument("--out", required=True, type=Path, help="output folder (created)")
    p.add_argument("--count", type=int, default=20, help="number of documents (a case counts as one)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--kinds", default="passport,tazkira,letter",
                   help=f"comma-separated, from {','.join(generate.KINDS)}")
    p.add_argument("--damage", default="mixed", choices=damage.LEVELS)
    p.add_argument("--workers", type=int, default=None, help="processes (default: min(2, CPUs))")
    a = p.parse_args(argv)
    kinds = [k.strip() for k in a.kinds.split(",") if k.strip()]
    bad = [k for k in kinds if k not in generate.KINDS]
    if bad or not kinds or a.count < 0:
        print(f"error: unknown kind(s) {', '.join(bad) or '(none given)'}", file=sys.stderr)
        return 2
    t = time.perf_counter()
    rows = generate.generate(a.out, a.count, a.seed, kinds, a.damage, a.workers)
    print(f"wrote {len(rows)} documents to {a.out} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
