from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sib.accounts.models import User
from sib.accounts.selectors import EMAILS_AT_ONCE, people_by_emails, split_emails


class ProfileForm(forms.ModelForm):
    """The profile, with each optional field saying why it is asked."""

    class Meta:
        model = User
        fields = [
            "full_name",
            "preferred_language",
            "gender",
            "birth_year",
            "voivodeship",
            "sector",
            "organisation",
        ]
        help_texts = {
            "full_name": _("Shown on your certificate and to the staff of your editions."),
            "preferred_language": _(
                "The language of pages, e-mails and your certificate. Empty: the language "
                "chosen with the switcher or your browser's."
            ),
            "gender": _(
                "Optional. Used only in anonymous statistics for funders (e.g. the share of "
                "women); groups smaller than five are never shown."
            ),
            "birth_year": _("Optional. Used only to count age groups in anonymous statistics."),
            "voivodeship": _(
                "Optional. Where you work; used for regional statistics and to suggest "
                "local challenges."
            ),
            "sector": _("Optional. Used in anonymous statistics of who the programme reaches."),
            "organisation": _("Optional. The organisation you work for, if listed."),
        }
        widgets = {"birth_year": forms.NumberInput(attrs={"min": 1900, "max": 2100})}


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        required=False,
        help_text=_("A label to recognise the token later, e.g. the script that uses it."),
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail address"), max_length=200, min_length=2, strip=True)


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Request"),
        max_length=500,
        help_text=_(
            "How and when the person asked (e.g. “e-mail of 3 May”). Kept in the audit trail."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I understand that erasure cannot be undone."), required=True
    )


class ErasureRequestForm(forms.Form):
    """A person's own request, from their data page."""

    note = forms.CharField(
        label=_("Anything we should know (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I ask for my personal data to be erased and my account closed. I understand this "
            "cannot be undone."
        ),
        required=True,
    )


class ErasureRecordForm(forms.Form):
    """A coordinator records a request the person made another way."""

    note = forms.CharField(
        label=_("How the person asked"),
        max_length=500,
        help_text=_("E.g. “e-mail of 3 May”, “letter received 5 May”."),
    )


class ErasureCompleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that erasure cannot be undone."), required=True
    )


class ErasureRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Sent to the person: the legal ground for keeping the data (e.g. a funder's audit "
            "until a date)."
        ),
    )


class AddByEmailField(forms.CharField):
    """ "Add by e-mail": addresses separated by commas or new lines, cleaned into the people
    (active accounts) they belong to. Staff forms offer only a bounded pool of people as choices;
    this box is how someone outside the pool is assigned. Unknown or malformed addresses are a
    field error naming them, and the box keeps what was typed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "For someone not in the list above: their e-mail addresses, separated by commas "
                "or new lines. They need an account on the platform."
            ),
        )
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"}),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[User]:  # people, not text
        text = super().clean(value)
        emails = split_emails(text)
        if len(emails) > EMAILS_AT_ONCE:
            raise forms.ValidationError(
                _("Add at most %(limit)d people by e-mail at once."),
                code="too_many",
                params={"limit": EMAILS_AT_ONCE},
            )
        found = people_by_emails(emails=emails)
        errors = []
        if found.invalid:
            errors.append(
                forms.ValidationError(
                    _("Not an e-mail address: %(emails)s."),
                    code="invalid",
                    params={"emails": ", ".join(found.invalid)},
                )
            )
        if found.unknown:
            errors.append(
                forms.ValidationError(
                    _(
                        "No account has this address: %(emails)s. Check the spelling, or ask "
                        "the person to create an account first."
                    ),
                    code="unknown",
                    params={"emails": ", ".join(found.unknown)},
                )
            )
        if errors:
            raise forms.ValidationError(errors)
        return found.users


def merge_added_people(form: forms.BaseForm, pairs: dict[str, str]) -> None:
    """Add the people found by `AddByEmailField`s (values of `pairs`) to the people chosen in the
    matching choice fields (keys), so views and services see one list per role."""
    data = form.cleaned_data
    for chosen_name, added_name in pairs.items():
        if chosen_name not in data or added_name not in data:
            continue
        chosen = list(data[chosen_name] or [])
        known = {user.pk for user in chosen}
        data[chosen_name] = chosen + [user for user in data[added_name] if user.pk not in known]
