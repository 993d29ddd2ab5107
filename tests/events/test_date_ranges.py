"""An event's dates against its edition, an agenda item's times against its event, the
registration window against the event: refused with a message on the field (in the reader's
language), the form showing again what was typed; the one rule lives in the models' clean()."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from sib.academy.models import AFTER_EDITION
from sib.events import services
from sib.events.forms import AgendaItemForm, EventForm
from sib.events.models import AgendaItem, Event
from tests.events.factories import AgendaItemFactory, EventFactory
from tests.factories import CoordinatorFactory, EditionFactory

pytestmark = pytest.mark.django_db

WARSAW = timezone.get_default_timezone()


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=WARSAW)


def form_data(form: Any) -> dict[str, Any]:
    """What the browser would send back for an unbound form showing `form.instance`."""
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            value = value.strftime("%Y-%m-%dT%H:%M")
        elif value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        data[bound.html_name] = value
    return data


@pytest.fixture
def edition():  # noqa: ANN201
    return EditionFactory(starts_on=dt.date(2027, 10, 1), ends_on=dt.date(2028, 6, 30))


@pytest.mark.parametrize("language", ["pl", "en"])
def test_an_event_far_from_its_edition_is_refused_on_its_field(client, edition, language) -> None:  # noqa: ANN001
    event = EventFactory(starts_at=at(2028, 3, 1, 9), ends_at=at(2028, 3, 1, 17), edition=edition)
    coordinator = CoordinatorFactory(preferred_language=language)
    client.force_login(coordinator)
    data = form_data(EventForm(instance=event))
    too_late = edition.ends_on + AFTER_EDITION + dt.timedelta(days=1)
    data["starts_at"] = f"{too_late.isoformat()}T09:00"
    data["ends_at"] = f"{too_late.isoformat()}T17:00"
    response = client.post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"starts_at", "ends_at"}
    with translation.override(language):
        assert date_format(edition.starts_on) in errors["starts_at"][0]
    assert f'value="{too_late.isoformat()}T09:00"' in response.content.decode()
    event.refresh_from_db()
    assert event.starts_at == at(2028, 3, 1, 9)


def test_an_event_shortly_after_its_edition_belongs_to_it(edition) -> None:  # noqa: ANN001
    """A showcase of the teams' projects months after the course is still the edition's."""
    event = EventFactory.build(
        starts_at=at(2028, 11, 7, 9), ends_at=at(2028, 11, 7, 18), edition=edition
    )
    event.clean()


def test_an_event_in_an_implausible_year_is_refused() -> None:
    event = EventFactory.build(starts_at=at(2999, 3, 1, 9), ends_at=at(2999, 3, 1, 17))
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert {"starts_at", "ends_at"} <= set(error.value.message_dict)


def test_registration_closing_after_the_event_is_refused() -> None:
    coordinator = CoordinatorFactory()
    event = EventFactory()
    with pytest.raises(ValidationError) as error:
        services.event_update(
            actor=coordinator,
            event=event,
            registration_closes_at=event.ends_at + dt.timedelta(hours=1),
        )
    assert set(error.value.message_dict) == {"registration_closes_at"}


def test_moving_an_event_away_from_its_agenda_is_refused() -> None:
    coordinator = CoordinatorFactory()
    event = EventFactory(starts_at=at(2027, 5, 10, 9), ends_at=at(2027, 5, 10, 17))
    AgendaItemFactory(event=event, starts_at=at(2027, 5, 10, 15), ends_at=at(2027, 5, 10, 16))
    with pytest.raises(ValidationError) as error:
        services.event_update(actor=coordinator, event=event, ends_at=at(2027, 5, 10, 12))
    assert set(error.value.message_dict) == {"ends_at"}


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        ("2027-05-09T15:00", "2027-05-09T16:00", "starts_at"),  # the day before
        ("2027-05-10T16:30", "2027-05-10T17:30", "ends_at"),  # runs past the end
    ],
)
def test_an_agenda_item_outside_its_event_is_refused_on_its_field(
    client, starts: str, ends: str, field: str
) -> None:  # noqa: ANN001
    event = EventFactory(starts_at=at(2027, 5, 10, 9), ends_at=at(2027, 5, 10, 17))
    client.force_login(CoordinatorFactory())
    data = form_data(AgendaItemForm(event=event, instance=AgendaItem(event=event, kind="lecture")))
    data.update({"title_pl": "Wykład", "starts_at": starts, "ends_at": ends})
    response = client.post(reverse("events:item-create", args=[event.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'value="{starts}"' in response.content.decode()
    assert not event.agenda.exists()
    data.update({"starts_at": "2027-05-10T15:00", "ends_at": "2027-05-10T16:00"})
    assert client.post(reverse("events:item-create", args=[event.pk]), data).status_code == 302
    assert event.agenda.count() == 1


def test_an_edited_agenda_item_is_checked_against_its_event() -> None:
    event = EventFactory(starts_at=at(2027, 5, 10, 9), ends_at=at(2027, 5, 10, 17))
    item = AgendaItemFactory(event=event)
    before = item.starts_at
    with pytest.raises(ValidationError) as error:
        services.agenda_item_save(
            actor=CoordinatorFactory(),
            event=event,
            item=item,
            starts_at=at(2027, 5, 11, 9),
            ends_at=at(2027, 5, 11, 10),
        )
    assert {"starts_at", "ends_at"} == set(error.value.message_dict)
    assert Event.objects.get(pk=event.pk).agenda.get().starts_at == before
