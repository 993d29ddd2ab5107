"""The brokerage in the API (TOOLKIT.md "Brokerage API"): challenges, brokers, suggestions,
match runs, introductions and consultations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sib.accounts.http import AuthenticatedHttpRequest
from sib.api.auth import SessionAuth, TokenAuth
from sib.brokerage import matching, selectors, services
from sib.brokerage.models import BrokerProfile, Challenge, Consultation, Introduction, MatchRun
from sib.core.pagination import BoundedPagination, PagedRows

router = Router(tags=["brokerage"])


class _SignedInSession(SessionAuth):
    """The browser session when there is one; a request without the cookie goes on as a visitor."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)


def _visitor(request: HttpRequest) -> Any:
    return AnonymousUser()


PUBLIC = [TokenAuth(), _SignedInSession(), _visitor]


# The list's rows are plain values (`selectors.challenge_api_rows`), validated without resolvers;
# the detail reads a model instance through those of `ChallengeDetailOut`.
class ChallengeOut(Schema):
    id: int
    status: str = Field(
        description="draft | submitted | open | matched | in_progress | solved | closed"
    )
    title: str
    title_pl: str
    title_en: str
    summary: str
    organisation: str | None
    voivodeship: str
    powiat: str
    gmina: str
    level: str = Field(description="local | regional")
    themes: list[str] = Field(description="Theme keys.")
    sdgs: list[int] = Field(description="SDG goal numbers.")
    competences: list[str] = Field(description="Competence codes needed (C1–C10).")
    languages: list[str]
    stakeholder_groups: list[str]
    stage: int = Field(description="Open Book stage 1–6.")
    brokers_needed: int
    deadline: dt.date | None
    published_at: dt.datetime | None


class StatusChangeOut(Schema):
    status: str
    changed_at: dt.datetime


class ChallengeDetailOut(ChallengeOut):
    affected: str
    evidence: str
    causes: str
    existing: str
    history: list[StatusChangeOut]
    brokers: list[str] = Field(
        description="Brokers working on it (accepted introductions): the name only when the "
        "broker agreed to show it, otherwise “a broker”."
    )

    @staticmethod
    def resolve_title_pl(obj: Challenge) -> str:
        return obj.title_pl or ""

    @staticmethod
    def resolve_title_en(obj: Challenge) -> str:
        return obj.title_en or ""

    @staticmethod
    def resolve_summary(obj: Challenge) -> str:
        return obj.summary or ""

    @staticmethod
    def resolve_organisation(obj: Challenge) -> str | None:
        return obj.organisation.name if obj.organisation else None

    @staticmethod
    def resolve_themes(obj: Challenge) -> list[str]:
        return [theme.key for theme in obj.themes.all()]

    @staticmethod
    def resolve_sdgs(obj: Challenge) -> list[int]:
        return [goal.number for goal in obj.sdgs.all()]

    @staticmethod
    def resolve_competences(obj: Challenge) -> list[str]:
        return [competence.code for competence in obj.competences.all()]

    @staticmethod
    def resolve_brokers(obj: Challenge) -> list[str]:
        return selectors.public_brokers(challenge=obj)

    @staticmethod
    def resolve_affected(obj: Challenge) -> str:
        return obj.affected or ""

    @staticmethod
    def resolve_evidence(obj: Challenge) -> str:
        return obj.evidence or ""

    @staticmethod
    def resolve_causes(obj: Challenge) -> str:
        return obj.causes or ""

    @staticmethod
    def resolve_existing(obj: Challenge) -> str:
        return obj.existing or ""

    @staticmethod
    def resolve_history(obj: Challenge) -> list[Any]:
        return list(obj.history.all())


@router.get(
    "/challenges",
    response=list[ChallengeOut],
    auth=PUBLIC,
    summary="Challenges you may see (published ones for everybody)",
)
@paginate(BoundedPagination)
def challenge_list(
    request: HttpRequest, status: str = "", voivodeship: str = "", q: str = ""
) -> PagedRows[Challenge]:
    return PagedRows(
        selectors.challenge_list(actor=request.user, status=status, voivodeship=voivodeship, q=q),
        page=selectors.challenge_api_rows,
    )


@router.get("/challenges/{challenge_id}", response=ChallengeDetailOut, auth=PUBLIC)
def challenge_detail(request: HttpRequest, challenge_id: int) -> Any:
    return selectors.challenge_get(actor=request.user, challenge_id=challenge_id)


class BrokerOut(Schema):
    id: int
    name: str
    regions: list[str]
    remote: bool
    languages: list[str]
    capacity: int
    capacity_left: int = Field(
        description="Capacity minus accepted introductions on active challenges."
    )

    name_public: bool = Field(description="The broker agreed to show their name publicly.")

    @staticmethod
    def resolve_name(obj: BrokerProfile, context: Any) -> str:
        """Partners read "a broker" unless the broker agreed to show the name (decision 0608)."""
        return selectors.public_broker_name(obj, actor=context["request"].user)

    @staticmethod
    def resolve_capacity_left(obj: BrokerProfile) -> int:
        return max(obj.capacity - getattr(obj, "taken", 0), 0)


@router.get("/brokers", response=list[BrokerOut], summary="Brokers who consent to be matched")
@paginate(BoundedPagination)
def broker_list(request: HttpRequest) -> Any:
    return selectors.broker_list(actor=request.user)


class FactorOut(Schema):
    name: str = Field(description="competence | themes | place | stage | experience | load")
    weight: float
    value: float = Field(description="In [0, 1].")
    reason: str


class SuggestionOut(Schema):
    broker_id: int
    score: float = Field(description="Weighted sum of the factors, in [0, 1].")
    factors: list[FactorOut]
    explanation: str


def _factors_out(factors: list[dict[str, Any]]) -> list[FactorOut]:
    return [
        FactorOut(
            name=factor["name"],
            weight=factor["weight"],
            value=factor["value"],
            reason=matching.reason(factor),
        )
        for factor in factors
    ]


class SuggestionsOut(Schema):
    items: list[SuggestionOut]
    count: int = Field(description="Brokers passing the hard filters (items: the best `limit`).")


@router.get(
    "/challenges/{challenge_id}/suggestions",
    response=SuggestionsOut,
    summary="Every broker passing the hard filters, best first",
)
def challenge_suggestions(
    request: HttpRequest, challenge_id: int, limit: int = Query(10, ge=1, le=1000)
) -> SuggestionsOut:
    challenge = selectors.challenge_get(actor=request.user, challenge_id=challenge_id)
    found = selectors.suggestions(actor=request.user, challenge=challenge, limit=limit)
    items = [
        SuggestionOut(
            broker_id=item.broker.pk,
            score=item.score,
            factors=_factors_out(item.factors),
            explanation=item.explanation,
        )
        for item in found
    ]
    return SuggestionsOut(items=items, count=found.total)


class MatchRunIn(Schema):
    even_load: bool = False
    challenge_ids: list[int] = Field(
        default_factory=list, description="Open challenges to match; empty: all open ones."
    )


class AssignmentOut(Schema):
    challenge_id: int
    broker_id: int
    score: float


class UnmatchedOut(Schema):
    challenge_id: int
    missing: int
    reason: str


class MatchRunOut(Schema):
    id: int
    status: str = Field(description="queued | running | finished | failed")
    progress: int = Field(description="Percent done.")
    even_load: bool
    weights: dict[str, float]
    total_score: float
    created_at: dt.datetime
    finished_at: dt.datetime | None
    assignments: list[AssignmentOut]
    unmatched: list[UnmatchedOut]


def _run_out(run: MatchRun) -> MatchRunOut:
    return MatchRunOut(
        id=run.pk,
        status=run.status,
        progress=run.progress,
        even_load=run.even_load,
        weights=run.weights,
        total_score=run.total_score,
        created_at=run.created_at,
        finished_at=run.finished_at,
        assignments=[
            AssignmentOut(challenge_id=a.challenge_id, broker_id=a.broker_id, score=a.score)
            for a in run.assignments.order_by("challenge_id", "-score", "broker_id")
        ],
        unmatched=[
            UnmatchedOut(challenge_id=u.challenge_id, missing=u.missing, reason=u.reason)
            for u in run.unmatched.order_by("challenge_id")
        ],
    )


@router.post("/match-runs", response={201: MatchRunOut}, summary="Start a batch match run")
def match_run_create(request: AuthenticatedHttpRequest, payload: MatchRunIn) -> Status:
    run = services.match_run_start(
        actor=request.user, even_load=payload.even_load, challenge_ids=payload.challenge_ids
    )
    return Status(201, _run_out(run))


@router.get("/match-runs/{run_id}", response=MatchRunOut)
def match_run_detail(request: HttpRequest, run_id: int) -> MatchRunOut:
    return _run_out(selectors.match_run_get(actor=request.user, run_id=run_id))


class IntroductionOut(Schema):
    id: int
    challenge_id: int
    broker_id: int
    status: str = Field(description="proposed | accepted | declined")
    score: float
    factors: list[FactorOut]
    explanation: str
    reason: str
    outcome: str
    created_at: dt.datetime
    decided_at: dt.datetime | None


def _introduction_out(introduction: Introduction) -> IntroductionOut:
    return IntroductionOut(
        id=introduction.pk,
        challenge_id=introduction.challenge_id,
        broker_id=introduction.broker_id,
        status=introduction.status,
        score=introduction.score,
        factors=_factors_out(introduction.factors),
        explanation=matching.explain(introduction.factors, introduction.languages),
        reason=introduction.reason,
        outcome=introduction.outcome,
        created_at=introduction.created_at,
        decided_at=introduction.decided_at,
    )


@router.get("/introductions", response=list[IntroductionOut], summary="Introductions you may see")
@paginate(BoundedPagination)
def introduction_list(request: HttpRequest, status: str = "") -> PagedRows[Introduction]:
    return PagedRows(
        selectors.introductions(actor=request.user, status=status), row=_introduction_out
    )


class DecisionIn(Schema):
    accept: bool
    reason: str = Field("", max_length=2000)


@router.post("/introductions/{introduction_id}/decision", response=IntroductionOut)
def introduction_decide(
    request: AuthenticatedHttpRequest, introduction_id: int, payload: DecisionIn
) -> IntroductionOut:
    introduction = selectors.introduction_get(actor=request.user, introduction_id=introduction_id)
    if payload.accept:
        introduction = services.introduction_accept(actor=request.user, introduction=introduction)
    else:
        introduction = services.introduction_decline(
            actor=request.user, introduction=introduction, reason=payload.reason
        )
    return _introduction_out(introduction)


class ConsultationOut(Schema):
    id: int
    challenge_id: int | None
    title: str
    description: str
    voivodeship: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    comments: int
    answered: bool


@router.get("/consultations", response=list[ConsultationOut], auth=PUBLIC)
@paginate(BoundedPagination)
def consultation_list(request: HttpRequest) -> PagedRows[Consultation]:
    return PagedRows(selectors.consultation_list(actor=request.user), row=_consultation_out)


def _consultation_out(c: Consultation) -> ConsultationOut:
    return ConsultationOut(
        id=c.pk,
        challenge_id=c.challenge_id,
        title=c.title,
        description=c.description or "",
        voivodeship=c.voivodeship,
        opens_at=c.opens_at,
        closes_at=c.closes_at,
        comments=c.comment_count,  # type: ignore[attr-defined]
        answered=bool(c.answer),
    )
