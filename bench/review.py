"""Supervisor review benchmark: the review table over 1,000,000 audit events.

    .venv/bin/python -m bench.review [--events 1000000] [--db /tmp/review-bench.sqlite3] [--out bench/results/review.md]

Bars (issue 9): with 1,000,000 events the review table opens in <= 1 s (first page of 500 rows
in the lazily fetching Qt model, plus the filter drop-downs) and each filter answers in <= 0.5 s
(first page). The trail is bulk-inserted with correct hashes (a realistic mix: 40 officers,
20,000 cases, documents, checks, verdicts, overrides, decisions) and reused between runs.
Exit status 1 when a bar is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workstation.audit.access import ReviewFilter
from workstation.audit.chain import GENESIS_HASH, event_hash_fast, new_event_id, utc_timestamp
from workstation.audit.engine import make_engine
from workstation.audit.migrate import upgrade
from workstation.config import WorkstationConfig
from workstation.service import Workstation
from workstation.supervision import UserSession

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
STEP_S = 3


def build_trail(path: Path, n: int, seed: int = 9) -> None:
    """A valid hash chain of ``n`` varied events, bulk-inserted (indexes from the migrations)."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    rng = random.Random(seed)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("BEGIN")
    prev = GENESIS_HASH
    rows: list[tuple[object, ...]] = []
    for seq in range(1, n + 1):
        ts = utc_timestamp(T0 + timedelta(seconds=seq * STEP_S))
        officer = f"officer-{rng.randrange(40):02d}"
        case = f"SPECIMEN-{rng.randrange(20000):05d}"
        r = rng.random()
        if r < 0.80:
            etype, payload = "check.done", f'{{"check_id":"passport.date_of_birth","status":"pass","i":{seq}}}'
        elif r < 0.90:
            etype, payload = "document.added", f'{{"file":"passport.png","sha256":"{seq:064x}","size":1000}}'
        elif r < 0.96:
            v = rng.choice(("verified", "mismatch", "needs_review"))
            etype, payload = "case.verdict", f'{{"policy_version":"1","verdict":"{v}"}}'
        elif r < 0.98:
            etype, payload = "check.overridden", '{"check_id":"passport.expiry","reason":"SPECIMEN","to_status":"pass"}'
        else:
            v = rng.choice(("verified", "mismatch", "needs_review"))
            etype, payload = "case.decided", f'{{"reason":"","verdict":"{v}"}}'
        eid = new_event_id()
        digest = event_hash_fast(seq, eid, ts, "desk-1", officer, "officer", etype, case, payload, prev)
        rows.append((seq, eid, ts, "desk-1", officer, "officer", etype, case, payload, prev, digest))
        prev = digest
        if len(rows) >= 20000:
            con.executemany(f"INSERT INTO audit_events VALUES ({','.join('?' * 11)})", rows)
            rows = []
    con.executemany(f"INSERT INTO audit_events VALUES ({','.join('?' * 11)})", rows)
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.close()


def _timed(fn: object) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()  # type: ignore[operator]
    return time.perf_counter() - t, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=None, help="trail file (built when missing)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    data = Path(os.environ.get("TMPDIR", "/tmp")) / f"review-bench-{args.events}"
    data.mkdir(mode=0o700, exist_ok=True)
    db = args.db or data / "audit.sqlite3"
    if not db.exists():
        t = time.perf_counter()
        build_trail(db, args.events)
        print(f"built {args.events} events in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    cfg = WorkstationConfig(data_dir=data, db_url=f"sqlite:///{db}")
    ws = Workstation(cfg)
    sup = UserSession("supervisor-1", "supervisor")
    lines = [f"# Review benchmark ({args.events:,} events)", "", "| measure | seconds | bar | ok |", "|---|---|---|---|"]
    ok_all = True

    def row(name: str, secs: float, bar: float) -> None:
        nonlocal ok_all
        ok = secs <= bar
        ok_all &= ok
        lines.append(f"| {name} | {secs:.3f} | {bar} | {'yes' if ok else 'NO'} |")

    try:
        from ui.supervisor.review_model import AuditTrailModel, sync_fetcher

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication, QTableView

        app = QApplication.instance() or QApplication([])

        def open_table() -> object:
            model = AuditTrailModel(sync_fetcher(lambda flt, before, limit: ws.review_page(sup, flt, before, limit)))
            view = QTableView()
            view.setModel(model)
            model.set_filter(ReviewFilter())
            choices = ws.review_choices(sup)
            app.processEvents()
            return model, choices, view

        secs, (model, choices, _view) = _timed(open_table)  # type: ignore[misc]
        row(f"open review table (first {model.rowCount()} rows + drop-downs: {len(choices[0])} actors)", secs, 1.0)
        secs, _ = _timed(lambda: (model.fetchMore(model.index(-1, -1)), model.rowCount()))
        row(f"scroll: next page ({model.rowCount()} rows loaded)", secs, 0.5)
    except ImportError as e:  # the UI model not there: time the core query alone
        print(f"(no Qt model: {e}); timing the core query", file=sys.stderr)
        secs, _ = _timed(lambda: (ws.review_page(sup, ReviewFilter()), ws.review_choices(sup)))
        row("open review (core first page + drop-downs)", secs, 1.0)
    mid = utc_timestamp(T0 + timedelta(seconds=STEP_S * args.events // 2))[:10]
    nxt = (datetime.fromisoformat(mid) + timedelta(days=1)).date().isoformat()
    filters = {
        "officer": ReviewFilter(actor="officer-07"),
        "case": ReviewFilter(case_ref="SPECIMEN-01234"),
        "date range (one day mid-trail)": ReviewFilter(since=mid, until=nxt),
        "event type": ReviewFilter(event_types=("document.added",)),
        "overrides only": ReviewFilter(overrides_only=True),
        "verdict = mismatch": ReviewFilter(verdict="mismatch"),
        "officer + overrides + date": ReviewFilter(actor="officer-07", overrides_only=True, since=mid, until=nxt),
        "date range (the whole trail)": ReviewFilter(since="2020-01-01", until="2030-01-01"),
        "verdict + date range": ReviewFilter(verdict="mismatch", since=mid, until=nxt),
        "awaiting sign-off": ReviewFilter(awaiting_signoff=True),
        "no match (unknown officer)": ReviewFilter(actor="nobody"),
    }
    for name, flt in filters.items():
        secs, page = _timed(lambda flt=flt: ws.review_page(sup, flt, None, 500))
        row(f"filter: {name} ({len(page)} rows)", secs, 0.5)  # type: ignore[arg-type]
    secs, aw = _timed(lambda: ws.awaiting_signoff(sup))
    row(f"awaiting sign-off (first {len(aw)})", secs, 0.5)  # type: ignore[arg-type]
    ws.close()
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text + f"\nCommand: `.venv/bin/python -m bench.review --events {args.events}`\n", encoding="utf-8")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
