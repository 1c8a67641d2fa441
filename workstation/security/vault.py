"""Encryption at rest for document images, renders, OCR text and applicant records.

Design (docs/security.md has the threat model):

* Every stored item gets its own random AES-256-GCM key (the document key). The ciphertext
  is ``<data>/vault/<id>.bin``; the document key is stored only *wrapped*, in its own small
  file ``<data>/keys/<id>.key``, so destroying one key file erases one item for good
  (retention) without touching the others or the audit trail (which names documents by SHA-256).
* Document keys are wrapped to the desk's **vault public key** (X25519): an ephemeral key
  pair per item, ECDH, HKDF-SHA256, AES-256-GCM. Encrypting therefore needs no secret: a
  desk stores documents and runs ``workstation verify`` with nobody logged in.
* The vault **private key** never rests on disk in the clear. It is stored once per user,
  wrapped (AES-256-GCM) under a key derived from that user's password with Argon2id and a
  salt of its own (``<data>/keys/users/<name>.wrap``). :meth:`Vault.unlock_for_user` opens
  it at login; it lives only in this process (:meth:`Vault.lock` drops it at the idle lock
  and at logout). Reading anything back without it raises :class:`VaultLockedError`.
* A desk nobody has claimed yet (no user created, e.g. a CLI-only desk) and a desk upgraded
  from the single master-key file keep their secret in a plain 0600 file
  (``vault-secret.plain``, formerly ``master.key``) until the first administrator is created
  or logs in: then it is wrapped for them and the plain file is overwritten and deleted.
  The old master key stays inside the wrapped secret, so items stored before the upgrade
  (``WSV1`` key files, ``wsv1:`` records) still open.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from workstation.config import ensure_private_dir
from workstation.errors import AccessDeniedError, ConfigError, InputError

log = logging.getLogger(__name__)

_MAGIC = b"WSV1"  # blob files; key files wrapped under the old master key
_MAGIC_KEY2 = b"WSV2"  # key files wrapped to the vault public key
_SECRET_MAGIC = b"WSK1"
_NONCE = 12
_RAW = 32
#: Prefix of text sealed by the old master key (records written before the public-key vault).
SEALED_PREFIX = "wsv1:"
#: Prefix of text sealed to the vault public key by :meth:`Vault.seal_text`.
SEALED_PREFIX_V2 = "wsv2:"

PUBLIC_KEY_FILE = "vault.pub"
PLAIN_SECRET_FILE = "vault-secret.plain"
LEGACY_MASTER_FILE = "master.key"
USER_KEY_DIR = "users"
USER_KEY_FORMAT = "workstation-vault-user-key/1"

#: Argon2id parameters of the password-derived wrapping key (argon2-cffi's defaults, RFC 9106 low memory).
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 65536
ARGON2_PARALLELISM = 4

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}\Z")


class VaultLockedError(AccessDeniedError):
    """Stored documents or records were asked for while no user's key is unlocked in this session."""


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def shred(path: Path) -> bool:
    """Overwrite a file with random bytes, then delete it; True if it existed.

    On a journalling or copy-on-write file system or an SSD the old blocks may survive the
    overwrite; the point is that nothing *readable by the workstation* remains.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    with open(path, "r+b") as fh:
        fh.write(secrets.token_bytes(max(size, 1)))
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink(missing_ok=True)
    return True


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _kek(shared: bytes, eph_pub: bytes, recipient: bytes, purpose: bytes) -> AESGCM:
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_pub + recipient,
                       info=b"workstation vault v2 " + purpose).derive(shared))


def seal_to(public: X25519PublicKey, plaintext: bytes, purpose: bytes, aad: bytes) -> bytes:
    """Encrypt ``plaintext`` to ``public``: ephemeral X25519 public key + nonce + AES-GCM ciphertext."""
    eph = X25519PrivateKey.generate()
    eph_pub, recipient = _raw_public(eph.public_key()), _raw_public(public)
    nonce = secrets.token_bytes(_NONCE)
    return eph_pub + nonce + _kek(eph.exchange(public), eph_pub, recipient, purpose).encrypt(nonce, plaintext, aad)


def open_sealed(private: X25519PrivateKey, sealed: bytes, purpose: bytes, aad: bytes) -> bytes:
    """Decrypt what :func:`seal_to` made. Raises ``InvalidTag`` or ``ValueError`` when it does not open."""
    if len(sealed) < _RAW + _NONCE + 16:
        raise ValueError("too short")
    eph_pub, nonce, ct = sealed[:_RAW], sealed[_RAW : _RAW + _NONCE], sealed[_RAW + _NONCE :]
    shared = private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
    return _kek(shared, eph_pub, _raw_public(private.public_key()), purpose).decrypt(nonce, ct, aad)


@dataclass(frozen=True)
class VaultSecret:
    """What opens the vault: its X25519 private key, and the pre-upgrade master key when there was one."""

    private_key: X25519PrivateKey
    legacy_master: bytes | None = None

    @property
    def public_bytes(self) -> bytes:
        """The raw 32-byte public key."""
        return _raw_public(self.private_key.public_key())

    def to_bytes(self) -> bytes:
        """Serialized for wrapping (never written unwrapped once the desk is claimed)."""
        raw = self.private_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                             serialization.NoEncryption())
        return _SECRET_MAGIC + raw + (self.legacy_master or b"")

    @classmethod
    def from_bytes(cls, data: bytes) -> VaultSecret:
        """Inverse of :meth:`to_bytes`.

        Raises:
            ConfigError: Not a vault secret.
        """
        if not data.startswith(_SECRET_MAGIC) or len(data) not in (4 + _RAW, 4 + 2 * _RAW):
            raise ConfigError("The vault key is damaged.")
        legacy = data[4 + _RAW :] or None
        return cls(X25519PrivateKey.from_private_bytes(data[4 : 4 + _RAW]), legacy)

    @classmethod
    def generate(cls, legacy_master: bytes | None = None) -> VaultSecret:
        """A fresh key pair (keeping the old master key, when migrating)."""
        return cls(X25519PrivateKey.generate(), legacy_master)


def password_key(password: str, salt: bytes, *, time_cost: int = ARGON2_TIME_COST,
                 memory_kib: int = ARGON2_MEMORY_KIB, parallelism: int = ARGON2_PARALLELISM) -> bytes:
    """A 32-byte wrapping key from a user's password (Argon2id, raw output; not the login hash)."""
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=time_cost, memory_cost=memory_kib,
                           parallelism=parallelism, hash_len=32, type=Type.ID)


def _user_aad(username: str, public: bytes) -> bytes:
    return b"workstation vault user key v1\0" + username.encode("utf-8") + b"\0" + public


@dataclass(frozen=True)
class BlobRef:
    """A stored, encrypted item: its id and what it holds (for the caller's bookkeeping)."""

    blob_id: str
    kind: str


def secret_rests_unwrapped(key_dir: Path) -> bool:
    """Whether ``key_dir`` holds a vault secret unwrapped: an unclaimed desk's plain file, or the old
    master key of a desk not yet upgraded (read only: nothing is created)."""
    if (key_dir / PLAIN_SECRET_FILE).exists():
        return True
    return (key_dir / LEGACY_MASTER_FILE).exists() and not (key_dir / PUBLIC_KEY_FILE).exists()


class Vault:
    """Encrypted blob store under ``<data>/vault`` with per-blob keys under ``<data>/keys``.

    Encrypting (:meth:`put`, :meth:`seal_text`) needs only the public key; decrypting
    (:meth:`get`, :meth:`open_text`) needs the secret, unlocked by a user's password.
    """

    def __init__(self, data_dir: Path) -> None:
        self.blob_dir = ensure_private_dir(data_dir / "vault")
        self.key_dir = ensure_private_dir(data_dir / "keys")
        self._public: X25519PublicKey | None = None
        self._secret: VaultSecret | None = None
        self._plain: VaultSecret | None = None  # an unclaimed desk's secret, read once
        self._locked_reason = "Log in to read stored documents and records: this desk's vault is locked."

    # -- files -----------------------------------------------------------------------------------
    @property
    def public_key_path(self) -> Path:
        """The vault public key (hex, not secret)."""
        return self.key_dir / PUBLIC_KEY_FILE

    @property
    def plain_secret_path(self) -> Path:
        """The unwrapped secret of a desk not yet claimed by an administrator."""
        return self.key_dir / PLAIN_SECRET_FILE

    @property
    def legacy_master_path(self) -> Path:
        """The single master-key file of the vault before the public-key design."""
        return self.key_dir / LEGACY_MASTER_FILE

    def user_key_path(self, username: str) -> Path:
        """Where ``username``'s wrapped copy of the vault secret lives."""
        if not _USERNAME.match(username):
            raise InputError("Not a valid user name.")
        return self.key_dir / USER_KEY_DIR / f"{username}.wrap"

    def has_plain_secret(self) -> bool:
        """Whether a secret rests unwrapped on disk (an unclaimed or not yet migrated desk)."""
        return secret_rests_unwrapped(self.key_dir)

    def has_user_key(self, username: str) -> bool:
        """Whether ``username`` holds a wrapped copy of the vault secret."""
        return self.user_key_path(username).exists()

    # -- keys ------------------------------------------------------------------------------------
    def _read_legacy_master(self) -> bytes | None:
        path = self.legacy_master_path
        if not path.exists():
            return None
        key = path.read_bytes()
        if len(key) != _RAW:
            raise ConfigError(f"The master key file {path} is damaged (wrong length).")
        return key

    def _write_public(self, secret: VaultSecret) -> None:
        _write_private(self.public_key_path, ("x25519:" + secret.public_bytes.hex() + "\n").encode("ascii"))
        self._public = secret.private_key.public_key()

    def ensure_keys(self) -> None:
        """Create the desk's key pair if it has none (its secret then rests in the plain file until claimed).

        A desk upgraded from the single master-key file gets its key pair here, with the old
        master key kept inside the secret; the old file is then removed.

        Raises:
            ConfigError: The public key is missing while users hold wrapped secrets (log in to restore it).
        """
        if self.public_key_path.exists():
            return
        plain = self._load_plain_secret()
        if plain is None:
            wraps = self.key_dir / USER_KEY_DIR
            if wraps.is_dir() and any(wraps.glob("*.wrap")):
                raise ConfigError("The vault public key is missing; an administrator's login restores it.")
            secret = VaultSecret.generate(self._read_legacy_master())
            tmp = self.plain_secret_path.with_name(f".{PLAIN_SECRET_FILE}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(secret.to_bytes())
                    fh.flush()
                    os.fsync(fh.fileno())
                try:  # link() fails if another process created the secret first: then theirs is used
                    os.link(tmp, self.plain_secret_path)
                    log.info("created the vault key pair (unclaimed until an administrator exists)")
                except FileExistsError:
                    pass
            finally:
                tmp.unlink(missing_ok=True)
            plain = self._load_plain_secret()
            assert plain is not None
        self._write_public(plain)
        if plain.legacy_master is not None and self.legacy_master_path.exists():
            shred(self.legacy_master_path)  # its key lives on inside the (plain, then wrapped) secret

    def _load_plain_secret(self) -> VaultSecret | None:
        if not self.plain_secret_path.exists():
            return None
        try:
            return VaultSecret.from_bytes(self.plain_secret_path.read_bytes())
        except (OSError, ValueError) as e:
            raise ConfigError(f"The vault key file {self.plain_secret_path} is damaged: {e}") from e

    def plain_secret(self) -> VaultSecret | None:
        """The secret of an unclaimed or not yet migrated desk (creating the key pair of an upgraded one)."""
        if not self.plain_secret_path.exists():
            if not self.has_plain_secret():
                self._plain = None
                return None
            self.ensure_keys()  # an upgraded desk: its key pair, with the old master key inside
        if self._plain is None:
            self._plain = self._load_plain_secret()
        return self._plain

    def destroy_plain_secret(self) -> bool:
        """Overwrite and delete the plain secret and the old master-key file; True if one existed."""
        self._plain = None
        a = shred(self.plain_secret_path)
        b = shred(self.legacy_master_path)
        return a or b

    def public_key(self) -> X25519PublicKey:
        """The vault public key (creating the desk's key pair on first use)."""
        if self._public is None:
            self.ensure_keys()
            if self._public is None:
                text = self.public_key_path.read_text(encoding="ascii").strip()
                try:
                    if not text.startswith("x25519:"):
                        raise ValueError(text[:10])
                    self._public = X25519PublicKey.from_public_bytes(bytes.fromhex(text[7:]))
                except ValueError as e:
                    raise ConfigError(f"The vault public key {self.public_key_path} is damaged.") from e
        return self._public

    # -- session -----------------------------------------------------------------------------------
    @property
    def unlocked(self) -> bool:
        """Whether a secret is held in this session."""
        return self._secret is not None

    @property
    def session_secret(self) -> VaultSecret | None:
        """The secret unlocked in this session, if any (never the plain file's)."""
        return self._secret

    def unlock(self, secret: VaultSecret) -> None:
        """Hold ``secret`` for this session (after checking it matches the desk's public key).

        Raises:
            ConfigError: The secret belongs to another vault.
        """
        if self.public_key_path.exists() and _raw_public(self.public_key()) != secret.public_bytes:
            raise ConfigError("This key does not belong to this desk's vault.")
        if not self.public_key_path.exists():
            self._write_public(secret)
        self._secret = secret

    def lock(self, reason: str | None = None) -> None:
        """Drop the secret held in this session (idle lock, logout).

        Python cannot wipe the bytes it copied; dropping the last reference lets them be reused.
        """
        self._secret = None
        self._locked_reason = reason or "Log in to read stored documents and records: this desk's vault is locked."

    def secret(self) -> VaultSecret:
        """The secret of this session; on an unclaimed desk, the plain one.

        Raises:
            VaultLockedError: Nobody's key is unlocked (log in).
        """
        if self._secret is not None:
            return self._secret
        plain = self.plain_secret()
        if plain is not None:
            return plain
        raise VaultLockedError(self._locked_reason)

    # -- per-user wrapped copies --------------------------------------------------------------------
    def wrap_for_user(self, username: str, password: str, secret: VaultSecret | None = None) -> None:
        """Store the vault secret (this session's, unless given) wrapped under ``username``'s password."""
        secret = secret or self.secret()
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(_NONCE)
        kek = password_key(password, salt)
        wrapped = AESGCM(kek).encrypt(nonce, secret.to_bytes(), _user_aad(username, secret.public_bytes))
        doc = {"format": USER_KEY_FORMAT, "kdf": "argon2id", "time_cost": ARGON2_TIME_COST,
               "memory_kib": ARGON2_MEMORY_KIB, "parallelism": ARGON2_PARALLELISM, "salt": salt.hex(),
               "nonce": nonce.hex(), "public_key": secret.public_bytes.hex(), "wrapped": wrapped.hex()}
        path = self.user_key_path(username)
        ensure_private_dir(path.parent)
        _write_private(path, json.dumps(doc, sort_keys=True).encode("ascii"))

    def open_user_key(self, username: str, password: str) -> VaultSecret | None:
        """Unwrap ``username``'s copy of the secret; ``None`` when they hold none.

        Raises:
            AccessDeniedError: The password does not open it.
            ConfigError: The file is damaged.
        """
        path = self.user_key_path(username)
        if not path.exists():
            return None
        try:
            doc = json.loads(path.read_text(encoding="ascii"))
            if doc.get("format") != USER_KEY_FORMAT or doc.get("kdf") != "argon2id":
                raise ValueError("unknown format")
            kek = password_key(password, bytes.fromhex(doc["salt"]), time_cost=int(doc["time_cost"]),
                               memory_kib=int(doc["memory_kib"]), parallelism=int(doc["parallelism"]))
            public = bytes.fromhex(doc["public_key"])
            raw = AESGCM(kek).decrypt(bytes.fromhex(doc["nonce"]), bytes.fromhex(doc["wrapped"]),
                                      _user_aad(username, public))
        except InvalidTag as e:
            raise AccessDeniedError("The password does not open this user's vault key.") from e
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise ConfigError(f"The vault key of user {username} is damaged.") from e
        return VaultSecret.from_bytes(raw)

    def unlock_for_user(self, username: str, password: str) -> bool:
        """Unlock the vault with ``username``'s wrapped copy; False (still locked) when they hold none."""
        secret = self.open_user_key(username, password)
        if secret is None:
            return False
        self.unlock(secret)
        return True

    def rewrap_for_user(self, username: str, old_password: str, new_password: str) -> bool:
        """Re-wrap ``username``'s copy under a new password; False when they hold none."""
        secret = self.open_user_key(username, old_password)
        if secret is None:
            return False
        self.wrap_for_user(username, new_password, secret)
        return True

    def remove_user_key(self, username: str) -> bool:
        """Destroy ``username``'s wrapped copy (account disabled, password reset without a key)."""
        return shred(self.user_key_path(username))

    # -- documents ---------------------------------------------------------------------------------
    def put(self, data: bytes, kind: str = "blob") -> BlobRef:
        """Encrypt and store ``data``; return its reference. Needs no unlocked key."""
        blob_id = uuid.uuid4().hex
        dek = AESGCM.generate_key(bit_length=256)
        nonce = secrets.token_bytes(_NONCE)
        ct = AESGCM(dek).encrypt(nonce, data, blob_id.encode())
        wrapped = seal_to(self.public_key(), dek, b"document key", blob_id.encode())
        _write_private(self.key_dir / f"{blob_id}.key", _MAGIC_KEY2 + wrapped)
        _write_private(self.blob_dir / f"{blob_id}.bin", _MAGIC + nonce + ct)
        return BlobRef(blob_id, kind)

    def get(self, blob_id: str) -> bytes:
        """Decrypt a stored blob.

        Raises:
            VaultLockedError: No user's key is unlocked in this session.
            InputError: The blob or its key is gone (destroyed under retention) or damaged.
        """
        if not blob_id.isalnum():
            raise InputError("Not a valid document reference.")
        key_path, blob_path = self.key_dir / f"{blob_id}.key", self.blob_dir / f"{blob_id}.bin"
        if not key_path.exists():
            raise InputError("This document's key was destroyed (retention); its content cannot be read.")
        secret = self.secret()
        try:
            wrapped, blob = key_path.read_bytes(), blob_path.read_bytes()
        except OSError as e:
            raise InputError(f"The stored document cannot be read: {e.strerror or e}") from e
        if not blob.startswith(_MAGIC):
            raise InputError("The stored document is damaged.")
        try:
            if wrapped.startswith(_MAGIC_KEY2):
                dek = open_sealed(secret.private_key, wrapped[4:], b"document key", blob_id.encode())
            elif wrapped.startswith(_MAGIC) and secret.legacy_master is not None:
                dek = AESGCM(secret.legacy_master).decrypt(wrapped[4 : 4 + _NONCE], wrapped[4 + _NONCE :],
                                                           blob_id.encode())
            else:
                raise InputError("The stored document's key is damaged.")
            return AESGCM(dek).decrypt(blob[4 : 4 + _NONCE], blob[4 + _NONCE :], blob_id.encode())
        except (InvalidTag, ValueError) as e:
            raise InputError("The stored document failed its integrity check (damaged or wrong key).") from e

    def destroy_key(self, blob_id: str) -> bool:
        """Erase a blob for good by destroying its key (and removing the ciphertext). True if it existed.

        Needs no unlocked key: retention destroys, it never reads.
        """
        if not blob_id.isalnum():
            raise InputError("Not a valid document reference.")
        existed = shred(self.key_dir / f"{blob_id}.key")
        (self.blob_dir / f"{blob_id}.bin").unlink(missing_ok=True)
        return existed

    # -- records in the database -------------------------------------------------------------------
    def seal_text(self, text: str, context: str = "") -> str:
        """Encrypt a small text for a database column: ``wsv2:`` + base64; needs no unlocked key.

        ``context`` (e.g. the case number) is bound to the ciphertext: a sealed value moved to
        another row does not open.
        """
        sealed = seal_to(self.public_key(), text.encode("utf-8"), b"record", context.encode("utf-8"))
        return SEALED_PREFIX_V2 + base64.b64encode(sealed).decode("ascii")

    def open_text(self, sealed: str, context: str = "") -> str:
        """Decrypt what :meth:`seal_text` sealed; text without a prefix is returned unchanged (older rows).

        Raises:
            VaultLockedError: No user's key is unlocked in this session.
            InputError: The value is damaged or was sealed with another key or context.
        """
        if sealed.startswith(SEALED_PREFIX_V2):
            secret = self.secret()
            try:
                raw = base64.b64decode(sealed[len(SEALED_PREFIX_V2) :])
                return open_sealed(secret.private_key, raw, b"record", context.encode("utf-8")).decode("utf-8")
            except (ValueError, InvalidTag) as e:
                raise InputError("A stored record failed its integrity check (damaged or wrong key).") from e
        if not sealed.startswith(SEALED_PREFIX):
            return sealed
        secret = self.secret()
        if secret.legacy_master is None:
            raise InputError("A stored record was sealed with a master key this desk no longer has.")
        text_key = AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                               info=b"workstation records v1").derive(secret.legacy_master))
        try:
            raw = base64.b64decode(sealed[len(SEALED_PREFIX) :])
            return text_key.decrypt(raw[:_NONCE], raw[_NONCE:], context.encode("utf-8")).decode("utf-8")
        except (ValueError, InvalidTag) as e:
            raise InputError("A stored record failed its integrity check (damaged or wrong key).") from e
