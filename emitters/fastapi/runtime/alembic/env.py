"""Alembic environment: the application's engine, migrations as bgen wrote them.

Each revision is one step of the schema's history and runs in a transaction
of its own with its alembic_version row, so a step that fails leaves the
database as it was before it, and the error names the step. On SQLite the
steps run with foreign keys off (a step that rebuilds a table needs them
off, and SQLite ignores the pragma inside a transaction), and each step
checks them (PRAGMA foreign_key_check) before it commits.

target_metadata is the models' metadata, so `alembic check` and `alembic
revision --autogenerate` compare the models with the database: against a
database bgen's migrations made, they find nothing to do.
"""

import asyncio
import importlib
import pkgutil
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from logging.config import fileConfig
from typing import Any

from alembic import context
from alembic.operations import ops
from alembic.operations.ops import MigrationScript
from alembic.runtime.migration import MigrationContext, MigrationInfo
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection
from sqlalchemy.types import TypeEngine

import app.models
from app.config import get_settings
from app.db import create_engine
from app.migrations import MigrationError
from app.models.base import Base

config = context.config

# Every model module, so that the metadata holds every table.
for _module in pkgutil.iter_modules(app.models.__path__):
    importlib.import_module(f"{app.models.__name__}.{_module.name}")


def _pragma(connection: Connection, pragma: str) -> None:
    """Runs a pragma on the DBAPI connection: outside any transaction, which
    SQLAlchemy would otherwise begin first."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    if connection.dialect.name != "sqlite":
        yield
        return
    if connection.in_transaction():
        connection.commit()
    _pragma(connection, "foreign_keys = OFF")
    try:
        yield
    finally:
        if connection.in_transaction():
            connection.rollback()
        _pragma(connection, "foreign_keys = ON")


def _check_foreign_keys(ctx: MigrationContext, step: MigrationInfo) -> None:
    """Run after each step, before its transaction commits."""
    connection = ctx.connection
    if connection is None or connection.dialect.name != "sqlite":
        return
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if violations:
        rows = ", ".join(
            f"{table} row {rowid} references {parent}"
            for table, rowid, parent, _ in violations[:10]
        )
        raise RuntimeError(
            f"migration {step.up_revision_id}: foreign keys do not hold: {rows}"
        )


def _compare_type(
    context: MigrationContext,
    inspected_column: Column[Any],
    metadata_column: Column[Any],
    inspected_type: TypeEngine[Any],
    metadata_type: TypeEngine[Any],
) -> bool | None:
    """Whether a column's type differs, for autogenerate. bgen's DDL keeps
    every SQLite column in one of three storage classes (docs/conventions.md):
    INTEGER for ints and bools, REAL for floats, TEXT for the rest, and the
    models' types read and write those; compare the classes. Elsewhere,
    alembic's own comparison (None)."""
    if context.dialect.name != "sqlite":
        return None
    try:
        python = metadata_type.python_type
    except NotImplementedError:
        python = str
    if python in (int, bool):
        expected = "INTEGER"
    elif python is float:
        expected = "REAL"
    else:
        expected = "TEXT"
    return inspected_type.compile(dialect=context.dialect).upper() != expected


def _rowid_nullability(
    context: MigrationContext, revision: Any, directives: list[MigrationScript]
) -> None:
    """SQLite reports an INTEGER PRIMARY KEY (the rowid, never NULL) as
    nullable: autogenerate's "make it NOT NULL" for such a column is no
    difference."""
    if context.dialect.name != "sqlite":
        return
    for script in directives:
        for upgrade in script.upgrade_ops_list:
            for table in upgrade.ops:
                if not isinstance(table, ops.ModifyTableOps):
                    continue
                for alter in table.ops:
                    if (
                        isinstance(alter, ops.AlterColumnOp)
                        and alter.modify_nullable is False
                        and _is_primary_key(table.table_name, alter.column_name)
                    ):
                        alter.modify_nullable = None
                table.ops = [
                    op
                    for op in table.ops
                    if not isinstance(op, ops.AlterColumnOp) or op.has_changes()
                ]
            upgrade.ops = [
                op
                for op in upgrade.ops
                if not isinstance(op, ops.ModifyTableOps) or op.ops
            ]


def _is_primary_key(table: str, column: str) -> bool:
    found = Base.metadata.tables.get(table)
    return found is not None and column in found.primary_key.columns


def _next_revision(current: str | None) -> str:
    """The revision after current: the step an upgrade from it runs first."""
    for script in ScriptDirectory.from_config(config).walk_revisions():
        if script.down_revision == current:
            return script.revision
    return "(unknown)"


def run_migrations(connection: Connection) -> None:
    with _foreign_keys_off(connection):
        applied: list[str | None] = []

        def track(
            ctx: MigrationContext,
            step: MigrationInfo,
            heads: Collection[Any],
            run_args: Mapping[str, Any],
        ) -> None:
            _check_foreign_keys(ctx, step)
            applied.append(step.up_revision_id)

        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            # One transaction per step, DDL included: SQLite's too, since
            # the application's connections begin their transactions.
            transaction_per_migration=True,
            transactional_ddl=True,
            on_version_apply=track,
            compare_type=_compare_type,
            process_revision_directives=_rowid_nullability,
        )
        start = context.get_context().get_current_revision()
        try:
            with context.begin_transaction():
                context.run_migrations()
        except Exception as error:
            failed = _next_revision(applied[-1] if applied else start)
            raise MigrationError(
                f"migration {failed} failed and was rolled back: {error}"
            ) from error


async def run_async_migrations() -> None:
    engine = create_engine(get_settings().database_url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit(
        "offline migrations are not supported: the DDL is dialect-specific"
    )

given = config.attributes.get("connection")
if given is not None:
    run_migrations(given)
else:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)
    asyncio.run(run_async_migrations())
