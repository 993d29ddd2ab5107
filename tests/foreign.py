"""The foreign world: objects of another edition, organisation and person than any demo role's.

The authorisation matrix (`tests/pages.py`, `tests/core/test_authorisation_matrix.py`) opens every
object URL as every demo role with one of these objects: only coordinators (global staff) may
still reach it; everyone else must get 403/404 (or the login page), and a write must change
nothing. Built once on top of the loaded demo (`sib demo`), through the factories and services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass
class World:
    """Objects no demo role owns, teaches, mentors, organises or is enrolled with."""

    person: Any  # another participant (a foreign edition's enrolment holder)
    programme: Any
    module: Any
    outcome: Any
    edition: Any  # another edition, with its own staff
    group: Any
    enrolment: Any
    session: Any  # a session of the other edition (no group)
    application: Any
    consent_record: Any
    api_token: Any
    calendar_token: Any
    credential: Any  # issued to the other person, hidden from the public page
    issuance_job: Any
    instrument: Any
    material: Any  # a material of the other edition's session (not public)
    document: Any  # a draft manual (only its editors read drafts)
    chapter: Any
    term: Any  # a draft term
    relation: Any  # one of its relations
    challenge: Any  # a draft challenge of another organisation
    broker: Any  # another person's broker profile
    introduction: Any  # another broker's introduction to the other organisation's challenge
    consultation: Any  # an unpublished consultation of that challenge
    comment: Any
    project: Any  # an unpublished project of another team
    canvas: Any
    action: Any
    mentoring_session: Any
    draft_event: Any  # an event only its organisers see
    event: Any  # a published event no demo role runs
    item: Any  # an agenda item of the published foreign event
    question: Any
    presentation: Any
    registration: Any
    report_export: Any  # another coordinator's export
    erasure_request: Any  # the other person's request to be erased
    resource: Any  # the other organisation's resource
    milestone: Any  # of the other team's project
    indicator: Any
    measurement: Any
    project_file: Any  # a file of the other team's project
    member: Any  # a person added to the other team's project


_world: World | None = None


def foreign_world() -> World:
    """The world, built once per loaded demo (rebuilt when the database was flushed)."""
    global _world  # noqa: PLW0603
    from sib.academy.models import Edition

    if (
        _world is None
        or not Edition.objects.filter(pk=_world.edition.pk, code=_world.edition.code).exists()
    ):
        _world = _build()
    return _world


def _build() -> World:  # noqa: PLR0915
    from django.core.files.base import ContentFile

    from sib.academy.models import (
        CalendarToken,
        ConsentRecord,
        ConsentText,
        Format,
        Group,
        LearningOutcome,
        Session,
        StaffRole,
    )
    from sib.accounts.models import ErasureRequest
    from sib.accounts.services import api_token_create
    from sib.brokerage.models import Comment, Consultation, Introduction, Resource, ResourceKind
    from sib.credentials import services as credential_services
    from sib.credentials.models import IssuanceJob
    from sib.events.models import EventStatus, Presentation, RegistrationQuestion
    from sib.knowledge import services as knowledge_services
    from sib.knowledge.models import Document, Material, Relation, Term
    from sib.reports.models import ReportExport
    from sib.studio import services as studio_services
    from sib.studio.models import (
        Canvas,
        CanvasTemplate,
        Indicator,
        Measurement,
        Milestone,
        ProjectFile,
        ProjectMember,
    )
    from sib.surveys.models import Invitation
    from tests.academy.factories import ApplicationCallFactory, ApplicationFactory
    from tests.brokerage.factories import broker as make_broker
    from tests.brokerage.factories import challenge as make_challenge
    from tests.brokerage.factories import partner as make_partner
    from tests.credentials.factories import enrol, make_edition, make_issuer
    from tests.events.factories import (
        AgendaItemFactory,
        EventFactory,
        EventStaffFactory,
        RegistrationFactory,
    )
    from tests.factories import CoordinatorFactory, EditionStaffFactory, UserFactory
    from tests.surveys.factories import InstrumentFactory

    coordinator = CoordinatorFactory(email="foreign-coordinator@example.org")
    make_issuer(coordinator)
    edition = make_edition(coordinator)
    programme = edition.programme
    module = programme.modules.order_by("pk").first()
    outcome = LearningOutcome.objects.filter(module=module).order_by("pk").first()
    for role in (StaffRole.TRAINER, StaffRole.MENTOR, StaffRole.COORDINATOR):
        EditionStaffFactory(edition=edition, role=role)
    enrolment = enrol(edition)
    enrol(edition)  # a second person, so the edition's lists hold someone else too
    person = enrolment.user
    group = Group.objects.create(edition=edition, name="Foreign team")
    group.mentors.add(edition.staff.filter(role=StaffRole.MENTOR).first().user)
    enrolment.group = group
    enrolment.save(update_fields=["group"])
    session = edition.sessions.filter(format=Format.LECTURE).order_by("pk").first()
    mentoring_session = Session.objects.create(
        edition=edition,
        module=module,
        format=Format.MENTORING,
        group=group,
        starts_at=timezone.now() - dt.timedelta(days=3),
        duration_minutes=60,
    )
    credential = credential_services.credential_issue(actor=coordinator, enrolment=enrolment)
    credential_services.credential_set_hidden(actor=person, credential=credential, hidden=True)
    credential.refresh_from_db()
    ApplicationCallFactory(edition=edition, published=False)
    application = ApplicationFactory(edition=edition)
    consent_record = ConsentRecord.objects.create(
        text=ConsentText.objects.order_by("pk").first(), user=person, given_at=timezone.now()
    )
    api_token = api_token_create(actor=None, user=person, name="foreign")[0]
    calendar_token = CalendarToken.objects.create(user=person, token="foreign-calendar-token")
    issuance_job = IssuanceJob.objects.create(edition=edition, requested_by=coordinator)
    instrument = InstrumentFactory(edition=edition)
    Invitation.objects.create(instrument=instrument, user=person)
    material = Material.objects.create(
        title="Foreign notes",
        kind="link",
        url="https://example.org/notes",
        public=False,
        session=session,
        added_by=coordinator,
    )
    document = Document.objects.create(
        key="foreign-draft", title="A draft manual", audience="public", published=False
    )
    chapter = knowledge_services.chapter_save(
        actor=coordinator,
        document=document,
        key="first",
        title_pl="Pierwszy",
        title_en="First",
        body_pl="Tekst.",
        body_en="Text.",
    ).chapter
    term = Term.objects.create(
        slug="foreign-draft-term", label="Draft term", definition="Not yet.", published=False
    )
    relation = Relation.objects.create(
        source=term, target=Term.objects.exclude(pk=term.pk).order_by("pk").first(), kind="kind_of"
    )

    organisation_partner = make_partner()
    challenge = make_challenge(
        actor=organisation_partner,
        organisation=organisation_partner.partner_for,
        publish=False,
    )
    broker = make_broker(user=UserFactory())
    introduction = Introduction.objects.create(
        challenge=challenge, broker=broker, score=0.5, proposed_by=coordinator
    )
    now = timezone.now()
    consultation = Consultation.objects.create(
        challenge=challenge,
        title="A consultation in preparation",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        published=False,
        created_by=coordinator,
    )
    comment = Comment.objects.create(
        consultation=consultation, author=person, body="Before it opened."
    )

    project = studio_services.project_create(
        actor=coordinator,
        data={
            "title_pl": "Projekt obcy",
            "title_en": "A foreign project",
            "summary_pl": "Opis",
            "summary_en": "Summary",
            "voivodeship": "malopolskie",
        },
        team=group,
    )
    canvas = Canvas.objects.filter(project=project).order_by("pk").first() or (
        studio_services.canvas_create(
            actor=coordinator,
            project=project,
            template=CanvasTemplate.objects.order_by("pk").first(),
        )
    )
    action = studio_services.action_add(actor=coordinator, project=project, text="Call the mayor")

    draft_event = EventFactory(status=EventStatus.DRAFT)
    event = EventFactory()
    EventStaffFactory(event=event)
    EventStaffFactory(event=draft_event)
    item = AgendaItemFactory(event=event)
    AgendaItemFactory(event=draft_event)
    question = RegistrationQuestion.objects.create(event=event, kind="text", label="Diet?")
    presentation = Presentation.objects.create(event=event, project_title="Foreign project")
    registration = RegistrationFactory(event=event, user=person)
    report_export = ReportExport.objects.create(
        requested_by=coordinator, scope_kind="all", format="pdf", language="en"
    )
    erasure_request = ErasureRequest.objects.create(
        person=person, received_at=now, due_on=(now + dt.timedelta(days=30)).date()
    )
    resource = Resource.objects.create(
        organisation=organisation_partner.partner_for,
        kind=ResourceKind.values[0],
        title="Their fund",
    )
    milestone = Milestone.objects.create(
        project=project, title="First step", due_on=(now + dt.timedelta(days=10)).date()
    )
    indicator = Indicator.objects.create(
        project=project, name="Residents", unit="people", target=10
    )
    measurement = Measurement.objects.create(
        indicator=indicator, value=3, measured_on=now.date(), recorded_by=coordinator
    )
    project_file = ProjectFile(
        project=project, title="Notes", filename="notes.txt", content_type="text/plain", size=5
    )
    project_file.file.save("notes.txt", ContentFile(b"notes"), save=True)
    member = ProjectMember.objects.create(project=project, user=UserFactory()).user
    return World(
        person=person,
        programme=programme,
        module=module,
        outcome=outcome,
        edition=edition,
        group=group,
        enrolment=enrolment,
        session=session,
        application=application,
        consent_record=consent_record,
        api_token=api_token,
        calendar_token=calendar_token,
        credential=credential,
        issuance_job=issuance_job,
        instrument=instrument,
        material=material,
        document=document,
        chapter=chapter,
        term=term,
        relation=relation,
        challenge=challenge,
        broker=broker,
        introduction=introduction,
        consultation=consultation,
        comment=comment,
        project=project,
        canvas=canvas,
        action=action,
        mentoring_session=mentoring_session,
        draft_event=draft_event,
        event=event,
        item=item,
        question=question,
        presentation=presentation,
        registration=registration,
        report_export=report_export,
        erasure_request=erasure_request,
        resource=resource,
        milestone=milestone,
        indicator=indicator,
        measurement=measurement,
        project_file=project_file,
        member=member,
    )
