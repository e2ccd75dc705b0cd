"""Plain SQL reads of a few columns of one model, converted as the ORM would convert them;
and the one hot write, an insert that leaves an existing row alone.

The hot reads of a page (the session, the user, the snapshot of a runner's days) run a
fixed SELECT on every request. Through the ORM each costs 60–150 µs of CPU to build and
compile the query and the objects, against a few microseconds for the database itself.
Here a read is a SQL template written once where it is used (`accounts.sessions`,
`tracking.selectors`), with `{columns}` and `{table}` filled in from the model, and the
database backend's own converters applied to the columns: SQLite's text dates and
PostgreSQL's dates come out as the same `datetime.date`, booleans as `bool`, JSON as
Python values. Parameters go through the backend's adapters the same way (`adapt`).

    rows = fetch(Completion, "SELECT {columns} FROM {table} WHERE user_id = %s", ["completed_on"], [user.pk])

    sql.insert_ignoring_conflicts(Completion, {"user_id": 1, "exercise_id": 2, "completed_on": day, ...})

Nothing is cached but the prepared statement text and the converter list, per database
connection object (one per worker thread); every call reads the database.

The statement runs on the backend's own cursor (`create_cursor`: the same class, time
zone and adapters Django's cursor wraps), with the checks Django's wrapper makes
(connection health, thread, broken transaction) and its error translation, but not the
wrapper itself: that layer costs about 25 µs a query, twice what SQLite takes to answer.
When anything observes queries (DEBUG's log, a test counting queries, an execute
wrapper), the statement goes through Django's cursor as usual, so it is counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX
from django.db.models import Field, Model


@dataclass(frozen=True)
class Select:
    """One SELECT of some columns of a model, prepared for one connection."""

    sql: str  # with %s placeholders, for Django's cursor
    native_sql: str  # as the backend's own cursor reads it
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]  # (column, functions, expression)

    def convert(self, db: BaseDatabaseWrapper, row: Sequence[Any]) -> tuple[Any, ...]:
        if not self.converters:
            return tuple(row)
        values = list(row)
        for index, functions, expression in self.converters:
            for function in functions:
                values[index] = function(values[index], expression, db)
        return tuple(values)


def _converters(fields: Sequence[Field | None], db: BaseDatabaseWrapper) -> tuple:
    """For each column the field it holds (None: as the database gives it), the converters
    the ORM's compiler would apply to it on `db`."""
    converters = []
    for index, field in enumerate(fields):
        if field is None:
            continue
        column = field.get_col(field.model._meta.db_table)
        functions = tuple(db.ops.get_db_converters(column)) + tuple(column.get_db_converters(db))
        if functions:
            converters.append((index, functions, column))
    return tuple(converters)


def _native(sql: str, db: BaseDatabaseWrapper) -> str:
    return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%") if db.vendor == "sqlite" else sql


def prepare(model: type[Model], template: str, attnames: Sequence[str], db: BaseDatabaseWrapper) -> Select:
    """`template` with these columns of `model`, and the converters `db` applies to them
    (those the ORM's compiler would apply)."""
    fields: list[Field] = [model._meta.get_field(name) for name in attnames]  # type: ignore[misc]
    sql = template.format(
        columns=", ".join(db.ops.quote_name(field.column or field.attname) for field in fields),
        table=db.ops.quote_name(model._meta.db_table),
    )
    return Select(sql, _native(sql, db), tuple(attnames), _converters(fields, db))


def _joined_select(
    template: str, fields: Sequence[Field | None], tables: dict[str, type[Model]]
) -> tuple[BaseDatabaseWrapper, Select]:
    """The statement over several models' tables, kept per connection. Its key names the
    fields by identity: a model's fields live as long as the process, and hashing a
    Field itself runs Python code (about 6 µs for a user's thirteen)."""

    def build(db: BaseDatabaseWrapper) -> Select:
        sql = template.format(**{name: db.ops.quote_name(model._meta.db_table) for name, model in tables.items()})
        return Select(sql, _native(sql, db), (), _converters(fields, db))

    return _kept_select((template, tuple(map(id, fields)), tuple(sorted(tables.items()))), build)


def fetch_row(
    template: str, fields: Sequence[Field | None], params: Sequence[Any], **tables: type[Model]
) -> tuple[Any, ...] | None:
    """One row of a SELECT over several models' tables, converted: `{name}` in the
    template stands for the table of `tables[name]`, and column i is converted as the ORM
    converts `fields[i]` (None: left as the database gives it). For a few single values
    from different tables read in one statement, such as scalar subqueries:

        SELECT (SELECT tested_on FROM {tests} WHERE user_id = %s ORDER BY tested_on DESC LIMIT 1), ...
    """
    db, prepared = _joined_select(template, fields, tables)
    row = _run(db, prepared, [adapt(value, db) for value in params], _one)
    return prepared.convert(db, row) if row is not None else None


def fetch_rows(
    template: str, fields: Sequence[Field | None], params: Sequence[Any], **tables: type[Model]
) -> list[tuple[Any, ...]]:
    """Every row of a SELECT over several models' tables, converted as `fetch_row`'s. For
    rows of the same shape from two tables in one statement:

        SELECT exercise_id, rated_on, pain FROM {during} WHERE ...
        UNION ALL SELECT NULL, rated_on, pain FROM {mornings} WHERE ...
    """
    db, prepared = _joined_select(template, fields, tables)
    rows = _run(db, prepared, [adapt(value, db) for value in params], _all)
    return [prepared.convert(db, row) for row in rows]


# Each connection object keeps its own statements, as an attribute: its converters are
# methods of the connection's `ops`, so a table keyed by the connection (even a weak one)
# would keep every thread's connection object, and its database session, alive forever.
_SELECTS = "_ankleapp_selects"


def database() -> BaseDatabaseWrapper:
    """The default database's connection of this thread."""
    return connections[DEFAULT_DB_ALIAS]


def _kept_select(key: tuple, build: Callable[[BaseDatabaseWrapper], Select]) -> tuple[BaseDatabaseWrapper, Select]:
    """This thread's connection and the statement kept for it under `key` (built once)."""
    db = database()
    selects: dict[tuple, Select] | None = db.__dict__.get(_SELECTS)
    if selects is None:
        selects = db.__dict__[_SELECTS] = {}
    prepared = selects.get(key)
    if prepared is None:
        prepared = selects[key] = build(db)
    return db, prepared


def select(model: type[Model], template: str, attnames: Sequence[str]) -> tuple[BaseDatabaseWrapper, Select]:
    return _kept_select((model, template, tuple(attnames)), lambda db: prepare(model, template, attnames, db))


def adapt(value: Any, db: BaseDatabaseWrapper | None = None) -> Any:
    """A date or datetime as the backend stores it (SQLite: text; PostgreSQL: as is)."""
    db = db or database()
    if isinstance(value, dt.datetime):
        return db.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return db.ops.adapt_datefield_value(value)
    return value


def _run[T](db: BaseDatabaseWrapper, prepared: Select, params: Sequence[Any], result: Callable[[Any], T]) -> T:
    """Run the statement and return `result(cursor)`: on the backend's own cursor, or on
    Django's wrapped cursor when queries are observed (see the module's docstring)."""
    if db.queries_logged or db.execute_wrappers:
        with db.cursor() as wrapped:
            wrapped.execute(prepared.sql, params)
            return result(wrapped)
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    db.validate_no_broken_transaction()
    with db.wrap_database_errors:
        # SQLite's own cursor reads the statement converted once to its "?" placeholders
        # (Django's SQLite cursor converts it on every call); other backends' as Django does.
        cursor = db.connection.cursor() if db.vendor == "sqlite" else db.create_cursor()
        try:
            cursor.execute(prepared.native_sql, params)
            return result(cursor)
        finally:
            cursor.close()


def _all(cursor: Any) -> list:
    return cursor.fetchall()


def _one(cursor: Any) -> Any:
    return cursor.fetchone()


def _rowcount(cursor: Any) -> int:
    return cursor.rowcount


def fetch(model: type[Model], template: str, attnames: Sequence[str], params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Every row of the SELECT, converted."""
    db, prepared = select(model, template, attnames)
    rows = _run(db, prepared, [adapt(value, db) for value in params], _all)
    return [prepared.convert(db, row) for row in rows]


def fetch_one(
    model: type[Model], template: str, attnames: Sequence[str], params: Sequence[Any]
) -> tuple[Any, ...] | None:
    """The first row of the SELECT, converted, or None."""
    db, prepared = select(model, template, attnames)
    row = _run(db, prepared, [adapt(value, db) for value in params], _one)
    return prepared.convert(db, row) if row is not None else None


def refresh_statistics(*models: type[Model]) -> None:
    """After a bulk load (an import), have PostgreSQL's planner count the rows now in these
    tables: `ANALYZE`, which its autovacuum runs only once a tenth of a table has changed.

    Until then statistics gathered before the load know nothing of the runner, and the
    planner expects about one row of theirs: it then reads every row of a history just
    imported through the `user_id` index to keep a week of it (ten years: about 3 ms of the
    database's time on every Today and calendar page). SQLite's planner gathers no
    statistics unless asked, and production never asks, so nothing is done there."""
    db = database()
    if db.vendor != "postgresql" or not models:
        return
    with db.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(db.ops.quote_name(model._meta.db_table) for model in models))


def insert_ignoring_conflicts(model: type[Model], values: dict[str, Any]) -> int:
    """INSERT one row of `model` (values by attname) unless it would break a unique
    constraint, in which case nothing changes: `INSERT … ON CONFLICT DO NOTHING`, which
    SQLite (3.24+) and PostgreSQL both read. Returns the number of rows inserted (0 or 1).

    What `bulk_create([...], ignore_conflicts=True)` does for one row, without building
    the ORM's insert query (about a fifth of a mark-done request's CPU). Values go through
    each field's own preparation for the database, as the ORM's would.
    """
    placeholders = ", ".join(["%s"] * len(values))
    template = f"INSERT INTO {{table}} ({{columns}}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"
    db, prepared = select(model, template, list(values))  # the statement, kept per connection like a read's
    fields: list[Field] = [model._meta.get_field(name) for name in prepared.attnames]  # type: ignore[misc]
    params = [
        field.get_db_prep_save(value, connection=db) for field, value in zip(fields, values.values(), strict=True)
    ]
    return _run(db, prepared, params, _rowcount)
