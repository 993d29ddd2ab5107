"""A survey's window against its edition: the baseline before the course and the evaluation after
it are the edition's, a window years away is a mistake — refused on the field, in the reader's
language, with what was typed shown again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from sib.academy.models import BEFORE_EDITION
from sib.surveys.models import Instrument
from tests.factories import CoordinatorFactory, EditionFactory
from tests.surveys.factories import InstrumentFactory

pytestmark = pytest.mark.django_db


def _post(client, template, edition, opens: str, closes: str, code: str):  # noqa: ANN001, ANN202
    return client.post(
        reverse("surveys:instrument-create"),
        {
            "template": template.pk,
            "edition": edition.pk,
            "code": code,
            "title_pl": "Ewaluacja",
            "anonymous": "on",
            "opens_at": opens,
            "closes_at": closes,
        },
    )


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_survey_window_far_from_its_edition_is_refused(client, language) -> None:  # noqa: ANN001
    edition = EditionFactory(starts_on=dt.date(2027, 10, 1), ends_on=dt.date(2028, 6, 30))
    template = InstrumentFactory(is_template=True, edition=None, sent_at=None)
    client.force_login(CoordinatorFactory(preferred_language=language))
    too_early = edition.starts_on - BEFORE_EDITION - dt.timedelta(days=1)
    opens = f"{too_early.isoformat()}T09:00"
    response = _post(client, template, edition, opens, "2027-09-30T23:00", "too-early")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"opens_at"}
    with translation.override(language):
        assert date_format(edition.starts_on) in errors["opens_at"][0]
    assert f'value="{opens}"' in response.content.decode()
    assert not Instrument.objects.filter(code="too-early").exists()
    # The baseline a week before the course starts belongs to the edition.
    response = _post(client, template, edition, "2027-09-24T09:00", "2027-09-30T23:00", "baseline")
    assert response.status_code == 302
    assert Instrument.objects.filter(code="baseline", edition=edition).exists()


def test_a_survey_in_an_implausible_year_is_refused() -> None:
    from django.core.exceptions import ValidationError

    instrument = InstrumentFactory.build(edition=None)
    instrument.closes_at = instrument.closes_at.replace(year=3020)
    with pytest.raises(ValidationError) as error:
        instrument.clean()
    assert set(error.value.message_dict) == {"closes_at"}
