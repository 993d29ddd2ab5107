from __future__ import annotations

from collections.abc import MutableMapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sib.academy.models import (
    Application,
    ApplicationCall,
    Competence,
    Edition,
    Enrolment,
    Format,
    Group,
    LearningOutcome,
    Module,
    Programme,
    ProgrammeKind,
    Session,
    StaffRole,
)
from sib.academy.selectors import edition_seats, edition_staff_ids, staff_pool
from sib.accounts.forms import AddByEmailField, merge_added_people
from sib.accounts.models import User
from sib.core.forms import bounded_formfield, language_label
from sib.core.spreadsheets import ENCODINGS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} <{obj.email}>"


# --- the catalogue (coordinators) -----------------------------------------------------------------


def label_languages(form: forms.BaseForm) -> None:
    """Label a translated content field's two inputs "Title (Polish)" and "Title (English)", in
    the reader's language (modeltranslation's "[pl]" suffix is not words). ModelForms built with
    `bounded_formfield` are labelled already; this catches fields added or relabelled later."""
    for name, field in form.fields.items():
        label = str(field.label or "")
        if not label.endswith("]") or name[-3:] not in ("_pl", "_en"):
            continue
        field.label = language_label(label.rsplit(" [", 1)[0], name[-2:])


def _hours_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.DecimalField:
    """Hours typed by people, kept as minutes: 0–2,000 h in steps of a quarter of an hour."""
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=2000,
        decimal_places=2,
        initial=0,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )


def _hours_text(minutes: int) -> str:
    """80 for 4,800 minutes, 12.5 for 750: no trailing zeros, never an exponent."""
    return f"{(Decimal(minutes) / 60).quantize(Decimal('0.01')).normalize():f}"


def _minutes(hours: Any) -> int:
    return int(round((hours or 0) * 60))


class HoursFormMixin:
    """Form fields named `<x>_hours` edit the model's `<x>_minutes`."""

    hours_fields: tuple[str, ...] = ()
    # Provided by the ModelForm the mixin is combined with.
    instance: Any
    initial: MutableMapping[str, Any]
    cleaned_data: dict[str, Any]

    def _init_hours(self) -> None:
        instance = self.instance
        for name in self.hours_fields:
            minutes = getattr(instance, f"{name}_minutes", 0) or 0
            self.initial.setdefault(f"{name}_hours", _hours_text(minutes))

    def minutes(self) -> dict[str, int]:
        data = self.cleaned_data
        return {f"{name}_minutes": _minutes(data[f"{name}_hours"]) for name in self.hours_fields}


class ProgrammeForm(HoursFormMixin, forms.ModelForm):
    """A programme and its completion rule, in both languages."""

    hours_fields = ("min_total", "min_lecture", "min_workshop", "min_mentoring")
    min_total_hours = _hours_field(
        _("Hours attended overall, at least"),
        _("0 means no minimum. Late arrivals count only the minutes attended."),
    )
    min_lecture_hours = _hours_field(_("Lecture hours, at least"))
    min_workshop_hours = _hours_field(_("Workshop hours, at least"))
    min_mentoring_hours = _hours_field(_("Mentoring hours, at least"))

    class Meta:
        formfield_callback = bounded_formfield
        model = Programme
        fields = [
            "code",
            "kind",
            "title_pl",
            "title_en",
            "summary_pl",
            "summary_en",
            "audience_pl",
            "audience_en",
            "final_project_required",
            "pass_mark_percent",
        ]
        help_texts = {
            "code": _("A short identifier used in addresses and files, e.g. sib-full."),
            "title_en": _("Shown to people who read in English; the Polish title otherwise."),
        }

    rule_fields = (
        "min_total_hours",
        "min_lecture_hours",
        "min_workshop_hours",
        "min_mentoring_hours",
        "final_project_required",
        "pass_mark_percent",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_pl"].required = True
        label_languages(self)
        self._init_hours()
        # The completion rule last, under its own heading (see the template).
        order = [n for n in self.fields if n not in self.rule_fields] + list(self.rule_fields)
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        total = data.get("min_total_hours")
        parts: list[Any] = [
            data.get(f"min_{f}_hours") for f in ("lecture", "workshop", "mentoring")
        ]
        if total and all(p is not None for p in parts) and total < sum(parts):
            self.add_error(
                "min_total_hours",
                _(
                    "The hours overall cannot be fewer than the hours by format together "
                    "(%(sum)s h)."
                )
                % {"sum": f"{Decimal(sum(parts)).normalize():f}"},
            )
        return data

    def programme_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields.update(self.minutes())
        return fields

    def main_fields(self) -> list[Any]:
        return [self[n] for n in self.fields if n not in self.rule_fields]

    def rule_bound_fields(self) -> list[Any]:
        return [self[n] for n in self.rule_fields]


class CompetenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Competence) -> str:
        return f"{obj.code} — {obj.name}"


def _competences_field() -> CompetenceChoiceField:
    return CompetenceChoiceField(
        label=_("Competences"),
        required=False,
        queryset=Competence.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )


class ModuleForm(HoursFormMixin, forms.ModelForm):
    hours_fields = ("lecture", "workshop", "mentoring")
    lecture_hours = _hours_field(_("Lecture hours"))
    workshop_hours = _hours_field(_("Workshop hours"))
    mentoring_hours = _hours_field(_("Mentoring hours"))
    competences = _competences_field()

    class Meta:
        formfield_callback = bounded_formfield
        model = Module
        fields = [
            "code",
            "position",
            "title_pl",
            "title_en",
            "description_pl",
            "description_en",
        ]
        help_texts = {
            "code": _("Short, e.g. M1; unique within the programme."),
            "position": _("Order on the programme page; leave empty to add the module at the end."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_pl"].required = True
        self.fields["position"].required = False
        label_languages(self)
        self._init_hours()
        if self.instance.pk:
            self.initial["competences"] = list(self.instance.competences.all())

    def module_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields.update(self.minutes())
        return fields


class OutcomeForm(forms.ModelForm):
    competences = _competences_field()

    class Meta:
        formfield_callback = bounded_formfield
        model = LearningOutcome
        fields = ["position", "text_pl", "text_en"]
        widgets = {
            "text_pl": forms.Textarea(attrs={"rows": 3}),
            "text_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"position": _("Leave empty to add the outcome at the end.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text_pl"].required = True
        self.fields["position"].required = False
        label_languages(self)
        if self.instance.pk:
            self.initial["competences"] = list(self.instance.competences.all())

    def outcome_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CompetenceForm(forms.ModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Competence
        fields = ["code", "position", "name_pl", "name_en", "description_pl", "description_en"]
        help_texts = {"code": _("Short, e.g. C11; unique.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_pl"].required = True
        label_languages(self)

    def competence_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EditionForm(forms.ModelForm):
    """An edition and its staff. The people offered are the staff pool (`staff_pool`), never every
    account; anyone else is added by e-mail in the box under each list."""

    coordinators = PersonChoiceField(
        label=_("Coordinators"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    trainers = PersonChoiceField(
        label=_("Trainers"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or Cmd) to choose several people."),
    )
    trainers_add = AddByEmailField(
        label=_("Add trainers by e-mail"),
    )
    mentors = PersonChoiceField(
        label=_("Mentors"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or Cmd) to choose several people."),
    )
    mentors_add = AddByEmailField(
        label=_("Add mentors by e-mail"),
    )

    class Meta:
        model = Edition
        formfield_callback = bounded_formfield
        fields = [
            "programme",
            "code",
            "title_pl",
            "title_en",
            "description_pl",
            "description_en",
            "starts_on",
            "ends_on",
            "language",
            "delivery_mode",
            "place",
            "capacity",
            "target",
            "status",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        labels = {"programme": _("Programme")}
        help_texts = {
            "code": _("A short identifier used in addresses and files, e.g. pilot-2025."),
            "capacity": _("The most participants the edition can take."),
            "target": _("How many participants the funder expects (reported as target vs actual)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = Programme.objects.all()
        self.fields["title_pl"].required = True
        if self.instance.pk:
            self.fields["programme"].disabled = True
        current = edition_staff_ids(edition=self.instance)
        for role, name in (
            (StaffRole.COORDINATOR, "coordinators"),
            (StaffRole.TRAINER, "trainers"),
            (StaffRole.MENTOR, "mentors"),
        ):
            if self.instance.pk:
                self.initial[name] = current[role]
            cast(forms.ModelMultipleChoiceField, self.fields[name]).queryset = staff_pool(
                include=current[role], coordinators_only=role == StaffRole.COORDINATOR
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        merge_added_people(self, {"trainers": "trainers_add", "mentors": "mentors_add"})
        return data

    def edition_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "programme"}


class EnrolmentForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "If the person has no account yet, one is created and they can set a password "
            "with “Forgot password”."
        ),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("Needed only for a person without an account."),
    )
    language_track = forms.ChoiceField(label=_("Language track"), choices=settings.LANGUAGES)
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False)
    enrolled_on = forms.DateField(
        label=_("Enrolled on"), widget=DateInput(), initial=timezone.localdate
    )

    over_capacity = forms.BooleanField(
        label=_("Enrol beyond the capacity"),
        required=False,
        help_text=_("The edition is full: tick to enrol this person all the same."),
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = Group.objects.filter(
            edition=edition
        )
        # The choice to go beyond the capacity is offered only when the edition is full.
        self.seats = edition_seats(edition=edition)
        if not self.seats.full:
            del self.fields["over_capacity"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email = (data.get("email") or "").lower()
        data["user"] = User.objects.filter(email=email).first() if email else None
        if email and data["user"] is None and not data.get("full_name", "").strip():
            self.add_error("full_name", _("Give the full name of a person who has no account yet."))
        return data


class WithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Withdrawn on"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AssessmentForm(forms.Form):
    score = forms.DecimalField(
        label=_("Final project score (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
        help_text=_("Rubric result in per cent; leave empty when not yet assessed."),
    )


class SessionForm(forms.ModelForm):
    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https")

    class Meta:
        model = Session
        formfield_callback = bounded_formfield
        fields = [
            "module",
            "format",
            "group",
            "title_pl",
            "title_en",
            "starts_at",
            "duration_minutes",
            "leader",
            "room",
            "online_url",
        ]
        widgets = {"starts_at": DateTimeInput()}
        labels = {"module": _("Module")}

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["module"]).queryset = Module.objects.filter(
            programme_id=edition.programme_id
        )
        group = cast(forms.ModelChoiceField, self.fields["group"])
        group.queryset = Group.objects.filter(edition=edition)
        group.empty_label = _("The whole edition")
        cast(forms.ModelChoiceField, self.fields["leader"]).queryset = User.objects.filter(
            edition_roles__edition=edition
        ).distinct()
        cast(forms.ChoiceField, self.fields["format"]).choices = Format.choices


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    mentors = PersonChoiceField(label=_("Mentors"), queryset=User.objects.none(), required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Enrolment.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["mentors"]).queryset = User.objects.filter(
            edition_roles__edition=edition, edition_roles__role=StaffRole.MENTOR
        ).distinct()
        members = cast(forms.ModelMultipleChoiceField, self.fields["members"])
        members.queryset = Enrolment.objects.filter(edition=edition).select_related("user")
        members.label_from_instance = lambda enrolment: enrolment.user.full_name  # type: ignore[method-assign,assignment]  # Django allows a per-field label function


class CallForm(forms.ModelForm):
    class Meta:
        model = ApplicationCall
        formfield_callback = bounded_formfield
        fields = ["opens_at", "closes_at", "intro_pl", "intro_en", "published"]
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "intro_pl": forms.Textarea(attrs={"rows": 5}),
            "intro_en": forms.Textarea(attrs={"rows": 5}),
        }


class ApplicationForm(forms.ModelForm):
    """The public application form. Every field may stay empty in a draft; the service says what
    a submission needs. The profile fields explain why they are asked."""

    consent = forms.BooleanField(label=_("I agree to the text above."), required=False)
    consent_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Application
        formfield_callback = bounded_formfield
        fields = [
            "full_name",
            "email",
            "language",
            "language_track",
            "motivation",
            "background",
            "organisation_name",
            "sector",
            "voivodeship",
            "gender",
            "birth_year",
            "guardian_name",
            "guardian_email",
        ]
        labels = {
            "language": _("Language of our messages to you"),
            "language_track": _("Language you will follow the course in"),
            "motivation": _("Why do you want to take part?"),
            "background": _("Your experience so far"),
            "organisation_name": _("Organisation (optional)"),
            "sector": _("Sector (optional)"),
            "voivodeship": _("Voivodeship (optional)"),
            "gender": _("Gender (optional)"),
            "birth_year": _("Year of birth (optional)"),
        }
        help_texts = {
            "email": _(
                "We write to this address about your application, and keep your draft under it."
            ),
            "motivation": _(
                "What would you like to change where you live or work, and how would the course "
                "help? A few sentences are enough."
            ),
            "background": _(
                "Work, volunteering, projects with residents or institutions — anything that "
                "shows how you work with people."
            ),
            "organisation_name": _("Where you work or volunteer, if anywhere."),
            "sector": _(
                "The kind of organisation you work in. Used only in anonymous statistics of the "
                "programme's reports."
            ),
            "voivodeship": _(
                "Where you work. Helps us plan sessions near participants and report the "
                "programme's regional reach."
            ),
            "gender": _(
                "Used only in anonymous statistics: the programme reports how many women and men "
                "take part."
            ),
            "birth_year": _("Used only for the age breakdown in anonymous statistics."),
            "guardian_name": _(
                "Youth course, applicants under 16 only: your parent or guardian, who will be "
                "asked by e-mail to confirm their consent."
            ),
            "guardian_email": _("Youth course, applicants under 16 only."),
        }
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "background": forms.Textarea(attrs={"rows": 5}),
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1900}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args: Any, edition: Edition, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = False
        self.fields["email"].required = True
        if user is not None and user.is_authenticated:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("The address of your account.")
        if edition.language != "pl+en":
            self.fields["language_track"].widget = forms.HiddenInput()
        if edition.programme.kind != ProgrammeKind.YOUTH:
            del self.fields["guardian_name"], self.fields["guardian_email"]
        for name in ("sector", "voivodeship", "gender"):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = [
                ("", _("— not given —")),
                *cast("list[tuple[str, str]]", field.choices)[1:],
            ]

    def application_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name)
            for name in self.Meta.fields
            if name in self.cleaned_data and not self.fields[name].disabled
        }


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        help_text=_("1 = does not fit the course, 5 = an excellent fit."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Seen by the coordinators only."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_(
            "One participant per row. Columns, in Polish or English: e-mail (required), full name "
            "(or first and last name), language, group, voivodeship, sector, gender, year of "
            "birth, organisation."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    encoding = forms.ChoiceField(
        label=_("Text encoding (CSV)"),
        choices=ENCODINGS,
        initial="auto",
        required=False,
        help_text=_(
            "Usually recognised. If names come out wrong, choose how the file was saved: "
            "“CSV UTF-8” is UTF-8; older Excel on Windows writes Windows-1250."
        ),
    )
