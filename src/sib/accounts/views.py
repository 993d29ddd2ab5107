from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sib.accounts import policies, selectors, services
from sib.accounts.forms import (
    ApiTokenForm,
    ErasureCompleteForm,
    ErasureForm,
    ErasureRecordForm,
    ErasureRefuseForm,
    ErasureRequestForm,
    PersonSearchForm,
    ProfileForm,
)
from sib.accounts.http import AuthenticatedHttpRequest
from sib.accounts.models import User
from sib.core.forms import apply_validation_error


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        # The form already validated on a copy of the user; reload so the service sees the stored state.
        request.user.refresh_from_db()
        services.profile_update(actor=request.user, person=request.user, **changes)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _record, new_token = services.api_token_create(
                actor=request.user, user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = ApiTokenForm()
    tokens = selectors.api_tokens_of(actor=request.user, user=request.user)
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token},
    )


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(
        selectors.api_tokens_of(actor=request.user, user=request.user), pk=token_id
    )
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:api-tokens")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language: a cookie for everyone, and the profile for a signed-in person."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=request.is_secure(),
        )
        if request.user.is_authenticated:
            services.profile_update(
                actor=request.user, person=request.user, preferred_language=language
            )
    return response


def _data_response(document: dict, person: User) -> JsonResponse:
    response = JsonResponse(
        document, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    stamp = document["exported_at"][:10]
    response["Content-Disposition"] = (
        f'attachment; filename="sib-personal-data-{person.pk}-{stamp}.json"'
    )
    return response


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The person's rights: download everything, their consents, asking for erasure."""
    return _my_data_page(request, ErasureRequestForm())


def _my_data_page(
    request: HttpRequest, form: ErasureRequestForm, status: int = 200
) -> HttpResponse:
    context = selectors.my_data_page(request=request)
    context["erasure_form"] = form
    return render(request, "accounts/my_data.html", context, status=status)


@login_required
@require_POST
def my_erasure_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        return _my_data_page(request, form, status=400)
    try:
        services.erasure_request_record(
            actor=request.user, person=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        apply_validation_error(form, error)
        return _my_data_page(request, form, status=400)
    messages.success(request, _("Your request was received. We answer within a month, by e-mail."))
    return redirect("accounts:my-data")


@login_required
@require_POST
def my_data_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    document = services.person_export(actor=request.user, person=request.user)
    return _data_response(document, request.user)


@login_required
def people_privacy(request: HttpRequest) -> HttpResponse:
    """Coordinators find the person who asked to see or erase their data."""
    if not policies.is_coordinator(request.user):
        raise PermissionDenied
    form = PersonSearchForm(request.GET or None)
    people = (
        selectors.people_search(actor=request.user, q=form.cleaned_data["q"])
        if form.is_valid()
        else []
    )
    return render(request, "accounts/people_privacy.html", {"form": form, "people": people})


def _person_for_coordinator(request: HttpRequest, person_id: int) -> User:
    if not policies.is_coordinator(request.user):
        raise PermissionDenied
    return get_object_or_404(User, pk=person_id)


@login_required
def person_privacy(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for_coordinator(request, person_id)
    return render(
        request,
        "accounts/person_privacy.html",
        {
            "person": person,
            "form": ErasureForm(),
            "record_form": ErasureRecordForm(),
            "may_erase": policies.can_erase_person(request.user, person),
            "requests": selectors.erasure_requests_of(actor=request.user, person=person),
        },
    )


@login_required
@require_POST
def person_export(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for_coordinator(request, person_id)
    return _data_response(services.person_export(actor=request.user, person=person), person)


@login_required
@require_POST
def person_erase(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for_coordinator(request, person_id)
    if not policies.can_erase_person(request.user, person):
        raise PermissionDenied
    form = ErasureForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "accounts/person_privacy.html",
            {"person": person, "form": form, "may_erase": True},
            status=400,
        )
    # Every erasure answers a recorded request: the open one, or one recorded now.
    try:
        erasure = services.erasure_request_record(
            actor=request.user, person=person, note=form.cleaned_data["reason"]
        )
        services.erasure_request_complete(actor=request.user, request=erasure)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:person-privacy", person_id=person.pk)
    messages.success(request, _("The person's personal data were erased."))
    return redirect("accounts:person-privacy", person_id=person.pk)


@login_required
@require_POST
def person_erasure_record(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for_coordinator(request, person_id)
    form = ErasureRecordForm(request.POST)
    if form.is_valid():
        try:
            erasure = services.erasure_request_record(
                actor=request.user, person=person, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The erasure request was recorded."))
            return redirect("accounts:erasure-request", request_id=erasure.pk)
    return render(
        request,
        "accounts/person_privacy.html",
        {
            "person": person,
            "form": ErasureForm(),
            "record_form": form,
            "may_erase": policies.can_erase_person(request.user, person),
            "requests": selectors.erasure_requests_of(actor=request.user, person=person),
        },
        status=400,
    )


@login_required
def erasure_requests(request: HttpRequest) -> HttpResponse:
    """Open erasure requests with the day each answer is due, then the latest answered."""
    if not policies.is_coordinator(request.user):
        raise PermissionDenied
    return render(
        request,
        "accounts/erasure_requests.html",
        {
            "open": selectors.erasure_requests_open(actor=request.user),
            "answered": selectors.erasure_requests_answered(actor=request.user),
            "today": timezone.localdate(),
        },
    )


def _request_page(
    request: HttpRequest,
    erasure: Any,
    *,
    complete_form: ErasureCompleteForm | None = None,
    refuse_form: ErasureRefuseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "accounts/erasure_request.html",
        {
            "erasure": erasure,
            "may_answer": erasure.is_open and policies.can_answer_erasure(request.user, erasure),
            "complete_form": complete_form or ErasureCompleteForm(),
            "refuse_form": refuse_form or ErasureRefuseForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def erasure_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    erasure = selectors.erasure_request_get(actor=request.user, request_id=request_id)
    return _request_page(request, erasure)


@login_required
@require_POST
def erasure_request_complete(request: HttpRequest, request_id: int) -> HttpResponse:
    erasure = selectors.erasure_request_get(actor=request.user, request_id=request_id)
    if not policies.can_answer_erasure(request.user, erasure):
        raise PermissionDenied
    form = ErasureCompleteForm(request.POST)
    if form.is_valid():
        try:
            services.erasure_request_complete(actor=request.user, request=erasure)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The person's personal data were erased."))
            return redirect("accounts:erasure-requests")
    return _request_page(request, erasure, complete_form=form, status=400)


@login_required
@require_POST
def erasure_request_refuse(request: HttpRequest, request_id: int) -> HttpResponse:
    erasure = selectors.erasure_request_get(actor=request.user, request_id=request_id)
    if not policies.can_answer_erasure(request.user, erasure):
        raise PermissionDenied
    form = ErasureRefuseForm(request.POST)
    if form.is_valid():
        try:
            services.erasure_request_refuse(
                actor=request.user, request=erasure, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The request was refused and the person told why."))
            return redirect("accounts:erasure-requests")
    return _request_page(request, erasure, refuse_form=form, status=400)
