"""Who may see and do what in the brokerage. Hidden objects answer 404, visible ones 403."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sib.accounts.policies import is_coordinator
from sib.brokerage.models import (
    PUBLIC_STATUSES,
    Challenge,
    ChallengeStatus,
    Comment,
    Consultation,
    Introduction,
)


def challenge_visibility(actor: Any) -> Q:
    """Published challenges for everyone; drafts only for their organisation and coordinators."""
    if is_coordinator(actor):
        return Q()
    visible = Q(status__in=PUBLIC_STATUSES)
    if actor is not None and actor.is_authenticated:
        visible |= Q(created_by_id=actor.pk)
        if actor.partner_for_id:
            visible |= Q(organisation_id=actor.partner_for_id)
    return visible


def can_view_challenge(actor: Any, challenge: Challenge) -> bool:
    if challenge.is_public or is_coordinator(actor):
        return True
    if actor is None or not actor.is_authenticated:
        return False
    return challenge.created_by_id == actor.pk or (
        actor.partner_for_id is not None and challenge.organisation_id == actor.partner_for_id
    )


def can_create_challenge(actor: Any) -> bool:
    return is_coordinator(actor) or bool(
        actor.is_authenticated and actor.is_active and actor.partner_for_id
    )


def is_challenge_owner(actor: Any, challenge: Challenge) -> bool:
    return bool(
        actor.is_authenticated
        and actor.partner_for_id is not None
        and challenge.organisation_id == actor.partner_for_id
    )


def can_edit_challenge(actor: Any, challenge: Challenge) -> bool:
    """Coordinators always; the organisation's partners while it is a draft or sent back."""
    if is_coordinator(actor):
        return True
    return is_challenge_owner(actor, challenge) and challenge.status == ChallengeStatus.DRAFT


def can_submit_challenge(actor: Any, challenge: Challenge) -> bool:
    return challenge.status == ChallengeStatus.DRAFT and (
        is_coordinator(actor) or is_challenge_owner(actor, challenge)
    )


def can_review_challenge(actor: Any, challenge: Challenge) -> bool:
    return is_coordinator(actor)


def can_change_progress(actor: Any, challenge: Challenge) -> bool:
    """Moving a matched challenge on (in progress, solved, closed): coordinators and its
    organisation."""
    return is_coordinator(actor) or is_challenge_owner(actor, challenge)


def can_match(actor: Any) -> bool:
    """Suggestions, batch runs, weights: the coordinators' tools."""
    return is_coordinator(actor)


def introduction_visibility(actor: Any) -> Q:
    if is_coordinator(actor):
        return Q()
    if actor is None or not actor.is_authenticated:
        return Q(pk__in=[])
    visible = Q(broker__user_id=actor.pk)
    if actor.partner_for_id:
        visible |= Q(challenge__organisation_id=actor.partner_for_id)
    return visible


def can_view_introduction(actor: Any, introduction: Introduction) -> bool:
    if is_coordinator(actor):
        return True
    if not actor.is_authenticated:
        return False
    return introduction.broker.user_id == actor.pk or (
        actor.partner_for_id is not None
        and introduction.challenge.organisation_id == actor.partner_for_id
    )


def can_decide_introduction(actor: Any, introduction: Introduction) -> bool:
    """The broker or a coordinator accepts or declines; the organisation may decline."""
    return is_coordinator(actor) or introduction.broker.user_id == actor.pk


def can_decline_introduction(actor: Any, introduction: Introduction) -> bool:
    return can_decide_introduction(actor, introduction) or is_challenge_owner(
        actor, introduction.challenge
    )


def can_create_consultation(actor: Any) -> bool:
    """Coordinators on any challenge or topic; partners on their organisation's challenges."""
    return can_create_challenge(actor)


def can_consult_on(actor: Any, challenge: Challenge) -> bool:
    """Whether the person may open a consultation on this challenge (the same rule as the
    form's choices: coordinators on any challenge past its draft, partners on their own)."""
    if challenge.status == ChallengeStatus.DRAFT or not can_create_consultation(actor):
        return False
    return is_coordinator(actor) or challenge.organisation_id == actor.partner_for_id


def can_manage_resources(actor: Any) -> bool:
    """Coordinators for every organisation; partners for their own (decision 0607)."""
    return can_create_challenge(actor)


def can_edit_resource(actor: Any, resource: Any) -> bool:
    if is_coordinator(actor):
        return True
    return bool(
        actor.is_authenticated
        and actor.partner_for_id is not None
        and resource.organisation_id == actor.partner_for_id
    )


def can_manage_consultation(actor: Any, consultation: Consultation) -> bool:
    if is_coordinator(actor):
        return True
    return consultation.challenge is not None and is_challenge_owner(actor, consultation.challenge)


def can_view_consultation(actor: Any, consultation: Consultation) -> bool:
    return consultation.published or can_manage_consultation(actor, consultation)


def can_comment(actor: Any, consultation: Consultation) -> bool:
    return bool(actor.is_authenticated and actor.is_active and consultation.published)


def takes_guest_comments(consultation: Consultation, *, now: Any = None) -> bool:
    """A resident without an account may comment on a published consultation while it is open
    (with a confirmed e-mail address, decision 0606)."""
    from django.utils import timezone

    now = now or timezone.now()
    return bool(consultation.published and consultation.opens_at <= now <= consultation.closes_at)


def can_moderate(actor: Any, comment: Comment) -> bool:
    return is_coordinator(actor)


def can_write_synthesis(actor: Any, consultation: Consultation) -> bool:
    """The broker on the challenge (an accepted introduction) or a coordinator."""
    if is_coordinator(actor):
        return True
    if consultation.challenge_id is None or not actor.is_authenticated:
        return False
    return Introduction.objects.filter(
        challenge_id=consultation.challenge_id, broker__user_id=actor.pk, status="accepted"
    ).exists()
