"""What knowledge adds to academy pages (through SIB_PAGE_SECTIONS and SIB_TEXT_LINKERS; the
academy does not import this app): course materials on the programme, progress and session
pages, the terms each module teaches, and links to terms in module descriptions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sib.core.panels import Panel
from sib.knowledge import policies, selectors


def sections(request: HttpRequest, *, page: str, obj: Any) -> list[Panel]:
    user = request.user
    if page == "programme":
        groups = selectors.materials_for_programme(actor=user, programme=obj)
        if not groups:
            return []
        return [
            Panel(
                _("Materials and terms by module"),
                "knowledge/partials/programme_materials.html",
                {"groups": groups},
                order=60,
            )
        ]
    if page == "enrolment":
        materials = selectors.materials_for_enrolment(actor=user, enrolment=obj)
        return [
            Panel(
                _("Course materials"),
                "knowledge/partials/materials.html",
                {"materials": materials, "empty": _("No materials yet."), "show_owner": True},
                order=60,
            )
        ]
    if page == "session":
        materials = selectors.materials_for_session(actor=user, session=obj)
        return [
            Panel(
                _("Materials"),
                "knowledge/partials/materials.html",
                {
                    "materials": materials,
                    "empty": _("No materials for this session or its module yet."),
                    "add_for_session": obj.pk
                    if policies.can_add_material(user, session=obj)
                    else None,
                },
                order=60,
            )
        ]
    return []


def text_linker(*, language: str) -> Any:
    """Module descriptions with the map's terms linked (inflected forms included)."""
    linker = selectors.term_linker(language=language)
    if not linker.patterns:
        return None

    def link(text: str) -> SafeString:
        return linker.link_plain(text)

    return link
