"""A person's roles across the apps, read in one query per request.

The navigation, the home panels and the permission checks of every page ask who a person is
(edition staff, enrolled, mentor, invited to a survey, event staff). Each app contributes the rows
that say so (`SIB_ROLE_READS`: `reads(user) -> [role_rows(...), ...]`); they are read together as
one UNION and kept on the request's user object, so a page pays one query for all of them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

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
        querysets = [rows for reads in contributions("SIB_ROLE_READS") for rows in reads(user)]
        found: dict[str, list[tuple[int, str]]] = defaultdict(list)
        if querysets:
            union = (
                querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]
            )
            for kind, key, name in union:
                found[kind].append((key, name))
        cached = user._sib_person_roles = dict(found)
    return cached


def forget_roles(user: Any) -> None:
    """Read the roles again on the next question (after a change within the same request)."""
    for attribute in ("_sib_person_roles", "_academy_roles", "_event_roles"):
        user.__dict__.pop(attribute, None)
