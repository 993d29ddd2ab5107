"""Home-page panels of the studio: a team member's projects, a mentor's teams with overdue
actions, and the projects by stage for coordinators (a query or two each)."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sib.academy.policies import roles_of
from sib.accounts.policies import is_coordinator
from sib.brokerage.models import Stage
from sib.core.panels import Panel
from sib.studio import selectors
from sib.studio.models import Project


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.is_authenticated:
        return []
    result = []
    if is_coordinator(user):
        counts = dict(Project.objects.values_list("stage").annotate(n=Count("pk")).order_by())
        rows = [(stage.label, counts.get(stage.value, 0)) for stage in Stage]
        result.append(
            Panel(
                _("Innovation projects by stage"),
                "studio/partials/home_stages.html",
                {"rows": rows},
                order=30,
            )
        )
        return result
    # Only mentors have teams to list: the roles are read already (no query for anyone else).
    mentored = selectors.mentor_overview(actor=user) if roles_of(user).mentored_groups else []
    if mentored:
        result.append(
            Panel(
                _("Teams you mentor"),
                "studio/partials/home_mentor.html",
                {"rows": mentored[:10]},
                order=30,
            )
        )
    own = list(selectors.my_projects(actor=user)[:5])
    if own:
        result.append(
            Panel(
                _("Your projects"),
                "studio/partials/home_projects.html",
                {"projects": own},
                order=31,
            )
        )
    return result
