"""The facade the UI and the CLI call: one method per user action, each one unit of work.

Widgets and commands never build sessions or touch ORM objects; they call this.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from workstation.audit import cases as case_repo
from workstation.audit.engine import (
    check_sqlite_pragmas,
    is_sqlite,
    make_engine,
    make_session_factory,
    session_scope,
)
from workstation.audit.migrate import upgrade as upgrade_schema
from workstation.audit.schema import CaseRow
from workstation.audit.store import AuditStore, EventFilter
from workstation.checks import trail as _trail
from workstation.checks.actions import CaseDecision, CheckOverride, CheckRun, DocumentAdded, apply_overrides
from workstation.checks.engine import check_case
from workstation.checks.model import STATUSES, VERDICTS, CheckReport
from workstation.checks.policy import CheckPolicy, load_check_policy
from workstation.checks.reading import ReadDocument, file_ref, read_file, read_files
from workstation.config import WorkstationConfig, ensure_private_dir, resources_dir
from workstation.errors import ConfigError, InputError
from workstation.progress import NULL_REPORTER, CancelToken, Reporter
from workstation.reader_process import ProcessReader
from workstation.records.csv_import import import_records_csv
from workstation.records.model import ApplicantRecord, load_records_json
from workstation.security.roles import Action
from workstation.security.vault import VaultLockedError
from workstation.supervision import AccessActions, UserSession, reading_text, redact_personal

log = logging.getLogger(__name__)

#: Cases whose prepared page images a desk session keeps in memory (the current one and the few before).
PAGE_IMAGES_KEPT_FOR_CASES = 4


class Workstation(AccessActions):
    """One open workstation: configuration plus the database it writes to.

    Every action is checked against the role x action matrix here, not only in the UI
    (:meth:`~workstation.supervision.AccessActions.authorize`); users, sign-off, review,
    reports and retention come from :class:`~workstation.supervision.AccessActions`.
    """

    def __init__(self, config: WorkstationConfig, *, reader: ProcessReader | None = None) -> None:
        """Open the desk's database (migrating it to the current schema).

        Args:
            config: The desk's configuration.
            reader: Read documents in this child process instead of the calling thread (the
                desktop app does, so OCR never stalls its GUI thread).
        """
        self.config = config
        self.reader = reader
        ensure_private_dir(config.data_dir)
        self.engine = make_engine(config.database_url)
        if is_sqlite(config.database_url):
            problems = check_sqlite_pragmas(self.engine)
            if problems:
                raise ConfigError("Unsafe database settings refused: " + "; ".join(problems))
        upgrade_schema(self.engine)
        self.sessions: sessionmaker[Session] = make_session_factory(self.engine)
        # Documents, last check report and overrides per case, for this open desk session.
        self._documents: dict[str, list[ReadDocument]] = {}
        self._reports: dict[str, CheckReport] = {}
        self._overrides: dict[str, dict[str, CheckOverride]] = {}
        self._check_policy: CheckPolicy | None = None
        # Prepared first-page images of the documents read in this session, for the viewer.
        self._page_images: dict[tuple[str, str], object] = {}
        self._recent_cases: list[str] = []  # cases whose page images are in memory, least recent first
        self._pages_lock = threading.Lock()
        self._vault = None
        # Documents read at once are recorded one at a time (the session's document lists are shared).
        self._record_lock = threading.Lock()
        #: Passwords of the SPECIMEN accounts created for a demonstration desk (see create_demo_accounts).
        self.demo_accounts: dict[str, str] = {}

    def close(self) -> None:
        """Release the database connections and the reader process."""
        if self.reader is not None:
            self.reader.close()
        self.engine.dispose()

    def _read(self, path: Path, reporter: Reporter, cancel: CancelToken | None) -> ReadDocument:
        if self.reader is not None:
            doc: ReadDocument = self.reader.read(path, self.config, reporter, cancel)
            return doc
        return read_file(path, self.config, reporter, cancel)

    # -- cases ---------------------------------------------------------------------------------
    def import_records(
        self, path: Path, *, mapping: Path | None = None, actor: str = "system", role: str = "officer"
    ) -> list[ApplicantRecord]:
        """Import every record of a JSON or CSV file, all or nothing, with one ``records.imported`` event.

        A CSV export is mapped onto record fields by ``mapping`` (a column-mapping JSON file), or by a
        ``<name>.mapping.json`` beside it, or by headers that are record field names.

        Raises:
            InputError: The file, or any record in it, is unusable (every bad CSV row is named).
            AuditError: The audit store refused the event; nothing is imported.
        """
        self.authorize(actor, role, Action.IMPORT_RECORDS)
        if path.suffix.lower() == ".csv":
            beside = path.with_name(path.stem + ".mapping.json")
            records: list[ApplicantRecord] = list(
                import_records_csv(path, mapping or (beside if beside.exists() else None)).records
            )
        else:
            records = load_records_json(path)
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        with session_scope(self.sessions) as s:
            new = sum(case_repo.upsert_case(s, r, self.vault) for r in records)
            for r in records:
                self._append(s, actor, role, "records.imported", r.case_number,
                             {"source_sha256": sha, "format": path.suffix.lower().lstrip("."), "records_in_file": len(records)})
        log.info("imported %d record(s), %d new", len(records), new)
        return records

    def list_cases(self, user: UserSession | None = None) -> list[case_repo.CaseSummary]:
        """Every case on this desk (records are decrypted for the list)."""
        if user is not None:
            self.authorize(user.username, user.role, Action.VIEW_CASES)
        with session_scope(self.sessions) as s:
            return case_repo.list_cases(s, self.vault)

    def get_record(self, case_number: str, user: UserSession | None = None) -> ApplicantRecord | None:
        """The applicant record of one case."""
        if user is not None:
            self.authorize(user.username, user.role, Action.VIEW_CASES, case_number)
        with session_scope(self.sessions) as s:
            return case_repo.get_record(s, case_number, self.vault)

    def ensure_demo_case(self) -> None:
        """Load the synthetic SPECIMEN demo case when the database has no cases yet."""
        with session_scope(self.sessions) as s:  # counted, not decrypted: the vault may be locked
            if s.scalar(select(func.count()).select_from(CaseRow)):
                return
        demo = resources_dir() / "sample_cases" / "demo_case.json"
        if demo.exists():
            self.import_records(demo)

    # -- documents, checks, decisions (issue 6) -------------------------------------------------
    @property
    def check_policy(self) -> CheckPolicy:
        """The checks policy of this desk (``config.policy_path`` or the packaged default)."""
        if self._check_policy is None:
            self._check_policy = load_check_policy(self.config.policy_path or None)
        return self._check_policy

    def _append(self, s: Session, actor: str, role: str, event_type: str, case: str, payload: dict[str, object]) -> int:
        return self._event(s, actor, role, event_type, case, payload)

    def _log_document(self, s: Session, case: str, doc: ReadDocument, actor: str, role: str) -> list[int]:
        return [
            self._append(s, actor, role, _trail.DOCUMENT_ADDED, case, _trail.document_added_payload(doc.ref)),
            self._append(s, actor, role, _trail.DOCUMENT_READ, case,
                         _trail.document_read_payload(doc.evidence, round(doc.elapsed_s * 1000))),
        ]

    def _log_report(self, s: Session, report: CheckReport, docs: Sequence[ReadDocument], actor: str, role: str) -> list[int]:
        sha = {d.ref.file: d.ref.sha256 for d in docs}
        case = report.case_number
        # Reasons that spell out names or numbers are redacted for the trail (the SQLite file is not encrypted).
        ids = [self._append(s, actor, role, _trail.CHECK_DONE, case,
                            _trail.check_payload(redact_personal(c), sha, report.policy_version))
               for c in report.checks]
        ids.append(self._append(s, actor, role, _trail.CASE_VERDICT, case, _trail.verdict_payload(report)))
        case_repo.set_status(s, case, report.verdict)
        return ids

    def _require_record(self, case_number: str) -> ApplicantRecord:
        record = self.get_record(case_number)
        if record is None:
            raise InputError(f"No case {case_number} on this desk; import its record first")
        return record

    def add_document(
        self,
        case_number: str,
        path: Path,
        *,
        actor: str,
        role: str = "officer",
        reporter: Reporter = NULL_REPORTER,
        cancel: CancelToken | None = None,
    ) -> DocumentAdded:
        """Read a document and add it to a case (events ``document.added`` and ``document.read``).

        The file is read before the transaction (OCR is slow); only its reference (name, path,
        SHA-256) and what was read are stored, never the image. Same as :meth:`read_for_case`
        followed by :meth:`record_document`.

        Raises:
            InputError: Unknown case, or a missing, empty or corrupt file.
            AuditError: The audit store refused the events; the document is not added.
        """
        doc = self.read_for_case(case_number, path, actor=actor, role=role, reporter=reporter, cancel=cancel)
        return self.record_document(case_number, path, doc, actor=actor, role=role)

    def read_for_case(
        self,
        case_number: str,
        path: Path,
        *,
        actor: str,
        role: str = "officer",
        reporter: Reporter = NULL_REPORTER,
        cancel: CancelToken | None = None,
    ) -> ReadDocument:
        """Read a document for a case without adding it (nothing is recorded).

        Several documents may be read at once (the desk reads two on two cores) and then recorded
        one by one, in the order the officer gave them, with :meth:`record_document`.

        Raises:
            InputError: Unknown case, or a missing, empty or corrupt file.
        """
        self.authorize(actor, role, Action.ADD_DOCUMENT, case_number)
        self._require_case(case_number)  # exists; nothing decrypted
        return self._read(path, reporter, cancel)

    def record_document(self, case_number: str, path: Path, doc: ReadDocument, *, actor: str,
                        role: str = "officer") -> DocumentAdded:
        """Add a document read by :meth:`read_for_case` to the case (thread-safe; one at a time).

        Raises:
            AuditError: The audit store refused the events; the document is not added.
            InputError: The file is gone, or changed since it was read (its SHA-256 differs from
                the reading's): the vault would keep other bytes than the ones read. Read it again.
        """
        self.authorize(actor, role, Action.ADD_DOCUMENT, case_number)
        try:
            original = path.read_bytes()
        except OSError as e:
            raise InputError(f"{path.name}: the file can no longer be read ({e.strerror or e}); read it again.") from e
        if hashlib.sha256(original).hexdigest() != doc.ref.sha256:
            raise InputError(f"{path.name} changed after it was read; read it again before adding it.")
        with self._record_lock:
            with session_scope(self.sessions) as s:
                ids = self._log_document(s, case_number, doc, actor, role)
                self._store_document(s, case_number, doc.ref.sha256, original, reading_text(doc.evidence), doc.page_image)
            if case_number in self._documents:  # else run_checks takes every document, this one too, from the vault
                docs = [d for d in self._documents[case_number] if d.ref.sha256 != doc.ref.sha256]
                self._documents[case_number] = [*docs, doc]
            self._page_images[(case_number, doc.ref.sha256)] = doc.page_image
            self._keep_pages_of(case_number)
        return DocumentAdded(case_number, doc.ref, doc.evidence, tuple(ids), words=doc.words)

    def run_checks(self, case_number: str, *, actor: str, role: str = "officer",
                   today: _dt.date | None = None) -> CheckRun:
        """Check a case's record against the documents added in this session (one ``check.done`` per check).

        Raises:
            InputError: Unknown case.
            AuditError: The audit store refused the events; the run is not recorded.
        """
        self.authorize(actor, role, Action.RUN_CHECKS, case_number)
        record = self._require_record(case_number)
        if case_number not in self._documents:
            self._documents[case_number] = self._reread_documents(case_number)
        docs = self._documents.get(case_number, [])
        report = check_case(record, [d.evidence for d in docs], self.check_policy, today)
        with session_scope(self.sessions) as s:
            ids = self._log_report(s, report, docs, actor, role)
        self._reports[case_number] = report
        self._overrides.pop(case_number, None)
        return CheckRun(report, tuple(d.ref for d in docs), tuple(ids))

    def _reread_documents(self, case_number: str) -> list[ReadDocument]:
        """The documents added to a case in an earlier session: their vault copies (the readings).

        A document the vault holds no reading of (added before documents were stored) is read
        again from where it was added; one that has moved or changed since (another SHA-256) is
        left out and its checks are not done. Raises VaultLockedError when nobody is logged in.
        """
        store = AuditStore(self.engine, workstation_id=self.config.workstation_id, sessions=self.sessions)
        latest: dict[str, tuple[str, str, int]] = {}
        for ev in store.events(EventFilter(case_ref=case_number)):
            if ev.event_type == _trail.DOCUMENT_ADDED:
                pl = ev.payload_obj
                latest[str(pl.get("sha256"))] = (str(pl.get("path")), str(pl.get("file")), int(pl.get("size") or 0))
        stored: list[ReadDocument] = []
        paths = []
        for sha, (path, name, size) in latest.items():
            kept = self.stored_document(case_number, sha, path, name, size, with_page=False)
            if kept is not None:
                # The page stays in the vault until someone looks at it (document_image decodes it);
                # one already in memory (added in this session) is kept.
                page = self._page_images.get((case_number, sha))
                stored.append(replace(kept, page_image=page) if page is not None else kept)
                continue
            p = Path(path)
            try:
                if p.is_file() and file_ref(p).sha256 == sha:
                    paths.append(p)
                else:
                    log.warning("a document of a case is no longer where it was added; it is left out")
            except InputError:
                log.warning("a document of a case can no longer be read; it is left out")
        by_sha = {d.ref.sha256: d for d in [*stored, *(read_files(paths, self.config) if paths else [])]}
        return [by_sha[sha] for sha in latest if sha in by_sha]  # in the order they were added

    def verify(
        self,
        record: ApplicantRecord,
        paths: Sequence[Path],
        *,
        actor: str,
        role: str = "officer",
        reporter: Reporter = NULL_REPORTER,
        cancel: CancelToken | None = None,
        today: _dt.date | None = None,
    ) -> CheckRun:
        """Import a record, read its documents and check them, as one unit of work (``workstation verify``).

        Every document is read first; then the record, each document's events, each check
        and the verdict are written in one transaction, so the run is recorded whole or not at all.

        Raises:
            InputError: A missing, empty or corrupt document.
            AuditError: The audit store refused the events; nothing is recorded.
        """
        for action in (Action.IMPORT_RECORDS, Action.ADD_DOCUMENT, Action.RUN_CHECKS):
            self.authorize(actor, role, action, record.case_number)
        docs = read_files(paths, self.config, reporter, cancel)
        reporter.update(len(paths), len(paths), "checking")
        report = check_case(record, [d.evidence for d in docs], self.check_policy, today)
        originals = {d.ref.sha256: Path(d.ref.path).read_bytes() for d in docs}
        with session_scope(self.sessions) as s:
            case_repo.upsert_case(s, record, self.vault)
            record_sha = hashlib.sha256(json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True)
                                        .encode("utf-8")).hexdigest()
            ids: list[int] = [self._append(s, actor, role, "records.imported", record.case_number,
                                           {"record_sha256": record_sha, "format": "verify", "records_in_file": 1})]
            for d in docs:
                ids += self._log_document(s, record.case_number, d, actor, role)
                self._store_document(s, record.case_number, d.ref.sha256, originals[d.ref.sha256],
                                     reading_text(d.evidence), d.page_image)
            ids += self._log_report(s, report, docs, actor, role)
        self._documents[record.case_number] = docs
        for d in docs:
            self._page_images[(record.case_number, d.ref.sha256)] = d.page_image
        self._keep_pages_of(record.case_number)
        self._reports[record.case_number] = report
        self._overrides.pop(record.case_number, None)
        return CheckRun(report, tuple(d.ref for d in docs), tuple(ids))

    def page_image(self, case_number: str, sha256: str) -> object | None:
        """The prepared (upright) first page of a case's document, as a numpy array.

        Pages read in this session are in memory; one added in an earlier session is decoded from
        its vault copy on first use (``None`` when the vault is locked or holds no page of it).
        """
        cached = self._page_images.get((case_number, sha256))
        if cached is not None:
            return cached
        try:
            found = self._stored_page_image(case_number, sha256)
        except VaultLockedError:
            return None
        image: object | None = found[0]
        if image is not None:
            self._page_images[(case_number, sha256)] = image
            self._keep_pages_of(case_number)
        return image

    def _keep_pages_of(self, case_number: str) -> None:
        """Keep page images in memory for ``case_number`` and the few cases used before it only.

        A desk works through many cases a day; a page image is tens of megabytes. Older cases keep
        their readings (small) and decode their pages from the vault again when shown.
        """
        with self._pages_lock:  # the viewer asks for pages while a worker adds documents
            order = self._recent_cases
            if case_number in order:
                order.remove(case_number)
            order.append(case_number)
            while len(order) > PAGE_IMAGES_KEPT_FOR_CASES:
                old = order.pop(0)
                for key in [k for k in list(self._page_images) if k[0] == old]:
                    self._page_images.pop(key, None)
                docs = self._documents.get(old)
                if docs is not None:
                    self._documents[old] = [replace(d, page_image=None) for d in docs]

    def _cached_page_image(self, case_ref: str, sha256: str) -> object | None:
        # The hook the access actions (evidence crops) call: pages in memory only (they decode the rest).
        return self._page_images.get((case_ref, sha256))

    def drop_decrypted(self) -> None:
        """Forget every page image and reading held in memory, and the vault key (idle lock, logout, retention)."""
        self._page_images.clear()
        with self._pages_lock:
            self._recent_cases.clear()
        self._documents.clear()
        super().drop_decrypted()

    def current_report(self, case_number: str) -> CheckReport | None:
        """The last check run of a case in this session, with the overrides applied."""
        report = self._reports.get(case_number)
        if report is None:
            return None
        return apply_overrides(report, self._overrides.get(case_number, {}))

    def override_check(self, case_number: str, check_id: str, reason: str, actor: str, *,
                       status: str = "pass", role: str = "officer") -> CheckOverride:
        """Override one check of the last run with a reason (event ``check.overridden``).

        Raises:
            InputError: No reason, an unknown status, no check run yet, or an unknown check.
            AuditError: The audit store refused the event; the override is not made.
        """
        self.authorize(actor, role, Action.OVERRIDE_CHECK, case_number)
        if not reason or not reason.strip():
            raise InputError("An override needs a reason")
        if status not in STATUSES:
            raise InputError(f"Unknown check status {status!r}")
        report = self._reports.get(case_number)
        if report is None:
            raise InputError(f"Run the checks of case {case_number} before overriding one")
        check = report.get(check_id)
        if check is None:
            raise InputError(f"Case {case_number} has no check {check_id}")
        payload: dict[str, object] = {"check_id": check_id, "from_status": check.status, "to_status": status,
                                      "reason": reason.strip(), "rule_reason": check.reason}
        with session_scope(self.sessions) as s:
            seq = self._append(s, actor, role, _trail.CHECK_OVERRIDDEN, case_number, payload)
        o = CheckOverride(case_number, check_id, check.status, status, reason.strip(), actor, seq)
        self._overrides.setdefault(case_number, {})[check_id] = o
        return o

    def decide_case(self, case_number: str, verdict: str, actor: str, *, role: str = "officer",
                    reason: str = "") -> CaseDecision:
        """Record the officer's verdict on a case (event ``case.decided``; the case status changes with it).

        Raises:
            InputError: Unknown case or verdict.
            AuditError: The audit store refused the event; the case is not decided.
        """
        self.authorize(actor, role, Action.DECIDE_CASE, case_number)
        if verdict not in VERDICTS:
            raise InputError(f"Unknown verdict {verdict!r}; use one of {', '.join(VERDICTS)}")
        self._require_case(case_number)  # exists; nothing decrypted
        current = self.current_report(case_number)
        system = current.verdict if current is not None else None
        payload: dict[str, object] = {"verdict": verdict, "system_verdict": system, "reason": reason,
                                      "overrides": sorted(self._overrides.get(case_number, {}))}
        with session_scope(self.sessions) as s:
            case_repo.set_status(s, case_number, verdict)
            seq = self._append(s, actor, role, _trail.CASE_DECIDED, case_number, payload)
        return CaseDecision(case_number, verdict, system, actor, seq)
