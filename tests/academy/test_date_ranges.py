"""Dates have a sane range against their parent: a session within its edition, an edition in a
plausible year — refused with a message on the field, never stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sib.academy import services
from sib.academy.models import Session
from tests.factories import EditionFactory, ModuleFactory, UserFactory

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
