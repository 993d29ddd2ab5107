from __future__ import annotations

from ninja import Router, Schema

from sib.accounts.http import AuthenticatedHttpRequest

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    preferred_language: str
    is_coordinator: bool


@router.get("/me", response=MeOut, summary="The person the request is authenticated as")
def me(request: AuthenticatedHttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        preferred_language=user.preferred_language,
        is_coordinator=user.is_coordinator,
    )
