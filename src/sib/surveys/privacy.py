"""The surveys' part of a person's data: invitations, responses and their answers."""

from __future__ import annotations

from typing import Any

from sib.academy.models import Enrolment
from sib.accounts.models import User
from sib.core.privacy import PersonalData, rows
from sib.surveys.models import AgeGroup, Answer, Instrument, Invitation, Response, age_group_of

# The birth year an erased person keeps: the middle of their age group (surveys define them).
AGE_GROUP_MIDDLE = {
    AgeGroup.UNDER_25: 20,
    AgeGroup.FROM_25: 30,
    AgeGroup.FROM_35: 40,
    AgeGroup.FROM_45: 50,
    AgeGroup.FROM_55: 60,
}


def export(*, person: User) -> dict[str, Any]:
    responses = Response.objects.filter(respondent=person).select_related("instrument")
    answers = Answer.objects.filter(response__respondent=person).select_related("item")
    return {
        "invitations": rows(Invitation.objects.filter(user=person), exclude={"user"}),
        "responses": rows(responses, exclude={"respondent", "respondent_key"}),
        "answers": [
            {
                "response": a.response_id,
                "item": a.item.code if hasattr(a.item, "code") else a.item_id,
                "number": a.number,
                "choices": a.choices,
                "text": a.text,
            }
            for a in answers
        ],
        "surveys_created": list(
            Instrument.objects.filter(created_by=person).values_list("id", flat=True)
        ),
    }


def coarse_birth_year(person: User) -> int | None:
    """A birth year in the middle of the person's age group in the year of their latest edition,
    so age-group statistics of their editions stay as they were without the exact year."""
    if not person.birth_year:
        return None
    latest = (
        Enrolment.objects.filter(user=person)
        .order_by("-edition__starts_on")
        .values_list("edition__starts_on", flat=True)
        .first()
    )
    if latest is None:
        return None
    group = age_group_of(person.birth_year, latest.year)
    return latest.year - AGE_GROUP_MIDDLE[AgeGroup(group)]


def erase(*, person: User) -> None:
    """Responses are unlinked from the person and lose free-text answers; their segment
    snapshot (gender, age group, region, sector) and the numbers stay, so results and response
    rates do not change. Invitations stay (response rates)."""
    Answer.objects.filter(response__respondent=person).exclude(text="").update(text="")
    Response.objects.filter(respondent=person).update(respondent=None)
    person.birth_year = coarse_birth_year(person)
    person.save(update_fields=["birth_year"])


PERSONAL_DATA = PersonalData(
    app="surveys",
    covers=("surveys.invitation", "surveys.response", "surveys.answer", "surveys.instrument"),
    export=export,
    erase=erase,
)
