"""Forms of the studio's pages; validation that matters lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sib.academy.models import Group
from sib.accounts.choices import Voivodeship
from sib.brokerage.models import Stage
from sib.core.forms import TEXT_MAX_LENGTH
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
            columns, cells = [], {lane: [] for lane in lanes}
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


class NewCanvasForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Tool"), queryset=CanvasTemplate.objects.none())
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, templates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = CanvasTemplate.objects.filter(
            pk__in=[t.pk for t in templates]
        )


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
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from sib.accounts.models import User

        owner = self.fields["owner"]
        owner.queryset = User.objects.filter(pk__in=[p.pk for p in people])
        # The people are at hand: the choices need no query (the page renders one form per
        # session, each listing them).
        owner.choices = [
            ("", owner.empty_label),
            *((p.pk, owner.label_from_instance(p)) for p in people),
        ]
