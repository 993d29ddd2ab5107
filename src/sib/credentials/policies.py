"""Who may do what with credentials. Views, API, selectors and services all ask here.

Coordinators issue, revoke, suspend and re-issue. An edition's staff (trainers, mentors,
edition coordinators) may see the edition's credentials. A holder sees and downloads their own
and may hide its public page. Anyone may open a public verification page that is not hidden.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sib.academy import policies as academy_policies
from sib.academy.models import Edition, EditionStaff
from sib.accounts.policies import is_coordinator
from sib.credentials.models import Credential


def can_manage_issuer(user: Any) -> bool:
    return is_coordinator(user)


def can_issue(user: Any, edition: Edition) -> bool:
    """Issue, revoke, suspend, re-issue: coordinators only (a credential speaks for the issuer)."""
    return is_coordinator(user)


def can_view_edition_credentials(user: Any, edition: Edition) -> bool:
    return is_coordinator(user) or academy_policies.is_edition_staff(user, edition)


def credentials_visible(user: Any) -> QuerySet[Credential]:
    """Coordinators see all; edition staff their editions'; holders their own."""
    if is_coordinator(user):
        return Credential.objects.all()
    if not user.is_authenticated:
        return Credential.objects.none()
    staff_editions = EditionStaff.objects.filter(user=user).values("edition_id")
    return Credential.objects.filter(Q(holder=user) | Q(enrolment__edition_id__in=staff_editions))


def can_view(user: Any, credential: Credential) -> bool:
    return bool(
        user.is_authenticated
        and (
            credential.holder_id == user.pk
            or is_coordinator(user)
            or academy_policies.is_edition_staff(user, credential.enrolment.edition)
        )
    )


def can_view_public(user: Any, credential: Credential) -> bool:
    """The public verification page and the credential JSON: open unless the holder hid it."""
    return not credential.hidden or can_view(user, credential)


def is_holder(user: Any, credential: Credential) -> bool:
    return bool(user.is_authenticated and credential.holder_id == user.pk)


def can_change_state(user: Any, credential: Credential) -> bool:
    return can_issue(user, credential.enrolment.edition)
