"""Forgery signs on the printed page: a printed passport number one digit off the zone's.

    .venv/bin/python -m bench.printed_forgeries [--count 16]

Generates ``viz_mismatch`` SPECIMEN passports (tests/synth; grid and beside layouts alternating,
every third page undamaged, the rest mildly damaged), reads each with ``read_document`` and runs
the checks layer's MRZ/printed-page checks; counts the status of the document-number check (every
one should be a fail, a forgery sign). Pages are written to ``--work``.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.printed_forgeries", description=__doc__)
    p.add_argument("--count", type=int, default=16)
    p.add_argument("--work", type=Path, default=Path("/tmp/bench_printed_forgeries"))
    args = p.parse_args(argv)
    from bench.printed import _mrz_vs_printed
    from tests.synth import damage, passport, people
    from workstation.documents.reading import read_document

    args.work.mkdir(parents=True, exist_ok=True)
    st: collections.Counter[str] = collections.Counter()
    for i in range(args.count):
        rng = random.Random(f"forg:{i}")
        person = people.make_person(rng, f"F{i}")
        layout = "beside" if i % 2 else "grid"
        img, truth = passport.make_passport(rng, person, dpi=300, forgery="viz_mismatch", layout=layout)
        img, rec = damage.apply(img, rng, "none" if i % 3 == 0 else "mild", dpi=300)
        q = rec.get("jpeg_quality")
        path = args.work / (f"forged{i:03d}." + ("jpg" if q else "png"))
        path.write_bytes(damage.encode(img, "jpeg" if q else "png", q, rec.get("exif_orientation", 1)))
        r = read_document(path, today=date(2026, 11, 26))
        c = [x for x in _mrz_vs_printed(r, path.name) if x.field == "document_number"]
        status = c[0].status if c else "not_done"
        st[status] += 1
        print(f"{path.name} {layout} {status} {c[0].reason if c else ''}", file=sys.stderr)
    print(" ".join(f"{k}={v}" for k, v in sorted(st.items())) + f" of {args.count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
