"""Tamper detection: 8 kinds x 200 random trials with an SQLite client; 0 false alarms on clean logs.

Each trial copies a clean trail (built through the real append path, ending with a logout
checkpoint as at the end of a working day), changes it the way an intruder with ``sqlite3``
would (triggers dropped first), and runs the real verifier on the file.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workstation.audit.chain import event_hash_fast
from workstation.audit.engine import make_engine, session_scope
from workstation.audit.migrate import upgrade
from workstation.audit.store import AuditStore, append_event
from workstation.audit.verify import verify_trail
from workstation.security.signing import CheckpointSigner

TRIALS = 200
N_BASES = 16
COLS = "seq, event_id, ts, workstation_id, actor, role, event_type, case_ref, payload, prev_hash, hash"
EVENT_TYPES = ["login", "document.added", "reading.done", "check.done", "verdict", "override", "decision", "export"]


def build_trail(path: Path, n: int, rng: random.Random, signer: CheckpointSigner) -> None:
    """A clean trail of ``n`` events with count, time and logout checkpoints."""
    eng = make_engine(f"sqlite:///{path}")
    upgrade(eng)
    store = AuditStore(eng, workstation_id=f"desk-{rng.randint(1, 4)}", signer=signer)
    t = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
    with session_scope(store.sessions) as s:
        for i in range(n):
            t += timedelta(seconds=rng.choice([1, 5, 30, 120, 1200]))
            append_event(
                s,
                actor=f"officer-{rng.randint(1, 9)}",
                role=rng.choice(["officer", "supervisor"]),
                event_type=rng.choice(EVENT_TYPES),
                workstation_id=store.workstation_id,
                case_ref=rng.choice([None, f"SPECIMEN-{rng.randint(1, 30):03d}"]),
                payload={"i": i, "status": rng.choice(["pass", "fail", "review"]), "document_sha256": f"{i:064x}"},
                signer=signer,
                now=t,
            )
    store.checkpoint("logout")
    eng.dispose()  # the last connection to close checkpoints the WAL into the main file


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, int]]:
    rng = random.Random(20260201)
    signer = CheckpointSigner.generate()
    out = []
    folder = tmp_path_factory.mktemp("bases")
    for k in range(N_BASES):
        n = rng.randint(60, 350)
        path = folder / f"base{k}.sqlite3"
        build_trail(path, n, rng, signer)
        out.append((path, n))
    return out


# -- the intruder -------------------------------------------------------------------------------
def _open(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    for t in ("audit_events_no_update", "audit_events_no_delete"):
        con.execute(f"DROP TRIGGER IF EXISTS {t}")
    return con


def _rows(con: sqlite3.Connection) -> list[list[object]]:
    return [list(r) for r in con.execute(f"SELECT {COLS} FROM audit_events ORDER BY seq")]


def _rewrite(con: sqlite3.Connection, rows: list[list[object]]) -> None:
    con.execute("BEGIN")
    con.execute("DELETE FROM audit_events")
    con.executemany(f"INSERT INTO audit_events ({COLS}) VALUES ({','.join('?' * 11)})", rows)
    con.execute("COMMIT")


def _rehash(row: list[object]) -> None:
    row[10] = event_hash_fast(*row[:10])  # type: ignore[arg-type]


def _edit(row: list[object], rng: random.Random) -> None:
    field = rng.choice([4, 6, 7, 8, 2])
    if field == 8:
        row[8] = str(row[8]).replace('"pass"', '"fail"').replace('"review"', '"pass"').replace('"fail"', '"review"')
        if rng.random() < 0.5:
            row[8] = '{"forged":1}'
    elif field == 2:
        row[2] = "2025" + str(row[2])[4:]
    else:
        row[field] = f"{row[field]}x"


def t_edit(con: sqlite3.Connection, n: int, rng: random.Random) -> int:
    i = rng.randint(1, n)
    rows = _rows(con)
    _edit(rows[i - 1], rng)
    _rewrite(con, rows)
    return i


def t_edit_rehash(con: sqlite3.Connection, n: int, rng: random.Random) -> int:
    i = rng.randint(1, n)
    rows = _rows(con)
    _edit(rows[i - 1], rng)
    _rehash(rows[i - 1])
    _rewrite(con, rows)
    return i


def t_delete(con: sqlite3.Connection, n: int, rng: random.Random) -> int:
    i = rng.randint(1, n - 1)
    con.execute("DELETE FROM audit_events WHERE seq = ?", (i,))
    return i


def t_delete_renumber(con: sqlite3.Connection, n: int, rng: random.Random) -> int:
    i = rng.randint(1, n - 1)
    rows = _rows(con)
    del rows[i - 1]
    for k, r in enumerate(rows[i - 1 :], start=i):
        r[0] = k
    _rewrite(con, rows)
    return i


def t_swap(con: sqlite3.Connection, n: int, rng: random.Random) -> int:
    i, j = sorted(rng.sample(range(1, n + 1), 2))
    rows = _rows(con)
    a, b = rows[i - 1], rows[j - 1]
    rows[i - 1], rows[j - 1] = [i, *b[1:]], [j, *a[1:]]
    _rewrite(con, rows)
    return i


def t_forged_insert(con: sqlite3.Connection, n: int, rng: random.Random) -> int:
    i = rng.randint(1, n)
    rows = _rows(con)
    prev = rows[i - 2][10] if i > 1 else "0" * 64
    model = rows[i - 1]
    forged = [i, str(uuid.uuid4()), model[2], model[3], model[4], model[5], "decision", model[7],
              '{"decision":"approved"}', prev, ""]
    _rehash(forged)
    for r in rows[i - 1 :]:
        r[0] = int(r[0]) + 1  # type: ignore[call-overload]
    rows.insert(i - 1, forged)
    _rewrite(con, rows)
    return i


def t_truncate_tail(con: sqlite3.Connection, n: int, rng: random.Random) -> int:
    k = rng.randint(1, n - 1)
    con.execute("DELETE FROM audit_events WHERE seq > ?", (n - k,))
    return n - k + 1


def t_rewrite_suffix(con: sqlite3.Connection, n: int, rng: random.Random) -> int:
    i = rng.randint(1, n)
    rows = _rows(con)
    _edit(rows[i - 1], rng)
    prev = rows[i - 2][10] if i > 1 else "0" * 64
    for r in rows[i - 1 :]:
        r[9] = prev
        _rehash(r)
        prev = r[10]
    _rewrite(con, rows)
    return i


KINDS: dict[str, Callable[[sqlite3.Connection, int, random.Random], int]] = {
    "edit": t_edit,
    "edit_rehash": t_edit_rehash,
    "delete": t_delete,
    "delete_renumber": t_delete_renumber,
    "swap": t_swap,
    "forged_insert": t_forged_insert,
    "truncate_tail": t_truncate_tail,
    "rewrite_suffix": t_rewrite_suffix,
}


def _verify_copy(base: Path, work: Path, tamper: Callable[[sqlite3.Connection], int] | None) -> tuple[bool, int | None, int | None]:
    shutil.copyfile(base, work)
    expected = None
    if tamper is not None:
        con = _open(work)
        expected = tamper(con)
        con.close()
    eng = make_engine(f"sqlite:///{work}")
    try:
        rep = verify_trail(eng)
    finally:
        eng.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    return rep.ok, rep.first_bad_seq, expected


@pytest.fixture
def work_dir(tmp_path: Path) -> Iterator[Path]:
    """Scratch space for the copies: RAM-backed when the machine has /dev/shm (1,800 copies)."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(dir=shm) as d:
            yield Path(d)
    else:
        yield tmp_path


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_tampering_is_detected_and_the_first_bad_seq_named(
    kind: str, bases: list[tuple[Path, int]], work_dir: Path
) -> None:
    rng = random.Random(f"tamper-{kind}")
    misses, wrong_place = [], []
    for trial in range(TRIALS):
        base, n = rng.choice(bases)
        ok, bad, expected = _verify_copy(base, work_dir / "t.sqlite3", lambda con, n=n: KINDS[kind](con, n, rng))
        if ok:
            misses.append(trial)
        elif bad != expected:
            wrong_place.append((trial, expected, bad))
    assert not misses, f"{kind}: {len(misses)}/{TRIALS} tamperings not detected"
    assert not wrong_place, f"{kind}: wrong first bad seq (trial, expected, reported): {wrong_place[:5]}"


@pytest.mark.slow
def test_no_false_alarms_on_clean_trails(bases: list[tuple[Path, int]], work_dir: Path) -> None:
    rng = random.Random("clean")
    alarms = []
    for trial in range(TRIALS):
        base, n = bases[trial % len(bases)]
        if trial >= len(bases):  # a clean trail that kept growing after its last checkpoint
            grown = work_dir / "grown.sqlite3"
            shutil.copyfile(base, grown)
            eng = make_engine(f"sqlite:///{grown}")
            store = AuditStore(eng, workstation_id="desk-9", signer=CheckpointSigner.generate())
            with session_scope(store.sessions) as s:
                for _ in range(rng.randint(1, 5)):
                    store.append(s, actor="officer-1", role="officer", event_type="check.done")
            eng.dispose()
            base = grown
        ok, bad, _ = _verify_copy(base, work_dir / "c.sqlite3", None)
        if not ok:
            alarms.append((trial, bad))
    assert not alarms, f"false alarms on clean trails: {alarms[:5]}"
