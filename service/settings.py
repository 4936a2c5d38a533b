"""Service settings (pydantic-settings): constructor arguments, else XXGK_* environment
variables, else the embedded defaults below, which let `xxgk serve` run with no set-up.

    XXGK_DATA_DIR            ./xxgk-data   sources, SQLite database, annotations, job inputs
    XXGK_DATABASE_URL        sqlite:///<data dir>/xxgk.db   (postgresql+psycopg://… for teams)
    XXGK_MAX_UPLOAD_BYTES    20 MB          one uploaded file (or JSON text)
    XXGK_MAX_BATCH_FILES     500            files in one POST /v1/jobs
    XXGK_MAX_BATCH_BYTES     512 MB         whole POST /v1/jobs request body
    XXGK_WORKERS             2              worker pool size
    XXGK_EXECUTOR            process        "process" (isolated, default) or "thread"
    XXGK_ADMIN_TOKEN         (none)         fixed admin token (else one is made on first start)
    XXGK_OPEN_EXTRACT        true           stateless POST /v1/extract without a token
    XXGK_SECURE_COOKIES      false          mark the review page's session cookie Secure even on
                                            plain http (set it behind a TLS-terminating proxy)
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

MB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="XXGK_", extra="ignore")

    data_dir: Path = Field(Path("./xxgk-data"), description="where sources, the SQLite database, "
                                                            "annotations and job inputs live")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default: SQLite file in the data dir")
    max_upload_bytes: int = Field(20 * MB, ge=1, description="largest accepted file (or JSON text), bytes")
    max_batch_files: int = Field(500, ge=1, description="most files in one batch job")
    max_batch_bytes: int = Field(512 * MB, ge=1, description="largest POST /v1/jobs request body, bytes")
    workers: int = Field(2, ge=1, description="extraction worker pool size")
    executor: Literal["process", "thread"] = Field(
        "process", description="process: each parse in a worker process (a crash cannot take the "
                               "server down); thread: in-process threads (tests, debugging)")
    admin_token: SecretStr | None = Field(None, description="fixed admin token; else one is generated "
                                                            "on first start and printed once")
    print_admin_token: bool = Field(True, description="print a generated admin token to stderr")
    open_extract: bool = Field(True, description="allow stateless POST /v1/extract without a token")
    secure_cookies: bool = Field(False, description="the session cookie is Secure even when requests arrive "
                                                    "over plain http (behind a TLS-terminating proxy); over "
                                                    "https it always is")
    reuse_parses: bool = Field(True, description="a stored document already parsed by the current "
                                                 "model is not parsed again")

    def resolved_data_dir(self) -> Path:
        return Path(self.data_dir).expanduser().resolve()

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_data_dir() / 'xxgk.db'}"
