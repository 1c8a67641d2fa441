"""Crash safety: a writer appending in a loop is killed with SIGKILL at a random moment, 200 times.

Acknowledged means the writer printed the event id *after* the commit returned. After every
kill: ``PRAGMA integrity_check`` is ok and every acknowledged event is stored; the whole
chain (with the checkpoints the writer signed along the way) verifies.

The writer is forked from the test process (a fresh interpreter per trial would spend most
of the time importing), and it opens its own engine after the fork, as a desk process does.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from workstation.audit.engine import make_engine
from workstation.audit.migrate import upgrade
from workstation.audit.store import AuditStore
from workstation.audit.verify import verify_trail
from workstation.security.signing import CheckpointSigner

TRIALS = 200


def _writer(url: str, signer: CheckpointSigner, out_fd: int, desk: int) -> None:
    engine = make_engine(url)
    store = AuditStore(engine, workstation_id=f"desk-{desk}", signer=signer)
    i = 0
    while True:
        ev = store.record(actor="officer-3", role="officer", event_type="check.done", case_ref="SPECIMEN-042",
                          payload={"i": i, "status": "pass"})
        os.write(out_fd, f"{ev.event_id}\n".encode())
        if i == 0:  # warmed up (connection open, statements compiled): the parent starts its clock
            os.write(out_fd, b"READY\n")
        i += 1


def _run_and_kill(url: str, signer: CheckpointSigner, delay: float, desk: int, *, wait_ready: bool) -> list[str]:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the writer
        os.close(r)
        try:
            _writer(url, signer, w, desk)
        except BaseException as e:  # noqa: BLE001 - report and leave without running pytest's cleanup
            sys.stderr.write(f"writer failed: {type(e).__name__}: {e}\n")
            os._exit(1)
        os._exit(0)
    os.close(w)
    data = b""
    while wait_ready and b"READY\n" not in data:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    while chunk := os.read(r, 65536):
        data += chunk
    os.close(r)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the writer died on its own"
    lines = data.decode().split("\n")
    return [line for line in lines[:-1] if line and line != "READY"]  # a torn last line was never acknowledged


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_acknowledged_event(tmp_path: Path) -> None:
    db = tmp_path / "audit.sqlite3"
    url = f"sqlite:///{db}"
    eng = make_engine(url)
    upgrade(eng)
    eng.dispose()
    signer = CheckpointSigner.generate()
    rng = random.Random(7)
    acked: list[str] = []
    killed_with_acks = 0
    for trial in range(TRIALS):
        # Nine kills in ten land in the append loop, one in ten during start-up.
        new = _run_and_kill(url, signer, rng.uniform(0.0, 0.05), desk=trial % 3 + 1, wait_ready=trial % 10 != 0)
        killed_with_acks += bool(new)
        acked += new
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"trial {trial}"
            if new:
                marks = ",".join("?" * len(new))
                found = con.execute(f"SELECT count(*) FROM audit_events WHERE event_id IN ({marks})", new).fetchone()[0]
                assert found == len(new), f"trial {trial}: {len(new) - found} acknowledged event(s) lost"
        finally:
            con.close()
        if trial % 50 == 49 or trial == TRIALS - 1:
            eng = make_engine(url)
            rep = verify_trail(eng, trusted_keys={signer.public_key_hex})
            eng.dispose()
            assert rep.ok, f"trial {trial}: {rep.summary()}"
            assert rep.last_seq >= len(acked)
    con = sqlite3.connect(db)
    stored = {r[0] for r in con.execute("SELECT event_id FROM audit_events")}
    con.close()
    assert set(acked) <= stored and len(acked) == len(set(acked))
    assert killed_with_acks > TRIALS * 3 // 4, "most kills should land while events are being written"
    print(f"{TRIALS} kills, {killed_with_acks} after at least one acknowledgement, {len(acked)} acknowledged events")
    assert rep.checkpoints >= 1
