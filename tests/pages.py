"""The page inventory: every URL of the site × every demo role, with the status each role gets.

Site-wide sweeps (the language crawl, the 390 px width check, axe-core over every page, the
query counts of `tests/core/test_query_counts.py` and the authorisation matrix) walk this one list instead of keeping their own, and
`tests/core/test_page_inventory.py` fails when a URL pattern has neither an entry here nor an
explicit exclusion with a reason — so a new view cannot be forgotten.

Use it after the demo is loaded (`sib demo`, or the `demo_pages` fixture in `tests/conftest.py`):

    for page in inventory():            # [Page(name, url, role, status), ...]
        client = clients[page.role]
        assert client.get(page.url).status_code == page.status

`status` is what the role gets for a plain GET: 200 for a page it may use, 302 for an anonymous
visitor sent to log in (or a page that redirects on GET), 403/404 for a page it may not use
(decision 0580).

The authorisation matrix (decision 1020) adds, per URL with arguments, an object of another
edition, organisation or person (`FOREIGN`, `NEIGHBOURS`; built by `tests/foreign.py`) and, per
operation of the API's OpenAPI schema, the same (`API_FOREIGN`): `matrix()` and `api_matrix()`
list the requests and what each role must get.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("anonymous", "participant", "trainer", "mentor", "partner", "coordinator")
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)
STAFF = frozenset({"coordinator"})


@dataclass(frozen=True)
class Page:
    """One URL as one role: what a sweep requests and the status it expects."""

    name: str
    url: str
    role: str
    status: int

    @property
    def is_html_page(self) -> bool:
        """A page a person reads (not a file, feed or JSON) that this role may open."""
        return self.status == 200 and not self.url.endswith(BINARY_SUFFIXES)


BINARY_SUFFIXES = (".pdf", ".xlsx", ".csv", ".ics", "/file", ".json", "/photo")


@dataclass(frozen=True)
class Entry:
    """The inventory's row for one URL name.

    `ok`: roles that get 200; `others`: what every other signed-in role gets; `anonymous`: what a
    visitor who is not signed in gets when not in `ok` (302 = sent to the login page);
    `statuses`: exceptions per role; `kwargs`: URL arguments beyond the shared samples;
    `variants`: further URLs of the same name (each overrides some arguments, e.g. another
    file format), with the same statuses; `html`: False for files and feeds (no language or
    width sweep).
    """

    name: str
    ok: frozenset[str] = EVERYONE
    others: int = 403
    anonymous: int = 302
    statuses: dict[str, int] = field(default_factory=dict)
    kwargs: Callable[[Samples], dict[str, Any]] | None = None
    variants: tuple[dict[str, Any], ...] = ()
    html: bool = True

    def status_for(self, role: str) -> int:
        if role in self.statuses:
            return self.statuses[role]
        if role in self.ok:
            return 200
        return self.anonymous if role == "anonymous" else self.others


class Samples:
    """Sample objects of the demo for URL arguments, looked up once."""

    def __init__(self) -> None:
        from sib.academy.models import (
            Application,
            CalendarToken,
            Edition,
            Enrolment,
            Session,
        )
        from sib.accounts.models import User

        self.users = {
            role: User.objects.get(email=f"{role}@demo.sib.example") for role in SIGNED_IN
        }
        self.edition = Edition.objects.get(code="pilot-2023-24")
        self.programme = self.edition.programme
        self.enrolment = Enrolment.objects.get(user=self.users["participant"], edition=self.edition)
        self.session = Session.objects.filter(edition=self.edition, group__isnull=True).first()
        self.application = Application.objects.order_by("pk").first()
        token, _ = CalendarToken.objects.get_or_create(
            user=self.users["participant"], defaults={"token": "inventory-calendar-token"}
        )
        self.calendar_token = token.token
        self._cache: dict[str, Any] = {}

    @property
    def world(self) -> Any:
        """The foreign world (`tests/foreign.py`): objects no demo role but a coordinator owns."""
        from tests.foreign import foreign_world

        return self.memo("world", foreign_world)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def shared(self) -> dict[str, Any]:
        """Arguments with one meaning across the site."""
        return {
            "programme_id": self.programme.pk,
            "edition_id": self.edition.pk,
            "enrolment_id": self.enrolment.pk,
            "session_id": self.session.pk,
            "application_id": self.application.pk if self.application else 1,
        }


def _credential(s: Samples) -> Any:
    from sib.credentials.models import Credential

    return s.memo(
        "credential",
        lambda: (
            Credential.objects.filter(holder=s.users["participant"]).first()
            or Credential.objects.first()
        ),
    )


def _event(s: Samples) -> Any:
    from sib.events.models import Event

    return s.memo(
        "event", lambda: Event.objects.filter(agenda__isnull=False).order_by("pk").first()
    )


def _registration(s: Samples) -> Any:
    from sib.events.models import Registration

    return s.memo(
        "registration", lambda: Registration.objects.filter(event=_event(s)).order_by("pk").first()
    )


def _item(s: Samples) -> Any:
    return s.memo("item", lambda: _event(s).agenda.order_by("pk").first())


def _document(s: Samples) -> Any:
    from sib.knowledge.models import Document

    return s.memo("document", lambda: Document.objects.filter(chapters__isnull=False).first())


def _term(s: Samples) -> Any:
    from sib.knowledge.models import Term

    return s.memo(
        "term", lambda: Term.objects.filter(relations_out__isnull=False).order_by("pk").first()
    )


def _instrument(s: Samples) -> Any:
    from sib.surveys.models import Instrument

    return s.memo(
        "instrument",
        lambda: (
            Instrument.objects.filter(
                invitations__user=s.users["participant"], invitations__responded=False
            )
            .order_by("pk")
            .first()
            or Instrument.objects.filter(invitations__user=s.users["participant"]).first()
        ),
    )


def _event_kwargs(s: Samples) -> dict[str, Any]:
    return {"event_id": _event(s).pk}


def _item_kwargs(s: Samples) -> dict[str, Any]:
    return {"event_id": _event(s).pk, "item_id": _item(s).pk}


def _credential_kwargs(s: Samples) -> dict[str, Any]:
    return {"credential_uuid": str(_credential(s).uuid)}


def _document_kwargs(s: Samples) -> dict[str, Any]:
    return {"key": _document(s).key}


def _chapter_kwargs(s: Samples) -> dict[str, Any]:
    document = _document(s)
    return {"key": document.key, "chapter_key": document.chapters.first().key}


def _term_kwargs(s: Samples) -> dict[str, Any]:
    return {"slug": _term(s).slug}


def _instrument_kwargs(s: Samples) -> dict[str, Any]:
    return {"instrument_id": _instrument(s).pk}


def _ticket_kwargs(s: Samples) -> dict[str, Any]:
    return {"token": _registration(s).token}


PARTICIPANT_PAGES = frozenset({"participant"})
ACADEMY_STAFF = frozenset({"coordinator", "trainer", "mentor"})


def _model_first(path: str, **filters: Any) -> Callable[[Samples], Any]:
    def first(s: Samples) -> Any:
        from django.apps import apps

        model = apps.get_model(path)
        return s.memo(
            f"{path}{filters}", lambda: model.objects.filter(**filters).order_by("pk").first()
        )

    return first


def _kw(**getters: Callable[[Samples], Any]) -> Callable[[Samples], dict[str, Any]]:
    """URL arguments computed from the samples: `_kw(speaker_id=lambda s: ...)`."""
    return lambda s: {key: getter(s) for key, getter in getters.items()}


def _erasure_request(samples: Samples) -> Any:
    """The demo has no erasure request: one is recorded, once, for a pilot participant who is
    not a role account (so no role's own pages change)."""

    def record() -> Any:
        from sib.accounts.models import ErasureRequest, User
        from sib.accounts.services import erasure_request_record

        existing = ErasureRequest.objects.order_by("pk").first()
        if existing is not None:
            return existing
        person = (
            User.objects.filter(is_staff=False, erased_at__isnull=True, enrolments__isnull=False)
            .exclude(pk__in=[u.pk for u in samples.users.values()])
            .order_by("pk")
            .first()
        )
        return erasure_request_record(
            actor=samples.users["coordinator"], person=person, note="inventory sample"
        )

    return samples.memo("erasure_request", record)


_speaker = _model_first("events.Speaker")
_module = _model_first("academy.Module")
_template = _model_first("surveys.Instrument", is_template=True, items__isnull=False)
_event_id = _kw(event_id=lambda s: _event(s).pk)
_event_item = _kw(event_id=lambda s: _event(s).pk, item_id=lambda s: _item(s).pk)
_credential_uuid = _kw(credential_uuid=lambda s: str(_credential(s).uuid))
_document_key = _kw(key=lambda s: _document(s).key)
_chapter = _kw(
    key=lambda s: _document(s).key,
    chapter_key=lambda s: _document(s).chapters.order_by("pk").first().key,
)
_term_slug = _kw(slug=lambda s: _term(s).slug)
_instrument_id = _kw(instrument_id=lambda s: _instrument(s).pk)
_ticket = _kw(token=lambda s: _registration(s).token)
_edition_pk = _kw(pk=lambda s: s.edition.pk)
_programme_pk = _kw(pk=lambda s: s.programme.pk)


def _demo_users(s: Samples) -> list[Any]:
    return list(s.users.values())


def _open_challenge(s: Samples) -> Any:
    return _model_first("brokerage.Challenge", status="open")(s)


def _partner_challenge(s: Samples) -> Any:
    """A challenge of the partner's organisation (the demo's are past review, so only
    coordinators may edit it; its partner may edit only drafts)."""
    from sib.brokerage.models import Challenge

    partner = s.users["partner"]
    return s.memo(
        "partner-challenge",
        lambda: (
            Challenge.objects.filter(organisation_id=partner.partner_for_id).order_by("pk").first()
        ),
    )


def _broker_introduction(s: Samples) -> Any:
    """An introduction of the demo broker (a demo role with a broker profile)."""
    from sib.brokerage.models import Introduction

    return s.memo(
        "broker-introduction",
        lambda: (
            Introduction.objects.filter(broker__user__in=_demo_users(s)).order_by("pk").first()
            or Introduction.objects.order_by("pk").first()
        ),
    )


def _team_project(s: Samples) -> Any:
    """A project of the participant's team (a demo role is a member, the mentor mentors it)."""
    from sib.studio.models import Project

    participant = s.users["participant"]
    return s.memo(
        "team-project",
        lambda: (
            Project.objects.filter(team__enrolments__user=participant, canvases__isnull=False)
            .order_by("pk")
            .first()
            or Project.objects.filter(team__enrolments__user=participant).order_by("pk").first()
        ),
    )


def _team_canvas(s: Samples) -> Any:
    """A canvas of an unpublished project: only its team, the team's mentors and coordinators
    may read it (the demo's participant and mentor are on published projects only)."""
    from sib.studio.models import Canvas

    return s.memo(
        "team-canvas",
        lambda: Canvas.objects.filter(project__published_at__isnull=True).order_by("pk").first(),
    )


def _team_milestone(s: Samples) -> Any:
    """A milestone of the participant's team's project (the demo gives every project some)."""
    return s.memo("team-milestone", lambda: _team_project(s).milestones.order_by("pk").first())


def _team_indicator(s: Samples) -> Any:
    """An impact indicator of the participant's team's (published) project."""
    return s.memo("team-indicator", lambda: _team_project(s).indicators.order_by("pk").first())


_published_project = _model_first("studio.Project", published_at__isnull=False)
_published_consultation = _model_first("brokerage.Consultation", published=True)

# Every URL name of the site, in the order of the URL configuration.
ENTRIES: list[Entry] = [
    Entry("home"),
    Entry("healthz", html=False),
    Entry("readyz", html=False),
    Entry("account_login", ok=frozenset(("anonymous",)), others=302),
    Entry("account_signup", ok=frozenset(("anonymous",)), others=302),
    Entry("account_email", ok=SIGNED_IN),
    Entry("account_change_password", ok=SIGNED_IN),
    Entry("account_reset_password"),
    Entry("account_reset_password_done"),
    Entry("mfa_index", ok=SIGNED_IN),
    Entry("accounts:profile", ok=SIGNED_IN),
    Entry("accounts:api-tokens", ok=SIGNED_IN),
    Entry("academy:programme-list"),
    Entry("academy:programme-detail"),
    Entry("academy:edition-list", ok=SIGNED_IN),
    Entry("academy:edition-create", ok=STAFF),
    Entry(
        "academy:edition-detail",
        ok=frozenset(("participant", "trainer", "mentor", "coordinator")),
        others=404,
    ),
    Entry("academy:edition-update", ok=STAFF, statuses={"partner": 404}),
    Entry(
        "academy:edition-participants",
        ok=frozenset(("trainer", "mentor", "coordinator")),
        statuses={"partner": 404},
    ),
    Entry("academy:enrolment-create", ok=STAFF, statuses={"partner": 404}),
    Entry("academy:session-create", ok=STAFF, statuses={"partner": 404}),
    Entry("academy:group-create", ok=STAFF, statuses={"partner": 404}),
    Entry("academy:my-progress", ok=frozenset(), others=302),
    Entry(
        "academy:enrolment-detail",
        ok=frozenset(("participant", "trainer", "mentor", "coordinator")),
        others=404,
    ),
    Entry("academy:enrolment-withdraw", ok=STAFF, statuses={"partner": 404}),
    Entry(
        "academy:enrolment-assess",
        ok=frozenset(("trainer", "mentor", "coordinator")),
        statuses={"partner": 404},
    ),
    Entry(
        "academy:session-detail",
        ok=frozenset(("participant", "trainer", "mentor", "coordinator")),
        others=404,
    ),
    Entry(
        "academy:attendance", ok=frozenset(("trainer", "coordinator")), statuses={"partner": 404}
    ),
    Entry("academy:participants-import", ok=STAFF, statuses={"partner": 404}),
    Entry(
        "academy:edition-calendar",
        ok=frozenset(("participant", "trainer", "mentor", "coordinator")),
        others=404,
    ),
    Entry("academy:calendar-feed", kwargs=_kw(token=lambda s: s.calendar_token), html=False),
    Entry(
        "academy:calendar-edition-feed",
        kwargs=_kw(token=lambda s: s.calendar_token),
        html=False,
    ),
    Entry("academy:call"),
    Entry("academy:application-form", ok=frozenset(("participant",)), others=302),
    Entry("academy:call-edit", ok=STAFF, statuses={"partner": 404}),
    Entry("academy:edition-applications", ok=STAFF, statuses={"partner": 404}),
    Entry("academy:application-detail", ok=STAFF, others=404),
    Entry("credentials:mine", ok=SIGNED_IN),
    Entry("credentials:home-panel", ok=SIGNED_IN, html=False),  # an htmx fragment of the home page
    Entry("credentials:issuer", ok=STAFF),
    Entry("credentials:achievement", ok=STAFF),
    Entry(
        "credentials:edition",
        ok=frozenset(("trainer", "mentor", "coordinator")),
        statuses={"partner": 404},
    ),
    Entry(
        "credentials:status-list",
        kwargs=_kw(list_uuid=lambda s: str(_credential(s).status_list.uuid)),
        html=False,
    ),
    Entry("credentials:manage", ok=STAFF, statuses={"partner": 404}, kwargs=_credential_uuid),
    Entry(
        "credentials:download",
        ok=frozenset(("participant", "trainer", "mentor", "coordinator")),
        others=404,
        kwargs=_kw(credential_uuid=lambda s: str(_credential(s).uuid), kind=lambda s: "pdf"),
        html=False,
    ),
    Entry("credential-verify", kwargs=_credential_uuid),
    Entry("did-document", html=False),
    Entry("surveys:instrument-list", ok=frozenset(("trainer", "mentor", "coordinator"))),
    Entry("surveys:instrument-create", ok=STAFF),
    Entry("surveys:my-surveys", ok=SIGNED_IN),
    Entry("surveys:comparison", ok=frozenset(("trainer", "mentor", "coordinator"))),
    Entry(
        "surveys:instrument-detail",
        ok=frozenset(("trainer", "mentor", "coordinator")),
        others=404,
        kwargs=_instrument_id,
    ),
    Entry("surveys:answer", ok=frozenset(("participant",)), others=404, kwargs=_instrument_id),
    Entry("knowledge:index"),
    Entry("knowledge:search"),
    Entry("knowledge:document-create", ok=STAFF),
    Entry("knowledge:document", kwargs=_document_key),
    Entry("knowledge:document-edit", ok=STAFF, kwargs=_document_key),
    Entry("knowledge:document-history", ok=SIGNED_IN, kwargs=_document_key),
    Entry("knowledge:document-changes", kwargs=_document_key),
    Entry(
        "knowledge:document-pdf",
        kwargs=_kw(key=lambda s: _document(s).key, language=lambda s: "pl"),
        html=False,
    ),
    Entry("knowledge:chapter-create", ok=STAFF, kwargs=_document_key),
    Entry("knowledge:chapter", kwargs=_chapter),
    Entry("knowledge:chapter-edit", ok=STAFF, kwargs=_chapter),
    Entry("knowledge:map"),
    Entry("knowledge:term-create", ok=STAFF),
    Entry("knowledge:terms-az", kwargs=_kw(language=lambda s: "pl")),
    Entry("knowledge:term", kwargs=_term_slug),
    Entry("knowledge:term-edit", ok=STAFF, kwargs=_term_slug),
    Entry("knowledge:material-create", ok=STAFF),
    Entry("events:list"),
    Entry("events:calendar-feed", html=False),
    Entry("events:desk", ok=frozenset(("trainer", "coordinator"))),
    Entry("events:overview", ok=STAFF),
    Entry("events:create", ok=STAFF),
    Entry("events:speakers", ok=STAFF),
    Entry("events:speaker-create", ok=STAFF),
    Entry("events:speaker-edit", ok=STAFF, kwargs=_kw(speaker_id=lambda s: _speaker(s).pk)),
    Entry("events:ticket", kwargs=_ticket),
    Entry("events:ticket-cancel", kwargs=_ticket),
    Entry(
        "events:group",
        kwargs=_kw(token=lambda s: _model_first("events.RegistrationGroup")(s).token),
    ),
    Entry("events:detail", kwargs=_event_id),
    Entry("events:register", kwargs=_event_id),
    Entry("events:register-sent", kwargs=_event_id),
    Entry("events:programme", kwargs=_event_id),
    Entry("events:ics", kwargs=_event_id, html=False),
    Entry("events:edit", ok=STAFF, kwargs=_event_id),
    Entry("events:manage", ok=STAFF, kwargs=_event_id),
    Entry("events:item-create", ok=STAFF, kwargs=_event_id),
    Entry("events:item-edit", ok=STAFF, kwargs=_event_item),
    Entry("events:item-attendance", ok=frozenset(("trainer", "coordinator")), kwargs=_event_item),
    Entry("events:room-create", ok=STAFF, kwargs=_event_id),
    Entry("events:question-create", ok=STAFF, kwargs=_event_id),
    Entry(
        "events:question-edit",
        ok=STAFF,
        kwargs=_kw(
            event_id=lambda s: _event(s).pk,
            question_id=lambda s: (_event(s).questions.order_by("pk").first() or _event(s)).pk,
        ),
    ),
    Entry("events:presentation-create", ok=STAFF, kwargs=_event_id),
    Entry(
        "events:presentation-edit",
        ok=STAFF,
        kwargs=_kw(
            event_id=lambda s: _model_first("events.Presentation")(s).event_id,
            presentation_id=lambda s: _model_first("events.Presentation")(s).pk,
        ),
    ),
    Entry("events:registrations", ok=STAFF, kwargs=_event_id),
    Entry("events:badges", ok=STAFF, kwargs=_event_id, html=False),
    Entry("events:stats", ok=STAFF, kwargs=_event_id),
    Entry("events:feedback", ok=STAFF, kwargs=_event_id),
    Entry("events:checkin", ok=frozenset(("trainer", "coordinator")), kwargs=_event_id),
    Entry(
        "events:checkin-code",
        ok=frozenset(("trainer", "coordinator")),
        kwargs=_kw(event_id=lambda s: _event(s).pk, code=lambda s: _registration(s).code),
    ),
    Entry("reports:index", ok=STAFF),
    Entry("reports:all-dashboard", ok=STAFF),
    Entry("reports:all-report", ok=STAFF),
    Entry("reports:all-pdf", ok=STAFF, html=False),
    Entry("reports:all-xlsx", ok=STAFF, html=False),
    Entry("reports:all-csv", ok=STAFF, html=False),
    Entry("reports:edition-dashboard", ok=STAFF, statuses={"partner": 404}, kwargs=_edition_pk),
    Entry("reports:edition-report", ok=STAFF, statuses={"partner": 404}, kwargs=_edition_pk),
    Entry(
        "reports:edition-pdf", ok=STAFF, statuses={"partner": 404}, kwargs=_edition_pk, html=False
    ),
    Entry(
        "reports:edition-xlsx", ok=STAFF, statuses={"partner": 404}, kwargs=_edition_pk, html=False
    ),
    Entry(
        "reports:edition-csv", ok=STAFF, statuses={"partner": 404}, kwargs=_edition_pk, html=False
    ),
    Entry("reports:programme-dashboard", ok=STAFF, kwargs=_programme_pk),
    Entry("reports:programme-report", ok=STAFF, kwargs=_programme_pk),
    Entry("reports:programme-pdf", ok=STAFF, kwargs=_programme_pk, html=False),
    Entry("reports:programme-xlsx", ok=STAFF, kwargs=_programme_pk, html=False),
    Entry("reports:programme-csv", ok=STAFF, kwargs=_programme_pk, html=False),
    Entry("core:outbox", ok=STAFF),
    Entry("favicon", html=False),
    Entry("credentials:check"),
    Entry("accounts:my-data", ok=SIGNED_IN),
    Entry("accounts:people-privacy", ok=STAFF),
    Entry(
        "accounts:person-privacy",
        ok=STAFF,
        kwargs=_kw(person_id=lambda s: s.users["participant"].pk),
    ),
    Entry("accounts:erasure-requests", ok=STAFF),
    Entry(
        "accounts:erasure-request",
        ok=STAFF,
        others=404,
        kwargs=_kw(request_id=lambda s: _erasure_request(s).pk),
    ),
    Entry("audit-trail", ok=STAFF),
    Entry("academy:catalogue", ok=STAFF),
    Entry("academy:programme-create", ok=STAFF),
    Entry("academy:programme-edit", ok=STAFF),
    Entry("academy:module-create", ok=STAFF),
    Entry("academy:module-edit", ok=STAFF, kwargs=_kw(module_id=lambda s: _module(s).pk)),
    Entry("academy:outcome-create", ok=STAFF, kwargs=_kw(module_id=lambda s: _module(s).pk)),
    Entry(
        "academy:outcome-edit",
        ok=STAFF,
        kwargs=_kw(outcome_id=lambda s: _model_first("academy.LearningOutcome")(s).pk),
    ),
    Entry("academy:competence-list", ok=STAFF),
    Entry("academy:competence-create", ok=STAFF),
    Entry(
        "academy:competence-edit",
        ok=STAFF,
        kwargs=_kw(competence_id=lambda s: _model_first("academy.Competence")(s).pk),
    ),
    Entry("surveys:template-create", ok=STAFF),
    Entry("surveys:template-edit", ok=STAFF, kwargs=_kw(template_id=lambda s: _template(s).pk)),
    Entry("surveys:question-create", ok=STAFF, kwargs=_kw(template_id=lambda s: _template(s).pk)),
    Entry(
        "surveys:question-edit",
        ok=STAFF,
        kwargs=_kw(item_id=lambda s: _template(s).items.order_by("pk").first().pk),
    ),
    Entry("brokerage:challenges"),
    Entry(
        "brokerage:challenges-export",
        kwargs=_kw(fmt=lambda s: "csv"),
        variants=({"fmt": "xlsx"},),
        html=False,
    ),
    Entry("brokerage:challenge-create", ok=frozenset(("partner", "coordinator"))),
    Entry("brokerage:challenge", kwargs=_kw(challenge_id=lambda s: _open_challenge(s).pk)),
    Entry(
        "brokerage:challenge-edit",
        ok=STAFF,
        kwargs=_kw(challenge_id=lambda s: _partner_challenge(s).pk),
    ),
    Entry("brokerage:profile", ok=SIGNED_IN),
    Entry("brokerage:introductions", ok=SIGNED_IN),
    Entry(
        "brokerage:introduction",
        ok=frozenset(("participant", "partner", "coordinator")),
        others=404,
        kwargs=_kw(introduction_id=lambda s: _broker_introduction(s).pk),
    ),
    Entry("brokerage:notifications", ok=SIGNED_IN),
    Entry("brokerage:runs", ok=STAFF),
    Entry("brokerage:weights", ok=STAFF),
    Entry("brokerage:weights-history", ok=STAFF),
    Entry(
        "brokerage:run",
        ok=STAFF,
        others=404,
        kwargs=_kw(run_id=lambda s: _model_first("brokerage.MatchRun")(s).pk),
    ),
    Entry("brokerage:consultations"),
    Entry("brokerage:consultation-create", ok=frozenset(("partner", "coordinator"))),
    Entry("brokerage:resources", ok=frozenset(("partner", "coordinator"))),
    Entry("brokerage:resource-create", ok=frozenset(("partner", "coordinator"))),
    Entry(
        "brokerage:resource-edit",
        ok=STAFF,
        # The demo's resources belong to a funder and a university, not the partner's city.
        statuses={"partner": 404},
        kwargs=_kw(resource_id=lambda s: _model_first("brokerage.Resource")(s).pk),
    ),
    Entry(
        "brokerage:consultation",
        kwargs=_kw(consultation_id=lambda s: _published_consultation(s).pk),
    ),
    Entry("studio:projects", ok=SIGNED_IN),
    Entry("studio:project-create", ok=STAFF),
    Entry("studio:project", kwargs=_kw(project_id=lambda s: _published_project(s).pk)),
    Entry(
        "studio:project-edit",
        ok=frozenset(("participant", "coordinator")),
        kwargs=_kw(project_id=lambda s: _team_project(s).pk),
    ),
    Entry("studio:templates", ok=SIGNED_IN),
    Entry("studio:template-create", ok=STAFF),
    Entry(
        "studio:template",
        ok=SIGNED_IN,
        kwargs=_kw(template_id=lambda s: _model_first("studio.CanvasTemplate")(s).pk),
    ),
    Entry(
        "studio:template-revise",
        ok=STAFF,
        kwargs=_kw(template_id=lambda s: _model_first("studio.CanvasTemplate")(s).pk),
    ),
    Entry(
        "studio:canvas",
        ok=STAFF,
        others=404,
        anonymous=404,
        kwargs=_kw(canvas_id=lambda s: _team_canvas(s).pk),
    ),
    Entry(
        "studio:canvas-compare",
        ok=STAFF,
        others=404,
        anonymous=404,
        kwargs=_kw(canvas_id=lambda s: _team_canvas(s).pk),
    ),
    Entry(
        "studio:canvas-export",
        ok=STAFF,
        others=404,
        anonymous=404,
        kwargs=_kw(canvas_id=lambda s: _team_canvas(s).pk, fmt=lambda s: "pdf"),
        variants=({"fmt": "json"},),
        html=False,
    ),
    Entry(
        "studio:mentoring",
        ok=frozenset(("participant", "mentor", "coordinator")),
        others=404,
        kwargs=_kw(project_id=lambda s: _team_project(s).pk),
    ),
    Entry("studio:mentor-overview", ok=SIGNED_IN),
    Entry(
        "studio:project-export",
        kwargs=_kw(project_id=lambda s: _published_project(s).pk, fmt=lambda s: "pdf"),
        variants=({"fmt": "json"},),
        html=False,
    ),
    Entry(
        "studio:team",
        ok=frozenset(("participant", "mentor", "coordinator")),
        kwargs=_kw(project_id=lambda s: _team_project(s).pk),
    ),
    Entry(
        "studio:files",
        ok=frozenset(("participant", "mentor", "coordinator")),
        kwargs=_kw(project_id=lambda s: _team_project(s).pk),
    ),
    Entry(
        "studio:milestone-create",
        ok=frozenset(("participant", "coordinator")),
        kwargs=_kw(project_id=lambda s: _team_project(s).pk),
    ),
    Entry(
        "studio:milestone-edit",
        ok=frozenset(("participant", "coordinator")),
        kwargs=_kw(milestone_id=lambda s: _team_milestone(s).pk),
    ),
    Entry(
        "studio:indicator-create",
        ok=frozenset(("participant", "coordinator")),
        kwargs=_kw(project_id=lambda s: _team_project(s).pk),
    ),
    Entry("studio:indicator", kwargs=_kw(indicator_id=lambda s: _team_indicator(s).pk)),
    Entry(
        "studio:indicator-edit",
        ok=frozenset(("participant", "coordinator")),
        kwargs=_kw(indicator_id=lambda s: _team_indicator(s).pk),
    ),
    Entry("studio:impact", ok=STAFF),
    Entry("showcase:catalogue"),
    Entry("showcase:project", kwargs=_kw(project_id=lambda s: _published_project(s).pk)),
]

POST_ONLY = "answers only POST (a button of another page); its page is the one with the button"
ONE_TIME = "a one-time link from an e-mail; its own tests follow the link"

EXCLUDED: dict[str, str] = {
    "admin:": "Django's admin: a tool for operators, not part of the product's pages",
    "api:": "the JSON API (tests/api): problem+json, no pages",
    "": "the API's catch-all 404 (problem+json)",
    "set_language": POST_ONLY,
    "account_logout": POST_ONLY,
    "account_inactive": "shown by allauth only to a deactivated account at login",
    "account_reauthenticate": "allauth's step inside a sensitive action",
    "account_request_reauthentication_code": "allauth login-code flow, switched off",
    "account_confirm_reauthentication_code": "allauth login-code flow, switched off",
    "account_email_verification_sent": "shown after sign-up only",
    "account_set_password": "for accounts without a password (none: every demo account has one)",
    "account_confirm_login_code": "allauth login-code flow, switched off",
    "account_confirm_email": ONE_TIME,
    "account_reset_password_from_key": ONE_TIME,
    "account_reset_password_from_key_done": "shown after a password reset only",
    "mfa_authenticate": "the second step of a login with two factors",
    "mfa_reauthenticate": "allauth's step inside a sensitive action",
    "mfa_activate_totp": "starts a TOTP set-up (a secret per visit)",
    "mfa_deactivate_totp": "only with TOTP set up (no demo account has it)",
    "mfa_view_recovery_codes": "only with TOTP set up (no demo account has it)",
    "mfa_generate_recovery_codes": "only with TOTP set up (no demo account has it)",
    "mfa_download_recovery_codes": "only with TOTP set up (no demo account has it)",
    "accounts:api-token-revoke": POST_ONLY,
    "academy:attendance-mark": POST_ONLY,
    "academy:calendar-reset": POST_ONLY,
    "academy:application-confirm": ONE_TIME,
    "academy:application-resend": POST_ONLY,
    "credentials:job": "progress of an issuance job (none in the demo); tests/credentials",
    "surveys:answer-save": POST_ONLY + " (autosave)",
    "knowledge:relation-delete": POST_ONLY,
    "knowledge:material-delete": POST_ONLY,
    "events:ticket-workshop": POST_ONLY,
    "events:item-delete": POST_ONLY,
    "events:registration-cancel": POST_ONLY,
    "events:checkin-scan": POST_ONLY + " (the scanner sends codes)",
    "events:checkin-do": POST_ONLY,
    "reports:export": "an export's progress (a UUID per request); tests/reports",
    "reports:export-file": "an export's file (a UUID per request); tests/reports",
    "core:outbox-resend": POST_ONLY,
    "knowledge:material": "a material's file (a download, stored files differ per run); tests/knowledge",
    "events:speaker-photo": "a speaker's photo file; no demo speaker has one (tests/events)",
    "reports:programme-export": POST_ONLY,
    "reports:edition-export": POST_ONLY,
    "reports:all-export": POST_ONLY,
    "knowledge:relation-add": POST_ONLY,
    "surveys:instrument-remind": POST_ONLY,
    "surveys:instrument-send": POST_ONLY,
    "credentials:visibility": POST_ONLY,
    "credentials:enrolment-issue": POST_ONLY,
    "credentials:edition-issue": POST_ONLY,
    "academy:application-decide": POST_ONLY,
    "academy:consent-give": POST_ONLY,
    "academy:consent-withdraw": POST_ONLY,
    "academy:guardian-consent": ONE_TIME,
    "accounts:my-data-download": POST_ONLY + " (the JSON file; tests/core/test_personal_data.py)",
    "accounts:person-export": POST_ONLY,
    "accounts:person-erase": POST_ONLY,
    "accounts:person-erasure-record": POST_ONLY,
    "accounts:my-erasure-request": POST_ONLY,
    "accounts:erasure-request-complete": POST_ONLY,
    "accounts:erasure-request-refuse": POST_ONLY,
    "brokerage:challenge-submit": POST_ONLY,
    "brokerage:challenge-publish": POST_ONLY,
    "brokerage:challenge-return": POST_ONLY,
    "brokerage:challenge-status": POST_ONLY,
    "brokerage:propose": POST_ONLY,
    "brokerage:consent": POST_ONLY,
    "brokerage:introduction-accept": POST_ONLY,
    "brokerage:introduction-decline": POST_ONLY,
    "brokerage:introduction-outcome": POST_ONLY,
    "brokerage:run-propose": POST_ONLY,
    "brokerage:consultation-synthesis": POST_ONLY,
    "brokerage:consultation-answer": POST_ONLY,
    "brokerage:consultation-meeting": POST_ONLY,
    "brokerage:comment-support": POST_ONLY,
    "brokerage:comment-report": POST_ONLY,
    "brokerage:comment-hide": POST_ONLY,
    "brokerage:comment-confirm": ONE_TIME,
    "studio:project-from-challenge": POST_ONLY,
    "studio:project-stage": POST_ONLY,
    "studio:project-publish": POST_ONLY,
    "studio:name-consent": POST_ONLY,
    "studio:canvas-create": POST_ONLY,
    "studio:canvas-import": POST_ONLY,
    "studio:canvas-save": POST_ONLY,
    "studio:canvas-comment": POST_ONLY,
    "studio:mentoring-note": POST_ONLY,
    "studio:action-done": POST_ONLY,
    "studio:file": "a download of an uploaded file (the demo has none); tests/studio/test_files.py",
    "studio:file-delete": POST_ONLY,
    "studio:team-add": POST_ONLY,
    "studio:team-role": POST_ONLY,
    "studio:team-remove": POST_ONLY,
    "studio:milestone-done": POST_ONLY,
    "studio:measurement-delete": POST_ONLY,
}
"""URL names (or prefixes ending in ':') no sweep opens, with the reason."""


def entries_by_name() -> dict[str, Entry]:
    return {entry.name: entry for entry in ENTRIES}


def url_names() -> list[tuple[str, URLPattern]]:
    """Every named URL pattern of the URL configuration, with its namespaced name."""
    found: list[tuple[str, URLPattern]] = []

    def walk(patterns: Iterable[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                found.append((f"{namespace}{pattern.name or ''}", pattern))

    walk(get_resolver().url_patterns, "")
    return found


def is_excluded(name: str) -> bool:
    return name in EXCLUDED or any(
        prefix.endswith(":") and name.startswith(prefix) for prefix in EXCLUDED
    )


def inventory(roles: Iterable[str] = ROLES) -> list[Page]:
    """(name, url, role, expected status) for every entry and role, from the loaded demo."""
    samples = Samples()
    shared = samples.shared()
    pages: list[Page] = []
    for entry in ENTRIES:
        name = entry.name
        pattern_kwargs = _arguments_of(name)
        values = {key: shared[key] for key in pattern_kwargs if key in shared}
        if entry.kwargs:
            values.update(entry.kwargs(samples))
        for variant in ({}, *entry.variants):
            arguments = {**values, **variant}
            url = reverse(name, kwargs={key: arguments[key] for key in pattern_kwargs})
            for role in roles:
                pages.append(Page(name, url, role, entry.status_for(role)))
    return pages


def html_pages(roles: Iterable[str] = ROLES) -> list[Page]:
    """The pages people read, per role that may open them: what the language, width and
    accessibility sweeps visit."""
    html = {entry.name for entry in ENTRIES if entry.html}
    return [page for page in inventory(roles) if page.status == 200 and page.name in html]


def _arguments_of(name: str) -> list[str]:
    """The keyword arguments a named URL needs (its route's converters, minus defaults)."""
    for found, pattern in url_names():
        if found == name:
            return [
                key for key in pattern.pattern.regex.groupindex if key not in pattern.default_args
            ]
    raise KeyError(name)


# --- the authorisation matrix (decision 1020) -----------------------------------------------------


@dataclass(frozen=True)
class Foreign:
    """An object URL's column of the authorisation matrix: the URL arguments of an object of
    another edition, organisation or person (`Samples.world`, `tests/foreign.py`).

    `kwargs`: those arguments (None: the entry's own sample — an object with no owner, on a page
    only coordinators use); `ok`: roles for whom it is still theirs (coordinators are global
    staff) — they get the entry's own status on GET, which shows the URL names a real object;
    every other role gets 403/404 (an anonymous visitor may be sent to log in) for each of
    `methods`, and a POST writes nothing.
    """

    kwargs: Callable[[Samples], dict[str, Any]] | None = None
    ok: frozenset[str] = STAFF
    methods: tuple[str, ...] = ("GET", "POST")


def _fw(**getters: Callable[[Any], Any]) -> Callable[[Samples], dict[str, Any]]:
    """Foreign URL arguments from the foreign world: `_fw(edition_id=lambda w: w.edition.pk)`."""
    return lambda s: {key: getter(s.world) for key, getter in getters.items()}


POST = ("POST",)
PUBLIC_OBJECT = "public: every role may read every one of them, so none is foreign to anyone"
CAPABILITY = (
    "a secret token in the URL is the permission (a capability link from an e-mail or a "
    "calendar); a wrong token answers 404 (the app's own tests)"
)
NOT_AN_OBJECT = "the argument is a language or a file format, not an object"
OWN_ONLY = "acts on the signed-in person's own record only; the URL names no one else's object"

_f_person = _fw(person_id=lambda w: w.person.pk)
_f_programme = _fw(programme_id=lambda w: w.programme.pk)
_f_edition = _fw(edition_id=lambda w: w.edition.pk)
_f_enrolment = _fw(enrolment_id=lambda w: w.enrolment.pk)
_f_session = _fw(session_id=lambda w: w.session.pk)
_f_application = _fw(application_id=lambda w: w.application.pk)
_f_credential = _fw(credential_uuid=lambda w: str(w.credential.uuid))
_f_instrument = _fw(instrument_id=lambda w: w.instrument.pk)
_f_document = _fw(key=lambda w: w.document.key)
_f_chapter = _fw(key=lambda w: w.document.key, chapter_key=lambda w: w.chapter.key)
_f_term = _fw(slug=lambda w: w.term.slug)
_f_challenge = _fw(challenge_id=lambda w: w.challenge.pk)
_f_introduction = _fw(introduction_id=lambda w: w.introduction.pk)
_f_consultation = _fw(consultation_id=lambda w: w.consultation.pk)
_f_comment = _fw(comment_id=lambda w: w.comment.pk)
_f_project = _fw(project_id=lambda w: w.project.pk)
_f_canvas = _fw(canvas_id=lambda w: w.canvas.pk)
_f_draft_event = _fw(event_id=lambda w: w.draft_event.pk)
_f_event = _fw(event_id=lambda w: w.event.pk)
_f_event_item = _fw(event_id=lambda w: w.event.pk, item_id=lambda w: w.item.pk)
_f_edition_pk = _fw(pk=lambda w: w.edition.pk)
_f_programme_pk = _fw(pk=lambda w: w.programme.pk)
_f_export = _fw(export_id=lambda w: str(w.report_export.pk))
NOBODY: frozenset[str] = frozenset()

FOREIGN: dict[str, Foreign | str] = {
    # accounts
    "accounts:person-privacy": Foreign(_f_person),
    "accounts:person-export": Foreign(_f_person, methods=POST),
    "accounts:person-erase": Foreign(_f_person, methods=POST),
    "accounts:api-token-revoke": Foreign(
        _fw(token_id=lambda w: w.api_token.pk), ok=NOBODY, methods=POST
    ),
    # academy
    "academy:programme-detail": PUBLIC_OBJECT,
    "academy:programme-edit": Foreign(_f_programme),
    "academy:module-create": Foreign(_f_programme),
    "academy:module-edit": Foreign(_fw(module_id=lambda w: w.module.pk)),
    "academy:outcome-create": Foreign(_fw(module_id=lambda w: w.module.pk)),
    "academy:outcome-edit": Foreign(_fw(outcome_id=lambda w: w.outcome.pk)),
    "academy:competence-edit": Foreign(),
    "academy:edition-detail": Foreign(_f_edition),
    "academy:edition-update": Foreign(_f_edition),
    "academy:edition-participants": Foreign(_f_edition),
    "academy:enrolment-create": Foreign(_f_edition),
    "academy:session-create": Foreign(_f_edition),
    "academy:group-create": Foreign(_f_edition),
    "academy:consent-give": OWN_ONLY,
    "academy:consent-withdraw": Foreign(
        _fw(record_id=lambda w: w.consent_record.pk), ok=NOBODY, methods=POST
    ),
    "academy:enrolment-detail": Foreign(_f_enrolment),
    "academy:enrolment-withdraw": Foreign(_f_enrolment),
    "academy:enrolment-assess": Foreign(_f_enrolment),
    "academy:session-detail": Foreign(_f_session),
    "academy:attendance": Foreign(_f_session),
    "academy:attendance-mark": Foreign(
        _fw(session_id=lambda w: w.session.pk, enrolment_id=lambda w: w.enrolment.pk),
        methods=POST,
    ),
    "academy:participants-import": Foreign(_f_edition),
    "academy:edition-calendar": Foreign(_f_edition),
    "academy:calendar-feed": CAPABILITY,
    "academy:calendar-edition-feed": Foreign(
        lambda s: {"token": s.calendar_token, "edition_id": s.world.edition.pk}, ok=NOBODY
    ),
    "academy:call": Foreign(_f_edition, ok=NOBODY),  # the foreign call is not published
    "academy:guardian-consent": CAPABILITY,
    "academy:application-form": Foreign(_f_edition, ok=NOBODY),
    "academy:application-confirm": CAPABILITY,
    "academy:application-resend": OWN_ONLY + " (this browser's application)",
    "academy:call-edit": Foreign(_f_edition),
    "academy:edition-applications": Foreign(_f_edition),
    "academy:application-detail": Foreign(_f_application),
    "academy:application-decide": Foreign(_f_application, methods=POST),
    # credentials
    "credentials:achievement": Foreign(_f_programme),
    "credentials:edition": Foreign(_f_edition),
    "credentials:edition-issue": Foreign(_f_edition, methods=POST),
    "credentials:enrolment-issue": Foreign(_f_enrolment, methods=POST),
    "credentials:job": Foreign(_fw(job_id=lambda w: w.issuance_job.pk), methods=("GET",)),
    "credentials:status-list": PUBLIC_OBJECT + " (the revocation bitstring)",
    "credentials:manage": Foreign(_f_credential),
    "credentials:visibility": Foreign(_f_credential, methods=POST),
    "credentials:download": Foreign(
        _fw(credential_uuid=lambda w: str(w.credential.uuid), kind=lambda w: "pdf")
    ),
    "credential-verify": Foreign(_f_credential),  # hidden by its holder
    # surveys
    "surveys:template-edit": Foreign(),
    "surveys:question-create": Foreign(),
    "surveys:question-edit": Foreign(),
    "surveys:instrument-detail": Foreign(_f_instrument),
    "surveys:instrument-send": Foreign(_f_instrument, methods=POST),
    "surveys:instrument-remind": Foreign(_f_instrument, methods=POST),
    "surveys:answer": Foreign(_f_instrument, ok=NOBODY),
    "surveys:answer-save": Foreign(_f_instrument, ok=NOBODY, methods=POST),
    # knowledge: drafts are the foreign objects (only their editors read them)
    "knowledge:document": Foreign(_f_document),
    "knowledge:document-edit": Foreign(_f_document),
    "knowledge:document-history": Foreign(_f_document),
    "knowledge:document-changes": Foreign(_f_document),
    "knowledge:document-pdf": Foreign(
        _fw(key=lambda w: w.document.key, language=lambda w: "pl"), methods=("GET",)
    ),
    "knowledge:chapter-create": Foreign(_f_document),
    "knowledge:chapter": Foreign(_f_chapter),
    "knowledge:chapter-edit": Foreign(_f_chapter),
    "knowledge:terms-az": NOT_AN_OBJECT,
    "knowledge:term": Foreign(_f_term),
    "knowledge:term-edit": Foreign(_f_term),
    "knowledge:relation-add": Foreign(_f_term, methods=POST),
    "knowledge:relation-delete": Foreign(
        _fw(slug=lambda w: w.term.slug, relation_id=lambda w: w.relation.pk),
        methods=POST,
    ),
    "knowledge:material": Foreign(_fw(material_id=lambda w: w.material.pk)),
    "knowledge:material-delete": Foreign(_fw(material_id=lambda w: w.material.pk), methods=POST),
    # brokerage: another organisation's draft challenge, another broker's introduction
    "brokerage:challenges-export": NOT_AN_OBJECT,
    "brokerage:challenge": Foreign(_f_challenge),
    "brokerage:challenge-edit": Foreign(_f_challenge),
    "brokerage:challenge-submit": Foreign(_f_challenge, methods=POST),
    "brokerage:challenge-publish": Foreign(_f_challenge, methods=POST),
    "brokerage:challenge-return": Foreign(_f_challenge, methods=POST),
    "brokerage:challenge-status": Foreign(_f_challenge, methods=POST),
    "brokerage:propose": Foreign(
        _fw(challenge_id=lambda w: w.challenge.pk, broker_id=lambda w: w.broker.pk),
        methods=POST,
    ),
    "brokerage:introduction": Foreign(_f_introduction),
    "brokerage:introduction-accept": Foreign(_f_introduction, methods=POST),
    "brokerage:introduction-decline": Foreign(_f_introduction, methods=POST),
    "brokerage:introduction-outcome": Foreign(_f_introduction, methods=POST),
    "brokerage:run": Foreign(),
    "brokerage:run-propose": Foreign(
        _kw(run_id=lambda s: _model_first("brokerage.MatchRun")(s).pk), methods=POST
    ),
    "brokerage:consultation": Foreign(_f_consultation),
    "brokerage:consultation-synthesis": Foreign(_f_consultation, methods=POST),
    "brokerage:consultation-answer": Foreign(_f_consultation, methods=POST),
    "brokerage:consultation-meeting": Foreign(_f_consultation, methods=POST),
    "brokerage:comment-support": Foreign(_f_comment, ok=NOBODY, methods=POST),
    "brokerage:comment-report": Foreign(_f_comment, methods=POST),
    "brokerage:comment-hide": Foreign(_f_comment, methods=POST),
    # studio: another team's unpublished project
    "studio:project-from-challenge": Foreign(_f_challenge, methods=POST),
    "studio:project": Foreign(_f_project),
    "studio:project-edit": Foreign(_f_project),
    "studio:project-stage": Foreign(_f_project, methods=POST),
    "studio:project-publish": Foreign(_f_project, methods=POST),
    "studio:name-consent": Foreign(_f_project, ok=NOBODY, methods=POST),
    "studio:template": PUBLIC_OBJECT + " (to every signed-in person: the toolkit)",
    "studio:template-revise": Foreign(),
    "studio:canvas-create": Foreign(_f_project, methods=POST),
    "studio:canvas-import": Foreign(_f_project, methods=POST),
    "studio:canvas": Foreign(_f_canvas),
    "studio:canvas-save": Foreign(_f_canvas, methods=POST),
    "studio:canvas-comment": Foreign(
        _fw(canvas_id=lambda w: w.canvas.pk, block_key=lambda w: "problem"), methods=POST
    ),
    "studio:canvas-compare": Foreign(_f_canvas),
    "studio:canvas-export": Foreign(
        _fw(canvas_id=lambda w: w.canvas.pk, fmt=lambda w: "json"), methods=("GET",)
    ),
    "studio:mentoring": Foreign(_f_project),
    "studio:mentoring-note": Foreign(
        _fw(project_id=lambda w: w.project.pk, session_id=lambda w: w.mentoring_session.pk),
        methods=POST,
    ),
    "studio:action-done": Foreign(_fw(action_id=lambda w: w.action.pk), methods=POST),
    "showcase:project": Foreign(_f_project, ok=NOBODY, methods=("GET",)),
    # events: a draft event for the public pages, a published one nobody of the demo runs
    "events:speaker-edit": Foreign(),
    "events:speaker-photo": PUBLIC_OBJECT + " (a published speaker's photo)",
    "events:ticket": CAPABILITY,
    "events:ticket-cancel": CAPABILITY,
    "events:ticket-workshop": CAPABILITY,
    "events:group": CAPABILITY,
    "events:detail": Foreign(_f_draft_event),
    "events:register": Foreign(_f_draft_event),
    "events:register-sent": Foreign(_f_draft_event),
    "events:programme": Foreign(_f_draft_event),
    "events:ics": Foreign(_f_draft_event, methods=("GET",)),
    "events:edit": Foreign(_f_event),
    "events:manage": Foreign(_f_event),
    "events:item-create": Foreign(_f_event),
    "events:item-edit": Foreign(_f_event_item),
    "events:item-delete": Foreign(_f_event_item, methods=POST),
    "events:item-attendance": Foreign(_f_event_item),
    "events:room-create": Foreign(_f_event),
    "events:question-create": Foreign(_f_event),
    "events:question-edit": Foreign(
        _fw(event_id=lambda w: w.event.pk, question_id=lambda w: w.question.pk)
    ),
    "events:presentation-create": Foreign(_f_event),
    "events:presentation-edit": Foreign(
        _fw(event_id=lambda w: w.event.pk, presentation_id=lambda w: w.presentation.pk)
    ),
    "events:registrations": Foreign(_f_event),
    "events:registration-cancel": Foreign(
        _fw(event_id=lambda w: w.event.pk, registration_id=lambda w: w.registration.pk),
        methods=POST,
    ),
    "events:badges": Foreign(_f_event, methods=("GET",)),
    "events:stats": Foreign(_f_event),
    "events:feedback": Foreign(_f_event),
    "events:checkin": Foreign(_f_event),
    "events:checkin-scan": Foreign(_f_event, methods=POST),
    "events:checkin-do": Foreign(
        _fw(event_id=lambda w: w.event.pk, registration_id=lambda w: w.registration.pk),
        methods=POST,
    ),
    "events:checkin-code": Foreign(
        _fw(event_id=lambda w: w.event.pk, code=lambda w: w.registration.code)
    ),
    # reports
    "reports:export": Foreign(_f_export, ok=NOBODY, methods=("GET",)),
    "reports:export-file": Foreign(_f_export, ok=NOBODY, methods=("GET",)),
    "reports:edition-dashboard": Foreign(_f_edition_pk),
    "reports:edition-report": Foreign(_f_edition_pk),
    "reports:edition-pdf": Foreign(_f_edition_pk, methods=("GET",)),
    "reports:edition-xlsx": Foreign(_f_edition_pk, methods=("GET",)),
    "reports:edition-csv": Foreign(_f_edition_pk, methods=("GET",)),
    "reports:edition-export": Foreign(_f_edition_pk, methods=POST),
    "reports:programme-dashboard": Foreign(_f_programme_pk),
    "reports:programme-report": Foreign(_f_programme_pk),
    "reports:programme-pdf": Foreign(_f_programme_pk, methods=("GET",)),
    "reports:programme-xlsx": Foreign(_f_programme_pk, methods=("GET",)),
    "reports:programme-csv": Foreign(_f_programme_pk, methods=("GET",)),
    "reports:programme-export": Foreign(_f_programme_pk, methods=POST),
    "core:outbox-resend": Foreign(
        _kw(email_id=lambda s: _model_first("core.OutboundEmail")(s).pk), methods=POST
    ),
    # erasure requests, resources, milestones and impact (issue 14's pages)
    "accounts:person-erasure-record": Foreign(_f_person, methods=POST),
    "accounts:erasure-request": Foreign(_fw(request_id=lambda w: w.erasure_request.pk)),
    "accounts:erasure-request-complete": Foreign(
        _fw(request_id=lambda w: w.erasure_request.pk), methods=POST
    ),
    "accounts:erasure-request-refuse": Foreign(
        _fw(request_id=lambda w: w.erasure_request.pk), methods=POST
    ),
    "brokerage:comment-confirm": CAPABILITY,
    "brokerage:resource-edit": Foreign(_fw(resource_id=lambda w: w.resource.pk)),
    "studio:milestone-create": Foreign(_f_project),
    "studio:milestone-edit": Foreign(_fw(milestone_id=lambda w: w.milestone.pk)),
    "studio:milestone-done": Foreign(_fw(milestone_id=lambda w: w.milestone.pk), methods=POST),
    "studio:indicator-create": Foreign(_f_project),
    "studio:indicator": Foreign(_fw(indicator_id=lambda w: w.indicator.pk)),
    "studio:indicator-edit": Foreign(_fw(indicator_id=lambda w: w.indicator.pk)),
    "studio:files": Foreign(_f_project),
    "studio:file": Foreign(_fw(file_id=lambda w: w.project_file.pk), methods=("GET",)),
    "studio:file-delete": Foreign(_fw(file_id=lambda w: w.project_file.pk), methods=POST),
    "studio:project-export": Foreign(
        _fw(project_id=lambda w: w.project.pk, fmt=lambda w: "json"), methods=("GET",)
    ),
    "studio:team": Foreign(_f_project),
    "studio:team-add": Foreign(_f_project, methods=POST),
    "studio:team-role": Foreign(
        _fw(project_id=lambda w: w.project.pk, user_id=lambda w: w.member.pk), methods=POST
    ),
    "studio:team-remove": Foreign(
        _fw(project_id=lambda w: w.project.pk, user_id=lambda w: w.member.pk), methods=POST
    ),
    "studio:measurement-delete": Foreign(
        _fw(measurement_id=lambda w: w.measurement.pk), methods=POST
    ),
    # allauth's links from e-mails and the API's catch-all
    "account_confirm_email": CAPABILITY,
    "account_reset_password_from_key": CAPABILITY,
    "": "the API's catch-all 404 (problem+json); the API's operations have their own matrix",
}
"""Every URL with path arguments: its foreign object and the expected outcome, or the reason
it has none (URL names of `FOREIGN_EXCLUDED` prefixes are left out)."""


def _neighbour_groups(s: Samples) -> Any:
    """Teams of the demo's edition that neither the demo participant is in nor the demo mentor
    mentors: their people and work are someone else's within the same edition."""
    from sib.academy.models import Group

    def compute() -> Any:
        own = s.enrolment.group_id
        return (
            Group.objects.filter(edition=s.edition)
            .exclude(pk=own)
            .exclude(mentors=s.users["mentor"])
            .order_by("pk")
        )

    return s.memo("neighbour-groups", compute)


def _neighbour_enrolment(s: Samples) -> Any:
    from sib.academy.models import Enrolment

    return (
        Enrolment.objects.filter(group__in=_neighbour_groups(s), withdrawn_on__isnull=True)
        .order_by("pk")
        .first()
    )


def _neighbour_credential(s: Samples) -> Any:
    from sib.credentials.models import Credential

    return (
        Credential.objects.filter(enrolment__edition=s.edition)
        .exclude(holder=s.users["participant"])
        .order_by("pk")
        .first()
    )


def _neighbour_project(s: Samples) -> Any:
    from sib.studio.models import Project

    return (
        Project.objects.filter(
            team__in=_neighbour_groups(s), published_at__isnull=True, canvases__isnull=False
        )
        .order_by("pk")
        .first()
    )


def _neighbour_session(s: Samples) -> Any:
    from sib.academy.models import Session

    return Session.objects.filter(group__in=_neighbour_groups(s)).order_by("pk").first()


EDITION_STAFF = frozenset(("trainer", "mentor", "coordinator"))
_n_enrolment = _kw(enrolment_id=lambda s: _neighbour_enrolment(s).pk)
_n_credential = _kw(credential_uuid=lambda s: str(_neighbour_credential(s).uuid))
_n_project = _kw(project_id=lambda s: _neighbour_project(s).pk)
_n_canvas = _kw(canvas_id=lambda s: _neighbour_project(s).canvases.order_by("pk").first().pk)

NEIGHBOURS: dict[str, Foreign] = {
    "academy:enrolment-detail": Foreign(_n_enrolment, ok=EDITION_STAFF),
    "academy:enrolment-assess": Foreign(_n_enrolment, ok=frozenset(("trainer", "coordinator"))),
    "academy:enrolment-withdraw": Foreign(_n_enrolment),
    "academy:session-detail": Foreign(
        _kw(session_id=lambda s: _neighbour_session(s).pk), ok=EDITION_STAFF
    ),
    "academy:attendance": Foreign(
        _kw(session_id=lambda s: _neighbour_session(s).pk),
        ok=frozenset(("trainer", "coordinator")),
    ),
    "credentials:download": Foreign(
        _kw(credential_uuid=lambda s: str(_neighbour_credential(s).uuid), kind=lambda s: "pdf"),
        ok=EDITION_STAFF,
        methods=("GET",),
    ),
    "credentials:visibility": Foreign(_n_credential, methods=POST),
    "studio:project": Foreign(_n_project),
    "studio:project-edit": Foreign(_n_project),
    "studio:mentoring": Foreign(_n_project),
    "studio:canvas": Foreign(_n_canvas),
    "studio:canvas-save": Foreign(_n_canvas, methods=POST),
}
"""The same object URLs with another person's object in the demo roles' own edition (another
team's enrolment, session, credential, project): the edition's staff may still see some."""


FOREIGN_EXCLUDED = {
    "admin:": "Django's admin: staff only as a whole (is_staff), no per-object scope to test",
    "api:": "the JSON API: its operations are the schema's matrix (API_FOREIGN)",
}


@dataclass(frozen=True)
class Probe:
    """One cell of the matrix: a role asks for a foreign object's URL with a method.

    `expected`: the status it must get (a role in `Foreign.ok`, GET only), or None: any denial
    (403/404; 302 to the login page for an anonymous visitor; 405 for a POST to a page that
    takes none), with nothing written."""

    name: str
    url: str
    role: str
    method: str
    expected: int | None


def matrix(roles: Iterable[str] = ROLES) -> list[Probe]:
    """Every object URL of `FOREIGN` × every role × its methods, with a foreign object."""
    samples = Samples()
    shared = samples.shared()
    entries = entries_by_name()
    probes: list[Probe] = []
    for name, foreign in [*FOREIGN.items(), *NEIGHBOURS.items()]:
        if isinstance(foreign, str):
            continue
        pattern_kwargs = _arguments_of(name)
        entry = entries.get(name)
        if foreign.kwargs is None:
            assert entry is not None, f"{name}: Foreign() reuses the entry's sample; it has none"
            values = {key: shared[key] for key in pattern_kwargs if key in shared}
            if entry.kwargs:
                values.update(entry.kwargs(samples))
        else:
            values = foreign.kwargs(samples)
        url = reverse(name, kwargs={key: values[key] for key in pattern_kwargs})
        for role in roles:
            for method in foreign.methods:
                if role in foreign.ok:
                    if method == "GET" and entry is not None:
                        probes.append(Probe(name, url, role, method, entry.status_for(role)))
                    continue
                probes.append(Probe(name, url, role, method, None))
    return probes


def object_url_names() -> list[str]:
    """URL names whose route takes an argument (an object, a token, a language...)."""
    return [
        name
        for name, pattern in url_names()
        if [key for key in pattern.pattern.regex.groupindex if key not in pattern.default_args]
        and not any(name.startswith(prefix) for prefix in FOREIGN_EXCLUDED)
    ]


# --- the API's operations (the OpenAPI schema of /api/v1/) -----------------------------------------


@dataclass(frozen=True)
class ApiForeign:
    """An API operation's column of the matrix: path arguments naming a foreign object and, for
    a write, a body the operation would accept from someone allowed (so the check, not the
    validation, is what refuses). `ok` roles get 200 on a read."""

    path: Callable[[Samples], dict[str, Any]]
    body: Callable[[Samples], dict[str, Any]] | None = None
    ok: frozenset[str] = STAFF
    query: Callable[[Samples], dict[str, Any]] | None = None  # an object named in the query


_a_edition = _fw(edition_id=lambda w: w.edition.pk)
_a_session = _fw(session_id=lambda w: w.session.pk)

API_FOREIGN: dict[str, ApiForeign | str] = {
    "sib_academy_api_edition_detail": ApiForeign(_a_edition),
    "sib_academy_api_edition_participants": ApiForeign(_a_edition),
    "sib_academy_api_edition_sessions": ApiForeign(_a_edition),
    "sib_academy_api_session_create": ApiForeign(
        _a_edition,
        body=lambda s: {
            "module_id": s.world.module.pk,
            "format": "lecture",
            "starts_at": "2030-01-01T10:00:00Z",
            "duration_minutes": 60,
        },
    ),
    "sib_academy_api_attendance_get": ApiForeign(_a_session),
    "sib_academy_api_attendance_put": ApiForeign(
        _a_session,
        body=lambda s: {
            "marks": [{"enrolment_id": s.world.enrolment.pk, "status": "absent"}],
        },
    ),
    "sib_academy_api_edition_enrolments": ApiForeign(_a_edition),
    "sib_academy_api_enrolment_create": ApiForeign(
        _a_edition, body=lambda s: {"email": "someone.new@example.org", "full_name": "New"}
    ),
    "sib_credentials_api_credential_list": ApiForeign(
        lambda s: {}, query=lambda s: {"edition": s.world.edition.pk}
    ),
    "sib_reports_api_indicators": ApiForeign(
        lambda s: {}, query=lambda s: {"edition": s.world.edition.pk}
    ),
    "sib_credentials_api_credential_detail": ApiForeign(
        _fw(credential_id=lambda w: str(w.credential.uuid))
    ),
    "sib_knowledge_api_document": ApiForeign(_fw(document_id=lambda w: w.document.pk)),
    "sib_knowledge_api_document_chapters": ApiForeign(_fw(document_id=lambda w: w.document.pk)),
    "sib_knowledge_api_chapter": ApiForeign(_fw(chapter_id=lambda w: w.chapter.pk)),
    "sib_knowledge_api_term": ApiForeign(_fw(term_id=lambda w: w.term.pk)),
    "sib_brokerage_api_challenge_detail": ApiForeign(_fw(challenge_id=lambda w: w.challenge.pk)),
    "sib_brokerage_api_challenge_suggestions": ApiForeign(
        _fw(challenge_id=lambda w: w.challenge.pk)
    ),
    "sib_brokerage_api_match_run_detail": ApiForeign(
        _kw(run_id=lambda s: _model_first("brokerage.MatchRun")(s).pk)
    ),
    "sib_brokerage_api_introduction_decide": ApiForeign(
        _fw(introduction_id=lambda w: w.introduction.pk),
        body=lambda s: {"accept": True},
    ),
    "sib_studio_api_project_detail": ApiForeign(_fw(project_id=lambda w: w.project.pk)),
    "sib_studio_api_canvas_detail": ApiForeign(_fw(canvas_id=lambda w: w.canvas.pk)),
    "sib_studio_api_canvas_save": ApiForeign(
        _fw(canvas_id=lambda w: w.canvas.pk),
        body=lambda s: {"version": s.world.canvas.version, "content": {}},
    ),
    "sib_studio_api_indicator_list": ApiForeign(_fw(project_id=lambda w: w.project.pk)),
    "sib_studio_api_indicator_create": ApiForeign(
        _fw(project_id=lambda w: w.project.pk),
        body=lambda s: {"name_en": "Trees", "unit": "trees", "target": 5},
    ),
    "sib_studio_api_indicator_detail": ApiForeign(_fw(indicator_id=lambda w: w.indicator.pk)),
    "sib_studio_api_indicator_update": ApiForeign(
        _fw(indicator_id=lambda w: w.indicator.pk),
        body=lambda s: {"name_en": "Trees", "unit": "trees", "target": 5},
    ),
    "sib_studio_api_measurement_list": ApiForeign(_fw(indicator_id=lambda w: w.indicator.pk)),
    "sib_studio_api_measurement_create": ApiForeign(
        _fw(indicator_id=lambda w: w.indicator.pk),
        body=lambda s: {"value": 4, "measured_on": "2026-01-01"},
    ),
    "sib_events_api_event_detail": ApiForeign(_fw(event_id=lambda w: w.draft_event.pk)),
    "sib_events_api_registration_create": ApiForeign(
        _fw(event_id=lambda w: w.draft_event.pk),
        body=lambda s: {
            "full_name": "Someone New",
            "email": "someone.new@example.org",
            "consent": True,
            "consent_version": 1,
        },
    ),
    "sib_events_api_event_stats": ApiForeign(_fw(event_id=lambda w: w.event.pk)),
}
"""Every operation of the API's schema: its foreign object, or why it has none."""

API_LIST = (
    "a list: no object in the path; it is filtered by the same policy (visibility) the "
    "object's detail uses, and the matrix checks the foreign objects are not in it"
)
for _operation in (
    "sib_accounts_api_me",
    "sib_academy_api_edition_list",
    "sib_knowledge_api_documents",
    "sib_knowledge_api_terms_skos",
    "sib_knowledge_api_terms",
    "sib_knowledge_api_relations",
    "sib_knowledge_api_knowledge_search",
    "sib_brokerage_api_challenge_list",
    "sib_brokerage_api_broker_list",
    "sib_brokerage_api_introduction_list",
    "sib_brokerage_api_consultation_list",
    "sib_studio_api_project_list",
    "sib_events_api_event_list",
):
    API_FOREIGN[_operation] = API_LIST
API_FOREIGN["sib_accounts_api_me"] = OWN_ONLY
API_FOREIGN["sib_credentials_api_credential_verify"] = (
    "public: verifies a document sent in the body (no stored object in the path)"
)
# No object in the path, but a coordinators' write: every other role is refused, nothing written.
API_FOREIGN["sib_brokerage_api_match_run_create"] = ApiForeign(
    lambda s: {}, body=lambda s: {"challenge_ids": [s.world.challenge.pk]}
)


def api_operations() -> list[tuple[str, str, str]]:
    """(operationId, method, path template) of every operation in the API's OpenAPI schema."""
    from sib.api.api import api

    schema = api.get_openapi_schema()
    return [
        (operation["operationId"], method.upper(), path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


@dataclass(frozen=True)
class ApiProbe:
    operation: str
    method: str
    url: str
    role: str
    body: dict[str, Any] | None
    expected: int | None  # 200 for a role in `ok` on a read; None: any denial, nothing written


def api_matrix(roles: Iterable[str] = ROLES) -> list[ApiProbe]:
    samples = Samples()
    probes: list[ApiProbe] = []
    for operation, method, template in api_operations():
        foreign = API_FOREIGN.get(operation)
        if not isinstance(foreign, ApiForeign):
            continue
        url = template.format(**foreign.path(samples))
        if foreign.query:
            url += "?" + urlencode(foreign.query(samples))
        body = foreign.body(samples) if foreign.body else None
        for role in roles:
            if role in foreign.ok:
                if method == "GET":
                    probes.append(ApiProbe(operation, method, url, role, None, 200))
                continue
            probes.append(ApiProbe(operation, method, url, role, body, None))
    return probes
