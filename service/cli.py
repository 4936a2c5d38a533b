"""`xxgk serve`: the web service on localhost with the embedded defaults.

    xxgk serve [--host 127.0.0.1] [--port 8000] [--data DIR] [--workers 2] [--database-url URL]
    xxgk serve --create-token NAME [--role reviewer|admin] [--data DIR]   print a new token, exit
    xxgk serve --revoke-token NAME [--data DIR]
    xxgk serve --create-user NAME [--role reviewer|admin]   a review page account: asks for its
                                                          password (or reads $XXGK_PASSWORD), exit
    xxgk serve --remove-user NAME

Only click and the standard library are imported at module level, so `xxgk --help`
works without the service extra; the rest loads when the command runs.
"""
from __future__ import annotations

from pathlib import Path

import click


def _settings(data_dir: Path | None, database_url: str | None, workers: int | None, **extra):
    from .settings import Settings

    kw = dict(extra)
    if data_dir is not None:
        kw["data_dir"] = data_dir
    if database_url is not None:
        kw["database_url"] = database_url
    if workers is not None:
        kw["workers"] = workers
    return Settings(**kw)


@click.command(name="serve", context_settings=dict(help_option_names=["-h", "--help"]))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Data directory (sources, SQLite database, annotations) [default: $XXGK_DATA_DIR or ./xxgk-data].")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extraction worker processes [default: $XXGK_WORKERS or 2].")
@click.option("--database-url", default=None, metavar="URL",
              help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/xxgk [default: SQLite in the data dir].")
@click.option("--create-token", "token_name", metavar="NAME", default=None,
              help="Create an API token named NAME, print it once and exit.")
@click.option("--role", type=click.Choice(["reviewer", "admin"]), default="reviewer", show_default=True,
              help="Role of the token made by --create-token.")
@click.option("--revoke-token", "revoke_name", metavar="NAME", default=None, help="Revoke the token NAME and exit.")
@click.option("--create-user", "user_name", metavar="NAME", default=None,
              help="Create a review page account NAME (password asked for, or $XXGK_PASSWORD) and exit.")
@click.option("--remove-user", "remove_user", metavar="NAME", default=None, help="Remove the account NAME and exit.")
@click.option("--allowed-host", "allowed_hosts", metavar="HOST", multiple=True,
              help="Answer only requests for this Host name (repeat; default: $XXGK_ALLOWED_HOSTS or any).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info",
              show_default=True)
def serve(host: str, port: int, data_dir: Path | None, workers: int | None, database_url: str | None,
          token_name: str | None, role: str, revoke_name: str | None, user_name: str | None,
          remove_user: str | None, allowed_hosts: tuple[str, ...], log_level: str) -> None:
    """Start the xxgk web service (API docs at http://HOST:PORT/docs).

    On first start an admin API token is created and printed once; keep it. Reviewer
    tokens: `xxgk serve --create-token NAME`. Accepted corrections become annotations in
    DATA/annotations: `xxgk train --annotations DATA/annotations`, or merge them into the
    repository's annotations/ (see service/README.md).
    """
    try:
        import uvicorn

        from . import auth
        from .db import Database
    except ModuleNotFoundError as e:
        raise click.ClickException(f"`xxgk serve` needs the Python module {e.name!r}: "
                                   "pip install -e '.[service]'") from e
    settings = _settings(data_dir, database_url, workers,
                         **({"allowed_hosts": list(allowed_hosts)} if allowed_hosts else {}))

    if token_name or revoke_name or user_name or remove_user:
        from .storage import Storage

        Storage(settings.resolved_data_dir())
        db = Database(settings.resolved_database_url())
        db.migrate()
        with db.session() as s:
            if revoke_name:
                if not auth.revoke_token(s, revoke_name):
                    raise click.ClickException(f"no token named {revoke_name!r}")
                click.echo(f"xxgk: revoked token {revoke_name!r}", err=True)
            if token_name:
                try:
                    token = auth.create_token(s, token_name, role)
                except ValueError as e:
                    raise click.ClickException(str(e)) from e
                click.echo(f"xxgk: created {role} token {token_name!r} (shown only now, stored hashed):", err=True)
                click.echo(token)
            if remove_user:
                if not auth.disable_user(s, remove_user):
                    raise click.ClickException(f"no user named {remove_user!r}")
                click.echo(f"xxgk: removed user {remove_user!r}", err=True)
            if user_name:
                import os

                password = os.environ.get("XXGK_PASSWORD") or click.prompt(
                    f"password for {user_name}", hide_input=True, confirmation_prompt=True, err=True)
                try:
                    auth.create_user(s, user_name, password, role)
                except ValueError as e:
                    raise click.ClickException(str(e)) from e
                click.echo(f"xxgk: created {role} account {user_name!r} (password stored as an scrypt hash)", err=True)
        db.dispose()
        return

    from .app import create_app

    app = create_app(settings)
    click.echo(f"xxgk: data in {settings.resolved_data_dir()}; API docs: http://{host}:{port}/docs", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("xxgk: listening beyond localhost: put TLS in front (a reverse proxy) before exposing tokens",
                   err=True)
    # bounded connections: idle keep-alives closed after a few seconds, at most MAX_CONNECTIONS at
    # once (then 503), request heads of at most 64 KB; slow bodies are cut by the app (408)
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False,
                timeout_keep_alive=settings.keep_alive, limit_concurrency=MAX_CONNECTIONS,
                h11_max_incomplete_event_size=64 * 1024, timeout_graceful_shutdown=10)


MAX_CONNECTIONS = 256

main = serve  # `xxgk serve` (extractor.cli) runs this


if __name__ == "__main__":
    serve()
