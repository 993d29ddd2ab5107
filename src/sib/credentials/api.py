from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import Throttled
from ninja.pagination import paginate

from sib.academy import selectors as academy_selectors
from sib.accounts.policies import needs_mfa_first
from sib.accounts.selectors import api_token_user
from sib.api.auth import SessionAuth, TokenAuth
from sib.api.errors import too_large
from sib.core import jsonlimits, ratelimit
from sib.core.pagination import BoundedPagination, PagedRows
from sib.credentials import selectors, verification
from sib.credentials.models import Credential

router = Router(tags=["credentials"])

MAX_VERIFY_BYTES = 256 * 1024


def _anyone(request: HttpRequest) -> bool:
    """Last in the auth chain: lets anonymous callers through to public endpoints."""
    return True


OPTIONAL_AUTH = [TokenAuth(), SessionAuth(), _anyone]


class CheckOut(Schema):
    name: str = Field(
        description="format | schema | issuer_key | proof | validity_period | status | suspension"
    )
    passed: bool
    message: str


class VerificationOut(Schema):
    verified: bool = Field(description="True when every check passed.")
    issuer: str
    state: str = Field(
        description="This platform's state of its own credentials (valid | suspended | revoked); "
        "empty for others."
    )
    checks: list[CheckOut]


class CredentialSummary(Schema):
    id: UUID = Field(description="The credential's UUID (also in its id, urn:uuid:…).")
    serial: str
    holder_name: str
    holder_id: int
    enrolment_id: int
    edition_id: int
    state: str = Field(description="valid | suspended | revoked")
    reason: str
    issued_at: dt.datetime
    state_changed_at: dt.datetime | None
    language: str
    hidden: bool
    public_url: str
    credential_url: str


def _summary(credential: Credential) -> CredentialSummary:
    return CredentialSummary(
        id=credential.uuid,
        serial=credential.serial,
        holder_name=credential.holder_name,
        holder_id=credential.holder_id,
        enrolment_id=credential.enrolment_id,
        edition_id=credential.enrolment.edition_id,
        state=credential.state,
        reason=credential.reason,
        issued_at=credential.issued_at,
        state_changed_at=credential.state_changed_at,
        language=credential.language,
        hidden=credential.hidden,
        public_url=credential.public_url,
        credential_url=f"/api/v1/credentials/{credential.uuid}",
    )


@router.get(
    "/credentials",
    response=list[CredentialSummary],
    summary="Credentials of an edition",
    description="For coordinators and the edition's staff.",
)
@paginate(BoundedPagination)
def credential_list(request: HttpRequest, edition: int) -> PagedRows[Credential]:
    edition_obj = academy_selectors.edition_get(actor=request.user, edition_id=edition)
    credentials = selectors.staff_credential_list(actor=request.user, edition=edition_obj)
    return PagedRows(credentials, row=_summary)


@router.post(
    "/credentials/verify",
    auth=None,
    summary="Verify any Open Badges 3.0 credential (offline)",
    description=(
        "Send the credential JSON as the request body. Keys resolve offline only: `did:key` and "
        "this platform's own `did:web`; any other key is reported as not resolvable offline and "
        "is never fetched. Status resolves from this platform's own status lists. A body over "
        "256 KB answers 413, one nested deeper than 32 levels 400; a document whose linked-data "
        "graph is beyond the canonicaliser's work limits is reported as not verifiable. "
        "Anonymous callers are rate-limited per client address (429 with Retry-After)."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
    response=VerificationOut,
)
def credential_verify(request: HttpRequest) -> Any:
    if not _identified(request):
        limited = ratelimit.hit(request, "credential_verify")
        if limited is not None:
            raise Throttled(wait=limited.retry_after)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_VERIFY_BYTES:
        return too_large(MAX_VERIFY_BYTES)
    try:
        document = jsonlimits.loads(
            request.body or b"null",
            max_depth=verification.MAX_DEPTH,
            max_values=verification.MAX_VALUES,
        )
    except jsonlimits.JsonTooComplex:
        raise
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError({"body": _("The body is not JSON.")}) from error
    if not isinstance(document, dict):
        raise ValidationError({"body": _("Send the credential as a JSON object.")})
    return verification.verify_document(document).as_dict()


def _identified(request: HttpRequest) -> bool:
    """A signed-in person or a valid API token: not throttled as an anonymous caller is."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return True
    scheme, _sep, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    user = api_token_user(token=token.strip())
    return user is not None and not needs_mfa_first(user)


@router.get(
    "/credentials/{credential_id}",
    auth=OPTIONAL_AUTH,
    summary="One credential as signed JSON (OB 3.0)",
    description=(
        "Anyone may read a credential whose holder has not hidden it; the holder, coordinators "
        "and the edition's staff always may. The body is the signed credential, byte for byte."
    ),
    response={200: dict[str, Any]},
)
def credential_detail(request: HttpRequest, credential_id: UUID) -> HttpResponse:
    credential = selectors.credential_public(actor=request.user, credential_uuid=credential_id)
    return HttpResponse(credential.document, content_type="application/ld+json; charset=utf-8")
