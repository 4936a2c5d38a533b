"""Alembic migrations of the service database (run by service.db.migrate)."""
