"""Signed checkpoints: what closes the two holes a hash chain leaves open.

A chain alone does not notice "delete the last rows" or "rewrite from row i on and
recompute every hash". A checkpoint is a signed statement "events ``from_seq+1 ..
to_seq`` had exactly these hashes": verification compares every covered event with
it, so both attacks are caught and the first changed event is named exactly. One is
signed every 100 events or after 15 minutes of activity, at logout, and whenever a
supervisor exports one to keep off the machine (an *anchor*).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import rfc8785

from workstation.errors import InputError
from workstation.security.signing import verify_signature

CHECKPOINT_TYPE = "workstation-audit-checkpoint"
CHECKPOINT_VERSION = 1
#: Reasons a checkpoint is signed.
REASONS = ("count", "time", "logout", "manual", "export")


@dataclass(frozen=True)
class Checkpoint:
    """One signed checkpoint.

    Attributes:
        from_seq: The last event *before* the covered range (0 for the start of the trail).
        to_seq: The last covered event: the trail had at least this many events when signed.
        head_hash: Hash of event ``to_seq``.
        hashes: Concatenated hex hashes of events ``from_seq+1 .. to_seq``.
        ts: When it was signed (UTC text).
        workstation_id: The desk that signed it.
        reason: Why it was signed (see :data:`REASONS`).
        public_key: Hex Ed25519 public key of the signer.
        signature: Hex Ed25519 signature over :meth:`message`.
    """

    from_seq: int
    to_seq: int
    head_hash: str
    hashes: str
    ts: str
    workstation_id: str
    reason: str
    public_key: str
    signature: str

    def message(self) -> bytes:
        """The signed bytes: RFC 8785 JSON of everything but the signature (hashes by digest)."""
        return rfc8785.dumps(
            {
                "type": CHECKPOINT_TYPE,
                "v": CHECKPOINT_VERSION,
                "from_seq": self.from_seq,
                "to_seq": self.to_seq,
                "head_hash": self.head_hash,
                "hashes_sha256": hashlib.sha256(self.hashes.encode("ascii", "replace")).hexdigest(),
                "ts": self.ts,
                "workstation_id": self.workstation_id,
                "reason": self.reason,
                "public_key": self.public_key,
            }
        )

    def problem(self) -> str | None:
        """Why this checkpoint cannot be trusted as evidence, or ``None`` when it is well formed and signed."""
        n = self.to_seq - self.from_seq
        if self.from_seq < 0 or n <= 0:
            return "covers no events"
        if len(self.hashes) != 64 * n:
            return "its hash list does not match its range"
        if self.hashes[-64:] != self.head_hash:
            return "its head hash is not the last hash it lists"
        if not verify_signature(self.public_key, self.message(), self.signature):
            return "its signature is not valid"
        return None

    def expected_hash(self, seq: int) -> str:
        """The hash this checkpoint signed for event ``seq`` (``from_seq < seq <= to_seq``)."""
        i = (seq - self.from_seq - 1) * 64
        return self.hashes[i : i + 64]

    def to_json(self) -> str:
        """The export form: a small self-contained JSON document anyone can check."""
        data: dict[str, Any] = {"type": CHECKPOINT_TYPE, "v": CHECKPOINT_VERSION, **asdict(self)}
        return json.dumps(data, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        """Parse an exported checkpoint.

        Raises:
            InputError: The text is not an exported checkpoint.
        """
        try:
            data = json.loads(text)
            if data.get("type") != CHECKPOINT_TYPE:
                raise ValueError("not a workstation audit checkpoint")
            return cls(
                from_seq=int(data["from_seq"]),
                to_seq=int(data["to_seq"]),
                head_hash=str(data["head_hash"]),
                hashes=str(data["hashes"]),
                ts=str(data["ts"]),
                workstation_id=str(data["workstation_id"]),
                reason=str(data["reason"]),
                public_key=str(data["public_key"]),
                signature=str(data["signature"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise InputError(f"Not an exported audit checkpoint: {e}") from e

    @classmethod
    def load(cls, path: Path) -> Checkpoint:
        """Read an exported checkpoint file.

        Raises:
            InputError: The file cannot be read or is not an exported checkpoint.
        """
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(f"Cannot read {path}: {e.strerror or e}") from e
        return cls.from_json(text)
