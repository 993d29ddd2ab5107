"""The brokerage's part of a person's data: broker profile, challenges and introductions,
notifications, and what they wrote in consultations (comments, supports, reports)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sib.accounts.models import User
from sib.brokerage.models import (
    BrokerProfile,
    Challenge,
    ChallengeStatusChange,
    Comment,
    CommentReport,
    CommentSupport,
    Consultation,
    Introduction,
    MatchAssignment,
    MatchRun,
    MatchWeights,
    Notification,
)
from sib.core.privacy import PersonalData, plain, rows

# Stored in place of a comment's text: the comment still counts (and its replies keep their
# thread), but says nothing of its author. Stored data, so one neutral text in both languages.
REMOVED = "[removed at the person's request / usunięto na prośbę tej osoby]"


def _guest_comments(person: User) -> Any:
    if not person.email:
        return Comment.objects.none()
    return Comment.objects.filter(author__isnull=True, guest_email__iexact=person.email)


def export(*, person: User) -> dict[str, Any]:
    profile = BrokerProfile.objects.filter(user=person).first()
    profile_data: dict[str, Any] | None = None
    if profile is not None:
        profile_data = {
            **rows([profile], exclude={"user"})[0],
            "declared_competences": [str(c) for c in profile.declared_competences.all()],
            "themes": [str(t) for t in profile.themes.all()],
            "conflicts_of_interest": [str(o) for o in profile.conflicts.all()],
        }
    return plain(
        {
            "broker_profile": profile_data,
            "introductions_as_broker": rows(
                Introduction.objects.filter(broker__user=person).order_by("id"),
                exclude={"factors"},
            ),
            "introductions_you_decided": list(
                Introduction.objects.filter(Q(decided_by=person) | Q(proposed_by=person))
                .order_by("id")
                .values("id", "challenge_id", "status", "decided_at", "reason")
            ),
            "match_assignments": list(
                MatchAssignment.objects.filter(broker__user=person).values("run_id", "challenge_id")
            ),
            "challenges_written": list(
                Challenge.objects.filter(created_by=person)
                .order_by("id")
                .values("id", "title", "status", "created_at")
            ),
            "challenge_status_changes": rows(
                ChallengeStatusChange.objects.filter(changed_by=person).order_by("id"),
                exclude={"changed_by"},
            ),
            "matching_weights_set": rows(
                MatchWeights.objects.filter(created_by=person).order_by("id"),
                exclude={"created_by"},
            ),
            "match_runs_started": list(
                MatchRun.objects.filter(created_by=person).order_by("id").values("id", "created_at")
            ),
            "consultations": [
                {
                    "id": c.pk,
                    "title": c.title,
                    "created_by_you": c.created_by_id == person.pk,
                    "synthesis_by_you": c.synthesis if c.synthesis_by_id == person.pk else "",
                }
                for c in Consultation.objects.filter(
                    Q(created_by=person) | Q(synthesis_by=person)
                ).order_by("id")
            ],
            "comments": rows(
                Comment.objects.filter(author=person).order_by("id"),
                exclude={"author", "hidden_by", "guest_name", "guest_email", "guest_language"},
            ),
            # Written without an account from the person's address (decision 0606).
            "comments_without_account": rows(
                _guest_comments(person).order_by("id"), exclude={"author", "hidden_by"}
            ),
            "comments_supported": list(
                CommentSupport.objects.filter(user=person)
                .order_by("id")
                .values_list("comment_id", flat=True)
            ),
            "comments_reported": rows(
                CommentReport.objects.filter(reporter=person).order_by("id"), exclude={"reporter"}
            ),
            "notifications": [
                {"text": n.text, "url": n.url, "at": plain(n.created_at), "read": plain(n.read_at)}
                for n in Notification.objects.filter(recipient=person)
            ],
        }
    )


def erase(*, person: User) -> None:
    """Comments and reports keep their place (counts per stakeholder group, threads, moderation
    history) and lose their text; the broker profile loses the home municipality, the consent to
    be matched, the public name and the conflicts of interest (so the person is matched no more);
    introductions to them lose the reasons and outcome notes; notifications go. Supports stay
    (a count). Challenges, syntheses and answers are the organisation's work: they stay,
    credited to the anonymised account."""
    Comment.objects.filter(author=person).update(body=REMOVED)
    _guest_comments(person).update(body=REMOVED, guest_name="", guest_email="erased@erased.invalid")
    CommentReport.objects.filter(reporter=person).update(reason=REMOVED)
    for profile in BrokerProfile.objects.filter(user=person):
        profile.home_gmina = ""
        profile.consent_at = None
        profile.name_public = False
        profile.save(update_fields=["home_gmina", "consent_at", "name_public", "updated_at"])
        profile.conflicts.clear()
    Introduction.objects.filter(broker__user=person).update(reason="", outcome_note="")
    Notification.objects.filter(recipient=person).delete()


def purge(*, now: Any, dry_run: bool = False) -> list[Any]:
    """Residents' comments without an account (decision 0606): unconfirmed ones are deleted
    `SIB_GUEST_COMMENT_PENDING_DAYS` after they were written (the link has expired); confirmed
    ones lose the e-mail address `SIB_GUEST_COMMENT_EMAIL_DAYS` after their consultation closed
    (the comment and the name shown stay, as published)."""
    import datetime as dt

    from django.conf import settings
    from django.db import transaction

    from sib.core.retention import Purged

    pending_days = settings.SIB_GUEST_COMMENT_PENDING_DAYS
    email_days = settings.SIB_GUEST_COMMENT_EMAIL_DAYS
    pending = Comment.objects.filter(
        author__isnull=True,
        confirmed_at__isnull=True,
        created_at__lt=now - dt.timedelta(days=pending_days),
    )
    addresses = Comment.objects.filter(
        author__isnull=True,
        confirmed_at__isnull=False,
        consultation__closes_at__lt=now - dt.timedelta(days=email_days),
    ).exclude(guest_email="erased@erased.invalid")
    if dry_run:
        return [
            Purged("unconfirmed consultation comments", pending.count(), pending_days),
            Purged("residents' addresses on consultation comments", addresses.count(), email_days),
        ]
    with transaction.atomic():
        deleted = pending.count()
        pending.delete()
        cleared = addresses.update(guest_email="erased@erased.invalid")
    return [
        Purged("unconfirmed consultation comments", deleted, pending_days),
        Purged("residents' addresses on consultation comments", cleared, email_days),
    ]


PERSONAL_DATA = PersonalData(
    app="brokerage",
    covers=(
        "brokerage.brokerprofile",
        "brokerage.introduction",
        "brokerage.matchassignment",
        "brokerage.challenge",
        "brokerage.challengestatuschange",
        "brokerage.matchweights",
        "brokerage.matchrun",
        "brokerage.consultation",
        "brokerage.comment",
        "brokerage.commentsupport",
        "brokerage.commentreport",
        "brokerage.notification",
    ),
    export=export,
    erase=erase,
)
