"""The pilot's 10 innovation projects (DEMO-DATA.md): one per project team of the pilot edition,
each answering the challenge the team took, with stage histories, five filled canvases, mentoring
notes and actions on the team's existing mentoring sessions, and 6 published to the showcase.

Runs after the brokerage's loader; reads the academy's sessions and attendance without changing
them, so the pilot's figures stay as they are."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import OutputWrapper

from sib.academy.models import Edition, Enrolment, Format, Group, Session
from sib.accounts.demo import demo_email
from sib.accounts.models import User
from sib.brokerage.models import Challenge, IntroductionStatus
from sib.studio import demo_impact, services
from sib.studio.models import CanvasTemplate, Project, ProjectMember

ENGLISH = {
    "Zdrowe Talerze": "Healthy Plates",
    "Czyste Powietrze": "Clean Air",
    "Bus dla Seniora": "A Bus for Seniors",
    "Razem w Szkole": "Together at School",
    "Głowa do Góry": "Chin Up",
    "Nowy Start": "A New Start",
    "Cyfrowe Mamy": "Digital Mums",
    "Samodzielni": "On Our Own",
    "e-Urząd dla Seniora": "e-Office for Seniors",
    "Zatrzymaj Wodę": "Hold the Water",
}
# Final Open Book stage of each project, in team order; the first six chosen are published.
FINAL_STAGES = [4, 3, 4, 3, 3, 2, 4, 3, 3, 4]
PUBLISHED = {0, 1, 2, 4, 6, 9}
STAGE_DATES = {
    2: (dt.date(2024, 1, 18), "Pomysły wybrane po warsztacie projektowym."),
    3: (dt.date(2024, 3, 14), "Pierwszy prototyp gotowy do testów."),
    4: (dt.date(2024, 6, 13), "Pilotaż zakończony; partner przejmuje działanie."),
}


def _canvases(project: Project, challenge: Challenge | None, author: User) -> None:
    title = challenge.title_pl if challenge else project.title_pl
    place = challenge.gmina or challenge.powiat if challenge else ""
    contents: dict[str, dict[str, Any]] = {
        "challenge-card": {
            "challenge": title,
            "affected": (challenge.affected_pl if challenge else "") or "Mieszkańcy i mieszkanki.",
            "where": f"{place} ({project.get_voivodeship_display()})",
            "evidence": ["Rozmowy z mieszkańcami", "Dane gminy", "Ankieta partnera"],
            "causes": ["Brak koordynacji usług", "Mała wiedza o dostępnej pomocy"],
            "existing": ["Pojedyncze działania organizacji pozarządowych"],
            "stakeholders": ["Gmina", "Organizacje pozarządowe", "Mieszkańcy"],
            "hmw": [f"Jak moglibyśmy razem z mieszkańcami odpowiedzieć na wyzwanie: {title}?"],
        },
        "persona": {
            "name": "Halina, 68",
            "description": "Mieszka sama, dzieci wyjechały do większego miasta.",
            "attributes": ["emerytka", "mieszka na wsi", "smartfon od wnuka"],
            "needs": ["czuć się bezpiecznie", "załatwiać sprawy samodzielnie"],
            "motivations": ["kontakt z ludźmi", "niezależność"],
            "pains": ["brak dojazdu", "skomplikowane formularze"],
            "behaviours": ["chodzi do parafii", "słucha lokalnego radia"],
            "opportunities": ["koło gospodyń wiejskich", "biblioteka gminna"],
        },
        "journey-map": {
            "persona": "Halina, 68",
            "scenario": "Chce załatwić sprawę, która dotyczy wyzwania.",
            "journey": {
                "columns": ["Dowiaduje się", "Próbuje", "Rezygnuje lub dostaje pomoc"],
                "cells": {
                    "actions": ["Słyszy w radiu", "Dzwoni do urzędu", "Prosi sąsiadkę"],
                    "touchpoints": ["Radio", "Telefon", "Sąsiedztwo"],
                    "thoughts": ["To nie dla mnie?", "Nikt nie odbiera", "Wstyd prosić"],
                    "emotions": ["3", "2", "2"],
                    "pains": ["", "Długie czekanie", "Zależność od innych"],
                    "opportunities": ["Jasna informacja", "Jeden numer", "Wolontariusz"],
                },
            },
        },
        "stakeholder-map": {
            "stakeholders": {
                "columns": ["Gmina", "Organizacja seniorów", "Grantodawca"],
                "cells": {
                    "name": ["Urząd gminy", "Klub seniora", "Fundusz lokalny"],
                    "type": ["public", "civil society", "funder"],
                    "level": ["local", "local", "regional"],
                    "power": ["5", "2", "4"],
                    "interest": ["3", "5", "3"],
                    "relationship": ["partner", "współtwórca", "potencjalny"],
                    "strategy": ["keep satisfied", "manage closely", "keep informed"],
                    "owner": ["lider zespołu", "mentor", "broker"],
                },
            }
        },
        "theory-of-change": {
            "nodes": {
                "columns": ["1", "2", "3", "4"],
                "cells": {
                    "label": [
                        "Wolontariusze i partnerzy",
                        "Spotkania i wsparcie",
                        "Mieszkańcy korzystają z usługi",
                        "Mniej wykluczenia",
                    ],
                    "kind": ["input", "activity", "outcome", "impact"],
                    "horizon": ["2024", "2024", "2025", "2027"],
                },
            },
            "links": {
                "columns": ["a", "b", "c"],
                "cells": {
                    "from": ["1", "2", "3"],
                    "to": ["2", "3", "4"],
                    "assumption": [
                        "Partnerzy dotrzymają zobowiązań",
                        "Mieszkańcy zaufają usłudze",
                        "Gmina utrzyma finansowanie",
                    ],
                },
            },
        },
    }
    for key, content in contents.items():
        template = CanvasTemplate.objects.get(key=key, version=1)
        canvas = services.canvas_create(actor=author, project=project, template=template)
        services.canvas_save(actor=author, canvas=canvas, content=content, based_on=canvas.version)


def load(*, stdout: OutputWrapper) -> None:
    if not Project.objects.filter(title_pl="Zdrowe Talerze").exists():
        _load_projects(stdout=stdout)
    demo_impact.load(stdout=stdout)


def _load_projects(*, stdout: OutputWrapper) -> None:
    edition = Edition.objects.filter(code="pilot-2023-24").first()
    coordinator = User.objects.filter(email=demo_email("coordinator")).first()
    if edition is None or coordinator is None:
        return
    teams = list(Group.objects.filter(edition=edition).order_by("name"))
    challenges = list(
        Challenge.objects.exclude(status__in=["draft", "submitted", "open"]).order_by("pk")
    )
    for index, team in enumerate(teams[:10]):
        name = team.name.split(" ", 1)[1] if team.name[:2].isdigit() else team.name
        challenge = challenges[index] if index < len(challenges) else None
        introduction = (
            challenge.introductions.filter(status=IntroductionStatus.ACCEPTED)
            .select_related("broker__user")
            .first()
            if challenge
            else None
        )
        project = services.project_create(
            actor=coordinator,
            data={
                "title_pl": name,
                "title_en": ENGLISH.get(name, name),
                "summary_pl": f"Zespół „{name}” odpowiada na wyzwanie: {challenge.title_pl}."
                if challenge
                else "",
                "summary_en": f"The {ENGLISH.get(name, name)} team answers the challenge: "
                f"{challenge.title_en}."
                if challenge
                else "",
                "voivodeship": challenge.voivodeship if challenge else "malopolskie",
            },
            team=team,
            lead_broker=introduction.broker.user if introduction else None,
            challenge=challenge,
            themes=challenge.themes.all() if challenge else None,
            sdgs=challenge.sdgs.all() if challenge else None,
            started_on=dt.date(2023, 12, 7),
        )
        for stage in range(2, FINAL_STAGES[index] + 1):
            day, reason = STAGE_DATES[stage]
            services.project_set_stage(
                actor=coordinator, project=project, stage=stage, reason=reason, on=day
            )
        members = list(
            Enrolment.objects.filter(group=team, withdrawn_on__isnull=True)
            .select_related("user")
            .order_by("pk")
        )
        author = members[0].user if members else coordinator
        _canvases(project, challenge, author)
        # Two of each team agree to show their names publicly.
        for enrolment in members[:2]:
            ProjectMember.objects.get_or_create(
                project=project, user=enrolment.user, defaults={"name_public": True}
            )
        sessions = list(
            Session.objects.filter(group=team, format=Format.MENTORING).order_by("starts_at")
        )
        for number, session in enumerate(sessions[:3], start=1):
            note = services.mentoring_note_save(
                actor=coordinator,
                project=project,
                session=session,
                notes=f"Spotkanie {number}: omówienie kanw i kolejnych kroków.",
                next_meeting=sessions[number].starts_at if number < len(sessions) else None,
            )
            action = services.action_add(
                actor=coordinator,
                project=project,
                note=note,
                text=["Przeprowadzić 3 wywiady", "Narysować mapę podróży", "Przygotować prototyp"][
                    number - 1
                ],
                owner=author if members else None,
                due_on=(session.starts_at + dt.timedelta(days=14)).date(),
            )
            if number < 3 or index % 3:
                services.action_done(actor=coordinator, action=action)
        if index in PUBLISHED:
            services.project_publish(actor=coordinator, project=project, published=True)
            Project.objects.filter(pk=project.pk).update(
                published_at=dt.datetime(2024, 6, 20, 12, 0, tzinfo=dt.UTC)
            )
    stdout.write(f"Studio: {min(len(teams), 10)} projects of the pilot's teams")
