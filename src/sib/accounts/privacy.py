"""The accounts' part of a person's data: the profile, addresses, tokens, two-factor methods."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from sib.accounts.models import ApiToken, ErasureRequest, User
from sib.core.models import AuditEntry, OutboundEmail
from sib.core.privacy import PersonalData, plain, rows

PROFILE = (
    "email",
    "full_name",
    "preferred_language",
    "gender",
    "birth_year",
    "voivodeship",
    "sector",
    "date_joined",
    "last_login",
    "is_staff",
)


def export(*, person: User) -> dict[str, Any]:
    profile = {name: plain(getattr(person, name)) for name in PROFILE}
    profile["organisation"] = person.organisation.name if person.organisation else ""
    profile["partner_for"] = person.partner_for.name if person.partner_for else ""
    return {
        "profile": profile,
        "email_addresses": list(
            EmailAddress.objects.filter(user=person).values("email", "verified", "primary")
        ),
        "api_tokens": rows(ApiToken.objects.filter(user=person), exclude={"digest", "user"}),
        "two_factor_methods": [
            {
                "type": a.type,
                "created_at": plain(a.created_at),
                "last_used_at": plain(a.last_used_at),
            }
            for a in Authenticator.objects.filter(user=person)
        ],
        "erasure_requests": rows(
            ErasureRequest.objects.filter(person=person),
            exclude={"person", "recorded_by", "decided_by"},
        ),
    }


def erase(*, person: User) -> None:
    """Blank identity; keep gender, voivodeship and sector for statistics (QUALITY.md).

    The row stays (credentials, enrolments and statistics point at it), unable to sign in. The
    birth year is coarsened by surveys, which defines the age groups, before this runs.
    """
    EmailAddress.objects.filter(user=person).delete()
    ApiToken.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
    ).delete()
    person.email = f"erased-{person.pk}@erased.invalid"
    person.full_name = ""
    person.preferred_language = ""
    person.organisation = None
    person.partner_for = None
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.set_unusable_password()
    person.save()
    # The person's erasure requests stay: the record that the request was answered, and when
    # (accountability, GDPR Art. 5(2)); they name the anonymised row only.


PERSONAL_DATA = PersonalData(
    app="accounts",
    covers=(
        "accounts.user",
        "accounts.apitoken",
        "accounts.erasurerequest",
        "account.emailaddress",
        "account.emailconfirmation",
        "mfa.authenticator",
    ),
    export=export,
    erase=erase,
    exempt={
        "admin.logentry": "the administration's change log of staff actions; entries about the "
        "person's own record are deleted on erasure",
    },
)


def core_export(*, person: User) -> dict[str, Any]:
    return {
        "audit_trail_of_own_actions": rows(
            AuditEntry.objects.filter(actor=person).order_by("at", "id")[:10000], exclude={"actor"}
        ),
        "messages_sent_to_you": [
            {"subject": m.subject, "created_at": plain(m.created_at), "state": m.state}
            for m in OutboundEmail.objects.filter(to__icontains=person.email)
            if person.email in m.to
        ],
    }


def core_erase(*, person: User) -> None:
    """Messages to the person are deleted (they hold the name and address); the audit trail is
    kept for accountability — it names objects by id, and the person's row is anonymised."""
    sent_to = OutboundEmail.objects.filter(to__icontains=person.email).only("pk", "to")
    OutboundEmail.objects.filter(pk__in=[m.pk for m in sent_to if person.email in m.to]).delete()


CORE_PERSONAL_DATA = PersonalData(
    app="core",
    covers=("core.outboundemail",),
    export=core_export,
    erase=core_erase,
    exempt={
        "core.auditentry": "accountability: who did what, by ids; kept for its own retention "
        "period (SIB_AUDIT_RETENTION_DAYS) and part of the export (your own actions)",
    },
)
