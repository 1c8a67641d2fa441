"""Alembic environment: always run programmatically with a connection (see ``workstation.audit.migrate``)."""

from __future__ import annotations

from alembic import context

from workstation.audit.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with workstation.audit.migrate.upgrade(engine)")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
