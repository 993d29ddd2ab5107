"""Forms of the brokerage: they parse; services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sib.academy.models import Competence
from sib.accounts.choices import Voivodeship
from sib.accounts.models import Organisation
from sib.brokerage import matching
from sib.brokerage.models import (
    Challenge,
    ChallengeStatus,
    IntroductionOutcome,
    Language,
    PlaceLevel,
    ResourceKind,
    Stage,
    StakeholderGroup,
)
from sib.core.forms import TEXT_MAX_LENGTH, offer
from sib.core.models import SdgGoal, Theme


class ChallengeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    voivodeship = forms.ChoiceField(
        label=_("Voivodeship"), required=False, choices=[("", _("All"))] + Voivodeship.choices
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))]
        + [
            (value, label)
            for value, label in ChallengeStatus.choices
            if value not in {ChallengeStatus.DRAFT, ChallengeStatus.SUBMITTED}
        ],
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = list(Theme.objects.all())
        cast(forms.ChoiceField, self.fields["theme"]).choices = [("", _("All"))] + [
            (theme.key, theme.name) for theme in themes
        ]
        # The list's cards name their themes from these (read once for the page).
        self.theme_names = {theme.pk: theme.name for theme in themes}


class ChallengeForm(forms.Form):
    title_pl = forms.CharField(label=_("Title (Polish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    summary_pl = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("The challenge (Polish)"),
        widget=forms.Textarea,
        required=False,
    )
    summary_en = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("The challenge (English)"),
        widget=forms.Textarea,
        required=False,
    )
    affected_pl = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Who is affected (Polish)"),
        widget=forms.Textarea,
        required=False,
    )
    affected_en = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Who is affected (English)"),
        widget=forms.Textarea,
        required=False,
    )
    evidence_pl = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Evidence (Polish)"),
        widget=forms.Textarea,
        required=False,
    )
    evidence_en = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Evidence (English)"),
        widget=forms.Textarea,
        required=False,
    )
    causes_pl = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Causes (Polish)"),
        widget=forms.Textarea,
        required=False,
    )
    causes_en = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Causes (English)"),
        widget=forms.Textarea,
        required=False,
    )
    existing_pl = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("What exists already (Polish)"),
        widget=forms.Textarea,
        required=False,
    )
    existing_en = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("What exists already (English)"),
        widget=forms.Textarea,
        required=False,
    )
    voivodeship = forms.ChoiceField(label=_("Voivodeship"), choices=Voivodeship.choices)
    powiat = forms.CharField(label=_("County (powiat)"), max_length=100, required=False)
    gmina = forms.CharField(label=_("Municipality (gmina)"), max_length=100, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=PlaceLevel.choices)
    stakeholder_groups = forms.MultipleChoiceField(
        label=_("Stakeholder groups"),
        choices=StakeholderGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
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
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences needed"),
        queryset=Competence.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    stage = forms.TypedChoiceField(label=_("Stage"), choices=Stage.choices, coerce=int)
    brokers_needed = forms.IntegerField(
        label=_("Brokers needed"), min_value=1, max_value=20, initial=1
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("themes", "sdgs", "competences"):
            data.pop(name)
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ChallengeStatus.choices)
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BrokerProfileForm(forms.Form):
    regions = forms.MultipleChoiceField(
        label=_("Voivodeships I serve"),
        choices=Voivodeship.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    home_gmina = forms.CharField(label=_("My municipality (gmina)"), max_length=100, required=False)
    remote = forms.BooleanField(label=_("I work remotely too"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages I work in"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Capacity (active challenges at most)"), min_value=0, max_value=50, initial=2
    )
    available_from = forms.DateField(
        label=_("Available from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    available_until = forms.DateField(
        label=_("Available until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    stages = forms.TypedMultipleChoiceField(
        label=_("Stages I work in"),
        choices=Stage.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    experience_years = forms.IntegerField(
        label=_("Years of experience"), min_value=0, max_value=60, initial=0
    )
    declared_competences = forms.ModelMultipleChoiceField(
        label=_("Competences I declare (not proven by a credential)"),
        queryset=Competence.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    name_public = forms.BooleanField(label=_("Show my name on public pages"), required=False)

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("declared_competences", "themes"):
            data.pop(name)
        return data


class WeightsForm(forms.Form):
    note = forms.CharField(label=_("Why (for the history)"), max_length=300, required=False)

    def __init__(self, *args: Any, weights: dict[str, float], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = factor_labels()
        for name in matching.FACTORS:
            self.fields[name] = forms.FloatField(
                label=labels[name], min_value=0, max_value=1, initial=weights.get(name, 0)
            )
        self.order_fields([*matching.FACTORS, "note"])


def factor_labels() -> dict[str, Any]:
    return {
        "competence": _("Competence fit"),
        "themes": _("Theme overlap"),
        "place": _("Place"),
        "stage": _("Stage fit"),
        "experience": _("Experience"),
        "load": _("Current load"),
    }


class RunForm(forms.Form):
    even_load = forms.BooleanField(label=_("Spread the load evenly across brokers"), required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=IntroductionOutcome.choices, required=False
    )
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    stakeholder_group = forms.ChoiceField(
        label=_("I take part as"),
        choices=[("", _("Rather not say"))] + StakeholderGroup.choices,
        required=False,
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GuestCommentForm(forms.Form):
    """A resident's comment without an account (decision 0606): published once the address is
    confirmed; the consent's label is the current terms text."""

    name = forms.CharField(
        label=_("Name shown with your comment"),
        max_length=80,
        help_text=_("Your first name, full name or a pseudonym."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("Not shown. We send you a link that publishes your comment."),
    )
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    stakeholder_group = forms.ChoiceField(
        label=_("I take part as"),
        choices=[("", _("Rather not say"))] + StakeholderGroup.choices,
        required=False,
    )
    consent = forms.BooleanField(label=_("I agree to the consultation's terms"), required=True)

    def __init__(self, *args: Any, terms: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = terms
        self.fields["consent"].error_messages["required"] = _(
            "Agree to the consultation's terms to take part."
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class TextForm(forms.Form):
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Text"), widget=forms.Textarea(attrs={"rows": 6})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Official answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    action = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    minutes = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )


def _text(label: Any, *, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=False,
    )


class ResourceForm(forms.Form):
    """An organisation's offer to challenges (decision 0607); both languages, one may be empty."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    title_pl = forms.CharField(label=_("Title (Polish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_pl = _text(_("Description (Polish)"))
    description_en = _text(_("Description (English)"))
    eligibility_pl = _text(_("Who is eligible (Polish)"), rows=3)
    eligibility_en = _text(_("Who is eligible (English)"), rows=3)
    regions = forms.MultipleChoiceField(
        label=_("Voivodeships (none: the whole country)"),
        choices=Voivodeship.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    active = forms.BooleanField(label=_("Offered now"), required=False, initial=True)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, choose_organisation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choose_organisation:
            cast(
                forms.ModelChoiceField, self.fields["organisation"]
            ).queryset = Organisation.objects.order_by("name")
            self.fields["organisation"].required = True
        else:
            del self.fields["organisation"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title_pl") or data.get("title_en")):
            self.add_error("title_pl", _("Give a title in at least one language."))
        return data

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("themes", None)
        data.pop("organisation", None)
        data["regions"] = list(data.get("regions") or [])
        return data


class ConsultationForm(forms.Form):
    """A new consultation on a challenge or, for coordinators, on a topic (decision 0607)."""

    challenge = forms.ModelChoiceField(
        label=_("Challenge"), queryset=Challenge.objects.none(), required=False
    )
    title_pl = forms.CharField(label=_("Title (Polish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_pl = _text(_("Description (Polish)"))
    description_en = _text(_("Description (English)"))
    voivodeship = forms.ChoiceField(
        label=_("Voivodeship"), choices=[("", "—"), *Voivodeship.choices], required=False
    )
    gmina = forms.CharField(label=_("Municipality (gmina)"), max_length=100, required=False)
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    published = forms.BooleanField(label=_("Published"), required=False)

    def __init__(
        self,
        *args: Any,
        challenges: Any,
        listed: Sequence[Any] | None = None,
        topic_allowed: bool = False,
        **kwargs: Any,
    ) -> None:
        """`challenges` are those that validate; `listed`, when given, the few the list shows
        (an older one is chosen from its own page, which links here with it)."""
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["challenge"])
        field.queryset = challenges
        field.required = not topic_allowed
        hints = []
        if topic_allowed:
            hints.append(_("Leave empty for a consultation on a topic."))
        if listed is not None:
            offer(field, listed)
            hints.append(
                _(
                    "The most recent challenges are listed; for an older one, open the "
                    "challenge's page and choose “Open a consultation”."
                )
            )
        field.help_text = " ".join(str(hint) for hint in hints)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title_pl") or data.get("title_en")):
            self.add_error("title_pl", _("Give a title in at least one language."))
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Closes before it opens."))
        return data
