"""No form label shows modeltranslation's raw language suffix ("Title [pl]"): each language's
input of a translated field reads "Title (Polish)" / "Tytuł (po polsku)" in the reader's language.
Walks every form class the platform defines (in any `sib` module, views included) — a new form
over translated fields fails here until it is built with `bounded_formfield` or `label_languages`."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.utils import translation

import sib

RAW_SUFFIX = re.compile(r"\[(pl|en)\]")
# The admin is an operators' tool and keeps modeltranslation's own tabs and labels.
SKIPPED_MODULES = ("admin", "migrations", "management", "demo", "seed")


def _import_sib() -> None:
    for info in pkgutil.walk_packages(sib.__path__, prefix="sib."):
        parts = info.name.split(".")
        if any(part in SKIPPED_MODULES or part.startswith("test") for part in parts):
            continue
        if parts[-1] in {"wsgi", "asgi", "gunicorn_config", "__main__"}:
            continue
        importlib.import_module(info.name)


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def _sib_form_classes() -> list[type[forms.BaseForm]]:
    _import_sib()
    classes = {
        form
        for form in _subclasses(forms.BaseForm)
        if form.__module__.startswith("sib.") and ".admin" not in form.__module__
    }
    return sorted(classes, key=lambda form: f"{form.__module__}.{form.__qualname__}")


def _labels(form_class: type[forms.BaseForm]) -> dict[str, str]:
    labels = {name: str(field.label or "") for name, field in form_class.base_fields.items()}
    try:  # forms that (re)label in __init__ and need no arguments are checked as instances too
        instance = form_class()
    except Exception:  # noqa: BLE001 - a form that needs its context is checked by its class
        return labels
    labels.update({name: str(field.label or "") for name, field in instance.fields.items()})
    return labels


FORM_CLASSES = _sib_form_classes()


def test_the_walk_finds_the_forms_over_translated_fields() -> None:
    names = {form.__qualname__ for form in FORM_CLASSES}
    assert {"EditionForm", "EventForm", "AchievementForm", "TemplateForm", "DocumentForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize(
    "form_class", FORM_CLASSES, ids=lambda form: f"{form.__module__}.{form.__qualname__}"
)
def test_no_label_shows_a_raw_language_suffix(
    form_class: type[forms.BaseForm], language: str
) -> None:
    with translation.override(language):
        raw = {
            name: label for name, label in _labels(form_class).items() if RAW_SUFFIX.search(label)
        }
    assert not raw, f"{form_class.__qualname__} shows raw language suffixes: {raw}"


def test_the_edition_form_says_the_language_in_words() -> None:
    from sib.academy.forms import EditionForm

    with translation.override("en"):
        assert str(EditionForm.base_fields["title_pl"].label) == "Title (Polish)"
        assert str(EditionForm.base_fields["title_en"].label) == "Title (English)"
    with translation.override("pl"):
        polish = str(EditionForm.base_fields["title_en"].label)
    assert polish.startswith("Tytuł") and "angielsk" in polish
