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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

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
    Entry(
        "brokerage:run",
        ok=STAFF,
        others=404,
        kwargs=_kw(run_id=lambda s: _model_first("brokerage.MatchRun")(s).pk),
    ),
    Entry("brokerage:consultations"),
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
