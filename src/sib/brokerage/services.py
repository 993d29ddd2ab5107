"""Every write of the brokerage: keyword-only, validated, one transaction, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import nh3
from django.apps import apps as django_apps
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sib.academy.consents import consent_record
from sib.academy.models import Competence, ConsentText
from sib.accounts.models import Organisation, User
from sib.accounts.policies import is_coordinator
from sib.brokerage import matching, policies, selectors
from sib.brokerage.models import (
    TRANSITIONS,
    BrokerProfile,
    Challenge,
    ChallengeStatus,
    ChallengeStatusChange,
    Comment,
    CommentReport,
    CommentSupport,
    Consultation,
    ConsultationPhase,
    Introduction,
    IntroductionStatus,
    MatchAssignment,
    MatchRun,
    MatchUnmatched,
    MatchWeights,
    Meeting,
    Notification,
    Resource,
    RunStatus,
)
from sib.core import mail
from sib.core.audit import audit_record
from sib.core.models import SdgGoal, Theme

# A run with at most this many open challenges finishes within the request (the demo's size);
# larger ones go to the task worker and show their progress.
INLINE_RUN_LIMIT = 200


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- notifications -------------------------------------------------------------------------------


def notify(
    *, recipient: User, key: str, subject: str, text: str, url: str, params: dict[str, Any]
) -> Notification:
    """A line in the person's notifications and an e-mail through the outbox, both in their
    language. `subject` and `text` are gettext msgids formatted with `params`."""
    language = recipient.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        line = _(text) % params
        title = _(subject) % params
    notification = Notification.objects.create(recipient=recipient, text=line, url=url)
    mail.enqueue(
        key=f"brokerage:{key}:{recipient.pk}",
        purpose="brokerage",
        to=[recipient.email],
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + title,
        text=f"{line}\n\n{settings.SIB_BASE_URL}{url}\n",
        language=language,
        obj=notification,
    )
    return notification


def notification_mark_read(*, actor: Any, notification_ids: Iterable[int] | None = None) -> int:
    rows = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_ids is not None:
        rows = rows.filter(pk__in=list(notification_ids))
    return rows.update(read_at=timezone.now())


# --- challenges ----------------------------------------------------------------------------------

CHALLENGE_FIELDS = (
    "title_pl",
    "title_en",
    "summary_pl",
    "summary_en",
    "affected_pl",
    "affected_en",
    "evidence_pl",
    "evidence_en",
    "causes_pl",
    "causes_en",
    "existing_pl",
    "existing_en",
    "voivodeship",
    "powiat",
    "gmina",
    "level",
    "stakeholder_groups",
    "languages",
    "stage",
    "brokers_needed",
    "deadline",
)


def _record(
    challenge: Challenge, status: str, actor: Any, note: str = "", when: Any = None
) -> None:
    ChallengeStatusChange.objects.create(
        challenge=challenge,
        status=status,
        changed_at=when or timezone.now(),
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )


def _fill(challenge: Challenge, data: dict[str, Any]) -> None:
    for name in CHALLENGE_FIELDS:
        if name in data:
            setattr(challenge, name, data[name])
    if not (challenge.title_pl or challenge.title_en):
        raise ValidationError({"title_pl": _("Give a title in at least one language.")})
    if not (challenge.summary_pl or challenge.summary_en):
        raise ValidationError({"summary_pl": _("Describe the challenge in at least one language.")})


def _set_tags(
    challenge: Challenge,
    themes: Iterable[Theme] | None,
    sdgs: Iterable[SdgGoal] | None,
    competences: Iterable[Competence] | None,
) -> None:
    if themes is not None:
        challenge.themes.set(list(themes))
    if sdgs is not None:
        challenge.sdgs.set(list(sdgs))
    if competences is not None:
        challenge.competences.set(list(competences))


@transaction.atomic
def challenge_create(
    *,
    actor: User,
    organisation: Organisation | None = None,
    data: dict[str, Any],
    themes: Iterable[Theme] = (),
    sdgs: Iterable[SdgGoal] = (),
    competences: Iterable[Competence] = (),
) -> Challenge:
    """A draft by a partner (for their organisation) or a coordinator (for any, or none)."""
    _require(policies.can_create_challenge(actor))
    if not is_coordinator(actor):
        organisation = actor.partner_for
    challenge = Challenge(organisation=organisation, created_by=actor)
    _fill(challenge, data)
    challenge.full_clean()
    challenge.save()
    _set_tags(challenge, themes, sdgs, competences)
    _record(challenge, ChallengeStatus.DRAFT, actor)
    audit_record(actor=actor, action="brokerage.challenge.create", obj=challenge)
    return challenge


@transaction.atomic
def challenge_update(
    *,
    actor: User,
    challenge: Challenge,
    data: dict[str, Any],
    themes: Iterable[Theme] | None = None,
    sdgs: Iterable[SdgGoal] | None = None,
    competences: Iterable[Competence] | None = None,
) -> Challenge:
    _require(policies.can_edit_challenge(actor, challenge))
    _fill(challenge, data)
    challenge.full_clean()
    challenge.save()
    _set_tags(challenge, themes, sdgs, competences)
    audit_record(actor=actor, action="brokerage.challenge.update", obj=challenge)
    return challenge


def _move(
    *, actor: Any, challenge: Challenge, status: str, note: str = "", when: Any = None
) -> Challenge:
    if status not in TRANSITIONS.get(challenge.status, ()):
        raise ValidationError(
            {
                "status": _("A challenge cannot go from %(old)s to %(new)s.")
                % {
                    "old": ChallengeStatus(challenge.status).label,
                    "new": ChallengeStatus(status).label,
                }
            }
        )
    challenge.status = status
    if status == ChallengeStatus.OPEN and challenge.published_at is None:
        challenge.published_at = when or timezone.now()
    challenge.save(update_fields=["status", "published_at", "updated_at"])
    _record(challenge, status, actor, note, when)
    audit_record(actor=actor, action=f"brokerage.challenge.{status}", obj=challenge, note=note)
    return challenge


@transaction.atomic
def challenge_submit(*, actor: User, challenge: Challenge) -> Challenge:
    """The organisation sends its draft to the coordinators for review."""
    _require(policies.can_submit_challenge(actor, challenge))
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    _move(actor=actor, challenge=challenge, status=ChallengeStatus.SUBMITTED)
    for coordinator in User.objects.filter(is_staff=True, is_active=True):
        notify(
            recipient=coordinator,
            key=f"submitted:{challenge.pk}:{challenge.history.count()}",
            subject=gettext_noop("A challenge waits for review: %(title)s"),
            text=gettext_noop("%(organisation)s submitted the challenge “%(title)s” for review."),
            url=reverse("brokerage:challenge", args=[challenge.pk]),
            params={"title": challenge.title, "organisation": str(challenge.organisation or "")},
        )
    return challenge


@transaction.atomic
def challenge_publish(*, actor: User, challenge: Challenge, when: Any = None) -> Challenge:
    """A coordinator publishes a reviewed challenge: it opens for matching and is public."""
    _require(policies.can_review_challenge(actor, challenge))
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status == ChallengeStatus.DRAFT:
        _move(actor=actor, challenge=challenge, status=ChallengeStatus.SUBMITTED, when=when)
    _move(actor=actor, challenge=challenge, status=ChallengeStatus.OPEN, when=when)
    if challenge.created_by and challenge.created_by != actor:
        notify(
            recipient=challenge.created_by,
            key=f"published:{challenge.pk}",
            subject=gettext_noop("Your challenge is published: %(title)s"),
            text=gettext_noop("The challenge “%(title)s” is published and open for matching."),
            url=reverse("brokerage:challenge", args=[challenge.pk]),
            params={"title": challenge.title},
        )
    return challenge


@transaction.atomic
def challenge_return(*, actor: User, challenge: Challenge, note: str) -> Challenge:
    """A coordinator sends a submitted challenge back to its organisation with a note."""
    _require(policies.can_review_challenge(actor, challenge))
    if not note.strip():
        raise ValidationError({"note": _("Say what should change.")})
    return _move(actor=actor, challenge=challenge, status=ChallengeStatus.DRAFT, note=note)


@transaction.atomic
def challenge_set_status(
    *, actor: User, challenge: Challenge, status: str, note: str = "", when: Any = None
) -> Challenge:
    """Matched → in progress → solved, or closed at any point (coordinator or organisation)."""
    _require(policies.can_change_progress(actor, challenge))
    return _move(actor=actor, challenge=challenge, status=status, note=note, when=when)


# --- broker profiles -----------------------------------------------------------------------------

PROFILE_FIELDS = (
    "regions",
    "home_gmina",
    "remote",
    "languages",
    "capacity",
    "available_from",
    "available_until",
    "stages",
    "experience_years",
    "name_public",
)


@transaction.atomic
def broker_profile_save(
    *,
    actor: User,
    user: User,
    data: dict[str, Any],
    declared_competences: Iterable[Competence] | None = None,
    themes: Iterable[Theme] | None = None,
    conflicts: Iterable[Organisation] | None = None,
) -> BrokerProfile:
    """The broker's own profile (or a coordinator's edit of it)."""
    _require(actor.pk == user.pk or is_coordinator(actor))
    profile, _created = BrokerProfile.objects.get_or_create(user=user)
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    profile.full_clean()
    profile.save()
    if declared_competences is not None:
        profile.declared_competences.set(list(declared_competences))
    if themes is not None:
        profile.themes.set(list(themes))
    if conflicts is not None:
        profile.conflicts.set(list(conflicts))
    audit_record(actor=actor, action="brokerage.profile.save", obj=profile)
    return profile


@transaction.atomic
def broker_consent(*, actor: User, profile: BrokerProfile, given: bool) -> BrokerProfile:
    """Consent to be matched, given or withdrawn (withdrawn: no new suggestions)."""
    _require(actor.pk == profile.user_id)
    profile.consent_at = timezone.now() if given else None
    profile.save(update_fields=["consent_at", "updated_at"])
    audit_record(
        actor=actor, action="brokerage.consent." + ("give" if given else "withdraw"), obj=profile
    )
    return profile


# --- resources ---------------------------------------------------------------------------------


@transaction.atomic
def resource_save(
    *,
    actor: User,
    resource: Resource | None = None,
    organisation: Organisation | None = None,
    data: dict[str, Any],
    themes: Iterable[Theme] | None = None,
) -> Resource:
    if resource is None:
        if not is_coordinator(actor):
            _require(bool(actor.partner_for_id))
            organisation = actor.partner_for
        resource = Resource(organisation=organisation)
    else:
        _require(is_coordinator(actor) or resource.organisation_id == actor.partner_for_id)
    for name in (
        "kind",
        "title_pl",
        "title_en",
        "description_pl",
        "description_en",
        "eligibility_pl",
        "eligibility_en",
        "regions",
        "deadline",
        "active",
    ):
        if name in data:
            setattr(resource, name, data[name])
    resource.full_clean()
    resource.save()
    if themes is not None:
        resource.themes.set(list(themes))
    audit_record(actor=actor, action="brokerage.resource.save", obj=resource)
    return resource


# --- matching ------------------------------------------------------------------------------------


@transaction.atomic
def weights_set(*, actor: User, weights: dict[str, float], note: str = "") -> MatchWeights:
    """A new version of the weights (the old ones stay as history)."""
    _require(policies.can_match(actor))
    clean = {}
    for name in matching.FACTORS:
        value = float(weights.get(name, 0.0))
        if not 0 <= value <= 1:
            raise ValidationError({name: _("A weight is between 0 and 1.")})
        clean[name] = value
    if sum(clean.values()) <= 0:
        raise ValidationError({"weights": _("At least one weight must be above zero.")})
    row = MatchWeights.objects.create(weights=clean, created_by=actor, note=note[:300])
    audit_record(actor=actor, action="brokerage.weights.set", obj=row, weights=clean)
    return row


@transaction.atomic
def match_run_start(
    *, actor: User, even_load: bool = False, challenge_ids: Sequence[int] = ()
) -> MatchRun:
    """Queue a batch run over the given open challenges (all open ones when none are given).
    Small runs finish here; large ones run in the worker and report progress."""
    _require(policies.can_match(actor))
    run = MatchRun.objects.create(
        even_load=even_load,
        weights=selectors.current_weights(),
        challenge_ids=[int(pk) for pk in challenge_ids],
        created_by=actor,
    )
    audit_record(actor=actor, action="brokerage.run.start", obj=run, even_load=even_load)
    open_count = Challenge.objects.filter(status=ChallengeStatus.OPEN)
    if challenge_ids:
        open_count = open_count.filter(pk__in=list(challenge_ids))
    if open_count.count() <= INLINE_RUN_LIMIT:
        return match_run_execute(run_id=run.pk)
    from sib.brokerage.tasks import run_matching

    def queue() -> None:
        result = run_matching.enqueue(run_id=run.pk)
        MatchRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(queue)
    return run


def _progress(run: MatchRun, percent: int) -> None:
    MatchRun.objects.filter(pk=run.pk).update(progress=percent)


def match_run_execute(*, run_id: int) -> MatchRun:
    """Do the run: score the feasible pairs, solve, store assignments and what stayed unmatched.
    Idempotent: a finished or failed run is returned as it is."""
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.status in {RunStatus.FINISHED, RunStatus.FAILED}:
            return run
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])
    try:
        with transaction.atomic():
            _execute(run)
    except Exception as error:  # noqa: BLE001 - the run records the failure for the coordinator
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    run.refresh_from_db()
    return run


def _execute(run: MatchRun) -> None:
    challenges = Challenge.objects.filter(status=ChallengeStatus.OPEN).prefetch_related(
        "themes", "competences"
    )
    if run.challenge_ids:
        challenges = challenges.filter(pk__in=run.challenge_ids)
    challenge_list = list(challenges.order_by("id"))
    table = selectors.broker_table()
    rows = selectors.challenge_rows(challenge_list, table)
    _progress(run, 20)
    result = matching.solve_batch(rows, table, run.weights, even_load=run.even_load)
    _progress(run, 85)
    by_challenge: dict[int, list[int]] = {}
    for c_index, b_row in zip(result.challenge.tolist(), result.broker.tolist(), strict=True):
        by_challenge.setdefault(int(c_index), []).append(int(b_row))
    assignments = []
    for c_index, broker_rows in by_challenge.items():
        row = rows[c_index]
        for suggestion in matching.describe(row, table, broker_rows, run.weights):
            assignments.append(
                MatchAssignment(
                    run=run,
                    challenge_id=row.id,
                    broker_id=suggestion.broker_id,
                    score=suggestion.score,
                    factors=suggestion.factors,
                    languages=suggestion.languages,
                )
            )
    MatchAssignment.objects.bulk_create(assignments, batch_size=2000)
    feasible_counts = result.feasible_count
    unmatched = []
    for index, row in enumerate(rows):
        got = len(by_challenge.get(index, ()))
        if got < row.demand:
            unmatched.append(
                MatchUnmatched(
                    run=run,
                    challenge_id=row.id,
                    missing=row.demand - got,
                    reason=matching.unmatched_reason(
                        feasible_count=int(feasible_counts[index]),
                        missing=row.demand - got,
                        demand=row.demand,
                    ),
                )
            )
    MatchUnmatched.objects.bulk_create(unmatched, batch_size=2000)
    run.total_score = round(sum(a.score for a in assignments), 4)
    run.pairs = result.pairs
    run.status = RunStatus.FINISHED
    run.progress = 100
    run.finished_at = timezone.now()
    run.save(update_fields=["total_score", "pairs", "status", "progress", "finished_at"])


# --- introductions ------------------------------------------------------------------------------


def _broker_url(introduction: Introduction) -> str:
    return reverse("brokerage:introduction", args=[introduction.pk])


@transaction.atomic
def introduction_propose(
    *, actor: User, challenge: Challenge, broker: BrokerProfile, run: MatchRun | None = None
) -> Introduction:
    """Put a suggestion to the broker. The pair must pass the hard filters now; its score and
    factors are stored as they are computed now (or as the run stored them)."""
    _require(policies.can_match(actor))
    if challenge.status != ChallengeStatus.OPEN:
        raise ValidationError(_("Only an open challenge can be offered to brokers."))
    table = selectors.broker_table()
    row = selectors.challenge_rows([challenge], table)[0]
    try:
        broker_row = table.row(broker.pk)
    except KeyError:
        raise ValidationError(_("This person has no broker profile.")) from None
    if not matching.feasible(row, table)[broker_row]:
        raise ValidationError(_("This broker does not pass the hard filters for this challenge."))
    assignment = None
    if run is not None:
        assignment = run.assignments.filter(challenge=challenge, broker=broker).first()
    if assignment is not None:
        score, factors, languages = assignment.score, assignment.factors, assignment.languages
    else:
        suggestion = matching.describe(row, table, [broker_row], selectors.current_weights())[0]
        score, factors, languages = suggestion.score, suggestion.factors, suggestion.languages
    introduction = Introduction(
        challenge=challenge,
        broker=broker,
        run=run,
        score=score,
        factors=factors,
        languages=languages,
        proposed_by=actor,
    )
    introduction.full_clean()
    introduction.save()
    audit_record(actor=actor, action="brokerage.introduction.propose", obj=introduction)
    notify(
        recipient=broker.user,
        key=f"proposed:{introduction.pk}",
        subject=gettext_noop("A challenge for you: %(title)s"),
        text=gettext_noop("You are suggested for the challenge “%(title)s”. Accept or decline it."),
        url=_broker_url(introduction),
        params={"title": challenge.title},
    )
    return introduction


@transaction.atomic
def introductions_from_run(*, actor: User, run: MatchRun) -> list[Introduction]:
    """Propose every assignment of a finished run that is still possible."""
    _require(policies.can_match(actor))
    if run.status != RunStatus.FINISHED:
        raise ValidationError(_("The run has not finished."))
    made = []
    for assignment in selectors.run_assignments(run):
        if Introduction.objects.filter(
            challenge=assignment.challenge, broker=assignment.broker
        ).exists():
            continue
        try:
            with transaction.atomic():
                made.append(
                    introduction_propose(
                        actor=actor,
                        challenge=assignment.challenge,
                        broker=assignment.broker,
                        run=run,
                    )
                )
        except ValidationError:
            continue
    return made


def _tell_the_organisation(introduction: Introduction, key: str, subject: str, text: str) -> None:
    challenge = introduction.challenge
    recipients = set()
    if challenge.organisation_id:
        recipients |= set(
            User.objects.filter(partner_for_id=challenge.organisation_id, is_active=True)
        )
    if introduction.proposed_by:
        recipients.add(introduction.proposed_by)
    for person in recipients:
        notify(
            recipient=person,
            key=f"{key}:{introduction.pk}",
            subject=subject,
            text=text,
            url=_broker_url(introduction),
            params={"title": challenge.title, "broker": str(introduction.broker.user)},
        )


@transaction.atomic
def introduction_accept(
    *, actor: User, introduction: Introduction, when: Any = None
) -> Introduction:
    """The broker (or a coordinator for them) accepts: the introduction binds and takes one of the
    broker's places; the challenge is matched once its demand is filled."""
    _require(policies.can_decide_introduction(actor, introduction))
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.status != IntroductionStatus.PROPOSED:
        raise ValidationError(_("This introduction has been decided already."))
    profile = introduction.broker
    if selectors.taken_places([profile.pk]).get(profile.pk, 0) >= profile.capacity:
        raise ValidationError(_("The broker has no capacity left."))
    introduction.status = IntroductionStatus.ACCEPTED
    introduction.decided_by = actor
    introduction.decided_at = when or timezone.now()
    introduction.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    challenge = Challenge.objects.select_for_update().get(pk=introduction.challenge_id)
    accepted = challenge.introductions.filter(status=IntroductionStatus.ACCEPTED).count()
    if challenge.status == ChallengeStatus.OPEN and accepted >= challenge.brokers_needed:
        _move(actor=actor, challenge=challenge, status=ChallengeStatus.MATCHED, when=when)
    audit_record(actor=actor, action="brokerage.introduction.accept", obj=introduction)
    _tell_the_organisation(
        introduction,
        "accepted",
        gettext_noop("A broker takes your challenge: %(title)s"),
        gettext_noop("%(broker)s accepted the introduction to the challenge “%(title)s”."),
    )
    return introduction


@transaction.atomic
def introduction_decline(*, actor: User, introduction: Introduction, reason: str) -> Introduction:
    _require(policies.can_decline_introduction(actor, introduction))
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.status == IntroductionStatus.DECLINED:
        raise ValidationError(_("This introduction has been declined already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    was_accepted = introduction.status == IntroductionStatus.ACCEPTED
    introduction.status = IntroductionStatus.DECLINED
    introduction.decided_by = actor
    introduction.decided_at = timezone.now()
    introduction.reason = reason.strip()[:2000]
    introduction.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    challenge = introduction.challenge
    if was_accepted and challenge.status == ChallengeStatus.MATCHED:
        _move(actor=actor, challenge=challenge, status=ChallengeStatus.OPEN, note=reason)
    audit_record(actor=actor, action="brokerage.introduction.decline", obj=introduction)
    if actor.pk != introduction.broker.user_id:
        notify(
            recipient=introduction.broker.user,
            key=f"declined:{introduction.pk}",
            subject=gettext_noop("An introduction was declined: %(title)s"),
            text=gettext_noop(
                "The introduction to the challenge “%(title)s” was declined: %(reason)s"
            ),
            url=_broker_url(introduction),
            params={"title": challenge.title, "reason": introduction.reason},
        )
    else:
        _tell_the_organisation(
            introduction,
            "declined",
            gettext_noop("A broker declined: %(title)s"),
            gettext_noop("%(broker)s declined the introduction to the challenge “%(title)s”."),
        )
    return introduction


@transaction.atomic
def introduction_outcome(
    *, actor: User, introduction: Introduction, outcome: str, note: str = ""
) -> Introduction:
    """What came of an accepted introduction (kept for learning better weights)."""
    _require(
        policies.can_decide_introduction(actor, introduction)
        or policies.is_challenge_owner(actor, introduction.challenge)
    )
    introduction.outcome = outcome
    introduction.outcome_note = note
    introduction.full_clean()
    introduction.save(update_fields=["outcome", "outcome_note", "updated_at"])
    audit_record(actor=actor, action="brokerage.introduction.outcome", obj=introduction)
    return introduction


# --- social dialogue ----------------------------------------------------------------------------


def sanitise(text: str) -> str:
    """Comments are plain text: every tag is removed (nh3), line breaks kept by the template."""
    return nh3.clean(text, tags=set()).strip()


@transaction.atomic
def consultation_create(
    *,
    actor: User,
    challenge: Challenge | None,
    data: dict[str, Any],
    phases: Sequence[tuple[str, dt.date, dt.date]] = (),
) -> Consultation:
    _require(
        is_coordinator(actor)
        or (challenge is not None and policies.is_challenge_owner(actor, challenge))
    )
    consultation = Consultation(challenge=challenge, created_by=actor)
    for name in (
        "title_pl",
        "title_en",
        "description_pl",
        "description_en",
        "voivodeship",
        "gmina",
        "opens_at",
        "closes_at",
        "published",
    ):
        if name in data:
            setattr(consultation, name, data[name])
    if challenge is not None and not consultation.voivodeship:
        consultation.voivodeship = challenge.voivodeship
        consultation.gmina = consultation.gmina or challenge.gmina
    consultation.full_clean()
    consultation.save()
    for name, starts, ends in phases:
        phase = ConsultationPhase(
            consultation=consultation, name=name, starts_on=starts, ends_on=ends
        )
        if ends < starts:
            raise ValidationError({"phases": _("A phase ends before it starts.")})
        phase.save()
    audit_record(actor=actor, action="brokerage.consultation.create", obj=consultation)
    return consultation


@transaction.atomic
def comment_add(
    *,
    actor: User,
    consultation: Consultation,
    body: str,
    parent: Comment | None = None,
    stakeholder_group: str = "",
) -> Comment:
    """A comment or a reply; published at once and moderated afterwards."""
    _require(policies.can_comment(actor, consultation))
    now = timezone.now()
    if not consultation.opens_at <= now <= consultation.closes_at:
        raise ValidationError(_("The consultation is not taking comments now."))
    if parent is not None and parent.consultation_id != consultation.pk:
        raise ValidationError(_("Reply to a comment of this consultation."))
    text = sanitise(body)
    if not text:
        raise ValidationError({"body": _("Write something.")})
    comment = Comment(
        consultation=consultation,
        parent=parent,
        author=actor,
        body=text[:5000],
        stakeholder_group=stakeholder_group,
    )
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action="brokerage.comment.add", obj=comment)
    return comment


GUEST_CONSENT = "brokerage.consultation"
GUEST_SALT = "sib.brokerage.guest-comment"


def guest_terms() -> ConsentText:
    """The newest version of the terms residents agree to (written by a data migration)."""
    text = ConsentText.objects.filter(key=GUEST_CONSENT).order_by("-version").first()
    if text is None:  # a database flushed after migrating lost the migration's row
        from sib.brokerage.migrations import _consent_consultation as first

        first.create(django_apps, None)
        text = ConsentText.objects.get(key=GUEST_CONSENT, version=1)
    return text


@transaction.atomic
def guest_comment_add(
    *,
    consultation: Consultation,
    name: str,
    email: str,
    body: str,
    consent: bool,
    stakeholder_group: str = "",
    language: str = "",
) -> Comment:
    """A resident's comment without an account: kept unpublished until the address is confirmed
    by the link mailed to it (decision 0606). The consent to the terms is recorded."""
    if not policies.takes_guest_comments(consultation):
        raise ValidationError(_("The consultation is not taking comments now."))
    if not consent:
        raise ValidationError({"consent": _("Agree to the consultation's terms to take part.")})
    text = sanitise(body)
    if not text:
        raise ValidationError({"body": _("Write something.")})
    shown_name = sanitise(name)[:80]
    if not shown_name:
        raise ValidationError({"name": _("Give the name shown with your comment.")})
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    comment = Comment(
        consultation=consultation,
        guest_name=shown_name,
        guest_email=email.strip().lower(),
        guest_language=language,
        body=text[:5000],
        stakeholder_group=stakeholder_group,
    )
    comment.full_clean()
    comment.save()
    consent_record(text=guest_terms(), email=comment.guest_email, about=comment)
    token = signing.dumps({"c": comment.pk, "e": comment.guest_email}, salt=GUEST_SALT)
    url = settings.SIB_BASE_URL + reverse("brokerage:comment-confirm", args=[token])
    params = {
        "title": consultation.title,
        "url": url,
        "days": settings.SIB_GUEST_COMMENT_PENDING_DAYS,
    }
    with translation.override(language):
        subject = _("Confirm your comment") % params
        message = (
            _(
                "Thank you for your comment in the consultation “%(title)s”. It is published "
                "once you confirm your e-mail address with this link (valid for %(days)s days):"
            )
            % params
            + f"\n\n{url}\n\n"
            + _("If you did not write it, ignore this message: the comment will be deleted.")
        )
    mail.enqueue(
        key=f"brokerage:guest-confirm:{comment.pk}",
        purpose="brokerage",
        to=[comment.guest_email],
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        text=message + "\n",
        language=language,
        obj=comment,
    )
    audit_record(actor=None, action="brokerage.comment.guest_add", obj=comment)
    return comment


def guest_comment_for_token(token: str) -> Comment:
    """The resident's comment a confirmation link names; ValidationError when the link is
    damaged, expired, or its comment is gone."""
    invalid = ValidationError(
        _("This link is not valid or has expired. Write your comment again, please.")
    )
    try:
        data = signing.loads(
            token,
            salt=GUEST_SALT,
            max_age=dt.timedelta(days=settings.SIB_GUEST_COMMENT_PENDING_DAYS),
        )
    except signing.BadSignature:
        raise invalid from None
    if not isinstance(data, dict):
        raise invalid
    comment = (
        Comment.objects.select_related("consultation")
        .filter(pk=int(data.get("c") or 0), author__isnull=True, guest_email=data.get("e") or "-")
        .first()
    )
    if comment is None:
        raise invalid
    return comment


@transaction.atomic
def guest_comment_confirm(*, token: str) -> Comment:
    """Publish the comment the link names (once: a second click changes nothing)."""
    comment = guest_comment_for_token(token)
    if comment.confirmed_at is None:
        comment.confirmed_at = timezone.now()
        comment.save(update_fields=["confirmed_at"])
        audit_record(actor=None, action="brokerage.comment.guest_confirm", obj=comment)
    return comment


@transaction.atomic
def comment_support(*, actor: User, comment: Comment) -> bool:
    """Support a comment once; a second call takes the support back. Answers whether it stands."""
    _require(policies.can_comment(actor, comment.consultation))
    deleted, _rows = CommentSupport.objects.filter(comment=comment, user=actor).delete()
    if deleted:
        return False
    CommentSupport.objects.create(comment=comment, user=actor)
    return True


@transaction.atomic
def comment_report(*, actor: User, comment: Comment, reason: str) -> CommentReport:
    _require(actor.is_authenticated)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong.")})
    report = CommentReport.objects.create(
        comment=comment, reporter=actor, reason=sanitise(reason)[:2000]
    )
    for coordinator in User.objects.filter(is_staff=True, is_active=True):
        notify(
            recipient=coordinator,
            key=f"report:{report.pk}",
            subject=gettext_noop("A comment was reported"),
            text=gettext_noop("A comment in the consultation “%(title)s” was reported: %(reason)s"),
            url=reverse("brokerage:consultation", args=[comment.consultation_id]),
            params={"title": comment.consultation.title, "reason": report.reason},
        )
    return report


@transaction.atomic
def comment_hide(*, actor: User, comment: Comment, reason: str) -> Comment:
    """A moderator hides a comment; its author is told why."""
    _require(policies.can_moderate(actor, comment))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the author will read.")})
    comment.hidden_at = timezone.now()
    comment.hidden_by = actor
    comment.hidden_reason = reason.strip()[:2000]
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    comment.reports.filter(handled_at__isnull=True).update(handled_at=comment.hidden_at)
    audit_record(actor=actor, action="brokerage.comment.hide", obj=comment, reason=reason)
    if comment.author is None:
        _tell_guest_hidden(comment)
        return comment
    notify(
        recipient=comment.author,
        key=f"hidden:{comment.pk}",
        subject=gettext_noop("Your comment was hidden"),
        text=gettext_noop(
            "Your comment in the consultation “%(title)s” was hidden by a moderator: %(reason)s"
        ),
        url=reverse("brokerage:consultation", args=[comment.consultation_id]),
        params={"title": comment.consultation.title, "reason": comment.hidden_reason},
    )
    return comment


def _tell_guest_hidden(comment: Comment) -> None:
    """A resident without an account hears of the moderation by e-mail, in their language."""
    if not comment.guest_email:
        return
    params = {"title": comment.consultation.title, "reason": comment.hidden_reason}
    with translation.override(comment.guest_language or settings.LANGUAGE_CODE):
        subject = _("Your comment was hidden")
        text = (
            _("Your comment in the consultation “%(title)s” was hidden by a moderator: %(reason)s")
            % params
        )
    url = settings.SIB_BASE_URL + reverse("brokerage:consultation", args=[comment.consultation_id])
    mail.enqueue(
        key=f"brokerage:hidden:{comment.pk}:guest",
        purpose="brokerage",
        to=[comment.guest_email],
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        text=f"{text}\n\n{url}\n",
        language=comment.guest_language,
        obj=comment,
    )


@transaction.atomic
def meeting_save(
    *,
    actor: User,
    consultation: Consultation,
    starts_at: dt.datetime,
    place: str = "",
    agenda: str = "",
    minutes: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    _require(policies.can_manage_consultation(actor, consultation))
    meeting = meeting or Meeting(consultation=consultation)
    meeting.starts_at = starts_at
    meeting.place = place
    meeting.agenda = sanitise(agenda)
    meeting.minutes = sanitise(minutes)
    meeting.full_clean()
    meeting.save()
    audit_record(actor=actor, action="brokerage.meeting.save", obj=meeting)
    return meeting


@transaction.atomic
def synthesis_write(*, actor: User, consultation: Consultation, text: str) -> Consultation:
    _require(policies.can_write_synthesis(actor, consultation))
    consultation.synthesis = sanitise(text)
    consultation.synthesis_by = actor
    consultation.save(update_fields=["synthesis", "synthesis_by", "updated_at"])
    audit_record(actor=actor, action="brokerage.consultation.synthesis", obj=consultation)
    return consultation


@transaction.atomic
def official_answer(
    *, actor: User, consultation: Consultation, answer: str, action: str = ""
) -> Consultation:
    """The organisation's official answer and what was done about it."""
    _require(policies.can_manage_consultation(actor, consultation))
    consultation.answer = sanitise(answer)
    consultation.answer_action = sanitise(action)
    consultation.answered_at = timezone.now()
    consultation.save(update_fields=["answer", "answer_action", "answered_at", "updated_at"])
    audit_record(actor=actor, action="brokerage.consultation.answer", obj=consultation)
    return consultation
