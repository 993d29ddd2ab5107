"""The knowledge base's part of a person's data: what they wrote or uploaded as staff."""

from __future__ import annotations

from typing import Any

from sib.accounts.models import User
from sib.core.privacy import PersonalData
from sib.knowledge.models import ChapterRevision, Material


def export(*, person: User) -> dict[str, Any]:
    return {
        "chapter_revisions_written": list(
            ChapterRevision.objects.filter(author=person).values(
                "id", "chapter_id", "document_version", "note", "created_at"
            )
        ),
        "materials_added": list(
            Material.objects.filter(added_by=person).values("id", "title", "created_at")
        ),
    }


def erase(*, person: User) -> None:
    """Manuals and materials are the organisation's work: they stay, credited to the anonymised
    account (which shows no name)."""


PERSONAL_DATA = PersonalData(
    app="knowledge",
    covers=("knowledge.chapterrevision", "knowledge.material"),
    export=export,
    erase=erase,
)
