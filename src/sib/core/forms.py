"""Helpers for forms shared by every app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise, lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


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


def offer(field: forms.ModelChoiceField, objects: Iterable[Any]) -> None:
    """Show `objects` as the field's choices — rows already read, or a bounded few of a growing
    table — while any row of the field's queryset still validates (decision 0917)."""
    iterator = field.iterator(field)
    empty = [] if field.empty_label is None else [("", field.empty_label)]
    field.choices = [*empty, *map(iterator.choice, objects)]


def _language_label(label: str | Promise, language: str) -> str:
    field = capfirst(str(label))
    if language == "pl":
        return gettext("%(field)s (Polish)") % {"field": field}
    if language == "en":
        return gettext("%(field)s (English)") % {"field": field}
    return f"{field} ({language})"


language_label = lazy(_language_label, str)
language_label.__doc__ = """The label of one language's input of a translated content field, in
the reader's language at render time: "Title (Polish)", "Tytuł (po angielsku)" — never
modeltranslation's "title [pl]", which is not words."""


def bounded_formfield(db_field, **kwargs):  # noqa: ANN001, ANN201
    """`Meta.formfield_callback` of ModelForms: a text field without a model limit gets one, so
    a pasted novel is refused with a clear message instead of breaking the pages that show it;
    each language's input of a translated field is labelled with the language's name."""
    from django.db import models

    if isinstance(db_field, models.TextField) and not db_field.max_length:
        kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
    field = db_field.formfield(**kwargs)
    original = getattr(db_field, "translated_field", None)
    if field is not None and original is not None and "label" not in kwargs:
        field.label = language_label(original.verbose_name, db_field.language)
    return field


class AuditFilterForm(forms.Form):
    """The audit trail's filters; every field optional."""

    person = forms.CharField(label=_("Person (name or e-mail)"), max_length=200, required=False)
    action = forms.CharField(
        label=_("Action"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"list": "audit-actions"}),
        help_text=_("The beginning is enough, e.g. “person.” or “application”."),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ip = forms.CharField(
        label=_("IP address"),
        max_length=45,
        required=False,
        help_text=_("A whole address, or its beginning ending with a dot or colon."),
    )
