from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sib.academy.models import Module, Programme
from sib.core.forms import bounded_formfield
from sib.knowledge.models import (
    BODY_MAX,
    Document,
    MaterialLanguage,
    RelationKind,
    Term,
)
from sib.knowledge.services import TERM_FIELDS


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        formfield_callback = bounded_formfield
        fields = [
            "key",
            "kind",
            "title_pl",
            "title_en",
            "summary_pl",
            "summary_en",
            "audience",
            "published",
            "position",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title_pl", "title_en"):
            self.fields[name].required = True
        if self.instance.pk:
            # The key is the manual's address, referenced from elsewhere: it never changes.
            del self.fields["key"]

    def document_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "key"}


class ChapterForm(forms.Form):
    key = forms.SlugField(
        label=_("Key"),
        max_length=80,
        help_text=_(
            "The chapter's address in the manual (letters, digits, hyphens); it cannot change later."
        ),
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=999, required=False)
    title_pl = forms.CharField(label=_("Title (Polish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    body_pl = forms.CharField(
        label=_("Text (Polish, Markdown)"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "markdown"}),
    )
    body_en = forms.CharField(
        label=_("Text (English, Markdown)"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "markdown"}),
    )
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("A line for the history, e.g. “Added the section on consent”."),
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["key"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("title_pl", "").strip() or data.get("title_en", "").strip()):
            self.add_error("title_pl", _("Give the chapter a title in at least one language."))
        return data


class MaterialForm(forms.Form):
    title_pl = forms.CharField(label=_("Title (Polish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    target = forms.ChoiceField(label=_("Attached to"), required=False)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, image, office document or plain text."),
    )
    url = forms.URLField(
        label=_("…or a link"), max_length=500, required=False, assume_scheme="https"
    )
    language = forms.ChoiceField(label=_("Language"), choices=MaterialLanguage.choices)
    public = forms.BooleanField(label=_("Public (anyone may open it)"), required=False)

    def __init__(self, *args: Any, session: Any = None, max_mb: int = 20, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["file"].help_text = _(
            "PDF, image, office document or plain text; at most %(mb)d MB."
        ) % {"mb": max_mb}
        if session is not None:
            del self.fields["target"]
        else:
            choices: list[tuple[str, Any]] = [("", "—")]
            for programme in Programme.objects.prefetch_related("modules").order_by("kind", "code"):
                options: list[tuple[str, Any]] = [
                    (f"programme-{programme.pk}", _("The whole programme"))
                ]
                options += [
                    (f"module-{module.pk}", f"{module.code} {module.title}")
                    for module in programme.modules.all()
                ]
                choices.append((programme.title, options))
            cast(forms.ChoiceField, self.fields["target"]).choices = choices
            self.fields["target"].required = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("title_pl") or data.get("title_en")):
            self.add_error("title_pl", _("Give the material a title."))
        if bool(data.get("file")) == bool(data.get("url")):
            self.add_error("file", _("Choose a file or give a link (one of them)."))
        return data

    def owner(self) -> dict[str, Any]:
        if self.session is not None:
            return {"session": self.session}
        kind, _sep, pk = self.cleaned_data["target"].partition("-")
        if kind == "programme":
            return {"programme": Programme.objects.get(pk=int(pk))}
        return {"module": Module.objects.select_related("programme").get(pk=int(pk))}


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        formfield_callback = bounded_formfield
        fields = ["slug", *TERM_FIELDS, "modules"]
        widgets = {"modules": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modules = cast(forms.ModelMultipleChoiceField, self.fields["modules"])
        modules.queryset = Module.objects.select_related("programme").order_by(
            "programme__kind", "programme__code", "position"
        )
        modules.label_from_instance = lambda m: (  # type: ignore[method-assign,assignment]  # Django allows a per-field label function
            f"{m.programme.code} · {m.code} {m.title}"
        )
        for name in ("label_pl", "label_en", "definition_pl", "definition_en"):
            self.fields[name].required = True
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4
        if self.instance.pk:
            del self.fields["slug"]

    def term_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in TERM_FIELDS}


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    target = forms.ModelChoiceField(label=_("Other term"), queryset=Term.objects.none())

    def __init__(self, *args: Any, term: Term, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["target"]).queryset = Term.objects.exclude(
            pk=term.pk
        ).order_by("slug")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search manuals, materials and terms"), max_length=200, required=False
    )
