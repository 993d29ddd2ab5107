"""Reads for survey pages, analytics, the API and reports — filtered by the policy.

Analytics never load answers one by one: the database counts each (item, value) pair and the
statistics follow from those counts (`sib.surveys.stats`), so the number of queries is fixed
whatever the number of responses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from sib.accounts.choices import Gender, Sector, Voivodeship
from sib.core.selectors import correlated_count
from sib.surveys import policies
from sib.surveys.models import (
    RANGES,
    STATE_LABELS,
    AgeGroup,
    Answer,
    Instrument,
    InstrumentKind,
    Invitation,
    Item,
    ItemKind,
    Phase,
    Response,
    Scale,
    value_labels,
)
from sib.surveys.services import respondent_key
from sib.surveys.stats import (
    MIN_GROUP,
    PairedChange,
    Summary,
    nps,
    paired_change,
    pool,
    summarise,
    suppressed_keys,
)

FIVE_POINT = (ItemKind.AGREEMENT, ItemKind.LEVEL)


# --- lists and single instruments --------------------------------------------------------------


def _count_per_instrument(rows: QuerySet[Any]) -> Coalesce:
    """One correlated count per listed survey: joining invitations and responses in the outer
    query multiplied them (invited × answered rows per survey) before DISTINCT threw them away."""
    return correlated_count(rows.filter(instrument=OuterRef("pk")), by="instrument")


def instruments_choosable(*, actor: Any) -> QuerySet[Instrument]:
    """Surveys (not templates) whose results the person may see, without counts: for pickers."""
    return (
        policies.instruments_visible(actor)
        .filter(is_template=False)
        .select_related("edition")
        .order_by("-opens_at", "-created_at", "code")
    )


def instrument_list(*, actor: Any, templates: bool = False) -> QuerySet[Instrument]:
    return (
        policies.instruments_visible(actor)
        .filter(is_template=templates)
        .select_related("edition")
        .annotate(
            invited=_count_per_instrument(Invitation.objects.all()),
            submitted=_count_per_instrument(Response.objects.filter(submitted_at__isnull=False)),
        )
        .order_by("-opens_at", "-created_at", "code")
    )


def instrument_get(*, actor: Any, instrument_id: int) -> Instrument:
    """A survey whose results the person may see; 404 otherwise."""
    try:
        return (
            policies.instruments_visible(actor)
            .select_related("edition", "baseline", "template")
            .get(pk=instrument_id)
        )
    except Instrument.DoesNotExist as error:
        raise Http404 from error


def _with_items(queryset: QuerySet[Instrument]) -> QuerySet[Instrument]:
    return queryset.prefetch_related(
        "scales",
        Prefetch(
            "items", queryset=Item.objects.select_related("scale").prefetch_related("options")
        ),
    )


# --- answering -------------------------------------------------------------------------------------


@dataclass
class MySurvey:
    instrument: Instrument
    state: str  # "todo" | "draft" | "done"
    is_open: bool

    @property
    def state_label(self) -> str:
        return {
            "todo": _("to answer"),
            "draft": _("started — continue"),
            "done": _("answered, thank you"),
        }[self.state]


def my_surveys(*, actor: Any) -> list[MySurvey]:
    """The surveys a person was invited to, with whether they still need to answer (at most two
    queries, once per request: the navigation and the home panel share the result)."""
    if not actor.is_authenticated:
        return []
    cached = getattr(actor, "_sib_my_surveys", None)
    if cached is None:
        cached = actor._sib_my_surveys = _my_surveys(actor)
    return cached


def _my_surveys(actor: Any) -> list[MySurvey]:
    invitations = list(
        Invitation.objects.filter(user=actor, instrument__sent_at__isnull=False)
        .select_related("instrument")
        .order_by("-instrument__opens_at")
    )
    if not invitations:
        return []
    keys = {respondent_key(instrument=i.instrument, user=actor): i for i in invitations}
    drafts = set(
        Response.objects.filter(respondent_key__in=keys, submitted_at__isnull=True).values_list(
            "respondent_key", flat=True
        )
    )
    result = []
    for key, invitation in keys.items():
        if invitation.responded:
            state = "done"
        elif key in drafts:
            state = "draft"
        else:
            state = "todo"
        result.append(MySurvey(invitation.instrument, state, invitation.instrument.is_open()))
    return result


@dataclass
class AnswerForm:
    instrument: Instrument
    items: list[Item]
    values: dict[int, Any]
    response: Response | None

    @property
    def submitted(self) -> bool:
        return bool(self.response and self.response.is_submitted)

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if self.values.get(item.pk) not in (None, "", []))


def answer_form(*, actor: Any, instrument_id: int) -> AnswerForm:
    """The survey to answer with what the person saved so far. Only for invited people (else 404)."""
    instrument = (
        _with_items(Instrument.objects.filter(invitations__user=actor))
        .filter(pk=instrument_id, is_template=False)
        .first()
        if actor.is_authenticated
        else None
    )
    if instrument is None:
        raise Http404
    response = Response.objects.filter(
        instrument=instrument, respondent_key=respondent_key(instrument=instrument, user=actor)
    ).first()
    values: dict[int, Any] = {}
    if response is not None:
        for answer in response.answers.all():
            values[answer.item_id] = (
                answer.number
                if answer.number is not None
                else (answer.choices if answer.choices else answer.text)
            )
    return AnswerForm(instrument, list(instrument.items.all()), values, response)


# --- analytics ----------------------------------------------------------------------------------------


@dataclass
class ItemResult:
    item: Item
    summary: Summary | None = None  # numeric items
    option_counts: list[tuple[str, int]] = field(default_factory=list)  # choice items
    answered: int = 0
    texts: list[str] = field(default_factory=list)  # free text
    nps: float | None = None

    @property
    def labels(self) -> dict[int, str]:
        return value_labels(self.item.kind)

    @property
    def rows(self) -> list[tuple[str, int]]:
        """The distribution as (label, count) rows: the table beside the chart."""
        if self.summary is not None:
            labels = self.labels
            return [
                (f"{value} — {labels[value]}" if labels[value] != str(value) else str(value), count)
                for value, count in self.summary.distribution.items()
            ]
        return self.option_counts


@dataclass
class ScaleResult:
    code: str
    title: str
    summary: Summary
    items: list[ItemResult]


@dataclass
class Results:
    instrument: Instrument
    invited: int
    submitted: int
    drafts: int
    items: list[ItemResult]
    scales: list[ScaleResult]
    overall: Summary

    @property
    def response_rate(self) -> float | None:
        return self.submitted / self.invited if self.invited else None

    @property
    def texts(self) -> list[ItemResult]:
        return [result for result in self.items if result.item.kind == ItemKind.TEXT]


def _numeric_distributions(instrument_ids: Sequence[int]) -> dict[int, dict[int, int]]:
    rows = (
        Answer.objects.filter(
            response__instrument_id__in=instrument_ids,
            response__submitted_at__isnull=False,
            number__isnull=False,
        )
        .values_list("item_id", "number")
        .annotate(count=Count("id"))
        .order_by()
    )
    result: dict[int, dict[int, int]] = defaultdict(dict)
    for item_id, number, count in rows:
        result[item_id][number] = count
    return result


def instrument_results(*, actor: Any, instrument: Instrument) -> Results:
    """Per item n, mean, SD and distribution; per scale and overall pooled (1–5 items); choices
    counted; free-text answers listed (without names). Seven queries, whatever the size."""
    if not policies.can_view_results(actor, instrument):
        raise PermissionDenied
    instrument = _with_items(Instrument.objects.filter(pk=instrument.pk)).get()
    counts = Response.objects.filter(instrument=instrument).aggregate(
        submitted=Count("id", filter=Q(submitted_at__isnull=False)),
        drafts=Count("id", filter=Q(submitted_at__isnull=True)),
    )
    invited = Invitation.objects.filter(instrument=instrument).count()
    items = list(instrument.items.all())
    distributions = _numeric_distributions([instrument.pk])
    choice_ids = [item.pk for item in items if item.kind in (ItemKind.SINGLE, ItemKind.MULTIPLE)]
    text_ids = [item.pk for item in items if item.kind == ItemKind.TEXT]
    submitted = Answer.objects.filter(response__instrument=instrument).exclude(
        response__submitted_at__isnull=True
    )
    chosen: dict[int, list[list[str]]] = defaultdict(list)
    if choice_ids:
        for item_id, choices in submitted.filter(item_id__in=choice_ids).values_list(
            "item_id", "choices"
        ):
            chosen[item_id].append(choices or [])
    texts: dict[int, list[str]] = defaultdict(list)
    if text_ids:
        for item_id, text in (
            submitted.filter(item_id__in=text_ids).exclude(text="").values_list("item_id", "text")
        ).order_by("response__submitted_at", "id"):
            texts[item_id].append(text)

    results = []
    for item in items:
        result = ItemResult(item)
        if item.is_numeric:
            low, high = RANGES[ItemKind(item.kind)]
            result.summary = summarise(distributions.get(item.pk, {}), range(low, high + 1))
            result.answered = result.summary.n
            if item.kind == ItemKind.RECOMMEND:
                result.nps = nps(result.summary.distribution)
        elif item.pk in choice_ids:
            lists = chosen.get(item.pk, [])
            result.answered = len(lists)
            result.option_counts = [
                (option.label, sum(1 for values in lists if option.code in values))
                for option in item.options.all()
            ]
        else:
            result.texts = texts.get(item.pk, [])
            result.answered = len(result.texts)
        results.append(result)
    scales = [
        ScaleResult(
            code=scale.code,
            title=scale.title,
            summary=summarise(
                pool(r.summary.distribution for r in scale_items if r.summary),
            ),
            items=scale_items,
        )
        for scale in instrument.scales.all()
        if (
            scale_items := [
                r for r in results if r.item.scale_id == scale.pk and r.item.kind in FIVE_POINT
            ]
        )
    ]
    overall = summarise(
        pool(r.summary.distribution for r in results if r.summary and r.item.kind in FIVE_POINT)
    )
    return Results(
        instrument, invited, counts["submitted"], counts["drafts"], results, scales, overall
    )


# --- segments ------------------------------------------------------------------------------------------

DIMENSIONS = ("language_track", "gender", "age_group", "voivodeship", "sector")


def dimension_label(dimension: str) -> str:
    return {
        "language_track": _("Language track"),
        "gender": _("Gender"),
        "age_group": _("Age group"),
        "voivodeship": _("Voivodeship"),
        "sector": _("Sector"),
    }[dimension]


def segment_label(dimension: str, value: str) -> str:
    if not value:
        return _("not given")
    labels: dict[str, dict[Any, Any]] = {
        "language_track": {"pl": _("Polish"), "en": _("English")},
        "gender": dict(Gender.choices),
        "age_group": dict(AgeGroup.choices),
        "voivodeship": dict(Voivodeship.choices),
        "sector": dict(Sector.choices),
    }
    return str(labels[dimension].get(value, value))


@dataclass
class SegmentRow:
    value: str
    label: str
    n: int
    suppressed: bool
    overall: Summary | None
    scale_means: dict[str, float | None]


@dataclass
class SegmentTable:
    dimension: str
    label: str
    scale_codes: list[str]
    rows: list[SegmentRow]
    minimum: int = MIN_GROUP


def segments(
    *, actor: Any, instruments: Sequence[Instrument], dimensions: Iterable[str] = DIMENSIONS
) -> list[SegmentTable]:
    """Respondents and means by segment over the given instruments (1–5 items pooled).

    Groups with fewer than five respondents show neither their size nor their means, and one more
    group is hidden where that alone would let the hidden one be worked out. Three queries,
    however many dimensions.
    """
    for instrument in instruments:
        if not policies.can_view_results(actor, instrument):
            raise PermissionDenied
    ids = [instrument.pk for instrument in instruments]
    scale_codes = list(
        dict.fromkeys(
            Scale.objects.filter(instrument_id__in=ids, items__kind__in=FIVE_POINT)
            .order_by("position", "code")
            .values_list("code", flat=True)
        )
    )
    dimensions = list(dimensions)
    for dimension in dimensions:
        if dimension not in DIMENSIONS:
            raise ValueError(dimension)
    submitted = Response.objects.filter(instrument_id__in=ids, submitted_at__isnull=False)
    # Two queries for every dimension at once: respondents and answer counts per combination.
    combos = list(submitted.values_list(*dimensions).annotate(n=Count("id")).order_by())
    answer_combos = _answer_combos(submitted, dimensions)
    return _segment_tables(dimensions, scale_codes, combos, answer_combos)


def _answer_combos(submitted: QuerySet[Response], dimensions: list[str]) -> list[tuple]:
    """Counts of 1–5 answers per combination of the respondents' segments, scale and value."""
    return list(
        Answer.objects.filter(
            response__in=submitted, number__isnull=False, item__kind__in=FIVE_POINT
        )
        .values_list(*[f"response__{d}" for d in dimensions], "item__scale__code", "number")
        .annotate(count=Count("id"))
        .order_by()
    )


def _distributions_and_combos(
    instrument_ids: Sequence[int], items: Sequence[Item], dimensions: Sequence[str]
) -> tuple[dict[int, dict[int, int]], list[tuple]]:
    """`_numeric_distributions` and `_answer_combos` of the same submitted responses from one
    query (reports): numeric answers counted per item, respondents' segments and value, summed
    here per item and value, and per segments, scale and 1–5 value (`items` gives each answer's
    item kind and scale)."""
    known = {item.pk: item for item in items}
    distributions: dict[int, dict[int, int]] = defaultdict(dict)
    combos: dict[tuple, int] = defaultdict(int)
    for item_id, *segments, number, count in (
        Answer.objects.filter(
            response__instrument_id__in=instrument_ids,
            response__submitted_at__isnull=False,
            number__isnull=False,
        )
        .values_list("item_id", *[f"response__{d}" for d in dimensions], "number")
        .annotate(count=Count("id"))
        .order_by()
        if instrument_ids
        else ()
    ):
        per_value = distributions[item_id]
        per_value[number] = per_value.get(number, 0) + count
        item = known.get(item_id)
        if item is not None and item.kind in FIVE_POINT:
            combos[(*segments, item.scale.code if item.scale else None, number)] += count
    return distributions, [(*key, n) for key, n in combos.items()]


def _segment_tables(
    dimensions: Sequence[str],
    scale_codes: list[str],
    combos: Sequence[tuple[Any, ...]],
    answer_combos: Sequence[tuple[Any, ...]],
) -> list[SegmentTable]:
    """The segment tables from respondents per combination of `dimensions` (`combos`: the
    values, then the count) and answer counts per combination, scale code and value."""
    tables = []
    for position, dimension in enumerate(dimensions):
        sizes: dict[str, int] = defaultdict(int)
        for combo in combos:
            sizes[combo[position]] += combo[-1]
        by_group: dict[str, dict[str | None, dict[int, int]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        for combo in answer_combos:
            value, code, number, count = combo[position], combo[-3], combo[-2], combo[-1]
            scale = by_group[value][code]
            scale[number] = scale.get(number, 0) + count
        hidden = suppressed_keys(sizes)
        table_rows = []
        for value, n in sorted(sizes.items(), key=lambda pair: (-pair[1], pair[0])):
            secret = value in hidden
            groups = by_group.get(value, {})
            table_rows.append(
                SegmentRow(
                    value=value,
                    label=segment_label(dimension, value),
                    n=n,
                    suppressed=secret,
                    overall=None if secret else summarise(pool(groups.values())),
                    scale_means={
                        code: None if secret else summarise(groups.get(code, {})).mean
                        for code in scale_codes
                    },
                )
            )
        tables.append(SegmentTable(dimension, dimension_label(dimension), scale_codes, table_rows))
    return tables


# --- pooled figures across editions (reports) ------------------------------------------------------


@dataclass
class PooledEvaluation:
    instruments: list[Instrument]
    responses: int
    overall: Summary
    scales: dict[str, Summary]
    scale_titles: dict[str, str]
    items: list[tuple[str, str, Summary]]  # (code, text, summary), items with the same code pooled


def evaluation_instruments(*, actor: Any, editions: Sequence[Any] | None) -> list[Instrument]:
    """Sent evaluation surveys of the editions (every edition when `editions` is None)."""
    queryset = policies.instruments_visible(actor).filter(
        kind=InstrumentKind.EVALUATION, is_template=False, sent_at__isnull=False
    )
    if editions is not None:
        queryset = queryset.filter(edition__in=[edition.pk for edition in editions])
    return list(queryset.select_related("edition").order_by("opens_at", "pk"))


def pooled_evaluation(*, actor: Any, instruments: Sequence[Instrument]) -> PooledEvaluation:
    """All answers to the 1–5 items of the given evaluation surveys pooled: the funder's mean.

    Scales and items are matched by code across surveys made from one template. Four queries.
    """
    ids = [instrument.pk for instrument in instruments]
    items = list(
        Item.objects.filter(instrument_id__in=ids, kind__in=FIVE_POINT)
        .select_related("scale")
        .order_by("position", "code")
    )
    distributions = _numeric_distributions(ids)
    responses = Response.objects.filter(instrument_id__in=ids, submitted_at__isnull=False).count()
    return _pooled(instruments, items, distributions, responses)


def _pooled(
    instruments: Sequence[Instrument],
    items: Sequence[Item],
    distributions: dict[int, dict[int, int]],
    responses: int,
) -> PooledEvaluation:
    """`items`: the 1–5 items of the surveys, ordered by position and code."""
    by_scale: dict[str, list[dict[int, int]]] = defaultdict(list)
    titles: dict[str, str] = {}
    by_item: dict[str, list[dict[int, int]]] = defaultdict(list)
    item_text: dict[str, str] = {}
    for item in items:
        distribution = distributions.get(item.pk, {})
        by_item[item.code].append(distribution)
        item_text.setdefault(item.code, item.text)
        if item.scale is not None:
            by_scale[item.scale.code].append(distribution)
            titles.setdefault(item.scale.code, item.scale.title)
    return PooledEvaluation(
        instruments=list(instruments),
        responses=responses,
        overall=summarise(pool(d for ds in by_item.values() for d in ds), range(1, 6)),
        scales={code: summarise(pool(ds), range(1, 6)) for code, ds in by_scale.items()},
        scale_titles=titles,
        items=[
            (code, item_text[code], summarise(pool(ds), range(1, 6)))
            for code, ds in by_item.items()
        ],
    )


@dataclass
class EditionComparisonRow:
    instrument: Instrument
    responses: int
    overall: Summary
    scale_means: dict[str, float | None]


def edition_comparison(
    *, actor: Any, instruments: Sequence[Instrument]
) -> tuple[list[str], list[EditionComparisonRow]]:
    """One row per survey (edition): responses, overall mean and each scale's mean. Three queries."""
    ids = [instrument.pk for instrument in instruments]
    items = list(
        Item.objects.filter(instrument_id__in=ids, kind__in=FIVE_POINT)
        .select_related("scale")
        .order_by("position")
    )
    distributions = _numeric_distributions(ids)
    responses = dict(
        Response.objects.filter(instrument_id__in=ids, submitted_at__isnull=False)
        .values_list("instrument_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _comparison(instruments, items, distributions, responses)


def _comparison(
    instruments: Sequence[Instrument],
    items: Sequence[Item],
    distributions: dict[int, dict[int, int]],
    responses: dict[int, int],
) -> tuple[list[str], list[EditionComparisonRow]]:
    """`items`: the 1–5 items of the surveys, ordered by position."""
    codes = list(dict.fromkeys(item.scale.code for item in items if item.scale))
    items_of: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        items_of[item.instrument_id].append(item)
    rows = []
    for instrument in instruments:
        mine = items_of[instrument.pk]
        rows.append(
            EditionComparisonRow(
                instrument=instrument,
                responses=responses.get(instrument.pk, 0),
                overall=summarise(pool(distributions.get(item.pk, {}) for item in mine)),
                scale_means={
                    code: summarise(
                        pool(
                            distributions.get(item.pk, {})
                            for item in mine
                            if item.scale and item.scale.code == code
                        )
                    ).mean
                    for code in codes
                },
            )
        )
    return codes, rows


# --- before/after self-assessment ------------------------------------------------------------------


@dataclass
class CompetenceChange:
    code: str
    text: str
    change: PairedChange


@dataclass
class PersonChange:
    name: str
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass
class SelfAssessmentChange:
    before: Instrument
    after: Instrument
    pairs: int
    competences: list[CompetenceChange]
    overall: PairedChange
    people: list[PersonChange]
    pairs_by_code: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def self_assessment_change(*, actor: Any, after: Instrument) -> SelfAssessmentChange:
    """Paired before/after change per competence (item code) and per person.

    Only people who submitted both count. Names are shown to coordinators only."""
    (change,) = self_assessment_changes(actor=actor, afters=[after])
    return change


def self_assessment_changes(
    *, actor: Any, afters: Sequence[Instrument]
) -> list[SelfAssessmentChange]:
    """`self_assessment_change` for many “after” surveys at once: three queries in all."""
    for after in afters:
        if after.phase != Phase.AFTER or after.baseline is None:
            raise ValueError("not an “after” self-assessment")
        if not (
            policies.can_view_results(actor, after)
            and policies.can_view_results(actor, after.baseline)
        ):
            raise PermissionDenied
    if not afters:
        return []
    side_of = _sides_of(afters)
    # values[after id][respondent key][side][code] = number
    values: dict[int, dict[str, dict[str, dict[str, int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict))
    )
    for instrument_id, key, code, number in (
        Answer.objects.filter(
            response__instrument_id__in=list(side_of),
            response__submitted_at__isnull=False,
            number__isnull=False,
            item__kind__in=FIVE_POINT,
        )
        .values_list("response__instrument_id", "response__respondent_key", "item__code", "number")
        .order_by()
    ):
        after_id, side = side_of[instrument_id]
        assert number is not None  # the query asks for numbers only
        values[after_id][key][side][code] = number
    items_of: dict[int, list[Item]] = defaultdict(list)
    for item in Item.objects.filter(
        instrument_id__in=[after.pk for after in afters], kind__in=FIVE_POINT
    ).order_by("position"):
        items_of[item.instrument_id].append(item)
    named = [after.pk for after in afters if policies.can_see_respondents(actor, after)]
    names: dict[tuple[int, str], str] = {}
    if named:
        names = {
            (instrument_id, key): name
            for instrument_id, key, name in Response.objects.filter(
                instrument_id__in=named, respondent__isnull=False
            ).values_list("instrument_id", "respondent_key", "respondent__full_name")
        }
    return [_change_of(after, values[after.pk], items_of[after.pk], names) for after in afters]


def _sides_of(afters: Sequence[Instrument]) -> dict[int, tuple[int, str]]:
    """Instrument id → (the "after" survey it belongs to, "before" or "after")."""
    side_of = {}
    for after in afters:
        side_of[after.pk] = (after.pk, "after")
        assert after.baseline_id is not None  # an “after” survey has its “before”
        side_of[after.baseline_id] = (after.pk, "before")
    return side_of


def _change_of(
    after: Instrument,
    values: dict[str, dict[str, dict[str, int]]],
    items: list[Item],
    names: dict[tuple[int, str], str],
) -> SelfAssessmentChange:
    paired = {key: sides for key, sides in values.items() if "before" in sides and "after" in sides}
    competences = []
    pairs_by_code = {}
    for item in items:
        pairs = [
            (sides["before"][item.code], sides["after"][item.code])
            for sides in paired.values()
            if item.code in sides["before"] and item.code in sides["after"]
        ]
        pairs_by_code[item.code] = pairs
        competences.append(CompetenceChange(item.code, item.text, paired_change(pairs)))
    person_means = []
    for key, sides in paired.items():
        common = sorted(set(sides["before"]) & set(sides["after"]))
        if common:
            person_means.append(
                (
                    key,
                    sum(sides["before"][c] for c in common) / len(common),
                    sum(sides["after"][c] for c in common) / len(common),
                )
            )
    people = sorted(
        (
            PersonChange(names.get((after.pk, key)) or _("Respondent %(n)d") % {"n": index}, b, a)
            for index, (key, b, a) in enumerate(sorted(person_means), 1)
        ),
        key=lambda person: (-person.change, person.name),
    )
    assert after.baseline is not None  # an “after” survey has its “before”
    return SelfAssessmentChange(
        before=after.baseline,
        after=after,
        pairs=len(paired),
        competences=competences,
        overall=paired_change([(b, a) for _key, b, a in person_means]),
        people=people,
        pairs_by_code=pairs_by_code,
    )


def state_label(instrument: Instrument) -> str:
    return str(STATE_LABELS[instrument.state])


def open_answers(
    *, actor: Any, instruments: Sequence[Instrument], limit: int = 30
) -> list[tuple[str, list[str], int]]:
    """Free-text answers per question (matched by item code across surveys), without names:
    (question, the first `limit` answers, how many there are). Two queries."""
    for instrument in instruments:
        if not policies.can_view_results(actor, instrument):
            raise PermissionDenied
    ids = [instrument.pk for instrument in instruments]
    items = Item.objects.filter(instrument_id__in=ids, kind=ItemKind.TEXT).order_by("position")
    answers: dict[str, list[str]] = defaultdict(list)
    for code, text in (
        Answer.objects.filter(
            response__instrument_id__in=ids,
            response__submitted_at__isnull=False,
            item__kind=ItemKind.TEXT,
        )
        .exclude(text="")
        .order_by("response__submitted_at", "id")
        .values_list("item__code", "text")
    ):
        answers[code].append(text)
    return _open_answers(items, answers, limit)


def _open_answers(
    items: Iterable[Item], answers: dict[str, list[str]], limit: int
) -> list[tuple[str, list[str], int]]:
    """`items`: the free-text items, by position; `answers`: the texts per item code, in order."""
    questions: dict[str, str] = {}
    for item in items:
        questions.setdefault(item.code, item.text)
    return [
        (question, answers[code][:limit], len(answers[code]))
        for code, question in questions.items()
    ]


# --- the report: every survey figure of some editions at once ------------------------------------


@dataclass
class EvaluationReport:
    """What the report shows of surveys, read together: six queries, whatever the number of
    editions, surveys and answers (the separate selectors above take 3 to 4 queries each)."""

    instruments: list[Instrument]  # the sent evaluation surveys
    pooled: PooledEvaluation
    segments: list[SegmentTable]
    comparison: tuple[list[str], list[EditionComparisonRow]]
    changes: list[SelfAssessmentChange]
    open_answers: list[tuple[str, list[str], int]]


def evaluation_report(
    *, actor: Any, editions: Sequence[Any], texts_limit: int = 30
) -> EvaluationReport:
    """`pooled_evaluation`, `segments`, `edition_comparison`, `open_answers` of the sent
    evaluation surveys of the editions, and `self_assessment_changes` of their sent "after"
    self-assessments — the same figures, from shared queries (the people of a change are
    numbered, not named: a report shows no one's answers by name)."""
    visible = policies.instruments_visible(actor)
    surveys = list(
        visible.filter(is_template=False, sent_at__isnull=False)
        .filter(edition__in=[getattr(edition, "pk", edition) for edition in editions])
        .filter(
            Q(kind=InstrumentKind.EVALUATION)
            # An "after" self-assessment counts when its baseline may be seen too.
            | Q(
                kind=InstrumentKind.SELF_ASSESSMENT,
                phase=Phase.AFTER,
                baseline__isnull=False,
                baseline__in=visible,
            )
        )
        .select_related("edition", "baseline")
        .order_by("opens_at", "pk")
    )
    instruments = [survey for survey in surveys if survey.kind == InstrumentKind.EVALUATION]
    # The order `instrument_list` gives: latest first.
    afters = [survey for survey in surveys if survey.kind == InstrumentKind.SELF_ASSESSMENT]
    afters.sort(key=lambda survey: survey.code)
    afters.sort(key=lambda survey: survey.created_at, reverse=True)
    afters.sort(key=lambda survey: (survey.opens_at is not None, survey.opens_at), reverse=True)
    ids = [instrument.pk for instrument in instruments]
    after_ids = [after.pk for after in afters]

    items = list(
        Item.objects.filter(instrument_id__in=ids + after_ids)
        .select_related("scale")
        .order_by("position", "code")
    )
    evaluation_ids = set(ids)
    evaluation_items = [item for item in items if item.instrument_id in evaluation_ids]
    numeric = [item for item in evaluation_items if item.kind in FIVE_POINT]
    distributions, answer_combos = _distributions_and_combos(ids, evaluation_items, DIMENSIONS)

    submitted = Response.objects.filter(instrument_id__in=ids, submitted_at__isnull=False)
    per_instrument: dict[int, int] = defaultdict(int)
    combos = []
    for instrument_id, *dims, n in (
        submitted.values_list("instrument_id", *DIMENSIONS).annotate(n=Count("id")).order_by()
    ):
        per_instrument[instrument_id] += n
        combos.append((*dims, n))
    # The scales with 1–5 items, by position then code (a code's first position counts).
    first_position: dict[str, int] = {}
    for item in numeric:
        if item.scale is not None:
            code, position = item.scale.code, item.scale.position
            first_position[code] = min(position, first_position.get(code, position))
    scale_codes = sorted(first_position, key=lambda code: (first_position[code], code))

    # One pass over the answers that are read one by one: the self-assessments' (to pair each
    # person's before and after) and the free texts (in the order they were submitted).
    side_of = _sides_of(afters)
    values: dict[int, dict[str, dict[str, dict[str, int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict))
    )
    texts: dict[str, list[str]] = defaultdict(list)
    wanted = Q(
        response__instrument_id__in=list(side_of), number__isnull=False, item__kind__in=FIVE_POINT
    ) | (Q(response__instrument_id__in=ids, item__kind=ItemKind.TEXT) & ~Q(text=""))
    for instrument_id, key, code, number, text in (
        Answer.objects.filter(wanted, response__submitted_at__isnull=False)
        .order_by("response__submitted_at", "id")
        .values_list(
            "response__instrument_id",
            "response__respondent_key",
            "item__code",
            "number",
            "text",
        )
        if side_of or ids
        else ()
    ):
        if instrument_id not in side_of:
            texts[code].append(text)
            continue
        after_id, side = side_of[instrument_id]
        assert number is not None  # the query asks for numbers only
        values[after_id][key][side][code] = number
    items_of: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        if item.instrument_id in side_of and item.kind in FIVE_POINT:
            items_of[item.instrument_id].append(item)
    return EvaluationReport(
        instruments=instruments,
        pooled=_pooled(instruments, numeric, distributions, sum(per_instrument.values())),
        segments=_segment_tables(DIMENSIONS, scale_codes, combos, answer_combos),
        comparison=_comparison(instruments, numeric, distributions, per_instrument),
        # The report names no one: people are numbered, never looked up.
        changes=[_change_of(a, values[a.pk], items_of[a.pk], {}) for a in afters],
        open_answers=_open_answers(
            (item for item in evaluation_items if item.kind == ItemKind.TEXT),
            texts,
            texts_limit,
        ),
    )


def template_detail(*, actor: Any, instrument: Instrument) -> Instrument:
    return _with_items(policies.instruments_visible(actor).filter(pk=instrument.pk)).get()
