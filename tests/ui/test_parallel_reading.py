"""Two documents of a case are read at once, added in the order dropped; cancel and errors stay contained."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDropEvent

from tests.synth import cases
from ui.officer.reading_queue import ADDED, READING, ReadingQueue
from ui.workers import JobRunner
from workstation.audit.store import AuditStore, EventFilter
from workstation.errors import InputError

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


# -- the queue alone, with a stand-in service (timing under our control) --------------------------
class _FakeService:
    """Reads take as long as the file name says; records are kept in the order they arrive."""

    def __init__(self, seconds: dict[str, float], failing: tuple[str, ...] = ()) -> None:
        self.seconds = seconds
        self.failing = failing
        self.lock = threading.Lock()
        self.running = 0
        self.most_at_once = 0
        self.read_done: list[str] = []
        self.recorded: list[str] = []

    def read_for_case(self, case: str, path: Path, *, actor: str, role: str, reporter: Any, cancel: Any) -> Any:
        with self.lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            reporter.update(0, 2, "intake")
            time.sleep(self.seconds[path.name])
            if path.name in self.failing:
                raise InputError(f"{path.name} is not a document")
            reporter.update(2, 2, "done")
            with self.lock:
                self.read_done.append(path.name)
            return SimpleNamespace(name=path.name)
        finally:
            with self.lock:
                self.running -= 1

    def record_document(self, case: str, path: Path, reading: Any, *, actor: str, role: str) -> Any:
        assert reading.name == path.name
        self.recorded.append(path.name)
        return SimpleNamespace(ref=SimpleNamespace(sha256=path.name, file=path.name))

    def page_image(self, case: str, sha256: str) -> None:
        return None


def _run_queue(qtbot, fake: _FakeService, names: list[str], parallel: int = 2) -> tuple[list[str], list[BaseException], list[tuple[int, bool]]]:  # type: ignore[no-untyped-def]
    queue = ReadingQueue(JobRunner(), fake, parallel)  # type: ignore[arg-type]
    added: list[str] = []
    failed: list[BaseException] = []
    finished: list[tuple[int, bool]] = []
    queue.document_added.connect(lambda r: added.append(r.added.ref.file))
    queue.document_failed.connect(failed.append)
    queue.batch_finished.connect(lambda n, c: finished.append((n, c)))
    queue.add("SIV-2099-000001", [Path(n) for n in names], "officer", "officer")
    qtbot.waitUntil(lambda: bool(finished), timeout=20000)
    assert not queue.active and queue.items == []
    return added, failed, finished


def test_documents_are_added_in_the_order_dropped_even_when_a_later_one_is_read_first(qtbot) -> None:  # type: ignore[no-untyped-def]
    fake = _FakeService({"slow.png": 1.5, "quick.png": 0.05, "third.pdf": 0.05, "fourth.jpg": 0.05})
    added, failed, finished = _run_queue(qtbot, fake, ["slow.png", "quick.png", "third.pdf", "fourth.jpg"])
    assert fake.read_done.index("quick.png") < fake.read_done.index("slow.png"), "the test needs the second read first"
    assert added == fake.recorded == ["slow.png", "quick.png", "third.pdf", "fourth.jpg"]
    assert fake.most_at_once == 2, "two reads at once, never more"
    assert failed == [] and finished == [(4, False)]


def test_one_reader_reads_one_document_at_a_time(qtbot) -> None:  # type: ignore[no-untyped-def]
    fake = _FakeService({"a.png": 0.05, "b.png": 0.05, "c.png": 0.05})
    added, _, _ = _run_queue(qtbot, fake, ["a.png", "b.png", "c.png"], parallel=1)
    assert fake.most_at_once == 1 and added == ["a.png", "b.png", "c.png"]


def test_a_failed_read_neither_holds_up_nor_loses_the_others(qtbot) -> None:  # type: ignore[no-untyped-def]
    fake = _FakeService({"first.png": 0.3, "broken.png": 0.05, "last.png": 0.05}, failing=("broken.png",))
    added, failed, finished = _run_queue(qtbot, fake, ["first.png", "broken.png", "last.png"])
    assert added == ["first.png", "last.png"]
    assert [str(e) for e in failed] == ["broken.png is not a document"]
    assert finished == [(2, False)]


# -- the real window, reader processes and audit store ---------------------------------------------
@pytest.fixture(scope="module")
def case_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], dict[str, Path]]:
    case = cases.make_case(seed=7, index=0, level="none")
    folder = tmp_path_factory.mktemp("parallel")
    files = {}
    for doc in case.documents:
        p = folder / doc.name
        p.write_bytes(doc.data)
        files[p.stem] = p
    record = folder / "record.json"
    record.write_text(json.dumps(case.record))
    return record, case.record, files


def _open_case(main_window, qtbot, record_path: Path, case_number: str):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: main_window.reader_is_ready, timeout=60000)
    with qtbot.waitSignal(main_window.cases_loaded, timeout=20000):
        main_window.import_records(record_path)
    main_window.search.setText(case_number)
    main_window.table.selectRow(0)
    ws_widget = main_window.workspace
    qtbot.waitUntil(lambda: ws_widget.case_number == case_number, timeout=5000)
    return ws_widget


def _drop(widget, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def _added_files(main_window, case_number: str) -> list[str]:  # type: ignore[no-untyped-def]
    store = AuditStore(main_window.ws.engine, workstation_id=main_window.ws.config.workstation_id)
    return [str(e.payload_obj.get("file")) for e in store.events(EventFilter(case_ref=case_number))
            if e.event_type == "document.added"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "zombie" in status.read_text())


def test_two_documents_dropped_together_are_read_at_once(main_window, qtbot, case_files, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    record_path, record, files = case_files
    ws_widget = _open_case(main_window, qtbot, record_path, record["case_number"])
    reader = main_window.ws.reader
    assert reader.workers == 2 and len(reader.pids()) == 2, "both readers are started and warm before the first drop"
    dropped = [files["passport"], files["letter_1"]]
    with qtbot.waitSignal(ws_widget.checks_updated, timeout=180000):
        _drop(ws_widget, dropped)
        # The case's progress: overall, and a line with its own bar per document.
        qtbot.waitUntil(lambda: sum(it.state == READING and it.total > 0 for it in ws_widget.reading.items) == 2,
                        timeout=60000)
        qtbot.waitUntil(lambda: all(it.done > 0 or it.state != READING for it in ws_widget.reading.items), timeout=60000)
        rows = ws_widget.reading_progress.rows
        assert ws_widget.reading_progress.isVisible() and len(rows) == 2
        assert [r.name.toolTip() for r in rows] == [p.name for p in dropped]
        assert all(r.state.text().startswith(("Reading", "Read;", "Adding", "✓")) for r in rows)
        assert ws_widget.progress.isVisible() and "Reading 2 documents" in ws_widget.progress.text()
        main_window.resize(1300, 820)
        assert main_window.grab().save(str(screenshot_dir / "officer_reading_two.png"))
    first, second = reader.recent_reads()[-2:]
    assert first.pid != second.pid, "each document had a reader process of its own"
    assert max(first.started, second.started) < min(first.finished, second.finished), "the two reads overlapped"
    names = [ws_widget.doc_list.item(i).text().splitlines()[-1] for i in range(ws_widget.doc_list.count())]
    assert names == [p.name for p in dropped]
    assert _added_files(main_window, record["case_number"]) == [p.name for p in dropped]
    assert not ws_widget.reading_progress.isVisible() and not ws_widget.busy


def test_cancel_during_two_reads_ends_both_and_leaves_nothing_running(main_window, qtbot, case_files) -> None:  # type: ignore[no-untyped-def]
    record_path, record, files = case_files
    ws_widget = _open_case(main_window, qtbot, record_path, record["case_number"])
    reader = main_window.ws.reader
    pids = reader.pids()
    _drop(ws_widget, [files["passport"], files["letter_1"], files["tazkira_front" if "tazkira_front" in files else "tazkira"]])
    qtbot.waitUntil(lambda: sum(it.state == READING and it.total > 0 for it in ws_widget.reading.items) == 2, timeout=60000)
    finished: list[tuple[int, bool]] = []
    ws_widget.reading.batch_finished.connect(lambda n, c: finished.append((n, c)))
    ws_widget.cancel_button.click()
    qtbot.waitUntil(lambda: bool(finished), timeout=20000)
    assert finished == [(0, True)]
    assert not ws_widget.busy and not ws_widget.progress.isVisible() and not ws_widget.reading_progress.isVisible()
    assert reader.pids() == [] and not any(_alive(p) for p in pids), "the reading processes are ended"
    qtbot.waitUntil(lambda: not any(type(t).__name__ == "_ExecutorManagerThread" for t in threading.enumerate()),
                    timeout=5000)
    assert QThreadPool.globalInstance().waitForDone(5000) and QThreadPool.globalInstance().activeThreadCount() == 0
    assert ws_widget.doc_list.count() == 0 and _added_files(main_window, record["case_number"]) == []
    assert main_window.reporter.shown == [], "a cancel the officer asked for is not an error"
    # The readers start again for the next document.
    with qtbot.waitSignal(ws_widget.checks_updated, timeout=120000):
        ws_widget.add_documents([files["passport"]])
    assert ws_widget.doc_list.count() == 1


def test_a_document_that_cannot_be_read_does_not_lose_the_other(main_window, qtbot, case_files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    record_path, record, files = case_files
    ws_widget = _open_case(main_window, qtbot, record_path, record["case_number"])
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n this is not an image")
    with qtbot.waitSignal(ws_widget.checks_updated, timeout=180000):
        _drop(ws_widget, [broken, files["passport"]])
    assert ws_widget.doc_list.count() == 1 and "passport" in ws_widget.doc_list.item(0).text()
    assert _added_files(main_window, record["case_number"]) == [files["passport"].name]
    assert len(main_window.reporter.shown) == 1
    assert len(main_window.ws.reader.pids()) == 2, "a refused file does not cost a reader process"
    assert all(it.state == ADDED for it in ws_widget.reading.items)  # the batch is over (empty)


def test_the_reader_children_do_not_load_qt_when_started_from_the_desktop_app() -> None:
    # "spawn" imports the main module again in each reader child; for workstation-gui that is ui.app.
    code = "import sys, ui.app; print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'ui.main_window'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"


def test_closing_the_window_during_two_reads_ends_the_readers(main_window, qtbot, case_files) -> None:  # type: ignore[no-untyped-def]
    record_path, record, files = case_files
    ws_widget = _open_case(main_window, qtbot, record_path, record["case_number"])
    reader = main_window.ws.reader
    pids, reads_before = reader.pids(), len(reader.recent_reads())
    _drop(ws_widget, [files["passport"], files["letter_1"]])
    qtbot.waitUntil(lambda: sum(it.state == READING for it in ws_widget.reading.items) == 2, timeout=60000)
    main_window.close()
    assert len(reader.recent_reads()) == reads_before, "the reads were ended, not waited for"
    assert reader.pids() == [] and not any(_alive(p) for p in pids)


def test_cancelling_one_read_ends_only_its_reader(case_files, tmp_path: Path) -> None:
    from tests.ui.test_responsiveness import make_ten_page_letter
    from workstation.config import WorkstationConfig
    from workstation.errors import CancelledError
    from workstation.progress import CancelToken
    from workstation.reader_process import ProcessReader

    _, _, files = case_files
    config = WorkstationConfig.from_env(data_dir=tmp_path / "data")
    reader = ProcessReader(workers=2)
    try:
        reader.warm_up()
        token = CancelToken()
        started = threading.Event()
        outcome: dict[str, Any] = {}

        class _Started:
            def update(self, done: int, total: int, stage: str) -> None:
                started.set()

        def _cancelled_read() -> None:
            try:
                reader.read(files["passport"], config, _Started(), token)
            except CancelledError as e:
                outcome["cancelled"] = e

        def _kept_read() -> None:
            outcome["kept"] = reader.read(make_ten_page_letter(tmp_path / "ten.pdf"), config)

        threads = [threading.Thread(target=_kept_read), threading.Thread(target=_cancelled_read)]
        for t in threads:
            t.start()
        assert started.wait(60)
        token.cancel()
        for t in threads:
            t.join(180)
        assert "cancelled" in outcome
        assert outcome["kept"].evidence.kind == "employment_letter", "the other read went on to the end"
        assert len(reader.pids()) == 1, "only the cancelled read's process was ended"
        assert len(reader.recent_reads()) == 1
    finally:
        reader.close()
    assert reader.pids() == []
