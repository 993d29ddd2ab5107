"""A person's data across the platform: what each app holds about them, exported and erased.

Every app lists one `PersonalData` in `SIB_PERSONAL_DATA` (a dotted path to it). It names the
models it covers and the models it exempts (with the reason), and gives two functions:
`export(*, person) -> dict` (what the app holds about the person, JSON-ready) and
`erase(*, person) -> None` (anonymise it, keeping what statistics and signed credentials need).
`sib.accounts.services.person_export` / `person_erase` call them all; the completeness test
(`tests/core/test_personal_data.py`) fails when a model that holds personal data is in no list,
so an app added later cannot forget its part.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

from sib.core.plugins import contributions

# Field names that identify a person or carry what they wrote about themselves.
PERSONAL_FIELD_NAMES = frozenset(
    {
        "email",
        "full_name",
        "first_name",
        "last_name",
        "birth_year",
        "birth_date",
        "date_of_birth",
        "phone",
        "phone_number",
        "mobile",
        "address",
        "street",
        "postal_code",
        "contact_name",
        "contact_email",
        "contact_phone",
        "holder_name",
        "guardian_name",
        "guardian_email",
        "bio",
        "biography",
        "photo",
        "avatar",
        "motivation",
        "presenters",
        "ip_address",
        "ip",
        "note",
        "comment",
        "message",
        "answers",
        "feedback",
    }
)
PERSONAL_FIELD_PARTS = ("email", "phone", "birth", "full_name", "guardian")


@dataclass(frozen=True)
class PersonalData:
    """One app's part of a person's data (see the module docstring)."""

    app: str
    covers: tuple[str, ...]
    export: Callable[..., dict[str, Any]]
    erase: Callable[..., None]
    exempt: dict[str, str] = field(default_factory=dict)


def providers() -> tuple[PersonalData, ...]:
    """The providers in the order of `SIB_PERSONAL_DATA` (accounts first)."""
    return contributions("SIB_PERSONAL_DATA")  # type: ignore[return-value]


def declared_models() -> dict[str, str]:
    """Every model label some provider covers or exempts, mapped to the app that declared it."""
    declared: dict[str, str] = {}
    for provider in providers():
        for label in (*provider.covers, *provider.exempt):
            declared[label.lower()] = provider.app
    return declared


def _user_model() -> type[models.Model]:
    return apps.get_model(settings.AUTH_USER_MODEL)


def _personal_fields(model: type[models.Model]) -> list[str]:
    found = []
    for f in model._meta.get_fields():
        if not getattr(f, "concrete", False) and not f.many_to_many:
            continue
        name = f.name.lower()
        if name in PERSONAL_FIELD_NAMES or any(part in name for part in PERSONAL_FIELD_PARTS):
            found.append(f.name)
    return found


def _links(model: type[models.Model], *, required_only: bool) -> Iterable[type[models.Model]]:
    for f in model._meta.get_fields():
        if not (f.is_relation and getattr(f, "concrete", False)) or f.auto_created:
            continue
        if required_only and (f.many_to_many or getattr(f, "null", False)):
            continue
        if f.related_model is not None and f.related_model is not model:
            yield f.related_model  # type: ignore[misc]


def personal_models() -> dict[str, str]:
    """Every installed model that holds personal data, with why it is judged so.

    A model holds personal data when it points at a person (a foreign key or many-to-many to the
    user model), has a field named like personal data (e-mail, name, birth year, phone, photo,
    biography, motivation...), or cannot exist without a row that belongs to a person (a required
    foreign key to one, e.g. an answer of a response, an attendance of an enrolment: what the
    person did or wrote).
    """
    user = _user_model()
    reasons: dict[type[models.Model], str] = {}
    everything = list(apps.get_models())
    for model in everything:
        if model is user:
            reasons[model] = "the person"
            continue
        if any(target is user for target in _links(model, required_only=False)):
            reasons[model] = "points at a person"
            continue
        named = _personal_fields(model)
        if named:
            reasons[model] = "personal fields: " + ", ".join(named)
    belongs = {user} | {
        m for m in everything if any(t is user for t in _links(m, required_only=True))
    }
    changed = True
    while changed:
        changed = False
        for model in everything:
            if model in belongs:
                continue
            parent = next((t for t in _links(model, required_only=True) if t in belongs), None)
            if parent is not None:
                belongs.add(model)
                reasons.setdefault(model, f"belongs to {parent._meta.label_lower}")
                changed = True
    return {model._meta.label_lower: reason for model, reason in reasons.items()}


def plain(value: Any) -> Any:
    """A value as JSON can hold it (dates as ISO 8601, decimals as strings, files as names)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def rows(queryset: Iterable[models.Model], *, exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Rows as plain dicts of their concrete fields (foreign keys as ids), for exports."""
    skip = set(exclude)
    result = []
    for obj in queryset:
        data: dict[str, Any] = {}
        for f in obj._meta.concrete_fields:
            if f.name in skip:
                continue
            data[f.attname if f.is_relation else f.name] = plain(getattr(obj, f.attname))
        result.append(data)
    return result
