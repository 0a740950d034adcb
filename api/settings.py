"""Settings of the HTTP API, read from the environment when asked (never at import time).

``Settings()`` reads ``ERGRAPH_*`` variables; ``create_app(Settings(...))`` takes them
explicitly, which is what tests do.

| variable | field | default |
| --- | --- | --- |
| ``ERGRAPH_STORE`` | ``store`` | ``sqlite:///ergraph.db`` |
| ``ERGRAPH_API_KEY`` | ``api_key`` | unset: writes need no key |
| ``ERGRAPH_SCHEMA`` | ``schema_file`` | the packaged schema |
| ``ERGRAPH_HOST`` / ``ERGRAPH_PORT`` | ``host`` / ``port`` | ``127.0.0.1`` / ``8000`` |
| ``ERGRAPH_READ_ONLY`` | ``read_only`` | false |
| ``ERGRAPH_MAX_DOCUMENT_BYTES`` | ``max_document_bytes`` | 1,000,000 |
| ``ERGRAPH_MAX_REQUEST_BYTES`` | ``max_request_bytes`` | 10,000,000 |
| ``ERGRAPH_MAX_BATCH`` | ``max_batch`` | 100 documents per POST |
| ``ERGRAPH_QUERY_TIMEOUT`` | ``query_timeout`` | 10 seconds per query |
| ``ERGRAPH_QUERY_WORKERS`` | ``query_workers`` | 4 threads running queries |
| ``ERGRAPH_SYNC_INGEST_BYTES`` | ``sync_ingest_bytes`` | 100,000: larger POSTs become jobs (202) |
| ``ERGRAPH_MAX_JOBS`` | ``max_jobs`` | 8 ingest jobs queued or running (429 beyond) |
| ``ERGRAPH_JOB_TIMEOUT`` | ``job_timeout`` | 600 seconds per ingest job |
| ``ERGRAPH_ALLOWED_HOSTS`` | ``allowed_hosts`` | ``localhost,127.0.0.1,::1`` (comma-separated; ``*`` any) |

``allowed_hosts`` guards against DNS rebinding: a request whose ``Host`` header names
another host answers 400, and a write whose ``Origin`` names another host answers 403,
so a web page on another site cannot reach the service through the user's browser. Any
loopback address and the address the service is bound to (``host``, unless a wildcard)
are allowed as well.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, Any

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["Settings", "is_local_host", "LOOPBACK_NAMES", "host_name"]

#: host names that reach this machine only
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_WILDCARDS = ("", "0.0.0.0", "::", "[::]")


class Settings(BaseSettings):
    """Configuration of one API process."""

    model_config = SettingsConfigDict(env_prefix="ERGRAPH_", extra="ignore",
                                      populate_by_name=True)

    store: str = Field("sqlite:///ergraph.db", description="store URI")
    api_key: SecretStr | None = Field(
        None, description="when set, writes need this value in the X-API-Key header")
    schema_file: Path | None = Field(
        None, validation_alias=AliasChoices("ERGRAPH_SCHEMA", "schema_file"),
        description="schema TOML file (default: the packaged schema)")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    read_only: bool = Field(False, description="refuse every write (403)")
    max_document_bytes: int = Field(1_000_000, ge=1, description="UTF-8 bytes per document")
    max_request_bytes: int = Field(10_000_000, ge=1, description="bytes per request body")
    max_batch: int = Field(100, ge=1, description="documents per POST /documents")
    query_timeout: float = Field(10.0, gt=0, description="time budget of one query, seconds")
    query_workers: int = Field(4, ge=1, le=256, description="threads that run queries")
    sync_ingest_bytes: int = Field(
        100_000, ge=0, description="POST /documents bodies with more text become jobs (202)")
    max_jobs: int = Field(8, ge=1, le=10_000, description="ingest jobs queued or running")
    job_timeout: float = Field(600.0, gt=0, description="time limit of one ingest job, seconds")
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(LOOPBACK_NAMES),
        description="names the Host header may give (DNS-rebinding guard); '*' for any")

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, (list, tuple)):
            return ["*" if str(v).strip() == "*" else host_name(str(v))
                    for v in value if str(v).strip()]
        return value

    def host_allowed(self, name: str) -> bool:
        """True when ``name`` (a host name without port) may reach this service."""
        if "*" in self.allowed_hosts:
            return True
        if not name:
            return False
        if name in self.allowed_hosts:
            return True
        bound = host_name(self.host)
        if bound not in _WILDCARDS and name == bound:
            return True
        try:
            return ipaddress.ip_address(name).is_loopback
        except ValueError:
            return False

    @property
    def key(self) -> str | None:
        return self.api_key.get_secret_value() if self.api_key else None


def host_name(host: str) -> str:
    """The host of a ``Host`` header or host setting: lower case, no port, no brackets,
    no trailing dot ("[::1]:8000" -> "::1", "LocalHost.:80" -> "localhost")."""
    host = host.strip().lower()
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def is_local_host(host: str) -> bool:
    """True when binding ``host`` only accepts connections from this machine."""
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
