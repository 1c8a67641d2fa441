"""Case bundles for cross-check benchmarks: one person's passport, tazkira, 1-2 letters and record."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.synth import damage, letters, passport, people, records, tazkira


@dataclass(frozen=True)
class CaseDocument:
    """One file of a case: its name in the bundle, its bytes and its truth."""

    name: str
    data: bytes
    truth: dict[str, Any]


@dataclass(frozen=True)
class Case:
    """A whole case: documents, the applicant record (4.1 JSON object) and the case truth."""

    documents: tuple[CaseDocument, ...]
    record: dict[str, Any]
    truth: dict[str, Any]


def _image_doc(name: str, img: Any, rec: dict[str, Any], truth: dict[str, Any]) -> CaseDocument:
    q = rec.get("jpeg_quality")
    fmt = "jpeg" if q else "png"
    fname = name + (".jpg" if q else ".png")
    truth.update(file=fname, format=fmt, damage=rec)
    if truth.get("boxes"):
        truth["boxes_px"] = damage.map_boxes(rec, truth["boxes"])
    return CaseDocument(fname, damage.encode(img, fmt, q, rec.get("exif_orientation", 1)), truth)


def document_flags(t: dict[str, Any], name: str) -> tuple[list[str], list[str]]:
    """(fail reasons, review reasons) a document raises by itself, under DOMAIN.md policy.

    Forgery signs fail (on a page blurred past reading they are a review: not visible); an expired passport (as of 2026-01-01), blur past reading, a paper tazkira
    (its values are handwritten: read unsurely, so compared by the officer, issue 6), ambiguous letter
    dates, red-flag words, a supervisor without contact details, a missing contract number or a
    subcontractor letter without the prime contract number go to review.
    """
    fails: list[str] = []
    reviews: list[str] = []
    if t.get("forgery") and (t.get("damage") or {}).get("blur_past_reading"):
        # No reader sees a sign on a page it cannot read: the product asks for a rescan, and the
        # rescan shows the sign.
        reviews.append(f"{name}: forgery sign ({t['forgery']}) on a page blurred past reading (rescan)")
    elif t.get("forgery"):
        fails.append(f"{name}: forgery sign ({t['forgery']})")
    if t.get("kind") == "passport" and t["fields"]["expiry_date"] < "2026-01-01":
        reviews.append(f"{name}: passport expired (as of 2026-01-01)")
    if (t.get("damage") or {}).get("blur_past_reading"):
        reviews.append(f"{name}: blurred past reading")
    if t.get("kind") == "tazkira" and str(t.get("subtype") or "").startswith("paper_tazkira"):
        reviews.append(f"{name}: handwritten paper tazkira (values read unsurely)")
    if t.get("kind") == "employment_letter":
        if t["ambiguous_fields"]:
            reviews.append(f"{name}: ambiguous dates {', '.join(t['ambiguous_fields'])}")
        for flag in t["red_flags"]:
            reviews.append(f"{name}: red flag '{flag}'")
        if not t["fields"]["supervisor_contact"]:
            reviews.append(f"{name}: supervisor without contact details")
        if not t["fields"]["contract_number"]:
            reviews.append(f"{name}: no contract number")
        if t["subcontract"] and not t["prime_contract_number"]:
            reviews.append(f"{name}: subcontractor letter without prime contract number")
    return fails, reviews


#: SIV qualifying-service rules (DOMAIN.md; resources/policy/siv_service.json): start window, minimum total.
SERVICE_START_EARLIEST = "2001-10-07"
SERVICE_START_LATEST = "2024-12-31"
SERVICE_MIN_MONTHS = 12
_MONTH_DAYS = 365.2425 / 12


def service_flags(letter_truths: list[dict[str, Any]]) -> list[str]:
    """Review reasons the SIV service rules raise across a case's letters (DOMAIN.md).

    Total service under 12 months (summed across letters, counted from 7 Oct 2001; an open end is
    the letter's date), periods that overlap (they must be explained), a start outside the window.
    """
    import datetime as dt

    spans: list[tuple[dt.date, dt.date, str]] = []
    reviews: list[str] = []
    floor = dt.date.fromisoformat(SERVICE_START_EARLIEST)
    for t in letter_truths:
        for k, p in enumerate(t.get("periods") or []):
            start = dt.date.fromisoformat(p["start_date"])
            end_s = p["end_date"] or t["fields"].get("letter_date")
            if not end_s:
                continue
            end = dt.date.fromisoformat(end_s)
            if not SERVICE_START_EARLIEST <= p["start_date"] <= SERVICE_START_LATEST:
                reviews.append(f"{t['file']}: period {k + 1} starts outside the qualifying window")
            spans.append((start, end, f"{t['file']} period {k + 1}"))
    days = 0
    cur: tuple[dt.date, dt.date] | None = None
    for lo, hi, _ in sorted(spans):
        lo = max(lo, floor)
        if hi < lo:
            continue
        if cur is None or lo > cur[1] + dt.timedelta(days=1):
            if cur is not None:
                days += (cur[1] - cur[0]).days + 1
            cur = (lo, hi)
        else:
            cur = (cur[0], max(cur[1], hi))
    if cur is not None:
        days += (cur[1] - cur[0]).days + 1
    if spans and days / _MONTH_DAYS < SERVICE_MIN_MONTHS:
        reviews.append(f"total qualifying service {days / _MONTH_DAYS:.1f} months (under {SERVICE_MIN_MONTHS})")
    for i, (a0, a1, an) in enumerate(spans):
        for b0, b1, bn in spans[i + 1:]:
            if min(a1, b1) > max(a0, b0):
                reviews.append(f"overlapping employment periods: {an} and {bn}")
    return reviews


#: Record fields under the name the documents' truths give them.
_DOC_FIELD = {"passport_number": "document_number", "passport_expiry": "expiry_date"}


def _shown_only_past_reading(field: str, docs: list[CaseDocument]) -> bool:
    """Whether every document stating the record's ``field`` is blurred past reading (employment
    fields and name pairs are left visible: letters and several documents state them)."""
    if field.startswith("employment") or "," in field:
        return False
    key = _DOC_FIELD.get(field, field)
    stating = [d for d in docs if key in (d.truth.get("fields") or {})]
    return bool(stating) and all((d.truth.get("damage") or {}).get("blur_past_reading") for d in stating)


def make_case(seed: int, index: int = 0, level: str = "mixed", *,
              variants: list[str] | None = None, mismatches: list[str] | None = None) -> Case:
    """Build case ``index`` of run ``seed`` in memory (deterministic)."""
    rng = random.Random(f"case:{seed}:{index}")
    person = people.make_person(rng, f"C{seed}-{index:05d}")
    docs: list[CaseDocument] = []
    lvl = damage.choose_level(rng, level)

    # passport
    dpi = damage.choose_dpi(rng, lvl)
    forgery = rng.choices((None, "check_digit", "viz_mismatch"), weights=(92, 4, 4))[0] if mismatches is None else None
    img, pt = passport.make_passport(rng, person, dpi=dpi, forgery=forgery)
    img, rec = damage.apply(img, rng, damage.choose_level(rng, level), dpi=dpi)
    docs.append(_image_doc("passport", img, rec, pt))

    # tazkira: e-tazkira front (+ back sometimes) or a paper certificate
    subtype = rng.choices(("e_tazkira_front", "paper_tazkira", "paper_tazkira_translation"), weights=(60, 25, 15))[0]
    img, tt = tazkira.make_tazkira(rng, person, dpi=damage.choose_dpi(rng, lvl), subtype=subtype)
    img, rec = damage.apply(img, rng, damage.choose_level(rng, level), dpi=tt["render_dpi"],
                            paper=subtype.startswith("paper"))
    docs.append(_image_doc("tazkira_front" if subtype == "e_tazkira_front" else "tazkira", img, rec, tt))
    if subtype == "e_tazkira_front" and rng.random() < 0.5:
        img, tb = tazkira.make_tazkira(rng, person, dpi=damage.choose_dpi(rng, lvl), subtype="e_tazkira_back")
        img, rec = damage.apply(img, rng, damage.choose_level(rng, level), dpi=tb["render_dpi"])
        docs.append(_image_doc("tazkira_back", img, rec, tb))

    # letters
    employment: list[dict[str, Any]] = []
    n_letters = rng.choices((1, 2), weights=(65, 35))[0]
    tmp: list[tuple[str, bytes, dict[str, Any]]] = []
    for k in range(n_letters):
        import tempfile

        with tempfile.TemporaryDirectory() as td:
            lt = letters.write_letter(Path(td), f"letter_{k + 1}", rng, person, level)
            data = (Path(td) / lt["file"]).read_bytes()
        tmp.append((lt["file"], data, lt))
        emp = lt["fields_latin"]["employer"] if lt["language"] == "fa" else lt["fields"]["employer"]
        for p in lt["periods"]:
            e: dict[str, Any] = {"employer": emp, "position": p["position_latin"], "start_date": p["start_date"]}
            if p["end_date"]:
                e["end_date"] = p["end_date"]
            e["supervisor_name"] = lt["fields"]["supervisor_name"]
            if p["contract_number"]:
                e["contract_number"] = p["contract_number"]
            employment.append(e)
    for fname, data, lt in tmp:
        docs.append(CaseDocument(fname, data, lt))

    taz_number = tt["fields"]["tazkira_number"]
    record, rtruth = records.make_record(rng, person, employment=employment, tazkira_number=taz_number,
                                         variants=variants, mismatches=mismatches)

    # expected verdict for the whole case
    fail_reasons, review_reasons = [], []
    for m in rtruth["mismatches"]:
        m["visible"] = not _shown_only_past_reading(str(m["field"]), docs)
        if not m["visible"]:
            # As for a forgery sign: no reader sees a difference on a page it cannot read; the product asks
            # for a rescan (blind cases 747 and 771 of seed 6: a passport number and sex only on such a page).
            review_reasons.append(f"{m['field']}: {m['reason']} (shown only on a page blurred past reading: rescan)")
        else:
            fail_reasons.append(f"{m['field']}: {m['reason']}")
    review_reasons += [f"{v['field']}: {v['reason']}" for v in rtruth["variants"] if v["expected"] == "review"]
    for d in docs:
        f, r = document_flags(d.truth, d.name)
        fail_reasons += f
        review_reasons += r
    review_reasons += service_flags([d.truth for d in docs if d.truth.get("kind") == "employment_letter"])
    reasons = fail_reasons or review_reasons
    verdict = "mismatch" if fail_reasons else "needs_review" if review_reasons else "verified"
    truth = {
        "schema": "synth-case/1",
        "case_number": record["case_number"],
        "seed": seed,
        "index": index,
        "person": person.to_dict(),
        "documents": [{"file": d.name, "kind": d.truth["kind"], "subtype": d.truth.get("subtype")} for d in docs],
        "record_truth": rtruth,
        "forgery": forgery,
        "forgery_visible": bool(forgery) and not (docs[0].truth.get("damage") or {}).get("blur_past_reading"),
        "expected_verdict": verdict,
        "expected_reasons": reasons,
        "note": "expected_verdict follows DOMAIN.md policy as the generator reads it; checks may refine reasons",
    }
    return Case(tuple(docs), record, truth)


def write_case(out: Path, rng: random.Random, seed: int, index: int, level: str) -> dict[str, Any]:
    """Write case ``index`` into ``out/NNNNN_case/`` (documents, their truths, record.json, case.truth.json)."""
    del rng  # the case has its own seeded source
    case = make_case(seed, index, level)
    folder = out / f"{index:05d}_case"
    folder.mkdir(parents=True, exist_ok=True)
    from tests.synth.generate import dump_json

    for d in case.documents:
        (folder / d.name).write_bytes(d.data)
        stem = d.name.rsplit(".", 1)[0]
        t = dict(d.truth)
        t.setdefault("person_id", case.truth["person"]["person_id"])
        (folder / f"{stem}.truth.json").write_text(dump_json(t), encoding="utf-8")
    (folder / "record.json").write_text(json.dumps(case.record, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")
    truth = dict(case.truth)
    truth.update(id=folder.name, file=folder.name, kind="case", subtype=None)
    (folder / "case.truth.json").write_text(dump_json(truth), encoding="utf-8")
    return truth
