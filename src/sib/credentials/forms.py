from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sib.core.forms import bounded_formfield
from sib.credentials.models import Achievement, Issuer


class IssuerForm(forms.ModelForm):
    class Meta:
        model = Issuer
        fields = [
            "name",
            "url",
            "email",
            "street_address",
            "postal_code",
            "locality",
            "region",
            "country",
            "country_code",
        ]


class AchievementForm(forms.ModelForm):
    class Meta:
        model = Achievement
        formfield_callback = bounded_formfield
        fields = [
            "achievement_type",
            "name_pl",
            "name_en",
            "description_pl",
            "description_en",
            "criteria_pl",
            "criteria_en",
            "assessment_pl",
            "assessment_en",
            "participation_pl",
            "participation_en",
            "quality_assurance_pl",
            "quality_assurance_en",
            "eqf_level",
            "ects",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "assessment_pl",
                "assessment_en",
                "participation_pl",
                "participation_en",
                "quality_assurance_pl",
                "quality_assurance_en",
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "name_pl",
            "name_en",
            "description_pl",
            "description_en",
            "criteria_pl",
            "criteria_en",
        ):
            self.fields[name].required = True


class StateChangeForm(forms.Form):
    ACTIONS = [
        ("suspend", _("Suspend")),
        ("reinstate", _("Reinstate")),
        ("revoke", _("Revoke")),
        ("reissue", _("Re-issue")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept in the audit trail."),
    )
    reason_public = forms.BooleanField(
        label=_("Show the reason on the public verification page"), required=False
    )


class VisibilityForm(forms.Form):
    hidden = forms.BooleanField(required=False)
