"""The pilot's manuals, materials and map of terms (DEMO-DATA.md "Knowledge"), loaded through the
services. Idempotent: the mentor manual's key is the marker. Touches no academy figure: materials
and terms only point at the pilot's programme, modules and sessions."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import OutputWrapper

from sib.academy.models import Format, Module, Programme, Session
from sib.accounts.demo import demo_email
from sib.accounts.models import User
from sib.core.pdf import render_pdf
from sib.knowledge import demo_content as content
from sib.knowledge import services
from sib.knowledge.models import Document, Term

PILOT_CODE = "pilot-2023-24"


def _manual(coordinator: User, spec: dict, chapters: list, position: int) -> Document:
    document = services.document_create(
        actor=coordinator,
        key=spec["key"],
        audience=spec["audience"],
        title_pl=spec["title_pl"],
        title_en=spec["title_en"],
        summary_pl=spec["summary_pl"],
        summary_en=spec["summary_en"],
        position=position,
    )
    for index, (key, title_pl, title_en, body_pl, body_en) in enumerate(chapters, 1):
        services.chapter_save(
            actor=coordinator,
            document=document,
            key=key,
            position=index,
            title_pl=title_pl,
            title_en=title_en if body_en or not body_pl else "",
            body_pl=body_pl,
            body_en=body_en,
            note="Pierwsza wersja / first version",
        )
    return document


def _handout(title_pl: str, title_en: str) -> bytes:
    return render_pdf(
        "knowledge/pdf/handout.html",
        {"title_pl": title_pl, "title_en": title_en},
        stylesheet="knowledge/pdf.css",
    )


def load(*, stdout: OutputWrapper) -> None:
    if Document.objects.filter(key=content.MENTOR_MANUAL["key"]).exists():
        return
    coordinator = User.objects.get(email=demo_email("coordinator"))
    programme = Programme.objects.filter(code="sib").first()
    modules = {m.code: m for m in Module.objects.filter(programme=programme)} if programme else {}

    for slug, pl, en, def_pl, def_en, did_pl, did_en, ctx_pl, ctx_en, codes in content.TERMS:
        hidden_pl, hidden_en = content.HIDDEN.get(slug, ("", ""))
        services.term_save(
            actor=coordinator,
            slug=slug,
            refresh=False,
            modules=[modules[code] for code in codes if code in modules],
            label_pl=pl,
            label_en=en,
            definition_pl=def_pl,
            definition_en=def_en,
            didactic_issues_pl=did_pl,
            didactic_issues_en=did_en,
            country_context_pl=ctx_pl,
            country_context_en=ctx_en,
            hidden_labels_pl=hidden_pl,
            hidden_labels_en=hidden_en,
            sources="Map of Common Didactic and Conceptual Issues, SIB pilot 2023/24",
        )
    terms = {term.slug: term for term in Term.objects.all()}
    for source, target, kind in content.RELATIONS:
        services.relation_add(
            actor=coordinator, source=terms[source], target=terms[target], kind=kind
        )

    _manual(coordinator, content.BROKER_MANUAL, content.BROKER_CHAPTERS, 1)
    mentor = _manual(coordinator, content.MENTOR_MANUAL, content.MENTOR_CHAPTERS, 2)
    broker = Document.objects.get(key=content.BROKER_MANUAL["key"])
    role = broker.chapters.select_related("current").get(key="role")
    current = role.current
    assert current is not None  # noqa: S101 - saved just above
    extra_pl, extra_en = content.BROKER_ROLE_UPDATE
    services.chapter_save(
        actor=coordinator,
        document=broker,
        chapter=role,
        title_pl=current.title_pl,
        title_en=current.title_en,
        body_pl=current.body_pl + extra_pl,
        body_en=current.body_en + extra_en,
        note="Dodano współpracę z Norwegią / added the work with Norway",
        based_on=current.document_version,
    )

    for code, title_pl, title_en, kind, value, language, public in content.MATERIALS:
        module = modules.get(code)
        if module is None:
            continue
        upload = None
        if kind == "pdf":
            upload = SimpleUploadedFile("handout.pdf", _handout(title_pl, title_en))
        elif kind == "text":
            upload = SimpleUploadedFile(f"{value}.txt", content.TEXT_FILES[value].encode())
        services.material_add(
            actor=coordinator,
            title_pl=title_pl,
            title_en=title_en,
            module=module,
            upload=upload,
            url=value if kind == "link" else "",
            language=language,
            public=public,
        )
    session = (
        Session.objects.filter(edition__code=PILOT_CODE, module__code="M4", format=Format.WORKSHOP)
        .order_by("starts_at")
        .first()
    )
    if session is not None:
        services.material_add(
            actor=coordinator,
            title_pl="Karta persony do warsztatu",
            title_en="Persona worksheet for the workshop",
            session=session,
            upload=SimpleUploadedFile(
                "persona.pdf", _handout("Karta persony", "Persona worksheet")
            ),
            language="pl+en",
        )
    services.terms_refresh(actor=coordinator)
    stdout.write(
        f"Knowledge: 2 manuals, {Term.objects.count()} terms, "
        f"{len(content.RELATIONS)} relations, mentor manual at /knowledge/manuals/{mentor.key}/"
    )
