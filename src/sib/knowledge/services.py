"""Every write of the knowledge app: manuals and their versions, materials, terms and relations.

Each service checks the policy, validates, writes in one transaction, keeps the search index and
the term mentions in step, and leaves an audit entry.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from sib.academy.models import Module, Programme, Session
from sib.core import filetypes
from sib.core.audit import audit_record
from sib.knowledge import policies, search
from sib.knowledge.models import (
    Chapter,
    ChapterRevision,
    Document,
    Material,
    MaterialKind,
    Relation,
    Term,
    TermMention,
)

DOCUMENT_FIELDS = (
    "kind",
    "title_pl",
    "title_en",
    "summary_pl",
    "summary_en",
    "audience",
    "published",
    "position",
)
TERM_FIELDS = tuple(
    f"{name}_{language}"
    for name in (
        "label",
        "alt_labels",
        "hidden_labels",
        "definition",
        "examples",
        "didactic_issues",
        "country_context",
    )
    for language in ("pl", "en")
) + ("sources", "published")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- manuals --------------------------------------------------------------------------------------


def document_create(*, actor: Any, key: str, **fields: Any) -> Document:
    _require(policies.can_edit(actor))
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    document = Document(key=key, **fields)
    document.full_clean()
    with transaction.atomic():
        document.save()
        audit_record(actor=actor, action="knowledge.document_created", obj=document, key=key)
    return document


def document_update(*, actor: Any, document: Document, **fields: Any) -> Document:
    """Change a manual's title, summary, audience or order (its key never changes)."""
    _require(policies.can_edit(actor))
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean()
    with transaction.atomic():
        document.save()
        search.index_document(document)
        audit_record(
            actor=actor, action="knowledge.document_updated", obj=document, fields=sorted(fields)
        )
    return document


def _mentions(chapter: Chapter, revision: ChapterRevision) -> None:
    from sib.knowledge.markdown import render
    from sib.knowledge.selectors import term_linker

    TermMention.objects.filter(chapter=chapter).delete()
    rows = []
    for language in ("pl", "en"):
        body = revision.body_in(language)
        if not body.strip():
            continue
        found = render(body, linker=term_linker(language=language)).terms
        rows += [TermMention(term_id=pk, chapter=chapter, language=language) for pk in found]
    TermMention.objects.bulk_create(rows)


def chapter_save(
    *,
    actor: Any,
    document: Document,
    chapter: Chapter | None = None,
    key: str = "",
    position: int | None = None,
    title_pl: str = "",
    title_en: str = "",
    body_pl: str = "",
    body_en: str = "",
    note: str = "",
    based_on: int | None = None,
) -> ChapterRevision:
    """Save a chapter's text (new or changed) as the manual's next version.

    `based_on` is the version the editor started from; if the chapter was saved since, nothing
    is written and the error names who saved it, so no one overwrites a colleague unknowingly.
    """
    _require(policies.can_edit(actor))
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if chapter is None:
            chapter = Chapter(
                document=document,
                key=key,
                position=position if position is not None else document.chapters.count() + 1,
            )
            chapter.full_clean()
        else:
            chapter = Chapter.objects.select_related("current__author").get(pk=chapter.pk)
            current = chapter.current
            if (
                based_on is not None
                and current is not None
                and current.document_version != based_on
            ):
                who = current.author.full_name if current.author else _("someone")
                raise ValidationError(
                    _(
                        "%(who)s saved this chapter (version %(version)d) after you opened it. "
                        "Your text is below: compare it with theirs and save again."
                    )
                    % {"who": who, "version": current.document_version}
                )
            if position is not None:
                chapter.position = position
        document.version += 1
        revision = ChapterRevision(
            chapter=chapter,
            document_version=document.version,
            title_pl=title_pl.strip(),
            title_en=title_en.strip(),
            body_pl=body_pl,
            body_en=body_en,
            note=note.strip(),
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        revision.full_clean(exclude=["chapter"])
        document.save()
        chapter.save()
        revision.chapter = chapter
        revision.save()
        chapter.current = revision
        chapter.save(update_fields=["current"])
        chapter.document = document
        _mentions(chapter, revision)
        search.index_chapter(chapter, revision)
        audit_record(
            actor=actor,
            action="knowledge.chapter_saved",
            obj=chapter,
            version=document.version,
            note=revision.note,
        )
    return revision


# --- course materials ----------------------------------------------------------------------------


def material_max_bytes() -> int:
    return settings.SIB_MATERIAL_MAX_MB * 1024 * 1024


def material_file_check(upload: UploadedFile) -> tuple[bytes, filetypes.FileType]:
    """The upload's bytes and real type, or a ValidationError: too big, or not a type we keep
    (judged by the content, whatever the file's name says)."""
    limit = material_max_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)d MB.") % {"mb": settings.SIB_MATERIAL_MAX_MB}}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)d MB.") % {"mb": settings.SIB_MATERIAL_MAX_MB}}
        )
    kind = filetypes.sniff(data)
    if kind is None:
        raise ValidationError(
            {
                "file": _(
                    "This file is not a PDF, an image (PNG, JPEG, WebP), an office document "
                    "(Word, Excel, PowerPoint, OpenDocument) or plain text; it was not saved."
                )
            }
        )
    return data, kind


def _download_name(original: str, kind: filetypes.FileType) -> str:
    stem = get_valid_filename(original.rsplit(".", 1)[0])[:80] or "material"
    return f"{stem}.{kind.extension}"


def material_add(
    *,
    actor: Any,
    title_pl: str,
    title_en: str = "",
    programme: Programme | None = None,
    module: Module | None = None,
    session: Session | None = None,
    upload: UploadedFile | None = None,
    url: str = "",
    language: str = "pl",
    public: bool = False,
    position: int = 0,
) -> Material:
    """Attach a file (checked by content, stored through Django's storage) or a link."""
    _require(policies.can_add_material(actor, session=session))
    if session is not None and (programme is not None or module is not None):
        raise ValidationError(_("A material belongs to exactly one programme, module or session."))
    material = Material(
        title_pl=title_pl.strip(),
        title_en=title_en.strip(),
        programme=programme,
        module=module,
        session=session,
        url=url.strip(),
        language=language,
        public=public,
        position=position,
        added_by=actor if getattr(actor, "is_authenticated", False) else None,
        kind=MaterialKind.FILE if upload is not None else MaterialKind.LINK,
    )
    if not material.title_pl and not material.title_en:
        raise ValidationError({"title_pl": _("Give the material a title.")})
    if upload is not None:
        data, kind = material_file_check(upload)
        material.filename = _download_name(upload.name or "", kind)
        material.content_type = kind.content_type
        material.size = len(data)
        # A random stored name: nothing of the uploader's choosing reaches the file system.
        material.file.save(
            f"{secrets.token_urlsafe(12)}.{kind.extension}", ContentFile(data), save=False
        )
    try:
        material.full_clean()
    except ValidationError:
        if material.file:
            material.file.delete(save=False)
        raise
    with transaction.atomic():
        material.save()
        search.index_material(material)
        audit_record(actor=actor, action="knowledge.material_added", obj=material)
    return material


def material_delete(*, actor: Any, material: Material) -> None:
    _require(policies.can_change_material(actor, material))
    name = material.file.name if material.file else ""
    with transaction.atomic():
        audit_record(actor=actor, action="knowledge.material_deleted", obj=material)
        search.forget_material(material.pk)
        material.delete()
        if name:
            storage = Material._meta.get_field("file").storage
            transaction.on_commit(lambda: storage.delete(name))


# --- the map -------------------------------------------------------------------------------------------


def _refresh_mentions() -> None:
    """Terms changed: recompute which current chapters name which terms."""
    for chapter in Chapter.objects.select_related("current", "document"):
        if chapter.current is not None:
            _mentions(chapter, chapter.current)


def term_save(
    *,
    actor: Any,
    term: Term | None = None,
    slug: str = "",
    modules: Iterable[Module] | None = None,
    refresh: bool = True,
    **fields: Any,
) -> Term:
    """Create or change a term (its slug is fixed at creation). `refresh=False` lets a bulk
    loader recompute chapter mentions once at the end (`terms_refresh`)."""
    _require(policies.can_edit(actor))
    unknown = set(fields) - set(TERM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    created = term is None
    term = term or Term(slug=slug)
    for name, value in fields.items():
        setattr(term, name, value.strip() if isinstance(value, str) else value)
    term.full_clean()
    with transaction.atomic():
        term.save()
        if modules is not None:
            term.modules.set(modules)
        search.index_term(term)
        if refresh:
            _refresh_mentions()
        audit_record(
            actor=actor,
            action="knowledge.term_created" if created else "knowledge.term_updated",
            obj=term,
        )
    return term


def terms_refresh(*, actor: Any) -> None:
    _require(policies.can_edit(actor))
    with transaction.atomic():
        _refresh_mentions()


def mentions_refresh_all() -> None:
    """For operators' commands (no actor): recompute every chapter's term mentions."""
    with transaction.atomic():
        _refresh_mentions()


def _touch(*terms: Term) -> None:
    Term.objects.filter(pk__in=[t.pk for t in terms]).update(updated_at=timezone.now())


def relation_add(*, actor: Any, source: Term, target: Term, kind: str) -> Relation:
    _require(policies.can_edit(actor))
    relation = Relation(source=source, target=target, kind=kind)
    relation.full_clean()
    with transaction.atomic():
        relation.save()
        _touch(source, target)
        audit_record(
            actor=actor,
            action="knowledge.relation_added",
            obj=relation,
            source=source.slug,
            target=target.slug,
            kind=kind,
        )
    return relation


def relation_delete(*, actor: Any, relation: Relation) -> None:
    _require(policies.can_edit(actor))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="knowledge.relation_deleted",
            obj=relation,
            source=relation.source.slug,
            target=relation.target.slug,
            kind=relation.kind,
        )
        _touch(relation.source, relation.target)
        relation.delete()
