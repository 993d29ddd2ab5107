"""The edition form offers the staff pool, not every account (issue 16): plain accounts are not
choices and the page's queries stay flat with them; anyone else is added by e-mail, an unknown
address is refused on its field in the reader's language and nothing typed is lost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sib.academy.forms import EditionForm
from sib.academy.models import EditionStaff, StaffRole
from sib.accounts.models import User
from tests.factories import CoordinatorFactory, EditionFactory, EditionStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def edition_post(edition, **extra: str) -> dict[str, str]:  # noqa: ANN001
    data = {
        "code": edition.code,
        "title_pl": edition.title_pl,
        "starts_on": edition.starts_on.isoformat(),
        "ends_on": edition.ends_on.isoformat(),
        "language": edition.language,
        "delivery_mode": edition.delivery_mode,
        "capacity": str(edition.capacity or 30),
        "target": str(edition.target or 0),
        "status": edition.status,
    }
    data.update(extra)
    return data


def choice_ids(form: EditionForm, name: str) -> set[int]:
    return set(form.fields[name].queryset.values_list("pk", flat=True))  # type: ignore[attr-defined]


def test_plain_accounts_are_not_choices_and_the_pool_is(client) -> None:  # noqa: ANN001
    edition = EditionFactory()
    trainer_elsewhere = EditionStaffFactory(role=StaffRole.TRAINER).user
    inactive_here = EditionStaffFactory(edition=edition, role=StaffRole.MENTOR).user
    User.objects.filter(pk=inactive_here.pk).update(is_active=False)
    coordinator = CoordinatorFactory()
    plain = UserFactory.create_batch(5)
    form = EditionForm(instance=edition)
    for name in ("trainers", "mentors"):
        offered = choice_ids(form, name)
        assert trainer_elsewhere.pk in offered and coordinator.pk in offered
        assert not offered & {user.pk for user in plain}
    # Someone assigned here stays offered (and chosen), so saving never drops them silently.
    assert inactive_here.pk in choice_ids(form, "mentors")
    assert form.initial["mentors"] == [inactive_here.pk]
    assert choice_ids(form, "coordinators") == {coordinator.pk}


@pytest.mark.parametrize("url_name", ["academy:edition-create", "academy:edition-update"])
def test_the_form_page_does_not_grow_with_accounts(client, url_name: str) -> None:  # noqa: ANN001
    edition = EditionFactory()
    EditionStaffFactory(edition=edition, role=StaffRole.TRAINER)
    client.force_login(CoordinatorFactory())
    url = reverse(url_name, args=[edition.pk] if url_name.endswith("update") else [])

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


def test_add_by_email_assigns_people_outside_the_pool(client) -> None:  # noqa: ANN001
    edition = EditionFactory()
    kept = EditionStaffFactory(edition=edition, role=StaffRole.TRAINER).user
    newcomer, other = UserFactory(), UserFactory()
    client.force_login(CoordinatorFactory())
    response = client.post(
        reverse("academy:edition-update", args=[edition.pk]),
        edition_post(
            edition,
            trainers=str(kept.pk),
            trainers_add=f" {newcomer.email.upper()},\n{kept.email}",
            mentors_add=f"{other.email}; {newcomer.email}",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert set(
        EditionStaff.objects.filter(edition=edition, role=StaffRole.TRAINER).values_list(
            "user_id", flat=True
        )
    ) == {kept.pk, newcomer.pk}
    assert set(
        EditionStaff.objects.filter(edition=edition, role=StaffRole.MENTOR).values_list(
            "user_id", flat=True
        )
    ) == {other.pk, newcomer.pk}
    # Once assigned they are in the pool: the next form offers them.
    assert newcomer.pk in choice_ids(EditionForm(instance=edition), "trainers")


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "No account has this address"), ("pl", "Żadne konto nie ma tego adresu")],
)
def test_an_unknown_address_is_refused_and_nothing_typed_is_lost(
    client,
    language: str,
    words: str,  # noqa: ANN001
) -> None:
    edition = EditionFactory()
    known = UserFactory()
    client.force_login(CoordinatorFactory(preferred_language=language))
    typed = f"{known.email}, nobody@example.org\nnot-an-address"
    response = client.post(
        reverse("academy:edition-update", args=[edition.pk]),
        edition_post(edition, title_pl="Nowy tytuł", trainers_add=typed),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"trainers_add"}
    message = " ".join(errors["trainers_add"])
    assert words in message and "nobody@example.org" in message and "not-an-address" in message
    assert known.email not in message
    content = response.content.decode()
    assert "nobody@example.org\nnot-an-address</textarea>" in content
    assert 'value="Nowy tytuł"' in content
    assert not EditionStaff.objects.filter(edition=edition).exists()
