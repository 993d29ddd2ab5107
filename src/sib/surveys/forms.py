from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sib.academy.completion import CompletionStatus
from sib.academy.forms import DateTimeInput
from sib.academy.models import Edition
from sib.core.forms import TEXT_MAX_LENGTH
from sib.surveys.models import Instrument, Phase


class InstrumentFromTemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=Instrument.objects.filter(is_template=True)
    )
    edition = forms.ModelChoiceField(
        label=_("Edition"),
        queryset=Edition.objects.all(),
        required=False,
        help_text=_("Leave empty to send the survey to a list of people you choose."),
    )
    code = forms.SlugField(
        label=_("Code"), max_length=60, help_text=_("A short identifier, e.g. pilot-evaluation.")
    )
    title_pl = forms.CharField(label=_("Title (Polish)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False, initial=True)
    phase = forms.ChoiceField(
        label=_("Phase (self-assessment only)"), choices=Phase.choices, required=False
    )
    baseline = forms.ModelChoiceField(
        label=_("Baseline survey (for an “after” self-assessment)"),
        queryset=Instrument.objects.filter(phase=Phase.BEFORE, is_template=False),
        required=False,
    )
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DateTimeInput(), required=False)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DateTimeInput(), required=False)


AUDIENCE_CHOICES = [
    ("finished", _("Those who finished (completed or eligible)")),
    ("current", _("Everyone still enrolled (not withdrawn)")),
    ("everyone", _("Everyone ever enrolled")),
]
AUDIENCES = {
    "finished": {CompletionStatus.COMPLETED, CompletionStatus.ELIGIBLE},
    "current": {
        CompletionStatus.ACTIVE,
        CompletionStatus.PARTIAL,
        CompletionStatus.COMPLETED,
        CompletionStatus.ELIGIBLE,
    },
    "everyone": set(CompletionStatus),
}


class SendForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Send to the edition's participants"),
        choices=AUDIENCE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    emails = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Or to these people (one e-mail address a line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, has_edition: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_edition:
            del self.fields["audience"]

    def email_list(self) -> list[str]:
        raw = self.cleaned_data.get("emails") or ""
        return [
            line.strip().lower() for line in raw.replace(",", "\n").splitlines() if line.strip()
        ]
