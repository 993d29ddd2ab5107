"""Every write about credentials: the issuer, achievements, issuing, revoking, suspending, re-issuing.

Eligibility is read from the academy's completion rule at the moment of issuing (never stored).
Each credential is issued in its own transaction that takes the issuer row's lock for its serial
number, so serial numbers and status-list indices stay unique across processes; the unique
constraints in `models` are the last line of defence and are handled (no one gets two).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sib.academy import selectors as academy_selectors
from sib.academy.completion import CompletionStatus
from sib.academy.models import Edition, Enrolment, Programme
from sib.core.audit import audit_record
from sib.credentials import dataintegrity, documents, keys, pdfworker, policies
from sib.credentials.models import (
    Achievement,
    Credential,
    CredentialState,
    IssuanceJob,
    Issuer,
    IssuerKey,
    JobState,
    StatusList,
)

logger = logging.getLogger(__name__)

ISSUER_FIELDS = (
    "name",
    "url",
    "email",
    "street_address",
    "postal_code",
    "locality",
    "region",
    "country",
    "country_code",
)
ACHIEVEMENT_FIELDS = tuple(
    f"{name}_{language}"
    for name in ("name", "description", "criteria", "assessment", "participation")
    for language in ("pl", "en")
) + ("quality_assurance_pl", "quality_assurance_en", "achievement_type", "eqf_level", "ects")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- the issuer ------------------------------------------------------------------------------


@transaction.atomic
def issuer_create(*, actor: Any, base_url: str | None = None, **fields: Any) -> Issuer:
    """Create the install's one issuer; its DID and base URL are fixed from now on."""
    _require(policies.can_manage_issuer(actor))
    if Issuer.objects.exists():
        raise ValidationError(_("The issuer already exists; edit it instead."))
    unknown = set(fields) - set(ISSUER_FIELDS)
    if unknown:
        raise ValueError(f"Not issuer fields: {sorted(unknown)}")
    base = (base_url or settings.SIB_BASE_URL).rstrip("/")
    issuer = Issuer(base_url=base, did=documents.did_web_for(base), **fields)
    issuer.full_clean()
    issuer.save()
    audit_record(actor=actor, action="issuer.create", obj=issuer, did=issuer.did)
    return issuer


@transaction.atomic
def issuer_update(*, actor: Any, issuer: Issuer, **fields: Any) -> Issuer:
    """Change the profile shown in new credentials; the DID and URLs stay as they were stored."""
    _require(policies.can_manage_issuer(actor))
    for name, value in fields.items():
        if name not in ISSUER_FIELDS:
            raise ValueError(f"{name} is not an editable issuer field")
        setattr(issuer, name, value)
    issuer.full_clean()
    issuer.save()
    audit_record(actor=actor, action="issuer.update", obj=issuer, fields=sorted(fields))
    return issuer


def issuer_get() -> Issuer:
    issuer = Issuer.objects.first()
    if issuer is None:
        raise ValidationError(_("Set up the issuer profile before issuing credentials."))
    return issuer


def issuer_key_register(*, issuer: Issuer) -> tuple[IssuerKey, Any]:
    """The key in SIB_SIGNING_KEY, registered (public half only) and returned with the private key.

    A new key file (rotation) adds a row and retires the previous keys, which stay in the DID
    document so that credentials they signed keep verifying.
    """
    private_key = keys.load_private_key()
    multibase = dataintegrity.public_key_multibase(private_key.public_key())
    key = IssuerKey.objects.filter(issuer=issuer, public_key_multibase=multibase).first()
    if key is None:
        with transaction.atomic():
            # The issuer row's lock makes concurrent first uses register the key once.
            Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
            key = IssuerKey.objects.filter(issuer=issuer, public_key_multibase=multibase).first()
            if key is not None:
                return key, private_key
            IssuerKey.objects.filter(issuer=issuer, retired_at__isnull=True).update(
                retired_at=timezone.now()
            )
            key = IssuerKey.objects.create(
                issuer=issuer,
                public_key_multibase=multibase,
                verification_method=f"{issuer.did}#{multibase}",
            )
            Issuer.objects.filter(pk=issuer.pk).update(key_set_version=F("key_set_version") + 1)
            audit_record(actor=None, action="issuer.key_register", obj=key, key=multibase)
    return key, private_key


# --- achievements ----------------------------------------------------------------------------


@transaction.atomic
def achievement_save(*, actor: Any, programme: Programme, **fields: Any) -> Achievement:
    """Create or change the achievement a programme's credentials certify (PL and EN)."""
    _require(policies.can_manage_issuer(actor))
    unknown = set(fields) - set(ACHIEVEMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not achievement fields: {sorted(unknown)}")
    achievement = Achievement.objects.filter(programme=programme).first() or Achievement(
        programme=programme
    )
    created = achievement.pk is None
    for name, value in fields.items():
        setattr(achievement, name, value)
    achievement.full_clean()
    achievement.save()
    audit_record(
        actor=actor,
        action="achievement.create" if created else "achievement.update",
        obj=achievement,
        fields=sorted(fields),
    )
    return achievement


# --- issuing -------------------------------------------------------------------------------------


def _both(obj: Any, field: str) -> dict[str, str]:
    pl = getattr(obj, f"{field}_pl", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    return {"pl": pl or en, "en": en or pl}


def substance_of(*, issuer: Issuer, achievement: Achievement, edition: Edition) -> dict[str, Any]:
    """The bilingual snapshot of what a credential certifies, stored with it when issued."""
    programme = edition.programme
    modules = list(
        programme.modules.prefetch_related("outcomes", "competences").order_by("position")
    )
    hours = {"lecture": 0, "workshop": 0, "mentoring": 0}
    competences: dict[str, Any] = {}
    outcomes = []
    for module in modules:
        for fmt, minutes in module.minutes_by_format().items():
            hours[str(fmt)] += minutes
        for competence in module.competences.all():
            competences.setdefault(competence.code, competence)
        outcomes += [_both(outcome, "text") for outcome in module.outcomes.all()]
    programme_url = f"{issuer.base_url}/academy/programmes/{programme.pk}/"
    return {
        "achievement": {
            "id": f"urn:uuid:{achievement.uuid}",
            "code": programme.code,
            "type": achievement.achievement_type,
            "name": _both(achievement, "name"),
            "description": _both(achievement, "description"),
            "criteria": _both(achievement, "criteria"),
            "assessment": _both(achievement, "assessment"),
            "participation": _both(achievement, "participation"),
            "quality_assurance": _both(achievement, "quality_assurance"),
            "eqf_level": achievement.eqf_level,
            "ects": str(achievement.ects) if achievement.ects is not None else None,
        },
        "programme": {"id": programme.pk, "title": _both(programme, "title")},
        "edition": {
            "id": edition.pk,
            "title": _both(edition, "title"),
            "starts_on": edition.starts_on.isoformat(),
            "ends_on": edition.ends_on.isoformat(),
        },
        "hours": {**hours, "total": sum(hours.values())},
        "modules": [
            {"code": module.code, "title": _both(module, "title"), "minutes": module.total_minutes}
            for module in modules
        ],
        "outcomes": outcomes,
        "competences": [
            {
                "code": code,
                "name": _both(competence, "name"),
                "url": f"{programme_url}#competence-{code}",
            }
            for code, competence in sorted(competences.items(), key=lambda item: item[1].position)
        ],
    }


def _status_list_for(issuer: Issuer) -> StatusList:
    """The list new credentials go on; a new one when the current list is half full, so that
    random indices stay cheap to find and each list keeps its herd privacy."""
    current = StatusList.objects.filter(issuer=issuer).order_by("-created_at", "-id").first()
    if current is None or current.entries.count() >= current.size // 2:
        list_uuid = uuid.uuid4()
        current = StatusList.objects.create(
            issuer=issuer,
            uuid=list_uuid,
            url=f"{issuer.base_url}/credentials/status/{list_uuid}",
        )
        status_list_publish(status_list=current)
    return current


def _free_index(status_list: StatusList) -> int:
    while True:
        index = secrets.randbelow(status_list.size)
        if not Credential.objects.filter(status_list=status_list, status_index=index).exists():
            return index


def _next_serial(issuer: Issuer, year: int) -> str:
    locked = Issuer.objects.select_for_update().get(pk=issuer.pk)
    number = locked.next_serial
    Issuer.objects.filter(pk=issuer.pk).update(next_serial=number + 1)
    return f"SIB-{year}-{number:06d}"


def _live_credential(enrolment: Enrolment) -> Credential | None:
    return (
        Credential.objects.filter(enrolment=enrolment)
        .exclude(state=CredentialState.REVOKED)
        .first()
    )


class AlreadyIssued(ValidationError):
    """The enrolment already holds a live credential (a batch skips it)."""


@dataclass
class _Prepared:
    """What every credential of one programme shares: read once per batch, not per person."""

    issuer: Issuer
    achievement: Achievement
    key: IssuerKey
    private_key: Any
    substance: dict[str, Any]


def _prepare(edition: Edition) -> _Prepared:
    issuer = issuer_get()
    programme = edition.programme
    achievement = Achievement.objects.filter(programme=programme).first()
    if achievement is None:
        raise ValidationError(
            _("Describe the achievement of “%(programme)s” before issuing credentials.")
            % {"programme": programme.title}
        )
    key, private_key = issuer_key_register(issuer=issuer)
    substance = substance_of(issuer=issuer, achievement=achievement, edition=edition)
    return _Prepared(issuer, achievement, key, private_key, substance)


def _issue(
    *,
    actor: Any,
    enrolment: Enrolment,
    status: str,
    language: str | None = None,
    replaces: Credential | None = None,
    with_pdf: bool = True,
    prepared: _Prepared | None = None,
    issued_at: dt.datetime | None = None,
) -> Credential:
    if status != CompletionStatus.ELIGIBLE:
        raise ValidationError(
            _("%(name)s has not met the completion rule (status: %(status)s).")
            % {"name": enrolment.user.full_name, "status": CompletionStatus(status).label}
        )
    prepared = prepared or _prepare(enrolment.edition)
    issuer, achievement, key, private_key, substance = (
        prepared.issuer,
        prepared.achievement,
        prepared.key,
        prepared.private_key,
        prepared.substance,
    )
    language = language or enrolment.language_track or enrolment.user.preferred_language or "pl"
    holder = enrolment.user
    credential_uuid = uuid.uuid4()
    issued_at = (issued_at or timezone.now()).replace(microsecond=0)
    if issued_at > timezone.now():
        raise ValidationError(_("A credential cannot be dated in the future."))
    for _attempt in range(10):
        with transaction.atomic():
            if _live_credential(enrolment) is not None:
                raise AlreadyIssued(
                    _("%(name)s already holds a credential for this edition.")
                    % {"name": holder.full_name}
                )
            serial = _next_serial(issuer, issued_at.year)
            status_list = _status_list_for(issuer)
            index = _free_index(status_list)
            unsigned = documents.credential_document(
                credential_id=f"urn:uuid:{credential_uuid}",
                issuer=issuer,
                substance=substance,
                language=language,
                subject_id=f"urn:uuid:{uuid.uuid5(credential_uuid, 'subject')}",
                email=holder.email,
                full_name=holder.full_name,
                salt=secrets.token_hex(16),
                issued_at=issued_at,
                status_list_url=status_list.url,
                status_index=index,
            )
            signed = dataintegrity.sign(
                unsigned,
                private_key=private_key,
                verification_method=key.verification_method,
                created=documents.utc_timestamp(issued_at),
            )
            text = documents.canonical_json(signed)
            credential = Credential(
                uuid=credential_uuid,
                issuer=issuer,
                achievement=achievement,
                enrolment=enrolment,
                holder=holder,
                serial=serial,
                language=language,
                holder_name=holder.full_name,
                status_list=status_list,
                status_index=index,
                public_url=f"{issuer.base_url}/c/{credential_uuid}/",
                issued_at=issued_at,
                issued_by=actor if getattr(actor, "is_authenticated", False) else None,
                replaces=replaces,
                document=text,
                digest=documents.digest_of(text),
                substance=substance,
            )
            credential.full_clean(exclude=["status_index", "enrolment"])
            try:
                with transaction.atomic():
                    credential.save()
            except IntegrityError:
                if _live_credential(enrolment) is not None:
                    raise AlreadyIssued(
                        _("%(name)s already holds a credential for this edition.")
                        % {"name": holder.full_name}
                    ) from None
                continue  # another process took the same index: draw again
            audit_record(
                actor=actor,
                action="credential.issue",
                obj=credential,
                serial=serial,
                enrolment=enrolment.pk,
                replaces=str(replaces.uuid) if replaces else None,
            )
            break
    else:
        raise RuntimeError("Could not find a free status-list index")
    if with_pdf:
        # After the commit: rendering takes longer than signing and needs no lock.
        _store_pdf(credential)
    return credential


def _store_pdf(credential: Credential) -> None:
    from sib.credentials.certificate import certificate_pdf

    content = certificate_pdf(credential)
    credential.pdf.save(f"{credential.serial}.pdf", ContentFile(content), save=False)
    Credential.objects.filter(pk=credential.pk).update(pdf=credential.pdf.name)


def credential_render_pdf(*, credential_id: int) -> None:
    """Render and store one certificate (what a batch's PDF worker processes run)."""
    _store_pdf(Credential.objects.select_related("issuer").get(pk=credential_id))


def _pdf_pool(workers: int) -> Any:
    """Worker processes for certificates: WeasyPrint is CPU-bound Python, so a batch renders PDFs
    on the other cores while this process signs. Spawned (not forked) processes open their own
    database connections."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=pdfworker.init,
    )


def credential_issue(
    *, actor: Any, enrolment: Enrolment, language: str | None = None
) -> Credential:
    """Issue one person's credential when the completion rule says `eligible`."""
    _require(policies.can_issue(actor, enrolment.edition))
    detail = academy_selectors.enrolment_progress(actor=actor, enrolment=enrolment)
    return _issue(actor=actor, enrolment=enrolment, status=detail.row.status, language=language)


def edition_issue_all(
    *,
    actor: Any,
    edition: Edition,
    on_progress: Callable[[int, int, int, int], None] | None = None,
    with_pdf: bool = True,
    pdf_workers: int = 0,
    issued_at: dt.datetime | None = None,
) -> tuple[int, int]:
    """Issue every eligible person of an edition who holds no live credential yet.

    `issued_at` dates them in the past (the demo's pilot: the day it ended), never the future.

    Safe to re-run: people who already hold one are skipped, so no one gets two. Each credential
    is its own transaction, so progress is visible and a failure keeps what was issued.
    Returns (issued, skipped).
    """
    _require(policies.can_issue(actor, edition))
    rows = [
        row
        for row in academy_selectors.edition_progress(actor=actor, edition=edition)
        if row.status == CompletionStatus.ELIGIBLE
    ]
    prepared = _prepare(edition) if rows else None
    holders = set(
        Credential.objects.filter(enrolment__edition=edition)
        .exclude(state=CredentialState.REVOKED)
        .values_list("enrolment_id", flat=True)
    )
    issued = skipped = 0
    total = len(rows)
    # Worker processes only outside a transaction: they could not see uncommitted credentials.
    pool = (
        _pdf_pool(pdf_workers)
        if with_pdf and pdf_workers and total and not transaction.get_connection().in_atomic_block
        else None
    )
    pending = []
    try:
        for done, row in enumerate(rows, start=1):
            if row.enrolment.pk in holders:
                skipped += 1
            else:
                try:
                    credential = _issue(
                        actor=actor,
                        enrolment=row.enrolment,
                        status=row.status,
                        with_pdf=with_pdf and pool is None,
                        prepared=prepared,
                        issued_at=issued_at,
                    )
                    issued += 1
                    if pool is not None:
                        pending.append(pool.submit(pdfworker.render, credential.pk))
                except AlreadyIssued:
                    skipped += 1
            if on_progress:
                on_progress(done, total, issued, skipped)
        for future in pending:
            future.result()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    audit_record(
        actor=actor, action="credential.issue_batch", obj=edition, issued=issued, skipped=skipped
    )
    return issued, skipped


# --- background issuing ------------------------------------------------------------------------


def issuance_job_start(*, actor: Any, edition: Edition) -> IssuanceJob:
    """Queue a batch for the edition, or return the one already queued or running."""
    _require(policies.can_issue(actor, edition))
    from sib.credentials.tasks import run_issuance_job

    with transaction.atomic():
        Edition.objects.select_for_update().filter(pk=edition.pk).first()
        running = IssuanceJob.objects.filter(
            edition=edition, state__in=[JobState.QUEUED, JobState.RUNNING]
        ).first()
        if running is not None:
            return running
        job = IssuanceJob.objects.create(edition=edition, requested_by=actor)
        audit_record(actor=actor, action="credential.batch_queue", obj=edition, job=job.pk)
    result = run_issuance_job.enqueue(job_id=job.pk)
    IssuanceJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def issuance_job_run(*, job_id: int) -> IssuanceJob:
    """The task's body: issue the batch, recording progress on the job row as it goes."""
    job = IssuanceJob.objects.select_related("edition", "requested_by").get(pk=job_id)
    if job.finished:
        return job
    IssuanceJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING)

    def progress(done: int, total: int, issued: int, skipped: int) -> None:
        IssuanceJob.objects.filter(pk=job.pk).update(
            done=done, total=total, issued=issued, skipped=skipped
        )

    try:
        edition_issue_all(
            actor=job.requested_by,
            edition=job.edition,
            on_progress=progress,
            pdf_workers=settings.SIB_PDF_WORKERS,
        )
    except Exception as error:
        logger.exception("Issuance job %s failed", job.pk)
        IssuanceJob.objects.filter(pk=job.pk).update(
            state=JobState.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
    else:
        IssuanceJob.objects.filter(pk=job.pk).update(
            state=JobState.DONE, finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


# --- revoking, suspending, re-issuing, hiding --------------------------------------------------


def status_list_publish(*, status_list: StatusList) -> StatusList:
    """Sign the status list credential for the list's current version (bits = revoked entries)."""
    issuer = status_list.issuer
    key, private_key = issuer_key_register(issuer=issuer)
    revoked = Credential.objects.filter(
        status_list=status_list, state=CredentialState.REVOKED
    ).values_list("status_index", flat=True)
    now = timezone.now().replace(microsecond=0)
    unsigned = documents.status_list_document(
        url=status_list.url,
        issuer_did=issuer.did,
        size=status_list.size,
        revoked=revoked,
        valid_from=now,
    )
    signed = dataintegrity.sign(
        unsigned,
        private_key=private_key,
        verification_method=key.verification_method,
        created=documents.utc_timestamp(now),
    )
    status_list.signed_json = documents.canonical_json(signed)
    status_list.signed_version = status_list.version
    status_list.save(update_fields=["signed_json", "signed_version"])
    return status_list


def _validate_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    return reason


@transaction.atomic
def credential_revoke(
    *, actor: Any, credential: Credential, reason: str, reason_public: bool = False
) -> Credential:
    """Revoke for good: the status-list bit is set and the list is re-signed at once."""
    _require(policies.can_change_state(actor, credential))
    reason = _validate_reason(reason)
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.state == CredentialState.REVOKED:
        raise ValidationError(_("This credential is already revoked."))
    credential.state = CredentialState.REVOKED
    credential.reason = reason
    credential.reason_public = reason_public
    credential.state_changed_at = timezone.now()
    credential.save(update_fields=["state", "reason", "reason_public", "state_changed_at"])
    status_list = StatusList.objects.select_for_update().get(pk=credential.status_list_id)
    status_list.version += 1
    status_list.save(update_fields=["version"])
    status_list_publish(status_list=status_list)
    audit_record(actor=actor, action="credential.revoke", obj=credential, reason=reason)
    return credential


@transaction.atomic
def credential_suspend(
    *, actor: Any, credential: Credential, reason: str, reason_public: bool = False
) -> Credential:
    """Suspend (a platform state shown on the page and in the API; the status list is untouched)."""
    _require(policies.can_change_state(actor, credential))
    reason = _validate_reason(reason)
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.state != CredentialState.VALID:
        raise ValidationError(_("Only a valid credential can be suspended."))
    credential.state = CredentialState.SUSPENDED
    credential.reason = reason
    credential.reason_public = reason_public
    credential.state_changed_at = timezone.now()
    credential.save(update_fields=["state", "reason", "reason_public", "state_changed_at"])
    audit_record(actor=actor, action="credential.suspend", obj=credential, reason=reason)
    return credential


@transaction.atomic
def credential_reinstate(*, actor: Any, credential: Credential, reason: str) -> Credential:
    """Lift a suspension."""
    _require(policies.can_change_state(actor, credential))
    reason = _validate_reason(reason)
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.state != CredentialState.SUSPENDED:
        raise ValidationError(_("Only a suspended credential can be reinstated."))
    credential.state = CredentialState.VALID
    credential.reason = ""
    credential.reason_public = False
    credential.state_changed_at = timezone.now()
    credential.save(update_fields=["state", "reason", "reason_public", "state_changed_at"])
    audit_record(actor=actor, action="credential.reinstate", obj=credential, reason=reason)
    return credential


def credential_reissue(
    *, actor: Any, credential: Credential, reason: str, language: str | None = None
) -> Credential:
    """Revoke the credential (reason public: re-issued) and issue a fresh one that replaces it,
    e.g. after a name correction or a change of language. Eligibility is checked again."""
    _require(policies.can_change_state(actor, credential))
    reason = _validate_reason(reason)
    enrolment = credential.enrolment
    detail = academy_selectors.enrolment_progress(actor=actor, enrolment=enrolment)
    if detail.row.status != CompletionStatus.ELIGIBLE:
        raise ValidationError(
            _("%(name)s no longer meets the completion rule.") % {"name": enrolment.user.full_name}
        )
    with transaction.atomic():
        if credential.state != CredentialState.REVOKED:
            credential_revoke(
                actor=actor,
                credential=credential,
                reason=_("Replaced by a re-issued credential: %(reason)s") % {"reason": reason},
                reason_public=True,
            )
        new = _issue(
            actor=actor,
            enrolment=enrolment,
            status=detail.row.status,
            language=language or credential.language,
            replaces=credential,
        )
        audit_record(
            actor=actor, action="credential.reissue", obj=new, replaces=str(credential.uuid)
        )
    return new


@transaction.atomic
def credential_set_hidden(*, actor: Any, credential: Credential, hidden: bool) -> Credential:
    """The holder hides (or shows again) the public verification page."""
    _require(policies.is_holder(actor, credential))
    credential.hidden = hidden
    credential.save(update_fields=["hidden"])
    audit_record(
        actor=actor, action="credential.hide" if hidden else "credential.show", obj=credential
    )
    return credential
