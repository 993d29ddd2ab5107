"""Every write in surveys: instruments from templates, sending, reminders, answering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from sib.academy.models import Edition, Enrolment
from sib.academy.selectors import edition_progress
from sib.accounts.models import User
from sib.core import mail
from sib.core.audit import audit_record
from sib.surveys import policies
from sib.surveys.models import (
    CHOICE_KINDS,
    NUMERIC_KINDS,
    Answer,
    Instrument,
    Invitation,
    Item,
    ItemKind,
    Option,
    Response,
    Scale,
    age_group_of,
)

KEY_SALT = "sib.surveys.respondent"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def respondent_key(*, instrument: Instrument, user: Any) -> str:
    """A keyed hash of the person, the same for the before and after of a self-assessment.

    It lets the database enforce one response per person and pair before/after answers without
    storing who answered an anonymous survey.
    """
    return salted_hmac(KEY_SALT, f"{instrument.series_id}:{user.pk}").hexdigest()


# --- building instruments ---------------------------------------------------------------------

INSTRUMENT_FIELDS = (
    "kind",
    "code",
    "title_pl",
    "title_en",
    "description_pl",
    "description_en",
    "is_template",
    "edition",
    "phase",
    "baseline",
    "anonymous",
    "opens_at",
    "closes_at",
)


@transaction.atomic
def instrument_create(*, actor: Any, **fields: Any) -> Instrument:
    _require(policies.can_manage_surveys(actor))
    unknown = set(fields) - set(INSTRUMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not instrument fields: {sorted(unknown)}")
    instrument = Instrument(created_by=actor if actor.is_authenticated else None, **fields)
    instrument.full_clean()
    instrument.save()
    audit_record(actor=actor, action="survey.create", obj=instrument)
    return instrument


@transaction.atomic
def instrument_update(*, actor: Any, instrument: Instrument, **fields: Any) -> Instrument:
    _require(policies.can_manage_surveys(actor))
    for name, value in fields.items():
        if name not in INSTRUMENT_FIELDS or name in {"is_template", "kind"}:
            raise ValueError(f"{name} cannot be changed")
        setattr(instrument, name, value)
    instrument.full_clean()
    instrument.save()
    audit_record(actor=actor, action="survey.update", obj=instrument, fields=sorted(fields))
    return instrument


@transaction.atomic
def scale_add(
    *, actor: Any, instrument: Instrument, code: str, title_pl: str, title_en: str = ""
) -> Scale:
    _require(policies.can_manage_surveys(actor))
    _require_unanswered(instrument)
    scale = Scale(
        instrument=instrument,
        code=code,
        title_pl=title_pl,
        title_en=title_en or None,
        position=instrument.scales.count() + 1,
    )
    scale.full_clean()
    scale.save()
    return scale


@dataclass(frozen=True)
class OptionSpec:
    code: str
    label_pl: str
    label_en: str = ""


@transaction.atomic
def item_add(
    *,
    actor: Any,
    instrument: Instrument,
    code: str,
    kind: str,
    text_pl: str,
    text_en: str = "",
    scale: Scale | None = None,
    required: bool = True,
    options: Sequence[OptionSpec] = (),
    help_text_pl: str = "",
    help_text_en: str = "",
) -> Item:
    _require(policies.can_manage_surveys(actor))
    _require_unanswered(instrument)
    if instrument.items.filter(code=code).exists():
        raise ValidationError({"code": _("Another question of this survey has this code.")})
    if kind in CHOICE_KINDS and len(options) < 2:
        raise ValidationError({"options": _("A choice question needs at least two options.")})
    if kind not in CHOICE_KINDS and options:
        raise ValidationError({"options": _("Only choice questions have options.")})
    item = Item(
        instrument=instrument,
        code=code,
        kind=kind,
        text_pl=text_pl,
        text_en=text_en or None,
        scale=scale,
        required=required,
        help_text_pl=help_text_pl,
        help_text_en=help_text_en or None,
        position=instrument.items.count() + 1,
    )
    item.full_clean()
    item.save()
    for position, spec in enumerate(options, 1):
        option = Option(
            item=item,
            position=position,
            code=spec.code,
            label_pl=spec.label_pl,
            label_en=spec.label_en or None,
        )
        option.full_clean()
        option.save()
    audit_record(actor=actor, action="survey.item_add", obj=item)
    return item


@transaction.atomic
def template_save(*, actor: Any, template: Instrument | None = None, **fields: Any) -> Instrument:
    """Create a reusable template or change its title, introduction and anonymity (coordinators).
    Surveys already made from it keep their own copy."""
    if template is None:
        return instrument_create(actor=actor, is_template=True, **fields)
    if not template.is_template:
        raise ValueError("Not a template")
    fields.pop("kind", None)
    return instrument_update(actor=actor, instrument=template, **fields)


ITEM_EDITABLE = ("text_pl", "text_en", "help_text_pl", "help_text_en", "scale", "required")


@transaction.atomic
def item_update(*, actor: Any, item: Item, **fields: Any) -> Item:
    """Change a question's wording, explanation, scale or whether it is required (not its code,
    kind or options, which answers refer to). Only before anyone answers."""
    _require(policies.can_manage_surveys(actor))
    _require_unanswered(item.instrument)
    for name, value in fields.items():
        if name not in ITEM_EDITABLE:
            raise ValueError(f"{name} cannot be changed")
        if name.endswith("_en") and not value:
            value = None
        setattr(item, name, value)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="survey.item_update", obj=item, fields=sorted(fields))
    return item


def _require_unanswered(instrument: Instrument) -> None:
    if instrument.responses.exists():
        raise ValidationError(
            _("People have started answering: the questions can no longer change.")
        )


@transaction.atomic
def instrument_from_template(
    *, actor: Any, template: Instrument, code: str, **fields: Any
) -> Instrument:
    """A new survey with a copy of the template's scales, items and options."""
    _require(policies.can_manage_surveys(actor))
    if not template.is_template:
        raise ValidationError({"template": _("Choose a reusable template.")})
    values: dict[str, Any] = {
        "kind": template.kind,
        "title_pl": template.title_pl,
        "title_en": template.title_en,
        "description_pl": template.description_pl,
        "description_en": template.description_en,
        "anonymous": template.anonymous,
        "phase": template.phase,
    }
    values.update(fields)
    instrument = instrument_create(actor=actor, code=code, **values)
    instrument.template = template
    instrument.save(update_fields=["template"])
    scales: dict[int | None, Scale] = {}
    for scale in template.scales.all():
        scales[scale.pk] = Scale.objects.create(
            instrument=instrument,
            code=scale.code,
            position=scale.position,
            title_pl=scale.title_pl,
            title_en=scale.title_en,
        )
    for item in template.items.prefetch_related("options"):
        copy = Item.objects.create(
            instrument=instrument,
            scale=scales.get(item.scale_id),
            position=item.position,
            code=item.code,
            kind=item.kind,
            text_pl=item.text_pl,
            text_en=item.text_en,
            help_text_pl=item.help_text_pl,
            help_text_en=item.help_text_en,
            required=item.required,
        )
        Option.objects.bulk_create(
            [
                Option(
                    item=copy,
                    position=option.position,
                    code=option.code,
                    label_pl=option.label_pl,
                    label_en=option.label_en,
                )
                for option in item.options.all()
            ]
        )
    audit_record(actor=actor, action="survey.from_template", obj=instrument, template=template.pk)
    return instrument


# --- sending and reminding ----------------------------------------------------------------------


def edition_recipients(*, actor: Any, edition: Edition, statuses: Iterable[str]) -> list[User]:
    """The edition's participants whose computed completion status is one of `statuses`."""
    wanted = set(statuses)
    return [
        row.user for row in edition_progress(actor=actor, edition=edition) if row.status in wanted
    ]


def _notify(user: User, template: str, instrument: Instrument) -> None:
    """Put an invitation or a reminder in the outbox (in the caller's transaction): once per
    person, survey and kind, rendered in the person's language when the worker sends it."""
    mail.enqueue(
        key=f"surveys.{template}:{instrument.pk}:{user.pk}",
        purpose=f"surveys.{template}",
        to=[user.email],
        renderer="sib.surveys.services.render_notification",
        params={"user_id": user.pk, "instrument_id": instrument.pk, "template": template},
        language=user.preferred_language or settings.LANGUAGE_CODE,
        obj=instrument,
    )


def render_notification(*, user_id: int, instrument_id: int, template: str) -> EmailMessage:
    """The outbox's renderer of a survey invitation or reminder."""
    user = User.objects.get(pk=user_id)
    instrument = Instrument.objects.get(pk=instrument_id)
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "instrument": instrument,
            "url": f"{settings.SIB_BASE_URL}/surveys/{instrument.pk}/answer/",
            "closes_at": instrument.closes_at,
        }
        subject = render_to_string(f"surveys/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"surveys/email/{template}.txt", context)
    return EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


@transaction.atomic
def instrument_send(
    *,
    actor: Any,
    instrument: Instrument,
    users: Iterable[User] = (),
    source: str = "list",
    notify: bool = True,
    now: dt.datetime | None = None,
) -> int:
    """Invite people; those already invited are skipped, so sending twice e-mails no one twice.

    Returns how many people were newly invited. For an edition's participants pass the result of
    `edition_recipients`; an app with its own audience (an event) passes its list and its label.
    """
    _require(policies.can_manage_surveys(actor))
    if instrument.is_template:
        raise ValidationError(_("A template is not sent; make a survey from it first."))
    people = {user.pk: user for user in users}
    if not people and not instrument.invitations.exists():
        raise ValidationError(_("Choose at least one person to send the survey to."))
    already = set(
        Invitation.objects.filter(instrument=instrument, user_id__in=people).values_list(
            "user_id", flat=True
        )
    )
    new = [user for pk, user in people.items() if pk not in already]
    now = now or timezone.now()
    Invitation.objects.bulk_create(
        [
            Invitation(instrument=instrument, user=user, source=source, invited_at=now)
            for user in new
        ]
    )
    if instrument.sent_at is None:
        instrument.sent_at = now
        if instrument.opens_at is None:
            instrument.opens_at = now
        instrument.save(update_fields=["sent_at", "opens_at", "updated_at"])
    if notify:
        for user in new:
            _notify(user, "invitation", instrument)
    audit_record(actor=actor, action="survey.send", obj=instrument, invited=len(new), source=source)
    return len(new)


def reminders_send(*, instrument: Instrument | None = None, now: dt.datetime | None = None) -> int:
    """Remind each invited person who has not submitted, once, while the survey is open.

    Idempotent across runs and processes: an invitation is claimed by an UPDATE that only succeeds
    while `reminded_at` is empty, and only a successful claim sends the e-mail.
    """
    now = now or timezone.now()
    after = dt.timedelta(days=settings.SIB_SURVEY_REMINDER_AFTER_DAYS)
    instruments = Instrument.objects.filter(is_template=False, sent_at__isnull=False)
    if instrument is not None:
        instruments = instruments.filter(pk=instrument.pk)
    sent = 0
    for survey in instruments.exclude(closes_at__lte=now).exclude(opens_at__gt=now):
        if instrument is None and survey.opens_at and now - survey.opens_at < after:
            continue
        pending = Invitation.objects.filter(
            instrument=survey, responded=False, reminded_at__isnull=True
        ).select_related("user")
        for invitation in pending:
            with transaction.atomic():  # the claim and its message land together
                claimed = Invitation.objects.filter(
                    pk=invitation.pk, reminded_at__isnull=True, responded=False
                ).update(reminded_at=now)
                if claimed:
                    _notify(invitation.user, "reminder", survey)
                    sent += 1
    return sent


# --- answering ----------------------------------------------------------------------------------------


def _segments(user: User, instrument: Instrument, year: int) -> dict[str, str]:
    track = ""
    if instrument.edition_id:
        track = (
            Enrolment.objects.filter(edition_id=instrument.edition_id, user=user)
            .values_list("language_track", flat=True)
            .first()
            or ""
        )
    return {
        "language_track": track or user.preferred_language or "",
        "gender": user.gender,
        "age_group": age_group_of(user.birth_year, year),
        "voivodeship": user.voivodeship,
        "sector": user.sector,
    }


def response_for(*, actor: Any, instrument: Instrument) -> Response | None:
    """The person's response (draft or submitted), if they started one."""
    return Response.objects.filter(
        instrument=instrument, respondent_key=respondent_key(instrument=instrument, user=actor)
    ).first()


def response_start(
    *, actor: Any, instrument: Instrument, now: dt.datetime | None = None
) -> Response:
    """Get or create the person's one response. A concurrent duplicate loses to the constraint.

    `now` lets answers collected on paper be entered as of the day they were given."""
    _require(policies.can_answer(actor, instrument, now))
    key = respondent_key(instrument=instrument, user=actor)
    existing = Response.objects.filter(instrument=instrument, respondent_key=key).first()
    if existing is not None:
        return existing
    response = Response(
        instrument=instrument,
        respondent=None if instrument.anonymous else actor,
        respondent_key=key,
        language=translation.get_language()[:2] if translation.get_language() else "",
        **_segments(
            actor, instrument, timezone.localtime(now).year if now else timezone.localdate().year
        ),
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        return Response.objects.get(instrument=instrument, respondent_key=key)
    return response


@dataclass
class ParsedAnswer:
    number: int | None = None
    choices: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self.number is None and not self.choices and not self.text.strip()


def parse_answer(item: Item, raw: Any) -> ParsedAnswer:
    """Turn what was typed or chosen into a value; raises ValidationError naming the problem."""
    if item.kind in NUMERIC_KINDS:
        if raw in (None, "", []):
            return ParsedAnswer()
        try:
            number = int(raw)
        except (TypeError, ValueError) as error:
            raise ValidationError(_("Choose one of the values shown.")) from error
        low, high = item.value_range or (0, 10)
        if not low <= number <= high:
            raise ValidationError(
                _("Choose a value from %(low)d to %(high)d.") % {"low": low, "high": high}
            )
        return ParsedAnswer(number=number)
    if item.kind in CHOICE_KINDS:
        values = [raw] if isinstance(raw, str) else list(raw or [])
        values = [value for value in values if value]
        codes = {option.code for option in item.options.all()}
        if any(value not in codes for value in values):
            raise ValidationError(_("Choose from the options shown."))
        if item.kind == ItemKind.SINGLE and len(values) > 1:
            raise ValidationError(_("Choose one option."))
        return ParsedAnswer(choices=values)
    text = str(raw or "").strip()
    if len(text) > 5000:
        raise ValidationError(_("Keep the answer under 5,000 characters."))
    return ParsedAnswer(text=text)


@transaction.atomic
def response_save(
    *,
    actor: Any,
    instrument: Instrument,
    answers: Mapping[int, Any],
    submit: bool = False,
    now: dt.datetime | None = None,
) -> Response:
    """Save answers (a draft keeps what is there so far); submitting requires every required item.

    On a problem nothing is saved and the ValidationError names each item by its id.
    """
    response = response_start(actor=actor, instrument=instrument, now=now)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.is_submitted:
        raise ValidationError(_("You have already submitted this survey. Thank you!"))
    items = list(instrument.items.prefetch_related("options"))
    errors: dict[str, list[str]] = {}
    parsed: dict[int, ParsedAnswer] = {}
    for item in items:
        if item.pk not in answers:
            continue
        try:
            parsed[item.pk] = parse_answer(item, answers[item.pk])
        except ValidationError as error:
            errors[str(item.pk)] = error.messages
    existing = {answer.item_id: answer for answer in response.answers.all()}
    if submit:
        for item in items:
            value = parsed.get(item.pk)
            have = value is not None and not value.is_empty
            if value is None and item.pk in existing:
                have = True
            if item.required and not have and str(item.pk) not in errors:
                errors[str(item.pk)] = [_("Answer this question.")]
    if errors:
        raise ValidationError(errors)
    for item_id, value in parsed.items():
        answer = existing.get(item_id)
        if value.is_empty:
            if answer is not None:
                answer.delete()
            continue
        if answer is None:
            answer = Answer(response=response, item_id=item_id)
        answer.number, answer.choices, answer.text = value.number, value.choices, value.text
        answer.save()
    if submit:
        response.submitted_at = now or timezone.now()
        Invitation.objects.filter(instrument=instrument, user=actor).update(responded=True)
        audit_record(actor=None, action="survey.submit", obj=instrument)
    response.save()
    return response
