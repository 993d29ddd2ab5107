"""A list page's filter form rendered in Python, byte for byte as `core/partials/form_fields.html`
and Django's widget templates write it (decisions 0724 and 0910).

Every `<option>` of a select is a widget template include: a filter of four fields with some sixty
options cost a list page about a quarter of its time. Forms with what this does not write (errors,
help texts, hidden or required fields, other widgets, option groups) return None, and the page
includes the template as before.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# Django's own message (its catalogue translates it): a label ending in one gets no suffix.
_LABEL_ENDS = ":?.!"
# One field of `core/partials/form_fields.html` without errors or help text, its blank lines kept.
FIELD = '\n  <div class="field">\n    \n      {label}\n      {widget}\n    \n    \n    \n  </div>\n'


def filter_fields(form: forms.Form) -> SafeString | None:
    """The form's fields as `{% include "core/partials/form_fields.html" %}` writes them, for a
    form of text inputs and selects only; None for any other form (the template then writes it)."""
    if (form.is_bound and form.errors) or form.hidden_fields():
        return None
    parts = []
    for field in form.visible_fields():
        widget = field.field.widget
        if field.help_text or (field.field.required and form.use_required_attribute):
            return None
        if type(widget) is forms.Select:
            rendered = _select(field)
        elif type(widget) is forms.TextInput:
            rendered = _text_input(field)
        else:
            return None
        if rendered is None:
            return None
        label = f'<label for="{escape(field.id_for_label)}">{escape(_label(field))}</label>'
        parts.append(FIELD.format(label=label, widget=rendered))
    return mark_safe("\n\n" + "".join(parts) + "\n")  # noqa: S308 - every value escaped


def _label(field: forms.BoundField) -> str:
    """The label with the form's suffix, as `BoundField.label_tag` adds it."""
    text = str(field.label)
    suffix = field.field.label_suffix
    if suffix is None:
        suffix = field.form.label_suffix
    if suffix and text and text[-1] not in gettext(_LABEL_ENDS):
        text += suffix
    return text


def _attrs(field: forms.BoundField) -> str:
    """`django/forms/widgets/attrs.html`: the widget's attributes, then the id."""
    attrs = {**field.field.widget.attrs, "id": field.auto_id}
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text_input(field: forms.BoundField) -> str:
    value = field.value()
    shown = "" if value in (None, "") else f' value="{escape(str(value))}"'
    return f'<input type="text" name="{escape(field.html_name)}"{shown}{_attrs(field)}>'


def _select(field: forms.BoundField) -> str | None:
    value: Any = field.value()
    wanted = "" if value is None else str(value)
    chosen = False
    options = []
    for option_value, label in field.field.choices:  # type: ignore[attr-defined]
        if isinstance(label, list | tuple):
            return None  # an option group
        text = str(option_value)
        selected = not chosen and text == wanted
        chosen = chosen or selected
        options.append(
            f'\n  <option value="{escape(text)}"{" selected" if selected else ""}>'
            f"{escape(str(label))}</option>\n"
        )
    return f'<select name="{escape(field.html_name)}"{_attrs(field)}>{"".join(options)}\n</select>'
