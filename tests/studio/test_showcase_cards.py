"""The showcase catalogue's filter and cards rendered in Python (decision 0724): the markup the
templates wrote, in both languages, with every person's text escaped."""

from __future__ import annotations

import re

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from sib.core import pagecache
from sib.core.filterfields import filter_fields
from sib.core.models import SdgGoal
from sib.studio import cards, selectors
from sib.studio.showcase import CatalogueFilter
from tests.studio.factories import team_project

pytestmark = pytest.mark.django_db

TITLE = '<script>alert("x")</script> & Co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"

# The cards as `studio/showcase_list.html` wrote them before decision 0724.
TEMPLATE_CARDS = Template(
    "{% for project in page %}"
    '<li class="card">'
    '<h2 class="card__title"><a href="{% url \'showcase:project\' project.pk %}">'
    "{{ project.title }}</a></h2>"
    '<p class="meta">{{ project.get_stage_display }} · {{ project.get_voivodeship_display }}</p>'
    "<p>{{ project.summary|truncatewords:40 }}</p>"
    '{% if project.sdgs.all %}<p class="meta">{% for goal in project.sdgs.all %}{{ goal }}'
    "{% if not forloop.last %}; {% endif %}{% endfor %}</p>{% endif %}"
    "</li>{% endfor %}"
)


def _same(html: str) -> str:
    """Markup without the whitespace between tags (which the page does not show)."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", html).strip()


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize(
    "query",
    [
        None,
        {"page": "2"},
        {"q": '"<b>bus</b>" & co', "voivodeship": "wielkopolskie", "stage": "3"},
        {"sdg": "6", "theme": "ageing"},
    ],
)
def test_the_filter_is_what_the_template_wrote(language: str, query: dict | None) -> None:
    with translation.override(language):
        form = CatalogueFilter(query)
        assert form.is_bound is False or form.is_valid()
        fast = filter_fields(form)
        assert fast is not None
        slow = render_to_string("core/partials/form_fields.html", {"form": form})
        assert _same(fast) == _same(slow)
    if query and "q" in query:
        assert "&quot;&lt;b&gt;bus&lt;/b&gt;&quot; &amp; co" in fast


def test_a_filter_with_errors_is_left_to_the_template(client) -> None:
    assert filter_fields(CatalogueFilter({"stage": "99"})) is None
    page = client.get("/projects/?stage=99").content.decode()
    assert 'class="errorlist" id="id_stage_errors"' in page and 'aria-invalid="true"' in page


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_cards_are_what_the_template_wrote_and_escape_titles(language: str) -> None:
    for n in range(3):
        project = team_project(
            published=True,
            title_en=f"{TITLE} {n}",
            title_pl=f"{TITLE} {n} pl",
            summary_en="word " * (38 + n) + "<i>end</i>",
            summary_pl="Opis & <em>x</em>",
            voivodeship="slaskie",
        )
        if n:
            project.sdgs.set(SdgGoal.objects.filter(number__in=[3, 16]))
    with translation.override(language):
        page = Paginator(selectors.showcase(), 12).get_page(1)
        fast = cards.project_cards(page)
        slow = TEMPLATE_CARDS.render(Context({"page": page}))
    assert _same(fast) == _same(slow)
    assert ESCAPED in fast and "<script>" not in fast and "<i>" not in fast and "<em>" not in fast


def test_the_page_escapes_a_title_and_keeps_its_landmarks_and_labels(client) -> None:
    pagecache.clear()
    team_project(published=True, title_en=TITLE, title_pl=TITLE)
    page = client.get("/projects/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ESCAPED in page and '<script>alert("x")' not in page
    assert '<form method="get" class="filters" role="search" aria-label=' in page
    for name in ("q", "voivodeship", "stage", "sdg", "theme"):
        assert f'<label for="id_{name}">' in page and f'id="id_{name}"' in page
    assert '<ul class="cards">' in page and '<li class="card">' in page
    empty = client.get("/projects/?q=nothing-matches", HTTP_ACCEPT_LANGUAGE="en")
    assert "No innovation matches." in empty.content.decode()
