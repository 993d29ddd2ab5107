"""Thin views: parse, authorise (through selectors and services), call, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sib.accounts.http import HtmxHttpRequest
from sib.core import ratelimit
from sib.core.exports import csv_response, xlsx_response
from sib.core.forms import apply_validation_error
from sib.core.pagecache import anonymous_page
from sib.core.pdf import pdf_response, render_pdf
from sib.core.qr import qr_svg
from sib.core.selectors import latest_email_about
from sib.events import policies, selectors, services
from sib.events.calendar import event_ics, events_ics
from sib.events.emails import ticket_qr_payload
from sib.events.forms import (
    AgendaItemForm,
    CheckInSearchForm,
    EventForm,
    FeedbackForm,
    PresentationForm,
    QuestionForm,
    RegistrationForm,
    RoomForm,
    ScanForm,
    SpeakerForm,
)
from sib.events.models import (
    EventRole,
    Presentation,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
    Speaker,
)
from sib.events.scan import decode_qr

PAGE_SIZE = 50


# --- public pages -----------------------------------------------------------------------------------
# Anonymous visitors get a copy kept per state of what the page shows (pagecache, decision 0410).


def _list_state(request: HttpRequest) -> tuple[Any, ...]:
    return selectors.events_public_stamp()


def _event_state(request: HttpRequest, event_id: int) -> tuple[Any, ...] | None:
    state = selectors.event_public_state(event_id=event_id)
    return None if state is None else (state.status, state.updated_at)


def _event_seats_state(request: HttpRequest, event_id: int) -> tuple[Any, ...] | None:
    state = selectors.event_public_state(event_id=event_id)
    if state is None:
        return None
    return (state.status, state.updated_at, state.seats_left, state.registration_open)


def _registration_state(request: HttpRequest, event_id: int) -> tuple[Any, ...] | None:
    state = selectors.event_public_state(event_id=event_id, consent=True)
    if state is None:
        return None
    return (state.status, state.updated_at, state.registration_open, state.consent_version)


@anonymous_page(_list_state)
def event_list(request: HttpRequest) -> HttpResponse:
    runs_events = request.user.is_authenticated and policies.runs_any_event(request.user)
    return render(
        request,
        "events/event_list.html",
        {
            # Read only when the cards are rendered: everyone who runs no event (and so sees no
            # drafts) gets the same cards, kept by what they show.
            "upcoming": selectors.event_list_public(actor=request.user)[:50],
            "past": selectors.event_list_public(actor=request.user, past=True)[:50],
            "cards_stamp": ""
            if runs_events
            else ".".join(map(str, selectors.events_public_stamp())),
            "mine": selectors.my_registrations(actor=request.user),
            "running": list(selectors.desk_events(actor=request.user)[:10]) if runs_events else [],
            "can_create": policies.can_create_event(request.user),
        },
    )


@anonymous_page(_event_seats_state)
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(actor=request.user, event_id=event_id)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "programme": selectors.EventProgramme(event),
            "registration_open": event.registration_is_open(timezone.now()),
            "seats_left": None
            if event.capacity is None
            else max(event.capacity - event.confirmed_count, 0),  # type: ignore[attr-defined]
            "can_manage": policies.can_manage_event(request.user, event),
            "can_check_in": policies.can_check_in(request.user, event),
        },
    )


@anonymous_page(_event_state)
def programme(request: HttpRequest, event_id: int) -> HttpResponse:
    """The printable programme: a page made for paper, and the same as a PDF."""
    event = selectors.event_get(actor=request.user, event_id=event_id)
    context = {"event": event, "programme": selectors.EventProgramme(event)}
    if request.GET.get("format") == "pdf":
        content = render_pdf("events/pdf/programme.html", context, request=request)
        return pdf_response(content, f"programme-{event.pk}.pdf", inline=True)
    return render(request, "events/programme.html", context)


def event_calendar(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(actor=request.user, event_id=event_id)
    response = HttpResponse(
        event_ics(event, selectors.agenda(event=event)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Every public event, for a calendar app to subscribe to."""
    events = policies.events_public().order_by("starts_at", "pk")[:500]
    response = HttpResponse(events_ics(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sib-events.ics"'
    return response


def speaker_photo(request: HttpRequest, speaker_id: int) -> FileResponse:
    """A speaker's photo (re-encoded JPEG), public once they speak at a public event."""
    if policies.can_manage_speakers(request.user):
        speaker = Speaker.objects.filter(pk=speaker_id).first()
        if speaker is None:
            raise Http404
    else:
        speaker = selectors.speaker_public_get(speaker_id=speaker_id)
    if not speaker.photo:
        raise Http404
    response = FileResponse(speaker.photo.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = f'attachment; filename="speaker-{speaker.pk}.jpg"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


@anonymous_page(_registration_state, query=("group",))
def register(request: HttpRequest, event_id: int) -> HttpResponse:
    """The registration form, for one person or (`?group=1`) a group with a contact person."""
    event = selectors.event_get(actor=request.user, event_id=event_id)
    group = request.GET.get("group") == "1" or request.POST.get("mode") == "group"
    questions = list(RegistrationQuestion.objects.filter(event=event).order_by("position", "pk"))
    consent = services.consent_text_current()
    initial: dict[str, Any] = {"consent_version": consent.version}
    if request.user.is_authenticated and not group:
        initial.update(
            full_name=request.user.full_name,
            email=request.user.email,
            gender=request.user.gender,
            region=request.user.voivodeship,
            language=request.user.preferred_language or None,
        )
        initial = {k: v for k, v in initial.items() if v}
    form = RegistrationForm(
        request.POST or None, event=event, questions=questions, group=group, initial=initial
    )
    is_open = event.registration_is_open(timezone.now())
    status = 200
    limited = None
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        addresses = [person.email for person in form.attendees()] + ([data["email"]] * group)
        limited = ratelimit.hit(request, "event_register", keys=[a for a in addresses if a])
    if limited is not None:
        status = 429
        form.add_error(
            None,
            _(
                "Too many registrations from your network or for this e-mail address. Nothing "
                "was lost: please try again in %(minutes)s minutes."
            )
            % {"minutes": max(1, round(limited.retry_after / 60))},
        )
    elif request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.registration_create(
                actor=request.user,
                event=event,
                attendees=form.attendees(),
                language=data["language"],
                consent_given=data["consent"],
                consent_version=data["consent_version"],
                answers=form.answers(),
                contact_name=data["full_name"] if group else "",
                contact_email=data["email"] if group else "",
                organisation_name=data.get("organisation_name", ""),
            )
        except ValidationError as error:
            apply_validation_error(
                form,
                error,
                field_map={
                    **{f"answers.{q.pk}": f"q_{q.pk}" for q in questions},
                    "contact_name": "full_name",
                    "contact_email": "email",
                    "attendees": "members" if group else "full_name",
                },
            )
        else:
            if result.pending:
                return redirect("events:register-sent", event_id=event.pk)
            if result.group is not None:
                return redirect("events:group", token=result.group.token)
            return redirect(
                reverse("events:ticket", args=[result.registrations[0].token]) + "?new=1"
            )
    return render(
        request,
        "events/register.html",
        {"event": event, "form": form, "group": group, "consent": consent, "is_open": is_open},
        status=status,
    )


def register_sent(request: HttpRequest, event_id: int) -> HttpResponse:
    """After registering: the same page whatever the address was (new, already registered or
    not anyone's), so it tells nobody who is registered."""
    event = selectors.event_get(actor=request.user, event_id=event_id)
    return render(
        request,
        "events/register_sent.html",
        {"event": event, "hold_minutes": settings.SIB_EVENT_HOLD_MINUTES},
    )


def _ticket_context(registration: Registration) -> dict[str, Any]:
    return {
        "registration": registration,
        "event": registration.event,
        "qr": qr_svg(ticket_qr_payload(registration), scale=6, title=registration.code)
        if registration.is_confirmed
        else None,
        "position": selectors.waiting_position(registration=registration),
        "workshops": selectors.workshop_choices(registration=registration)
        if registration.is_confirmed
        else [],
    }


def ticket(request: HttpRequest, token: str) -> HttpResponse:
    """The person's ticket page, reached from the e-mail link: QR, status, workshops, cancel;
    for a registration awaiting confirmation, the button that confirms it (a GET never does, so
    a mail scanner that opens the link confirms nothing)."""
    registration = selectors.registration_by_token(token=token)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        try:
            if registration.group and registration.group.contact_confirmed_at is None:
                raise PermissionDenied  # a group is confirmed by its contact, on the group page
            services.registration_confirm(registration=registration, token=token)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your registration is confirmed."))
        return redirect("events:ticket", token=token)
    context = _ticket_context(registration)
    context["new"] = request.GET.get("new") == "1"
    context["hold_minutes"] = settings.SIB_EVENT_HOLD_MINUTES
    # What really happened to the last message about it (the outbox), never a promise.
    context["mail"] = latest_email_about(registration)
    response = render(request, "events/ticket.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def ticket_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """A confirmation page (GET: mail scanners that open links cancel nothing), then the cancel."""
    registration = selectors.registration_by_token(token=token)
    if request.method == "POST":
        try:
            services.registration_cancel(actor=request.user, registration=registration, token=token)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for letting us know.")
            )
        return redirect("events:ticket", token=token)
    return render(
        request,
        "events/ticket_cancel.html",
        {"registration": registration, "event": registration.event},
    )


@require_POST
def ticket_workshop(request: HttpRequest, token: str, item_id: int) -> HttpResponse:
    registration = selectors.registration_by_token(token=token)
    item = selectors.item_get(actor=request.user, event=registration.event, item_id=item_id)
    try:
        if request.POST.get("action") == "unbook":
            services.workshop_unbook(
                actor=request.user, registration=registration, item=item, token=token
            )
            messages.success(
                request, _("Your place in “%(title)s” is released.") % {"title": item.title}
            )
        else:
            services.workshop_book(
                actor=request.user, registration=registration, item=item, token=token
            )
            messages.success(
                request, _("Your place in “%(title)s” is booked.") % {"title": item.title}
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("events:ticket", args=[token]) + "#workshops")


def group_page(request: HttpRequest, token: str) -> HttpResponse:
    group = selectors.group_by_token(token=token)
    members = selectors.group_members(group=group)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        try:
            services.group_confirm(group=group, token=token)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your group's registration is confirmed."))
        return redirect("events:group", token=token)
    if request.method == "POST":
        member = next((m for m in members if str(m.pk) == request.POST.get("registration")), None)
        if member is None:
            raise Http404
        try:
            services.registration_cancel(actor=request.user, registration=member, token=token)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s's registration is cancelled.") % {"name": member.full_name}
            )
        return redirect("events:group", token=token)
    response = render(
        request,
        "events/group.html",
        {
            "group": group,
            "event": group.event,
            "hold_minutes": settings.SIB_EVENT_HOLD_MINUTES,
            "members": [
                (m, qr_svg(ticket_qr_payload(m), scale=4, title=m.code) if m.is_confirmed else None)
                for m in members
            ],
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# --- the organiser's desk ---------------------------------------------------------------------------


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    if not policies.runs_any_event(request.user):
        raise PermissionDenied
    return render(
        request,
        "events/desk.html",
        {
            "events": list(selectors.desk_events(actor=request.user)),
            "can_create": policies.can_create_event(request.user),
            "can_manage_speakers": policies.can_manage_speakers(request.user),
            "can_see_overview": policies.can_report_on_all_events(request.user),
        },
    )


def _event_form(request: HttpRequest, event_id: int | None) -> HttpResponse:
    event = selectors.event_managed_get(actor=request.user, event_id=event_id) if event_id else None
    if event is None and not policies.can_create_event(request.user):
        raise PermissionDenied
    can_assign = policies.can_create_event(request.user)
    staff = selectors.event_staff(event=event) if event else {}
    form = EventForm(
        request.POST or None,
        instance=event,
        can_assign_organisers=can_assign,
        initial={
            "organisers": staff.get(EventRole.ORGANISER, []),
            "checkin_staff": staff.get(EventRole.CHECK_IN, []),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            if event is None:
                event = services.event_create(
                    actor=request.user,
                    organisers=form.cleaned_data["organisers"],
                    checkin_staff=form.cleaned_data["checkin_staff"],
                    **form.event_fields(),
                )
            else:
                event.refresh_from_db()
                services.event_update(actor=request.user, event=event, **form.event_fields())
                if can_assign:
                    services.event_staff_set(
                        actor=request.user,
                        event=event,
                        role=EventRole.ORGANISER,
                        users=form.cleaned_data["organisers"],
                    )
                services.event_staff_set(
                    actor=request.user,
                    event=event,
                    role=EventRole.CHECK_IN,
                    users=form.cleaned_data["checkin_staff"],
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("events:manage", event_id=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    return _event_form(request, None)


@login_required
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    return _event_form(request, event_id)


@login_required
def manage(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_managed_get(actor=request.user, event_id=event_id)
    items = selectors.agenda(event=event)
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "items": items,
            "rooms": list(event.rooms.all()),
            "questions": list(event.questions.all()),
            "presentations": selectors.event_presentations(event=event),
            "staff": selectors.event_staff(event=event),
            "counts": selectors.checkin_counts(event=event),
        },
    )


def _simple_form(
    request: HttpRequest,
    *,
    event: Any,
    form: Any,
    save: Any,
    title: str,
    success: str,
    multipart: bool = False,
    back: str | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, success)
            return redirect(back or reverse("events:manage", args=[event.pk]))
    return render(
        request,
        "events/simple_form.html",
        {"event": event, "form": form, "title": title, "multipart": multipart, "back": back},
    )


@login_required
def item_form(request: HttpRequest, event_id: int, item_id: int | None = None) -> HttpResponse:
    event = selectors.event_managed_get(actor=request.user, event_id=event_id)
    item = selectors.item_get(actor=request.user, event=event, item_id=item_id) if item_id else None
    form = AgendaItemForm(request.POST or None, instance=item, event=event)

    def save(form: AgendaItemForm) -> None:
        services.agenda_item_save(
            actor=request.user,
            event=event,
            item=item,
            speakers=list(form.cleaned_data["speakers"]),
            **form.item_fields(),
        )

    return _simple_form(
        request,
        event=event,
        form=form,
        save=save,
        title=_("Agenda item") if item else _("New agenda item"),
        success=_("The agenda item was saved."),
    )


@login_required
@require_POST
def item_delete(request: HttpRequest, event_id: int, item_id: int) -> HttpResponse:
    event = selectors.event_managed_get(actor=request.user, event_id=event_id)
    item = selectors.item_get(actor=request.user, event=event, item_id=item_id)
    try:
        services.agenda_item_delete(actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The agenda item was deleted."))
    return redirect("events:manage", event_id=event.pk)


@login_required
def room_form(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_managed_get(actor=request.user, event_id=event_id)
    form = RoomForm(request.POST or None)
    return _simple_form(
        request,
        event=event,
        form=form,
        save=lambda f: services.room_save(
            actor=request.user,
            event=event,
            name_pl=f.cleaned_data["name_pl"],
            name_en=f.cleaned_data["name_en"] or "",
        ),
        title=_("New room"),
        success=_("The room was added."),
    )


@login_required
def question_form(
    request: HttpRequest, event_id: int, question_id: int | None = None
) -> HttpResponse:
    event = selectors.event_managed_get(actor=request.user, event_id=event_id)
    question = None
    if question_id:
        question = RegistrationQuestion.objects.filter(event=event, pk=question_id).first()
        if question is None:
            raise Http404
    form = QuestionForm(request.POST or None, instance=question)
    return _simple_form(
        request,
        event=event,
        form=form,
        save=lambda f: services.question_save(
            actor=request.user, event=event, question=question, **f.question_fields()
        ),
        title=_("Registration question"),
        success=_("The question was saved."),
    )


@login_required
def presentation_form(
    request: HttpRequest, event_id: int, presentation_id: int | None = None
) -> HttpResponse:
    event = selectors.event_managed_get(actor=request.user, event_id=event_id)
    presentation = None
    if presentation_id:
        presentation = Presentation.objects.filter(event=event, pk=presentation_id).first()
        if presentation is None:
            raise Http404
    form = PresentationForm(request.POST or None, instance=presentation, event=event)
    return _simple_form(
        request,
        event=event,
        form=form,
        save=lambda f: services.presentation_save(
            actor=request.user, event=event, presentation=presentation, **f.presentation_fields()
        ),
        title=_("Presented project"),
        success=_("The presentation was saved."),
    )


@login_required
def speaker_list(request: HttpRequest) -> HttpResponse:
    speakers = selectors.speaker_list(actor=request.user)
    page = Paginator(speakers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/speaker_list.html", {"page": page})


@login_required
def speaker_form(request: HttpRequest, speaker_id: int | None = None) -> HttpResponse:
    if not policies.can_manage_speakers(request.user):
        raise PermissionDenied
    speaker = None
    if speaker_id:
        speaker = Speaker.objects.filter(pk=speaker_id).first()
        if speaker is None:
            raise Http404
    form = SpeakerForm(request.POST or None, request.FILES or None, instance=speaker)
    return _simple_form(
        request,
        event=None,
        form=form,
        save=lambda f: services.speaker_save(
            actor=request.user,
            speaker=speaker,
            photo=f.cleaned_data.get("photo") or None,
            remove_photo=f.cleaned_data.get("remove_photo", False),
            **f.speaker_fields(),
        ),
        title=_("Speaker"),
        success=_("The speaker was saved."),
        multipart=True,
        back=reverse("events:speakers"),
    )


# --- registrations, exports, badges -------------------------------------------------------------------


@login_required
def registrations(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_managed_get(actor=request.user, event_id=event_id)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        header, rows = selectors.export_rows(actor=request.user, event=event)
        name = f"attendees-{event.pk}"
        if fmt == "csv":
            return csv_response(f"{name}.csv", header, rows)
        return xlsx_response(f"{name}.xlsx", [(_("Attendees"), header, rows)])
    status = request.GET.get("status") or ""
    q = request.GET.get("q", "")
    queryset = selectors.event_registrations(actor=request.user, event=event, status=status, q=q)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "page": page,
            "status": status,
            "q": q,
            "statuses": RegistrationStatus.choices,
            "counts": selectors.checkin_counts(event=event),
        },
    )


@login_required
@require_POST
def registration_cancel(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    event = selectors.event_managed_get(actor=request.user, event_id=event_id)
    registration = (
        selectors.event_registrations(actor=request.user, event=event)
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise Http404
    try:
        promoted = services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("%(name)s's registration is cancelled.") % {"name": registration.full_name}
        if promoted:
            text += " " + _("Moved from the waiting list: %(names)s.") % {
                "names": ", ".join(r.full_name for r in promoted)
            }
        messages.success(request, text)
    return redirect(request.POST.get("next") or reverse("events:registrations", args=[event.pk]))


@login_required
def badges(request: HttpRequest, event_id: int) -> HttpResponse:
    """Badges to print (A4, eight per page), with each person's QR ticket."""
    event = selectors.event_managed_get(actor=request.user, event_id=event_id)
    people = selectors.badge_registrations(
        actor=request.user, event=event, pending_only=request.GET.get("pending") == "1"
    )
    cards = [(r, qr_svg(ticket_qr_payload(r), scale=3, title=r.code)) for r in people]
    content = render_pdf(
        "events/pdf/badges.html", {"event": event, "cards": cards}, request=request
    )
    return pdf_response(content, f"badges-{event.pk}.pdf")


# --- check-in ----------------------------------------------------------------------------------------


def _checkin_context(request: HttpRequest, event: Any, **extra: Any) -> dict[str, Any]:
    return {
        "event": event,
        "counts": selectors.checkin_counts(event=event),
        "search_form": CheckInSearchForm(request.GET or None),
        "scan_form": ScanForm(),
        **extra,
    }


@login_required
def checkin(request: HtmxHttpRequest, event_id: int) -> HttpResponse:
    """The door: search by name (live with htmx) or scan the QR code; works on a phone."""
    event = selectors.event_checkin_get(actor=request.user, event_id=event_id)
    q = request.GET.get("q", "")
    results = selectors.checkin_search(actor=request.user, event=event, q=q)
    if request.htmx:
        return render(
            request,
            "events/partials/checkin_results.html",
            {"event": event, "results": results, "q": q},
        )
    return render(
        request, "events/checkin.html", _checkin_context(request, event, results=results, q=q)
    )


@login_required
def checkin_code(request: HtmxHttpRequest, event_id: int, code: str) -> HttpResponse:
    """A scanned ticket: who it is and a button to check them in (a phone's camera app opens this
    address straight from the QR code)."""
    event = selectors.event_checkin_get(actor=request.user, event_id=event_id)
    registration = selectors.ticket_for_checkin(actor=request.user, event=event, code=code)
    template = "events/partials/checkin_card.html" if request.htmx else "events/checkin_card.html"
    return render(
        request, template, {"event": event, "registration": registration, "scanned": True}
    )


@login_required
@require_POST
def checkin_scan(request: HtmxHttpRequest, event_id: int) -> HttpResponse:
    """A typed code, a code read by the browser, or a photo/frame to decode on the server."""
    event = selectors.event_checkin_get(actor=request.user, event_id=event_id)
    form = ScanForm(request.POST, request.FILES)
    text = ""
    if form.is_valid():
        text = form.cleaned_data["code"].strip()
        image = form.cleaned_data.get("image")
        if not text and image is not None:
            text = decode_qr(image.read(4 * 1024 * 1024 + 1)) or ""
    if not text:
        if request.htmx:
            return HttpResponse(status=204)
        messages.error(request, _("No QR code could be read. Try again, or search by name."))
        return redirect("events:checkin", event_id=event.pk)
    try:
        registration = selectors.ticket_for_checkin(actor=request.user, event=event, code=text)
    except Http404:
        template = "events/partials/checkin_unknown.html"
        context = {"event": event, "code": text[:40]}
        if request.htmx:
            return render(request, template, context)
        return render(
            request, "events/checkin.html", _checkin_context(request, event, unknown=text[:40])
        )
    if request.htmx:
        return render(
            request,
            "events/partials/checkin_card.html",
            {"event": event, "registration": registration, "scanned": True},
        )
    return redirect("events:checkin-code", event_id=event.pk, code=registration.code)


@login_required
@require_POST
def checkin_do(request: HtmxHttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    event = selectors.event_checkin_get(actor=request.user, event_id=event_id)
    registration = Registration.objects.filter(event=event, pk=registration_id).first()
    if registration is None:
        raise Http404
    error = ""
    already = False
    try:
        if request.POST.get("action") == "undo":
            services.registration_check_in_undo(actor=request.user, registration=registration)
        else:
            already = services.registration_check_in(
                actor=request.user, registration=registration
            ).already
    except ValidationError as problem:
        error = " ".join(problem.messages)
    registration = Registration.objects.select_related("checked_in_by").get(pk=registration.pk)
    context = {
        "event": event,
        "registration": registration,
        "already": already,
        "error": error,
        "just_done": not error and not already and registration.checked_in_at is not None,
    }
    if request.htmx:
        # The counter at the top of the page follows (an out-of-band swap).
        context["counts_after"] = selectors.checkin_counts(event=event)
        return render(request, "events/partials/checkin_card.html", context)
    if error:
        messages.error(request, error)
    elif already:
        messages.warning(
            request, _("%(name)s was already checked in.") % {"name": registration.full_name}
        )
    elif registration.checked_in_at:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.full_name})
    return redirect(request.POST.get("next") or reverse("events:checkin", args=[event.pk]))


@login_required
def item_attendance(request: HttpRequest, event_id: int, item_id: int) -> HttpResponse:
    """Attendance at one workshop: who booked, who came; search or scan like at the door."""
    event = selectors.event_checkin_get(actor=request.user, event_id=event_id)
    item = selectors.item_get(actor=request.user, event=event, item_id=item_id)
    if request.method == "POST":
        registration = None
        code = request.POST.get("code", "").strip()
        if code:
            registration = Registration.objects.filter(
                event=event, code=code.rstrip("/").rsplit("/", 1)[-1].upper()
            ).first()
        elif request.POST.get("registration", "").isdigit():
            registration = Registration.objects.filter(
                event=event, pk=int(request.POST["registration"])
            ).first()
        if registration is None:
            messages.error(request, _("No such ticket at this event."))
        else:
            try:
                _row, already = services.session_check_in(
                    actor=request.user, item=item, registration=registration
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                if already:
                    messages.warning(
                        request,
                        _("%(name)s was already checked in.") % {"name": registration.full_name},
                    )
                else:
                    messages.success(
                        request, _("%(name)s is checked in.") % {"name": registration.full_name}
                    )
        return redirect("events:item-attendance", event_id=event.pk, item_id=item.pk)
    attended = selectors.session_attendance(actor=request.user, item=item)
    present = {row.registration_id for row in attended}
    booked = [
        b.registration
        for b in item.bookings.select_related("registration").order_by("registration__full_name")
    ]
    q = request.GET.get("q", "")
    return render(
        request,
        "events/item_attendance.html",
        {
            "event": event,
            "item": item,
            "attended": attended,
            "booked": booked,
            "present": present,
            "q": q,
            "results": selectors.checkin_search(actor=request.user, event=event, q=q),
        },
    )


# --- statistics ----------------------------------------------------------------------------------------


@login_required
def stats(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_managed_get(actor=request.user, event_id=event_id)
    figures = selectors.event_stats(actor=request.user, event=event)
    feedback = selectors.event_feedback(actor=request.user, event=event)
    return render(
        request,
        "events/stats.html",
        {
            "event": event,
            "stats": figures,
            "feedback": feedback,
            "charts": _charts(figures.by_region, figures.by_gender),
        },
    )


def _charts(by_region: Any, by_gender: Any) -> dict[str, Any]:
    from sib.core.charts import bar_chart

    charts = {}
    if by_region.has_data:
        charts["region"] = bar_chart(
            [label for _k, label, _r, _a in by_region.rows],
            [attended for _k, _l, _r, attended in by_region.rows],
            label=_("Participants who attended, by voivodeship"),
        )
    if by_gender.has_data:
        charts["gender"] = bar_chart(
            [label for _k, label, _r, _a in by_gender.rows],
            [attended for _k, _l, _r, attended in by_gender.rows],
            label=_("Participants who attended, by gender"),
        )
    return charts


@login_required
def feedback(request: HttpRequest, event_id: int) -> HttpResponse:
    """Attach the event's feedback survey (made in Surveys) and, optionally, invite attendees."""
    from sib.surveys.policies import can_manage_surveys

    event = selectors.event_managed_get(actor=request.user, event_id=event_id)
    form = FeedbackForm(
        request.POST or None,
        initial={"feedback_instrument": event.feedback_instrument_id},
        choices=selectors.feedback_choices(actor=request.user),
        can_invite=can_manage_surveys(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            invited = services.event_feedback_attach(
                actor=request.user,
                event=event,
                instrument=form.cleaned_data["feedback_instrument"],
                invite=form.cleaned_data.get("invite", False),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            text = _("The feedback survey was saved.")
            if invited:
                text += " " + _("Invited: %(count)d.") % {"count": invited}
            messages.success(request, text)
            return redirect("events:stats", event_id=event.pk)
    return render(
        request,
        "events/simple_form.html",
        {"event": event, "form": form, "title": _("Feedback survey"), "multipart": False},
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    data = selectors.events_overview(actor=request.user)
    return render(
        request,
        "events/overview.html",
        {"overview": data, "charts": _charts(data.by_region, data.by_gender)},
    )
