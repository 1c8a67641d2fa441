"""Verifying the trail: stream every event once, in order, against the chain and the checkpoints.

Per event, in this order (the first failure is reported and verification stops):

1. its sequence number is the next one (a gap means a deleted event);
2. its hash matches its content (an edit without rehashing);
3. every checkpoint covering it signed this very hash (an edit *with* rehashing, a forged
   insert, a rewritten suffix: the first differing event is named exactly);
4. its ``prev_hash`` is the previous event's hash (a broken link outside checkpoints).

At the end, a checkpoint or anchor claiming more events than are stored means the tail was
cut off. Memory stays constant: events and checkpoints are read with server-side cursors
(``yield_per``), and only the checkpoints covering the current event are held.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.exc import SQLAlchemyError

from workstation.audit.chain import GENESIS_HASH, event_hash_fast
from workstation.audit.checkpoints import Checkpoint
from workstation.audit.engine import read_only, translate_db_error
from workstation.audit.schema import AuditCheckpointRow, AuditEventRow

log = logging.getLogger(__name__)

_EVENTS: Table = AuditEventRow.__table__  # type: ignore[assignment]
_CHECKPOINTS: Table = AuditCheckpointRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class VerifyReport:
    """What verification found.

    Attributes:
        ok: The chain, every checkpoint and every anchor agree.
        events: Events read.
        last_seq: Sequence number of the newest stored event (0 when empty).
        head_hash: Hash of the newest stored event.
        first_bad_seq: The first sequence number that cannot be trusted, or ``None``.
        problem: One line saying what is wrong there, or ``None``.
        checkpoints: Checkpoints checked (from the database).
        anchors: Exported checkpoint files checked.
        untrusted_keys: Checkpoints signed by keys this desk was not told to trust (still checked).
        last_checkpoint_seq: The newest event covered by a checkpoint.
        last_exported_seq: The newest event covered by an exported checkpoint (0 if none).
        unsigned: Events newer than the last checkpoint (not protected against tail truncation).
        unexported: Events newer than the last exported checkpoint.
    """

    ok: bool
    events: int
    last_seq: int
    head_hash: str
    first_bad_seq: int | None
    problem: str | None
    checkpoints: int
    anchors: int
    untrusted_keys: int
    last_checkpoint_seq: int
    last_exported_seq: int
    unsigned: int
    unexported: int

    def summary(self) -> str:
        """A few lines for the CLI and the PDF report."""
        lines = []
        if self.ok:
            lines.append(f"OK: {self.events} events, chain intact up to seq {self.last_seq}.")
        else:
            lines.append(f"FAILED at seq {self.first_bad_seq}: {self.problem}")
        lines.append(
            f"{self.checkpoints} signed checkpoint(s), newest covers seq {self.last_checkpoint_seq}; "
            f"{self.unsigned} event(s) newer than the last checkpoint."
        )
        exported = f"seq {self.last_exported_seq}" if self.last_exported_seq else "none yet"
        hint = " (export one with `workstation audit checkpoint --export FILE`)" if self.unexported else ""
        lines.append(f"Last exported checkpoint: {exported}; {self.unexported} event(s) newer than it{hint}.")
        if self.anchors:
            lines.append(f"{self.anchors} exported checkpoint file(s) checked.")
        if self.untrusted_keys:
            lines.append(f"Note: {self.untrusted_keys} checkpoint(s) signed by keys not listed as trusted on this desk.")
        return "\n".join(lines)


@dataclass(order=True)
class _Active:
    to_seq: int
    order: int
    label: str = field(compare=False)
    cp: Checkpoint = field(compare=False)


_CP_COLUMNS = (
    _CHECKPOINTS.c.from_seq,
    _CHECKPOINTS.c.to_seq,
    _CHECKPOINTS.c.head_hash,
    _CHECKPOINTS.c.hashes,
    _CHECKPOINTS.c.ts,
    _CHECKPOINTS.c.workstation_id,
    _CHECKPOINTS.c.reason,
    _CHECKPOINTS.c.public_key,
    _CHECKPOINTS.c.signature,
    _CHECKPOINTS.c.id,
)


def _checkpoint_stream(conn: Connection, batch: int) -> Iterator[tuple[str, Checkpoint]]:
    stmt = select(*_CP_COLUMNS).order_by(_CHECKPOINTS.c.from_seq, _CHECKPOINTS.c.id)
    for row in conn.execution_options(yield_per=batch).execute(stmt):
        yield f"checkpoint #{row[9]}", Checkpoint(*row[:9])


def verify_streams(
    events: Iterable[Any],
    checkpoints: Iterable[tuple[str, Checkpoint]],
    *,
    trusted_keys: set[str] | None = None,
) -> VerifyReport:
    """Verify a stream of event rows against a stream of checkpoints (both sorted; see module doc).

    Args:
        events: Rows ``(seq, event_id, ts, workstation_id, actor, role, event_type, case_ref,
            payload, prev_hash, hash)`` in ascending ``seq``.
        checkpoints: ``(label, checkpoint)`` in ascending ``from_seq``.
        trusted_keys: Public keys this desk trusts; others are checked but counted as untrusted.
    """
    cps = iter(checkpoints)
    pending = next(cps, None)
    active: list[_Active] = []  # heap by to_seq
    order = 0
    n_cps = n_anchors = untrusted = 0
    last_cp = last_exported = 0
    expected = 1
    prev = GENESIS_HASH
    count = 0

    def report(bad: int | None, problem: str | None) -> VerifyReport:
        last = expected - 1
        return VerifyReport(
            ok=bad is None,
            events=count,
            last_seq=last,
            head_hash=prev,
            first_bad_seq=bad,
            problem=problem,
            checkpoints=n_cps,
            anchors=n_anchors,
            untrusted_keys=untrusted,
            last_checkpoint_seq=last_cp,
            last_exported_seq=last_exported,
            unsigned=max(0, last - last_cp),
            unexported=max(0, last - last_exported),
        )

    def admit(label: str, cp: Checkpoint) -> str | None:
        nonlocal n_cps, n_anchors, untrusted, last_cp, last_exported, order
        why = cp.problem()
        if why is not None:
            return f"{label} (events {cp.from_seq + 1}..{cp.to_seq}) cannot be trusted: {why}"
        if label.startswith("anchor"):
            n_anchors += 1
            last_exported = max(last_exported, cp.to_seq)
        else:
            n_cps += 1
            if cp.reason == "export":
                last_exported = max(last_exported, cp.to_seq)
        if trusted_keys is not None and cp.public_key not in trusted_keys:
            untrusted += 1
        last_cp = max(last_cp, cp.to_seq)
        order += 1
        heapq.heappush(active, _Active(cp.to_seq, order, label, cp))
        return None

    never = float("inf")
    next_from: float = pending[1].from_seq if pending is not None else never
    next_to: float = never
    for row in events:
        seq, event_id, ts, ws, actor, role, etype, case_ref, payload, prev_hash, digest = row
        if next_from < expected:  # checkpoints whose range starts here become active
            while pending is not None and pending[1].from_seq < expected:
                problem = admit(*pending)
                if problem is not None:
                    return report(pending[1].from_seq + 1, problem)
                pending = next(cps, None)
            next_from = pending[1].from_seq if pending is not None else never
            next_to = active[0].to_seq if active else never
        if next_to < expected:  # and those that ended are dropped
            while active and active[0].to_seq < expected:
                heapq.heappop(active)
            next_to = active[0].to_seq if active else never
        if seq != expected:
            return report(expected, f"event {expected} is missing (the next stored event is {seq})")
        try:
            actual = event_hash_fast(expected, event_id, ts, ws, actor, role, etype, case_ref, payload, prev_hash)
        except (TypeError, ValueError):  # a NULL or a number where text belongs: written by hand
            return report(expected, f"event {expected} has malformed fields (changed outside the workstation)")
        if actual != digest:
            return report(expected, f"event {expected} was changed after it was written (its hash does not match its content)")
        for a in active:
            if a.cp.expected_hash(expected) != digest:
                return report(
                    expected,
                    f"event {expected} is not the event {a.label} signed (changed, inserted or rewritten)",
                )
        if prev_hash != prev:
            return report(expected, f"event {expected} does not link to event {expected - 1} (one of them was changed)")
        prev = digest
        expected += 1
        count += 1

    # Checkpoints starting at or after the end of the stored events, and any still open.
    while pending is not None:
        problem = admit(*pending)
        if problem is not None:
            return report(pending[1].from_seq + 1, problem)
        pending = next(cps, None)
    last = expected - 1
    beyond = [a for a in active if a.to_seq > last]
    if beyond:
        worst = max(beyond, key=lambda a: a.to_seq)
        return report(
            last + 1,
            f"events {last + 1}..{worst.to_seq} are missing: {worst.label} signed {worst.to_seq} events "
            "(the end of the trail was cut off)",
        )
    return report(None, None)


def verify_trail(
    engine: Engine,
    *,
    trusted_keys: set[str] | None = None,
    anchors: Iterable[Checkpoint] = (),
    batch: int = 5000,
) -> VerifyReport:
    """Verify the whole trail in ``engine`` (and any exported ``anchors``) in one pass.

    Runs in one read transaction (on SQLite a deferred one: a consistent snapshot that does
    not block the desk's writers).

    Raises:
        AuditError: The database cannot be read (missing tables, unreachable...).
    """
    anchor_list = sorted(((f"anchor {i + 1}", a) for i, a in enumerate(anchors)), key=lambda x: x[1].from_seq)
    try:
        with read_only(engine).connect() as conn:
            ev_stmt = select(
                _EVENTS.c.seq, _EVENTS.c.event_id, _EVENTS.c.ts, _EVENTS.c.workstation_id, _EVENTS.c.actor,
                _EVENTS.c.role, _EVENTS.c.event_type, _EVENTS.c.case_ref, _EVENTS.c.payload,
                _EVENTS.c.prev_hash, _EVENTS.c.hash,
            ).order_by(_EVENTS.c.seq)
            events = conn.execution_options(yield_per=batch).execute(ev_stmt)
            merged = heapq.merge(_checkpoint_stream(conn, 200), anchor_list, key=lambda x: x[1].from_seq)
            rep = verify_streams(events, merged, trusted_keys=trusted_keys)
            conn.rollback()
            return rep
    except SQLAlchemyError as e:
        raise translate_db_error(e) from e
