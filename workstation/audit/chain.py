"""The hash chain: what one audit event holds and how its hash is computed.

Each event's ``hash`` is SHA-256 over the RFC 8785 canonical JSON of the event
*including* ``prev_hash``::

    {"actor": .., "case_ref": .. | null, "event_id": .., "event_type": ..,
     "payload": {..}, "prev_hash": .., "role": .., "seq": N, "ts": ..,
     "workstation_id": ..}

Only strings, integers (within the exact range of a double, |n| < 2**53),
booleans, null, lists and objects are allowed in a payload: no floats (their
text form is not stable across languages) and no bytes (images never enter the
trail; a document is referenced by its SHA-256). The payload is stored exactly
as its canonical text, so the verifier can rebuild the hashed bytes by string
concatenation instead of re-canonicalising (:func:`event_hash_fast`), which is
about ten times faster; :func:`event_hash` is the reference the tests compare
it with.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

import rfc8785

from workstation.errors import AuditError

#: ``prev_hash`` of the first event.
GENESIS_HASH = "0" * 64
#: Largest integer a payload may hold (RFC 8785 numbers are IEEE doubles).
MAX_SAFE_INT = 2**53 - 1
#: Largest canonical payload accepted: enough for any check report, far too small for an image.
MAX_PAYLOAD_BYTES = 64 * 1024
#: Payload keys that would put personal data into the trail; use a reference (case, SHA-256) instead.
PERSONAL_KEYS = frozenset(
    {
        "name",
        "full_name",
        "surname",
        "given_names",
        "father_name",
        "date_of_birth",
        "place_of_birth",
        "employee_name",
        "supervisor_name",
        "passport_number",
        "tazkira_number",
        "image",
        "image_bytes",
    }
)
_HEX64 = re.compile(r"[0-9a-f]{64}\Z")
_TS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


@dataclass(frozen=True)
class AuditEvent:
    """One event of the trail, as stored.

    Attributes:
        seq: Position in the chain, 1-based, without gaps.
        event_id: UUID given by the writer; a retried write with the same id is recognised.
        ts: UTC time, ISO 8601 with microseconds and a ``Z`` (``2026-01-31T09:00:00.000000Z``).
        workstation_id: The desk that wrote the event.
        actor: User id of whoever acted (never a name).
        role: The actor's role (officer, supervisor, administrator, system).
        event_type: Dotted kind, e.g. ``document.added`` or ``check.done``.
        case_ref: Case number the event belongs to, or ``None``.
        payload: Canonical JSON text of what was checked, found, decided, and why.
        prev_hash: ``hash`` of the previous event (:data:`GENESIS_HASH` for the first).
        hash: SHA-256 (hex) of the canonical event including ``prev_hash``.
    """

    seq: int
    event_id: str
    ts: str
    workstation_id: str
    actor: str
    role: str
    event_type: str
    case_ref: str | None
    payload: str
    prev_hash: str
    hash: str

    @property
    def payload_obj(self) -> dict[str, Any]:
        """The payload as a dictionary."""
        value = json.loads(self.payload)
        assert isinstance(value, dict)
        return value


def new_event_id() -> str:
    """A fresh event id. Create it *before* a write that may be retried, and reuse it."""
    return str(uuid.uuid4())


def utc_timestamp(now: datetime | None = None) -> str:
    """``now`` (default: the current time) in the trail's fixed UTC text form."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise AuditError("audit timestamps must be timezone-aware")
    return now.astimezone(UTC).strftime(_TS_FORMAT)


def parse_timestamp(ts: str) -> datetime:
    """Inverse of :func:`utc_timestamp`."""
    return datetime.strptime(ts, _TS_FORMAT).replace(tzinfo=UTC)


def check_label(value: str, what: str, *, max_len: int = 64) -> str:
    """Validate a short envelope string (actor, role, type, desk, case): printable, 1..max_len chars.

    Printable strings have no control characters, so Python's JSON escaping equals RFC 8785's,
    which the fast verifier relies on.

    Raises:
        AuditError: The value is empty, too long or contains control characters.
    """
    if not isinstance(value, str) or not value or len(value) > max_len or not value.isprintable():
        raise AuditError(f"audit {what} must be 1-{max_len} printable characters")
    return value


def _check_payload_value(value: object, path: str) -> None:
    if value is None or isinstance(value, bool | str):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as e:
                raise AuditError(f"audit payload {path}: text is not valid Unicode") from e
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INT:
            raise AuditError(f"audit payload {path}: integer outside +-2**53 (store it as text)")
        return
    if isinstance(value, float):
        raise AuditError(f"audit payload {path}: floats are not allowed (store an integer or text)")
    if isinstance(value, bytes | bytearray | memoryview):
        raise AuditError(f"audit payload {path}: bytes are not allowed (reference documents by SHA-256)")
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_payload_value(item, f"{path}[{i}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise AuditError(f"audit payload {path}: keys must be text")
            if key in PERSONAL_KEYS:
                raise AuditError(
                    f"audit payload {path}.{key}: personal data stays out of the trail "
                    "(use the case number or a document SHA-256)"
                )
            _check_payload_value(item, f"{path}.{key}")
        return
    raise AuditError(f"audit payload {path}: {type(value).__name__} is not allowed")


def canonical_payload(payload: Mapping[str, Any] | None) -> str:
    """Validate ``payload`` and return its RFC 8785 canonical text.

    Raises:
        AuditError: The payload holds floats, bytes, huge integers, personal-data keys, or is too large.
    """
    payload = {} if payload is None else payload
    if not isinstance(payload, Mapping):
        raise AuditError("audit payload must be a dictionary")
    _check_payload_value(payload, "payload")
    try:
        data = rfc8785.dumps(dict(payload))
    except rfc8785.CanonicalizationError as e:
        raise AuditError(f"audit payload cannot be canonicalised: {e}") from e
    if len(data) > MAX_PAYLOAD_BYTES:
        raise AuditError(f"audit payload is {len(data)} bytes; the limit is {MAX_PAYLOAD_BYTES} (no images)")
    return data.decode("utf-8")


def event_hash(
    *,
    seq: int,
    event_id: str,
    ts: str,
    workstation_id: str,
    actor: str,
    role: str,
    event_type: str,
    case_ref: str | None,
    payload: str,
    prev_hash: str,
) -> str:
    """Reference hash: SHA-256 of the RFC 8785 canonical event (payload parsed and re-canonicalised)."""
    doc = {
        "actor": actor,
        "case_ref": case_ref,
        "event_id": event_id,
        "event_type": event_type,
        "payload": json.loads(payload),
        "prev_hash": prev_hash,
        "role": role,
        "seq": seq,
        "ts": ts,
        "workstation_id": workstation_id,
    }
    return hashlib.sha256(rfc8785.dumps(doc)).hexdigest()


_q = encode_basestring  # C-accelerated JSON string quoting (same as json.dumps(ensure_ascii=False))


def event_hash_fast(
    seq: int,
    event_id: str,
    ts: str,
    workstation_id: str,
    actor: str,
    role: str,
    event_type: str,
    case_ref: str | None,
    payload: str,
    prev_hash: str,
) -> str:
    """Same bytes as :func:`event_hash` for stored events, built by concatenation.

    Valid because envelope strings are printable (see :func:`check_label`) and the stored
    payload is already canonical. Any other stored text still hashes differently from what was
    signed, so tampering is detected either way.
    """
    case = "null" if case_ref is None else _q(case_ref)
    text = (
        f'{{"actor":{_q(actor)},"case_ref":{case},"event_id":{_q(event_id)},"event_type":{_q(event_type)}'
        f',"payload":{payload},"prev_hash":{_q(prev_hash)},"role":{_q(role)},"seq":{int(seq)}'
        f',"ts":{_q(ts)},"workstation_id":{_q(workstation_id)}}}'
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def is_hex_hash(value: str) -> bool:
    """Whether ``value`` looks like a lowercase hex SHA-256."""
    return bool(_HEX64.match(value))
