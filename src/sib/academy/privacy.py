"""The academy's part of a person's data: applications, enrolments, attendance, roles."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sib.academy.models import (
    Application,
    ApplicationReview,
    Attendance,
    CalendarToken,
    ConsentRecord,
    EditionStaff,
    Enrolment,
    Group,
    Session,
)
from sib.accounts.models import User
from sib.core.privacy import PersonalData, plain, rows


def _applications(person: User) -> Any:
    return Application.objects.filter(Q(applicant=person) | Q(email__iexact=person.email))


def export(*, person: User) -> dict[str, Any]:
    applications = list(_applications(person).select_related("edition", "consent"))
    reviews = ApplicationReview.objects.filter(application__in=applications).order_by("id")
    return {
        "applications": [
            {
                **rows([a], exclude={"token", "form_key", "applicant", "guardian_token"})[0],
                "edition": a.edition.title,
                "consent_text": f"{a.consent.key} v{a.consent.version}" if a.consent_id else "",
            }
            for a in applications
        ],
        "reviews_of_your_applications": [
            {"application": r.application_id, "score": r.score, "note": r.note} for r in reviews
        ],
        "enrolments": [
            {
                **rows([e], exclude={"user"})[0],
                "edition": e.edition.title,
                "group": e.group.name if e.group else "",
            }
            for e in Enrolment.objects.filter(user=person).select_related("edition", "group")
        ],
        "attendance": [
            {
                "session": a.session_id,
                "starts_at": plain(a.session.starts_at),
                "module": a.session.module.title,
                "status": a.status,
                "minutes_missed": a.minutes_missed,
            }
            for a in Attendance.objects.filter(enrolment__user=person).select_related(
                "session__module"
            )
        ],
        "edition_roles": [
            {"edition": s.edition.title, "role": s.role}
            for s in EditionStaff.objects.filter(user=person).select_related("edition")
        ],
        "groups_mentored": [str(g) for g in Group.objects.filter(mentors=person)],
        "sessions_led": list(Session.objects.filter(leader=person).values_list("id", flat=True)),
        "reviews_written": rows(
            ApplicationReview.objects.filter(reviewer=person), exclude={"reviewer"}
        ),
        "calendar_feed": CalendarToken.objects.filter(user=person).exists(),
        "consents": [
            {
                "text": r.text.key,
                "version": r.text.version,
                "given_at": plain(r.given_at),
                "withdrawn_at": plain(r.withdrawn_at),
                "about": f"{r.object_type} {r.object_id}".strip(),
            }
            for r in ConsentRecord.objects.filter(
                Q(user=person) | Q(email__iexact=person.email)
            ).select_related("text")
        ],
    }


def erase(*, person: User) -> None:
    """Applications lose identity and free texts (status, dates, consent version, gender,
    voivodeship and sector stay for the funnel and statistics); reviews about them lose their
    notes (scores stay); enrolments lose the withdrawal reason; the calendar feed goes.
    Enrolments, attendance and roles stay: completion, credentials and reports are built on them."""
    for application in _applications(person):
        application.applicant = None
        application.email = f"erased-{application.pk}@erased.invalid"
        application.full_name = ""
        application.birth_year = None
        application.organisation_name = ""
        application.motivation = ""
        application.background = ""
        application.guardian_name = ""
        application.guardian_email = ""
        application.guardian_token = ""
        application.save(
            update_fields=[
                "guardian_name",
                "guardian_email",
                "guardian_token",
                "applicant",
                "email",
                "full_name",
                "birth_year",
                "organisation_name",
                "motivation",
                "background",
            ]
        )
        ApplicationReview.objects.filter(application=application).update(note="")
    Enrolment.objects.filter(user=person).update(withdrawal_reason="")
    CalendarToken.objects.filter(user=person).delete()
    # Consent records stay as proof of what was agreed to, without the address.
    ConsentRecord.objects.filter(Q(user=person) | Q(email__iexact=person.email)).update(
        email="", user=person
    )


PERSONAL_DATA = PersonalData(
    app="academy",
    covers=(
        "academy.application",
        "academy.applicationreview",
        "academy.enrolment",
        "academy.attendance",
        "academy.editionstaff",
        "academy.group",
        "academy.session",
        "academy.calendartoken",
        "academy.consentrecord",
    ),
    export=export,
    erase=erase,
)


def purge(*, now: Any, dry_run: bool = False) -> list[Any]:
    """Retention of applications (`sib purge-applications`, decision 0103), part of `sib purge`."""
    from django.conf import settings
    from django.utils import timezone

    from sib.academy.services import applications_purge
    from sib.core.retention import Purged

    count = applications_purge(today=timezone.localdate(now), dry_run=dry_run)
    return [Purged("applications", count, settings.SIB_APPLICATION_RETENTION_DAYS)]
