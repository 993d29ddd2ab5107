"""Manuals (versioned Markdown chapters), course materials, and the map of terms.

A document's version is a counter raised by every chapter save; each save stores a whole
`ChapterRevision` stamped with that number, so the document as it was at version N is, for each
chapter, its latest revision at or below N (see `selectors.document_at`). Chapters and documents
have stable keys (slugs) that other apps may reference (a studio canvas naming its guide chapter).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sib.academy.models import Module, Programme, Session
from sib.core.models import TimeStampedModel

BODY_MAX = 200_000
TEXT_MAX = 20_000
# Keys that would collide with the pages under a manual's address.
RESERVED_KEYS = {"new", "edit", "changes", "history", "pdf", "chapters", "a-z"}


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone (public)")
    PARTICIPANTS = "participants", _("Participants")
    BROKERS = "brokers", _("Brokers")
    MENTORS = "mentors", _("Mentors")
    TRAINERS = "trainers", _("Trainers")


class DocumentKind(models.TextChoices):
    MANUAL = "manual", _("Manual")
    GUIDE = "guide", _("Guide")


def _not_reserved(value: str) -> None:
    if value in RESERVED_KEYS:
        raise ValidationError(_("This key is reserved; choose another."))


class Document(TimeStampedModel):
    """A manual or guide; its audience decides who may read it."""

    key = models.SlugField(
        _("key"),
        max_length=60,
        unique=True,
        validators=[_not_reserved],
        help_text=_("The manual's stable address; it cannot change later."),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.MANUAL
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, validators=[MaxLengthValidator(2000)])
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC
    )
    published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished manuals are seen by staff only.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("manual")
        verbose_name_plural = _("manuals")

    def __str__(self) -> str:
        return self.title


class Chapter(models.Model):
    """A chapter's identity and place; its text lives in revisions."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="chapters")
    key = models.SlugField(
        _("key"),
        max_length=80,
        validators=[_not_reserved],
        help_text=_("The chapter's stable address within the manual; it cannot change later."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    current = models.ForeignKey(
        "ChapterRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "position", "id"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="chapter_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.document.key}/{self.key}"

    @property
    def reference(self) -> str:
        """What another app stores to point at this chapter: `<manual key>/<chapter key>`."""
        return f"{self.document.key}/{self.key}"


class ChapterRevision(models.Model):
    """The whole text of a chapter (both languages) as saved at one document version."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="revisions")
    document_version = models.PositiveIntegerField(_("version"))
    title_pl = models.CharField(_("title (Polish)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_pl = models.TextField(
        _("text (Polish, Markdown)"), blank=True, validators=[MaxLengthValidator(BODY_MAX)]
    )
    body_en = models.TextField(
        _("text (English, Markdown)"), blank=True, validators=[MaxLengthValidator(BODY_MAX)]
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["chapter", "-document_version"]
        verbose_name = _("chapter revision")
        verbose_name_plural = _("chapter revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "document_version"], name="chapter_revision_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.chapter_id} v{self.document_version}"

    def clean(self) -> None:
        if not (self.title_pl.strip() or self.title_en.strip()):
            raise ValidationError(
                {"title_pl": _("Give the chapter a title in at least one language.")}
            )

    def title_in(self, language: str) -> str:
        return self.title_pl if language == "pl" else self.title_en

    def body_in(self, language: str) -> str:
        return self.body_pl if language == "pl" else self.body_en


class MaterialKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")


class MaterialLanguage(models.TextChoices):
    PL = "pl", _("Polish")
    EN = "en", _("English")
    BOTH = "pl+en", _("Polish and English")


def material_path(instance: Material, filename: str) -> str:
    # The name is made by the service (a random token and the extension of the sniffed type).
    return f"knowledge/materials/{filename}"


class Material(TimeStampedModel):
    """A file or link attached to a programme, a module or a session."""

    title = models.CharField(_("title"), max_length=200)
    # modeltranslation's title_pl and title_en columns, declared for the type checker
    title_pl: str | None
    title_en: str | None
    kind = models.CharField(_("kind"), max_length=8, choices=MaterialKind.choices)
    file = models.FileField(_("file"), upload_to=material_path, blank=True, max_length=200)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    url = models.URLField(_("link"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=MaterialLanguage.choices, default=MaterialLanguage.PL
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public materials may be read by anyone; others only by the edition's people."),
    )
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="materials"
    )
    module = models.ForeignKey(
        Module, null=True, blank=True, on_delete=models.CASCADE, related_name="materials"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="materials"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(programme__isnull=False, module__isnull=True, session__isnull=True)
                    | models.Q(programme__isnull=True, module__isnull=False, session__isnull=True)
                    | models.Q(programme__isnull=True, module__isnull=True, session__isnull=False)
                ),
                name="material_one_owner",
                violation_error_message=_(
                    "Attach the material to exactly one programme, module or session."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if sum(x is not None for x in (self.programme_id, self.module_id, self.session_id)) != 1:
            raise ValidationError(
                _("A material belongs to exactly one programme, module or session.")
            )
        if self.kind == MaterialKind.LINK and not self.url:
            raise ValidationError({"url": _("Give the link's address.")})
        if self.kind == MaterialKind.FILE and not self.file:
            raise ValidationError({"file": _("Choose a file.")})

    @property
    def programme_id_of_owner(self) -> int | None:
        if self.programme_id:
            return self.programme_id
        if self.module is not None:
            return self.module.programme_id
        return None


class RelationKind(models.TextChoices):
    KIND_OF = "kind_of", _("is a kind of")
    PART_OF = "part_of", _("is part of")
    USED_IN = "used_in", _("is used in")
    CONTRASTS_WITH = "contrasts_with", _("contrasts with")


# How a relation reads from its target's side (A is a kind of B → B has kinds: A).
INVERSE_LABELS = {
    RelationKind.KIND_OF: _("has kinds"),
    RelationKind.PART_OF: _("has parts"),
    RelationKind.USED_IN: _("uses"),
    RelationKind.CONTRASTS_WITH: _("contrasts with"),
}


class Term(TimeStampedModel):
    """A concept of the Map of Common Didactic and Conceptual Issues, in Polish and English."""

    slug = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        validators=[_not_reserved],
        help_text=_("The term's stable address; it cannot change later."),
    )
    label = models.CharField(_("term"), max_length=120)
    alt_labels = models.TextField(
        _("other names"),
        blank=True,
        validators=[MaxLengthValidator(2000)],
        help_text=_("Synonyms and abbreviations, one per line."),
    )
    hidden_labels = models.TextField(
        _("inflected forms"),
        blank=True,
        validators=[MaxLengthValidator(2000)],
        help_text=_(
            "Forms that automatic matching misses, one per line (e.g. “teorii zmiany”); used "
            "for links and search, never shown."
        ),
    )
    definition = models.TextField(_("definition"), validators=[MaxLengthValidator(TEXT_MAX)])
    examples = models.TextField(
        _("examples"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)]
    )
    didactic_issues = models.TextField(
        _("didactic issues"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX)],
        help_text=_("Common misconceptions, and how to teach it."),
    )
    country_context = models.TextField(
        _("differences between the countries"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX)],
        help_text=_("How the concept differs between the partner countries' contexts."),
    )
    sources = models.TextField(
        _("sources"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX)],
        help_text=_("One per line."),
    )
    published = models.BooleanField(_("published"), default=True)
    modules = models.ManyToManyField(
        Module, blank=True, related_name="terms", verbose_name=_("taught in modules")
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        errors = {}
        for language in ("pl", "en"):
            if not (getattr(self, f"label_{language}", "") or "").strip():
                errors[f"label_{language}"] = _("Name the term in both languages.")
            if not (getattr(self, f"definition_{language}", "") or "").strip():
                errors[f"definition_{language}"] = _("Define the term in both languages.")
        if errors:
            raise ValidationError(errors)

    def labels_in(self, language: str) -> list[str]:
        """Every name the term goes by in a language: the label, other names, hidden forms."""
        names = [getattr(self, f"label_{language}") or ""]
        for field in ("alt_labels", "hidden_labels"):
            names += (getattr(self, f"{field}_{language}") or "").splitlines()
        return [name.strip() for name in names if name.strip()]


class Relation(models.Model):
    """A typed link between two terms, read "source <kind> target"."""

    source = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)

    class Meta:
        ordering = ["source", "kind", "target"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="relation_unique_triple"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="relation_not_self",
                violation_error_message=_("A term cannot be related to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    def clean(self) -> None:
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError(_("A term cannot be related to itself."))


class TermMention(models.Model):
    """A chapter whose current text names a term (kept by the services when either changes)."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="mentions")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="mentions")
    language = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["term", "chapter", "language"], name="term_mention_unique"
            )
        ]


class SearchEntry(models.Model):
    """One searchable text (a chapter, a material's title, a term) in one language, with what
    decides who may find it. Its words are in `SearchToken` (decision 0802)."""

    class Kind(models.TextChoices):
        CHAPTER = "chapter", _("Manual chapter")
        MATERIAL = "material", _("Material")
        TERM = "term", _("Term")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=2)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    path = models.CharField(max_length=300)
    # Who may find it: chapters by their manual's audience, materials by their owner.
    audience = models.CharField(max_length=16, blank=True)
    published = models.BooleanField(default=True)
    public = models.BooleanField(default=False)
    document = models.ForeignKey(Document, null=True, on_delete=models.CASCADE, related_name="+")
    programme_id_scope = models.BigIntegerField(null=True)
    session = models.ForeignKey(Session, null=True, on_delete=models.CASCADE, related_name="+")
    title_words = models.PositiveIntegerField(default=0)
    text_words = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["kind", "object_id"])]


class SearchToken(models.Model):
    """A stemmed word of an entry: how often it occurs in the title and in the text."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="tokens")
    stem = models.CharField(max_length=60)
    title_count = models.PositiveIntegerField(default=0)
    text_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["stem"])]
        constraints = [
            models.UniqueConstraint(fields=["entry", "stem"], name="search_token_unique")
        ]
