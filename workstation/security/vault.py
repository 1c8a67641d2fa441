"""Encryption at rest for document images, renders and OCR text.

Each document gets its own random AES-256-GCM key. That key is stored only
*wrapped* (AES-GCM under the desk's master key) in its own small file, so
destroying one key file erases one document for good (retention) without touching
the others or the audit trail, which refers to documents by SHA-256 only.

The master key is 32 random bytes in ``<data>/keys/master.key`` (0600), created
on first use. A centre that wants it off the disk can supply it from elsewhere
(``Vault(master_key=...)``, e.g. derived from a passphrase with :func:`derive_master_key`).
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from workstation.config import ensure_private_dir
from workstation.errors import ConfigError, InputError

log = logging.getLogger(__name__)

_MAGIC = b"WSV1"
_NONCE = 12
#: Prefix of text sealed by :meth:`Vault.seal_text` (records in the database).
SEALED_PREFIX = "wsv1:"


def derive_master_key(passphrase: str, salt: bytes) -> bytes:
    """A 32-byte key from a passphrase (scrypt, n=2**15, r=8, p=1)."""
    if len(passphrase) < 12:
        raise InputError("The passphrase must have at least 12 characters.")
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


@dataclass(frozen=True)
class BlobRef:
    """A stored, encrypted item: its id and what it holds (for the caller's bookkeeping)."""

    blob_id: str
    kind: str


class Vault:
    """Encrypted blob store under ``<data>/vault`` with per-blob keys under ``<data>/keys``."""

    def __init__(self, data_dir: Path, master_key: bytes | None = None) -> None:
        self.blob_dir = ensure_private_dir(data_dir / "vault")
        self.key_dir = ensure_private_dir(data_dir / "keys")
        master = master_key if master_key is not None else self._load_or_create_master()
        self._master = AESGCM(master)
        # A separate key for small texts sealed into database columns (applicant records),
        # derived from the master key so it needs no file of its own.
        self._text = AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                                 info=b"workstation records v1").derive(master))

    def _load_or_create_master(self) -> bytes:
        path = self.key_dir / "master.key"
        if path.exists():
            key = path.read_bytes()
            if len(key) != 32:
                raise ConfigError(f"The master key file {path} is damaged (wrong length).")
            return key
        key = secrets.token_bytes(32)
        _write_private(path, key)
        log.info("created a new vault master key")
        return key

    def put(self, data: bytes, kind: str = "blob") -> BlobRef:
        """Encrypt and store ``data``; return its reference."""
        blob_id = uuid.uuid4().hex
        dek = AESGCM.generate_key(bit_length=256)
        nonce = secrets.token_bytes(_NONCE)
        ct = AESGCM(dek).encrypt(nonce, data, blob_id.encode())
        wrap_nonce = secrets.token_bytes(_NONCE)
        wrapped = self._master.encrypt(wrap_nonce, dek, blob_id.encode())
        _write_private(self.key_dir / f"{blob_id}.key", _MAGIC + wrap_nonce + wrapped)
        _write_private(self.blob_dir / f"{blob_id}.bin", _MAGIC + nonce + ct)
        return BlobRef(blob_id, kind)

    def get(self, blob_id: str) -> bytes:
        """Decrypt a stored blob.

        Raises:
            InputError: The blob or its key is gone (destroyed under retention) or damaged.
        """
        if not blob_id.isalnum():
            raise InputError("Not a valid document reference.")
        key_path, blob_path = self.key_dir / f"{blob_id}.key", self.blob_dir / f"{blob_id}.bin"
        if not key_path.exists():
            raise InputError("This document's key was destroyed (retention); its content cannot be read.")
        try:
            wrapped, blob = key_path.read_bytes(), blob_path.read_bytes()
        except OSError as e:
            raise InputError(f"The stored document cannot be read: {e.strerror or e}") from e
        if not (wrapped.startswith(_MAGIC) and blob.startswith(_MAGIC)):
            raise InputError("The stored document is damaged.")
        try:
            dek = self._master.decrypt(wrapped[4 : 4 + _NONCE], wrapped[4 + _NONCE :], blob_id.encode())
            return AESGCM(dek).decrypt(blob[4 : 4 + _NONCE], blob[4 + _NONCE :], blob_id.encode())
        except InvalidTag as e:
            raise InputError("The stored document failed its integrity check (damaged or wrong key).") from e

    def destroy_key(self, blob_id: str) -> bool:
        """Erase a blob for good by destroying its key (and removing the ciphertext). True if it existed."""
        key_path = self.key_dir / f"{blob_id}.key"
        existed = key_path.exists()
        if existed:
            size = key_path.stat().st_size
            with open(key_path, "r+b") as fh:
                fh.write(secrets.token_bytes(size))
                fh.flush()
                os.fsync(fh.fileno())
            key_path.unlink()
        (self.blob_dir / f"{blob_id}.bin").unlink(missing_ok=True)
        return existed

    def seal_text(self, text: str, context: str = "") -> str:
        """Encrypt a small text for a database column: ``wsv1:`` + base64 of nonce and ciphertext.

        ``context`` (e.g. the case number) is bound to the ciphertext: a sealed value moved to
        another row does not open.
        """
        nonce = secrets.token_bytes(_NONCE)
        ct = self._text.encrypt(nonce, text.encode("utf-8"), context.encode("utf-8"))
        return SEALED_PREFIX + base64.b64encode(nonce + ct).decode("ascii")

    def open_text(self, sealed: str, context: str = "") -> str:
        """Decrypt what :meth:`seal_text` sealed; text without the prefix is returned unchanged (older rows).

        Raises:
            InputError: The value is damaged or was sealed with another key or context.
        """
        if not sealed.startswith(SEALED_PREFIX):
            return sealed
        try:
            raw = base64.b64decode(sealed[len(SEALED_PREFIX) :])
            return self._text.decrypt(raw[:_NONCE], raw[_NONCE:], context.encode("utf-8")).decode("utf-8")
        except (ValueError, InvalidTag) as e:
            raise InputError("A stored record failed its integrity check (damaged or wrong key).") from e
