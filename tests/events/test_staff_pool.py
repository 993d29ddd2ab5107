"""The event form offers the staff pool as organisers and door staff, not every account (issue
16); anyone else is added by e-mail, an unknown address is refused on its field in the reader's
language and the form shows again what was typed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sib.academy.models import StaffRole
from sib.events.forms import EventForm
from sib.events.models import EventRole, EventStaff
from tests.events.factories import EventFactory, EventStaffFactory
from tests.events.test_date_ranges import form_data
from tests.factories import CoordinatorFactory, EditionStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def offered(form: EventForm, name: str) -> set[int]:
    return set(form.fields[name].queryset.values_list("pk", flat=True))  # type: ignore[attr-defined]


def staff_of(event, role: str) -> set[int]:  # noqa: ANN001
    return set(EventStaff.objects.filter(event=event, role=role).values_list("user_id", flat=True))


def test_the_pool_is_staff_and_event_people_only() -> None:
    event = EventFactory()
    door_elsewhere = EventStaffFactory(role=EventRole.CHECK_IN).user
    trainer = EditionStaffFactory(role=StaffRole.TRAINER).user
    coordinator = CoordinatorFactory()
    plain = {user.pk for user in UserFactory.create_batch(5)}
    form = EventForm(instance=event)
    for name in ("organisers", "checkin_staff"):
        choices = offered(form, name)
        assert {door_elsewhere.pk, trainer.pk, coordinator.pk} <= choices
        assert not choices & plain


@pytest.mark.parametrize("url_name", ["events:create", "events:edit"])
def test_the_form_page_does_not_grow_with_accounts(client, url_name: str) -> None:  # noqa: ANN001
    event = EventFactory()
    EventStaffFactory(event=event)
    client.force_login(CoordinatorFactory())
    url = reverse(url_name, args=[event.pk] if url_name == "events:edit" else [])

    def measure() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    before, _ = measure()
    plain = UserFactory.create_batch(200)
    after, page = measure()
    assert after == before <= 20
    assert plain[0].email not in page and plain[-1].email not in page


def test_add_by_email_assigns_organisers_and_door_staff(client) -> None:  # noqa: ANN001
    event = EventFactory()
    organiser = EventStaffFactory(event=event).user
    newcomer, door = UserFactory(), UserFactory()
    client.force_login(CoordinatorFactory())
    data = form_data(EventForm(instance=event, initial={"organisers": [organiser]}))
    data["organisers_add"] = newcomer.email
    data["checkin_staff_add"] = f"{door.email}\n{newcomer.email.upper()}"
    response = client.post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert staff_of(event, EventRole.ORGANISER) == {organiser.pk, newcomer.pk}
    assert staff_of(event, EventRole.CHECK_IN) == {door.pk, newcomer.pk}


def test_a_new_event_takes_people_by_email(client) -> None:  # noqa: ANN001
    newcomer = UserFactory()
    client.force_login(CoordinatorFactory())
    data = form_data(EventForm(instance=EventFactory.build()))
    data["organisers_add"] = newcomer.email
    response = client.post(reverse("events:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    event = EventStaff.objects.get(user=newcomer).event
    assert staff_of(event, EventRole.ORGANISER) == {newcomer.pk}


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "No account has this address"), ("pl", "Żadne konto nie ma tego adresu")],
)
def test_an_unknown_address_is_refused_and_nothing_typed_is_lost(
    client,
    language: str,
    words: str,  # noqa: ANN001
) -> None:
    event = EventFactory()
    client.force_login(CoordinatorFactory(preferred_language=language))
    data = form_data(EventForm(instance=event))
    data["title_pl"] = "Nowa nazwa"
    data["checkin_staff_add"] = "nobody@example.org"
    response = client.post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"checkin_staff_add"}
    assert words in errors["checkin_staff_add"][0]
    content = response.content.decode()
    assert "nobody@example.org</textarea>" in content and 'value="Nowa nazwa"' in content
    assert not EventStaff.objects.filter(event=event).exists()
