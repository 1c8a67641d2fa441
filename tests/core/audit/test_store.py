"""The append path: events, hashes, idempotent retries, refusals, checkpoints, fail-closed units of work."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from tests.core.audit.conftest import fill
from workstation.audit import cases as case_repo
from workstation.audit.chain import GENESIS_HASH, event_hash, event_hash_fast, new_event_id
from workstation.audit.checkpoints import Checkpoint
from workstation.audit.engine import check_sqlite_pragmas, make_engine, session_scope
from workstation.audit.migrate import current_revision, head_revision, upgrade
from workstation.audit.schema import AuditCheckpointRow, Base, CaseRow
from workstation.audit.store import AuditStore, append_event, latest_checkpoint
from workstation.audit.verify import verify_trail
from workstation.errors import AuditError
from workstation.records.model import parse_record
from workstation.security.signing import CheckpointSigner


def test_events_chain_and_hash_is_rfc8785_of_event_plus_prev_hash(store: AuditStore) -> None:
    a = store.record(actor="officer-7", role="officer", event_type="login")
    b = store.record(actor="officer-7", role="officer", event_type="document.added", case_ref="SPECIMEN-001",
                     payload={"document_sha256": "cd" * 32, "source": "scanner", "quality": {"blur_permille": 12}})
    assert (a.seq, b.seq) == (1, 2)
    assert a.prev_hash == GENESIS_HASH and b.prev_hash == a.hash
    doc = {
        "actor": b.actor, "case_ref": b.case_ref, "event_id": b.event_id, "event_type": b.event_type,
        "payload": json.loads(b.payload), "prev_hash": b.prev_hash, "role": b.role, "seq": b.seq,
        "ts": b.ts, "workstation_id": b.workstation_id,
    }
    import hashlib

    assert b.hash == hashlib.sha256(rfc8785.dumps(doc)).hexdigest()
    assert b.ts.endswith("Z") and len(b.ts) == 27
    rep = verify_trail(store.engine)
    assert rep.ok and rep.last_seq == 2 and rep.head_hash == b.hash


_label = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf", "Co", "Cn", "Zs")), min_size=1, max_size=20
)
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8).filter(lambda k: k not in
                                                                                             ("name", "surname")),
                                                                   inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(actor=_label, case=st.none() | _label, payload=st.dictionaries(st.sampled_from(["a", "b", "é", "\U0001f600", "z"]), _json))
def test_fast_hash_equals_reference_rfc8785_hash(actor: str, case: str | None, payload: dict[str, object]) -> None:
    from workstation.audit.chain import canonical_payload

    body = canonical_payload(payload)
    args = dict(seq=7, event_id=new_event_id(), ts="2026-01-01T00:00:00.000000Z", workstation_id="desk-1",
                actor=actor, role="officer", event_type="x", case_ref=case, payload=body, prev_hash="ab" * 32)
    assert event_hash_fast(**args) == event_hash(**args)  # type: ignore[arg-type]


def test_retry_with_same_event_id_is_recognised_not_duplicated(store: AuditStore) -> None:
    eid = new_event_id()
    first = store.record(actor="officer-7", role="officer", event_type="check.done", event_id=eid, payload={"n": 1})
    again = store.record(actor="officer-7", role="officer", event_type="check.done", event_id=eid, payload={"n": 1})
    assert again == first
    assert store.head()[0] == 1
    with pytest.raises(AuditError, match="already used by a different event"):
        store.record(actor="officer-7", role="officer", event_type="check.done", event_id=eid, payload={"n": 2})


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"score": 0.5}, "floats are not allowed"),
        ({"image": "x"}, "personal data"),
        ({"scan": b"\x89PNG"}, "bytes are not allowed"),
        ({"n": 2**60}, "outside"),
        ({"who": {"surname": "SPECIMEN"}}, "personal data"),
        ({"blob": "x" * 70000}, "limit"),
    ],
)
def test_payloads_that_do_not_belong_in_the_trail_are_refused(store: AuditStore, payload: dict[str, object], message: str) -> None:
    with pytest.raises(AuditError, match=message):
        store.record(actor="officer-7", role="officer", event_type="x", payload=payload)
    assert store.head()[0] == 0


def test_bad_envelope_values_are_refused(store: AuditStore) -> None:
    for kw in ({"actor": ""}, {"actor": "a\nb"}, {"role": "x" * 40}, {"event_type": "\x00"}):
        args = {"actor": "officer-7", "role": "officer", "event_type": "x", **kw}
        with pytest.raises(AuditError):
            store.record(**args)


def test_action_and_event_commit_together_or_not_at_all(store: AuditStore) -> None:
    rec = parse_record({"case_number": "SPECIMEN-002"}, "SPECIMEN-002")
    with pytest.raises(AuditError), session_scope(store.sessions) as s:
        case_repo.upsert_case(s, rec)
        store.append(s, actor="officer-7", role="officer", event_type="case.imported",
                     case_ref="SPECIMEN-002", payload={"score": 1.5})
    with session_scope(store.sessions) as s:
        assert s.scalar(select(func.count()).select_from(CaseRow)) == 0  # the action did not happen
    with session_scope(store.sessions) as s:
        case_repo.upsert_case(s, rec)
        store.append(s, actor="officer-7", role="officer", event_type="case.imported", case_ref="SPECIMEN-002")
    with session_scope(store.sessions) as s:
        assert s.scalar(select(func.count()).select_from(CaseRow)) == 1
    assert store.head()[0] == 1


def test_sqlite_triggers_refuse_update_and_delete(store: AuditStore, db_path: Path) -> None:
    fill(store, 3)
    store.checkpoint("logout")
    con = sqlite3.connect(db_path)
    for sql in (
        "UPDATE audit_events SET actor='x' WHERE seq=1",
        "DELETE FROM audit_events WHERE seq=3",
        "UPDATE audit_checkpoints SET reason='x'",
        "DELETE FROM audit_checkpoints",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(sql)
    con.close()
    assert verify_trail(store.engine).ok


def test_the_api_has_no_update_or_delete() -> None:
    import workstation.audit.store as mod

    names = [n for n in dir(mod) + dir(mod.AuditStore) if not n.startswith("_")]
    assert not [n for n in names if any(w in n.lower() for w in ("update", "delete", "remove", "edit"))]


def test_database_files_are_private(store: AuditStore, db_path: Path) -> None:
    fill(store, 2)
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(db_path) + suffix)
        assert p.exists()
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o600, p


def test_unsafe_sqlite_settings_are_detected(engine: Engine, db_path: Path) -> None:
    assert check_sqlite_pragmas(engine) == []
    from sqlalchemy import create_engine

    plain = create_engine(f"sqlite:///{db_path}")
    with plain.connect() as c:
        c.exec_driver_sql("PRAGMA synchronous=NORMAL")
    # A connection configured elsewhere reports what it really uses.
    problems = check_sqlite_pragmas(plain)
    assert any("synchronous" in p for p in problems)
    plain.dispose()


def test_checkpoint_every_100_events_and_at_logout(store: AuditStore) -> None:
    fill(store, 250)
    with session_scope(store.sessions) as s:
        rows = s.execute(select(AuditCheckpointRow.to_seq, AuditCheckpointRow.reason).order_by(AuditCheckpointRow.id)).all()
    assert [tuple(r) for r in rows] == [(100, "count"), (200, "count")]
    cp = store.checkpoint("logout")
    assert cp is not None and (cp.from_seq, cp.to_seq, cp.reason) == (200, 250, "logout")
    assert cp.problem() is None
    assert store.checkpoint("logout") is None  # nothing new to cover
    rep = verify_trail(store.engine)
    assert rep.ok and rep.checkpoints == 3 and rep.unsigned == 0


def test_checkpoint_after_15_minutes_of_activity(store: AuditStore, signer: object) -> None:
    t0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with session_scope(store.sessions) as s:
        for minute in (0, 5, 10, 16):
            append_event(s, actor="officer-7", role="officer", event_type="x", workstation_id="desk-1",
                         signer=store.signer, now=t0 + timedelta(minutes=minute))
    with session_scope(store.sessions) as s:
        cp = latest_checkpoint(s)
    assert cp is not None and cp.reason == "time" and cp.to_seq == 4


def test_a_broken_chain_is_never_signed(store: AuditStore, db_path: Path) -> None:
    fill(store, 5)
    con = sqlite3.connect(db_path)
    con.execute("DROP TRIGGER audit_events_no_update")
    con.execute("UPDATE audit_events SET payload='{}' WHERE seq=3")
    con.commit()
    con.close()
    with pytest.raises(AuditError, match="broken at seq 3"):
        store.checkpoint("logout")


def test_exported_checkpoint_is_an_anchor_outside_the_database(store: AuditStore, db_path: Path, tmp_path: Path) -> None:
    fill(store, 30)
    out = tmp_path / "anchor.json"
    cp = store.export_checkpoint(out, actor="supervisor-1", role="supervisor")
    assert cp.to_seq == 31 and Checkpoint.load(out) == cp
    rep = verify_trail(store.engine)
    assert rep.ok and rep.last_exported_seq == 31 and rep.unexported == 0
    fill(store, 4)
    assert verify_trail(store.engine).unexported == 4
    # An intruder with an SQLite client cuts the tail *and* removes every checkpoint row:
    con = sqlite3.connect(db_path)
    con.executescript(
        "DROP TRIGGER audit_events_no_delete; DROP TRIGGER audit_checkpoints_no_delete;"
        "DELETE FROM audit_events WHERE seq > 20; DELETE FROM audit_checkpoints;"
    )
    con.close()
    assert verify_trail(store.engine).ok  # nothing left inside the database to notice...
    rep = verify_trail(store.engine, anchors=[Checkpoint.load(out)])
    assert not rep.ok and rep.first_bad_seq == 21  # ...but the exported anchor does.


def test_migrations_build_exactly_the_schema_the_models_describe(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrade_adopts_a_database_made_by_create_all(tmp_path: Path) -> None:
    eng = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    Base.metadata.tables["cases"].create(eng)
    upgrade(eng)
    upgrade(eng)  # idempotent
    assert current_revision(eng) == head_revision()
    eng.dispose()


def test_verification_reads_a_snapshot_without_blocking_the_desks_writers(store: AuditStore, db_path: Path) -> None:
    from sqlalchemy import text

    from workstation.audit.engine import read_only

    fill(store, 3)
    with read_only(store.engine).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar() == 3
        other = sqlite3.connect(db_path, timeout=0.5, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # would raise "database is locked" if the reader held the write lock
        other.execute("ROLLBACK")
        other.close()
        store.record(actor="officer-7", role="officer", event_type="check.done")
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar() == 3  # its own snapshot
    assert verify_trail(store.engine).last_seq == 4


def test_an_edited_checkpoint_is_itself_reported(store: AuditStore, db_path: Path) -> None:
    fill(store, 120)
    store.checkpoint("logout")
    con = sqlite3.connect(db_path)
    con.executescript("DROP TRIGGER audit_checkpoints_no_update; UPDATE audit_checkpoints SET to_seq = 90, "
                      "hashes = substr(hashes, 1, 90 * 64), head_hash = substr(hashes, 89 * 64 + 1, 64) WHERE id = 1;")
    con.close()
    rep = verify_trail(store.engine)
    assert not rep.ok and rep.first_bad_seq == 1 and "signature is not valid" in (rep.problem or "")


def test_checkpoints_by_keys_not_trusted_here_are_checked_and_counted(store: AuditStore, signer: CheckpointSigner) -> None:
    fill(store, 3)
    other_desk = AuditStore(store.engine, workstation_id="desk-2", signer=CheckpointSigner.generate())
    other_desk.checkpoint("logout")
    rep = verify_trail(store.engine, trusted_keys={signer.public_key_hex})
    assert rep.ok and rep.untrusted_keys == 1 and "not listed as trusted" in rep.summary()


def test_checkpoint_if_due_signs_quiet_desks_after_15_minutes(store: AuditStore) -> None:
    with session_scope(store.sessions) as s:  # written 20 minutes ago, then the desk went quiet
        append_event(s, actor="officer-7", role="officer", event_type="x", workstation_id="desk-1",
                     now=datetime.now(UTC) - timedelta(minutes=20))
    cp = store.checkpoint_if_due()  # what a UI timer calls
    assert cp is not None and cp.reason == "time" and cp.to_seq == 1
    fill(store, 1)
    assert store.checkpoint_if_due() is None  # the only unsigned event is fresh
    with session_scope(store.sessions) as s:
        append_event(s, actor="officer-7", role="officer", event_type="x", workstation_id="desk-1",
                     signer=store.signer, now=datetime.now(UTC) + timedelta(minutes=16))
    assert verify_trail(store.engine).unsigned == 0  # the next append after 15 minutes signed one itself


def test_a_row_with_malformed_fields_is_reported_not_a_crash(store: AuditStore) -> None:
    from workstation.audit.verify import verify_streams

    fill(store, 3)
    rows = [list(ev.__dict__.values()) for ev in store.events()]
    rows[1][4] = None  # a NULL actor, possible only by rebuilding the table by hand
    rep = verify_streams([tuple(r) for r in rows], [])
    assert not rep.ok and rep.first_bad_seq == 2 and "malformed" in (rep.problem or "")
