"""The audit store: the one place that imports SQLAlchemy and builds engines and sessions."""
