from __future__ import annotations

import stat
from pathlib import Path

import pytest

from workstation.errors import InputError
from workstation.security.vault import Vault, derive_master_key

CANARY = "ZZCANARYNAME QWXYZAI"
PNG = b"\x89PNG\r\n\x1a\n" + b"SPECIMEN " * 50


def _raw_scan(folder: Path, needles: list[bytes]) -> list[tuple[Path, bytes]]:
    hits = []
    for p in folder.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            hits += [(p, n) for n in needles if n in data]
    return hits


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


def test_master_key_persists_and_wrong_key_fails_cleanly(tmp_path: Path) -> None:
    ref = Vault(tmp_path).put(b"kept")
    assert Vault(tmp_path).get(ref.blob_id) == b"kept"
    other = Vault(tmp_path, master_key=derive_master_key("a long enough passphrase", b"salt-1234567890"))
    with pytest.raises(InputError, match="integrity"):
        other.get(ref.blob_id)


def test_tampered_blob_is_detected(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    ref = vault.put(b"original content")
    path = tmp_path / "vault" / f"{ref.blob_id}.bin"
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="integrity"):
        vault.get(ref.blob_id)


def test_bad_references_and_short_passphrases(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    with pytest.raises(InputError):
        vault.get("../../etc/passwd")
    with pytest.raises(InputError, match="12 characters"):
        derive_master_key("short", b"salt")
