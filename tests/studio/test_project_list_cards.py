"""The studio's project list cards and the API's project rows built as plain values (decision
0910): the markup the template wrote and the JSON the resolvers gave, with text escaped."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import translation

from sib.core.models import SdgGoal, Theme
from sib.studio import cards, selectors
from tests.factories import CoordinatorFactory
from tests.studio.factories import team_project

pytestmark = pytest.mark.django_db

TITLE = '<script>alert("x")</script> & Co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"

# The cards as `studio/project_list.html` wrote them before decision 0910, verbatim.
TEMPLATE_CARDS = Template(
    "{% load i18n %}{% for project in page %}\n"
    '  <li class="card">\n'
    '    <h2 class="card__title"><a href="{% url \'studio:project\' project.pk %}">'
    "{{ project.title }}</a></h2>\n"
    '    <p class="meta">{{ project.get_stage_display }} · {{ project.get_voivodeship_display }}'
    "{% if project.team %} · {{ project.team.name }} ({{ project.team.edition.title }}){% endif %}"
    '{% if not project.is_published %} · {% translate "not published" %}{% endif %}</p>\n'
    "    <p>{{ project.summary|truncatewords:40 }}</p>\n"
    "  </li>\n"
    "{% endfor %}"
)


def _projects() -> None:
    themes = list(Theme.objects.all()[:2])
    for n in range(3):
        project = team_project(
            published=bool(n % 2),
            title_en=f"{TITLE} {n}",
            title_pl=f"{TITLE} {n} pl",
            summary_en="word " * (38 + n) + "<i>end</i>",
            summary_pl="Opis & <em>x</em>",
            voivodeship="slaskie",
        )
        project.team.name = f"Grupa <b>{n}</b>"
        project.team.save()
        project.themes.set(themes[:n])
        project.sdgs.set(SdgGoal.objects.filter(number__in=[16, n + 1]))


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_cards_are_what_the_template_wrote_and_escape_text(language: str) -> None:
    _projects()
    with translation.override(language):
        page = Paginator(selectors.project_list(actor=CoordinatorFactory()), 25).get_page(1)
        fast = cards.team_project_cards(page)
        slow = TEMPLATE_CARDS.render(Context({"page": page}))
    assert fast == slow
    assert fast.count('<li class="card">') == 3
    assert ESCAPED in fast and "<script>" not in fast and "<i>" not in fast
    assert "Grupa &lt;b&gt;1&lt;/b&gt;" in fast


def test_the_api_list_rows_are_the_detail_s_fields(client) -> None:
    """The list's rows (plain values) hold what the detail (a model through resolvers) says."""
    _projects()
    client.force_login(CoordinatorFactory())
    listed = client.get("/api/v1/projects", HTTP_ACCEPT_LANGUAGE="en").json()
    assert listed["count"] == 3
    for row in listed["items"]:
        detail = client.get(f"/api/v1/projects/{row['id']}", HTTP_ACCEPT_LANGUAGE="en").json()
        assert row == {key: detail[key] for key in row}
    assert [len(row["themes"]) for row in listed["items"]] == [0, 1, 2]
    assert [row["sdgs"] for row in listed["items"]] == [[1, 16], [2, 16], [3, 16]]
