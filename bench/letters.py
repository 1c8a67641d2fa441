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
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
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
    from workstation.matching.digits import normalize_arabic_script

    v = normalize_arabic_script(v).strip().strip(".,;:").lower()
    v = re.sub(r"\s+", " ", v)
    if field == "supervisor_contact":
        items = [re.sub(r"\D", "", x) if "@" not in x else x.strip() for x in v.split(",")]
        return ",".join(sorted(i for i in items if i))
    return v


def synth_expected(truth: dict[str, Any]) -> dict[str, Any]:
    """Expected reader fields from a ``tests.synth.letters`` truth (``None``: the letter does not state it)."""
    out: dict[str, Any] = {}
    for name, want in truth["fields"].items():
        if name == "end_date" and truth.get("end_present"):
            want = "present"
        if name in truth.get("ambiguous_fields", ()) and want:
            y, m, d = want.split("-")
            want = {"ambiguous": True, "candidates": sorted([want, f"{y}-{d}-{m}"])}
        out[name] = want
    if truth.get("subcontract") and truth.get("prime_contract_number"):
        out["prime_contract_number"] = truth["prime_contract_number"]
    return out


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
        if want is None:  # the letter does not state it: the reader must not invent it
            if f is None:
                right += 1
            else:
                misses.append(f"{name}: invented {f.value!r}")
            continue
        if got is not None and norm(name, got) == norm(name, want):
            right += 1
            continue
        if name in DATE_FIELDS and got and re.fullmatch(r"\d{4}-\d\d-\d\d", want) and got == \
                f"{want[:4]}-{want[8:10]}-{want[5:7]}" and want[5:7] != want[8:10]:
            wrong_amb += 1
        misses.append(f"{name}: {got!r} != {want!r}" + (" (ambiguous)" if f is not None and f.ambiguous else ""))
    return right, total, wrong_amb, misses


PERIOD_PARTS = ("start_date", "end_date", "position", "contract_number")


def score_periods(reading: LetterReading, periods: list[dict[str, Any]]) -> tuple[int, int, list[str]]:
    """(right, total, misses) over every stated period's start, end, position and contract number.

    Each period is compared with the reader's period of the same rank; a letter read as one period
    without ``periods`` is compared through its single fields. An ambiguous date counts right when the
    reader reports it ambiguous with the right reading among its candidates.
    """
    from workstation.documents.letter_fields import LetterPeriod

    got = list(reading.periods)
    if not got and len(periods) == 1:
        got = [LetterPeriod(reading.fields.get("start_date"), reading.fields.get("end_date"),
                            reading.fields.get("position"),
                            reading.fields.get("contract_number") or reading.fields.get("subcontract_number"))]
    right = total = 0
    misses: list[str] = []
    if len(got) != len(periods):
        misses.append(f"periods: {len(got)} read, {len(periods)} stated")
    for k, want in enumerate(periods):
        p = got[k] if k < len(got) else None
        for part in PERIOD_PARTS:
            total += 1
            w = "present" if part == "end_date" and want.get("end_present") else want.get(part)
            f = getattr(p, part, None) if p is not None else None
            amb = want.get("start_ambiguous") if part == "start_date" else (
                want.get("end_ambiguous") if part == "end_date" else False)
            if amb:
                ok = f is not None and f.ambiguous and w in f.candidates
            elif w is None:
                ok = f is None
            else:
                ok = f is not None and not f.ambiguous and norm(part, f.value) == norm(part, w)
            if ok:
                right += 1
            else:
                shown = None if f is None else (f.candidates if f.ambiguous else f.value)
                misses.append(f"period {k + 1}/{len(periods)} {part}: {shown!r} != {w!r}")
    return right, total, misses


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def tesseract_cli(path: Path, lang: str = "eng") -> tuple[float, float]:
    """Wall and CPU seconds of ``tesseract IMAGE stdout -l LANG`` (default page segmentation).

    ``lang`` is the letter's own language (``fas+eng`` for a Dari letter): what a person reading the
    page with the plain command would ask for. The reader is not told the language; it finds out.
    """
    c0 = _child_cpu()
    t0 = time.perf_counter()
    subprocess.run(["tesseract", str(path), "stdout", "-l", lang], capture_output=True, check=True)
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


@dataclass
class Item:
    """One benchmark document: its bytes, name, expected fields and a label for misses."""

    label: str
    data: bytes
    name: str
    expected: dict[str, Any]
    #: The generator's periods (start, end, position, contract number each) and whether the letter is signed.
    periods: list[dict[str, Any]] | None = None
    signed: bool | None = None


def synth_items(kind: str, n: int, seed: int, language: str | None = None) -> list[Item]:
    """``n`` letters from ``tests.synth.letters``: ``pdf_text``, ``pdf_scan`` or ``photo``, layouts in turn.

    ``language`` (``en``/``fa``) draws letters of that language only; both (as drawn) when None.
    """
    from tests.synth import letters, people

    rng = random.Random(seed)
    out: list[Item] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            person = people.make_person(rng, f"P{i:04d}")
            layout = letters.LAYOUTS[i % len(letters.LAYOUTS)]
            if kind == "pdf_text":
                if language == "fa":
                    layout = "dari"
                elif language == "en" and layout == "dari":
                    layout = letters.LAYOUTS[(i + 1) % len(letters.LAYOUTS)]
                pdf, truth = letters.make_letter(rng, person, layout=layout, language=language)
                data, name = pdf, f"letter{i}.pdf"
            else:
                # write_letter draws its own layout; keep drawing until every layout is covered in turn
                truth = letters.write_letter(Path(tmp), f"l{i}", rng, person, "mild", output=kind,
                                             language=language)
                name = truth["file"]
                data = (Path(tmp) / name).read_bytes()
            out.append(Item(f"{truth['subtype']}/{truth['layout']['font']}/{truth['date_style']}", data, name,
                            synth_expected(truth), truth.get("periods"), bool(truth.get("signer"))))
    return out


def own_items(kind: str, n: int, seed: int, language: str | None = None) -> list[Item]:
    """Letters from ``tests/core/letters/corpus.py`` (born-digital, or damaged by tests.synth.damage)."""
    rng = random.Random(seed)
    pool = corpus(max(1, n // 24 + 1))[:n] if kind == "pdf_text" else corpus(1)
    out: list[Item] = []
    for i in range(n):
        lt = pool[i % len(pool)]
        if kind == "pdf_text":
            out.append(Item(f"{lt.layout}/{lt.font}/{lt.date_style}", lt.pdf, f"letter{i}.pdf", lt.truth))
        else:
            data, ext = damaged_image(lt, "scan" if kind == "pdf_scan" else "photo", rng)
            out.append(Item(f"{lt.layout}/{lt.font}/{lt.date_style}", data, f"{kind}{i}.{ext}", lt.truth))
    return out


def reread_verify_letters(src: Path, dst: Path, seed: int) -> int:
    """Re-read the letters of readings saved by ``bench/verify.py --save-readings`` with today's reader.

    Each saved case is drawn again (``tests.synth.cases.make_case(seed, i, "mixed")``, as
    ``bench/verify.py`` draws it); every document whose truth is an employment letter is read again
    through ``read_file`` (classification and reading, as ``workstation verify`` does) and its evidence
    replaced; passports and tazkiras keep their saved readings. ``bench/verify.py --from-readings DST``
    then gives the full-pipeline figures with only the letter reader changed.
    """
    import pickle

    from tests.synth import cases as synth_cases
    from workstation.checks.reading import read_file

    cfg = WorkstationConfig()
    dst.mkdir(parents=True, exist_ok=True)
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for f in sorted(src.glob("case*.pkl")):
            blob = pickle.loads(f.read_bytes())  # noqa: S301 - our own benchmark files
            case = synth_cases.make_case(seed, int(f.stem[4:]), "mixed")
            letters = {d.name: d for d in case.documents if d.truth.get("kind") == "employment_letter"}
            evidence = list(blob["evidence"])
            for k, ev in enumerate(evidence):
                d = letters.get(ev.file)
                if d is None:
                    continue
                path = Path(tmp) / d.name
                path.write_bytes(d.data)
                evidence[k] = read_file(path, cfg).evidence
                n += 1
            blob["evidence"] = evidence
            (dst / f.name).write_bytes(pickle.dumps(blob))
            print(f"  {f.name}: letters re-read", file=sys.stderr)
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=("synth", "own"), default="synth",
                    help="tests.synth.letters (default) or tests/core/letters/corpus.py")
    ap.add_argument("--born", type=int, default=45, help="number of born-digital letters")
    ap.add_argument("--scans", type=int, default=18, help="number of scanned letters")
    ap.add_argument("--photos", type=int, default=9, help="number of photographed letters")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--language", choices=("all", "en", "fa"), default="all",
                    help="synth corpus only: English (en) or Dari (fa) letters only; all: as drawn")
    ap.add_argument("--verbose", action="store_true", help="print every miss")
    ap.add_argument("--dump", metavar="DIR", help="save the files of letters with misses here")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "letters.md"))
    ap.add_argument("--reread-verify", nargs=2, type=Path, metavar=("SRC", "DST"),
                    help="re-read the letters of bench/verify.py --save-readings SRC (cases of --seed) into DST "
                         "for bench/verify.py --from-readings DST; nothing else is measured")
    args = ap.parse_args()
    if args.reread_verify:
        n = reread_verify_letters(args.reread_verify[0], args.reread_verify[1], args.seed)
        print(f"{n} letters re-read into {args.reread_verify[1]}")
        return 0

    cfg = WorkstationConfig()
    engine = get_engine(cfg)
    make = synth_items if args.corpus == "synth" else own_items
    rows: list[tuple[str, ...]] = []
    miss_by_field: dict[str, Counter[str]] = defaultdict(Counter)
    wrong_total = 0
    period_rows: list[tuple[str, ...]] = []
    for kind, n, label in (("pdf_text", args.born, "born-digital"), ("pdf_scan", args.scans, "scanned"),
                           ("photo", args.photos, "photographed")):
        if n <= 0:
            continue
        items = make(kind, n, args.seed, None if args.language == "all" else args.language)
        right = total = wrong_amb = pages = 0
        p_right = p_total = signed = signed_found = multi = multi_right = 0
        by_lang: dict[str, list[int]] = {"English": [0, 0], "Dari": [0, 0]}
        t_full: list[float] = []
        t_reader: list[float] = []
        t_cli: list[float] = []
        cpu_ours: list[float] = []
        cpu_cli: list[float] = []
        cpu_reader: list[float] = []
        lang_cpu = {False: [0.0, 0.0], True: [0.0, 0.0]}  # Dari? -> [ours, CLI] CPU seconds
        with tempfile.TemporaryDirectory() as tmp:
            for i, it in enumerate(items):
                path = Path(tmp) / it.name
                path.write_bytes(it.data)
                doc0 = load_bytes(it.data, it.name, IntakeOptions.from_config(cfg))
                if kind != "pdf_text":
                    # the plain CLI on the same page image (the scan's embedded JPEG for an image-only PDF)
                    img_path = path
                    if it.name.endswith(".pdf"):
                        import cv2

                        img_path = Path(tmp) / f"page{i}.png"
                        cv2.imwrite(str(img_path), doc0.pages[0].image)
                    wall, cpu = tesseract_cli(img_path, "fas+eng" if it.label.startswith("dari/") else "eng")
                    t_cli.append(wall)
                    cpu_cli.append(cpu)
                c0 = time.process_time() + _child_cpu()
                t0 = time.perf_counter()
                doc = load_bytes(it.data, it.name, IntakeOptions.from_config(cfg))
                t1 = time.perf_counter()
                c1 = time.process_time() + _child_cpu()
                reading = read_letter(doc, cfg, engine)
                t2 = time.perf_counter()
                c2 = time.process_time() + _child_cpu()
                cpu_ours.append(c2 - c0)
                if kind != "pdf_text":
                    lang_cpu[it.label.startswith("dari/")][0] += c2 - c0
                    lang_cpu[it.label.startswith("dari/")][1] += cpu_cli[-1]
                cpu_reader.append(c2 - c1)
                pages += len(doc.pages)
                t_full.append(t2 - t0)
                t_reader.append(t2 - t1)
                r, t, w, misses = score(reading, it.expected)
                if it.periods:
                    pr, pt, pmisses = score_periods(reading, it.periods)
                    p_right, p_total = p_right + pr, p_total + pt
                    if len(it.periods) > 1:
                        multi += 1
                        multi_right += not pmisses
                    for m in pmisses:
                        miss_by_field[label + " (periods)"][m.split(":")[0].split(" ", 2)[-1]] += 1
                        if args.verbose:
                            print(f"  {label} #{i} {it.label}: {m}")
                if it.signed is not None:
                    signed += it.signed
                    signed_found += it.signed and reading.signature_block
                    if args.verbose and it.signed and not reading.signature_block:
                        print(f"  {label} #{i} {it.label}: no signature block found")
                right, total, wrong_amb = right + r, total + t, wrong_amb + w
                lang = "Dari" if it.label.startswith("dari/") else "English"
                by_lang[lang][0] += r
                by_lang[lang][1] += t
                if misses and args.dump:
                    Path(args.dump).mkdir(parents=True, exist_ok=True)
                    (Path(args.dump) / f"{label}-{i}-{it.name}").write_bytes(it.data)
                for m in misses:
                    miss_by_field[label][m.split(":")[0]] += 1
                    if args.verbose:
                        print(f"  {label} #{i} {it.label}: {m}")
        acc = 100.0 * right / total
        if kind == "pdf_text":
            timing = (f"{sum(t_full) / pages:.3f} s/page wall, {sum(cpu_ours) / pages:.3f} s/page CPU (intake: text "
                      f"layer, page rendered at {cfg.render_dpi:g} dpi only on demand; + reader); reader alone "
                      f"{sum(t_reader) / pages:.3f} s/page")
            bars = (">= 98 %", "<= 0.2 s/page")
        else:
            timing = (f"{sum(t_full) / pages:.2f} s/page vs tesseract CLI {sum(t_cli) / len(t_cli):.2f} s: "
                      f"intake + reader wall ratio {sum(t_full) / sum(t_cli):.2f}, CPU ratio "
                      f"{sum(cpu_ours) / sum(cpu_cli):.2f}; reader alone (page image decoded) wall "
                      f"{sum(t_reader) / sum(t_cli):.2f}, CPU {sum(cpu_reader) / sum(cpu_cli):.2f}; intake + reader "
                      "CPU ratio by language: " + ", ".join(
                          f"{'Dari (CLI -l fas+eng)' if dari else 'English'} {v[0] / v[1]:.2f}"
                          for dari, v in lang_cpu.items() if v[1]))
            bars = (">= 93 %", "<= 1.2x CLI")
        split = "; ".join(f"{k} {100.0 * v[0] / v[1]:.1f} % ({v[0]}/{v[1]})" for k, v in by_lang.items() if v[1])
        rows.append((label, str(len(items)), f"{acc:.1f} % ({right}/{total}): {split}", bars[0], timing, bars[1],
                     str(wrong_amb)))
        if p_total:
            period_rows.append((label, f"{100.0 * p_right / p_total:.1f} % ({p_right}/{p_total})",
                                f"{multi_right}/{multi}", f"{signed_found}/{signed}"))
        wrong_total += wrong_amb

    header = ("set", "letters", "field accuracy", "bar", "time", "bar", "wrong dates from ambiguous order (bar 0)")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    notes = [f"- misses ({k}): " + (", ".join(f"{f} {n}" for f, n in c.most_common()) or "none")
             for k, c in miss_by_field.items()]
    if period_rows:
        ph = ("set", "period parts right (start, end, position, contract number of every stated period)",
              "letters of several periods read wholly right", "signature blocks found")
        lines += ["", "| " + " | ".join(ph) + " |", "|" + "---|" * len(ph)]
        lines += ["| " + " | ".join(r) + " |" for r in period_rows]
    text = "\n".join(lines)
    print(text)
    print("\n".join(notes))
    print(f"wrong dates from ambiguous order (bar 0): {wrong_total}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = (f"OMP_THREAD_LIMIT=1 .venv/bin/python bench/letters.py --corpus {args.corpus} --born {args.born} "
           f"--scans {args.scans} --photos {args.photos} --seed {args.seed}"
           + (f" --language {args.language}" if args.language != "all" else ""))
    out.write_text(
        "# Employment letter reader benchmark\n\n"
        f"Command: `{cmd}`\n\nOCR engine: {engine.name}; {os.cpu_count()} cores shared with other work "
        "(wall times vary with load; the CPU ratio counts our process and the CLI's own CPU seconds). "
        "The plain CLI is `tesseract IMAGE stdout -l LANG` with the letter's language (`eng`, or `fas+eng` for "
        "a Dari letter); the reader is not told the language.\n\n"
        + text + "\n\n" + "\n".join(notes) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
