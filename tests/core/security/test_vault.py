"""The vault: per-document keys wrapped to the desk's public key; the private key only wrapped per user."""

from __future__ import annotations

import base64
import secrets
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from workstation.errors import AccessDeniedError, InputError
from workstation.security.vault import Vault, VaultLockedError, VaultSecret

CANARY = "ZZCANARYNAME QWXYZAI"
PNG = b"\x89PNG\r\n\x1a\n" + b"SPECIMEN " * 50
PASSWORD = "SPECIMEN-pass-2026"


def _raw_scan(folder: Path, needles: list[bytes]) -> list[tuple[Path, bytes]]:
    hits = []
    for p in folder.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            hits += [(p, n) for n in needles if n in data or n.hex().encode() in data]
    return hits


def _claimed(tmp_path: Path, user: str = "admin") -> tuple[Vault, VaultSecret]:
    """A vault whose secret was wrapped for ``user`` and whose plain file is gone (as the first administrator leaves it)."""
    vault = Vault(tmp_path)
    vault.ensure_keys()
    secret = vault.secret()
    vault.wrap_for_user(user, PASSWORD, secret)
    assert vault.destroy_plain_secret()
    return vault, secret


def test_round_trip_and_nothing_readable_at_rest(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    ref_img = vault.put(PNG, "image")
    ref_txt = vault.put(f"Name: {CANARY}".encode(), "ocr_text")
    assert vault.get(ref_img.blob_id) == PNG
    assert CANARY in vault.get(ref_txt.blob_id).decode()
    assert _raw_scan(tmp_path, [b"\x89PNG", b"%PDF", b"\xff\xd8\xff", CANARY.encode(), b"SPECIMEN"]) == []
    for p in tmp_path.rglob("*"):
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == (0o700 if p.is_dir() else 0o600), p


def test_destroying_a_key_erases_only_that_document(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    a, b = vault.put(b"document a"), vault.put(b"document b")
    assert vault.destroy_key(a.blob_id)
    with pytest.raises(InputError, match="destroyed"):
        vault.get(a.blob_id)
    assert vault.get(b.blob_id) == b"document b"
    assert not vault.destroy_key(a.blob_id)


def test_a_claimed_vault_encrypts_without_a_login_and_decrypts_only_after_one(tmp_path: Path) -> None:
    _claimed(tmp_path)
    desk = Vault(tmp_path)  # a later process (CLI run): nobody logged in
    ref = desk.put(f"Name: {CANARY}".encode())
    sealed = desk.seal_text(CANARY, "CASE-1")
    assert sealed.startswith("wsv2:") and CANARY not in sealed
    with pytest.raises(VaultLockedError, match="Log in"):
        desk.get(ref.blob_id)
    with pytest.raises(VaultLockedError):
        desk.open_text(sealed, "CASE-1")
    assert desk.unlock_for_user("admin", PASSWORD)
    assert desk.get(ref.blob_id) == f"Name: {CANARY}".encode()
    assert desk.open_text(sealed, "CASE-1") == CANARY
    with pytest.raises(InputError, match="integrity"):
        desk.open_text(sealed, "CASE-2")  # bound to its row
    desk.lock()
    with pytest.raises(VaultLockedError):
        desk.get(ref.blob_id)


def test_a_wrong_password_does_not_unwrap_and_the_vault_stays_locked(tmp_path: Path) -> None:
    _claimed(tmp_path)
    desk = Vault(tmp_path)
    ref = desk.put(b"kept")
    with pytest.raises(AccessDeniedError, match="password"):
        desk.unlock_for_user("admin", PASSWORD + "x")
    assert not desk.unlocked
    with pytest.raises(VaultLockedError):
        desk.get(ref.blob_id)
    assert not desk.unlock_for_user("nobody", PASSWORD)  # holds no copy: still locked, no error


def test_a_copy_moved_to_another_user_does_not_open(tmp_path: Path) -> None:
    vault, _ = _claimed(tmp_path)
    vault.user_key_path("admin").rename(vault.user_key_path("mallory"))
    with pytest.raises(AccessDeniedError):
        Vault(tmp_path).unlock_for_user("mallory", PASSWORD)


def test_rewrap_under_a_new_password(tmp_path: Path) -> None:
    vault, secret = _claimed(tmp_path)
    assert vault.rewrap_for_user("admin", PASSWORD, "another-SPECIMEN-pw")
    with pytest.raises(AccessDeniedError):
        Vault(tmp_path).unlock_for_user("admin", PASSWORD)
    again = Vault(tmp_path)
    assert again.unlock_for_user("admin", "another-SPECIMEN-pw")
    assert again.session_secret is not None and again.session_secret.public_bytes == secret.public_bytes


def test_stolen_disk_holds_no_key_material_in_the_clear(tmp_path: Path) -> None:
    """After the claim, no file holds the private key, any document key or the old master key in the clear."""
    (tmp_path / "keys").mkdir(mode=0o700)
    legacy = secrets.token_bytes(32)
    (tmp_path / "keys" / "master.key").write_bytes(legacy)
    vault = Vault(tmp_path)
    vault.ensure_keys()
    assert not (tmp_path / "keys" / "master.key").exists()  # moved into the (still plain) secret
    secret = vault.secret()
    assert secret.legacy_master == legacy
    ref = vault.put(b"document")
    vault.wrap_for_user("admin", PASSWORD, secret)
    vault.destroy_plain_secret()
    raw_private = secret.private_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                                   serialization.NoEncryption())
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == sorted(["users", "vault.pub", f"{ref.blob_id}.key"])
    assert _raw_scan(tmp_path, [raw_private, legacy, base64.b64encode(raw_private)]) == []
    thief = Vault(tmp_path)
    assert not thief.has_plain_secret()
    with pytest.raises(VaultLockedError):
        thief.get(ref.blob_id)


def _old_format_items(tmp_path: Path) -> tuple[bytes, str, str]:
    """A data folder as the single-master-key vault left it: master.key, a WSV1 key file, a wsv1: record."""
    keys, blobs = tmp_path / "keys", tmp_path / "vault"
    keys.mkdir(mode=0o700)
    blobs.mkdir(mode=0o700)
    master = secrets.token_bytes(32)
    (keys / "master.key").write_bytes(master)
    blob_id, dek = "0" * 31 + "1", AESGCM.generate_key(bit_length=256)
    n1, n2 = secrets.token_bytes(12), secrets.token_bytes(12)
    (blobs / f"{blob_id}.bin").write_bytes(b"WSV1" + n1 + AESGCM(dek).encrypt(n1, b"old document", blob_id.encode()))
    (keys / f"{blob_id}.key").write_bytes(b"WSV1" + n2 + AESGCM(master).encrypt(n2, dek, blob_id.encode()))
    text_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"workstation records v1").derive(master)
    n3 = secrets.token_bytes(12)
    sealed = "wsv1:" + base64.b64encode(n3 + AESGCM(text_key).encrypt(n3, CANARY.encode(), b"CASE-1")).decode()
    return master, blob_id, sealed


def test_items_stored_under_the_old_master_key_still_open_after_the_migration(tmp_path: Path) -> None:
    _master, blob_id, sealed = _old_format_items(tmp_path)
    vault = Vault(tmp_path)
    assert vault.has_plain_secret()
    assert vault.get(blob_id) == b"old document"  # before the claim: as before the upgrade
    secret = vault.secret()
    vault.wrap_for_user("admin", PASSWORD, secret)
    vault.destroy_plain_secret()
    assert not (tmp_path / "keys" / "master.key").exists() and not vault.has_plain_secret()
    later = Vault(tmp_path)
    with pytest.raises(VaultLockedError):
        later.get(blob_id)
    assert later.unlock_for_user("admin", PASSWORD)
    assert later.get(blob_id) == b"old document"
    assert later.open_text(sealed, "CASE-1") == CANARY
    new = later.put(b"new document")
    assert later.get(new.blob_id) == b"new document"


def test_a_secret_of_another_vault_is_refused(tmp_path: Path) -> None:
    _claimed(tmp_path)
    with pytest.raises(Exception, match="does not belong"):
        Vault(tmp_path).unlock(VaultSecret.generate())


def test_tampered_blob_is_detected(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    ref = vault.put(b"original content")
    path = tmp_path / "vault" / f"{ref.blob_id}.bin"
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="integrity"):
        vault.get(ref.blob_id)


def test_bad_references(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    with pytest.raises(InputError):
        vault.get("../../etc/passwd")
    with pytest.raises(InputError):
        vault.destroy_key("../x")
    with pytest.raises(InputError):
        vault.user_key_path("../../etc")
