"""The audit trail staff can search: who, what, when, from which address; profile changes and
exports are recorded; the page is paginated with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sib.core.audit import audit_record
from sib.core.models import AuditEntry
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_profile_change_is_recorded_with_the_address_and_without_the_values(client) -> None:  # noqa: ANN001
    person = UserFactory(full_name="Ola Zmienna")
    client.force_login(person)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Ola Nowa", "birth_year": "1990"},
        REMOTE_ADDR="198.51.100.4",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="profile.update")
    assert entry.actor == person and entry.ip_address == "198.51.100.4"
    assert entry.data == {"fields": ["birth_year", "full_name"]}
    assert "Ola Nowa" not in str(entry.data) and entry.request_id


def _entries(n: int, actor, ip: str = "203.0.113.5") -> None:  # noqa: ANN001
    for _ in range(n):
        entry = audit_record(actor=actor, action="application.review", obj=actor)
        AuditEntry.objects.filter(pk=entry.pk).update(ip_address=ip)


def _page(client, **params) -> tuple[str, int]:  # noqa: ANN001, ANN003
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("audit-trail"), params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_coordinators_filter_by_person_action_dates_and_address(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory(full_name="Kasia Koordynatorka")
    someone = UserFactory(full_name="Piotr Inny")
    _entries(2, someone, ip="203.0.113.5")
    audit_record(actor=coordinator, action="person.export", obj=someone)
    old = audit_record(actor=coordinator, action="person.erase", obj=someone)
    AuditEntry.objects.filter(pk=old.pk).update(
        at=timezone.now() - dt.timedelta(days=40), ip_address="2001:db8::1"
    )
    client.force_login(coordinator)
    html, _ = _page(client, action="application")
    assert "2 entries" in html and "<code>person.export" not in html
    html, _ = _page(client, person="Piotr")  # what he did and what was done to his record
    assert "4 entries" in html
    html, _ = _page(client, ip="203.0.113.")
    assert "2 entries" in html
    html, _ = _page(client, ip="2001:db8::1")
    assert "1 entry" in html and "<code>person.erase" in html
    today = timezone.localdate()
    html, _ = _page(client, date_from=str(today - dt.timedelta(days=1)), date_to=str(today))
    assert "3 entries" in html


def test_the_page_costs_the_same_queries_with_few_and_many_entries(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    _entries(1, UserFactory())
    _, few = _page(client, person="Person")
    people = [UserFactory() for _ in range(5)]
    for person in people:
        _entries(12, person)
    html, many = _page(client, person="Person")
    assert few == many
    assert "Page 1 of 2" in html
    html, _ = _page(client, person="Person", page="2")
    assert "Page 2 of 2" in html


def test_others_may_not_see_the_audit_trail(client) -> None:  # noqa: ANN001
    client.force_login(UserFactory())
    assert client.get(reverse("audit-trail")).status_code == 403


def test_a_password_change_is_recorded(client) -> None:  # noqa: ANN001
    from tests.factories import PASSWORD

    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "An0ther-long-secret!",
            "password2": "An0ther-long-secret!",
        },
        REMOTE_ADDR="192.0.2.8",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="account.password_change")
    assert entry.object_id == str(person.pk) and entry.ip_address == "192.0.2.8"
