"""Knowledge in the API (read): manuals, chapters, terms, relations, search and the SKOS export.

Public manuals and the map are readable without a token; other manuals per the reader's
audiences, as on the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from sib.api.auth import SessionAuth, TokenAuth
from sib.core.pagination import BoundedPagination, CappedList
from sib.knowledge import search, selectors, skos
from sib.knowledge.models import Chapter, Document, Term

router = Router(tags=["knowledge"])

SEARCH_HITS = 100  # the most hits a search answers, ranked and cut in SQL


class _Session(SessionAuth):
    """The browser session when there is one; without a session cookie the next authenticator
    (an anonymous reader) is tried."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)


def _anonymous(request: HttpRequest) -> Any:
    return AnonymousUser()


PUBLIC = [TokenAuth(), _Session(), _anonymous]


def _actor(request: HttpRequest) -> Any:
    auth = getattr(request, "auth", None)
    return auth if auth is not None else AnonymousUser()


def _absolute(path: str) -> str:
    return f"{settings.SIB_BASE_URL}{path}"


class DocumentOut(Schema):
    id: int
    key: str = Field(description="Stable address of the manual.")
    kind: str = Field(description="manual | guide")
    title: str
    title_pl: str | None
    title_en: str | None
    summary: str
    audience: str = Field(description="public | participants | brokers | mentors | trainers")
    version: int = Field(description="Raised by every chapter save.")
    updated_at: dt.datetime
    url: str
    pdf_pl: str
    pdf_en: str

    @staticmethod
    def resolve_url(obj: Document) -> str:
        return _absolute(reverse("knowledge:document", args=[obj.key]))

    @staticmethod
    def resolve_pdf_pl(obj: Document) -> str:
        return _absolute(reverse("knowledge:document-pdf", args=[obj.key, "pl"]))

    @staticmethod
    def resolve_pdf_en(obj: Document) -> str:
        return _absolute(reverse("knowledge:document-pdf", args=[obj.key, "en"]))


class ChapterOut(Schema):
    id: int
    document_id: int
    key: str = Field(description="Stable address within the manual.")
    reference: str = Field(description="`<manual key>/<chapter key>`, for other apps to cite.")
    position: int
    version: int = Field(description="The manual version at which this text was saved.")
    title_pl: str
    title_en: str
    languages: list[str] = Field(description="Languages the chapter is written in.")
    url: str

    @staticmethod
    def resolve_reference(obj: Chapter) -> str:
        return obj.reference

    @staticmethod
    def resolve_version(obj: Chapter) -> int:
        return obj.current.document_version if obj.current else 0

    @staticmethod
    def resolve_title_pl(obj: Chapter) -> str:
        return obj.current.title_pl if obj.current else ""

    @staticmethod
    def resolve_title_en(obj: Chapter) -> str:
        return obj.current.title_en if obj.current else ""

    @staticmethod
    def resolve_languages(obj: Chapter) -> list[str]:
        current = obj.current
        if current is None:
            return []
        return [lang for lang in ("pl", "en") if current.body_in(lang).strip()]

    @staticmethod
    def resolve_url(obj: Chapter) -> str:
        return _absolute(selectors.chapter_url(obj))


class ChapterDetailOut(ChapterOut):
    body_pl: str = Field(description="Markdown.")
    body_en: str = Field(description="Markdown.")

    @staticmethod
    def resolve_body_pl(obj: Chapter) -> str:
        return obj.current.body_pl if obj.current else ""

    @staticmethod
    def resolve_body_en(obj: Chapter) -> str:
        return obj.current.body_en if obj.current else ""


class TermOut(Schema):
    id: int
    slug: str
    label_pl: str | None
    label_en: str | None
    definition_pl: str | None
    definition_en: str | None
    examples_pl: str | None
    examples_en: str | None
    didactic_issues_pl: str | None
    didactic_issues_en: str | None
    country_context_pl: str | None
    country_context_en: str | None
    sources: str
    uri: str = Field(description="The concept's URI in the SKOS export.")
    url: str

    @staticmethod
    def resolve_uri(obj: Term) -> str:
        return skos.term_uri(obj.slug)

    @staticmethod
    def resolve_url(obj: Term) -> str:
        return _absolute(reverse("knowledge:term", args=[obj.slug]))


class RelationOut(Schema):
    id: int
    source_id: int
    target_id: int
    kind: str = Field(
        description="kind_of | part_of | used_in | contrasts_with (read: source <kind> target)"
    )


class SearchHitOut(Schema):
    kind: str = Field(description="chapter | material | term")
    object_id: int
    language: str
    title: str = Field(description="HTML: the words found in <mark>.")
    snippet: str = Field(description="HTML: the words found in <mark>.")
    url: str

    @staticmethod
    def resolve_url(obj: search.Hit) -> str:
        return _absolute(obj.path)


@router.get("/documents", response=list[DocumentOut], auth=PUBLIC)
@paginate(BoundedPagination)
def documents(request: HttpRequest) -> Any:
    return selectors.document_list(actor=_actor(request)).order_by("position", "key")


@router.get("/documents/{document_id}", response=DocumentOut, auth=PUBLIC)
def document(request: HttpRequest, document_id: int) -> Any:
    return selectors.document_get_by_id(actor=_actor(request), document_id=document_id)


@router.get("/documents/{document_id}/chapters", response=list[ChapterOut], auth=PUBLIC)
@paginate(BoundedPagination)
def document_chapters(request: HttpRequest, document_id: int) -> Any:
    found = selectors.document_get_by_id(actor=_actor(request), document_id=document_id)
    return (
        Chapter.objects.filter(document=found, current__isnull=False)
        .select_related("current", "document")
        .order_by("position", "id")
    )


@router.get("/chapters/{chapter_id}", response=ChapterDetailOut, auth=PUBLIC)
def chapter(request: HttpRequest, chapter_id: int) -> Any:
    return selectors.chapter_get_by_id(actor=_actor(request), chapter_id=chapter_id)


@router.get(
    "/terms/skos",
    auth=PUBLIC,
    response={200: None},
    summary="The whole map as SKOS (Turtle)",
    openapi_extra={
        "responses": {200: {"content": {"text/turtle": {"schema": {"type": "string"}}}}}
    },
)
def terms_skos(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    body = skos.turtle(selectors.term_list(actor=actor), selectors.relation_list(actor=actor))
    response = HttpResponse(body, content_type="text/turtle; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sib-terms.ttl"'
    return response


@router.get("/terms", response=list[TermOut], auth=PUBLIC)
@paginate(BoundedPagination)
def terms(request: HttpRequest) -> Any:
    return selectors.term_list(actor=_actor(request))


@router.get("/terms/{term_id}", response=TermOut, auth=PUBLIC)
def term(request: HttpRequest, term_id: int) -> Any:
    return selectors.term_get_by_id(actor=_actor(request), term_id=term_id)


@router.get("/relations", response=list[RelationOut], auth=PUBLIC)
@paginate(BoundedPagination)
def relations(request: HttpRequest) -> Any:
    return selectors.relation_list(actor=_actor(request))


@router.get("/knowledge/search", response=list[SearchHitOut], auth=PUBLIC)
@paginate(BoundedPagination)
def knowledge_search(request: HttpRequest, q: str, language: str = "pl") -> Any:
    """Manual chapters, materials and terms holding every word of `q` (either language), best
    first, with the words found in `<mark>`. `language` (pl | en): the hits' preferred language."""
    if language not in {"pl", "en"}:
        raise ValidationError({"language": _("Choose pl or en.")})
    # The one list BoundedPagination takes (decision 0906): search cuts its candidates in SQL
    # and answers at most SEARCH_HITS hits, so the whole list costs the same however large the
    # manual grows, and paging it in Python is paging a fixed-size list.
    hits = search.search(actor=_actor(request), query=q[:200], language=language, limit=SEARCH_HITS)
    return CappedList(hits, cap=SEARCH_HITS)
