"""Settings from the environment and a .env file."""

import fcntl
import io
import secrets
import sys
from functools import lru_cache
from pathlib import Path
from typing import Literal

from dotenv import dotenv_values
from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SPEC_CORS_ORIGINS: tuple[str, ...] = ()
MIN_SECRET_BYTES = 32
ENV_FILE = ".env"
BASE_PATH = "/api"
API_VERSION = "1.0.0"
MAX_BODY_BYTES = 1048576


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore")

    port: int = 8000
    host: str = "0.0.0.0"
    database_url: str = "sqlite:///./app.db"
    app_env: Literal["development", "test", "production"] = "development"
    log_level: Literal["debug", "info", "warn", "error"] = "info"
    jwt_secret: str = ""
    cors_origins: str | None = None
    auto_migrate: bool | None = None

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite://", "postgres://", "postgresql://")):
            raise ValueError("must start with sqlite://, postgres:// or postgresql://")
        return value

    @field_validator("port")
    @classmethod
    def _valid_port(cls, value: int) -> int:
        if not 0 < value < 65536:
            raise ValueError("must be a port number from 1 to 65535")
        return value

    @property
    def database_kind(self) -> Literal["sqlite", "postgres"]:
        return "sqlite" if self.database_url.startswith("sqlite") else "postgres"

    @property
    def migrate_on_start(self) -> bool:
        if self.auto_migrate is not None:
            return self.auto_migrate
        return self.app_env != "production"

    @property
    def allowed_origins(self) -> list[str]:
        if self.cors_origins is None:
            return list(SPEC_CORS_ORIGINS)
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


def development_secret(env_file: Path) -> str:
    """The deployment's JWT secret outside production when none is set: made
    once and appended to the .env file, so that every process of the
    deployment (uvicorn workers, the CLI) signs and verifies with the same
    one. A file lock keeps processes that start together from making two."""
    try:
        with env_file.open("a+", encoding="utf-8") as env:
            fcntl.flock(env, fcntl.LOCK_EX)
            env.seek(0)
            text = env.read()
            existing = dotenv_values(stream=io.StringIO(text)).get("JWT_SECRET")
            if existing:
                return existing
            secret = secrets.token_urlsafe(48)
            separator = "" if text == "" or text.endswith("\n") else "\n"
            env.write(f"{separator}JWT_SECRET={secret}\n")
            return secret
    except OSError as error:
        detail = f"set it, or let the server write one into {env_file}"
        raise SettingsError(f"missing setting JWT_SECRET: {detail} ({error})") from None


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it."""


def load_settings() -> Settings:
    """Reads the settings; raises SettingsError naming the bad variable."""
    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        raise SettingsError(f"invalid setting {name}: {first['msg']}") from None
    if not settings.jwt_secret:
        if settings.app_env == "production":
            raise SettingsError("missing setting JWT_SECRET: required in production")
        settings.jwt_secret = development_secret(Path(ENV_FILE))
    elif (
        settings.app_env == "production"
        and len(settings.jwt_secret.encode()) < MIN_SECRET_BYTES
    ):
        raise SettingsError(
            f"invalid setting JWT_SECRET: must be at least {MIN_SECRET_BYTES} bytes"
        )
    return settings


@lru_cache
def get_settings() -> Settings:
    """The process's settings; exits with one line when they are invalid."""
    try:
        return load_settings()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
