"""Forms that check: every text field has a length limit, and no database message (a constraint's
name) ever reaches a person — each constraint says what is wrong in their language."""

from __future__ import annotations

import pytest
from django import forms
from django.apps import apps
from django.db.models import CheckConstraint, UniqueConstraint
from django.urls import reverse
from django.utils.functional import Promise

from tests.core.test_form_labels import _sib_forms
from tests.factories import UserFactory

# The longest text any form takes (a chapter of a manual, `knowledge.models.BODY_MAX`).
LONGEST_TEXT = 200_000


@pytest.mark.parametrize("form_class", _sib_forms(), ids=lambda form: form.__qualname__)
def test_every_text_field_of_every_form_has_a_length_limit(
    form_class: type[forms.BaseForm],
) -> None:
    unlimited = [
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, forms.URLField | forms.EmailField | forms.SlugField)
        and (field.max_length is None or field.max_length > LONGEST_TEXT)
    ]
    assert not unlimited, f"{form_class.__qualname__}: text fields without a limit: {unlimited}"


def _constraints() -> list[tuple[str, object]]:
    found = []
    for model in apps.get_models():
        if model.__module__.startswith("sib."):
            for constraint in model._meta.constraints:
                found.append((f"{model._meta.label}.{constraint.name}", constraint))
    return found


@pytest.mark.parametrize(("name", "constraint"), _constraints(), ids=lambda v: str(v)[:60])
def test_every_constraint_a_person_can_hit_says_what_is_wrong(name: str, constraint) -> None:  # noqa: ANN001
    """Django's default message names the constraint ("Constraint “user_birth_year_plausible” is
    violated"); unique constraints on plain fields get Django's own translated message."""
    needs_message = isinstance(constraint, CheckConstraint) or (
        isinstance(constraint, UniqueConstraint) and constraint.condition is not None
    )
    if needs_message:
        message = constraint.violation_error_message
        assert message != constraint.default_violation_error_message, name
        assert isinstance(message, Promise), f"{name}: the message must be translated (lazy)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Enter a year of birth between 1900 and 2100."), ("pl", "Podaj rok urodzenia")],
)
def test_an_implausible_birth_year_gets_a_clear_message_not_the_constraint(
    client, language: str, expected: str
) -> None:  # noqa: ANN001
    user = UserFactory(preferred_language=language)
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Ola Nowak", "preferred_language": language, "birth_year": 3020},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html
    assert "user_birth_year_plausible" not in html
    user.refresh_from_db()
    assert user.birth_year != 3020


def _input_schemas() -> list[type]:
    """The API's request bodies: every `Schema` named `...In` in an app's `api.py`."""
    import importlib

    from ninja import Schema

    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sib."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, Schema)
                and name.endswith("In")
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


@pytest.mark.parametrize("schema", _input_schemas(), ids=lambda schema: schema.__qualname__)
def test_every_text_field_of_every_api_body_has_a_length_limit(schema: type) -> None:
    unlimited = []
    for name, field in schema.model_fields.items():
        if field.annotation not in (str, str | None):
            continue  # structured values (dicts of answers) are bounded by the JSON size limit
        limits = [getattr(item, "max_length", None) for item in field.metadata]
        if not any(limits):
            unlimited.append(name)
    assert not unlimited, f"{schema.__qualname__}: text fields without max_length: {unlimited}"
