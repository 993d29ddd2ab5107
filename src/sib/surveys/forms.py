from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sib.academy.completion import CompletionStatus
from sib.academy.forms import DateTimeInput, label_languages
from sib.academy.models import Edition
from sib.core.forms import TEXT_MAX_LENGTH, bounded_formfield
from sib.surveys.models import CHOICE_KINDS, Instrument, Item, ItemKind, Phase, Scale


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


# --- templates (coordinators) ---------------------------------------------------------------------


class TemplateForm(forms.ModelForm):
    """A reusable survey template: surveys made from it copy its questions."""

    class Meta:
        formfield_callback = bounded_formfield
        model = Instrument
        fields = [
            "kind",
            "code",
            "title_pl",
            "title_en",
            "description_pl",
            "description_en",
            "anonymous",
        ]
        help_texts = {"code": _("A short identifier, e.g. evaluation-template.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_pl"].required = True
        label_languages(self)
        if self.instance.pk:
            self.fields["kind"].disabled = True

    def template_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if not (name == "kind" and self.instance.pk)
        }


class QuestionForm(forms.Form):
    """A question of a template. Its code, kind and options are fixed once it exists (surveys
    already made from the template keep their own copy)."""

    code = forms.CharField(
        label=_("Code"), max_length=20, help_text=_("Short, unique in the template, e.g. Q7.")
    )
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=ItemKind.choices)
    text_pl = forms.CharField(label=_("Question (Polish)"), max_length=500)
    text_en = forms.CharField(label=_("Question (English)"), max_length=500, required=False)
    help_text_pl = forms.CharField(label=_("Explanation (Polish)"), max_length=500, required=False)
    help_text_en = forms.CharField(label=_("Explanation (English)"), max_length=500, required=False)
    scale = forms.ModelChoiceField(
        label=_("Scale"),
        queryset=Scale.objects.none(),
        required=False,
        help_text=_("Questions of one scale are averaged together in the results."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    options = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Options (choice questions)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One option a line: the Polish label, then “|” and the English label."),
    )

    def __init__(
        self, *args: Any, template: Instrument, item: Item | None = None, **kwargs: Any
    ) -> None:
        if item is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": item.code,
                    "kind": item.kind,
                    "text_pl": item.text_pl,
                    "text_en": item.text_en,
                    "help_text_pl": item.help_text_pl,
                    "help_text_en": item.help_text_en,
                    "scale": item.scale_id,
                    "required": item.required,
                },
            )
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["scale"]).queryset = Scale.objects.filter(
            instrument=template
        )
        if item is not None:
            for name in ("code", "kind"):
                self.fields[name].disabled = True
            del self.fields["options"]

    def clean_options(self) -> list[tuple[str, str]]:
        result = []
        for line in (self.cleaned_data.get("options") or "").splitlines():
            if not line.strip():
                continue
            polish, _sep, english = line.partition("|")
            if len(polish.strip()) > 200 or len(english.strip()) > 200:
                raise forms.ValidationError(_("An option's label is at most 200 characters."))
            result.append((polish.strip(), english.strip()))
        return result

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "options" in self.fields and data.get("kind") in CHOICE_KINDS:
            if len(data.get("options") or []) < 2:
                self.add_error("options", _("A choice question needs at least two options."))
        elif "options" in self.fields and data.get("options"):
            self.add_error("options", _("Only choice questions have options."))
        return data
