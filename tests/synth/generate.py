"""Batch generation: one seeded job per document, written with its ``.truth.json`` beside it."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tests.synth import damage

GENERATOR_VERSION = "1"
KINDS = ("passport", "tazkira", "letter", "case")


def doc_rng(seed: int, index: int, salt: str = "") -> random.Random:
    """The random source of document ``index`` of run ``seed`` (independent of worker order)."""
    return random.Random(f"synth:{seed}:{index}:{salt}")


def dump_json(data: Any) -> str:
    """Canonical JSON text (sorted keys, UTF-8, two-space indent) so equal truths are equal bytes."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def write_image_doc(
    out: Path, name: str, img: Any, rec: dict[str, Any], truth: dict[str, Any], *, prefer_png: bool = False
) -> dict[str, Any]:
    """Write a damaged image (JPEG when the damage chose a quality, else PNG) and its truth file."""
    q = rec.get("jpeg_quality")
    fmt = "jpeg" if q else "png"
    if prefer_png and rec["level"] == "none":
        fmt = "png"
    ext = ".jpg" if fmt == "jpeg" else ".png"
    (out / (name + ext)).write_bytes(damage.encode(img, fmt, q, rec.get("exif_orientation", 1)))
    truth["file"] = name + ext
    truth["format"] = fmt
    truth["damage"] = rec
    if truth.get("boxes"):
        truth["boxes_px"] = damage.map_boxes(rec, truth["boxes"])
    (out / (name + ".truth.json")).write_text(dump_json(truth), encoding="utf-8")
    return truth


def attach_record(out: Path, name: str, rng: random.Random, person: Any, truth: dict[str, Any]) -> None:
    """Write ``<name>.record.json`` for the document's person, with changes limited to what it shows."""
    from tests.synth import records

    employment = None
    if truth["kind"] == "employment_letter":
        emp = (truth.get("fields_latin") or truth["fields"])["employer"]
        employment = []
        for p in truth["periods"]:
            e = {"employer": emp, "position": p["position_latin"], "start_date": p["start_date"],
                 "supervisor_name": truth["fields"]["supervisor_name"]}
            if p["end_date"]:
                e["end_date"] = p["end_date"]
            if p["contract_number"]:
                e["contract_number"] = p["contract_number"]
            employment.append(e)
    taz = truth["fields"].get("tazkira_number") if truth["kind"] == "tazkira" else None
    key = "employment_letter" if truth["kind"] == "employment_letter" else truth["subtype"]
    rec, rtruth = records.make_record(rng, person, employment=employment, tazkira_number=taz,
                                      covered=records.COVERED_FIELDS[key])
    (out / (name + ".record.json")).write_text(dump_json(rec), encoding="utf-8")
    rtruth["file"] = name + ".record.json"
    truth["record"] = rtruth
    from tests.synth.cases import document_flags

    fails, reviews = document_flags(truth, name)
    fails = [f"{m['field']}: {m['reason']}" for m in rtruth["mismatches"]] + fails
    reviews = [f"{v['field']}: {v['reason']}" for v in rtruth["variants"] if v["expected"] == "review"] + reviews
    truth["expected_verdict"] = "mismatch" if fails else "needs_review" if reviews else "verified"
    truth["expected_reasons"] = fails or reviews


def _job(args: tuple[str, int, int, str, str]) -> dict[str, Any]:
    out_s, seed, index, kind, level = args
    out = Path(out_s)
    rng = doc_rng(seed, index)
    maker = _makers()[kind]
    truth = maker(out, rng, seed, index, level)
    return {"id": truth["id"], "file": truth["file"], "kind": truth["kind"], "subtype": truth.get("subtype"),
            "damage_level": (truth.get("damage") or {}).get("level")}


def _makers() -> dict[str, Callable[[Path, random.Random, int, int, str], dict[str, Any]]]:
    from tests.synth import people

    def make_pass(out: Path, rng: random.Random, seed: int, index: int, level: str) -> dict[str, Any]:
        from tests.synth import passport

        person = people.make_person(rng, f"S{seed}-{index:05d}")
        lvl = damage.choose_level(rng, level)
        dpi = damage.choose_dpi(rng, lvl)
        forgery = rng.choices((None, "check_digit", "viz_mismatch"), weights=(94, 3, 3))[0]
        img, truth = passport.make_passport(rng, person, dpi=dpi, forgery=forgery)
        img, rec = damage.apply(img, rng, lvl, dpi=dpi)
        name = f"{index:05d}_passport"
        truth.update(_common(seed, index, name), person=person.to_dict(), damage=rec)
        attach_record(out, name, rng, person, truth)
        return write_image_doc(out, name, img, rec, truth)

    def make_taz(out: Path, rng: random.Random, seed: int, index: int, level: str) -> dict[str, Any]:
        from tests.synth import tazkira

        person = people.make_person(rng, f"S{seed}-{index:05d}")
        lvl = damage.choose_level(rng, level)
        dpi = damage.choose_dpi(rng, lvl)
        img, truth = tazkira.make_tazkira(rng, person, dpi=dpi)
        img, rec = damage.apply(img, rng, lvl, dpi=truth["render_dpi"], paper=truth["subtype"].startswith("paper"))
        name = f"{index:05d}_tazkira_{truth['subtype']}"
        truth.update(_common(seed, index, name), person=person.to_dict(), damage=rec)
        attach_record(out, name, rng, person, truth)
        return write_image_doc(out, name, img, rec, truth)

    def make_let(out: Path, rng: random.Random, seed: int, index: int, level: str) -> dict[str, Any]:
        from tests.synth import letters

        person = people.make_person(rng, f"S{seed}-{index:05d}")
        name = f"{index:05d}_letter"
        truth = letters.write_letter(out, name, rng, person, level)
        truth.update(_common(seed, index, name), person=person.to_dict())
        attach_record(out, name, rng, person, truth)
        (out / (name + ".truth.json")).write_text(dump_json(truth), encoding="utf-8")
        return truth

    def make_case(out: Path, rng: random.Random, seed: int, index: int, level: str) -> dict[str, Any]:
        from tests.synth import cases

        return cases.write_case(out, rng, seed, index, level)

    return {"passport": make_pass, "tazkira": make_taz, "letter": make_let, "case": make_case}


def _common(seed: int, index: int, name: str) -> dict[str, Any]:
    return {"id": name, "seed": seed, "index": index, "generator_version": GENERATOR_VERSION,
            "schema": "synth-truth/1"}


def plan(count: int, seed: int, kinds: Sequence[str]) -> list[str]:
    """The kind of each of ``count`` documents: round-robin over ``kinds`` in a seeded order."""
    for k in kinds:
        if k not in KINDS:
            raise ValueError(f"unknown kind {k!r}; choose from {', '.join(KINDS)}")
    order = [kinds[i % len(kinds)] for i in range(count)]
    random.Random(f"plan:{seed}").shuffle(order)
    return order


def generate(
    out: Path,
    count: int,
    seed: int,
    kinds: Sequence[str] = ("passport", "tazkira", "letter"),
    level: str = "mixed",
    workers: int | None = None,
) -> list[dict[str, Any]]:
    """Write ``count`` documents and their truths into ``out``; return the manifest rows."""
    damage.choose_level(random.Random(0), level)  # validates the level
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(str(out), seed, i, kind, level) for i, kind in enumerate(plan(count, seed, kinds), start=1)]
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers <= 1 or len(jobs) < 4:
        rows = [_job(j) for j in jobs]
    else:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ctx.Pool(workers) as pool:
            rows = list(pool.imap(_job, jobs, chunksize=2))
    manifest = {"seed": seed, "count": count, "kinds": list(kinds), "damage": level,
                "generator_version": GENERATOR_VERSION, "documents": rows}
    (out / "manifest.json").write_text(dump_json(manifest), encoding="utf-8")
    return rows
