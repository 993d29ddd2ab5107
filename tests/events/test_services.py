"""Registration, the waiting list, cancellation, check-in, workshops, photos and e-mails."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sib.events import services
from sib.events.models import (
    EventRole,
    ItemKind,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from sib.events.services import Attendee
from tests.events.factories import (
    AgendaItemFactory,
    EventFactory,
    EventStaffFactory,
    RegistrationFactory,
)
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db

ANON = AnonymousUser()


def register(event, name: str = "Ala Nowak", email: str = "", confirm: bool = True, **extra):  # noqa: ANN001, ANN201
    """An anonymous registration, confirmed from the e-mailed link at once unless `confirm` is
    False (the held seat or queue place is then returned as it is)."""
    email = email or f"{name.lower().replace(' ', '.')}@example.org"
    result = services.registration_create(
        actor=ANON,
        event=event,
        attendees=[Attendee(full_name=name, email=email)],
        language=extra.pop("language", "en"),
        consent_given=True,
        consent_version=services.consent_text_current().version,
        **extra,
    )
    registration = result.registrations[0]
    if confirm and result.pending:
        services.registration_confirm(
            registration=registration,
            token=registration.token,
            at=extra.get("at"),
            notify=extra.get("notify", True),
        )
        registration.refresh_from_db()
    return registration


class TestCapacityAndWaitingList:
    def test_seats_then_waiting_list_in_order(self) -> None:
        event = EventFactory(capacity=2)
        people = [register(event, f"Person {n}") for n in range(4)]
        assert [p.status for p in people] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
        assert people[0].confirmed_at is not None and people[2].confirmed_at is None

    def test_cancelling_a_seat_promotes_the_first_waiting(
        self, django_capture_on_commit_callbacks
    ) -> None:  # noqa: ANN001
        event = EventFactory(capacity=1)
        first, second, third = (register(event, f"Person {n}") for n in range(3))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            promoted = services.registration_cancel(
                actor=ANON, registration=first, token=first.token
            )
        assert [p.pk for p in promoted] == [second.pk]
        second.refresh_from_db()
        third.refresh_from_db()
        assert second.status == "confirmed" and second.promoted_at is not None
        assert third.status == "waitlisted"
        subjects = [m.subject for m in mail.outbox]
        assert any("A seat is yours" in s for s in subjects) and any(
            "cancelled" in s for s in subjects
        )

    def test_cancelling_a_waiting_place_promotes_nobody(self) -> None:
        event = EventFactory(capacity=1)
        register(event, "A")
        waiting = register(event, "B")
        last = register(event, "C")
        assert (
            services.registration_cancel(actor=ANON, registration=waiting, token=waiting.token)
            == []
        )
        last.refresh_from_db()
        assert last.status == "waitlisted"

    def test_cancelling_twice_changes_nothing(self) -> None:
        event = EventFactory(capacity=1)
        first = register(event, "A")
        waiting = register(event, "B")
        services.registration_cancel(actor=ANON, registration=first, token=first.token)
        assert services.registration_cancel(actor=ANON, registration=first, token=first.token) == []
        waiting.refresh_from_db()
        assert waiting.status == "confirmed"
        assert Registration.objects.filter(event=event, status="confirmed").count() == 1

    def test_raising_the_capacity_promotes_the_waiting_list(self) -> None:
        event = EventFactory(capacity=1)
        register(event, "A")
        waiting = [register(event, f"W{n}") for n in range(3)]
        services.event_update(actor=CoordinatorFactory(), event=event, capacity=3)
        states = [Registration.objects.get(pk=w.pk).status for w in waiting]
        assert states == ["confirmed", "confirmed", "waitlisted"]

    def test_unlimited_event_confirms_everyone(self) -> None:
        event = EventFactory(capacity=None)
        assert all(register(event, f"P{n}").is_confirmed for n in range(5))

    def test_group_takes_seats_in_order_and_waits_for_the_rest(
        self, django_capture_on_commit_callbacks
    ) -> None:  # noqa: ANN001
        event = EventFactory(capacity=3)
        with django_capture_on_commit_callbacks(execute=True):
            register(event, "Solo")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = services.registration_create(
                actor=ANON,
                event=event,
                attendees=[
                    Attendee("Uczeń 1"),
                    Attendee("Uczeń 2", "u2@example.org"),
                    Attendee("Uczeń 3"),
                ],
                language="pl",
                consent_given=True,
                consent_version=services.consent_text_current().version,
                contact_name="Nauczycielka",
                contact_email="Szkola@Example.org",
            )
        # The seats are held for the group until its contact confirms from the e-mailed link.
        assert result.pending
        assert [r.status for r in result.registrations] == ["held", "held", "waitlisted"]
        (request,) = mail.outbox
        assert request.to == ["szkola@example.org"] and result.group.token in request.body
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.group_confirm(group=result.group, token=result.group.token)
        result.registrations = list(result.group.registrations.order_by("created_at", "pk"))
        assert [r.status for r in result.registrations] == ["confirmed", "confirmed", "waitlisted"]
        assert result.group.contact_email == "szkola@example.org"
        recipients = sorted(address for m in mail.outbox for address in m.to)
        assert "szkola@example.org" in recipients and "u2@example.org" in recipients
        contact = next(m for m in mail.outbox if m.to == ["szkola@example.org"])
        assert "Uczeń 3" in contact.body and "Lista oczekujących" in contact.body

    def test_one_live_registration_per_address(self, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
        """A second registration of an address is not refused (that would tell anyone the
        address is registered): nothing is added, and the address's owner gets their link."""
        event = EventFactory()
        with django_capture_on_commit_callbacks(execute=True):
            first = register(event, "Ala", "ala@example.org")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            again = services.registration_create(
                actor=ANON,
                event=event,
                attendees=[Attendee("Ala again", "ALA@example.org")],
                language="en",
                consent_given=True,
                consent_version=services.consent_text_current().version,
            )
        assert again.pending and again.registrations == []
        assert Registration.objects.filter(event=event).count() == 1
        (reminder,) = mail.outbox
        assert reminder.to == ["ala@example.org"] and first.token in reminder.body
        assert reminder.subject == f"[SIB] Your registration: {event.title}"
        # Signed in with that verified address, the person is told plainly.
        owner = UserFactory(email="ala@example.org")
        from allauth.account.models import EmailAddress

        EmailAddress.objects.filter(user=owner).update(verified=True)
        with pytest.raises(ValidationError) as error:
            services.registration_create(
                actor=owner,
                event=event,
                attendees=[Attendee("Ala", "ala@example.org")],
                language="en",
                consent_given=True,
                consent_version=services.consent_text_current().version,
            )
        assert "email" in error.value.message_dict
        services.registration_cancel(actor=ANON, registration=first, token=first.token)
        assert register(event, "Ala back", "ala@example.org").is_confirmed


class TestRegistrationRules:
    def test_every_problem_is_reported_at_once(self) -> None:
        event = EventFactory()
        with pytest.raises(ValidationError) as error:
            services.registration_create(
                actor=ANON,
                event=event,
                attendees=[Attendee(full_name="", email="")],
                language="de",
                consent_given=False,
                consent_version=None,
            )
        assert {"full_name", "email", "language", "consent"} <= set(error.value.message_dict)
        assert not Registration.objects.exists()

    def test_changed_consent_text_is_refused(self) -> None:
        with pytest.raises(ValidationError) as error:
            services.registration_create(
                actor=ANON,
                event=EventFactory(),
                attendees=[Attendee("Ala", "ala@example.org")],
                language="en",
                consent_given=True,
                consent_version=99,
            )
        assert "consent" in error.value.message_dict

    def test_closed_window_and_drafts_refuse(self) -> None:
        closed = EventFactory(
            registration_closes_at=timezone.now() - dt.timedelta(minutes=1),
            registration_opens_at=timezone.now() - dt.timedelta(days=2),
        )
        with pytest.raises(ValidationError):
            register(closed)
        with pytest.raises(ValidationError):
            register(EventFactory(status="draft"))

    def test_answers_to_the_organisers_questions_are_checked_and_kept(self) -> None:
        event = EventFactory()
        coordinator = CoordinatorFactory()
        diet = services.question_save(
            actor=coordinator,
            event=event,
            kind=QuestionKind.CHOICE,
            label_pl="Dieta",
            choices_pl="Zwykła\nWege",
            choices_en="Regular\nVeggie",
            required=True,
        )
        dinner = services.question_save(
            actor=coordinator, event=event, kind=QuestionKind.YES_NO, label_pl="Kolacja?"
        )
        with pytest.raises(ValidationError) as error:
            register(event, answers={str(diet.pk): 5})
        assert f"answers.{diet.pk}" in error.value.message_dict
        with pytest.raises(ValidationError):
            register(event, answers={"999": "x", str(diet.pk): 1})
        registration = register(event, answers={str(diet.pk): "1", str(dinner.pk): "yes"})
        assert registration.answers == {str(diet.pk): 1, str(dinner.pk): True}


class TestCancellationAndPermissions:
    def test_wrong_token_or_stranger_cannot_cancel(self) -> None:
        registration = register(EventFactory())
        with pytest.raises(PermissionDenied):
            services.registration_cancel(actor=ANON, registration=registration, token="nope")
        with pytest.raises(PermissionDenied):
            services.registration_cancel(actor=UserFactory(), registration=registration)
        other = EventStaffFactory(role=EventRole.ORGANISER).user
        with pytest.raises(PermissionDenied):
            services.registration_cancel(actor=other, registration=registration)

    def test_organiser_of_the_event_may_cancel(self) -> None:
        registration = register(EventFactory())
        organiser = EventStaffFactory(event=registration.event).user
        services.registration_cancel(actor=organiser, registration=registration)
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.CANCELLED

    def test_check_in_staff_may_not_manage(self) -> None:
        event = EventFactory()
        staff = EventStaffFactory(event=event, role=EventRole.CHECK_IN).user
        with pytest.raises(PermissionDenied):
            services.event_update(actor=staff, event=event, capacity=5)
        with pytest.raises(PermissionDenied):
            services.agenda_item_save(
                actor=staff,
                event=event,
                kind="lecture",
                title_pl="X",
                starts_at=event.starts_at,
                ends_at=event.ends_at,
            )


class TestCheckIn:
    def test_second_device_is_told_it_was_done(self) -> None:
        registration = RegistrationFactory()
        staff = EventStaffFactory(event=registration.event, role=EventRole.CHECK_IN).user
        first = services.registration_check_in(actor=staff, registration=registration)
        again = services.registration_check_in(
            actor=CoordinatorFactory(), registration=Registration.objects.get(pk=registration.pk)
        )
        assert not first.already and again.already
        assert again.registration.checked_in_by == staff

    def test_only_confirmed_people_check_in(self) -> None:
        registration = RegistrationFactory(status=RegistrationStatus.WAITLISTED)
        with pytest.raises(ValidationError):
            services.registration_check_in(actor=CoordinatorFactory(), registration=registration)

    def test_stranger_cannot_check_in(self) -> None:
        registration = RegistrationFactory()
        with pytest.raises(PermissionDenied):
            services.registration_check_in(actor=UserFactory(), registration=registration)
        other = EventStaffFactory(role=EventRole.CHECK_IN).user
        with pytest.raises(PermissionDenied):
            services.registration_check_in(actor=other, registration=registration)

    def test_checked_in_person_cannot_be_cancelled(self) -> None:
        registration = RegistrationFactory()
        services.registration_check_in(actor=CoordinatorFactory(), registration=registration)
        with pytest.raises(ValidationError):
            services.registration_cancel(
                actor=ANON, registration=registration, token=registration.token
            )

    def test_workshop_attendance_checks_in_to_the_event_too(self) -> None:
        registration = RegistrationFactory()
        item = AgendaItemFactory(event=registration.event, kind=ItemKind.WORKSHOP, capacity=5)
        staff = CoordinatorFactory()
        _row, already = services.session_check_in(actor=staff, item=item, registration=registration)
        _row, again = services.session_check_in(actor=staff, item=item, registration=registration)
        registration.refresh_from_db()
        assert not already and again and registration.checked_in_at is not None


class TestWorkshops:
    def test_places_are_limited_and_clashes_refused(self) -> None:
        event = EventFactory()
        workshop = AgendaItemFactory(event=event, kind=ItemKind.WORKSHOP, capacity=1)
        parallel = AgendaItemFactory(
            event=event,
            kind=ItemKind.WORKSHOP,
            starts_at=workshop.starts_at,
            ends_at=workshop.ends_at,
        )
        a, b = RegistrationFactory(event=event), RegistrationFactory(event=event)
        services.workshop_book(actor=ANON, registration=a, item=workshop, token=a.token)
        services.workshop_book(
            actor=ANON, registration=a, item=workshop, token=a.token
        )  # idempotent
        with pytest.raises(ValidationError, match="full"):
            services.workshop_book(actor=ANON, registration=b, item=workshop, token=b.token)
        with pytest.raises(ValidationError, match="same time"):
            services.workshop_book(actor=ANON, registration=a, item=parallel, token=a.token)
        services.registration_cancel(actor=ANON, registration=a, token=a.token)
        services.workshop_book(actor=ANON, registration=b, item=workshop, token=b.token)
        assert workshop.bookings.get().registration == b

    def test_waiting_people_cannot_book(self) -> None:
        registration = RegistrationFactory(status=RegistrationStatus.WAITLISTED)
        item = AgendaItemFactory(event=registration.event, kind=ItemKind.WORKSHOP)
        with pytest.raises(ValidationError):
            services.workshop_book(
                actor=ANON, registration=registration, item=item, token=registration.token
            )

    def test_items_end_after_they_start_and_only_workshops_have_places(self) -> None:
        event = EventFactory()
        coordinator = CoordinatorFactory()
        with pytest.raises(ValidationError) as error:
            services.agenda_item_save(
                actor=coordinator,
                event=event,
                kind="lecture",
                title_pl="W",
                starts_at=event.starts_at,
                ends_at=event.starts_at,
            )
        assert "ends_at" in error.value.message_dict
        item = services.agenda_item_save(
            actor=coordinator,
            event=event,
            kind="lecture",
            title_pl="W",
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            capacity=10,
        )
        assert item.capacity is None


def _image(kind: str, size: tuple[int, int] = (40, 40)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=kind)
    return buffer.getvalue()


class TestSpeakerPhotos:
    def test_photo_is_checked_by_content_and_re_encoded(self, settings, tmp_path) -> None:  # noqa: ANN001
        settings.MEDIA_ROOT = tmp_path
        upload = SimpleUploadedFile("face.gif", _image("PNG"), content_type="image/gif")
        speaker = services.speaker_save(actor=CoordinatorFactory(), full_name="Ola", photo=upload)
        with speaker.photo.open("rb") as handle:
            assert handle.read(3) == b"\xff\xd8\xff"  # a fresh JPEG whatever the upload was

    @pytest.mark.parametrize(
        "content",
        [b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", b"%PDF-1.4 not a photo", b"GIF89a...."],
    )
    def test_not_a_photo_is_refused(self, settings, tmp_path, content: bytes) -> None:  # noqa: ANN001
        settings.MEDIA_ROOT = tmp_path
        upload = SimpleUploadedFile("face.jpg", content, content_type="image/jpeg")
        with pytest.raises(ValidationError) as error:
            services.speaker_save(actor=CoordinatorFactory(), full_name="Ola", photo=upload)
        assert "photo" in error.value.message_dict

    def test_gif_and_oversized_photos_are_refused(self, settings, tmp_path) -> None:  # noqa: ANN001
        settings.MEDIA_ROOT = tmp_path
        with pytest.raises(ValidationError):
            services.speaker_save(
                actor=CoordinatorFactory(),
                full_name="Ola",
                photo=SimpleUploadedFile("a.gif", _image("GIF")),
            )
        big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024 + 1))
        with pytest.raises(ValidationError, match="2 MB"):
            services.speaker_save(actor=CoordinatorFactory(), full_name="Ola", photo=big)

    def test_participants_may_not_edit_speakers(self) -> None:
        with pytest.raises(PermissionDenied):
            services.speaker_save(actor=UserFactory(), full_name="Ola")


class TestEmails:
    def test_ticket_in_the_registrants_language_with_qr_and_calendar(
        self, django_capture_on_commit_callbacks
    ) -> None:  # noqa: ANN001
        import zxingcpp
        from icalendar import Calendar
        from PIL import Image

        event = EventFactory(title_pl="Konferencja brokerów", title_en="Brokers' conference")
        with django_capture_on_commit_callbacks(execute=True):
            registration = register(event, "Zofia Nowak", language="pl")
        message = mail.outbox[-1]  # after the request to confirm, the ticket
        assert message.to == [registration.email]
        assert "Twój bilet" in message.subject and "Konferencja brokerów" in message.subject
        assert registration.code in message.body
        html = message.alternatives[0][0]
        assert f"cid:ticket-{registration.code}" in html
        image = next(
            part
            for part in message.attachments
            if getattr(part, "get_content_type", lambda: "")() == "image/png"
        )
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.get_payload(decode=True))))
        assert decoded[0].text.endswith(f"/events/{event.pk}/check-in/{registration.code}/")
        ics = next(
            a for a in message.attachments if isinstance(a, tuple) and a[2] == "text/calendar"
        )
        calendar = Calendar.from_ical(ics[1])
        vevent = calendar.walk("VEVENT")[0]
        assert str(vevent["SUMMARY"]) == "Konferencja brokerów"
        assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)

    def test_waiting_list_notice_has_no_ticket(self, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
        event = EventFactory(capacity=0)
        with django_capture_on_commit_callbacks(execute=True):
            registration = register(event, "Olaf Berg", language="en")
        assert registration.is_waitlisted
        message = mail.outbox[-1]
        assert "waiting list" in message.subject and not message.attachments
