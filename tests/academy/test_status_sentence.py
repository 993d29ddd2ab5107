"""A person's status is computed in one place and said once, without contradictions (issue 12,
item 4): no "can no longer be reached" next to "completed"; a holder is never told that the
credential "can be issued"."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sib.academy.completion import (
    CompletionStatus,
    CredentialStateName,
    Evaluation,
    status_sentence,
)
from sib.credentials import services
from tests.credentials.factories import enrol, make_edition, make_issuer
from tests.factories import CoordinatorFactory

STATUS_BADGE = re.compile(r'class="status status--(active|partial|completed|eligible|withdrawn)"')
UNREACHABLE = "Completion can no longer be reached"


def _evaluation(status: str, *, reachable: bool) -> Evaluation:
    return Evaluation(
        status=CompletionStatus(status),
        hours_met=status in {"completed", "eligible"},
        project_passed=status == "eligible",
        reachable=reachable,
    )


@pytest.mark.parametrize("status", ["partial", "completed"])
def test_a_finished_status_never_says_completion_can_no_longer_be_reached(status: str) -> None:
    sentence = status_sentence(_evaluation(status, reachable=False))
    assert UNREACHABLE not in sentence
    assert sentence


@pytest.mark.parametrize("state", ["valid", "suspended"])
def test_a_holder_is_never_told_the_credential_can_be_issued(state: str) -> None:
    for status in ("eligible", "completed"):
        sentence = status_sentence(_evaluation(status, reachable=True), state)
        assert "can be issued" not in sentence
        assert "awaiting" not in sentence


def test_the_sentence_of_each_state_of_an_eligible_person() -> None:
    eligible = _evaluation("eligible", reachable=True)
    assert "awaiting credential" in status_sentence(eligible, CredentialStateName.NONE)
    assert "valid" in status_sentence(eligible, CredentialStateName.VALID)
    assert "suspended" in status_sentence(eligible, CredentialStateName.SUSPENDED)
    assert "revoked" in status_sentence(eligible, CredentialStateName.REVOKED)
    assert status_sentence(_evaluation("withdrawn", reachable=False)) == ""
    assert "within reach" in status_sentence(_evaluation("active", reachable=True))
    assert UNREACHABLE in status_sentence(_evaluation("active", reachable=False))


def _page(client, enrolment) -> str:  # noqa: ANN001
    client.force_login(enrolment.user)
    response = client.get(reverse("academy:enrolment-detail", args=[enrolment.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_pages_say_the_status_once_and_follow_the_credential(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    make_issuer(coordinator)
    edition = make_edition(coordinator)
    completed = enrol(edition)
    completed.final_project_score = Decimal(10)
    completed.save()
    page = _page(client, completed)
    assert STATUS_BADGE.findall(page) == ["completed"]
    assert UNREACHABLE not in page
    assert "the final project has not passed" in page

    holder = enrol(edition)
    page = _page(client, holder)
    assert STATUS_BADGE.findall(page) == ["eligible"]
    assert "awaiting credential" in page
    credential = services.credential_issue(actor=coordinator, enrolment=holder)
    for url in (reverse("academy:enrolment-detail", args=[holder.pk]), reverse("home")):
        page = client.get(url).content.decode()
        assert "can be issued" not in page
        assert "awaiting credential" not in page
        assert "the credential is valid" in page
    assert STATUS_BADGE.findall(_page(client, holder)) == ["eligible"]
    services.credential_suspend(actor=coordinator, credential=credential, reason="Checking")
    assert "The credential is suspended." in _page(client, holder)
    services.credential_revoke(actor=coordinator, credential=credential, reason="Fraud")
    assert "the credential was revoked" in _page(client, holder)
