"""The async engines and session factories, from DATABASE_URL."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

# DATABASE_URL query options that asyncpg takes under another name.
ASYNCPG_NAMES = {"sslmode": "ssl"}


def async_url(database_url: str) -> URL:
    """Maps the contract's URL forms to SQLAlchemy's async drivers."""
    if database_url.startswith("sqlite:"):
        return make_url("sqlite+aiosqlite:" + database_url.removeprefix("sqlite:"))
    for prefix in ("postgres://", "postgresql://"):
        if database_url.startswith(prefix):
            rest = database_url.removeprefix(prefix)
            url = make_url("postgresql+asyncpg://" + rest)
            # SQLAlchemy hands the query to asyncpg.connect as keywords, and
            # asyncpg names libpq's sslmode (disable, allow, prefer, require,
            # verify-ca, verify-full) "ssl".
            query = {ASYNCPG_NAMES.get(k, k): v for k, v in url.query.items()}
            return url.set(query=query)
    return make_url(database_url)


def _sqlite_pragmas(
    *pragmas: str,
) -> Callable[[DBAPIConnection, ConnectionPoolEntry], None]:
    """A "connect" listener: transactions left to the "begin" event, foreign
    keys on, the busy timeout, then pragmas."""

    def connect(dbapi_connection: DBAPIConnection, _: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("foreign_keys=ON", "busy_timeout=30000", *pragmas):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    return connect


# PostgreSQL's epoch, from which its binary date and timestamptz count.
PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


class _CodecConnection(Protocol):
    """What this module uses of an asyncpg connection (asyncpg has no types)."""

    async def set_type_codec(
        self,
        typename: str,
        *,
        schema: str,
        encoder: Callable[..., object],
        decoder: Callable[..., object],
        format: str,
    ) -> None: ...


def _encode_timestamptz(value: datetime) -> tuple[int]:
    return ((value - PG_EPOCH) // MICROSECOND,)


def _decode_timestamptz(value: tuple[int]) -> datetime:
    return PG_EPOCH + value[0] * MICROSECOND


def _encode_date(value: date) -> tuple[int]:
    return ((value - PG_EPOCH.date()).days,)


def _decode_date(value: tuple[int]) -> date:
    return PG_EPOCH.date() + timedelta(days=value[0])


def _asyncpg_codecs(dbapi_connection: DBAPIConnection, _: ConnectionPoolEntry) -> None:
    """asyncpg writes date.min, date.max and 0001-01-01T00:00:00Z as
    -infinity and infinity, which no target reads back: dates and
    timestamptz go through these codecs (the same binary form, no special
    values) instead."""

    async def register(connection: _CodecConnection) -> None:
        for name, encoder, decoder in (
            ("timestamptz", _encode_timestamptz, _decode_timestamptz),
            ("date", _encode_date, _decode_date),
        ):
            await connection.set_type_codec(
                name,
                schema="pg_catalog",
                encoder=encoder,
                decoder=decoder,
                format="tuple",
            )

    dbapi_connection.run_async(register)


def _sqlite_begin(connection: Connection) -> None:
    # A transaction that may write takes the write lock up front, so that
    # writers of other processes queue on busy_timeout instead of failing
    # with "database is locked" when a read turns into a write.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(database_url: str) -> AsyncEngine:
    """The engine that writes: on SQLite one connection, for which this
    process's writers queue in order (SQLite has one writer at a time, and
    waiting in the pool is cheaper and fairer than polling the lock)."""
    url = async_url(database_url)
    if url.get_backend_name() == "sqlite":
        engine = create_async_engine(
            url,
            pool_size=1,
            max_overflow=0,
            pool_timeout=30,
            connect_args={"timeout": 30},
            hide_parameters=True,
        )
        # Write-ahead logging: readers do not block the writer, nor it them.
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas("journal_mode=WAL"))
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    engine = create_async_engine(
        url,
        pool_pre_ping=True,
        pool_timeout=30,
        connect_args={"timeout": 10},
        hide_parameters=True,
    )
    event.listen(engine.sync_engine, "connect", _asyncpg_codecs)
    return engine


def create_read_engine(engine: AsyncEngine) -> AsyncEngine:
    """The engine of sessions that only read. On SQLite, a pool of read-only
    connections that open no transaction: each statement reads the latest
    committed data, as under PostgreSQL's READ COMMITTED, beside the writer.
    Elsewhere, the writing engine itself."""
    if engine.dialect.name != "sqlite":
        return engine
    reads = create_async_engine(
        engine.url, connect_args={"timeout": 30}, hide_parameters=True
    )
    event.listen(reads.sync_engine, "connect", _sqlite_pragmas("query_only=ON"))
    return reads


class Database:
    """The engines of one application and their session factories."""

    def __init__(self, database_url: str) -> None:
        self.engine = create_engine(database_url)
        self.read_engine = create_read_engine(self.engine)
        self.sessions = create_sessionmaker(self.engine)
        self.read_sessions = create_sessionmaker(self.read_engine)

    async def dispose(self) -> None:
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()
        await self.engine.dispose()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
