"""Reads about credentials, filtered by the policy and shaped for the pages and the API."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.db.models import Q, QuerySet
from django.http import Http404

from sib.academy import selectors as academy_selectors
from sib.academy.completion import CompletionStatus
from sib.academy.models import Edition, Enrolment
from sib.core.models import AuditEntry
from sib.credentials import policies
from sib.credentials.models import (
    Achievement,
    Credential,
    CredentialState,
    IssuanceJob,
    Issuer,
    StatusList,
)

CREDENTIAL_RELATED = ("issuer", "status_list", "enrolment__edition__programme", "holder")


def _parse_uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise Http404 from error


def issuer() -> Issuer | None:
    return Issuer.objects.first()


def credential_get(*, actor: Any, credential_uuid: Any) -> Credential:
    """A credential the actor may see (holder, coordinator, the edition's staff), else 404."""
    credential = (
        Credential.objects.select_related(*CREDENTIAL_RELATED)
        .filter(uuid=_parse_uuid(credential_uuid))
        .first()
    )
    if credential is None or not policies.can_view(actor, credential):
        raise Http404
    return credential


def credential_public(*, actor: Any, credential_uuid: Any) -> Credential:
    """The public verification page's credential: 404 when the holder hid it (unless it is theirs)."""
    credential = (
        Credential.objects.select_related("issuer", "status_list")
        .defer("document", "substance", "status_list__signed_json")
        .filter(uuid=_parse_uuid(credential_uuid))
        .first()
    )
    if credential is None or (credential.hidden and not _may_see_hidden(actor, credential)):
        raise Http404
    return credential


# Every column the public page shows or its checks depend on (the verification cache key's parts
# included): when any of them changes, the page's stamp changes.
PUBLIC_STAMP_FIELDS = (
    "id",
    "hidden",
    "state",
    "reason",
    "reason_public",
    "state_changed_at",
    "holder_name",
    "serial",
    "issued_at",
    "digest",
    "status_list_id",
    "status_list__version",
    "issuer_id",
    "issuer__key_set_version",
    "issuer__updated_at",
)


@dataclass(frozen=True)
class PublicStamp:
    """What the public verification page of one credential currently depends on, as one key."""

    hidden: bool
    key: str


_stamp_sql: dict[str, str] = {}


def _public_stamp_sql(alias: str) -> str:
    """The stamp query, compiled by the ORM once per database: compiling a joined query costs
    more CPU than the rest of a cached page (decision 0211)."""
    if alias not in _stamp_sql:
        probe = Credential.objects.filter(uuid=uuid.UUID(int=0)).values_list(*PUBLIC_STAMP_FIELDS)
        sql, params = probe[:1].query.get_compiler(using=alias).as_sql()
        if len(params) != 1:
            raise RuntimeError("the public stamp query must take the UUID as its only parameter")
        _stamp_sql[alias] = sql
    return _stamp_sql[alias]


def credential_public_stamp(*, credential_uuid: Any) -> PublicStamp:
    """One query, no model instances: the raw column values hashed into a key (404 if unknown).

    The values are only compared, never shown, so the database's own representations do.
    """
    alias = router.db_for_read(Credential)
    connection = connections[alias]
    value = Credential._meta.get_field("uuid").get_db_prep_value(
        _parse_uuid(credential_uuid), connection
    )
    with connection.cursor() as cursor:
        cursor.execute(_public_stamp_sql(alias), [value])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    digest = hashlib.blake2b(repr(row).encode(), digest_size=16).hexdigest()
    return PublicStamp(hidden=bool(row[1]), key=digest)


def _may_see_hidden(actor: Any, credential: Credential) -> bool:
    return bool(actor.is_authenticated) and policies.can_view(actor, credential)


def my_credentials(*, actor: Any) -> QuerySet[Credential]:
    if not actor.is_authenticated:
        return Credential.objects.none()
    return (
        Credential.objects.filter(holder=actor)
        .select_related("issuer", "enrolment__edition")
        .order_by("-issued_at", "-id")
    )


def credential_list(*, actor: Any, edition: Edition | None = None) -> QuerySet[Credential]:
    credentials = policies.credentials_visible(actor).select_related(
        "holder", "enrolment__edition", "issuer", "status_list"
    )
    if edition is not None:
        credentials = credentials.filter(enrolment__edition=edition)
    return credentials.order_by("holder_name", "-issued_at", "id")


def staff_credential_list(*, actor: Any, edition: Edition) -> QuerySet[Credential]:
    """The API's `?edition=ID` list: coordinators and the edition's staff only."""
    if not policies.can_view_edition_credentials(actor, edition):
        raise PermissionDenied
    return credential_list(actor=actor, edition=edition)


@dataclass
class EditionCredentialRow:
    enrolment: Enrolment
    status: str
    credential: Credential | None

    @property
    def user(self) -> Any:
        return self.enrolment.user


@dataclass
class EditionCredentials:
    edition: Edition
    rows: list[EditionCredentialRow]
    achievement: Achievement | None
    job: IssuanceJob | None

    @property
    def waiting(self) -> int:
        """Eligible people awaiting a credential (none live): what a batch would issue."""
        return sum(
            1
            for row in self.rows
            if row.status == CompletionStatus.ELIGIBLE
            and (row.credential is None or row.credential.state == CredentialState.REVOKED)
        )

    @property
    def counts(self) -> dict[str, int]:
        counts = {str(state): 0 for state in CredentialState}
        for row in self.rows:
            if row.credential:
                counts[row.credential.state] += 1
        return counts


def edition_credentials(*, actor: Any, edition: Edition) -> EditionCredentials:
    """Everyone of an edition with their computed completion status and live credential, if any."""
    if not policies.can_view_edition_credentials(actor, edition):
        raise PermissionDenied
    progress = academy_selectors.edition_progress(actor=actor, edition=edition)
    latest: dict[int, Credential] = {}
    for credential in (
        Credential.objects.filter(enrolment__edition=edition)
        .select_related("status_list")
        .order_by("issued_at", "id")
    ):
        current = latest.get(credential.enrolment_id)
        if current is None or current.state == CredentialState.REVOKED:
            latest[credential.enrolment_id] = credential
    rows = [
        EditionCredentialRow(row.enrolment, row.status, latest.get(row.enrolment.pk))
        for row in progress
        if row.status == CompletionStatus.ELIGIBLE or row.enrolment.pk in latest
    ]
    return EditionCredentials(
        edition=edition,
        rows=rows,
        achievement=Achievement.objects.filter(programme_id=edition.programme_id).first(),
        job=IssuanceJob.objects.filter(edition=edition).first(),
    )


def credential_states(
    *, enrolment_ids: Iterable[int] = (), edition_ids: Iterable[int] = ()
) -> dict[int, str]:
    """The credential state of each enrolment (`none | valid | suspended | revoked`), one query.

    The one rule every figure follows (decision 0565): an enrolment's state is its live
    (not revoked) credential's, else ``revoked`` when all it ever held were revoked, else
    ``none`` (absent from the result). "Certified" means ``valid`` now
    (`sib.academy.completion.is_certified`).
    """
    ids, editions = list(enrolment_ids), list(edition_ids)
    if not ids and not editions:
        return {}
    chosen = Q(enrolment_id__in=ids) if ids else Q(enrolment__edition_id__in=editions)
    states: dict[int, str] = {}
    for enrolment_id, state in (
        Credential.objects.filter(chosen).order_by().values_list("enrolment_id", "state")
    ):
        if states.get(enrolment_id) in {CredentialState.VALID, CredentialState.SUSPENDED}:
            continue  # a live credential wins over revoked ones (at most one is live)
        states[enrolment_id] = str(state)
    return states


def issuance_job_get(*, actor: Any, job_id: int) -> IssuanceJob:
    job = IssuanceJob.objects.select_related("edition").filter(pk=job_id).first()
    if job is None or not policies.can_view_edition_credentials(actor, job.edition):
        raise Http404
    return job


def credential_history(*, actor: Any, credential: Credential) -> QuerySet[AuditEntry]:
    """The audit trail of one credential (who issued, suspended, revoked, re-issued it)."""
    if not policies.can_change_state(actor, credential):
        raise PermissionDenied
    return AuditEntry.objects.filter(
        object_type="credentials.credential", object_id=str(credential.pk)
    ).select_related("actor")


def status_list_get(*, list_uuid: Any) -> StatusList:
    status_list = StatusList.objects.filter(uuid=_parse_uuid(list_uuid)).first()
    if status_list is None or not status_list.signed_json:
        raise Http404
    return status_list


def proven_competences(*, holder_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """Competence ids each holder's *valid* credentials prove: the competences of the modules of
    the credential's programme. Read from the issuance records, never by parsing the signed
    document (which says the same). `holder_ids=None` means every holder. One query."""
    rows = Credential.objects.filter(
        state=CredentialState.VALID,
        achievement__programme__modules__competences__isnull=False,
    )
    if holder_ids is not None:
        rows = rows.filter(holder_id__in=list(holder_ids))
    result: dict[int, set[int]] = {}
    for holder_id, competence_id in rows.values_list(
        "holder_id", "achievement__programme__modules__competences__id"
    ).distinct():
        result.setdefault(holder_id, set()).add(competence_id)
    return result
