"""Reads of the brokerage, each taking `actor` and a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, F, Max, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils.translation import gettext

from sib.academy.models import Competence
from sib.accounts.choices import Voivodeship
from sib.brokerage import matching, policies
from sib.brokerage.models import (
    PUBLIC_STATUSES,
    BrokerProfile,
    Challenge,
    ChallengeStatus,
    Comment,
    Consultation,
    Introduction,
    IntroductionStatus,
    MatchRun,
    MatchWeights,
    Notification,
    Resource,
    StakeholderGroup,
)
from sib.core.models import Theme
from sib.core.selectors import linked_values

ACTIVE_CHALLENGE = (ChallengeStatus.MATCHED, ChallengeStatus.IN_PROGRESS, ChallengeStatus.OPEN)


def _challenge_queryset() -> QuerySet[Challenge]:
    return Challenge.objects.select_related("organisation").prefetch_related(
        "themes", "sdgs", "competences"
    )


def challenge_list(
    *,
    actor: Any,
    q: str = "",
    voivodeship: str = "",
    status: str = "",
    theme: str = "",
    public_only: bool = False,
) -> QuerySet[Challenge]:
    """Challenges the actor may see, filtered and searched (title, summary, place), with their
    organisations. Their tags are not prefetched: a list reads those of its page only, as plain
    values (`challenge_api_rows`, `challenge_theme_ids`)."""
    rows = Challenge.objects.select_related("organisation").filter(
        policies.challenge_visibility(actor)
    )
    if public_only:
        rows = rows.filter(status__in=PUBLIC_STATUSES)
    if voivodeship:
        rows = rows.filter(voivodeship=voivodeship)
    if status:
        rows = rows.filter(status=status)
    if theme:
        rows = rows.filter(themes__key=theme)
    if q:
        q = q.strip()[:100]
        rows = rows.filter(
            Q(title_pl__icontains=q)
            | Q(title_en__icontains=q)
            | Q(summary_pl__icontains=q)
            | Q(summary_en__icontains=q)
            | Q(gmina__icontains=q)
            | Q(powiat__icontains=q)
        )
    return rows.order_by("-published_at", "-id")


def challenge_theme_ids(challenges: Sequence[Challenge]) -> dict[int, list[int]]:
    """The ids of each challenge's themes, in the themes' order (one query)."""
    return linked_values(Challenge, "themes", [challenge.pk for challenge in challenges])


def challenge_api_rows(challenges: Sequence[Challenge]) -> list[dict[str, Any]]:
    """A page of challenges as the API's rows (`ChallengeOut`), built as plain values: the tags in
    one query per kind instead of a prefetch and a resolver per field and row."""
    ids = [challenge.pk for challenge in challenges]
    themes = linked_values(Challenge, "themes", ids, "key")
    sdgs = linked_values(Challenge, "sdgs", ids, "number")
    competences = linked_values(Challenge, "competences", ids, "code")
    return [
        {
            "id": c.pk,
            "status": c.status,
            "title": c.title,
            "title_pl": c.title_pl or "",
            "title_en": c.title_en or "",
            "summary": c.summary or "",
            "organisation": c.organisation.name if c.organisation else None,
            "voivodeship": c.voivodeship,
            "powiat": c.powiat,
            "gmina": c.gmina,
            "level": c.level,
            "themes": themes.get(c.pk, []),
            "sdgs": sdgs.get(c.pk, []),
            "competences": competences.get(c.pk, []),
            "languages": c.languages,
            "stakeholder_groups": c.stakeholder_groups,
            "stage": c.stage,
            "brokers_needed": c.brokers_needed,
            "deadline": c.deadline,
            "published_at": c.published_at,
        }
        for c in challenges
    ]


def challenge_get(*, actor: Any, challenge_id: Any) -> Challenge:
    try:
        challenge = _challenge_queryset().prefetch_related("history").get(pk=int(challenge_id))
    except (Challenge.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policies.can_view_challenge(actor, challenge):
        raise Http404
    return challenge


def challenges_public_stamp() -> tuple[Any, ...]:
    """What the public list shows changes only when one of these does (one query)."""
    row = Challenge.objects.filter(status__in=PUBLIC_STATUSES).aggregate(
        count=Count("id"), last=Max("updated_at")
    )
    return (row["count"], row["last"])


def challenge_public_state(*, challenge_id: int) -> tuple[Any, ...] | None:
    """What the public page shows changes with: the challenge, and its brokers' name consents
    (decision 0608)."""
    row = (
        Challenge.objects.filter(pk=challenge_id, status__in=PUBLIC_STATUSES)
        .values_list("status", "updated_at")
        .first()
    )
    if row is None:
        return None
    names = tuple(
        Introduction.objects.filter(challenge_id=challenge_id, status=IntroductionStatus.ACCEPTED)
        .order_by("pk")
        .values_list("pk", "broker__name_public", "broker__updated_at")
    )
    return (*row, names)


def public_broker_name(profile: BrokerProfile, *, actor: Any = None) -> str:
    """A broker's name where others see it: their name only when they agreed to show it (or to a
    coordinator); "a broker" otherwise (decision 0608)."""
    if policies.is_coordinator(actor) or (
        profile.name_public and profile.user.full_name and not profile.user.erased_at
    ):
        return profile.user.full_name
    return gettext("a broker")


def public_brokers(
    *, challenge: Challenge, introductions: Iterable[Introduction] | None = None
) -> list[str]:
    """The brokers working on a challenge (accepted introductions), as the public sees them.

    `introductions`: every introduction of the challenge with its broker's account, when the
    page has read them already (a coordinator's), so that they are not read again."""
    if introductions is None:
        rows: Iterable[Introduction] = (
            Introduction.objects.filter(challenge=challenge, status=IntroductionStatus.ACCEPTED)
            .select_related("broker__user")
            .order_by("pk")
        )
    else:
        rows = sorted(
            (row for row in introductions if row.status == IntroductionStatus.ACCEPTED),
            key=lambda row: row.pk,
        )
    return [public_broker_name(row.broker) for row in rows]


def counts_by_voivodeship(rows: QuerySet[Challenge]) -> list[tuple[str, str, int]]:
    """(code, label, count) for every voivodeship with challenges, largest first."""
    counts = Counter(dict(rows.order_by().values_list("voivodeship").annotate(n=Count("id"))))
    labels = dict(Voivodeship.choices)
    return sorted(
        ((code, str(labels.get(code, code)), n) for code, n in counts.items()),
        key=lambda item: (-item[2], item[1]),
    )


# --- brokers ------------------------------------------------------------------------------------


def taken_places(broker_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Accepted introductions on challenges still active, per broker (one query)."""
    rows = Introduction.objects.filter(
        status=IntroductionStatus.ACCEPTED, challenge__status__in=ACTIVE_CHALLENGE
    )
    if broker_ids is not None:
        rows = rows.filter(broker_id__in=list(broker_ids))
    return dict(rows.order_by().values_list("broker_id").annotate(n=Count("id")))


def broker_list(*, actor: Any) -> QuerySet[BrokerProfile]:
    """Brokers who consent to be matched, with `taken` (places in use) annotated."""
    if not policies.can_match(actor) and not (actor.is_authenticated and actor.partner_for_id):
        raise PermissionDenied
    return (
        BrokerProfile.objects.filter(consent_at__isnull=False)
        .select_related("user")
        .annotate(
            taken=Count(
                "introductions",
                filter=Q(
                    introductions__status=IntroductionStatus.ACCEPTED,
                    introductions__challenge__status__in=ACTIVE_CHALLENGE,
                ),
            )
        )
        .order_by("id")
    )


def broker_get(*, actor: Any, broker_id: Any) -> BrokerProfile:
    if not policies.can_match(actor):
        raise Http404
    try:
        return BrokerProfile.objects.select_related("user").get(pk=int(broker_id))
    except (BrokerProfile.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def my_profile(*, actor: Any) -> BrokerProfile | None:
    if not actor.is_authenticated:
        return None
    return (
        BrokerProfile.objects.filter(user=actor)
        .prefetch_related("declared_competences", "themes")
        .first()
    )


def current_weights() -> dict[str, float]:
    latest = MatchWeights.objects.order_by("-created_at", "-id").first()
    if latest is None:
        return dict(matching.DEFAULT_WEIGHTS)
    return {name: float(latest.weights.get(name, 0.0)) for name in matching.FACTORS}


@dataclass
class WeightsChange:
    """One version of the weights with what it changed against the one before (decision 0609)."""

    version: MatchWeights
    values: list[tuple[str, float]]  # factor, weight
    changes: list[tuple[str, float, float]]  # factor, before, after


def weights_changes(*, actor: Any) -> list[WeightsChange]:
    """Every version of the weights, newest first, each with the factors it changed (the first
    against the default weights). Versions are few (a coordinator's edits), so one query."""
    versions = list(reversed(weights_history(actor=actor)))
    before = {name: float(matching.DEFAULT_WEIGHTS[name]) for name in matching.FACTORS}
    result = []
    for version in versions:
        after = {name: float(version.weights.get(name, 0.0)) for name in matching.FACTORS}
        result.append(
            WeightsChange(
                version=version,
                values=[(name, after[name]) for name in matching.FACTORS],
                changes=[
                    (name, before[name], after[name])
                    for name in matching.FACTORS
                    if abs(before[name] - after[name]) > 1e-9
                ],
            )
        )
        before = after
    return list(reversed(result))


def weights_history(*, actor: Any) -> QuerySet[MatchWeights]:
    if not policies.can_match(actor):
        raise PermissionDenied
    return MatchWeights.objects.select_related("created_by").order_by("-created_at", "-id")


def _bit_maps() -> tuple[dict[int, int], dict[int, str], dict[int, int], dict[int, str]]:
    competences = list(Competence.objects.order_by("position", "code").values_list("id", "code"))
    themes = list(Theme.objects.order_by("position", "key").values_list("id", "name"))
    competence_bit = {pk: bit for bit, (pk, _code) in enumerate(competences[:64])}
    theme_bit = {pk: bit for bit, (pk, _name) in enumerate(themes[:64])}
    return (
        competence_bit,
        {bit: code for bit, (_pk, code) in enumerate(competences[:64])},
        theme_bit,
        {bit: str(name) for bit, (_pk, name) in enumerate(themes[:64])},
    )


def _links(manager: Any, kind: str, other: str, broker: str = "brokerprofile_id") -> Any:
    """Rows (kind, broker profile id, linked id) of one of a profile's links."""
    return (
        manager.order_by()
        .annotate(
            link_kind=Value(kind, output_field=CharField()),
            link_broker=F(broker),
            link_other=F(other),
        )
        .values_list("link_kind", "link_broker", "link_other")
    )


def broker_table() -> matching.BrokerTable:
    """Every broker profile as the engine's columns (a fixed number of queries)."""
    from sib.credentials.selectors import proven_competences

    today = matching.today()
    competence_bit, competence_codes, theme_bit, theme_names = _bit_maps()
    profiles = list(
        BrokerProfile.objects.order_by("id").values_list(
            "id",
            "user_id",
            "user__full_name",
            "user__voivodeship",
            "user__organisation_id",
            "user__partner_for_id",
            "regions",
            "home_gmina",
            "remote",
            "languages",
            "capacity",
            "available_from",
            "available_until",
            "stages",
            "experience_years",
            "consent_at",
        )
    )
    n = len(profiles)
    row_of = {profile[0]: row for row, profile in enumerate(profiles)}
    declared = np.zeros(n, dtype=np.uint64)
    themes = np.zeros(n, dtype=np.uint64)
    conflicts: dict[int, list[int]] = {}
    introduced: dict[int, list[int]] = {}
    # The profiles' links (declared competences, themes, conflicts, introductions) in one UNION.
    links = _links(
        BrokerProfile.declared_competences.through.objects, "competence", "competence_id"
    ).union(
        _links(BrokerProfile.themes.through.objects, "theme", "theme_id"),
        _links(BrokerProfile.conflicts.through.objects, "conflict", "organisation_id"),
        _links(Introduction.objects, "introduced", "challenge_id", broker="broker_id"),
        all=True,
    )
    for kind, broker_id, other_id in links:
        row = row_of[broker_id]
        if kind == "competence":
            if other_id in competence_bit:
                declared[row] |= np.uint64(1 << competence_bit[other_id])
        elif kind == "theme":
            if other_id in theme_bit:
                themes[row] |= np.uint64(1 << theme_bit[other_id])
        elif kind == "conflict":
            conflicts.setdefault(other_id, []).append(row)
        else:
            introduced.setdefault(other_id, []).append(row)
    proven_by_user = proven_competences()
    taken = taken_places()
    table = matching.BrokerTable(
        ids=np.array([p[0] for p in profiles], dtype=np.int64),
        regions=np.zeros(n, dtype=np.uint64),
        home_region=np.full(n, -1, dtype=np.int16),
        home_gmina=np.zeros(n, dtype=np.int32),
        remote=np.array([bool(p[8]) for p in profiles], dtype=bool),
        languages=np.array([matching.language_mask(p[9] or []) for p in profiles], dtype=np.uint64),
        proven=np.zeros(n, dtype=np.uint64),
        declared=declared,
        themes=themes,
        stages=np.array([matching._bits(p[13] or []) for p in profiles], dtype=np.uint64),
        experience=np.array([min(p[14], 10) / 10 for p in profiles], dtype=np.float64),
        capacity=np.array([p[10] for p in profiles], dtype=np.int32),
        capacity_left=np.array(
            [max(p[10] - taken.get(p[0], 0), 0) for p in profiles], dtype=np.int32
        ),
        eligible=np.array(
            [
                p[15] is not None
                and (p[11] is None or p[11] <= today)
                and (p[12] is None or p[12] >= today)
                for p in profiles
            ],
            dtype=bool,
        ),
        conflicts=conflicts,
        introduced=introduced,
        competence_codes=competence_codes,
        theme_names=theme_names,
        competence_bits=competence_bit,
        theme_bits=theme_bit,
        names=[p[2] for p in profiles],
    )
    for row, p in enumerate(profiles):
        home = p[3] or ""
        table.regions[row] = np.uint64(matching.region_mask([*(p[6] or []), home]))
        if home in matching.VOIVODESHIPS:
            table.home_region[row] = matching.VOIVODESHIPS.index(home)
        table.home_gmina[row] = matching.gmina_key(table.gmina_keys, p[7] or "")
        bits = [competence_bit[c] for c in proven_by_user.get(p[1], ()) if c in competence_bit]
        table.proven[row] = np.uint64(matching._bits(bits))
        # A broker has a conflict with their own employer and the organisation they act for.
        for organisation_id in {p[4], p[5]} - {None}:
            conflicts.setdefault(organisation_id, []).append(row)
    return table


def challenge_rows(
    challenges: Sequence[Challenge], table: matching.BrokerTable
) -> list[matching.ChallengeRow]:
    """The engine's view of the given challenges (their M2M prefetched: no query per row)."""
    if table.competence_bits or table.theme_bits:  # the table's, read with it: no query again
        competence_bit, theme_bit = table.competence_bits, table.theme_bits
    else:
        competence_bit, _codes, theme_bit, _names = _bit_maps()
    ids = [challenge.pk for challenge in challenges]
    live = dict(
        Introduction.objects.filter(challenge_id__in=ids)
        .exclude(status=IntroductionStatus.DECLINED)
        .order_by()
        .values_list("challenge_id")
        .annotate(n=Count("id"))
    )
    result = []
    for challenge in challenges:
        region = challenge.voivodeship
        result.append(
            matching.ChallengeRow(
                id=challenge.pk,
                region=matching.VOIVODESHIPS.index(region)
                if region in matching.VOIVODESHIPS
                else -1,
                gmina=matching.gmina_key(table.gmina_keys, challenge.gmina),
                languages=matching.language_mask(challenge.languages or []),
                competences=matching._bits(
                    competence_bit[c.pk]
                    for c in challenge.competences.all()
                    if c.pk in competence_bit
                ),
                themes=matching._bits(
                    theme_bit[t.pk] for t in challenge.themes.all() if t.pk in theme_bit
                ),
                stage=challenge.stage,
                organisation_id=challenge.organisation_id,
                demand=max(challenge.brokers_needed - live.get(challenge.pk, 0), 0),
            )
        )
    return result


@dataclass
class SuggestionView:
    broker: BrokerProfile
    score: float
    factors: list[dict[str, Any]]
    languages: list[str]

    @property
    def explanation(self) -> str:
        return matching.explain(self.factors, self.languages)

    @property
    def reasons(self) -> list[tuple[dict[str, Any], str]]:
        return [(factor, matching.reason(factor)) for factor in self.factors]


class SuggestionList(list):
    """Suggestions, best first, with `total`: how many brokers pass the hard filters."""

    total: int = 0


def suggestions(*, actor: Any, challenge: Challenge, limit: int = 10) -> SuggestionList:
    """Every broker passing the hard filters for the challenge, best first, at most `limit`."""
    if not policies.can_match(actor):
        raise PermissionDenied
    table = broker_table()
    row = challenge_rows([challenge], table)[0]
    found = matching.top_k(row, table, current_weights(), limit)
    profiles = BrokerProfile.objects.select_related("user").in_bulk(
        [item.broker_id for item in found]
    )
    result = SuggestionList(
        SuggestionView(profiles[item.broker_id], item.score, item.factors, item.languages)
        for item in found
    )
    result.total = int(matching.feasible(row, table).sum())
    return result


def match_run_get(*, actor: Any, run_id: Any) -> MatchRun:
    if not policies.can_match(actor):
        raise Http404
    try:
        return MatchRun.objects.get(pk=int(run_id))
    except (MatchRun.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def match_runs(*, actor: Any) -> QuerySet[MatchRun]:
    if not policies.can_match(actor):
        raise PermissionDenied
    return MatchRun.objects.order_by("-created_at", "-id")


def run_assignments(run: MatchRun) -> QuerySet[Any]:
    return run.assignments.select_related("challenge", "broker__user").order_by(
        "challenge_id", "-score", "broker_id"
    )


def run_unmatched(run: MatchRun) -> QuerySet[Any]:
    return run.unmatched.select_related("challenge").order_by("challenge_id")


# --- introductions and notifications --------------------------------------------------------


def introductions(*, actor: Any, status: str = "") -> QuerySet[Introduction]:
    rows = Introduction.objects.filter(policies.introduction_visibility(actor)).select_related(
        "challenge", "broker__user"
    )
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-id")


def introduction_get(*, actor: Any, introduction_id: Any) -> Introduction:
    try:
        introduction = Introduction.objects.select_related(
            "challenge__organisation", "broker__user"
        ).get(pk=int(introduction_id))
    except (Introduction.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policies.can_view_introduction(actor, introduction):
        raise Http404
    return introduction


def notifications(*, actor: Any) -> QuerySet[Notification]:
    if not actor.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=actor).order_by("-created_at", "-id")


def unread_count(*, actor: Any) -> int:
    return notifications(actor=actor).filter(read_at__isnull=True).count()


# --- resources ---------------------------------------------------------------------------------


def resources_for(*, actor: Any, challenge: Challenge, limit: int = 5) -> list[Resource]:
    """Active offers whose deadline has not passed, serving the challenge's voivodeship (or all),
    ranked by shared themes: the same idea as the brokers' place and theme factors."""
    today = matching.today()
    theme_ids = [theme.pk for theme in challenge.themes.all()]
    offers = list(
        Resource.objects.filter(active=True)
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
        .select_related("organisation")
        .annotate(shared=Count("themes", filter=Q(themes__in=theme_ids), distinct=True))
    )
    ranked = []
    for offer in offers:
        if offer.regions and challenge.voivodeship not in offer.regions:
            continue
        ranked.append((-offer.shared, offer.deadline or today, offer.pk, offer))
    ranked.sort(key=lambda item: item[:3])
    return [item[3] for item in ranked[:limit]]


def resources_managed(*, actor: Any) -> QuerySet[Resource]:
    """The resources a person manages: every one for coordinators, their organisation's for a
    partner, none for others."""
    rows = Resource.objects.select_related("organisation").order_by("-active", "deadline", "id")
    if policies.is_coordinator(actor):
        return rows
    if not policies.can_manage_resources(actor):
        return rows.none()
    return rows.filter(organisation_id=actor.partner_for_id)


def resource_get(*, actor: Any, resource_id: Any) -> Resource:
    """A resource the person may edit; 404 otherwise (another organisation's is not revealed)."""
    try:
        resource = Resource.objects.select_related("organisation").get(pk=int(resource_id))
    except (Resource.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policies.can_edit_resource(actor, resource):
        raise Http404
    return resource


# How many challenges the new-consultation form lists; any other is reached from its own page.
CONSULTATION_CHOICES = 100


def challenges_listed_for_consultation(*, actor: Any, chosen: Any = None) -> list[Challenge]:
    """The most recent challenges a person may consult on, and the one already chosen: the
    form's list stays short at any scale (at scale M a coordinator's list held 1000)."""
    listed = list(challenges_for_consultation(actor=actor)[:CONSULTATION_CHOICES])
    if chosen is not None and all(challenge.pk != chosen.pk for challenge in listed):
        listed.insert(0, chosen)
    return listed


def challenges_for_consultation(*, actor: Any) -> QuerySet[Challenge]:
    """Challenges a person may open a consultation on."""
    rows = Challenge.objects.exclude(status=ChallengeStatus.DRAFT).order_by("-created_at", "-id")
    if policies.is_coordinator(actor):
        return rows
    if not getattr(actor, "partner_for_id", None):
        return rows.none()
    return rows.filter(organisation_id=actor.partner_for_id)


# --- dialogue --------------------------------------------------------------------------------


def consultation_list(*, actor: Any) -> QuerySet[Consultation]:
    rows = Consultation.objects.select_related("challenge")
    if not policies.is_coordinator(actor):
        rows = rows.filter(published=True)
    return rows.annotate(
        comment_count=Count(
            "comments",
            filter=Q(comments__hidden_at__isnull=True)
            & (Q(comments__author__isnull=False) | Q(comments__confirmed_at__isnull=False)),
        )
    ).order_by("-opens_at", "-id")


def consultation_get(*, actor: Any, consultation_id: Any) -> Consultation:
    try:
        consultation = (
            Consultation.objects.select_related("challenge")
            .prefetch_related("phases", "meetings")
            .get(pk=int(consultation_id))
        )
    except (Consultation.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policies.can_view_consultation(actor, consultation):
        raise Http404
    return consultation


def consultation_comments(*, actor: Any, consultation: Consultation) -> list[Comment]:
    """Top-level comments with their replies and support counts (two queries)."""
    rows = list(
        Comment.objects.filter(Comment.SHOWN, consultation=consultation)
        .select_related("author")
        .annotate(support_count=Count("supports"))
        .order_by("created_at", "id")
    )
    by_parent: dict[int | None, list[Comment]] = {}
    for comment in rows:
        by_parent.setdefault(comment.parent_id, []).append(comment)
    for comment in rows:
        comment.reply_list = by_parent.get(comment.pk, [])  # type: ignore[attr-defined]
    return by_parent.get(None, [])


def representation_gaps(*, consultation: Consultation) -> list[tuple[str, str]]:
    """The challenge's stakeholder groups from which nobody took part (visible comments)."""
    if consultation.challenge is None:
        return []
    present = set(
        Comment.objects.filter(Comment.COUNTED, consultation=consultation)
        .values_list("stakeholder_group", flat=True)
        .distinct()
    )
    labels = dict(StakeholderGroup.choices)
    return [
        (group, str(labels.get(group, group)))
        for group in consultation.challenge.stakeholder_groups
        if group not in present
    ]


def participants_count(*, consultation_ids: Iterable[int] | None = None) -> int:
    """People who took part: accounts, and residents once per confirmed address."""
    rows = Comment.objects.filter(Comment.COUNTED)
    if consultation_ids is not None:
        rows = rows.filter(consultation_id__in=list(consultation_ids))
    accounts = rows.filter(author__isnull=False).values("author_id").distinct().count()
    residents = rows.filter(author__isnull=True).values("guest_email").distinct().count()
    return accounts + residents


def prefetch_history() -> Prefetch:
    return Prefetch("history")
