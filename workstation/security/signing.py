"""The Ed25519 key that signs audit checkpoints.

Where the key lives: ``<data folder>/keys/audit-checkpoint.ed25519`` (PKCS#8 PEM,
unencrypted, mode 0600, folder 0700), created on first use. Each desk has its own
key; the public key travels inside every checkpoint it signs, and
``<data folder>/keys/trusted-checkpoint-keys.txt`` lists (one hex key a line) the
other desks' keys a verifier should trust. Whoever can read this file can sign
checkpoints, which is why a supervisor exports checkpoints off the machine: an
exported checkpoint cannot be rewritten by anyone who later gains access to the desk.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from workstation.config import ensure_private_dir
from workstation.errors import ConfigError

log = logging.getLogger(__name__)

KEY_DIRNAME = "keys"
KEY_FILENAME = "audit-checkpoint.ed25519"
TRUSTED_KEYS_FILENAME = "trusted-checkpoint-keys.txt"


def key_path(data_dir: Path) -> Path:
    """Where the checkpoint signing key of the desk whose data folder is ``data_dir`` lives."""
    return data_dir / KEY_DIRNAME / KEY_FILENAME


@dataclass(frozen=True)
class CheckpointSigner:
    """Signs checkpoint messages with one desk's Ed25519 key."""

    private_key: Ed25519PrivateKey

    @property
    def public_key_hex(self) -> str:
        """The raw 32-byte public key, hex encoded: stored in every checkpoint it signs."""
        raw = self.private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return raw.hex()

    def sign(self, message: bytes) -> str:
        """The hex Ed25519 signature of ``message``."""
        return self.private_key.sign(message).hex()

    @classmethod
    def generate(cls) -> CheckpointSigner:
        """A fresh key held in memory only (tests and benchmarks)."""
        return cls(Ed25519PrivateKey.generate())


def load_or_create_signer(data_dir: Path) -> CheckpointSigner:
    """Load this desk's checkpoint key, creating it (0600) on first use.

    Raises:
        ConfigError: The key file cannot be created or read, or is not an Ed25519 key.
    """
    path = key_path(data_dir)
    ensure_private_dir(path.parent)
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
                fh.flush()
                os.fsync(fh.fileno())
            try:
                # link() fails if another process created the key first: then we use theirs.
                os.link(tmp, path)
                log.info("created a new audit checkpoint key")
            except FileExistsError:
                pass
        except OSError as e:
            raise ConfigError(f"Cannot create the checkpoint key {path}: {e.strerror or e}") from e
        finally:
            tmp.unlink(missing_ok=True)
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as e:
        raise ConfigError(f"Cannot read the checkpoint key {path}: {e}") from e
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ConfigError(f"{path} is not an Ed25519 key")
    return CheckpointSigner(loaded)


def trusted_public_keys(data_dir: Path) -> set[str]:
    """This desk's own public key (if it has one) plus the keys listed in the trusted-keys file."""
    keys: set[str] = set()
    own = key_path(data_dir)
    if own.exists():
        keys.add(load_or_create_signer(data_dir).public_key_hex)
    listed = data_dir / KEY_DIRNAME / TRUSTED_KEYS_FILENAME
    if listed.exists():
        for line in listed.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip().lower()
            if line:
                keys.add(line)
    return keys


def verify_signature(public_key_hex: str, message: bytes, signature_hex: str) -> bool:
    """Whether ``signature_hex`` is a valid Ed25519 signature of ``message`` by ``public_key_hex``."""
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        key.verify(bytes.fromhex(signature_hex), message)
    except (ValueError, InvalidSignature):
        return False
    return True
