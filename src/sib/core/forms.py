"""Helpers for forms shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def apply_validation_error(
    form: forms.BaseForm, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form, next to the field it concerns where possible,
    so the page re-displays with everything the person typed."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            name = field_map.get(field, field)
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


# The longest free text a form takes where the model sets no limit (a description, a biography):
# about ten pages. Chapters of manuals have their own (`knowledge.models.BODY_MAX`).
TEXT_MAX_LENGTH = 20_000


def bounded_formfield(db_field, **kwargs):  # noqa: ANN001, ANN201
    """`Meta.formfield_callback` of ModelForms: a text field without a model limit gets one, so
    a pasted novel is refused with a clear message instead of breaking the pages that show it."""
    from django.db import models

    if isinstance(db_field, models.TextField) and not db_field.max_length:
        kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
    return db_field.formfield(**kwargs)
