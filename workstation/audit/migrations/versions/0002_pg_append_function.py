"""PostgreSQL: ``audit_append()``, the whole append in one server round trip.

On PostgreSQL the append lock (``pg_advisory_xact_lock``) is held until COMMIT, so each
client round trip made while holding it is time every other desk waits. This function takes
the lock, reads the head, builds the same canonical bytes as
``workstation.audit.chain.event_hash_fast`` (``to_json`` escapes text exactly like Python's
JSON encoder for the printable strings the envelope allows; the payload arrives canonical),
hashes them with ``sha256()`` and inserts: one round trip under the lock instead of three.
The client recomputes the hash and refuses to commit if the two ever differ. In READ
COMMITTED a VOLATILE function takes a fresh snapshot per statement, so the head is read
after the lock is granted. Nothing changes on SQLite.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION audit_append(
    p_event_id text, p_ts text, p_workstation_id text, p_actor text, p_role text,
    p_event_type text, p_case_ref text, p_payload text, p_lock_key bigint, p_lock_timeout_ms integer)
RETURNS TABLE(out_seq bigint, out_prev_hash text, out_hash text, out_covered bigint, out_oldest_ts text)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    v_seq bigint;
    v_prev text;
    v_hash text;
    v_doc text;
    v_covered bigint;
BEGIN
    PERFORM set_config('lock_timeout', p_lock_timeout_ms::text, true);
    PERFORM pg_advisory_xact_lock(p_lock_key);
    SELECT e.seq, e.hash INTO v_seq, v_prev FROM audit_events AS e ORDER BY e.seq DESC LIMIT 1;
    IF v_seq IS NULL THEN
        v_seq := 0;
        v_prev := repeat('0', 64);
    END IF;
    v_seq := v_seq + 1;
    v_doc := '{"actor":' || to_json(p_actor)::text
        || ',"case_ref":' || COALESCE(to_json(p_case_ref)::text, 'null')
        || ',"event_id":' || to_json(p_event_id)::text
        || ',"event_type":' || to_json(p_event_type)::text
        || ',"payload":' || p_payload
        || ',"prev_hash":' || to_json(v_prev)::text
        || ',"role":' || to_json(p_role)::text
        || ',"seq":' || v_seq::text
        || ',"ts":' || to_json(p_ts)::text
        || ',"workstation_id":' || to_json(p_workstation_id)::text
        || '}';
    v_hash := encode(sha256(convert_to(v_doc, 'UTF8')), 'hex');
    INSERT INTO audit_events (seq, event_id, ts, workstation_id, actor, role, event_type, case_ref,
                              payload, prev_hash, hash)
    VALUES (v_seq, p_event_id, p_ts, p_workstation_id, p_actor, p_role, p_event_type, p_case_ref,
            p_payload, v_prev, v_hash);
    SELECT max(c.to_seq) INTO v_covered FROM audit_checkpoints AS c;
    RETURN QUERY SELECT v_seq, v_prev, v_hash, v_covered,
        (SELECT e.ts::text FROM audit_events AS e WHERE e.seq = COALESCE(v_covered, 0) + 1);
END
$fn$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION_SQL)


def downgrade() -> None:
    raise NotImplementedError("the audit trail is never downgraded")
