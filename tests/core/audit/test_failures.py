"""Infrastructure failures: a full disk and a database locked by another process.

In both the user must get the *real* reason, the action must not happen (fail closed), the
database must stay intact, and appends must work again once the cause is gone.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.core.audit.conftest import fill
from workstation.audit import cases as case_repo
from workstation.audit.engine import make_engine, session_scope
from workstation.audit.migrate import upgrade
from workstation.audit.schema import CaseRow
from workstation.audit.store import AuditStore
from workstation.audit.verify import verify_trail
from workstation.errors import AuditError
from workstation.records.model import parse_record
from workstation.security.signing import CheckpointSigner


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (needs root, as in CI and on the dev machine)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mnt)], check=True)
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill_disk(folder: Path, leave: int) -> Path:
    """Fill ``folder``'s file system, leaving about ``leave`` bytes free."""
    filler = folder / "filler.bin"
    free = shutil.disk_usage(folder).free
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(0, free - leave))
    return filler


def test_disk_full_shows_the_real_error_blocks_the_action_and_recovers(tiny_tmpfs: Path) -> None:
    db = tiny_tmpfs / "audit.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    store = AuditStore(engine, workstation_id="desk-1", signer=CheckpointSigner.generate())
    fill(store, 20)
    filler = _fill_disk(tiny_tmpfs, leave=16 * 1024)

    big = {"note": "SPECIMEN " * 3000}  # ~27 kB canonical: more than the space left
    errors = []
    stored_before = store.head()[0]
    for _ in range(5):
        rec = parse_record({"case_number": "SPECIMEN-777"}, "SPECIMEN-777")
        try:
            with session_scope(store.sessions) as s:
                case_repo.upsert_case(s, rec)
                store.append(s, actor="officer-1", role="officer", event_type="case.imported",
                             case_ref="SPECIMEN-777", payload=big)
        except AuditError as e:
            errors.append(str(e))
    assert errors, "the full disk was never hit"
    print(errors[0])
    assert all("database or disk is full" in m for m in errors), errors
    assert not any("no transaction is active" in m for m in errors), errors
    # The action did not happen, nothing partial was written, and the file is sound.
    with session_scope(store.sessions) as s:
        assert s.scalar(select(func.count()).select_from(CaseRow)) == 0
    assert store.head()[0] == stored_before
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert verify_trail(engine).ok

    filler.unlink()  # space returns: work resumes on the same engine
    with session_scope(store.sessions) as s:
        case_repo.upsert_case(s, parse_record({"case_number": "SPECIMEN-777"}, "SPECIMEN-777"))
        store.append(s, actor="officer-1", role="officer", event_type="case.imported",
                     case_ref="SPECIMEN-777", payload=big)
    fill(store, 5)
    rep = verify_trail(engine)
    assert rep.ok and rep.last_seq == stored_before + 6
    engine.dispose()


_LOCKER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO cases (case_number, record_json, status, created_at, updated_at) "
            "VALUES ('SPECIMEN-LOCK', '{}', 'new', '2026-01-01', '2026-01-01')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
"""


def test_a_held_write_lock_gives_a_clear_busy_message_within_the_timeout(tmp_path: Path) -> None:
    db = tmp_path / "audit.sqlite3"
    engine = make_engine(f"sqlite:///{db}", busy_timeout_ms=1000)
    upgrade(engine)
    store = AuditStore(engine, workstation_id="desk-1", signer=CheckpointSigner.generate())
    fill(store, 3)
    locker = subprocess.Popen([sys.executable, "-c", _LOCKER, str(db), "6"], stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        t0 = time.monotonic()
        with pytest.raises(AuditError) as info, session_scope(store.sessions) as s:
            case_repo.upsert_case(s, parse_record({"case_number": "SPECIMEN-9"}, "SPECIMEN-9"))
            store.append(s, actor="officer-1", role="officer", event_type="case.imported", case_ref="SPECIMEN-9")
        waited = time.monotonic() - t0
        assert "busy" in str(info.value) and "Nothing was written" in str(info.value)
        assert 0.9 <= waited <= 2.5, waited
        t0 = time.monotonic()
        with pytest.raises(AuditError, match="busy"):
            store.record(actor="officer-1", role="officer", event_type="check.done")
        assert time.monotonic() - t0 <= 2.5
    finally:
        locker.kill()
        locker.wait()
    assert store.head()[0] == 3  # no partial write
    with session_scope(store.sessions) as s:
        assert s.scalar(select(func.count()).select_from(CaseRow)) == 0
    store.record(actor="officer-1", role="officer", event_type="check.done")
    assert verify_trail(engine).ok and store.head()[0] == 4
    engine.dispose()
