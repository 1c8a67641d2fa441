"""Printed data page of passports: per-field accuracy of the page alone, and a dump of each miss.

    .venv/bin/python -m bench.printed --work /tmp/pp_bench [--sets clean,degraded] [--beside N] [--dump FILE]

Reads the images (and their ``.truth.json``) that ``bench/read.py`` generated in ``--work``
(``--beside N`` adds N pages of the generator's other layout, labels beside values). The
first run reads every image whole (``read_document``) and keeps, per image, the prepared upright
page and the zone found on it (``--cache``, default ``WORK/printed_cache``); later runs replay only
the passport reader on those pages, so a change to the printed-page reading is measured in a
fraction of the time. ``--fresh`` ignores the cache.

Per field, the reader's ``printed_fields`` (the page alone, before any comparison with the zone)
are compared with what the page prints: names and place of birth as the person's data (a hyphen
equals a space; ", AFG" after the place is not part of it), dates as ISO, the number as printed
(a ``viz_mismatch`` forgery prints another number), nationality as the printed word or code.
The final ``place_of_birth`` and ``issue_date`` fields come only from the page.

The dump lists, for each miss: the truth, the value read, and the OCR lines of the page region
within a few line heights of the label (text and box), which is what a fix has to work from.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

FIELDS = ("surname", "given_names", "document_number", "nationality", "date_of_birth", "sex", "place_of_birth",
          "issue_date", "expiry_date")
TODAY = date(2026, 11, 26)


def _make_layout_set(out: Path, count: int, seed: int, layout: str) -> None:
    """``count`` passport images of another ``layout`` (tests/synth), mixed damage, cached in ``out``."""
    import random

    from tests.synth import damage, passport, people

    out.mkdir(parents=True, exist_ok=True)
    if (out / "done.txt").exists():
        return
    for i in range(1, count + 1):
        rng = random.Random(f"bench-printed:{layout}:{seed}:{i}")
        person = people.make_person(rng, f"L{seed}-{i:05d}")
        lvl = damage.choose_level(rng, "mixed")
        dpi = damage.choose_dpi(rng, lvl)
        img, truth = passport.make_passport(rng, person, dpi=dpi, layout=layout)
        img, rec = damage.apply(img, rng, lvl, dpi=dpi)
        q = rec.get("jpeg_quality")
        name = f"{i:05d}_passport" + (".jpg" if q else ".png")
        (out / name).write_bytes(damage.encode(img, "jpeg" if q else "png", q, rec.get("exif_orientation", 1)))
        truth.update(kind="passport", file=name, damage=rec)
        (out / (name.rsplit(".", 1)[0] + ".truth.json")).write_text(json.dumps(truth, default=str))
    (out / "done.txt").write_text(str(count))


def _truth(img: Path) -> dict[str, Any]:
    return json.loads(img.with_name(img.name.rsplit(".", 1)[0] + ".truth.json").read_text())


def _want(t: dict[str, Any]) -> dict[str, str]:
    f, p = t["fields"], t["printed"]
    return {
        "surname": f.get("surname") or "",
        "given_names": f.get("given_names") or "",
        "document_number": p["number"],
        "nationality": " ".join(str(p["nationality"]).upper().split()),
        "date_of_birth": f["date_of_birth"],
        "sex": p["sex"],
        "place_of_birth": f.get("place_of_birth") or "",
        "issue_date": f["issue_date"],
        "expiry_date": f["expiry_date"],
    }


def _norm(s: Any) -> str:
    return " ".join(str(s or "").replace("-", " ").split())


class _Stub:
    def __init__(self, name: str) -> None:
        self.file_name = name
        self.sha256 = ""


def _capture(img: Path, engine: Any) -> dict[str, Any]:
    """Read the image whole; keep the passport reader's page and zone."""
    from workstation.documents import passport
    from workstation.documents.reading import read_document

    kept: dict[str, Any] = {}
    orig = passport.read_printed

    def spy(ctx: Any) -> Any:
        kept["page"] = ctx.page
        kept["mrz"] = ctx.mrz
        return orig(ctx)

    passport.read_printed = spy  # type: ignore[assignment]
    try:
        r = read_document(img, today=TODAY, engine=engine)
    finally:
        passport.read_printed = orig  # type: ignore[assignment]
    kept["kind"] = r.kind
    return kept


def _replay(name: str, kept: dict[str, Any], engine: Any, lines_out: list[Any]) -> Any:
    from workstation.config import WorkstationConfig
    from workstation.documents import passport
    from workstation.documents.reading import PageMeasures, QualitySummary, ReadContext
    from workstation.progress import NULL_REPORTER

    orig = passport._split_lines

    def spy(lines: Any) -> Any:
        out = orig(lines)
        lines_out.append(out)
        return out

    ctx = ReadContext(source=_Stub(name), page=kept["page"], rotation=0, mrz=kept["mrz"], page_text=None,  # type: ignore[arg-type]
                      measures=PageMeasures.known(QualitySummary(0.0, 0.0, 300.0)), config=WorkstationConfig.from_env(),
                      engine=engine, reporter=NULL_REPORTER, cancel=None, today=TODAY)
    passport._split_lines = spy  # type: ignore[assignment]
    try:
        return passport.read_passport(ctx)
    finally:
        passport._split_lines = orig  # type: ignore[assignment]


def _mrz_vs_printed(reading: Any, name: str) -> list[Any]:
    """The checks layer's MRZ-against-printed-page checks on one reading (no record needed)."""
    from workstation.checks._base import RuleContext
    from workstation.checks.cross import mrz_vs_printed_checks
    from workstation.checks.inputs import from_reading
    from workstation.checks.policy import CheckPolicy

    doc = from_reading(reading, file=name)
    return list(mrz_vs_printed_checks(doc, "passport", RuleContext(CheckPolicy(), TODAY)))


def _near(lines: list[Any], value_bbox: tuple[int, int, int, int] | None) -> list[str]:
    out = []
    for ln in sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0])):
        out.append(f"    {ln.bbox} {ln.confidence:.2f} {ln.text!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.printed", description=__doc__)
    p.add_argument("--work", type=Path, default=Path("/tmp/bench_read"))
    p.add_argument("--sets", default="clean,degraded")
    p.add_argument("--cache", type=Path, default=None)
    p.add_argument("--fresh", action="store_true")
    p.add_argument("--dump", type=Path, default=None, help="write each miss with the OCR lines of the page")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--beside", type=int, default=0,
                   help="also generate this many pages of the generator's 'beside' layout (set 'beside')")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--checks", action="store_true",
                   help="also run the checks layer's MRZ/printed-page checks (no forgeries here: a fail is a false alarm)")
    args = p.parse_args(argv)
    if args.beside:
        _make_layout_set(args.work / "beside", args.beside, args.seed, "beside")
        if "beside" not in args.sets.split(","):
            args.sets += ",beside"
    from workstation.ocr import get_engine

    engine = get_engine()
    cache = args.cache or args.work / "printed_cache"
    cache.mkdir(parents=True, exist_ok=True)
    dump: list[str] = []
    table: list[str] = ["| field | " + " | ".join(args.sets.split(",")) + " |", "|---|" + "---|" * len(args.sets.split(","))]
    counts: dict[str, dict[str, list[int]]] = {}
    checks: dict[str, dict[str, int]] = {}
    cpu0 = time.process_time()
    for set_name in args.sets.split(","):
        images = sorted(x for x in (args.work / set_name).iterdir() if x.suffix in (".png", ".jpg"))
        if args.limit:
            images = images[: args.limit]
        c = counts.setdefault(set_name, {})
        for img in images:
            t = _truth(img)
            cf = cache / set_name / (img.stem + ".pkl")
            if cf.exists() and not args.fresh:
                kept = pickle.loads(cf.read_bytes())
            else:
                kept = _capture(img, engine)
                cf.parent.mkdir(parents=True, exist_ok=True)
                cf.write_bytes(pickle.dumps(kept))
            if "page" not in kept:
                for k in FIELDS:
                    c.setdefault(k, [0, 0])[1] += 1
                dump.append(f"## {set_name}/{img.name}: not read as a passport ({kept.get('kind')})")
                continue
            lines: list[Any] = []
            r = _replay(img.name, kept, engine, lines)
            if args.checks:
                for chk in _mrz_vs_printed(r, img.name):
                    checks.setdefault(set_name, {}).setdefault(chk.status, 0)
                    checks[set_name][chk.status] += 1
                    if chk.status == "fail":
                        dump.append(f"## {set_name}/{img.name}: {chk.id} FAIL zone {chk.expected!r} page {chk.found!r}")
            want = _want(t)
            misses = []
            for k in FIELDS:
                a = c.setdefault(k, [0, 0])
                a[1] += 1
                got = r.printed_fields.get(k)
                gv = got.value if got else ""
                ok = _norm(gv) == _norm(want[k])
                if k in ("place_of_birth", "issue_date"):
                    fv = r.fields.get(k)
                    ok = ok and _norm(fv.value if fv else "") == _norm(want[k])
                a[0] += ok
                if not ok:
                    misses.append(f"  {k}: want {want[k]!r} got {gv!r} (conf {got.confidence if got else 0:.2f}, "
                                  f"raw {got.raw if got else ''!r})")
            if misses:
                dmg = t.get("damage") or {}
                dump.append(f"## {set_name}/{img.name} layout={t['layout'].get('label_style')}/"
                            f"{t['layout'].get('variant', 'grid')} date={t['layout'].get('date_style')} "
                            f"damage={dmg.get('level')} consistency={dict(r.consistency)}")
                dump.extend(misses)
                dump.append("  OCR lines:")
                dump.extend(_near(lines[0] if lines else [], None))
            print(f"{set_name} {img.name} misses={len(misses)}", file=sys.stderr)
    for k in FIELDS:
        cells = []
        for set_name in args.sets.split(","):
            a = counts[set_name].get(k, [0, 0])
            cells.append(f"{100.0 * a[0] / a[1]:.1f}% ({a[0]}/{a[1]})" if a[1] else "n/a")
        table.append(f"| printed {k} | " + " | ".join(cells) + " |")
    if args.checks:
        table.append("| MRZ/printed checks pass / review / fail | " + " | ".join(
            f"{checks.get(n, {}).get('pass', 0)} / {checks.get(n, {}).get('review', 0)} / {checks.get(n, {}).get('fail', 0)}"
            for n in args.sets.split(",")) + " |")
    out = "\n".join(table)
    print(out)
    print(f"CPU {time.process_time() - cpu0:.1f} s (this process)", file=sys.stderr)
    if args.dump:
        args.dump.write_text(out + "\n\n" + "\n".join(dump) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
