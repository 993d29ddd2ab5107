"""The public innovation showcase (`/projects/`): published projects, names only with consent.
Named so it does not clash with the events app's showcase events."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sib.accounts.choices import Voivodeship
from sib.brokerage.models import Stage
from sib.core import pagecache
from sib.core.filterfields import filter_fields
from sib.core.models import SdgGoal, Theme
from sib.core.pagecache import anonymous_page
from sib.core.panels import page_sections
from sib.studio import cards, selectors

PAGE_SIZE = 12
QUERY = ("q", "voivodeship", "stage", "sdg", "theme", "page")


class CatalogueFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    voivodeship = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", "—"), *Voivodeship.choices]
    )
    stage = forms.TypedChoiceField(
        label=_("Stage"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *Stage.choices],
    )
    sdg = forms.TypedChoiceField(label=_("SDG"), required=False, coerce=int, empty_value=None)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals, themes = _reference_choices()
        cast(forms.ChoiceField, self.fields["sdg"]).choices = [("", "—"), *goals]
        cast(forms.ChoiceField, self.fields["theme"]).choices = [("", "—"), *themes]


def _reference_choices() -> tuple[list[tuple[int, str]], list[tuple[str, str]]]:
    """The goals and themes to filter by, in the active language. Shared reference data
    (decision 0600) kept with the public pages of this process, so for at most as long as a kept
    page may show a renamed one (ten minutes; decision 0724)."""
    key = f"studio.showcase.choices:{get_language()}"
    kept = pagecache.pages.get(key)
    if kept is None:
        kept = (
            [(goal.number, str(goal)) for goal in SdgGoal.objects.all()],
            [(theme.key, str(theme.name)) for theme in Theme.objects.all()],
        )
        pagecache.pages.set(key, kept)
    return kept


def _state(request: HttpRequest, **kwargs: Any) -> tuple[Any, ...]:
    return selectors.showcase_stamp()


@anonymous_page(_state, query=QUERY)
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilter(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    page = Paginator(selectors.showcase(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # The filter and the cards are put together in Python (decision 0724).
    return render(
        request,
        "studio/showcase_list.html",
        {
            "form": form,
            "fields": filter_fields(form),
            "page": page,
            "cards": cards.project_cards(page),
            "query": query.urlencode(),
        },
    )


@anonymous_page(_state)
def project_page(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.showcase_get(project_id=project_id)
    return render(
        request,
        "studio/showcase_detail.html",
        {
            "project": project,
            "names": selectors.public_names(project),
            "sections": page_sections(request, page="project", obj=project),
        },
    )


app_name = "showcase"
urlpatterns = [
    path("", catalogue, name="catalogue"),
    path("<int:project_id>/", project_page, name="project"),
]
