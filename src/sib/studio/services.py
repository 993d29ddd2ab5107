"""Every write of the studio: keyword-only, validated, one transaction, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sib.academy.models import Format, Group, Session
from sib.accounts.models import User
from sib.accounts.policies import is_coordinator
from sib.brokerage.models import Challenge
from sib.core.audit import audit_record
from sib.core.models import SdgGoal, SdgTarget, Theme
from sib.studio import content as canvas_content
from sib.studio import policies
from sib.studio.models import (
    OPENED,
    OPENED_FROM_CHALLENGE,
    AgreedAction,
    BlockKind,
    Canvas,
    CanvasComment,
    CanvasTemplate,
    CanvasVersion,
    Indicator,
    Measurement,
    MentoringNote,
    Milestone,
    Project,
    ProjectMember,
    StageChange,
    TemplateBlock,
)

# Marks an argument the caller left out (None is a value: no team).
UNCHANGED = object()

PROJECT_FIELDS = ("title_pl", "title_en", "summary_pl", "summary_en", "voivodeship")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _fill(project: Project, data: dict[str, Any]) -> None:
    for name in PROJECT_FIELDS:
        if name in data:
            setattr(project, name, data[name] or "")
    if not (project.title_pl or project.title_en):
        raise ValidationError({"title_pl": _("Give the project a title in at least one language.")})


def _tags(project: Project, themes: Iterable[Theme] | None, sdgs: Iterable[SdgGoal] | None) -> None:
    if themes is not None:
        project.themes.set(list(themes))
    if sdgs is not None:
        project.sdgs.set(list(sdgs))


@transaction.atomic
def project_create(
    *,
    actor: User,
    data: dict[str, Any],
    team: Group | None = None,
    lead_broker: User | None = None,
    challenge: Challenge | None = None,
    themes: Iterable[Theme] | None = None,
    sdgs: Iterable[SdgGoal] | None = None,
    stage: int = 1,
    started_on: dt.date | None = None,
) -> Project:
    """A coordinator opens the project of an edition's team; its first stage is recorded."""
    _require(policies.can_create(actor))
    project = Project(team=team, lead_broker=lead_broker, challenge=challenge, stage=stage)
    project.created_by = actor
    _fill(project, data)
    project.full_clean()
    project.save()
    _tags(project, themes, sdgs)
    StageChange.objects.create(
        project=project,
        stage=stage,
        changed_on=started_on or timezone.localdate(),
        changed_by=actor,
        reason=OPENED,
    )
    audit_record(actor=actor, action="studio.project.create", obj=project)
    return project


@transaction.atomic
def project_open_from_challenge(*, actor: User, challenge: Challenge) -> Project:
    """A broker whose introduction was accepted opens a project answering the challenge: it
    takes the challenge's title, region, stage and tags, with the broker as lead and member."""
    _require(policies.can_open_from_challenge(actor, challenge))
    project = Project(
        challenge=challenge,
        lead_broker=actor,
        voivodeship=challenge.voivodeship,
        stage=challenge.stage,
        created_by=actor,
    )
    for language in ("pl", "en"):
        setattr(project, f"title_{language}", getattr(challenge, f"title_{language}") or "")
        setattr(project, f"summary_{language}", getattr(challenge, f"summary_{language}") or "")
    project.full_clean()
    project.save()
    project.themes.set(challenge.themes.all())
    project.sdgs.set(challenge.sdgs.all())
    ProjectMember.objects.create(project=project, user=actor)
    StageChange.objects.create(
        project=project,
        stage=project.stage,
        changed_on=timezone.localdate(),
        changed_by=actor,
        reason=OPENED_FROM_CHALLENGE,
    )
    audit_record(actor=actor, action="studio.project.open", obj=project, challenge=challenge.pk)
    return project


@transaction.atomic
def project_update(
    *,
    actor: User,
    project: Project,
    data: dict[str, Any],
    themes: Iterable[Theme] | None = None,
    sdgs: Iterable[SdgGoal] | None = None,
    team: Group | None | object = UNCHANGED,
) -> Project:
    """`team` (an edition's group, whose mentors become the project's) is a coordinator's choice:
    a broker's project opened from a challenge joins the group its broker is trained in."""
    _require(policies.can_edit(actor, project))
    if team is not UNCHANGED and team != project.team:
        _require(policies.can_set_team(actor))
        new_team = team if isinstance(team, Group) else None
        if new_team is not None and new_team.projects.exclude(pk=project.pk).exists():
            raise ValidationError({"team": _("This team already has a project.")})
        project.team = new_team
    _fill(project, data)
    project.full_clean()
    project.save()
    _tags(project, themes, sdgs)
    audit_record(actor=actor, action="studio.project.update", obj=project)
    return project


@transaction.atomic
def project_set_stage(
    *, actor: User, project: Project, stage: int, reason: str, on: dt.date | None = None
) -> StageChange:
    """Move to another Open Book stage; the reason is required, the date kept."""
    _require(policies.can_edit(actor, project))
    if stage not in range(1, 7):
        raise ValidationError({"stage": _("Choose a stage from 1 to 6.")})
    if stage == project.stage:
        raise ValidationError({"stage": _("The project is already at this stage.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the stage changes.")})
    project.stage = stage
    project.save(update_fields=["stage", "updated_at"])
    change = StageChange(
        project=project,
        stage=stage,
        changed_on=on or timezone.localdate(),
        changed_by=actor,
        reason=reason.strip(),
    )
    change.full_clean()
    change.save()
    audit_record(actor=actor, action="studio.project.stage", obj=project, stage=stage)
    return change


@transaction.atomic
def project_publish(*, actor: User, project: Project, published: bool) -> Project:
    """The team decides when its page appears in the innovation showcase."""
    _require(policies.can_edit(actor, project))
    project.published_at = (project.published_at or timezone.now()) if published else None
    project.save(update_fields=["published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="studio.project.publish" if published else "studio.project.unpublish",
        obj=project,
    )
    return project


@transaction.atomic
def member_add(*, actor: User, project: Project, user: User) -> ProjectMember:
    _require(policies.can_edit(actor, project))
    member, _created = ProjectMember.objects.get_or_create(project=project, user=user)
    audit_record(actor=actor, action="studio.member.add", obj=project, user=user.pk)
    return member


@transaction.atomic
def name_consent(*, actor: User, project: Project, public: bool) -> ProjectMember:
    """A team member agrees (or no longer agrees) to have their name on the public page."""
    _require(policies.is_member(actor, project))
    member, _created = ProjectMember.objects.get_or_create(project=project, user=actor)
    member.name_public = public
    member.save(update_fields=["name_public"])
    project.save(update_fields=["updated_at"])  # the public page's kept copies change with it
    audit_record(actor=actor, action="studio.member.consent", obj=project, public=public)
    return member


# --- canvas templates ----------------------------------------------------------------------------

BLOCK_FIELDS = ("key", "kind", "label_pl", "label_en", "prompt_pl", "prompt_en", "config")


def _check_blocks(blocks: list[dict[str, Any]]) -> None:
    """A template needs blocks with distinct keys; a grid needs lanes, a scale a sensible range."""
    if not blocks:
        raise ValidationError(_("A template needs at least one block."))
    keys = [block["key"] for block in blocks]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("Each block needs its own key."))
    for block in blocks:
        config = block.get("config") or {}
        if block["kind"] == BlockKind.GRID and not config.get("lanes"):
            raise ValidationError(
                _("The grid block “%(key)s” needs at least one row.") % {"key": block["key"]}
            )
        if block["kind"] == BlockKind.SCALE and not (
            int(config.get("min", 1)) < int(config.get("max", 5))
        ):
            raise ValidationError(
                _("The scale of “%(key)s” must run from a lower to a higher number.")
                % {"key": block["key"]}
            )


def _save_template(
    *, actor: User, key: str, version: int, data: dict[str, Any], blocks: list[dict[str, Any]]
) -> CanvasTemplate:
    _check_blocks(blocks)
    template = CanvasTemplate(key=key, version=version, created_by=actor)
    for name in ("title_pl", "title_en", "description_pl", "description_en", "source", "licence"):
        if name in data:
            setattr(template, name, data[name] or "")
    template.change_note = data.get("change_note", "") or ""
    if not (template.title_pl or template.title_en):
        raise ValidationError({"title_pl": _("Give the template a title.")})
    template.full_clean()
    template.save()
    for position, block in enumerate(blocks, start=1):
        row = TemplateBlock(template=template, position=position)
        for name in BLOCK_FIELDS:
            setattr(row, name, block.get(name) or ({} if name == "config" else ""))
        row.full_clean(exclude=["template"])
        row.save()
    return template


@transaction.atomic
def template_create(
    *, actor: User, key: str, data: dict[str, Any], blocks: list[dict[str, Any]]
) -> CanvasTemplate:
    """A coordinator adds a new tool (version 1) without code."""
    _require(is_coordinator(actor))
    if CanvasTemplate.objects.filter(key=key).exists():
        raise ValidationError({"key": _("A template with this key exists; revise it instead.")})
    template = _save_template(actor=actor, key=key, version=1, data=data, blocks=blocks)
    audit_record(actor=actor, action="studio.template.create", obj=template)
    return template


@transaction.atomic
def template_revise(
    *, actor: User, template: CanvasTemplate, data: dict[str, Any], blocks: list[dict[str, Any]]
) -> CanvasTemplate:
    """A new version of the tool; canvases made from older versions keep theirs."""
    _require(is_coordinator(actor))
    latest = (
        CanvasTemplate.objects.select_for_update()
        .filter(key=template.key)
        .order_by("-version")
        .first()
    )
    version = (latest.version if latest else template.version) + 1
    revised = _save_template(
        actor=actor, key=template.key, version=version, data=data, blocks=blocks
    )
    audit_record(actor=actor, action="studio.template.revise", obj=revised, version=version)
    return revised


# --- canvases ------------------------------------------------------------------------------------


class CanvasConflict(Exception):
    """The save was based on a version that is no longer the latest: nothing is written, and the
    caller shows both the latest content and the one they sent."""

    def __init__(self, canvas: Canvas, based_on: int, since: list[CanvasVersion]) -> None:
        super().__init__(f"canvas {canvas.pk}: based on v{based_on}, latest v{canvas.version}")
        self.canvas = canvas
        self.based_on = based_on
        self.since = since

    @property
    def latest(self) -> CanvasVersion:
        return self.since[-1]


def _new_version(canvas: Canvas, *, actor: User, content: dict[str, Any]) -> CanvasVersion:
    version = CanvasVersion.objects.create(
        canvas=canvas,
        number=canvas.version + 1,
        content=content,
        saved_by=actor if actor and actor.is_authenticated else None,
        saved_at=timezone.now(),
    )
    canvas.version = version.number
    canvas.latest = version
    canvas.save(update_fields=["version", "latest"])
    return version


@transaction.atomic
def canvas_create(
    *,
    actor: User,
    project: Project,
    template: CanvasTemplate,
    title: str = "",
    content: dict[str, Any] | None = None,
) -> Canvas:
    """A new canvas from one template version; its first version is the given (or empty) content."""
    _require(policies.can_work_on_canvases(actor, project))
    cleaned = canvas_content.clean(template, content or {})
    canvas = Canvas(project=project, template=template, title=title, created_by=actor)
    canvas.full_clean(exclude=["latest"])
    canvas.save()
    _new_version(canvas, actor=actor, content=cleaned)
    audit_record(actor=actor, action="studio.canvas.create", obj=canvas)
    return canvas


def canvas_save(
    *, actor: User, canvas: Canvas, content: dict[str, Any], based_on: int
) -> CanvasVersion:
    """Every accepted save is a new version (even an unchanged one). A save based on an older
    version than the latest raises CanvasConflict and writes nothing.

    An autosave is the studio's most frequent write (decision 0725): the content is checked
    against the template's blocks (which came with `canvas`, as did the project) before the
    transaction, so the write lock (SQLite takes it at the start) is held only for reading the
    latest version number, the version's insert, the canvas's update and the audit row; `canvas`
    is brought up to date for the answer. A stale save is still answered with the conflict first,
    whatever its content."""
    _require(policies.can_work_on_canvases(actor, canvas.project))
    cleaned: dict[str, Any] | None = None
    invalid: ValidationError | None = None
    try:
        cleaned = canvas_content.clean(canvas.template, content)
    except ValidationError as error:
        invalid = error
    with transaction.atomic():
        latest = (
            Canvas.objects.select_for_update()
            .filter(pk=canvas.pk)
            .values_list("version", flat=True)
            .get()
        )
        if based_on != latest:
            since = list(
                CanvasVersion.objects.filter(canvas=canvas, number__gt=based_on)
                .select_related("saved_by")
                .order_by("number")
            )
            raise CanvasConflict(canvas, based_on, since)
        if invalid is not None:
            raise invalid
        canvas.version = latest
        version = _new_version(canvas, actor=actor, content=cleaned or {})
        audit_record(actor=actor, action="studio.canvas.save", obj=canvas, version=version.number)
    return version


@transaction.atomic
def canvas_comment(*, actor: User, canvas: Canvas, block_key: str, text: str) -> CanvasComment:
    """A mentor's comment on one block, at the version they read."""
    _require(policies.can_comment(actor, canvas.project))
    if not canvas.template.blocks.filter(key=block_key).exists():
        raise ValidationError({"block_key": _("This canvas has no such block.")})
    comment = CanvasComment(
        canvas=canvas, block_key=block_key, version=canvas.version, author=actor, text=text.strip()
    )
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action="studio.canvas.comment", obj=canvas, block=block_key)
    return comment


EXPORT_FORMAT = "sib-canvas/1"


def canvas_export(canvas: Canvas) -> dict[str, Any]:
    """The canvas as JSON that `canvas_import` turns back into the same content."""
    return {
        "format": EXPORT_FORMAT,
        "template": {"key": canvas.template.key, "version": canvas.template.version},
        "title": canvas.title,
        "version": canvas.version,
        "content": canvas.content,
    }


@transaction.atomic
def canvas_import(*, actor: User, project: Project, data: Any) -> Canvas:
    """A new canvas of the project from an export (of this or another project)."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ValidationError(_("This is not a canvas export."))
    ref = data.get("template") or {}
    template = CanvasTemplate.objects.filter(key=ref.get("key"), version=ref.get("version")).first()  # type: ignore[misc]  # None finds no template: refused below
    if template is None:
        raise ValidationError(_("The export's template version does not exist here."))
    return canvas_create(
        actor=actor,
        project=project,
        template=template,
        title=str(data.get("title") or ""),
        content=data.get("content") or {},
    )


# --- mentoring -----------------------------------------------------------------------------------


def mentoring_sessions(project: Project) -> Any:
    """The team group's mentoring sessions (the academy's records, unchanged)."""
    if not project.team_id:
        return Session.objects.none()
    return Session.objects.filter(group_id=project.team_id, format=Format.MENTORING)


@transaction.atomic
def mentoring_note_save(
    *,
    actor: User,
    project: Project,
    session: Session,
    notes: str,
    next_meeting: dt.datetime | None = None,
) -> MentoringNote:
    """Notes of one mentoring session of the team; the session and its attendance stay as the
    academy recorded them, so the hours ledger does not change."""
    _require(policies.can_work_on_canvases(actor, project))
    if not mentoring_sessions(project).filter(pk=session.pk).exists():
        raise ValidationError({"session": _("This is not a mentoring session of the team.")})
    note, _created = MentoringNote.objects.get_or_create(project=project, session=session)
    note.notes = notes.strip()
    note.next_meeting = next_meeting
    note.written_by = actor
    note.full_clean()
    note.save()
    audit_record(actor=actor, action="studio.mentoring.note", obj=note)
    return note


@transaction.atomic
def action_add(
    *,
    actor: User,
    project: Project,
    text: str,
    owner: User | None = None,
    due_on: dt.date | None = None,
    note: MentoringNote | None = None,
) -> AgreedAction:
    _require(policies.can_work_on_canvases(actor, project))
    if owner is not None and not (
        policies.is_member(owner, project) or policies.is_mentor(owner, project)
    ):
        raise ValidationError({"owner": _("The owner must be on the team or mentor it.")})
    action = AgreedAction(project=project, note=note, text=text.strip(), owner=owner, due_on=due_on)
    action.full_clean()
    action.save()
    audit_record(actor=actor, action="studio.action.add", obj=action)
    return action


@transaction.atomic
def action_done(*, actor: User, action: AgreedAction, done: bool = True) -> AgreedAction:
    _require(policies.can_work_on_canvases(actor, action.project))
    action.done_on = timezone.localdate() if done else None
    action.save(update_fields=["done_on"])
    audit_record(actor=actor, action="studio.action.done", obj=action, done=done)
    return action


# --- milestones ----------------------------------------------------------------------------------

MILESTONE_FIELDS = (
    "title_pl",
    "title_en",
    "description_pl",
    "description_en",
    "due_on",
    "done_on",
)


@transaction.atomic
def milestone_save(
    *, actor: User, project: Project, data: dict[str, Any], milestone: Milestone | None = None
) -> Milestone:
    """Add or change a milestone: the team and the lead broker (and coordinators) plan; mentors
    read. A milestone cannot be done on a day that has not come yet."""
    _require(policies.can_edit(actor, project))
    if milestone is not None and milestone.project_id != project.pk:
        raise PermissionDenied
    milestone = milestone or Milestone(project=project, created_by=actor)
    for name in MILESTONE_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name.startswith(("title", "description")):
                value = ""
            setattr(milestone, name, value)
    if not (milestone.title_pl or milestone.title_en):  # type: ignore[attr-defined]
        raise ValidationError(
            {"title_pl": _("Give the milestone a title in at least one language.")}
        )
    if milestone.done_on and milestone.done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A milestone cannot be done on a day still to come.")})
    milestone.full_clean()
    milestone.save()
    audit_record(actor=actor, action="studio.milestone.save", obj=milestone)
    return milestone


@transaction.atomic
def milestone_done(*, actor: User, milestone: Milestone, done: bool = True) -> Milestone:
    _require(policies.can_edit(actor, milestone.project))
    milestone.done_on = timezone.localdate() if done else None
    milestone.save(update_fields=["done_on"])
    audit_record(actor=actor, action="studio.milestone.done", obj=milestone, done=done)
    return milestone


# --- impact indicators ---------------------------------------------------------------------------

INDICATOR_FIELDS = (
    "name_pl",
    "name_en",
    "unit",
    "method",
    "outcome",
    "stakeholder_group",
    "iris_metric",
    "breakdown",
    "baseline",
    "baseline_on",
    "target",
    "target_on",
)
_INDICATOR_DATES = ("baseline_on", "target_on")


def sdg_targets_from_codes(codes: Iterable[str]) -> list[SdgTarget]:
    """The SDG targets the codes name ("4.4", "10.2"); an unknown code is a clear error."""
    wanted = [str(code).strip() for code in codes if str(code).strip()]
    found = {target.code: target for target in SdgTarget.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValidationError(
            {
                "sdg_targets": _("No such SDG target: %(codes)s. Use codes such as 4.4 or 10.2.")
                % {"codes": ", ".join(unknown)}
            }
        )
    return [found[code] for code in dict.fromkeys(wanted)]


@transaction.atomic
def indicator_save(
    *,
    actor: User,
    project: Project,
    data: dict[str, Any],
    indicator: Indicator | None = None,
    sdg_targets: Iterable[str] | None = None,
) -> Indicator:
    """Add or change an indicator (the team, the lead broker, coordinators). `sdg_targets` are
    target codes; None leaves them as they are."""
    _require(policies.can_edit(actor, project))
    if indicator is not None and indicator.project_id != project.pk:
        raise PermissionDenied
    targets = sdg_targets_from_codes(sdg_targets) if sdg_targets is not None else None
    indicator = indicator or Indicator(project=project)
    for name in INDICATOR_FIELDS:
        if name in data:
            value = data[name]
            if (
                value is None
                and name not in _INDICATOR_DATES
                and name not in ("baseline", "target")
            ):
                value = ""
            setattr(indicator, name, value)
    errors: dict[str, str] = {}
    if not (indicator.name_pl or indicator.name_en):
        errors["name_pl"] = _("Name the indicator in at least one language.")
    if not (indicator.unit or "").strip():
        errors["unit"] = _("Say what unit the indicator counts (people, hours, %…).")
    if indicator.target is None:
        errors["target"] = _("Give the target value.")
    elif indicator.baseline is not None and indicator.target == indicator.baseline:
        errors["target"] = _("The target must differ from the baseline.")
    if (
        indicator.baseline_on
        and indicator.target_on
        and indicator.target_on <= indicator.baseline_on
    ):
        errors["target_on"] = _("The target date must come after the baseline date.")
    if errors:
        raise ValidationError(errors)
    indicator.full_clean()
    indicator.save()
    if targets is not None:
        indicator.sdg_targets.set(targets)
    audit_record(actor=actor, action="studio.indicator.save", obj=indicator)
    return indicator


@transaction.atomic
def measurement_add(
    *,
    actor: User,
    indicator: Indicator,
    value: Decimal,
    measured_on: dt.date,
    source: str = "",
    evidence: str = "",
) -> Measurement:
    """Record a value of the indicator on a day that has come, with its source and a link to
    the evidence (the team, the lead broker, coordinators; mentors read)."""
    _require(policies.can_edit(actor, indicator.project))
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("A measurement cannot be dated in the future.")})
    if indicator.baseline_on and measured_on < indicator.baseline_on:
        raise ValidationError(
            {"measured_on": _("A measurement cannot come before the baseline date.")}
        )
    row = Measurement(
        indicator=indicator,
        value=value,
        measured_on=measured_on,
        source=(source or "").strip(),
        evidence=(evidence or "").strip(),
        recorded_by=actor,
    )
    row.full_clean()
    row.save()
    audit_record(actor=actor, action="studio.measurement.add", obj=indicator, value=str(value))
    return row


@transaction.atomic
def measurement_delete(*, actor: User, measurement: Measurement) -> None:
    """Take back a measurement recorded by mistake (audited with its value)."""
    indicator = measurement.indicator
    _require(policies.can_edit(actor, indicator.project))
    audit_record(
        actor=actor,
        action="studio.measurement.delete",
        obj=indicator,
        value=str(measurement.value),
        measured_on=str(measurement.measured_on),
    )
    measurement.delete()
