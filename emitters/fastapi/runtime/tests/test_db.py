"""The database plumbing: URL forms, read-only sessions, schema adoption."""

import asyncio
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.db import async_url, create_engine
from app.migrations import STEPS, upgrade


def test_postgres_url_options() -> None:
    url = async_url("postgres://app:secret@db:5432/app?sslmode=require")
    assert url.drivername == "postgresql+asyncpg"
    assert url.database == "app"
    assert dict(url.query) == {"ssl": "require"}


async def test_sqlite_writes_ahead_to_a_log(app: FastAPI) -> None:
    async with app.state.database.sessions() as session:
        mode = await session.scalar(text("PRAGMA journal_mode"))
    assert mode == "wal"


async def test_reads_do_not_hold_the_write_lock(app: FastAPI) -> None:
    async with app.state.database.read_sessions() as reader:
        await reader.execute(text("SELECT 1"))
        async with app.state.database.sessions() as writer:
            await writer.execute(text("SELECT 1"))
            await writer.commit()
        await reader.execute(text("SELECT 1"))


async def test_read_sessions_cannot_write(app: FastAPI) -> None:
    async with app.state.database.read_sessions() as reader:
        with pytest.raises(OperationalError, match="readonly"):
            await reader.execute(text("CREATE TABLE probe (n INTEGER)"))


async def test_writers_queue_for_the_writer_connection(app: FastAPI) -> None:
    async with app.state.database.sessions() as session:
        await session.execute(text("CREATE TABLE probe (n INTEGER)"))
        await session.commit()

    async def write(n: int) -> None:
        async with app.state.database.sessions() as session:
            await session.execute(text("INSERT INTO probe VALUES (:n)"), {"n": n})
            await asyncio.sleep(0)
            await session.commit()

    await asyncio.gather(*(write(n) for n in range(20)))
    async with app.state.database.read_sessions() as reader:
        assert await reader.scalar(text("SELECT count(*) FROM probe")) == 20


async def test_adopts_a_schema_made_by_another_target(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        await upgrade(engine)
        async with engine.begin() as connection:
            await connection.execute(text("DROP TABLE alembic_version"))
        await upgrade(engine)
        async with engine.connect() as connection:
            version = await connection.scalar(
                text("SELECT version_num FROM alembic_version")
            )
        assert version == STEPS[-1][0]  # the last step of the history
    finally:
        await engine.dispose()
