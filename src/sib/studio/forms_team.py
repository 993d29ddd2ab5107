"""Forms for a project's files and its team (apart from `forms.py` to keep the pages' parts
separate)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ProjectFileForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of their account"), max_length=254)
    role = forms.CharField(label=_("Role on the team (optional)"), max_length=100, required=False)


class MemberRoleForm(forms.Form):
    role = forms.CharField(label=_("Role on the team"), max_length=100, required=False)
