"""Forms of the events pages. They parse and re-display; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sib.academy.models import Group
from sib.accounts.choices import Gender, Voivodeship
from sib.accounts.forms import AddByEmailField, merge_added_people
from sib.accounts.models import User
from sib.core.forms import TEXT_MAX_LENGTH, bounded_formfield
from sib.events.models import (
    AgendaItem,
    Event,
    Presentation,
    QuestionKind,
    RegistrationQuestion,
    Room,
    Speaker,
)
from sib.events.selectors import event_staff_pool
from sib.events.services import EVENT_FIELDS, PHOTO_MAX_BYTES, Attendee


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)

    def format_value(self, value: Any) -> Any:
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value)
        return super().format_value(value)


def _datetime_field(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )


class EventForm(forms.ModelForm):
    starts_at = _datetime_field(_("starts at"))
    ends_at = _datetime_field(_("ends at"))
    registration_opens_at = _datetime_field(_("registration opens"), required=False)
    registration_closes_at = _datetime_field(_("registration closes"), required=False)
    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https")
    # The people offered are the staff pool (`event_staff_pool`), never every account; anyone
    # else is added by e-mail in the box under each list.
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("They manage this event: agenda, registrations, exports and statistics."),
    )
    organisers_add = AddByEmailField(
        label=_("Add organisers by e-mail"),
    )
    checkin_staff = forms.ModelMultipleChoiceField(
        label=_("Check-in staff"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("They may only check people in at the entrance."),
    )
    checkin_staff_add = AddByEmailField(
        label=_("Add check-in staff by e-mail"),
    )

    class Meta:
        model = Event
        formfield_callback = bounded_formfield
        fields = list(EVENT_FIELDS)  # what the service accepts

    def __init__(self, *args: Any, can_assign_organisers: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_pl"].required = True
        pool = event_staff_pool(event=self.instance if self.instance.pk else None)
        for name in ("organisers", "checkin_staff"):
            cast(forms.ModelMultipleChoiceField, self.fields[name]).queryset = pool
        if not can_assign_organisers:
            del self.fields["organisers"]
            del self.fields["organisers_add"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        merge_added_people(
            self, {"organisers": "organisers_add", "checkin_staff": "checkin_staff_add"}
        )
        return data

    def event_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        formfield_callback = bounded_formfield
        fields = ["name_pl", "name_en"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_pl"].required = True


class AgendaItemForm(forms.ModelForm):
    starts_at = _datetime_field(_("starts at"))
    ends_at = _datetime_field(_("ends at"))
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers"),
        queryset=Speaker.objects.order_by("full_name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    class Meta:
        model = AgendaItem
        formfield_callback = bounded_formfield
        fields = [
            "kind",
            "title_pl",
            "title_en",
            "description_pl",
            "description_en",
            "starts_at",
            "ends_at",
            "room",
            "capacity",
        ]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_pl"].required = True
        cast(forms.ModelChoiceField, self.fields["room"]).queryset = Room.objects.filter(
            event=event
        )
        if self.instance.pk:
            self.fields["speakers"].initial = [
                link.speaker_id for link in self.instance.speaker_links.order_by("position")
            ]

    def item_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SpeakerForm(forms.ModelForm):
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP, at most 2 MB; it is resized to 600 pixels."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = Speaker
        formfield_callback = bounded_formfield
        fields = [
            "full_name",
            "affiliation",
            "position_pl",
            "position_en",
            "bio_pl",
            "bio_en",
            "gender",
            "region",
            "country",
        ]

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo may be at most 2 MB."))
        return photo

    def speaker_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class QuestionForm(forms.ModelForm):
    class Meta:
        model = RegistrationQuestion
        formfield_callback = bounded_formfield
        fields = [
            "kind",
            "label_pl",
            "label_en",
            "help_text_pl",
            "help_text_en",
            "choices_pl",
            "choices_en",
            "required",
        ]
        widgets = {
            "choices_pl": forms.Textarea(attrs={"rows": 4}),
            "choices_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label_pl"].required = True

    def question_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PresentationForm(forms.ModelForm):
    class Meta:
        model = Presentation
        formfield_callback = bounded_formfield
        fields = [
            "project_title_pl",
            "project_title_en",
            "summary_pl",
            "summary_en",
            "presenters",
            "team",
            "item",
        ]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project_title_pl"].required = True
        teams = Group.objects.select_related("edition").order_by("edition__title", "name")
        if event.edition_id:
            teams = teams.filter(edition_id=event.edition_id)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = teams
        cast(forms.ModelChoiceField, self.fields["item"]).queryset = AgendaItem.objects.filter(
            event=event
        )

    def presentation_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# --- registration ---------------------------------------------------------------------------------


def _question_field(question: RegistrationQuestion) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.label,
        "required": question.required,
        "help_text": question.help_text,
    }
    choices = list(enumerate(question.choice_list))
    if question.kind == QuestionKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common)
    if question.kind == QuestionKind.CHOICE:
        return forms.TypedChoiceField(
            choices=choices, coerce=int, widget=forms.RadioSelect, empty_value=None, **common
        )
    if question.kind == QuestionKind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == QuestionKind.YES_NO:
        return forms.TypedChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect,
            empty_value=None,
            **common,
        )
    return forms.CharField(max_length=200, **common)


class RegistrationForm(forms.Form):
    """One person, or a group (contact person + one attendee per line)."""

    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Your ticket is sent here."),
    )
    members = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("People in the group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One person per line: the full name, then, if they want their own ticket, a comma and "
            "their e-mail address. The contact person receives every ticket."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of messages"), choices=settings.LANGUAGES, initial="pl"
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=[("", "—"), *Gender.choices],
        required=False,
    )
    region = forms.ChoiceField(
        label=_("Voivodeship (optional)"),
        choices=[("", "—"), *Voivodeship.choices],
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my data as described above."), required=False
    )
    consent_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        event: Event,
        questions: list[RegistrationQuestion],
        group: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        self.questions = questions
        self.fields["language"].initial = (get_language() or "pl")[:2]
        if group:
            self.fields["full_name"].label = _("Contact person")
            self.fields["email"].label = _("Contact e-mail address")
            self.fields["email"].help_text = _("Every ticket of the group is sent here.")
            del self.fields["gender"]
            del self.fields["region"]
        else:
            del self.fields["members"]
        for field_name in ("full_name", "email"):
            self.fields[field_name].required = True
        if group:
            self.fields["members"].required = True
        for question in questions:
            self.fields[f"q_{question.pk}"] = _question_field(question)
        for name in ("full_name",):
            self.fields[name].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{question.pk}"] for question in self.questions]

    def clean_members(self) -> list[Attendee]:
        raw = self.cleaned_data.get("members") or ""
        people: list[Attendee] = []
        problems: list[str] = []
        for number, line in enumerate(raw.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            name, _sep, email = (part.strip() for part in line.replace(";", ",").partition(","))
            if email:
                try:
                    validate_email(email)
                except forms.ValidationError:
                    problems.append(
                        str(_("Line %(line)d: “%(email)s” is not an e-mail address."))
                        % {"line": number, "email": email}
                    )
            if not name:
                problems.append(str(_("Line %(line)d: give the person's name.")) % {"line": number})
            people.append(Attendee(full_name=name, email=email))
        if problems:
            raise forms.ValidationError(problems)
        if self.group and not people:
            raise forms.ValidationError(_("Name at least one person."))
        return people

    def answers(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question.pk}")
            if value not in (None, "", []):
                result[str(question.pk)] = value
        return result

    def attendees(self) -> list[Attendee]:
        if self.group:
            return list(self.cleaned_data["members"])
        return [
            Attendee(
                full_name=self.cleaned_data["full_name"],
                email=self.cleaned_data["email"],
                gender=self.cleaned_data.get("gender", ""),
                region=self.cleaned_data.get("region", ""),
            )
        ]


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, e-mail or ticket code"), max_length=100, required=False)


class ScanForm(forms.Form):
    """A photo of a ticket (from the phone's camera, without any script), or a typed code."""

    image = forms.FileField(
        label=_("Photo of the QR code"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    code = forms.CharField(label=_("Ticket code"), max_length=300, required=False)


class FeedbackForm(forms.Form):
    feedback_instrument: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Feedback survey"),
        queryset=None,
        required=False,
        help_text=_("A survey made in Surveys; its results appear in this event's statistics."),
    )
    invite = forms.BooleanField(
        label=_("Invite the people checked in who have an account"),
        required=False,
        help_text=_("Each person is invited once, by e-mail, in their language."),
    )

    def __init__(self, *args: Any, choices: Any, can_invite: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["feedback_instrument"]).queryset = choices
        if not can_invite:
            del self.fields["invite"]
