"""The GUI thread keeps running while documents are read (bench/gui.py measures the 100 ms bar)."""

from __future__ import annotations

import gc
import json
import time
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QTimer

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_ten_page_letter(path: Path) -> Path:
    """A 10-page SPECIMEN employment letter with a text layer."""
    doc = pymupdf.open()
    for i in range(10):
        page = doc.new_page()
        page.insert_text((72, 72), "SPECIMEN - Employment verification", fontsize=16)
        body = (
            "To whom it may concern. This is to certify that Mr. Zaman Andar was employed by Hindu Kush "
            "Engineering Co. as a Driver from 03/02/2008 to 01/30/2011 under contract HKE-SUB-2009-368. "
        ) * 6
        page.insert_textbox(pymupdf.Rect(72, 100, 540, 700), body, fontsize=11)
        page.insert_text((72, 760), f"Page {i + 1} of 10", fontsize=9)
    doc.save(path)
    return path


class Heartbeat:
    """A 10 ms timer on the GUI thread: the longest gap between ticks, and the GUI thread's own
    CPU time within the longest busy gap.

    The wall-clock gap is what the officer feels, but on a loaded machine it also holds time the
    OS did not run the process at all. The GUI thread's CPU time between two ticks is work done
    there (slots, model resets, pixmaps, a garbage collection it ran): that part is ours whatever
    the load.
    """

    def __init__(self) -> None:
        self.max_gap = 0.0
        self.max_gui_cpu = 0.0
        #: CPU time of the whole process (every thread) during the longest gap: far below the gap
        #: means the process was waiting for a core, not working (or holding the GIL).
        self.process_cpu_in_max_gap = 0.0
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._last_proc = time.process_time()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now, cpu, proc = time.perf_counter(), time.thread_time(), time.process_time()
        if now - self._last > self.max_gap:
            self.max_gap = now - self._last
            self.process_cpu_in_max_gap = proc - self._last_proc
        self.max_gui_cpu = max(self.max_gui_cpu, cpu - self._last_cpu)
        self._last, self._last_cpu, self._last_proc = now, cpu, proc

    def start(self) -> None:
        self._last, self._last_cpu, self._last_proc = time.perf_counter(), time.thread_time(), time.process_time()
        self.timer.start()


def test_gui_thread_keeps_ticking_while_a_ten_page_pdf_is_read(main_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = tmp_path / "r.json"
    record.write_text(json.dumps({"case_number": "SIV-2099-000010", "surname": "ANDAR", "given_names": "ZAMAN"}))
    # The officer has the window open for a moment before the first document.
    qtbot.waitUntil(lambda: main_window.reader_is_ready, timeout=60000)
    with qtbot.waitSignal(main_window.cases_loaded, timeout=20000):
        main_window.import_records(record)
    main_window.search.setText("SIV-2099-000010")
    main_window.table.selectRow(0)
    ws_widget = main_window.workspace
    qtbot.waitUntil(lambda: ws_widget.case_number == "SIV-2099-000010", timeout=5000)
    # Start-up's ~100k objects are out of the collector's reach: a full collection of them held the
    # GIL 80-200 ms, the stall this bar was missed by.
    assert gc.get_freeze_count() > 10_000
    pdf = make_ten_page_letter(tmp_path / "letter.pdf")
    beat = Heartbeat()
    beat.start()
    with qtbot.waitSignal(ws_widget.checks_updated, timeout=180000):
        ws_widget.add_documents([pdf])
    beat.timer.stop()
    assert ws_widget.doc_list.count() == 1
    # bench/gui.py owns the 100 ms number (median and worst over runs, with the load average).
    # Here: the GUI thread's own work between two ticks stays far under it whatever the load,
    # and the felt gap stays under a bound that only a blocking bug (reading or decoding on the
    # GUI thread, a full collection of the heap) breaks, loaded machine or not.
    assert beat.max_gui_cpu < 0.1, f"the GUI thread worked {beat.max_gui_cpu * 1000:.0f} ms without a tick"
    assert beat.max_gap < 0.5, f"the GUI thread stalled for {beat.max_gap:.2f} s"
