"""Writing a citizen's response: the busiest write of the system. Only services.feedback_submit
calls this.

A response is written with its integrity flags and its signals, once per form token:

- burst: the third or later near-identical response at the service point within BURST_WINDOW;
- staff_network: sent from a network the unit's staff signed in from today;
- signals (app casework): written with the response or not at all.

On PostgreSQL one statement does it all: it counts the near-identical responses and looks up the
staff networks, inserts the response unless its form token was used already (ON CONFLICT on the
idempotency key), and inserts the signals. One round trip, atomic by itself, prepared: PostgreSQL
plans it once per connection.

Elsewhere (SQLite, the embedded default, one writer at a time) the same is done in steps: one
query for the checks, then the response and its signals in a transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import nullcontext
from functools import cache
from typing import Any

import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models import Field
from django.utils import timezone

from siang.casework.models import Signal
from siang.casework.signals import write_signals
from siang.feedback import integrity
from siang.feedback.models import Feedback, StaffNetwork

# Fields whose value is already what the database takes (str, bool, int or None): their
# preparation is skipped. Dates, decimals and JSON go through the field as save() would.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.ForeignKey,
)
# Computed by the statement on PostgreSQL, from the checks it makes.
_FLAG_COLUMNS = ("flags", "is_flagged")
_SIGNAL_COLUMNS = ("feedback_id", "kind", "unit_id", "department_id", "process_id", "created_at")


def insert_response(feedback: Feedback, *, flags: list[str], signal_kinds: list[str]) -> bool:
    """Insert `feedback` with `flags` (and any the checks add) and its signals of `signal_kinds`.

    Returns False, writing nothing, when a response with the same idempotency key exists. Raises
    IntegrityError (nothing written) when the tracking code is taken: the caller draws another.
    """
    if connection.vendor != "postgresql":
        return _in_steps(feedback, flags=flags, signal_kinds=signal_kinds)
    # Inside a caller's transaction (the tests), a savepoint keeps a taken code from spoiling it.
    with transaction.atomic() if connection.in_atomic_block else nullcontext():
        return _in_one_statement(feedback, flags=flags, signal_kinds=signal_kinds)


def _since() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=integrity.BURST_WINDOW)


def _columns() -> list[Field[Any, Any]]:
    return [field for field in Feedback._meta.concrete_fields if not field.primary_key]


def _values(feedback: Feedback, fields: list[Field[Any, Any]]) -> list[Any]:
    """The row's values as save() would prepare them (auto_now_add, JSON, dates, decimals)."""
    db = connections[DEFAULT_DB_ALIAS]  # not the `connection` proxy: a lookup per use
    return [
        getattr(feedback, str(field.attname))
        if isinstance(field, _PLAIN_FIELDS)
        else field.get_db_prep_save(field.pre_save(feedback, True), db)
        for field in fields
    ]


def _quote(name: str) -> str:
    return str(connection.ops.quote_name(name))


# --- PostgreSQL: one statement --------------------------------------------------------------------

_ONE_STATEMENT = """
WITH flagged AS (
  SELECT %s::text[]
    || CASE WHEN (SELECT COUNT(*) FROM {feedback}
                   WHERE service_point_id = %s AND answers_digest = %s AND created_at >= %s) + 1 >= %s
            THEN ARRAY['burst'] ELSE ARRAY[]::text[] END
    || CASE WHEN EXISTS (SELECT 1 FROM {staff} WHERE unit_id = %s AND network_hash = %s AND day = %s)
            THEN ARRAY['staff_network'] ELSE ARRAY[]::text[] END AS flags
), inserted AS (
  INSERT INTO {feedback} ({columns}, flags, is_flagged)
  VALUES ({values}, (SELECT array_to_json(flags)::jsonb FROM flagged),
          (SELECT cardinality(flags) > 0 FROM flagged))
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id, flags::text
), signals AS (
  INSERT INTO {signal} ({signal_columns})
  SELECT inserted.id, kind, %s, %s, %s, %s FROM inserted CROSS JOIN unnest(%s::text[]) AS kind
)
SELECT id, flags FROM inserted
"""


@cache
def _one_statement() -> tuple[str, tuple[Field[Any, Any], ...]]:
    # Names from the models, values as parameters (VALUES, so each takes its column's type).
    fields = tuple(field for field in _columns() if field.attname not in _FLAG_COLUMNS)
    sql = _ONE_STATEMENT.format(
        feedback=_quote(Feedback._meta.db_table),
        staff=_quote(StaffNetwork._meta.db_table),
        signal=_quote(Signal._meta.db_table),
        columns=", ".join(_quote(str(field.column)) for field in fields),
        values=", ".join(["%s"] * len(fields)),
        signal_columns=", ".join(_quote(column) for column in _SIGNAL_COLUMNS),
    )
    return sql, fields


class _PreparedCursor(psycopg.Cursor[Any]):
    """Parameters bound by the server, and the statement prepared: PostgreSQL parses and plans it
    once per connection. (Django's own cursors bind on the client and are never prepared.)"""

    def execute(self, query: Any, params: Any = None, **options: Any) -> _PreparedCursor:
        super().execute(query, params, prepare=True)
        return self


def _prepared_cursor() -> Any:
    """A Django cursor (query logging, error translation) over a _PreparedCursor."""
    connection.ensure_connection()
    raw: Any = _PreparedCursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


def _in_one_statement(feedback: Feedback, *, flags: list[str], signal_kinds: list[str]) -> bool:
    sql, fields = _one_statement()
    row = _values(feedback, list(fields))  # sets created_at, which the signals share
    checks = [
        flags,
        feedback.service_point_id,
        feedback.answers_digest,
        _since(),
        integrity.BURST_SIZE,
        feedback.unit_id,
        feedback.network_hash,
        integrity.today_in_bangkok(),
    ]
    signals = [feedback.unit_id, feedback.department_id, feedback.process_id, feedback.created_at]
    with _prepared_cursor() as cursor:
        cursor.execute(sql, [*checks, *row, *signals, signal_kinds])
        found = cursor.fetchone()
    if found is None:
        return False
    feedback.flags = json.loads(found[1])
    feedback.is_flagged = bool(feedback.flags)
    _saved(feedback, found[0])
    return True


def _saved(feedback: Feedback, pk: int) -> None:
    feedback.pk = pk
    feedback._state.adding = False
    feedback._state.db = connection.alias


# --- elsewhere: the checks, then the writes in a transaction ---------------------------------------

_CHECKS = """
SELECT
  (SELECT COUNT(*) FROM {feedback} WHERE idempotency_key = %s),
  (SELECT COUNT(*) FROM {feedback} WHERE service_point_id = %s AND answers_digest = %s AND created_at >= %s),
  (SELECT COUNT(*) FROM {staff} WHERE unit_id = %s AND network_hash = %s AND day = %s)
"""


@cache
def _checks_sql() -> str:
    return _CHECKS.format(feedback=_quote(Feedback._meta.db_table), staff=_quote(StaffNetwork._meta.db_table))


@cache
def _insert_sql() -> str:
    columns = ", ".join(_quote(str(field.column)) for field in _columns())
    values = ", ".join(["%s"] * len(_columns()))
    return f"INSERT INTO {_quote(Feedback._meta.db_table)} ({columns}) VALUES ({values}) RETURNING id"  # noqa: S608


def _in_steps(feedback: Feedback, *, flags: list[str], signal_kinds: list[str]) -> bool:
    sql = _checks_sql()
    params: list[Any] = [
        feedback.idempotency_key,
        feedback.service_point_id,
        feedback.answers_digest,
        _since(),
        feedback.unit_id,
        feedback.network_hash,
        integrity.today_in_bangkok(),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        sent, similar, staff = cursor.fetchone()
    if sent:
        return False
    flags = flags + ["burst"] * (similar + 1 >= integrity.BURST_SIZE) + ["staff_network"] * bool(staff)
    feedback.flags, feedback.is_flagged = flags, bool(flags)
    with transaction.atomic():
        _insert(feedback)
        write_signals(feedback=feedback, kinds=signal_kinds)
    return True


def _insert(feedback: Feedback) -> None:
    """feedback.save(force_insert=True) without building the query each time. Nothing listens to
    Feedback's save signals (changes go through services, DESIGN §6)."""
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(), _values(feedback, _columns()))
        (pk,) = cursor.fetchone()
    _saved(feedback, pk)
