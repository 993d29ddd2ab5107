"""One person's whole path through one system, in the browser: she applies to an edition's call,
is accepted, trained and certified; her credential proves the competence a social challenge asks
for, so the matching introduces her to it; she accepts and opens a project; her team's mentor
writes the mentoring notes; the team publishes the project, which is presented at a showcase;
and the programme's funder report counts her at every step.

Set up beforehand (as a coordinator would have, long before): the programme and its module, the
edition with its open call, its sessions, a published challenge and a showcase event. Everything
she and the staff do is done on the pages. Time is compressed once, where the edition runs: the
dates of the edition, its call, sessions and the event move into the past (`_months_pass`), as if
the months of the course had gone by."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from sib.academy.models import (
    ApplicationCall,
    Competence,
    Edition,
    EditionStatus,
    Enrolment,
    Format,
    LearningOutcome,
    Session,
    StaffRole,
)
from sib.brokerage.models import Challenge, Introduction
from sib.credentials import keys
from sib.credentials import services as credential_services
from sib.credentials.models import Credential, IssuanceJob
from sib.events.models import Event, EventKind
from sib.studio.models import Project
from tests.academy.factories import ApplicationCallFactory
from tests.brokerage.factories import challenge
from tests.e2e.conftest import assert_accessible, login, screenshot
from tests.events.factories import EventFactory
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    EditionFactory,
    EditionStaffFactory,
    ModuleFactory,
    ProgrammeFactory,
    UserFactory,
)

NAME = "Zofia Żółkiewska"
EMAIL = "zofia@example.org"
# How far the course's dates move back when it has run (about four months).
COURSE_DAYS = 130


def _setup(live_server_url: str) -> dict:
    coordinator = CoordinatorFactory(email="coordinator@example.org", full_name="Katarzyna Nowak")
    mentor = UserFactory(email="mentor@example.org", full_name="Marek Mentor")
    keys.create_key_file()
    credential_services.issuer_create(
        actor=coordinator,
        base_url=live_server_url,
        name="Fundacja Brokerów Innowacji Społecznych",
        url="https://brokers.example.org",
        locality="Tarnów",
        country="Polska",
        country_code="PL",
    )
    # The rule: 2 h overall, of which 1 h mentoring, and a final project of at least 60 %.
    programme = ProgrammeFactory(min_total_minutes=120, min_mentoring_minutes=60)
    module = ModuleFactory(
        programme=programme,
        title_pl="Łączenie partnerów",
        title_en="Connecting partners",
        lecture_minutes=60,
        workshop_minutes=0,
        mentoring_minutes=60,
    )
    module.competences.add(Competence.objects.get(code="C1"))
    LearningOutcome.objects.create(
        module=module, position=1, text_pl="Łączy partnerów", text_en="Connects partners"
    )
    credential_services.achievement_save(
        actor=coordinator,
        programme=programme,
        name_pl="Broker Innowacji Społecznych",
        name_en="Social Innovation Broker",
        description_pl="Łączy innowatorów z partnerami.",
        description_en="Connects innovators with partners.",
        criteria_pl="Co najmniej 2 godziny i zaliczony projekt.",
        criteria_en="At least 2 hours and a passed project.",
    )
    today = timezone.localdate()
    edition = EditionFactory(
        programme=programme,
        status=EditionStatus.RECRUITING,
        title_pl="Brokerzy Małopolska 2027",
        title_en="Brokers Lesser Poland 2027",
        starts_on=today + dt.timedelta(days=14),
        ends_on=today + dt.timedelta(days=110),
    )
    ApplicationCallFactory(edition=edition)
    EditionStaffFactory(edition=edition, user=coordinator, role=StaffRole.COORDINATOR)
    EditionStaffFactory(edition=edition, user=mentor, role=StaffRole.MENTOR)
    start = timezone.now() + dt.timedelta(days=20)
    lecture = Session.objects.create(
        edition=edition,
        module=module,
        format=Format.LECTURE,
        starts_at=start,
        duration_minutes=60,
        title_en="How brokers work",
        title_pl="Jak pracują brokerzy",
    )
    showcase = EventFactory(
        kind=EventKind.SHOWCASE,
        edition=edition,
        title_pl="Pokaz innowacji 2027",
        title_en="Innovation showcase 2027",
        starts_at=timezone.now() + dt.timedelta(days=100),
    )
    item = challenge(
        actor=coordinator,
        title_pl="Samotność seniorów w Tarnowie",
        title_en="Loneliness of older people in Tarnów",
        codes=("C1",),
    )
    return {
        "coordinator": coordinator,
        "mentor": mentor,
        "edition": edition,
        "module": module,
        "lecture": lecture,
        "showcase": showcase,
        "challenge": item,
    }


def _months_pass(edition: Edition, days: int) -> None:
    """The course runs: its dates, its call's, its sessions' and its events' move `days` back."""
    back = dt.timedelta(days=days)
    Edition.objects.filter(pk=edition.pk).update(
        starts_on=edition.starts_on - back,
        ends_on=edition.ends_on - back,
        status=EditionStatus.FINISHED,
    )
    for call in ApplicationCall.objects.filter(edition=edition):
        ApplicationCall.objects.filter(pk=call.pk).update(
            opens_at=call.opens_at - back, closes_at=call.closes_at - back
        )
    for session in Session.objects.filter(edition=edition):
        Session.objects.filter(pk=session.pk).update(starts_at=session.starts_at - back)
    for event in Event.objects.filter(edition=edition):
        Event.objects.filter(pk=event.pk).update(
            starts_at=event.starts_at - back,
            ends_at=event.ends_at - back,
            registration_opens_at=event.registration_opens_at - back,
            registration_closes_at=event.registration_closes_at - back,
        )


def _indicator(page, key: str) -> str:  # noqa: ANN001
    return page.locator(f"#indicator-{key} td.num").first.inner_text().strip()


def test_one_persons_whole_path(page, browser, live_server, settings) -> None:  # noqa: ANN001
    # Certificates render in this process: spawned PDF workers cannot open SQLite's in-memory
    # test database (the batch's process pool is tested in tests/credentials).
    settings.SIB_PDF_WORKERS = 0
    world = _setup(live_server.url)
    edition, coordinator, mentor = world["edition"], world["coordinator"], world["mentor"]
    page.set_default_timeout(60_000)  # a shared machine: the first pages may be slow

    # 1. She applies on the public call page and confirms her address from the e-mail.
    page.goto(f"/academy/call/{edition.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Brokers Lesser Poland 2027")
    page.get_by_role("link", name="Apply now").click()
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Why do you want to take part?").fill(
        "I want to connect older people with the culture centre in my municipality."
    )
    page.get_by_label("Your experience so far").fill("Five years in a social welfare centre.")
    page.get_by_label("Voivodeship (optional)").select_option("malopolskie")
    page.get_by_label("I agree to the text above.").check()
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("One step left: confirm your e-mail address.")).to_be_visible()
    (message,) = [m for m in mail.outbox if m.to == [EMAIL]]
    link = re.search(r"http://\S+/apply/confirm/\S+/", message.body).group(0)
    page.goto("/academy/" + link.split("/academy/", 1)[1])
    page.get_by_role("button", name="Confirm and continue").click()
    mail.outbox.clear()

    # 2. The coordinator accepts her and puts her in a group with a mentor.
    staff_context = browser.new_context(locale="en-GB", base_url=live_server.url)
    staff = staff_context.new_page()
    staff.set_default_timeout(60_000)
    login(staff, coordinator.email, PASSWORD)
    staff.goto(f"/academy/editions/{edition.pk}/applications/")
    staff.get_by_role("row", name=NAME).get_by_role("link", name=NAME).click()
    staff.get_by_role("button", name="Accept").click()
    expect(staff.get_by_text("Accepted").first).to_be_visible()
    enrolment = Enrolment.objects.get(edition=edition, user__email=EMAIL)
    staff.goto(f"/academy/editions/{edition.pk}/groups/new/")
    staff.locator("#id_name").fill("Zespół Tarnów")
    staff.locator("#id_mentors").select_option(label=f"{mentor.full_name} <{mentor.email}>")
    staff.locator("#id_members").select_option(label=NAME)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("The group was created.")).to_be_visible()
    enrolment.refresh_from_db()
    group = enrolment.group
    assert group is not None and list(group.mentors.all()) == [mentor]
    # The group's mentoring meeting, as the academy schedules it.
    mentoring = Session.objects.create(
        edition=edition,
        module=world["module"],
        format=Format.MENTORING,
        group=group,
        starts_at=world["lecture"].starts_at + dt.timedelta(days=7),
        duration_minutes=60,
        title_en="Mentoring: first steps",
        title_pl="Mentoring: pierwsze kroki",
    )

    # She sets her password from the link in the acceptance e-mail.
    (accepted,) = [m for m in mail.outbox if m.to == [EMAIL]]
    assert "Brokers Lesser Poland 2027" in accepted.body
    reset_page = re.search(r"http://\S+/accounts/password/reset/", accepted.body).group(0)
    page.goto(reset_page.replace(reset_page.split("/accounts/")[0], ""))
    page.locator("main input[name=email]").fill(EMAIL)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/reset/done" in url)
    (reset,) = [m for m in mail.outbox if m.to == [EMAIL] and m is not accepted]
    key_link = re.search(r"http://\S+/accounts/password/reset/key/\S+", reset.body).group(0)
    page.goto("/accounts/" + key_link.split("/accounts/", 1)[1])
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Change Password").click()
    page.wait_for_url(lambda url: "/reset/key/done" in url)

    # 3. The course runs: the coordinator takes attendance at both meetings and grades her project.
    _months_pass(edition, COURSE_DAYS)
    for session in (world["lecture"], mentoring):
        staff.goto(f"/academy/sessions/{session.pk}/attendance/")
        staff.wait_for_selector("[data-attendance-grid]")
        staff.locator("tr[data-row] input[type=radio]").first.focus()
        staff.keyboard.press("p")
        expect(staff.locator(".save-state:not(.save-state--error)")).to_have_count(1)
    staff.goto(f"/academy/enrolments/{enrolment.pk}/assess/")
    staff.get_by_label("Final project score (%)").fill("85")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("The final-project score was saved.")).to_be_visible()
    enrolment.refresh_from_db()
    assert enrolment.final_project_score == Decimal(85)

    # 4. Certified: the coordinator issues the edition's credentials; the task worker signs them.
    staff.goto(f"/credentials/editions/{edition.pk}/")
    staff.get_by_role("button", name="Issue 1 credential").click()
    staff.locator("#issuance-job").wait_for()
    call_command("db_worker", batch=True, verbosity=0)
    job = IssuanceJob.objects.get(edition=edition)
    assert job.state == "done", job.error
    credential = Credential.objects.get(holder__email=EMAIL)
    assert credential.state == "valid"
    staff.reload()

    # 5. Her credential proves C1; she fills her broker profile and agrees to be matched.
    login(page, EMAIL, PASSWORD)
    page.goto("/brokerage/profile/")
    proven = page.get_by_role("heading", name="Competences proven by my credential")
    expect(proven).to_be_visible()
    expect(page.locator("main ul").first).to_contain_text("C1")
    page.get_by_label("Lesser Poland (małopolskie)").check()
    page.get_by_label("Polish").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your broker profile is saved.")).to_be_visible()
    page.get_by_role("button", name="I agree to be matched to challenges").click()
    assert_accessible(page, "broker profile")

    # 6. The coordinator runs the matching; she is introduced to the challenge and accepts.
    staff.goto("/brokerage/matching/")
    staff.get_by_role("button", name="Run the matching").click()
    expect(staff.get_by_role("heading", name="Assignments")).to_be_visible()
    staff.get_by_role("button", name="Propose these introductions").click()
    introduction = Introduction.objects.get()
    assert introduction.broker.user.email == EMAIL
    page.goto("/brokerage/introductions/")
    page.get_by_role("link", name="Loneliness of older people in Tarnów").click()
    expect(page.get_by_role("heading", name="Why this broker")).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    assert Challenge.objects.get().status == "matched"

    # 7. She opens a project for the challenge; the coordinator gives it her group as its team.
    page.get_by_role("button", name="Open a project for this challenge").click()
    expect(page.get_by_text("The project is open.")).to_be_visible()
    project = Project.objects.get()
    assert project.challenge == world["challenge"] and project.lead_broker.email == EMAIL
    staff.goto(f"/studio/{project.pk}/edit/")
    staff.get_by_label("Team (group of an edition)").select_option(str(group.pk))
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("The project is saved.")).to_be_visible()

    # 8. Her mentor writes the notes of their mentoring meeting with an agreed action.
    mentor_context = browser.new_context(locale="en-GB", base_url=live_server.url)
    mentor_page = mentor_context.new_page()
    mentor_page.set_default_timeout(60_000)
    login(mentor_page, mentor.email, PASSWORD)
    mentor_page.goto(f"/studio/{project.pk}/mentoring/")
    mentor_page.locator("details summary", has_text="Write the notes").first.click()
    mentor_page.get_by_label("Notes", exact=True).fill(
        "Map who the lonely older people already trust."
    )
    mentor_page.get_by_label("Agreed action", exact=True).fill("Interview five residents")
    mentor_page.get_by_role("button", name="Save").click()
    log = mentor_page.locator("section.panel", has_text="Mentoring: first steps")
    expect(log.locator("p").first).to_have_text("Map who the lonely older people already trust.")
    expect(log.locator("li")).to_contain_text("Interview five residents")
    assert_accessible(mentor_page, "mentoring log")
    mentor_context.close()

    # 9. She shows her name and publishes the project to the showcase.
    page.goto(f"/studio/{project.pk}/")
    page.get_by_role("button", name="Show my name").click()
    page.get_by_role("button", name="Publish to the showcase").click()
    project.refresh_from_db()
    assert project.is_published

    # 10. The coordinator records the team's presentation at the showcase event.
    showcase = world["showcase"]
    staff.goto(f"/events/{showcase.pk}/presentations/new/")
    staff.locator("#id_project_title_pl").fill("Seniorzy w sieci sąsiedzkiej")
    staff.locator("#id_project_title_en").fill("Older people in a neighbourly network")
    staff.locator("#id_team").select_option(str(group.pk))
    staff.get_by_role("button", name="Save").click()
    assert showcase.presentations.get().project == project

    # The public sees the project, her name and where it was presented.
    visitor_context = browser.new_context(locale="en-GB", base_url=live_server.url)
    visitor = visitor_context.new_page()
    visitor.goto("/projects/")
    visitor.get_by_role("link", name=project.title_en).first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(project.title_en)
    expect(visitor.locator("main")).to_contain_text(NAME)
    expect(visitor.get_by_role("link", name="Innovation showcase 2027")).to_be_visible()
    assert_accessible(visitor, "published project")
    screenshot(visitor, "whole-path/project.en.desktop")
    visitor_context.close()

    # 11. The funder report counts her: certified, introduced, her project, showcased.
    staff.goto("/reports/all/report/")
    assert _indicator(staff, "participants_certified") == "1"
    assert _indicator(staff, "introductions_accepted") == "1"
    assert _indicator(staff, "showcases") == "1"
    assert _indicator(staff, "innovation_projects") == "1"
    assert _indicator(staff, "innovation_projects_published") == "1"
    assert_accessible(staff, "funder report")
    screenshot(staff, "whole-path/report.en.desktop")
    staff_context.close()
