"""Users, roles and the supervisor's actions of the service facade (issue 9).

:class:`AccessActions` is mixed into :class:`workstation.service.Workstation`: login, logout,
password change and user management; the role x action check every service method makes
(:meth:`AccessActions.authorize`, which writes an ``access.denied`` event before refusing);
four-eyes sign-off; the review query; evidence of an event; chain status; reports; retention.

Every method that acts for a user takes the :class:`UserSession` returned by :meth:`login`.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from workstation.audit import access as repo
from workstation.audit.chain import AuditEvent, utc_timestamp
from workstation.audit.engine import session_scope
from workstation.audit.export import ExportScope, sha256_file, write_csv
from workstation.audit.report_pdf import ReportHeader, write_report_pdf
from workstation.audit.store import AuditStore, append_event
from workstation.audit.verify import VerifyReport, verify_trail
from workstation.config import WorkstationConfig
from workstation.errors import AccessDeniedError, AuditError, ConfigError, InputError
from workstation.security.passwords import check_password_policy, hash_password, needs_rehash, verify_password
from workstation.security.roles import Action, Role, allowed
from workstation.security.signing import CheckpointSigner, load_or_create_signer, trusted_public_keys
from workstation.security.vault import Vault, VaultLockedError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}\Z")
_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A real hash to verify against when the user does not exist, so a wrong name costs as long as a wrong password."""
    if not _DUMMY:
        _DUMMY.append(hash_password("not-a-real-password-0123"))
    return _DUMMY[0]


SIGNOFF_DECISIONS = ("approved", "returned")

#: Why the vault stays locked for a user who holds no key to it.
NO_VAULT_KEY = ("Your account holds no key to this desk's encrypted documents and records yet: "
                "an administrator grants one by resetting your password.")
DAMAGED_VAULT_KEY = ("Your key to this desk's encrypted documents could not be opened (damaged): "
                     "an administrator can reset your password to issue a new one.")


@dataclass(frozen=True)
class UserSession:
    """Who is logged in: returned by :meth:`AccessActions.login`, passed to every action."""

    username: str
    role: str


@dataclass(frozen=True)
class UserSummary:
    """A user for the administrator's list (no hash)."""

    username: str
    role: str
    active: bool
    changed_at: str


@dataclass(frozen=True)
class ChainStatus:
    """The banner of the review: is the trail intact, and how much of it is anchored.

    Attributes:
        ok: Chain and checkpoints verify.
        events: Events in the trail.
        checkpoint_seq: Newest event covered by a signed checkpoint.
        unanchored: Events newer than that checkpoint.
        first_bad_seq: First event that cannot be trusted, when not ok.
        summary: The verifier's lines.
    """

    ok: bool
    events: int
    checkpoint_seq: int
    unanchored: int
    first_bad_seq: int | None
    summary: str

    @classmethod
    def from_report(cls, rep: VerifyReport) -> ChainStatus:
        """From a full verification."""
        return cls(rep.ok, rep.events, rep.last_checkpoint_seq, rep.unsigned, rep.first_bad_seq, rep.summary())


@dataclass(frozen=True)
class EvidenceView:
    """One audit entry opened by a supervisor: the event, the check it concerns and its evidence.

    Attributes:
        event: The entry.
        check: The ``check.done`` payload of the check concerned (for a check or an override).
        image: The document's page image (numpy array) when it is still in the vault.
        bbox: The evidence box on that page, ``(x0, y0, x1, y1)``, when known.
        note: Why there is no image, when there is none.
    """

    event: AuditEvent
    check: dict[str, Any] | None
    image: Any
    bbox: tuple[int, int, int, int] | None
    note: str


@dataclass(frozen=True)
class RetentionResult:
    """What a retention run destroyed."""

    documents: int
    keys_destroyed: int
    cutoff: str
    event_seq: int | None


def _now() -> str:
    return utc_timestamp(datetime.now(UTC))


class AccessActions:
    """Users, access control and the supervisor's actions (mixed into the service facade)."""

    config: WorkstationConfig
    engine: Engine
    sessions: sessionmaker[Session]
    _vault: Vault | None

    # -- helpers -------------------------------------------------------------------------------
    @property
    def vault(self) -> Vault:
        """The desk's encrypted document store (opened on first use)."""
        if self._vault is None:
            self._vault = Vault(self.config.data_dir)
        return self._vault

    @property
    def signer(self) -> CheckpointSigner:
        """This desk's checkpoint key (created 0600 on first use)."""
        signer: CheckpointSigner | None = getattr(self, "_signer", None)
        if signer is None:
            signer = load_or_create_signer(self.config.data_dir)
            self._signer = signer
        return signer

    def _audit_store(self) -> AuditStore:
        return AuditStore(self.engine, workstation_id=self.config.workstation_id, signer=self.signer,
                          sessions=self.sessions)

    def _event(self, s: Session, actor: str, role: str, event_type: str, case: str | None,
               payload: dict[str, object]) -> int:
        # With the signer, the store signs a checkpoint in the same transaction every 100 events
        # or after 15 minutes of activity (AUDIT.md).
        return append_event(s, actor=actor, role=role, event_type=event_type, workstation_id=self.config.workstation_id,
                            case_ref=case, payload=payload, signer=self.signer).seq

    def _record(self, actor: str, role: str, event_type: str, case: str | None, payload: dict[str, object]) -> int:
        with session_scope(self.sessions) as s:
            return self._event(s, actor, role, event_type, case, payload)

    def authorize(self, actor: str, role: str, action: Action | str, case_ref: str | None = None) -> None:
        """Refuse ``action`` unless ``role`` may do it; a refusal is written as ``access.denied`` first.

        Raises:
            AccessDeniedError: The role may not do this (the denial is in the trail).
            AuditError: The denial could not be recorded (still refused).
        """
        if allowed(role, action):
            return
        safe_role = role if role in {r.value for r in Role} else "unknown"
        self._record(actor, safe_role, "access.denied", case_ref, {"action": str(action), "role": str(role)[:32]})
        log.warning("access denied: a %s asked to %s", safe_role, action)
        raise AccessDeniedError(f"A user with the role '{role}' may not {str(action).replace('_', ' ')}.")

    def _authorize(self, user: UserSession, action: Action, case_ref: str | None = None) -> None:
        self.authorize(user.username, user.role, action, case_ref)

    def _require_case(self, case_number: str) -> None:
        """Refuse an unknown case without decrypting its record (adding a document needs no vault key).

        Raises:
            InputError: No such case on this desk.
        """
        from sqlalchemy import select

        from workstation.audit.schema import CaseRow

        with session_scope(self.sessions) as s:
            if s.scalar(select(CaseRow.case_number).where(CaseRow.case_number == case_number)) is None:
                raise InputError(f"No case {case_number} on this desk; import its record first")

    # -- users ---------------------------------------------------------------------------------
    def needs_first_user(self) -> bool:
        """Whether no user exists yet (the app then asks for the first administrator)."""
        with session_scope(self.sessions) as s:
            return repo.count_users(s) == 0

    @staticmethod
    def _check_username(username: str) -> str:
        name = username.strip().lower()
        if not _USERNAME.match(name):
            raise InputError("A user name has 2-64 characters: lower-case letters, digits, '.', '_' or '-'.")
        return name

    def create_first_administrator(self, username: str, password: str) -> UserSession:
        """Create the desk's first user, an administrator (only while no user exists).

        Raises:
            InputError: Bad name or weak password.
            AccessDeniedError: Users exist already.
        """
        name = self._check_username(username)
        pw_hash = hash_password(password)
        with session_scope(self.sessions) as s:
            if repo.count_users(s) != 0:
                raise AccessDeniedError("An administrator exists already; ask them to create your account.")
            now = _now()
            repo.add_user(s, name, Role.ADMINISTRATOR.value, pw_hash, now)
            self._event(s, name, Role.ADMINISTRATOR.value, "user.created", None,
                        {"username": name, "user_role": Role.ADMINISTRATOR.value, "first_run": True,
                         "vault_key": True})
            # The administrator claims the desk's vault: its secret (new, or the one a CLI-only or
            # upgraded desk kept in a plain file) is wrapped under their password before the commit.
            had_plain = self.vault.has_plain_secret()
            self.vault.ensure_keys()
            secret = self.vault.secret()
            self.vault.wrap_for_user(name, password, secret)
        self.vault.unlock(secret)
        if had_plain:  # documents were stored before the claim: the destruction of their key file is audited
            self._destroy_plain_key(name, Role.ADMINISTRATOR.value)
        else:
            self.vault.destroy_plain_secret()
        return UserSession(name, Role.ADMINISTRATOR.value)

    def _destroy_plain_key(self, actor: str, role: str) -> None:
        """Overwrite and delete a vault secret resting unwrapped on disk (event ``vault.plain_key_destroyed``)."""
        if self.vault.has_plain_secret() and self.vault.destroy_plain_secret():
            log.info("the vault's plain key file was destroyed; only wrapped copies remain")
            self._record(actor, role, "vault.plain_key_destroyed", None, {})

    def _open_vault(self, name: str, role: str, password: str) -> str:
        """Unlock the vault for a user who just proved their password; returns what happened.

        ``unlocked`` (their wrapped copy opened), ``granted`` (a desk still holding its secret in a
        plain file: wrapped for them now), ``no_key`` or ``key_damaged`` (the vault stays locked
        and says why when something asks to decrypt). An administrator's login destroys a plain
        secret once their own copy is in place (an upgraded desk migrates here).
        """
        v = self.vault
        v.lock()
        try:
            if v.unlock_for_user(name, password):
                state = "unlocked"
            elif v.has_plain_secret():
                secret = v.secret()
                v.wrap_for_user(name, password, secret)
                v.unlock(secret)
                state = "granted"
            else:
                v.lock(NO_VAULT_KEY)
                return "no_key"
        except (AccessDeniedError, ConfigError) as e:
            log.warning("a user's vault key could not be opened (%s)", type(e).__name__)
            # A key of another vault means vault.pub was replaced: say so, it is not the user's fault.
            v.lock(f"{e} Ask the administrator to check the desk's key files." if isinstance(e, ConfigError)
                   else DAMAGED_VAULT_KEY)
            return "key_damaged"
        if role == Role.ADMINISTRATOR.value:
            self._destroy_plain_key(name, role)
        return state

    def lock_vault(self) -> None:
        """Drop the vault key held in this session (idle lock, logout); stored data no longer opens."""
        if self._vault is not None:
            self._vault.lock()

    def login(self, username: str, password: str) -> UserSession:
        """Check a user's password (Argon2id) and open their session (event ``user.login``).

        A failure writes ``user.login_failed`` (the name tried, never the password).

        Raises:
            AccessDeniedError: Unknown user, wrong password or disabled account (one message for all).
        """
        name = username.strip().lower()
        with session_scope(self.sessions) as s:
            user = repo.get_user(s, name) if _USERNAME.match(name) else None
        ok = verify_password(user.password_hash if user else _dummy_hash(), password)
        if user is None or not ok or not user.active:
            actor = name if _USERNAME.match(name) else "unknown"
            reason = "unknown_user" if user is None else ("disabled" if not user.active else "wrong_password")
            self._record(actor, user.role if user else "unknown", "user.login_failed", None, {"reason": reason})
            raise AccessDeniedError("Wrong user name or password, or the account is disabled.")
        with session_scope(self.sessions) as s:
            if needs_rehash(user.password_hash):
                repo.set_password_hash(s, name, hash_password(password), _now())
            self._event(s, name, user.role, "user.login", None, {})
        state = self._open_vault(name, user.role, password)
        if state != "unlocked":  # vault.key_granted, vault.no_key or vault.key_damaged
            self._record(name, user.role, "vault." + ("key_granted" if state == "granted" else state), None,
                         {"username": name})
        return UserSession(name, user.role)

    def logout(self, user: UserSession) -> None:
        """Close a session: the vault key and decrypted pages dropped, event ``user.logout``, a checkpoint."""
        self.drop_decrypted()
        self.lock_vault()
        self._record(user.username, user.role, "user.logout", None, {})
        try:
            self._audit_store().checkpoint("logout")
        except AuditError as e:  # the logout stands; the next checkpoint will cover these events
            log.warning("no checkpoint at logout: %s", e)

    def change_password(self, user: UserSession, old: str, new: str) -> None:
        """Change one's own password (event ``user.password_changed``).

        Raises:
            AccessDeniedError: The old password is wrong.
            InputError: The new password is too weak.
        """
        self._authorize(user, Action.CHANGE_OWN_PASSWORD)
        check_password_policy(new)
        with session_scope(self.sessions) as s:
            info = repo.get_user(s, user.username)
        if info is None or not verify_password(info.password_hash, old):
            self._record(user.username, user.role, "user.password_change_failed", None, {})
            raise AccessDeniedError("The current password is wrong.")
        with session_scope(self.sessions) as s:
            repo.set_password_hash(s, user.username, hash_password(new), _now())
            # The user's copy of the vault key is re-wrapped under the new password in the same unit.
            rewrapped = self.vault.rewrap_for_user(user.username, old, new)
            self._event(s, user.username, user.role, "user.password_changed", None, {"vault_key": rewrapped})

    def create_user(self, user: UserSession, username: str, role: str, password: str) -> UserSummary:
        """An administrator creates a user (event ``user.created``).

        Raises:
            AccessDeniedError: Not an administrator.
            InputError: Bad name, unknown role, name taken, weak password.
        """
        self._authorize(user, Action.MANAGE_USERS)
        name = self._check_username(username)
        if role not in {r.value for r in Role}:
            raise InputError(f"Unknown role {role!r}")
        pw_hash = hash_password(password)
        with session_scope(self.sessions) as s:
            if repo.get_user(s, name) is not None:
                raise InputError(f"The user name {name} is taken.")
            now = _now()
            repo.add_user(s, name, role, pw_hash, now)
            keyed = self._grant_vault_key(name, password)
            self._event(s, user.username, user.role, "user.created", None,
                        {"username": name, "user_role": role, "vault_key": keyed})
        return UserSummary(name, role, True, now)

    def _grant_vault_key(self, username: str, password: str) -> bool:
        """Wrap this session's vault key for ``username`` (False when this session holds none)."""
        held = self.vault.session_secret
        if held is None:
            self.vault.remove_user_key(username)
            return False
        self.vault.wrap_for_user(username, password, held)
        return True

    def reset_password(self, user: UserSession, username: str, new_password: str) -> None:
        """An administrator sets another user's password (event ``user.password_reset``).

        The user's copy of the vault key is re-issued from the administrator's session (their old
        copy, under a password they may have forgotten, is destroyed).

        Raises:
            AccessDeniedError: Not an administrator.
            InputError: No such user, or a weak password.
        """
        self._authorize(user, Action.MANAGE_USERS)
        name = self._check_username(username)
        pw_hash = hash_password(new_password)
        with session_scope(self.sessions) as s:
            if repo.get_user(s, name) is None:
                raise InputError(f"No user {name}")
            repo.set_password_hash(s, name, pw_hash, _now())
            keyed = self._grant_vault_key(name, new_password)
            self._event(s, user.username, user.role, "user.password_reset", None, {"username": name, "vault_key": keyed})

    #: The accounts of a demonstration desk (``workstation-gui --demo`` on a fresh data folder).
    DEMO_ACCOUNTS = (("demo.officer", "officer"), ("demo.supervisor", "supervisor"), ("demo.admin", "administrator"))

    def create_demo_accounts(self) -> dict[str, str]:
        """On a desk with no users yet, create one SPECIMEN account per role with random passwords.

        The passwords are returned and written to ``<data>/demo-accounts.txt`` (0600) for the person
        trying the workstation; a desk that already has users is left alone (empty result).
        """
        import secrets

        if not self.needs_first_user():
            return {}
        passwords = {name: "demo-" + secrets.token_urlsafe(9) for name, _ in self.DEMO_ACCOUNTS}
        admin = self.create_first_administrator("demo.admin", passwords["demo.admin"])
        for name, role in self.DEMO_ACCOUNTS:
            if role != "administrator":
                self.create_user(admin, name, role, passwords[name])
        path = self.config.data_dir / "demo-accounts.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("SPECIMEN demonstration accounts of this desk (delete this file on a real desk)\n")
            for name, role in self.DEMO_ACCOUNTS:
                fh.write(f"{name}\t{role}\t{passwords[name]}\n")
        return passwords

    def read_demo_accounts(self) -> dict[str, str]:
        """The SPECIMEN demonstration accounts' passwords from ``<data>/demo-accounts.txt`` (empty if none)."""
        path = self.config.data_dir / "demo-accounts.txt"
        if not path.exists():
            return {}
        accounts: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) == 3:
                accounts[parts[0]] = parts[2]
        return accounts

    def set_user_active(self, user: UserSession, username: str, active: bool) -> None:
        """An administrator disables or re-enables an account (events ``user.disabled`` / ``user.enabled``)."""
        self._authorize(user, Action.MANAGE_USERS)
        with session_scope(self.sessions) as s:
            if repo.get_user(s, username) is None:
                raise InputError(f"No user {username}")
            repo.set_active(s, username, active, _now())
            # A disabled account keeps no key: its password must not open the vault offline either.
            # Re-enabled, it gets one back with a password reset.
            destroyed = False if active else self.vault.remove_user_key(self._check_username(username))
            self._event(s, user.username, user.role, "user.enabled" if active else "user.disabled", None,
                        {"username": username, "vault_key_destroyed": destroyed})

    def list_users(self, user: UserSession) -> list[UserSummary]:
        """Every account (administrators only)."""
        self._authorize(user, Action.MANAGE_USERS)
        with session_scope(self.sessions) as s:
            return [UserSummary(u.username, u.role, u.active, u.changed_at) for u in repo.list_users(s)]

    # -- four eyes -----------------------------------------------------------------------------
    def sign_off(self, user: UserSession, target_seq: int, decision: str, note: str = "") -> int:
        """Approve or return an officer's override or case decision (``signoff.approved`` / ``signoff.returned``).

        Returns:
            The sequence number of the sign-off event.

        Raises:
            AccessDeniedError: Not a supervisor, or the supervisor's own work (both audited).
            InputError: Unknown decision, no such event, not something to sign off, already signed off,
                or a return without a note.
        """
        self._authorize(user, Action.SIGN_OFF)
        if decision not in SIGNOFF_DECISIONS:
            raise InputError(f"Unknown sign-off decision {decision!r}; use approved or returned")
        if decision == "returned" and not note.strip():
            raise InputError("Say why the work is returned")
        with session_scope(self.sessions) as s:
            target = repo.get_event(s, target_seq)
        if target is None or target.event_type not in repo.SIGNOFF_TARGET_TYPES:
            raise InputError(f"Event {target_seq} is not an override or a case decision")
        if target.actor == user.username:
            self._record(user.username, user.role, "access.denied", target.case_ref,
                         {"action": "sign_off_own_work", "target_seq": target_seq})
            raise AccessDeniedError("Nobody may sign off their own work: another supervisor must.")
        with session_scope(self.sessions) as s:
            done = repo.signoff_of(s, target_seq)
            if done is not None:
                raise InputError(f"Event {target_seq} was already {done[0]} (event {done[1]})")
            seq = self._event(s, user.username, user.role, f"signoff.{decision}", target.case_ref,
                              {"target_seq": target_seq, "target_hash": target.hash,
                               "target_type": target.event_type, "officer": target.actor, "note": note.strip()[:2000]})
            repo.add_signoff(s, target_seq, seq, decision, user.username, _now())
        return seq

    def awaiting_signoff(self, user: UserSession, limit: int = 500) -> list[AuditEvent]:
        """Overrides and case decisions not yet signed off, oldest first."""
        self._authorize(user, Action.SIGN_OFF)
        with session_scope(self.sessions) as s:
            return repo.awaiting_signoff(s, limit)

    # -- review --------------------------------------------------------------------------------
    def review_page(self, user: UserSession, flt: repo.ReviewFilter, before_seq: int | None = None,
                    limit: int = 500) -> list[AuditEvent]:
        """One page of the audit trail, newest first, older than ``before_seq`` (keyset pagination)."""
        self._authorize(user, Action.VIEW_AUDIT)
        with self.engine.connect() as conn:
            return repo.review_page(conn, flt, before_seq, limit)

    def review_choices(self, user: UserSession) -> tuple[list[str], list[str]]:
        """Known actors and event types, for the filter drop-downs."""
        self._authorize(user, Action.VIEW_AUDIT)
        with self.engine.connect() as conn:
            return repo.distinct_values(conn, "actor"), repo.distinct_values(conn, "event_type")

    def chain_status(self, user: UserSession) -> ChainStatus:
        """Verify the whole trail now (slow on a big trail: call on a worker)."""
        self._authorize(user, Action.VERIFY_CHAIN)
        rep = verify_trail(self.engine, trusted_keys=trusted_public_keys(self.config.data_dir))
        return ChainStatus.from_report(rep)

    def open_entry(self, user: UserSession, seq: int) -> EvidenceView:
        """An audit entry with the check it concerns and, when still in the vault, the evidence image."""
        self._authorize(user, Action.VIEW_AUDIT)
        with session_scope(self.sessions) as s:
            ev = repo.get_event(s, seq)
            if ev is None:
                raise InputError(f"No audit event {seq}")
            check: dict[str, Any] | None = None
            payload = ev.payload_obj
            if ev.event_type == "check.done":
                check = payload
            elif ev.event_type in ("check.overridden", "signoff.approved", "signoff.returned"):
                target = ev
                if ev.event_type.startswith("signoff."):
                    t = repo.get_event(s, int(payload.get("target_seq", 0)))
                    target = t if t is not None else ev
                cid = target.payload_obj.get("check_id")
                if cid and target.case_ref:
                    page = repo.review_page(s, repo.ReviewFilter(case_ref=target.case_ref, event_types=("check.done",)),
                                            target.seq, 2000)
                    check = next((e.payload_obj for e in page if e.payload_obj.get("check_id") == cid), None)
        if check is None or not check.get("document_sha256") or not ev.case_ref:
            return EvidenceView(ev, check, None, None, "No document evidence for this entry.")
        if not allowed(user.role, Action.VIEW_EVIDENCE):
            return EvidenceView(ev, check, None, None, "Your role does not see document images.")
        bbox = tuple(int(v) for v in check["bbox"]) if check.get("bbox") else None
        image, note = self.document_image(ev.case_ref, str(check["document_sha256"]))
        return EvidenceView(ev, check, image, bbox if bbox and len(bbox) == 4 else None, note)

    def evidence_image(self, user: UserSession, case_ref: str, sha256: str) -> tuple[Any, str]:
        """A document's page image for a user allowed to see evidence, and a note when there is none."""
        self._authorize(user, Action.VIEW_EVIDENCE, case_ref)
        return self.document_image(case_ref, sha256)

    def document_image(self, case_ref: str, sha256: str) -> tuple[Any, str]:
        """A document's page image: the session's prepared page, else decoded from the vault copy."""
        cached = self._cached_page_image(case_ref, sha256)
        if cached is not None:
            return cached, ""
        try:
            return self._stored_page_image(case_ref, sha256)
        except VaultLockedError as e:
            return None, str(e)

    def _stored_page_image(self, case_ref: str, sha256: str) -> tuple[Any, str]:
        with session_scope(self.sessions) as s:
            blobs = {b.kind: b for b in reversed(repo.blobs_of(s, case_ref, sha256))}
        if "page" in blobs:  # the prepared page the evidence boxes refer to
            try:
                return decode_page(self.vault.get(blobs["page"].blob_id)), ""
            except InputError as e:
                return None, str(e)
        if "original" not in blobs:
            return None, "The document is no longer stored (retention) or was never added on this desk."
        from workstation.intake.loader import load_bytes

        try:
            data = self.vault.get(blobs["original"].blob_id)
            doc = load_bytes(data, "document")
        except InputError as e:
            return None, str(e)
        return (doc.pages[0].image if doc.pages else None), "Original page (not straightened); boxes are approximate."

    def _cached_page_image(self, case_ref: str, sha256: str) -> Any:
        return None

    def stored_document(self, case_ref: str, sha256: str, path: str, file: str, size: int = 0, *,
                        with_page: bool = True) -> Any:
        """A document added to a case in an earlier session, rebuilt from its vault copy (no file, no OCR).

        Returns a :class:`~workstation.checks.reading.ReadDocument` with the reading and (with
        ``with_page``) the prepared page as they were stored, or ``None`` when the vault holds no
        reading of it (added before documents were stored, or destroyed under retention). The checks
        need only the reading: decompressing a 300-DPI page holds the GIL for ~100 ms, which stalled
        the officer's window, and :meth:`document_image` decodes a page when one is asked for.

        Raises:
            VaultLockedError: No user's key is unlocked in this session.
        """
        from workstation.checks.reading import ReadDocument
        from workstation.checks.trail import DocumentRef

        with session_scope(self.sessions) as s:
            blobs = {b.kind: b for b in reversed(repo.blobs_of(s, case_ref, sha256))}
        if "ocr_text" not in blobs:
            return None
        try:
            evidence = evidence_from_text(self.vault.get(blobs["ocr_text"].blob_id).decode("utf-8"))
            page = decode_page(self.vault.get(blobs["page"].blob_id)) if with_page and "page" in blobs else None
        except InputError as e:
            log.warning("a stored document could not be reopened: %s", e)
            return None
        if evidence is None:
            return None
        return ReadDocument(DocumentRef(file, path, sha256, size), evidence, 0.0, page)

    def drop_decrypted(self) -> None:
        """Forget the vault key held in this session (the idle lock and logout call this)."""
        self.lock_vault()

    # -- reports -------------------------------------------------------------------------------
    def export_report(self, user: UserSession, scope: ExportScope, fmt: str, out: Path | None, *,
                      stream: TextIO | None = None) -> int:
        """Write a CSV or PDF report of a case or a period (event ``audit.exported``); returns the event count.

        The desktop's reports and ``workstation audit export`` both come here. A CSV goes to ``out``,
        or to ``stream`` when ``out`` is ``None`` (the command line's standard output).

        Raises:
            AccessDeniedError: The role may not export reports.
            InputError: Unknown format, no file for a PDF, or ``out`` cannot be written.
        """
        self._authorize(user, Action.EXPORT_REPORT, scope.case_ref)
        if fmt not in ("csv", "pdf"):
            raise InputError(f"Unknown report format {fmt!r}; use csv or pdf")
        if out is None and (fmt == "pdf" or stream is None):
            raise InputError(f"A {fmt.upper()} export needs an output file")
        store = AuditStore(self.engine, workstation_id=self.config.workstation_id, sessions=self.sessions)
        events = store.events(scope.filter)
        if fmt == "csv" and out is None:
            assert stream is not None
            count, digest = write_csv(events, stream)
            stream.flush()
        elif fmt == "csv":
            assert out is not None
            try:
                with open(out, "w", encoding="utf-8", newline="") as fh:
                    count, digest = write_csv(events, fh)
            except OSError as e:
                raise InputError(f"Cannot write {out}: {e.strerror or e}") from e
        else:
            assert out is not None
            rep = verify_trail(self.engine, trusted_keys=trusted_public_keys(self.config.data_dir))
            header = ReportHeader(scope=scope.describe(), database=self.engine.url.render_as_string(hide_password=True),
                                  generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                                  generated_by=f"{user.username} ({user.role}) on {self.config.workstation_id}",
                                  integrity=tuple(rep.summary().splitlines()), intact=rep.ok)
            count = write_report_pdf(out, header, events)
            digest = sha256_file(out)
        try:
            self._record(user.username, user.role, "audit.exported", scope.case_ref,
                         {"format": fmt, "scope": scope.as_payload(), "events": count, "file_sha256": digest})
        except AuditError:
            if out is not None:
                out.unlink(missing_ok=True)  # fail closed: no unrecorded export stays behind
            raise
        return count

    def export_checkpoint(self, user: UserSession, path: Path) -> int:
        """Sign and write a checkpoint to keep off this machine; returns the sequence number it covers."""
        self._authorize(user, Action.EXPORT_CHECKPOINT)
        return self._audit_store().export_checkpoint(path, actor=user.username, role=user.role).to_seq

    # -- encryption at rest and retention --------------------------------------------------------
    def _store_document(self, s: Session, case_ref: str, sha256: str, original: bytes, reading_text: str,
                        page_image: Any = None) -> None:
        """Encrypt a document's original bytes, its reading and (when kept) its prepared page into the vault."""
        now = _now()
        items = [("original", original), ("ocr_text", reading_text.encode("utf-8"))]
        if page_image is not None:
            items.append(("page", encode_page(page_image)))
        for kind, data in items:
            ref = self.vault.put(data, kind)
            repo.add_blob(s, case_ref, sha256, kind, ref.blob_id, now)

    def run_retention(self, user: UserSession, older_than_days: int, *, today: date | None = None) -> RetentionResult:
        """Destroy the keys of every stored document older than the policy age (event ``retention.run``).

        The event is written first, naming what will be destroyed by SHA-256; then the keys go.
        The audit trail itself is untouched, so it still verifies.
        """
        self._authorize(user, Action.RUN_RETENTION)
        if older_than_days < 0:
            raise InputError("--older-than-days must be 0 or more")
        day = today or datetime.now(UTC).date()
        cutoff = utc_timestamp(datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(days=older_than_days))
        with session_scope(self.sessions) as s:
            blobs = repo.blobs_older_than(s, cutoff)
            docs = sorted({(b.case_ref, b.sha256) for b in blobs})
            seq = self._event(s, user.username, user.role, "retention.run", None,
                              {"older_than_days": older_than_days, "cutoff": cutoff, "documents": len(docs),
                               "keys": len(blobs), "sha256": [d[1] for d in docs][:500]})
            for b in blobs:
                self.vault.destroy_key(b.blob_id)
            repo.mark_destroyed(s, [b.blob_id for b in blobs], _now())
        held = self.vault.session_secret
        self.drop_decrypted()  # pages of destroyed documents leave memory too; the administrator stays unlocked
        if held is not None:
            self.vault.unlock(held)
        log.info("retention destroyed %d key(s) of %d document(s)", len(blobs), len(docs))
        return RetentionResult(len(docs), len(blobs), cutoff, seq)


def reading_text(evidence: Any) -> str:
    """The reading (fields, values, MRZ) of a document as JSON text, for the vault."""
    from dataclasses import asdict, is_dataclass

    data = asdict(evidence) if is_dataclass(evidence) and not isinstance(evidence, type) else {"reading": str(evidence)}
    return json.dumps(data, ensure_ascii=False, default=str)


def evidence_from_text(text: str) -> Any:
    """The :class:`~workstation.checks.model.DocumentEvidence` that :func:`reading_text` stored; ``None`` if not one."""
    from workstation.checks.model import DocumentEvidence, FieldValue

    try:
        data = json.loads(text)
        if not isinstance(data, dict) or "kind" not in data or "file" not in data:
            return None

        def fields(m: Any) -> dict[str, FieldValue]:
            out = {}
            for k, v in dict(m or {}).items():
                v = dict(v)
                if v.get("bbox") is not None:
                    v["bbox"] = tuple(v["bbox"])
                v["alternatives"] = tuple(v.get("alternatives") or ())
                out[str(k)] = FieldValue(**v)
            return out

        return DocumentEvidence(
            file=str(data["file"]), kind=str(data["kind"]), fields=fields(data.get("fields")),
            sha256=str(data.get("sha256", "")), mrz_fields=fields(data.get("mrz_fields")),
            printed_fields=fields(data.get("printed_fields")), mrz_present=bool(data.get("mrz_present", False)),
            mrz_checks={str(k): bool(v) for k, v in dict(data.get("mrz_checks") or {}).items()},
            mrz_confidence=float(data.get("mrz_confidence", 1.0)), mrz_repairs=tuple(data.get("mrz_repairs") or ()),
            mrz_lines=tuple(data.get("mrz_lines") or ()), quality=dict(data.get("quality") or {}),
            warnings=tuple(data.get("warnings") or ()), extra=dict(data.get("extra") or {}))
    except (ValueError, TypeError, KeyError):
        return None


#: Record and document fields whose values identify a person: kept out of the audit trail's reasons.
PERSONAL_FIELDS = frozenset({"surname", "given_names", "father_name", "date_of_birth", "place_of_birth",
                             "passport_number", "tazkira_number", "document_number", "employee_name",
                             "supervisor_name", "name", "full_name"})
_TOKEN = re.compile(r"[^\W_](?:[\w'.-]*[^\W_])?", re.UNICODE)


def redact_personal(check: Any) -> Any:
    """A check whose reason no longer spells out the personal values it compared.

    Name checks explain themselves with the names (``same name family: MUHAMMAD ~ MOHAMMAD``);
    the trail keeps the explanation with each such word replaced by ``…`` (the values stay bound
    by ``values_sha256`` and readable in the encrypted vault copy of the reading).
    """
    from dataclasses import replace

    leaf = str(getattr(check, "field", "")).split(".")[-1]
    if leaf not in PERSONAL_FIELDS and not str(getattr(check, "id", "")).endswith(tuple(PERSONAL_FIELDS)):
        return check
    words = {w.lower() for v in (check.expected, check.found) if v for w in _TOKEN.findall(str(v)) if len(w) >= 2}
    if not words:
        return check
    reason = _TOKEN.sub(lambda m: "…" if m.group(0).lower() in words else m.group(0), check.reason)
    return replace(check, reason=reason) if reason != check.reason else check


def encode_page(image: Any) -> bytes:
    """A page image (numpy array) as compact bytes for the vault (``.npy`` + zlib level 1).

    The pixels go to zlib straight from the array's memory: ``np.save`` into a buffer made two
    copies of a 300-DPI page while holding the GIL (50 ms measured), which stalled the desktop's
    GUI thread; zlib compresses with the GIL released. Same bytes once decompressed.
    """
    import io
    import zlib

    import numpy as np

    arr = np.ascontiguousarray(image)
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, np.lib.format.header_data_from_array_1_0(arr))
    z = zlib.compressobj(1)
    return b"WSP1" + z.compress(header.getvalue()) + z.compress(arr.data.cast("B")) + z.flush()


def decode_page(data: bytes) -> Any:
    """The page image :func:`encode_page` stored.

    Raises:
        InputError: Not a stored page.
    """
    import io
    import zlib

    import numpy as np

    if not data.startswith(b"WSP1"):
        raise InputError("The stored page is damaged.")
    try:
        return np.load(io.BytesIO(zlib.decompress(data[4:])), allow_pickle=False)
    except (ValueError, zlib.error) as e:
        raise InputError("The stored page is damaged.") from e
