"""`sib seed --scale S|M|L`: the synthetic data sets have the sizes ARCHITECTURE.md gives."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from sib.academy.models import Application, Attendance, Edition, Enrolment, Session
from sib.academy.seed import split_sessions
from sib.core.scales import SCALES
from sib.events.models import Event, Registration
from sib.surveys.models import Answer


@pytest.mark.parametrize("name", ["S", "M", "L"])
def test_the_session_split_gives_the_scales_attendance_rows(name):
    scale = SCALES[name]
    per_edition = scale.participants_per_edition
    wide, team = split_sessions(
        scale.sessions // scale.editions, scale.attendance_rows // scale.editions, per_edition
    )
    assert wide + team == scale.sessions // scale.editions
    rows = scale.editions * (wide * per_edition + team * 8)
    assert abs(rows - scale.attendance_rows) / scale.attendance_rows < 0.05


@pytest.mark.django_db
def test_scale_s_is_the_pilots_shape():
    out = io.StringIO()
    call_command("seed", scale="S", stdout=out)
    scale = SCALES["S"]
    assert Edition.objects.count() == scale.editions
    assert Enrolment.objects.count() == scale.participants_per_edition
    assert Session.objects.count() == scale.sessions
    rows = Attendance.objects.count()
    assert abs(rows - scale.attendance_rows) / scale.attendance_rows < 0.05
    assert Application.objects.count() == 97  # 1.35 applicants per place, as in the pilot
    assert Application.objects.filter(enrolment__isnull=False).count() == 72
    assert Event.objects.count() == scale.events
    assert Registration.objects.count() == scale.events * scale.registrations_per_event
    answers = Answer.objects.count()
    assert abs(answers - scale.survey_answers) / scale.survey_answers < 0.1
    assert "academy: 1 editions" in out.getvalue()
