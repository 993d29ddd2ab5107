"""Who may build, send, answer and analyse surveys.

Coordinators build and send surveys and see every result. The staff of an edition (its
coordinators, trainers and mentors) see the results of that edition's surveys. A person answers
only a survey they were invited to, while it is open. Nobody but coordinators sees who answered a
named survey; nobody at all sees who answered an anonymous one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sib.academy.models import EditionStaff
from sib.accounts.policies import is_coordinator
from sib.core.roles import person_roles, role_rows
from sib.surveys.models import Instrument, Invitation


def can_manage_surveys(user: Any) -> bool:
    return is_coordinator(user)


def instruments_visible(user: Any) -> QuerySet[Instrument]:
    """Surveys whose results a person may see: all for coordinators, their editions' for staff."""
    if is_coordinator(user):
        return Instrument.objects.all()
    if not user.is_authenticated:
        return Instrument.objects.none()
    staff_editions = EditionStaff.objects.filter(user=user).values("edition_id")
    return Instrument.objects.filter(Q(edition_id__in=staff_editions), is_template=False)


def can_view_results(user: Any, instrument: Instrument) -> bool:
    if is_coordinator(user):
        return True
    return instruments_visible(user).filter(pk=instrument.pk).exists()


def can_see_respondents(user: Any, instrument: Instrument) -> bool:
    """Names next to answers: coordinators, and only for named surveys."""
    return is_coordinator(user) and not instrument.anonymous


def is_invited(user: Any, instrument: Instrument) -> bool:
    return bool(
        user.is_authenticated
        and Invitation.objects.filter(instrument=instrument, user=user).exists()
    )


def can_answer(user: Any, instrument: Instrument, now: Any = None) -> bool:
    return instrument.is_open(now) and is_invited(user, instrument)


def role_reads(user: Any) -> list[QuerySet[Any]]:
    """The surveys' role rows (`SIB_ROLE_READS`): the sent surveys a person is invited to."""
    invited = Invitation.objects.filter(user=user, instrument__sent_at__isnull=False)
    return [role_rows(invited, "surveys.invited", "instrument_id")]


def invited_to_surveys(user: Any) -> bool:
    """Whether the person was invited to a sent survey (the navigation's "My surveys")."""
    return bool(person_roles(user).get("surveys.invited"))
