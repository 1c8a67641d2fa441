"""Alembic migrations of the workstation database, shipped inside the package (run by :mod:`workstation.audit.migrate`)."""
