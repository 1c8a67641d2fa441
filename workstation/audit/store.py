"""Appending to the audit trail: the only write path, and it cannot update or delete.

Service actions write their event in the *same transaction* as their effect, so both
commit or neither does (fail closed)::

    with session_scope(ws.sessions) as s:
        case_repo.set_status(s, case, "verified")
        ws.audit.append(s, actor=user.id, role=user.role, event_type="case.verdict",
                        case_ref=case, payload={"verdict": "verified"})

:func:`append_event` serialises writers (``BEGIN IMMEDIATE`` on SQLite, taken when the
transaction begins; ``pg_advisory_xact_lock`` on PostgreSQL, inside the ``audit_append()``
function of migration 0002 so the lock is held for one statement plus the commit), reads
the chain head, links and hashes the new event, and signs a checkpoint when one is due.
:class:`AuditStore` bundles the engine, the desk id and the signing key, and retries a
whole unit of work with the same event id after a lost server connection.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, Table, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from workstation.audit.chain import (
    GENESIS_HASH,
    AuditEvent,
    canonical_payload,
    check_label,
    event_hash_fast,
    new_event_id,
    parse_timestamp,
    utc_timestamp,
)
from workstation.audit.checkpoints import REASONS, Checkpoint
from workstation.audit.engine import (
    SQLITE_BUSY_TIMEOUT_MS,
    is_transient_error,
    make_session_factory,
    read_only,
    session_scope,
)
from workstation.audit.schema import AuditCheckpointRow, AuditEventRow
from workstation.errors import AuditError
from workstation.security.signing import CheckpointSigner

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Key of the PostgreSQL advisory lock that serialises appends (ASCII "WSAUDIT").
APPEND_LOCK_KEY = 0x57534155444954
#: How long an append waits for another desk's append lock on PostgreSQL before "busy".
APPEND_LOCK_TIMEOUT_MS = SQLITE_BUSY_TIMEOUT_MS
#: A checkpoint is signed once this many events are not yet covered by one...
CHECKPOINT_EVERY = 100
#: ...or when the oldest uncovered event is this old.
CHECKPOINT_INTERVAL = timedelta(minutes=15)
#: Longest range one checkpoint covers (bounds the row size; more ranges are signed in pieces).
CHECKPOINT_MAX_SPAN = 1000

_EVENTS: Table = AuditEventRow.__table__  # type: ignore[assignment]
_CHECKPOINTS: Table = AuditCheckpointRow.__table__  # type: ignore[assignment]
#: Chain head, newest checkpointed seq and the time of the oldest event not yet checkpointed.
_STATE_SQL = text(
    "SELECT (SELECT max(seq) FROM audit_events),"
    " (SELECT hash FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)),"
    " (SELECT max(to_seq) FROM audit_checkpoints),"
    " (SELECT ts FROM audit_events WHERE seq = COALESCE((SELECT max(to_seq) FROM audit_checkpoints), 0) + 1)"
)
#: PostgreSQL: lock, read the head, hash and insert in one round trip (migration 0002).
_PG_APPEND_SQL = text(
    "SELECT * FROM audit_append(:eid, :ts, :ws, :actor, :role, :etype, :case, :payload, :key, :timeout)"
)
_EVENT_COLUMNS = (
    _EVENTS.c.seq,
    _EVENTS.c.event_id,
    _EVENTS.c.ts,
    _EVENTS.c.workstation_id,
    _EVENTS.c.actor,
    _EVENTS.c.role,
    _EVENTS.c.event_type,
    _EVENTS.c.case_ref,
    _EVENTS.c.payload,
    _EVENTS.c.prev_hash,
    _EVENTS.c.hash,
)


def _lock_chain(session: Session) -> None:
    """Serialise appenders for the rest of this transaction (PostgreSQL; SQLite holds its write lock)."""
    if session.get_bind().dialect.name == "postgresql":
        # lock_timeout turns a desk that hangs while holding the lock into a clear "busy" error
        # for the others instead of an endless wait (it stays set for this transaction).
        session.execute(text("SELECT set_config('lock_timeout', :ms, true)"), {"ms": str(int(APPEND_LOCK_TIMEOUT_MS))})
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": APPEND_LOCK_KEY})
    # SQLite: the engine began this transaction with BEGIN IMMEDIATE, which holds the write lock.


def _read_state_sqlite(session: Session) -> tuple[Any, Any, Any, Any]:
    """Chain head, newest checkpointed seq and the oldest unsigned event's time, in one query.

    The transaction began with BEGIN IMMEDIATE, so the write lock is already held. (PostgreSQL
    does all of this, and the insert, inside ``audit_append()``: see migration 0002.)
    """
    head_seq, head_hash, covered, oldest_ts = session.execute(_STATE_SQL).one()
    return head_seq, head_hash, covered, oldest_ts


def _head(session: Session) -> tuple[int, str]:
    row = session.execute(select(_EVENTS.c.seq, _EVENTS.c.hash).order_by(_EVENTS.c.seq.desc()).limit(1)).first()
    return (0, GENESIS_HASH) if row is None else (int(row[0]), str(row[1]))


def _event_from_row(row: Any) -> AuditEvent:
    return AuditEvent(*row)


def append_event(
    session: Session,
    *,
    actor: str,
    role: str,
    event_type: str,
    workstation_id: str,
    case_ref: str | None = None,
    payload: Mapping[str, Any] | None = None,
    event_id: str | None = None,
    signer: CheckpointSigner | None = None,
    now: datetime | None = None,
    check_existing: bool | None = None,
) -> AuditEvent:
    """Append one event inside the caller's transaction and return it as stored.

    Nothing is committed here: the event commits with the caller's unit of work, together
    with the change it records. If this raises, the caller's transaction must fail too.

    Args:
        session: The caller's session (from :func:`~workstation.audit.engine.session_scope`).
        actor: User id of whoever acted (an id, never a name).
        role: The actor's role.
        event_type: Dotted kind, e.g. ``document.added``.
        workstation_id: This desk.
        case_ref: The case number, if the event belongs to a case.
        payload: What was checked, found, decided and why: text, integers, booleans, lists and
            dictionaries only; documents by SHA-256; no personal data where a reference will do.
        event_id: Give the same id when retrying a write: if that event is already stored it
            is returned instead of being written twice. A fresh UUID when omitted.
        signer: This desk's checkpoint key; when given, a checkpoint is signed if one is due.
        now: The event time (default: now).
        check_existing: Look for an already stored event with ``event_id`` first (default: when
            ``event_id`` is given). :meth:`AuditStore.record` skips it on a first attempt.

    Raises:
        AuditError: Invalid event (floats, bytes, personal-data keys...), an event id reused for
            a different event, or a broken chain where a checkpoint was due.
    """
    check_label(actor, "actor")
    check_label(role, "role", max_len=32)
    check_label(event_type, "event type")
    check_label(workstation_id, "workstation id")
    if case_ref is not None:
        check_label(case_ref, "case reference")
    body = canonical_payload(payload)
    if check_existing is None:
        check_existing = event_id is not None
    event_id = check_label(event_id, "event id", max_len=36) if event_id is not None else new_event_id()
    now = now or datetime.now(UTC)
    ts = utc_timestamp(now)

    if check_existing:
        # Only a retry can find its own event; fresh ids skip the look-up. Done before the
        # lock: ids are unique per attempt chain, so no other writer can race on this one.
        existing = session.execute(select(*_EVENT_COLUMNS).where(_EVENTS.c.event_id == event_id)).first()
        if existing is not None:
            stored = _event_from_row(existing)
            same = (stored.actor, stored.role, stored.event_type, stored.case_ref, stored.payload) == (
                actor,
                role,
                event_type,
                case_ref,
                body,
            )
            if not same:
                raise AuditError(f"audit event id {event_id} is already used by a different event")
            log.info("audit event %s was already stored (seq %d): retry recognised", event_id, stored.seq)
            return stored

    if session.get_bind().dialect.name == "postgresql":
        seq, prev_hash, digest, covered, oldest_ts = session.execute(
            _PG_APPEND_SQL,
            {"eid": event_id, "ts": ts, "ws": workstation_id, "actor": actor, "role": role, "etype": event_type,
             "case": case_ref, "payload": body, "key": APPEND_LOCK_KEY, "timeout": int(APPEND_LOCK_TIMEOUT_MS)},
        ).one()
        seq, prev_hash, digest = int(seq), str(prev_hash), str(digest)
        expected = event_hash_fast(seq, event_id, ts, workstation_id, actor, role, event_type, case_ref, body, prev_hash)
        if digest != expected:  # the server's hashing must never drift from ours: fail closed
            raise AuditError(f"the database hashed event {seq} differently from the workstation; nothing was written")
    else:
        head_seq, head_hash, covered, oldest_ts = _read_state_sqlite(session)
        seq = int(head_seq or 0) + 1
        prev_hash = str(head_hash) if head_seq else GENESIS_HASH
        digest = event_hash_fast(seq, event_id, ts, workstation_id, actor, role, event_type, case_ref, body, prev_hash)
        session.execute(
            insert(_EVENTS).values(
                seq=seq,
                event_id=event_id,
                ts=ts,
                workstation_id=workstation_id,
                actor=actor,
                role=role,
                event_type=event_type,
                case_ref=case_ref,
                payload=body,
                prev_hash=prev_hash,
                hash=digest,
            )
        )
    ev = AuditEvent(seq, event_id, ts, workstation_id, actor, role, event_type, case_ref, body, prev_hash, digest)
    if signer is not None:
        reason = _due(seq, int(covered or 0), str(oldest_ts) if oldest_ts is not None else ts, now)
        if reason is not None:
            sign_checkpoints(session, signer, workstation_id, reason, now=now)
    return ev


def _last_checkpoint_seq(session: Session) -> int:
    value = session.execute(select(func.max(_CHECKPOINTS.c.to_seq))).scalar()
    return int(value or 0)


def _due(head_seq: int, covered: int, oldest_uncovered_ts: str, now: datetime | None) -> str | None:
    pending = head_seq - covered
    if pending >= CHECKPOINT_EVERY:
        return "count"
    if pending > 0 and (now or datetime.now(UTC)) - parse_timestamp(oldest_uncovered_ts) >= CHECKPOINT_INTERVAL:
        return "time"
    return None


def checkpoint_due(session: Session, head_seq: int, now: datetime | None = None) -> str | None:
    """``"count"`` or ``"time"`` when a checkpoint is due at ``head_seq``, else ``None``."""
    covered = _last_checkpoint_seq(session)
    if head_seq <= covered:
        return None
    oldest = session.execute(select(_EVENTS.c.ts).where(_EVENTS.c.seq == covered + 1)).scalar()
    return _due(head_seq, covered, str(oldest) if oldest is not None else utc_timestamp(now), now)


def sign_checkpoints(
    session: Session,
    signer: CheckpointSigner,
    workstation_id: str,
    reason: str,
    *,
    now: datetime | None = None,
) -> Checkpoint | None:
    """Sign checkpoint(s) covering every event not yet covered; return the newest, or ``None``.

    The covered events are re-verified first (links and hashes, and the link to the
    previous checkpoint's head): a broken chain is never signed.

    Raises:
        AuditError: The uncovered part of the chain does not verify, or ``reason`` is unknown.
    """
    if reason not in REASONS:
        raise AuditError(f"unknown checkpoint reason {reason!r}")
    check_label(workstation_id, "workstation id")
    _lock_chain(session)
    head_seq, _ = _head(session)
    covered = _last_checkpoint_seq(session)
    if head_seq <= covered:
        return None
    if covered:
        prev = session.execute(
            select(_CHECKPOINTS.c.head_hash).where(_CHECKPOINTS.c.to_seq == covered).limit(1)
        ).scalar()
        prev_hash = str(prev)
    else:
        prev_hash = GENESIS_HASH
    ts = utc_timestamp(now)
    newest: Checkpoint | None = None
    start = covered
    while start < head_seq:
        end = min(head_seq, start + CHECKPOINT_MAX_SPAN)
        rows = session.execute(
            select(*_EVENT_COLUMNS).where(_EVENTS.c.seq > start, _EVENTS.c.seq <= end).order_by(_EVENTS.c.seq)
        ).all()
        hashes: list[str] = []
        expected = start + 1
        for row in rows:
            ev = _event_from_row(row)
            if ev.seq != expected or ev.prev_hash != prev_hash or ev.hash != event_hash_fast(
                ev.seq, ev.event_id, ev.ts, ev.workstation_id, ev.actor, ev.role, ev.event_type,
                ev.case_ref, ev.payload, ev.prev_hash,
            ):
                raise AuditError(
                    f"The audit trail is broken at seq {expected}; refusing to sign a checkpoint. "
                    "Run `workstation audit verify` and call a supervisor."
                )
            hashes.append(ev.hash)
            prev_hash = ev.hash
            expected += 1
        if expected != end + 1:
            raise AuditError(f"The audit trail is missing seq {expected}; refusing to sign a checkpoint.")
        unsigned = Checkpoint(
            from_seq=start,
            to_seq=end,
            head_hash=hashes[-1],
            hashes="".join(hashes),
            ts=ts,
            workstation_id=workstation_id,
            reason=reason,
            public_key=signer.public_key_hex,
            signature="",
        )
        cp = Checkpoint(**{**unsigned.__dict__, "signature": signer.sign(unsigned.message())})
        session.execute(
            insert(_CHECKPOINTS).values(
                from_seq=cp.from_seq,
                to_seq=cp.to_seq,
                head_hash=cp.head_hash,
                hashes=cp.hashes,
                ts=cp.ts,
                workstation_id=cp.workstation_id,
                reason=cp.reason,
                public_key=cp.public_key,
                signature=cp.signature,
            )
        )
        newest = cp
        start = end
    log.info("signed audit checkpoint at seq %d (%s)", head_seq, reason)
    return newest


def latest_checkpoint(session: Session) -> Checkpoint | None:
    """The checkpoint covering the newest events, or ``None`` when none was signed."""
    row = session.execute(
        select(
            _CHECKPOINTS.c.from_seq,
            _CHECKPOINTS.c.to_seq,
            _CHECKPOINTS.c.head_hash,
            _CHECKPOINTS.c.hashes,
            _CHECKPOINTS.c.ts,
            _CHECKPOINTS.c.workstation_id,
            _CHECKPOINTS.c.reason,
            _CHECKPOINTS.c.public_key,
            _CHECKPOINTS.c.signature,
        )
        .order_by(_CHECKPOINTS.c.to_seq.desc(), _CHECKPOINTS.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else Checkpoint(*row)


@dataclass(frozen=True)
class EventFilter:
    """Which events to read: one case, and/or a time range (UTC text, inclusive start, exclusive end)."""

    case_ref: str | None = None
    since: str | None = None
    until: str | None = None


class AuditStore:
    """The audit trail of one desk: engine, desk id and checkpoint key in one place.

    Args:
        engine: From :func:`~workstation.audit.engine.make_engine` (migrated to head).
        workstation_id: This desk's id, written into every event.
        signer: This desk's checkpoint key; without one no checkpoints are signed.
        sessions: The process's session factory (default: a new one for ``engine``).
        retry_s: How long a unit of work is retried after a lost server connection.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        workstation_id: str,
        signer: CheckpointSigner | None = None,
        sessions: sessionmaker[Session] | None = None,
        retry_s: float = 15.0,
    ) -> None:
        self.engine = engine
        self.workstation_id = check_label(workstation_id, "workstation id")
        self.signer = signer
        self.sessions = sessions or make_session_factory(engine)
        self.retry_s = retry_s

    # -- writing -----------------------------------------------------------------------------
    def append(
        self,
        session: Session,
        *,
        actor: str,
        role: str,
        event_type: str,
        case_ref: str | None = None,
        payload: Mapping[str, Any] | None = None,
        event_id: str | None = None,
        check_existing: bool | None = None,
    ) -> AuditEvent:
        """:func:`append_event` with this desk's id and key, inside the caller's transaction."""
        return append_event(
            session,
            actor=actor,
            role=role,
            event_type=event_type,
            workstation_id=self.workstation_id,
            case_ref=case_ref,
            payload=payload,
            event_id=event_id,
            signer=self.signer,
            check_existing=check_existing,
        )

    def run(self, work: Callable[[Session], T]) -> T:
        """Run ``work(session)`` as one unit of work; after a lost server connection, reconnect and re-run it.

        ``work`` must be safe to re-run: give its events fixed ids created *outside* ``work``
        so that a write that did commit before the connection dropped is recognised.

        Raises:
            AuditError: The work failed (or the server stayed unreachable for ``retry_s``).
        """
        deadline = time.monotonic() + self.retry_s
        delay = 0.05
        while True:
            try:
                with session_scope(self.sessions) as s:
                    return work(s)
            except AuditError as e:
                if not is_transient_error(e.__cause__ or e) or time.monotonic() + delay > deadline:
                    raise
                log.warning("audit database connection lost; retrying: %s", e)
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def record(
        self,
        *,
        actor: str,
        role: str,
        event_type: str,
        case_ref: str | None = None,
        payload: Mapping[str, Any] | None = None,
        event_id: str | None = None,
    ) -> AuditEvent:
        """Append one event in its own transaction (with reconnect-and-retry) and commit it."""
        eid = event_id or new_event_id()
        attempts = 0

        def work(s: Session) -> AuditEvent:
            nonlocal attempts
            attempts += 1
            # A fresh id cannot be stored yet on the first attempt: skip the look-up (one round trip).
            check = event_id is not None or attempts > 1
            return self.append(s, actor=actor, role=role, event_type=event_type, case_ref=case_ref,
                               payload=payload, event_id=eid, check_existing=check)

        return self.run(work)

    def checkpoint(self, reason: str = "manual") -> Checkpoint | None:
        """Sign a checkpoint now (e.g. ``reason="logout"``); ``None`` when everything is covered already.

        Raises:
            AuditError: No signing key, or the chain does not verify.
        """
        signer = self._require_signer()
        return self.run(lambda s: sign_checkpoints(s, signer, self.workstation_id, reason))

    def checkpoint_if_due(self) -> Checkpoint | None:
        """Sign a checkpoint when 15 minutes have passed since the oldest uncovered event (call from a timer)."""
        signer = self._require_signer()

        def work(s: Session) -> Checkpoint | None:
            _lock_chain(s)
            reason = checkpoint_due(s, _head(s)[0])
            return None if reason is None else sign_checkpoints(s, signer, self.workstation_id, reason)

        return self.run(work)

    def export_checkpoint(self, path: Path, *, actor: str, role: str) -> Checkpoint:
        """Record an export event, sign a checkpoint covering it, and write that checkpoint to ``path``.

        The file is written (and fsynced) before the transaction commits, and removed if the
        commit fails, so a file on disk always matches a checkpoint in the trail.

        Raises:
            AuditError: The trail is empty or broken, or the database failed.
            InputError: ``path`` cannot be written.
        """
        signer = self._require_signer()
        eid = new_event_id()
        written = False

        def work(s: Session) -> Checkpoint:
            nonlocal written
            self.append(s, actor=actor, role=role, event_type="audit.checkpoint_exported", event_id=eid,
                        payload={"public_key": signer.public_key_hex})
            cp = sign_checkpoints(s, signer, self.workstation_id, "export")
            if cp is None:  # pragma: no cover - the event above always needs covering
                raise AuditError("nothing to export")
            _write_file_durably(path, cp.to_json())
            written = True
            return cp

        try:
            return self.run(work)
        except AuditError:
            if written:
                path.unlink(missing_ok=True)
            raise

    def _require_signer(self) -> CheckpointSigner:
        if self.signer is None:
            raise AuditError("this desk has no checkpoint key (open the store with a signer)")
        return self.signer

    # -- reading -----------------------------------------------------------------------------
    def head(self) -> tuple[int, str]:
        """The newest ``(seq, hash)``; ``(0, GENESIS_HASH)`` for an empty trail."""
        with session_scope(self.sessions) as s:
            return _head(s)

    def events(self, flt: EventFilter | None = None, *, batch: int = 2000) -> Iterator[AuditEvent]:
        """Stream events in sequence order (server-side cursor; constant memory)."""
        flt = flt or EventFilter()
        stmt = select(*_EVENT_COLUMNS).order_by(_EVENTS.c.seq)
        if flt.case_ref is not None:
            stmt = stmt.where(_EVENTS.c.case_ref == flt.case_ref)
        if flt.since is not None:
            stmt = stmt.where(_EVENTS.c.ts >= flt.since)
        if flt.until is not None:
            stmt = stmt.where(_EVENTS.c.ts < flt.until)
        with read_only(self.engine).connect() as conn:
            result = conn.execution_options(yield_per=batch).execute(stmt)
            for row in result:
                yield _event_from_row(row)


def _write_file_durably(path: Path, content: str) -> None:
    from workstation.errors import InputError

    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise InputError(f"Cannot write {path}: {e.strerror or e}") from e
