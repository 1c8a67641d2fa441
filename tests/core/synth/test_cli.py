"""The batch generator: deterministic bytes, truth beside every file, records that parse."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf

from tests.synth import generate
from tests.synth.__main__ import main
from workstation.records import parse_record

TRUTH_KEYS = {"id", "kind", "subtype", "file", "format", "fields", "damage", "seed", "index", "person",
              "record", "expected_verdict", "specimen", "schema"}
FIELDS = {
    "passport": {"surname", "given_names", "document_number", "nationality", "date_of_birth", "sex",
                 "expiry_date", "issuing_country"},
    "tazkira": {"tazkira_number", "given_names", "surname", "father_name", "date_of_birth", "place_of_birth"},
    "employment_letter": {"employee_name", "employer", "position", "start_date", "end_date", "supervisor_name",
                          "supervisor_contact", "contract_number", "letter_date"},
}


def _files(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def test_same_seed_same_bytes(small_batch: Path, tmp_path: Path) -> None:
    generate.generate(tmp_path, 4, 7, generate.KINDS[:3], "mixed", workers=1)
    assert _files(tmp_path) == _files(small_batch)


def test_truth_beside_every_document(small_batch: Path) -> None:
    manifest = json.loads((small_batch / "manifest.json").read_text())
    assert len(manifest["documents"]) == 4
    for row in manifest["documents"]:
        doc = small_batch / row["file"]
        truth = json.loads((small_batch / (row["id"] + ".truth.json")).read_text())
        assert doc.exists() and truth["file"] == row["file"]
        assert set(truth) >= TRUTH_KEYS, TRUTH_KEYS - set(truth)
        if truth["subtype"] != "e_tazkira_back":
            assert FIELDS[truth["kind"]] <= set(truth["fields"])
        record = json.loads((small_batch / truth["record"]["file"]).read_text())
        parse_record(record)
        if doc.suffix == ".pdf" and truth["text_layer"]:
            with pymupdf.open(doc) as pdf:
                assert "SPECIMEN" in pdf[0].get_text()
        else:
            assert truth["specimen"]["style"]  # drawn into the image before rendering


def test_cli_rejects_unknown_kind(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--out", str(tmp_path), "--count", "1", "--kinds", "visa"]) == 2
    assert "visa" in capsys.readouterr().err
