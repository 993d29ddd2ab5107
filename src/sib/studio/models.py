"""Innovation projects: the team (an academy group or the people a broker invites), the challenge
they answer, their Open Book stage with a dated history, and the tags shared with the brokerage."""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from sib.academy.models import Group
from sib.accounts.choices import Voivodeship
from sib.brokerage.models import Challenge, Stage
from sib.core.models import SdgGoal, SdgTarget, Theme, TimeStampedModel


class Project(TimeStampedModel):
    """A social innovation a team prepares, plans, implements and evaluates."""

    title = models.CharField(_("title"), max_length=200)
    # modeltranslation's title_pl and title_en columns, declared for the type checker
    title_pl: str | None
    title_en: str | None
    summary = models.TextField(_("summary"), blank=True)
    team = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("team (group of an edition)"),
    )
    lead_broker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
        verbose_name=_("lead broker"),
    )
    challenge = models.ForeignKey(
        Challenge,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("challenge it answers"),
    )
    voivodeship = models.CharField(_("region"), max_length=32, choices=Voivodeship.choices)
    stage = models.PositiveSmallIntegerField(
        _("stage"),
        choices=Stage.choices,
        default=Stage.PROMPTS,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    themes = models.ManyToManyField(Theme, blank=True, verbose_name=_("themes"))
    sdgs = models.ManyToManyField(SdgGoal, blank=True, verbose_name=_("SDGs"))
    published_at = models.DateTimeField(_("published to the showcase"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        indexes = [
            # The showcase at scale (decision 0724): its state (count, last change) read from the
            # index alone on every public request, and its pages in their order without a sort.
            models.Index(fields=["published_at", "updated_at"], name="studio_showcase_state"),
            models.Index(fields=["-published_at", "id"], name="studio_showcase_order"),
        ]
        verbose_name = _("innovation project")
        verbose_name_plural = _("innovation projects")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ProjectMember(models.Model):
    """A person on a project's team besides the group's participants (e.g. whom a broker invites),
    and anyone's consent to show their name on the public page."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    name_public = models.BooleanField(_("show my name on the public page"), default=False)
    role = models.CharField(
        _("role on the team"),
        max_length=100,
        blank=True,
        help_text=_("e.g. research, prototype, contacts with the town hall"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="studio_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.project}"


# Reasons the platform itself records (in English, the message id); shown in the reader's language.
OPENED = gettext_noop("Project opened")
OPENED_FROM_CHALLENGE = gettext_noop("Project opened from the challenge")
SYSTEM_REASONS = (OPENED, OPENED_FROM_CHALLENGE)


@functools.cache
def _system_reason_texts() -> dict[str, str]:
    """Each platform reason as stored in any language, mapped to its message id (read once: the
    catalogues do not change while the process runs)."""
    texts: dict[str, str] = {}
    for msgid in SYSTEM_REASONS:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                texts[gettext(msgid)] = msgid
    return texts


def _system_reason(text: str) -> str | None:
    """The message id of a reason the platform wrote, in whichever language it was stored."""
    return _system_reason_texts().get(text)


class StageChange(models.Model):
    """A dated move between Open Book stages, with the reason the team gave."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_history")
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    changed_on = models.DateField(_("date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["project", "changed_on", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.project}: {self.stage} ({self.changed_on})"

    @property
    def is_system_reason(self) -> bool:
        return _system_reason(self.reason) is not None

    @property
    def reason_shown(self) -> str:
        """The team's words as written; the platform's own reason in the reader's language."""
        msgid = _system_reason(self.reason)
        return gettext(msgid) if msgid else self.reason


# --- canvas templates (TOOLKIT.md "Canvases as structured data") ---------------------------------


class BlockKind(models.TextChoices):
    TEXT = "text", _("Text")
    LIST = "list", _("List")
    GRID = "grid", _("Grid")
    SCALE = "scale", _("Scale")


class CanvasTemplate(models.Model):
    """One version of a design-thinking or service-design tool. Revising a template makes a new
    version; canvases keep the version they were made from."""

    key = models.SlugField(_("key"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    # modeltranslation's title_pl and title_en columns, declared for the type checker
    title_pl: str | None
    title_en: str | None
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=120, blank=True)
    change_note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("canvas template")
        verbose_name_plural = _("canvas templates")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="studio_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class TemplateBlock(models.Model):
    """A block of a template. `config`: for a grid {"column": [pl, en], "lanes": [[key, pl, en]]}
    (fixed lanes, columns the team adds); for a scale {"min": 1, "max": 5}."""

    template = models.ForeignKey(CanvasTemplate, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=8, choices=BlockKind.choices)
    label = models.CharField(_("label"), max_length=200)
    prompt = models.TextField(_("prompt"), blank=True)
    config = models.JSONField(_("settings"), default=dict, blank=True)

    class Meta:
        ordering = ["template", "position", "id"]
        verbose_name = _("template block")
        verbose_name_plural = _("template blocks")
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="studio_block_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.template.key}.{self.key}"


# --- canvases ------------------------------------------------------------------------------------


class Canvas(models.Model):
    """A project's instance of one template version. `version` is the number of the latest save,
    kept here so reading a canvas never scans its history."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="canvases")
    template = models.ForeignKey(CanvasTemplate, on_delete=models.PROTECT, related_name="canvases")
    title = models.CharField(_("title"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    latest = models.ForeignKey(
        "CanvasVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("canvas")
        verbose_name_plural = _("canvases")

    def __str__(self) -> str:
        return self.title or str(self.template.title)

    @property
    def content(self) -> dict:
        return self.latest.content if self.latest else {}


class CanvasVersion(models.Model):
    """Every accepted save (who, when, the whole content)."""

    canvas = models.ForeignKey(Canvas, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"), default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved"))

    class Meta:
        ordering = ["canvas", "number"]
        verbose_name = _("canvas version")
        verbose_name_plural = _("canvas versions")
        constraints = [
            models.UniqueConstraint(fields=["canvas", "number"], name="studio_canvas_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.canvas} v{self.number}"


class CanvasComment(models.Model):
    """A mentor's (or coordinator's) comment on one block, at the version they read."""

    canvas = models.ForeignKey(Canvas, on_delete=models.CASCADE, related_name="comments")
    block_key = models.SlugField(_("block"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["canvas", "created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.canvas} / {self.block_key}"


# --- mentoring -----------------------------------------------------------------------------------


class MentoringNote(models.Model):
    """The studio's part of a mentoring meeting: the meeting itself is an `academy.Session` of
    format mentoring for the team's group, so its minutes count through attendance as before."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="mentoring_notes")
    session = models.OneToOneField(
        "academy.Session", on_delete=models.CASCADE, related_name="mentoring_note"
    )
    notes = models.TextField(_("notes"), blank=True)
    next_meeting = models.DateTimeField(_("next meeting"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["project", "session__starts_at"]
        verbose_name = _("mentoring note")
        verbose_name_plural = _("mentoring notes")

    def __str__(self) -> str:
        return f"{self.project}: {self.session}"


class AgreedAction(models.Model):
    """What the team agreed to do at a mentoring meeting: who, by when, and whether it is done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="actions")
    note = models.ForeignKey(
        MentoringNote, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="studio_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["project", "done_on", "due_on", "id"]
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")

    def __str__(self) -> str:
        return self.text


# --- milestones (TOOLKIT.md implementation plan) --------------------------------------------------


class Milestone(models.Model):
    """A dated step of the project's implementation plan; overdue while not done after its date."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["project", "due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        return self.done_on is None and self.due_on < today


# --- impact indicators (TOOLKIT.md minimal standard model) ---------------------------------------


class Indicator(models.Model):
    """What the project measures of an outcome (TOOLKIT.md minimal standard model): unit, method,
    stakeholder group, SDG targets, baseline and target, each value with an optional date."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    # modeltranslation's name_pl and name_en columns, declared for the type checker
    name_pl: str | None
    name_en: str | None
    unit = models.CharField(_("unit"), max_length=60)
    method = models.TextField(_("method"), blank=True)
    outcome = models.CharField(_("outcome it measures"), max_length=300, blank=True)
    stakeholder_group = models.CharField(_("stakeholder group"), max_length=200, blank=True)
    sdg_targets = models.ManyToManyField(
        SdgTarget, blank=True, related_name="indicators", verbose_name=_("SDG targets")
    )
    iris_metric = models.CharField(_("IRIS+ metric id"), max_length=20, blank=True)
    breakdown = models.CharField(_("breakdown dimensions"), max_length=200, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_on = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("impact indicator")
        verbose_name_plural = _("impact indicators")

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """A value of an indicator on a date, with its source and evidence."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    evidence = models.URLField(_("evidence (link)"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "measured_on", "id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"


# --- project files -------------------------------------------------------------------------------


def project_file_path(instance: ProjectFile, filename: str) -> str:
    # The name is made by the service (a random token and the extension of the sniffed type).
    return f"studio/files/{filename}"


class ProjectFile(models.Model):
    """A file the team keeps with its project (research notes, prototypes' photos, reports).
    Stored through Django's storage; downloaded only through the project's permission check."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=project_file_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["project", "-uploaded_at", "-id"]
        verbose_name = _("project file")
        verbose_name_plural = _("project files")

    def __str__(self) -> str:
        return self.title or self.filename
