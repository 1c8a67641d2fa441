"""The letter reader inside read_document (ARCHITECTURE.md 4.2 JSON), and on the shared synthetic letters."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.core.letters.specimens import draw_pdf, text_layer_pages
from tests.core.letters.test_letter_fields import PROSE, TWO_PERIODS_AMBIGUOUS
from workstation.config import WorkstationConfig
from workstation.documents.letter import read_letter_pages
from workstation.documents.letter_adapter import reading_to_document
from workstation.documents.reading import read_document


def test_read_document_reports_a_letter_with_evidence(tmp_path: Path, config: WorkstationConfig) -> None:
    f = tmp_path / "letter.pdf"
    f.write_bytes(draw_pdf(PROSE))
    out = read_document(f, config, kind="employment_letter").as_dict()
    assert out["kind"] == "employment_letter"
    fields = out["fields"]
    assert isinstance(fields, dict)
    assert fields["employee_name"]["value"] == "Mohammad Nasir Ahmadzai"
    assert fields["employee_name"]["source"] == "text_layer" and len(fields["employee_name"]["bbox"]) == 4
    assert fields["start_date"]["value"] == "2010-05-01"
    extra = out["extra"]
    assert isinstance(extra, dict) and extra["subcontractor"] is True and len(extra["periods"]) == 1
    json.dumps(out)  # serialisable as printed by `workstation read --json`


def test_ambiguous_dates_in_the_json_have_no_value_and_both_candidates() -> None:
    reading = read_letter_pages(text_layer_pages(draw_pdf(TWO_PERIODS_AMBIGUOUS)))
    out = reading_to_document(reading, "l.pdf").as_dict()
    start = out["fields"]["start_date"]  # type: ignore[index]
    assert start["value"] is None and start["ambiguous"] is True
    assert sorted(start["candidates"]) == ["2010-03-05", "2010-05-03"]
    assert any("red-flag" in w for w in out["warnings"])  # type: ignore[union-attr]


def test_shared_generator_letters_read_without_guessing() -> None:
    """A few tests.synth letters (born digital): most fields right, and no ambiguous date ever guessed."""
    from tests.synth import letters, people
    from workstation.documents.letter import read_letter
    from workstation.intake import load_bytes

    rng = random.Random(11)
    right = total = 0
    for i, layout in enumerate(("classic", "table_form", "memo", "period_table", "recommendation")):
        pdf, truth = letters.make_letter(rng, people.make_person(rng, f"P{i}"), layout=layout)
        reading = read_letter(load_bytes(pdf, "l.pdf"), WorkstationConfig(), None)
        for name in truth["ambiguous_fields"]:
            f = reading.fields.get(name)
            assert f is None or f.ambiguous, name
        for name in ("employee_name", "position", "supervisor_name", "letter_date"):
            want = truth["fields"][name]
            total += 1
            f = reading.fields.get(name)
            right += f is not None and want is not None and f.value.lower() == want.lower()
    assert right >= total - 2


def test_letter_adapter_keeps_unsettled_dates_in_fields(tmp_path: Path, config: WorkstationConfig,
                                                        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With letter_adapter registered, `workstation read --json` shows the unsettled date as a field."""
    from workstation.documents import reading
    from workstation.documents.letter_adapter import read_letter_document

    monkeypatch.setitem(reading._READERS, "employment_letter", read_letter_document)
    f = tmp_path / "letter.pdf"
    f.write_bytes(draw_pdf(TWO_PERIODS_AMBIGUOUS))
    out = read_document(f, config, kind="employment_letter").as_dict()
    start = out["fields"]["start_date"]  # type: ignore[index]
    assert start["value"] is None and start["ambiguous"] is True and len(start["candidates"]) == 2


def test_a_scanned_letter_turned_by_a_quarter_reads_line_by_line(tmp_path: Path, config: WorkstationConfig) -> None:
    """A scan left a quarter turn away: Tesseract reads its words well sideways, so the classifying read
    names the letter and the page is not turned; the words' boxes then run down the page and lines taken
    by height mixed every line ("Madam, Dear Sir or"; supervisor "Country": case 115 of seed 6). Such a
    page is read by the letter reader's own preparation, which turns it upright."""
    import cv2
    import numpy as np

    from tests.core.letters.specimens import render

    page = render(draw_pdf(PROSE))[0]
    f = tmp_path / "letter.png"
    cv2.imwrite(str(f), np.ascontiguousarray(np.rot90(page, -1)))
    out = read_document(f, config).as_dict()
    assert out["kind"] == "employment_letter"
    fields = out["fields"]
    assert isinstance(fields, dict)
    for key in ("employee_name", "supervisor_name", "position", "employer"):
        assert fields[key]["value"] == PROSE.truth[key], key
