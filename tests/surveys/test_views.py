from __future__ import annotations

import pytest
from django.urls import reverse

from sib.academy.models import StaffRole
from sib.surveys.models import Response
from tests.factories import CoordinatorFactory, EditionStaffFactory, UserFactory
from tests.surveys.factories import answer, evaluation, invite

pytestmark = pytest.mark.django_db


def test_answering_page_saves_a_draft_then_submits(client) -> None:  # noqa: ANN001
    instrument, items = evaluation()
    person = UserFactory(preferred_language="pl")
    invite(instrument, person)
    client.force_login(person)
    url = reverse("surveys:answer", args=[instrument.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'lang="pl"' in page.content.decode()
    client.post(url, {f"item-{items['S1'].pk}": "4", "action": "save"})
    assert Response.objects.get(instrument=instrument).submitted_at is None
    assert 'value="4" checked' in client.get(url).content.decode()
    missing = client.post(url, {"action": "submit"})
    assert missing.status_code == 422
    assert "Odpowiedz na to pytanie." in missing.content.decode()
    done = client.post(
        url,
        {f"item-{items['S2'].pk}": "5", f"item-{items['U1'].pk}": "3", "action": "submit"},
    )
    assert done.status_code == 302
    assert Response.objects.get(instrument=instrument).submitted_at is not None


def test_autosave_keeps_the_answer(client) -> None:  # noqa: ANN001
    instrument, items = evaluation()
    person = UserFactory()
    invite(instrument, person)
    client.force_login(person)
    response = client.post(
        reverse("surveys:answer-save", args=[instrument.pk]), {f"item-{items['S1'].pk}": "2"}
    )
    assert response.status_code == 200
    assert Response.objects.get(instrument=instrument).answers.get().number == 2


def test_people_not_invited_get_404(client) -> None:  # noqa: ANN001
    instrument, _items = evaluation()
    client.force_login(UserFactory())
    assert client.get(reverse("surveys:answer", args=[instrument.pk])).status_code == 404
    assert client.get(reverse("surveys:instrument-detail", args=[instrument.pk])).status_code == 404


def test_results_page_for_coordinators_and_the_editions_staff(client) -> None:  # noqa: ANN001
    instrument, items = evaluation()
    answer(instrument, UserFactory(), {items["S1"]: 5, items["S2"]: 4, items["U1"]: 3})
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("surveys:instrument-detail", args=[instrument.pk]) + "?by=sector")
    assert page.status_code == 200
    assert "svg" in page.content.decode()
    staff = EditionStaffFactory(edition=instrument.edition, role=StaffRole.TRAINER)
    client.force_login(staff.user)
    assert client.get(reverse("surveys:instrument-detail", args=[instrument.pk])).status_code == 200
    # staff see results but may not send
    sent = client.post(
        reverse("surveys:instrument-send", args=[instrument.pk]), {"audience": "finished"}
    )
    assert sent.status_code == 403


@pytest.mark.parametrize("count", [1, 25])
def test_survey_list_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
) -> None:  # noqa: ANN001
    for _ in range(count):
        evaluation()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    with django_assert_num_queries(5):  # a person's roles: one query (sib.core.roles)
        assert client.get(reverse("surveys:instrument-list")).status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_my_surveys_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
) -> None:  # noqa: ANN001
    person = UserFactory()
    for _ in range(count):
        invite(evaluation()[0], person)
    client.force_login(person)
    with django_assert_num_queries(5):  # a person's roles: one query (sib.core.roles)
        assert client.get(reverse("surveys:my-surveys")).status_code == 200


def test_comparison_between_editions(client) -> None:  # noqa: ANN001
    first, items = evaluation()
    second, items2 = evaluation()
    answer(first, UserFactory(), {items["S1"]: 5, items["S2"]: 5, items["U1"]: 5})
    answer(second, UserFactory(), {items2["S1"]: 3, items2["S2"]: 3, items2["U1"]: 4})
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("surveys:comparison")).content.decode()
    assert "5.00" in page and "3.00" in page and "3.33" in page
