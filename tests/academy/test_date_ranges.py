"""Dates have a sane range against their parent: a session within its edition, an edition in a
plausible year — refused with a message on the field, never stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sib.academy import services
from sib.academy.models import ApplicationCall, Session
from tests.factories import EditionFactory, ModuleFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_session_outside_its_editions_dates_is_refused() -> None:
    edition = EditionFactory(starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 6, 30))
    module = ModuleFactory(programme=edition.programme)
    coordinator = UserFactory(is_staff=True)
    with pytest.raises(ValidationError) as error:
        services.session_create(
            actor=coordinator,
            edition=edition,
            module=module,
            format="lecture",
            starts_at=timezone.make_aware(dt.datetime(1999, 3, 1, 10)),
            duration_minutes=90,
        )
    assert "starts_at" in error.value.message_dict
    assert "2027-01-01" in error.value.message_dict["starts_at"][0]
    assert not Session.objects.exists()


def test_an_edition_in_an_implausible_year_is_refused() -> None:
    edition = EditionFactory.build(starts_on=dt.date(3020, 1, 1), ends_on=dt.date(3020, 2, 1))
    with pytest.raises(ValidationError) as error:
        edition.clean()
    assert "starts_on" in error.value.message_dict


def test_moving_an_edition_away_from_its_sessions_is_refused() -> None:
    edition = EditionFactory(starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 6, 30))
    SessionFactory(
        edition=edition,
        module=ModuleFactory(programme=edition.programme),
        starts_at=timezone.make_aware(dt.datetime(2027, 5, 20, 10)),
    )
    coordinator = UserFactory(is_staff=True)
    with pytest.raises(ValidationError) as error:
        services.edition_update(actor=coordinator, edition=edition, ends_on=dt.date(2027, 4, 30))
    assert set(error.value.message_dict) == {"ends_on"}
    edition.refresh_from_db()
    assert edition.ends_on == dt.date(2027, 6, 30)


def _call_post(client, edition, closes_at: str):  # noqa: ANN001, ANN202
    return client.post(
        reverse("academy:call-edit", args=[edition.pk]),
        {"opens_at": "2027-09-01T09:00", "closes_at": closes_at, "intro_pl": "Nabór"},
    )


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_call_closing_after_the_edition_starts_is_refused_on_its_field(client, language) -> None:  # noqa: ANN001
    edition = EditionFactory(starts_on=dt.date(2027, 10, 1), ends_on=dt.date(2028, 6, 30))
    client.force_login(UserFactory(is_staff=True, preferred_language=language))
    with translation.override(language):
        response = _call_post(client, edition, "2027-10-15T12:00")
        expected = _("Applications must close by the day the edition starts (%(starts)s).") % {
            "starts": date_format(edition.starts_on)
        }
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["closes_at"] == [expected]
    assert 'value="2027-10-15T12:00"' in response.content.decode()  # what was typed comes back
    assert not ApplicationCall.objects.exists()
    assert _call_post(client, edition, "2027-10-01T12:00").status_code == 302  # the first day


def test_a_call_in_an_implausible_year_is_refused() -> None:
    edition = EditionFactory(starts_on=dt.date(2027, 10, 1), ends_on=dt.date(2028, 6, 30))
    with pytest.raises(ValidationError) as error:
        services.call_save(
            actor=UserFactory(is_staff=True),
            edition=edition,
            opens_at=timezone.make_aware(dt.datetime(1027, 9, 1, 9)),
            closes_at=timezone.make_aware(dt.datetime(2027, 9, 20, 9)),
        )
    assert set(error.value.message_dict) == {"opens_at"}
