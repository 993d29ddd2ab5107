"""GET /api/v1/reports/indicators: the funder indicators as one flat JSON object."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from sib.reports import selectors

router = Router(tags=["reports"])


def _description() -> str:
    lines = [
        "One flat JSON object: indicator key → value. Without `edition` the scope is every "
        "edition (coordinators only); with `edition=ID` that edition (coordinators and the "
        "edition's own coordinators). Fractions are between 0 and 1; floats are rounded to four "
        "decimals; `null` means the platform does not record that figure yet.",
        "",
        "Keys (other capabilities add their own):",
        "",
    ]
    for key, definition in selectors.definitions().items():
        lines.append(f"- `{key}` — {definition.label}: {definition.definition}")
    return "\n".join(lines)


@router.get(
    "/reports/indicators",
    response=dict[str, Any],
    summary="Funder indicators (flat JSON)",
    description=_description(),
)
def indicators(request: HttpRequest, edition: int | None = None) -> dict[str, Any]:
    if edition is None:
        scope = selectors.scope_all(actor=request.user)
    else:
        scope = selectors.scope_edition(actor=request.user, edition_id=edition)
    return selectors.flat_indicators(selectors.indicators(actor=request.user, scope=scope))
