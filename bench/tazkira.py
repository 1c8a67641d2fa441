"""Tazkira reader benchmark: per-field accuracy and time per card on the generator's tazkiras.

Cards come from ``tests/synth`` (e-tazkira front and back of the same SPECIMEN person, damaged
with ``tests.synth.damage`` as for passports). A card is read as ``read_document`` reads a
two-page file: the front is prepared as its first page (``prepare_document_page``: the zone
looked for first, then outline, deskew, and the page's words checked upright before any OCR
vote), then the tazkira reader (``read_tazkira_pages``) prepares the back as a further page
(``prepare_tazkira_page``: a card zone whose check digits hold decides the orientation) and
reads both sides, the back on a second thread on a desk with two cores (``--threads 1``: one
after the other). The time per card covers both sides, preparation included; the CPU time
counts every thread of the process.
``--prepare-page`` prepares both sides with imaging's ``prepare_page`` instead (the method of
the runs before 2026-11-26).

    .venv/bin/python bench/tazkira.py --cards 60 --damage mixed --seed 7
    .venv/bin/python bench/tazkira.py --cards 20 --damage none --paper 10

A date counts as right when the value equals the truth's ISO value, or when its interval equals
the truth's interval (a year-only birth date printed as a Solar Hijri year). An expected-empty
field (no surname) counts as right when nothing is reported.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from tests.synth import damage  # noqa: E402
from tests.synth.people import make_person  # noqa: E402
from tests.synth.tazkira import make_back, make_front, make_paper  # noqa: E402
from workstation.documents.reading import prepare_document_page  # noqa: E402
from workstation.documents.side import page_threads  # noqa: E402
from workstation.documents.tazkira import TazkiraReading, read_tazkira  # noqa: E402
from workstation.documents.tazkira_adapter import read_tazkira_pages  # noqa: E402
from workstation.imaging.pipeline import prepare_page  # noqa: E402
from workstation.intake.model import PageImage  # noqa: E402
from workstation.matching.dates import parse_date_text  # noqa: E402
from workstation.ocr import get_engine  # noqa: E402

FIELDS = ("tazkira_number", "given_names", "surname", "father_name", "date_of_birth", "place_of_birth", "sex")


def _bgr(rgb: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _norm(v: Any) -> str:
    return " ".join(str(v or "").upper().replace("-", " ").split()) if v else ""


def score_field(key: str, reading: TazkiraReading, truth: dict[str, Any], interval: list[str] | None) -> bool:
    """Whether ``reading`` got ``key`` right against the truth."""
    want = truth.get(key)
    f = reading.fields.get(key)
    if not want:
        return f is None or not f.value
    if f is None:
        return False
    if key == "date_of_birth":
        if f.value == want:
            return True
        return bool(interval and f.interval and list(f.interval) == list(interval))
    if key == "tazkira_number":
        return "".join(ch for ch in f.value if ch.isdigit()) == "".join(ch for ch in want if ch.isdigit())
    return _norm(f.value) == _norm(want)


def _dump(out: Path, i: int, pages: list[np.ndarray], missed: dict[str, Any], reading: TazkiraReading,
          truth: dict[str, Any]) -> None:
    """The prepared pages of a card with a miss, with what was missed, for looking at."""
    import json

    import cv2

    out.mkdir(parents=True, exist_ok=True)
    for side, page in zip(("front", "back"), pages, strict=False):
        cv2.imwrite(str(out / f"card{i:04d}_{side}.png"), page)
    info = {"missed": missed, "sides": list(reading.sides), "warnings": list(reading.warnings),
            "layout": truth.get("layout"), "fields": {k: f.as_dict() for k, f in reading.fields.items()}}
    (out / f"card{i:04d}.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=60, help="e-tazkiras (front + back each)")
    ap.add_argument("--paper", type=int, default=0, help="paper tazkiras (read for the age interval only)")
    ap.add_argument("--damage", default="mixed", help="none, mild, heavy or mixed")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dpi", type=int, default=300, help="resolution the cards are drawn at (150: 7-8 px print)")
    ap.add_argument("--no-prepare", action="store_true", help="skip prepare_page (clean, upright inputs only)")
    ap.add_argument("--prepare-page", action="store_true",
                    help="prepare each side with imaging's prepare_page (OCR-vote orientation, no zone), as before 2026-11-26")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--out", help="write a Markdown summary here")
    ap.add_argument("--layout", default="classic", choices=("classic", "inline", "mixed"),
                    help="front layout (tests.synth.tazkira.FRONT_LAYOUTS); mixed: half and half, drawn apart")
    ap.add_argument("--threads", type=int, default=None,
                    help="pages of a card read at once (default: as the workstation does, 2 on 2+ cores; 1: one after the other)")
    ap.add_argument("--dump", help="write the prepared pages and misses of each card with a miss here")
    args = ap.parse_args(argv)
    engine = get_engine()
    rng = random.Random(args.seed)
    layout_rng = random.Random(f"layout:{args.seed}")  # classic cards stay those of earlier runs
    right: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    times: list[float] = []
    read_times: list[float] = []
    cpu_times: list[float] = []
    read_cpu: list[float] = []
    unreadable = 0
    impossible = 0
    warned = 0
    for i in range(args.cards):
        person = make_person(rng, f"T{i:04d}")
        layout = args.layout if args.layout != "mixed" else layout_rng.choice(("classic", "inline"))
        front, ft = make_front(rng, person, args.dpi, layout=layout)
        back, bt = make_back(rng, person, args.dpi)
        imgs = []
        past = False
        for img in (front, back):
            dimg, rec = damage.apply(img, rng, args.damage, dpi=args.dpi)
            # As read_document does: a scan has its DPI and is flat; a desk photo has none and
            # needs its outline found. Orientation is decided here for both.
            imgs.append((_bgr(dimg), args.dpi if rec.get("mode") != "photo" else None))
            past |= bool((rec.get("blur") or {}).get("past_reading"))
        t0 = time.perf_counter()
        c0 = time.process_time()
        known: dict[int, Any] = {}
        hints: dict[int, Any] = {}
        if args.no_prepare:
            pages = [im for im, _ in imgs]
        elif args.prepare_page:
            pages = [prepare_page(im, dpi=dpi, engine=engine, find_quad=dpi is None).image for im, dpi in imgs]
        else:
            # As read_document reads a two-page file (front, back): the first page prepared and
            # classified, then the tazkira reader (the back prepared and read beside the front
            # on a second thread unless --threads 1).
            page_images = [PageImage(n, im, dpi, None, (im.shape[1], im.shape[0]))
                           for n, (im, dpi) in enumerate(imgs, start=1)]
            first = prepare_document_page(page_images[0], engine)
            t1 = time.perf_counter()
            c1 = time.process_time()
            reading = read_tazkira_pages(first.image, first.mrz, page_images, engine, threads=args.threads)
            pages = [first.image]
        if args.no_prepare or args.prepare_page:
            t1 = time.perf_counter()
            c1 = time.process_time()
            reading = read_tazkira(pages, engine=engine, known_mrz=known, zone_hints=hints)
        times.append(time.perf_counter() - t0)
        read_times.append(time.perf_counter() - t1)
        cpu_times.append(time.process_time() - c0)
        read_cpu.append(time.process_time() - c1)
        if past:
            # Blurred past reading on purpose (the truth says so): nobody can read it; the
            # bars are for readable cards. Counted apart.
            unreadable += 1
            continue
        warned += bool(reading.warnings)
        if args.show_misses and reading.warnings:
            print(f"card {i} warnings: {list(reading.warnings)}", file=sys.stderr)
        for fname, fv in reading.fields.items():
            if fname.endswith("_date") or fname == "date_of_birth":
                # Every reported date must be a real date (ISO value or interval of real dates).
                parts = fv.value.split("/") if "/" in fv.value else [fv.value]
                impossible += any(not parse_date_text(p).ok for p in parts)
        truth = dict(ft["fields"])
        missed: dict[str, Any] = {}
        for key in FIELDS:
            ok = score_field(key, reading, truth, ft.get("date_of_birth_interval"))
            seen[key] += 1
            right[key] += ok
            if not ok:
                got = reading.fields.get(key)
                missed[key] = {"want": truth.get(key), "got": got.value if got else None,
                               "source": got.source if got else None}
            if not ok and args.show_misses:
                got = reading.fields.get(key)
                print(f"card {i} {key}: want {truth.get(key)!r} got {got.value if got else None!r}"
                      f" ({got.source if got else '-'}) sides={reading.sides}", file=sys.stderr)
        if missed and args.dump:
            _dump(Path(args.dump), i, pages, missed, reading, ft)
    paper_ok = paper_n = 0
    # The registration line (volume/page/number): read sure and right, read sure and wrong (a false
    # fail against a record that has the right number), or not read / unsure (a review).
    number_sure_right = number_sure_wrong = 0
    for j in range(args.paper):
        person = make_person(rng, f"P{j:04d}")
        img, pt = make_paper(rng, person, 200, translation=rng.random() < 0.3)
        dimg, _ = damage.apply(img, rng, args.damage, dpi=200)
        page = _bgr(dimg) if args.no_prepare else prepare_page(_bgr(dimg), engine=engine).image
        r = read_tazkira([page], engine=engine)
        f = r.fields.get("date_of_birth")
        want = pt["age_statement"]["implied_birth_interval"]
        paper_n += 1
        paper_ok += bool(f and f.interval and list(f.interval) == want and f.confidence <= 0.35)
        num = r.fields.get("tazkira_number")
        same = False
        if num is not None and num.confidence >= 0.6:
            same = "".join(ch for ch in num.value if ch.isdigit()) == "".join(
                ch for ch in pt["fields"]["tazkira_number"] if ch.isdigit())
            number_sure_right += same
            number_sure_wrong += not same
        if args.show_misses and (num is None or num.confidence < 0.6 or not same):
            print(f"paper {j} tazkira_number: want {pt['fields']['tazkira_number']!r} got "
                  f"{num.value if num else None!r} ({num.source if num else '-'}, "
                  f"{num.confidence if num else 0:.2f}) raw {num.raw if num else ''!r}", file=sys.stderr)
            if args.dump:
                Path(args.dump).mkdir(parents=True, exist_ok=True)
                __import__("cv2").imwrite(str(Path(args.dump) / f"paper{j:03d}.png"), page)
    lines = [f"# Tazkira reader benchmark ({args.cards} cards, damage {args.damage}, seed {args.seed}, "
             f"layout {args.layout})", "",
             f"Command: `.venv/bin/python bench/tazkira.py {' '.join(argv if argv is not None else sys.argv[1:])}`", ""]
    lines.append("| field | right | of | accuracy |")
    lines.append("|---|---|---|---|")
    for key in FIELDS:
        lines.append(f"| {key} | {right[key]} | {seen[key]} | {right[key] / max(1, seen[key]):.1%} |")
    if times:
        lines.append("")
        lines.append(f"Time per card (front + back, prepare_page included): median {statistics.median(times):.2f} s, "
                     f"p90 {sorted(times)[int(0.9 * (len(times) - 1))]:.2f} s, max {max(times):.2f} s "
                     f"(engine {engine.name}).")
        lines.append(f"Time per card after the first page's preparation (the tazkira reader: back prepared, both read; "
                     f"{args.threads or page_threads()} thread(s)): median "
                     f"{statistics.median(read_times):.2f} s, p90 {sorted(read_times)[int(0.9 * (len(read_times) - 1))]:.2f} s.")
        lines.append(f"CPU time per card (this process, tesserocr in it): median "
                     f"{statistics.median(cpu_times):.2f} s, p90 {sorted(cpu_times)[int(0.9 * (len(cpu_times) - 1))]:.2f} s "
                     "(all threads of the process; wall time above includes waiting for the shared cores); the reader alone: median "
                     f"{statistics.median(read_cpu):.2f} s, p90 {sorted(read_cpu)[int(0.9 * (len(read_cpu) - 1))]:.2f} s.")
        lines.append(f"Cards with at least one review item (warning): {warned} of {args.cards - unreadable}.")
        lines.append(f"Impossible dates reported as values: {impossible}.")
        lines.append(f"Cards left out of the accuracy table because a side was blurred past reading: {unreadable}.")
    if paper_n:
        lines.append(f"Paper tazkiras: birth interval from 'age N in year Y' right and low-confidence on "
                     f"{paper_ok} of {paper_n}.")
        lines.append(f"Paper tazkiras: registration number (volume/page/number) read sure (confidence >= 0.6) and "
                     f"right on {number_sure_right} of {paper_n}, sure and wrong on {number_sure_wrong} (a false fail "
                     "against a right record), the rest unsure or not read (a review).")
    text = "\n".join(lines)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
