"""The supervisor's review: lazily fetching model (qtmodeltester), filters, evidence, sign-off, banner, reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.core.checks.builders import BASE_RECORD
from ui.supervisor.review_model import AuditTrailModel, sync_fetcher
from workstation.audit.access import ReviewFilter
from workstation.config import WorkstationConfig
from workstation.records.model import parse_record
from workstation.service import Workstation
from workstation.supervision import UserSession

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CASE = BASE_RECORD["case_number"]
SUP = UserSession("sup1", "supervisor")


@pytest.fixture
def desk(config: WorkstationConfig, fake_reader: dict[str, Any], files: dict[str, Path]) -> Any:
    import cv2
    import numpy as np

    page = np.full((400, 600, 3), 255, np.uint8)
    cv2.putText(page, "SPECIMEN", (12, 38), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 2)
    cv2.rectangle(page, (10, 20), (200, 40), (0, 0, 200), 1)
    files["passport.png"].write_bytes(cv2.imencode(".png", page)[1].tobytes())
    ws = Workstation(config)
    run = ws.verify(parse_record(BASE_RECORD), [files[n] for n in ("passport.png", "tazkira.png")], actor="off1")
    ws.override_check(CASE, run.report.checks[0].id, "SPECIMEN: seen the original", "off1", status="pass")
    ws.decide_case(CASE, "verified", "off1", reason="SPECIMEN")
    yield ws
    ws.close()


def test_model_passes_qtmodeltester_and_fetches_lazily(qtmodeltester: Any, desk: Workstation) -> None:
    calls: list[int | None] = []

    def query(flt: ReviewFilter, before: int | None, limit: int) -> Any:
        calls.append(before)
        return desk.review_page(SUP, flt, before, limit)

    model = AuditTrailModel(sync_fetcher(query), page_size=7)
    model.set_filter(ReviewFilter())
    assert model.rowCount() == 7 and model.canFetchMore()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    total = len(desk.review_page(SUP, ReviewFilter(), None, 10_000))
    assert model.rowCount() == total and not model.canFetchMore()
    seqs = [model.event_at(r).seq for r in range(model.rowCount())]
    assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == total
    assert calls[0] is None and all(b is not None for b in calls[1:])  # keyset, never an offset
    model.set_filter(ReviewFilter(overrides_only=True))
    assert model.rowCount() == 1 and model.event_at(0).event_type == "check.overridden"
    qtmodeltester.check(model)


def test_review_panel_filters_opens_signs_off_and_reports(qtbot: Any, desk: Workstation, tmp_path: Path,
                                                          screenshot_dir: Path) -> None:
    from ui.supervisor.review_panel import ReviewPanel
    from ui.workers import JobRunner

    errors: list[BaseException] = []
    panel = ReviewPanel(desk, SUP, JobRunner(), errors.append)
    qtbot.addWidget(panel)
    panel.resize(1300, 700)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0 and panel.officer.count() > 1, timeout=10000)
    panel.overrides_only.setChecked(True)
    panel.apply_filters()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10000)
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.approve_button.isEnabled(), timeout=10000)
    assert "seen the original" in panel.detail.toPlainText()
    assert "The check" in panel.detail.toPlainText()
    with qtbot.waitSignal(panel.status_message, timeout=10000):
        panel.sign_off("approved")
    panel.overrides_only.setChecked(False)
    panel.apply_filters()
    panel.verify_now()
    qtbot.waitUntil(lambda: "Chain intact" in panel.banner.text(), timeout=10000)
    panel.case.setText(CASE)
    with qtbot.waitSignal(panel.status_message, timeout=20000):
        panel.export_report("csv", tmp_path / "r.csv")
    assert CASE in (tmp_path / "r.csv").read_text(encoding="utf-8")
    with qtbot.waitSignal(panel.status_message, timeout=30000):
        panel.export_report("pdf", tmp_path / "r.pdf")
    import fitz

    with fitz.open(tmp_path / "r.pdf") as pdf:
        text = "".join(p.get_text() for p in pdf)
        pdf[0].get_pixmap(dpi=60).save(str(tmp_path / "r.png"))
    import unicodedata

    flat = "".join(unicodedata.normalize("NFKC", text).split())  # ligatures, wrapped cells
    assert CASE in flat and "check.overridden" in flat and "signoff.approved" in flat
    assert (tmp_path / "r.png").stat().st_size > 1000
    panel.case.clear()
    panel.event_type.setCurrentText("check.done")
    panel.apply_filters()
    qtbot.waitUntil(lambda: panel.model.rowCount() > 5, timeout=10000)
    rows = [r for r in range(panel.model.rowCount()) if '"document":"passport.png"' in panel.model.event_at(r).payload
            and '"bbox":[' in panel.model.event_at(r).payload]
    panel.table.selectRow(rows[0])
    qtbot.waitUntil(lambda: not panel.evidence.pixmap().isNull(), timeout=10000)  # the crop, decrypted from the vault
    qtbot.wait(200)
    panel.grab().save(str(screenshot_dir / "supervisor_review.png"))
    assert errors == []
