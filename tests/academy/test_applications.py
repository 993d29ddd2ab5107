"""Applications and selection: the public call, drafts, submission with consent, review,
decisions with e-mails in the applicant's language, enrolment, and the funnel."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from sib.academy import selectors, services
from sib.academy.models import (
    Application,
    ApplicationReview,
    ApplicationStatus,
    ConsentText,
    EditionStatus,
    Enrolment,
    StaffRole,
)
from sib.core.models import AuditEntry
from tests.academy.factories import ApplicationCallFactory, ApplicationFactory
from tests.factories import (
    CoordinatorFactory,
    EditionFactory,
    EditionStaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ANSWERS = {
    "full_name": "Zofia Żółkiewska",
    "motivation": "Chcę pomóc seniorom w mojej gminie.",
    "background": "Pracuję w ośrodku pomocy społecznej.",
    "voivodeship": "malopolskie",
    "sector": "social_welfare",
    "gender": "woman",
    "birth_year": 1985,
}


@pytest.fixture
def call():
    return ApplicationCallFactory(edition=EditionFactory(status=EditionStatus.RECRUITING))


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


def consent_version() -> int:
    return ConsentText.objects.filter(key="academy.application").order_by("-version")[0].version


def draft(call, *, email="zofia@example.org", language="pl", **fields):
    return services.application_save_draft(
        actor=AnonymousUser(),
        edition=call.edition,
        email=email,
        language=language,
        **{**ANSWERS, **fields},
    )


# --- drafts ----------------------------------------------------------------------------------------


def test_a_draft_gets_a_private_token_and_its_link_is_emailed(
    call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = draft(call, language="pl")
    assert application.status == ApplicationStatus.DRAFT
    assert len(application.token) >= 40
    (message,) = mail.outbox
    assert message.to == ["zofia@example.org"]
    assert "Wersja robocza Twojego zgłoszenia" in message.subject  # the applicant's language
    assert f"/apply/confirm/{application.token}/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and application.token in html


def test_a_draft_can_be_saved_with_only_an_email_and_changed_later(call):
    application = services.application_save_draft(
        actor=AnonymousUser(), edition=call.edition, email="Someone@Example.org"
    )
    assert application.email == "someone@example.org"
    services.application_save_draft(
        actor=AnonymousUser(), edition=call.edition, application=application, motivation="Later."
    )
    application.refresh_from_db()
    assert application.motivation == "Later."


@pytest.mark.parametrize(
    "window",
    [
        {"opens_at": timezone.now() + dt.timedelta(days=1)},
        {
            "opens_at": timezone.now() - dt.timedelta(days=9),
            "closes_at": timezone.now() - dt.timedelta(days=1),
        },
        {"published": False},
    ],
)
def test_no_draft_outside_an_open_published_call(window):
    call = ApplicationCallFactory(**window)
    with pytest.raises(ValidationError):
        draft(call)
    assert not Application.objects.exists()


def test_anyone_may_start_a_draft_with_any_address_but_only_its_owner_confirms_one(
    call, django_capture_on_commit_callbacks
):
    """Nothing tells the visitor whether an address applied: a second draft under the same
    address is saved like the first, and its owner is sent the link. Only one application per
    address counts: confirming another one points the owner to theirs."""
    with django_capture_on_commit_callbacks(execute=True):
        first = draft(call, email="zofia@example.org")
        services.application_confirm_email(application=first)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = draft(call, email="ZOFIA@example.org", full_name="Someone else")
    assert second.pk != first.pk and second.email_confirmed_at is None
    (message,) = mail.outbox
    assert message.to == ["zofia@example.org"] and second.token in message.body
    outcome = services.application_confirm_email(application=second)
    assert outcome.duplicate is True and outcome.application == first
    second.refresh_from_db()
    assert second.email_confirmed_at is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=second.pk).update(email_confirmed_at=timezone.now())


def test_one_form_lands_in_one_draft_whichever_request_arrives_first(call):
    """The race of the last stop: the autosave of the e-mail address and the submission left
    within a second. Both carry the form's key, so the second finds the first's draft."""
    submitted = services.application_save_draft(
        actor=AnonymousUser(),
        edition=call.edition,
        form_key="k" * 32,
        **ANSWERS,
        email="fast@example.org",
    )
    services.application_submit(
        actor=AnonymousUser(),
        application=submitted,
        consent_version=consent_version(),
        consent_given=True,
    )
    # The autosave arrives late: it finds the submitted application and changes nothing.
    with pytest.raises(ValidationError, match="already been submitted"):
        services.application_save_draft(
            actor=AnonymousUser(), edition=call.edition, form_key="k" * 32, motivation="late"
        )
    # The other order: the autosave first, the submission's save then continues its draft.
    saved = services.application_save_draft(
        actor=AnonymousUser(), edition=call.edition, form_key="j" * 32, email="b@example.org"
    )
    again = services.application_save_draft(
        actor=AnonymousUser(),
        edition=call.edition,
        form_key="j" * 32,
        **ANSWERS,
        email="b@example.org",
    )
    assert again.pk == saved.pk
    assert Application.objects.filter(email__in=["fast@example.org", "b@example.org"]).count() == 2


def test_a_signed_in_person_with_a_verified_address_applies_confirmed(call):
    user = UserFactory(email="member@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).update(verified=True)
    application = services.application_save_draft(
        actor=user, edition=call.edition, email="ignored@example.org", **ANSWERS
    )
    assert application.email == "member@example.org"
    assert application.email_confirmed_at is not None


# --- submission --------------------------------------------------------------------------------------


def test_submission_names_every_missing_answer_and_keeps_the_draft(call):
    application = services.application_save_draft(
        actor=AnonymousUser(), edition=call.edition, email="a@example.org"
    )
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            actor=AnonymousUser(),
            application=application,
            consent_version=None,
            consent_given=False,
        )
    assert set(error.value.message_dict) == {"full_name", "motivation", "background", "consent"}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.consent is None


def test_consent_to_an_outdated_text_is_refused(call):
    application = draft(call)
    ConsentText.objects.create(
        key="academy.application", version=2, text="v2", published_at=timezone.now()
    )
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            actor=AnonymousUser(), application=application, consent_version=1, consent_given=True
        )
    assert "consent" in error.value.message_dict


def test_submission_records_the_consent_version_and_acknowledges_in_english(
    call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = draft(call, language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(
            actor=AnonymousUser(),
            application=application,
            consent_version=consent_version(),
            consent_given=True,
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.consent.version == consent_version()
    assert application.consent_given_at == application.submitted_at
    # Not counted, not acknowledged, until the address is confirmed.
    assert mail.outbox == []
    assert not selectors.edition_applications(actor=CoordinatorFactory(), edition=call.edition)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_confirm_email(application=application)
    (message,) = mail.outbox
    assert message.subject.startswith("[SIB] We have received your application")
    assert list(
        selectors.edition_applications(actor=CoordinatorFactory(), edition=call.edition)
    ) == [application]
    with pytest.raises(ValidationError):
        services.application_save_draft(
            actor=AnonymousUser(), edition=call.edition, application=application, motivation="x"
        )


# --- review and decisions ------------------------------------------------------------------------------


def test_review_scores_one_to_five_and_a_second_review_replaces_the_first(coordinator):
    application = ApplicationFactory()
    services.application_review(actor=coordinator, application=application, score=4, note="Good")
    services.application_review(actor=coordinator, application=application, score=5)
    review = ApplicationReview.objects.get()
    assert (review.score, review.note) == (5, "")
    with pytest.raises(ValidationError):
        services.application_review(actor=coordinator, application=application, score=6)


@pytest.mark.parametrize(
    ("language", "decision", "subject"),
    [
        ("pl", "accepted", "Przyjęliśmy Twoje zgłoszenie"),
        ("en", "accepted", "You have been accepted"),
        ("pl", "waitlisted", "Jesteś na liście rezerwowej"),
        ("en", "waitlisted", "You are on the waiting list"),
        ("pl", "rejected", "Twoje zgłoszenie"),
        ("en", "rejected", "Your application"),
    ],
)
def test_each_decision_emails_the_applicant_in_their_language(
    coordinator, language, decision, subject, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(language=language)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(actor=coordinator, application=application, decision=decision)
    (message,) = mail.outbox
    assert message.to == [application.email]
    assert subject in message.subject
    title = application.edition.title_pl if language == "pl" else application.edition.title_en
    assert title in message.body
    assert message.alternatives[0][1] == "text/html"
    assert AuditEntry.objects.filter(action=f"application.{decision}").count() == 1


def test_accepting_enrols_the_applicant_with_the_profile_answers(coordinator):
    application = ApplicationFactory(
        email="new@example.org",
        voivodeship="slaskie",
        sector="ngo",
        gender="woman",
        birth_year=1990,
        language="pl",
        language_track="en",
    )
    services.application_decide(actor=coordinator, application=application, decision="accepted")
    application.refresh_from_db()
    enrolment = application.enrolment
    assert enrolment.edition == application.edition
    assert enrolment.language_track == "en"
    user = enrolment.user
    assert (user.email, user.voivodeship, user.sector, user.gender, user.birth_year) == (
        "new@example.org",
        "slaskie",
        "ngo",
        "woman",
        1990,
    )
    assert not user.has_usable_password()
    assert application.decided_by == coordinator and application.decided_at
    # The address was confirmed from our e-mail: a password set from the link is enough.
    assert EmailAddress.objects.get(user=user).verified


def test_accepting_uses_an_existing_account_and_only_fills_its_blanks(coordinator):
    person = UserFactory(email="known@example.org", voivodeship="lubelskie")
    EmailAddress.objects.filter(user=person).update(verified=False)  # signed up, never confirmed
    application = ApplicationFactory(
        email="known@example.org", voivodeship="slaskie", sector="business"
    )
    services.application_decide(actor=coordinator, application=application, decision="accepted")
    person.refresh_from_db()
    assert (person.voivodeship, person.sector) == ("lubelskie", "business")
    assert Enrolment.objects.get().user == person
    assert EmailAddress.objects.get(user=person, email="known@example.org").verified


def test_waitlisted_can_be_accepted_later_but_accepted_is_final(coordinator):
    application = ApplicationFactory()
    services.application_decide(actor=coordinator, application=application, decision="waitlisted")
    services.application_decide(actor=coordinator, application=application, decision="accepted")
    with pytest.raises(ValidationError):
        services.application_decide(actor=coordinator, application=application, decision="rejected")
    with pytest.raises(ValidationError):
        services.application_decide(actor=coordinator, application=application, decision="maybe")
    assert Enrolment.objects.count() == 1


def test_drafts_cannot_be_reviewed_or_decided(coordinator):
    application = ApplicationFactory(status=ApplicationStatus.DRAFT, submitted_at=None)
    with pytest.raises(ValidationError):
        services.application_decide(actor=coordinator, application=application, decision="accepted")
    with pytest.raises(ValidationError):
        services.application_review(actor=coordinator, application=application, score=3)


def test_only_coordinators_and_the_editions_coordinators_select():
    application = ApplicationFactory()
    edition = application.edition
    trainer = EditionStaffFactory(edition=edition, role=StaffRole.TRAINER).user
    other = EditionStaffFactory(role=StaffRole.COORDINATOR).user  # another edition
    own = EditionStaffFactory(edition=edition, role=StaffRole.COORDINATOR).user
    applicant = UserFactory(email=application.email)
    for person in (trainer, other, applicant):
        with pytest.raises(PermissionDenied):
            services.application_decide(actor=person, application=application, decision="accepted")
        with pytest.raises(PermissionDenied):
            services.application_review(actor=person, application=application, score=5)
    services.application_decide(actor=own, application=application, decision="rejected")


# --- the funnel -----------------------------------------------------------------------------------------


def test_application_funnel_counts_each_outcome(coordinator):
    edition, other = EditionFactory(), EditionFactory()
    for status, count in (
        (ApplicationStatus.DRAFT, 2),
        (ApplicationStatus.SUBMITTED, 3),
        (ApplicationStatus.WAITLISTED, 4),
        (ApplicationStatus.REJECTED, 5),
    ):
        ApplicationFactory.create_batch(count, edition=edition, status=status)
    for application in ApplicationFactory.create_batch(6, edition=edition):
        services.application_decide(actor=coordinator, application=application, decision="accepted")
    ApplicationFactory.create_batch(7, edition=other)
    funnel = selectors.application_funnel(actor=coordinator, editions=[edition])
    assert funnel == {
        "applicants": 18,
        "pending": 3,
        "accepted": 6,
        "waitlisted": 4,
        "rejected": 5,
        "drafts": 2,
        "enrolled": 6,
    }
    both = selectors.application_funnel(actor=coordinator, editions=[edition, other])
    assert both["applicants"] == 25 and both["pending"] == 10


def test_application_funnel_refuses_an_edition_the_person_does_not_select_for():
    edition = EditionFactory()
    trainer = EditionStaffFactory(edition=edition, role=StaffRole.TRAINER).user
    with pytest.raises(PermissionDenied):
        selectors.application_funnel(actor=trainer, editions=[edition])


# --- pages -------------------------------------------------------------------------------------------------


def test_the_public_call_page_is_open_to_everyone_in_both_languages(client, call):
    url = reverse("academy:call", args=[call.edition.pk])
    english = client.get(url)
    assert english.status_code == 200
    assert b"Apply now" in english.content and call.edition.title_en.encode() in english.content
    polish = client.get(url, HTTP_ACCEPT_LANGUAGE="pl")
    assert "Złóż zgłoszenie".encode() in polish.content
    assert call.edition.title_pl.encode() in polish.content


def test_an_unpublished_call_or_an_edition_without_one_has_no_page(client):
    hidden = ApplicationCallFactory(published=False)
    assert client.get(reverse("academy:call", args=[hidden.edition.pk])).status_code == 404
    edition = EditionFactory()
    assert client.get(reverse("academy:call", args=[edition.pk])).status_code == 404
    assert client.get(reverse("academy:application-form", args=[edition.pk])).status_code == 404


def form_data(**changes):
    data = {
        "full_name": "Jan Kowalski",
        "email": "jan@example.org",
        "language": "en",
        "language_track": "pl",
        "motivation": "Motivation.",
        "background": "Background.",
        "consent_version": str(consent_version()),
        "consent": "on",
        "action": "submit",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_apply_save_a_draft_come_back_from_the_link_and_submit(
    client, call, django_capture_on_commit_callbacks
):
    url = reverse("academy:application-form", args=[call.edition.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(action="save", motivation=""))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == ApplicationStatus.DRAFT

    # Another browser: the e-mailed link opens the same draft.
    client.logout()
    client.cookies.clear()
    assert b"Jan Kowalski" not in client.get(url).content
    response = client.get(f"{url}?draft={application.token}")
    assert response.status_code == 302 and response.url == url
    page = client.get(url)
    assert b"Jan Kowalski" in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(motivation="Now written."))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.motivation == "Now written."
    page = client.get(url)
    assert b"your application was submitted" in page.content


def test_an_invalid_submission_redisplays_what_was_typed(client, call):
    url = reverse("academy:application-form", args=[call.edition.pk])
    response = client.post(url, form_data(consent=None, motivation="Typed text", background=""))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Typed text" in content
    assert "Your consent is needed" in content and "Please fill in: background" in content
    # ... and what was typed is kept as a draft.
    assert Application.objects.get().status == ApplicationStatus.DRAFT


def test_autosave_answers_with_a_fragment(client, call):
    url = reverse("academy:application-form", args=[call.edition.pk])
    response = client.post(url, form_data(action="autosave"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"Draft saved" in response.content
    response = client.post(url, form_data(action="autosave"), HTTP_HX_REQUEST="true")
    assert Application.objects.count() == 1
    client.cookies.clear()
    response = client.post(url, form_data(action="autosave", email=""), HTTP_HX_REQUEST="true")
    assert b"Type your e-mail address" in response.content


def test_a_closed_call_sends_the_form_back_to_the_call_page(client):
    call = ApplicationCallFactory(closes_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(reverse("academy:application-form", args=[call.edition.pk]))
    assert response.status_code == 302
    assert b"Applications are closed" in client.get(response.url).content


def test_the_applications_list_keeps_its_query_count(
    client, coordinator, django_assert_num_queries
):
    edition = EditionFactory()
    ApplicationCallFactory(edition=edition)
    url = reverse("academy:edition-applications", args=[edition.pk])
    client.force_login(coordinator)

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    ApplicationFactory(edition=edition)
    few = count_queries()
    for application in ApplicationFactory.create_batch(24, edition=edition):
        services.application_review(actor=coordinator, application=application, score=3)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert b"25 applications" in response.content


def test_decide_from_the_review_page_goes_to_the_next_waiting(
    client, coordinator, django_capture_on_commit_callbacks
):
    first, second = ApplicationFactory.create_batch(2)
    second.edition = first.edition
    second.save()
    client.force_login(coordinator)
    page = client.get(reverse("academy:application-detail", args=[first.pk]))
    assert b'aria-keyshortcuts="A"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("academy:application-decide", args=[first.pk]),
            {"decision": "accepted", "then": "next"},
        )
    assert response.url == reverse("academy:application-detail", args=[second.pk])
    first.refresh_from_db()
    assert first.status == "accepted" and first.enrolment is not None
    assert len(mail.outbox) == 1


def test_selection_pages_refuse_other_people(client):
    application = ApplicationFactory()
    edition = application.edition
    trainer = EditionStaffFactory(edition=edition, role=StaffRole.TRAINER).user
    stranger = EditionStaffFactory(role=StaffRole.COORDINATOR).user
    list_url = reverse("academy:edition-applications", args=[edition.pk])
    detail_url = reverse("academy:application-detail", args=[application.pk])
    decide_url = reverse("academy:application-decide", args=[application.pk])
    assert client.get(list_url).status_code == 302  # to the login page
    client.force_login(trainer)
    assert client.get(list_url).status_code == 403
    assert client.get(detail_url).status_code == 404
    assert client.post(decide_url, {"decision": "accepted"}).status_code == 404
    client.force_login(stranger)
    assert client.get(list_url).status_code == 404
    assert client.get(detail_url).status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_call_form_opens_a_call(client, coordinator):
    edition = EditionFactory(starts_on=dt.date(2030, 2, 1), ends_on=dt.date(2030, 6, 30))
    client.force_login(coordinator)
    url = reverse("academy:call-edit", args=[edition.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "opens_at": "2030-01-01T09:00",
            "closes_at": "2029-01-01T09:00",
            "intro_pl": "Tekst",
            "published": "on",
        },
    )
    assert response.status_code == 200 and b"must close after it opens" in response.content
    response = client.post(
        url,
        {
            "opens_at": "2029-01-01T09:00",
            "closes_at": "2030-01-01T09:00",
            "intro_pl": "Tekst",
            "published": "on",
        },
    )
    assert response.status_code == 302
    assert edition.call.intro_pl == "Tekst"
