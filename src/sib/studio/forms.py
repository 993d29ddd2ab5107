"""Forms of the studio's pages; validation that matters lives in the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sib.academy.models import Group
from sib.accounts.choices import Voivodeship
from sib.brokerage.models import Stage
from sib.core.forms import TEXT_MAX_LENGTH, offer
from sib.core.models import SdgGoal, Theme
from sib.studio.models import BlockKind, CanvasTemplate


class ProjectForm(forms.Form):
    title_pl = forms.CharField(label=_("Title (Polish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    summary_pl = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Summary (Polish)"),
        widget=forms.Textarea,
        required=False,
    )
    summary_en = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Summary (English)"),
        widget=forms.Textarea,
        required=False,
    )
    voivodeship = forms.ChoiceField(label=_("Region"), choices=Voivodeship.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Sustainable development goals"),
        queryset=SdgGoal.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def data_for_service(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("title_pl", "title_en", "summary_pl", "summary_en", "voivodeship")
        }


class NewProjectForm(ProjectForm):
    team = forms.ModelChoiceField(
        label=_("Team (group of an edition)"),
        queryset=Group.objects.select_related("edition").filter(projects__isnull=True),
        required=False,
    )


class ProjectEditForm(ProjectForm):
    """The project's own fields; coordinators also choose its team (free groups and its own)."""

    team = forms.ModelChoiceField(
        label=_("Team (group of an edition)"),
        queryset=Group.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, project: Any, may_set_team: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if may_set_team:
            cast(forms.ModelChoiceField, self.fields["team"]).queryset = (
                Group.objects.select_related("edition")
                .filter(Q(projects__isnull=True) | Q(projects=project))
                .order_by("edition__title", "name")
            )
        else:
            del self.fields["team"]


class StageForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("New stage"), choices=Stage.choices, coerce=int)
    reason = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )


class TemplateForm(forms.Form):
    title_pl = forms.CharField(label=_("Title (Polish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_pl = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Description (Polish)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    description_en = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Description (English)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    licence = forms.CharField(label=_("Licence"), max_length=120, required=False)
    change_note = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("What changed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class NewTemplateForm(TemplateForm):
    key = forms.SlugField(label=_("Key"), max_length=60, help_text=_("e.g. empathy-map"))


class BlockForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=BlockKind.choices)
    label_pl = forms.CharField(label=_("Label (Polish)"), max_length=200)
    label_en = forms.CharField(label=_("Label (English)"), max_length=200)
    prompt_pl = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Prompt (Polish)"), required=False
    )
    prompt_en = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Prompt (English)"), required=False
    )
    lanes = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Grid rows"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Grids only: one row a line, “key | Polish | English”."),
    )
    scale_max = forms.IntegerField(
        label=_("Scale maximum"), min_value=2, max_value=10, required=False, initial=5
    )

    def clean_lanes(self) -> list[list[str]]:
        lanes = []
        for line in (self.cleaned_data.get("lanes") or "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(_("Write each row as “key | Polish | English”."))
            lanes.append(parts)
        return lanes

    def block(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in ("key", "kind", "label_pl", "label_en")}
        data.update(
            prompt_pl=self.cleaned_data["prompt_pl"], prompt_en=self.cleaned_data["prompt_en"]
        )
        config: dict[str, Any] = {}
        if data["kind"] == BlockKind.GRID:
            config = {"column": ["Kolumna", "Column"], "lanes": self.cleaned_data["lanes"]}
        elif data["kind"] == BlockKind.SCALE:
            config = {"min": 1, "max": self.cleaned_data["scale_max"] or 5}
        data["config"] = config
        return data

    @staticmethod
    def initial_for(block: Any) -> dict[str, Any]:
        config = block.config or {}
        return {
            "key": block.key,
            "kind": block.kind,
            "label_pl": block.label_pl,
            "label_en": block.label_en,
            "prompt_pl": block.prompt_pl,
            "prompt_en": block.prompt_en,
            "lanes": "\n".join(" | ".join(lane) for lane in config.get("lanes", [])),
            "scale_max": config.get("max", 5),
        }


BlockFormSet = forms.formset_factory(BlockForm, extra=2, can_delete=True)


def blocks_from(formset: Any) -> list[dict[str, Any]]:
    return [
        form.block()
        for form in formset.forms
        if form.cleaned_data.get("key") and not form.cleaned_data.get("DELETE")
    ]


def content_from_post(template: Any, data: Any) -> dict[str, Any]:
    """The editor's fields back into content: text areas, one list item a line, grid inputs
    (columns with an empty title and empty cells are dropped), scale radios."""
    content: dict[str, Any] = {}
    for block in template.blocks.all():
        name = f"b-{block.key}"
        if block.kind == BlockKind.TEXT:
            content[block.key] = data.get(name, "")
        elif block.kind == BlockKind.LIST:
            content[block.key] = [
                line.strip() for line in data.get(name, "").splitlines() if line.strip()
            ]
        elif block.kind == BlockKind.SCALE:
            content[block.key] = data.get(name) or None
        else:
            lanes = [lane[0] for lane in block.config.get("lanes", [])]
            count = int(data.get(f"{name}-count") or 0)
            columns: list[str] = []
            cells: dict[str, list[str]] = {lane: [] for lane in lanes}
            for index in range(min(count, 200)):
                heading = data.get(f"{name}-col-{index}", "").strip()
                row = {lane: data.get(f"{name}-{lane}-{index}", "") for lane in lanes}
                if not heading and not any(v.strip() for v in row.values()):
                    continue
                columns.append(heading)
                for lane in lanes:
                    cells[lane].append(row[lane])
            content[block.key] = {"columns": columns, "cells": cells}
    return content


def grids_to_grow(template: Any, data: Any) -> list[dict[str, Any]]:
    """Grids whose empty last column the writer filled in the editor: after an autosave the page
    stays, so the editor appends the next empty column (and nothing typed is replaced)."""
    grow = []
    for block in template.blocks.all():
        if block.kind != BlockKind.GRID:
            continue
        name = f"b-{block.key}"
        lanes = block.config.get("lanes", [])
        try:
            count = int(data.get(f"{name}-count") or 0)
        except ValueError:
            continue
        if not 0 < count < 200:
            continue
        last = count - 1
        values = [data.get(f"{name}-col-{last}", "")] + [
            data.get(f"{name}-{lane[0]}-{last}", "") for lane in lanes
        ]
        if any(value.strip() for value in values):
            grow.append({"name": name, "index": count, "number": count + 1, "lanes": lanes})
    return grow


class NewCanvasForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Tool"), queryset=CanvasTemplate.objects.none())
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)

    def __init__(
        self, *args: Any, templates: list[Any], listed: bool = False, **kwargs: Any
    ) -> None:
        """`listed`: the choices are the `templates` already read (a page that only shows the
        form), in the order the field's query would give, rather than read again."""
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["template"])
        field.queryset = CanvasTemplate.objects.filter(pk__in=[t.pk for t in templates])
        if listed:
            offer(field, sorted(templates, key=lambda template: (template.key, -template.version)))


class ImportCanvasForm(forms.Form):
    file = forms.FileField(label=_("Canvas export (JSON)"))


class CommentForm(forms.Form):
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH, label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2})
    )


class MentoringNoteForm(forms.Form):
    notes = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    next_meeting = forms.DateTimeField(
        label=_("Next meeting"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Agreed action"), max_length=300)
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, required=False
    )
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from sib.accounts.models import User

        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = User.objects.filter(pk__in=[p.pk for p in people])
        # The people are at hand: the choices need no query (the page renders one form per
        # session, each listing them).
        owner.choices = [
            ("", owner.empty_label),
            *((p.pk, owner.label_from_instance(p)) for p in people),
        ]


class MilestoneForm(forms.Form):
    title_pl = forms.CharField(label=_("Title (Polish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_pl = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Description (Polish)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    description_en = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Description (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    done_on = forms.DateField(
        label=_("Done on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class IndicatorForm(forms.Form):
    """An impact indicator (TOOLKIT.md): the service checks names, unit, target and SDG codes."""

    name_pl = forms.CharField(label=_("Name (Polish)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    outcome = forms.CharField(label=_("Outcome it measures"), max_length=300, required=False)
    unit = forms.CharField(
        label=_("Unit"), max_length=60, help_text=_("e.g. people, hours, per cent of households")
    )
    method = forms.CharField(
        label=_("Method"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("How and by whom it is measured."),
    )
    stakeholder_group = forms.CharField(
        label=_("Stakeholder group"), max_length=200, required=False
    )
    sdg_targets = forms.CharField(
        label=_("SDG targets"),
        max_length=200,
        required=False,
        help_text=_("Codes of the targets, separated by commas, e.g. 3.4, 10.2."),
    )
    iris_metric = forms.CharField(
        label=_("IRIS+ metric id (optional)"), max_length=20, required=False
    )
    breakdown = forms.CharField(
        label=_("Breakdown dimensions (optional)"),
        max_length=200,
        required=False,
        help_text=_("e.g. gender, age group, municipality"),
    )
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=14, decimal_places=2, required=False, initial=0
    )
    baseline_on = forms.DateField(
        label=_("Baseline date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)
    target_on = forms.DateField(
        label=_("Target date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def target_codes(self) -> list[str]:
        text = self.cleaned_data.get("sdg_targets") or ""
        return [code.strip() for code in text.replace(";", ",").split(",") if code.strip()]


class MeasurementForm(forms.Form):
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    measured_on = forms.DateField(
        label=_("Date measured"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("e.g. attendance list, survey of 40 households"),
    )
    evidence = forms.URLField(
        label=_("Evidence (link)"), max_length=200, required=False, assume_scheme="https"
    )
