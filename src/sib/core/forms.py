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
