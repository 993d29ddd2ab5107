from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sib.surveys import selectors
from sib.surveys.models import Instrument, ItemKind, Response, age_group_of
from sib.surveys.services import (
    OptionSpec,
    instrument_create,
    instrument_from_template,
    instrument_send,
    item_add,
    reminders_send,
    respondent_key,
    response_save,
    response_start,
)
from tests.factories import CoordinatorFactory, EnrolmentFactory, UserFactory
from tests.surveys.factories import answer, evaluation, invite

pytestmark = pytest.mark.django_db


def test_one_response_per_person_is_a_database_constraint() -> None:
    instrument, items = evaluation()
    person = UserFactory()
    invite(instrument, person)
    first = response_start(actor=person, instrument=instrument)
    assert response_start(actor=person, instrument=instrument).pk == first.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(instrument=instrument, respondent_key=first.respondent_key)
    assert Response.objects.filter(instrument=instrument).count() == 1


def test_anonymous_responses_do_not_store_the_person_named_ones_do() -> None:
    anonymous, items = evaluation(anonymous=True)
    named, named_items = evaluation(anonymous=False)
    person = UserFactory(gender="woman", birth_year=1990, voivodeship="malopolskie", sector="ngo")
    a = answer(anonymous, person, {items["S1"]: 5, items["S2"]: 4, items["U1"]: 3})
    n = answer(named, person, {named_items["S1"]: 5, named_items["S2"]: 4, named_items["U1"]: 3})
    assert a.respondent is None and a.respondent_key
    assert n.respondent == person
    assert (a.gender, a.voivodeship, a.sector) == ("woman", "malopolskie", "ngo")
    assert a.age_group == age_group_of(1990, timezone.localdate().year)


def test_a_half_finished_answer_is_kept_and_submitting_needs_required_items() -> None:
    instrument, items = evaluation()
    person = UserFactory()
    draft = answer(instrument, person, {items["S1"]: 4}, submit=False)
    assert draft.submitted_at is None
    form = selectors.answer_form(actor=person, instrument_id=instrument.pk)
    assert form.values == {items["S1"].pk: 4}
    with pytest.raises(ValidationError) as error:
        response_save(actor=person, instrument=instrument, answers={}, submit=True)
    assert set(error.value.message_dict) == {str(items["S2"].pk), str(items["U1"].pk)}
    done = response_save(
        actor=person,
        instrument=instrument,
        answers={items["S2"].pk: "5", items["U1"].pk: "3"},
        submit=True,
    )
    assert done.submitted_at is not None
    assert done.answers.count() == 3
    with pytest.raises(ValidationError):
        response_save(actor=person, instrument=instrument, answers={items["S1"].pk: 1})


@pytest.mark.parametrize("value", ["0", "6", "x", "4.5"])
def test_out_of_range_values_are_refused_and_nothing_is_saved(value: str) -> None:
    instrument, items = evaluation()
    person = UserFactory()
    invite(instrument, person)
    with pytest.raises(ValidationError) as error:
        response_save(
            actor=person, instrument=instrument, answers={items["S1"].pk: value, items["S2"].pk: 4}
        )
    assert str(items["S1"].pk) in error.value.message_dict
    assert not Response.objects.filter(instrument=instrument, answers__isnull=False).exists()


def test_only_invited_people_answer_and_only_while_open() -> None:
    instrument, items = evaluation()
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        response_start(actor=stranger, instrument=instrument)
    invited = UserFactory()
    invite(instrument, invited)
    instrument.closes_at = timezone.now() - dt.timedelta(minutes=1)
    instrument.opens_at = timezone.now() - dt.timedelta(days=2)
    instrument.save()
    with pytest.raises(PermissionDenied):
        response_start(actor=invited, instrument=instrument)


def test_choice_and_recommendation_items() -> None:
    coordinator = CoordinatorFactory()
    instrument, _items = evaluation()
    multiple = item_add(
        actor=coordinator,
        instrument=instrument,
        code="M1",
        kind=ItemKind.MULTIPLE,
        text_pl="Co?",
        options=[OptionSpec("a", "A"), OptionSpec("b", "B"), OptionSpec("c", "C")],
        required=False,
    )
    single = item_add(
        actor=coordinator,
        instrument=instrument,
        code="O1",
        kind=ItemKind.SINGLE,
        text_pl="Które?",
        options=[OptionSpec("x", "X"), OptionSpec("y", "Y")],
        required=False,
    )
    recommend = item_add(
        actor=coordinator,
        instrument=instrument,
        code="R1",
        kind=ItemKind.RECOMMEND,
        text_pl="0–10",
        required=False,
    )
    person = UserFactory()
    invite(instrument, person)
    with pytest.raises(ValidationError):
        response_save(actor=person, instrument=instrument, answers={single.pk: ["x", "y"]})
    with pytest.raises(ValidationError):
        response_save(actor=person, instrument=instrument, answers={multiple.pk: ["z"]})
    saved = response_save(
        actor=person,
        instrument=instrument,
        answers={multiple.pk: ["a", "c"], single.pk: "y", recommend.pk: "10"},
    )
    values = {a.item_id: (a.number, a.choices) for a in saved.answers.all()}
    assert values == {
        multiple.pk: (None, ["a", "c"]),
        single.pk: (None, ["y"]),
        recommend.pk: (10, []),
    }


def test_a_survey_from_a_template_copies_scales_items_and_options() -> None:
    coordinator = CoordinatorFactory()
    template = instrument_create(
        actor=coordinator, code="tpl", title_pl="Szablon", is_template=True, kind="evaluation"
    )
    from sib.surveys.services import scale_add

    scale = scale_add(actor=coordinator, instrument=template, code="S", title_pl="Struktura")
    item_add(
        actor=coordinator,
        instrument=template,
        code="S1",
        kind="agreement",
        text_pl="A",
        scale=scale,
    )
    item_add(
        actor=coordinator,
        instrument=template,
        code="O1",
        kind="single",
        text_pl="B",
        options=[OptionSpec("x", "X"), OptionSpec("y", "Y")],
    )
    enrolment = EnrolmentFactory()
    copy = instrument_from_template(
        actor=coordinator, template=template, code="copy", edition=enrolment.edition
    )
    assert copy.template == template and not copy.is_template
    assert list(copy.scales.values_list("code", flat=True)) == ["S"]
    assert [(i.code, i.scale.code if i.scale else None) for i in copy.items.all()] == [
        ("S1", "S"),
        ("O1", None),
    ]
    assert list(copy.items.get(code="O1").options.values_list("code", flat=True)) == ["x", "y"]
    with pytest.raises(PermissionDenied):
        instrument_from_template(actor=UserFactory(), template=template, code="nope")


def test_sending_twice_invites_and_mails_no_one_twice(django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    instrument, _items = evaluation(sent_at=None, opens_at=None)
    people = [UserFactory(preferred_language="pl"), UserFactory(preferred_language="en")]
    with django_capture_on_commit_callbacks(execute=True):
        assert instrument_send(actor=coordinator, instrument=instrument, users=people) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert instrument_send(actor=coordinator, instrument=instrument, users=people) == 0
    assert len(mail.outbox) == 2
    instrument.refresh_from_db()
    assert instrument.sent_at is not None and instrument.is_open()
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[people[1].email].startswith("[SIB] Please answer")
    assert subjects[people[0].email].startswith("[SIB] Prosimy o odpowiedź")


def test_reminders_are_sent_once_and_only_to_those_who_have_not_answered(
    django_capture_on_commit_callbacks,
) -> None:  # noqa: ANN001
    instrument, items = evaluation(opens_at=timezone.now() - dt.timedelta(days=5))
    answered, waiting, drafting = UserFactory(), UserFactory(), UserFactory()
    answer(instrument, answered, {items["S1"]: 5, items["S2"]: 5, items["U1"]: 5})
    invite(instrument, waiting)
    answer(instrument, drafting, {items["S1"]: 2}, submit=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([waiting.email, drafting.email])


def test_no_reminder_before_the_waiting_period_or_after_closing() -> None:
    fresh, _ = evaluation(opens_at=timezone.now() - dt.timedelta(hours=2))
    closed, _ = evaluation(
        opens_at=timezone.now() - dt.timedelta(days=10),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    invite(fresh, UserFactory())
    invite(closed, UserFactory())
    assert reminders_send() == 0
    assert reminders_send(instrument=fresh) == 1  # a coordinator's explicit reminder


def test_before_and_after_share_the_respondent_key() -> None:
    before = evaluation(kind="self_assessment", phase="before", anonymous=False)[0]
    after = evaluation(kind="self_assessment", phase="after", baseline=before, anonymous=False)[0]
    other = evaluation()[0]
    person = UserFactory()
    assert respondent_key(instrument=before, user=person) == respondent_key(
        instrument=after, user=person
    )
    assert respondent_key(instrument=other, user=person) != respondent_key(
        instrument=before, user=person
    )


def test_a_self_assessment_pair_cannot_be_anonymous() -> None:
    with pytest.raises(ValidationError):
        instrument_create(
            actor=CoordinatorFactory(),
            code="sa",
            title_pl="S",
            kind="self_assessment",
            phase="before",
            anonymous=True,
        )
    assert not Instrument.objects.filter(code="sa").exists()


def test_the_reminder_command_is_idempotent(django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    import io

    from django.core.management import call_command

    instrument, _items = evaluation(opens_at=timezone.now() - dt.timedelta(days=4))
    invite(instrument, UserFactory())
    first, second = io.StringIO(), io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("survey_reminders", stdout=first)
        call_command("survey_reminders", stdout=second)
    assert first.getvalue().startswith("1 ") and second.getvalue().startswith("0 ")
    assert len(mail.outbox) == 1
