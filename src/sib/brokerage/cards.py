"""The challenge list's cards rendered in Python, as the showcase's are (decision 0724).

A card per challenge through the template engine is a loop of some twenty nodes and lookups, and
its themes a nested loop over a prefetched queryset; at 25 cards that was most of the page. The
markup `challenge_list.html` wrote is put together here with `sib.core.rows`, every value escaped;
the themes come as ids (one query, `selectors.challenge_theme_ids`) named from the filter's
themes, which the page reads anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.template.defaultfilters import truncatewords
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from sib.accounts.choices import Voivodeship
from sib.brokerage import selectors
from sib.brokerage.models import Challenge, ChallengeStatus
from sib.core.rows import format_rows, url_for_each

CARD = (
    '\n  <li class="card">\n'
    '    <h2 class="card__title"><a href="{url}">{title}</a></h2>\n'
    '    <p class="meta">{status} · {place}{region}{organisation}</p>\n'
    "    <p>{summary}</p>\n"
    "    {themes}\n"
    "  </li>\n"
)


def challenge_cards(
    challenges: Iterable[Challenge], *, theme_names: Mapping[int, str]
) -> SafeString:
    """One card per challenge: its title linking to its page; status, place and organisation;
    the summary's first 40 words; its themes (named from `theme_names`, by id)."""
    challenges = list(challenges)
    page_of = url_for_each("brokerage:challenge")
    # `get_FOO_display` hashes every (lazy, so translated) label for each call: read them once.
    statuses = {value: str(label) for value, label in ChallengeStatus.choices}
    regions = {value: str(label) for value, label in Voivodeship.choices}
    county = gettext("county")
    themes = selectors.challenge_theme_ids(challenges)
    return format_rows(
        CARD,
        (
            {
                "url": page_of(c.pk),
                "title": c.title,
                "status": statuses.get(c.status, c.status),
                "place": _place(c, county),
                "region": regions.get(c.voivodeship, c.voivodeship),
                "organisation": _organisation(c),
                "summary": truncatewords(c.summary, 40),
                "themes": _themes([theme_names[pk] for pk in themes.get(c.pk, [])]),
            }
            for c in challenges
        ),
    )


def _place(challenge: Challenge, county: str) -> SafeString | str:
    if challenge.gmina:
        return mark_safe(f"{escape(challenge.gmina)}, ")  # noqa: S308 - escaped
    if challenge.powiat:
        return mark_safe(f"{escape(county)} {escape(challenge.powiat)}, ")  # noqa: S308 - escaped
    return ""


def _organisation(challenge: Challenge) -> SafeString | str:
    if challenge.organisation is None:
        return ""
    return mark_safe(f" · {escape(challenge.organisation.name)}")  # noqa: S308 - escaped


def _themes(names: list[str]) -> SafeString | str:
    if not names:
        return ""
    return mark_safe(  # noqa: S308 - every name escaped
        '<p class="meta">' + ", ".join(escape(name) for name in names) + "</p>"
    )
