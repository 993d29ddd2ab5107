"""The challenge list's cards and the API's challenge rows built as plain values (decision 0910):
the same markup the template wrote and the same JSON the resolvers gave, with text escaped."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import translation

from sib.brokerage import cards, selectors
from sib.brokerage.forms import ChallengeFilterForm
from sib.core.models import SdgGoal, Theme
from tests.brokerage.factories import challenge
from tests.factories import CoordinatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TITLE = '<script>alert("x")</script> & Co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"

# The cards as `brokerage/challenge_list.html` wrote them before decision 0910, verbatim.
TEMPLATE_CARDS = Template(
    "{% load i18n %}{% for challenge in page %}\n"
    '  <li class="card">\n'
    '    <h2 class="card__title"><a href="{% url \'brokerage:challenge\' challenge.pk %}">'
    "{{ challenge.title }}</a></h2>\n"
    '    <p class="meta">{{ challenge.get_status_display }} · {% if challenge.gmina %}'
    '{{ challenge.gmina }}, {% elif challenge.powiat %}{% translate "county" %} '
    "{{ challenge.powiat }}, {% endif %}{{ challenge.get_voivodeship_display }}"
    "{% if challenge.organisation %} · {{ challenge.organisation.name }}{% endif %}</p>\n"
    "    <p>{{ challenge.summary|truncatewords:40 }}</p>\n"
    '    {% if challenge.themes.all %}<p class="meta">{% for theme in challenge.themes.all %}'
    "{{ theme.name }}{% if not forloop.last %}, {% endif %}{% endfor %}</p>{% endif %}\n"
    "  </li>\n"
    "{% endfor %}"
)


def _challenges() -> None:
    coordinator = CoordinatorFactory()
    organisation = OrganisationFactory(name="Fundacja <b>&</b>")
    themes = list(Theme.objects.all()[:3])
    for n in range(4):
        item = challenge(
            actor=coordinator,
            title_en=f"{TITLE} {n}",
            title_pl=f"{TITLE} {n} pl",
            summary_en="word " * (38 + n) + "<i>end</i>",
            summary_pl="Opis & <em>x</em>",
            gmina="" if n % 2 else "Tarnów <i>",
            powiat="tarnowski & co" if n == 1 else "",
            organisation=organisation if n < 2 else None,
            codes=("C2", "C1") if n else (),
        )
        item.themes.set(themes[: 3 - n])
        item.sdgs.set(SdgGoal.objects.filter(number__in=[n + 1, 17]))


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_cards_are_what_the_template_wrote_and_escape_text(
    language: str, django_assert_num_queries
) -> None:
    _challenges()
    actor = CoordinatorFactory()
    with translation.override(language):
        form = ChallengeFilterForm(None)
        rows = selectors.challenge_list(actor=actor)
        page = Paginator(rows, 25).get_page(1)
        with django_assert_num_queries(2):  # the page and its themes
            fast = cards.challenge_cards(page, theme_names=form.theme_names)
        slow = TEMPLATE_CARDS.render(Context({"page": rows.prefetch_related("themes")}))
    assert fast == slow
    assert fast.count('<li class="card">') == 4
    assert ESCAPED in fast and "<script>" not in fast and "<i>" not in fast
    assert "Fundacja &lt;b&gt;&amp;&lt;/b&gt;" in fast


def test_the_api_list_rows_are_the_detail_s_fields(client) -> None:
    """The list's rows (plain values) hold what the detail (a model through resolvers) says."""
    _challenges()
    listed = client.get("/api/v1/challenges", HTTP_ACCEPT_LANGUAGE="en").json()
    assert listed["count"] == 4
    for row in listed["items"]:
        detail = client.get(f"/api/v1/challenges/{row['id']}", HTTP_ACCEPT_LANGUAGE="en").json()
        assert row == {key: detail[key] for key in row}
    items = listed["items"]
    assert sorted(len(row["themes"]) for row in items) == [0, 1, 2, 3]
    assert [row["competences"] for row in items].count(["C1", "C2"]) == 3
    assert all(row["sdgs"][-1] == 17 for row in items)
