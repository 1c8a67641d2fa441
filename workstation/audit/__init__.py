"""The audit store: the one place that imports SQLAlchemy and builds engines and sessions.

Modules:

- ``engine``: engines (SQLite WAL + ``synchronous=FULL`` + ``BEGIN IMMEDIATE`` + busy timeout,
  file pre-created 0600; PostgreSQL), ``session_scope`` (errors become one-line ``AuditError``s
  naming the real cause: busy, disk full, unreachable).
- ``migrate``: Alembic migrations shipped in the package; ``upgrade(engine)`` on start-up.
- ``chain``: what an event holds and its hash (SHA-256 over RFC 8785 JSON of event + prev_hash).
- ``store``: ``append_event(session, ...)``, the only write path (no update, no delete; triggers
  refuse both, PostgreSQL also by REVOKE), and ``AuditStore`` (retry after a lost connection,
  checkpoints, export of a checkpoint).
- ``checkpoints``: Ed25519-signed checkpoints listing every covered event hash; the key lives in
  ``<data folder>/keys/audit-checkpoint.ed25519`` (see ``workstation.security.signing``).
- ``verify``: one streaming pass over events and checkpoints naming the first bad seq.
- ``export`` / ``report_pdf``: CSV and the supervisor's PDF report.
- ``pgsetup``: GRANT/REVOKE for the desks' PostgreSQL role.

Writing an event from a service action, in the same transaction as the change it records::

    with session_scope(ws.sessions) as s:
        case_repo.set_status(s, case_number, "verified")
        append_event(s, actor=user_id, role=role, event_type="case.decided",
                     workstation_id=config.workstation_id, case_ref=case_number,
                     payload={"verdict": "verified"}, signer=ws.signer)

If ``append_event`` raises, the ``with`` block fails and nothing commits (fail closed).
"""
