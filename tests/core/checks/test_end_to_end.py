"""End to end on generated SPECIMEN passports: files -> readers (real Tesseract) -> checks -> audit -> CLI JSON."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from tests.synth import damage, passport, people, records
from workstation.cli import main


def _write_passport(tmp_path: Path, seed: int, forgery: str | None) -> tuple[Path, Path]:
    rng = random.Random(f"e2e:{seed}")
    for _ in range(100):
        person = people.make_person(rng, f"E2E-{seed}")
        if person.passport_issuing == "AFG" and person.passport_expiry > dt.date(2027, 1, 1) and person.dob.full:
            break
    img, _truth = passport.make_passport(rng, person, dpi=300, forgery=forgery)
    doc = tmp_path / f"passport{seed}.png"
    doc.write_bytes(damage.encode(img, "png"))
    rec = records.base_record(person, f"SPECIMEN-E2E-{seed}")
    rec.pop("tazkira_number", None)  # only the passport is given
    rec.pop("father_name", None)
    path = tmp_path / f"record{seed}.json"
    path.write_text(json.dumps(rec), encoding="utf-8")
    return path, doc


def _verify(record: Path, doc: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["verify", "--applicant", str(record), str(doc), "--json", "--officer", "e2e"]) == 0
    out: dict[str, object] = json.loads(capsys.readouterr().out)
    return out


def test_clean_passport_agrees_with_its_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record, doc = _write_passport(tmp_path, 11, None)
    out = _verify(record, doc, capsys)
    checks = {c["id"]: c for c in out["checks"]}  # type: ignore[union-attr]
    assert checks["passport.mrz.check_digits"]["status"] == "pass"
    for cid in ("passport.document_number", "passport.date_of_birth", "passport.expiry_date", "passport.sex"):
        assert checks[cid]["status"] == "pass", checks[cid]
        assert checks[cid]["document"] == doc.name and checks[cid]["source"]
    assert out["verdict"] in ("verified", "needs_review")  # needs_review only if a printed field read poorly
    assert not [c for c in checks.values() if c["status"] == "fail"]
    assert out["audit_event_ids"]


def test_broken_check_digit_is_caught(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record, doc = _write_passport(tmp_path, 12, "check_digit")
    out = _verify(record, doc, capsys)
    assert out["verdict"] == "mismatch"
    c = next(c for c in out["checks"] if c["id"] == "passport.mrz.check_digits")  # type: ignore[union-attr]
    assert c["status"] == "fail" and c.get("forgery_sign") is True
