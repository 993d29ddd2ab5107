"""Services for a project's team page: who is on the team, their roles, adding and removing
people. The group's participants come from the edition (they are changed there); the people
added here are `ProjectMember` rows. Only the person themselves changes their name consent
(`services.name_consent`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sib.accounts.models import User
from sib.core.audit import audit_record
from sib.studio import policies, services
from sib.studio.models import Project, ProjectMember


@dataclass
class TeamRow:
    user: Any
    role: str
    name_public: bool
    from_group: bool
    is_lead: bool

    @property
    def removable(self) -> bool:
        """Group participants leave through the edition; the lead broker through the project."""
        return not self.from_group and not self.is_lead


def team_rows(project: Project) -> list[TeamRow]:
    """Everyone on the team with their role and consent (three queries however large)."""
    members = {m.user_id: m for m in project.members.select_related("user")}
    rows: dict[int, TeamRow] = {}
    if project.team:
        for enrolment in project.team.enrolments.filter(withdrawn_on__isnull=True).select_related(
            "user"
        ):
            member = members.get(enrolment.user_id)
            rows[enrolment.user_id] = TeamRow(
                enrolment.user,
                member.role if member else "",
                bool(member and member.name_public),
                from_group=True,
                is_lead=enrolment.user_id == project.lead_broker_id,
            )
    for user_id, member in members.items():
        rows.setdefault(
            user_id,
            TeamRow(
                member.user,
                member.role,
                member.name_public,
                from_group=False,
                is_lead=user_id == project.lead_broker_id,
            ),
        )
    if project.lead_broker_id and project.lead_broker_id not in rows:
        rows[project.lead_broker_id] = TeamRow(
            project.lead_broker, "", False, from_group=False, is_lead=True
        )
    return list(rows.values())


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def member_invite(*, actor: Any, project: Project, email: str, role: str = "") -> ProjectMember:
    """Add a person with an account to the team by their e-mail address."""
    _require(policies.can_edit(actor, project))
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(
            {"email": _("No one has an account with this address; ask them to sign up first.")}
        )
    if policies.is_member(user, project):
        raise ValidationError({"email": _("This person is already on the team.")})
    with transaction.atomic():
        member = services.member_add(actor=actor, project=project, user=user)
        member.role = role.strip()
        member.save(update_fields=["role"])
    return member


@transaction.atomic
def member_role(*, actor: Any, project: Project, user: Any, role: str) -> ProjectMember:
    """Set a team member's role (a group participant gets a row on demand)."""
    _require(policies.can_edit(actor, project))
    if not policies.is_member(user, project):
        raise ValidationError(_("This person is not on the team."))
    member, _created = ProjectMember.objects.get_or_create(project=project, user=user)
    member.role = role.strip()
    member.save(update_fields=["role"])
    audit_record(actor=actor, action="studio.member.role", obj=project, user=user.pk)
    return member


@transaction.atomic
def member_remove(*, actor: Any, project: Project, user: Any) -> None:
    """Take an added person off the team; their name leaves the public page with them."""
    _require(policies.can_edit(actor, project))
    row = next((r for r in team_rows(project) if r.user.pk == user.pk), None)
    if row is None:
        raise ValidationError(_("This person is not on the team."))
    if row.from_group:
        raise ValidationError(
            _("Participants of the edition's group leave the team through the edition.")
        )
    if row.is_lead:
        raise ValidationError(_("The lead broker cannot be removed from the team."))
    ProjectMember.objects.filter(project=project, user=user).delete()
    project.save(update_fields=["updated_at"])  # the public page's kept copies change with it
    audit_record(actor=actor, action="studio.member.remove", obj=project, user=user.pk)
