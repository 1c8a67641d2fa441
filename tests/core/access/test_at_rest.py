"""Nothing readable at rest: after a verified case, a raw scan of the data folder finds no image or
PDF signature and no applicant name outside the encrypted blobs (database and log files included)."""

from __future__ import annotations

import logging
import os
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from tests.core.checks.builders import BASE_RECORD
from workstation.config import WorkstationConfig
from workstation.records.model import parse_record
from workstation.security.fileperms import check_private_tree
from workstation.security.vault import VaultLockedError
from workstation.service import Workstation

SIGNATURES = [b"\x89PNG", b"%PDF", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"]


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff" * 3 * 8 for _ in range(8))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _scan(folder: Path, needles: list[bytes]) -> list[tuple[str, bytes]]:
    """Every needle found in a file of ``folder`` other than the vault's encrypted blobs and wrapped keys.

    Those are AES-GCM ciphertext (checked: they carry the vault's header and nothing else is
    stored in vault/); random bytes of a multi-megabyte page blob hold any 4-byte pattern now and
    then, so they are not searched for needles.
    """
    hits = []
    for p in folder.rglob("*"):
        if not p.is_file():
            continue
        data = p.read_bytes()
        rel = p.relative_to(folder)
        if rel.parts[0] == "vault" or (rel.parts[0] == "keys" and p.suffix == ".key"):
            # blobs: magic + nonce + GCM tag at least; document keys: magic + ephemeral key + nonce + wrapped key + tag
            assert (data.startswith(b"WSV1") and len(data) > 28) or (data.startswith(b"WSV2") and len(data) == 96), rel
            assert not any(data[16:].startswith(sig) for sig in SIGNATURES), rel  # not stored in the clear
            continue
        hits += [(str(rel), n) for n in needles if n in data or n.lower() in data.lower()]
    return hits


def test_raw_scan_of_the_data_folder_finds_nothing_readable(config: WorkstationConfig, fake_reader: dict[str, Any],
                                                            files: dict[str, Path]) -> None:
    files["passport.png"].write_bytes(_png())
    files["letter0.pdf"].write_bytes(b"%PDF-1.4\n% SPECIMEN AHMADZAI\n%%EOF\n")
    log_dir = config.data_dir / "logs"
    log_dir.mkdir(mode=0o700)
    os.close(os.open(log_dir / "workstation.log", os.O_CREAT | os.O_WRONLY, 0o600))  # as ui/app.py does
    handler = logging.FileHandler(log_dir / "workstation.log")
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        ws = Workstation(config)
        admin = ws.create_first_administrator("admin", "SPECIMEN-pass-2026")
        ws.create_user(admin, "off1", "officer", "SPECIMEN-pass-2026")
        off = ws.login("off1", "SPECIMEN-pass-2026")
        ws.import_records(files["record"], actor=off.username, role=off.role)
        run = ws.verify(parse_record(BASE_RECORD), [files[n] for n in ("passport.png", "tazkira.png", "letter0.pdf")],
                        actor=off.username)
        ws.run_checks(BASE_RECORD["case_number"], actor=off.username, role=off.role)
        ws.decide_case(BASE_RECORD["case_number"], run.report.verdict, off.username)
        assert [c.name for c in ws.list_cases()] and "AHMADZAI" in ws.list_cases()[0].name.upper()
        held = ws.vault.session_secret
        assert held is not None
        private = held.to_bytes()[4:36]
        ws.logout(off)
        with pytest.raises(VaultLockedError, match="Log in"):  # logged out: nothing decrypts
            ws.list_cases()
        ws.close()
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
    canaries = [BASE_RECORD["surname"].encode(), BASE_RECORD["given_names"].split()[0].encode(),
                BASE_RECORD["passport_number"].encode()]
    assert (config.data_dir / "audit.sqlite3").exists() and (log_dir / "workstation.log").stat().st_size > 0
    assert _scan(config.data_dir, SIGNATURES + canaries + [private, private.hex().encode()]) == []
    assert check_private_tree(config.data_dir) == []
    # A stolen disk: a fresh process on the data folder holds no key and finds none to load.
    thief = Workstation(config)
    try:
        assert not thief.vault.has_plain_secret()
        with pytest.raises(VaultLockedError):
            thief.get_record(BASE_RECORD["case_number"])
    finally:
        thief.close()


def test_check_reasons_in_the_trail_do_not_spell_out_names() -> None:
    from workstation.checks.model import CheckResult
    from workstation.supervision import redact_personal

    c = CheckResult("passport.given_names", "given_names", "pass", "MOHAMMAD NASIR", "MUHAMMAD NASIR", "p.png",
                    "same name family: MOHAMMAD ~ MUHAMMAD; NASIR exact", None)
    assert redact_personal(c).reason == "same name family: … ~ …; … exact"
    e = CheckResult("letter.0.end_date", "employment.0.end_date", "pass", "2013-08-31", "2013-08-31", "l.pdf",
                    "exact", None)
    assert redact_personal(e) is e


def test_real_ocr_case_leaves_no_name_or_image_at_rest(config: WorkstationConfig, tmp_path: Path) -> None:
    """The same scan after a real read (Tesseract) of a generated SPECIMEN passport, names differing in spelling."""
    import datetime as dt
    import json
    import random

    from tests.synth import damage, passport, people, records

    rng = random.Random("at-rest:3")
    for _ in range(100):
        person = people.make_person(rng, "AT-REST")
        if person.passport_issuing == "AFG" and person.passport_expiry > dt.date(2027, 1, 1) and person.dob.full:
            break
    img, _truth = passport.make_passport(rng, person, dpi=300, forgery=None)
    doc = tmp_path / "scan1.png"
    doc.write_bytes(damage.encode(img, "png"))
    rec = records.base_record(person, "SPECIMEN-AT-REST-3")
    rec.pop("tazkira_number", None)
    rec.pop("father_name", None)
    log_dir = config.data_dir / "logs"
    log_dir.mkdir(mode=0o700)
    os.close(os.open(log_dir / "workstation.log", os.O_CREAT | os.O_WRONLY, 0o600))
    handler = logging.FileHandler(log_dir / "workstation.log")
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        ws = Workstation(config)
        run = ws.verify(parse_record(rec), [doc], actor="off1")
        assert run.report.verdict in ("verified", "needs_review")
        sha = run.documents[0].sha256
        page = ws.page_image(rec["case_number"], sha)
        assert page is not None
        ws.drop_decrypted()  # as the idle lock does: the page comes back from the vault, decrypted
        again, note = ws.document_image(rec["case_number"], sha)
        assert note == "" and (again == page).all()
        ws.close()
        # A later session checks the case from the vault's readings without decompressing its pages
        # (that held the GIL ~100 ms and stalled the desk); a page is decoded when it is asked for.
        later = Workstation(config)
        rerun = later.run_checks(rec["case_number"], actor="off1")
        assert [d.sha256 for d in rerun.documents] == [sha]
        assert later._page_images == {}
        shown = later.page_image(rec["case_number"], sha)
        assert shown is not None and (shown == page).all()
        later.close()
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
    words = {w for k in ("surname", "given_names") for w in str(rec.get(k, "")).split() if len(w) >= 5}
    canaries = [w.encode() for w in words] + [str(rec["passport_number"]).encode()]
    assert canaries and json.dumps(rec)
    assert _scan(config.data_dir, SIGNATURES + canaries) == []


def test_a_long_desk_session_keeps_the_pages_of_the_last_few_cases_in_memory_only(
        config: WorkstationConfig, tmp_path: Path) -> None:
    """A desk works through many cases a day and each page image is tens of megabytes: the bench's run of 270
    cases in one session grew to 12 GB and was killed. Pages of older cases come back from the vault."""
    import numpy as np

    from tests.synth import damage
    from workstation.service import PAGE_IMAGES_KEPT_FOR_CASES

    ws = Workstation(config)
    try:
        shas: list[tuple[str, str]] = []
        for k in range(PAGE_IMAGES_KEPT_FOR_CASES + 2):
            img = np.full((320, 480, 3), 255, np.uint8)
            img[40 + 10 * k: 60 + 10 * k, 40:300] = 0  # SPECIMEN page, each one different
            doc = tmp_path / f"page{k}.png"
            doc.write_bytes(damage.encode(img, "png"))
            rec = dict(BASE_RECORD, case_number=f"SPECIMEN-LONG-{k}")
            run = ws.verify(parse_record(rec), [doc], actor="off1")
            shas.append((rec["case_number"], run.documents[0].sha256))
        in_memory = {case for case, _ in ws._page_images}
        assert in_memory == {case for case, _ in shas[-PAGE_IMAGES_KEPT_FOR_CASES:]}
        assert all(d.page_image is None for d in ws._documents[shas[0][0]])
        first = ws.page_image(*shas[0])
        assert first is not None and np.asarray(first).ndim >= 2
        assert len({case for case, _ in ws._page_images}) == PAGE_IMAGES_KEPT_FOR_CASES
    finally:
        ws.close()
