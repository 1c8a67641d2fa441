"""The service facade (add document, run checks, override, decide) and ``workstation verify``.

The document reader is replaced by one that returns SPECIMEN readings in the JSON form of
ARCHITECTURE.md 4.2 keyed by file name, so these tests exercise the checks, the facade and
the audit trail without OCR (tests/core/checks/test_end_to_end.py reads real generated files).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.core.checks.builders import BASE_RECORD
from workstation.audit.schema import AuditEventRow
from workstation.audit.verify import verify_trail
from workstation.checks import reading as reading_mod
from workstation.cli import main
from workstation.config import WorkstationConfig
from workstation.errors import AuditError, InputError
from workstation.records.model import parse_record
from workstation.service import Workstation


def _f(value: str, conf: float = 0.97, source: str = "ocr") -> dict[str, Any]:
    return {"value": value, "confidence": conf, "page": 1, "bbox": [10, 20, 200, 40], "source": source}


PASSPORT = {
    "kind": "passport",
    "fields": {"surname": _f("AHMADZAI", 0.99, "mrz"), "given_names": _f("MOHAMMAD NASIR", 0.99, "mrz"),
               "document_number": _f("P01234567", 0.99, "mrz"), "nationality": _f("AFG", 0.99, "mrz"),
               "date_of_birth": _f("1988-03-21", 0.99, "mrz"), "sex": _f("M", 0.99, "mrz"),
               "expiry_date": _f("2029-05-01", 0.99, "mrz")},
    "mrz": {"format": "TD3", "lines": ["P<AFGAHMADZAI<<MOHAMMAD<NASIR<<<<<<<<<<<<<<<<", "P012345671AFG8803214M2905014<<<<<<<<<<<<<<02"],
            "valid": True, "checks": {"document_number": True, "date_of_birth": True, "expiry_date": True,
                                      "composite": True}, "repairs": []},
    "quality": {"blur": 0.1, "glare": 0.0, "dpi": 300},
    "warnings": [],
}
TAZKIRA = {
    "kind": "tazkira",
    "fields": {"tazkira_number": _f("1399-0101-12345"), "given_names": _f("Mohammad Nasir"), "surname": _f("Ahmadzai"),
               "father_name": _f("Abdul Rahim"), "date_of_birth": _f("1367-01-01")},
}


def _letter(i: int) -> dict[str, Any]:
    e = BASE_RECORD["employment"][i]
    fields = {"employee_name": _f("Mohammad Nasir Ahmadzai", 1.0, "text_layer")}
    for k in ("employer", "position", "start_date", "end_date", "contract_number"):
        fields[k] = _f(e[k], 1.0, "text_layer")
    fields["supervisor_name"] = _f("John Smith", 1.0, "text_layer")
    fields["supervisor_contact"] = _f("hr@example.gov", 1.0, "text_layer")
    return {"kind": "employment_letter", "fields": fields, "extra": {"signature_block": True}}


READINGS = {"passport.png": PASSPORT, "tazkira.png": TAZKIRA, "letter0.pdf": _letter(0), "letter1.pdf": _letter(1)}


@pytest.fixture
def fake_reader(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Replace the reader registry by a lookup of :data:`READINGS` (a copy the test may change)."""
    readings = json.loads(json.dumps(READINGS))

    def read_document(path: Path, config: Any, reporter: Any, cancel: Any) -> dict[str, Any]:
        if path.read_bytes() == b"corrupt":
            raise InputError(f"{path.name} is not an image or PDF this workstation can read")
        return readings[path.name]

    monkeypatch.setattr(reading_mod, "_reader", lambda: read_document)
    return readings


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name in READINGS:
        p = tmp_path / name
        p.write_bytes(f"SPECIMEN {name}".encode())
        out[name] = p
    rec = tmp_path / "record.json"
    rec.write_text(json.dumps(BASE_RECORD), encoding="utf-8")
    out["record"] = rec
    return out


def _events(ws: Workstation) -> list[AuditEventRow]:
    with ws.sessions() as s:
        return list(s.scalars(select(AuditEventRow).order_by(AuditEventRow.seq)))


def test_verify_writes_whole_run_to_audit(config: WorkstationConfig, fake_reader: dict[str, Any],
                                          files: dict[str, Path]) -> None:
    ws = Workstation(config)
    try:
        run = ws.verify(parse_record(BASE_RECORD), [files[n] for n in READINGS], actor="officer-7")
        events = _events(ws)
        assert verify_trail(ws.engine).ok
        assert ws.list_cases()[0].status == run.report.verdict
    finally:
        ws.close()
    assert run.report.verdict == "verified", [(c.id, c.status, c.reason) for c in run.report.checks if c.status != "pass"]
    types = [e.event_type for e in events]
    assert types.count("document.added") == 4 and types.count("document.read") == 4
    assert types.count("check.done") == len(run.report.checks)
    assert types[0] == "records.imported" and types[-1] == "case.verdict"
    ids = list(run.audit_event_ids)
    assert ids == sorted(ids) and set(ids) <= {e.seq for e in events}
    assert {e.event_type for e in events if e.seq in ids} >= {"records.imported", "document.added", "check.done"}
    added = json.loads(next(e for e in events if e.event_type == "document.added").payload)
    assert len(added["sha256"]) == 64 and "image" not in added
    # No values read from documents in the trail (names, numbers): only references and digests.
    blob = " ".join(e.payload for e in events)
    assert "P01234567" not in blob and "1399-0101-12345" not in blob


def test_verify_fails_closed_when_audit_refuses(config: WorkstationConfig, fake_reader: dict[str, Any],
                                                files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import workstation.supervision as supervision

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise AuditError("audit store unavailable")

    ws = Workstation(config)
    try:
        monkeypatch.setattr(supervision, "append_event", broken)  # the one place service events are appended
        with pytest.raises(AuditError):
            ws.verify(parse_record(BASE_RECORD), [files["passport.png"]], actor="officer-7")
        assert ws.list_cases() == []  # the record import rolled back with the events
        assert _events(ws) == []
    finally:
        ws.close()


def test_facade_add_run_override_decide(config: WorkstationConfig, fake_reader: dict[str, Any],
                                        files: dict[str, Path]) -> None:
    fake_reader["tazkira.png"]["fields"]["father_name"]["confidence"] = 0.3  # -> review (with a slip: not exact)
    fake_reader["tazkira.png"]["fields"]["father_name"]["value"] = "Abdul Rahlm"
    ws = Workstation(config)
    try:
        ws.import_records(files["record"])
        case = BASE_RECORD["case_number"]
        for n in READINGS:
            added = ws.add_document(case, files[n], actor="officer-7")
            assert len(added.audit_event_ids) == 2
        run = ws.run_checks(case, actor="officer-7")
        assert run.report.verdict == "needs_review"
        assert run.report.get("tazkira.father_name").status == "review"  # type: ignore[union-attr]
        with pytest.raises(InputError):
            ws.override_check(case, "tazkira.father_name", "   ", "officer-7")
        with pytest.raises(InputError):
            ws.override_check(case, "no.such.check", "seen the original", "officer-7")
        o = ws.override_check(case, "tazkira.father_name", "compared with the original card", "officer-7")
        assert (o.from_status, o.to_status) == ("review", "pass")
        current = ws.current_report(case)
        assert current is not None and current.verdict == "verified"
        d = ws.decide_case(case, "verified", "officer-7")
        assert d.system_verdict == "verified"
        with pytest.raises(InputError):
            ws.decide_case(case, "approved", "officer-7")
        assert ws.list_cases()[0].status == "verified"
        types = [e.event_type for e in _events(ws)]
        assert "check.overridden" in types and types[-1] == "case.decided"
        assert verify_trail(ws.engine).ok
    finally:
        ws.close()


def test_add_document_to_unknown_case_is_input_error(config: WorkstationConfig, fake_reader: dict[str, Any],
                                                     files: dict[str, Path]) -> None:
    ws = Workstation(config)
    try:
        with pytest.raises(InputError):
            ws.add_document("NO-SUCH-CASE", files["passport.png"], actor="officer-7")
    finally:
        ws.close()


def test_cli_verify_json(fake_reader: dict[str, Any], files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    fake_reader["passport.png"]["fields"]["document_number"]["value"] = "P01234568"
    args = ["verify", "--applicant", str(files["record"]), *(str(files[n]) for n in READINGS), "--json",
            "--officer", "officer-7"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"case_number", "verdict", "checks", "audit_event_ids"}
    assert out["verdict"] == "mismatch"
    c = next(c for c in out["checks"] if c["id"] == "passport.document_number")
    assert c["status"] == "fail" and c["field"] == "passport_number" and "one character differs" in c["reason"]
    for key in ("id", "field", "status", "expected", "found", "document", "reason"):
        assert key in c
    assert out["audit_event_ids"] == sorted(out["audit_event_ids"]) and out["audit_event_ids"]


def test_cli_verify_table(fake_reader: dict[str, Any], files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--applicant", str(files["record"]), str(files["passport.png"])]) == 0
    out = capsys.readouterr().out
    assert "NEEDS_REVIEW" in out and "passport.date_of_birth" in out and "NOT DONE" in out


@pytest.mark.parametrize("problem", ["bad_json", "missing_file", "corrupt", "two_records"])
def test_cli_verify_bad_input_exit_2(problem: str, fake_reader: dict[str, Any], files: dict[str, Path],
                                     tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rec, doc = files["record"], files["passport.png"]
    if problem == "bad_json":
        rec = tmp_path / "bad.json"
        rec.write_text("{not json", encoding="utf-8")
    elif problem == "missing_file":
        doc = tmp_path / "nowhere.png"
    elif problem == "corrupt":
        doc.write_bytes(b"corrupt")
    else:
        rec = tmp_path / "two.json"
        rec.write_text(json.dumps([BASE_RECORD, {**BASE_RECORD, "case_number": "SPECIMEN-0002"}]), encoding="utf-8")
    assert main(["verify", "--applicant", str(rec), str(doc), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")


def test_run_checks_in_a_new_session_uses_the_vault_copies_of_the_added_documents(
        config: WorkstationConfig, fake_reader: dict[str, Any], files: dict[str, Path]) -> None:
    case = BASE_RECORD["case_number"]
    ws = Workstation(config)
    try:
        ws.import_records(files["record"])
        for n in READINGS:
            ws.add_document(case, files[n], actor="officer-7")
    finally:
        ws.close()
    files["letter1.pdf"].write_bytes(b"SPECIMEN changed since it was added")
    files["letter0.pdf"].unlink()
    fake_reader.clear()  # nothing is read again: the readings come back from the vault
    ws = Workstation(config)
    try:
        run = ws.run_checks(case, actor="officer-7")
        # A document the vault holds no reading of (added before documents were stored) is read again
        # from its path, and left out when that file changed since.
        from workstation.audit import access as blob_repo

        with ws.sessions() as s:
            for b in blob_repo.blobs_of(s, case):
                if b.kind == "ocr_text" and b.sha256 == next(d.sha256 for d in run.documents
                                                              if d.file == "letter1.pdf"):
                    ws.vault.destroy_key(b.blob_id)
        ws.drop_decrypted()
        older = ws.run_checks(case, actor="officer-7")
    finally:
        ws.close()
    assert {d.file for d in run.documents} == {"passport.png", "tazkira.png", "letter0.pdf", "letter1.pdf"}
    assert any(c.document == "letter1.pdf" and c.status == "pass" for c in run.report.checks)
    assert {d.file for d in older.documents} == {"passport.png", "tazkira.png", "letter0.pdf"}
    assert older.report.get("employment.1.letter").status == "not_done"  # type: ignore[union-attr]


def test_a_file_changed_between_its_read_and_its_recording_is_refused(config: WorkstationConfig,
                                                                     fake_reader: dict[str, Any],
                                                                     files: dict[str, Path]) -> None:
    """The vault must keep the bytes that were read: a file replaced in between is not added."""
    ws = Workstation(config)
    try:
        ws.import_records(files["record"])
        case = BASE_RECORD["case_number"]
        path = files["passport.png"]
        doc = ws.read_for_case(case, path, actor="officer-7")
        before = len(_events(ws))
        path.write_bytes(path.read_bytes() + b"\x00")
        with pytest.raises(InputError, match="changed after it was read"):
            ws.record_document(case, path, doc, actor="officer-7")
        assert len(_events(ws)) == before  # nothing recorded
        path.write_bytes(path.read_bytes()[:-1])  # the bytes that were read: recorded
        added = ws.record_document(case, path, doc, actor="officer-7")
        assert added.ref.sha256 == doc.ref.sha256
    finally:
        ws.close()
