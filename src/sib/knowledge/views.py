"""Thin views: parse, authorise (through selectors and policies), call a service, render.

Public pages (public manuals, the map, terms) are kept for anonymous readers by
`sib.core.pagecache`, keyed by `selectors.public_stamp()`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sib.academy import selectors as academy_selectors
from sib.core.forms import apply_validation_error
from sib.core.pagecache import anonymous_page
from sib.core.pdf import pdf_response, render_pdf
from sib.knowledge import policies, search, selectors, services
from sib.knowledge.forms import (
    ChapterForm,
    DocumentForm,
    MaterialForm,
    RelationForm,
    SearchForm,
    TermForm,
)
from sib.knowledge.markdown import render as render_markdown
from sib.knowledge.models import MaterialKind, Relation

LANGUAGES = ("pl", "en")


def _language() -> str:
    language = (get_language() or "pl")[:2]
    return language if language in LANGUAGES else "pl"


def _public_state(request: HttpRequest, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    return selectors.public_stamp()


# --- index and search ---------------------------------------------------------------------------


@anonymous_page(_public_state)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/index.html",
        {
            "documents": selectors.document_list(actor=request.user),
            "form": SearchForm(),
            "can_edit": policies.can_edit(request.user),
        },
    )


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    hits = []
    if form.is_valid() and form.cleaned_data["q"]:
        hits = search.search(actor=request.user, query=form.cleaned_data["q"], language=_language())
    return render(
        request,
        "knowledge/search.html",
        {
            "form": form,
            "hits": hits,
            "query": form.cleaned_data.get("q", "") if form.is_valid() else "",
        },
    )


# --- manuals ------------------------------------------------------------------------------------------


@anonymous_page(_public_state)
def document_detail(request: HttpRequest, key: str) -> HttpResponse:
    document = selectors.document_get(actor=request.user, key=key)
    language = _language()
    chapters = [
        {
            "chapter": chapter,
            "title": selectors.chapter_title(chapter.current, language),
            "other_language": chapter.current is not None
            and not chapter.current.body_in(language).strip()
            and bool(chapter.current.body_in("en" if language == "pl" else "pl").strip()),
            "written": chapter.current is not None
            and bool(chapter.current.body_pl.strip() or chapter.current.body_en.strip()),
        }
        for chapter in selectors.document_chapters(document=document)
        if chapter.current is not None
    ]
    return render(
        request,
        "knowledge/document_detail.html",
        {"document": document, "chapters": chapters, "can_edit": policies.can_edit(request.user)},
    )


@anonymous_page(_public_state)
def chapter_detail(request: HttpRequest, key: str, chapter_key: str) -> HttpResponse:
    document = selectors.document_get(actor=request.user, key=key)
    chapter = selectors.chapter_get(actor=request.user, document=document, key=chapter_key)
    language = _language()
    stamp = selectors.terms_stamp()
    assert chapter.current is not None  # chapter_get answers 404 otherwise
    text = selectors.chapter_text(
        chapter.current,
        language=language,
        linker=selectors.term_linker(language=language, stamp=stamp),
        stamp=stamp,
    )
    chapters = [c for c in selectors.document_chapters(document=document) if c.current]
    position = next(i for i, c in enumerate(chapters) if c.pk == chapter.pk)
    return render(
        request,
        "knowledge/chapter_detail.html",
        {
            "document": document,
            "chapter": chapter,
            "text": text,
            "previous": chapters[position - 1] if position > 0 else None,
            "next": chapters[position + 1] if position + 1 < len(chapters) else None,
            "previous_title": selectors.chapter_title(chapters[position - 1].current, language)
            if position > 0
            else "",
            "next_title": selectors.chapter_title(chapters[position + 1].current, language)
            if position + 1 < len(chapters)
            else "",
            "can_edit": policies.can_edit(request.user),
        },
    )


def document_pdf(request: HttpRequest, key: str, language: str) -> HttpResponse:
    """The whole manual in one language, printable (chapters missing in it are taken from the
    other language, with a notice)."""
    if language not in LANGUAGES:
        raise Http404
    document = selectors.document_get(actor=request.user, key=key)
    cache_key = f"knowledge:pdf:{document.pk}:{document.version}:{document.updated_at.isoformat()}:{language}"
    content = cache.get(cache_key)
    if content is None:
        from django.utils import translation

        with translation.override(language):
            chapters = []
            for chapter in selectors.document_chapters(document=document):
                if chapter.current is None:
                    continue
                chapters.append(
                    {
                        "chapter": chapter,
                        "text": selectors.chapter_text(
                            chapter.current,
                            language=language,
                            linker=None,
                            anchor_prefix=f"{chapter.key}--",
                        ),
                    }
                )
            content = render_pdf(
                "knowledge/pdf/document.html",
                {"document": document, "chapters": chapters, "language": language},
                request=request,
                stylesheet="knowledge/pdf.css",
            )
        cache.set(cache_key, content, 7 * 24 * 3600)
    return pdf_response(content, f"{document.key}-v{document.version}-{language}.pdf")


@login_required
def document_history(request: HttpRequest, key: str) -> HttpResponse:
    document = selectors.document_get(actor=request.user, key=key)
    return render(
        request,
        "knowledge/document_history.html",
        {
            "document": document,
            "revisions": selectors.document_history(document=document),
            "language": _language(),
        },
    )


def _version(value: str | None, default: int, highest: int) -> int:
    try:
        number = int(value or default)
    except ValueError:
        return default
    return min(max(number, 0), highest)


def document_changes(request: HttpRequest, key: str) -> HttpResponse:
    """What changed between two versions (default: the last change)."""
    document = selectors.document_get(actor=request.user, key=key)
    after = _version(request.GET.get("to"), document.version, document.version)
    before = _version(request.GET.get("from"), max(after - 1, 0), document.version)
    if before > after:
        before, after = after, before
    return render(
        request,
        "knowledge/document_changes.html",
        {
            "document": document,
            "before": before,
            "after": after,
            "versions": range(document.version, -1, -1),
            "changes": selectors.document_changes(document=document, before=before, after=after),
            "language": _language(),
        },
    )


@login_required
def document_form(request: HttpRequest, key: str | None = None) -> HttpResponse:
    if not policies.can_edit(request.user):
        raise PermissionDenied
    document = selectors.document_get(actor=request.user, key=key) if key else None
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            if document is None:
                document = services.document_create(
                    actor=request.user, key=form.cleaned_data["key"], **form.document_fields()
                )
            else:
                document.refresh_from_db()
                services.document_update(
                    actor=request.user, document=document, **form.document_fields()
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The manual was saved."))
            return redirect("knowledge:document", key=document.key)
    return render(request, "knowledge/document_form.html", {"form": form, "document": document})


@login_required
def chapter_form(request: HttpRequest, key: str, chapter_key: str | None = None) -> HttpResponse:
    """Write or change a chapter in both languages; "Preview" shows the result before saving."""
    if not policies.can_edit(request.user):
        raise PermissionDenied
    document = selectors.document_get(actor=request.user, key=key)
    chapter = (
        selectors.chapter_get(actor=request.user, document=document, key=chapter_key)
        if chapter_key
        else None
    )
    initial: dict[str, Any] = {}
    if chapter is not None and chapter.current is not None:
        current = chapter.current
        initial = {
            "position": chapter.position,
            "title_pl": current.title_pl,
            "title_en": current.title_en,
            "body_pl": current.body_pl,
            "body_en": current.body_en,
            "based_on": current.document_version,
        }
    form = ChapterForm(request.POST or None, initial=initial, creating=chapter is None)
    previews = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            for language in LANGUAGES:
                linker = selectors.term_linker(language=language)
                previews.append(
                    (
                        language,
                        data[f"title_{language}"],
                        render_markdown(data[f"body_{language}"], linker=linker).html,
                    )
                )
        else:
            try:
                services.chapter_save(
                    actor=request.user,
                    document=document,
                    chapter=chapter,
                    key=data.get("key", ""),
                    position=data.get("position"),
                    title_pl=data["title_pl"],
                    title_en=data["title_en"],
                    body_pl=data["body_pl"],
                    body_en=data["body_en"],
                    note=data["note"],
                    based_on=data.get("based_on"),
                )
            except ValidationError as error:
                apply_validation_error(form, error, {"chapter": "key"})
            else:
                messages.success(request, _("The chapter was saved as a new version."))
                return redirect(
                    "knowledge:chapter",
                    key=document.key,
                    chapter_key=chapter.key if chapter else data["key"],
                )
    return render(
        request,
        "knowledge/chapter_form.html",
        {"form": form, "document": document, "chapter": chapter, "previews": previews},
    )


# --- the map -------------------------------------------------------------------------------------------


@anonymous_page(_public_state)
def term_map(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/term_map.html",
        {
            "map": selectors.term_map(actor=request.user, language=_language()),
            "can_edit": policies.can_edit(request.user),
        },
    )


@anonymous_page(_public_state)
def terms_az(request: HttpRequest, language: str) -> HttpResponse:
    if language not in LANGUAGES:
        raise Http404
    return render(
        request,
        "knowledge/terms_az.html",
        {
            "letters": selectors.terms_az(actor=request.user, language=language),
            "language": language,
        },
    )


@anonymous_page(_public_state)
def term_detail(request: HttpRequest, slug: str) -> HttpResponse:
    term = selectors.term_get(actor=request.user, slug=slug)
    language = _language()
    return render(
        request,
        "knowledge/term_detail.html",
        {
            "term": term,
            "label": selectors.term_label(term, language),
            "other_label": selectors.term_label(term, "en" if language == "pl" else "pl"),
            "relations": selectors.term_relations(actor=request.user, term=term),
            "chapters": [
                (chapter, selectors.chapter_title(chapter.current, language))
                for chapter in selectors.term_chapters(actor=request.user, term=term)
            ],
            "map": selectors.term_map(actor=request.user, language=language, around=term),
            "can_edit": policies.can_edit(request.user),
        },
    )


@login_required
def term_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if not policies.can_edit(request.user):
        raise PermissionDenied
    term = selectors.term_get(actor=request.user, slug=slug) if slug else None
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.term_save(
                actor=request.user,
                term=term,
                slug=form.cleaned_data.get("slug", ""),
                modules=form.cleaned_data["modules"],
                **form.term_fields(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The term was saved."))
            return redirect("knowledge:term-edit", slug=term.slug)
    relations = (
        list(Relation.objects.filter(source=term).select_related("target").order_by("kind", "pk"))
        if term
        else []
    )
    return render(
        request,
        "knowledge/term_form.html",
        {
            "form": form,
            "term": term,
            "relations": relations,
            "relation_form": RelationForm(term=term) if term else None,
        },
    )


@login_required
@require_POST
def relation_add(request: HttpRequest, slug: str) -> HttpResponse:
    if not policies.can_edit(request.user):
        raise PermissionDenied
    term = selectors.term_get(actor=request.user, slug=slug)
    form = RelationForm(request.POST, term=term)
    if form.is_valid():
        try:
            services.relation_add(
                actor=request.user,
                source=term,
                target=form.cleaned_data["target"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The relation was added."))
    else:
        messages.error(request, _("Choose a relation and another term."))
    return redirect("knowledge:term-edit", slug=term.slug)


@login_required
@require_POST
def relation_delete(request: HttpRequest, slug: str, relation_id: int) -> HttpResponse:
    if not policies.can_edit(request.user):
        raise PermissionDenied
    term = selectors.term_get(actor=request.user, slug=slug)
    relation = (
        Relation.objects.filter(pk=selectors.valid_id(relation_id), source=term)
        .select_related("source", "target")
        .first()
    )
    if relation is None:
        raise Http404
    services.relation_delete(actor=request.user, relation=relation)
    messages.success(request, _("The relation was removed."))
    return redirect("knowledge:term-edit", slug=term.slug)


# --- materials -------------------------------------------------------------------------------------------


def material_open(request: HttpRequest, material_id: int) -> HttpResponse | FileResponse:
    """A material for those who may see it: a file as a download (never shown inline), a link
    as a redirect."""
    material = selectors.material_get(actor=request.user, material_id=material_id)
    if material.kind == MaterialKind.LINK:
        return redirect(material.url)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=material.filename or f"material-{material.pk}",
        content_type=material.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "public, max-age=3600" if material.public else "private, no-store"
    return response


@login_required
def material_create(request: HttpRequest) -> HttpResponse:
    session = None
    session_id = request.GET.get("session") or request.POST.get("session")
    if session_id:
        if not str(session_id).isdigit():
            raise Http404
        session = academy_selectors.session_get(
            actor=request.user, session_id=selectors.valid_id(int(session_id))
        )
    if not policies.can_add_material(request.user, session=session):
        raise PermissionDenied
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        session=session,
        max_mb=settings.SIB_MATERIAL_MAX_MB,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            material = services.material_add(
                actor=request.user,
                title_pl=data["title_pl"],
                title_en=data["title_en"],
                upload=data["file"] or None,
                url=data["url"],
                language=data["language"],
                public=data["public"],
                **form.owner(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The material was added."))
            if material.session_id:
                return redirect("academy:session-detail", session_id=material.session_id)
            programme_id = material.programme_id or material.module.programme_id  # type: ignore[union-attr]
            return redirect("academy:programme-detail", programme_id=programme_id)
    return render(request, "knowledge/material_form.html", {"form": form, "session": session})


@login_required
@require_POST
def material_delete(request: HttpRequest, material_id: int) -> HttpResponse:
    material = selectors.material_get(actor=request.user, material_id=material_id)
    if not policies.can_change_material(request.user, material):
        raise PermissionDenied
    session_id = material.session_id
    services.material_delete(actor=request.user, material=material)
    messages.success(request, _("The material was removed."))
    if session_id:
        return redirect("academy:session-detail", session_id=session_id)
    programme_id = material.programme_id or material.module.programme_id  # type: ignore[union-attr]
    return redirect("academy:programme-detail", programme_id=programme_id)
