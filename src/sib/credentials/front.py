"""What credentials show on the front door (`SIB_FRONT_DOOR`): how to check one. No query."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.core.panels import Panel


def front_door(request: HttpRequest) -> list[Panel]:
    return [Panel(_("Check a credential"), "credentials/partials/front_check.html", order=30)]
