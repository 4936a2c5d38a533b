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
    XXGK_OPEN_EXTRACT        false          stateless POST /v1/extract without a token (off: a
                                            reviewer token or session is needed for every parse)
    XXGK_PARSE_TIMEOUT       60             seconds one parse may take (the worker is killed
                                            past it: 422 timeout)
    XXGK_PARSE_MEMORY_MB     3072           address space of a worker process (a parse past it:
                                            422 too_large); 0 = no limit
    XXGK_ALLOWED_HOSTS       (any)          Host header allow-list, comma-separated (e.g.
                                            "xxgk.example.org,127.0.0.1"); answers 400 otherwise
    XXGK_BODY_TIMEOUT        30             seconds a client may take between two chunks of a body
    XXGK_KEEP_ALIVE          5              seconds an idle keep-alive connection is kept
    XXGK_LOGIN_ATTEMPTS      5              failed log-ins per account and per client address
                                            within XXGK_LOGIN_WINDOW (300 s) before 429
    XXGK_SECURE_COOKIES      false          mark the review page's session cookie Secure even on
                                            plain http (set it behind a TLS-terminating proxy)
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
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
    open_extract: bool = Field(False, description="allow stateless POST /v1/extract without a token (off by "
                                                  "default: anonymous parses are a way to make the server work)")
    parse_timeout: float = Field(60.0, gt=0, description="seconds one parse may take; past it the worker "
                                                         "is killed and the request answers 422 timeout")
    parse_memory_mb: int = Field(3072, ge=0, description="address-space limit of a worker process, MB "
                                                         "(0: none); a parse past it answers 422 too_large")
    allowed_hosts: list[str] | None = Field(None, description="Host header allow-list (TrustedHostMiddleware); "
                                                              "None: any")
    body_timeout: float = Field(30.0, gt=0, description="seconds a client may take between two chunks of a "
                                                        "request body (slow bodies are cut off: 408)")
    keep_alive: int = Field(5, ge=1, description="seconds uvicorn keeps an idle connection")
    login_attempts: int = Field(5, ge=1, description="failed log-ins per account and per address in "
                                                     "login_window seconds before 429")
    login_window: float = Field(300.0, gt=0, description="seconds of the log-in rate limit window")
    secure_cookies: bool = Field(False, description="the session cookie is Secure even when requests arrive "
                                                    "over plain http (behind a TLS-terminating proxy); over "
                                                    "https it always is")
    reuse_parses: bool = Field(True, description="a stored document already parsed by the current "
                                                 "model is not parsed again")

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _hosts(cls, v):
        if isinstance(v, str):  # XXGK_ALLOWED_HOSTS=a,b (or a JSON list, which pydantic reads itself)
            v = v.strip()
            if v.startswith("["):
                return v
            return [h.strip() for h in v.split(",") if h.strip()] or None
        return v

    def resolved_data_dir(self) -> Path:
        return Path(self.data_dir).expanduser().resolve()

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_data_dir() / 'xxgk.db'}"
