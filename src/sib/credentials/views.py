"""Thin views: parse, authorise (through selectors, policies and services), call, render."""

from __future__ import annotations

import json
import re
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from sib.academy import selectors as academy_selectors
from sib.academy.models import Programme
from sib.core.forms import apply_validation_error
from sib.core.pagecache import anonymous_page
from sib.core.pdf import pdf_response
from sib.credentials import (
    baking,
    documents,
    policies,
    selectors,
    services,
    verification,
)
from sib.credentials.forms import AchievementForm, IssuerForm, StateChangeForm
from sib.credentials.models import Credential, CredentialState, IssuerKey

JSON_LD = "application/ld+json"


def _json(document: str, filename: str | None = None, content_type: str = JSON_LD) -> HttpResponse:
    response = HttpResponse(document, content_type=f"{content_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- published documents: DID document and status lists -----------------------------------------


@require_GET
@cache_control(public=True, max_age=300)
def did_document(request: HttpRequest) -> HttpResponse:
    issuer = selectors.issuer()
    if issuer is None:
        raise Http404
    keys = IssuerKey.objects.filter(issuer=issuer).values_list(
        "verification_method", "public_key_multibase"
    )
    document = documents.did_document(did=issuer.did, keys=list(keys))
    return _json(json.dumps(document, indent=2), content_type="application/did+ld+json")


@require_GET
@cache_control(public=True, max_age=60)
def status_list(request: HttpRequest, list_uuid: str) -> HttpResponse:
    return _json(selectors.status_list_get(list_uuid=list_uuid).signed_json)


# --- the public verification page ------------------------------------------------------------------

_UUID = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
)


@require_GET
def check(request: HttpRequest) -> HttpResponse:
    """How to verify a credential, with a field for its link or code: anything holding a
    credential's UUID goes to its verification page (which answers 404 for unknown ones)."""
    code = request.GET.get("code", "")[:300].strip()
    error = ""
    if code:
        match = _UUID.search(code)
        if match:
            return redirect("credential-verify", credential_uuid=str(uuid.UUID(match.group())))
        error = _(
            "This is not a credential's link or code. Copy the whole link printed under the "
            "QR code of the certificate."
        )
    return render(request, "credentials/check.html", {"code": code, "error": error})


def _public_state(request: HttpRequest, credential_uuid: str) -> tuple[str] | None:
    """The credential's stamp (every column the page shows or its checks depend on); None for
    a hidden page, which is rendered (as a 404 or for its holder) every time."""
    stamp = selectors.credential_public_stamp(credential_uuid=credential_uuid)
    return None if stamp.hidden else (stamp.key,)


@anonymous_page(_public_state)
def verify_page(request: HttpRequest, credential_uuid: str) -> HttpResponse:
    """Holder, programme, hours by format, modules, outcomes, issuer, dates and status, checked.

    One query when the page is already rendered for anonymous readers (`sib.core.pagecache`,
    decision 0211): the credential's stamp, read on every request, so a revoked credential shows
    revoked at once.
    """
    credential = selectors.credential_public(actor=request.user, credential_uuid=credential_uuid)
    result = verification.verify_credential(credential)
    state = credential.state
    if state == CredentialState.VALID and not result["verified"]:
        state = "invalid"
    context = {
        "credential": credential,
        # Loaded only when the page's cached fragment has to be rendered again.
        "substance": SimpleLazyObject(lambda: credential.substance),
        "issuer": credential.issuer,
        "result": result,
        "check_labels": CHECK_LABELS(),
        "state": state,
        "is_holder": policies.is_holder(request.user, credential),
    }
    response = render(request, "credentials/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def CHECK_LABELS() -> dict[str, str]:  # noqa: N802 - a lookup table, translated per request
    return {
        "format": _("Open Badges 3.0 credential"),
        "schema": _("Matches the Open Badges 3.0 schema"),
        "issuer_key": _("Issuer's key found"),
        "proof": _("Signature valid"),
        "validity_period": _("Within its validity period"),
        "status": _("Not revoked (status list)"),
        "suspension": _("Not suspended"),
    }


def ACTION_LABELS() -> dict[str, str]:  # noqa: N802 - a lookup table, translated per request
    return {
        "credential.issue": _("Issued"),
        "credential.suspend": _("Suspended"),
        "credential.reinstate": _("Reinstated"),
        "credential.revoke": _("Revoked"),
        "credential.reissue": _("Issued as a replacement"),
        "credential.hide": _("Page hidden by the holder"),
        "credential.show": _("Page made public by the holder"),
    }


# --- the holder ------------------------------------------------------------------------------------


@login_required
def my_credentials(request: HttpRequest) -> HttpResponse:
    credentials = list(selectors.my_credentials(actor=request.user))
    return render(
        request,
        "credentials/my_credentials.html",
        {
            "credentials": credentials,
            "linkedin": {c.pk: _linkedin_url(c) for c in credentials},
        },
    )


@login_required
def home_panel(request: HttpRequest) -> HttpResponse:
    """The holder's home-page panel, loaded by htmx after the page."""
    credentials = selectors.my_credentials(actor=request.user)
    return render(request, "credentials/partials/home_mine_list.html", {"credentials": credentials})


def _linkedin_url(credential: Credential) -> str:
    substance = credential.substance
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": substance["achievement"]["name"].get(credential.language, ""),
        "organizationName": credential.issuer.name,
        "issueYear": credential.issued_at.year,
        "issueMonth": credential.issued_at.month,
        "certUrl": credential.public_url,
        "certId": credential.serial,
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


@login_required
def download(request: HttpRequest, credential_uuid: str, kind: str) -> HttpResponse:
    credential = selectors.credential_get(actor=request.user, credential_uuid=credential_uuid)
    name = f"credential-{credential.serial}"
    title = credential.substance["achievement"]["name"].get(credential.language, "")
    if kind == "json":
        return _json(credential.document, f"{name}.json")
    if kind == "png":
        png = baking.bake_png(baking.badge_png(title, credential.serial), credential.document)
        response = HttpResponse(png, content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="{name}.png"'
        return response
    if kind == "svg":
        svg = baking.badge_svg(title, credential.serial, credential.document)
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
        return response
    if kind == "pdf":
        if credential.pdf:
            with credential.pdf.open("rb") as handle:
                content = handle.read()
        else:
            from sib.credentials.certificate import certificate_pdf

            content = certificate_pdf(credential)
        return pdf_response(content, f"certificate-{credential.serial}.pdf")
    raise Http404


@login_required
@require_POST
def visibility(request: HttpRequest, credential_uuid: str) -> HttpResponse:
    credential = selectors.credential_get(actor=request.user, credential_uuid=credential_uuid)
    if not policies.is_holder(request.user, credential):
        raise PermissionDenied
    hidden = request.POST.get("hidden") == "1"
    services.credential_set_hidden(actor=request.user, credential=credential, hidden=hidden)
    messages.success(
        request,
        _("The verification page is now hidden.")
        if hidden
        else _("The verification page is public again."),
    )
    return redirect("credentials:mine")


# --- coordinators and edition staff -------------------------------------------------------------------


@login_required
def edition_credentials(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = academy_selectors.edition_get(actor=request.user, edition_id=edition_id)
    data = selectors.edition_credentials(actor=request.user, edition=edition)
    return render(
        request,
        "credentials/edition_credentials.html",
        {
            "data": data,
            "edition": edition,
            "job": data.job,
            "can_issue": policies.can_issue(request.user, edition),
            "states": CredentialState,
        },
    )


@login_required
@require_POST
def edition_issue_all(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = academy_selectors.edition_get(actor=request.user, edition_id=edition_id)
    try:
        services.issuer_get()
        job = services.issuance_job_start(actor=request.user, edition=edition)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("credentials:edition", edition_id=edition.pk)
    if request.headers.get("HX-Request"):
        return render(request, "credentials/partials/job_progress.html", {"job": job})
    messages.success(request, _("Issuing has started; the progress bar shows how far it got."))
    return redirect("credentials:edition", edition_id=edition.pk)


@login_required
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.issuance_job_get(actor=request.user, job_id=job_id)
    return render(request, "credentials/partials/job_progress.html", {"job": job})


@login_required
@require_POST
def enrolment_issue(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = academy_selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    try:
        credential = services.credential_issue(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Credential %(serial)s issued to %(name)s.")
            % {"serial": credential.serial, "name": credential.holder_name},
        )
    return redirect("credentials:edition", edition_id=enrolment.edition_id)


@login_required
def credential_manage(request: HttpRequest, credential_uuid: str) -> HttpResponse:
    """A coordinator suspends, reinstates, revokes or re-issues one credential, with a reason."""
    credential = selectors.credential_get(actor=request.user, credential_uuid=credential_uuid)
    if not policies.can_change_state(request.user, credential):
        raise PermissionDenied
    form = StateChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "suspend":
                services.credential_suspend(
                    actor=request.user,
                    credential=credential,
                    reason=data["reason"],
                    reason_public=data["reason_public"],
                )
            elif data["action"] == "reinstate":
                services.credential_reinstate(
                    actor=request.user, credential=credential, reason=data["reason"]
                )
            elif data["action"] == "revoke":
                services.credential_revoke(
                    actor=request.user,
                    credential=credential,
                    reason=data["reason"],
                    reason_public=data["reason_public"],
                )
            else:
                new = services.credential_reissue(
                    actor=request.user, credential=credential, reason=data["reason"]
                )
                messages.success(
                    request, _("A new credential was issued: %(serial)s.") % {"serial": new.serial}
                )
                return redirect("credentials:manage", credential_uuid=new.uuid)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The credential's state was changed."))
            return redirect("credentials:manage", credential_uuid=credential.uuid)
    return render(
        request,
        "credentials/manage.html",
        {
            "credential": credential,
            "form": form,
            "history": selectors.credential_history(actor=request.user, credential=credential),
            "action_labels": ACTION_LABELS(),
        },
    )


@login_required
def issuer_profile(request: HttpRequest) -> HttpResponse:
    if not policies.can_manage_issuer(request.user):
        raise PermissionDenied
    issuer = selectors.issuer()
    form = IssuerForm(request.POST or None, instance=issuer)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if issuer is None:
                services.issuer_create(actor=request.user, **fields)
            else:
                issuer.refresh_from_db()
                services.issuer_update(actor=request.user, issuer=issuer, **fields)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The issuer profile was saved."))
            return redirect("credentials:issuer")
    keys = list(issuer.keys.all()) if issuer else []
    return render(
        request, "credentials/issuer.html", {"form": form, "issuer": issuer, "keys": keys}
    )


@login_required
def achievement_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    if not policies.can_manage_issuer(request.user):
        raise PermissionDenied
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    achievement = getattr(programme, "achievement", None)
    form = AchievementForm(request.POST or None, instance=achievement)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.achievement_save(actor=request.user, programme=programme, **fields)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The achievement was saved."))
            return redirect("credentials:achievement", programme_id=programme.pk)
    return render(
        request, "credentials/achievement_form.html", {"form": form, "programme": programme}
    )
