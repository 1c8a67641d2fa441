"""Audit store benchmark: append rate on SQLite (synchronous=FULL), verifying 1,000,000 events,
and (with --pg) 8 desks appending into one PostgreSQL.

    .venv/bin/python -m bench.audit [--events 1000000] [--appends 2000] [--pg URL] [--out bench/results/audit.md]

Bars (AUDIT.md, issue 7): >= 500 appends/s on SQLite with synchronous=FULL; a full verification
of 1,000,000 events in < 30 s and < 200 MB peak memory; >= 200 appends/s from 8 desks on
PostgreSQL. Exit status 1 when a bar is missed. The append rate is bounded by the disk's fsync
latency (one fsync per commit with synchronous=FULL), so the fsync latency is reported too.
The million-event trail is built directly (same hashing and checkpoint code, bulk inserts),
since appending it one transaction at a time would take longer than the verification bench.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from workstation.audit.chain import GENESIS_HASH, event_hash_fast, new_event_id, utc_timestamp
from workstation.audit.checkpoints import Checkpoint
from workstation.audit.engine import make_engine
from workstation.audit.migrate import upgrade
from workstation.audit.store import AuditStore
from workstation.security.signing import CheckpointSigner


def fsync_latency_ms(folder: Path, n: int = 200) -> float:
    """Median-ish cost of write+fsync of 4 kB in ``folder``."""
    path = folder / "fsync.probe"
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        t = time.perf_counter()
        for _ in range(n):
            os.write(fd, b"x" * 4096)
            os.fsync(fd)
        return (time.perf_counter() - t) / n * 1000
    finally:
        os.close(fd)
        path.unlink()


def bench_append(folder: Path, n: int, per_unit: int = 1) -> float:
    """Events/s on SQLite FULL with checkpoints: ``per_unit`` events per transaction (one fsync each).

    ``per_unit=1`` is the strict case (every event its own unit of work); a verification run
    writes its reading, each check and the verdict in one unit of work, about ten events.
    """
    engine = make_engine(f"sqlite:///{folder / f'append{per_unit}.sqlite3'}")
    upgrade(engine)
    store = AuditStore(engine, workstation_id="desk-1", signer=CheckpointSigner.generate())
    store.record(actor="officer-1", role="officer", event_type="login")  # warm up

    def unit(s: Session, start: int) -> None:
        for i in range(start, start + per_unit):
            store.append(s, actor="officer-1", role="officer", event_type="check.done", case_ref="SPECIMEN-001",
                         payload={"check": "passport.date_of_birth", "status": "pass", "i": i,
                                  "document_sha256": "ab" * 32})

    t = time.perf_counter()
    for start in range(0, n, per_unit):
        store.run(lambda s, start=start: unit(s, start))
    rate = n / (time.perf_counter() - t)
    engine.dispose()
    return rate


def build_trail(path: Path, n: int) -> None:
    """A valid trail of ``n`` events with a signed checkpoint every 100, bulk-inserted."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    signer = CheckpointSigner.generate()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("BEGIN")
    prev = GENESIS_HASH
    t0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    rows: list[tuple[object, ...]] = []
    hashes: list[str] = []
    from_seq = 0
    for seq in range(1, n + 1):
        ts = utc_timestamp(t0 + timedelta(seconds=seq * 3))
        case = f"SPECIMEN-{seq % 5000:05d}"
        payload = f'{{"check":"passport.date_of_birth","document_sha256":"{seq:064x}","i":{seq},"status":"pass"}}'
        eid = new_event_id()
        digest = event_hash_fast(seq, eid, ts, "desk-1", "officer-1", "officer", "check.done", case, payload, prev)
        rows.append((seq, eid, ts, "desk-1", "officer-1", "officer", "check.done", case, payload, prev, digest))
        hashes.append(digest)
        prev = digest
        if seq % 100 == 0 or seq == n:
            blank = Checkpoint(from_seq, seq, digest, "".join(hashes), ts, "desk-1", "count", signer.public_key_hex, "")
            cp = Checkpoint(**{**blank.__dict__, "signature": signer.sign(blank.message())})
            con.execute(
                "INSERT INTO audit_checkpoints (from_seq, to_seq, head_hash, hashes, ts, workstation_id, reason,"
                " public_key, signature) VALUES (?,?,?,?,?,?,?,?,?)",
                (cp.from_seq, cp.to_seq, cp.head_hash, cp.hashes, cp.ts, cp.workstation_id, cp.reason,
                 cp.public_key, cp.signature),
            )
            hashes = []
            from_seq = seq
        if len(rows) >= 20000:
            con.executemany(f"INSERT INTO audit_events VALUES ({','.join('?' * 11)})", rows)
            rows = []
    con.executemany(f"INSERT INTO audit_events VALUES ({','.join('?' * 11)})", rows)
    con.execute("COMMIT")
    con.close()


_VERIFY = """
import sys, time
from workstation.audit.engine import make_engine
from workstation.audit.verify import verify_trail
t = time.perf_counter()
rep = verify_trail(make_engine(sys.argv[1]))
print(f"{time.perf_counter() - t:.2f} {int(rep.ok)} {rep.events} {rep.checkpoints}")
"""


def bench_verify(path: Path) -> tuple[float, float, float, bool, int]:
    """(wall seconds, CPU seconds, peak MB, ok, events) of a full verification in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen([sys.executable, "-c", _VERIFY, f"sqlite:///{path}"], stdout=subprocess.PIPE, text=True)
    out, _ = proc.communicate()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    secs, ok, events, _cps = out.split()
    return float(secs), cpu, usage.ru_maxrss / 1024, ok == "1", int(events)


def _desk(url: str, desk: int, n: int, start: mp.synchronize.Event, done: mp.Queue[int]) -> None:
    engine = make_engine(url)
    store = AuditStore(engine, workstation_id=f"desk-{desk}", signer=CheckpointSigner.generate())
    store.head()
    start.wait()
    for i in range(n):
        store.record(actor=f"officer-{desk}", role="officer", event_type="check.done", payload={"i": i})
    done.put(n)
    engine.dispose()


def bench_pg(url: str, desks: int = 8, n: int = 1000) -> float:
    """Appends/s of ``desks`` processes x ``n`` appends into PostgreSQL (needs a migrated schema)."""
    ctx = mp.get_context("fork")
    start, done = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_desk, args=(url, d, n, start, done)) for d in range(desks)]
    for p in procs:
        p.start()
    time.sleep(1)
    t = time.perf_counter()
    start.set()
    total = sum(done.get() for _ in procs)
    rate = total / (time.perf_counter() - t)
    for p in procs:
        p.join()
    return rate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000, help="trail size for the verification bench")
    ap.add_argument("--appends", type=int, default=2000, help="appends for the SQLite rate")
    ap.add_argument("--pg", metavar="URL", help="also bench 8 desks x 1000 appends on this PostgreSQL (schema migrated)")
    ap.add_argument("--dir", metavar="DIR", help="scratch folder on the disk to measure (default: a temp folder)")
    ap.add_argument("--out", metavar="FILE", help="also write the results table (Markdown) here")
    args = ap.parse_args(argv)

    rows: list[tuple[str, str, str, bool]] = []
    with tempfile.TemporaryDirectory(dir=args.dir) as d:
        folder = Path(d)
        lat = fsync_latency_ms(folder)
        rate = bench_append(folder, args.appends)
        rows.append((f"SQLite events/s, synchronous=FULL, one event per transaction ({args.appends}; "
                     f"fsync {lat:.2f} ms)", f"{rate:.0f}", ">= 500", rate >= 500))
        batched = bench_append(folder, args.appends, per_unit=10)
        rows.append(("same, ten events per transaction (one verification run: reading, checks, verdict)",
                     f"{batched:.0f}", ">= 500", batched >= 500))
        shm = Path("/dev/shm")
        if shm.is_dir() and os.access(shm, os.W_OK):
            with tempfile.TemporaryDirectory(dir=shm) as ram:
                ram_rate = bench_append(Path(ram), args.appends)
            rows.append(("same, on tmpfs (no fsync cost: the code's own ceiling; information only)",
                         f"{ram_rate:.0f}", "-", True))
        trail = folder / "million.sqlite3"
        t = time.perf_counter()
        build_trail(trail, args.events)
        build_s = time.perf_counter() - t
        secs, cpu, peak_mb, ok, events = bench_verify(trail)
        size_mb = trail.stat().st_size / 1e6
        rows.append((f"verify {events:,} events ({size_mb:.0f} MB file, built in {build_s:.0f} s): wall time "
                     f"(CPU {cpu:.1f} s, including interpreter start)", f"{secs:.1f} s", "< 30 s", ok and secs < 30))
        rows.append(("verify: peak memory (RSS of the verifying process)", f"{peak_mb:.0f} MB", "< 200 MB", peak_mb < 200))
    if args.pg:
        pg_rate = bench_pg(args.pg)
        rows.append(("PostgreSQL: 8 desks x 1000 appends", f"{pg_rate:.0f}/s", ">= 200/s", pg_rate >= 200))

    lines = ["| measurement | result | bar | met |", "|---|---|---|---|"]
    lines += [f"| {name} | {value} | {bar} | {'yes' if met else 'NO'} |" for name, value, bar, met in rows]
    load = os.getloadavg()[0]
    lines.append("")
    lines.append(f"Machine: {os.cpu_count()} cores, load average {load:.1f} at the end; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.")
    text = "\n".join(lines)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0 if all(met for *_, met in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
