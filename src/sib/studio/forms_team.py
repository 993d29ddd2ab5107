"""Forms for a project's files and its team (apart from `forms.py` to keep the pages' parts
separate)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ProjectFileForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))
