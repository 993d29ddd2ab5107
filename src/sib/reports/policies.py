"""Who may see reports. Coordinators see every report; an edition's own coordinators (staff role
in that edition) see that edition's. Trainers, mentors and participants do not."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sib.academy.models import Edition, EditionStaff, StaffRole
from sib.accounts.policies import is_coordinator


def editions_reportable(user: Any) -> QuerySet[Edition]:
    if is_coordinator(user):
        return Edition.objects.all()
    if not user.is_authenticated:
        return Edition.objects.none()
    return Edition.objects.filter(
        pk__in=EditionStaff.objects.filter(user=user, role=StaffRole.COORDINATOR).values(
            "edition_id"
        )
    )


def can_view_reports(user: Any) -> bool:
    return is_coordinator(user) or editions_reportable(user).exists()


def can_report_on_all(user: Any) -> bool:
    """Programme-wide and platform-wide reports: coordinators."""
    return is_coordinator(user)
