"""The completion rule, as a pure function and over real attendance records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sib.academy.completion import CompletionStatus, Rule, evaluate

PILOT_RULE = Rule(
    min_total_minutes=80 * 60,
    min_minutes_by_format={"lecture": 0, "workshop": 0, "mentoring": 24 * 60},
    final_project_required=True,
    pass_mark_percent=Decimal(60),
)


def minutes(lecture: float = 0, workshop: float = 0, mentoring: float = 0) -> dict[str, int]:
    return {
        "lecture": round(lecture * 60),
        "workshop": round(workshop * 60),
        "mentoring": round(mentoring * 60),
    }


def status(**kwargs: object) -> CompletionStatus:
    defaults: dict[str, object] = {
        "score": Decimal(75),
        "withdrawn": False,
        "edition_finished": True,
    }
    defaults.update(kwargs)
    return evaluate(PILOT_RULE, **defaults).status  # type: ignore[arg-type]


def test_exactly_80_hours_with_24_mentoring_is_eligible() -> None:
    assert status(minutes_by_format=minutes(26, 30, 24)) == CompletionStatus.ELIGIBLE


def test_one_minute_short_of_80_hours_is_partial() -> None:
    by_format = minutes(26, 30, 24)
    by_format["workshop"] -= 1
    assert status(minutes_by_format=by_format) == CompletionStatus.PARTIAL


def test_23_9_mentoring_hours_do_not_meet_24() -> None:
    by_format = minutes(30, 40, 0)
    by_format["mentoring"] = 1434  # 23.9 h
    evaluation = evaluate(
        PILOT_RULE,
        minutes_by_format=by_format,
        score=Decimal(90),
        withdrawn=False,
        edition_finished=True,
    )
    assert evaluation.status == CompletionStatus.PARTIAL
    assert [(s.kind, s.minutes) for s in evaluation.shortfalls] == [("mentoring", 6)]


def test_withdrawn_after_90_hours_stays_withdrawn() -> None:
    assert (
        status(minutes_by_format=minutes(30, 40, 20), withdrawn=True) == CompletionStatus.WITHDRAWN
    )
    assert (
        status(minutes_by_format=minutes(30, 40, 30), withdrawn=True) == CompletionStatus.WITHDRAWN
    )


def test_hours_met_but_project_below_pass_mark_is_completed() -> None:
    assert (
        status(minutes_by_format=minutes(30, 40, 30), score=Decimal("59.99"))
        == CompletionStatus.COMPLETED
    )
    assert (
        status(minutes_by_format=minutes(30, 40, 30), score=Decimal(60))
        == CompletionStatus.ELIGIBLE
    )


def test_project_not_assessed_is_not_passed() -> None:
    assert status(minutes_by_format=minutes(30, 40, 30), score=None) == CompletionStatus.COMPLETED


def test_running_edition_is_active_until_every_rule_is_met() -> None:
    assert status(minutes_by_format=minutes(10), edition_finished=False) == CompletionStatus.ACTIVE
    assert (
        status(minutes_by_format=minutes(30, 40, 30), score=None, edition_finished=False)
        == CompletionStatus.ACTIVE
    )
    assert (
        status(minutes_by_format=minutes(30, 40, 30), edition_finished=False)
        == CompletionStatus.ELIGIBLE
    )


@pytest.mark.parametrize(
    ("attended", "remaining", "reachable"),
    [
        (minutes(20, 20, 0), minutes(10, 20, 30), True),  # 100 h possible, 30 h mentoring left
        (minutes(20, 20, 0), minutes(10, 20, 23.9), False),  # mentoring can no longer reach 24 h
        (minutes(10, 10, 10), minutes(10, 10, 20), False),  # 70 h at most
    ],
)
def test_reachability_counts_what_is_still_scheduled(attended, remaining, reachable) -> None:  # noqa: ANN001
    evaluation = evaluate(
        PILOT_RULE,
        minutes_by_format=attended,
        score=None,
        withdrawn=False,
        edition_finished=False,
        remaining_by_format=remaining,
    )
    assert evaluation.reachable is reachable


def test_no_project_rule_means_hours_decide() -> None:
    rule = Rule(
        min_total_minutes=60,
        min_minutes_by_format={},
        final_project_required=False,
        pass_mark_percent=Decimal(60),
    )
    assert (
        evaluate(
            rule, minutes_by_format=minutes(1), score=None, withdrawn=False, edition_finished=True
        ).status
        == CompletionStatus.ELIGIBLE
    )
