"""Forms of the studio's pages; validation that matters lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sib.academy.models import Group
from sib.accounts.choices import Voivodeship
from sib.brokerage.models import Stage
from sib.core.models import SdgGoal, Theme


class ProjectForm(forms.Form):
    title_pl = forms.CharField(label=_("Title (Polish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    summary_pl = forms.CharField(label=_("Summary (Polish)"), widget=forms.Textarea, required=False)
    summary_en = forms.CharField(
        label=_("Summary (English)"), widget=forms.Textarea, required=False
    )
    voivodeship = forms.ChoiceField(label=_("Region"), choices=Voivodeship.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Sustainable development goals"),
        queryset=SdgGoal.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def data_for_service(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("title_pl", "title_en", "summary_pl", "summary_en", "voivodeship")
        }


class NewProjectForm(ProjectForm):
    team = forms.ModelChoiceField(
        label=_("Team (group of an edition)"),
        queryset=Group.objects.select_related("edition").filter(projects__isnull=True),
        required=False,
    )


class StageForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("New stage"), choices=Stage.choices, coerce=int)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
