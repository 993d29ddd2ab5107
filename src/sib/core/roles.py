"""A person's roles across the apps, read in one query per request.

The navigation, the home panels and the permission checks of every page ask who a person is
(edition staff, enrolled, mentor, invited to a survey, event staff). Each app contributes the rows
that say so (`SIB_ROLE_READS`: `reads(user) -> [role_rows(...), ...]`); they are read together as
one UNION and kept on the request's user object, so a page pays one query for all of them.
Building and compiling that UNION with the ORM cost more than running it (about 1 ms of a
signed-in page's 5 ms), so its SQL is built once per process and database and run with the
person's id: each app's rows may depend on the person only through their id.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import CharField, F, QuerySet, Value

from sib.core.plugins import contributions


def role_rows(
    queryset: QuerySet[Any], kind: str, key: str, name: str | None = None
) -> QuerySet[Any]:
    """Rows (kind, key, name) of one role: `key` is an id (edition, group, instrument, event),
    `name` an optional text column (e.g. the staff role)."""
    return (
        queryset.annotate(
            role_kind=Value(kind, output_field=CharField()),
            role_key=F(key),
            role_name=F(name) if name else Value("", output_field=CharField()),
        )
        .order_by()
        .values_list("role_kind", "role_key", "role_name")
    )


def person_roles(user: Any) -> dict[str, list[tuple[int, str]]]:
    """{kind: [(key, name), ...]} of every app's role rows for this person; {} when anonymous."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_sib_person_roles", None)
    if cached is None:
        found: dict[str, list[tuple[int, str]]] = defaultdict(list)
        statement = _statement(contributions("SIB_ROLE_READS"), connection.vendor)
        if statement is not None:
            sql, params = statement
            with connection.cursor() as cursor:
                cursor.execute(sql, [user.pk if p is _PERSON else p for p in params])
                for kind, key, name in cursor.fetchall():
                    found[kind].append((key, name))
        cached = user._sib_person_roles = dict(found)
    return cached


# Stands for the person's id in the statement built once (no real id is negative).
_PERSON_ID = -7_318_164
_PERSON = object()
_statements: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]] | None] = {}


def _statement(reads: tuple[Any, ...], vendor: str) -> tuple[str, tuple[Any, ...]] | None:
    """The UNION of every app's role rows as (sql, params), `_PERSON` where the id goes."""
    key = (reads, vendor)
    if key not in _statements:
        stand_in = get_user_model()(pk=_PERSON_ID)
        querysets = [rows for read in reads for rows in read(stand_in)]
        if not querysets:
            _statements[key] = None
        else:
            union = (
                querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]
            )
            sql, params = union.query.sql_with_params()
            if _PERSON_ID not in params:
                raise ValueError("SIB_ROLE_READS rows must be filtered by the person's id")
            _statements[key] = (sql, tuple(_PERSON if p == _PERSON_ID else p for p in params))
    return _statements[key]


def forget_roles(user: Any) -> None:
    """Read the roles again on the next question (after a change within the same request)."""
    for attribute in ("_sib_person_roles", "_academy_roles", "_event_roles"):
        user.__dict__.pop(attribute, None)
