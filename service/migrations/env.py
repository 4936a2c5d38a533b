"""Alembic environment: run by service.db.migrate (which passes its connection in
config.attributes["connection"]) or by the alembic command line:

    alembic -c service/alembic.ini upgrade head        # XXGK_DATABASE_URL or XXGK_DATA_DIR
    alembic -c service/alembic.ini revision --autogenerate -m "…"
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from service.models import Base

config = context.config
if config.config_file_name and "connection" not in config.attributes:  # the alembic command line
    from logging.config import fileConfig

    fileConfig(config.config_file_name, disable_existing_loggers=False)
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from service.settings import Settings

    s = Settings()
    s.resolved_data_dir().mkdir(parents=True, exist_ok=True)
    return s.resolved_database_url()


def _configure(connection) -> None:  # noqa: ANN001
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = engine_from_config({"sqlalchemy.url": _url()}, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        _configure(conn)
        conn.commit()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
