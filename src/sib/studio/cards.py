"""The showcase catalogue's and the project list's cards rendered in Python (decisions 0724, 0910).

At scale L a first visit of `/projects/` spent most of its time in the template engine: every one
of some 55 `<option>`s of the filter is a widget template include, and every card a loop of
nodes. As for the long staff tables (decision 0915, `sib.core.rows`), the markup the templates
wrote is put together here, every value passed through `conditional_escape`. The catalogue's
filter is written by `sib.core.filterfields`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template.defaultfilters import truncatewords
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from sib.accounts.choices import Voivodeship
from sib.brokerage.models import Stage
from sib.core.rows import format_rows, url_for_each
from sib.studio.models import Project

CARD = (
    '\n  <li class="card">\n'
    '    <h2 class="card__title"><a href="{url}">{title}</a></h2>\n'
    '    <p class="meta">{stage} · {region}</p>\n'
    "    <p>{summary}</p>\n"
    "    {sdgs}\n"
    "  </li>\n"
)


def project_cards(projects: Iterable[Project]) -> SafeString:
    """One card per project: title linking to its page, stage and region, the summary's first
    40 words and its SDGs (the markup of `showcase_list.html`)."""
    page_of = url_for_each("showcase:project")
    # `get_FOO_display` hashes every (lazy, so translated) label of the field for each call:
    # the labels are read once per page instead.
    stages = {value: str(label) for value, label in Stage.choices}
    regions = {value: str(label) for value, label in Voivodeship.choices}
    return format_rows(
        CARD,
        (
            {
                "url": page_of(project.pk),
                "title": project.title,
                "stage": stages.get(project.stage, project.stage),
                "region": regions.get(project.voivodeship, project.voivodeship),
                "summary": truncatewords(project.summary, 40),
                "sdgs": _goals(project),
            }
            for project in projects
        ),
    )


TEAM_CARD = (
    '\n  <li class="card">\n'
    '    <h2 class="card__title"><a href="{url}">{title}</a></h2>\n'
    '    <p class="meta">{stage} · {region}{team}{unpublished}</p>\n'
    "    <p>{summary}</p>\n"
    "  </li>\n"
)


def team_project_cards(projects: Iterable[Project]) -> SafeString:
    """The cards of the studio's project list (`studio/project_list.html`): title linking to the
    project, stage and region, the team and its edition, "not published"; the summary's first 40
    words. The projects come with their teams and editions joined (`selectors.project_list`)."""
    page_of = url_for_each("studio:project")
    stages = {value: str(label) for value, label in Stage.choices}
    regions = {value: str(label) for value, label in Voivodeship.choices}
    unpublished = f" · {gettext('not published')}"
    return format_rows(
        TEAM_CARD,
        (
            {
                "url": page_of(project.pk),
                "title": project.title,
                "stage": stages.get(project.stage, project.stage),
                "region": regions.get(project.voivodeship, project.voivodeship),
                "team": _team(project),
                "unpublished": "" if project.is_published else unpublished,
                "summary": truncatewords(project.summary, 40),
            }
            for project in projects
        ),
    )


def _team(project: Project) -> SafeString | str:
    if project.team is None:
        return ""
    return mark_safe(  # noqa: S308 - both values escaped
        f" · {escape(project.team.name)} ({escape(project.team.edition.title)})"
    )


def _goals(project: Project) -> SafeString | str:
    goals = list(project.sdgs.all())
    if not goals:
        return ""
    return mark_safe(  # noqa: S308 - every goal escaped
        '<p class="meta">' + "; ".join(escape(str(goal)) for goal in goals) + "</p>"
    )
