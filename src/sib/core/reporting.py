"""The shapes report providers return, so any app can add report sections and funder indicators.

`SIB_REPORT_SECTIONS` and `SIB_INDICATORS` list dotted paths of providers:

    def sections(*, actor, scope: ReportScope) -> list[Section]
    def indicators(*, actor, scope: ReportScope, values: dict[str, Indicator]) -> list[Indicator]

They live here, in core, because every app sits to the left of `reports` in the dependency
direction and must not import it. An indicator provider sees what earlier providers defined
(`values`) and may return an indicator with an existing key to refine it; the last one wins.
A provider whose data does not exist yet returns nothing, and its section is simply absent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils.safestring import SafeString

F = TypeVar("F", bound=Callable[..., Any])


class Category:
    OUTPUT = "output"
    OUTCOME = "outcome"
    BILATERAL = "bilateral"


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: some editions (of one programme, or all of them)."""

    editions: Sequence[Any]
    programmes: Sequence[Any]
    label: str
    all_editions: bool = False
    # Results that several providers (sections and indicators) share while one report is built.
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]

    @property
    def edition_ids(self) -> list[int]:
        return [edition.pk for edition in self.editions]


@dataclass(frozen=True)
class Definition:
    """What an indicator means, written once: shown in the report and in the API docs."""

    key: str
    label: Any  # a lazy translation
    definition: Any
    category: str
    source: Any

    def of(
        self, value: Any, *, target: Any = None, value_labels: dict[str, str] | None = None
    ) -> Indicator:
        return Indicator(
            key=self.key,
            label=str(self.label),
            definition=str(self.definition),
            category=self.category,
            value=value,
            source=str(self.source),
            target=target,
            value_labels=value_labels,
        )


def provides(*definitions: Definition) -> Callable[[F], F]:
    """Mark an indicator provider with the definitions of the keys it returns (for the API docs)."""

    def mark(provider: F) -> F:
        provider.definitions = definitions  # type: ignore[attr-defined]
        return provider

    return mark


@dataclass
class Indicator:
    key: str
    label: str
    definition: str
    category: str
    value: Any
    source: str
    target: Any = None
    # Names shown for the keys of a dict value (e.g. formats), in the report's language.
    value_labels: dict[str, str] | None = None

    @property
    def display(self) -> str:
        return format_indicator(self, self.value)

    @property
    def target_display(self) -> str:
        return format_indicator(self, self.target)


def format_value(value: Any) -> str:
    """A value as shown in the active language: floats with two decimals, nothing as a dash."""
    from django.utils.formats import number_format

    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        # Django's number_format truncates; round first so 0.3889 shows as 0.39.
        return number_format(round(value, 2), decimal_pos=2)
    if isinstance(value, dict):
        return "; ".join(f"{key} {format_value(item)}" for key, item in value.items()) or "—"
    if isinstance(value, dt.date):  # the language's one date format (decision 0568)
        from django.utils.formats import date_format

        named = "DATETIME_FORMAT" if isinstance(value, dt.datetime) else "DATE_FORMAT"
        return date_format(value, named)
    return str(value)


def format_indicator(indicator: Indicator, value: Any) -> str:
    if isinstance(value, dict) and indicator.value_labels:
        value = {indicator.value_labels.get(key, key): item for key, item in value.items()}
    return format_value(value)


@dataclass
class Table:
    """A table of a report section; the accessible alternative of its chart, when there is one."""

    caption: str
    header: list[str]
    rows: list[list[Any]]
    chart: SafeString | None = None
    numeric: set[int] = field(default_factory=set)  # column indexes right-aligned
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    order: int
    tables: list[Table]
    intro: str = ""
