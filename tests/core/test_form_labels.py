"""Every label of every form is translated: a model field without a `verbose_name` would show its
English attribute name ("Programme:") on a Polish form."""

from __future__ import annotations

import importlib

import pytest
from django import forms
from django.apps import apps
from django.utils.functional import Promise


def _sib_forms() -> list[type[forms.BaseForm]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sib."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


@pytest.mark.parametrize("form_class", _sib_forms(), ids=lambda form: form.__qualname__)
def test_every_form_label_is_translated(form_class: type[forms.BaseForm]) -> None:
    plain = [
        f"{name}: {field.label!r}"
        for name, field in form_class.base_fields.items()
        if field.label is not None and not isinstance(field.label, Promise)
    ]
    assert not plain, f"{form_class.__qualname__} has untranslated labels: {plain}"
